import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import type { RunInfo } from '../../../main/ipc/api/contract'
import { ChangeLines } from '../../components/change-list'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { ActionBadge } from '../../components/status-badge'
import { SummaryTable } from '../../components/summary-table'
import { useApi } from '../../lib/api-context'
import { stackedList } from '../../lib/list-styles'
import { writeCounts } from './plan-numbers'
import { RunProgress } from './run-progress'
import { runMutationKey } from './running-run'
import { RunError, RunResultView } from './run-result'

/** Inverse operations listed in the dialog; the summary counts them all. */
const SHOWN = 100

const useStyles = makeStyles({
  surface: { maxWidth: 'min(56rem, 94vw)', width: '56rem' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: stackedList(tokens.spacingVerticalS),
  item: {
    display: 'grid',
    gridTemplateColumns: '6.5rem minmax(10rem, 1fr) minmax(12rem, 2fr)',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  who: { overflowWrap: 'anywhere' },
  reason: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
})

/**
 * Whether a run changed anything that can be undone (a dry run wrote nothing; a running one is
 * not done). A cancelled run counts the writes it made before the stop: those can be undone.
 */
export function undoable(run: RunInfo): boolean {
  if (run.mode === 'dry-run' || run.status === 'running') return false
  const users = run.summary?.users
  // A run known to have written nothing (blocked before any write, all unchanged) has nothing to undo.
  return (
    users === undefined ||
    users.create + users.update + users.disable + users.enable + users.delete + users.link > 0
  )
}

/** "Undo" on a run's row: the inverse as a dry run first, applied only on confirmation. */
export function UndoRunButton(props: { readonly run: RunInfo }) {
  const styles = useStyles()
  const { api } = useApi()
  const { run } = props
  const [open, setOpen] = useState(false)
  const preview = useMutation({ mutationFn: () => api.previewUndo({ runId: run.id }) })
  const apply = useMutation({
    mutationKey: runMutationKey(run.jobId),
    mutationFn: () => api.applyUndo({ runId: run.id }),
  })
  const inverse = preview.data
  const writes = inverse === undefined ? 'no changes' : writeCounts(inverse.summary)
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <Button
        size="small"
        aria-label={`Undo run ${run.id}`}
        onClick={() => {
          // Each opening works the inverse out afresh: later runs may have changed what can be undone.
          apply.reset()
          preview.mutate()
          setOpen(true)
        }}
      >
        Undo…
      </Button>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Undo run {run.id}</DialogTitle>
          <DialogContent className={styles.body}>
            {preview.isPending && <Loading label="Working out the inverse (a dry run)…" />}
            {preview.isError && <ErrorBanner error={preview.error} title="This run cannot be undone" />}
            {inverse !== undefined && apply.data === undefined && (
              <>
                <Text as="p">
                  Dry run of the undo: nothing has been written. Applying it would do{' '}
                  <strong>{writes}</strong>.
                </Text>
                {inverse.notices.map(notice => (
                  <MessageBar key={notice} intent="info">
                    <MessageBarBody>{notice}</MessageBarBody>
                  </MessageBar>
                ))}
                <SummaryTable summary={inverse.summary} caption="What the undo would do" />
                <ul className={styles.list} aria-label="Inverse operations">
                  {inverse.operations.slice(0, SHOWN).map((operation, index) => (
                    <li key={`${index}:${operation.targetId ?? operation.display}`} className={styles.item}>
                      <span>
                        <ActionBadge action={operation.action} />
                      </span>
                      <span className={styles.who}>
                        {operation.display}
                        {operation.reason !== null && (
                          <span className={styles.reason}> — {operation.reason}</span>
                        )}
                      </span>
                      <ChangeLines changes={operation.changes} limit={3} />
                    </li>
                  ))}
                </ul>
                {inverse.operations.length > SHOWN && (
                  <Text>
                    Showing {SHOWN} of {inverse.operations.length}; the summary counts them all.
                  </Text>
                )}
              </>
            )}
            {apply.isPending && <RunProgress jobId={run.jobId} label={`Undoing: ${writes}`} />}
            {apply.isError && <RunError error={apply.error} title="The undo failed" />}
            {apply.data !== undefined && (
              <RunResultView result={apply.data} title="Run undone" cancelledTitle="Undo cancelled" />
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => setOpen(false)}>
              {apply.data === undefined ? 'Cancel' : 'Close'}
            </Button>
            {apply.data === undefined && (
              <Button
                appearance="primary"
                disabled={inverse === undefined || writes === 'no changes' || apply.isPending}
                onClick={() => apply.mutate()}
              >
                {`Apply the undo: ${writes}`}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}

import { Button, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { MatchDecisionInput, WorkbenchRow, WorkbenchTab } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { ErrorBanner } from '../../components/error-banner'
import { FactsList } from '../../components/facts-list'
import { ActionBadge } from '../../components/status-badge'
import { useApi } from '../../lib/api-context'
import { stackedList } from '../../lib/list-styles'
import { AccountCell, DecisionBadge } from './matching-table'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  section: { margin: 0 },
  candidates: stackedList(tokens.spacingVerticalS),
  candidate: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  note: { color: tokens.colorNeutralForeground3, margin: 0 },
})

/** Refreshes every workbench page of the job after a decision (the tabs move rows around). */
function useDecision(jobId: string, onDone: (description: string) => void) {
  const { api } = useApi()
  const client = useQueryClient()
  const refresh = () =>
    client.invalidateQueries({
      predicate: query =>
        query.queryKey[0] === 'getMatchingWorkbench' &&
        (query.queryKey[1] as { jobId?: string } | undefined)?.jobId === jobId,
    })
  const done = async (result: { readonly description: string }) => {
    onDone(result.description)
    await refresh()
  }
  const decide = useMutation({
    mutationFn: (input: MatchDecisionInput) => api.decideMatch(input),
    onSuccess: done,
  })
  const undo = useMutation({
    mutationFn: (sourceId: string) => api.undoMatchDecision({ jobId, sourceId }),
    onSuccess: done,
  })
  return { decide, undo }
}

/** One person's (or account's) standing, and the admin's choices for it. */
export function MatchDetail(props: {
  readonly jobId: string
  readonly tab: WorkbenchTab
  readonly row: WorkbenchRow
  /** Told what a decision changed (the row then moves to another tab). */
  readonly onDecided: (description: string) => void
}) {
  const styles = useStyles()
  const { row, jobId, tab } = props
  const { decide, undo } = useDecision(jobId, props.onDecided)
  const busy = decide.isPending || undo.isPending
  const sourceId = row.sourceId
  return (
    <div className={styles.root}>
      <FactsList
        facts={[
          ['Source id', row.sourceId],
          ['Next run', row.action === null ? null : <ActionBadge key="a" action={row.action} />],
          ['Account', row.account === null ? null : <AccountCell key="acc" account={row.account} />],
          ['Account id', row.account?.id ?? null],
          ['Matched on', row.matchedOn],
          ['Reason', row.reason],
          ['Linked by job', row.otherJob],
          ['Your decision', row.decision === null ? null : <DecisionBadge key="d" row={row} />],
        ]}
      />
      {row.warnings.map(warning => (
        <MessageBar key={warning} intent="warning">
          <MessageBarBody>{warning}</MessageBarBody>
        </MessageBar>
      ))}
      {row.changes.length > 0 && (
        <>
          <Text as="h3" size={400} weight="semibold" className={styles.section}>
            {tab === 'create' ? 'Values of the new account' : 'What the next run sends'}
          </Text>
          <ChangeTable changes={row.changes} caption="Attribute differences, current and new values" />
        </>
      )}
      {sourceId !== null && tab === 'ambiguous' && (
        <>
          <Text as="h3" size={400} weight="semibold" className={styles.section}>
            Choose the account
          </Text>
          <ul className={styles.candidates} aria-label="Candidate accounts">
            {row.candidates.map(candidate => (
              <li key={candidate.id} className={styles.candidate}>
                <AccountCell account={candidate} />
                <Button
                  size="small"
                  disabled={busy}
                  aria-label={`Link to ${candidate.userName ?? candidate.id}`}
                  onClick={() => decide.mutate({ jobId, sourceId, decision: 'link', targetId: candidate.id })}
                >
                  Link to this account
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {sourceId !== null && row.decision === null && tab !== 'matched' && tab !== 'not-provisioned' && (
        <div className={styles.buttons}>
          {tab === 'ambiguous' && (
            <Button disabled={busy} onClick={() => decide.mutate({ jobId, sourceId, decision: 'create' })}>
              Create a new account
            </Button>
          )}
          <Button disabled={busy} onClick={() => decide.mutate({ jobId, sourceId, decision: 'skip' })}>
            Skip this person
          </Button>
        </div>
      )}
      {sourceId !== null && row.decision !== null && (
        <div className={styles.buttons}>
          <Button disabled={busy} onClick={() => undo.mutate(sourceId)}>
            Undo decision
          </Button>
        </div>
      )}
      {sourceId !== null && (
        <Text as="p" className={styles.note}>
          Decisions are stored for this job and followed by every run, here and on the command line (
          <code>provisioner links</code>). Nothing is sent to the app until a run.
        </Text>
      )}
      {decide.isError && <ErrorBanner error={decide.error} title="The decision was not stored" />}
      {undo.isError && <ErrorBanner error={undo.error} title="The decision was not undone" />}
    </div>
  )
}

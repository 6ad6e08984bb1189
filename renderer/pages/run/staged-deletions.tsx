import { makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { createColumnHelper } from '@tanstack/react-table'
import type { JobInfo, StagedItem } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { ErrorBanner } from '../../components/error-banner'
import { PageSection } from '../../components/page-header'
import { ActionBadge } from '../../components/status-badge'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/queries'
import { ConfirmButton } from './confirm-button'
import { RunProgress } from './run-progress'
import { runMutationKey } from './running-run'
import { RunError, RunResultView } from './run-result'

const useStyles = makeStyles({
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
})

const column = createColumnHelper<StagedItem>()
const COLUMNS = [
  column.display({
    id: 'action',
    header: 'Would',
    meta: { width: '6.5rem' },
    cell: ({ row }) => <ActionBadge action={row.original.action} />,
  }),
  column.display({
    id: 'who',
    header: 'Who',
    meta: { width: 'minmax(12rem, 1.4fr)' },
    cell: ({ row }) => <CellText>{row.original.display ?? row.original.targetId}</CellText>,
  }),
  column.display({
    id: 'type',
    header: 'Type',
    meta: { width: '5rem' },
    cell: ({ row }) => row.original.objectType,
  }),
  column.display({
    id: 'reason',
    header: 'Why',
    meta: { width: 'minmax(10rem, 1.2fr)' },
    cell: ({ row }) => <CellText>{row.original.reason}</CellText>,
  }),
  column.display({
    id: 'target',
    header: 'Account id',
    meta: { width: 'minmax(8rem, 1fr)' },
    cell: ({ row }) => (
      <CellText mono secondary>
        {row.original.targetId}
      </CellText>
    ),
  }),
]

/** Disables/deletes the deletion threshold held back, with Approve and Reject. Nothing when none wait. */
export function StagedDeletionsSection(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const jobId = props.job.id
  const staged = useApiQuery('getStagedDeletions', { jobId })
  const refresh = () => client.invalidateQueries({ queryKey: ['getStagedDeletions', { jobId }] })
  const approve = useMutation({
    mutationKey: runMutationKey(jobId),
    mutationFn: (runId: string) => api.approveStagedDeletions({ jobId, runId }),
    onSuccess: refresh,
  })
  const reject = useMutation({
    mutationFn: (runId: string) => api.rejectStagedDeletions({ jobId, runId }),
    onSuccess: refresh,
  })
  const waiting = staged.data ?? null
  const settled = approve.data !== undefined || reject.data !== undefined || approve.isPending
  if (waiting === null && !settled && !staged.isError) return null
  const count = waiting?.items.length ?? 0
  return (
    <PageSection id="staged" title="Staged deletions">
      {staged.isError && <ErrorBanner error={staged.error} />}
      {waiting !== null && (
        <>
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              Run <code>{waiting.runId}</code> stopped before {count} disable/delete(s):{' '}
              {waiting.reason ?? 'deletion threshold'}. Nothing below has been changed in the app.
            </MessageBarBody>
          </MessageBar>
          <DataTable
            label="Staged deletions"
            columns={COLUMNS}
            rows={waiting.items}
            getRowId={item => item.changeId}
            estimateRowHeight={44}
            maxHeight="min(40vh, 24rem)"
            dropToFit={['target', 'reason', 'type']}
          />
          <div className={styles.buttons}>
            <ConfirmButton
              label={`Approve ${count}`}
              title={`Approve ${count} disable/delete(s)?`}
              confirmLabel={`Approve and apply ${count}`}
              disabled={approve.isPending || reject.isPending}
              onConfirm={() => approve.mutate(waiting.runId)}
            >
              <Text as="p">
                Exactly the {count} disable/delete(s) listed are sent to {props.job.target ?? 'the app'} now
                (as <code>provisioner apply --allow-deletes {waiting.runId}</code>). Anything that changed
                since is refused.
              </Text>
            </ConfirmButton>
            <ConfirmButton
              appearance="secondary"
              label="Reject"
              title={`Reject ${count} disable/delete(s)?`}
              confirmLabel="Reject"
              disabled={approve.isPending || reject.isPending}
              onConfirm={() => reject.mutate(waiting.runId)}
            >
              <Text as="p">
                Nothing is sent. The next run stages them again if the people are still gone from the source:
                fix the source, or raise the deletion threshold in the job, first.
              </Text>
            </ConfirmButton>
          </div>
        </>
      )}
      {approve.isPending && (
        <RunProgress jobId={props.job.id} label="Applying the approved disables/deletes" />
      )}
      <div role="status">
        {reject.data !== undefined && (
          <MessageBar intent="info">
            <MessageBarBody>
              {reject.data.rejected} staged disable/delete(s) rejected; nothing was sent.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {approve.isError && <RunError error={approve.error} title="Approval failed" />}
      {reject.isError && <ErrorBanner error={reject.error} title="Rejection failed" />}
      {approve.data !== undefined && (
        <RunResultView
          result={approve.data}
          title="Approved deletions applied"
          cancelledTitle="Approval cancelled"
        />
      )}
    </PageSection>
  )
}

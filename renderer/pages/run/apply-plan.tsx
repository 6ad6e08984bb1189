import { makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import type { PlanPreview } from '../../../main/ipc/api/contract'
import { useApi } from '../../lib/api-context'
import { ConfirmButton } from './confirm-button'
import { writeCounts } from './plan-numbers'
import { RunProgress } from './run-progress'
import { RunError, RunResultView } from './run-result'
import { runMutationKey } from './running-run'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'flex-start' },
  full: { alignSelf: 'stretch' },
})

/**
 * "Apply this plan": applies exactly the reviewed dry run (the engine's saved-plan rules: a row
 * whose source or target changed since is refused and logged, never improvised), after a
 * confirmation that states the numbers.
 */
export function ApplyPlan(props: { readonly preview: PlanPreview; readonly target: string | null }) {
  const styles = useStyles()
  const { api } = useApi()
  const { preview } = props
  const apply = useMutation({
    mutationKey: runMutationKey(preview.jobId),
    mutationFn: () => api.applyPlan({ jobId: preview.jobId, runId: preview.runId }),
  })
  const users = preview.summary.users
  const writes = writeCounts(preview.summary)
  const done = apply.isPending || apply.isSuccess
  return (
    <div className={styles.root}>
      {/* Kept mounted once used: a modal dialog unmounted while it closes leaves the page hidden from screen readers. */}
      <ConfirmButton
        label="Apply this plan"
        title="Apply this plan?"
        confirmLabel={`Apply: ${writes}`}
        disabled={done || writes === 'no changes'}
        onConfirm={() => apply.mutate()}
      >
        <Text as="p">
          This writes to {props.target ?? 'the app'}: <strong>{writes}</strong>.
        </Text>
        <Text as="p">
          Exactly the reviewed dry run <code>{preview.runId}</code> is applied. Anything that changed in the
          source or the app since is refused and logged, not improvised.
          {notWritten(users.conflict, users.skipped)}
        </Text>
      </ConfirmButton>
      {apply.isPending && (
        <RunProgress jobId={preview.jobId} label={`Applying ${writes}`} className={styles.full} />
      )}
      {apply.isError && <RunError error={apply.error} title="The plan was not applied" />}
      {apply.data !== undefined && (
        <div className={styles.full}>
          <RunResultView
            result={apply.data}
            title={apply.data.status === 'blocked' ? 'Stopped at the deletion threshold' : 'Plan applied'}
            cancelledTitle="Apply cancelled"
          />
        </div>
      )}
    </div>
  )
}

/** " 2 conflict(s) and 1 skipped person are not written." — only the parts that are not zero. */
export function notWritten(conflicts: number, skipped: number): string {
  const parts = [
    ...(conflicts > 0 ? [`${conflicts} conflict${conflicts === 1 ? '' : 's'}`] : []),
    ...(skipped > 0 ? [`${skipped} skipped ${skipped === 1 ? 'person' : 'people'}`] : []),
  ]
  return parts.length === 0
    ? ''
    : ` ${parts.join(' and ')} ${conflicts + skipped === 1 ? 'is' : 'are'} not written.`
}

import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { EyeRegular } from '@fluentui/react-icons/svg/eye'
import { useMutation } from '@tanstack/react-query'
import type { JobInfo, PlanPreview } from '../../../main/ipc/api/contract'
import { PageSection } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { ApiCallError } from '../../lib/api-client'
import { USER_SUMMARY_LABELS } from '../../lib/format'
import { ApplyPlan } from '../run/apply-plan'
import { RunProgress } from '../run/run-progress'
import { RunError } from '../run/run-result'
import { PlanPreviewPanel } from './plan-preview-panel'

const useStyles = makeStyles({
  secondary: { color: tokens.colorNeutralForeground3, margin: 0 },
  status: { minHeight: tokens.lineHeightBase300 },
  code: { fontFamily: tokens.fontFamilyMonospace },
})

/** A cancelled dry run read, planned and wrote nothing: there is no plan to review or apply. */
const CANCELLED = { title: 'Dry run cancelled', text: 'nothing was changed.' }

/** "Dry run finished: 3 to create, 1 to update." — what a screen reader hears, not the whole table. */
export function previewAnnouncement(preview: PlanPreview): string {
  const counts = USER_SUMMARY_LABELS.filter(
    ([key]) => key !== 'unchanged' && preview.summary.users[key] > 0
  ).map(([key, label]) => `${preview.summary.users[key]} to ${label.toLowerCase()}`)
  const groups = preview.summary.groups
  const groupChanges = groups.create + groups.update + groups.delete
  if (groupChanges > 0) counts.push(`${groupChanges} group${groupChanges === 1 ? '' : 's'} to change`)
  return `Dry run finished: ${counts.length === 0 ? 'nothing to change' : counts.join(', ')}.`
}

/** Runs a dry run of the job on request and shows what a run would change. */
export function PreviewSection(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { api } = useApi()
  const { job } = props
  // A dry run is recorded as a run, so it is a mutation; the runs list refreshes on its event.
  const dryRun = useMutation({ mutationFn: () => api.planJob({ jobId: job.id }) })
  const noFile = job.configPath === null

  return (
    <PageSection
      id="preview"
      title="Preview"
      actions={
        <Button
          appearance="primary"
          icon={<EyeRegular />}
          onClick={() => dryRun.mutate()}
          disabled={dryRun.isPending || noFile}
          aria-describedby="preview-help"
        >
          {dryRun.isPending ? 'Running dry run…' : 'Preview (dry run)'}
        </Button>
      }
    >
      <Text as="p" id="preview-help" className={styles.secondary}>
        {noFile ? (
          <>
            This job has no job file on record, so it cannot be previewed. Run it once with{' '}
            <code className={styles.code}>provisioner plan --job FILE</code>.
          </>
        ) : (
          'Reads the source and the target and shows what a run would change. Nothing is written to the target.'
        )}
      </Text>
      {/* While it runs: its stage, numbers and Cancel (their own live parts, not inside the status below). */}
      {dryRun.isPending && (
        <RunProgress jobId={job.id} kind="dry-run" label="Dry run: reading and planning" />
      )}
      {/* Only this short status is live; the table below is read at the admin's pace. */}
      <div role="status" className={styles.status}>
        {dryRun.isSuccess && <span>{previewAnnouncement(dryRun.data)}</span>}
        {dryRun.isError && isCancel(dryRun.error) && (
          <RunError error={dryRun.error} title="Preview failed" cancelled={CANCELLED} />
        )}
      </div>
      {dryRun.isError && !isCancel(dryRun.error) && <RunError error={dryRun.error} title="Preview failed" />}
      {dryRun.isSuccess && <ApplyPlan key={dryRun.data.runId} preview={dryRun.data} target={job.target} />}
      {dryRun.isSuccess && <PlanPreviewPanel preview={dryRun.data} />}
    </PageSection>
  )
}

function isCancel(error: unknown): boolean {
  return error instanceof ApiCallError && error.shape.code === 'cancelled'
}

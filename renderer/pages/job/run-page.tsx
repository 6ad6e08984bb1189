import { makeStyles, tokens } from '@fluentui/react-components'
import { useParams } from 'react-router'
import type { JobInfo, RunInfo } from '../../../main/ipc/api/contract'
import { jobPath, logsPath, OVERVIEW_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { FactsList } from '../../components/facts-list'
import { Loading } from '../../components/loading'
import { PageHeader, PageSection } from '../../components/page-header'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { formatDuration, summaryText } from '../../lib/format'
import { useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { PlanPreviewPanel } from './plan-preview-panel'
import { RunProgress } from '../run/run-progress'
import { CANCELLED } from '../run/run-result'

/** A cancelled dry run stops before its plan is stored: its summary's zeros are no plan. */
const DRY_RUN_CANCELLED =
  'Stopped by a cancel before its plan was made. Nothing was changed; run a dry run again to review one.'

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
})

/** `#/jobs/:jobId/runs/:runId`; another run is another page. */
export function RunRoute() {
  const { jobId = '', runId = '' } = useParams()
  return <RunPage key={runId} jobId={jobId} runId={runId} />
}

/** One run: what it did; a dry run's whole plan, reopened from the store; an apply's log entries. */
export function RunPage(props: { readonly jobId: string; readonly runId: string }) {
  const jobs = useApiQuery('listJobs', undefined)
  const run = useApiQuery('getRun', { runId: props.runId })
  const job = jobs.data?.find(candidate => candidate.id === props.jobId)
  const title = run.data === undefined ? 'Run' : run.data.mode === 'dry-run' ? 'Dry run' : 'Run'
  useDocumentTitle(title, job?.name)
  if (run.isError) return <ErrorBanner error={run.error} title="This run cannot be shown" />
  if (jobs.isPending || run.isPending) return <Loading />
  if (job === undefined || run.data.jobId !== props.jobId) {
    return (
      <EmptyState
        role="alert"
        title={`Job "${props.jobId}" has no run "${props.runId}".`}
        action={<RouterLink to={OVERVIEW_PATH}>Go to the overview</RouterLink>}
      />
    )
  }
  return <RunDetails job={job} run={run.data} />
}

function RunDetails(props: { readonly job: JobInfo; readonly run: RunInfo }) {
  const styles = useStyles()
  const { job, run } = props
  const dryRun = run.mode === 'dry-run'
  return (
    <>
      <PageHeader
        title={`${dryRun ? 'Dry run' : 'Run'} of ${job.name}`}
        breadcrumb={
          <Breadcrumb
            items={[
              { label: 'Overview', to: OVERVIEW_PATH },
              { label: job.name, to: jobPath(job.id) },
              { label: run.id },
            ]}
          />
        }
      />
      <FactsList
        facts={[
          ['Status', <StatusBadge key="status" status={run.status} />],
          [
            'Progress',
            run.status === 'running' ? <RunProgress key="progress" jobId={job.id} run={run} /> : null,
          ],
          ['Started', <TimeText key="started" iso={run.startedAt} />],
          ['Duration', formatDuration(run.startedAt, run.finishedAt)],
          ['Mode', run.mode],
          ['Summary', summaryText(run.summary)],
          ['Failed operations', run.failed > 0 ? run.failed : null],
          ['Error', run.error],
          ['Cancelled', run.status === 'cancelled' ? (dryRun ? DRY_RUN_CANCELLED : CANCELLED) : null],
          [
            'Run id',
            <span key="id" className={styles.mono}>
              {run.id}
            </span>,
          ],
          [
            'Log entries',
            dryRun ? null : (
              <RouterLink key="logs" to={logsPath({ runId: run.id })}>
                Every entry of this run
              </RouterLink>
            ),
          ],
        ]}
      />
      {dryRun && run.status !== 'running' && <StoredPlan run={run} />}
    </>
  )
}

/** A finished dry run's plan, from the store (a dry run writes no log entries). */
function StoredPlan(props: { readonly run: RunInfo }) {
  const planned = props.run.summary !== null && props.run.status !== 'cancelled'
  const plan = useApiQuery('getPlan', { runId: props.run.id }, { enabled: planned })
  return (
    <PageSection id="plan" title="Plan">
      {props.run.status === 'cancelled' ? (
        <EmptyState title="This dry run was cancelled">{DRY_RUN_CANCELLED}</EmptyState>
      ) : props.run.summary === null ? (
        <EmptyState title="This dry run has no plan">
          It stopped before planning: the error above says why.
        </EmptyState>
      ) : (
        <>
          {plan.isPending && <Loading />}
          {plan.isError && <ErrorBanner error={plan.error} />}
          {plan.data !== undefined && <PlanPreviewPanel preview={plan.data} />}
        </>
      )}
    </PageSection>
  )
}

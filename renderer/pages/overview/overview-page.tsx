import { Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useNavigate } from 'react-router'
import { NEW_JOB_PATH } from '../../app/paths'
import { AddRegular } from '../../components/icons'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader, PageSection } from '../../components/page-header'
import { useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { DashboardTable } from './dashboard-table'
import { FirstRun } from './first-run'
import { OpenJobFileButton } from './open-job-file'
import { RecentRunsTable } from './recent-runs-table'
import { RunsChart } from './runs-chart'

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalXXL },
  flush: { margin: 0 },
  path: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    overflowWrap: 'anywhere',
    userSelect: 'all',
  },
  secondary: { color: tokens.colorNeutralForeground3, margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
})

/**
 * The dashboard: every job with how it stands (a run in progress included, whoever started it),
 * what its applied runs did over time, the latest runs across jobs, and the state folder.
 */
export function OverviewPage() {
  useDocumentTitle('Overview')
  const styles = useStyles()
  const overview = useApiQuery('getOverview', undefined)
  const jobs = useApiQuery('listJobs', undefined)
  const dashboard = useApiQuery('getDashboard', undefined)
  const rows = (dashboard.data?.jobs ?? []).map(job => ({
    job,
    info: jobs.data?.find(candidate => candidate.id === job.id),
  }))
  const navigate = useNavigate()
  const noJobs = jobs.data !== undefined && jobs.data.length === 0

  return (
    <>
      <PageHeader
        title="Overview"
        actions={
          noJobs ? undefined : (
            <>
              <Button appearance="primary" icon={<AddRegular />} onClick={() => void navigate(NEW_JOB_PATH)}>
                New job
              </Button>
              <OpenJobFileButton />
            </>
          )
        }
      />
      {noJobs && <FirstRun />}
      {overview.isError && <ErrorBanner error={overview.error} />}

      <PageSection
        id="jobs"
        title={dashboard.data === undefined ? 'Jobs' : `Jobs (${dashboard.data.jobs.length})`}
      >
        {dashboard.isPending && <Loading />}
        {dashboard.isError && <ErrorBanner error={dashboard.error} />}
        {jobs.isError && <ErrorBanner error={jobs.error} />}
        {dashboard.data !== undefined &&
          (rows.length === 0 ? (
            <EmptyState title="No jobs yet">
              Set one up above, or run <code className={styles.code}>provisioner plan --job FILE</code> once:
              jobs the command line runs appear here too.
            </EmptyState>
          ) : (
            <DashboardTable rows={rows} />
          ))}
      </PageSection>

      {dashboard.data !== undefined && rows.length > 0 && (
        <PageSection id="chart" title="Runs over time">
          <RunsChart jobs={dashboard.data.jobs} />
        </PageSection>
      )}

      <PageSection id="recent" title="Recent runs">
        {overview.isPending && <Loading />}
        {overview.data !== undefined &&
          (overview.data.recentRuns.length === 0 ? (
            <EmptyState title="No runs yet">
              Open a job and choose <strong>Preview (dry run)</strong> to see what a run would change, or run{' '}
              <code className={styles.code}>provisioner apply --job FILE</code>.
            </EmptyState>
          ) : (
            <RecentRunsTable runs={overview.data.recentRuns} />
          ))}
      </PageSection>

      {overview.data !== undefined && (
        <Card appearance="outline" aria-labelledby="state-heading" className={styles.card}>
          <Text as="h2" id="state-heading" size={400} weight="semibold" className={styles.flush}>
            State folder
          </Text>
          <Text as="p" className={styles.path}>
            {overview.data.stateFolder}
          </Text>
          <Text as="p" className={styles.secondary}>
            Shared with the <code className={styles.code}>provisioner</code> command line: jobs, runs and logs
            written there appear here.
          </Text>
        </Card>
      )}
    </>
  )
}

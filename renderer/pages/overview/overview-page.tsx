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
import { FirstRun } from './first-run'
import { JobsTable } from './jobs-table'
import { OpenJobFileButton } from './open-job-file'
import { RecentRunsTable } from './recent-runs-table'

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalS },
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

/** The state folder, every job with its last run, and the latest runs across jobs. */
export function OverviewPage() {
  useDocumentTitle('Overview')
  const styles = useStyles()
  const overview = useApiQuery('getOverview', undefined)
  const jobs = useApiQuery('listJobs', undefined)
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

      <PageSection id="jobs" title={jobs.data === undefined ? 'Jobs' : `Jobs (${jobs.data.length})`}>
        {jobs.isPending && <Loading />}
        {jobs.isError && <ErrorBanner error={jobs.error} />}
        {jobs.data !== undefined &&
          (jobs.data.length === 0 ? (
            <EmptyState title="No jobs yet">
              Set one up above, or run <code className={styles.code}>provisioner plan --job FILE</code> once:
              jobs the command line runs appear here too.
            </EmptyState>
          ) : (
            <JobsTable jobs={jobs.data} />
          ))}
      </PageSection>

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
    </>
  )
}

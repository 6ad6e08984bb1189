import { makeStyles, tokens } from '@fluentui/react-components'
import type { JobInfo } from '../../../main/ipc/api/contract'
import { matchingPath, onDemandPath } from '../../app/paths'
import { RouterLink } from '../../components/router-link'
import { QuarantineRestart } from './quarantine-restart'
import { StagedDeletionsSection } from './staged-deletions'

const useStyles = makeStyles({
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXL,
    marginTop: tokens.spacingVerticalM,
  },
})

/** What the admin can do with the job beyond a dry run: matching, on demand, quarantine, approvals. */
export function JobRunSection(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { job } = props
  return (
    <>
      <QuarantineRestart job={job} />
      {job.configPath !== null && (
        <nav aria-label="Job tools" className={styles.links}>
          <RouterLink to={matchingPath(job.id)}>Matching workbench</RouterLink>
          <RouterLink to={onDemandPath(job.id)}>Provision on demand</RouterLink>
        </nav>
      )}
      <StagedDeletionsSection job={job} />
    </>
  )
}

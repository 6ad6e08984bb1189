import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import type { SourceGroupMatch } from '../../../main/ipc/api/contract'
import { logsPath } from '../../app/paths'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageSection } from '../../components/page-header'
import { RouterLink } from '../../components/router-link'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/queries'
import { RunProgress } from '../run/run-progress'
import { OnDemandSteps } from './on-demand-steps'
import { useOnDemandStyles } from './on-demand-styles'

const SHOWN = 20
/** Entra's limit for a group provisioned on demand (engine/run/on-demand-group.ts). */
const MOST_MEMBERS = 5

const useStyles = makeStyles({
  member: {
    marginTop: tokens.spacingVerticalXL,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
})

/** Groups of the source; one of at most 5 members is provisioned with its members, each step shown. */
export function GroupOnDemand(props: { readonly jobId: string; readonly query: string }) {
  const styles = useOnDemandStyles()
  const local = useStyles()
  const { api } = useApi()
  const { jobId, query } = props
  const groups = useApiQuery('searchSourceGroups', { jobId, query, limit: SHOWN })
  const provision = useMutation({
    mutationFn: (group: SourceGroupMatch) => api.provisionGroupOnDemand({ jobId, group: group.sourceId }),
  })
  return (
    <>
      <PageSection id="groups" title="Groups in the source">
        {groups.isPending && <Loading label="Reading the source…" />}
        {groups.isError && <ErrorBanner error={groups.error} title="The source could not be read" />}
        {groups.data !== undefined &&
          (groups.data.length === 0 ? (
            <EmptyState
              title={query === '' ? 'The job provisions no groups' : `No group matches "${query}"`}
            />
          ) : (
            <ul className={styles.list} aria-label="Matching groups">
              {groups.data.map(group => (
                <li key={group.sourceId} className={styles.item}>
                  <span className={styles.who}>
                    <span>{group.display}</span>
                    <span className={styles.secondary}>
                      {group.sourceId} · {group.members} member{group.members === 1 ? '' : 's'}
                      {group.tooLarge ? ` · more than ${MOST_MEMBERS}: provisioned by a run of the job` : ''}
                    </span>
                  </span>
                  <Button
                    appearance="primary"
                    size="small"
                    disabled={provision.isPending || group.tooLarge}
                    aria-label={`Provision group ${group.display}`}
                    onClick={() => provision.mutate(group)}
                  >
                    Provision
                  </Button>
                </li>
              ))}
            </ul>
          ))}
      </PageSection>
      {(provision.isPending || provision.data !== undefined || provision.isError) && (
        <PageSection
          id="result"
          title={
            provision.variables === undefined ? 'Result' : `Result: group ${provision.variables.display}`
          }
        >
          {provision.isPending && <RunProgress jobId={jobId} label="Provisioning…" />}
          {provision.isError && <ErrorBanner error={provision.error} title="Provisioning failed" />}
          {provision.data !== undefined && (
            <>
              <OnDemandSteps result={provision.data.group} kind="group" label="Steps of the group" />
              {provision.data.members.map(member => (
                <section
                  key={member.display}
                  className={local.member}
                  aria-label={`Member ${member.display}`}
                >
                  <Text as="h3" size={500} weight="semibold" block>
                    Member {member.display}
                  </Text>
                  <OnDemandSteps result={member} label={`Steps of ${member.display}`} />
                </section>
              ))}
              <RouterLink to={logsPath({ jobId, runId: provision.data.runId })}>
                Open this run in the logs
              </RouterLink>
            </>
          )}
        </PageSection>
      )}
    </>
  )
}

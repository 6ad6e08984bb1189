import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { SourceGroupMatch } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/queries'
import { OnDemandSteps } from './on-demand-steps'
import { SourceOnDemand } from './source-on-demand'

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
  const local = useStyles()
  const { api } = useApi()
  const { jobId, query } = props
  const groups = useApiQuery('searchSourceGroups', { jobId, query, limit: SHOWN })
  return (
    <SourceOnDemand
      jobId={jobId}
      matches={groups}
      provision={(group: SourceGroupMatch) => api.provisionGroupOnDemand({ jobId, group: group.sourceId })}
      section={{
        id: 'groups',
        title: 'Groups in the source',
        listLabel: 'Matching groups',
        empty: query === '' ? 'The job provisions no groups' : `No group matches "${query}"`,
      }}
      details={group => (
        <>
          {group.sourceId} · {group.members} member{group.members === 1 ? '' : 's'}
          {group.tooLarge ? ` · more than ${MOST_MEMBERS}: provisioned by a run of the job` : ''}
        </>
      )}
      unavailable={group => group.tooLarge}
      buttonLabel={group => `Provision group ${group.display}`}
      resultName={group => `group ${group.display}`}
      failure={ErrorBanner}
    >
      {result => (
        <>
          <OnDemandSteps result={result.group} kind="group" label="Steps of the group" />
          {result.members.map(member => (
            <section key={member.display} className={local.member} aria-label={`Member ${member.display}`}>
              <Text as="h3" size={500} weight="semibold" block>
                Member {member.display}
              </Text>
              <OnDemandSteps result={member} label={`Steps of ${member.display}`} />
            </section>
          ))}
        </>
      )}
    </SourceOnDemand>
  )
}

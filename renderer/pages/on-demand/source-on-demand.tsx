import { Button } from '@fluentui/react-components'
import { useMutation, type UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { logsPath } from '../../app/paths'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageSection } from '../../components/page-header'
import { RouterLink } from '../../components/router-link'
import { RunProgress } from '../run/run-progress'
import { useOnDemandStyles } from './on-demand-styles'

/** What the source search finds: a person or a group. */
interface SourceMatch {
  readonly sourceId: string
  readonly display: string
}

export interface SourceOnDemandProps<Match extends SourceMatch, Result extends { readonly runId: string }> {
  readonly jobId: string
  /** The source's matches for the admin's search. */
  readonly matches: UseQueryResult<ReadonlyArray<Match>>
  readonly provision: (match: Match) => Promise<Result>
  /** The matches' section: its id and title, the list's label, and what is said when none match. */
  readonly section: {
    readonly id: string
    readonly title: string
    readonly listLabel: string
    readonly empty: string
  }
  /** Under the match's name: its source id and what the admin chooses by. */
  readonly details: (match: Match) => ReactNode
  readonly buttonLabel: (match: Match) => string
  /** A match that cannot be provisioned on demand (its button is disabled). */
  readonly unavailable?: (match: Match) => boolean
  /** The result's title names the match provisioned. */
  readonly resultName: (match: Match) => string
  /** How a failed provisioning is said. */
  readonly failure: (props: { readonly error: unknown; readonly title: string }) => ReactNode
  /** The steps of a provisioning that ran. */
  readonly children: (result: Result) => ReactNode
}

/** Search the source, provision one match on demand, and show the run's progress then its steps. */
export function SourceOnDemand<Match extends SourceMatch, Result extends { readonly runId: string }>(
  props: SourceOnDemandProps<Match, Result>
) {
  const styles = useOnDemandStyles()
  const { jobId, matches, section } = props
  const provision = useMutation({ mutationFn: props.provision })
  const Failure = props.failure
  return (
    <>
      <PageSection id={section.id} title={section.title}>
        {matches.isPending && <Loading label="Reading the source…" />}
        {matches.isError && <ErrorBanner error={matches.error} title="The source could not be read" />}
        {matches.data !== undefined &&
          (matches.data.length === 0 ? (
            <EmptyState title={section.empty} />
          ) : (
            <ul className={styles.list} aria-label={section.listLabel}>
              {matches.data.map(match => (
                <li key={match.sourceId} className={styles.item}>
                  <span className={styles.who}>
                    <span>{match.display}</span>
                    <span className={styles.secondary}>{props.details(match)}</span>
                  </span>
                  <Button
                    appearance="primary"
                    size="small"
                    disabled={provision.isPending || (props.unavailable?.(match) ?? false)}
                    aria-label={props.buttonLabel(match)}
                    onClick={() => provision.mutate(match)}
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
            provision.variables === undefined ? 'Result' : `Result: ${props.resultName(provision.variables)}`
          }
        >
          {provision.isPending && <RunProgress jobId={jobId} label="Provisioning…" />}
          {provision.isError && <Failure error={provision.error} title="Provisioning failed" />}
          {provision.data !== undefined && (
            <>
              {props.children(provision.data)}
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

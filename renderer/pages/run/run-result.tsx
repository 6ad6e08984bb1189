import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components'
import type { RunResult } from '../../../main/ipc/api/contract'
import { logsPath } from '../../app/paths'
import { ErrorBanner } from '../../components/error-banner'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { SummaryTable } from '../../components/summary-table'
import { ApiCallError } from '../../lib/api-client'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  notices: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
})

const INTENT = {
  completed: 'success',
  'completed-with-errors': 'warning',
  blocked: 'warning',
  quarantined: 'error',
  failed: 'error',
  cancelled: 'info',
} as const

/** Said of a cancelled run: what happened to the writes (Entra's "stop" keeps what was done too). */
export const CANCELLED =
  'Stopped by a cancel. The changes in its summary were written and are kept; the rest were not sent, and the next apply writes them.'

/** What a run the admin started did, with links into its log entries. */
export function RunResultView(props: {
  readonly result: RunResult
  readonly title: string
  /** The title when a cancel stopped the run ("Undo cancelled"); "Cancelled" when absent. */
  readonly cancelledTitle?: string
}) {
  const styles = useStyles()
  const { result } = props
  const title = result.status === 'cancelled' ? (props.cancelledTitle ?? 'Cancelled') : props.title
  return (
    <div className={styles.root}>
      <MessageBar intent={INTENT[result.status]} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            {title}: <StatusBadge status={result.status} />
          </MessageBarTitle>
          Run <code>{result.runId}</code>
          {result.failed > 0 && `, ${result.failed} failed`}
          {result.staged > 0 &&
            `; ${result.staged} disable/delete(s) wait for your approval (see Staged deletions)`}
          {result.quarantine !== null && `; the job is quarantined: ${result.quarantine}`}.
          {result.status === 'cancelled' && ` ${CANCELLED}`}
          {result.notices.length > 0 && (
            <ul className={styles.notices}>
              {result.notices.map(notice => (
                <li key={notice}>{notice}</li>
              ))}
            </ul>
          )}
        </MessageBarBody>
      </MessageBar>
      <SummaryTable summary={result.summary} caption="What the run did" />
      <div className={styles.links}>
        <RouterLink to={logsPath({ jobId: result.jobId, runId: result.runId })}>
          Open the run's log
        </RouterLink>
        {result.failed > 0 && (
          <RouterLink to={logsPath({ jobId: result.jobId, runId: result.runId, status: 'failure' })}>
            Only its failures
          </RouterLink>
        )}
      </div>
    </div>
  )
}

/**
 * A run the admin started that ended in an error: a cancel that stopped it before any write
 * (the API's `cancelled`) is said as such, not as a failure; anything else is an error.
 */
export function RunError(props: {
  readonly error: unknown
  readonly title: string
  /** Said of the cancel: "Cancelled" and "The run stopped before writing anything." when absent. */
  readonly cancelled?: { readonly title: string; readonly text: string }
}) {
  if (!(props.error instanceof ApiCallError) || props.error.shape.code !== 'cancelled') {
    return <ErrorBanner error={props.error} title={props.title} />
  }
  const cancelled = props.cancelled ?? {
    title: 'Cancelled',
    text: 'The run stopped before writing anything.',
  }
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{cancelled.title}:</MessageBarTitle> {cancelled.text}
      </MessageBarBody>
    </MessageBar>
  )
}

import { Button, makeStyles, mergeClasses, ProgressBar, Text, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import type { RunInfo, RunProgress as Progress } from '../../../main/ipc/api/contract'
import { logsPath } from '../../app/paths'
import { ErrorBanner } from '../../components/error-banner'
import { RouterLink } from '../../components/router-link'
import { useApi } from '../../lib/api-context'
import { failuresText, fraction, numbersLine, PHASE_LABELS } from './progress-text'
import { type StartedRunKind, useLiveRun } from './use-live-run'

const STARTING = 'Starting the run…'
const STOPPING = 'Stopping after the writes in flight…'
/** A dry run writes nothing: it stops between reads and before planning. */
const STOPPING_DRY_RUN = 'Stopping the dry run…'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  head: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  titles: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  details: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    alignItems: 'baseline',
  },
  numbers: { fontVariantNumeric: 'tabular-nums' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  stopping: { color: tokens.colorPaletteMarigoldForeground1 },
})

export interface RunProgressProps {
  readonly jobId: string
  /** The run, when it is known (a stored run); else the job's run the app has just started. */
  readonly run?: RunInfo
  /** Which run the app has just started this follows (without `run`): one that writes (default) or a dry run. */
  readonly kind?: StartedRunKind
  /** What the admin started ("Applying 2 create, 1 update"), above the stage. */
  readonly label?: string
  /** Fits a table cell (the dashboard): no heading line, small text. */
  readonly compact?: boolean
  readonly className?: string
}

/**
 * A run while it runs, whoever started it: its stage, done of total, rate, time left, failures
 * so far (a link to them), and Cancel. Updated by the run's events. The bar and the numbers are
 * not live regions (they move several times a second): only the stage's name and the stop are
 * (they change a few times a run); the end is announced by the result that replaces this.
 */
export function RunProgress(props: RunProgressProps) {
  const styles = useStyles()
  const { runId, progress } = useLiveRun(props.jobId, props.run, props.kind)
  const cancel = useCancel()
  const stopping = cancel.isPending || cancel.data?.cancelled === true
  const stage = progress === null ? STARTING : PHASE_LABELS[progress.phase]
  const numbers = numbersLine(progress)
  const name = props.label ?? (runId === null ? 'Run' : `Run ${runId}`)
  const cancelButton = runId !== null && (
    <Button
      size="small"
      disabled={stopping}
      aria-label={`Cancel run ${runId}`}
      onClick={() => cancel.mutate(runId)}
    >
      {stopping ? 'Stopping…' : 'Cancel'}
    </Button>
  )
  return (
    <div className={mergeClasses(styles.root, props.compact === true && styles.small, props.className)}>
      {props.compact !== true && (
        <div className={styles.head}>
          <div className={styles.titles}>
            {props.label !== undefined && <Text weight="semibold">{props.label}</Text>}
            <Text role="status">{stage}</Text>
          </div>
          {cancelButton}
        </div>
      )}
      <ProgressBar
        value={progress === null ? undefined : (fraction(progress) ?? undefined)}
        thickness={props.compact === true ? 'medium' : 'large'}
        aria-label={`${name}: ${stage}`}
        aria-valuetext={numbers ?? stage}
      />
      <div className={styles.details}>
        {props.compact === true && <span role="status">{stage}</span>}
        {numbers !== null && <span className={styles.numbers}>{numbers}</span>}
        <Failures jobId={props.jobId} runId={runId} progress={progress} />
        {props.compact === true && cancelButton}
      </div>
      <div role="status">
        {stopping && (
          <Text className={styles.stopping}>{props.kind === 'dry-run' ? STOPPING_DRY_RUN : STOPPING}</Text>
        )}
      </div>
      {cancel.data?.cancelled === false && <Text>The run had already ended.</Text>}
      {cancel.isError && <ErrorBanner error={cancel.error} title="The run could not be cancelled" />}
    </div>
  )
}

function useCancel() {
  const { api } = useApi()
  return useMutation({ mutationFn: (runId: string) => api.cancelRun({ runId }) })
}

/** "2 failed so far", in red, opening the run's failed log entries. */
function Failures(props: {
  readonly jobId: string
  readonly runId: string | null
  readonly progress: Progress | null
}) {
  const styles = useStyles()
  const { progress, runId } = props
  if (progress === null || progress.failures === 0) return null
  const text = failuresText(progress.failures)
  if (runId === null) return <span className={styles.failed}>{text}</span>
  return (
    <RouterLink className={styles.failed} to={logsPath({ jobId: props.jobId, runId, status: 'failure' })}>
      {text}
    </RouterLink>
  )
}

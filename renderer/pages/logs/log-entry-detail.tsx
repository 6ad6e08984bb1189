import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import type { LogEntry, ProvisioningStep } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { DetailPanel } from '../../components/detail-panel'
import { FactsList } from '../../components/facts-list'
import { ActionBadge, StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { logsPath } from '../../app/paths'
import { RouterLink } from '../../components/router-link'
import { errorHint } from './error-hints'
import { entryName } from './log-table'
import { STEP_ORDER } from './step-labels'

const useStyles = makeStyles({
  badges: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    margin: `${tokens.spacingVerticalS} 0`,
  },
  reason: { margin: `0 0 ${tokens.spacingVerticalS}` },
  heading: { marginTop: tokens.spacingVerticalL, marginBottom: tokens.spacingVerticalS },
  steps: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  step: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderInlineStartWidth: tokens.strokeWidthThicker,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: tokens.colorNeutralStroke1,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusSmall,
  },
  success: { borderInlineStartColor: tokens.colorPaletteGreenBorder2 },
  failure: { borderInlineStartColor: tokens.colorPaletteRedBorder2 },
  warning: { borderInlineStartColor: tokens.colorPaletteDarkOrangeBorder2 },
  skipped: { borderInlineStartColor: tokens.colorNeutralStroke1 },
  missing: {
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground3,
    borderInlineStartStyle: 'dashed',
  },
  stepTitle: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightSemibold,
  },
  description: { margin: `${tokens.spacingVerticalXXS} 0 0`, overflowWrap: 'anywhere' },
  details: { marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
  notReached: { fontWeight: tokens.fontWeightRegular, fontSize: tokens.fontSizeBase200 },
  hint: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    overflowWrap: 'anywhere',
  },
  code: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
})

/** One row of the step list: a step that ran, or a kind of step this entry never reached. */
type StepItem = { readonly label: string; readonly step: ProvisioningStep | null }

/**
 * Every step in Entra's order (import, scoping, matching, processing, export), all of each kind
 * (a group's member warnings are processing steps too), then any kind this screen does not know.
 */
export function stepItems(steps: ReadonlyArray<ProvisioningStep>): ReadonlyArray<StepItem> {
  const items: StepItem[] = []
  for (const [type, label] of STEP_ORDER) {
    const ofType = steps.filter(step => step.type === type)
    if (ofType.length === 0) items.push({ label, step: null })
    for (const step of ofType) items.push({ label, step })
  }
  const known = new Set<string>(STEP_ORDER.map(([type]) => type))
  for (const step of steps) if (!known.has(step.type)) items.push({ label: step.type, step })
  return items
}

/** Entra's "Troubleshooting & Recommendations": the error code and what to do about it. */
function Troubleshooting(props: { readonly code: string }) {
  const styles = useStyles()
  const hint = errorHint(props.code)
  return (
    <>
      <Text as="h3" size={400} weight="semibold" className={styles.heading} block>
        Troubleshooting
      </Text>
      <div className={styles.hint}>
        <span className={styles.code}>{props.code}</span>
        <span>
          {hint ??
            'No advice is recorded for this code; the steps and the SCIM detail below say what happened.'}
        </span>
      </div>
    </>
  )
}

/** One log entry as Entra shows it: the steps, then the modified properties, then the facts. */
export function LogEntryDetail(props: {
  readonly entry: LogEntry
  readonly jobName?: string
  readonly onClose: () => void
}) {
  const styles = useStyles()
  const { entry } = props
  return (
    <DetailPanel id="log-detail" title={entryName(entry)} itemKey={entry.id} onClose={props.onClose}>
      <div className={styles.badges}>
        <ActionBadge action={entry.action} />
        <StatusBadge status={entry.status} />
      </div>
      {entry.reason !== null && (
        <Text as="p" className={styles.reason}>
          {entry.reason}
        </Text>
      )}
      {entry.errorCode !== null && <Troubleshooting code={entry.errorCode} />}

      <Text as="h3" id="log-steps-heading" size={400} weight="semibold" className={styles.heading} block>
        Steps
      </Text>
      <ol className={styles.steps} aria-labelledby="log-steps-heading">
        {stepItems(entry.steps).map(({ label, step }, index) => (
          <li
            key={index}
            className={mergeClasses(styles.step, step === null ? styles.missing : styles[step.status])}
          >
            <div className={styles.stepTitle}>
              <span>{label}</span>
              {step === null ? (
                <span className={styles.notReached}>not reached</span>
              ) : (
                <StatusBadge status={step.status} />
              )}
            </div>
            {step !== null && <p className={styles.description}>{step.description}</p>}
            {step?.details !== undefined && Object.keys(step.details).length > 0 && (
              <FactsList className={styles.details} facts={Object.entries(step.details)} />
            )}
          </li>
        ))}
      </ol>

      <Text as="h3" size={400} weight="semibold" className={styles.heading} block>
        Modified properties
      </Text>
      <ChangeTable changes={entry.modified} caption="Modified properties, old and new values" />

      <Text as="h3" size={400} weight="semibold" className={styles.heading} block>
        Details
      </Text>
      <FactsList
        facts={[
          ['Time', <TimeText key="time" iso={entry.time} />],
          // The stored instant, to copy and compare with a server's log (keyboard users get no tooltip).
          ['Time (UTC)', entry.time],
          ['Object type', entry.objectType],
          ['Source id', entry.sourceId],
          ['Target id', entry.targetId],
          ['Target name', entry.targetDisplay],
          ['Job', props.jobName === undefined ? entry.jobId : `${props.jobName} (${entry.jobId})`],
          [
            'Run (cycle) id',
            <RouterLink key="run" to={logsPath({ runId: entry.runId })} title="Every entry of this run">
              {entry.runId}
            </RouterLink>,
          ],
          ['Change id', entry.changeId],
          ['Error code', entry.errorCode],
          ['HTTP status', entry.httpStatus],
          ['SCIM type', entry.scimType],
          ['SCIM detail', entry.scimDetail],
          ['Duration', entry.durationMs === null ? null : `${entry.durationMs} ms`],
          ['Attempts', entry.attempts],
        ]}
      />
    </DetailPanel>
  )
}

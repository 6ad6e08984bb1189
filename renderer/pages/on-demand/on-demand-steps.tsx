import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { OnDemandResult, ProvisioningStep } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { FactsList } from '../../components/facts-list'
import { ActionBadge, StatusBadge } from '../../components/status-badge'

/** Entra's step names, for a user or a group. */
function stepTitle(type: ProvisioningStep['type'], kind: 'user' | 'group'): string {
  const titles: Readonly<Record<ProvisioningStep['type'], string>> = {
    import: `Import ${kind}`,
    scoping: `Determine if ${kind} is in scope`,
    matching: `Match ${kind} between source and target system`,
    processing: 'Perform action',
    export: 'Export to the app',
  }
  return titles[type]
}

const useStyles = makeStyles({
  steps: {
    margin: `${tokens.spacingVerticalL} 0 0`,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  description: { margin: `${tokens.spacingVerticalXS} 0`, overflowWrap: 'anywhere' },
  section: { margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalS}` },
})

/** The run's steps as Entra's provision-on-demand shows them, then the modified properties. */
export function OnDemandSteps(props: {
  readonly result: OnDemandResult
  /** Whose steps: a person's (default) or a group's. */
  readonly kind?: 'user' | 'group'
  /** The steps list's accessible name (several lists on one page need their own). */
  readonly label?: string
}) {
  const styles = useStyles()
  const { result } = props
  const kind = props.kind ?? 'user'
  return (
    <div>
      <FactsList
        facts={[
          ['Action', <ActionBadge key="a" action={result.action} />],
          ['Run status', <StatusBadge key="s" status={result.status} />],
          [kind === 'group' ? 'Group id' : 'Account id', result.targetId],
          ['Failures', result.failures.join('; ')],
        ]}
      />
      <ol className={styles.steps} aria-label={props.label ?? 'Steps'}>
        {result.steps.map((step, index) => (
          <li key={`${index}:${step.type}`}>
            <div className={styles.head}>
              <Text weight="semibold">{stepTitle(step.type, kind)}</Text>
              <StatusBadge status={step.status} />
            </div>
            <Text as="p" className={styles.description}>
              {step.description}
            </Text>
            {step.details !== undefined && <FactsList facts={Object.entries(step.details)} />}
          </li>
        ))}
      </ol>
      <Text as="h3" size={400} weight="semibold" className={styles.section} block>
        Modified properties
      </Text>
      <ChangeTable changes={result.changes} caption="Modified properties, old and new values" />
      {result.imported !== null && (
        <>
          <Text as="h3" size={400} weight="semibold" className={styles.section} block>
            Imported from the source
          </Text>
          <FactsList
            facts={Object.entries(result.imported).map(
              ([key, value]) => [key, Array.isArray(value) ? value.join(', ') : String(value)] as const
            )}
          />
        </>
      )}
    </div>
  )
}

import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { OnDemandResult, ProvisioningStep } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { FactsList } from '../../components/facts-list'
import { ActionBadge, StatusBadge } from '../../components/status-badge'

const STEP_TITLES: Readonly<Record<ProvisioningStep['type'], string>> = {
  import: 'Import user',
  scoping: 'Determine if user is in scope',
  matching: 'Match user between source and target system',
  processing: 'Perform action',
  export: 'Export to the app',
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
export function OnDemandSteps(props: { readonly result: OnDemandResult }) {
  const styles = useStyles()
  const { result } = props
  return (
    <div>
      <FactsList
        facts={[
          ['Action', <ActionBadge key="a" action={result.action} />],
          ['Run status', <StatusBadge key="s" status={result.status} />],
          ['Account id', result.targetId],
          ['Failures', result.failures.join('; ')],
        ]}
      />
      <ol className={styles.steps} aria-label="Steps">
        {result.steps.map((step, index) => (
          <li key={`${index}:${step.type}`}>
            <div className={styles.head}>
              <Text weight="semibold">{STEP_TITLES[step.type]}</Text>
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

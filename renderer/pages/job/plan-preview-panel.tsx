import { makeStyles, Switch, Text, tokens } from '@fluentui/react-components'
import { useCallback, useMemo, useState } from 'react'
import type { PlanOperationView, PlanPreview } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { DetailPanel, WithDetailPanel } from '../../components/detail-panel'
import { EmptyState } from '../../components/empty-state'
import { FactsList } from '../../components/facts-list'
import { ActionBadge } from '../../components/status-badge'
import { SummaryTable } from '../../components/summary-table'
import { type OperationRow, PlanOperationsTable } from './plan-operations-table'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  secondary: { color: tokens.colorNeutralForeground3 },
  flush: { margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
  section: { marginTop: tokens.spacingVerticalL, marginBottom: tokens.spacingVerticalS },
})

/** The result of a dry run: counts, then each operation; one operation's changes beside the table. */
export function PlanPreviewPanel(props: { readonly preview: PlanPreview }) {
  const styles = useStyles()
  const { preview } = props
  const [showUnchanged, setShowUnchanged] = useState(false)
  const [selectedKey, setSelectedKey] = useState<string | null>(null)
  const rows = useMemo<ReadonlyArray<OperationRow>>(
    () =>
      preview.operations
        .map((operation, index) => ({ key: String(index), operation }))
        .filter(row => showUnchanged || row.operation.action !== 'unchanged'),
    [preview.operations, showUnchanged]
  )
  const selected = rows.find(row => row.key === selectedKey) ?? null
  const hiddenUnchanged = preview.operations.length - rows.length
  const open = useCallback((key: string) => setSelectedKey(key), [])

  return (
    <div className={styles.root}>
      <Text as="p" className={styles.flush}>
        Read {preview.sourceCount} source {preview.sourceCount === 1 ? 'person' : 'people'} and{' '}
        {preview.targetCount} target {preview.targetCount === 1 ? 'account' : 'accounts'}; recorded as dry run{' '}
        <code className={styles.code}>{preview.runId}</code>.
      </Text>
      <SummaryTable summary={preview.summary} caption="Planned changes" />
      <div className={styles.toolbar}>
        <Switch
          label="Show unchanged"
          checked={showUnchanged}
          onChange={(_, data) => setShowUnchanged(data.checked)}
        />
        {preview.totalOperations > preview.operations.length && (
          <Text className={styles.secondary}>
            Showing the first {preview.operations.length} of {preview.totalOperations} operations.
          </Text>
        )}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="Nothing to change">
          {hiddenUnchanged > 0
            ? `The ${hiddenUnchanged} operations shown leave their accounts as they are. Turn on "Show unchanged" to list them.`
            : 'The source and the target already agree: a run now would send nothing.'}
        </EmptyState>
      ) : (
        <WithDetailPanel
          panel={
            selected !== null && (
              <DetailPanel
                id="operation-detail"
                title={selected.operation.display}
                itemKey={selected.key}
                onClose={() => setSelectedKey(null)}
              >
                <OperationDetail operation={selected.operation} />
              </DetailPanel>
            )
          }
        >
          <PlanOperationsTable rows={rows} selectedKey={selectedKey} onOpen={open} />
        </WithDetailPanel>
      )}
    </div>
  )
}

function OperationDetail(props: { readonly operation: PlanOperationView }) {
  const styles = useStyles()
  const { operation } = props
  return (
    <>
      <FactsList
        facts={[
          ['Action', <ActionBadge key="action" action={operation.action} />],
          ['Object type', operation.objectType],
          ['Source id', operation.sourceId],
          ['Target id', operation.targetId],
          ['Reason', operation.reason],
          ['Error code', operation.errorCode],
        ]}
      />
      <Text as="h3" size={400} weight="semibold" className={styles.section} block>
        Changes
      </Text>
      <ChangeTable changes={operation.changes} caption="Planned changes, old and new values" />
    </>
  )
}

import { Field, Input, makeStyles, Select, Switch, Text, tokens } from '@fluentui/react-components'
import { useMemo, useState } from 'react'
import {
  type PlanOperationFilter,
  type PlanOperationRow,
  type PlanOperationView,
  type PlanPreview,
  USER_ACTIONS,
} from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { DetailPanel, WithDetailPanel } from '../../components/detail-panel'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { FactsList } from '../../components/facts-list'
import { Loading } from '../../components/loading'
import { ActionBadge } from '../../components/status-badge'
import { SummaryTable } from '../../components/summary-table'
import { useApi } from '../../lib/api-context'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useSettledText } from '../../lib/use-debounced-text'
import { useWindowedPages } from '../../lib/use-windowed-pages'
import { HandoffFileTable } from './handoff-file-table'
import { PlanOperationsTable } from './plan-operations-table'

/** Operations per request. */
export const PLAN_PAGE_SIZE = 100

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: {
    display: 'flex',
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
  },
  field: { flexGrow: 1, flexShrink: 1, flexBasis: '10rem', maxWidth: '16rem' },
  switch: { paddingBottom: '2px' },
  secondary: { color: tokens.colorNeutralForeground3, margin: 0 },
  flush: { margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
  section: { marginTop: tokens.spacingVerticalL, marginBottom: tokens.spacingVerticalS },
})

/** What the filters ask of the stored plan: one action, or every change (unchanged on request). */
function filterOf(
  runId: string,
  action: string,
  showUnchanged: boolean,
  search: string
): PlanOperationFilter {
  const text = search.trim()
  return {
    runId,
    ...(action === ''
      ? { hideUnchanged: !showUnchanged }
      : { action: action as PlanOperationFilter['action'] & string }),
    ...(text === '' ? {} : { search: text.slice(0, 256) }),
  }
}

/** The stored plan's operations for the filters, as a sliding window of pages in plan order. */
function usePlanWindow(filter: PlanOperationFilter, enabled: boolean) {
  const { api } = useApi()
  return useWindowedPages<PlanOperationRow>({
    queryKey: apiQueryKey('queryPlanOperations', { ...filter, limit: PLAN_PAGE_SIZE }),
    enabled,
    fetchPage: async cursor => {
      const input = { ...filter, limit: PLAN_PAGE_SIZE }
      const page = await api.queryPlanOperations(
        cursor === null
          ? input
          : 'below' in cursor
            ? { ...input, afterId: cursor.below }
            : { ...input, beforeId: cursor.above }
      )
      return { rows: page.operations, next: page.nextAfterId, previous: page.previousBeforeId }
    },
  })
}

/** Everything the plan changes (users and groups), from its summary: zero means a run would send nothing. */
function changeCount(preview: PlanPreview): number {
  const { users, groups } = preview.summary
  return (
    users.create +
    users.update +
    users.disable +
    users.enable +
    users.delete +
    users.link +
    users.skipped +
    users.conflict +
    groups.create +
    groups.update +
    groups.delete
  )
}

/**
 * The result of a dry run: counts, then every operation, read from the stored plan page by page
 * (never cut at a number), filtered by action and searched by name or id; one operation's
 * changes beside the table.
 */
export function PlanPreviewPanel(props: { readonly preview: PlanPreview }) {
  const styles = useStyles()
  const { preview } = props
  const [action, setAction] = useState('')
  const [showUnchanged, setShowUnchanged] = useState(false)
  const [typed, setTyped] = useState('')
  // Searched after a pause in typing, or at once on Enter.
  const [search, searchNow] = useSettledText(typed, 250)
  const filter = useMemo(
    () => filterOf(preview.runId, action, showUnchanged, search),
    [preview.runId, action, showUnchanged, search]
  )
  const [selected, setSelected] = useState<PlanOperationRow | null>(null)
  const operations = usePlanWindow(filter, preview.operationsStored)
  // Counted once the rows are in: both read the plan on the state database's one connection, and
  // the rows are what the admin waits for (a search's count reads every operation of the plan).
  const count = useApiQuery('countPlanOperations', filter, {
    enabled: preview.operationsStored && operations.isSuccess,
  })
  const filtered = action !== '' || search.trim() !== ''
  const nothingToChange = changeCount(preview) === 0

  return (
    <div className={styles.root}>
      <Text as="p" className={styles.flush}>
        {preview.sourceCount !== null && preview.targetCount !== null ? (
          <>
            Read {counted(preview.sourceCount, 'source person', 'source people')} and{' '}
            {counted(preview.targetCount, 'target account', 'target accounts')}; recorded
          </>
        ) : (
          'Recorded'
        )}{' '}
        as dry run <code className={styles.code}>{preview.runId}</code>.
      </Text>
      <SummaryTable summary={preview.summary} caption="Planned changes" />
      {preview.handoff !== null && <HandoffFileTable file={preview.handoff} />}
      {!preview.operationsStored ? (
        <EmptyState title="The operations of this dry run are not kept">
          Provisioner keeps the operations of each job&apos;s ten latest dry runs (those recorded before it
          kept plans have none); the counts above remain. Run a new preview to see every operation.
        </EmptyState>
      ) : (
        <>
          <form
            aria-label="Plan filters"
            className={styles.toolbar}
            onSubmit={event => {
              event.preventDefault()
              searchNow()
            }}
          >
            <Field label="Action" className={styles.field}>
              <Select value={action} onChange={(_, data) => setAction(data.value)}>
                <option value="">Every change</option>
                {USER_ACTIONS.map(name => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Search" className={styles.field}>
              <Input
                type="search"
                placeholder="name or id"
                value={typed}
                onChange={(_, data) => setTyped(data.value)}
              />
            </Field>
            <Switch
              className={styles.switch}
              label="Show unchanged"
              checked={showUnchanged}
              disabled={action !== ''}
              onChange={(_, data) => setShowUnchanged(data.checked)}
            />
          </form>
          <Text as="p" role="status" className={styles.secondary}>
            {count.data === undefined
              ? 'Counting…'
              : `${count.data.toLocaleString()} ${count.data === 1 ? 'operation' : 'operations'}${filtered ? ' match' : ''}`}
          </Text>
          {operations.isError && <ErrorBanner error={operations.error} />}
          {operations.isPending && <Loading />}
          {operations.isSuccess && operations.rows.length === 0 && (
            <EmptyState
              title={
                filtered
                  ? 'No operations match these filters'
                  : nothingToChange
                    ? 'Nothing to change'
                    : 'No changes to show'
              }
            >
              {filtered
                ? 'Choose another action or search for another name or id.'
                : nothingToChange
                  ? 'The source and the target already agree: a run now would send nothing.'
                  : 'Every operation leaves its account as it is. Turn on "Show unchanged" to list them.'}
            </EmptyState>
          )}
          {operations.rows.length > 0 && (
            <WithDetailPanel
              panel={
                selected !== null && (
                  <DetailPanel
                    id="operation-detail"
                    title={selected.display}
                    itemKey={selected.id}
                    onClose={() => setSelected(null)}
                  >
                    <OperationDetail operation={selected} />
                  </DetailPanel>
                )
              }
            >
              <PlanOperationsTable
                rows={operations.rows}
                total={count.data ?? -1}
                selectedId={selected?.id ?? null}
                onOpen={setSelected}
                onEndReached={operations.loadNext}
                onStartReached={operations.loadPrevious}
                busy={operations.isFetching}
              />
            </WithDetailPanel>
          )}
        </>
      )}
    </div>
  )
}

function counted(value: number, one: string, many: string): string {
  return `${value.toLocaleString()} ${value === 1 ? one : many}`
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
          ['Warnings', operation.warnings === undefined ? null : operation.warnings.join(' · ')],
        ]}
      />
      <Text as="h3" size={400} weight="semibold" className={styles.section} block>
        Changes
      </Text>
      <ChangeTable changes={operation.changes} caption="Planned changes, old and new values" />
    </>
  )
}

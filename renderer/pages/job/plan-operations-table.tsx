import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import type { PlanOperationRow, PlanOperationView } from '../../../main/ipc/api/contract'
import { ChangeLines } from '../../components/change-list'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RowButton } from '../../components/data-table/row-button'
import { ActionBadge } from '../../components/status-badge'

/** Change lines shown in a row; the details panel lists them all. */
const CHANGE_LINES = 2

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: tokens.spacingVerticalXXS },
})

/** The reason and error code, when the operation has either; an empty cell has no elements (one row mounts per scrolled frame). */
function ReasonCell(props: { readonly operation: PlanOperationView }) {
  const styles = useStyles()
  const { reason, errorCode } = props.operation
  if ((reason === null || reason === '') && errorCode === null) return null
  return (
    <div className={styles.stack}>
      <CellText>{props.operation.reason ?? ''}</CellText>
      {props.operation.errorCode !== null && (
        <CellText secondary mono>
          {props.operation.errorCode}
        </CellText>
      )}
    </div>
  )
}

const column = createColumnHelper<PlanOperationRow>()

const COLUMNS = [
  column.display({
    id: 'action',
    header: 'Action',
    meta: { width: '6.5rem' },
    cell: ({ row }) => <ActionBadge action={row.original.action} />,
  }),
  column.display({
    id: 'who',
    header: 'Who',
    meta: { width: 'minmax(14rem, 1.5fr)' },
    cell: ({ row }) => (
      <RowButton rowId={String(row.original.id)} label={row.original.display} controls="operation-detail" />
    ),
  }),
  column.display({
    id: 'sourceId',
    header: 'Source id',
    meta: { width: 'minmax(5rem, 0.5fr)' },
    cell: ({ row }) => <CellText mono>{row.original.sourceId}</CellText>,
  }),
  column.display({
    id: 'targetId',
    header: 'Target id',
    meta: { width: 'minmax(7rem, 0.8fr)' },
    cell: ({ row }) => <CellText mono>{row.original.targetId}</CellText>,
  }),
  column.display({
    id: 'changes',
    header: 'Changes',
    meta: { width: 'minmax(14rem, 2.2fr)' },
    cell: ({ row }) => <ChangeLines changes={row.original.changes} limit={CHANGE_LINES} />,
  }),
  column.display({
    id: 'reason',
    header: 'Reason',
    meta: { width: 'minmax(8rem, 1fr)' },
    cell: ({ row }) => <ReasonCell operation={row.original} />,
  }),
]

/** Every row's height: two change lines and "and N more"; fixed, so the window's rows can come and go above the view. */
export const OPERATION_ROW_HEIGHT = 80

/**
 * A window of a stored plan's operations (a few pages, in plan order), one compact row each;
 * choosing one opens all its changes beside the table.
 */
export function PlanOperationsTable(props: {
  readonly rows: ReadonlyArray<PlanOperationRow>
  /** Every operation the filters match (-1 while not counted). */
  readonly total: number
  readonly selectedId: number | null
  readonly onOpen: (operation: PlanOperationRow) => void
  readonly onEndReached: () => void
  readonly onStartReached: () => void
  readonly busy: boolean
}) {
  return (
    <DataTable
      label="Planned operations"
      columns={COLUMNS}
      rows={props.rows}
      getRowId={row => String(row.id)}
      totalRows={props.total}
      selectedRowId={props.selectedId === null ? null : String(props.selectedId)}
      onRowActivate={props.onOpen}
      onEndReached={props.onEndReached}
      onStartReached={props.onStartReached}
      busy={props.busy}
      rowHeight={OPERATION_ROW_HEIGHT}
      dropToFit={EXPENDABLE}
    />
  )
}

/** Left out first when the table is narrow (the details panel shows them); what a row is stays. */
const EXPENDABLE = ['reason', 'sourceId', 'targetId']

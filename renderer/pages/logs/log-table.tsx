import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import type { LogEntry } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RowButton } from '../../components/data-table/row-button'
import { ActionBadge, StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'

/** Who an entry is about, as the admin knows them: the name first, then the ids. */
export function entryName(entry: LogEntry): string {
  return entry.sourceDisplay ?? entry.targetDisplay ?? entry.sourceId ?? entry.targetId ?? '(unknown)'
}

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0, alignItems: 'flex-start' },
  time: { fontSize: tokens.fontSizeBase200 },
})

function IdentityCell(props: { readonly entry: LogEntry }) {
  const styles = useStyles()
  const { entry } = props
  const name = entryName(entry)
  return (
    <div className={styles.stack}>
      <RowButton rowId={String(entry.id)} label={name} controls="log-detail" />
      {entry.sourceId !== null && entry.sourceId !== name && (
        <CellText secondary mono>
          {entry.sourceId}
        </CellText>
      )}
    </div>
  )
}

function TargetCell(props: { readonly entry: LogEntry }) {
  const styles = useStyles()
  return (
    <div className={styles.stack}>
      <CellText>{props.entry.targetDisplay ?? '—'}</CellText>
      {props.entry.targetId !== null && (
        <CellText secondary mono>
          {props.entry.targetId}
        </CellText>
      )}
    </div>
  )
}

function TimeCell(props: { readonly iso: string }) {
  return <TimeText iso={props.iso} className={useStyles().time} />
}

const column = createColumnHelper<LogEntry>()

const COLUMNS = [
  column.display({
    id: 'time',
    header: 'Time',
    meta: { width: 'minmax(12rem, 1fr)' },
    cell: ({ row }) => <TimeCell iso={row.original.time} />,
  }),
  column.display({
    id: 'identity',
    header: 'Identity',
    meta: { width: 'minmax(11rem, 1.6fr)' },
    cell: ({ row }) => <IdentityCell entry={row.original} />,
  }),
  column.display({
    id: 'action',
    header: 'Action',
    meta: { width: '6.5rem' },
    cell: ({ row }) => <ActionBadge action={row.original.action} />,
  }),
  column.display({
    id: 'status',
    header: 'Status',
    meta: { width: '6.5rem' },
    cell: ({ row }) => <StatusBadge status={row.original.status} />,
  }),
  column.display({
    id: 'target',
    header: 'Target',
    meta: { width: 'minmax(9rem, 1.2fr)' },
    cell: ({ row }) => <TargetCell entry={row.original} />,
  }),
  column.display({
    id: 'errorCode',
    header: 'Error code',
    meta: { width: 'minmax(7rem, 0.8fr)' },
    cell: ({ row }) => <CellText>{row.original.errorCode ?? ''}</CellText>,
  }),
]

/** Left out first when the table is narrow (the details panel shows them). */
const EXPENDABLE = ['errorCode', 'target']

/** The loaded pages of log entries, newest first, virtualised however many are loaded. */
export function LogTable(props: {
  readonly entries: ReadonlyArray<LogEntry>
  /** True while older pages exist beyond the loaded ones. */
  readonly more: boolean
  readonly selectedId: number | null
  readonly onSelect: (id: number) => void
  readonly onEndReached: () => void
  readonly busy: boolean
}) {
  return (
    <DataTable
      label="Provisioning log entries, newest first"
      columns={COLUMNS}
      rows={props.entries}
      getRowId={entry => String(entry.id)}
      totalRows={props.more ? -1 : props.entries.length}
      selectedRowId={props.selectedId === null ? null : String(props.selectedId)}
      onRowActivate={entry => props.onSelect(entry.id)}
      onEndReached={props.onEndReached}
      busy={props.busy}
      estimateRowHeight={58}
      dropToFit={EXPENDABLE}
      maxHeight="calc(100vh - 17rem)"
    />
  )
}

import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { createContext, useContext } from 'react'
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

/** Job names by id, for the Job column (entries carry the id). */
const JobNames = createContext<ReadonlyMap<string, string>>(new Map())

function JobCell(props: { readonly jobId: string }) {
  const name = useContext(JobNames).get(props.jobId)
  const styles = useStyles()
  return (
    <div className={styles.stack}>
      <CellText>{name ?? props.jobId}</CellText>
      {name !== undefined && (
        <CellText secondary mono>
          {props.jobId}
        </CellText>
      )}
    </div>
  )
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
    id: 'job',
    header: 'Job',
    meta: { width: 'minmax(8rem, 1fr)' },
    cell: ({ row }) => <JobCell jobId={row.original.jobId} />,
  }),
  column.display({
    id: 'run',
    header: 'Run',
    meta: { width: 'minmax(8rem, 0.9fr)' },
    cell: ({ row }) => <CellText mono>{row.original.runId}</CellText>,
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

/** Left out first when the table is narrow (the details panel shows them all). */
const EXPENDABLE = ['errorCode', 'run', 'target', 'job']

/** Every row's height: two lines of text; fixed, so the window's rows can come and go above the view. */
export const LOG_ROW_HEIGHT = 58

/**
 * A window of log entries (a few pages of the filtered log, newest first), virtualised; the
 * next or previous page loads as either end comes into view.
 */
export function LogTable(props: {
  readonly entries: ReadonlyArray<LogEntry>
  readonly jobNames: ReadonlyMap<string, string>
  /** Every entry that matches, when known (-1: not counted, or more than counted). */
  readonly total: number
  readonly selectedId: number | null
  readonly onSelect: (id: number) => void
  readonly onEndReached: () => void
  readonly onStartReached: () => void
  readonly busy: boolean
}) {
  return (
    <JobNames.Provider value={props.jobNames}>
      <DataTable
        label="Provisioning log entries, newest first"
        columns={COLUMNS}
        rows={props.entries}
        getRowId={entry => String(entry.id)}
        totalRows={props.total}
        selectedRowId={props.selectedId === null ? null : String(props.selectedId)}
        onRowActivate={entry => props.onSelect(entry.id)}
        onEndReached={props.onEndReached}
        onStartReached={props.onStartReached}
        busy={props.busy}
        rowHeight={LOG_ROW_HEIGHT}
        dropToFit={EXPENDABLE}
        maxHeight="calc(100vh - 16rem)"
      />
    </JobNames.Provider>
  )
}

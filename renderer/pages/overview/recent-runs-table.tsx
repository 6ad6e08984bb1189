import { makeStyles } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import type { RecentRun } from '../../../main/ipc/api/contract'
import { logsPath } from '../../app/paths'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { formatTime, summaryText } from '../../lib/format'

const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap' } })

/** When the run started (local time, zone; ISO in the tooltip), linking to its log entries. */
function StartedLink(props: { readonly run: RecentRun }) {
  const { run } = props
  return (
    <RouterLink
      className={useStyles().nowrap}
      to={logsPath({ runId: run.id })}
      title={run.startedAt}
      aria-label={`${formatTime(run.startedAt)}: logs of this run`}
    >
      {formatTime(run.startedAt)}
    </RouterLink>
  )
}

const column = createColumnHelper<RecentRun>()

const COLUMNS = [
  column.display({
    id: 'started',
    header: 'Started',
    meta: { width: 'minmax(15rem, 1.2fr)' },
    cell: ({ row }) => <StartedLink run={row.original} />,
  }),
  column.display({
    id: 'job',
    header: 'Job',
    meta: { width: 'minmax(10rem, 1fr)' },
    cell: ({ row: { original: run } }) => <CellText>{run.jobName}</CellText>,
  }),
  column.display({
    id: 'mode',
    header: 'Mode',
    meta: { width: '7rem' },
    cell: ({ row: { original: run } }) => run.mode,
  }),
  column.display({
    id: 'status',
    header: 'Status',
    meta: { width: '11rem' },
    cell: ({ row: { original: run } }) => <StatusBadge status={run.status} />,
  }),
  column.display({
    id: 'summary',
    header: 'Summary',
    meta: { width: 'minmax(10rem, 1.4fr)' },
    cell: ({ row: { original: run } }) => <CellText>{summaryText(run.summary)}</CellText>,
  }),
]

/** The latest runs across jobs, each linking to its log entries. */
export function RecentRunsTable(props: { readonly runs: ReadonlyArray<RecentRun> }) {
  return (
    <DataTable
      label="Recent runs"
      columns={COLUMNS}
      rows={props.runs}
      getRowId={run => run.id}
      maxHeight="min(50vh, 32rem)"
    />
  )
}

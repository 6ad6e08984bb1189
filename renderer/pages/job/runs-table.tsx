import { useMemo } from 'react'
import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import type { RunInfo } from '../../../main/ipc/api/contract'
import { logsPath, runPath } from '../../app/paths'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { formatDuration, summaryText } from '../../lib/format'
import { undoable, UndoRunButton } from '../run/undo-run'

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
    alignItems: 'flex-start',
  },
  error: {
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  number: { fontVariantNumeric: 'tabular-nums' },
  runLink: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
})

const column = createColumnHelper<RunInfo>()

function useColumns(jobId: string) {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'started',
        header: 'Started',
        meta: { width: 'minmax(15rem, 1.3fr)' },
        cell: ({ row: { original: run } }) => (
          <div className={styles.stack}>
            <TimeText iso={run.startedAt} />
            <RouterLink
              to={runPath(jobId, run.id)}
              className={styles.runLink}
              title={run.id}
              aria-label={`Run ${run.id}`}
            >
              {run.id}
            </RouterLink>
          </div>
        ),
      }),
      column.display({
        id: 'mode',
        header: 'Mode',
        meta: { width: '6.5rem' },
        cell: ({ row }) => row.original.mode,
      }),
      column.display({
        id: 'status',
        header: 'Status',
        meta: { width: 'minmax(11rem, 1fr)' },
        cell: ({ row: { original: run } }) => (
          <div className={styles.stack}>
            <StatusBadge status={run.status} />
            {run.error !== null && <span className={styles.error}>{run.error}</span>}
          </div>
        ),
      }),
      column.display({
        id: 'duration',
        header: 'Duration',
        meta: { width: '7rem' },
        cell: ({ row: { original: run } }) => formatDuration(run.startedAt, run.finishedAt),
      }),
      column.display({
        id: 'summary',
        header: 'Summary',
        meta: { width: 'minmax(10rem, 1.4fr)' },
        cell: ({ row: { original: run } }) => <CellText>{summaryText(run.summary)}</CellText>,
      }),
      column.display({
        id: 'failed',
        header: 'Failed',
        meta: { width: '5rem' },
        cell: ({ row: { original: run } }) => <span className={styles.number}>{run.failed}</span>,
      }),
      column.display({
        id: 'logs',
        header: () => <span>Open</span>,
        meta: { width: '5rem' },
        // A dry run writes no log entries: its plan is stored with it instead.
        cell: ({ row: { original: run } }) =>
          run.mode === 'dry-run' ? (
            <RouterLink to={runPath(jobId, run.id)} aria-label={`Plan: dry run ${run.id}`}>
              Plan
            </RouterLink>
          ) : (
            <RouterLink to={logsPath({ jobId, runId: run.id })} aria-label={`Logs: run ${run.id}`}>
              Logs
            </RouterLink>
          ),
      }),
      column.display({
        id: 'undo',
        header: () => <span>Undo</span>,
        meta: { width: '6rem' },
        cell: ({ row: { original: run } }) => (undoable(run) ? <UndoRunButton run={run} /> : null),
      }),
    ],
    [styles, jobId]
  )
}

/** A job's runs, newest first, each linking to its log entries. */
export function RunsTable(props: { readonly jobId: string; readonly runs: ReadonlyArray<RunInfo> }) {
  return (
    <DataTable
      label="Runs"
      columns={useColumns(props.jobId)}
      rows={props.runs}
      getRowId={run => run.id}
      estimateRowHeight={60}
      maxHeight="min(60vh, 40rem)"
    />
  )
}

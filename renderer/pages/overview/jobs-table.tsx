import { useMemo } from 'react'
import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import type { JobInfo } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { summaryText } from '../../lib/format'
import { jobPath, logsPath } from '../../app/paths'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  inline: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  links: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
})

const column = createColumnHelper<JobInfo>()

function useColumns() {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'job',
        header: 'Job',
        meta: { width: 'minmax(12rem, 1.4fr)' },
        cell: ({ row: { original: job } }) => (
          <div className={styles.stack}>
            <RouterLink to={jobPath(job.id)}>{job.name}</RouterLink>
            <CellText secondary mono>
              {job.id}
            </CellText>
            {job.quarantine !== null && (
              <span className={styles.inline} title={`${job.quarantine.code} since ${job.quarantine.since}`}>
                <StatusBadge status="quarantined" />
                <CellText secondary>{job.quarantine.reason}</CellText>
              </span>
            )}
          </div>
        ),
      }),
      column.display({
        id: 'systems',
        header: 'Source → target',
        meta: { width: 'minmax(12rem, 1.6fr)' },
        cell: ({ row: { original: job } }) => (
          <div className={styles.stack}>
            <CellText>{job.source ?? '—'}</CellText>
            <CellText secondary>{job.target ?? '—'}</CellText>
          </div>
        ),
      }),
      column.display({
        id: 'lastRun',
        header: 'Last run',
        meta: { width: 'minmax(13rem, 1.2fr)' },
        cell: ({ row: { original: job } }) =>
          job.lastRun === null ? (
            <span className={styles.secondary}>never run</span>
          ) : (
            <div className={styles.stack}>
              <span className={styles.inline}>
                <StatusBadge status={job.lastRun.status} />
                <span className={styles.secondary}>{job.lastRun.mode}</span>
              </span>
              <TimeText iso={job.lastRun.startedAt} className={styles.secondary} />
            </div>
          ),
      }),
      column.display({
        id: 'summary',
        header: 'Summary',
        meta: { width: 'minmax(9rem, 1fr)' },
        cell: ({ row: { original: job } }) => (
          <CellText>{summaryText(job.lastRun?.summary ?? null)}</CellText>
        ),
      }),
      column.display({
        id: 'links',
        header: () => <span>Open</span>,
        meta: { width: 'minmax(10rem, auto)' },
        cell: ({ row: { original: job } }) => (
          <div className={styles.links}>
            <RouterLink to={jobPath(job.id)} aria-label={`Runs & preview: ${job.name}`}>
              Runs &amp; preview
            </RouterLink>
            <RouterLink to={logsPath({ jobId: job.id })} aria-label={`Logs: ${job.name}`}>
              Logs
            </RouterLink>
          </div>
        ),
      }),
    ],
    [styles]
  )
}

/** Every job with its source, target and last run. */
export function JobsTable(props: { readonly jobs: ReadonlyArray<JobInfo> }) {
  return (
    <DataTable
      label="Jobs"
      columns={useColumns()}
      rows={props.jobs}
      getRowId={job => job.id}
      estimateRowHeight={64}
    />
  )
}

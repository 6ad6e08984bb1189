import { Badge, type BadgeProps, makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { DashboardJob, JobHealth, JobInfo } from '../../../main/ipc/api/contract'
import { jobPath, logsPath } from '../../app/paths'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { summaryText } from '../../lib/format'
import { RunProgress } from '../run/run-progress'

/** A job as the overview shows it: the dashboard's view joined with what it connects. */
export interface DashboardRow {
  readonly job: DashboardJob
  readonly info: JobInfo | undefined
}

const HEALTH: Readonly<Record<JobHealth, readonly [string, BadgeProps['color'], BadgeProps['appearance']]>> =
  {
    running: ['running', 'brand', 'filled'],
    paused: ['paused', 'warning', 'outline'],
    quarantined: ['quarantined', 'danger', 'filled'],
    blocked: ['blocked: approval needed', 'warning', 'filled'],
    failed: ['failed', 'danger', 'filled'],
    healthy: ['healthy', 'success', 'filled'],
    'not-run': ['not run yet', 'informative', 'tint'],
  }

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
    alignItems: 'flex-start',
  },
  inline: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    minWidth: 0,
  },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  progress: { width: '100%' },
  badge: { whiteSpace: 'nowrap' },
  number: { fontVariantNumeric: 'tabular-nums' },
  links: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
})

/** The job's health in words and colour (the word always shows), with why and a running run's progress. */
function HealthCell(props: { readonly job: DashboardJob }) {
  const styles = useStyles()
  const { job } = props
  const [label, color, appearance] = HEALTH[job.health]
  return (
    <div className={styles.stack}>
      <Badge appearance={appearance} shape="rounded" color={color} className={styles.badge}>
        {label}
      </Badge>
      {job.running !== null && (
        <RunProgress jobId={job.id} run={job.running} compact className={styles.progress} />
      )}
      {job.healthReason !== null && <CellText secondary>{job.healthReason}</CellText>}
    </div>
  )
}

function LastRunCell(props: { readonly job: DashboardJob }) {
  const styles = useStyles()
  const run = props.job.lastRun
  if (run === null) return <span className={styles.secondary}>never run</span>
  return (
    <div className={styles.stack}>
      <span className={styles.inline}>
        <StatusBadge status={run.status} />
        <span className={styles.secondary}>{run.mode}</span>
        <TimeText iso={run.startedAt} className={styles.secondary} />
      </span>
      <CellText>{summaryText(run.summary)}</CellText>
      {run.status === 'cancelled' && (
        <CellText secondary>Cancelled before the end: the next apply writes the rest</CellText>
      )}
    </div>
  )
}

function AccountsCell(props: { readonly job: DashboardJob }) {
  const styles = useStyles()
  const { linked, unmanaged } = props.job
  return (
    <div className={styles.stack}>
      <span className={styles.number}>
        {linked.users.toLocaleString()} linked {linked.users === 1 ? 'account' : 'accounts'}
        {linked.groups > 0 &&
          ` · ${linked.groups.toLocaleString()} ${linked.groups === 1 ? 'group' : 'groups'}`}
      </span>
      <span
        className={styles.secondary}
        title="Accounts in the app no one in the source is linked or matched to, as the latest run counted them"
      >
        {unmanaged === null ? 'unmanaged: not counted yet' : `${unmanaged.toLocaleString()} unmanaged`}
      </span>
    </div>
  )
}

const column = createColumnHelper<DashboardRow>()

function useColumns() {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'job',
        header: 'Job',
        meta: { width: 'minmax(12rem, 1.3fr)' },
        cell: ({ row: { original } }) => (
          <div className={styles.stack}>
            <RouterLink to={jobPath(original.job.id)}>{original.job.name}</RouterLink>
            <CellText secondary>{original.info?.source ?? original.job.id}</CellText>
            <CellText secondary>{original.info?.target ?? ''}</CellText>
          </div>
        ),
      }),
      column.display({
        id: 'health',
        header: 'Status',
        meta: { width: 'minmax(11rem, 1.1fr)' },
        cell: ({ row }) => <HealthCell job={row.original.job} />,
      }),
      column.display({
        id: 'lastRun',
        header: 'Last run',
        meta: { width: 'minmax(14rem, 1.6fr)' },
        cell: ({ row }) => <LastRunCell job={row.original.job} />,
      }),
      column.display({
        id: 'nextRun',
        header: 'Next run',
        meta: { width: 'minmax(8rem, 0.8fr)' },
        cell: ({ row: { original } }) =>
          original.job.nextRunAt === null ? (
            <span className={styles.secondary}>no schedule</span>
          ) : (
            <TimeText iso={original.job.nextRunAt} />
          ),
      }),
      column.display({
        id: 'accounts',
        header: 'Accounts',
        meta: { width: 'minmax(10rem, 1fr)' },
        cell: ({ row }) => <AccountsCell job={row.original.job} />,
      }),
      column.display({
        id: 'links',
        header: () => <span>Open</span>,
        meta: { width: 'minmax(7rem, 0.6fr)' },
        cell: ({ row: { original } }) => (
          <div className={styles.links}>
            <RouterLink to={jobPath(original.job.id)} aria-label={`Runs & preview: ${original.job.name}`}>
              Runs &amp; preview
            </RouterLink>
            <RouterLink to={logsPath({ jobId: original.job.id })} aria-label={`Logs: ${original.job.name}`}>
              Logs
            </RouterLink>
          </div>
        ),
      }),
    ],
    [styles]
  )
}

/** Left out first when the window is narrow. */
const EXPENDABLE = ['links', 'nextRun']

/** Every job: how it stands, its last run (users and groups), next run and accounts. */
export function DashboardTable(props: { readonly rows: ReadonlyArray<DashboardRow> }) {
  return (
    <DataTable
      label="Jobs"
      columns={useColumns()}
      rows={props.rows}
      getRowId={row => row.job.id}
      estimateRowHeight={84}
      dropToFit={EXPENDABLE}
    />
  )
}

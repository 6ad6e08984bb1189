import { loadAccessMap, loadLeaverChecklists, refreshListing } from '../../engine/access/access-facts'
import { filterAccessMap } from '../../engine/access/access-map'
import { loadJobFile } from '../../config/load-job'
import type { AccessMap, LeaverChecklist } from '../../model/access'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import type { WritableDB } from '../../store/database'
import { listJobs } from '../../store/jobs-store'
import { openState } from '../cli-state'
import { csvRecord } from '../../connectors/csv/spreadsheet-csv'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, writeLine, writeText } from '../output'
import { jobIdOption } from './logs-command'

const ACCOUNT_COLUMNS = [
  'sourceId',
  'person',
  'jobId',
  'app',
  'targetId',
  'userName',
  'state',
  'linkedHow',
  'lastChangeAt',
  'lastChangeRunId',
] as const
const UNMANAGED_COLUMNS = [
  'app',
  'jobIds',
  'targetId',
  'userName',
  'displayName',
  'state',
  'listedAt',
] as const
const LEAVER_COLUMNS = [
  'sourceId',
  'person',
  'app',
  'jobId',
  'targetId',
  'userName',
  'state',
  'reason',
  'detail',
  'tickedBy',
  'tickedAt',
  'tickNote',
] as const

type Row = Readonly<Record<string, string | null>>

/**
 * `provisioner access`: who has an account in which app (store only; `--refresh` lists the
 * targets again, read-only), the unmanaged accounts per app, or the leavers' checklists.
 */
export async function accessCommand(args: string[], io: CliIo): Promise<ExitCode> {
  if (args[0] === 'tick' || args[0] === 'untick') {
    return (await import('./access-tick-command')).accessTickCommand(args[0], args.slice(1), io)
  }
  const { values } = parseOptions(args, {
    person: { type: 'string' },
    app: { type: 'string' },
    unmanaged: { type: 'boolean', default: false },
    leavers: { type: 'boolean', default: false },
    refresh: { type: 'boolean', default: false },
    format: { type: 'string', default: 'table' },
    home: { type: 'string' },
  })
  const format = values['format'] as string
  if (!['table', 'csv', 'jsonl'].includes(format)) {
    throw new UsageError(`--format must be table, csv or jsonl, not "${format}"`)
  }
  const person = typeof values['person'] === 'string' ? values['person'] : undefined
  const jobId = jobIdOption(values['app'], io)
  const { db } = openState(values['home'], io)
  try {
    if (jobId !== undefined && !listJobs(db).some(job => job.id === jobId)) {
      throw new UsageError(`--app: no job "${jobId}" has run with this state folder`)
    }
    if (values['refresh'] === true) await refresh(db, jobId, io)
    if (values['leavers'] === true) {
      const lists = loadLeaverChecklists(db, person)
      print(io, format, LEAVER_COLUMNS, lists.flatMap(leaverRows), lists, 'No leaver has an account left.')
      return ExitCode.Success
    }
    const map = filterAccessMap(loadAccessMap(db), { person, jobId })
    if (values['unmanaged'] === true) {
      print(
        io,
        format,
        UNMANAGED_COLUMNS,
        map.unmanaged.map(unmanagedRow),
        map.unmanaged,
        'No unmanaged accounts.'
      )
    } else {
      const rows = accountRows(map)
      print(
        io,
        format,
        ACCOUNT_COLUMNS,
        rows,
        map.people,
        person === undefined ? 'No accounts known yet.' : `No one matches "${person}".`
      )
    }
    return ExitCode.Success
  } finally {
    db.close()
  }
}

/** Lists every SCIM job's target again (GET only) from the job file it last ran with. */
async function refresh(db: WritableDB, jobId: string | undefined, io: CliIo): Promise<void> {
  const secrets = new KeytarSecretStore()
  for (const record of listJobs(db)) {
    if (jobId !== undefined && record.id !== jobId) continue
    if (record.configPath === null) continue
    const job = loadJobFile(record.configPath, io.cwd)
    if (job.config.target.type !== 'scim') continue
    const count = await refreshListing(db, job, secrets, io.env)
    writeLine(io.stderr, `Listed ${count} account(s) of ${job.config.name}`)
  }
}

function accountRows(map: AccessMap): Row[] {
  const appOf = new Map(map.apps.map(app => [app.jobId, app.app]))
  return map.people.flatMap((person): Row[] => {
    const base = { sourceId: person.sourceId, person: person.display }
    if (person.accounts.length === 0) {
      return [
        {
          ...base,
          jobId: null,
          app: null,
          targetId: null,
          userName: null,
          state: 'no account',
          linkedHow: null,
          lastChangeAt: null,
          lastChangeRunId: null,
        },
      ]
    }
    return person.accounts.map(account => ({
      ...base,
      jobId: account.jobId,
      app: appOf.get(account.jobId) ?? null,
      targetId: account.targetId,
      userName: account.userName,
      state: account.state,
      linkedHow: account.linkedHow,
      lastChangeAt: account.lastChangeAt,
      lastChangeRunId: account.lastChangeRunId,
    }))
  })
}

function unmanagedRow(account: AccessMap['unmanaged'][number]): Row {
  return { ...account, jobIds: account.jobIds.join(' ') }
}

function leaverRows(list: LeaverChecklist): Row[] {
  return list.items.map(item => ({
    sourceId: list.sourceId,
    person: list.display,
    app: item.app,
    jobId: item.jobId,
    targetId: item.targetId,
    userName: item.userName,
    state: item.state,
    reason: item.reason ?? 'closed',
    detail: item.detail,
    tickedBy: item.ticked?.by ?? null,
    tickedAt: item.ticked?.at ?? null,
    tickNote: item.ticked?.note ?? null,
  }))
}

/** Table and CSV print `rows`; JSON Lines print `objects` (the full records) one a line. */
function print(
  io: CliIo,
  format: string,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<Row>,
  objects: ReadonlyArray<unknown>,
  empty: string
): void {
  if (format === 'jsonl') {
    for (const object of objects) writeText(io.stdout, `${JSON.stringify(object)}\n`)
  } else if (format === 'csv') {
    writeText(io.stdout, csvRecord(columns))
    for (const row of rows) writeText(io.stdout, csvRecord(columns.map(column => row[column] ?? null)))
  } else if (rows.length === 0) {
    writeLine(io.stdout, empty)
  } else {
    writeLine(
      io.stdout,
      formatTable(
        columns,
        rows.map(row => columns.map(column => row[column] ?? ''))
      )
    )
  }
}

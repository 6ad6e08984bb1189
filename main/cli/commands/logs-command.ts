import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadJobFile } from '../../config/load-job'
import {
  LOG_ACTIONS,
  LOG_STATUSES,
  type LogAction,
  type LogEntry,
  type LogStatus,
} from '../../model/log-entry'
import { iterateLogs, type LogQuery, queryLogs } from '../../store/logs-store'
import { openState } from '../cli-state'
import { logExportChunks } from '../../connectors/csv/log-export'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, writeLine, writeText } from '../output'

/** `provisioner logs`: query the provisioning log; export it as CSV or JSON Lines. */
export async function logsCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    run: { type: 'string' },
    status: { type: 'string' },
    action: { type: 'string' },
    identity: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string', default: 'table' },
    home: { type: 'string' },
  })
  const format = values['format'] as string
  if (!['table', 'csv', 'jsonl'].includes(format)) {
    throw new UsageError(`--format must be table, csv or jsonl, not "${format}"`)
  }
  const query: LogQuery = {
    jobId: jobIdOption(values['job'], io),
    runId: stringOption(values['run']),
    status: enumOption(values['status'], LOG_STATUSES, '--status') as LogStatus | undefined,
    action: enumOption(values['action'], LOG_ACTIONS, '--action') as LogAction | undefined,
    identity: stringOption(values['identity']),
    since: timeOption(values['since'], '--since'),
    until: timeOption(values['until'], '--until'),
  }
  const { db } = openState(values['home'], io)
  try {
    if (format === 'table') {
      const limit = values['limit'] === undefined ? 50 : Number(values['limit'])
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit must be a positive whole number')
      const entries = queryLogs(db, { ...query, limit })
      if (entries.length === 0) {
        writeLine(io.stdout, 'No log entries match.')
        return ExitCode.Success
      }
      writeLine(
        io.stdout,
        formatTable(
          ['Time', 'Run', 'Action', 'Status', 'Identity', 'Target', 'Details'],
          entries.map(tableRow)
        )
      )
      return ExitCode.Success
    }
    // Escaped like all output: JSON Lines keep exact values (\u009b is still U+009B).
    for (const chunk of logExportChunks(iterateLogs(db, query), format as 'csv' | 'jsonl')) {
      writeText(io.stdout, chunk)
    }
    return ExitCode.Success
  } finally {
    db.close()
  }
}

function tableRow(entry: LogEntry): string[] {
  const details =
    entry.status === 'failure' || entry.status === 'skipped'
      ? [entry.errorCode, entry.reason].filter(Boolean).join(': ')
      : entry.modified.map(change => change.path).join(', ')
  return [
    entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    entry.runId,
    entry.action,
    entry.status,
    entry.sourceDisplay ?? entry.sourceId ?? '',
    entry.targetId ?? '',
    details.length > 70 ? `${details.slice(0, 69)}…` : details,
  ]
}

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A job id, or a job file whose id is used. */
export function jobIdOption(value: string | boolean | undefined, io: CliIo): string | undefined {
  const text = stringOption(value)
  if (text === undefined) return undefined
  if (text.endsWith('.json') && existsSync(resolve(io.cwd, text))) {
    return loadJobFile(text, io.cwd).id
  }
  return text
}

function enumOption(
  value: string | boolean | undefined,
  allowed: ReadonlyArray<string>,
  name: string
): string | undefined {
  const text = stringOption(value)
  if (text === undefined) return undefined
  const found = allowed.find(candidate => candidate.toLowerCase() === text.toLowerCase())
  if (found === undefined) throw new UsageError(`${name} must be one of ${allowed.join(', ')}`)
  return found
}

/** ISO 8601 date/time, or a duration back from now: 30m, 24h, 7d. */
export function timeOption(
  value: string | boolean | undefined,
  name: string,
  now: number = Date.now()
): number | undefined {
  const text = stringOption(value)
  if (text === undefined) return undefined
  const relative = /^(\d+)\s*([mhd])$/.exec(text)
  if (relative !== null) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd']
    return now - Number(relative[1]) * unit
  }
  const parsed = Date.parse(text)
  if (Number.isNaN(parsed))
    throw new UsageError(`${name} must be an ISO 8601 time or a duration like 24h or 7d`)
  return parsed
}

import type { LoadedJob } from '../config/load-job'
import { csvText } from '../connectors/csv-handoff/handoff-file'
import { type HandoffPreview, handoffPreview } from '../connectors/csv-handoff/handoff-preview'
import { csvHandoffLayout } from '../connectors/csv-handoff/open-csv-handoff'
import type { UserOperation } from '../engine/plan/plan-users'
import type { RunOperation } from '../engine/run/run-job'
import type { WritableDB } from '../store/database'
import { handoffLedger } from '../store/handoff-store'
import { type CliIo, oneLine, writeLine } from './output'

/** The rows a CSV hand-off job's apply would write for this plan; null for other targets. */
export function handoffPreviewOf(
  job: LoadedJob,
  operations: ReadonlyArray<RunOperation>,
  db: WritableDB
): HandoffPreview | null {
  const target = job.config.target
  if (target.type !== 'csv-handoff') return null
  const users = operations.flatMap(operation =>
    operation.objectType === 'user' ? [operation as UserOperation] : []
  )
  const wanted = new Set(
    users.flatMap(operation => (operation.targetId === null ? [] : [operation.targetId]))
  )
  const handedOff = new Map<string, Readonly<Record<string, unknown>>>()
  for (const account of handoffLedger(db, job.id).accounts()) {
    if (wanted.has(account.id)) handedOff.set(account.id, account.resource)
  }
  const layout = csvHandoffLayout({ target, userMappings: job.config.users.mappings })
  return handoffPreview(layout, users, id => handedOff.get(id))
}

/** A dry run of a CSV hand-off job shows the file apply would write, as written (first `limit` rows). */
export function presentHandoffPreview(
  io: CliIo,
  job: LoadedJob,
  preview: HandoffPreview | null,
  limit: number
): void {
  if (preview === null || job.config.target.type !== 'csv-handoff') return
  writeLine(io.stdout)
  if (preview.rows.length === 0) {
    writeLine(io.stdout, 'Hand-off file: nothing changed, so apply writes no file.')
    return
  }
  const count = preview.rows.length
  const shown = preview.rows.slice(0, limit)
  writeLine(
    io.stdout,
    count > limit
      ? `Hand-off file apply would write (first ${limit} of ${count} rows):`
      : `Hand-off file apply would write (${count} row${count === 1 ? '' : 's'}):`
  )
  const format = { ...job.config.target, bom: false }
  for (const record of format.header ? [preview.header, ...shown] : shown) {
    writeLine(io.stdout, `  ${oneLine(csvText(format, [record]).trimEnd())}`)
  }
}

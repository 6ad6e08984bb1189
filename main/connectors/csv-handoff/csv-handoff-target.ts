import { randomUUID } from 'node:crypto'
import type { CsvHandoffTargetConfig } from '../../config/job-schema'
import type { HandoffLedger } from '../../model/handoff-ledger'
import { getPathValue, type ScimPath } from '../../mapping/scim-path'
import type { PatchOperation, ResourceKind, TargetConnector, TargetResource } from '../connector'
import { handoffCsvText, handoffFileName, writeFileAtomically } from './handoff-file'
import { patched } from './handoff-patch'
import { changeAction, type HandoffAction, type HandoffLayout, type HandoffRow } from './handoff-rows'

export interface CsvHandoffOptions {
  readonly config: CsvHandoffTargetConfig
  /** The output folder, absolute. */
  readonly directory: string
  readonly jobId: string
  readonly layout: HandoffLayout
  readonly ledger: HandoffLedger
  readonly now?: () => Date
}

/**
 * A target for an app without SCIM: the run's writes become rows of a CSV file the admin uploads
 * on the app's bulk-upload screen. Its "listing" is what earlier files handed off (the ledger),
 * so matching, diffing and the planner work as for SCIM and each file holds only the changes.
 * The rows are written by `finish()`, once, after the run's writes; only then does the ledger
 * record them, so a file that could not be written is handed off again by the next run.
 */
export class CsvHandoffTarget implements TargetConnector {
  public readonly description: string
  private accounts: Map<string, TargetResource> | null = null
  /** This run's row per account, in the order first written; null: created and deleted again. */
  private rows = new Map<string, HandoffRow | null>()
  private readonly written: string[] = []

  public constructor(private readonly options: CsvHandoffOptions) {
    this.description = `CSV hand-off to ${options.directory}`
  }

  public async *list(kind: ResourceKind): AsyncIterable<TargetResource> {
    if (kind === 'group') return
    yield* this.handedOff().values()
  }

  public async find(
    kind: ResourceKind,
    path: ScimPath,
    value: string
  ): Promise<ReadonlyArray<TargetResource>> {
    if (kind === 'group') return []
    const wanted = value.toLowerCase()
    return [...this.handedOff().values()].filter(account => {
      const found = getPathValue(account, path)
      return typeof found === 'string' && found.toLowerCase() === wanted
    })
  }

  public async get(kind: ResourceKind, id: string): Promise<TargetResource | null> {
    return kind === 'group' ? null : (this.handedOff().get(id) ?? null)
  }

  public async create(
    kind: ResourceKind,
    resource: Readonly<Record<string, unknown>>
  ): Promise<TargetResource> {
    requireUsers(kind)
    const account: TargetResource = { ...structuredClone(resource), id: randomUUID() }
    this.hand(account.id, 'create', account)
    return account
  }

  public async update(
    kind: ResourceKind,
    id: string,
    operations: ReadonlyArray<PatchOperation>
  ): Promise<TargetResource | null> {
    requireUsers(kind)
    const before = this.require(id)
    const after: TargetResource = { ...patched(before, operations), id }
    this.hand(id, changeAction(before, after), after)
    return after
  }

  public async delete(kind: ResourceKind, id: string): Promise<void> {
    requireUsers(kind)
    const before = this.handedOff().get(id)
    if (before === undefined) return
    this.hand(id, 'delete', before)
  }

  /**
   * Writes the run's rows (nothing when there are none) and records them as handed off.
   * Returns the files written, for the run's notices.
   */
  public async finish(): Promise<ReadonlyArray<string>> {
    const rows = [...this.rows.values()].filter(row => row !== null)
    if (rows.length === 0) return []
    const { config, directory, jobId, layout, ledger } = this.options
    const at = (this.options.now ?? (() => new Date()))()
    const runId = ledger.runningRunId() ?? at.toISOString().replace(/[-:.]/g, '')
    const files: string[] = []
    for (const [action, selected] of groupRows(rows, config.files)) {
      const name = handoffFileName(config.fileName, { job: jobId, runId, at, action })
      const path = writeFileAtomically(directory, name, handoffCsvText(config, layout, selected))
      files.push(`${path} (${selected.length} row${selected.length === 1 ? '' : 's'})`)
    }
    ledger.record(
      [...this.rows].map(([id, row]) => ({
        id,
        resource: row === null || row.action === 'delete' ? null : row.resource,
      }))
    )
    this.rows = new Map()
    this.written.push(...files)
    return files
  }

  /** Files written by this connector so far. */
  public get files(): ReadonlyArray<string> {
    return this.written
  }

  /**
   * Rows of a run that failed before `finish` are dropped, not written: the ledger never learnt
   * of them, so the next run plans and hands them off again (and a close in a `finally` never
   * hides the run's own error behind a file error).
   */
  public async close(): Promise<void> {
    this.rows = new Map()
  }

  private hand(id: string, action: HandoffAction, resource: TargetResource): void {
    const accounts = this.handedOff()
    if (action === 'delete') accounts.delete(id)
    else accounts.set(id, resource)
    const previous = this.rows.get(id)
    this.rows.set(id, previous === undefined ? { action, resource } : folded(previous, action, resource))
  }

  private require(id: string): TargetResource {
    const account = this.handedOff().get(id)
    if (account === undefined) throw new Error(`No account ${id} was handed off by this job`)
    return account
  }

  private handedOff(): Map<string, TargetResource> {
    if (this.accounts === null) {
      this.accounts = new Map()
      for (const account of this.options.ledger.accounts()) {
        this.accounts.set(account.id, { ...account.resource, id: account.id })
      }
    }
    return this.accounts
  }
}

/**
 * One row per account and file: a later write of the same run (the manager set after the
 * creates) changes the row's values, and keeps a create a create and a disable a disable.
 */
function folded(
  previous: HandoffRow | null,
  action: HandoffAction,
  resource: TargetResource
): HandoffRow | null {
  if (previous === null) return { action, resource }
  if (previous.action === 'create') return action === 'delete' ? null : { action: 'create', resource }
  const keep = action === 'update' && (previous.action === 'disable' || previous.action === 'enable')
  return { action: keep ? previous.action : action, resource }
}

function requireUsers(kind: ResourceKind): void {
  if (kind === 'group') throw new Error('A CSV hand-off target takes user accounts only')
}

/** One group of all rows (`single`), or one per action in a fixed order (`per-action`). */
function groupRows(
  rows: ReadonlyArray<HandoffRow>,
  files: CsvHandoffTargetConfig['files']
): Array<[string, ReadonlyArray<HandoffRow>]> {
  if (files === 'single') return [['all', rows]]
  const order: HandoffAction[] = ['create', 'update', 'enable', 'disable', 'delete']
  return order
    .map((action): [string, HandoffRow[]] => [action, rows.filter(row => row.action === action)])
    .filter(([, selected]) => selected.length > 0)
}

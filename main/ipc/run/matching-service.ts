import { csvRecord } from '../../connectors/csv/spreadsheet-csv'
import type { LoadedJob } from '../../config/load-job'
import { decide, forget, type LinkDecision } from '../../engine/run/link-decisions'
import {
  buildWorkbench,
  type MatchingWorkbench,
  readWorkbenchInputs,
  type WorkbenchInputs,
} from '../../engine/run/matching-workbench'
import type { WorkbenchRow, WorkbenchTab } from '../../model/matching'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { saveJob } from '../../store/jobs-store'
import { ApiError } from '../api/dispatch'
import type {
  DecisionResult,
  MatchDecisionInput,
  SourcePersonRef,
  WorkbenchExport,
  WorkbenchExportInput,
  WorkbenchPage,
  WorkbenchQueryInput,
} from '../api/run-contract'
import { engineCall } from './run-errors'
import { loadStoredJob } from './stored-job'

interface Reading {
  readonly inputs: WorkbenchInputs
  /** Null when links or decisions changed since it was built. */
  workbench: MatchingWorkbench | null
}

/**
 * The matching workbench behind the admin API: one reading of the source and the target per
 * job, kept until the admin asks to read again; the tabs are rebuilt from it (no I/O) whenever
 * a decision or a run changes the job's links.
 */
export class MatchingService {
  private readonly readings = new Map<string, Reading>()
  private readonly inFlight = new Map<string, Promise<Reading>>()

  public constructor(
    private readonly deps: {
      readonly db: WritableDB
      readonly secrets: SecretStore
      readonly env: () => NodeJS.ProcessEnv | undefined
    }
  ) {}

  /** Links changed (a run, or the CLI): the tabs are rebuilt from the same reading next time. */
  public linksChanged(jobId: string): void {
    const reading = this.readings.get(jobId)
    if (reading !== undefined) reading.workbench = null
  }

  public async page(input: WorkbenchQueryInput): Promise<WorkbenchPage> {
    const workbench = await this.workbench(input.jobId, input.refresh === true)
    const rows = filterRows(workbench.tabs[input.tab], input.search)
    const counts = Object.fromEntries(
      Object.entries(workbench.tabs).map(([tab, list]) => [tab, list.length])
    ) as Record<WorkbenchTab, number>
    return {
      jobId: workbench.jobId,
      readAt: workbench.readAt,
      sourceCount: workbench.sourceCount,
      targetCount: workbench.targetCount,
      counts,
      tab: input.tab,
      total: rows.length,
      rows: rows.slice(input.offset, input.offset + input.limit),
    }
  }

  public async exportTab(input: WorkbenchExportInput): Promise<WorkbenchExport> {
    const workbench = await this.workbench(input.jobId, false)
    const rows = filterRows(workbench.tabs[input.tab], input.search)
    const lines = [csvRecord(CSV_HEADER), ...rows.map(row => csvRecord(csvCells(row)))]
    return { fileName: `${input.jobId}-${input.tab}.csv`, csv: lines.join(''), rows: rows.length }
  }

  public async decide(input: MatchDecisionInput): Promise<DecisionResult> {
    const reading = await this.reading(input.jobId)
    const { job } = reading.inputs
    if (!reading.inputs.mapped.some(person => person.source.id === input.sourceId)) {
      throw new ApiError('refused', `No person with id "${input.sourceId}" is in the source as last read`)
    }
    let decision: LinkDecision
    if (input.decision === 'link') {
      const account = reading.inputs.accounts.find(candidate => candidate.id === input.targetId)
      if (account === undefined) {
        throw new ApiError('refused', `The target had no account "${input.targetId}" when last read`)
      }
      decision = { kind: 'link', account }
    } else {
      decision = { kind: input.decision }
    }
    return this.record(job, db =>
      decide(db, { jobId: job.id, sourceId: input.sourceId, jobFile: job.displayFile }, decision)
    )
  }

  public async undo(input: SourcePersonRef): Promise<DecisionResult> {
    const job = await engineCall(() => loadStoredJob(this.deps.db, input.jobId))
    return this.record(job, db =>
      forget(db, { jobId: job.id, sourceId: input.sourceId, jobFile: job.displayFile })
    )
  }

  private async record(
    job: LoadedJob,
    make: (db: WritableDB) => { description: string; logRunId: string }
  ): Promise<DecisionResult> {
    const change = await engineCall(() => {
      saveJob(this.deps.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
      return make(this.deps.db)
    })
    this.linksChanged(job.id)
    return { description: change.description, logRunId: change.logRunId }
  }

  private async workbench(jobId: string, refresh: boolean): Promise<MatchingWorkbench> {
    const reading = await this.reading(jobId, refresh)
    reading.workbench ??= await engineCall(() => buildWorkbench(this.deps.db, reading.inputs))
    return reading.workbench
  }

  private async reading(jobId: string, refresh = false): Promise<Reading> {
    const kept = this.readings.get(jobId)
    if (kept !== undefined && !refresh) return kept
    // Pages and exports asked for while the source and target are read share that one reading.
    const pending = this.inFlight.get(jobId)
    if (pending !== undefined) return pending
    const read = engineCall(async () => {
      const job = loadStoredJob(this.deps.db, jobId)
      return readWorkbenchInputs({ job, db: this.deps.db, secrets: this.deps.secrets, env: this.deps.env() })
    }).then(inputs => {
      const reading: Reading = { inputs, workbench: null }
      this.readings.set(jobId, reading)
      return reading
    })
    this.inFlight.set(jobId, read)
    try {
      return await read
    } finally {
      this.inFlight.delete(jobId)
    }
  }
}

function filterRows(
  rows: ReadonlyArray<WorkbenchRow>,
  search: string | undefined
): ReadonlyArray<WorkbenchRow> {
  const needle = search?.trim().toLowerCase() ?? ''
  if (needle === '') return rows
  return rows.filter(row =>
    [
      row.person,
      row.sourceId,
      row.account?.userName,
      row.account?.displayName,
      row.account?.id,
      ...row.candidates.flatMap(candidate => [candidate.userName, candidate.displayName]),
    ].some(text => text != null && text.toLowerCase().includes(needle))
  )
}

const CSV_HEADER = [
  'Source id',
  'Person',
  'Action',
  'Account id',
  'Account userName',
  'Account display name',
  'Account active',
  'Matched on',
  'Changes',
  'Warnings',
  'Reason',
  'Candidates',
  'Decision',
  'Other job',
]

function csvCells(row: WorkbenchRow): Array<string | null> {
  const account = row.account
  return [
    row.sourceId,
    row.person,
    row.action,
    account?.id ?? null,
    account?.userName ?? null,
    account?.displayName ?? null,
    account === null ? null : String(account.active),
    row.matchedOn,
    row.changes
      .map(change => `${change.path}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`)
      .join('; '),
    row.warnings.join('; '),
    row.reason,
    row.candidates
      .map(candidate => `${candidate.userName ?? candidate.id} (${candidate.active ? 'active' : 'disabled'})`)
      .join('; '),
    row.decision,
    row.otherJob,
  ]
}

import { createHash, randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import type { SourceObject, TargetResource } from '../connectors/connector'
import { CsvSource } from '../connectors/csv/csv-source'
import { ScimTarget } from '../connectors/scim/scim-target'
import type { LoadedJob } from '../config/load-job'
import type { AuthConfig } from '../config/job-schema'
import type { Link } from '../model/link'
import type { RunMode, RunStatus, RunSummary, UserSummary } from '../model/run'
import { emptyRunSummary } from '../model/run'
import type { PlannedOperation, SavedPlan } from '../model/plan'
import { resolveSecretRef } from '../secrets/resolve-secret'
import type { SecretStore } from '../secrets/secret-store'
import { inTransaction, type WritableDB } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { loadLinks } from '../store/links-store'
import { pruneLogs } from '../store/logs-store'
import { createRun, finishRun } from '../store/runs-store'
import { type ApplyFailure, applyUserPlan } from './apply-plan'
import { checkReferencedAttributes, compileJob } from './compile-job'
import { mapSourceObject, type MappedObject } from './map-object'
import { planUsers, type UserOperation } from './plan-users'
import { newRunId } from './run-id'
import { claimJob } from './run-lock'
import { RunRecorder } from './run-recorder'
import { TargetSnapshot } from './target-snapshot'

export type RunPhase = 'import' | 'read-target' | 'plan' | 'apply'

export interface RunJobOptions {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly mode: Exclude<RunMode, 'on-demand'>
  /** Apply only the rows of this saved plan that are still exactly right. */
  readonly savedPlan?: SavedPlan
  readonly now?: () => Date
  readonly random?: () => number
  readonly env?: NodeJS.ProcessEnv
  readonly onPhase?: (phase: RunPhase, detail: string) => void
  /** Asked after planning and before the first write; returning false cancels the run. */
  readonly confirm?: (summary: RunSummary, operations: ReadonlyArray<UserOperation>) => Promise<boolean>
  readonly onProgress?: (done: number, total: number) => void
}

export interface RunOutcome {
  readonly runId: string
  readonly mode: Exclude<RunMode, 'on-demand'>
  readonly status: Exclude<RunStatus, 'running'>
  /** Dry run: what would be done. Apply: what was done. */
  readonly summary: RunSummary
  /** The plan (dry run) or the operations attempted (apply). */
  readonly operations: ReadonlyArray<UserOperation>
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly configHash: string
  readonly sourceCount: number
  readonly targetCount: number
}

/** The job's settings in a canonical form, so a saved plan can tell whether the job changed. */
export function configHash(job: LoadedJob): string {
  return createHash('sha256').update(JSON.stringify(job.config)).digest('base64url').slice(0, 22)
}

/**
 * One run of a job: import → scope → map → read target → match → plan → (apply).
 *
 * Everything that can be refused (job file, source file, credentials, target reachability) is
 * checked before the first write.
 */
export async function runJob(options: RunJobOptions): Promise<RunOutcome> {
  const { job, db } = options
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const compiled = compileJob(job)
  const hash = configHash(job)
  if (options.savedPlan !== undefined) {
    checkSavedPlan(options.savedPlan, job, hash)
  }

  options.onPhase?.('import', `Reading ${job.config.source.path}`)
  const source = new CsvSource({
    path: resolve(job.directory, job.config.source.path),
    displayPath: job.config.source.path,
    idColumn: job.config.source.idColumn,
    delimiter: job.config.source.delimiter,
    encoding: job.config.source.encoding,
    multiValued: job.config.source.multiValued,
    emptyValues: job.config.source.emptyValues,
  })
  const header = await source.readHeader()
  checkReferencedAttributes(job, compiled.users, header, job.config.source.path)

  const authorization = await authorizationHeader(job.config.target.auth, options.secrets, options.env)
  const target = new ScimTarget({
    baseUrl: job.config.target.baseUrl,
    authorization,
    timeoutMs: job.config.target.timeoutMs,
    connections: job.config.target.concurrency,
    dialect: { pageSize: job.config.target.pageSize, patchOps: job.config.target.patchOps },
  })

  try {
    // The target is read while the source is parsed: the listing mostly waits on the server,
    // and parsing fills that wait. Both only read; nothing is written before both succeed.
    options.onPhase?.('read-target', `Reading accounts from ${job.config.target.baseUrl}`)
    const listing = readAllAccounts(target)
    listing.catch(() => undefined)
    const mapped: MappedObject[] = []
    for await (const object of source.readUsers() as AsyncIterable<SourceObject>) {
      mapped.push(mapSourceObject(object, compiled.users, { now, random }))
    }

    saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    claimJob(db, job.id)
    const runId = newRunId(now())
    createRun(db, { id: runId, jobId: job.id, mode: options.mode })
    try {
      const resources = await listing
      const snapshot = new TargetSnapshot(resources)

      options.onPhase?.('plan', `Planning ${mapped.length} people against ${snapshot.size} accounts`)
      const links = loadLinks(db, job.id, 'user')
      let operations = planUsers({
        mapped,
        links,
        target: snapshot,
        compiled: compiled.users,
        authoritative: job.config.source.authoritative,
        deprovision: job.config.users.deprovision,
        newChangeId: randomUUID,
        sourceName: job.config.source.path,
      })
      const planned = summarise(operations)

      if (options.mode === 'dry-run') {
        finishRun(db, runId, { status: 'completed', summary: planned, failed: 0, error: null })
        return outcome(
          runId,
          options.mode,
          'completed',
          planned,
          operations,
          [],
          hash,
          mapped.length,
          snapshot.size
        )
      }

      if (options.savedPlan !== undefined) {
        operations = restrictToSavedPlan(operations, options.savedPlan)
      }
      if (options.confirm !== undefined && !(await options.confirm(summarise(operations), operations))) {
        finishRun(db, runId, { status: 'cancelled', summary: emptyRunSummary(), failed: 0, error: null })
        return outcome(
          runId,
          options.mode,
          'cancelled',
          emptyRunSummary(),
          [],
          [],
          hash,
          mapped.length,
          snapshot.size
        )
      }
      inTransaction(db, () => pruneLogs(db, now().getTime() - job.config.logs.retentionDays * 86_400_000))
      options.onPhase?.('apply', `Applying ${countWrites(operations)} change(s)`)
      const result = await applyUserPlan(operations, {
        jobId: job.id,
        runId,
        target,
        recorder: new RunRecorder(db),
        concurrency: job.config.target.concurrency,
        linksByTarget: linksByTarget(links),
        logUnchanged: job.config.logs.unchanged,
        onProgress: options.onProgress,
      })
      const failures = result.failures
      const status = failures.length === 0 ? 'completed' : 'completed-with-errors'
      finishRun(db, runId, { status, summary: result.summary, failed: failures.length, error: null })
      return outcome(
        runId,
        options.mode,
        status,
        result.summary,
        operations,
        failures,
        hash,
        mapped.length,
        snapshot.size
      )
    } catch (error) {
      finishRun(db, runId, {
        status: 'failed',
        summary: null,
        failed: 0,
        error: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
  } finally {
    await target.close()
  }
}

async function readAllAccounts(target: ScimTarget): Promise<TargetResource[]> {
  const resources: TargetResource[] = []
  for await (const resource of target.list('user')) {
    resources.push(resource)
  }
  return resources
}

function outcome(
  runId: string,
  mode: RunOutcome['mode'],
  status: RunOutcome['status'],
  summary: RunSummary,
  operations: ReadonlyArray<UserOperation>,
  failures: ReadonlyArray<ApplyFailure>,
  hash: string,
  sourceCount: number,
  targetCount: number
): RunOutcome {
  return { runId, mode, status, summary, operations, failures, configHash: hash, sourceCount, targetCount }
}

export async function authorizationHeader(
  auth: AuthConfig,
  secrets: SecretStore,
  env?: NodeJS.ProcessEnv
): Promise<string | null> {
  switch (auth.type) {
    case 'none':
      return null
    case 'bearer':
      return `Bearer ${await resolveSecretRef(auth.secretRef, secrets, env)}`
    case 'basic': {
      const password = await resolveSecretRef(auth.secretRef, secrets, env)
      return `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}`
    }
  }
}

/** Counts a plan by action, in the `plan --json` summary shape. */
export function summarise(operations: ReadonlyArray<UserOperation>): RunSummary {
  const users = { ...emptyRunSummary().users } as { -readonly [K in keyof UserSummary]: number }
  for (const operation of operations) {
    if (operation.action === 'skip') users.skipped++
    else users[operation.action]++
  }
  return { ...emptyRunSummary(), users }
}

function countWrites(operations: ReadonlyArray<UserOperation>): number {
  return operations.filter(operation => ['create', 'patch', 'delete'].includes(operation.execution.kind))
    .length
}

function linksByTarget(links: ReadonlyMap<string, Link>): Map<string, Link> {
  const byTarget = new Map<string, Link>()
  for (const link of links.values()) {
    if (link.state !== 'deleted') byTarget.set(link.targetId, link)
  }
  return byTarget
}

export class SavedPlanMismatchError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'SavedPlanMismatchError'
  }
}

function checkSavedPlan(plan: SavedPlan, job: LoadedJob, hash: string): void {
  if (plan.jobId !== job.id) {
    throw new SavedPlanMismatchError(`The plan was made for job "${plan.jobId}", not "${job.id}"`)
  }
  if (plan.configHash !== hash) {
    throw new SavedPlanMismatchError(
      'The job file changed since the plan was made (mappings, scoping or settings differ); make a new plan'
    )
  }
}

/**
 * Keeps only operations the saved plan contains exactly (same action, account and attribute
 * values, against the same target values). Everything else is refused, never improvised: a
 * planned row that no longer matches becomes a `PlanStale` failure, and a decision the plan did
 * not contain is skipped (`NotInPlan`); both are logged.
 */
function restrictToSavedPlan(operations: ReadonlyArray<UserOperation>, plan: SavedPlan): UserOperation[] {
  const approved = new Set(plan.operations.map(operation => operation.fingerprint))
  const current = new Set(operations.map(operation => operation.fingerprint))
  const stale = plan.operations.filter(
    operation => operation.action !== 'unchanged' && !current.has(operation.fingerprint)
  )
  // One log entry per person: someone whose planned row went stale is reported as stale only.
  const staleSources = new Set(stale.map(operation => operation.sourceId))
  const kept: UserOperation[] = []
  for (const operation of operations) {
    if (operation.action === 'unchanged' || approved.has(operation.fingerprint)) {
      kept.push(operation)
    } else if (!staleSources.has(operation.sourceId)) {
      kept.push(
        refusedOperation(
          operation,
          'skip',
          'NotInPlan',
          'Not in the saved plan; make a new plan to include it'
        )
      )
    }
  }
  for (const operation of stale) {
    kept.push(
      refusedOperation(
        operation,
        'skip',
        'PlanStale',
        `Planned ${operation.action} not applied: the source or the target changed since the plan was made`
      )
    )
  }
  return kept
}

function refusedOperation(
  operation: PlannedOperation,
  action: 'skip',
  errorCode: string,
  reason: string
): UserOperation {
  return {
    changeId: operation.changeId,
    objectType: operation.objectType,
    action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason,
    errorCode,
    steps: [...operation.steps, { type: 'processing', status: 'skipped', description: reason }],
    fingerprint: operation.fingerprint,
    execution: { kind: 'none' },
    refusedAction: operation.action,
  }
}

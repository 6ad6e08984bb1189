import type { LoadedJob } from '../config/load-job'
import type { ApplyFailure } from '../engine/apply-plan'
import type { UserOperation } from '../engine/plan-users'
import type { RunOutcome } from '../engine/run-job'
import type { PlannedOperation, SavedPlan } from '../model/plan'
import type { RunSummary } from '../model/run'
import { type CliIo, formatTable, showValue, writeLine } from './output'

/** The `operations` entries of `plan --json` (DESIGN §4 shape, plus the error code). */
export function operationJson(operation: PlannedOperation) {
  return {
    objectType: operation.objectType,
    action: operation.action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason: operation.reason,
    errorCode: operation.errorCode,
  }
}

/** `plan --json`: summary plus every operation that is not "unchanged". */
export function planJson(outcome: RunOutcome) {
  return {
    runId: outcome.runId,
    summary: outcome.summary,
    operations: outcome.operations.filter(operation => operation.action !== 'unchanged').map(operationJson),
  }
}

/** `apply --json`. */
export function applyJson(outcome: RunOutcome) {
  return {
    runId: outcome.runId,
    status: outcome.status,
    summary: outcome.summary,
    failures: outcome.failures,
  }
}

export function toSavedPlan(job: LoadedJob, outcome: RunOutcome, now: Date = new Date()): SavedPlan {
  return {
    format: 'provisioner-plan',
    version: 1,
    jobId: job.id,
    jobName: job.config.name,
    configHash: outcome.configHash,
    runId: outcome.runId,
    createdAt: now.toISOString(),
    summary: outcome.summary,
    operations: outcome.operations
      .filter(operation => operation.action !== 'unchanged')
      .map(({ execution: _execution, ...operation }) => operation),
  }
}

const SYMBOLS: Readonly<Record<UserOperation['action'], string>> = {
  create: '+',
  update: '~',
  link: '=',
  enable: '^',
  disable: '-',
  delete: 'x',
  unchanged: ' ',
  skip: '.',
  conflict: '!',
}

export function summaryTable(summary: RunSummary): string {
  const users = summary.users
  return formatTable(
    ['Users', 'create', 'update', 'link', 'enable', 'disable', 'delete', 'unchanged', 'skipped', 'conflict'],
    [
      [
        '',
        String(users.create),
        String(users.update),
        String(users.link),
        String(users.enable),
        String(users.disable),
        String(users.delete),
        String(users.unchanged),
        String(users.skipped),
        String(users.conflict),
      ],
    ]
  )
}

/** One line per operation: symbol, action, who, and what changes (or why not). */
export function describeOperation(operation: PlannedOperation): string {
  const head = `${SYMBOLS[operation.action]} ${operation.action.padEnd(8)} ${operation.display}`
  if (operation.changes.length > 0 && operation.action !== 'disable') {
    const shownChanges = operation.changes.slice(0, 4)
    const more = operation.changes.length - shownChanges.length
    const changes = shownChanges
      .map(change =>
        operation.action === 'create'
          ? `${change.path}=${showValue(change.to, 40)}`
          : `${change.path}: ${showValue(change.from, 30)} → ${showValue(change.to, 30)}`
      )
      .join(', ')
    return `${head}  ${changes}${more > 0 ? ` (+${more} more)` : ''}`
  }
  return operation.reason === null ? head : `${head}  (${operation.reason})`
}

export function presentPlan(io: CliIo, job: LoadedJob, outcome: RunOutcome, limit = 20): void {
  const out = (text = '') => writeLine(io.stdout, text)
  out(`Plan for "${job.config.name}" — dry run ${outcome.runId}; nothing was written to the target.`)
  out(
    `Source: ${job.config.source.path} (${outcome.sourceCount} people). Target: ${job.config.target.baseUrl} (${outcome.targetCount} accounts).`
  )
  out()
  out(summaryTable(outcome.summary))
  presentOperations(io, outcome.operations, limit)
}

export function presentOperations(
  io: CliIo,
  operations: ReadonlyArray<PlannedOperation>,
  limit: number
): void {
  const out = (text = '') => writeLine(io.stdout, text)
  const changes = operations.filter(operation => operation.action !== 'unchanged')
  if (changes.length === 0) {
    out()
    out('No changes: the target already matches the source.')
    return
  }
  out()
  out(changes.length > limit ? `Changes (first ${limit} of ${changes.length}):` : 'Changes:')
  for (const operation of changes.slice(0, limit)) {
    out(`  ${describeOperation(operation)}`)
  }
}

export function presentApply(io: CliIo, job: LoadedJob, outcome: RunOutcome, logsHint = '', limit = 20): void {
  const out = (text = '') => writeLine(io.stdout, text)
  out(`Run ${outcome.runId} of "${job.config.name}": ${outcome.status}.`)
  out()
  out(summaryTable(outcome.summary))
  if (outcome.failures.length > 0) {
    out()
    out(`Failed (${outcome.failures.length}):`)
    for (const failure of outcome.failures.slice(0, limit)) {
      out(`  ! ${failure.action.padEnd(8)} ${failure.display}  ${describeFailure(failure)}`)
    }
  }
  out()
  out(`Details: provisioner logs${logsHint} --run ${outcome.runId}`)
}

function describeFailure(failure: ApplyFailure): string {
  return `${failure.errorCode}${failure.httpStatus === null ? '' : ` (HTTP ${failure.httpStatus})`}: ${failure.message}`
}

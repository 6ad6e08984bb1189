import { targetName } from '../config/target-settings'
import type { HandoffPreview } from '../connectors/csv-handoff/handoff-preview'
import { presentHandoffPreview } from './present-handoff'
import type { LoadedJob } from '../config/load-job'
import { isLoopbackHost, plainHttpHostOf } from '../config/plain-http'
import type { AuthConfig, LdapSourceConfig } from '../config/job-schema'
import { sourceName } from '../config/source-name'
import type { ApplyFailure } from '../model/failure'
import type { UserOperation } from '../engine/plan/plan-users'
import type { RunOperation, RunOutcome, ShownOperation } from '../engine/run/run-job'
import { type PlannedOperation, plannedFields, type SavedPlan } from '../model/plan'
import type { RunSummary } from '../model/run'
import { type CliIo, formatTable, oneLine, showValue, writeLine } from './output'
import { JsonList } from './json-output'

/** The `operations` entries of `plan --json` (DESIGN §4 shape, plus the error code). */
export function operationJson(operation: ShownOperation) {
  const members =
    operation.members !== undefined
      ? {
          members: {
            add: operation.members.add,
            remove: operation.members.remove,
            skipped: operation.members.skipped,
          },
        }
      : {}
  return {
    objectType: operation.objectType,
    action: operation.action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason: operation.reason,
    errorCode: operation.errorCode,
    ...(operation.warnings === undefined || operation.warnings.length === 0
      ? {}
      : { warnings: operation.warnings }),
    ...members,
  }
}

/** `plan --json`: summary plus every operation that is not "unchanged", and every warning. */
/** `handoff`: the file a CSV hand-off job's apply would write (see present-handoff.ts). */
export function planJson(outcome: RunOutcome<ShownOperation>, handoff: HandoffPreview | null = null) {
  return {
    runId: outcome.runId,
    summary: outcome.summary,
    unmanagedAccounts: outcome.unmanagedAccounts,
    operations: new JsonList(() => changed(outcome.operations, operationJson)),
    warnings: planWarnings(outcome.operations),
    ...(handoff === null ? {} : { handoff }),
  }
}

/** Every operation's warnings, one entry each, naming whose operation it is. */
export function planWarnings(operations: ReadonlyArray<ShownOperation>) {
  return operations.flatMap(operation =>
    (operation.warnings ?? []).map(message => ({
      objectType: operation.objectType,
      sourceId: operation.sourceId,
      display: operation.display,
      message,
    }))
  )
}

/** `apply --json`. */
export function applyJson(outcome: RunOutcome) {
  return {
    runId: outcome.runId,
    status: outcome.status,
    summary: outcome.summary,
    failures: outcome.failures,
    ...(outcome.staged > 0 ? { staged: outcome.staged, deletion: outcome.deletion } : {}),
    ...(outcome.jobState.quarantinedAt === null
      ? {}
      : {
          quarantine: {
            since: outcome.jobState.quarantinedAt,
            code: outcome.jobState.quarantineCode,
            reason: outcome.jobState.quarantineReason,
          },
        }),
    ...(outcome.notices.length > 0 ? { notices: outcome.notices } : {}),
  }
}

/** The operations a plan shows: all but the unchanged ones, each made only when it is read. */
function* changed<Operation extends ShownOperation, T>(
  operations: ReadonlyArray<Operation>,
  present: (operation: Operation) => T
): Generator<T> {
  for (const operation of operations) if (operation.action !== 'unchanged') yield present(operation)
}

export function toSavedPlan(job: LoadedJob, outcome: RunOutcome, now: Date = new Date()): SavedPlan {
  return { ...savedPlanJson(job, outcome, now), operations: [...changed(outcome.operations, savedOperation)] }
}

/** `plan --out`: the saved plan, its operations made one by one as they are written. */
export function savedPlanJson(job: LoadedJob, outcome: RunOutcome, now: Date = new Date()) {
  return {
    format: 'provisioner-plan' as const,
    version: 1 as const,
    jobId: job.id,
    jobName: job.config.name,
    configHash: outcome.configHash,
    runId: outcome.runId ?? '',
    createdAt: now.toISOString(),
    summary: outcome.summary,
    operations: new JsonList(() => changed(outcome.operations, savedOperation)),
  }
}

function savedOperation(operation: RunOperation): SavedPlan['operations'][number] {
  return {
    ...toPlannedOperation(operation),
    ...('members' in operation ? { members: operation.members } : {}),
  }
}

/** The saved form of an operation: what was decided, never how it will be executed (nor its warnings). */
function toPlannedOperation(operation: RunOperation): PlannedOperation {
  const { warnings: _warnings, ...decided } = plannedFields(operation)
  return decided
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
  const groups = summary.groups
  const groupTable = Object.values(groups).some(count => count > 0)
    ? '\n\n' +
      formatTable(
        ['Groups', 'create', 'update', 'delete', 'unchanged', 'members added', 'members removed'],
        [
          [
            '',
            String(groups.create),
            String(groups.update),
            String(groups.delete),
            String(groups.unchanged),
            String(groups.membersAdded),
            String(groups.membersRemoved),
          ],
        ]
      )
    : ''
  return userTable(users) + groupTable
}

function userTable(users: RunSummary['users']): string {
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
export function describeOperation(operation: ShownOperation): string {
  const kind = operation.objectType === 'group' ? 'group ' : ''
  const head = `${SYMBOLS[operation.action]} ${operation.action.padEnd(8)} ${kind}${operation.display}`
  if (operation.members !== undefined) {
    const { add, remove, skipped } = operation.members
    const attributes = operation.changes
      .filter(change => change.path !== 'members')
      .map(change => change.path)
    const parts = [
      ...(attributes.length > 0 ? [`attributes: ${attributes.join(', ')}`] : []),
      ...(add.length > 0 ? [`+${add.length} member(s)`] : []),
      ...(remove.length > 0 ? [`-${remove.length} member(s)`] : []),
      ...(skipped.length > 0 ? [`${skipped.length} member(s) not provisioned`] : []),
    ]
    const reason = operation.reason === null ? '' : ` (${operation.reason})`
    return parts.length === 0 ? `${head}${reason}` : `${head}  ${parts.join(', ')}${reason}`
  }
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

export function presentPlan(
  io: CliIo,
  job: LoadedJob,
  outcome: RunOutcome<ShownOperation>,
  handoff: HandoffPreview | null = null,
  limit = 20
): void {
  const out = (text = '') => writeLine(io.stdout, oneLine(text))
  out(`Plan for "${job.config.name}" — dry run ${outcome.runId}; nothing was written to the target.`)
  presentJobHealth(io, outcome)
  out(
    `Source: ${sourceName(job.config.source)} (${outcome.sourceCount} people). Target: ${targetName(job.config.target)} (${outcome.targetCount} accounts).`
  )
  for (const line of secretDestinations(job)) out(line)
  out()
  writeLine(io.stdout, summaryTable(outcome.summary))
  if (outcome.unmanagedAccounts > 0) {
    out()
    out(
      `${outcome.unmanagedAccounts} account(s) in the app are not linked to anyone in the source: they are left alone (unmanaged).`
    )
  }
  if (outcome.deletion?.blocked === true) {
    out()
    out(`! Deletion threshold: ${outcome.deletion.reason}.`)
    out('  An apply will stage these disables/deletes for approval and exit with code 3.')
  }
  presentOperations(io, outcome.operations, limit)
  presentWarnings(io, outcome.operations, limit)
  presentHandoffPreview(io, job, handoff, limit)
}

/** Warnings of a dry run (e.g. a manager left out), first `limit` of them. */
function presentWarnings(io: CliIo, operations: ReadonlyArray<ShownOperation>, limit: number): void {
  const warnings = planWarnings(operations)
  if (warnings.length === 0) return
  writeLine(io.stdout)
  writeLine(
    io.stdout,
    warnings.length > limit ? `Warnings (first ${limit} of ${warnings.length}):` : 'Warnings:'
  )
  for (const warning of warnings.slice(0, limit)) {
    const who = warning.sourceId === null ? warning.display : `${warning.display} (${warning.sourceId})`
    writeLine(io.stdout, `  ! ${who}: ${warning.message}`)
  }
}

/** Which secret reference is sent to which host, and how, so a dry run shows where credentials go. */
export function secretDestinations(job: LoadedJob): string[] {
  const { target, alerts } = job.config
  const lines = [
    target.type === 'csv-handoff'
      ? `Credentials: none; rows are written to files in ${target.directory}.`
      : `Credentials: ${targetCredential(target.auth)} ${describeDestination(target.baseUrl)}.`,
  ]
  const source = sourceCredentials(job.config.source)
  if (source !== null) lines.push(`Source credentials: ${source}.`)
  if (alerts.webhookUrlRef !== undefined) {
    lines.push(
      `Alerts: the webhook URL in ${alerts.webhookUrlRef} is posted to (its host is part of the secret).`
    )
  } else if (alerts.webhookUrl !== undefined) {
    lines.push(`Alerts: posted ${describeDestination(alerts.webhookUrl)}.`)
  }
  return lines
}

function sourceCredentials(source: LoadedJob['config']['source']): string | null {
  switch (source.type) {
    case 'csv':
      return null
    case 'ldap':
      return `the bind password of "${source.bindDn}" in ${source.secretRef} is sent ${ldapDestination(source)}`
    case 'scim':
      return source.auth.type === 'none'
        ? null
        : `${targetCredential(source.auth)} ${describeDestination(source.baseUrl)}`
    case 'graph':
      return (
        `the client secret in ${source.secretRef} is sent ${describeDestination(source.tokenUrl)}, ` +
        `and the access token it gets ${describeDestination(source.graphUrl)}`
      )
  }
}

function targetCredential(auth: AuthConfig): string {
  switch (auth.type) {
    case 'bearer':
      return `the bearer token in ${auth.secretRef} is sent`
    case 'basic':
      return `the password of "${auth.username}" in ${auth.secretRef} is sent`
    case 'none':
      return 'none; requests go'
  }
}

function describeDestination(url: string): string {
  const parsed = new URL(url)
  const how =
    parsed.protocol === 'https:'
      ? 'over https'
      : plainHttpHostOf(url) === null
        ? 'over http (this machine)'
        : 'over plain http (allowInsecureHttp)'
  return `to ${parsed.host} ${how}`
}

/** Where and how an LDAP source's bind goes: TLS from the start, StartTLS, or in clear text. */
function ldapDestination(source: LdapSourceConfig): string {
  const url = new URL(source.url)
  if (url.protocol === 'ldaps:') return `to ${url.host} over ldaps (TLS)`
  if (source.startTls !== false) return `to ${url.host} over StartTLS`
  return `to ${url.host} in clear text (${isLoopbackHost(url.hostname) ? 'this machine' : 'allowInsecureLdap'})`
}

/** Quarantine and notices, so the admin sees them on every run. */
function presentJobHealth(io: CliIo, outcome: RunOutcome<ShownOperation>): void {
  const state = outcome.jobState
  if (state.quarantinedAt !== null) {
    writeLine(
      io.stdout,
      oneLine(
        `! The job is quarantined since ${state.quarantinedAt} (${state.quarantineCode}): ${state.quarantineReason}. ` +
          'Scheduled runs back off; a successful run clears it.'
      )
    )
  }
  for (const notice of outcome.notices) {
    writeLine(io.stdout, oneLine(`Note: ${notice}`))
  }
}

export function presentOperations(io: CliIo, operations: ReadonlyArray<ShownOperation>, limit: number): void {
  const out = (text = '') => writeLine(io.stdout, oneLine(text))
  const changes = operations.filter(operation => operation.action !== 'unchanged')
  if (changes.length === 0) {
    out()
    out('No changes: the target already matches the source.')
    return
  }
  out()
  out(changes.length > limit ? `Changes (first ${limit} of ${changes.length}):` : 'Changes:')
  for (const operation of changes.slice(0, limit)) {
    // Warnings are listed once, after the changes (presentWarnings), unchanged rows' included.
    out(`  ${describeOperation(operation)}`)
  }
}

export function presentApply(
  io: CliIo,
  job: LoadedJob,
  outcome: RunOutcome,
  logsHint = '',
  limit = 20
): void {
  const out = (text = '') => writeLine(io.stdout, oneLine(text))
  out(`Run ${outcome.runId} of "${job.config.name}": ${outcome.status}.`)
  presentJobHealth(io, outcome)
  out()
  writeLine(io.stdout, summaryTable(outcome.summary))
  if (outcome.staged > 0) {
    out()
    out(`Blocked by the deletion threshold: ${outcome.deletion?.reason ?? ''}.`)
    out(
      `${outcome.staged} disable(s)/delete(s) are staged, nothing else was held back. To approve exactly those:`
    )
    out(`  provisioner apply --job ${job.displayFile} --allow-deletes ${outcome.runId}`)
  }
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

export function describeFailure(failure: ApplyFailure): string {
  return `${failure.errorCode}${failure.httpStatus === null ? '' : ` (HTTP ${failure.httpStatus})`}: ${failure.message}`
}

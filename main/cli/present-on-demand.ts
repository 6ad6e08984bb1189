/** Provision-on-demand output: the steps Entra shows, for one person or for a group and its members. */
import type { LoadedJob } from '../config/load-job'
import type { ApplyFailure } from '../model/failure'
import type { ProvisioningStep } from '../model/log-entry'
import type { PlannedOperation } from '../model/plan'
import type { GroupOnDemandOutcome } from '../engine/run/run-group-on-demand'
import type { OnDemandOutcome } from '../engine/run/run-on-demand'
import { type CliIo, oneLine, showValue, writeLine } from './output'
import { describeFailure } from './present-run'

type Out = (text?: string) => void

/** One object's steps and modified properties; `imported` under the import step with `explain`. */
interface ShownObject {
  readonly kind: 'user' | 'group'
  readonly operation: PlannedOperation
  readonly steps: ReadonlyArray<ProvisioningStep>
  readonly imported: Readonly<Record<string, string | ReadonlyArray<string>>> | null
}

export function presentOnDemand(io: CliIo, job: LoadedJob, outcome: OnDemandOutcome, explain: boolean): void {
  const out: Out = (text = '') => writeLine(io.stdout, oneLine(text))
  const operation = outcome.operation
  out(
    `Provision on demand: ${operation.display} (source id ${operation.sourceId ?? '?'}) — run ${outcome.runId}, ${outcome.status}.`
  )
  presentObject(out, { kind: 'user', ...outcome }, explain)
  presentEnd(out, job, outcome, explain)
}

/** The group's steps first, then each member's (members were provisioned first, so the group could hold them). */
export function presentGroupOnDemand(
  io: CliIo,
  job: LoadedJob,
  outcome: GroupOnDemandOutcome,
  explain: boolean
): void {
  const out: Out = (text = '') => writeLine(io.stdout, oneLine(text))
  const group = outcome.group.operation
  out(
    `Provision on demand: group ${group.display} (source id ${group.sourceId ?? '?'}) and ` +
      `${outcome.members.length} member(s) — run ${outcome.runId}, ${outcome.status}.`
  )
  presentObject(out, { kind: 'group', ...outcome.group, imported: null }, explain)
  for (const member of outcome.members) {
    out()
    out(`Member ${member.operation.display} (source id ${member.operation.sourceId ?? '?'}):`)
    presentObject(out, { kind: 'user', ...member }, explain)
  }
  presentEnd(out, job, outcome, explain)
}

function presentObject(out: Out, object: ShownObject, explain: boolean): void {
  object.steps.forEach((step, index) => {
    out()
    out(`${index + 1}. ${stepTitle(step.type, object.kind)}: ${step.status}`)
    out(`   ${step.description}`)
    if (explain && step.details !== undefined) {
      for (const [key, value] of Object.entries(step.details)) out(`     ${key}: ${value}`)
    }
    if (explain && step.type === 'import' && object.imported !== null) {
      for (const [key, value] of Object.entries(object.imported)) out(`     ${key}: ${showValue(value, 80)}`)
    }
  })
  if (object.operation.changes.length > 0) {
    out()
    out('Modified properties:')
    for (const change of object.operation.changes) {
      out(`  ${change.path}: ${showValue(change.from, 40)} → ${showValue(change.to, 40)}`)
    }
  }
}

function presentEnd(
  out: Out,
  job: LoadedJob,
  outcome: { readonly runId: string; readonly failures: ReadonlyArray<ApplyFailure> },
  explain: boolean
): void {
  for (const failure of outcome.failures) {
    out()
    out(`! ${describeFailure(failure)}`)
  }
  if (!explain) {
    out()
    out(
      `Details of each step: add --explain. Log: provisioner logs --job ${job.displayFile} --run ${outcome.runId}`
    )
  }
}

/** Entra's step names, for a user or a group. */
export function stepTitle(type: ProvisioningStep['type'], kind: 'user' | 'group'): string {
  switch (type) {
    case 'import':
      return `Import ${kind}`
    case 'scoping':
      return `Determine if ${kind} is in scope`
    case 'matching':
      return `Match ${kind} between source and target`
    case 'processing':
      return 'Decide the action'
    case 'export':
      return 'Perform action'
  }
}

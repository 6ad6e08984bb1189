import { createInterface } from 'node:readline/promises'
import { loadJobFile } from '../../config/load-job'
import { runJob } from '../../engine/run/run-job'
import { runOnDemand } from '../../engine/run/run-on-demand'
import type { LoadedJob } from '../../config/load-job'
import { readSavedPlanFile } from '../../config/saved-plan-file'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { logRun, openState, requireString } from '../cli-state'
import { ExitCode, UsageError } from '../exit-codes'
import { cancelledNote, startRunControls } from '../run-controls'
import { parseOptions } from '../main'
import { type CliIo, oneLine, writeLine } from '../output'
import { writeJson } from '../json-output'
import { applyJson, operationJson, presentApply, presentOperations, summaryTable } from '../present-run'
import { presentGroupOnDemand, presentOnDemand } from '../present-on-demand'
import { runGroupOnDemand } from '../../engine/run/run-group-on-demand'

/**
 * `provisioner apply --job FILE [--plan PLAN] [--yes] [--json]`, with
 * `--only SOURCE_ID [--explain]` (provision one person now), `--only-group GROUP [--explain]`
 * (a group of at most 5 members and its members now), `--allow-deletes RUN_ID` (approve
 * what the deletion threshold staged), `--scheduled` (an unattended run: honours quarantine
 * backoff and escrow waits) and `--restart` (forget escrow and quarantine first).
 *
 * On a terminal it shows the plan and asks before writing, unless `--yes`; from scripts and
 * schedulers (no terminal) it applies directly, as "apply" says.
 */
export async function applyCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    plan: { type: 'string' },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    'only-group': { type: 'string' },
    explain: { type: 'boolean', default: false },
    'allow-deletes': { type: 'string' },
    scheduled: { type: 'boolean', default: false },
    restart: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'apply'), io.cwd)
  const onDemand = onDemandTarget(values)
  if (onDemand !== null) {
    const how = { explain: values['explain'] === true, json: values['json'] === true, home: values['home'] }
    return onDemand.kind === 'group'
      ? applyGroup(job, onDemand.value, how, io)
      : applyOne(job, onDemand.value, how, io)
  }
  if (values['explain'] === true) {
    throw new UsageError('--explain goes with --only SOURCE_ID or --only-group GROUP')
  }
  if (values['plan'] !== undefined && values['allow-deletes'] !== undefined) {
    throw new UsageError('--allow-deletes approves what a run staged; it cannot be combined with --plan')
  }
  const savedPlan = typeof values['plan'] === 'string' ? readSavedPlanFile(values['plan'], io.cwd) : undefined
  const interactive =
    values['yes'] !== true && values['json'] !== true && io.stdin.isTTY === true && io.stdout.isTTY === true
  const { db } = openState(values['home'], io)
  const json = values['json'] === true
  const controls = startRunControls(io, { json })
  let declined = false
  try {
    const outcome = await runJob({
      ...controls.hooks,
      job,
      db,
      secrets: new KeytarSecretStore(),
      mode: 'apply',
      savedPlan,
      allowDeletesOf: typeof values['allow-deletes'] === 'string' ? values['allow-deletes'] : undefined,
      scheduled: values['scheduled'] === true,
      restart: values['restart'] === true,
      env: io.env,
      onPhase: controls.onPhase,
      confirm: interactive
        ? async (summary, operations) => {
            controls.hold()
            writeLine(io.stdout, summaryTable(summary))
            presentOperations(io, operations, 20)
            const yes = await ask(io, '\nApply these changes? [y/N] ')
            declined = !yes
            controls.resume()
            return yes
          }
        : undefined,
    })
    controls.close()
    logRun(io, 'apply', job.id, outcome)
    if (outcome.skipped !== null) {
      if (values['json'] === true)
        writeJson(io.stdout, { runId: null, status: 'skipped', reason: outcome.skipped })
      else writeLine(io.stdout, oneLine(`Skipped: ${outcome.skipped}`))
      return ExitCode.Success
    }
    if (outcome.status === 'cancelled' && declined) {
      writeLine(io.stdout, 'Cancelled; nothing was written.')
      return ExitCode.Success
    }
    if (outcome.status === 'cancelled') {
      // Ctrl+C, or the app's Cancel on this run: what was written is recorded, the rest waits.
      if (json) writeJson(io.stdout, applyJson(outcome))
      else writeLine(io.stdout, cancelledNote(outcome.runId, outcome.summary))
      return ExitCode.Cancelled
    }
    if (json) {
      writeJson(io.stdout, applyJson(outcome))
    } else {
      presentApply(io, job, outcome)
    }
    if (outcome.status === 'blocked') return ExitCode.Blocked
    return outcome.failures.length > 0 ? ExitCode.Failures : ExitCode.Success
  } finally {
    controls.close()
    db.close()
  }
}

/** How a run on demand is shown (`--explain`, `--json`) and where its state is (`--home`). */
interface OnDemandHow {
  readonly explain: boolean
  readonly json: boolean
  readonly home: string | boolean | undefined
}

/** `apply --only SOURCE_ID [--explain]`: Entra's provision on demand, for one person. */
async function applyOne(job: LoadedJob, sourceId: string, how: OnDemandHow, io: CliIo): Promise<ExitCode> {
  const { db } = openState(how.home, io)
  // One person: Ctrl+C before the write ends the run cancelled (exit 130), no bar.
  const controls = startRunControls(io, { json: true })
  try {
    const outcome = await runOnDemand({
      ...controls.hooks,
      job,
      db,
      secrets: new KeytarSecretStore(),
      sourceId,
      env: io.env,
    })
    controls.close()
    return reportOnDemand(io, job, outcome, how.json, {
      json: () => ({
        runId: outcome.runId,
        status: outcome.status,
        operation: operationJson(outcome.operation),
        steps: outcome.steps,
        failures: outcome.failures,
      }),
      present: () => presentOnDemand(io, job, outcome, how.explain),
    })
  } finally {
    controls.close()
    db.close()
  }
}

/** `--only` or `--only-group`, alone: on demand is one person or one group, nothing else. */
function onDemandTarget(
  values: Record<string, unknown>
): { readonly kind: 'person' | 'group'; readonly value: string } | null {
  const person = values['only']
  const group = values['only-group']
  if (typeof person !== 'string' && typeof group !== 'string') return null
  const option = typeof group === 'string' ? '--only-group' : '--only'
  if (typeof person === 'string' && typeof group === 'string') {
    throw new UsageError('--only provisions one person, --only-group one group: give one of them')
  }
  if (values['plan'] !== undefined || values['allow-deletes'] !== undefined) {
    throw new UsageError(
      `${option} provisions on demand now; it cannot be combined with --plan or --allow-deletes`
    )
  }
  return typeof group === 'string'
    ? { kind: 'group', value: group }
    : { kind: 'person', value: String(person) }
}

/** `apply --only-group GROUP [--explain]`: Entra's provision on demand for a group of at most 5 members. */
async function applyGroup(job: LoadedJob, group: string, how: OnDemandHow, io: CliIo): Promise<ExitCode> {
  const { db } = openState(how.home, io)
  try {
    const outcome = await runGroupOnDemand({ job, db, secrets: new KeytarSecretStore(), group, env: io.env })
    return reportOnDemand(io, job, outcome, how.json, {
      json: () => ({
        runId: outcome.runId,
        status: outcome.status,
        group: { operation: operationJson(outcome.group.operation), steps: outcome.group.steps },
        members: outcome.members.map(member => ({
          operation: operationJson(member.operation),
          steps: member.steps,
        })),
        failures: outcome.failures,
      }),
      present: () => presentGroupOnDemand(io, job, outcome, how.explain),
    })
  } finally {
    db.close()
  }
}

/** A run on demand, logged, then written as JSON or shown; its exit code says whether anything failed. */
function reportOnDemand(
  io: CliIo,
  job: LoadedJob,
  outcome: Parameters<typeof logRun>[3],
  json: boolean,
  output: { readonly json: () => unknown; readonly present: () => void }
): ExitCode {
  logRun(io, 'on-demand', job.id, outcome)
  if (json) writeJson(io.stdout, output.json())
  else output.present()
  return outcome.failures.length > 0 ? ExitCode.Failures : ExitCode.Success
}

async function ask(io: CliIo, question: string): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stdout })
  try {
    const answer = await prompt.question(question)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    prompt.close()
  }
}

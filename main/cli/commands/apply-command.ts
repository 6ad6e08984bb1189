import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { loadJobFile } from '../../config/load-job'
import { runJob } from '../../engine/run-job'
import type { SavedPlan } from '../../model/plan'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { openState, progressReporter, requireString } from '../cli-state'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeJson, writeLine } from '../output'
import { applyJson, presentApply, presentOperations, summaryTable } from '../present-run'

/**
 * `provisioner apply --job FILE [--plan PLAN] [--yes] [--json]`.
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
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'apply'), io.cwd)
  const savedPlan =
    typeof values['plan'] === 'string' ? readSavedPlan(resolve(io.cwd, values['plan'])) : undefined
  const interactive =
    values['yes'] !== true && values['json'] !== true && io.stdin.isTTY === true && io.stdout.isTTY === true
  const { db } = openState(values['home'], io)
  try {
    const outcome = await runJob({
      job,
      db,
      secrets: new KeytarSecretStore(),
      mode: 'apply',
      savedPlan,
      env: io.env,
      onPhase: progressReporter(io),
      confirm: interactive
        ? async (summary, operations) => {
            writeLine(io.stdout, summaryTable(summary))
            presentOperations(io, operations, 20)
            return ask(io, '\nApply these changes? [y/N] ')
          }
        : undefined,
    })
    if (outcome.status === 'cancelled') {
      writeLine(io.stdout, 'Cancelled; nothing was written.')
      return ExitCode.Success
    }
    if (values['json'] === true) {
      writeJson(io.stdout, applyJson(outcome))
    } else {
      presentApply(io, job, outcome)
    }
    return outcome.failures.length > 0 ? ExitCode.Failures : ExitCode.Success
  } finally {
    db.close()
  }
}

function readSavedPlan(file: string): SavedPlan {
  let plan: unknown
  try {
    plan = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`cannot read plan ${file}: ${(error as Error).message}`)
  }
  const candidate = plan as Partial<SavedPlan>
  if (
    candidate.format !== 'provisioner-plan' ||
    candidate.version !== 1 ||
    !Array.isArray(candidate.operations)
  ) {
    throw new UsageError(`${file} is not a plan written by \`provisioner plan --out\``)
  }
  return plan as SavedPlan
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

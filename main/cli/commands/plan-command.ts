import { resolve } from 'node:path'
import { loadJobFile } from '../../config/load-job'
import { runJob } from '../../engine/run/run-job'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { logRun, openState, requireString } from '../cli-state'
import { ExitCode } from '../exit-codes'
import { cancelledNote, startRunControls } from '../run-controls'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'
import { writeJson, writePrivateJsonFile } from '../json-output'
import { handoffPreviewOf } from '../present-handoff'
import { planJson, presentPlan, savedPlanJson } from '../present-run'

/** `provisioner plan --job FILE [--json] [--out PLAN]`: a dry run; nothing is written to the target. */
export async function planCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'plan'), io.cwd)
  const { db } = openState(values['home'], io)
  const controls = startRunControls(io, { json: values['json'] === true })
  try {
    const outcome = await runJob({
      ...controls.hooks,
      job,
      db,
      secrets: new KeytarSecretStore(),
      mode: 'dry-run',
      env: io.env,
      onPhase: controls.onPhase,
    })
    controls.close()
    logRun(io, 'dry-run', job.id, outcome)
    if (outcome.status === 'cancelled') {
      if (values['json'] === true) writeJson(io.stdout, { runId: outcome.runId, status: 'cancelled' })
      else writeLine(io.stdout, cancelledNote(outcome.runId, outcome.summary))
      return ExitCode.Cancelled
    }
    const handoff = handoffPreviewOf(job, outcome.operations, db)
    if (typeof values['out'] === 'string') {
      writePrivateJsonFile(resolve(io.cwd, values['out']), savedPlanJson(job, outcome))
    }
    if (values['json'] === true) {
      writeJson(io.stdout, planJson(outcome, handoff))
    } else {
      presentPlan(io, job, outcome, handoff)
      writeLine(io.stdout)
      const saved = typeof values['out'] === 'string' ? ` --plan ${values['out']}` : ''
      writeLine(io.stdout, `To apply: provisioner apply --job ${values['job'] as string}${saved}`)
    }
    return ExitCode.Success
  } finally {
    controls.close()
    db.close()
  }
}

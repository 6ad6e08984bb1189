import { resolve } from 'node:path'
import { type LoadedJob, loadJobFile } from '../../config/load-job'
import type { HandoffPreview } from '../../connectors/csv-handoff/handoff-preview'
import type { RunHooks } from '../../engine/run/run-context'
import { runJob, type RunJobOptions, type RunOutcome, type ShownOperation } from '../../engine/run/run-job'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import type { WritableDB } from '../../store/database'
import { logRun, openState, requireString } from '../cli-state'
import { ExitCode } from '../exit-codes'
import { cancelledNote, startRunControls } from '../run-controls'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'
import { writeJson, writePrivateJsonFile } from '../json-output'
import { handoffPreviewOf } from '../present-handoff'
import { planJson, presentPlan, savedPlanJson } from '../present-run'

/**
 * The dry run, and what only a full plan gives: the file a CSV hand-off would write, and the
 * saved plan (`--out`). Otherwise the run keeps only the shown part of each operation
 * (`showOnly`), so a large plan is stored and printed without the run's reads still in memory.
 */
async function dryRun(run: {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly io: CliIo
  readonly hooks: RunHooks & Pick<RunJobOptions, 'onPhase'>
  readonly out: string | null
}): Promise<{ readonly outcome: RunOutcome<ShownOperation>; readonly handoff: HandoffPreview | null }> {
  const { job, db, io, out } = run
  const options = {
    ...run.hooks,
    job,
    db,
    secrets: new KeytarSecretStore(),
    mode: 'dry-run',
    env: io.env,
  } as const
  if (out === null && job.config.target.type !== 'csv-handoff') {
    return { outcome: await runJob({ ...options, showOnly: true }), handoff: null }
  }
  const outcome = await runJob(options)
  if (outcome.status === 'cancelled') return { outcome, handoff: null }
  const handoff = handoffPreviewOf(job, outcome.operations, db)
  if (out !== null) writePrivateJsonFile(out, savedPlanJson(job, outcome))
  return { outcome, handoff }
}

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
    const out = typeof values['out'] === 'string' ? resolve(io.cwd, values['out']) : null
    const hooks = { ...controls.hooks, onPhase: controls.onPhase }
    const planned = await dryRun({ job, db, io, hooks, out })
    controls.close()
    const { outcome, handoff } = planned
    logRun(io, 'dry-run', job.id, outcome)
    if (outcome.status === 'cancelled') {
      if (values['json'] === true) writeJson(io.stdout, { runId: outcome.runId, status: 'cancelled' })
      else writeLine(io.stdout, cancelledNote(outcome.runId, outcome.summary))
      return ExitCode.Cancelled
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

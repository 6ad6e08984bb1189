import { loadJobFile } from '../../config/load-job'
import { undoRun } from '../../engine/recovery/undo-run'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { logRun, openState } from '../cli-state'
import type { ReadableDB } from '../../store/database'
import { getJob } from '../../store/jobs-store'
import { getRun } from '../../store/runs-store'
import { ExitCode, UsageError } from '../exit-codes'
import { startRunControls } from '../run-controls'
import { parseOptions } from '../main'
import { type CliIo, oneLine, writeLine } from '../output'
import { writeJson } from '../json-output'
import { operationJson, presentOperations, summaryTable } from '../present-run'

/**
 * `provisioner undo RUN_ID [--job FILE] [--yes] [--json]`: shows the inverse of a run (a dry run);
 * `--yes` applies it as a new, journaled run.
 */
/** The job file a run was made with (recorded in the state), when `--job` is not given. */
function jobOfRun(db: ReadableDB, runId: string) {
  const run = getRun(db, runId)
  if (run === null) throw new UsageError(`no run ${runId} in this state folder`)
  const stored = getJob(db, run.jobId)
  if (stored?.configPath == null)
    throw new UsageError(`the job file of run ${runId} is unknown; pass --job FILE`)
  return loadJobFile(stored.configPath)
}

export async function undoCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    {
      job: { type: 'string' },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
    },
    true
  )
  if (positionals.length !== 1) {
    throw new UsageError('usage: provisioner undo RUN_ID --job FILE [--yes] [--json]')
  }
  const runId = positionals[0] as string
  const { db } = openState(values['home'], io)
  const controls = startRunControls(io, { json: values['json'] === true })
  try {
    const job = typeof values['job'] === 'string' ? loadJobFile(values['job'], io.cwd) : jobOfRun(db, runId)
    const outcome = await undoRun({
      ...controls.hooks,
      job,
      db,
      secrets: new KeytarSecretStore(),
      runId,
      apply: values['yes'] === true,
      env: io.env,
    })
    controls.close()
    logRun(io, 'undo', job.id, outcome)
    if (values['json'] === true) {
      writeJson(io.stdout, {
        runId: outcome.runId,
        undoes: outcome.undoneRunId,
        status: outcome.status,
        summary: outcome.summary,
        operations: outcome.operations.map(operationJson),
        failures: outcome.failures,
        notices: outcome.notices,
      })
    } else {
      writeLine(
        io.stdout,
        outcome.status === 'preview'
          ? `Undo of run ${runId} — dry run; nothing was written.`
          : `Undo of run ${runId}: run ${outcome.runId}, ${outcome.status}.`
      )
      writeLine(io.stdout)
      writeLine(io.stdout, summaryTable(outcome.summary))
      presentOperations(io, outcome.operations, 50)
      if (outcome.notices.length > 0) writeLine(io.stdout)
      for (const notice of outcome.notices) writeLine(io.stdout, oneLine(`Note: ${notice}.`))
      if (outcome.status === 'preview' && outcome.operations.some(operation => operation.action !== 'skip')) {
        writeLine(io.stdout)
        writeLine(io.stdout, `To undo: provisioner undo ${runId} --job ${job.displayFile} --yes`)
      }
    }
    if (outcome.status === 'cancelled') return ExitCode.Cancelled
    return outcome.failures.length > 0 ? ExitCode.Failures : ExitCode.Success
  } finally {
    controls.close()
    db.close()
  }
}

import { userInfo } from 'node:os'
import { loadJobFile } from '../../config/load-job'
import { clearStateOfJob } from '../../engine/recovery/clear-job-state'
import { describePause, getJobPause, pauseJob, resumeJob } from '../../store/job-pause-store'
import { countJobState, describeClearState } from '../../store/job-reset-store'
import { openState, requireString } from '../cli-state'
import { ExitCode } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, oneLine, writeLine } from '../output'
import { writeJson } from '../json-output'

/**
 * `provisioner pause --job FILE [--note T] [--by NAME]` (Entra's "Stop provisioning"):
 * scheduled runs skip the job and a manual apply is refused until `resume`. Plans still run.
 */
export async function pauseCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    note: { type: 'string' },
    by: { type: 'string' },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'pause'), io.cwd)
  const { db } = openState(values['home'], io)
  try {
    const note = typeof values['note'] === 'string' && values['note'].trim() !== '' ? values['note'] : null
    const by =
      typeof values['by'] === 'string' && values['by'].trim() !== '' ? values['by'] : userInfo().username
    const pause = pauseJob(db, job.id, { by, note })
    io.log?.info('job paused', { jobId: job.id, by: pause.by })
    if (values['json'] === true) writeJson(io.stdout, { jobId: job.id, paused: pause })
    else
      writeLine(
        io.stdout,
        oneLine(
          `${describePause(pause)}. Scheduled runs skip "${job.config.name}"; resume it with provisioner resume --job ${job.displayFile}.`
        )
      )
    return ExitCode.Success
  } finally {
    db.close()
  }
}

/** `provisioner resume --job FILE` (Entra's "Start provisioning"): the next scheduled run goes ahead. */
export async function resumeCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'resume'), io.cwd)
  const { db } = openState(values['home'], io)
  try {
    const lifted = resumeJob(db, job.id)
    io.log?.info('job resumed', { jobId: job.id, wasPaused: lifted !== null })
    if (values['json'] === true) writeJson(io.stdout, { jobId: job.id, resumed: lifted !== null })
    else
      writeLine(
        io.stdout,
        lifted === null
          ? `"${job.config.name}" was not paused; nothing changed.`
          : `Resumed "${job.config.name}": runs go ahead again.`
      )
    return ExitCode.Success
  } finally {
    db.close()
  }
}

/**
 * `provisioner clear-state --job FILE --yes` (Entra's "Clear current state and restart
 * synchronization"). Without --yes it only prints what it would forget and exits 2.
 */
export async function clearStateCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'clear-state'), io.cwd)
  const { db } = openState(values['home'], io)
  try {
    if (values['yes'] !== true) {
      const counts = countJobState(db, job.id)
      if (values['json'] === true) writeJson(io.stdout, { jobId: job.id, cleared: false, counts })
      else {
        writeLine(
          io.stdout,
          oneLine(`Clearing the state of "${job.config.name}": ${describeClearState(counts)}`)
        )
        writeLine(io.stdout, 'Nothing was changed. Run again with --yes to clear it.')
      }
      return ExitCode.Usage
    }
    const counts = clearStateOfJob(db, job.id, job.displayFile)
    io.log?.info('job state cleared', { jobId: job.id, ...counts })
    if (values['json'] === true) writeJson(io.stdout, { jobId: job.id, cleared: true, counts })
    else
      writeLine(
        io.stdout,
        oneLine(`Cleared the state of "${job.config.name}". ${describeClearState(counts)}`)
      )
    const pause = getJobPause(db, job.id)
    if (pause !== null && values['json'] !== true)
      writeLine(io.stdout, oneLine(`${describePause(pause)}: resume it to run.`))
    return ExitCode.Success
  } finally {
    db.close()
  }
}

import { loadJobFile } from '../../config/load-job'
import { forceUnlock } from '../../engine/run/run-lock'
import { openState, requireString } from '../cli-state'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'

/**
 * `provisioner force-unlock --job FILE RUN_ID`: closes a run that another machine (or a process
 * the admin knows is gone) left holding the job's lock. The next run reconciles its writes.
 */
export async function forceUnlockCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    { job: { type: 'string' }, home: { type: 'string' } },
    true
  )
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'force-unlock'), io.cwd)
  if (positionals.length !== 1) throw new UsageError('usage: provisioner force-unlock --job FILE RUN_ID')
  const runId = positionals[0] as string
  const { db } = openState(values['home'], io)
  try {
    forceUnlock(db, job.id, runId, job.displayFile)
    writeLine(
      io.stdout,
      `Released run ${runId}: it is closed as failed, and the next run reconciles the writes it left unfinished.`
    )
    return ExitCode.Success
  } finally {
    db.close()
  }
}

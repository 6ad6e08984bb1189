import { loadJobFile } from '../../config/load-job'
import { loadEscrow } from '../../store/escrow-store'
import { getJobState } from '../../store/job-state-store'
import { describePause, getJobPause } from '../../store/job-pause-store'
import { countLinks } from '../../store/links-store'
import { listRuns } from '../../store/runs-store'
import { openState, requireString } from '../cli-state'
import { ExitCode } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, oneLine, writeLine } from '../output'
import { writeJson } from '../json-output'

/** `provisioner status --job FILE [--json]`: quarantine, escrowed retries, linked accounts, recent runs. */
export async function statusCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'status'), io.cwd)
  const { db } = openState(values['home'], io)
  try {
    const state = getJobState(db, job.id)
    const paused = getJobPause(db, job.id)
    const escrow = [...loadEscrow(db, job.id).values()]
    const runs = listRuns(db, job.id, 10)
    const linked = { users: countLinks(db, job.id, 'user'), groups: countLinks(db, job.id, 'group') }
    if (values['json'] === true) {
      writeJson(io.stdout, { jobId: job.id, state, paused, linked, escrow, runs })
      return ExitCode.Success
    }
    const out = (text = '') => writeLine(io.stdout, text)
    out(`Job "${job.config.name}" (${job.id})`)
    if (paused !== null)
      out(oneLine(`${describePause(paused)}: scheduled runs skip it and apply is refused until resumed.`))
    out(
      state.quarantinedAt === null
        ? 'Healthy (not quarantined).'
        : oneLine(
            `Quarantined since ${state.quarantinedAt} (${state.quarantineCode}): ${state.quarantineReason}. ` +
              `Next scheduled run after ${state.nextScheduledRunAt ?? 'now'}.`
          )
    )
    out(`Linked: ${linked.users} account(s), ${linked.groups} group(s).`)
    if (escrow.length > 0) {
      out(
        `Escrowed retries: ${escrow.length} (${escrow.map(entry => `${entry.sourceId} ×${entry.attempts}`).join(', ')})`
      )
    }
    out()
    out(
      runs.length === 0
        ? 'No runs yet.'
        : formatTable(
            ['Run', 'Kind', 'Mode', 'Status', 'Started', 'Failed'],
            runs.map(run => [run.id, run.kind, run.mode, run.status, run.startedAt, String(run.failed)])
          )
    )
    return ExitCode.Success
  } finally {
    db.close()
  }
}

import type { TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import { compileJob } from '../../engine/plan/compile-job'
import {
  type DecisionChange,
  decide,
  forget,
  type LinkDecision,
  LinkDecisionError,
  type LinkStanding,
  listLinkStandings,
} from '../../engine/run/link-decisions'
import { openSource, openTarget } from '../../engine/run/connectors/factory'
import { loadJobFile } from '../../config/load-job'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import type { WritableDB } from '../../store/database'
import { saveJob } from '../../store/jobs-store'
import { openState, requireString } from '../cli-state'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, writeLine } from '../output'
import { writeJson } from '../json-output'

/** `provisioner links --job FILE [--source ID] [--json]`: the job's links and decisions (store only). */
export async function linksCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    source: { type: 'string' },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'links'), io.cwd)
  const source = typeof values['source'] === 'string' ? values['source'] : undefined
  const { db } = openState(values['home'], io)
  try {
    const standings = listLinkStandings(db, job.id, source)
    if (values['json'] === true) {
      writeJson(io.stdout, { jobId: job.id, links: standings.map(standingJson) })
    } else if (standings.length === 0) {
      writeLine(
        io.stdout,
        source === undefined ? 'The job has no links yet.' : `No link and no decision for ${source}.`
      )
    } else {
      writeLine(
        io.stdout,
        formatTable(
          ['Source id', 'Account', 'State', 'Made', 'Decision', 'Name', 'State since'],
          standings.map(standingRow)
        )
      )
    }
    return ExitCode.Success
  } finally {
    db.close()
  }
}

/**
 * `provisioner link --job FILE SOURCE_ID (TARGET_ID | --new | --skip) [--json]`: the admin's
 * decision for one person. Reads the source and the account to refuse typos; writes only the store.
 */
export async function linkCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    {
      job: { type: 'string' },
      new: { type: 'boolean', default: false },
      skip: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
    },
    true
  )
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'link'), io.cwd)
  const choice = values['new'] === true ? 'create' : values['skip'] === true ? 'skip' : 'link'
  const wanted = choice === 'link' ? 2 : 1
  if ((values['new'] === true && values['skip'] === true) || positionals.length !== wanted) {
    throw new UsageError('usage: provisioner link --job FILE SOURCE_ID (TARGET_ID | --new | --skip) [--json]')
  }
  const [sourceId, targetId] = positionals as [string, string | undefined]
  await requireInSource(job, sourceId, io)
  const decision: LinkDecision =
    choice === 'link'
      ? { kind: 'link', account: await readAccount(job, targetId as string, io, values['home']) }
      : { kind: choice }
  return record(io, job, values, db =>
    decide(db, { jobId: job.id, sourceId, jobFile: job.displayFile }, decision)
  )
}

/** `provisioner unlink --job FILE SOURCE_ID [--json]`: forgets a person's link and decision. */
export async function unlinkCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    { job: { type: 'string' }, json: { type: 'boolean', default: false }, home: { type: 'string' } },
    true
  )
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'unlink'), io.cwd)
  if (positionals.length !== 1)
    throw new UsageError('usage: provisioner unlink --job FILE SOURCE_ID [--json]')
  const sourceId = positionals[0] as string
  return record(io, job, values, db => forget(db, { jobId: job.id, sourceId, jobFile: job.displayFile }))
}

/** Opens the state, makes the change, and tells the admin what it means for the next run. */
function record(
  io: CliIo,
  job: LoadedJob,
  values: Record<string, string | boolean | undefined>,
  make: (db: WritableDB) => DecisionChange
): ExitCode {
  const { db } = openState(values['home'], io)
  try {
    saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    const change = make(db)
    const after = listLinkStandings(db, job.id, change.before.sourceId)[0] ?? null
    if (values['json'] === true) {
      writeJson(io.stdout, {
        sourceId: change.before.sourceId,
        before: standingJson(change.before),
        after: after === null ? null : standingJson(after),
        displaced: change.displaced,
        description: change.description,
        logRunId: change.logRunId,
      })
      return ExitCode.Success
    }
    const out = (text: string) => writeLine(io.stdout, text)
    out(`${change.description}.`)
    if (change.displaced !== null) {
      out(
        `${change.displaced} no longer holds that account; if still in the source, it is matched again next run.`
      )
    }
    if (after === null) {
      out(`The next run matches ${change.before.sourceId} again by the matching attributes.`)
    }
    out(
      `Nothing was sent to the target. See what the next run does: provisioner plan --job ${job.displayFile}`
    )
    out(`Logged: provisioner logs --run ${change.logRunId}`)
    return ExitCode.Success
  } finally {
    db.close()
  }
}

/** A decision for an id the source does not hold is a typo (and would deprovision its account). */
async function requireInSource(job: LoadedJob, sourceId: string, io: CliIo): Promise<void> {
  const source = await openSource(job, compileJob(job), { secrets: new KeytarSecretStore(), env: io.env })
  try {
    for await (const person of source.connector.readUsers()) {
      if (person.id === sourceId) return
    }
  } finally {
    await source.close()
  }
  throw new LinkDecisionError(`No person with id "${sourceId}" is in ${source.name}`)
}

async function readAccount(
  job: LoadedJob,
  targetId: string,
  io: CliIo,
  home: string | boolean | undefined
): Promise<TargetResource> {
  const { db } = openState(home, io)
  const target = await openTarget(job, { secrets: new KeytarSecretStore(), env: io.env, db }).catch(
    (error: unknown) => {
      db.close()
      throw error
    }
  )
  try {
    const account = await target.get('user', targetId)
    if (account === null) {
      throw new LinkDecisionError(
        `The target has no account "${targetId}" (GET /Users/${targetId} answered 404)`
      )
    }
    return account
  } finally {
    await target.close()
    db.close()
  }
}

function standingJson(standing: LinkStanding) {
  const link = standing.link
  return {
    sourceId: standing.sourceId,
    targetId: link?.targetId ?? null,
    state: link?.state ?? null,
    origin: link?.origin ?? null,
    relinkedFrom: link?.relinkedFrom ?? null,
    decision: standing.decision,
    display: link?.display ?? null,
    stateChangedAt: link?.stateChangedAt ?? null,
  }
}

function standingRow(standing: LinkStanding): string[] {
  const link = standing.link
  const made =
    link?.origin == null
      ? '-'
      : link.relinkedFrom === null
        ? link.origin
        : `${link.origin} from ${link.relinkedFrom}`
  const decision = standing.decision === 'create' ? 'create new' : standing.decision === 'skip' ? 'skip' : '-'
  return [
    standing.sourceId,
    link?.targetId ?? '-',
    link?.state ?? '-',
    made,
    decision,
    link?.display ?? '-',
    link?.stateChangedAt ?? '-',
  ]
}

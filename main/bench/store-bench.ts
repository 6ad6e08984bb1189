/**
 * What a 100,000-person dry run spends storing itself, alone (issue 13): the listings the access
 * map reads (recordListings) and the plan the run history pages (finishDryRun), in a fresh state
 * database, then again over the first run's rows (an admin's next dry run). CPU time of the
 * calling thread (SQLite writes on it), so other work on the machine does not count.
 *
 *   npx tsx main/bench/store-bench.ts [people]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TargetResource } from '../connectors/connector'
import { recordListings } from '../engine/access/record-listings'
import type { MappedObject } from '../engine/plan/map-object'
import type { PlannedChange, PlannedOperation } from '../model/plan'
import { openDatabase, type WritableDB } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { finishDryRun } from '../store/planned-operations-store'
import { createRun } from '../store/runs-store'
import { benchAccount, benchPerson } from './bench-data'

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'

/** Person `index` as the bench plan has them: a link to their account (even) or a create (odd). */
function benchOperation(index: number): PlannedOperation {
  const [id, given, family, mail, , title] = benchPerson(index) as string[]
  const managerIndex = Math.floor((index - 1) / 8)
  const manager: PlannedChange | null =
    index === 0
      ? null
      : {
          path: MANAGER,
          from: null,
          to: {
            value: `acct-${managerIndex}`,
            displayName: 'Ada Lovelace',
            sourceId: String(100000 + managerIndex),
          },
        }
  const create = index % 2 === 1
  const changes: PlannedChange[] = create
    ? [
        { path: 'userName', from: null, to: mail },
        { path: 'externalId', from: null, to: id },
        { path: 'name.givenName', from: null, to: given },
        { path: 'name.familyName', from: null, to: family },
        { path: 'displayName', from: null, to: `${given} ${family}` },
        { path: 'emails[type eq "work"].value', from: null, to: mail },
        { path: 'title', from: null, to: title },
        { path: 'active', from: null, to: true },
      ]
    : index % 10 === 0
      ? [{ path: 'title', from: 'Old title', to: title }]
      : []
  if (manager !== null) changes.push(manager)
  return {
    changeId: `c${index}`,
    objectType: 'user',
    action: create ? 'create' : 'link',
    sourceId: id as string,
    targetId: create ? null : `acct-${index}`,
    display: mail as string,
    changes,
    reason: null,
    errorCode: null,
    steps: [],
    fingerprint: `f${index}`,
  }
}

/**
 * CPU time of this thread so far, ms: Linux's per-thread counters (10 ms ticks), as the CLI's
 * main thread spends it (V8's GC helpers run beside it); elsewhere the whole process's.
 */
function threadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1000
  }
}

function cpuMs(fn: () => void): number {
  const before = threadCpuMs()
  fn()
  return threadCpuMs() - before
}

function dryRun(db: WritableDB, run: number, people: number, operations: PlannedOperation[]) {
  const runId = `dry-${run}`
  createRun(db, { id: runId, jobId: 'bench', mode: 'dry-run' }, 1_000 + run)
  const mapped = operations.map(
    op => ({ source: { id: op.sourceId }, display: op.display }) as unknown as MappedObject
  )
  const listing = Array.from({ length: people }, (_, index) => ({
    ...benchAccount(index),
    id: `acct-${index}`,
  })) as TargetResource[]
  const listingsMs = cpuMs(() => recordListings(db, 'bench', runId, mapped, listing, [], new Map()))
  const end = { status: 'completed', summary: null, failed: 0, error: null } as const
  const planMs = cpuMs(() => finishDryRun(db, { id: runId, jobId: 'bench' }, end, operations))
  return { listingsMs: Math.round(listingsMs), planMs: Math.round(planMs) }
}

const people = Number(process.argv[2] ?? 100_000)
const operations = Array.from({ length: people }, (_, index) => benchOperation(index))
const dir = mkdtempSync(join(tmpdir(), 'provisioner-store-bench-'))
try {
  const db = openDatabase(join(dir, 'provisioner.db'))
  saveJob(db, { id: 'bench', name: 'Bench', config: {}, configPath: null })
  for (let run = 1; run <= 3; run++)
    console.log(JSON.stringify({ people, run, ...dryRun(db, run, people, operations) }))
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * A run that reads its CSV source on the source-reading thread (large files do): the same plan
 * as reading it on the run's thread, and a thread that dies fails the run with nothing written.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { runJob } from '../../main/engine/run/run-job'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import { loadLinks } from '../../main/store/links-store'
import { listRuns } from '../../main/store/runs-store'
import {
  baseJob,
  NO_WRITES,
  PEOPLE_HEADER,
  person,
  staff,
  startTarget,
  TOKEN,
  USER_SCHEMA,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { runCli } from '../helpers/cli-harness'
import { openTempDatabase } from '../helpers/store-fixtures'
import { makeTempDir } from '../helpers/temp-dir'

/** Where the run starts the thread from: the real entry unless a test swaps in a broken one. */
const entry = vi.hoisted(() => ({ override: null as URL | null }))
vi.mock('../../main/engine/run/source-worker-entry', async original => {
  const actual = await original<typeof import('../../main/engine/run/source-worker-entry')>()
  return { sourceWorkerEntry: () => entry.override ?? actual.sourceWorkerEntry() }
})

let target: SandboxServer

beforeAll(async () => {
  target = await startTarget({
    seedUsers: [
      // Ada's account, out of date; an account no one in the file matches.
      { schemas: [USER_SCHEMA], userName: 'ada.lovelace@example.com', title: 'Analyst', active: true },
      { schemas: [USER_SCHEMA], userName: 'someone.else@example.com', active: true },
    ],
  })
})

afterAll(async () => {
  await target.close()
})

beforeEach(() => {
  entry.override = null
})

function writeJob(): string {
  const dir = makeTempDir()
  const people = [...staff(), person('1006', 'Mary', 'Jackson', { mail: '' })]
  writeFileSync(
    join(dir, 'people.csv'),
    stringify([PEOPLE_HEADER, ...people.map(row => PEOPLE_HEADER.map(column => row[column]))])
  )
  const file = join(dir, 'job.json')
  writeFileSync(file, JSON.stringify(baseJob(target.baseUrl)))
  return file
}

function run(jobFile: string, thread: 'always' | 'never', mode: 'dry-run' | 'apply' = 'dry-run') {
  const { db } = openTempDatabase()
  const outcome = runJob({
    job: loadJobFile(jobFile),
    db,
    secrets: new MemorySecretStore(),
    mode,
    env: { SCIM_TOKEN: TOKEN, PROVISIONER_SOURCE_WORKER: thread },
  })
  return { db, outcome }
}

describe('a run reading its source on the source-reading thread', () => {
  it('plans exactly what reading on the run thread plans', async () => {
    const jobFile = writeJob()
    const onThread = await run(jobFile, 'always').outcome
    const onRunThread = await run(jobFile, 'never').outcome
    const decisions = (outcome: typeof onThread) =>
      outcome.operations.map(({ action, sourceId, targetId, display, changes, reason, errorCode }) => ({
        action,
        sourceId,
        targetId,
        display,
        changes,
        reason,
        errorCode,
      }))
    expect(onThread.summary).toEqual(onRunThread.summary)
    expect(decisions(onThread)).toEqual(decisions(onRunThread))
    expect(onThread.summary.users).toMatchObject({ create: 4, link: 1, skipped: 1 })
    expect(decisions(onThread).some(operation => operation.errorCode === 'MandatoryFieldsMissing')).toBe(true)
  })

  it('fails the run and writes nothing when the thread dies', async () => {
    entry.override = new URL('../unit/engine/run/fixtures/crashing-source-worker.mjs', import.meta.url)
    const before = writeCounts(target)
    const { db, outcome } = run(writeJob(), 'always', 'apply')
    await expect(outcome).rejects.toThrow(
      /^The source could not be read: the thread reading it failed \(out of disk in the thread\)/
    )
    const runs = listRuns(db, 'it-job')
    expect(runs.map(found => found.status)).toEqual(['failed'])
    expect(loadLinks(db, 'it-job', 'user').size).toBe(0)
    const after = writeCounts(target)
    expect({
      POST: after.POST - before.POST,
      PATCH: after.PATCH - before.PATCH,
      PUT: after.PUT - before.PUT,
      DELETE: after.DELETE - before.DELETE,
    }).toEqual(NO_WRITES)
  })

  it('runs in the compiled CLI from its own compiled file', async () => {
    const jobFile = writeJob()
    const dir = dirname(jobFile)
    expect(existsSync(fileURLToPath(new URL('../../out/cli/source-worker.mjs', import.meta.url)))).toBe(true)
    const plan = async (thread: 'always' | 'never') => {
      const result = await runCli(['plan', '--job', jobFile, '--json'], {
        cwd: dir,
        home: join(dir, `home-${thread}`),
        env: { SCIM_TOKEN: TOKEN, PROVISIONER_SOURCE_WORKER: thread },
      })
      expect(result.code, result.stderr).toBe(0)
      const { runId: _runId, ...plan } = JSON.parse(result.stdout) as Record<string, unknown>
      return plan
    }
    const onThread = await plan('always')
    expect(onThread).toEqual(await plan('never'))
    expect(onThread['summary']).toMatchObject({ users: { create: 4, link: 1, skipped: 1 } })
  })
})

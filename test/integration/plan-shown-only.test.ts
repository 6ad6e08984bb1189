/**
 * A dry run whose plan is only shown (`showOnly`, what `provisioner plan` without `--out` runs):
 * the same plan, summary, counts and stored plan as a full dry run, its operations without how
 * they would be executed; and what the run read is let go before the plan is stored.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { runJob, type ShownOperation } from '../../main/engine/run/run-job'
import { collectGarbage } from '../../main/engine/run/collect-garbage'
import { shownOperation } from '../../main/engine/run/job-outcome'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import { queryPlannedOperations } from '../../main/store/planned-operations-store'
import {
  baseJob,
  PEOPLE_HEADER,
  person,
  staff,
  startTarget,
  TOKEN,
  USER_SCHEMA,
} from '../helpers/provisioning-fixture'
import { openTempDatabase } from '../helpers/store-fixtures'
import { makeTempDir } from '../helpers/temp-dir'

/** What the run read of the target, as the tests follow it (weakly) until the plan is stored. */
const watched = vi.hoisted(() => ({
  snapshot: null as WeakRef<object> | null,
  aliveWhenStored: [] as boolean[],
}))

vi.mock('../../main/engine/run/read-target', async original => {
  const actual = await original<typeof import('../../main/engine/run/read-target')>()
  return {
    ...actual,
    userSnapshot: async (...args: Parameters<typeof actual.userSnapshot>) => {
      const read = await actual.userSnapshot(...args)
      watched.snapshot = new WeakRef(read.snapshot)
      return read
    },
  }
})

vi.mock('../../main/store/planned-operations-store', async original => {
  const actual = await original<typeof import('../../main/store/planned-operations-store')>()
  return {
    ...actual,
    finishDryRun: (...args: Parameters<typeof actual.finishDryRun>) => {
      collectGarbage()
      watched.aliveWhenStored.push(watched.snapshot?.deref() !== undefined)
      actual.finishDryRun(...args)
    },
  }
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
  watched.snapshot = null
  watched.aliveWhenStored = []
})

/** Staff (creates, one update), someone without a mail (skipped), and a group column. */
function writeJob(): string {
  const dir = makeTempDir()
  const header = [...PEOPLE_HEADER, 'groups']
  const people = [
    ...staff().map(row => ({ ...row, groups: 'Engineering' })),
    { ...person('1006', 'Mary', 'Jackson', { mail: '' }), groups: '' },
  ]
  writeFileSync(
    join(dir, 'people.csv'),
    stringify([header, ...people.map(row => header.map(column => row[column as keyof typeof row]))])
  )
  const file = join(dir, 'job.json')
  writeFileSync(file, JSON.stringify({ ...baseJob(target.baseUrl), groups: { fromColumn: 'groups' } }))
  return file
}

async function dryRun(jobFile: string, showOnly: boolean) {
  const { db } = openTempDatabase()
  const options = {
    job: loadJobFile(jobFile),
    db,
    secrets: new MemorySecretStore(),
    mode: 'dry-run',
    env: { SCIM_TOKEN: TOKEN },
  } as const
  const outcome = showOnly ? await runJob({ ...options, showOnly: true }) : await runJob(options)
  const stored = queryPlannedOperations(db, { runId: outcome.runId ?? '' }, 100).map(
    ({ id: _id, ...operation }) => operation
  )
  return { outcome, stored }
}

describe('a dry run that only shows its plan', () => {
  it('reports and stores the plan a full dry run does, without how it would be executed', async () => {
    const jobFile = writeJob()
    const full = await dryRun(jobFile, false)
    const shown = await dryRun(jobFile, true)
    expect(shown.outcome.operations).toEqual(full.outcome.operations.map(shownOperation))
    expect(shown.stored).toEqual(full.stored)
    const { runId: _shown, operations: _shownOperations, jobState: _a, ...shownRest } = shown.outcome
    const { runId: _full, operations: _fullOperations, jobState: _b, ...fullRest } = full.outcome
    expect(shownRest).toEqual(fullRest)
    expect(shown.outcome.summary.users).toMatchObject({ create: 4, link: 1, skipped: 1 })
    expect(shown.outcome.summary.groups.create).toBe(1)
    expect(shown.outcome.unmanagedAccounts).toBe(1)
    const operations: ReadonlyArray<ShownOperation> = shown.outcome.operations
    const group = operations.find(operation => operation.objectType === 'group')
    expect(group?.members?.add).toHaveLength(5)
    // Only what is shown: no request, steps, fingerprint or change id.
    for (const operation of operations) {
      expect(Object.keys(operation).sort()).toEqual(expectedKeys(operation))
    }
    expect(full.outcome.operations.every(operation => 'execution' in operation)).toBe(true)
  })

  it('lets go of the target it read before the plan is stored (a full dry run keeps it)', async () => {
    const jobFile = writeJob()
    await dryRun(jobFile, true)
    await dryRun(jobFile, false)
    expect(watched.aliveWhenStored).toEqual([false, true])
  })
})

function expectedKeys(operation: ShownOperation): string[] {
  const keys = ['objectType', 'action', 'sourceId', 'targetId', 'display', 'changes', 'reason', 'errorCode']
  if (operation.warnings !== undefined) keys.push('warnings')
  if (operation.members !== undefined) keys.push('members')
  return keys.sort()
}

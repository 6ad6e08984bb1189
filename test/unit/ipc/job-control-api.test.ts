/**
 * Pause, resume and clear state from the app, through `dispatch`, with the real engine and a
 * real state database (the CLI's `pause`, `resume` and `clear-state`).
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import type { ApiMethod, ApiOutput } from '../../../main/ipc/api/contract'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { saveJob } from '../../../main/store/jobs-store'
import { countLinks, upsertLink } from '../../../main/store/links-store'
import { loadJobFile } from '../../../main/config/load-job'
import {
  RUN_JOB_ID,
  RUN_SEED_ACCOUNTS,
  RUN_TOKEN,
  RUN_TOKEN_VARIABLE,
  writeRunJob,
} from '../../helpers/run-fixture'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB
let sandbox: SandboxServer
let api: ProvisionerAdminApi

beforeEach(async () => {
  const home = makeTempDir('provisioner-control-api-')
  db = openDatabase(join(home, 'provisioner.db'))
  sandbox = await startSandboxServer({
    auth: { type: 'bearer', token: RUN_TOKEN },
    seedUsers: RUN_SEED_ACCOUNTS,
  })
  const job = loadJobFile(writeRunJob(makeTempDir(), sandbox.baseUrl))
  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  api = new ProvisionerAdminApi({
    db,
    stateFolder: home,
    secrets: new MemorySecretStore(),
    hub: new EventHub(),
    env: { [RUN_TOKEN_VARIABLE]: RUN_TOKEN },
    actor: () => 'alice',
  })
})

afterEach(async () => {
  await sandbox.close()
  db.close()
})

async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await dispatch(api, method, input)
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code}: ${result.error.message}`)
  return result.value as ApiOutput<M>
}

describe('pausing from the app', () => {
  it('records the admin, shows in the job list and dashboard, refuses runs, and resumes', async () => {
    const pause = await call('pauseJob', { jobId: RUN_JOB_ID, note: 'HR feed broken' })
    expect(pause).toMatchObject({ by: 'alice', note: 'HR feed broken' })
    expect((await call('listJobs', undefined)).find(job => job.id === RUN_JOB_ID)?.paused).toEqual(pause)
    const dashboard = (await call('getDashboard', undefined)).jobs.find(job => job.id === RUN_JOB_ID)
    expect(dashboard).toMatchObject({ health: 'paused', nextRunAt: null })
    expect(dashboard?.healthReason).toContain('Paused by alice')

    const refused = await dispatch(api, 'restartJob', { jobId: RUN_JOB_ID })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('refused')
      expect(refused.error.message).toContain('is paused (by alice')
    }
    expect(sandbox.store.listUsers()).toHaveLength(RUN_SEED_ACCOUNTS.length)

    expect(await call('resumeJob', { jobId: RUN_JOB_ID })).toBe(true)
    expect(await call('resumeJob', { jobId: RUN_JOB_ID })).toBe(false)
    expect((await call('listJobs', undefined)).find(job => job.id === RUN_JOB_ID)?.paused).toBeNull()
  })

  it('answers not-found for an unknown job', async () => {
    for (const method of ['pauseJob', 'resumeJob', 'previewClearState', 'clearJobState'] as const) {
      const result = await dispatch(api, method, { jobId: 'nope' })
      expect(result.ok ? null : result.error.code).toBe('not-found')
    }
  })
})

describe('clearing state from the app', () => {
  it('previews the counts without changing anything, then forgets the links', async () => {
    for (const sourceId of ['1001', '1002']) {
      upsertLink(db, {
        jobId: RUN_JOB_ID,
        objectType: 'user',
        sourceId,
        targetId: `acc-${sourceId}`,
        state: 'active',
        exportedHash: null,
        display: sourceId,
      })
    }
    const preview = await call('previewClearState', { jobId: RUN_JOB_ID })
    expect(preview.counts).toMatchObject({ userLinks: 2, groupLinks: 0, matchDecisions: 0 })
    expect(preview.description).toContain('matches every person again')
    expect(countLinks(db, RUN_JOB_ID, 'user')).toBe(2)

    const cleared = await call('clearJobState', { jobId: RUN_JOB_ID })
    expect(cleared.counts.userLinks).toBe(2)
    expect(countLinks(db, RUN_JOB_ID, 'user')).toBe(0)
    expect((await call('previewClearState', { jobId: RUN_JOB_ID })).counts.userLinks).toBe(0)
  })
})

import { enterQuarantine } from '../../../main/store/job-state-store'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import type { RunFinished } from '../../../main/ipc/api/contract'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { saveJob } from '../../../main/store/jobs-store'
import {
  seedUiState,
  UI_JOB_ID,
  UI_JOB_NAME,
  UI_TOKEN_VARIABLE,
  writeUiJobWorkspace,
} from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'

const TOKEN = 'admin-api-test-token-0123456789'

let db: WritableDB
let home: string
let hub: EventHub

function makeApi(env: NodeJS.ProcessEnv = {}): ProvisionerAdminApi {
  return new ProvisionerAdminApi({ db, stateFolder: home, secrets: new MemorySecretStore(), hub, env })
}

beforeEach(() => {
  home = makeTempDir('provisioner-api-')
  db = openDatabase(join(home, 'provisioner.db'))
  hub = new EventHub()
})

afterEach(() => {
  db.close()
})

describe('ProvisionerAdminApi over a real state database', () => {
  it('lists jobs with their last run, and the overview with recent runs newest first', async () => {
    const seed = seedUiState(db, writeUiJobWorkspace(makeTempDir(), 'http://127.0.0.1:9/scim/v2'))
    const api = makeApi()
    const jobs = await api.listJobs()
    expect(jobs.map(job => job.name)).toEqual(['HR to Demo App', 'Legacy import'])
    expect(jobs[0]).toMatchObject({
      id: UI_JOB_ID,
      source: 'csv people.csv',
      target: 'http://127.0.0.1:9/scim/v2',
      lastRun: { id: seed.dryRunId, mode: 'dry-run', status: 'completed' },
    })
    expect(jobs[1]).toMatchObject({ configPath: null, source: null, lastRun: null, quarantine: null })
    expect(jobs[0]?.quarantine).toBeNull()

    // A quarantined job says so, with the reason the admin has to fix.
    enterQuarantine(
      db,
      UI_JOB_ID,
      'EncounteredQuarantineException',
      'The target refused the credentials (HTTP 401)'
    )
    const [quarantined] = await api.listJobs()
    expect(quarantined?.quarantine).toMatchObject({
      code: 'EncounteredQuarantineException',
      reason: 'The target refused the credentials (HTTP 401)',
    })
    // The stored config holds a secretRef; the renderer's view of a job does not.
    expect(JSON.stringify(jobs)).not.toContain(UI_TOKEN_VARIABLE)

    const overview = await api.getOverview()
    expect(overview).toMatchObject({ stateFolder: home, jobCount: 2 })
    expect(overview.recentRuns.map(run => run.id)).toEqual([seed.dryRunId, seed.failedRunId, seed.applyRunId])
    expect(overview.recentRuns[0]?.jobName).toBe(UI_JOB_NAME)
  })

  it('lists and gets runs, and says which one is missing', async () => {
    const seed = seedUiState(db, writeUiJobWorkspace(makeTempDir(), 'http://127.0.0.1:9/scim/v2'))
    const api = makeApi()
    expect((await api.listRuns({ jobId: UI_JOB_ID, limit: 2 })).map(run => run.id)).toEqual([
      seed.dryRunId,
      seed.failedRunId,
    ])
    expect(await api.getRun({ runId: seed.failedRunId })).toMatchObject({
      status: 'completed-with-errors',
      failed: 1,
    })
    expect(await dispatch(api, 'getRun', { runId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'No run with id "nope"' },
    })
    expect(await dispatch(api, 'listRuns', { jobId: 'nope', limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('pages the log newest first with a keyset cursor until the last page', async () => {
    const seed = seedUiState(db, writeUiJobWorkspace(makeTempDir(), 'http://127.0.0.1:9/scim/v2'))
    const api = makeApi()
    const seen: number[] = []
    let beforeId: number | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await api.queryLogs({ limit: 100, beforeId })
      seen.push(...page.entries.map(entry => entry.id))
      if (page.nextBeforeId === null) break
      beforeId = page.nextBeforeId
    }
    expect(seen).toHaveLength(seed.logCount)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))

    const failures = await api.queryLogs({ status: 'failure', limit: 50 })
    expect(failures.entries.map(entry => entry.sourceDisplay)).toEqual(['Grace Hopper'])
    expect(failures.nextBeforeId).toBeNull()
    const byIdentity = await api.queryLogs({ identity: 'ada', limit: 10 })
    expect(byIdentity.entries.map(entry => entry.sourceId)).toEqual(['1001'])
    const inRun = await api.queryLogs({ runId: seed.failedRunId, action: 'skip', limit: 10 })
    expect(inRun.entries.map(entry => entry.steps.map(step => step.type))).toEqual([['import', 'scoping']])
    const window = await api.queryLogs({
      since: '2024-03-01T11:00:00Z',
      until: '2024-03-01T11:00:00.250Z',
      limit: 10,
    })
    expect(window.entries.map(entry => entry.sourceId)).toEqual(['1002', '1001'])
  })

  it('refuses to preview a job without a job file, or an unknown job', async () => {
    saveJob(db, { id: 'legacy', name: 'Legacy', config: {}, configPath: null })
    const api = makeApi()
    expect(await dispatch(api, 'planJob', { jobId: 'legacy' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-job', message: expect.stringContaining('no job file') },
    })
    expect(await dispatch(api, 'planJob', { jobId: 'ghost' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('reports a broken job file with file:line:column issues', async () => {
    const dir = makeTempDir()
    const file = join(dir, 'job.json')
    writeFileSync(file, '{ "name": "Broken", "source": { "type": "csv" } }\n')
    saveJob(db, { id: 'broken', name: 'Broken', config: {}, configPath: file })
    const result = await dispatch(makeApi(), 'planJob', { jobId: 'broken' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-job' } })
    if (!result.ok) expect(result.error.issues?.[0]).toMatch(/job\.json:1:\d+: /)
  })

  describe('planJob against a sandbox SCIM app', () => {
    let sandbox: SandboxServer

    beforeEach(async () => {
      sandbox = await startSandboxServer({
        auth: { type: 'bearer', token: TOKEN },
        seedUsers: [
          {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: 'grace.hopper@example.com',
            title: 'Commodore',
            active: true,
          },
        ],
      })
    })

    afterEach(async () => {
      await sandbox.close()
    })

    it('runs a dry run of the stored job, records it, announces it, and writes nothing', async () => {
      seedUiState(db, writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl))
      const api = makeApi({ [UI_TOKEN_VARIABLE]: TOKEN })
      const events: RunFinished[] = []
      hub.on('runFinished', event => events.push(event))
      sandbox.resetRequestCounts()

      const preview = await api.planJob({ jobId: UI_JOB_ID })

      expect(preview).toMatchObject({
        jobId: UI_JOB_ID,
        jobName: UI_JOB_NAME,
        status: 'completed',
        sourceCount: 4,
      })
      expect(preview.summary.users.create).toBe(3)
      expect(preview.summary.users.create + preview.summary.users.update + preview.summary.users.link).toBe(4)
      // The plan is stored with the run and read page by page, as the API sends it.
      const page = await api.queryPlanOperations({ runId: preview.runId, limit: 100 })
      expect(page.operations).toHaveLength(4)
      expect(page.nextAfterId).toBeNull()
      const ada = page.operations.find(operation => operation.sourceId === '1001')
      expect(ada).toMatchObject({ action: 'create', objectType: 'user' })
      expect(ada?.changes).toEqual(
        expect.arrayContaining([{ path: 'userName', from: null, to: 'ada.lovelace@example.com' }])
      )
      expect(Object.keys(ada ?? {}).sort()).toEqual(
        [
          'action',
          'changes',
          'display',
          'errorCode',
          'id',
          'objectType',
          'reason',
          'sourceId',
          'targetId',
        ].sort()
      )
      expect(JSON.stringify(page)).not.toContain(TOKEN)
      expect(JSON.stringify(preview)).not.toContain(TOKEN)

      expect(events).toEqual([
        {
          runId: preview.runId,
          jobId: UI_JOB_ID,
          mode: 'dry-run',
          status: 'completed',
          summary: preview.summary,
        },
      ])
      expect(await api.getRun({ runId: preview.runId })).toMatchObject({
        mode: 'dry-run',
        status: 'completed',
      })
      const counts = sandbox.requestCounts
      expect(
        (counts['POST'] ?? 0) + (counts['PATCH'] ?? 0) + (counts['PUT'] ?? 0) + (counts['DELETE'] ?? 0)
      ).toBe(0)
    })

    it('says which secret is missing, without any secret in the answer', async () => {
      seedUiState(db, writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl))
      const result = await dispatch(makeApi({}), 'planJob', { jobId: UI_JOB_ID })
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'secret-missing', message: expect.stringContaining(`env:${UI_TOKEN_VARIABLE}`) },
      })
    })

    it('reports a target that refuses the credentials as connector-failed', async () => {
      seedUiState(db, writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl))
      const result = await dispatch(makeApi({ [UI_TOKEN_VARIABLE]: 'wrong-token' }), 'planJob', {
        jobId: UI_JOB_ID,
      })
      expect(result).toMatchObject({ ok: false, error: { code: 'connector-failed' } })
      expect(JSON.stringify(result)).not.toContain('wrong-token')
    })

    it('refuses a second preview of the same job while one is running', async () => {
      seedUiState(db, writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl))
      const api = makeApi({ [UI_TOKEN_VARIABLE]: TOKEN })
      const first = dispatch(api, 'planJob', { jobId: UI_JOB_ID })
      const second = await dispatch(api, 'planJob', { jobId: UI_JOB_ID })
      expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
      expect(await first).toMatchObject({ ok: true })
    })
  })
})

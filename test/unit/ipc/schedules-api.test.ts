import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import type { JobSchedule } from '../../../main/schedule/scheduler'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { seedUiState, UI_JOB_ID, writeUiJobWorkspace } from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB
let jobFile: string

function makeApi(scheduler?: { schedules(): ReadonlyArray<JobSchedule> }): ProvisionerAdminApi {
  return new ProvisionerAdminApi({
    db,
    stateFolder: '/state',
    secrets: new MemorySecretStore(),
    hub: new EventHub(),
    scheduler,
  })
}

beforeEach(() => {
  db = openDatabase(join(makeTempDir('provisioner-schedules-'), 'provisioner.db'))
  jobFile = writeUiJobWorkspace(makeTempDir(), 'http://127.0.0.1:9/scim/v2')
})

afterEach(() => {
  db.close()
})

describe('listSchedules', () => {
  it('without the app scheduler: each job file’s schedule and when the app would run it next', async () => {
    seedUiState(db, jobFile)
    const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Record<string, unknown>
    writeFileSync(jobFile, JSON.stringify({ ...job, schedule: { intervalMinutes: 40 } }))

    const result = await dispatch(makeApi(), 'listSchedules', undefined)
    // The seed's newest apply started 2024-03-01T11:00:00Z and took 3.5 s.
    expect(result).toEqual({
      ok: true,
      value: {
        active: false,
        jobs: [
          { jobId: UI_JOB_ID, intervalMinutes: 40, nextRunAt: '2024-03-01T11:40:00.000Z', running: false },
          { jobId: 'legacy-import', intervalMinutes: null, nextRunAt: null, running: false },
        ],
      },
    })

    // A quarantined job waits for its backoff.
    const state = enterQuarantine(db, UI_JOB_ID, 'EncounteredQuarantineException', 'refused')
    const [quarantined] = (await makeApi().listSchedules()).jobs
    expect(quarantined?.nextRunAt).toBe(state.nextScheduledRunAt)
  })

  it('in the app: what the scheduler intends, times as ISO 8601', async () => {
    const api = makeApi({
      schedules: () => [
        { jobId: 'a', intervalMinutes: 40, nextRunAt: Date.parse('2026-03-02T09:40:00Z'), running: false },
        { jobId: 'b', intervalMinutes: 60, nextRunAt: null, running: true },
      ],
    })
    expect(await api.listSchedules()).toEqual({
      active: true,
      jobs: [
        { jobId: 'a', intervalMinutes: 40, nextRunAt: '2026-03-02T09:40:00.000Z', running: false },
        { jobId: 'b', intervalMinutes: 60, nextRunAt: null, running: true },
      ],
    })
  })

  it('takes no input', async () => {
    expect(await dispatch(makeApi(), 'listSchedules', { jobId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })
})

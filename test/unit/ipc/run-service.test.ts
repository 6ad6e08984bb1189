import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LoadedJob } from '../../../main/config/load-job'
import type { RunOutcome } from '../../../main/engine/run/run-job'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { AppRuns } from '../../../main/ipc/run/app-runs'
import { RunService } from '../../../main/ipc/run/run-service'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB
beforeEach(() => {
  db = openDatabase(join(makeTempDir('provisioner-run-service-'), 'provisioner.db'))
})
afterEach(() => db.close())

/** A dry run's outcome whose operations count the reads of their lazily computed parts. */
function outcomeCounting(reads: string[]): RunOutcome {
  const operation = {
    changeId: 'c1',
    objectType: 'user',
    action: 'create',
    sourceId: '1001',
    targetId: null,
    display: 'ada@example.com',
    changes: [{ path: 'userName', from: null, to: 'ada@example.com' }],
    reason: null,
    errorCode: null,
    get steps() {
      reads.push('steps')
      return []
    },
    get fingerprint() {
      reads.push('fingerprint')
      return 'f1'
    },
  }
  return { runId: 'run-1', operations: [operation], configHash: 'h', summary: {} } as unknown as RunOutcome
}

describe('the run service', () => {
  it('remembers a reviewed dry run without computing its log steps or fingerprints', () => {
    const hub = new EventHub()
    const service = new RunService({
      db,
      secrets: new MemorySecretStore(),
      hub,
      env: () => ({}),
      appRuns: new AppRuns(db, hub),
    })
    const reads: string[] = []
    const job = { id: 'job', config: { name: 'Job' } } as unknown as LoadedJob
    service.rememberPlan(job, outcomeCounting(reads))
    // A preview of 100,000 people spent seconds here; only an apply needs the saved plan.
    expect(reads).toEqual([])
  })
})

import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AdminEvents, ApiEvent } from '../../../main/ipc/api/contract'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { startStateWatcher, type StateWatcher } from '../../../main/ipc/state-watcher'
import { emptyRunSummary } from '../../../main/model/run'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { createRun, finishRun, recordRunProgress } from '../../../main/store/runs-store'
import { seedJob } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

/** The app's connection and, on the same file, a CLI's. */
let app: WritableDB
let cli: WritableDB
let watcher: StateWatcher
let events: Array<{ name: ApiEvent; payload: unknown }>

beforeEach(() => {
  const file = join(makeTempDir('provisioner-watch-'), 'provisioner.db')
  app = openDatabase(file)
  cli = openDatabase(file)
  seedJob(cli, 'job-1')
  const hub = new EventHub()
  events = []
  for (const name of ['runStarted', 'runProgress', 'runFinished'] as const) {
    hub.on(name, (payload: AdminEvents[typeof name]) => events.push({ name, payload }))
  }
  watcher = startStateWatcher(app, hub, { intervalMs: 60_000 })
})

afterEach(() => {
  watcher.stop()
  app.close()
  cli.close()
})

const completed = { status: 'completed' as const, summary: emptyRunSummary(), failed: 0, error: null }

describe('the state watcher (runs other processes make)', () => {
  it('announces a CLI run starting, advancing and finishing, once each', () => {
    createRun(cli, { id: 'run-1', jobId: 'job-1', mode: 'apply' })
    watcher.check()
    watcher.check()
    expect(events).toEqual([
      { name: 'runStarted', payload: { runId: 'run-1', jobId: 'job-1', mode: 'apply' } },
    ])

    const progress = {
      phase: 'applying',
      done: 40,
      total: 100,
      ratePerSecond: 12.5,
      etaSeconds: 4.8,
      failures: 2,
    } as const
    recordRunProgress(cli, 'run-1', progress)
    watcher.check()
    recordRunProgress(cli, 'run-1', progress)
    watcher.check()
    expect(events.slice(1)).toEqual([
      { name: 'runProgress', payload: { runId: 'run-1', jobId: 'job-1', ...progress } },
    ])

    finishRun(cli, 'run-1', completed)
    watcher.check()
    watcher.check()
    expect(events.slice(2)).toEqual([
      {
        name: 'runFinished',
        payload: {
          runId: 'run-1',
          jobId: 'job-1',
          mode: 'apply',
          status: 'completed',
          summary: emptyRunSummary(),
        },
      },
    ])
  })

  it('announces a run that started and finished between two looks as finished', () => {
    createRun(cli, { id: 'quick', jobId: 'job-1', mode: 'dry-run' })
    finishRun(cli, 'quick', completed)
    watcher.check()
    expect(events.map(event => event.name)).toEqual(['runFinished'])
  })

  it('finishes a run that was already running when the app opened', () => {
    watcher.stop()
    createRun(cli, { id: 'long', jobId: 'job-1', mode: 'apply' })
    const hub = new EventHub()
    const finished: string[] = []
    hub.on('runFinished', event => finished.push(event.runId))
    watcher = startStateWatcher(app, hub, { intervalMs: 60_000 })
    finishRun(cli, 'long', { ...completed, status: 'failed', error: 'Interrupted' })
    watcher.check()
    expect(finished).toEqual(['long'])
  })

  it('says nothing while no other process writes, and reads one pragma per look', () => {
    createRun(app, { id: 'own', jobId: 'job-1', mode: 'dry-run' })
    const prepare = app.prepare.bind(app)
    let statements = 0
    app.prepare = ((sql: string) => {
      statements++
      return prepare(sql)
    }) as typeof app.prepare
    for (let look = 0; look < 5; look++) watcher.check()
    app.prepare = prepare
    expect(events).toEqual([])
    expect(statements).toBe(0)
  })

  it('looks by itself at its interval', async () => {
    watcher.stop()
    const hub = new EventHub()
    const started = new Promise<string>(resolve => hub.on('runStarted', event => resolve(event.runId)))
    watcher = startStateWatcher(app, hub, { intervalMs: 20 })
    createRun(cli, { id: 'timed', jobId: 'job-1', mode: 'apply' })
    expect(await started).toBe('timed')
  })
})

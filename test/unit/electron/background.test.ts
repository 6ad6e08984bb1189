import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { NO_APP_LOG } from '../../../main/app-log/app-log'
import { loadJobFile } from '../../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import { databasePath } from '../../../main/config/app-paths'
import { utilityApiHostLink } from '../../../main/electron/api-host-link'
import { type Background, startBackground } from '../../../main/electron/background'
import type { AdminEvents } from '../../../main/ipc/api/contract'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { type RemoteAdminApi, remoteAdminApi } from '../../../main/ipc/api-host/remote-admin-api'
import type { Clock } from '../../../main/schedule/scheduler'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { saveJob } from '../../../main/store/jobs-store'
import { listRuns } from '../../../main/store/runs-store'
import { UI_JOB_ID, UI_TOKEN_VARIABLE, writeUiJobWorkspace } from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'
import {
  FakeUtilityProcess,
  Notification,
  powerMonitor,
  resetFakeElectron,
  Tray,
  utilityProcess,
} from './fake-electron'

const fake = await vi.hoisted(async () => import('./fake-electron'))
vi.mock('electron', () => fake)

const TOKEN = 'background-test-token-0123456789'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let sandbox: SandboxServer
let home: string
let db: WritableDB
let hub: EventHub
let api: RemoteAdminApi | null
let background: Background | null
const openApp = vi.fn()
const quit = vi.fn()

/** A job file registered with the app, with `schedule` (or none). */
function addJob(schedule: { intervalMinutes: number } | null, id = UI_JOB_ID): string {
  const file = writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl)
  const job = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  writeFileSync(file, JSON.stringify({ ...job, id, ...(schedule === null ? {} : { schedule }) }, null, 2))
  const loaded = loadJobFile(file)
  saveJob(db, { id: loaded.id, name: loaded.config.name, config: loaded.config, configPath: loaded.file })
  return file
}

/** As the app starts it: the runs go to the API host (the real one, in this process, via the fake utilityProcess). */
function start(clock?: Clock): Background {
  const host = remoteAdminApi({
    spawn: () => utilityApiHostLink('/app/out/main/api-host.js'),
    init: { home, program: 'app', env: { [UI_TOKEN_VARIABLE]: TOKEN }, watchIntervalMs: 20 },
    hub,
    log: NO_APP_LOG,
    // A host the test plays does not answer `shutdown`.
    closeTimeoutMs: 200,
  })
  api = host
  background = startBackground({
    db,
    runJob: jobId => host.runScheduledJob(jobId),
    hub,
    log: NO_APP_LOG,
    openApp,
    quit,
    ...(clock === undefined ? {} : { clock }),
  })
  return background
}

/** The scheduled runs main asked the host for, over every host it started. */
function scheduledRunsPosted(): unknown[] {
  return FakeUtilityProcess.forked.flatMap(child =>
    child.posted.filter(message => (message as { kind: string }).kind === 'scheduled-run')
  )
}

/** The first host, played by the test: it starts, takes the run, and answers nothing by itself. */
async function heldHost(): Promise<FakeUtilityProcess> {
  await vi.waitFor(() => expect(FakeUtilityProcess.forked).toHaveLength(1))
  const child = FakeUtilityProcess.forked[0]!
  child.fromChild({ kind: 'ready' })
  await vi.waitFor(() => expect(scheduledRunsPosted()).toHaveLength(1))
  return child
}

function tray(): Tray {
  const created = Tray.created
  expect(created).toHaveLength(1)
  return created[0]!
}

beforeAll(async () => {
  sandbox = await startSandboxServer({ auth: { type: 'bearer', token: TOKEN } })
})

afterAll(async () => {
  await sandbox.close()
})

beforeEach(() => {
  resetFakeElectron()
  openApp.mockClear()
  quit.mockClear()
  home = makeTempDir('provisioner-background-')
  db = openDatabase(databasePath(home))
  hub = new EventHub()
  api = null
  background = null
})

afterEach(async () => {
  await background?.stop()
  await api?.close()
  db.close()
})

describe('the app in the background', () => {
  it('runs a due scheduled job at once in the API host, shows the result in the tray, and opens the app from it', async () => {
    addJob({ intervalMinutes: 40 })
    const finished: Array<AdminEvents['runFinished']> = []
    hub.on('runFinished', run => finished.push(run))
    const running = start()
    expect(running.keepsRunning).toBe(true)
    await expect.poll(() => listRuns(db, UI_JOB_ID)[0]?.status, { timeout: 20_000 }).toBe('completed')
    // Main asked the host (not an API call), and the host's state watcher announced the run.
    expect(scheduledRunsPosted()).toEqual([{ kind: 'scheduled-run', id: 1, jobId: UI_JOB_ID }])
    await expect
      .poll(() => finished.map(run => [run.runId, run.status]))
      .toEqual([[listRuns(db, UI_JOB_ID)[0]?.id, 'completed']])
    await expect.poll(() => tray().tooltip).toMatch(/^Provisioner — HR to Demo App: completed at /)
    expect(tray().item(/^HR to Demo App: completed at .* · next /)).toMatchObject({ enabled: false })
    expect(Notification.shown).toEqual([])
    const icon = tray().image.representations
    expect(icon.map(representation => representation.scaleFactor)).toEqual([1, 2])
    expect(icon.every(representation => representation.buffer.subarray(0, 8).equals(PNG_SIGNATURE))).toBe(
      true
    )

    tray().emit('click')
    tray().item('Open Provisioner')?.click?.()
    expect(openApp).toHaveBeenCalledTimes(2)
    tray().item('Quit Provisioner')?.click?.()
    expect(quit).toHaveBeenCalledOnce()
  })

  it('notifies a failed scheduled run once, and a quarantine standing when it starts', async () => {
    const file = addJob({ intervalMinutes: 40 })
    rmSync(join(file, '..', 'people.csv'))
    saveJob(db, { id: 'other', name: 'HR to LMS', config: {}, configPath: null })
    enterQuarantine(
      db,
      'other',
      'EncounteredQuarantineException',
      'The target refused the credentials (HTTP 401)'
    )
    start()
    expect(Notification.shown.map(notification => notification.options.title)).toEqual([
      'HR to LMS is quarantined',
    ])
    await expect.poll(() => Notification.shown.length, { timeout: 20_000 }).toBe(2)
    expect(Notification.shown[1]?.options).toEqual({
      title: 'HR to Demo App: run failed',
      body: expect.stringContaining('people.csv'),
    })
    expect(tray().tooltip).toMatch(/could not run at/)
    background?.refresh()
    background?.refresh()
    expect(Notification.shown).toHaveLength(2)
    Notification.shown[1]?.emit('click')
    expect(openApp).toHaveBeenCalledOnce()
  })

  it('looks at the schedules again when the computer resumes from sleep', () => {
    addJob(null)
    const running = start()
    expect(running.keepsRunning).toBe(false)
    expect(tray().item(/not scheduled/)).toBeDefined()
    const check = vi.spyOn(running.scheduler, 'check')
    powerMonitor.emit('resume')
    expect(check).toHaveBeenCalledOnce()
  })

  it('says once that it keeps running in the tray; stop removes the tray and listeners', async () => {
    addJob(null)
    const running = start()
    running.tellStillRunning()
    running.tellStillRunning()
    expect(Notification.shown.map(notification => notification.options.title)).toEqual([
      'Provisioner keeps running',
    ])
    await running.stop()
    background = null
    expect(tray().destroyed).toBe(true)
    expect(powerMonitor.listenerCount('resume')).toBe(0)
  })

  it('holds a quit while the API host runs a scheduled job, and quits once the host answered', async () => {
    addJob(null)
    const idle = start()
    const event = { preventDefault: vi.fn() }
    idle.beforeQuit(event)
    expect(event.preventDefault).not.toHaveBeenCalled()
    await idle.stop()
    await api?.close()
    resetFakeElectron()

    addJob({ intervalMinutes: 40 })
    utilityProcess.runsHost = false
    const running = start()
    const host = await heldHost()
    running.beforeQuit(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(quit).not.toHaveBeenCalled()
    host.fromChild({
      kind: 'scheduled-result',
      id: 1,
      result: { kind: 'skipped', reason: 'The job file no longer has a schedule' },
    })
    await expect.poll(() => quit.mock.calls.length).toBe(1)
    // The quit it started goes through.
    running.beforeQuit(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
  })

  it('a host that dies during a scheduled run: the run is failed and notified, never run twice meanwhile, and the next look runs it in a new host', async () => {
    addJob({ intervalMinutes: 40 })
    utilityProcess.runsHost = false
    let offsetMs = 0
    const clock: Clock = {
      now: () => Date.now() + offsetMs,
      setTimer: () => null,
      clearTimer: () => undefined,
    }
    const running = start(clock)
    const host = await heldHost()
    // Due again while the first run still holds: no second run of the job.
    offsetMs = 41 * 60_000
    running.scheduler.check()
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(scheduledRunsPosted()).toHaveLength(1)
    expect(running.scheduler.busy).toBe(true)

    host.exited(null)
    await expect
      .poll(() => Notification.shown.map(shown => shown.options))
      .toEqual([
        {
          title: 'HR to Demo App: run failed',
          body: expect.stringContaining('engine process stopped before it answered'),
        },
      ])
    expect(running.scheduler.busy).toBe(false)
    expect(tray().tooltip).toMatch(/could not run at/)

    utilityProcess.runsHost = true
    offsetMs = 82 * 60_000
    running.scheduler.check()
    await expect.poll(() => listRuns(db, UI_JOB_ID)[0]?.status, { timeout: 20_000 }).toBe('completed')
    expect(FakeUtilityProcess.forked).toHaveLength(2)
    expect(scheduledRunsPosted()).toHaveLength(2)
  })

  it('shows no notification where the system has none, and still updates the tray', async () => {
    Notification.supported = false
    saveJob(db, { id: 'other', name: 'HR to LMS', config: {}, configPath: null })
    enterQuarantine(db, 'other', 'EncounteredQuarantineException', 'HTTP 401')
    start()
    expect(Notification.shown).toEqual([])
    expect(tray().item(/HR to LMS: quarantined/)).toBeDefined()
  })
})

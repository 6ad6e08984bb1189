import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { NO_APP_LOG } from '../../../main/app-log/app-log'
import { loadJobFile } from '../../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import { type Background, startBackground } from '../../../main/electron/background'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { saveJob } from '../../../main/store/jobs-store'
import { listRuns } from '../../../main/store/runs-store'
import { UI_JOB_ID, UI_TOKEN_VARIABLE, writeUiJobWorkspace } from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'
import { Notification, powerMonitor, resetFakeElectron, Tray } from './fake-electron'

const fake = await vi.hoisted(async () => import('./fake-electron'))
vi.mock('electron', () => fake)

const TOKEN = 'background-test-token-0123456789'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let sandbox: SandboxServer
let db: WritableDB
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

function start(): Background {
  background = startBackground({
    db,
    secrets: new MemorySecretStore(),
    hub: new EventHub(),
    log: NO_APP_LOG,
    openApp,
    quit,
    env: { [UI_TOKEN_VARIABLE]: TOKEN },
  })
  return background
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
  db = openDatabase(join(makeTempDir('provisioner-background-'), 'provisioner.db'))
  background = null
})

afterEach(async () => {
  await background?.stop()
  db.close()
})

describe('the app in the background', () => {
  it('runs a due scheduled job at once, shows the result in the tray, and opens the app from it', async () => {
    addJob({ intervalMinutes: 40 })
    const running = start()
    expect(running.keepsRunning).toBe(true)
    await expect.poll(() => listRuns(db, UI_JOB_ID)[0]?.status, { timeout: 20_000 }).toBe('completed')
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

  it('holds a quit while a scheduled run writes, and quits once it ended', async () => {
    addJob(null)
    const running = start()
    const event = { preventDefault: vi.fn() }
    running.beforeQuit(event)
    expect(event.preventDefault).not.toHaveBeenCalled()

    vi.spyOn(running.scheduler, 'busy', 'get').mockReturnValue(true)
    let endRun: () => void = () => undefined
    vi.spyOn(running.scheduler, 'stop').mockReturnValue(new Promise<void>(resolve => (endRun = resolve)))
    running.beforeQuit(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(quit).not.toHaveBeenCalled()
    endRun()
    await expect.poll(() => quit.mock.calls.length).toBe(1)
    // The quit it started goes through.
    running.beforeQuit(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
    vi.restoreAllMocks()
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

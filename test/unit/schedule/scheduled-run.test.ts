import { readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import type { RunFinished } from '../../../main/ipc/api/contract'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ScheduleReader } from '../../../main/schedule/schedule-reader'
import { startRun } from '../../../main/engine/run/run-lock'
import { runScheduledJob } from '../../../main/schedule/scheduled-run'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { pauseJob, resumeJob } from '../../../main/store/job-pause-store'
import { saveJob } from '../../../main/store/jobs-store'
import { createRun, finishRun, listRuns } from '../../../main/store/runs-store'
import { UI_JOB_ID, UI_TOKEN_VARIABLE, writeUiJobWorkspace } from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'
import { startWebhookReceiver } from '../../helpers/webhook-receiver'

const TOKEN = 'scheduled-run-test-token-0123456789'

let sandbox: SandboxServer
let db: WritableDB
let hub: EventHub
let jobFile: string

/** Rewrites the job file with `schedule` (or none), as an admin editing it would. */
function setSchedule(
  schedule: { intervalMinutes: number } | null,
  extra: Record<string, unknown> = {}
): void {
  const job = { ...(JSON.parse(readFileSync(jobFile, 'utf8')) as Record<string, unknown>), ...extra }
  if (schedule === null) delete job['schedule']
  else job['schedule'] = schedule
  writeFileSync(jobFile, JSON.stringify(job, null, 2))
}

/** The job as the app knows it: registered in the state database with its file. */
function registerJob(): void {
  const job = loadJobFile(jobFile)
  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
}

function run() {
  return runScheduledJob(
    { db, secrets: new MemorySecretStore(), hub, env: { [UI_TOKEN_VARIABLE]: TOKEN } },
    UI_JOB_ID
  )
}

beforeAll(async () => {
  sandbox = await startSandboxServer({ auth: { type: 'bearer', token: TOKEN } })
})

afterAll(async () => {
  await sandbox.close()
})

beforeEach(() => {
  db = openDatabase(join(makeTempDir('provisioner-schedule-'), 'provisioner.db'))
  hub = new EventHub()
  jobFile = writeUiJobWorkspace(makeTempDir(), sandbox.baseUrl)
  setSchedule({ intervalMinutes: 40 })
  registerJob()
})

afterEach(() => {
  db.close()
})

describe('runScheduledJob', () => {
  it('applies the job file as it is now, unattended, records the run and announces it', async () => {
    const events: RunFinished[] = []
    hub.on('runFinished', event => events.push(event))
    const result = await run()
    expect(result).toMatchObject({ kind: 'ran', status: 'completed', failed: 0 })
    const runs = listRuns(db, UI_JOB_ID)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ mode: 'apply', status: 'completed' })
    expect(events).toEqual([
      expect.objectContaining({ runId: runs[0]?.id, jobId: UI_JOB_ID, mode: 'apply', status: 'completed' }),
    ])
    const names = sandbox.store.listUsers().map(user => user['userName'])
    expect(names).toEqual(expect.arrayContaining(['ada.lovelace@example.com', 'grace.hopper@example.com']))
  })

  it('announces its start and its progress by phase, ending with what it applied', async () => {
    const started: string[] = []
    const phases: string[] = []
    hub.on('runStarted', event => started.push(`${event.jobId} ${event.mode}`))
    hub.on('runProgress', event => phases.push(event.phase))
    const result = await run()
    expect(started).toEqual([`${UI_JOB_ID} apply`])
    expect(phases[0]).toBe('reading-source')
    expect(new Set(phases)).toEqual(
      new Set(['reading-source', 'reading-target', 'planning', 'applying', 'finishing'])
    )
    expect(listRuns(db, UI_JOB_ID)[0]?.progress).toMatchObject({ phase: 'finishing', failures: 0 })
    expect(result).toMatchObject({ kind: 'ran', status: 'completed' })
  })

  it('honours a quarantine backoff as --scheduled does: skipped, nothing recorded', async () => {
    enterQuarantine(db, UI_JOB_ID, 'EncounteredQuarantineException', 'The target refused the credentials')
    const result = await run()
    expect(result).toEqual({ kind: 'skipped', reason: expect.stringContaining('scheduled runs wait until') })
    expect(listRuns(db, UI_JOB_ID)).toHaveLength(0)
  })

  it('skips a paused job, naming who paused it, with nothing recorded', async () => {
    pauseJob(db, UI_JOB_ID, { by: 'alice', note: null })
    const result = await run()
    expect(result).toEqual({ kind: 'skipped', reason: expect.stringContaining('Paused by alice') })
    expect(listRuns(db, UI_JOB_ID)).toHaveLength(0)
  })

  it('skips, without a failed run or an alert, while another process runs the job', async () => {
    const webhook = await startWebhookReceiver()
    setSchedule({ intervalMinutes: 40 }, { alerts: { webhookUrl: webhook.url } })
    createRun(db, { id: 'cli-run', jobId: UI_JOB_ID, mode: 'apply' })
    // The run belongs to a process that is alive (this test's parent), as a CLI run would.
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(process.ppid, 'cli-run')
    const result = await run()
    expect(result).toEqual({ kind: 'skipped', reason: expect.stringContaining('still in progress') })
    expect(listRuns(db, UI_JOB_ID).map(entry => entry.status)).toEqual(['running'])
    expect(webhook.messages).toEqual([])
    // A failure does alert (runJob's rule for scheduled runs), so the receiver would have seen one.
    writeFileSync(join(jobFile, '..', 'people.csv'), '')
    db.prepare(`UPDATE runs SET status = 'completed' WHERE id = ?`).run('cli-run')
    expect(await run()).toMatchObject({ kind: 'failed' })
    await expect.poll(() => webhook.messages.map(message => message['event'])).toEqual(['run-failed'])
  })

  it('reports a job file that no longer loads, at its place', async () => {
    writeFileSync(jobFile, '{ "name": "HR to Demo App", ')
    const result = await run()
    expect(result).toEqual({ kind: 'failed', message: expect.stringContaining('job.json:1:') })
  })

  it('does nothing when the schedule was taken out of the job file meanwhile', async () => {
    setSchedule(null)
    expect(await run()).toEqual({ kind: 'skipped', reason: 'The job file no longer has a schedule' })
    expect(listRuns(db, UI_JOB_ID)).toHaveLength(0)
  })

  it('reports a job the app does not know', async () => {
    expect(await runScheduledJob({ db, secrets: new MemorySecretStore() }, 'nope')).toEqual({
      kind: 'failed',
      message: 'Job "nope" has no job file on record',
    })
  })
})

describe('ScheduleReader', () => {
  it('reads the schedule from the job file, and sees an edit without a run', () => {
    const reader = new ScheduleReader(db)
    expect(reader.entries()).toEqual([
      { jobId: UI_JOB_ID, intervalMinutes: 40, lastRun: null, notBefore: null },
    ])
    setSchedule({ intervalMinutes: 15 })
    utimesSync(jobFile, new Date(), new Date(Date.now() + 5_000))
    expect(reader.entries()[0]?.intervalMinutes).toBe(15)
    setSchedule(null)
    utimesSync(jobFile, new Date(), new Date(Date.now() + 10_000))
    expect(reader.entries()[0]?.intervalMinutes).toBeNull()
  })

  it('keeps the stored schedule when the job file cannot be read, so the run fails loudly', () => {
    writeFileSync(jobFile, 'not json')
    expect(new ScheduleReader(db).entries()[0]?.intervalMinutes).toBe(40)
  })

  it('takes the newest apply run by anyone; one whose process ended counts as ended', () => {
    createRun(db, { id: 'dry', jobId: UI_JOB_ID, mode: 'dry-run' }, 5_000_000)
    finishRun(db, 'dry', { status: 'completed', summary: null, failed: 0, error: null }, 5_000_100)
    createRun(db, { id: 'applied', jobId: UI_JOB_ID, mode: 'apply' }, 1_000_000)
    finishRun(db, 'applied', { status: 'completed', summary: null, failed: 0, error: null }, 1_000_500)
    const reader = new ScheduleReader(db)
    expect(reader.entries()[0]?.lastRun).toEqual({ startedAt: 1_000_000, finishedAt: 1_000_500 })

    // A run this process is making (a preview or apply of the app) holds the job.
    startRun(db, { id: 'alive', jobId: UI_JOB_ID, mode: 'apply' }, { now: 2_000_000 })
    expect(reader.entries()[0]?.lastRun).toEqual({ startedAt: 2_000_000, finishedAt: null })
    // A process id no process has: the run was interrupted.
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12_345, 'alive')
    expect(reader.entries()[0]?.lastRun).toEqual({ startedAt: 2_000_000, finishedAt: 2_000_000 })
    // A row of this process id that this process did not start is left from an earlier process.
    createRun(db, { id: 'left-behind', jobId: UI_JOB_ID, mode: 'apply' }, 3_000_000)
    expect(reader.entries()[0]?.lastRun).toEqual({ startedAt: 3_000_000, finishedAt: 3_000_000 })
  })

  it('gives a paused job no schedule until it is resumed', () => {
    const reader = new ScheduleReader(db)
    expect(reader.entries()[0]?.intervalMinutes).not.toBeNull()
    pauseJob(db, UI_JOB_ID, { by: 'alice', note: null })
    expect(reader.entries()[0]?.intervalMinutes).toBeNull()
    resumeJob(db, UI_JOB_ID)
    expect(reader.entries()[0]?.intervalMinutes).not.toBeNull()
  })

  it('gives a quarantined job its backoff', () => {
    const state = enterQuarantine(db, UI_JOB_ID, 'EncounteredQuarantineException', 'refused', 1_000)
    expect(new ScheduleReader(db).entries()[0]?.notBefore).toBe(Date.parse(state.nextScheduledRunAt!))
  })
})

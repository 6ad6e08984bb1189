/**
 * Cancelling a run midway (issue 9, item 4): Ctrl+C on the CLI, `cancelRun` through the admin
 * API for the app's own run, and `cancelRun` from the app for a run the CLI owns (a request in
 * the runs table). The sandbox answers every request 80–120 ms late, so an apply of 40 people
 * is still writing when it is cancelled. A cancelled run starts no new write, finishes and
 * journals those in flight, is recorded `cancelled`, and the next run does exactly the rest.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { AdminEvents, ApiMethod, ApiOutput } from '../../main/ipc/api/contract'
import { dispatch } from '../../main/ipc/api/dispatch'
import { EventHub } from '../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../main/ipc/admin-api'
import { loadJobFile } from '../../main/config/load-job'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../main/store/database'
import { saveJob } from '../../main/store/jobs-store'
import { startCli } from '../helpers/killable-cli'
import {
  type ApplyJson,
  baseJob,
  expectJson,
  type Person,
  person,
  startTarget,
  TOKEN,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic, tally } from '../helpers/scim-traffic'
import { journalOf, readState } from '../helpers/state-queries'

const PEOPLE = 40
/** The job's concurrency (the schema's default): at most this many writes are in flight. */
const CONCURRENCY = 4
/** The write whose arrival cancels the run. */
const CANCEL_AT = 8
const TIMEOUT = 120_000

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  traffic.latency = { min: 80, max: 120 }
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function people(): Person[] {
  return Array.from({ length: PEOPLE }, (_, index) => {
    const n = String(index + 1).padStart(3, '0')
    return person(`C${n}`, `Person${n}`, 'Cancel')
  })
}

function workspace(): Workspace {
  const ws = new Workspace()
  ws.writePeople(people())
  ws.writeJob(baseJob(server.baseUrl))
  return ws
}

/** Calls `cancel` the moment the `CANCEL_AT`th create reaches the server. */
function onCreate(cancel: () => void): { received: () => number } {
  let creates = 0
  traffic.onRequest = request => {
    if (request.method === 'POST' && /\/Users$/.test(request.path) && ++creates === CANCEL_AT) cancel()
  }
  return { received: () => creates }
}

/**
 * The cancelled run's writes: every create the server received is journalled and settled (no
 * intent left pending or never sent), and none started after the cancel but those in flight.
 */
function expectStoppedCleanly(ws: Workspace, runId: string, phase: string, lateWrites = 0): number {
  const received = traffic.userCreates(phase).length
  expect(received).toBeGreaterThanOrEqual(CANCEL_AT)
  expect(received).toBeLessThanOrEqual(CANCEL_AT + CONCURRENCY - 1 + lateWrites)
  const journal = journalOf(ws, runId)
  expect(journal.filter(row => row.state === 'pending')).toEqual([])
  expect(journal.filter(row => row.state === 'succeeded')).toHaveLength(received)
  expect(journal).toHaveLength(received)
  return received
}

/** The next run creates exactly the people the cancelled one did not: everyone once. */
async function expectNextRunCarriesOn(ws: Workspace, doneBefore: number): Promise<void> {
  traffic.onRequest = null
  traffic.phase = 'next'
  const next = await ws.apply()
  expect(next.status).toBe('completed')
  expect(next.summary.users.create).toBe(PEOPLE - doneBefore)
  expect(traffic.userCreates('next')).toHaveLength(PEOPLE - doneBefore)
  expect([...tally(traffic.userCreates()).values()].every(count => count === 1)).toBe(true)
  expect(server.store.listUsers()).toHaveLength(PEOPLE)
  const interrupted = next as ApplyJson & { notices?: ReadonlyArray<string> }
  expect(interrupted.notices ?? []).not.toContainEqual(expect.stringContaining('interrupted run'))
}

describe('cancelling a run midway', () => {
  it(
    'Ctrl+C: the CLI exits 130 with a note, the run is recorded cancelled, and the next run does the rest once',
    async () => {
      const ws = workspace()
      traffic.phase = 'cancelled'
      const cli = startCli(ws, ['apply', '--job', 'job.json'])
      let writesAtSignal = -1
      onCreate(() => {
        writesAtSignal = traffic.writes('cancelled').length
        cli.child.kill('SIGINT')
      })
      const result = await cli.finished
      await traffic.settled('cancelled')
      expect(result.code, `${result.stdout}${result.stderr}`).toBe(130)
      expect(result.stdout).toMatch(
        /^Cancelled: run \S+ stopped after \d+ change\(s\); the next run carries on/
      )
      expect(result.stderr).toContain('Cancelling: the writes in flight finish, no new one starts')
      // Writes that reached the server after the signal were already on their way (in flight).
      expect(traffic.writes('cancelled').length - writesAtSignal).toBeLessThanOrEqual(CONCURRENCY - 1)

      const status = expectJson<{
        runs: Array<{ id: string; status: string; summary: ApplyJson['summary'] }>
      }>(await ws.cli(['status', '--job', 'job.json', '--json']), 0)
      const [cancelled] = status.runs
      expect(cancelled?.status).toBe('cancelled')
      const done = expectStoppedCleanly(ws, cancelled?.id ?? '', 'cancelled')
      expect(cancelled?.summary.users.create).toBe(done)
      const table = await ws.cli(['status', '--job', 'job.json'])
      expect(table.stdout).toMatch(/cancelled/)
      await expectNextRunCarriesOn(ws, done)
    },
    TIMEOUT
  )

  it(
    "the app's Cancel (cancelRun) stops its own apply at once; the next run carries on",
    async () => {
      const ws = workspace()
      const { api, hub, db } = openApi(ws)
      try {
        const events = collect(hub)
        const preview = await call(api, 'planJob', { jobId: 'it-job' })
        const previewPhases = events.progress.filter(event => event.runId === preview.runId).map(e => e.phase)
        expect(previewPhases).toEqual(
          expect.arrayContaining(['reading-source', 'reading-target', 'planning'])
        )

        traffic.phase = 'cancelled'
        let cancelled: Promise<ApiOutput<'cancelRun'>> | null = null
        onCreate(() => {
          const started = events.started.find(event => event.mode === 'apply')
          cancelled = call(api, 'cancelRun', { runId: started?.runId ?? 'none' })
        })
        const result = await call(api, 'applyPlan', { jobId: 'it-job', runId: preview.runId })
        await traffic.settled('cancelled')
        expect(await (cancelled as Promise<ApiOutput<'cancelRun'>> | null)).toEqual({ cancelled: true })
        expect(result.status).toBe('cancelled')
        expect(await call(api, 'cancelRun', { runId: result.runId })).toEqual({ cancelled: false })
        expect((await call(api, 'getRun', { runId: result.runId })).status).toBe('cancelled')
        const applying = events.progress.filter(event => event.runId === result.runId)
        expect(applying.find(event => event.phase === 'applying')).toMatchObject({ total: PEOPLE })
        expect(applying.length).toBeLessThan(40)
        const done = expectStoppedCleanly(ws, result.runId, 'cancelled')
        expect(result.summary.users.create).toBe(done)
        db.close()
        await expectNextRunCarriesOn(ws, done)
      } finally {
        await api.close()
        if (db.open) db.close()
      }
    },
    TIMEOUT
  )

  it(
    "the app's Cancel stops its own dry run while the target is read: planJob answers `cancelled`, nothing to apply",
    async () => {
      const ws = workspace()
      const { api, hub, db } = openApi(ws)
      try {
        const events = collect(hub)
        const finished: Array<AdminEvents['runFinished']> = []
        hub.on('runFinished', event => finished.push(event))
        traffic.latency = { min: 60_000, max: 60_000 }
        let cancelled: Promise<ApiOutput<'cancelRun'>> | null = null
        traffic.onRequest = request => {
          // The first read of the target (the page size it allows, or the listing itself).
          if (request.method !== 'GET' || cancelled !== null) return
          const started = events.started.find(event => event.mode === 'dry-run')
          cancelled = call(api, 'cancelRun', { runId: started?.runId ?? 'none' })
        }
        const began = Date.now()
        const answer = await dispatch(api, 'planJob', { jobId: 'it-job' })
        expect(Date.now() - began).toBeLessThan(10_000)
        expect(await (cancelled as Promise<ApiOutput<'cancelRun'>> | null)).toEqual({ cancelled: true })
        // A clear cancel, not a preview of nothing nor "not found".
        expect(answer).toMatchObject({
          ok: false,
          error: { code: 'cancelled', message: 'Dry run cancelled: nothing was changed' },
        })
        const runId = events.started.find(event => event.mode === 'dry-run')?.runId ?? 'none'
        expect((await call(api, 'getRun', { runId })).status).toBe('cancelled')
        // Announced once, as cancelled (never as a failed preview).
        expect(finished).toEqual([expect.objectContaining({ runId, mode: 'dry-run', status: 'cancelled' })])
        // Nothing to apply from a cancelled dry run.
        const refused = await dispatch(api, 'applyPlan', { jobId: 'it-job', runId })
        expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } })
        expect(traffic.writes()).toEqual([])
      } finally {
        await api.close()
        db.close()
      }
    },
    TIMEOUT
  )

  it(
    "the app's Cancel stops a run the CLI owns: it sees the request in the runs table on its next tick",
    async () => {
      const ws = workspace()
      const { api, db } = openApi(ws)
      try {
        traffic.phase = 'cancelled'
        const cli = startCli(ws, ['apply', '--job', 'job.json', '--json'])
        let cancelled: Promise<ApiOutput<'cancelRun'>> | null = null
        onCreate(() => {
          const [running] = readState<{ id: string }>(ws, "SELECT id FROM runs WHERE status = 'running'")
          cancelled = call(api, 'cancelRun', { runId: running?.id ?? 'none' })
        })
        const result = await cli.finished
        await traffic.settled('cancelled')
        expect(await (cancelled as Promise<ApiOutput<'cancelRun'>> | null)).toEqual({ cancelled: true })
        expect(result.code, result.stderr).toBe(130)
        const applied = JSON.parse(result.stdout) as ApplyJson
        expect(applied.status).toBe('cancelled')
        // The request is seen on the next tick (250 ms): at 80–120 ms a write, four at a time,
        // up to about ten more writes start meanwhile.
        const done = expectStoppedCleanly(ws, applied.runId, 'cancelled', 3 * CONCURRENCY)
        expect(done).toBeLessThan(PEOPLE)
        db.close()
        await expectNextRunCarriesOn(ws, done)
      } finally {
        await api.close()
        if (db.open) db.close()
      }
    },
    TIMEOUT
  )
})

function openApi(ws: Workspace): { api: ProvisionerAdminApi; hub: EventHub; db: WritableDB } {
  const db = openDatabase(join(ws.home, 'provisioner.db'))
  const job = loadJobFile(ws.path('job.json'))
  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  const hub = new EventHub()
  const api = new ProvisionerAdminApi({
    db,
    stateFolder: ws.home,
    secrets: new MemorySecretStore(),
    hub,
    env: { SCIM_TOKEN: TOKEN },
  })
  return { api, hub, db }
}

function collect(hub: EventHub) {
  const started: Array<AdminEvents['runStarted']> = []
  const progress: Array<AdminEvents['runProgress']> = []
  hub.on('runStarted', event => started.push(event))
  hub.on('runProgress', event => progress.push(event))
  return { started, progress }
}

async function call<M extends ApiMethod>(
  api: ProvisionerAdminApi,
  method: M,
  input: unknown
): Promise<ApiOutput<M>> {
  const result = await dispatch(api, method, input)
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code}: ${result.error.message}`)
  return result.value as ApiOutput<M>
}

/**
 * DESIGN §6 reliability: kill the process mid-apply (SIGKILL, no cleanup), re-run — no duplicate
 * account, no lost log entry, no repeated completed write.
 *
 * The sandbox answers every request 20–50 ms late, and the test kills the CLI the moment the Nth
 * write reaches the server: that write, and any others already received, are still performed by
 * the server after the client is gone, so the killed run always leaves writes that happened but
 * were never recorded, and intents that were journaled but never sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { startCli } from '../helpers/killable-cli'
import {
  type ApplyJson,
  baseJob,
  type Person,
  person,
  startTarget,
  userCounts,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic, tally, waitFor } from '../helpers/scim-traffic'
import { journalOf, logsOf, readState, runRow } from '../helpers/state-queries'

const PEOPLE = 200
const TIMEOUT = 180_000

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  traffic.latency = { min: 20, max: 50 }
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function people(count = PEOPLE): Person[] {
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(4, '0')
    return person(`E${n}`, `Person${n}`, 'Crash', { title: `Engineer ${n}` })
  })
}

function workspace(rows: ReadonlyArray<Person>): Workspace {
  const ws = new Workspace()
  ws.writePeople(rows)
  ws.writeJob(baseJob(server.baseUrl))
  return ws
}

type ApplyWithNotices = ApplyJson & { readonly notices?: ReadonlyArray<string> }

async function apply(ws: Workspace, phase: string): Promise<ApplyWithNotices> {
  traffic.phase = phase
  return (await ws.apply()) as ApplyWithNotices
}

/**
 * Starts `apply` and SIGKILLs it when the `n`th write of `method` to /Users reaches the server;
 * waits until the server has handled everything the dead process sent. Returns the killed run id
 * and the request that triggered the kill.
 */
async function applyKilledAt(
  ws: Workspace,
  method: 'POST' | 'PATCH',
  n: number
): Promise<{ runId: string; trigger: string }> {
  traffic.phase = 'killed'
  let seen = 0
  let trigger = ''
  const cli = startCli(ws, ['apply', '--job', 'job.json', '--json'])
  traffic.onRequest = request => {
    if (request.method !== method || !/\/Users(\/|$)/.test(request.path)) return
    seen++
    if (seen === n) {
      trigger =
        method === 'POST'
          ? String((request.body as Record<string, unknown>)['userName']).toLowerCase()
          : decodeURIComponent(request.path.split('/').pop() ?? '')
      cli.kill()
    }
  }
  const result = await cli.finished
  traffic.onRequest = null
  expect(
    result.signal,
    `the CLI should have been killed, but it finished: ${result.stdout}${result.stderr}`
  ).toBe('SIGKILL')
  await waitFor(() => traffic.pending === 0, "the server to finish the killed run's requests")
  const running = readState<{ id: string }>(ws, "SELECT id FROM runs WHERE status = 'running'")
  expect(running).toHaveLength(1)
  return { runId: (running[0] as { id: string }).id, trigger }
}

/**
 * Every write the killed run journaled is settled and has exactly one log entry in the killed
 * run; the write counts as done exactly when its request reached the server.
 */
function expectSettledWithLogs(
  ws: Workspace,
  killedRunId: string,
  reachedServer: (row: { sourceId: string | null; targetId: string | null }) => boolean
): { done: number; notDone: number } {
  const journal = journalOf(ws, killedRunId)
  expect(journal.length).toBeGreaterThan(0)
  expect(journal.filter(row => row.state === 'pending')).toEqual([])
  const logs = logsOf(ws, killedRunId)
  const logsByChange = new Map<string, typeof logs>()
  for (const entry of logs)
    logsByChange.set(entry.changeId, [...(logsByChange.get(entry.changeId) ?? []), entry])
  let done = 0
  let notDone = 0
  for (const row of journal) {
    const entries = logsByChange.get(row.changeId) ?? []
    expect(entries, `log entries of journal row ${row.id} (${row.operation} ${row.sourceId})`).toHaveLength(1)
    const entry = entries[0] as (typeof logs)[number]
    if (reachedServer(row)) {
      expect([row.state, entry.status], `${row.operation} ${row.sourceId} reached the server`).toEqual([
        'succeeded',
        'success',
      ])
      done++
    } else {
      expect(
        [row.state, entry.status, entry.errorCode],
        `${row.operation} ${row.sourceId} was never sent`
      ).toEqual(['failed', 'failure', 'Interrupted'])
      notDone++
    }
  }
  return { done, notDone }
}

describe('apply killed while creating accounts', () => {
  it.each([
    ['early (3rd create)', 3],
    ['just past the first journal batch (66th create)', 66],
    ['in the middle (120th create)', 120],
  ])(
    'killed %s: the re-run creates each missing account once, settles and logs every write',
    async (_label, n) => {
      const rows = people()
      const ws = workspace(rows)
      const byUserName = new Map(rows.map(row => [row.mail, row.employeeId]))

      const { runId: killed, trigger } = await applyKilledAt(ws, 'POST', n)
      const createdBeforeRerun = new Set(traffic.userCreates('killed'))
      // The write in flight at the kill was performed by the server, but the dead run never
      // recorded it; intents of its journal batch that were never sent are pending too.
      expect(createdBeforeRerun.has(trigger)).toBe(true)
      expect(server.store.userCount()).toBe(createdBeforeRerun.size)
      const pendingAtKill = journalOf(ws, killed).filter(row => row.state === 'pending')
      const pendingDone = pendingAtKill.filter(row => createdBeforeRerun.has(mailOf(rows, row.sourceId)))
      expect(pendingAtKill.map(row => row.sourceId)).toContain(byUserName.get(trigger))
      expect(pendingDone.length).toBeGreaterThan(0)

      const rerun = await apply(ws, 'rerun')

      expect(rerun.status).toBe('completed')
      expect(rerun.failures).toEqual([])
      expect(rerun.notices).toContain(
        `Recovered ${pendingAtKill.length} write(s) of an interrupted run: ${pendingDone.length} were done, ` +
          `${pendingAtKill.length - pendingDone.length} were not (this run does what is still needed)`
      )
      // Accounts the dead run created but never recorded are linked by matching, not created again.
      expect(rerun.summary.users.create).toBe(PEOPLE - createdBeforeRerun.size)
      expect(rerun.summary.users.create + rerun.summary.users.link + rerun.summary.users.unchanged).toBe(
        PEOPLE
      )

      // Exactly one account per person, and exactly one POST per person across both runs.
      const accounts = server.store.listUsers().map(user => String(user['userName']).toLowerCase())
      expect(accounts.sort()).toEqual(rows.map(row => row.mail).sort())
      const posts = tally(traffic.userCreates())
      expect([...posts.entries()].filter(([, count]) => count !== 1)).toEqual([])
      expect(posts.size).toBe(PEOPLE)
      expect(traffic.userCreates('rerun').filter(name => createdBeforeRerun.has(name))).toEqual([])

      // No lost log entry: every write the killed run journaled is settled and logged in that run.
      const settled = expectSettledWithLogs(ws, killed, row =>
        createdBeforeRerun.has(mailOf(rows, row.sourceId))
      )
      expect(settled.done).toBeGreaterThanOrEqual(n)
      const triggerEntry = logsOf(ws, killed).find(entry => entry.sourceId === byUserName.get(trigger))
      expect(triggerEntry).toMatchObject({
        action: 'create',
        status: 'success',
        reason: 'Recovered after an interrupted run',
      })
      expect(runRow(ws, killed)).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('Interrupted'),
      })
      // Each person's account creation is logged as done exactly once, in one of the two runs.
      const createdLogs = [...logsOf(ws, killed), ...logsOf(ws, rerun.runId)].filter(
        entry => entry.action === 'create' && entry.status === 'success'
      )
      expect(createdLogs).toHaveLength(PEOPLE)
      expect(new Set(createdLogs.map(entry => entry.sourceId)).size).toBe(PEOPLE)

      // Third run: the target matches the source; nothing is written.
      const third = await apply(ws, 'third')
      expect(third.summary.users).toEqual(userCounts({ unchanged: PEOPLE }))
      expect(traffic.writes('third')).toEqual([])
      expect(third.notices ?? []).toEqual([])
    },
    TIMEOUT
  )
})

describe('apply killed while updating accounts', () => {
  it(
    'killed at the 70th PATCH: the re-run patches only who is left, each account exactly once',
    async () => {
      const rows = people()
      const ws = workspace(rows)
      const first = await apply(ws, 'initial')
      expect(first.summary.users.create).toBe(PEOPLE)
      const idByEmployee = new Map(
        rows.map(row => [row.employeeId, String(usersByName(server).get(row.mail)?.['id'])])
      )
      const edited = rows.map(row => ({ ...row, title: `Senior ${row.title}` }))
      ws.writePeople(edited)

      const { runId: killed, trigger } = await applyKilledAt(ws, 'PATCH', 70)
      const patchedBeforeRerun = new Set(traffic.userPatches('killed'))
      expect(patchedBeforeRerun.has(trigger)).toBe(true)
      expect(server.store.getUser(trigger)?.['title']).toMatch(/^Senior /)

      const rerun = await apply(ws, 'rerun')

      expect(rerun.status).toBe('completed')
      expect(rerun.summary.users.update).toBe(PEOPLE - patchedBeforeRerun.size)
      // No repeated completed write: each account got exactly one PATCH across both runs.
      const patches = tally(traffic.userPatches())
      expect(patches.size).toBe(PEOPLE)
      expect([...patches.entries()].filter(([, count]) => count !== 1)).toEqual([])
      expect(traffic.userPatches('rerun').filter(id => patchedBeforeRerun.has(id))).toEqual([])
      expect(traffic.select('POST', /./, 'rerun')).toEqual([])
      for (const row of edited) {
        expect(server.store.getUser(idByEmployee.get(row.employeeId) ?? '')?.['title']).toBe(row.title)
      }
      expect(server.store.userCount()).toBe(PEOPLE)

      const settled = expectSettledWithLogs(ws, killed, row => patchedBeforeRerun.has(row.targetId ?? ''))
      expect(settled.done).toBeGreaterThanOrEqual(70)
      expect(logsOf(ws, killed).find(entry => entry.targetId === trigger)).toMatchObject({
        action: 'update',
        status: 'success',
        reason: 'Recovered after an interrupted run',
      })

      const third = await apply(ws, 'third')
      expect(third.summary.users).toEqual(userCounts({ unchanged: PEOPLE }))
      expect(traffic.writes('third')).toEqual([])
    },
    TIMEOUT
  )
})

function mailOf(rows: ReadonlyArray<Person>, employeeId: string | null): string {
  return rows.find(row => row.employeeId === employeeId)?.mail ?? `(unknown ${employeeId})`
}

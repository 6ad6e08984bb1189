/**
 * DESIGN §6 reliability: kill the process mid-apply (SIGKILL, no cleanup), re-run — no duplicate
 * account, no lost log entry, no repeated completed write.
 *
 * The sandbox answers every request 20–50 ms late, and the test kills the CLI the moment the Nth
 * write reaches the server: that write, and any others already received, are still performed by
 * the server after the client is gone, so the killed run always leaves writes that happened but
 * were never recorded, and intents that were journaled but never sent.
 */
import { stringify } from 'csv-stringify/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { startCli } from '../helpers/killable-cli'
import {
  type ApplyJson,
  baseJob,
  PEOPLE_HEADER,
  type Person,
  person,
  startTarget,
  userCounts,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { type RecordedRequest, ScimTraffic, tally } from '../helpers/scim-traffic'
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
 * Starts the CLI with `args` and SIGKILLs it when the `n`th request that `counts` reaches the
 * server; waits until the server has handled everything the dead process sent. Returns the run
 * the dead process left running and the request that triggered the kill.
 */
async function cliKilledAt(
  ws: Workspace,
  args: ReadonlyArray<string>,
  counts: (request: RecordedRequest) => boolean,
  n: number
): Promise<{ runId: string; kind: string; trigger: RecordedRequest }> {
  traffic.phase = 'killed'
  let seen = 0
  let trigger: RecordedRequest | undefined
  const cli = startCli(ws, [...args])
  traffic.onRequest = request => {
    if (!counts(request) || ++seen !== n) return
    trigger = request
    cli.kill()
  }
  const result = await cli.finished
  traffic.onRequest = null
  expect(
    result.signal,
    `the CLI should have been killed, but it finished: ${result.stdout}${result.stderr}`
  ).toBe('SIGKILL')
  await traffic.settled('killed')
  const running = readState<{ id: string; kind: string }>(
    ws,
    "SELECT id, kind FROM runs WHERE status = 'running'"
  )
  expect(running).toHaveLength(1)
  const [{ id, kind }] = running as [{ id: string; kind: string }]
  return { runId: id, kind, trigger: trigger as RecordedRequest }
}

/**
 * `apply` killed at the `n`th write of `method` to /Users; the trigger is the userName of a
 * POST or the id of a PATCH.
 */
async function applyKilledAt(
  ws: Workspace,
  method: 'POST' | 'PATCH',
  n: number
): Promise<{ runId: string; trigger: string }> {
  const killed = await cliKilledAt(
    ws,
    ['apply', '--job', 'job.json', '--json'],
    request => request.method === method && /\/Users(\/|$)/.test(request.path),
    n
  )
  const request = killed.trigger
  const trigger =
    method === 'POST'
      ? String((request.body as Record<string, unknown>)['userName']).toLowerCase()
      : decodeURIComponent(request.path.split('/').pop() ?? '')
  return { runId: killed.runId, trigger }
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

describe('apply killed while filling groups', () => {
  it(
    'killed at the 7th member PATCH: no group is created twice, no member added twice, memberships end exact',
    async () => {
      const rows = people()
      const team = (index: number) => `Team ${index % 4}`
      const ws = new Workspace()
      const header = [...PEOPLE_HEADER, 'groups'] as const
      ws.writeText(
        'people.csv',
        stringify([
          [...header],
          ...rows.map((row, index) =>
            header.map(column => (column === 'groups' ? team(index) : row[column]))
          ),
        ])
      )
      const job = baseJob(server.baseUrl)
      job.target['membersPerPatch'] = 10
      job['groups'] = { fromColumn: 'groups' }
      ws.writeJob(job)
      const { runId: killed } = await cliKilledAt(
        ws,
        ['apply', '--job', 'job.json', '--json'],
        request => request.method === 'PATCH' && /\/Groups\//.test(request.path),
        7
      )
      expect(server.store.userCount()).toBe(PEOPLE)

      const rerun = await apply(ws, 'rerun')

      expect(rerun.status).toBe('completed')
      expect(rerun.summary.users.create).toBe(0)
      const groups = server.store.listGroups()
      expect(groups.map(group => group['displayName']).sort()).toEqual([
        'Team 0',
        'Team 1',
        'Team 2',
        'Team 3',
      ])
      const groupPosts = tally(
        traffic
          .select('POST', /\/Groups$/)
          .map(request => String((request.body as Record<string, unknown>)['displayName']))
      )
      expect([...groupPosts.values()]).toEqual([1, 1, 1, 1])
      // Each account is added to its group once across both runs (a member PATCH done by the dead
      // run is seen in the target and not sent again).
      const added = traffic
        .groupPatches()
        .flatMap(patch =>
          patch.body.Operations.flatMap(operation =>
            (operation.value as Array<{ value: string }>).map(m => m.value)
          )
        )
      expect(added).toHaveLength(PEOPLE)
      expect(new Set(added).size).toBe(PEOPLE)
      const ids = usersByName(server)
      for (const group of groups) {
        const members = (group['members'] as Array<{ value: string }>).map(member => member.value).sort()
        const wanted = rows
          .filter((_, index) => team(index) === group['displayName'])
          .map(row => String(ids.get(row.mail)?.['id']))
          .sort()
        expect(members, String(group['displayName'])).toEqual(wanted)
      }
      const journal = journalOf(ws, killed)
      expect(journal.filter(row => row.state === 'pending')).toEqual([])
      const logged = new Set(logsOf(ws, killed).map(entry => entry.changeId))
      expect(journal.filter(row => !logged.has(row.changeId))).toEqual([])

      const third = await apply(ws, 'third')
      expect(third.summary.groups).toMatchObject({ unchanged: 4, create: 0, update: 0 })
      expect(traffic.writes('third')).toEqual([])
    },
    TIMEOUT
  )
})

describe('undo of a killed run', () => {
  it(
    'is refused until an apply has settled its writes, then deletes exactly the accounts it created',
    async () => {
      const rows = people(120)
      const ws = workspace(rows)
      const { runId: killed } = await applyKilledAt(ws, 'POST', 30)
      const createdByKilled = new Set(traffic.userCreates('killed'))

      traffic.phase = 'refused'
      const refused = await ws.cli(['undo', killed, '--yes', '--json'])
      expect(refused.code, `${refused.stdout}${refused.stderr}`).toBe(2)
      expect(refused.stderr).toContain('was interrupted before it finished')
      expect(refused.stderr).toMatch(/`provisioner apply --job \S*job\.json`/)
      expect(traffic.writes('refused')).toEqual([])

      await apply(ws, 'rerun')
      expect(server.store.userCount()).toBe(120)
      const before = usersByName(server)

      traffic.phase = 'undo'
      const undone = await ws.cli(['undo', killed, '--yes', '--json'])
      expect(undone.code, `${undone.stdout}${undone.stderr}`).toBe(0)
      const remaining = new Set(usersByName(server).keys())
      expect([...createdByKilled].filter(name => remaining.has(name))).toEqual([])
      expect(remaining.size).toBe(120 - createdByKilled.size)
      for (const name of remaining) expect(usersByName(server).get(name)).toEqual(before.get(name))
      expect(traffic.writes('undo').every(request => request.method === 'DELETE')).toBe(true)
      expect(traffic.writes('undo')).toHaveLength(createdByKilled.size)
    },
    TIMEOUT
  )
})

describe('undo killed while deleting accounts', () => {
  it(
    'killed at the 40th DELETE: the next apply settles and logs every delete, and creates each account once',
    async () => {
      const rows = people(120)
      const ws = workspace(rows)
      const created = await apply(ws, 'initial')
      expect(created.summary.users.create).toBe(120)

      const { runId: killed, kind } = await cliKilledAt(
        ws,
        ['undo', created.runId, '--yes', '--json'],
        request => request.method === 'DELETE',
        40
      )
      expect(kind).toBe('undo')
      const deleted = new Set(
        traffic
          .select('DELETE', /\/Users\//, 'killed')
          .map(request => decodeURIComponent(request.path.split('/').pop() ?? ''))
      )
      expect(deleted.size).toBeGreaterThanOrEqual(40)
      expect(server.store.userCount()).toBe(120 - deleted.size)

      const rerun = await apply(ws, 'rerun')

      // The source still lists everyone: the deleted accounts are created again, once each.
      expect(rerun.summary.users.create).toBe(deleted.size)
      expect(server.store.userCount()).toBe(120)
      expect(tally(traffic.userCreates('rerun')).size).toBe(deleted.size)
      expectSettledWithLogs(ws, killed, row => deleted.has(row.targetId ?? ''))
    },
    TIMEOUT
  )
})

describe('undo killed while restoring values', () => {
  it(
    'killed at the 40th PATCH: the next apply tells restored values from unrestored ones in the log',
    async () => {
      const rows = people(120)
      const ws = workspace(rows)
      await apply(ws, 'initial')
      ws.writePeople(rows.map(row => ({ ...row, title: `Senior ${row.title}` })))
      const updated = await apply(ws, 'update')
      expect(updated.summary.users.update).toBe(120)

      const { runId: killed, kind } = await cliKilledAt(
        ws,
        ['undo', updated.runId, '--yes', '--json'],
        request => request.method === 'PATCH',
        40
      )
      expect(kind).toBe('undo')
      const restored = new Set(traffic.userPatches('killed'))
      for (const id of restored) expect(server.store.getUser(id)?.['title']).toMatch(/^Engineer /)

      const rerun = await apply(ws, 'rerun')

      // The source still wants the new titles: the restored accounts are updated again, once each.
      expect(rerun.summary.users.update).toBe(restored.size)
      expect(new Set(traffic.userPatches('rerun'))).toEqual(restored)
      expect(server.store.listUsers().every(user => String(user['title']).startsWith('Senior '))).toBe(true)
      expectSettledWithLogs(ws, killed, row => restored.has(row.targetId ?? ''))
    },
    TIMEOUT
  )
})

function mailOf(rows: ReadonlyArray<Person>, employeeId: string | null): string {
  return rows.find(row => row.employeeId === employeeId)?.mail ?? `(unknown ${employeeId})`
}

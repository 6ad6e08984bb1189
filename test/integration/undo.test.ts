/**
 * `provisioner undo RUN_ID [--job FILE] [--yes] [--json]`: shows the inverse of a run without
 * writing; with `--yes` deletes the accounts the run created (unless changed since), restores
 * the values it changed, re-enables the accounts it disabled, as a journaled, logged run of its
 * own. The target then holds what it held before the undone run.
 *
 * Undo reverses the target, not the source: the next `apply` makes the target match the source
 * again, so it re-creates, re-updates or re-disables what was undone (asserted below).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  type ApplyJson,
  baseJob,
  describeResult,
  expectJson,
  type OperationJson,
  ScimAdmin,
  staff,
  startTarget,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'
import { logsOf, readState, runRow } from '../helpers/state-queries'

interface UndoJson {
  readonly runId: string | null
  readonly undoes: string
  readonly status: 'preview' | 'completed' | 'completed-with-errors'
  readonly summary: ApplyJson['summary']
  readonly operations: ReadonlyArray<OperationJson>
  readonly failures: ReadonlyArray<unknown>
  readonly notices: ReadonlyArray<string>
}

const TIMEOUT = 120_000

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function workspace(people = staff()): Workspace {
  const ws = new Workspace()
  ws.writePeople(people)
  // Five people: the default threshold (20 % of linked accounts) would stage a second disable.
  ws.writeJob({ ...baseJob(server.baseUrl), safety: { deletionThresholdPercent: 100 } })
  return ws
}

async function apply(ws: Workspace, phase: string): Promise<ApplyJson> {
  traffic.phase = phase
  return ws.apply()
}

async function undo(ws: Workspace, phase: string, args: ReadonlyArray<string>): Promise<UndoJson> {
  traffic.phase = phase
  return expectJson<UndoJson>(await ws.cli(['undo', ...args, '--json']), 0)
}

/** Every account as stored, without `meta` (timestamps move on any write), by id. */
function targetState(): Map<string, Record<string, unknown>> {
  return new Map(
    server.store.listUsers().map(user => {
      const { meta: _meta, ...rest } = user
      return [String(user['id']), rest]
    })
  )
}

function idOf(userName: string): string {
  const user = usersByName(server).get(userName)
  if (user === undefined) throw new Error(`no account ${userName}`)
  return String(user['id'])
}

describe('undo of a run that created accounts', () => {
  it(
    'previews the deletes, then deletes exactly the unchanged accounts it created and refuses an edited one',
    async () => {
      const ws = workspace()
      const created = await apply(ws, 'create')
      expect(created.summary.users.create).toBe(5)
      const createdIds = [...targetState().keys()]
      const graceId = idOf('grace.hopper@example.com')

      // Preview (no --yes; job file found from the run): the inverse plan, nothing written.
      const preview = await undo(ws, 'preview', [created.runId])
      expect(preview).toMatchObject({ runId: null, undoes: created.runId, status: 'preview' })
      expect(preview.operations.map(operation => [operation.action, operation.targetId]).sort()).toEqual(
        createdIds.map(id => ['delete', id]).sort()
      )
      expect(preview.summary.users.delete).toBe(5)
      expect(preview.notices).toEqual([expect.stringContaining('Undo changes the target, not the source')])
      expect(traffic.writes('preview')).toEqual([])
      expect(server.store.userCount()).toBe(5)

      // Someone edits Grace's account in the app after the run.
      await new ScimAdmin(server).replace(graceId, 'title', 'Commodore')

      const undone = await undo(ws, 'undo', [created.runId, '--yes'])

      expect(undone.status).toBe('completed')
      expect(undone.failures).toEqual([])
      expect(undone.summary.users).toMatchObject({ delete: 4, skipped: 1 })
      const refused = undone.operations.find(operation => operation.targetId === graceId)
      expect(refused).toMatchObject({ action: 'skip', errorCode: 'UndoRefused' })
      expect(refused?.reason).toContain('title')
      expect(
        traffic
          .select('DELETE', /\/Users\//, 'undo')
          .map(request => decodeURIComponent(request.path.split('/').pop() ?? ''))
          .sort()
      ).toEqual(createdIds.filter(id => id !== graceId).sort())
      expect(traffic.writes('undo').every(request => request.method === 'DELETE')).toBe(true)
      expect([...targetState().keys()]).toEqual([graceId])
      expect(server.store.getUser(graceId)?.['title']).toBe('Commodore')

      // The undo is a run of its own, logged per account.
      expect(runRow(ws, undone.runId ?? '')).toMatchObject({
        kind: 'undo',
        mode: 'apply',
        relatedRunId: created.runId,
        status: 'completed',
      })
      const logs = logsOf(ws, undone.runId ?? '')
      expect(logs.filter(entry => entry.action === 'delete' && entry.status === 'success')).toHaveLength(4)
      expect(logs.filter(entry => entry.errorCode === 'UndoRefused').map(entry => entry.targetId)).toEqual([
        graceId,
      ])

      // The source still lists everyone: the next apply creates the deleted accounts again (new
      // ids) and puts the CSV's title back on Grace's.
      const again = await apply(ws, 'again')
      expect(again.summary.users).toMatchObject({ create: 4, update: 1, unchanged: 0 })
      expect(traffic.userCreates('again').sort()).toEqual(
        staff()
          .map(row => row.mail)
          .filter(mail => mail !== 'grace.hopper@example.com')
          .sort()
      )
      expect(server.store.userCount()).toBe(5)
      expect(server.store.getUser(graceId)?.['title']).toBe('Rear Admiral')
      expect([...targetState().keys()].filter(id => createdIds.includes(id))).toEqual([graceId])
    },
    TIMEOUT
  )
})

describe('undo of a run that updated accounts', () => {
  it(
    'restores every previous value exactly, removing a value that was absent before',
    async () => {
      const people = staff().map(row => (row.employeeId === '1004' ? { ...row, title: '' } : row))
      const ws = workspace(people)
      await apply(ws, 'create')
      const katherineId = idOf('katherine.johnson@example.com')
      expect(server.store.getUser(katherineId)).not.toHaveProperty('title')
      const beforeUpdate = targetState()

      ws.writePeople(
        people.map(row => {
          switch (row.employeeId) {
            case '1001':
              return { ...row, title: 'Chief Engineer' }
            case '1002':
              return { ...row, surname: 'Hopper-Murray' }
            case '1003':
              return { ...row, department: 'Space' }
            case '1004':
              return { ...row, title: 'Computer' }
            default:
              return row
          }
        })
      )
      const updated = await apply(ws, 'update')
      expect(updated.summary.users).toMatchObject({ update: 4, unchanged: 1 })
      expect(server.store.getUser(katherineId)?.['title']).toBe('Computer')
      const afterUpdate = targetState()

      const preview = await undo(ws, 'preview', [updated.runId, '--job', 'job.json'])
      expect(traffic.writes('preview')).toEqual([])
      expect(targetState()).toEqual(afterUpdate)
      expect(preview.operations.map(operation => operation.action)).toEqual([
        'update',
        'update',
        'update',
        'update',
      ])
      expect(preview.operations.find(operation => operation.targetId === katherineId)?.changes).toEqual([
        { path: 'title', from: 'Computer', to: null },
      ])
      expect(
        preview.operations.find(operation => operation.targetId === idOf('grace.hopper@example.com'))?.changes
      ).toEqual(
        expect.arrayContaining([
          { path: 'name.familyName', from: 'Hopper-Murray', to: 'Hopper' },
          { path: 'displayName', from: 'Grace Hopper-Murray', to: 'Grace Hopper' },
        ])
      )

      const undone = await undo(ws, 'undo', [updated.runId, '--yes'])

      expect(undone.status).toBe('completed')
      expect(undone.summary.users.update).toBe(4)
      expect(traffic.writes('undo').map(request => request.method)).toEqual([
        'PATCH',
        'PATCH',
        'PATCH',
        'PATCH',
      ])
      // The target is exactly as it was before the undone run (Katherine has no title again).
      expect(targetState()).toEqual(beforeUpdate)
      expect(server.store.getUser(katherineId)).not.toHaveProperty('title')
      const katherinePatch = traffic
        .select('PATCH', new RegExp(`/Users/${katherineId}$`), 'undo')
        .map(request => request.body)
      expect(katherinePatch).toEqual([
        expect.objectContaining({ Operations: [{ op: 'remove', path: 'title' }] }),
      ])

      // The source still holds the edits: the next run makes the same four updates again.
      traffic.phase = 'plan'
      const plan = await ws.plan()
      expect(plan.summary.users).toMatchObject({ update: 4, unchanged: 1 })
    },
    TIMEOUT
  )
})

describe('undo of a run that disabled accounts', () => {
  it(
    're-enables them and the target is as before that run',
    async () => {
      const people = staff()
      const ws = workspace(people)
      await apply(ws, 'create')
      const beforeDisable = targetState()
      ws.writePeople(people.filter(row => row.employeeId !== '1003' && row.employeeId !== '1005'))
      const disabled = await apply(ws, 'disable')
      expect(disabled.summary.users).toMatchObject({ disable: 2, unchanged: 3 })
      const turingId = idOf('alan.turing@example.com')
      const hamiltonId = idOf('margaret.hamilton@example.com')
      expect(server.store.getUser(turingId)?.['active']).toBe(false)

      const undone = await undo(ws, 'undo', [disabled.runId, '--yes'])

      expect(undone.summary.users.enable).toBe(2)
      expect(undone.operations.map(operation => [operation.action, operation.targetId]).sort()).toEqual(
        [
          ['enable', turingId],
          ['enable', hamiltonId],
        ].sort()
      )
      expect(traffic.userPatches('undo').sort()).toEqual([turingId, hamiltonId].sort())
      expect(targetState()).toEqual(beforeDisable)
      const links = readState<{ sourceId: string; state: string }>(
        ws,
        "SELECT sourceId, state FROM links WHERE objectType = 'user' AND sourceId IN ('1003', '1005') ORDER BY sourceId"
      )
      expect(links).toEqual([
        { sourceId: '1003', state: 'active' },
        { sourceId: '1005', state: 'active' },
      ])

      // They are still missing from the authoritative source: the next run disables them again.
      traffic.phase = 'plan'
      const plan = await ws.plan()
      expect(plan.summary.users).toMatchObject({ disable: 2, unchanged: 3 })
    },
    TIMEOUT
  )
})

describe('undo refusals', () => {
  it(
    'a dry run or an unknown run is refused with exit 2 and nothing is written',
    async () => {
      const ws = workspace()
      traffic.phase = 'refusals'
      const plan = await ws.plan()

      const ofDryRun = await ws.cli(['undo', plan.runId, '--yes', '--json'])
      expect(ofDryRun.code, describeResult('undo of a dry run', ofDryRun)).toBe(2)
      expect(ofDryRun.stderr).toContain('was a dry run')

      const unknown = await ws.cli(['undo', 'no-such-run', '--yes'])
      expect(unknown.code, describeResult('undo of an unknown run', unknown)).toBe(2)
      expect(unknown.stderr).toContain('no-such-run')

      const unknownWithJob = await ws.cli(['undo', 'no-such-run', '--job', 'job.json', '--yes'])
      expect(unknownWithJob.code, describeResult('undo --job of an unknown run', unknownWithJob)).toBe(2)
      expect(unknownWithJob.stderr).toContain('no-such-run')

      const noRun = await ws.cli(['undo', '--yes'])
      expect(noRun.code).toBe(2)

      expect(traffic.writes('refusals')).toEqual([])
      expect(server.store.userCount()).toBe(0)
      expect(
        readState<{ n: number }>(ws, "SELECT count(*) AS n FROM runs WHERE kind = 'undo'")[0]?.n ?? 0
      ).toBe(0)
    },
    TIMEOUT
  )
})

/**
 * Applying manager references to accounts the same run creates: the PATCH waits for the
 * manager's create and carries the new id; a manager whose create failed is left out with a
 * warning; every write is journaled and logged, and the summary counts each person once.
 */
import { describe, expect, it } from 'vitest'
import type {
  PatchOperation,
  ResourceKind,
  TargetConnector,
  TargetResource,
} from '../../../../main/connectors/connector'
import { ScimHttpError } from '../../../../main/connectors/scim/scim-errors'
import { DEFAULT_RETRY_POLICY } from '../../../../main/connectors/scim/retry-policy'
import { applyUserPlan } from '../../../../main/engine/apply/apply-users'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { planUsers } from '../../../../main/engine/plan/plan-users'
import { RunRecorder } from '../../../../main/engine/apply/run-recorder'
import { TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import type { Link } from '../../../../main/model/link'
import { listJournalForRun } from '../../../../main/store/journal-store'
import { queryLogs } from '../../../../main/store/logs-store'
import {
  accountFor,
  ENTERPRISE,
  link,
  loadJob,
  mapAll,
  SAMPLE_MAPPINGS,
  staff,
} from '../../../helpers/job-fixtures'
import { openTempDatabase, seedRun } from '../../../helpers/store-fixtures'

const MANAGER = `${ENTERPRISE}:manager`

/** An in-memory app: ids "new-<userName>", every write recorded in order. */
class FakeApp implements TargetConnector {
  public readonly description = 'fake app'
  public readonly calls: Array<{ method: string; id?: string; body?: unknown }> = []
  public readonly accounts = new Map<string, TargetResource>()
  /** userNames whose create is refused with 400. */
  public readonly refuse = new Set<string>()
  /** Accounts that exist but were not listed when the run read the app (a create answers 409). */
  public readonly unlisted = new Map<string, TargetResource>()

  public constructor(accounts: ReadonlyArray<TargetResource> = []) {
    for (const account of accounts) this.accounts.set(account.id, account)
  }

  public async *list(): AsyncIterable<TargetResource> {
    yield* this.accounts.values()
  }

  public async find(
    _kind: ResourceKind,
    path: { text: string },
    value: string
  ): Promise<ReadonlyArray<TargetResource>> {
    return [...this.unlisted.values()].filter(
      account => path.text === 'userName' && account['userName'] === value
    )
  }

  public async get(_kind: ResourceKind, id: string): Promise<TargetResource | null> {
    return this.accounts.get(id) ?? null
  }

  public async create(_kind: ResourceKind, body: Readonly<Record<string, unknown>>): Promise<TargetResource> {
    this.calls.push({ method: 'POST', body })
    const userName = String(body['userName'])
    if (this.refuse.has(userName)) throw new ScimHttpError('POST', '/Users', 400, 'invalidValue', 'refused')
    if ([...this.unlisted.values()].some(account => account['userName'] === userName)) {
      throw new ScimHttpError('POST', '/Users', 409, 'uniqueness', 'exists')
    }
    const resource = { ...body, id: `new-${userName}` }
    this.accounts.set(resource.id, resource)
    return resource
  }

  public async update(
    _kind: ResourceKind,
    id: string,
    operations: ReadonlyArray<PatchOperation>
  ): Promise<TargetResource | null> {
    this.calls.push({ method: 'PATCH', id, body: operations })
    return null
  }

  public async delete(_kind: ResourceKind, id: string): Promise<void> {
    this.calls.push({ method: 'DELETE', id })
  }

  public async close(): Promise<void> {}
}

async function run(app: FakeApp, people: ReturnType<typeof staff>[], links: ReadonlyArray<Link> = []) {
  const job = loadJob({ mappings: [...SAMPLE_MAPPINGS, { target: MANAGER, expression: '[managerId]' }] })
  const compiled = compileJob(job).users
  const linkMap = new Map(links.map(entry => [entry.sourceId, entry]))
  const operations = planUsers({
    mapped: mapAll(compiled, people),
    links: linkMap,
    target: new TargetSnapshot(app.accounts.values()),
    compiled,
    authoritative: false,
    deprovision: job.config.users.deprovision,
    newChangeId: (() => {
      let counter = 0
      return () => `change-${++counter}`
    })(),
    sourceName: 'people.csv',
  })
  const { db } = openTempDatabase()
  seedRun(db)
  const result = await applyUserPlan(operations, {
    jobId: 'job-1',
    runId: 'run-1',
    target: app,
    recorder: new RunRecorder(db),
    concurrency: 4,
    linksByTarget: new Map(links.map(entry => [entry.targetId, entry])),
    logUnchanged: false,
    retry: DEFAULT_RETRY_POLICY,
    sleep: async () => undefined,
    escrowAttempts: () => 0,
  })
  return {
    result,
    journal: listJournalForRun(db, 'run-1'),
    logs: queryLogs(db, { runId: 'run-1', limit: 100 }),
  }
}

// Ada (E1) reports to Grace (E2), who comes after her in the file.
const ada = staff('E1', 'Ada', 'Lovelace', { managerId: 'E2' })
const grace = staff('E2', 'Grace', 'Hopper')

describe('references to accounts created in the same run', () => {
  it("sets a new report's manager by a PATCH after the manager's create, with the new id", async () => {
    const app = new FakeApp()
    const { result, journal, logs } = await run(app, [ada, grace])

    expect(app.calls.map(call => call.method)).toEqual(['POST', 'POST', 'PATCH'])
    expect(
      app.calls
        .filter(call => call.method === 'POST')
        .map(call => (call.body as Record<string, unknown>)[ENTERPRISE])
    ).toEqual([undefined, undefined])
    expect(app.calls[2]).toEqual({
      method: 'PATCH',
      id: 'new-ada@example.com',
      body: [{ op: 'replace', path: MANAGER, value: { value: 'new-grace@example.com' } }],
    })
    expect(result.summary.users).toMatchObject({ create: 2, update: 0 })
    expect(result.failures).toEqual([])
    // Journaled like any write: intent with the real id, before-image, outcome.
    const patch = journal.find(entry => entry.operation === 'update')
    expect(patch).toMatchObject({
      sourceId: 'E1',
      targetId: 'new-ada@example.com',
      state: 'succeeded',
      before: { [MANAGER]: null },
      intent: {
        request: 'PATCH /Users/new-ada@example.com',
        changes: [
          {
            path: MANAGER,
            from: null,
            to: { value: 'new-grace@example.com', displayName: 'Grace Hopper', sourceId: 'E2' },
          },
        ],
      },
    })
    const entry = logs.find(log => log.changeId === patch?.changeId)
    expect(entry).toMatchObject({ action: 'update', status: 'success', sourceId: 'E1' })
  })

  it('sends an existing report’s other changes and the new manager in one PATCH after the create', async () => {
    const app = new FakeApp([accountFor('T1', 'E1', 'Ada', 'Lovelace', { displayName: 'Ada L.' })])
    const { result } = await run(app, [ada, grace], [link('E1', 'T1')])

    expect(app.calls.map(call => call.method)).toEqual(['POST', 'PATCH'])
    expect(app.calls[1]).toEqual({
      method: 'PATCH',
      id: 'T1',
      body: [
        { op: 'replace', path: 'displayName', value: 'Ada Lovelace' },
        { op: 'replace', path: MANAGER, value: { value: 'new-grace@example.com' } },
      ],
    })
    expect(result.summary.users).toMatchObject({ create: 1, update: 1 })
  })

  it('leaves the manager out, with a warning, when the manager’s create failed', async () => {
    const app = new FakeApp([accountFor('T1', 'E1', 'Ada', 'Lovelace')])
    app.refuse.add('grace@example.com')
    const { result, logs } = await run(app, [ada, grace], [link('E1', 'T1')])

    expect(app.calls.map(call => call.method)).toEqual(['POST'])
    expect(result.failures.map(failure => failure.sourceId)).toEqual(['E2'])
    expect(result.summary.users).toMatchObject({ create: 0, update: 0, unchanged: 1 })
    const adaLog = logs.find(log => log.sourceId === 'E1')
    expect(adaLog).toMatchObject({ status: 'warning', modified: [] })
    expect(adaLog?.steps.at(-1)).toEqual({
      type: 'processing',
      status: 'warning',
      description:
        'manager not set: the account of Grace Hopper (E2) was not created in this run; the next run sets it',
    })
  })

  it('creates a new report without the manager and warns when the manager’s create failed', async () => {
    const app = new FakeApp()
    app.refuse.add('grace@example.com')
    const { result, logs } = await run(app, [ada, grace])

    expect(app.calls.map(call => call.method)).toEqual(['POST', 'POST'])
    expect(result.summary.users).toMatchObject({ create: 1 })
    expect(logs.filter(log => log.sourceId === 'E1').map(log => [log.action, log.status])).toEqual(
      expect.arrayContaining([
        ['create', 'success'],
        ['skip', 'warning'],
      ])
    )
  })

  it('gives an account linked after a 409 its manager too', async () => {
    const app = new FakeApp([accountFor('T2', 'E2', 'Grace', 'Hopper')])
    app.unlisted.set('T1', accountFor('T1', 'E1', 'Ada', 'Lovelace'))
    const { result } = await run(app, [ada, grace], [link('E2', 'T2')])

    expect(result.summary.users).toMatchObject({ link: 1 })
    expect(app.calls.map(call => call.method)).toEqual(['POST', 'PATCH'])
    expect(app.calls[1]).toEqual({
      method: 'PATCH',
      id: 'T1',
      body: [{ op: 'replace', path: MANAGER, value: { value: 'T2' } }],
    })
  })
})

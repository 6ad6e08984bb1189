import { describe, expect, it } from 'vitest'
import {
  buildAccessMap,
  filterAccessMap,
  type JobAccessFacts,
} from '../../../../main/engine/access/access-map'
import type { AccessApp, ListedAccount } from '../../../../main/model/access'
import type { Link } from '../../../../main/model/link'

function app(jobId: string, url: string, overrides: Partial<AccessApp> = {}): AccessApp {
  return {
    jobId,
    jobName: jobId,
    app: url,
    targetType: 'scim',
    automated: true,
    listedAt: '2026-01-01T00:00:00.000Z',
    authoritative: true,
    deprovisions: true,
    ...overrides,
  }
}

function link(jobId: string, sourceId: string, targetId: string, overrides: Partial<Link> = {}): Link {
  return {
    jobId,
    objectType: 'user',
    sourceId,
    targetId,
    state: 'active',
    exportedHash: null,
    display: `${sourceId}@example.com`,
    stateChangedAt: '2026-01-01T00:00:00.000Z',
    origin: 'created',
    relinkedFrom: null,
    ...overrides,
  }
}

function listed(targetId: string, userName: string, active = true): ListedAccount {
  return { targetId, userName, displayName: userName.split('@')[0] ?? null, active }
}

function facts(
  appInfo: AccessApp,
  links: Link[],
  accounts: ListedAccount[] | null,
  extra: Partial<JobAccessFacts> = {}
): JobAccessFacts {
  return {
    app: appInfo,
    links,
    listing: accounts === null ? null : { listedAt: appInfo.listedAt ?? '', accounts },
    sourcePeople: new Map(links.map(entry => [entry.sourceId, entry.display])),
    lastChanges: new Map(),
    staged: new Set(),
    ...extra,
  }
}

describe('buildAccessMap', () => {
  it('joins links with the listing: userName from the app, state from the app, staged disables named', () => {
    const map = buildAccessMap([
      facts(
        app('a', 'https://a'),
        [
          link('a', 'p1', 't1'),
          link('a', 'p2', 't2'),
          link('a', 'p3', 't3', { state: 'deleted' }),
          link('a', 'p4', 't4'),
        ],
        [listed('t1', 'ada@x'), listed('t2', 'bob@x', false), listed('t4', 'dee@x')],
        {
          staged: new Set(['p4']),
          lastChanges: new Map([['p1', { runId: 'r9', time: '2026-02-02T00:00:00.000Z', action: 'create' }]]),
        }
      ),
    ])
    const states = Object.fromEntries(map.people.map(person => [person.sourceId, person.accounts[0]?.state]))
    expect(states).toEqual({ p1: 'active', p2: 'disabled', p3: 'deleted', p4: 'staged' })
    expect(map.people.find(person => person.sourceId === 'p1')?.accounts[0]).toMatchObject({
      userName: 'ada@x',
      lastChangeRunId: 'r9',
      lastChangeAt: '2026-02-02T00:00:00.000Z',
      lastChangeAction: 'create',
    })
    // People are named as the app shows them, else as the source does.
    expect(map.people.find(person => person.sourceId === 'p1')?.display).toBe('ada')
    expect(map.people.find(person => person.sourceId === 'p3')?.display).toBe('p3@example.com')
    // Without a log entry (pruned), the link's own state change time stands in.
    expect(map.people.find(person => person.sourceId === 'p2')?.accounts[0]).toMatchObject({
      lastChangeRunId: null,
      lastChangeAt: '2026-01-01T00:00:00.000Z',
    })
  })

  it('falls back to the link when the app was never listed', () => {
    const map = buildAccessMap([
      facts(app('a', 'https://a', { listedAt: null }), [link('a', 'p1', 't1', { state: 'disabled' })], null),
    ])
    expect(map.people[0]?.accounts[0]).toMatchObject({
      state: 'disabled',
      userName: null,
      display: 'p1@example.com',
    })
    expect(map.unmanaged).toEqual([])
  })

  it('lists per app the accounts no job of that app owns (two jobs on one app share it)', () => {
    const shared = [listed('t1', 'ada@x'), listed('t2', 'bob@x'), listed('svc', 'svc@x', false)]
    const map = buildAccessMap([
      facts(app('a1', 'https://a'), [link('a1', 'p1', 't1')], shared),
      facts(app('a2', 'https://a'), [link('a2', 'p2', 't2')], shared),
      facts(app('b', 'https://b'), [link('b', 'p1', 'u1', { state: 'deleted' })], [listed('u1', 'ada@x')]),
    ])
    expect(
      map.unmanaged.map(account => [account.app, account.targetId, account.state, account.jobIds])
    ).toEqual([
      ['https://a', 'svc', 'disabled', ['a1', 'a2']],
      // A deleted link owns nothing: the account is still in the app, and no one manages it.
      ['https://b', 'u1', 'active', ['b']],
    ])
  })

  it('includes people of the sources without any account, and sorts by name', () => {
    const map = buildAccessMap([
      facts(app('a', 'https://a'), [link('a', 'p2', 't2', { display: 'Zoe' })], [], {
        sourcePeople: new Map([
          ['p1', 'Adam'],
          ['p2', 'Zoe'],
        ]),
      }),
    ])
    expect(map.people.map(person => [person.sourceId, person.accounts.length, person.inSourceOf])).toEqual([
      ['p1', 0, ['a']],
      ['p2', 1, ['a']],
    ])
  })
})

describe('filterAccessMap', () => {
  const map = buildAccessMap([
    facts(
      app('a', 'https://a'),
      [link('a', 'p1', 't1'), link('a', 'p2', 't2')],
      [listed('t1', 'Ada@X'), listed('t2', 'bob@x'), listed('s', 'ada@x')]
    ),
    facts(app('b', 'https://b'), [link('b', 'p1', 'u1')], [listed('u1', 'ada@x')]),
  ])

  it('finds a person by source id or by any userName, case-insensitively', () => {
    expect(filterAccessMap(map, { person: 'p1' }).people.map(person => person.sourceId)).toEqual(['p1'])
    expect(filterAccessMap(map, { person: 'ADA@x' }).people.map(person => person.sourceId)).toEqual(['p1'])
    expect(filterAccessMap(map, { person: 'nobody' }).people).toEqual([])
  })

  it('narrows to one job: its accounts and its app’s unmanaged accounts', () => {
    const narrowed = filterAccessMap(map, { jobId: 'b' })
    expect(narrowed.apps.map(entry => entry.jobId)).toEqual(['b'])
    expect(
      narrowed.people.map(person => [person.sourceId, person.accounts.map(account => account.jobId)])
    ).toEqual([['p1', ['b']]])
    expect(narrowed.unmanaged).toEqual([])
    expect(filterAccessMap(map, { jobId: 'a' }).unmanaged.map(account => account.targetId)).toEqual(['s'])
  })
})

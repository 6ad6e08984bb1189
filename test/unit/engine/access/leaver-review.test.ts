import { describe, expect, it } from 'vitest'
import {
  reviewItemsFor,
  reviewOutcome,
  revokeReviewedAccess,
} from '../../../../main/engine/access/access-review'
import {
  leaverChecklist,
  leaversOf,
  type PersonOutcome,
} from '../../../../main/engine/access/leaver-checklist'
import { reviewReportHtml } from '../../../../main/engine/access/review-report'
import { settledListing } from '../../../../main/engine/access/settled-listing'
import type { MappedObject } from '../../../../main/engine/plan/map-object'
import type {
  AccessAccount,
  AccessApp,
  AccessMap,
  AccessPerson,
  Review,
  ReviewItem,
} from '../../../../main/model/access'
import type { Link } from '../../../../main/model/link'
import type { PlannedOperation } from '../../../../main/model/plan'

function app(jobId: string, overrides: Partial<AccessApp> = {}): AccessApp {
  return {
    jobId,
    jobName: jobId,
    app: `https://${jobId}`,
    targetType: 'scim',
    automated: true,
    listedAt: '2026-01-01T00:00:00.000Z',
    authoritative: true,
    deprovisions: true,
    ...overrides,
  }
}

function account(
  jobId: string,
  state: AccessAccount['state'],
  overrides: Partial<AccessAccount> = {}
): AccessAccount {
  return {
    jobId,
    sourceId: 'p1',
    targetId: `${jobId}-t1`,
    userName: 'ada@x',
    display: 'Ada',
    state,
    linkedHow: 'created',
    relinkedFrom: null,
    lastChangeAt: '2026-03-03T00:00:00.000Z',
    lastChangeRunId: `run-${jobId}`,
    lastChangeAction: state === 'disabled' ? 'disable' : 'create',
    ...overrides,
  }
}

function leaver(accounts: AccessAccount[], inSourceOf: string[] = []): AccessPerson {
  return { sourceId: 'p1', display: 'Ada', inSourceOf, accounts }
}

const noOutcome = () => null

describe('leaver checklist', () => {
  it('says when Provisioner disabled an account and why each other one is still active', () => {
    const apps = ['done', 'staged', 'protected', 'failed', 'open', 'hand'].map(id => app(id))
    apps.push(app('legacy', { app: 'https://legacy', authoritative: false }))
    apps.push(app('export', { automated: false, targetType: 'csv', app: 'Export (csv)' }))
    const person = leaver([
      account('done', 'disabled'),
      account('staged', 'staged'),
      account('protected', 'active'),
      account('failed', 'active'),
      account('open', 'active'),
      account('legacy', 'active'),
    ])
    const outcomes: Record<string, PersonOutcome> = {
      protected: { status: 'skipped', errorCode: 'ProtectedAccount', reason: 'Protected account' },
      failed: {
        status: 'failure',
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
        reason: 'HTTP 500',
      },
    }
    const map: AccessMap = {
      apps,
      people: [person],
      unmanaged: [
        {
          app: 'https://hand',
          jobIds: ['hand'],
          targetId: 'h1',
          userName: 'ADA@x',
          displayName: 'Ada',
          state: 'active',
          listedAt: '',
        },
        {
          app: 'https://hand',
          jobIds: ['hand'],
          targetId: 'h2',
          userName: 'bob@x',
          displayName: 'Bob',
          state: 'active',
          listedAt: '',
        },
      ],
    }
    const list = leaverChecklist(person, map, jobId => outcomes[jobId] ?? null)
    expect(list.items.map(item => [item.jobId ?? item.app, item.state, item.reason])).toEqual([
      ['done', 'disabled', null],
      ['staged', 'staged', 'staged'],
      ['protected', 'active', 'protected'],
      ['failed', 'active', 'failed'],
      ['open', 'active', 'pending'],
      ['legacy', 'active', 'not-authoritative'],
      ['https://hand', 'active', 'no-job'],
      ['export', 'unknown', 'no-automation'],
    ])
    expect(list.items[0]).toMatchObject({ runId: 'run-done', changedAt: '2026-03-03T00:00:00.000Z' })
    expect(list.items[3]?.detail).toContain('HTTP 500')
    expect(list.leftSourceOf).toEqual(['done', 'staged', 'protected', 'failed', 'open'])
  })

  it('a person picked while still in a job’s source is still active there because of it', () => {
    const person = leaver([account('a', 'active')], ['a'])
    const list = leaverChecklist(person, { apps: [app('a')], people: [person], unmanaged: [] }, noOutcome)
    expect(list.items.map(item => item.reason)).toEqual(['still-in-source'])
    expect(list.leftSourceOf).toEqual([])
  })

  it('leavers are people missing from every authoritative source that had them, once it was read', () => {
    const gone = leaver([account('a', 'disabled')])
    const stays = { ...leaver([account('a', 'active')], ['a']), sourceId: 'p2' }
    const movedOnly = { ...leaver([account('a', 'active'), account('b', 'active')], ['b']), sourceId: 'p3' }
    const neverRead = { ...leaver([account('c', 'active')]), sourceId: 'p4' }
    const map: AccessMap = {
      apps: [app('a'), app('b'), app('c', { listedAt: null })],
      people: [gone, stays, movedOnly, neverRead],
      unmanaged: [],
    }
    expect(leaversOf(map).map(person => person.sourceId)).toEqual(['p1'])
  })
})

describe('access review', () => {
  const person = leaver([account('a', 'active'), account('a2', 'deleted'), account('b', 'active')])
  const map: AccessMap = {
    apps: [app('a'), app('b')],
    people: [person],
    unmanaged: [
      {
        app: 'https://a',
        jobIds: ['a', 'z'],
        targetId: 'svc',
        userName: 'svc@x',
        displayName: null,
        state: 'disabled',
        listedAt: '',
      },
    ],
  }

  it('reviews the jobs’ live accounts and their apps’ unmanaged accounts, once each', () => {
    expect(reviewItemsFor(map, ['z', 'a']).map(item => [item.jobId, item.targetId, item.sourceId])).toEqual([
      ['a', 'a-t1', 'p1'],
      ['z', 'svc', null],
    ])
  })

  it('turns removes into revocations (managed) and a checklist (unmanaged)', () => {
    const decided = (
      targetId: string,
      sourceId: string | null,
      decision: ReviewItem['decision']
    ): ReviewItem => ({
      jobId: 'a',
      targetId,
      sourceId,
      userName: null,
      display: null,
      state: 'active',
      decision,
      comment: null,
      decidedAt: null,
    })
    const outcome = reviewOutcome([
      decided('t1', 'p1', 'remove'),
      decided('t2', 'p2', 'keep'),
      decided('t3', 'p3', 'investigate'),
      decided('svc', null, 'remove'),
      decided('t4', 'p4', null),
    ])
    expect(outcome.revocations).toEqual([{ jobId: 'a', sourceId: 'p1' }])
    expect(outcome.checklist.map(item => item.targetId)).toEqual(['svc'])
  })

  it('takes revoked people out of scope, naming the review, and leaves everyone else as mapped', () => {
    const mapped = (id: string, inScope = true) =>
      ({ source: { id }, scope: { inScope, reason: 'filter', filterIndex: 0 } }) as unknown as MappedObject
    const people = [mapped('p1'), mapped('p2'), mapped('p3', false)]
    const result = revokeReviewedAccess(
      people,
      new Map([
        ['p1', 'rv-1'],
        ['p3', 'rv-1'],
      ])
    )
    expect(result[0]?.scope).toEqual({
      inScope: false,
      reason: 'Removed by access review rv-1',
      filterIndex: null,
    })
    expect(result[1]).toBe(people[1])
    expect(result[2]).toBe(people[2])
  })

  it('the HTML report escapes every value and holds no script', () => {
    const review: Review = {
      id: 'rv-1',
      name: '<script>alert(1)</script>',
      reviewer: 'Eve & "Co"',
      jobIds: ['a'],
      status: 'open',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      closedAt: null,
      counts: { total: 1, keep: 0, remove: 1, investigate: 0, undecided: 0 },
    }
    const html = reviewReportHtml(
      review,
      [
        {
          jobId: 'a',
          targetId: 't',
          sourceId: null,
          userName: '<img src=x>',
          display: null,
          state: 'active',
          decision: 'remove',
          comment: "it's old",
          decidedAt: null,
        },
      ],
      '2026-01-02T00:00:00.000Z'
    )
    expect(html).not.toMatch(/<script|<img/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Eve &amp; &quot;Co&quot;')
    expect(html).toContain('it&#39;s old')
    expect(html).toContain('1 accounts: 0 keep, 1 remove')
  })
})

describe('settledListing', () => {
  const op = (
    action: PlannedOperation['action'],
    sourceId: string,
    targetId: string | null,
    changes: PlannedOperation['changes'] = []
  ) => ({ action, sourceId, targetId, changes }) as unknown as PlannedOperation
  const links = new Map<string, Link>([['new', { targetId: 'n1' } as Link]])

  it('brings the run’s listing up to date with its successful writes', () => {
    const listed = [
      { targetId: 'a', userName: 'a@x', displayName: 'A', active: true },
      { targetId: 'b', userName: 'b@x', displayName: 'B', active: true },
      { targetId: 'c', userName: 'c@x', displayName: 'C', active: false },
      { targetId: 'd', userName: 'd@x', displayName: 'D', active: true },
    ]
    const settled = settledListing(
      listed,
      [
        op('disable', 'pa', 'a'),
        op('delete', 'pb', 'b'),
        op('enable', 'pc', 'c'),
        op('update', 'pd', 'd', [{ path: 'userName', from: 'd@x', to: 'dee@x' }]),
        op('create', 'new', null, [
          { path: 'userName', from: null, to: 'new@x' },
          { path: 'displayName', from: null, to: 'New' },
        ]),
        op('skip', 'pz', 'z'),
      ],
      links
    )
    expect(settled).toEqual([
      { targetId: 'a', userName: 'a@x', displayName: 'A', active: false },
      { targetId: 'c', userName: 'c@x', displayName: 'C', active: true },
      { targetId: 'd', userName: 'dee@x', displayName: 'D', active: true },
      { targetId: 'n1', userName: 'new@x', displayName: 'New', active: true },
    ])
  })
})

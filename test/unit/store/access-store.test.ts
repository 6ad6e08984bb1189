import { describe, expect, it } from 'vitest'
import type { ListedAccount } from '../../../main/model/access'
import {
  loadSourcePeople,
  loadTargetListing,
  replaceSourcePeople,
  replaceTargetListing,
} from '../../../main/store/access-store'
import { openDatabase } from '../../../main/store/database'
import {
  closeReview,
  createReview,
  getReview,
  listReviewItems,
  loadRevocations,
  markReviewItems,
} from '../../../main/store/reviews-store'
import { closeAfterTest, openTempDatabase, seedJob } from '../../helpers/store-fixtures'

function* accounts(count: number, prefix = 'u'): Generator<ListedAccount> {
  for (let i = 0; i < count; i++) {
    yield { targetId: `${prefix}${i}`, userName: `${prefix}${i}@x`, displayName: null, active: i % 3 !== 0 }
  }
}

describe('target listings', () => {
  it('keeps 100,000 accounts compactly and replaces them whole', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    replaceTargetListing(db, 'job-1', 'run-1', accounts(100_000), 5_000)
    const first = loadTargetListing(db, 'job-1')
    expect(first?.accounts).toHaveLength(100_000)
    expect(first?.listedAt).toBe(new Date(5_000).toISOString())
    expect(first?.accounts.find(account => account.targetId === 'u3')).toEqual({
      targetId: 'u3',
      userName: 'u3@x',
      displayName: null,
      active: false,
    })
    replaceTargetListing(db, 'job-1', null, accounts(2, 'v'), 6_000)
    expect(loadTargetListing(db, 'job-1')?.accounts.map(account => account.targetId)).toEqual(['v0', 'v1'])
    expect(loadTargetListing(db, 'other')).toBeNull()
  })

  it('rewrites only the listing time when the accounts are the ones stored', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    const written = (run: () => void) => {
      const before = db.prepare('SELECT total_changes()').pluck().get() as number
      run()
      return (db.prepare('SELECT total_changes()').pluck().get() as number) - before
    }
    expect(written(() => replaceTargetListing(db, 'job-1', 'run-1', accounts(1_000), 5_000))).toBe(2)
    expect(written(() => replaceTargetListing(db, 'job-1', 'run-2', accounts(1_000), 6_000))).toBe(1)
    expect(loadTargetListing(db, 'job-1')?.listedAt).toBe(new Date(6_000).toISOString())
    expect(written(() => replaceTargetListing(db, 'job-1', 'run-3', accounts(999), 7_000))).toBe(2)
    expect(loadTargetListing(db, 'job-1')?.accounts).toHaveLength(999)
    expect(written(() => replaceSourcePeople(db, 'job-1', [{ sourceId: 'p1', display: 'Ada' }]))).toBe(1)
    expect(written(() => replaceSourcePeople(db, 'job-1', [{ sourceId: 'p1', display: 'Ada' }]))).toBe(0)
    expect(written(() => replaceSourcePeople(db, 'job-1', [{ sourceId: 'p1', display: 'Ada L' }]))).toBe(1)
    expect([...loadSourcePeople(db, 'job-1')]).toEqual([['p1', 'Ada L']])
  })

  it('lists accounts and people by id, the last of an id listed twice winning', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    const account = (targetId: string, userName: string): ListedAccount => ({
      targetId,
      userName,
      displayName: null,
      active: true,
    })
    replaceTargetListing(db, 'job-1', null, [account('b', 'b1'), account('a', 'a1'), account('b', 'b2')])
    expect(
      loadTargetListing(db, 'job-1')?.accounts.map(({ targetId, userName }) => [targetId, userName])
    ).toEqual([
      ['a', 'a1'],
      ['b', 'b2'],
    ])
    replaceSourcePeople(db, 'job-1', [
      { sourceId: 'p2', display: 'Old' },
      { sourceId: 'p1', display: null },
      { sourceId: 'p2', display: 'New' },
    ])
    expect([...loadSourcePeople(db, 'job-1')]).toEqual([
      ['p1', null],
      ['p2', 'New'],
    ])
  })

  it('keeps who the source held, per job', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seedJob(db, 'job-2')
    replaceSourcePeople(db, 'job-1', [{ sourceId: 'p1', display: 'Ada' }])
    replaceSourcePeople(db, 'job-2', [{ sourceId: 'p2', display: null }])
    replaceSourcePeople(db, 'job-1', [{ sourceId: 'p3', display: 'Cy' }])
    expect([...loadSourcePeople(db, 'job-1')]).toEqual([['p3', 'Cy']])
    expect([...loadSourcePeople(db, 'job-2')]).toEqual([['p2', null]])
  })
})

describe('reviews', () => {
  const item = (targetId: string, sourceId: string | null) => ({
    jobId: 'job-1',
    targetId,
    sourceId,
    userName: `${targetId}@x`,
    display: null,
    state: 'active',
    decision: null,
    comment: null,
    decidedAt: null,
  })

  it('survive reopening the database, count decisions, and close into revocations', () => {
    const { db, file } = openTempDatabase()
    seedJob(db)
    createReview(
      db,
      { id: 'rv-1', name: 'Q1', reviewer: 'Alice', jobIds: ['job-1'] },
      [item('t1', 'p1'), item('t2', 'p2'), item('svc', null)],
      1_000
    )
    expect(markReviewItems(db, 'rv-1', { sourceId: 'p1' }, 'remove', 'left team', 2_000)).toBe(1)
    expect(markReviewItems(db, 'rv-1', { targetId: 'svc', jobId: 'job-1' }, 'investigate', null, 3_000)).toBe(
      1
    )
    expect(markReviewItems(db, 'rv-1', { targetId: 'nope' }, 'keep', null)).toBe(0)
    db.close()

    const reopened = closeAfterTest(openDatabase(file))
    expect(getReview(reopened, 'rv-1')).toMatchObject({
      reviewer: 'Alice',
      status: 'open',
      updatedAt: new Date(3_000).toISOString(),
      counts: { total: 3, keep: 0, remove: 1, investigate: 1, undecided: 1 },
    })
    expect(listReviewItems(reopened, 'rv-1').find(row => row.targetId === 't1')).toMatchObject({
      decision: 'remove',
      comment: 'left team',
      decidedAt: new Date(2_000).toISOString(),
    })
    closeReview(reopened, 'rv-1', [{ jobId: 'job-1', sourceId: 'p1' }], 4_000)
    expect(getReview(reopened, 'rv-1')).toMatchObject({
      status: 'closed',
      closedAt: new Date(4_000).toISOString(),
    })
    expect([...loadRevocations(reopened, 'job-1')]).toEqual([['p1', 'rv-1']])
  })
})

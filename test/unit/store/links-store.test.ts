import type { LinkWrite } from '../../../main/model/link'
import { describe, expect, it } from 'vitest'
import {
  countLinks,
  deleteLink,
  getLinkBySource,
  loadLinks,
  upsertLink,
  clearMatchDecision,
  loadMatchDecisions,
  setMatchDecision,
} from '../../../main/store/links-store'
import { openTempDatabase, seedJob } from '../../helpers/store-fixtures'

const iso = (ms: number) => new Date(ms).toISOString()

function link(overrides: Partial<LinkWrite> = {}): LinkWrite {
  return {
    jobId: 'job-1',
    objectType: 'user',
    sourceId: 'E1',
    targetId: 'T1',
    state: 'active',
    exportedHash: 'hash-1',
    display: 'ada@example.com',
    ...overrides,
  }
}

function setup() {
  const { db } = openTempDatabase()
  seedJob(db, 'job-1')
  seedJob(db, 'job-2')
  return db
}

describe('links store', () => {
  it('inserts a link and reads it by source and in the job map', () => {
    const db = setup()
    upsertLink(db, link(), 1_000)
    const expected = { ...link(), stateChangedAt: iso(1_000), origin: null, relinkedFrom: null }
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toEqual(expected)
    expect([...loadLinks(db, 'job-1', 'user')]).toEqual([['E1', expected]])
    expect(loadLinks(db, 'job-1', 'group').size).toBe(0)
    expect(loadLinks(db, 'job-2', 'user').size).toBe(0)
    expect(getLinkBySource(db, 'job-1', 'user', 'E2')).toBeNull()
  })

  it('updates hash and display in place; stateChangedAt stays while the state is unchanged', () => {
    const db = setup()
    upsertLink(db, link(), 1_000)
    upsertLink(db, link({ exportedHash: 'hash-2', display: 'ada.l@example.com' }), 2_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toEqual({
      ...link({ exportedHash: 'hash-2', display: 'ada.l@example.com' }),
      stateChangedAt: iso(1_000),
      origin: null,
      relinkedFrom: null,
    })
  })

  it('moves stateChangedAt only when the state really changes', () => {
    const db = setup()
    upsertLink(db, link(), 1_000)
    upsertLink(db, link({ state: 'disabled' }), 2_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toMatchObject({
      state: 'disabled',
      stateChangedAt: iso(2_000),
    })
    upsertLink(db, link({ state: 'disabled', exportedHash: 'later' }), 9_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toMatchObject({
      state: 'disabled',
      exportedHash: 'later',
      stateChangedAt: iso(2_000),
    })
    upsertLink(db, link({ state: 'active' }), 10_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')?.stateChangedAt).toBe(iso(10_000))
  })

  it('re-points a source to another account', () => {
    const db = setup()
    upsertLink(db, link(), 1_000)
    upsertLink(db, link({ targetId: 'T9' }), 2_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')?.targetId).toBe('T9')
    expect(countLinks(db, 'job-1', 'user')).toBe(1)
  })

  it('replaces a stale link to the same account instead of linking it to two people', () => {
    const db = setup()
    upsertLink(db, link({ sourceId: 'E1', targetId: 'T1' }), 1_000)
    upsertLink(db, link({ sourceId: 'E2', targetId: 'T2' }), 1_000)
    upsertLink(db, link({ sourceId: 'E1-new', targetId: 'T1' }), 2_000)
    const links = loadLinks(db, 'job-1', 'user')
    expect([...links.keys()].sort()).toEqual(['E1-new', 'E2'])
    expect(links.get('E1-new')?.targetId).toBe('T1')
    expect(links.get('E2')?.targetId).toBe('T2')
  })

  it('leaves links of other jobs and other object types alone when replacing by target', () => {
    const db = setup()
    upsertLink(db, link({ jobId: 'job-2', sourceId: 'E1', targetId: 'T1' }))
    upsertLink(db, link({ objectType: 'group', sourceId: 'G1', targetId: 'T1' }))
    upsertLink(db, link({ sourceId: 'E5', targetId: 'T1' }))
    expect(getLinkBySource(db, 'job-2', 'user', 'E1')?.targetId).toBe('T1')
    expect(getLinkBySource(db, 'job-1', 'group', 'G1')?.targetId).toBe('T1')
    expect(getLinkBySource(db, 'job-1', 'user', 'E5')?.targetId).toBe('T1')
  })

  it('deletes and counts links per job and object type', () => {
    const db = setup()
    upsertLink(db, link({ sourceId: 'E1', targetId: 'T1' }))
    upsertLink(db, link({ sourceId: 'E2', targetId: 'T2' }))
    upsertLink(db, link({ jobId: 'job-2', sourceId: 'E1', targetId: 'T1' }))
    expect(countLinks(db, 'job-1', 'user')).toBe(2)
    deleteLink(db, 'job-1', 'user', 'E1')
    expect(countLinks(db, 'job-1', 'user')).toBe(1)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toBeNull()
    expect(countLinks(db, 'job-2', 'user')).toBe(1)
  })

  it('refuses a link for an unknown job and an unknown state', () => {
    const db = setup()
    expect(() => upsertLink(db, link({ jobId: 'ghost' }))).toThrow(/FOREIGN KEY/)
    expect(() => upsertLink(db, link({ state: 'gone' as 'active' }))).toThrow(/CHECK constraint/)
    expect(countLinks(db, 'job-1', 'user')).toBe(0)
  })

  it('records how a link was made, and keeps it when a later write only refreshes state or hash', () => {
    const db = setup()
    upsertLink(db, link({ origin: 'created' }), 1_000)
    upsertLink(db, link({ state: 'disabled', exportedHash: 'hash-2' }), 2_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toMatchObject({
      origin: 'created',
      relinkedFrom: null,
      state: 'disabled',
    })
    // The account moves to a new source id: the old link goes, the new one says where it came from.
    upsertLink(db, link({ sourceId: 'E1-new', origin: 'relinked', relinkedFrom: 'E1' }), 3_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1')).toBeNull()
    expect(getLinkBySource(db, 'job-1', 'user', 'E1-new')).toMatchObject({
      targetId: 'T1',
      origin: 'relinked',
      relinkedFrom: 'E1',
    })
    // A new origin replaces the old one and its relinkedFrom.
    upsertLink(db, link({ sourceId: 'E1-new', origin: 'admin' }), 4_000)
    expect(getLinkBySource(db, 'job-1', 'user', 'E1-new')).toMatchObject({
      origin: 'admin',
      relinkedFrom: null,
    })
    expect(() => upsertLink(db, link({ origin: 'guessed' as 'admin' }))).toThrow(/CHECK constraint/)
  })
})

describe('match decisions', () => {
  it('stores one decision per source id and job, replaces it, and forgets it', () => {
    const db = setup()
    setMatchDecision(db, { jobId: 'job-1', objectType: 'user', sourceId: 'E1', decision: 'create' })
    setMatchDecision(db, { jobId: 'job-1', objectType: 'user', sourceId: 'E2', decision: 'skip' })
    setMatchDecision(db, { jobId: 'job-2', objectType: 'user', sourceId: 'E1', decision: 'skip' })
    expect([...loadMatchDecisions(db, 'job-1', 'user')].sort()).toEqual([
      ['E1', 'create'],
      ['E2', 'skip'],
    ])
    setMatchDecision(db, { jobId: 'job-1', objectType: 'user', sourceId: 'E1', decision: 'skip' })
    expect(loadMatchDecisions(db, 'job-1', 'user').get('E1')).toBe('skip')
    expect(clearMatchDecision(db, 'job-1', 'user', 'E1')).toBe(true)
    expect(clearMatchDecision(db, 'job-1', 'user', 'E1')).toBe(false)
    expect([...loadMatchDecisions(db, 'job-1', 'user')]).toEqual([['E2', 'skip']])
    expect(loadMatchDecisions(db, 'job-2', 'user').get('E1')).toBe('skip')
    expect(loadMatchDecisions(db, 'job-1', 'group').size).toBe(0)
  })
})

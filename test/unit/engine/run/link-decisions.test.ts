import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import {
  decide,
  forget,
  LinkDecisionError,
  listLinkStandings,
} from '../../../../main/engine/run/link-decisions'
import { RunInProgressError } from '../../../../main/engine/run/run-lock'
import { getLinkBySource, loadMatchDecisions, upsertLink } from '../../../../main/store/links-store'
import { queryLogs } from '../../../../main/store/logs-store'
import { createRun } from '../../../../main/store/runs-store'
import { openTempDatabase, seedJob } from '../../../helpers/store-fixtures'

const NOW = new Date('2024-03-01T10:00:00Z')
const context = (sourceId: string) => ({ jobId: 'job-1', sourceId, jobFile: 'job.json', now: NOW })

function account(id: string, overrides: Record<string, unknown> = {}): TargetResource {
  return { id, userName: `${id.toLowerCase()}@example.com`, active: true, ...overrides }
}

function setup() {
  const { db } = openTempDatabase()
  seedJob(db, 'job-1')
  return db
}

describe('link decisions', () => {
  it('links a person to an account as the admin decided, moving it from the source id that held it', () => {
    const db = setup()
    upsertLink(db, {
      jobId: 'job-1',
      objectType: 'user',
      sourceId: '101',
      targetId: 'T1',
      state: 'disabled',
      exportedHash: 'h',
      display: 'ada',
      origin: 'created',
    })

    const change = decide(db, context('102'), { kind: 'link', account: account('T1', { active: false }) })

    expect(change.displaced).toBe('101')
    expect(change.description).toBe(
      'Linked by the admin to account T1 (t1@example.com); the account was linked to 101'
    )
    expect(getLinkBySource(db, 'job-1', 'user', '101')).toBeNull()
    expect(getLinkBySource(db, 'job-1', 'user', '102')).toMatchObject({
      targetId: 'T1',
      // A disabled account is managed like one this job disabled: an active person gets it enabled.
      state: 'disabled',
      exportedHash: null,
      origin: 'admin',
      relinkedFrom: '101',
    })
    const [entry] = queryLogs(db, { runId: change.logRunId, limit: 10 })
    expect(entry).toMatchObject({
      action: 'link',
      status: 'success',
      sourceId: '102',
      targetId: 'T1',
      reason: change.description,
      time: NOW.toISOString(),
    })
  })

  it('stores "create new" and "skip" for a person, dropping any link they had', () => {
    const db = setup()
    upsertLink(db, {
      jobId: 'job-1',
      objectType: 'user',
      sourceId: '101',
      targetId: 'T1',
      state: 'active',
      exportedHash: 'h',
      display: 'ada',
    })

    const created = decide(db, context('101'), { kind: 'create' })
    expect(created.description).toBe(
      'The admin decided 101 gets a new account; the link to account T1 was removed'
    )
    expect(getLinkBySource(db, 'job-1', 'user', '101')).toBeNull()
    expect(loadMatchDecisions(db, 'job-1', 'user').get('101')).toBe('create')

    decide(db, context('101'), { kind: 'skip' })
    expect(loadMatchDecisions(db, 'job-1', 'user').get('101')).toBe('skip')
    // Linking replaces the decision.
    decide(db, context('101'), { kind: 'link', account: account('T2') })
    expect(listLinkStandings(db, 'job-1', '101')).toEqual([
      expect.objectContaining({
        decision: null,
        link: expect.objectContaining({ targetId: 'T2', state: 'active' }),
      }),
    ])
    expect(
      queryLogs(db, { jobId: 'job-1', limit: 10 })
        .map(entry => entry.action)
        .sort()
    ).toEqual(['link', 'other', 'other'])
  })

  it('forgets a link and a decision, and refuses a person it knows nothing about', () => {
    const db = setup()
    decide(db, context('101'), { kind: 'skip' })
    const change = forget(db, context('101'))
    expect(change.description).toBe('Unlinked by the admin: the decision "skip" was withdrawn')
    expect(listLinkStandings(db, 'job-1')).toEqual([])
    expect(() => forget(db, context('101'))).toThrow(LinkDecisionError)
    expect(() => forget(db, context('101'))).toThrow('101 has no link and no decision in this job')
  })

  it('lists links and decisions by source id', () => {
    const db = setup()
    upsertLink(db, {
      jobId: 'job-1',
      objectType: 'user',
      sourceId: '2',
      targetId: 'T2',
      state: 'active',
      exportedHash: null,
      display: 'b',
      origin: 'matched',
    })
    decide(db, context('1'), { kind: 'create' })
    expect(
      listLinkStandings(db, 'job-1').map(standing => [
        standing.sourceId,
        standing.link?.targetId ?? null,
        standing.decision,
      ])
    ).toEqual([
      ['1', null, 'create'],
      ['2', 'T2', null],
    ])
    expect(listLinkStandings(db, 'job-1', '9')).toEqual([])
  })

  it('is refused while a run of the job is in progress, and changes nothing', () => {
    const db = setup()
    createRun(db, { id: 'running', jobId: 'job-1', mode: 'apply' })
    db.prepare(`UPDATE runs SET pid = ? WHERE id = 'running'`).run(process.ppid)
    expect(() => decide(db, context('101'), { kind: 'skip' })).toThrow(RunInProgressError)
    expect(() => decide(db, context('101'), { kind: 'skip' })).toThrow(
      /Run running of this job is still in progress/
    )
    expect(listLinkStandings(db, 'job-1')).toEqual([])
    expect(queryLogs(db, { jobId: 'job-1', limit: 10 })).toEqual([])
  })
})

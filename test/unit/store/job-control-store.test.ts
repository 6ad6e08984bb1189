import { describe, expect, it } from 'vitest'
import { enterQuarantine, getJobState } from '../../../main/store/job-state-store'
import { getJobPause, pauseJob, resumeJob } from '../../../main/store/job-pause-store'
import { clearJobState, countJobState, describeClearState } from '../../../main/store/job-reset-store'
import { countLinks, setMatchDecision, upsertLink } from '../../../main/store/links-store'
import type { WritableDB } from '../../../main/store/database'
import { openTempDatabase, seedJob } from '../../helpers/store-fixtures'

function setup(): WritableDB {
  const { db } = openTempDatabase()
  seedJob(db, 'job-1')
  seedJob(db, 'job-2')
  return db
}

/** Links, a decision, a watermark, a mirrored record and an escrowed retry, for `jobId`. */
function seedState(db: WritableDB, jobId: string): void {
  for (const [sourceId, objectType] of [
    ['E1', 'user'],
    ['E2', 'user'],
    ['G1', 'group'],
  ] as const) {
    upsertLink(db, {
      jobId,
      objectType,
      sourceId,
      targetId: `T-${sourceId}`,
      state: 'active',
      exportedHash: 'h',
      display: sourceId,
    })
  }
  setMatchDecision(db, { jobId, objectType: 'user', sourceId: 'E3', decision: 'skip' })
  db.prepare(
    `INSERT INTO sourceWatermarks (jobId, objectType, deltaLink, selection, updatedAt) VALUES (?, 'user', 'https://delta', 'sel', 1)`
  ).run(jobId)
  db.prepare(
    `INSERT INTO sourceMirror (jobId, objectType, sourceId, attributesJson) VALUES (?, 'user', 'E1', '{}')`
  ).run(jobId)
  db.prepare(
    `INSERT INTO escrow (jobId, objectType, sourceId, action, attempts, firstFailedAt, lastFailedAt, nextAttemptAt)
     VALUES (?, 'user', 'E2', 'create', 2, 1, 2, 3)`
  ).run(jobId)
}

describe('job pauses', () => {
  it('records who paused the job and when, keeps the first pause, and resuming lifts it', () => {
    const db = setup()
    expect(getJobPause(db, 'job-1')).toBeNull()
    const pause = pauseJob(db, 'job-1', { by: 'alice', note: 'HR import broken' }, 5_000)
    expect(pause).toEqual({ by: 'alice', at: new Date(5_000).toISOString(), note: 'HR import broken' })
    expect(pauseJob(db, 'job-1', { by: 'bob', note: null }, 9_000)).toEqual(pause)
    expect(getJobPause(db, 'job-2')).toBeNull()
    expect(resumeJob(db, 'job-1')).toEqual(pause)
    expect(getJobPause(db, 'job-1')).toBeNull()
    expect(resumeJob(db, 'job-1')).toBeNull()
  })
})

describe('clearing a job state', () => {
  it('counts what it would forget without changing anything', () => {
    const db = setup()
    seedState(db, 'job-1')
    const counts = countJobState(db, 'job-1')
    expect(counts).toEqual({
      userLinks: 2,
      groupLinks: 1,
      matchDecisions: 1,
      watermarks: 1,
      mirrored: 1,
      escrowed: 1,
    })
    expect(countLinks(db, 'job-1', 'user')).toBe(2)
    expect(describeClearState(counts)).toContain(
      'Forgets 2 account link(s), 1 group link(s), 1 matching decision(s)'
    )
  })

  it("forgets only that job's links, decisions, watermarks, mirror, escrow and quarantine", () => {
    const db = setup()
    seedState(db, 'job-1')
    seedState(db, 'job-2')
    enterQuarantine(db, 'job-1', 'EncounteredQuarantineException', 'token refused')
    const forgotten = clearJobState(db, 'job-1')
    expect(forgotten.userLinks).toBe(2)
    expect(countJobState(db, 'job-1')).toEqual({
      userLinks: 0,
      groupLinks: 0,
      matchDecisions: 0,
      watermarks: 0,
      mirrored: 0,
      escrowed: 0,
    })
    expect(getJobState(db, 'job-1').quarantinedAt).toBeNull()
    expect(countJobState(db, 'job-2')).toEqual(forgotten)
  })
})

import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { replaceSourcePeople, replaceTargetListing } from '../../../main/store/access-store'
import type { WritableDB } from '../../../main/store/database'
import { saveJob } from '../../../main/store/jobs-store'
import { upsertLink } from '../../../main/store/links-store'
import { openTempDatabase } from '../../helpers/store-fixtures'

/** A job on one app: Ada linked, a service account nobody owns. */
function seeded(): { db: WritableDB; api: ProvisionerAdminApi } {
  const { db } = openTempDatabase()
  saveJob(db, {
    id: 'hr',
    name: 'HR to App',
    config: {
      target: { type: 'scim', baseUrl: 'https://App.example/scim/' },
      source: { authoritative: true },
    },
    configPath: null,
  })
  upsertLink(db, {
    jobId: 'hr',
    objectType: 'user',
    sourceId: '1001',
    targetId: 't-ada',
    state: 'active',
    exportedHash: null,
    display: 'ada@example.com',
    origin: 'created',
  })
  replaceSourcePeople(db, 'hr', [{ sourceId: '1001', display: 'ada@example.com' }])
  replaceTargetListing(db, 'hr', null, [
    { targetId: 't-ada', userName: 'ada@example.com', displayName: 'Ada Lovelace', active: true },
    { targetId: 't-svc', userName: 'svc@example.com', displayName: null, active: true },
  ])
  const api = new ProvisionerAdminApi({
    db,
    stateFolder: '/state',
    secrets: new MemorySecretStore(),
    hub: new EventHub(),
  })
  return { db, api }
}

describe('access API methods', () => {
  it('serve the access map with the app named by its base URL and the unmanaged account', async () => {
    const { api } = seeded()
    const result = await dispatch(api, 'getAccessMap', {})
    expect(result).toMatchObject({
      ok: true,
      value: {
        apps: [{ jobId: 'hr', app: 'https://app.example/scim', automated: true }],
        people: [
          { sourceId: '1001', display: 'Ada Lovelace', accounts: [{ targetId: 't-ada', state: 'active' }] },
        ],
        unmanaged: [{ targetId: 't-svc', userName: 'svc@example.com' }],
      },
    })
    expect(await dispatch(api, 'getAccessMap', { jobId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'No job with id "nope"' },
    })
  })

  it('run a review: start, mark, export, close; refuse bad input and a closed review', async () => {
    const { api } = seeded()
    const started = await api.startReview({ jobIds: ['hr'], reviewer: 'Alice' })
    expect(started.counts.total).toBe(2)
    const reviewId = started.id
    expect(
      await dispatch(api, 'markReview', {
        reviewId,
        jobId: 'hr',
        targetId: 't-svc',
        decision: 'delete',
        comment: null,
      })
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const marked = await api.markReview({
      reviewId,
      jobId: 'hr',
      targetId: 't-svc',
      decision: 'remove',
      comment: 'old',
    })
    expect(marked.review.counts).toMatchObject({ remove: 1, undecided: 1 })
    // The checklist shows what closing will ask to remove by hand.
    expect(marked.checklist.map(item => item.targetId)).toEqual(['t-svc'])

    const csv = await api.exportReview({ reviewId, format: 'csv' })
    expect(csv).toMatchObject({ fileName: `${reviewId}.csv`, mediaType: 'text/csv' })
    expect(csv.content).toContain('"t-svc",,"no","svc@example.com",,"active","remove","old"')
    const html = await api.exportReview({ reviewId, format: 'html' })
    expect(html.content).toContain('<dt>Reviewer</dt><dd>Alice</dd>')

    const closed = await api.closeReview({ reviewId })
    expect(closed).toMatchObject({ revocations: 0, review: { status: 'closed' } })
    expect(closed.checklist.map(item => item.targetId)).toEqual(['t-svc'])
    expect(
      await dispatch(api, 'markReview', {
        reviewId,
        jobId: 'hr',
        targetId: 't-ada',
        decision: 'keep',
        comment: null,
      })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: `Review ${reviewId} is closed; start a new one` },
    })
    expect(await dispatch(api, 'getReview', { reviewId: 'rv-missing' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    expect(await dispatch(api, 'startReview', { jobIds: [], reviewer: 'Alice' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })
})

import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { replaceSourcePeople, replaceTargetListing } from '../../../main/store/access-store'
import type { WritableDB } from '../../../main/store/database'
import { saveJob } from '../../../main/store/jobs-store'
import { upsertLink } from '../../../main/store/links-store'
import { loadRevocations } from '../../../main/store/reviews-store'
import { openTempDatabase } from '../../helpers/store-fixtures'

/** A job on one app: Ada linked, a service account nobody owns. */
function seeded(extra: Partial<ConstructorParameters<typeof ProvisionerAdminApi>[0]> = {}): {
  db: WritableDB
  api: ProvisionerAdminApi
} {
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
    ...extra,
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

describe('saving a review as PDF', () => {
  it('asks where to save, prints the report and writes the PDF there', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'review-pdf-'))
    const chooseExportFile = vi.fn(async (name: string) => join(folder, name))
    const renderPdf = vi.fn(async (html: string) => Buffer.from(`%PDF fake ${html.length}`))
    const { api } = seeded({ chooseExportFile, renderPdf })
    const { id } = await api.startReview({ jobIds: ['hr'], reviewer: 'Auditor Alice' })
    const result = await api.saveReviewPdf({ reviewId: id })
    expect(result).toEqual({ saved: true, path: join(folder, `${id}.pdf`) })
    expect(chooseExportFile).toHaveBeenCalledWith(`${id}.pdf`)
    const html = renderPdf.mock.calls[0]?.[0] ?? ''
    expect(html).toContain('<dt>Reviewer</dt><dd>Auditor Alice</dd>')
    expect(readFileSync(join(folder, `${id}.pdf`), 'utf8')).toBe(`%PDF fake ${html.length}`)
    expect(statSync(join(folder, `${id}.pdf`)).mode & 0o777).toBe(0o600)
  })

  it('writes nothing when the admin cancels, and renders nothing', async () => {
    const renderPdf = vi.fn(async () => Buffer.from('%PDF'))
    const { api } = seeded({ chooseExportFile: async () => null, renderPdf })
    const { id } = await api.startReview({ jobIds: ['hr'], reviewer: 'Alice' })
    expect(await api.saveReviewPdf({ reviewId: id })).toEqual({ saved: false })
    expect(renderPdf).not.toHaveBeenCalled()
  })

  it('answers "unsupported" without the desktop app, and "not-found" for an unknown review', async () => {
    const { api } = seeded()
    const { id } = await api.startReview({ jobIds: ['hr'], reviewer: 'Alice' })
    expect(await dispatch(api, 'saveReviewPdf', { reviewId: id })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    })
    const desktop = seeded({
      chooseExportFile: async () => '/nowhere.pdf',
      renderPdf: async () => Buffer.from(''),
    })
    expect(await dispatch(desktop.api, 'saveReviewPdf', { reviewId: 'rv-missing' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })
})

describe("ticking off a leaver's item", () => {
  it('stores the tick with who and when, takes it back, and refuses what is not an open item', async () => {
    const { db, api } = seeded({ actor: () => 'alice' })
    replaceSourcePeople(db, 'hr', []) // Ada left the authoritative source; her account is still active
    const [before] = await api.listLeavers({})
    expect(before?.items).toMatchObject([{ jobId: 'hr', targetId: 't-ada', ticked: null }])
    const item = { sourceId: '1001', app: 'https://app.example/scim', jobId: 'hr', targetId: 't-ada' }
    const ticked = await api.tickLeaverItem({ ...item, ticked: true, note: 'Closed in the admin console' })
    expect(ticked.items[0]?.ticked).toMatchObject({ by: 'alice', note: 'Closed in the admin console' })
    expect(Date.now() - Date.parse(ticked.items[0]?.ticked?.at ?? '')).toBeLessThan(60_000)
    // A fresh read (another window, the CLI) sees it.
    expect((await api.listLeavers({}))[0]?.items[0]?.ticked?.by).toBe('alice')

    const unticked = await api.tickLeaverItem({ ...item, ticked: false, note: null })
    expect(unticked.items[0]?.ticked).toBeNull()
    expect(await dispatch(api, 'tickLeaverItem', { ...item, ticked: false, note: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'https://app.example/scim of 1001 is not ticked' },
    })
    expect(
      await dispatch(api, 'tickLeaverItem', { ...item, sourceId: '9999', ticked: true, note: null })
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'No person "9999" in any job\'s links' },
    })
    expect(
      await dispatch(api, 'tickLeaverItem', { ...item, jobId: 'other', app: 'x', ticked: true, note: null })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('no item for app "other"') },
    })
  })
})

describe("withdrawing a review's removal", () => {
  it('stops the revocation standing and records who withdrew it and why', async () => {
    const { db, api } = seeded({ actor: () => 'bob' })
    const { id } = await api.startReview({ jobIds: ['hr'], reviewer: 'Alice' })
    await api.markReview({ reviewId: id, jobId: 'hr', targetId: 't-ada', decision: 'remove', comment: null })
    expect(
      await dispatch(api, 'withdrawRevocation', { reviewId: id, jobId: 'hr', sourceId: '1001', note: null })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('still open') },
    })
    const closed = await api.closeReview({ reviewId: id })
    expect(closed.removals).toEqual([
      { jobId: 'hr', sourceId: '1001', status: 'standing', withdrawnBy: null, withdrawnAt: null, note: null },
    ])
    expect(loadRevocations(db, 'hr').has('1001')).toBe(true)

    const after = await api.withdrawRevocation({
      reviewId: id,
      jobId: 'hr',
      sourceId: '1001',
      note: 'Wrong person',
    })
    expect(after.removals).toMatchObject([{ status: 'withdrawn', withdrawnBy: 'bob', note: 'Wrong person' }])
    expect(loadRevocations(db, 'hr').has('1001')).toBe(false)
    expect(
      await dispatch(api, 'withdrawRevocation', { reviewId: id, jobId: 'hr', sourceId: '1001', note: null })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('already withdrawn') },
    })
    expect(
      await dispatch(api, 'withdrawRevocation', { reviewId: id, jobId: 'hr', sourceId: '2002', note: null })
    ).toMatchObject({ ok: false, error: { message: `Review ${id} did not remove person 2002 in hr` } })
  })
})

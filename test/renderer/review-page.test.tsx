// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AdminApi, ReviewDetail } from '../../main/ipc/api/contract'
import { ApiCallError } from '../../renderer/lib/api-client'
import { ReviewPage } from '../../renderer/pages/reviews/review-page'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

const GRACE = {
  jobId: 'hr',
  targetId: 't-grace',
  sourceId: '1002',
  userName: 'grace@example.com',
  display: 'Grace Hopper',
  state: 'active',
  decision: 'remove' as const,
  comment: null,
  decidedAt: '2026-12-05T06:00:00.000Z',
}

function detail(overrides: Partial<ReviewDetail> = {}): ReviewDetail {
  return {
    review: {
      id: 'rv-1',
      name: 'Q4 review',
      reviewer: 'Alice',
      jobIds: ['hr'],
      status: 'closed',
      createdAt: '2026-12-05T05:00:00.000Z',
      updatedAt: '2026-12-05T06:00:00.000Z',
      closedAt: '2026-12-05T06:00:00.000Z',
      counts: { total: 1, keep: 0, remove: 1, investigate: 0, undecided: 0 },
    },
    items: [GRACE],
    checklist: [],
    removals: [
      { jobId: 'hr', sourceId: '1002', status: 'standing', withdrawnBy: null, withdrawnAt: null, note: null },
    ],
    ...overrides,
  }
}

function renderReview(api: Partial<AdminApi>, transport: 'electron' | 'http-bridge') {
  return renderWithProviders(<ReviewPage />, {
    api: { getReview: async () => detail(), ...api },
    transport,
    path: '/reviews/rv-1',
    route: '/reviews/:reviewId',
  })
}

describe('a review in the desktop app', () => {
  it('saves a PDF where the admin says and tells where', async () => {
    const saveReviewPdf = vi.fn(async () => ({ saved: true as const, path: '/home/alice/rv-1.pdf' }))
    renderReview({ saveReviewPdf }, 'electron')
    fireEvent.click(await screen.findByRole('button', { name: 'Export PDF' }))
    await screen.findByText('Saved the PDF to /home/alice/rv-1.pdf')
    expect(saveReviewPdf).toHaveBeenCalledWith({ reviewId: 'rv-1' })
    expect(screen.queryByRole('button', { name: 'Printable report' })).toBeNull()
  })

  it('says so when the admin cancels, and shows a failure', async () => {
    const saveReviewPdf = vi
      .fn<AdminApi['saveReviewPdf']>()
      .mockResolvedValueOnce({ saved: false })
      .mockRejectedValueOnce(
        new ApiCallError('saveReviewPdf', { code: 'internal', message: 'Printing failed' })
      )
    renderReview({ saveReviewPdf }, 'electron')
    fireEvent.click(await screen.findByRole('button', { name: 'Export PDF' }))
    await screen.findByText('Export cancelled')
    fireEvent.click(screen.getByRole('button', { name: 'Export PDF' }))
    await screen.findByText(/Printing failed/)
  })
})

describe('a review in the browser UI', () => {
  it('offers the printable HTML report, not a PDF', async () => {
    const saveReviewPdf = vi.fn()
    renderReview({ saveReviewPdf }, 'http-bridge')
    await screen.findByRole('button', { name: 'Printable report' })
    expect(screen.queryByRole('button', { name: 'Export PDF' })).toBeNull()
  })
})

describe("a closed review's removals", () => {
  it('withdraws a standing removal with the reason given, then shows who withdrew it', async () => {
    const withdrawRevocation = vi.fn(async () =>
      detail({
        removals: [
          {
            jobId: 'hr',
            sourceId: '1002',
            status: 'withdrawn',
            withdrawnBy: 'bob',
            withdrawnAt: '2026-12-05T06:10:00.000Z',
            note: 'Still on the team',
          },
        ],
      })
    )
    renderReview({ withdrawRevocation }, 'http-bridge')
    fireEvent.change(await screen.findByLabelText('Why withdraw the removal of Grace Hopper'), {
      target: { value: 'Still on the team' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw removal' }))
    await screen.findByText(/withdrawn by bob, .* — Still on the team/)
    expect(withdrawRevocation).toHaveBeenCalledWith({
      reviewId: 'rv-1',
      jobId: 'hr',
      sourceId: '1002',
      note: 'Still on the team',
    })
    expect(screen.queryByRole('button', { name: 'Withdraw removal' })).toBeNull()
  })
})

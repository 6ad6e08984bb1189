// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClearStateSummary, JobPauseView } from '../../main/ipc/api/contract'
import { JobPage } from '../../renderer/pages/job/job-page'
import { job } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

/**
 * In jsdom, Fluent's focus manager (tabster) sometimes marks the dialog's own portal aria-hidden
 * (it has no layout to tell which modal is on top), so dialogs are found regardless of aria-hidden.
 */
const DIALOG = { hidden: true } as const

const PAUSE: JobPauseView = { by: 'alice', at: '2024-03-01T09:00:00.000Z', note: 'HR feed broken' }

function summary(userLinks: number): ClearStateSummary {
  const counts = { userLinks, groupLinks: 2, matchDecisions: 3, watermarks: 1, mirrored: 0, escrowed: 1 }
  return { jobId: 'hr-demo', counts, description: `Forgets ${userLinks} account link(s)` }
}

describe('the job page controls', () => {
  it('pauses after confirming, then shows who paused it and resumes', async () => {
    let paused: JobPauseView | null = null
    const pauseJob = vi.fn(async () => (paused = PAUSE))
    const resumeJob = vi.fn(async () => {
      paused = null
      return true
    })
    renderWithProviders(<JobPage jobId="hr-demo" />, {
      api: { listJobs: async () => [job({ paused })], listRuns: async () => [], pauseJob, resumeJob },
    })
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }))
    const dialog = await screen.findByRole('dialog', DIALOG)
    expect(dialog.textContent).toContain('Scheduled runs skip the job')
    expect(pauseJob).not.toHaveBeenCalled()
    await userEvent.click(screen.getAllByRole('button', { name: 'Pause', ...DIALOG }).at(-1) as HTMLElement)
    await waitFor(() => expect(pauseJob).toHaveBeenCalledWith({ jobId: 'hr-demo' }))
    const resume = await screen.findByRole('button', { name: 'Resume' })
    expect(document.body.textContent).toContain('by alice')
    expect(document.body.textContent).toContain('HR feed broken')
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull()
    await userEvent.click(resume)
    await waitFor(() => expect(resumeJob).toHaveBeenCalledWith({ jobId: 'hr-demo' }))
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeTruthy()
  })

  it('states the numbers before clearing state, and Cancel clears nothing', async () => {
    const clearJobState = vi.fn(async () => summary(5))
    renderWithProviders(<JobPage jobId="hr-demo" />, {
      api: {
        listJobs: async () => [job()],
        listRuns: async () => [],
        previewClearState: async () => summary(5),
        clearJobState,
      },
    })
    await userEvent.click(await screen.findByRole('button', { name: 'Clear state…' }))
    const dialog = await screen.findByRole('dialog', DIALOG)
    await waitFor(() =>
      expect(dialog.textContent).toContain('Forgets 5 account link(s), 2 group link(s), 3 matching')
    )
    expect(dialog.textContent).toContain('matches every person again')
    await userEvent.click(screen.getByRole('button', { name: 'Cancel', ...DIALOG }))
    await waitFor(() => expect(screen.queryByRole('dialog', DIALOG)).toBeNull())
    expect(clearJobState).not.toHaveBeenCalled()

    await userEvent.click(screen.getByRole('button', { name: 'Clear state…' }))
    await screen.findByRole('dialog', DIALOG)
    const confirm = screen.getByRole('button', { name: 'Clear state', ...DIALOG })
    await waitFor(() => expect((confirm as HTMLButtonElement).disabled).toBe(false))
    await userEvent.click(confirm)
    await waitFor(() => expect(clearJobState).toHaveBeenCalledWith({ jobId: 'hr-demo' }))
    expect(await screen.findByText('State cleared')).toBeTruthy()
  })
})

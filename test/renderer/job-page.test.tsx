// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { JobPage } from '../../renderer/pages/job/job-page'
import { job, planApi, preview, run, userOperation } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

describe('the job page', () => {
  it('says an unknown job id is not found, instead of showing a normal page for it', async () => {
    const listRuns = vi.fn(async () => [])
    renderWithProviders(<JobPage jobId="no-such-job" />, { api: { listJobs: async () => [job()], listRuns } })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('no-such-job')
    expect(within(alert).getByRole('link', { name: /overview/i })).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/not found/i)
    expect(screen.queryByRole('button', { name: /preview/i })).toBeNull()
    expect(listRuns).not.toHaveBeenCalled()
  })

  it('announces the dry run outcome without putting the whole preview table in a live region', async () => {
    const operations = [
      userOperation(),
      userOperation({ sourceId: '1004', display: 'katherine.johnson@example.com' }),
    ]
    const plan = preview(operations)
    renderWithProviders(<JobPage jobId="hr-demo" />, {
      api: {
        listJobs: async () => [job()],
        listRuns: async () => [run()],
        planJob: async () => plan,
        ...planApi(operations),
      },
    })
    await userEvent.click(await screen.findByRole('button', { name: 'Preview (dry run)' }))
    const table = await screen.findByRole('table', { name: 'Planned operations' })
    expect(table.closest('[aria-live]')).toBeNull()
    const announced = () =>
      [...document.querySelectorAll('[aria-live], [role="status"]')]
        .map(region => region.textContent)
        .join(' ')
    await waitFor(() => expect(announced()).toMatch(/2 to create/))
  })
})

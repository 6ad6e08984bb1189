// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AdminApi, LogEntry, LogPage, LogQueryInput } from '../../main/ipc/api/contract'
import { LogsPage } from '../../renderer/pages/logs/logs-page'
import { job, logEntry } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

/** A log of `count` entries (ids count…1, newest first) served page by page as the API does. */
function logApi(
  count: number
): Pick<AdminApi, 'queryLogs' | 'countLogs' | 'listJobs'> & { calls: LogQueryInput[] } {
  const entries: LogEntry[] = Array.from({ length: count }, (_, index) =>
    logEntry({
      id: count - index,
      changeId: `c${count - index}`,
      sourceId: String(100_000 + count - index),
      sourceDisplay: `Person ${count - index}`,
      status: (count - index) % 50 === 0 ? 'failure' : 'success',
      errorCode: (count - index) % 50 === 0 ? 'TooManyRequests' : null,
    })
  )
  const calls: LogQueryInput[] = []
  return {
    calls,
    listJobs: async () => [job()],
    countLogs: async () => ({ count, capped: false }),
    async queryLogs(input): Promise<LogPage> {
      calls.push(input)
      if (input.afterId !== undefined) {
        const above = entries.filter(entry => entry.id > (input.afterId ?? 0))
        const page = above.slice(-input.limit)
        return {
          entries: page,
          nextBeforeId: page.at(-1)?.id ?? null,
          previousAfterId: above.length > input.limit ? (page[0]?.id ?? null) : null,
        }
      }
      const below = entries.filter(entry => input.beforeId === undefined || entry.id < input.beforeId)
      const page = below.slice(0, input.limit)
      return {
        entries: page,
        nextBeforeId: below.length > input.limit ? (page.at(-1)?.id ?? null) : null,
        previousAfterId: input.beforeId === undefined ? null : (page[0]?.id ?? null),
      }
    },
  }
}

const table = () => screen.getByRole('table', { name: /Provisioning log entries/ })
const countStatus = () =>
  screen
    .getAllByRole('status')
    .map(element => element.textContent)
    .join(' | ')
const scroller = () => table().closest('[data-data-table]') as HTMLElement

async function scrollTo(top: 'end' | 'start') {
  await act(async () => {
    scroller().scrollTop = top === 'end' ? scroller().scrollHeight : 0
    fireEvent.scroll(scroller())
    await new Promise(resolve => setTimeout(resolve, 10))
  })
}

/** The entries the page holds: every page of the log query in the cache. */
function heldEntries(rendered: ReturnType<typeof renderWithProviders>): number {
  type Pages = { pages: Array<{ rows?: unknown[]; entries?: unknown[] }> }
  const cached = rendered.queryClient.getQueriesData<Pages>({ queryKey: ['queryLogs'] })
  const pages = cached.flatMap(([, data]) => data?.pages ?? [])
  return pages.reduce((sum, page) => sum + (page.rows ?? page.entries ?? []).length, 0)
}

describe('the logs page at scale', () => {
  it('holds five pages however far the admin scrolls (1,200 entries here; 6,000 took seconds a click), and scrolls back up', async () => {
    const api = logApi(1_200)
    const rendered = renderWithProviders(<LogsPage />, { api })
    await waitFor(() => expect(countStatus()).toContain('1,200 entries match'))
    expect(table().getAttribute('aria-rowcount')).toBe('1201')
    for (let step = 0; step < 30 && screen.queryByText('Person 1') === null; step++) await scrollTo('end')
    expect(screen.getByText('Person 1')).toBeTruthy()
    // Never more than five pages of 100: a click costs the same after 6,000 rows as after 100.
    expect(heldEntries(rendered)).toBeLessThanOrEqual(500)
    expect(api.calls.every(call => call.limit === 100)).toBe(true)
    // Back up: the pages let go of are read again, newest first.
    for (let step = 0; step < 40 && screen.queryByText('Person 1200') === null; step++)
      await scrollTo('start')
    expect(screen.getByText('Person 1200')).toBeTruthy()
    expect(api.calls.some(call => call.afterId !== undefined)).toBe(true)
    expect(heldEntries(rendered)).toBeLessThanOrEqual(500)
  }, 60_000)

  it('shows the job and run of each entry, and a hint for its error code in the details', async () => {
    renderWithProviders(<LogsPage />, { api: logApi(101) })
    const row = await waitFor(() => within(table()).getAllByRole('row')[1] as HTMLElement)
    expect(row.textContent).toContain('HR to Demo App')
    expect(row.textContent).toContain('20240301-110000-second')
    await userEvent.click(within(table()).getByRole('button', { name: 'Person 100' }))
    const panel = screen.getByRole('complementary', { name: 'Person 100' })
    expect(within(panel).getAllByText('TooManyRequests')).toHaveLength(2)
    expect(panel.textContent).toMatch(/lower target\.concurrency/)
  })

  it('closes the details with Escape and puts focus back on the row that opened them', async () => {
    renderWithProviders(<LogsPage />, { api: logApi(120) })
    const button = await waitFor(() => within(table()).getByRole('button', { name: 'Person 118' }))
    // A click anywhere on the row, not only its button.
    await userEvent.click(button.closest('tr')?.querySelector('td:nth-child(3)') as HTMLElement)
    const panel = await screen.findByRole('complementary', { name: 'Person 118' })
    expect(document.activeElement?.id).toBe('log-detail-heading')
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(panel.isConnected).toBe(false))
    expect(document.activeElement).toBe(within(table()).getByRole('button', { name: 'Person 118' }))
  })

  it('says how many entries match, or that more than it counted do', async () => {
    const api = logApi(10)
    renderWithProviders(<LogsPage />, {
      api: { ...api, countLogs: vi.fn(async () => ({ count: 100_000, capped: true })) },
    })
    await waitFor(() => expect(countStatus()).toContain('More than 100,000 entries match'))
    expect(table().getAttribute('aria-rowcount')).toBe('-1')
  })
})

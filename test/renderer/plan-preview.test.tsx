// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PlanOperationView } from '../../main/ipc/api/contract'
import { PlanPreviewPanel } from '../../renderer/pages/job/plan-preview-panel'
import { GUIDS, groupOperation, planApi, preview, userOperation } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
let consoleError: ReturnType<typeof vi.spyOn>
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  cleanup()
  consoleError.mockRestore()
})

function renderPreview(operations: ReadonlyArray<PlanOperationView>) {
  const api = planApi(operations)
  renderWithProviders(<PlanPreviewPanel preview={preview(operations)} />, { api })
  return api
}

/** 3,000 people, as the defect report had it: 900 updates spread among 2,100 unchanged. */
function bigPlan(): PlanOperationView[] {
  return Array.from({ length: 3_000 }, (_, index) =>
    userOperation({
      action: index % 10 < 3 ? 'update' : 'unchanged',
      sourceId: String(10_000 + index),
      targetId: `t${index}`,
      display: `person${index}@example.com`,
      changes: index % 10 < 3 ? [{ path: 'title', from: 'Engineer', to: 'Senior Engineer' }] : [],
    })
  )
}

const table = () => screen.getByRole('table', { name: 'Planned operations' })
const status = () =>
  screen
    .getAllByRole('status')
    .map(element => element.textContent)
    .join(' ')

describe('the dry-run preview', () => {
  it('shows all 900 updates of a 3,000-person plan, and never "Nothing to change" next to them', async () => {
    const api = renderPreview(bigPlan())
    // The count follows the first rows (rendered first, slowly in jsdom on a busy machine).
    await waitFor(() => expect(status()).toContain('900 operations'), { timeout: 10_000 })
    expect(table().getAttribute('aria-rowcount')).toBe('901')
    expect(document.body.textContent).not.toMatch(/Nothing to change|first 500/)
    // Scrolled to the end, page after page: the last update is there.
    const scroller = table().closest('[data-data-table]') as HTMLElement
    for (let step = 0; step < 20 && screen.queryByText('person2992@example.com') === null; step++) {
      await act(async () => {
        scroller.scrollTop = scroller.scrollHeight
        fireEvent.scroll(scroller)
        await new Promise(resolve => setTimeout(resolve, 20))
      })
    }
    expect(screen.getByText('person2992@example.com')).toBeTruthy()
    // Every page asked for changed rows only; none was the first 500 rows of everything.
    expect(api.calls.every(call => call.hideUnchanged === true && call.limit <= 100)).toBe(true)
  })

  it('filters by action and searches names and ids on the server', async () => {
    const api = renderPreview([
      userOperation(),
      userOperation({
        action: 'update',
        sourceId: '1002',
        display: 'grace.hopper@example.com',
        targetId: 'g1',
      }),
      userOperation({
        action: 'conflict',
        sourceId: '1003',
        display: 'alan.turing@example.com',
        reason: 'Two accounts match',
      }),
    ])
    await waitFor(() => expect(status()).toContain('3 operations'))
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'conflict')
    await waitFor(() => expect(status()).toContain('1 operation match'))
    expect(within(table()).getByText('alan.turing@example.com')).toBeTruthy()
    await userEvent.selectOptions(screen.getByLabelText('Action'), '')
    await userEvent.type(screen.getByLabelText('Search'), 'HOPPER')
    await waitFor(() => expect(status()).toContain('1 operation match'))
    expect(within(table()).getByText('grace.hopper@example.com')).toBeTruthy()
    expect(api.calls.at(-1)).toMatchObject({ search: 'HOPPER', hideUnchanged: true })
  })

  it('searches at once on Enter, without waiting for the pause in typing', async () => {
    const api = renderPreview([
      userOperation(),
      userOperation({
        action: 'update',
        sourceId: '1002',
        display: 'grace.hopper@example.com',
        targetId: 'g1',
      }),
    ])
    await waitFor(() => expect(status()).toContain('2 operations'))
    // The pause's timer never fires: only Enter can have asked.
    vi.useFakeTimers()
    try {
      const search = screen.getByLabelText('Search')
      fireEvent.change(search, { target: { value: 'hopper' } })
      expect(api.calls.some(call => call.search !== undefined)).toBe(false)
      fireEvent.submit(screen.getByRole('form', { name: 'Plan filters' }))
      expect(api.calls.at(-1)).toMatchObject({ search: 'hopper', hideUnchanged: true })
    } finally {
      vi.useRealTimers()
    }
  })

  it("counts a new search's matches only once its rows are in, so the rows never wait behind the count", async () => {
    const operations = [
      userOperation(),
      userOperation({
        action: 'update',
        sourceId: '1002',
        display: 'grace.hopper@example.com',
        targetId: 'g1',
      }),
    ]
    const base = planApi(operations)
    const order: string[] = []
    let answer: () => void = () => undefined
    const api: typeof base = {
      ...base,
      async queryPlanOperations(input) {
        if (input.search !== undefined) {
          order.push('rows asked')
          await new Promise<void>(resolve => (answer = resolve))
          order.push('rows answered')
        }
        return base.queryPlanOperations(input)
      },
      async countPlanOperations(filter) {
        if (filter.search !== undefined) order.push('count asked')
        return base.countPlanOperations(filter)
      },
    }
    renderWithProviders(<PlanPreviewPanel preview={preview(operations)} />, { api })
    await waitFor(() => expect(status()).toContain('2 operations'))
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'hopper' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Plan filters' }))
    await waitFor(() => expect(order).toEqual(['rows asked']))
    answer()
    await waitFor(() => expect(status()).toContain('1 operation match'))
    expect(order).toEqual(['rows asked', 'rows answered', 'count asked'])
  })

  it('says "Nothing to change" only when the plan changes nothing, and offers the unchanged rows', async () => {
    renderPreview([userOperation({ action: 'unchanged', changes: [] })])
    expect(await screen.findByText('Nothing to change')).toBeTruthy()
    await userEvent.click(screen.getByRole('switch', { name: 'Show unchanged' }))
    await waitFor(() => expect(within(table()).getByText('ada.lovelace@example.com')).toBeTruthy())
  })

  it('shows a group that gains and loses members without duplicate React keys', async () => {
    renderPreview([userOperation(), groupOperation()])
    const group = await waitFor(() => {
      const row = within(table())
        .getAllByRole('row')
        .find(candidate => candidate.textContent?.includes('Engineering'))
      expect(row).toBeDefined()
      return row
    })
    expect(group?.textContent).toMatch(/members/)
    expect(String(consoleError.mock.calls)).not.toMatch(/same key/)
  })

  it('keeps a GUID on one line (ellipsis, whole id in the tooltip) instead of wrapping it', async () => {
    renderPreview([groupOperation()])
    const id = await waitFor(() => within(table()).getByTitle(GUIDS[2]))
    expect(id.textContent).toBe(GUIDS[2])
    expect(getComputedStyle(id).whiteSpace).toBe('nowrap')
    expect(getComputedStyle(id).textOverflow).toBe('ellipsis')
  })

  it('shows a reason and its error code, and leaves the reason cell of any other row empty', async () => {
    renderPreview([
      userOperation({ display: 'ada.lovelace@example.com' }),
      userOperation({
        action: 'conflict',
        sourceId: '1003',
        display: 'alan.turing@example.com',
        reason: 'Two accounts match',
        errorCode: 'AmbiguousMatch',
      }),
    ])
    const reasonCell = async (name: string) => {
      const row = (await waitFor(() => within(table()).getByText(name))).closest('tr')!
      return row.querySelectorAll('td')[5]!
    }
    const conflict = await reasonCell('alan.turing@example.com')
    expect(within(conflict).getByTitle('Two accounts match')).toBeTruthy()
    expect(within(conflict).getByText('AmbiguousMatch')).toBeTruthy()
    // No reason, no error code: no elements at all (a row mounts with each scrolled frame).
    expect((await reasonCell('ada.lovelace@example.com')).childElementCount).toBe(0)
  })

  it('says when a reopened dry run no longer has its operations', () => {
    renderWithProviders(
      <PlanPreviewPanel preview={{ ...preview([userOperation()]), operationsStored: false }} />
    )
    expect(screen.getByText('The operations of this dry run are not kept')).toBeTruthy()
    expect(screen.getByRole('table', { name: 'Planned changes: users' })).toBeTruthy()
  })

  it("shows a CSV hand-off dry run's file as a table, saying when only its first rows came", () => {
    const file = {
      header: ['action', 'Login', 'displayName'],
      rows: [
        ['create', 'ada@example.com', 'Ada Lovelace'],
        ['disable', 'alan@example.com', 'Alan Turing'],
      ],
      rowCount: 2,
    }
    const { unmount } = renderWithProviders(
      <PlanPreviewPanel preview={{ ...preview([userOperation()]), operationsStored: false, handoff: file }} />
    )
    const table = screen.getByRole('table', { name: 'File apply would write' })
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent)
    ).toEqual(file.header)
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(cell => cell.textContent)
        )
    ).toEqual(file.rows)
    expect(screen.getByText(/^2 rows\./)).toBeTruthy()
    unmount()
    const { unmount: unmountCut } = renderWithProviders(
      <PlanPreviewPanel
        preview={{
          ...preview([userOperation()]),
          operationsStored: false,
          handoff: { ...file, rowCount: 5000 },
        }}
      />
    )
    expect(screen.getByText(/^The first 2 of 5000 rows\./)).toBeTruthy()
    unmountCut()
    renderWithProviders(
      <PlanPreviewPanel
        preview={{
          ...preview([userOperation()]),
          operationsStored: false,
          handoff: { ...file, rows: [], rowCount: 0 },
        }}
      />
    )
    expect(screen.getByText('Nothing changed, so apply writes no file.')).toBeTruthy()
    expect(screen.queryByRole('table', { name: 'File apply would write' })).toBeNull()
  })

  it('says what it read as a sentence, and still a sentence for dry runs recorded before the counts were kept', () => {
    const { unmount } = renderWithProviders(
      <PlanPreviewPanel preview={{ ...preview([userOperation()]), sourceCount: 1200, targetCount: 1 }} />
    )
    expect(
      screen.getByText(/^Read 1,200 source people and 1 target account; recorded as dry run/)
    ).toBeTruthy()
    unmount()
    renderWithProviders(
      <PlanPreviewPanel
        preview={{
          ...preview([userOperation()]),
          sourceCount: null,
          targetCount: null,
          operationsStored: false,
        }}
      />
    )
    expect(screen.getByText(/^Recorded as dry run/)).toBeTruthy()
  })
})

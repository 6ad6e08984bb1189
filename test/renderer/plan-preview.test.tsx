// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { PlanPreviewPanel } from '../../renderer/pages/job/plan-preview-panel'
import { GUIDS, groupOperation, preview, userOperation } from './fixtures'
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

describe('the dry-run preview', () => {
  it('shows a group that gains and loses members without duplicate React keys', () => {
    renderWithProviders(<PlanPreviewPanel preview={preview([userOperation(), groupOperation()])} />)
    const table = screen.getByRole('table', { name: 'Planned operations' })
    const group = within(table)
      .getAllByRole('row')
      .find(row => row.textContent?.includes('Engineering'))
    expect(group?.textContent).toMatch(/members/)
    expect(String(consoleError.mock.calls)).not.toMatch(/same key/)
  })

  it('keeps a GUID on one line (ellipsis, whole id in the tooltip) instead of wrapping it', () => {
    renderWithProviders(<PlanPreviewPanel preview={preview([groupOperation()])} />)
    const table = screen.getByRole('table', { name: 'Planned operations' })
    const id = within(table).getByTitle(GUIDS[2])
    expect(id.textContent).toBe(GUIDS[2])
    expect(getComputedStyle(id).whiteSpace).toBe('nowrap')
    expect(getComputedStyle(id).textOverflow).toBe('ellipsis')
  })
})

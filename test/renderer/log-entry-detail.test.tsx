// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProvisioningStep } from '../../main/ipc/api/contract'
import { LogEntryDetail } from '../../renderer/pages/logs/log-entry-detail'
import { GUIDS, logEntry } from './fixtures'
import { renderWithProviders } from './render-with-providers'

const SUCCESS = 'success' as const
const GROUP_STEPS: ReadonlyArray<ProvisioningStep> = [
  { type: 'import', status: SUCCESS, description: 'Imported group engineering from groups.csv' },
  { type: 'scoping', status: SUCCESS, description: 'In scope: no scoping filters' },
  { type: 'matching', status: SUCCESS, description: 'Matched on displayName' },
  { type: 'processing', status: SUCCESS, description: 'Members differ: update the group' },
  {
    type: 'processing',
    status: 'warning',
    description: 'Member 1009 not added: not provisioned by this job',
  },
  { type: 'export', status: SUCCESS, description: 'PATCH /Groups/f0e1: 204 No Content' },
]

let consoleError: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  cleanup()
  consoleError.mockRestore()
})

function groupEntry() {
  return logEntry({
    objectType: 'group',
    sourceId: 'engineering',
    sourceDisplay: 'Engineering',
    steps: GROUP_STEPS,
    status: 'warning',
    modified: [
      { path: 'members', from: null, to: [GUIDS[0], GUIDS[1]] },
      { path: 'members', from: [GUIDS[2]], to: null },
    ],
  })
}

describe('the log entry detail', () => {
  it('shows every step, not only the first of each kind, so a warning and its reason are visible', () => {
    renderWithProviders(<LogEntryDetail entry={groupEntry()} onClose={() => undefined} />)
    const panel = screen.getByRole('complementary', { name: 'Engineering' })
    for (const step of GROUP_STEPS) {
      expect(within(panel).getByText(step.description)).toBeTruthy()
    }
  })

  it('lists group members added and removed one per item, without duplicate React keys', () => {
    renderWithProviders(<LogEntryDetail entry={groupEntry()} onClose={() => undefined} />)
    const table = screen.getByRole('table', { name: /modified properties/i })
    const items = within(table)
      .getAllByRole('listitem')
      .map(item => item.textContent)
    expect(items).toEqual([GUIDS[0], GUIDS[1], GUIDS[2]])
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]?.textContent).toContain(GUIDS[1])
    expect(rows[1]?.textContent).toContain(GUIDS[2])
    expect(String(consoleError.mock.calls)).not.toMatch(/same key/)
  })

  it('marks the steps a skipped entry never reached', () => {
    const entry = logEntry({
      action: 'skip',
      status: 'skipped',
      sourceDisplay: 'Alan Turing',
      steps: [
        { type: 'import', status: SUCCESS, description: 'Imported 1003 from people.csv line 4' },
        {
          type: 'scoping',
          status: 'skipped',
          description: 'Out of scope',
          details: { Clause: 'type EQUALS staff' },
        },
      ],
    })
    renderWithProviders(<LogEntryDetail entry={entry} onClose={() => undefined} />)
    const panel = screen.getByRole('complementary', { name: 'Alan Turing' })
    expect(within(panel).getAllByText('not reached')).toHaveLength(3)
    expect(within(panel).getByText('type EQUALS staff')).toBeTruthy()
  })

  it('gives the time in local time with its zone, and the stored UTC instant as text to copy', () => {
    renderWithProviders(
      <LogEntryDetail entry={logEntry({ time: '2024-03-01T11:00:00.200Z' })} onClose={() => undefined} />
    )
    const panel = screen.getByRole('complementary', { name: 'Grace Hopper' })
    const time = panel.querySelector('time[datetime="2024-03-01T11:00:00.200Z"]')
    expect(time?.getAttribute('title')).toBe('2024-03-01T11:00:00.200Z')
    expect(within(panel).getByText('2024-03-01T11:00:00.200Z')).toBeTruthy()
  })
})

// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { filtersFromParams, LogFilters, type LogFilterValues } from '../../renderer/pages/logs/log-filters'
import { job } from './fixtures'
import { renderWithProviders } from './render-with-providers'

afterEach(cleanup)

function renderFilters(value: LogFilterValues = {}) {
  const onChange = vi.fn()
  const jobs = [job(), job({ id: 'legacy-import', name: 'Legacy import' })]
  renderWithProviders(<LogFilters value={value} jobs={jobs} onChange={onChange} />)
  return onChange
}

describe('the log filters form', () => {
  it('shows the values it was given (from the URL)', async () => {
    renderFilters({ jobId: 'legacy-import', status: 'failure', identity: 'grace' })
    await waitFor(() => expect((screen.getByLabelText('Identity') as HTMLInputElement).value).toBe('grace'))
    expect((screen.getByLabelText('Job') as HTMLSelectElement).value).toBe('legacy-import')
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('failure')
  })

  it('applies a choice at once, and typed text on Apply, trimmed, leaving blank fields out', async () => {
    const user = userEvent.setup()
    const onChange = renderFilters()
    await user.selectOptions(screen.getByLabelText('Status'), 'failure')
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ status: 'failure' }))
    await user.type(screen.getByLabelText('Identity'), '  grace  ')
    await user.type(screen.getByLabelText('Run id'), '   ')
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ status: 'failure', identity: 'grace' }))
  })

  it("refuses what the API's schema refuses, with its message at the field, and asks nothing", async () => {
    const user = userEvent.setup()
    const onChange = renderFilters()
    const identity = screen.getByLabelText('Identity')
    await user.click(identity)
    await user.paste('x'.repeat(257))
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(identity.getAttribute('aria-invalid')).toBe('true'))
    expect(document.body.textContent).toMatch(/256/)
    expect(onChange).not.toHaveBeenCalled()

    // Fixing it clears the error and applies.
    await user.clear(identity)
    await user.type(identity, 'ada')
    await user.keyboard('{Enter}')
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ identity: 'ada' }))
    expect(identity.getAttribute('aria-invalid')).not.toBe('true')
  })

  it('keeps text being typed when the filters change from outside, and follows them otherwise', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    function FromUrl() {
      const [value, setValue] = useState<LogFilterValues>({ status: 'failure', runId: 'r1' })
      return (
        <>
          <button type="button" onClick={() => setValue({ runId: 'r2' })}>
            Navigate
          </button>
          <LogFilters value={value} jobs={[job()]} onChange={onChange} />
        </>
      )
    }
    renderWithProviders(<FromUrl />)
    const identity = screen.getByLabelText('Identity') as HTMLInputElement
    await user.type(identity, 'gra')
    await user.click(screen.getByRole('button', { name: 'Navigate' }))
    await waitFor(() => expect((screen.getByLabelText('Run id') as HTMLInputElement).value).toBe('r2'))
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('')
    expect(identity.value).toBe('gra')
  })

  it('clears every filter, so the next choice applies alone', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    function FromUrl() {
      const [value, setValue] = useState<LogFilterValues>({})
      return (
        <LogFilters
          value={value}
          jobs={[job()]}
          onChange={next => {
            onChange(next)
            setValue(next)
          }}
        />
      )
    }
    renderWithProviders(<FromUrl />)
    await user.type(screen.getByLabelText('Identity'), 'ovelac')
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ identity: 'ovelac' }))
    await user.click(screen.getByRole('button', { name: 'Clear' }))
    await waitFor(() => expect((screen.getByLabelText('Identity') as HTMLInputElement).value).toBe(''))
    await user.selectOptions(screen.getByLabelText('Action'), 'conflict')
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ action: 'conflict' }))
  })

  it('takes a date range in local time and applies it as instants, refusing an end before the start', async () => {
    const user = userEvent.setup()
    const onChange = renderFilters()
    const from = screen.getByLabelText('From') as HTMLInputElement
    const to = screen.getByLabelText('To') as HTMLInputElement
    await user.type(from, '2024-03-01T10:30')
    await user.type(to, '2024-03-01T09:00')
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(to.getAttribute('aria-invalid')).toBe('true'))
    expect(document.body.textContent).toContain('The end must not be before the start')
    expect(onChange).not.toHaveBeenCalled()
    await user.clear(to)
    await user.type(to, '2024-03-01T11:30')
    await user.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith({
        since: new Date('2024-03-01T10:30').toISOString(),
        until: new Date('2024-03-01T11:30').toISOString(),
      })
    )
  })

  it('shows a range from the URL in local time', async () => {
    renderFilters({ since: new Date('2024-03-01T10:30').toISOString() })
    await waitFor(() =>
      expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2024-03-01T10:30')
    )
  })

  it('clears every filter', async () => {
    const onChange = renderFilters({ status: 'failure', identity: 'grace' })
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }))
    expect(onChange).toHaveBeenCalledWith({})
  })
})

describe('filters from the URL', () => {
  it('keeps what the API accepts and leaves out what it would refuse', () => {
    const params = new URLSearchParams({
      jobId: 'hr-demo',
      status: 'bogus',
      action: 'update',
      identity: 'y'.repeat(300),
      runId: '  20240301-110000-second  ',
    })
    expect(filtersFromParams(params)).toEqual({
      jobId: 'hr-demo',
      action: 'update',
      runId: '20240301-110000-second',
    })
  })
})

// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PlanPreview, RunProgress as Progress } from '../../main/ipc/api/contract'
import { ApiCallError } from '../../renderer/lib/api-client'
import { PreviewSection } from '../../renderer/pages/job/preview-section'
import { RunPage } from '../../renderer/pages/job/run-page'
import { CANCELLED } from '../../renderer/pages/run/run-result'
import { job, planApi, preview, run, userOperation } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

const DRY_RUN_ID = '20240301-130000-dry'
/** A busy machine renders slowly: wait longer than testing-library's 1 s for what must appear. */
const SLOW = { timeout: 5000 }

const event = (overrides: Partial<Progress>, runId = DRY_RUN_ID) => ({
  runId,
  jobId: 'hr-demo',
  phase: 'reading-source' as const,
  done: 0,
  total: null,
  ratePerSecond: 0,
  etaSeconds: null,
  failures: 0,
  ...overrides,
})

/** A promise the test settles, for a call that lasts as long as the test wants. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined
  let reject: (error: unknown) => void = () => undefined
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle
    reject = fail
  })
  return { promise, resolve, reject }
}

const previewButton = () => screen.getByRole('button', { name: /Preview \(dry run\)|Running dry run…/ })
const announced = () =>
  [...document.querySelectorAll('[role="status"]')].map(region => region.textContent).join(' ')

describe("the preview's dry run", () => {
  it('shows its own progress with Cancel, and a cancel ends as "nothing was changed", not an error', async () => {
    const operations = [userOperation()]
    const first = deferred<PlanPreview>()
    const planJob = vi
      .fn<() => Promise<PlanPreview>>()
      .mockReturnValueOnce(first.promise)
      .mockResolvedValueOnce(preview(operations))
    const cancelRun = vi.fn(async () => ({ cancelled: true }))
    const { emit } = renderWithProviders(<PreviewSection job={job()} />, {
      api: { planJob, cancelRun, ...planApi(operations) },
    })
    await userEvent.click(previewButton())
    expect(await screen.findByText('Starting the run…', {}, SLOW)).toBeTruthy()
    expect((previewButton() as HTMLButtonElement).disabled).toBe(true)

    // A CLI apply of the same job alongside, and a run never seen starting, are not this dry run.
    act(() => emit('runStarted', { runId: 'cli-apply', jobId: 'hr-demo', mode: 'apply' }))
    act(() => emit('runProgress', event({ phase: 'applying', done: 9, total: 50 }, 'cli-apply')))
    act(() => emit('runProgress', event({ phase: 'applying', done: 7, total: 50 }, 'unannounced')))
    expect(screen.getByText('Starting the run…')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /^Cancel run/ })).toBeNull()

    act(() => emit('runStarted', { runId: DRY_RUN_ID, jobId: 'hr-demo', mode: 'dry-run' }))
    act(() => emit('runProgress', event({ done: 3000, ratePerSecond: 1500 })))
    expect(screen.getByText('Reading the people in the source')).toBeTruthy()
    expect(screen.getByText('3,000 people read · 1,500/s')).toBeTruthy()
    act(() => emit('runProgress', event({ phase: 'planning', done: 500, total: 1000, etaSeconds: 1 })))
    expect(screen.getByText('Working out the changes')).toBeTruthy()
    expect(Number(screen.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeCloseTo(0.5)

    await userEvent.click(screen.getByRole('button', { name: `Cancel run ${DRY_RUN_ID}` }))
    expect(cancelRun).toHaveBeenCalledWith({ runId: DRY_RUN_ID })
    expect(await screen.findByText('Stopping the dry run…', {}, SLOW)).toBeTruthy()

    const cancelled = new ApiCallError('planJob', {
      code: 'cancelled',
      message: 'Dry run cancelled: nothing was changed',
    })
    await act(async () => first.reject(cancelled))
    expect(await screen.findByText('nothing was changed.', { exact: false }, SLOW)).toBeTruthy()
    expect(announced()).toContain('Dry run cancelled: nothing was changed.')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('progressbar')).toBeNull()
    // Nothing to review or apply; the admin may run it again.
    expect(screen.queryByRole('button', { name: 'Apply this plan' })).toBeNull()
    expect((previewButton() as HTMLButtonElement).disabled).toBe(false)

    await userEvent.click(previewButton())
    expect(await screen.findByRole('button', { name: 'Apply this plan' }, SLOW)).toBeTruthy()
    expect(announced()).toContain('Dry run finished: 1 to create.')
    expect(announced()).not.toContain('cancelled')
  })

  it('still says other failures as an error', async () => {
    const refused = new ApiCallError('planJob', { code: 'connector-failed', message: 'Target unreachable' })
    renderWithProviders(<PreviewSection job={job()} />, {
      api: { planJob: () => Promise.reject(refused) },
    })
    await userEvent.click(previewButton())
    const alert = await screen.findByRole('alert', {}, SLOW)
    expect(alert.textContent).toContain('Preview failed')
    expect(alert.textContent).toContain('Target unreachable')
  })
})

describe('a cancelled dry run reopened from the history', () => {
  it('says it has no plan and changed nothing, never an empty plan nor "the changes were written"', async () => {
    const cancelled = run({ id: DRY_RUN_ID, mode: 'dry-run', status: 'cancelled' })
    const getPlan = vi.fn(async () => preview([]))
    renderWithProviders(<RunPage jobId="hr-demo" runId={DRY_RUN_ID} />, {
      api: { listJobs: async () => [job()], getRun: async () => cancelled, getPlan },
    })
    expect(await screen.findByText('This dry run was cancelled', {}, SLOW)).toBeTruthy()
    expect(document.body.textContent).toContain('Nothing was changed')
    expect(document.body.textContent).not.toContain(CANCELLED)
    expect(getPlan).not.toHaveBeenCalled()
    expect(screen.queryByRole('table', { name: 'Planned operations' })).toBeNull()
  })
})

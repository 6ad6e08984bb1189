// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import { useMutation } from '@tanstack/react-query'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunProgress as Progress, RunResult } from '../../main/ipc/api/contract'
import { ApiCallError } from '../../renderer/lib/api-client'
import { ApplyPlan } from '../../renderer/pages/run/apply-plan'
import { RunProgress } from '../../renderer/pages/run/run-progress'
import { CANCELLED, RunResultView } from '../../renderer/pages/run/run-result'
import { RunningRun, runMutationKey } from '../../renderer/pages/run/running-run'
import { preview, run, userOperation } from './fixtures'
import { renderWithProviders } from './render-with-providers'

afterEach(cleanup)

const RUN_ID = '20240301-130000-apply'
/** A busy machine renders slowly: wait longer than testing-library's 1 s for what must appear. */
const SLOW = { timeout: 5000 }

const progress = (overrides: Partial<Progress> = {}): Progress => ({
  phase: 'applying',
  done: 40,
  total: 120,
  ratePerSecond: 12,
  etaSeconds: 7,
  failures: 0,
  ...overrides,
})

const event = (overrides: Partial<Progress> = {}, runId = RUN_ID, jobId = 'hr-demo') => ({
  runId,
  jobId,
  ...progress(overrides),
})

function result(overrides: Partial<RunResult> = {}): RunResult {
  const plan = preview([userOperation()])
  return {
    runId: RUN_ID,
    jobId: 'hr-demo',
    status: 'completed',
    summary: plan.summary,
    failed: 0,
    staged: 0,
    quarantine: null,
    notices: [],
    ...overrides,
  }
}

/** A promise the test settles, for a call that lasts as long as the test wants. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>(settle => (resolve = settle))
  return { promise, resolve }
}

const bar = () => screen.getByRole('progressbar')

async function startApply(api: Parameters<typeof renderWithProviders>[1] extends infer O ? O : never) {
  const rendered = renderWithProviders(
    <ApplyPlan preview={preview([userOperation()])} target="Demo App" />,
    api
  )
  await userEvent.click(screen.getByRole('button', { name: 'Apply this plan' }))
  // (Found even while Fluent's dialog is still hidden from the accessibility tree as it opens: on a
  // busy machine its opening can outlast the wait.)
  const confirm = await screen.findByRole('button', { name: /^Apply: /, hidden: true }, SLOW)
  await userEvent.click(confirm)
  return rendered
}

describe('the progress of a run the app started', () => {
  it('follows the stages, numbers and failures, cancels, and ends with the partial result', async () => {
    const applied = deferred<RunResult>()
    const cancelRun = vi.fn(async () => ({ cancelled: true }))
    const { emit } = await startApply({ api: { applyPlan: () => applied.promise, cancelRun } })

    expect(await screen.findByText('Starting the run…', {}, SLOW)).toBeTruthy()
    expect(bar().getAttribute('aria-valuenow')).toBeNull()
    // No Cancel before the run's id is known.
    expect(screen.queryByRole('button', { name: /^Cancel run/ })).toBeNull()

    act(() => emit('runStarted', { runId: RUN_ID, jobId: 'hr-demo', mode: 'apply' }))
    act(() =>
      emit('runProgress', event({ phase: 'reading-target', done: 300, total: null, etaSeconds: null }))
    )
    expect(screen.getByText("Reading the app's accounts")).toBeTruthy()
    expect(screen.getByText('300 accounts read · 12/s')).toBeTruthy()
    expect(bar().getAttribute('aria-valuenow')).toBeNull()

    act(() => emit('runProgress', event({ failures: 2 })))
    expect(screen.getByText('Writing the changes to the app')).toBeTruthy()
    expect(screen.getByText('40 of 120 changes done · 33 % · 12/s · a few seconds left')).toBeTruthy()
    expect(Number(bar().getAttribute('aria-valuenow'))).toBeCloseTo(40 / 120)
    const failures = screen.getByRole('link', { name: '2 failed so far' })
    expect(failures.getAttribute('href')).toBe(`/logs?jobId=hr-demo&runId=${RUN_ID}&status=failure`)

    await userEvent.click(screen.getByRole('button', { name: `Cancel run ${RUN_ID}` }))
    expect(cancelRun).toHaveBeenCalledWith({ runId: RUN_ID })
    expect(await screen.findByText('Stopping after the writes in flight…', {}, SLOW)).toBeTruthy()
    expect((screen.getByRole('button', { name: `Cancel run ${RUN_ID}` }) as HTMLButtonElement).disabled).toBe(
      true
    )
    // The writes in flight still report while it stops.
    act(() => emit('runProgress', event({ done: 44, failures: 2 })))
    expect(screen.getByText('Stopping after the writes in flight…')).toBeTruthy()

    // Finishing counts nothing of its own: where the writes stopped stays shown.
    act(() => emit('runProgress', event({ phase: 'finishing', done: 0, total: null, failures: 2 })))
    expect(screen.getByText('Finishing: recording the result')).toBeTruthy()
    expect(screen.getByText('44 of 120 changes done · 36 %')).toBeTruthy()

    await act(async () => applied.resolve(result({ status: 'cancelled', failed: 2 })))
    expect(await screen.findByText('Apply cancelled:', {}, SLOW)).toBeTruthy()
    expect(screen.getByText('cancelled')).toBeTruthy()
    expect(document.body.textContent).toContain(CANCELLED)
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.queryByText('Stopping after the writes in flight…')).toBeNull()
  })

  it('announces the stage and the stop, never the numbers that move several times a second', async () => {
    const { emit } = await startApply({
      api: { applyPlan: () => new Promise(() => undefined), cancelRun: async () => ({ cancelled: true }) },
    })
    act(() => emit('runProgress', event({ done: 10 })))
    act(() => emit('runProgress', event({ done: 11 })))
    const announced = () =>
      screen
        .getAllByRole('status')
        .map(region => region.textContent)
        .join('|')
    expect(announced()).toContain('Writing the changes to the app')
    expect(announced()).not.toMatch(/\d+ of \d+/)
    expect(bar().closest('[aria-live]')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: `Cancel run ${RUN_ID}` }))
    await waitFor(() => expect(announced()).toContain('Stopping after the writes in flight…'), SLOW)
  })

  it("follows only its job's run, not another job's nor a dry run beside it", async () => {
    const { emit } = await startApply({ api: { applyPlan: () => new Promise(() => undefined) } })
    act(() => emit('runProgress', event({ done: 99 }, 'other-run', 'other-job')))
    act(() => emit('runStarted', { runId: 'cli-dry-run', jobId: 'hr-demo', mode: 'dry-run' }))
    act(() => emit('runProgress', event({ phase: 'reading-source', done: 5 }, 'cli-dry-run')))
    expect(screen.getByText('Starting the run…')).toBeTruthy()
    act(() => emit('runProgress', event({ done: 3 })))
    expect(screen.getByText('3 of 120 changes done · 2 % · 12/s · a few seconds left')).toBeTruthy()
    // Once the app's run is known, another run of the job does not take its place.
    act(() => emit('runProgress', event({ done: 77 }, 'someone-else')))
    expect(screen.getByText('3 of 120 changes done · 2 % · 12/s · a few seconds left')).toBeTruthy()
    expect(screen.getByRole('button', { name: `Cancel run ${RUN_ID}` })).toBeTruthy()
  })

  it('says so when the run had ended before the cancel, and when the cancel fails', async () => {
    const cancelRun = vi
      .fn()
      .mockResolvedValueOnce({ cancelled: false })
      .mockRejectedValueOnce(new Error('The state folder is read-only'))
    const { emit, unmount } = await startApply({
      api: { applyPlan: () => new Promise(() => undefined), cancelRun },
    })
    act(() => emit('runProgress', event()))
    const cancel = () => screen.getByRole('button', { name: `Cancel run ${RUN_ID}` })
    await userEvent.click(cancel())
    expect(await screen.findByText('The run had already ended.', {}, SLOW)).toBeTruthy()
    expect(screen.queryByText('Stopping after the writes in flight…')).toBeNull()
    await userEvent.click(cancel())
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain(
      'The state folder is read-only'
    )
    expect((cancel() as HTMLButtonElement).disabled).toBe(false)
    unmount()
  })
})

describe("a run's result", () => {
  it('is titled for what stopped it: a cancel says so, never "Run undone"', () => {
    const titles = (status: RunResult['status'], cancelledTitle?: string) => {
      renderWithProviders(
        <RunResultView result={result({ status })} title="Run undone" cancelledTitle={cancelledTitle} />
      )
      const text = document.body.textContent ?? ''
      cleanup()
      return text
    }
    expect(titles('cancelled', 'Undo cancelled')).toContain('Undo cancelled: cancelled')
    expect(titles('cancelled', 'Undo cancelled')).toContain(CANCELLED)
    expect(titles('cancelled')).toMatch(/^Cancelled: cancelled/)
    expect(titles('completed', 'Undo cancelled')).toMatch(/^Run undone: completed/)
    expect(titles('completed')).not.toContain(CANCELLED)
  })
})

describe('a run the app started that ends in an error', () => {
  it('says a cancel before any write is a cancel, not a failure; other errors stay errors', async () => {
    const cancelled = new ApiCallError('applyPlan', { code: 'cancelled', message: 'The run was cancelled' })
    await startApply({ api: { applyPlan: () => Promise.reject(cancelled) } })
    expect(await screen.findByText('The run stopped before writing anything.', {}, SLOW)).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    cleanup()
    const refused = new ApiCallError('applyPlan', {
      code: 'refused',
      message: 'Dry run x is not the latest one',
    })
    await startApply({ api: { applyPlan: () => Promise.reject(refused) } })
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain('The plan was not applied')
  })
})

describe('the progress of a stored run (the run page, the dashboard)', () => {
  it('starts from the stored progress and moves on with its events, never back', () => {
    const stored = run({ id: RUN_ID, status: 'running', finishedAt: null, progress: progress({ done: 50 }) })
    const { emit } = renderWithProviders(<RunProgress jobId="hr-demo" run={stored} />)
    expect(screen.getByText('50 of 120 changes done · 41 % · 12/s · a few seconds left')).toBeTruthy()
    act(() => emit('runProgress', event({ done: 30 })))
    expect(screen.getByText('50 of 120 changes done · 41 % · 12/s · a few seconds left')).toBeTruthy()
    act(() => emit('runProgress', event({ done: 120, etaSeconds: 0 })))
    expect(screen.getByText('120 of 120 changes done · 100 % · 12/s · a few seconds left')).toBeTruthy()
    act(() => emit('runProgress', event({ done: 1 }, 'another-run')))
    expect(Number(bar().getAttribute('aria-valuenow'))).toBe(1)
  })

  it('fits a table cell, with the same stage, numbers and Cancel', () => {
    const stored = run({ id: RUN_ID, status: 'running', finishedAt: null, progress: null })
    renderWithProviders(<RunProgress jobId="hr-demo" run={stored} compact />)
    expect(screen.getByRole('button', { name: `Cancel run ${RUN_ID}` })).toBeTruthy()
    expect(bar().getAttribute('aria-label')).toBe(`Run ${RUN_ID}: Starting the run…`)
    expect(screen.getAllByRole('status').map(region => region.textContent)).toEqual(['Starting the run…', ''])
  })
})

describe("the job page's run in progress", () => {
  const cliRun = run({
    id: 'cli-run',
    status: 'running',
    finishedAt: null,
    progress: progress({ done: 5, total: 60, ratePerSecond: null, etaSeconds: null }),
  })

  /** A run started from this page: the page shows its progress where it was started. */
  function StartHere() {
    const start = useMutation({
      mutationKey: runMutationKey('hr-demo'),
      mutationFn: () => new Promise(() => undefined),
    })
    return <button onClick={() => start.mutate()}>Start here</button>
  }

  it('shows a run started elsewhere with its progress and Cancel, but not one this page shows already', async () => {
    const cancelRun = vi.fn(async () => ({ cancelled: true }))
    renderWithProviders(
      <>
        <RunningRun jobId="hr-demo" runs={[cliRun, run()]} />
        <StartHere />
      </>,
      { api: { cancelRun } }
    )
    const section = screen.getByRole('region', { name: 'Run in progress' })
    expect(section.textContent).toContain('A run (apply) started elsewhere: cli-run')
    expect(section.textContent).toContain('5 of 60 changes done · 8 %')
    await userEvent.click(within(section).getByRole('button', { name: 'Cancel run cli-run' }))
    expect(cancelRun).toHaveBeenCalledWith({ runId: 'cli-run' })
    await userEvent.click(screen.getByRole('button', { name: 'Start here' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull(), SLOW)
  })

  it('does not show a run as running once it ended, before the run list is read again', async () => {
    const started = deferred<{ runId: string }>()
    function StartAndEnd() {
      const start = useMutation({ mutationKey: runMutationKey('hr-demo'), mutationFn: () => started.promise })
      return <button onClick={() => start.mutate()}>{start.isSuccess ? 'Ended here' : 'Start here'}</button>
    }
    const here = { ...cliRun, id: 'here-run' }
    renderWithProviders(
      <>
        <RunningRun jobId="hr-demo" runs={[here]} />
        <StartAndEnd />
      </>
    )
    await userEvent.click(screen.getByRole('button', { name: 'Start here' }))
    expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull()
    // The page's own run ended; the list still says running (it is read again just after).
    await act(async () => started.resolve({ runId: 'here-run' }))
    await screen.findByRole('button', { name: 'Ended here' }, SLOW)
    expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull()
    // A CLI run the list still shows running after its end was announced is not shown either.
    cleanup()
    const { emit } = renderWithProviders(<RunningRun jobId="hr-demo" runs={[cliRun]} />)
    expect(screen.getByRole('region', { name: 'Run in progress' })).toBeTruthy()
    act(() =>
      emit('runFinished', {
        runId: 'cli-run',
        jobId: 'hr-demo',
        mode: 'apply',
        status: 'completed',
        summary: null,
      })
    )
    expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull()
  })

  it('leaves out finished runs and dry runs (they write nothing)', () => {
    renderWithProviders(
      <RunningRun
        jobId="hr-demo"
        runs={[run(), { ...cliRun, mode: 'dry-run' }, run({ status: 'cancelled' })]}
      />
    )
    expect(screen.queryByRole('region', { name: 'Run in progress' })).toBeNull()
    expect(screen.queryByRole('progressbar')).toBeNull()
  })
})

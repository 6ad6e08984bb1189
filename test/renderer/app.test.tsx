// @vitest-environment jsdom
import { webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AdminApi, AdminEvents, ApiEvent } from '../../main/ipc/api/contract'
import { AppProviders } from '../../renderer/app/app-providers'
import { createAppQueryClient } from '../../renderer/app/query-client'
import { APP_ROUTES } from '../../renderer/app/routes'
import { ApiCallError, type ApiConnection } from '../../renderer/lib/api-client'
import type { DashboardJob } from '../../main/ipc/api/contract'
import { job, logEntry, OVERVIEW, planApi, preview, run, userOperation } from './fixtures'
import { stubLayout } from './layout-stub'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

/** The whole app (providers, shell, routes) over a fake API, at `path`. */
function renderApp(api: Partial<AdminApi>, path: string) {
  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>()
  const connection: ApiConnection = {
    api: api as AdminApi,
    transport: 'http-bridge',
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  }
  const router = createMemoryRouter(APP_ROUTES, { initialEntries: [path] })
  render(
    <AppProviders connection={connection} queryClient={createAppQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>
  )
  return {
    router,
    emit<E extends ApiEvent>(event: E, payload: AdminEvents[E]) {
      act(() => {
        for (const listener of listeners.get(event) ?? []) (listener as (payload: unknown) => void)(payload)
      })
    },
  }
}

/** An OS colour preference that the test can switch, as `matchMedia` reports it. */
function stubColorScheme(dark: boolean) {
  const listeners = new Set<(event: { matches: boolean }) => void>()
  const query = {
    get matches() {
      return dark
    },
    addEventListener: (_: string, listener: (event: { matches: boolean }) => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: (event: { matches: boolean }) => void) =>
      listeners.delete(listener),
  }
  vi.stubGlobal('matchMedia', () => query)
  return (next: boolean) =>
    act(() => {
      dark = next
      for (const listener of listeners) listener({ matches: dark })
    })
}

/** The CSS variables Fluent's provider wrote for the current theme. */
function themeRules(): string {
  return [...document.styleSheets]
    .flatMap(sheet => [...sheet.cssRules].map(rule => rule.cssText))
    .filter(text => text.includes('--colorNeutralBackground1:'))
    .join('\n')
}

describe('the app', () => {
  it('names the page and the job in the window title', async () => {
    const { router } = renderApp({ listJobs: async () => [job()], listRuns: async () => [] }, '/jobs/hr-demo')
    await waitFor(() => expect(document.title).toBe('HR to Demo App – Job – Provisioner'))
    await act(() => router.navigate('/logs?jobId=hr-demo'))
    await waitFor(() => expect(document.title).toBe('Logs – HR to Demo App – Provisioner'))
  })

  it("refreshes a job's runs when the API says one of its runs finished, and not for another job's", async () => {
    const runs = [run()]
    const listRuns = vi.fn(async () => [...runs])
    const { emit } = renderApp({ listJobs: async () => [job()], listRuns }, '/jobs/hr-demo')
    const table = await screen.findByRole('table', { name: 'Runs' })
    expect(within(table).getAllByRole('row')).toHaveLength(2)

    emit('runFinished', {
      runId: 'other-run',
      jobId: 'other-job',
      mode: 'apply',
      status: 'completed',
      summary: null,
    })
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(listRuns).toHaveBeenCalledTimes(1)

    runs.unshift(run({ id: '20240302-090000-cli', mode: 'dry-run' }))
    emit('runFinished', {
      runId: '20240302-090000-cli',
      jobId: 'hr-demo',
      mode: 'dry-run',
      status: 'completed',
      summary: null,
    })
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3))
    expect(table.textContent).toContain('20240302-090000-cli')
  })

  it('follows the OS between light and dark', async () => {
    const setDark = stubColorScheme(true)
    renderApp(
      {
        getOverview: async () => OVERVIEW,
        getDashboard: async () => ({ stateFolder: '/state', jobs: [] }),
        listJobs: async () => [],
      },
      '/'
    )
    await screen.findByText('No jobs yet')
    expect(document.documentElement.style.colorScheme).toBe('dark')
    expect(themeRules()).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1}`)
    setDark(false)
    expect(document.documentElement.style.colorScheme).toBe('light')
    expect(themeRules()).toContain(`--colorNeutralBackground1: ${webLightTheme.colorNeutralBackground1}`)
  })

  it('uses the theme chosen in the app over the OS, and keeps the choice through the API', async () => {
    stubColorScheme(false)
    const updateUiSettings = vi.fn(async () => ({ theme: 'light' as const, expressionSampleMany: false }))
    renderApp(
      {
        getOverview: async () => OVERVIEW,
        listJobs: async () => [],
        getUiSettings: async () => ({ theme: 'dark', expressionSampleMany: false }),
        updateUiSettings,
      },
      '/'
    )
    await waitFor(() => expect(document.documentElement.style.colorScheme).toBe('dark'))
    await userEvent.click(screen.getByRole('button', { name: 'Theme: Dark' }))
    await userEvent.click(await screen.findByRole('menuitemradio', { name: 'Light' }))
    await waitFor(() => expect(document.documentElement.style.colorScheme).toBe('light'))
    expect(updateUiSettings).toHaveBeenCalledWith({ theme: 'light' })
  })

  it("shows the API's message and its issues when a call fails", async () => {
    const error = new ApiCallError('listJobs', {
      code: 'invalid-input',
      message: 'Invalid input for listJobs',
      issues: ['jobId: Too big: expected string to have <=200 characters'],
    })
    renderApp({ listJobs: () => Promise.reject(error) }, '/jobs/hr-demo')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Invalid input for listJobs')
    expect(within(alert).getByRole('list', { name: 'Issues' }).textContent).toContain(
      'jobId: Too big: expected string to have <=200 characters'
    )
  })

  it("closes a log entry's details when the filters change", async () => {
    const queryLogs = async () => ({ entries: [logEntry()], nextBeforeId: null, previousAfterId: null })
    const { router } = renderApp({ listJobs: async () => [job()], queryLogs }, '/logs')
    fireEvent.click(await screen.findByRole('button', { name: 'Grace Hopper' }))
    expect(await screen.findByRole('complementary', { name: 'Grace Hopper' })).toBeTruthy()
    await act(() => router.navigate('/logs?status=success'))
    await screen.findByRole('button', { name: 'Grace Hopper' })
    expect(screen.queryByRole('complementary', { name: 'Grace Hopper' })).toBeNull()
  })

  it('says what to do next when there are no jobs and no runs', async () => {
    renderApp(
      {
        getOverview: async () => OVERVIEW,
        getDashboard: async () => ({ stateFolder: '/state', jobs: [] }),
        listJobs: async () => [],
      },
      '/'
    )
    expect((await screen.findByText('No jobs yet')).parentElement?.textContent).toContain(
      'provisioner plan --job FILE'
    )
    expect(screen.getByText('No runs yet').parentElement?.textContent).toContain('Preview (dry run)')
  })

  it('reopens a dry run from the run history with its plan, instead of its "0 entries" in the logs', async () => {
    const dryRun = run({
      id: '20240301-120000-preview',
      mode: 'dry-run',
      finishedAt: '2024-03-01T12:00:01.000Z',
    })
    const operations = [
      userOperation(),
      userOperation({ sourceId: '1002', display: 'grace.hopper@example.com' }),
    ]
    renderApp(
      {
        listJobs: async () => [job()],
        listRuns: async () => [dryRun],
        getRun: async () => dryRun,
        getPlan: async () => preview(operations),
        ...planApi(operations),
      },
      '/jobs/hr-demo'
    )
    const runs = await screen.findByRole('table', { name: 'Runs' })
    await userEvent.click(within(runs).getByRole('link', { name: `Plan: dry run ${dryRun.id}` }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Dry run of HR to Demo App' })).toBeTruthy()
    const plan = await screen.findByRole('table', { name: 'Planned operations' })
    await waitFor(() => expect(within(plan).getAllByRole('row')).toHaveLength(3))
    expect(plan.textContent).toContain('grace.hopper@example.com')
    expect(document.title).toBe('Dry run – HR to Demo App – Provisioner')
  })

  it('shows a run another process started, its progress and its end, without a reload', async () => {
    let state: DashboardJob = {
      id: 'hr-demo',
      name: 'HR to Demo App',
      health: 'healthy',
      healthReason: null,
      running: null,
      lastRun: run(),
      nextRunAt: null,
      linked: { users: 4, groups: 0 },
      unmanaged: 0,
      history: [],
    }
    const getDashboard = vi.fn(async () => ({ stateFolder: '/state', jobs: [state] }))
    const { emit } = renderApp(
      {
        getOverview: async () => ({ ...OVERVIEW, jobCount: 1 }),
        listJobs: async () => [job()],
        getDashboard,
      },
      '/'
    )
    const jobs = await screen.findByRole('table', { name: 'Jobs' })
    await waitFor(() => expect(jobs.textContent).toContain('healthy'))
    const cli = run({ id: '20240302-090000-cli', status: 'running', finishedAt: null, progress: null })
    state = { ...state, health: 'running', running: cli }
    emit('runStarted', { runId: cli.id, jobId: 'hr-demo', mode: 'apply' })
    await waitFor(() => expect(jobs.textContent).toContain('Starting the run…'))
    const progress = {
      phase: 'applying',
      done: 40,
      total: 120,
      ratePerSecond: null,
      etaSeconds: null,
      failures: 0,
    } as const
    state = { ...state, running: { ...cli, progress } }
    emit('runProgress', { runId: cli.id, jobId: 'hr-demo', ...progress })
    await waitFor(() => expect(jobs.textContent).toContain('40 of 120 changes done'))
    state = { ...state, health: 'healthy', running: null, lastRun: { ...cli, status: 'completed' } }
    emit('runFinished', {
      runId: cli.id,
      jobId: 'hr-demo',
      mode: 'apply',
      status: 'completed',
      summary: null,
    })
    await waitFor(() => expect(jobs.textContent).not.toContain('changes done'))
    expect(jobs.textContent).toContain('healthy')
  })
})

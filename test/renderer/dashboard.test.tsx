// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DashboardJob } from '../../main/ipc/api/contract'
import { OverviewPage } from '../../renderer/pages/overview/overview-page'
import { job, OVERVIEW, run } from './fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
  // jsdom lays out no SVG text; the chart measures its axis labels.
  const svg = SVGElement.prototype as unknown as Record<string, unknown>
  svg['getComputedTextLength'] = function (this: SVGElement) {
    return (this.textContent ?? '').length * 7
  }
  svg['getBBox'] = () => ({ x: 0, y: 0, width: 40, height: 12 })
})
afterAll(() => restoreLayout())
afterEach(cleanup)

function dashboardJob(overrides: Partial<DashboardJob>): DashboardJob {
  return {
    id: 'hr-demo',
    name: 'HR to Demo App',
    health: 'healthy',
    healthReason: null,
    running: null,
    lastRun: null,
    nextRunAt: null,
    linked: { users: 0, groups: 0 },
    unmanaged: null,
    history: [],
    ...overrides,
  }
}

const summary = {
  users: {
    create: 3,
    update: 1,
    disable: 0,
    enable: 0,
    delete: 0,
    link: 0,
    unchanged: 5,
    skipped: 0,
    conflict: 0,
  },
  groups: { create: 1, update: 0, delete: 0, unchanged: 2, membersAdded: 4, membersRemoved: 0 },
}

function renderDashboard(jobs: ReadonlyArray<DashboardJob>) {
  renderWithProviders(<OverviewPage />, {
    api: {
      getOverview: async () => ({ ...OVERVIEW, jobCount: jobs.length }),
      listJobs: async () => jobs.map(entry => job({ id: entry.id, name: entry.name })),
      getDashboard: async () => ({ stateFolder: '/state', jobs }),
    },
  })
}

const rowOf = async (name: string) =>
  waitFor(() => {
    const found = within(screen.getByRole('table', { name: 'Jobs' }))
      .getAllByRole('row')
      .find(row => row.textContent?.includes(name))
    expect(found).toBeDefined()
    return found as HTMLElement
  })

describe('the dashboard', () => {
  it('shows each job with its status, last run for users and groups, next run and accounts', async () => {
    renderDashboard([
      dashboardJob({
        lastRun: run({ summary }),
        nextRunAt: '2024-03-01T10:40:00.000Z',
        linked: { users: 1_234, groups: 3 },
        unmanaged: 17,
      }),
      dashboardJob({
        id: 'blocked',
        name: 'Blocked job',
        health: 'blocked',
        healthReason: '600 disables or deletes wait for approval (deletion threshold)',
      }),
      dashboardJob({
        id: 'q',
        name: 'Quarantined job',
        health: 'quarantined',
        healthReason: 'The target refused the credentials (HTTP 401)',
      }),
      dashboardJob({
        id: 'f',
        name: 'Failed job',
        health: 'failed',
        healthReason: '2 operations failed in the last run',
      }),
      dashboardJob({ id: 'new', name: 'New job', health: 'not-run' }),
    ])
    const healthy = await rowOf('HR to Demo App')
    expect(healthy.textContent).toContain('healthy')
    expect(healthy.textContent).toContain(
      'Users: 3 create · 1 update · 5 unchanged. Groups: 1 create · 4 members added'
    )
    expect(healthy.querySelector('time[datetime="2024-03-01T10:40:00.000Z"]')).not.toBeNull()
    expect(healthy.textContent).toContain('1,234 linked accounts · 3 groups')
    expect(healthy.textContent).toContain('17 unmanaged')
    expect((await rowOf('Blocked job')).textContent).toContain('blocked: approval needed')
    expect((await rowOf('Blocked job')).textContent).toContain('600 disables or deletes wait for approval')
    expect((await rowOf('Quarantined job')).textContent).toContain('The target refused the credentials')
    expect((await rowOf('Failed job')).textContent).toContain('failed')
    const fresh = await rowOf('New job')
    expect(fresh.textContent).toContain('not run yet')
    expect(fresh.textContent).toContain('never run')
    expect(fresh.textContent).toContain('no schedule')
    expect(fresh.textContent).toContain('unmanaged: not counted yet')
  })

  it('shows a cancelled last run as cancelled, with what the next apply does', async () => {
    renderDashboard([
      dashboardJob({ lastRun: run({ status: 'cancelled', summary }) }),
      dashboardJob({ id: 'done', name: 'Finished job', lastRun: run({ summary }) }),
    ])
    const cancelled = await rowOf('HR to Demo App')
    expect(cancelled.textContent).toContain('cancelled')
    expect(cancelled.textContent).toContain('Users: 3 create · 1 update')
    expect(cancelled.textContent).toContain('Cancelled before the end: the next apply writes the rest')
    expect((await rowOf('Finished job')).textContent).not.toContain('Cancelled')
  })

  it('shows a running job with its progress and a Cancel for that run', async () => {
    const running = run({
      id: 'cli-run',
      status: 'running',
      finishedAt: null,
      progress: { phase: 'applying', done: 10, total: 60, ratePerSecond: 2, etaSeconds: 25, failures: 1 },
    })
    renderDashboard([dashboardJob({ health: 'running', running })])
    const row = await rowOf('HR to Demo App')
    expect(row.textContent).toContain('Writing the changes to the app')
    expect(row.textContent).toContain('10 of 60 changes done · 16 % · 2/s · about 30 s left')
    expect(within(row).getByRole('link', { name: '1 failed so far' })).toBeTruthy()
    expect(within(row).getByRole('button', { name: 'Cancel run cli-run' })).toBeTruthy()
  })

  it('charts what each applied run did, and says so in words for screen readers', async () => {
    const history = [
      { runId: 'r1', startedAt: '2024-03-01T10:00:00.000Z', created: 40, updated: 0, disabled: 0, failed: 0 },
      { runId: 'r2', startedAt: '2024-03-02T10:00:00.000Z', created: 1, updated: 3, disabled: 2, failed: 1 },
    ]
    renderDashboard([dashboardJob({ history, lastRun: run() })])
    const section = await screen.findByRole('region', { name: 'Runs over time' })
    await waitFor(() => expect(section.textContent).toContain('1 created, 3 updated, 2 disabled, 1 failed'))
    expect(section.textContent).toContain('Created')
  })
})

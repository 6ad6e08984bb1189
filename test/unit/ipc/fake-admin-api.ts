import { vi } from 'vitest'
import { type AdminApi, API_METHODS, type Overview } from '../../../main/ipc/api/contract'

export const OVERVIEW: Overview = {
  stateFolder: '/state',
  jobsFolder: '/state/jobs',
  nativeDialogs: false,
  sandbox: null,
  jobCount: 0,
  recentRuns: [],
}

/** What the harmless methods answer; every other method rejects unless the test overrides it. */
const ANSWERS: Partial<Record<keyof AdminApi, unknown>> = {
  getOverview: OVERVIEW,
  listJobs: [],
  listRuns: [],
  queryLogs: { entries: [], nextBeforeId: null, previousAfterId: null },
  listSchedules: { active: false, jobs: [] },
  countLogs: { count: 0, capped: false },
  exportLogs: { saved: false },
  getDashboard: { stateFolder: '/state', jobs: [] },
  queryPlanOperations: { operations: [], nextAfterId: null, previousBeforeId: null },
  countPlanOperations: 0,
  getAccessMap: { apps: [], people: [], unmanaged: [] },
  refreshAccess: { apps: [], people: [], unmanaged: [] },
  listLeavers: [],
  listReviews: [],
}

/** An `AdminApi` whose methods are spies; each resolves to something harmless unless overridden. */
export function fakeAdminApi(overrides: Partial<AdminApi> = {}): {
  [K in keyof AdminApi]: AdminApi[K] & ReturnType<typeof vi.fn>
} {
  const api: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const method of API_METHODS) {
    api[method] = vi.fn(async () => {
      if (method in ANSWERS) return ANSWERS[method]
      throw new Error('not stubbed')
    })
  }
  for (const [name, implementation] of Object.entries(overrides)) {
    api[name]?.mockImplementation(implementation as never)
  }
  return api as never
}

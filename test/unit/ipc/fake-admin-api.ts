import { vi } from 'vitest'
import type { AdminApi, Overview } from '../../../main/ipc/api/contract'

export const OVERVIEW: Overview = { stateFolder: '/state', jobCount: 0, recentRuns: [] }

/** An `AdminApi` whose methods are spies; each resolves to something harmless unless overridden. */
export function fakeAdminApi(overrides: Partial<AdminApi> = {}): {
  [K in keyof AdminApi]: AdminApi[K] & ReturnType<typeof vi.fn>
} {
  const api = {
    getOverview: vi.fn(async () => OVERVIEW),
    listJobs: vi.fn(async () => []),
    listRuns: vi.fn(async () => []),
    getRun: vi.fn(async () => {
      throw new Error('not stubbed')
    }),
    queryLogs: vi.fn(async () => ({ entries: [], nextBeforeId: null, previousAfterId: null })),
    planJob: vi.fn(async () => {
      throw new Error('not stubbed')
    }),
    listSchedules: vi.fn(async () => ({ active: false, jobs: [] })),
    countLogs: vi.fn(async () => ({ count: 0, capped: false })),
    exportLogs: vi.fn(async () => ({ saved: false })),
    getDashboard: vi.fn(async () => ({ stateFolder: '/state', jobs: [] })),
    getPlan: vi.fn(async () => {
      throw new Error('not stubbed')
    }),
    queryPlanOperations: vi.fn(async () => ({ operations: [], nextAfterId: null, previousBeforeId: null })),
    countPlanOperations: vi.fn(async () => 0),
    getAccessMap: vi.fn(async () => ({ apps: [], people: [], unmanaged: [] })),
    refreshAccess: vi.fn(async () => ({ apps: [], people: [], unmanaged: [] })),
    listLeavers: vi.fn(async () => []),
    listReviews: vi.fn(async () => []),
    getReview: notStubbed(),
    startReview: notStubbed(),
    markReview: notStubbed(),
    closeReview: notStubbed(),
    exportReview: notStubbed(),
  }
  for (const [name, implementation] of Object.entries(overrides)) {
    api[name as keyof AdminApi].mockImplementation(implementation as never)
  }
  return api as never
}

function notStubbed() {
  return vi.fn(async (): Promise<never> => {
    throw new Error('not stubbed')
  })
}

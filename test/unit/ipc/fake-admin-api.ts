import { vi } from 'vitest'
import type { AdminApi, Overview } from '../../../main/ipc/api/contract'

/** The run-from-the-app methods (run-contract.ts): unstubbed, they reject. */
const RUN_METHODS = [
  'getMatchingWorkbench',
  'exportMatchingTab',
  'decideMatch',
  'undoMatchDecision',
  'applyPlan',
  'getStagedDeletions',
  'approveStagedDeletions',
  'rejectStagedDeletions',
  'restartJob',
  'searchSourcePeople',
  'provisionOnDemand',
  'previewUndo',
  'applyUndo',
] as const satisfies ReadonlyArray<keyof AdminApi>

async function notStubbed(): Promise<never> {
  throw new Error('not stubbed')
}

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
    queryLogs: vi.fn(async () => ({ entries: [], nextBeforeId: null })),
    planJob: vi.fn(async () => {
      throw new Error('not stubbed')
    }),
    ...Object.fromEntries(RUN_METHODS.map(name => [name, vi.fn(notStubbed)])),
    // No job has deletions waiting unless a test says so.
    getStagedDeletions: vi.fn(async () => null),
  } as Record<keyof AdminApi, ReturnType<typeof vi.fn>>
  for (const [name, implementation] of Object.entries(overrides)) {
    api[name as keyof AdminApi].mockImplementation(implementation as never)
  }
  return api as never
}

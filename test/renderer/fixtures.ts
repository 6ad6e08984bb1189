import type {
  AdminApi,
  JobInfo,
  LogEntry,
  Overview,
  PlanOperationFilter,
  PlanOperationRow,
  PlanOperationsInput,
  PlanOperationView,
  PlanPreview,
  RunInfo,
} from '../../main/ipc/api/contract'

const EMPTY_SUMMARY = {
  users: {
    create: 0,
    update: 0,
    disable: 0,
    enable: 0,
    delete: 0,
    link: 0,
    unchanged: 0,
    skipped: 0,
    conflict: 0,
  },
  groups: { create: 0, update: 0, delete: 0, unchanged: 0, membersAdded: 0, membersRemoved: 0 },
}

export const GUIDS = [
  '2819c223-7f76-453a-919d-413861904646',
  '9a7b8c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
  'f0e1d2c3-b4a5-4697-8887-766554433221',
] as const

export const OVERVIEW: Overview = {
  stateFolder: '/state',
  jobsFolder: '/state/jobs',
  nativeDialogs: false,
  sandbox: null,
  jobCount: 0,
  recentRuns: [],
}

export function job(overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'hr-demo',
    name: 'HR to Demo App',
    configPath: '/jobs/hr-demo.json',
    source: 'csv people.csv',
    target: 'https://scim.example.com/scim/v2',
    updatedAt: '2024-03-01T09:00:00.000Z',
    lastRun: null,
    quarantine: null,
    paused: null,
    ...overrides,
  }
}

export function run(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    id: '20240301-100000-first',
    jobId: 'hr-demo',
    mode: 'apply',
    status: 'completed',
    startedAt: '2024-03-01T10:00:00.000Z',
    finishedAt: '2024-03-01T10:00:42.000Z',
    summary: EMPTY_SUMMARY,
    failed: 0,
    error: null,
    kind: 'sync',
    relatedRunId: null,
    progress: null,
    counts: null,
    ...overrides,
  }
}

export function logEntry(overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    id: 1,
    time: '2024-03-01T11:00:00.200Z',
    jobId: 'hr-demo',
    runId: '20240301-110000-second',
    changeId: 'c-1',
    objectType: 'user',
    action: 'update',
    status: 'success',
    sourceId: '1002',
    sourceDisplay: 'Grace Hopper',
    targetId: GUIDS[0],
    targetDisplay: 'grace.hopper@example.com',
    steps: [],
    modified: [],
    reason: null,
    errorCode: null,
    httpStatus: 200,
    scimType: null,
    scimDetail: null,
    durationMs: 35,
    attempts: 1,
    ...overrides,
  }
}

/** A group whose plan both adds and removes members: two `members` changes, as the planner shows them. */
export function groupOperation(): PlanOperationView {
  return {
    objectType: 'group',
    action: 'update',
    sourceId: 'engineering',
    targetId: GUIDS[2],
    display: 'Engineering',
    changes: [
      { path: 'members', from: null, to: [GUIDS[0], GUIDS[1]] },
      { path: 'members', from: [GUIDS[2]], to: null },
    ],
    reason: null,
    errorCode: null,
  }
}

export function userOperation(overrides: Partial<PlanOperationView> = {}): PlanOperationView {
  return {
    objectType: 'user',
    action: 'create',
    sourceId: '1001',
    targetId: null,
    display: 'ada.lovelace@example.com',
    changes: [
      { path: 'userName', from: null, to: 'ada.lovelace@example.com' },
      { path: 'title', from: null, to: 'Principal Engineer' },
    ],
    reason: null,
    errorCode: null,
    ...overrides,
  }
}

/** A dry run of `operations`, counted by action as the engine counts a plan. */
export function preview(operations: ReadonlyArray<PlanOperationView>): PlanPreview {
  const users = { ...EMPTY_SUMMARY.users }
  for (const operation of operations) {
    if (operation.objectType !== 'user') continue
    users[operation.action === 'skip' ? 'skipped' : operation.action]++
  }
  return {
    runId: '20240301-120000-preview',
    jobId: 'hr-demo',
    jobName: 'HR to Demo App',
    status: 'completed',
    startedAt: '2024-03-01T12:00:00.000Z',
    summary: {
      users,
      groups: { ...EMPTY_SUMMARY.groups, update: operations.filter(o => o.objectType === 'group').length },
    },
    sourceCount: 4,
    targetCount: 1,
    operationsStored: true,
    handoff: null,
  }
}

/**
 * The stored-plan methods over `operations` in memory, filtering and paging as the store does
 * (ids 1…n in plan order); each call is recorded in `calls`.
 */
export function planApi(
  operations: ReadonlyArray<PlanOperationView>
): Pick<AdminApi, 'queryPlanOperations' | 'countPlanOperations'> & { readonly calls: PlanOperationsInput[] } {
  const rows: PlanOperationRow[] = operations.map((operation, index) => ({ ...operation, id: index + 1 }))
  const matching = (filter: PlanOperationFilter) =>
    rows.filter(
      row =>
        (filter.action === undefined
          ? filter.hideUnchanged !== true || row.action !== 'unchanged'
          : row.action === filter.action) &&
        (filter.search === undefined ||
          [row.display, row.sourceId ?? '', row.targetId ?? ''].some(text =>
            text.toLowerCase().includes((filter.search ?? '').toLowerCase())
          ))
    )
  const calls: PlanOperationsInput[] = []
  return {
    calls,
    async countPlanOperations(filter) {
      return matching(filter).length
    },
    async queryPlanOperations(input) {
      calls.push(input)
      const all = matching(input)
      if (input.beforeId !== undefined) {
        const before = all.filter(row => row.id < (input.beforeId ?? 0))
        const page = before.slice(-input.limit)
        return {
          operations: page,
          nextAfterId: page.at(-1)?.id ?? null,
          previousBeforeId: before.length > input.limit ? (page[0]?.id ?? null) : null,
        }
      }
      const after = all.filter(row => row.id > (input.afterId ?? 0))
      const page = after.slice(0, input.limit)
      return {
        operations: page,
        nextAfterId: after.length > input.limit ? (page.at(-1)?.id ?? null) : null,
        previousBeforeId: input.afterId === undefined ? null : (page[0]?.id ?? null),
      }
    },
  }
}

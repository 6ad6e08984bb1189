export const RUN_MODES = ['dry-run', 'apply', 'on-demand'] as const
export type RunMode = (typeof RUN_MODES)[number]

export const RUN_STATUSES = [
  'running',
  'completed',
  'completed-with-errors',
  'failed',
  'blocked',
  'quarantined',
  'cancelled',
] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** What a run does: a normal sync, the undo of an earlier run, or approving staged deletes. */
export type RunKind = 'sync' | 'undo' | 'approve-deletes'

/** Counts per user action; the `plan --json` / `apply --json` summary shape. */
export interface UserSummary {
  readonly create: number
  readonly update: number
  readonly disable: number
  readonly enable: number
  readonly delete: number
  readonly link: number
  readonly unchanged: number
  readonly skipped: number
  readonly conflict: number
}

export interface GroupSummary {
  readonly create: number
  readonly update: number
  readonly delete: number
  readonly unchanged: number
  readonly membersAdded: number
  readonly membersRemoved: number
}

export interface RunSummary {
  readonly users: UserSummary
  readonly groups: GroupSummary
}

export function emptyRunSummary(): RunSummary {
  return {
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
}

/** The stages a run goes through, in order; progress counts the objects of the current one. */
export const RUN_PHASES = ['reading-source', 'reading-target', 'planning', 'applying', 'finishing'] as const
export type RunPhase = (typeof RUN_PHASES)[number]

/**
 * Where a run stands, recorded by the process that runs it (any other can read it) a few times a
 * second at most, and at each phase change and at the end.
 */
export interface RunProgress {
  readonly phase: RunPhase
  /** Objects of the current phase done (people read, accounts read, writes made). */
  readonly done: number
  /** Objects the current phase has in all; null while unknown (a source read as it streams). */
  readonly total: number | null
  /** Objects per second over the last few seconds; null until known. */
  readonly ratePerSecond: number | null
  /** Seconds left in the current phase at that rate; null until known (or without a total). */
  readonly etaSeconds: number | null
  /** Operations that failed so far in this run. */
  readonly failures: number
}

/** What a run read, and the accounts in the target that no one in the source is linked or matched to. */
export interface RunCounts {
  readonly source: number
  readonly target: number
  readonly unmanaged: number
}

export interface Run {
  readonly id: string
  readonly jobId: string
  readonly mode: RunMode
  readonly status: RunStatus
  /** ISO 8601 UTC. */
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly summary: RunSummary | null
  /** Failed operations in an apply run. */
  readonly failed: number
  readonly error: string | null
  readonly kind: RunKind
  /** The run an undo or an approval acts on. */
  readonly relatedRunId: string | null
  /** Null until the run reports progress (and for runs recorded before progress was). */
  readonly progress: RunProgress | null
  /** Null for runs that stopped before planning (and runs recorded before counts were). */
  readonly counts: RunCounts | null
}

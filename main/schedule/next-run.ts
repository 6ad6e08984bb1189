/**
 * When a scheduled job runs next. Pure: the scheduler and the admin API (which shows it) both
 * use it, so what the app shows is what it does.
 */

/** The job's newest apply run (by the app's schedule, the CLI or a person), or our newest attempt. */
export interface LastRun {
  /** Epoch ms. */
  readonly startedAt: number
  /** Epoch ms; null while it runs. */
  readonly finishedAt: number | null
}

/** Entra's provisioning cycle; the interval the app suggests for a new schedule. */
export const DEFAULT_INTERVAL_MINUTES = 40

/**
 * The first slot `startedAt + k × interval` (k ≥ 1) the last run did not overlap: a run that
 * takes longer than the interval skips the slots it covered instead of starting again at once.
 * A slot in the past (the app was closed or the computer slept) is due now — once: the next slot
 * counts from the run that catches up, not from the missed ones.
 *
 * Never run: due now. Running: null (a job never runs twice at once). `notBefore` (a quarantined
 * job's backoff) moves the slot later, never earlier.
 */
export function nextRunAt(
  intervalMinutes: number,
  last: LastRun | null,
  notBefore: number | null,
  now: number
): number | null {
  let slot = now
  if (last !== null) {
    if (last.finishedAt === null) return null
    const intervalMs = intervalMinutes * 60_000
    const covered = Math.ceil((last.finishedAt - last.startedAt) / intervalMs)
    slot = last.startedAt + Math.max(1, covered) * intervalMs
  }
  return Math.max(slot, notBefore ?? slot)
}

/** The newer of two last runs (the one that started later). */
export function newerRun(a: LastRun | null, b: LastRun | null): LastRun | null {
  if (a === null) return b
  if (b === null) return a
  return b.startedAt > a.startedAt ? b : a
}

import { useRef, useState } from 'react'
import type { RunInfo, RunMode, RunProgress } from '../../../main/ipc/api/contract'
import { useAdminEvent } from '../../lib/use-admin-event'
import { latestProgress, shownProgress } from './progress-text'

interface Seen {
  readonly runId: string
  readonly progress: RunProgress | null
  /** The last count of its writes, kept while it finishes. */
  readonly writes: RunProgress | null
}

export interface LiveRun {
  /** Null until the run the app started is seen (its first event). */
  readonly runId: string | null
  readonly progress: RunProgress | null
}

/**
 * Which run of the job the app has just started a progress follows: one that writes (apply,
 * approval, undo, on demand) or the preview's dry run.
 */
export type StartedRunKind = 'writes' | 'dry-run'

const kindOf = (mode: RunMode): StartedRunKind => (mode === 'dry-run' ? 'dry-run' : 'writes')

/**
 * A run's progress as it moves, from the `runProgress` events main sends for every run (the
 * app's own and, through the state watcher, the CLI's and the schedule's).
 *
 * With `run` (a stored run) it follows that run. Without, it follows the job's next run of
 * `kind` seen starting, a run the app has just started. A run that writes is learnt from its
 * first event (a job never has two applies at once; a dry run alongside is ignored). A dry run
 * is learnt only from its start (`runStarted`, which the app sends for its own runs first):
 * dry runs do not hold the job, so the first progress seen could be another's apply.
 */
export function useLiveRun(
  jobId: string,
  run: RunInfo | undefined,
  kind: StartedRunKind = 'writes'
): LiveRun {
  const [seen, setSeen] = useState<Seen | null>(null)
  /** The job's runs seen starting that are not of the kind followed. */
  const others = useRef(new Set<string>())
  const follows = (current: Seen | null, runId: string) => {
    if (run !== undefined) return run.id === runId
    return current === null ? kind === 'writes' : current.runId === runId
  }

  useAdminEvent('runStarted', event => {
    if (event.jobId !== jobId) return
    if (run === undefined ? kindOf(event.mode) !== kind : run.id !== event.runId) {
      others.current.add(event.runId)
      return
    }
    setSeen(current => (current === null ? { runId: event.runId, progress: null, writes: null } : current))
  })
  useAdminEvent('runProgress', event => {
    if (event.jobId !== jobId || others.current.has(event.runId)) return
    const { runId, phase, done, total, ratePerSecond, etaSeconds, failures } = event
    const progress = { phase, done, total, ratePerSecond, etaSeconds, failures }
    setSeen(current => {
      if (!follows(current, runId)) return current
      const writes = phase === 'applying' ? progress : current?.runId === runId ? current.writes : null
      return { runId, progress, writes }
    })
  })

  const runId = run?.id ?? seen?.runId ?? null
  const mine = seen !== null && seen.runId === runId ? seen : null
  const latest = latestProgress(mine?.progress ?? null, run?.progress ?? null)
  return { runId, progress: shownProgress(latest, mine?.writes ?? null) }
}

import { useRef, useState } from 'react'
import type { RunInfo, RunProgress } from '../../../main/ipc/api/contract'
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
 * A run's progress as it moves, from the `runProgress` events main sends for every run (the
 * app's own and, through the state watcher, the CLI's and the schedule's).
 *
 * With `run` (a stored run) it follows that run. Without, it follows the job's next run seen
 * starting: a run the app has just started, whose id the app learns from its first event (a job
 * never has two applies at once; a dry run alongside is ignored).
 */
export function useLiveRun(jobId: string, run: RunInfo | undefined): LiveRun {
  const [seen, setSeen] = useState<Seen | null>(null)
  const dryRuns = useRef(new Set<string>())
  const follows = (current: Seen | null, runId: string) =>
    run === undefined ? current === null || current.runId === runId : run.id === runId

  useAdminEvent('runStarted', event => {
    if (event.jobId !== jobId) return
    if (event.mode === 'dry-run' && run?.id !== event.runId) {
      dryRuns.current.add(event.runId)
      return
    }
    setSeen(current =>
      current === null && follows(current, event.runId)
        ? { runId: event.runId, progress: null, writes: null }
        : current
    )
  })
  useAdminEvent('runProgress', event => {
    if (event.jobId !== jobId || dryRuns.current.has(event.runId)) return
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

import { useMutationState } from '@tanstack/react-query'
import { useState } from 'react'
import type { RunInfo } from '../../../main/ipc/api/contract'
import { PageSection } from '../../components/page-header'
import { useAdminEvent } from '../../lib/use-admin-event'
import { RunProgress } from './run-progress'

/** Mutations that start a run of the job from its page share this key: the page shows their progress itself. */
export function runMutationKey(jobId: string): readonly ['run', string] {
  return ['run', jobId]
}

const KINDS: Readonly<Record<RunInfo['kind'], string>> = {
  sync: 'A run',
  undo: 'An undo',
  'approve-deletes': 'An approval of staged deletions',
}

/**
 * The job's run in progress that this page did not start (the CLI, a schedule, another window),
 * with its progress and Cancel. Dry runs write nothing and are left out; a run this page started
 * shows its progress where it was started. The run list is read again after a run ends: until
 * then a run seen ending, or started here, is not shown as running.
 */
export function RunningRun(props: {
  readonly jobId: string
  readonly runs: ReadonlyArray<RunInfo> | undefined
}) {
  const startedHere = useMutationState({
    filters: { mutationKey: runMutationKey(props.jobId) },
    select: mutation =>
      (mutation.state.data as { readonly runId?: string } | undefined)?.runId ?? mutation.state.status,
  })
  const [ended, setEnded] = useState<ReadonlySet<string>>(() => new Set())
  useAdminEvent('runFinished', event => {
    if (event.jobId === props.jobId) setEnded(before => new Set(before).add(event.runId))
  })
  const running = props.runs?.find(
    run =>
      run.status === 'running' &&
      run.mode !== 'dry-run' &&
      !ended.has(run.id) &&
      !startedHere.includes(run.id)
  )
  if (running === undefined || startedHere.includes('pending')) return null
  return (
    <PageSection id="running" title="Run in progress">
      <RunProgress
        key={running.id}
        jobId={props.jobId}
        run={running}
        label={`${KINDS[running.kind]} (${running.mode}) started elsewhere: ${running.id}`}
      />
    </PageSection>
  )
}

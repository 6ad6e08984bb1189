import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query'
import type { AdminApi, AdminEvents, ApiInput, ApiMethod, ApiOutput } from '../../main/ipc/api/contract'
import { useApi } from './api-context'

/** The API methods that only read; their answers are cached. Anything that records or writes is a mutation. */
export const READ_METHODS = [
  'getOverview',
  'listJobs',
  'listRuns',
  'getRun',
  'queryLogs',
  'countLogs',
  'getDashboard',
  'getPlan',
  'queryPlanOperations',
  'countPlanOperations',
  'getAccessMap',
  'listLeavers',
  'listReviews',
  'getReview',
  'getJobFile',
  'previewSource',
  'listSourcePeople',
  'analyzeExpression',
  'previewScoping',
  'getEditorCatalog',
  'getUiSettings',
  'getMatchingWorkbench',
  'getStagedDeletions',
  'searchSourcePeople',
  'searchSourceGroups',
] as const
export type ReadMethod = (typeof READ_METHODS)[number] & ApiMethod

/** Cache keys are the method and its input, so equal calls share one answer. */
export type ApiQueryKey<M extends ApiMethod> = readonly [M, ApiInput<M>]

export function apiQueryKey<M extends ApiMethod>(method: M, input: ApiInput<M>): ApiQueryKey<M> {
  return [method, input]
}

export function callApi<M extends ApiMethod>(
  api: AdminApi,
  method: M,
  input: ApiInput<M>
): Promise<ApiOutput<M>> {
  // Safe: ApiInput/ApiOutput are derived from AdminApi[M] itself.
  const call = api[method] as (input: ApiInput<M>) => Promise<ApiOutput<M>>
  return call.call(api, input)
}

export function apiQueryOptions<M extends ReadMethod>(api: AdminApi, method: M, input: ApiInput<M>) {
  return queryOptions({
    queryKey: apiQueryKey(method, input),
    queryFn: () => callApi(api, method, input),
  })
}

/** One cached read of the API; refreshed by the events that change its answer (`refreshAfterRun`). */
export function useApiQuery<M extends ReadMethod>(
  method: M,
  input: ApiInput<M>,
  options: {
    readonly enabled?: boolean
    /** Keep showing the previous answer while the next input's loads (live previews). */
    readonly keepPrevious?: boolean
    readonly staleTime?: number
  } = {}
): UseQueryResult<ApiOutput<M>> {
  const { api } = useApi()
  return useQuery({
    ...apiQueryOptions(api, method, input),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious === true ? { placeholderData: keepPreviousData } : {}),
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
  })
}

/**
 * A job was created, changed, opened or deleted (by this window or another): the lists and that
 * job's file are read again.
 */
export function refreshAfterJobChange(client: QueryClient, jobId: string | null): Promise<void> {
  return client.invalidateQueries({
    predicate: query => {
      const [method, input] = query.queryKey as readonly [string, unknown]
      if (method === 'getOverview' || method === 'listJobs') return true
      return jobId !== null && method === 'getJobFile' && (input as ApiInput<'getJobFile'>).jobId === jobId
    },
  })
}

/**
 * A finished run (app, CLI through the app's state, or a dry run) changes the overview, the job
 * list, that job's runs, that run, and the logs: mark those answers stale so the screens showing
 * them fetch again by themselves. Other jobs' run lists are left alone.
 */
export function refreshAfterRun(client: QueryClient, event: AdminEvents['runFinished']): Promise<void> {
  return client.invalidateQueries({
    predicate: query => {
      const [method, input] = query.queryKey as readonly [string, unknown]
      switch (method) {
        case 'getOverview':
        case 'listJobs':
        case 'getDashboard':
        case 'queryLogs':
        case 'countLogs':
        case 'getAccessMap':
        case 'listLeavers':
          return true
        case 'listRuns':
          return (input as ApiInput<'listRuns'>).jobId === event.jobId
        case 'getRun':
          return (input as ApiInput<'getRun'>).runId === event.runId
        // A run may stage or settle deletions, and make or change links.
        case 'getStagedDeletions':
        case 'getMatchingWorkbench':
          return (input as { readonly jobId: string }).jobId === event.jobId
        default:
          return false
      }
    },
  })
}

/**
 * A run that started or moved on (anywhere: the state database is watched) changes what the
 * overview and its job's pages show of it, but not the logs yet (they refresh when it finishes).
 */
export function refreshDuringRun(
  client: QueryClient,
  event: AdminEvents['runStarted'] | AdminEvents['runProgress']
): Promise<void> {
  return client.invalidateQueries({
    predicate: query => {
      const [method, input] = query.queryKey as readonly [string, unknown]
      switch (method) {
        case 'getOverview':
        case 'listJobs':
        case 'getDashboard':
          return true
        case 'listRuns':
          return (input as ApiInput<'listRuns'>).jobId === event.jobId
        case 'getRun':
          return (input as ApiInput<'getRun'>).runId === event.runId
        default:
          return false
      }
    },
  })
}

/**
 * Whether a progress event changes what the lists show of its run: its first event and each
 * stage change. The numbers in between come from the events themselves (`useLiveRun`), so a
 * run's four events a second do not each read the overview again. Forgets a run once it ends.
 */
export function stageChanged(
  stages: Map<string, string>,
  event: AdminEvents['runProgress'] | AdminEvents['runFinished']
): boolean {
  if (!('phase' in event)) return stages.delete(event.runId)
  const changed = stages.get(event.runId) !== event.phase
  stages.set(event.runId, event.phase)
  return changed
}

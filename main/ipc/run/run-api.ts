import type { AdminApi } from '../api/contract'

/** The admin API methods that run a job from the app (declared in run-contract.ts). */
export type RunApi = Pick<
  AdminApi,
  | 'getMatchingWorkbench'
  | 'exportMatchingTab'
  | 'decideMatch'
  | 'undoMatchDecision'
  | 'applyPlan'
  | 'getStagedDeletions'
  | 'approveStagedDeletions'
  | 'rejectStagedDeletions'
  | 'restartJob'
  | 'pauseJob'
  | 'resumeJob'
  | 'previewClearState'
  | 'clearJobState'
  | 'searchSourcePeople'
  | 'provisionOnDemand'
  | 'searchSourceGroups'
  | 'provisionGroupOnDemand'
  | 'previewUndo'
  | 'applyUndo'
  | 'cancelRun'
>

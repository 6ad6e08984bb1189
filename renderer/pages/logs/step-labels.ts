import type { StepType } from '../../../main/ipc/api/contract'

/** Entra's provisioning-log step order and wording, so admins recognise them. */
export const STEP_ORDER: ReadonlyArray<readonly [StepType, string]> = [
  ['import', 'Import from source'],
  ['scoping', 'Determine if in scope'],
  ['matching', 'Match between source and target'],
  ['processing', 'Determine the action'],
  ['export', 'Export to target'],
]

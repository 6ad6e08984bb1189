/**
 * The admin API's one door into the engine. The engine's modules are being regrouped (plan/,
 * safety/, apply/, run/, the probe into connectors/scim/); everything main/ipc needs of them is
 * re-exported here, so such a move changes this file only.
 */
export {
  checkReferencedAttributes,
  compileJob,
  type CompiledJob,
  DEFAULT_GROUP_MAPPINGS,
  unknownAttributeMessage,
} from '../engine/plan/compile-job'
export { authorizationHeader, openSource } from '../engine/run/connectors/factory'
export { type ProbeCheck, type ProbeResult, probeTarget } from '../engine/run/probe-target'
export { type RunOutcome, runJob, SavedPlanMismatchError } from '../engine/run/run-job'
export { RunInProgressError } from '../engine/run/run-lock'

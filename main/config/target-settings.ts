import type { TargetConfig } from './job-schema'

/** How the engine drives a target: the SCIM settings, or a file target's fixed ones. */
export interface TargetTuning {
  readonly concurrency: number
  readonly retries: { readonly maxAttempts: number; readonly maxWaitSeconds: number }
  readonly membersPerPatch: number
  readonly memberRemoval: 'path-filter' | 'value-list'
  readonly multiValuedUpdates: 'path-filter' | 'whole-list'
  readonly multiValuedAttributes: ReadonlyArray<string>
  readonly caseExactAttributes: ReadonlyArray<string>
  readonly attributeTypes: Readonly<Record<string, 'string' | 'boolean' | 'integer' | 'decimal'>>
}

/** A file target has no server to wait on or retry: one write at a time, each tried once. */
const FILE_TARGET = {
  concurrency: 1,
  retries: { maxAttempts: 1, maxWaitSeconds: 1 },
  membersPerPatch: 100,
  memberRemoval: 'path-filter',
  multiValuedUpdates: 'path-filter',
  multiValuedAttributes: [],
  attributeTypes: {},
} as const

export function targetTuning(target: TargetConfig): TargetTuning {
  if (target.type === 'csv-handoff') {
    return { ...FILE_TARGET, caseExactAttributes: target.caseExactAttributes }
  }
  return target
}

/** The target as the admin knows it: the SCIM base URL, or the hand-off folder. */
export function targetName(target: TargetConfig): string {
  return target.type === 'csv-handoff' ? `CSV hand-off to ${target.directory}` : target.baseUrl
}

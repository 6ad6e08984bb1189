import type { SourceObject, TargetResource } from '../../main/connectors/connector'
import { type LoadedJob, parseJobText } from '../../main/config/load-job'
import { JobFileError } from '../../main/config/job-file-error'
import { type CompiledObjectMappings, compileJob } from '../../main/engine/plan/compile-job'
import { mapSourceObject, type MappedObject } from '../../main/engine/plan/map-object'
import type { Link, LinkState } from '../../main/model/link'

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** The mappings of the design's sample job (userName and externalId match, in that order). */
export const SAMPLE_MAPPINGS: ReadonlyArray<Record<string, unknown>> = [
  { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
  { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
  { target: 'name.givenName', expression: '[givenName]' },
  { target: 'name.familyName', expression: '[surname]' },
  { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
  { target: 'emails[type eq "work"].value', expression: '[mail]' },
  { target: 'active', expression: 'Switch([status], "True", "terminated", "False")' },
]

export interface JobParts {
  readonly mappings?: ReadonlyArray<Record<string, unknown>>
  readonly scoping?: ReadonlyArray<Record<string, unknown>>
  readonly deprovision?: Record<string, unknown>
  /** users.actions (Entra's target object actions). */
  readonly actions?: ReadonlyArray<string>
  readonly source?: Record<string, unknown>
  readonly target?: Record<string, unknown>
  readonly extra?: Record<string, unknown>
}

/** A complete, valid job file object; parts replace the sample's. */
export function jobObject(parts: JobParts = {}): Record<string, unknown> {
  return {
    name: 'HR to Demo App',
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true, ...parts.source },
    target: {
      type: 'scim',
      baseUrl: 'https://app.example.com/scim/v2',
      auth: { type: 'bearer', secretRef: 'env:DEMO_TOKEN' },
      ...parts.target,
    },
    users: {
      mappings: parts.mappings ?? SAMPLE_MAPPINGS,
      ...(parts.scoping === undefined ? {} : { scoping: parts.scoping }),
      ...(parts.deprovision === undefined ? {} : { deprovision: parts.deprovision }),
      ...(parts.actions === undefined ? {} : { actions: parts.actions }),
    },
    ...parts.extra,
  }
}

/** Parses job text as the CLI would (file `jobs/job.json`). */
export function parseJob(text: string): LoadedJob {
  return parseJobText(text, { file: '/work/jobs/job.json', displayFile: 'jobs/job.json' })
}

/** Parses a job object written as pretty JSON. */
export function loadJob(parts: JobParts = {}): LoadedJob {
  return parseJob(JSON.stringify(jobObject(parts), null, 2))
}

/** The user mappings of a job, compiled. */
export function compileUsers(parts: JobParts = {}): CompiledObjectMappings {
  return compileJob(loadJob(parts)).users
}

/** The JobFileError `fn` throws; fails the test if it throws nothing or something else. */
export function jobFileErrorOf(fn: () => unknown): JobFileError {
  try {
    fn()
  } catch (error) {
    if (error instanceof JobFileError) return error
    throw error
  }
  throw new Error('expected a JobFileError')
}

export const FIXED_NOW = new Date('2024-03-01T10:00:00Z')

export function person(
  id: string,
  attributes: Readonly<Record<string, string | ReadonlyArray<string>>>
): SourceObject {
  return { id, attributes, origin: `people.csv:${id}` }
}

/** A person of the sample job: mail, names and an active status, overridable. */
export function staff(
  id: string,
  first: string,
  last: string,
  overrides: Readonly<Record<string, string | ReadonlyArray<string> | null>> = {}
): SourceObject {
  const attributes: Record<string, string | ReadonlyArray<string>> = {
    employeeId: id,
    mail: `${first.toLowerCase()}@example.com`,
    givenName: first,
    surname: last,
    status: 'active',
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete attributes[key]
    else attributes[key] = value
  }
  return person(id, attributes)
}

/** The account the sample job would create for `staff(id, first, last)`. */
export function accountFor(
  targetId: string,
  id: string,
  first: string,
  last: string,
  overrides: Readonly<Record<string, unknown>> = {}
): TargetResource {
  const mail = `${first.toLowerCase()}@example.com`
  return {
    id: targetId,
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: mail,
    externalId: id,
    name: { givenName: first, familyName: last },
    displayName: `${first} ${last}`,
    emails: [{ type: 'work', value: mail }],
    active: true,
    ...overrides,
  }
}

export function mapAll(
  compiled: CompiledObjectMappings,
  people: ReadonlyArray<SourceObject>
): MappedObject[] {
  return people.map(source => mapSourceObject(source, compiled, { now: () => FIXED_NOW, random: () => 0.5 }))
}

export function link(
  sourceId: string,
  targetId: string,
  state: LinkState = 'active',
  exportedHash: string | null = null
): Link {
  return {
    jobId: 'hr-to-demo-app',
    objectType: 'user',
    sourceId,
    targetId,
    state,
    exportedHash,
    display: `${sourceId}@display`,
    stateChangedAt: FIXED_NOW.toISOString(),
    origin: 'matched',
    relinkedFrom: null,
  }
}

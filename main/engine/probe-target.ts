import { randomUUID } from 'node:crypto'
import { isScimError, ScimHttpError } from '../connectors/scim/scim-errors'
import { filterLiteral } from '../connectors/scim/scim-filter'
import { ScimHttp, type HttpMethod } from '../connectors/scim/scim-http'
import type { LoadedJob } from '../config/load-job'
import type { SecretStore } from '../secrets/secret-store'
import { compileJob } from './compile-job'
import { authorizationHeader } from './prepare-run'
import { equalityFilter } from '../connectors/scim/scim-filter'

export type ProbeStatus = 'ok' | 'warning' | 'failure' | 'skipped'

export interface ProbeCheck {
  readonly name: string
  readonly status: ProbeStatus
  readonly detail: string
  /** A job setting that suits what was seen, e.g. `target.patchOps: "entra"`. */
  readonly suggestion?: string
}

export interface ProbeResult {
  readonly baseUrl: string
  readonly checks: ReadonlyArray<ProbeCheck>
  /** True when every check is ok or a warning. */
  readonly usable: boolean
}

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

type Answer = { readonly status: number; readonly body: unknown } | { readonly error: unknown }

/**
 * Checks a job's target for SCIM compliance and the quirks that need a job setting, the way
 * Entra's "Test connection" starts (a lookup of a user that cannot exist must answer an empty
 * ListResponse) and then further: paging, filters on the matching attributes, the service
 * provider configuration, groups; with `write`, a throwaway user is created, patched with both
 * op spellings, disabled and deleted.
 */
export async function probeTarget(
  job: LoadedJob,
  secrets: SecretStore,
  options: { readonly write: boolean; readonly env?: NodeJS.ProcessEnv }
): Promise<ProbeResult> {
  const compiled = compileJob(job)
  const http = new ScimHttp({
    baseUrl: job.config.target.baseUrl,
    authorization: await authorizationHeader(job.config.target.auth, secrets, options.env),
    timeoutMs: job.config.target.timeoutMs,
    connections: 2,
  })
  const checks: ProbeCheck[] = []
  const ask = async (method: HttpMethod, path: string, body?: unknown): Promise<Answer> => {
    try {
      return await http.send(method, path, body)
    } catch (error) {
      return { error }
    }
  }
  const check = (name: string, status: ProbeStatus, detail: string, suggestion?: string) =>
    checks.push(suggestion === undefined ? { name, status, detail } : { name, status, detail, suggestion })

  try {
    // 1. Entra's test connection: a user that cannot exist.
    const nobody = await ask(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq ${filterLiteral(randomUUID())}`)}`
    )
    if ('error' in nobody) {
      check('Connection', 'failure', describe(nobody.error))
      return { baseUrl: http.baseUrl, checks, usable: false }
    }
    const list = asList(nobody.body)
    if (list === null) {
      check(
        'Connection',
        'failure',
        'A user lookup did not answer with a SCIM ListResponse: this is not a SCIM endpoint'
      )
      return { baseUrl: http.baseUrl, checks, usable: false }
    }
    if (list.resources.length > 0) {
      check(
        'Connection',
        'warning',
        `A lookup of a random userName returned ${list.resources.length} user(s): the server ignores filters`
      )
    } else {
      check(
        'Connection',
        'ok',
        'Authenticated; a lookup of a user that cannot exist answers an empty ListResponse'
      )
    }

    // 2. Service provider configuration.
    const config = await ask('GET', '/ServiceProviderConfig')
    if ('error' in config || typeof config.body !== 'object' || config.body === null) {
      check('ServiceProviderConfig', 'warning', 'Not available; the features below are tried instead')
    } else {
      const body = config.body as Record<string, { supported?: unknown; maxResults?: unknown } | undefined>
      const features = ['patch', 'filter', 'bulk', 'sort', 'etag', 'changePassword']
        .map(name => `${name} ${body[name]?.supported === true ? 'yes' : 'no'}`)
        .join(', ')
      const maxResults = body['filter']?.maxResults
      check(
        'ServiceProviderConfig',
        body['patch']?.supported === false ? 'warning' : 'ok',
        `${features}${typeof maxResults === 'number' ? `; filter maxResults ${maxResults}` : ''}`,
        typeof maxResults === 'number' && maxResults < job.config.target.pageSize
          ? `target.pageSize: ${maxResults}`
          : undefined
      )
    }

    // 3. Paging: does the server honour count and startIndex?
    const first = await ask('GET', '/Users?startIndex=1&count=2')
    // The next page starts after what the first one really held (a server may ignore count).
    const held = 'error' in first ? 2 : (asList(first.body)?.resources.length ?? 2)
    const second = await ask('GET', `/Users?startIndex=${1 + Math.max(1, held)}&count=2`)
    if ('error' in first || 'error' in second) {
      check(
        'Paging',
        'failure',
        describe('error' in first ? first.error : (second as { error: unknown }).error)
      )
    } else {
      const a = asList(first.body)
      const b = asList(second.body)
      if (a === null || b === null) {
        check('Paging', 'failure', 'Listing users did not answer a ListResponse')
      } else if (a.total !== null && a.total <= 2) {
        check('Paging', 'skipped', `Only ${a.total ?? 0} user(s) in the app: paging cannot be observed yet`)
      } else {
        const honoursCount = a.resources.length <= 2
        const overlap = b.resources.some(resource =>
          a.resources.some(other => other['id'] === resource['id'])
        )
        check(
          'Paging',
          overlap ? 'failure' : honoursCount ? 'ok' : 'warning',
          overlap
            ? 'The second page repeats the first: the server ignores startIndex (listings cannot be read)'
            : honoursCount
              ? `count and startIndex honoured; totalResults ${a.total ?? 'not given'}`
              : `The server ignores count (asked 2, got ${a.resources.length}); Provisioner follows what is returned`
        )
      }
    }

    // 4. Filters on the matching attributes.
    for (const mapping of compiled.users.matching) {
      const filter = equalityFilter(mapping.target, `probe-${randomUUID()}`)
      const answer = await ask('GET', `/Users?filter=${encodeURIComponent(filter)}`)
      const list2 = 'error' in answer ? null : asList(answer.body)
      check(
        `Filter on ${mapping.target.text}`,
        list2 !== null && list2.resources.length === 0 ? 'ok' : 'warning',
        'error' in answer
          ? `${describe(answer.error)}: lookups by this matching attribute fall back to simpler forms, and plans match on the listing`
          : list2 === null
            ? 'The answer is not a ListResponse'
            : list2.resources.length > 0
              ? `A lookup of a value no account holds returned ${list2.resources.length} account(s): the server ignores this filter (results are checked)`
              : `${filter} is understood`
      )
    }

    // 5. Groups.
    if (compiled.groups !== null) {
      const groups = await ask('GET', '/Groups?startIndex=1&count=1')
      const groupList = 'error' in groups ? null : asList(groups.body)
      if (groupList === null) {
        check('Groups', 'failure', 'error' in groups ? describe(groups.error) : 'Not a ListResponse')
      } else {
        const sample = groupList.resources[0]
        check(
          'Groups',
          sample !== undefined && !Array.isArray(sample['members']) ? 'warning' : 'ok',
          sample === undefined
            ? 'The Groups endpoint answers (no groups yet)'
            : Array.isArray(sample['members'])
              ? 'Groups are listed with their members'
              : 'Groups are listed without members: each group the job manages is read on its own'
        )
      }
    }

    // 6. Writes, on a throwaway user.
    if (!options.write) {
      check(
        'Writes',
        'skipped',
        'Not tried (add --write to create, patch, disable and delete a throwaway user)'
      )
    } else {
      await probeWrites(ask, check)
    }
  } finally {
    await http.close()
  }
  return { baseUrl: http.baseUrl, checks, usable: checks.every(item => item.status !== 'failure') }
}

async function probeWrites(
  ask: (method: HttpMethod, path: string, body?: unknown) => Promise<Answer>,
  check: (name: string, status: ProbeStatus, detail: string, suggestion?: string) => void
): Promise<void> {
  const name = `provisioner-probe-${randomUUID().slice(0, 8)}@example.invalid`
  const created = await ask('POST', '/Users', {
    schemas: [USER],
    userName: name,
    name: { givenName: 'Provisioner', familyName: 'Probe' },
    displayName: 'Provisioner probe (safe to delete)',
    emails: [{ type: 'work', value: name, primary: true }],
    active: true,
  })
  const id =
    'error' in created
      ? null
      : (((created.body as Record<string, unknown> | null)?.['id'] as string | undefined) ?? null)
  if (id === null) {
    check(
      'Create',
      'failure',
      'error' in created ? describe(created.error) : 'The created user came back without an id'
    )
    return
  }
  check('Create', 'ok', `Created ${name} (${id})`)
  const path = `/Users/${encodeURIComponent(id)}`
  const lower = await ask('PATCH', path, {
    schemas: [PATCH],
    Operations: [{ op: 'replace', path: 'title', value: 'Probe' }],
  })
  const upper = await ask('PATCH', path, {
    schemas: [PATCH],
    Operations: [{ op: 'Replace', path: 'title', value: 'Probe 2' }],
  })
  const lowerOk = !('error' in lower)
  const upperOk = !('error' in upper)
  check(
    'PATCH op spelling',
    lowerOk ? 'ok' : upperOk ? 'warning' : 'failure',
    `lower-case ops ${lowerOk ? 'accepted' : 'refused'}, capitalised ops (Entra) ${upperOk ? 'accepted' : 'refused'}`,
    !lowerOk && upperOk ? 'target.patchOps: "entra"' : undefined
  )
  const replace = lowerOk || !upperOk ? 'replace' : 'Replace'
  const disabled = await ask('PATCH', path, {
    schemas: [PATCH],
    Operations: [{ op: replace, path: 'active', value: false }],
  })
  const reread = await ask('GET', path)
  const active = 'error' in reread ? undefined : (reread.body as Record<string, unknown> | null)?.['active']
  check(
    'Disable',
    'error' in disabled ? 'failure' : active === false ? 'ok' : 'warning',
    'error' in disabled
      ? describe(disabled.error)
      : active === false
        ? 'active=false is kept, and the user is still returned'
        : `After active=false the user reads back with active ${JSON.stringify(active)} (compared leniently)`
  )
  const removed = await ask('DELETE', path)
  const gone = await ask('GET', path)
  check(
    'Delete',
    'error' in removed
      ? 'failure'
      : 'error' in gone && gone.error instanceof ScimHttpError && gone.error.status === 404
        ? 'ok'
        : 'warning',
    'error' in removed ? describe(removed.error) : 'The throwaway user was deleted'
  )
}

function asList(
  body: unknown
): { readonly total: number | null; readonly resources: ReadonlyArray<Record<string, unknown>> } | null {
  if (typeof body !== 'object' || body === null) return null
  const record = body as Record<string, unknown>
  const schemas = record['schemas']
  if (Array.isArray(schemas) && !schemas.includes(LIST)) return null
  const resources = record['Resources'] ?? record['resources'] ?? []
  if (!Array.isArray(resources)) return null
  const total = record['totalResults']
  return {
    total: typeof total === 'number' ? total : null,
    resources: resources as Array<Record<string, unknown>>,
  }
}

function describe(error: unknown): string {
  if (isScimError(error)) return `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}

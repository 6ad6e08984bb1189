import type { ScimPath } from '../../../mapping/scim-path'
import type { TargetConnector } from '../../connector'
import { ScimHttp } from '../scim-http'
import type { MemberRemovalForm } from '../scim-members'
import type { MappingAsReference } from '../user-schema'
import { probeMemberRemoval } from './probe-members'
import { probeReferenceAttributes } from './probe-references'
import {
  probeConnection,
  probeFilters,
  probeGroupListing,
  probePaging,
  probeServiceProviderConfig,
} from './probe-reads'
import { type ProbeCheck, ProbeSession } from './probe-session'
import { probeUserWrites } from './probe-writes'

export type { ProbeCheck, ProbeStatus } from './probe-session'

export interface ProbeResult {
  readonly baseUrl: string
  readonly checks: ReadonlyArray<ProbeCheck>
  /** True when every check is ok or a warning. */
  readonly usable: boolean
}

export interface ScimProbeOptions {
  readonly baseUrl: string
  /** The `Authorization` header (null: none). */
  readonly authorization: string | null
  readonly timeoutMs: number
  /** The job's `target.pageSize` (undefined: the largest page the server allows). */
  readonly pageSize: number | undefined
  /** The job's compatibility choices (README "Compatibility choices"), tried as the job would send them. */
  readonly patchOps: 'rfc' | 'entra'
  readonly activeValue: 'boolean' | 'string'
  readonly multiValuedUpdates: 'path-filter' | 'whole-list'
  readonly memberRemoval: MemberRemovalForm
  /** The matching attributes, whose filters are tried. */
  readonly matching: ReadonlyArray<{ readonly target: ScimPath }>
  /** The user mappings, checked against the reference attributes of the app's /Schemas. */
  readonly mappings: ReadonlyArray<MappingAsReference>
  /** The job provisions groups: group listings and member removal are checked. */
  readonly withGroups: boolean
  /** Create, change and delete throwaway objects; otherwise only read. */
  readonly write: boolean
  /** The connector apply uses, so member removal is sent exactly as apply would send it. */
  readonly openConnector: () => TargetConnector
  /** Each check as it completes, before the next one starts (the app shows them one by one). */
  readonly onCheck?: (check: ProbeCheck) => void
}

/**
 * Checks a SCIM target for compliance and the quirks that need a job setting, the way Entra's
 * "Test connection" starts (a lookup of a user that cannot exist must answer an empty
 * ListResponse) and then further: paging, filters on the matching attributes, the service
 * provider configuration, groups; with `write`, a throwaway user is created, patched with both
 * op spellings, disabled and deleted, and (for a job with groups) a throwaway group with two
 * throwaway members checks the member-removal form. Everything created is deleted.
 */
export async function probeScimTarget(options: ScimProbeOptions): Promise<ProbeResult> {
  const http = new ScimHttp({
    baseUrl: options.baseUrl,
    authorization: options.authorization,
    timeoutMs: options.timeoutMs,
    connections: 2,
  })
  const session = new ProbeSession(http, options.onCheck)
  try {
    if (await probeConnection(session)) {
      await probeServiceProviderConfig(session, options.pageSize)
      await probePaging(session)
      await probeFilters(session, options.matching)
      await probeReferenceAttributes(session, options.mappings)
      if (options.withGroups) await probeGroupListing(session)
      if (options.write) await probeWrites(session, options)
      else {
        session.check(
          'Writes',
          'skipped',
          'Not tried (add --write to create, patch, disable and delete a throwaway user, and to check member removal on a throwaway group)'
        )
      }
    }
  } finally {
    await http.close()
  }
  const checks = session.checks
  return { baseUrl: http.baseUrl, checks, usable: checks.every(item => item.status !== 'failure') }
}

async function probeWrites(session: ProbeSession, options: ScimProbeOptions): Promise<void> {
  await probeUserWrites(session, options)
  if (!options.withGroups) {
    session.check('Member removal', 'skipped', 'The job provisions no groups')
    return
  }
  const connector = options.openConnector()
  try {
    await probeMemberRemoval(session, connector, options.memberRemoval)
  } finally {
    await connector.close()
  }
}

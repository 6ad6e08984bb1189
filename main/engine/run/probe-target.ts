import { ScimHttp } from '../../connectors/scim/scim-http'
import type { LoadedJob } from '../../config/load-job'
import type { SecretStore } from '../../secrets/secret-store'
import { compileJob } from '../plan/compile-job'
import { authorizationHeader, createScimTarget } from './connectors'
import { probeMemberRemoval } from '../../connectors/scim/probe/probe-members'
import {
  probeConnection,
  probeFilters,
  probeGroupListing,
  probePaging,
  probeServiceProviderConfig,
} from '../../connectors/scim/probe/probe-reads'
import { type ProbeCheck, ProbeSession } from '../../connectors/scim/probe/probe-session'
import { probeUserWrites } from '../../connectors/scim/probe/probe-writes'

export type { ProbeCheck, ProbeStatus } from '../../connectors/scim/probe/probe-session'

export interface ProbeResult {
  readonly baseUrl: string
  readonly checks: ReadonlyArray<ProbeCheck>
  /** True when every check is ok or a warning. */
  readonly usable: boolean
}

/**
 * Checks a job's target for SCIM compliance and the quirks that need a job setting, the way
 * Entra's "Test connection" starts (a lookup of a user that cannot exist must answer an empty
 * ListResponse) and then further: paging, filters on the matching attributes, the service
 * provider configuration, groups; with `write`, a throwaway user is created, patched with both
 * op spellings, disabled and deleted, and (for a job with groups) a throwaway group with two
 * throwaway members checks the job's member-removal form. Everything created is deleted.
 */
export async function probeTarget(
  job: LoadedJob,
  secrets: SecretStore,
  options: { readonly write: boolean; readonly env?: NodeJS.ProcessEnv }
): Promise<ProbeResult> {
  const compiled = compileJob(job)
  const target = job.config.target
  const authorization = await authorizationHeader(target.auth, secrets, options.env)
  const http = new ScimHttp({
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    connections: 2,
  })
  const session = new ProbeSession(http)
  try {
    if (await probeConnection(session)) {
      await probeServiceProviderConfig(session, target.pageSize)
      await probePaging(session)
      await probeFilters(session, compiled.users.matching)
      if (compiled.groups !== null) await probeGroupListing(session)
      if (options.write) await probeWrites(session, job, authorization, compiled.groups !== null)
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

async function probeWrites(
  session: ProbeSession,
  job: LoadedJob,
  authorization: string | null,
  withGroups: boolean
): Promise<void> {
  await probeUserWrites(session, job.config.target.patchOps)
  if (!withGroups) {
    session.check('Member removal', 'skipped', 'The job provisions no groups')
    return
  }
  // The connector apply uses, so the removal is sent exactly as apply would send it.
  const connector = createScimTarget(job, authorization)
  try {
    await probeMemberRemoval(session, connector, job.config.target.memberRemoval)
  } finally {
    await connector.close()
  }
}

import type { LoadedJob } from '../../config/load-job'
import type { SecretStore } from '../../secrets/secret-store'
import { compileJob } from '../plan/compile-job'
import { type ProbeCheck, type ProbeResult, probeJobTarget } from './connectors/factory'

export type { ProbeCheck, ProbeResult, ProbeStatus } from './connectors/factory'

/**
 * Checks a job's target for compliance and the quirks that need a job setting (read-only unless
 * `write`), with the job's credentials, matching attributes and target settings.
 */
export async function probeTarget(
  job: LoadedJob,
  secrets: SecretStore,
  options: {
    readonly write: boolean
    readonly env?: NodeJS.ProcessEnv
    /** Each check as it completes, before the next one starts. */
    readonly onCheck?: (check: ProbeCheck) => void
  }
): Promise<ProbeResult> {
  const compiled = compileJob(job)
  return probeJobTarget(job, secrets, {
    env: options.env,
    matching: compiled.users.matching,
    mappings: compiled.users.mappings,
    withGroups: compiled.groups !== null,
    write: options.write,
    onCheck: options.onCheck,
  })
}

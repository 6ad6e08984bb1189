/**
 * The source half of "Test connection": a directory source (LDAP, Microsoft Entra ID, another
 * SCIM app) opened as a run opens it, then its connector's own checks. A CSV file has none: its
 * preview is its test.
 */
import type { LoadedJob } from '../../config/load-job'
import { sourceName } from '../../config/source-name'
import type { SecretStore } from '../../secrets/secret-store'
import type { ConnectionCheck } from '../api/contract'
import { compileJob, openSource } from '../engine-gateway'

export async function sourceChecks(
  job: LoadedJob,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv,
  onCheck: (check: ConnectionCheck) => void
): Promise<ConnectionCheck[]> {
  if (job.config.source.type === 'csv') return []
  const name = `Source: ${sourceName(job.config.source)}`
  const checks: ConnectionCheck[] = []
  const report = (check: ConnectionCheck) => {
    checks.push(check)
    onCheck(check)
  }
  try {
    const source = await openSource(job, compileJob(job), { secrets, env })
    try {
      for (const check of (await source.connector.testConnection?.()) ?? []) {
        report({
          name: `${name}: ${check.step}`,
          status: check.ok ? 'ok' : 'failure',
          detail: check.detail,
          suggestion: null,
        })
      }
    } finally {
      await source.close()
    }
  } catch (error) {
    // Opening failed (refused credentials, unknown attributes, no route): that is the check's answer.
    report({ name, status: 'failure', detail: (error as Error).message, suggestion: null })
  }
  return checks
}

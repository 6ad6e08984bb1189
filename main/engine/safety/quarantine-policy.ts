import type { QuarantineCode } from '../../model/job-state'
import { ScimHttpError, ScimNetworkError, ScimProtocolError } from '../../connectors/scim/scim-errors'
import { excerpt } from '../../secrets/redact-text'
import type { ApplyFailure } from '../apply/failure-info'

export interface QuarantineDecision {
  readonly code: QuarantineCode
  readonly reason: string
}

/**
 * A failure that makes every call fail until the admin acts (§F): credentials refused, or an
 * endpoint that does not speak SCIM. Network outages are not quarantine causes on their own.
 */
export function quarantineForError(error: unknown): QuarantineDecision | null {
  if (error instanceof ScimHttpError) {
    if (error.status === 401 || error.status === 403) {
      return {
        code: 'EncounteredQuarantineException',
        reason: `The target refused the credentials (HTTP ${error.status}${error.detail === null ? '' : `: ${excerpt(error.detail)}`})`,
      }
    }
    if (error.status === 404 || error.status === 405) {
      return {
        code: 'EncounteredQuarantineException',
        reason: `The target URL is not a SCIM endpoint (HTTP ${error.status} for ${error.method} ${error.url})`,
      }
    }
    return null
  }
  if (error instanceof ScimProtocolError) {
    return {
      code: 'EncounteredQuarantineException',
      reason: `The target is not a SCIM service: ${error.message}`,
    }
  }
  if (error instanceof ScimNetworkError) {
    return null
  }
  return null
}

/**
 * After an apply: quarantine when credentials were refused during the run, or when more than
 * `failurePercent` of the writes failed and at least `minimumFailures` did (§F escrow proportion;
 * Entra's minimum of 5,000 is scaled down for small organisations and configurable).
 */
export function quarantineForRun(
  attemptedWrites: number,
  failures: ReadonlyArray<ApplyFailure>,
  policy: { readonly failurePercent: number; readonly minimumFailures: number }
): QuarantineDecision | null {
  const authFailure = failures.find(failure => failure.httpStatus === 401 || failure.httpStatus === 403)
  if (authFailure !== undefined) {
    return {
      code: 'EncounteredQuarantineException',
      reason: `The target refused the credentials during the run (HTTP ${authFailure.httpStatus}: ${authFailure.message})`,
    }
  }
  // Only failed writes count: decisions (conflicts, missing values) are not the target failing.
  const failedWrites = failures.filter(
    failure =>
      failure.httpStatus !== null ||
      failure.errorCode === 'Timeout' ||
      failure.errorCode === 'WebExceptionProtocolError' ||
      failure.errorCode === 'SystemForCrossDomainIdentityManagementServiceIncompatible'
  ).length
  if (attemptedWrites === 0 || failedWrites < policy.minimumFailures) {
    return null
  }
  const percent = (failedWrites / attemptedWrites) * 100
  if (percent <= policy.failurePercent) {
    return null
  }
  return {
    code: 'EncounteredEscrowProportionThreshold',
    reason: `${failedWrites} of ${attemptedWrites} writes failed (${Math.round(percent)}%, more than ${policy.failurePercent}%)`,
  }
}

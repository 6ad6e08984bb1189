import type { ApplyFailure } from '../../model/failure'
import type { QuarantineDecision } from '../../model/job-state'

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

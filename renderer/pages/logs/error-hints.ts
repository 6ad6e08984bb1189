/**
 * What to do about each error code, as Entra's "Troubleshooting & Recommendations" tab says it:
 * the codes are Entra's (so its documentation applies too) and Provisioner's own few.
 */
export const ERROR_HINTS: Readonly<Record<string, string>> = {
  DuplicateTargetEntries:
    'Several accounts in the app match this person on the matching attributes, so none was chosen. Decide which account is theirs (provisioner link --job FILE SOURCE_ID TARGET_ID), or make the matching attribute unique in the app.',
  DuplicateSourceEntries:
    'Several people in the source have the same matching value, or match the same account. Correct the duplicate in the source file, or match on an attribute that is unique (an employee id).',
  EntryConflict:
    'The app already holds an account with a value that must be unique (HTTP 409), and it could not be linked to this person. Check who owns that account; link it, or change the value in the source.',
  InvalidAnchor:
    'The account this person was linked to no longer exists in the app. The next run creates or matches it again; if it should not, remove the person from scope.',
  ImportSkipped:
    'The person has no value for any matching attribute, so they cannot be matched safely. Fill in the source column the first matching attribute reads.',
  EntrySynchronizationSkipped:
    'Nothing to do: the person is out of scope, or the app already has every value. No action is needed.',
  NotEffectivelyEntitled:
    'A scoping filter left the person out (the Scoping step names the clause). Change the filter or the source value if they should be provisioned.',
  MandatoryFieldsMissing:
    'A required attribute had no value. Fill in the source column, or give the mapping a default value.',
  ExpressionEvaluationFailed:
    "A mapping expression failed for this person's values. Try it with provisioner eval EXPRESSION --source JSON using their row, then fix the expression or the value.",
  StagedDelete:
    'The deletion threshold held this disable or delete back. Review the staged operations, then approve them (provisioner apply --job FILE --allow-deletes RUN_ID) or fix the source if they are wrong.',
  Escrowed:
    'Earlier runs failed for this person; scheduled runs wait before trying again. A manual run, or one with --restart, tries at once.',
  ActionNotEnabled:
    "The job's target object actions (users.actions or groups.actions) leave out the change this needed: Create, Update or Delete. Turn the action on in the job (Policies → Target object actions) if the job should make it.",
  ProtectedAccount:
    'The account is protected (safety.protectedAccounts or protectedFilters), so it is never disabled or deleted. Remove the protection if this is wrong.',
  PlanStale:
    'The account changed in the app since the saved plan was made, so this row was refused. Make a new plan and review it.',
  NotInPlan: 'The saved plan did not include this change. Make a new plan to include it.',
  BadRequest:
    'The app refused the request as malformed or with a value it cannot take; the SCIM detail says which. Fix the mapping (the attribute, its format) or the source value.',
  UnprocessableEntity:
    'The app understood the request but refused a value (the SCIM detail says which). Fix the mapping or the source value.',
  Unauthorized:
    'The app refused the credentials (HTTP 401): the token expired or was revoked. Store a new one (provisioner secrets set NAME) and run again; a quarantined job needs a restart.',
  InsufficientRights:
    'The credentials are valid but not allowed to do this (HTTP 403). Give the service account the permission in the app.',
  MethodNotAllowed:
    'The app does not allow this request (HTTP 405). Run provisioner probe: it suggests the target settings (e.g. PUT instead of PATCH) the app needs.',
  NotImplemented:
    'The app does not implement this operation (HTTP 501). Run provisioner probe and apply the settings it suggests.',
  NotFound:
    'The app has no such account or group any more (HTTP 404). The next run matches or creates it again.',
  PreconditionFailed:
    'The account changed in the app while it was being written (HTTP 412). The next run reads it again and retries.',
  PayloadTooLarge:
    'The request was too large for the app (HTTP 413). Lower target.membersPerPatch for groups with many members.',
  TooManyRequests:
    'The app throttled the requests (HTTP 429); they were retried with backoff. If it keeps happening, lower target.concurrency or set target.rate.',
  ServiceUnavailable:
    'The app was unavailable (HTTP 502/503). The next run retries; check the app’s status page if it persists.',
  InternalServerError:
    'The app failed with a server error (HTTP 5xx). The next run retries; report it to the app’s vendor if it persists.',
  Timeout: 'The app did not answer in time. The next run retries; check the network and the app’s status.',
  WebExceptionProtocolError:
    'The connection to the app failed (network, TLS or DNS). Check the base URL and the network; the next run retries.',
  SystemForCrossDomainIdentityManagementServiceIncompatible:
    "The app's answer is not valid SCIM. Run provisioner probe to see what it sends, and check the base URL.",
  UnexpectedMemberRemoval:
    'Removing one member removed others too: the app reads the removal form differently. Set target.memberRemoval to the form provisioner probe suggests.',
  EncounteredQuarantineException:
    'The job is quarantined: most requests failed. Fix the cause (credentials, URL), then run with --restart.',
  EncounteredEscrowProportionThreshold:
    'Too many people failed in a row, so the job was quarantined. Fix the common cause, then run with --restart.',
  UndoNotApplicable: 'Undo cannot restore this change (the account is gone, or nothing was changed).',
  InternalError:
    'Provisioner itself failed on this object. Run again; if it repeats, the application log has the details to report.',
}

/** The hint for an error code, or null for a code this table does not know. */
export function errorHint(code: string | null): string | null {
  return code === null ? null : (ERROR_HINTS[code] ?? null)
}

/**
 * The probe's writes on a throwaway user: create, PATCH with both op spellings, disable, delete,
 * and a DELETE of the account once it is gone. The user is deleted whatever the checks find.
 */
import { randomUUID } from 'node:crypto'
import { CORE_USER_SCHEMA, PATCH_OP_SCHEMA } from '../../../mapping/scim-schemas'
import { noteAccountIds } from './probe-reads'
import {
  type Answer,
  type ProbeSession,
  type ProbeStatus,
  bodyString,
  cleanUp,
  describe,
  httpStatus,
  isRefusal,
  verdict,
} from './probe-session'
import { type ListUpdates, probeListUpdates } from './probe-list-updates'

type Spelling = 'rfc' | 'entra'
type ActiveValue = 'boolean' | 'string'

/** The job's compatibility choices the user writes are tried with (README "Compatibility choices"). */
export interface ConfiguredWrites {
  readonly patchOps: Spelling
  readonly activeValue: ActiveValue
  readonly multiValuedUpdates: ListUpdates
}

export async function probeUserWrites(session: ProbeSession, configured: ConfiguredWrites): Promise<void> {
  const userName = `provisioner-probe-${randomUUID().slice(0, 8)}@example.invalid`
  const created = await session.ask('POST', '/Users', {
    schemas: [CORE_USER_SCHEMA],
    userName,
    name: { givenName: 'Provisioner', familyName: 'Probe' },
    displayName: 'Provisioner probe (safe to delete)',
    emails: [{ type: 'work', value: userName, primary: true }],
    // No `active`: the disable below tries the boolean on its own, so a server that takes it only
    // as a string is named there rather than failing the create.
  })
  const id = bodyString(created, 'id')
  if (id === null || 'error' in created) {
    session.check(
      'Create',
      'failure',
      'error' in created ? describe(created.error) : 'The created user came back without an id'
    )
    return
  }
  session.check('Create', 'ok', `Created ${userName} (${id})`)
  noteAccountIds(session, [created.body as Record<string, unknown>])
  const path = `/Users/${encodeURIComponent(id)}`
  let deleted = false
  try {
    const spelling = await probeOpSpelling(session, path, configured.patchOps)
    const replace = spelling === 'rfc' ? 'replace' : 'Replace'
    await probeListUpdates(session, { path, email: userName, replace }, configured.multiValuedUpdates)
    await probeDisable(session, { path, replace }, configured.activeValue)
    deleted = await probeDelete(session, path)
  } finally {
    if (!deleted) {
      await cleanUp(session, [
        { label: `the throwaway user ${userName} (${id})`, remove: () => deleteAt(session, path) },
      ])
    }
  }
}

function patch(op: string, path: string, value: unknown): unknown {
  return { schemas: [PATCH_OP_SCHEMA], Operations: [{ op, path, value }] }
}

/** Both op spellings; returns the one the following writes use. */
async function probeOpSpelling(session: ProbeSession, path: string, configured: Spelling): Promise<Spelling> {
  const answers: Record<Spelling, Answer> = {
    rfc: await session.ask('PATCH', path, patch('replace', 'title', 'Probe')),
    entra: await session.ask('PATCH', path, patch('Replace', 'title', 'Probe 2')),
  }
  const other: Spelling = configured === 'rfc' ? 'entra' : 'rfc'
  const accepted = (spelling: Spelling) => !('error' in answers[spelling])
  const status: ProbeStatus = accepted(configured) ? 'ok' : accepted(other) ? 'warning' : 'failure'
  const inconclusive = !accepted(configured) && accepted(other) && !isRefusal(answers[configured])
  session.check(
    'PATCH op spelling',
    status,
    `lower-case ops ${verdict(answers.rfc)}, capitalised ops (Entra) ${verdict(answers.entra)}` +
      (inconclusive
        ? '; a server error says nothing about the spelling: probe again before changing target.patchOps'
        : ''),
    // Only a refusal (4xx) of the configured spelling is evidence for the other one.
    !accepted(configured) && accepted(other) && isRefusal(answers[configured])
      ? `target.patchOps: "${other}"`
      : undefined
  )
  noteNoContent(session, Object.values(answers))
  return accepted(configured) || !accepted(other) ? configured : other
}

/** RFC 7644 §3.5.2 allows a 204 for PATCH; named because the answer then shows nothing of the result. */
function noteNoContent(session: ProbeSession, answers: ReadonlyArray<Answer>): void {
  if (!answers.some(answer => !('error' in answer) && (answer.status === 204 || answer.body === null))) return
  session.check(
    'PATCH response',
    'warning',
    'PATCH answers 204 with no body, not the updated resource: Provisioner reads an account back where it needs the result'
  )
}

/** `active` as the job sends it; the other form only when that is refused (`target.activeValue`). */
async function probeDisable(
  session: ProbeSession,
  user: { readonly path: string; readonly replace: string },
  configured: ActiveValue
): Promise<void> {
  const sent = (form: ActiveValue) =>
    session.ask('PATCH', user.path, patch(user.replace, 'active', form === 'boolean' ? false : 'False'))
  const disabled = await sent(configured)
  if ('error' in disabled) {
    const other: ActiveValue = configured === 'boolean' ? 'string' : 'boolean'
    const otherAnswer = isRefusal(disabled) ? await sent(other) : null
    const otherTaken = otherAnswer !== null && !('error' in otherAnswer)
    session.check(
      'Disable',
      'failure',
      otherTaken ? activeRefusal(configured) : describe(disabled.error),
      otherTaken ? `target.activeValue: "${other}"` : undefined
    )
    return
  }
  const reread = await session.ask('GET', user.path)
  const active = 'error' in reread ? undefined : (reread.body as Record<string, unknown> | null)?.['active']
  const kept = active === false || (typeof active === 'string' && active.toLowerCase() === 'false')
  session.check(
    'Disable',
    kept ? 'ok' : 'warning',
    kept
      ? `active=${configured === 'boolean' ? 'false' : '"False"'} is kept, and the user is still returned`
      : `After active=false the user reads back with active ${JSON.stringify(active)} (compared leniently)`
  )
}

function activeRefusal(configured: ActiveValue): string {
  return configured === 'boolean'
    ? 'active=false (the boolean RFC 7643 defines) is refused and "False" (a string) accepted: the server ' +
        'takes active only as a string, so with target.activeValue "boolean" enables and disables would fail'
    : 'active="False" (a string, target.activeValue "string") is refused and false (the boolean) accepted: ' +
        'the server takes active only as a boolean'
}

/** Deletes the user (true when the DELETE succeeded), then deletes it again: that must be a 404. */
async function probeDelete(session: ProbeSession, path: string): Promise<boolean> {
  const removed = await session.ask('DELETE', path)
  if ('error' in removed) {
    session.check('Delete', 'failure', describe(removed.error))
    return false
  }
  const gone = await session.ask('GET', path)
  session.check(
    'Delete',
    httpStatus(gone) === 404 ? 'ok' : 'warning',
    httpStatus(gone) === 404
      ? 'The throwaway user was deleted'
      : `The throwaway user was deleted, but reading it back answers ${'error' in gone ? describe(gone.error) : `HTTP ${gone.status}`} instead of 404`
  )
  const again = await session.ask('DELETE', path)
  if ('error' in again && httpStatus(again) !== 404) {
    session.check(
      'Delete of a missing account',
      'warning',
      `A DELETE of an account that no longer exists answers ${describe(again.error)}, not 404 (RFC 7644 §3.6): ` +
        'Provisioner retries it as a server error and reports it failed'
    )
  }
  return true
}

async function deleteAt(session: ProbeSession, path: string): Promise<boolean> {
  const answer = await session.ask('DELETE', path)
  return !('error' in answer) || httpStatus(answer) === 404
}

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
} from './probe-session'

type Spelling = 'rfc' | 'entra'

export async function probeUserWrites(session: ProbeSession, configured: Spelling): Promise<void> {
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
    const spelling = await probeOpSpelling(session, path, configured)
    await probeDisable(session, path, spelling)
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

function verdict(answer: Answer): string {
  if (!('error' in answer)) return 'accepted'
  return isRefusal(answer) ? `refused (HTTP ${httpStatus(answer)})` : `failed (${describe(answer.error)})`
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

async function probeDisable(session: ProbeSession, path: string, spelling: Spelling): Promise<void> {
  const replace = spelling === 'rfc' ? 'replace' : 'Replace'
  const disabled = await session.ask('PATCH', path, patch(replace, 'active', false))
  if ('error' in disabled) {
    const asString = isRefusal(disabled)
      ? await session.ask('PATCH', path, patch(replace, 'active', 'False'))
      : null
    session.check(
      'Disable',
      'failure',
      asString !== null && !('error' in asString)
        ? 'active=false (the boolean RFC 7643 defines) is refused and "False" (a string) accepted: the server ' +
            'takes active only as a string, and Provisioner sends a boolean, so creates, enables and disables would fail'
        : describe(disabled.error)
    )
    return
  }
  const reread = await session.ask('GET', path)
  const active = 'error' in reread ? undefined : (reread.body as Record<string, unknown> | null)?.['active']
  session.check(
    'Disable',
    active === false ? 'ok' : 'warning',
    active === false
      ? 'active=false is kept, and the user is still returned'
      : `After active=false the user reads back with active ${JSON.stringify(active)} (compared leniently)`
  )
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

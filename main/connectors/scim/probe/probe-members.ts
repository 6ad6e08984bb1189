/**
 * Member removal on a throwaway group with two throwaway members, through the same connector and
 * operations apply uses: removing one member must leave the other. A server that reads a
 * `remove` on `members` with a value list as "remove every member" (RFC 7644 §3.5.2.2 read
 * literally) empties every group apply touches, with a 204 and no error.
 */
import { randomUUID } from 'node:crypto'
import { elementValues } from '../../../mapping/scim-path'
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from '../../../mapping/scim-schemas'
import type { ResourceKind, TargetConnector } from '../../connector'
import { filterLiteral } from '../scim-filter'
import { addMembersOperation, type MemberRemovalForm, removalOperations } from '../scim-members'
import { GROUPS_WITHOUT_MEMBERS } from './probe-reads'
import { type ProbeSession, type Throwaway, asList, cleanUp, describe } from './probe-session'

const CHECK = 'Member removal'

/** What a removal of one of two members did. */
type Outcome =
  | { readonly kind: 'exact' }
  | { readonly kind: 'emptied' }
  | { readonly kind: 'none-removed' }
  | { readonly kind: 'not-shown'; readonly shown: number }
  | { readonly kind: 'error'; readonly error: unknown }

export async function probeMemberRemoval(
  session: ProbeSession,
  target: TargetConnector,
  configured: MemberRemovalForm
): Promise<void> {
  const tag = randomUUID().slice(0, 8)
  const created: Throwaway[] = []
  const make = async (kind: ResourceKind, body: Record<string, unknown>, label: string): Promise<string> => {
    const { id } = await target.create(kind, body)
    // Groups first: a group is deleted before the members it lists.
    const throwaway = { label: `${label} (${id})`, remove: () => target.delete(kind, id).then(() => true) }
    if (kind === 'group') created.unshift(throwaway)
    else created.push(throwaway)
    return id
  }
  const user = (n: number): Promise<string> => {
    const userName = `provisioner-probe-${tag}-${n}@example.invalid`
    const body = { schemas: [CORE_USER_SCHEMA], userName, displayName: `Provisioner probe ${n}` }
    return make('user', body, `the throwaway user ${userName}`)
  }
  try {
    const pair: readonly [string, string] = [await user(1), await user(2)]
    const name = `provisioner-probe-${tag}`
    const body = { schemas: [CORE_GROUP_SCHEMA], displayName: name }
    const groupId = await make('group', body, `the throwaway group ${name}`)
    await addBoth(target, groupId, pair)
    await noteListingWithoutMembers(session, name)
    await checkRemoval(session, target, groupId, pair, configured)
  } catch (error) {
    session.check(CHECK, 'failure', `Could not create a throwaway group with two members: ${describe(error)}`)
  } finally {
    await cleanUp(session, created)
  }
}

async function checkRemoval(
  session: ProbeSession,
  target: TargetConnector,
  groupId: string,
  members: readonly [string, string],
  configured: MemberRemovalForm
): Promise<void> {
  const first = await tryRemoval(target, groupId, members, configured)
  if (first.kind === 'exact') {
    session.check(
      CHECK,
      'ok',
      `Removing one of two members with the ${shape(configured)} form left the other`
    )
    return
  }
  if (first.kind === 'not-shown') {
    session.check(
      CHECK,
      'warning',
      `After two members were added the group reads back with ${first.shown}: removal cannot be checked ` +
        '(where the app does not show members, Provisioner adds members and removes no one)'
    )
    return
  }
  const other: MemberRemovalForm = configured === 'path-filter' ? 'value-list' : 'path-filter'
  const second = await tryRemoval(target, groupId, members, other)
  session.check(
    CHECK,
    'failure',
    `${said(configured, first)}. ${said(other, second)}`,
    second.kind === 'exact' ? `target.memberRemoval: "${other}"` : undefined
  )
}

/** Makes both throwaway users members, removes the first with `form`, and reads the group back. */
async function tryRemoval(
  target: TargetConnector,
  groupId: string,
  [first, second]: readonly [string, string],
  form: MemberRemovalForm
): Promise<Outcome> {
  try {
    await addBoth(target, groupId, [first, second])
    const before = elementValues((await target.get('group', groupId)) ?? undefined, 'members')
    const shown = [first, second].filter(id => before.includes(id)).length
    if (shown < 2) return { kind: 'not-shown', shown }
    await target.update('group', groupId, removalOperations([first], form))
    const after = elementValues((await target.get('group', groupId)) ?? undefined, 'members')
    if (after.length === 0) return { kind: 'emptied' }
    return { kind: !after.includes(first) && after.includes(second) ? 'exact' : 'none-removed' }
  } catch (error) {
    return { kind: 'error', error }
  }
}

/** The add apply sends (a set union on the server, so repeating it is harmless). */
function addBoth(
  target: TargetConnector,
  groupId: string,
  members: readonly [string, string]
): Promise<unknown> {
  return target.update('group', groupId, [addMembersOperation(members)])
}

function said(form: MemberRemovalForm, outcome: Outcome): string {
  const tried = `Removing one of two members with the ${shape(form)} form`
  switch (outcome.kind) {
    case 'exact':
      return `${tried} removed just that member`
    case 'emptied':
      return (
        `${tried} emptied the group: this server reads it as "remove every member", so apply would ` +
        'empty each group it removes anyone from'
      )
    case 'none-removed':
      return `${tried} did not remove just that member`
    case 'not-shown':
      return `${tried} could not be checked: the group reads back with ${outcome.shown} of its two members`
    case 'error':
      return `${tried} failed: ${describe(outcome.error)}`
  }
}

function shape(form: MemberRemovalForm): string {
  return form === 'path-filter'
    ? 'path-filter (members[value eq "…"])'
    : 'value-list ({"path": "members", "value": [{"value": "…"}]})'
}

/** Names a group listing without members (the group has two), unless the read-only check did already. */
async function noteListingWithoutMembers(session: ProbeSession, name: string): Promise<void> {
  if (session.checks.some(check => check.detail === GROUPS_WITHOUT_MEMBERS)) return
  const filter = `displayName eq ${filterLiteral(name)}`
  const answer = await session.ask('GET', `/Groups?filter=${encodeURIComponent(filter)}`)
  const listed = 'error' in answer ? undefined : asList(answer.body)?.resources[0]
  if (listed !== undefined && !Array.isArray(listed['members'])) {
    session.check('Group listing', 'warning', GROUPS_WITHOUT_MEMBERS)
  }
}

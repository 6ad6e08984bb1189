/** Group membership changes as SCIM PATCH operations (RFC 7644 §3.5.2.1, §3.5.2.2). */
import type { PatchOperation } from '../connector'
import { filterLiteral } from './scim-filter'

/**
 * How members are removed: `path-filter` names each in the path (`members[value eq "id"]`,
 * RFC 7644 §3.5.2.2), `value-list` sends `{"path": "members", "value": [{"value": "id"}]}` (the
 * form Entra sends by default).
 */
export type MemberRemovalForm = 'path-filter' | 'value-list'

/** Adds accounts to a group: a set union on the server, so repeating it is harmless. */
export function addMembersOperation(ids: ReadonlyArray<string>): PatchOperation {
  return { op: 'add', path: 'members', value: ids.map(value => ({ value })) }
}

/** Removes accounts from a group in the given form. */
export function removalOperations(ids: ReadonlyArray<string>, form: MemberRemovalForm): PatchOperation[] {
  if (form === 'value-list') {
    return [{ op: 'remove', path: 'members', value: ids.map(value => ({ value })) }]
  }
  return ids.map(id => ({ op: 'remove', path: `members[value eq ${filterLiteral(id)}]` }))
}

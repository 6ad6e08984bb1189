/**
 * How a SCIM target wants its requests spelled: the compatibility choices Entra's
 * `aadOptscim062020` flag switches (README "Compatibility choices"). The engine builds requests
 * the RFC 7644 way; these rewrite only the spelling, never what is asked.
 */
import type { PatchOperation } from '../connector'
import type { PageSizeSetting } from './page-size'

export interface ScimDialect {
  /**
   * Page size asked for when listing (`count`); servers may return fewer or ignore it.
   * `largest`: the most the server allows (page-size.ts).
   */
  readonly pageSize: PageSizeSetting
  /** `rfc`: lower-case `op` (RFC 7644 §3.5.2). `entra`: `Add`/`Replace`/`Remove`, as Entra sends by default. */
  readonly patchOps: 'rfc' | 'entra'
  /**
   * `active` in PATCH operations. `boolean`: `false` (RFC 7643 §4.1.1). `string`: `"False"`, as Entra
   * sends it by default; a create sends the boolean either way, as Entra does.
   */
  readonly activeValue: 'boolean' | 'string'
}

export const DEFAULT_DIALECT: ScimDialect = { pageSize: 100, patchOps: 'rfc', activeValue: 'boolean' }

/** The PATCH operations as the dialect spells them. */
export function spellOperations(
  operations: ReadonlyArray<PatchOperation>,
  dialect: ScimDialect
): Array<Record<string, unknown>> {
  return operations.map(operation => {
    const op = dialect.patchOps === 'rfc' ? operation.op : capitalise(operation.op)
    const spelled: Record<string, unknown> = { ...operation, op }
    if (dialect.activeValue === 'string' && isActivePath(operation.path) && 'value' in operation) {
      spelled['value'] = activeAsString(operation.value)
    }
    return spelled
  })
}

function isActivePath(path: string | undefined): boolean {
  return path !== undefined && path.toLowerCase() === 'active'
}

/** `true` → `"True"`, `false` → `"False"` (Entra's spelling); anything else as it is. */
function activeAsString(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value
}

function capitalise(op: string): string {
  return op.charAt(0).toUpperCase() + op.slice(1)
}

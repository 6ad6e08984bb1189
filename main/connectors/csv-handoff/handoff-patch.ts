import type { PatchOperation } from '../connector'
import { parseScimPath, setPathValue } from '../../mapping/scim-path'

/**
 * The handed-off values after a PATCH the engine planned against them (RFC 7644 §3.5.2, as far
 * as the engine uses it: a path and a value, or a value object without a path).
 */
export function patched(
  before: Readonly<Record<string, unknown>>,
  operations: ReadonlyArray<PatchOperation>
): Record<string, unknown> {
  const after = structuredClone(before) as Record<string, unknown>
  for (const operation of operations) {
    const op = operation.op.toLowerCase()
    if (operation.path === undefined) {
      if (op !== 'remove' && operation.value !== null && typeof operation.value === 'object') {
        Object.assign(after, structuredClone(operation.value))
      }
      continue
    }
    setPathValue(after, parseScimPath(operation.path), op === 'remove' ? undefined : operation.value)
  }
  return JSON.parse(JSON.stringify(after)) as Record<string, unknown>
}

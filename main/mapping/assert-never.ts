/**
 * Exhaustiveness check for `switch` statements over a union: if a new member is added and not
 * handled, the call stops compiling because the value is no longer `never`.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${String(value)}`)
}

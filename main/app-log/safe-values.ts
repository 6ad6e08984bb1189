import { knownSecrets } from '../secrets/known-secrets'
import { redactCredentials, truncateText } from '../secrets/redact-text'

/**
 * What the application log may hold: text without secrets (every secret this process resolved,
 * and anything shaped like a `Bearer`/`Basic` credential), of bounded size and depth.
 */

/** Long enough for a stack trace with its causes; a server's megabyte error page is cut. */
const MAX_TEXT = 16_384
const MAX_DEPTH = 6
const MAX_ITEMS = 100

export function safeText(text: string, secrets: ReadonlyArray<string> = knownSecrets()): string {
  return truncateText(redactCredentials(text, secrets), MAX_TEXT)
}

/** `value` as JSON-ready data with every string made safe. */
export function safeValue(
  value: unknown,
  secrets: ReadonlyArray<string> = knownSecrets(),
  depth = 0
): unknown {
  if (typeof value === 'string') return safeText(value, secrets)
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value
  if (depth >= MAX_DEPTH) return '[nested too deep]'
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map(item => safeValue(item, secrets, depth + 1))
  const entries = Object.entries(value).slice(0, MAX_ITEMS)
  return Object.fromEntries(entries.map(([key, item]) => [key, safeValue(item, secrets, depth + 1)]))
}

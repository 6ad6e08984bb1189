import { createHash } from 'node:crypto'

/**
 * A short, stable hash of a JSON value (22 base64url characters of SHA-256, 132 bits): plan
 * fingerprints, exported-value hashes and the job's configuration hash.
 */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22)
}

import { randomBytes } from 'node:crypto'

/** Sortable, readable run ids: `20261126T103000Z-7f3a`. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  return `${stamp}-${randomBytes(2).toString('hex')}`
}

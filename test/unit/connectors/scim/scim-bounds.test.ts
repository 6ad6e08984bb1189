/**
 * Answers with no bound, from the hostile server: a body of gigabytes is read as a stream and
 * refused at `maxResponseBytes` (never buffered whole), a megabyte error detail is kept to 4 KB,
 * and a listing that never ends — or claims more accounts than the job may hold — is refused
 * with an error that names the setting, instead of growing until the process dies.
 */
import { describe, expect, it } from 'vitest'
import { ScimHttpError, ScimProtocolError } from '../../../../main/connectors/scim/scim-errors'
import { ScimTarget, type ScimTargetOptions } from '../../../../main/connectors/scim/scim-target'
import { MAX_STORED_TEXT } from '../../../../main/secrets/redact-text'
import { isUserListing, isUsers } from '../../../helpers/fault-injection'
import {
  endlessListing,
  GIB,
  hugeBody,
  hugeDetail,
  MIB,
  startHostileTarget,
} from '../../../helpers/hostile-server'
import { TOKEN } from '../../../helpers/provisioning-fixture'
import type { FaultRule } from '../../../helpers/fault-injection'

const NO_RETRY = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1000 }

async function hostile(rule: FaultRule, options: Partial<ScimTargetOptions> = {}) {
  const { server, faults } = await startHostileTarget(rule)
  const target = new ScimTarget({
    baseUrl: server.baseUrl,
    authorization: `Bearer ${TOKEN}`,
    timeoutMs: 20_000,
    connections: 2,
    retry: NO_RETRY,
    ...options,
  })
  return { target, faults, server }
}

async function listAll(target: ScimTarget): Promise<number> {
  let count = 0
  try {
    for await (const _ of target.list('user')) count++
  } finally {
    await target.close()
  }
  return count
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

describe('response bodies are bounded', () => {
  it('refuses a chunked body larger than maxResponseBytes, naming the setting', async () => {
    const { target } = await hostile(
      { name: 'huge', match: isUserListing, fault: hugeBody(50 * MIB) },
      { maxResponseBytes: MIB }
    )
    const error = await rejection(listAll(target))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect(error.message).toMatch(/larger than 1 MiB, the most target\.maxResponseBytes allows/)
  })

  it('refuses a declared content-length over the cap without reading the body', async () => {
    const { target } = await hostile(
      { name: 'huge', match: isUserListing, fault: hugeBody(GIB, { declareLength: true }) },
      { maxResponseBytes: MIB }
    )
    const started = performance.now()
    const error = await rejection(listAll(target))
    expect(error.message).toMatch(/larger than 1 MiB/)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('stops a 2 GiB body at the default 64 MiB without holding it', async () => {
    const { target } = await hostile({ name: 'huge', match: isUserListing, fault: hugeBody(2 * GIB) })
    const before = process.memoryUsage().rss
    const error = await rejection(listAll(target))
    expect(error.message).toMatch(/larger than 64 MiB/)
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * MIB)
  }, 30_000)

  it('keeps the status and Retry-After of an error whose body is over the cap', async () => {
    const { target } = await hostile(
      { name: 'huge 429', match: isUsers, fault: hugeDetail(10 * MIB, 429) },
      { maxResponseBytes: MIB }
    )
    const error = await rejection(target.get('user', 'u1'))
    await target.close()
    expect(error).toBeInstanceOf(ScimHttpError)
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests' })
    expect((error as ScimHttpError).detail).toMatch(/larger than 1 MiB/)
  })

  it('keeps 4 KB of a 2 MB error detail, and a short quote of it in the message', async () => {
    const { target } = await hostile({ name: 'detail', match: isUsers, fault: hugeDetail(2 * MIB, 400) })
    const error = await rejection(target.get('user', 'u1'))
    await target.close()
    expect(error).toBeInstanceOf(ScimHttpError)
    const detail = (error as ScimHttpError).detail ?? ''
    expect(detail.startsWith('Validation failed: xxxx')).toBe(true)
    expect(detail.length).toBeLessThanOrEqual(MAX_STORED_TEXT + 60)
    expect(detail).toMatch(/more characters cut\]$/)
    expect(error.message.length).toBeLessThan(600)
  })
})

describe('listings are bounded', () => {
  it('refuses a listing that pages forever with fresh ids once it passes maxResources', async () => {
    const { target, faults } = await hostile(
      { name: 'endless', match: isUserListing, fault: endlessListing(null) },
      { maxResources: 1000, dialect: { pageSize: 100 } }
    )
    const error = await rejection(listAll(target))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect(error.message).toMatch(/lists more than 1000 users, the most target\.maxResources allows/)
    // Ten full pages are the most the job may hold; the first account of the eleventh is refused.
    expect(faults.hits('endless')).toBe(11)
  }, 10_000)

  it('refuses a listing that goes on past twice the totalResults it reported', async () => {
    const { target, faults } = await hostile(
      { name: 'endless', match: isUserListing, fault: endlessListing(250) },
      { dialect: { pageSize: 100 } }
    )
    const error = await rejection(listAll(target))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect(error.message).toMatch(/does not end: more than 500 users listed.*totalResults 250/)
    // Pages 1–5 hold 500 accounts; the sixth passes twice the total.
    expect(faults.hits('endless')).toBe(6)
  }, 10_000)

  it('refuses a listing whose totalResults keeps running ahead once it reports more than the job may hold', async () => {
    const { target, faults } = await hostile(
      { name: 'endless', match: isUserListing, fault: endlessListing('ahead') },
      { maxResources: 1000, dialect: { pageSize: 100 } }
    )
    const error = await rejection(listAll(target))
    expect(error.message).toMatch(/reports 1001 users, more than target\.maxResources \(1000\)/)
    expect(faults.hits('endless')).toBe(9)
  }, 10_000)

  it('refuses at the first page a target that reports more accounts than the job may hold', async () => {
    const { target, faults } = await hostile({
      name: 'endless',
      match: isUserListing,
      fault: endlessListing(5_000_000),
    })
    const error = await rejection(listAll(target))
    expect(error.message).toMatch(/reports 5000000 users, more than target\.maxResources \(2000000\)/)
    expect(faults.hits('endless')).toBe(1)
  }, 10_000)
})

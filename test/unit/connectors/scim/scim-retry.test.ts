import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { RequestMeter } from '../../../../main/connectors/connector'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../../main/connectors/scim/retry-policy'
import { ScimHttpError, ScimNetworkError } from '../../../../main/connectors/scim/scim-errors'
import { ScimTarget } from '../../../../main/connectors/scim/scim-target'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import { type RecordedRequest, startTestServer } from '../../../helpers/http-test-server'

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const targets: ScimTarget[] = []
afterEach(async () => {
  await Promise.all(targets.splice(0).map(target => target.close()))
})

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/scim+json', ...headers })
  response.end(JSON.stringify(body))
}

/** A server answering request number n (1-based) with `answers[n - 1]`, the last one repeating. */
async function scripted(
  answers: ReadonlyArray<(request: RecordedRequest, response: ServerResponse) => void>,
  retry: RetryPolicy = DEFAULT_RETRY_POLICY
) {
  let served = 0
  const server = await startTestServer((request, response) => {
    const answer = answers[Math.min(served, answers.length - 1)]
    served++
    answer?.(request, response)
  })
  const waits: number[] = []
  let clock = Date.now()
  const target = new ScimTarget({
    baseUrl: `${server.origin}/scim/v2`,
    authorization: 'Bearer t',
    timeoutMs: 1_000,
    connections: 4,
    retry,
    random: () => 0.5,
    // Waits are recorded and the clock moved on, not slept, so the test is fast and the delays
    // can be asserted.
    now: () => clock,
    sleep: async ms => {
      waits.push(ms)
      clock += ms
    },
  })
  targets.push(target)
  return { server, target, waits }
}

const throttled =
  (retryAfter: string) =>
  (_request: RecordedRequest, response: ServerResponse): void =>
    json(
      response,
      429,
      { schemas: [ERROR], status: '429', detail: 'slow down' },
      { 'retry-after': retryAfter }
    )
const serverError = (_request: RecordedRequest, response: ServerResponse): void =>
  json(response, 500, { schemas: [ERROR], status: '500', detail: 'boom' })
const user = (_request: RecordedRequest, response: ServerResponse): void =>
  json(response, 200, { id: 'u1', userName: 'ada@example.com' })
const created = (_request: RecordedRequest, response: ServerResponse): void =>
  json(response, 201, { id: 'u1', userName: 'ada@example.com' })
const noContent = (_request: RecordedRequest, response: ServerResponse): void => {
  response.writeHead(204)
  response.end()
}
const dropConnection = (_request: RecordedRequest, response: ServerResponse): void => {
  response.socket?.destroy()
}

describe('SCIM retries and pacing', () => {
  it('waits as long as Retry-After (seconds) asks after a 429, then succeeds', async () => {
    const { server, target, waits } = await scripted([throttled('3'), user])
    const meter: RequestMeter = { attempts: 0 }
    await expect(target.get('user', 'u1', meter)).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests).toHaveLength(2)
    expect(waits).toEqual([3050])
    expect(meter.attempts).toBe(2)
    // Throttling halves the allowed concurrency.
    expect(target.pacing.concurrency).toBe(2)
  })

  it('reads Retry-After as an HTTP date too', async () => {
    const when = new Date(Date.now() + 10_000).toUTCString()
    const { target, waits } = await scripted([throttled(when), user])
    await target.get('user', 'u1')
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThan(7_000)
    // The date has whole seconds; the policy adds 50 ms so the retry lands after it, not on it.
    expect(waits[0]).toBeLessThanOrEqual(10_050)
  })

  it('gives up on a 503 storm with Retry-After once the wait budget is spent, with the server error', async () => {
    const storm = (_request: RecordedRequest, response: ServerResponse) =>
      json(response, 503, { schemas: [ERROR], status: '503' }, { 'retry-after': '1' })
    const { server, target, waits } = await scripted([storm], {
      ...DEFAULT_RETRY_POLICY,
      maxRetryAfterMs: 10_000,
    })
    const error = await target.get('user', 'u1').catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(ScimHttpError)
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable' })
    // Nine waits of 1.05 s fit in 10 s; a tenth would not.
    expect(waits).toEqual(Array(9).fill(1050))
    expect(server.requests).toHaveLength(10)
    expect((error as Error).message).toMatch(
      /; still throttled after waiting 9\.5 s, the most target\.retries\.maxWaitSeconds \(10 s\) allows$/
    )
  })

  it('does not wait for a Retry-After longer than the policy allows, and says so', async () => {
    const { server, target } = await scripted([throttled('86400'), user])
    const error = await target.get('user', 'u1').catch((failure: unknown) => failure)
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests' })
    expect((error as Error).message).toMatch(
      /; the server asked to wait 86400 s, more than target\.retries\.maxWaitSeconds \(120 s\) allows$/
    )
    expect(server.requests).toHaveLength(1)
  })

  it('keeps retrying a throttled request past maxAttempts while the wait budget lasts', async () => {
    const noRetryAfter = (_request: RecordedRequest, response: ServerResponse): void =>
      json(response, 429, { schemas: [ERROR], status: '429' })
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }
    const { server, target, waits } = await scripted([...Array(8).fill(noRetryAfter), created], policy)
    await expect(target.create('user', { userName: 'ada@example.com' })).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests).toHaveLength(9)
    // Exponential backoff with (fixed) jitter, capped at maxDelayMs: 68.6 s in all, under 120 s.
    expect(waits).toEqual([375, 750, 1500, 3000, 6000, 12_000, 22_500, 22_500])
  })

  it('gives up on a request throttled without Retry-After once the budget is spent', async () => {
    const noRetryAfter = (_request: RecordedRequest, response: ServerResponse): void =>
      json(response, 429, { schemas: [ERROR], status: '429', detail: 'quota' })
    const { target, waits } = await scripted([noRetryAfter], {
      ...DEFAULT_RETRY_POLICY,
      maxRetryAfterMs: 10_000,
    })
    const error = await target.get('user', 'u1').catch((failure: unknown) => failure)
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests' })
    expect(waits).toEqual([375, 750, 1500, 3000])
    expect((error as Error).message).toMatch(/"quota"; still throttled after waiting 5\.6 s/)
  })

  it('does not count throttling against the attempts for server errors', async () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }
    const { server, target } = await scripted(
      [throttled('0'), throttled('0'), throttled('0'), serverError, serverError, user],
      policy
    )
    await expect(target.get('user', 'u1')).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests).toHaveLength(6)
  })

  it('retries an idempotent GET on a 500 with growing backoff', async () => {
    const { server, target, waits } = await scripted([serverError, serverError, user])
    await expect(target.get('user', 'u1')).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests).toHaveLength(3)
    expect(waits[1]).toBeGreaterThan(waits[0] as number)
  })

  it('retries a GET after the connection is dropped', async () => {
    const { server, target } = await scripted([dropConnection, user])
    await expect(target.get('user', 'u1')).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests).toHaveLength(2)
  })

  it('never repeats a POST blindly after a 500: the outcome is unknown', async () => {
    const { server, target } = await scripted([serverError, created])
    await expect(target.create('user', { userName: 'ada@example.com' })).rejects.toMatchObject({
      status: 500,
    })
    expect(server.requests).toHaveLength(1)
  })

  it('repeats a throttled POST: the server did not act on it', async () => {
    const { server, target } = await scripted([throttled('1'), created])
    await expect(target.create('user', { userName: 'ada@example.com' })).resolves.toMatchObject({ id: 'u1' })
    expect(server.requests.map(request => request.method)).toEqual(['POST', 'POST'])
  })

  it('repeats a replace PATCH after a dropped connection but not a PATCH that adds an element', async () => {
    const replace = await scripted([dropConnection, noContent])
    await replace.target.update('user', 'u1', [{ op: 'replace', path: 'title', value: 'Engineer' }])
    expect(replace.server.requests).toHaveLength(2)

    const add = await scripted([dropConnection, noContent])
    const error = await add.target
      .update('user', 'u1', [
        { op: 'add', path: 'emails', value: [{ type: 'work', value: 'a@example.com' }] },
      ])
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(ScimNetworkError)
    expect(add.server.requests).toHaveLength(1)
  })

  it('treats a DELETE whose retry finds the account gone as done', async () => {
    const gone = (_request: RecordedRequest, response: ServerResponse) =>
      json(response, 404, { schemas: [ERROR], status: '404' })
    const { server, target } = await scripted([serverError, gone])
    await expect(target.delete('user', 'u1')).resolves.toBeUndefined()
    expect(server.requests.map(request => request.method)).toEqual(['DELETE', 'DELETE'])
  })

  it('retries a filter lookup on a 502 from a proxy', async () => {
    const proxy = (_request: RecordedRequest, response: ServerResponse) => {
      response.writeHead(502, { 'content-type': 'text/html' })
      response.end('<html><body>Bad gateway</body></html>')
    }
    const list = (_request: RecordedRequest, response: ServerResponse) =>
      json(response, 200, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        Resources: [],
      })
    const { server, target } = await scripted([proxy, list])
    await expect(target.find('user', parseScimPath('userName'), 'ada@example.com')).resolves.toEqual([])
    expect(server.requests).toHaveLength(2)
  })
})

describe('a listing cancelled by its run', () => {
  it('aborts the page request in flight with the cancel, without retrying or waiting for the server', async () => {
    const { server, target } = await scripted([
      () => {
        // Never answers: only the cancel can end the request.
      },
    ])
    const cancel = new AbortController()
    const reason = new Error('cancelled by the admin')
    const listing = (async () => {
      for await (const resource of target.list('user', { signal: cancel.signal })) void resource
    })()
    await new Promise(resolve => setTimeout(resolve, 100))
    const started = Date.now()
    cancel.abort(reason)
    await expect(listing).rejects.toBe(reason)
    expect(Date.now() - started).toBeLessThan(500)
    expect(server.requests).toHaveLength(1)
  })

  it('sends no request once cancelled', async () => {
    const { server, target } = await scripted([user])
    const cancel = new AbortController()
    cancel.abort(new Error('cancelled'))
    const listing = (async () => {
      for await (const resource of target.list('user', { signal: cancel.signal })) void resource
    })()
    await expect(listing).rejects.toThrow('cancelled')
    expect(server.requests).toHaveLength(0)
  })
})

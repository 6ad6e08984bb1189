import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { RequestMeter } from '../../../../main/connectors/connector'
import { DEFAULT_RETRY_POLICY } from '../../../../main/connectors/scim/retry-policy'
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
  answers: ReadonlyArray<(request: RecordedRequest, response: ServerResponse) => void>
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

  it('gives up after the last attempt of a 503 storm, with the server error', async () => {
    const storm = (_request: RecordedRequest, response: ServerResponse) =>
      json(response, 503, { schemas: [ERROR], status: '503' }, { 'retry-after': '1' })
    const { server, target, waits } = await scripted([storm])
    const error = await target.get('user', 'u1').catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(ScimHttpError)
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable' })
    expect(server.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts)
    expect(waits).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1)
  })

  it('does not wait for a Retry-After longer than the policy allows', async () => {
    const { server, target } = await scripted([throttled('86400'), user])
    await expect(target.get('user', 'u1')).rejects.toMatchObject({ status: 429, code: 'TooManyRequests' })
    expect(server.requests).toHaveLength(1)
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

/**
 * The HTTP client also speaks to OAuth token endpoints and Microsoft Graph (the directory
 * sources): a form-encoded body, a credential sent in that body scrubbed from answers like the
 * Authorization header is, and their error bodies read for a code and a message.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ScimHttpError } from '../../../../main/connectors/scim/scim-errors'
import { ScimHttp } from '../../../../main/connectors/scim/scim-http'
import { startTestServer } from '../../../helpers/http-test-server'

const SECRET = 'Xy7~client-secret.value_0123456789'
const clients: ScimHttp[] = []

afterEach(async () => {
  await Promise.all(clients.splice(0).map(client => client.close()))
})

function client(baseUrl: string, secrets: ReadonlyArray<string> = []): ScimHttp {
  const http = new ScimHttp({ baseUrl, authorization: null, timeoutMs: 5_000, connections: 1, secrets })
  clients.push(http)
  return http
}

async function failure(promise: Promise<unknown>): Promise<ScimHttpError> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(ScimHttpError)
  return error as ScimHttpError
}

describe('ScimHttp for OAuth and Graph', () => {
  it('posts a form as application/x-www-form-urlencoded', async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"token_type":"Bearer","expires_in":3599,"access_token":"t"}')
    })
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_secret: SECRET })
    const answer = await client(`${server.origin}/tenant/oauth2/v2.0/token`).send('POST', '', form)
    expect(answer.body).toMatchObject({ access_token: 't' })
    const [request] = server.requests
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(new URLSearchParams(request?.body).get('client_secret')).toBe(SECRET)
  })

  it('reads an OAuth error (error, error_description) and scrubs the secret sent in the body', async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret is provided: ${SECRET} (${encodeURIComponent(SECRET)})`,
          error_codes: [7000215],
        })
      )
    })
    const error = await failure(client(server.origin, [SECRET]).send('POST', '/token', new URLSearchParams()))
    expect(error.status).toBe(401)
    expect(error.scimType).toBe('invalid_client')
    expect(error.detail).toMatch(/^AADSTS7000215: Invalid client secret is provided/)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain(encodeURIComponent(SECRET))
  })

  it('reads a Microsoft Graph error ({ error: { code, message } })', async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
            innerError: { 'request-id': 'r', date: 'd' },
          },
        })
      )
    })
    const error = await failure(client(`${server.origin}/v1.0`).send('GET', '/users'))
    expect(error.scimType).toBe('Authorization_RequestDenied')
    expect(error.detail).toBe('Insufficient privileges to complete the operation.')
  })
})

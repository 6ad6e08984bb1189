import { describe, expect, it } from 'vitest'
import type { JobFileIssue } from '../../../main/config/job-file-error'
import { jobFileErrorOf, jobObject, parseJob } from '../../helpers/job-fixtures'

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

function withSource(source: Record<string, unknown>): string {
  return pretty(jobObject({ extra: { source } }))
}

function issuesOf(text: string): ReadonlyArray<JobFileIssue> {
  return jobFileErrorOf(() => parseJob(text)).issues
}

function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle)
  if (index === -1) throw new Error(`${JSON.stringify(needle)} not in the text`)
  const before = text.slice(0, index)
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') }
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const CLIENT = '535fb089-9ff3-47b6-9bfb-4f1264799865'
const GRAPH = { type: 'graph', tenantId: TENANT, clientId: CLIENT, secretRef: 'keychain:graph-app' }
const SCIM = {
  type: 'scim',
  baseUrl: 'https://hr.example.com/scim/v2',
  auth: { type: 'bearer', secretRef: 'env:HR_TOKEN' },
}

describe('job file: a Microsoft Graph source', () => {
  it('takes the design shape and fills safe defaults', () => {
    const source = parseJob(withSource(GRAPH)).config.source
    expect(source).toEqual({
      ...GRAPH,
      graphUrl: 'https://graph.microsoft.com/v1.0',
      tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      authoritative: true,
      groupMembers: 'direct',
      delta: false,
      pageSize: 999,
      timeoutMs: 30_000,
      maxResponseBytes: 64 * 1024 * 1024,
      allowInsecureHttp: false,
    })
  })

  it('accepts a national cloud and a loopback test server over plain http', () => {
    const cloud = {
      graphUrl: 'https://graph.microsoft.us/v1.0',
      tokenUrl: 'https://login.microsoftonline.us/{tenant}/oauth2/v2.0/token',
    }
    expect(parseJob(withSource({ ...GRAPH, ...cloud })).config.source).toMatchObject(cloud)
    const local = {
      graphUrl: 'http://127.0.0.1:4000/v1.0',
      tokenUrl: 'http://localhost:4000/{tenant}/oauth2/v2.0/token',
    }
    expect(parseJob(withSource({ ...GRAPH, ...local })).config.source).toMatchObject(local)
  })

  it.each<[string, Record<string, unknown>, string, string, RegExp]>([
    [
      'the client secret over plain http to another machine',
      { tokenUrl: 'http://login.example.net/{tenant}/token' },
      'source.tokenUrl',
      '"http://login.example.net/{tenant}/token"',
      /would send the client secret over plain http:\/\/ to login\.example\.net/,
    ],
    [
      'the access token over plain http to another machine',
      { graphUrl: 'http://graph.example.net/v1.0' },
      'source.graphUrl',
      '"http://graph.example.net/v1.0"',
      /would send the access token over plain http:\/\/ to graph\.example\.net/,
    ],
    [
      'a client id that is not a GUID',
      { clientId: 'my-app' },
      'source.clientId',
      '"my-app"',
      /application \(client\) id, a GUID/,
    ],
    [
      'a tenant that is neither a GUID nor a domain',
      { tenantId: 'contoso tenant' },
      'source.tenantId',
      '"contoso tenant"',
      /tenant\) id: a GUID or a domain/,
    ],
    ['a page size Graph refuses', { pageSize: 1000 }, 'source.pageSize', '1000', /999/],
    [
      'an unknown membership mode',
      { groupMembers: 'nested' },
      'source.groupMembers',
      '"nested"',
      /direct|transitive/,
    ],
  ])('refuses %s at its place', (_label, change, field, needle, message) => {
    const text = withSource({ ...GRAPH, ...change })
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({ field, ...positionOf(text, needle) })
    expect(issue?.message).toMatch(message)
  })

  it('refuses a missing secret reference and a misspelt option at their places', () => {
    const { secretRef: _omitted, ...withoutSecret } = GRAPH
    const text = withSource({ ...withoutSecret, tennantId: 'x' })
    expect(issuesOf(text)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'source.secretRef', message: 'is required' }),
        expect.objectContaining({
          field: 'source',
          message: 'unknown option "tennantId"',
          ...positionOf(text, '"tennantId"'),
        }),
      ])
    )
  })

  it('refuses a client secret written inline, saying how to store it', () => {
    const text = withSource({ ...GRAPH, clientSecret: 'Xy7~abcdefghijklmnopqrstuvwxyz012345' })
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({ field: 'source.clientSecret' })
    expect(issue?.message).toMatch(/provisioner secrets set NAME/)
  })
})

describe('job file: a SCIM source', () => {
  it('takes the design shape and fills safe defaults', () => {
    const source = parseJob(withSource({ ...SCIM, filter: 'active eq true' })).config.source
    expect(source).toEqual({
      ...SCIM,
      filter: 'active eq true',
      authoritative: true,
      pageSize: 100,
      timeoutMs: 30_000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxResources: 2_000_000,
      allowInsecureHttp: false,
    })
  })

  it('refuses its credential over plain http to another machine, at baseUrl', () => {
    const text = withSource({ ...SCIM, baseUrl: 'http://hr.example.com/scim/v2' })
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({
      field: 'source.baseUrl',
      ...positionOf(text, '"http://hr.example.com/scim/v2"'),
    })
    expect(issue?.message).toMatch(/would send the bearer token over plain http:\/\/ to hr\.example\.com/)
  })

  it('refuses an auth it does not know at its place', () => {
    const text = withSource({ ...SCIM, auth: { type: 'oauth', secretRef: 'env:X' } })
    const [issue] = issuesOf(text)
    expect(issue?.field).toBe('source.auth.type')
    expect(issue).toMatchObject(positionOf(text, '"oauth"'))
  })
})

describe('job file: the source type', () => {
  it('refuses an unknown source type at its place, naming the known ones', () => {
    const text = withSource({ type: 'workday', url: 'https://x' })
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({ field: 'source.type', ...positionOf(text, '"workday"') })
    expect(issue?.message).toMatch(/csv.*graph.*scim/)
  })

  it('keeps a CSV source a partial import unless it says authoritative', () => {
    const text = withSource({ type: 'csv', path: 'people.csv', idColumn: 'employeeId' })
    expect(parseJob(text).config.source.authoritative).toBe(false)
  })
})

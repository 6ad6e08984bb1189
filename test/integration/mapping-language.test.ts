/**
 * The Entra mapping language end to end: SelectUniqueValue checked against the target,
 * AppRoleAssignmentsComplex to SCIM roles, mapping options shown by dry runs, scoping steps that
 * name the deciding filter and clause, and `provisioner eval`.
 */
import { writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { baseJob, person, startTarget, USER_SCHEMA, Workspace } from '../helpers/provisioning-fixture'

let server: SandboxServer

beforeEach(async () => {
  server = await startTarget({
    seedUsers: [{ schemas: [USER_SCHEMA], userName: 'john.smith@example.com', displayName: 'Existing John' }],
  })
})
afterEach(async () => {
  await server.close()
})

// SelectUniqueValue must be the whole expression (Entra): the other functions go inside it.
const candidate = (given: string) =>
  `ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", ${given}, [surname]))), "example.com"))`
const UNIQUE_USERNAME = `SelectUniqueValue(${candidate('[givenName]')}, ${candidate('Mid([givenName], 1, 1)')}, ${candidate('Mid([givenName], 1, 2)')})`

function uniqueJob(baseUrl: string) {
  const job = baseJob(baseUrl)
  job.users.mappings = [
    { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 1 },
    { target: 'userName', expression: UNIQUE_USERNAME, apply: 'on-create' },
    { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
  ]
  return job
}

describe('SelectUniqueValue', () => {
  it('gives each new person the first userName that no account and no one earlier in the run holds', async () => {
    const ws = new Workspace()
    ws.writePeople([person('1', 'John', 'Smith'), person('2', 'Jöhn', 'Smith'), person('3', 'Jo', 'Smith')])
    ws.writeJob(uniqueJob(server.baseUrl))

    const plan = await ws.plan()
    expect(
      plan.operations.filter(operation => operation.action === 'create').map(operation => operation.display)
    ).toEqual(['j.smith@example.com', 'jo.smith@example.com'])
    const result = await ws.apply([], 1)

    const byExternal = new Map(server.store.listUsers().map(user => [user['externalId'], user['userName']]))
    // john.smith belongs to an existing account; the first John gets j.smith, Jöhn (diacritics
    // removed) jo.smith; Jo Smith's three candidates are all taken.
    expect(byExternal.get('1')).toBe('j.smith@example.com')
    expect(byExternal.get('2')).toBe('jo.smith@example.com')
    expect(byExternal.has('3')).toBe(false)
    expect(result.failures).toEqual([
      expect.objectContaining({ sourceId: '3', errorCode: 'ExpressionEvaluationFailed' }),
    ])
    expect(result.failures[0]?.message).toMatch(/already exist in the target/)

    // Accounts keep the name they were given: a later run does not re-select it.
    const again = await ws.apply([], 1)
    expect(again.summary.users.unchanged).toBe(2)
  })

  it('is refused on a matching attribute or without apply on-create, at its place in the job file', async () => {
    const ws = new Workspace()
    ws.writePeople([person('1', 'John', 'Smith')])
    const job = uniqueJob(server.baseUrl)
    job.users.mappings[1] = { target: 'userName', expression: UNIQUE_USERNAME, matchingPrecedence: 2 }
    ws.writeJob(job)
    const result = await ws.cli(['plan', '--job', 'job.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /job\.json:\d+:\d+: users\.mappings\[1\]\.matchingPrecedence: SelectUniqueValue cannot be used on a matching attribute/
    )
    expect(result.stderr).toMatch(
      /users\.mappings\[1\]\.expression: SelectUniqueValue generates a value for new accounts only/
    )
  })
})

describe('roles and mapping options', () => {
  it('sends role names as SCIM role objects and replaces them when the assignment changes', async () => {
    const ws = new Workspace()
    writeFileSync(ws.path('people.csv'), 'id,mail,roles,nickname,title\n1,ada@example.com,Admin;User,,\n')
    const job = {
      name: 'Roles',
      source: { type: 'csv', path: 'people.csv', idColumn: 'id', multiValued: { roles: ';' } },
      target: {
        type: 'scim',
        baseUrl: server.baseUrl,
        auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' },
      },
      users: {
        mappings: [
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
          { target: 'roles', expression: 'AppRoleAssignmentsComplex([roles])' },
          { target: 'nickName', expression: '[nickname]', default: 'new hire' },
          { target: 'title', expression: 'IgnoreFlowIfNullOrEmpty([title])' },
        ],
      },
    }
    ws.writeJob(job)

    const plan = await ws.plan()
    const create = plan.operations[0]
    expect(create?.changes).toContainEqual({
      path: 'nickName',
      from: null,
      to: 'new hire',
      note: 'default value: the expression gave no value',
    })
    await ws.apply()
    const ada = server.store.listUsers().find(user => user['userName'] === 'ada@example.com')
    expect(ada?.['roles']).toEqual([
      expect.objectContaining({ value: 'Admin', display: 'Admin', primary: false }),
      expect.objectContaining({ value: 'User', display: 'User', primary: false }),
    ])
    expect(ada?.['nickName']).toBe('new hire')
    expect(ada).not.toHaveProperty('title')

    writeFileSync(ws.path('people.csv'), 'id,mail,roles,nickname,title\n1,ada@example.com,Reader,,\n')
    const update = await ws.plan()
    expect(update.operations[0]?.changes.map(change => change.path)).toEqual(['roles'])
    await ws.apply()
    const after = server.store.listUsers().find(user => user['userName'] === 'ada@example.com')
    expect((after?.['roles'] as Array<{ value: string }>).map(role => role.value)).toEqual(['Reader'])
    // The default is not re-sent on update (Entra: only when the account is created).
    expect(after?.['nickName']).toBe('new hire')
  })
})

describe('scoping in the log', () => {
  it('names the filter and the clause that decided', async () => {
    const ws = new Workspace()
    ws.writePeople([
      person('1', 'Ada', 'Lovelace', { department: 'Engineering' }),
      person('2', 'Alan', 'Turing', { department: 'Research' }),
    ])
    const job = baseJob(server.baseUrl)
    job.users['scoping'] = [
      {
        title: 'Engineers',
        clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Engineering' }],
      },
      {
        title: 'Senior researchers',
        clauses: [
          { attribute: 'department', operator: 'EQUALS', value: 'Research' },
          { attribute: 'title', operator: 'REGEX MATCH', value: 'Senior.*' },
        ],
      },
    ]
    ws.writeJob(job)
    const result = await ws.apply()
    const logs = await ws.logs(['--run', result.runId])
    const scoping = (id: string) =>
      logs.find(entry => entry.sourceId === id)?.steps.find(step => step.type === 'scoping')?.description
    expect(scoping('1')).toBe('In scope by filter "Engineers" (all 1 clause(s) true)')
    expect(scoping('2')).toBe(
      'Out of scope: filter "Engineers": department EQUALS "Engineering" is false; ' +
        'filter "Senior researchers": title REGEX MATCH "Senior.*" is false'
    )
  })
})

describe('provisioner eval', () => {
  it('prints the value, a dropped flow, and a parse error with a caret (exit 2)', async () => {
    const ws = new Workspace()
    const value = await ws.cli([
      'eval',
      'Join(" ", [givenName], [surname])',
      '--source',
      '{"givenName":"Ada","surname":"Lovelace"}',
    ])
    expect(value.code).toBe(0)
    expect(JSON.parse(value.stdout)).toEqual({ value: 'Ada Lovelace' })

    const dropped = await ws.cli(['eval', 'IgnoreFlowIfNullOrEmpty([department])', '--source', '{}'])
    expect(JSON.parse(dropped.stdout)).toEqual({ value: null, flow: 'ignored' })

    const clock = await ws.cli([
      'eval',
      'DateAdd("d", 7, Now())',
      '--source',
      '{}',
      '--now',
      '2021-07-02T15:33:38Z',
    ])
    expect(JSON.parse(clock.stdout)).toEqual({ value: '7/9/2021 3:33:38 PM' })

    const bad = await ws.cli(['eval', 'Joinn(" ", [a])', '--source', '{}'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Did you mean Join?')
    expect(bad.stderr).toMatch(/Joinn\(" ", \[a\]\)\n\s*\^/)
  })

  it('evaluates a JSON Lines batch in order, one result per line', async () => {
    const ws = new Workspace()
    ws.writeText(
      'batch.jsonl',
      [
        JSON.stringify({ expression: 'ToUpper([a])', source: { a: 'x' } }),
        JSON.stringify({ expression: 'Switch([s], "d", "1", "one")', source: { s: '1' } }),
        JSON.stringify({ expression: 'Mid(', source: {} }),
        'not json',
        JSON.stringify({ expression: 'Now()', source: {}, now: '2020-01-02T03:04:05Z' }),
      ].join('\n')
    )
    const result = await ws.cli(['eval', '--batch', 'batch.jsonl'])
    expect(result.code).toBe(0)
    const lines = result.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(5)
    expect(lines[0]).toEqual({ value: 'X' })
    expect(lines[1]).toEqual({ value: 'one' })
    expect(lines[2]?.['error']).toMatch(/^line 3: /)
    expect(lines[3]?.['error']).toMatch(/^line 4: invalid JSON/)
    expect(lines[4]).toEqual({ value: '1/2/2020 3:04:05 AM' })
  })
})

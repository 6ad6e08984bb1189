import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import type { JsonObject } from '../../../main/ipc/api/contract'
import { compileExpression, ExpressionSyntaxError } from '../../../main/mapping/expression'
import { defaultFunctionRegistry } from '../../../main/mapping/expression'
import { commentedJob, PEOPLE_CSV, startApi } from './api-fixture'

async function openedJob(baseUrl?: string) {
  const fixture = startApi({ env: { DEMO_TOKEN: 'editor-checks-token-123456' } })
  const csv = fixture.write('people.csv', `${PEOPLE_CSV}\n`)
  const path = fixture.write('job.json', commentedJob('people.csv', baseUrl))
  const view = await fixture.call('openJobFile', { path })
  return { fixture, csv, path, view }
}

/** `provisioner eval`'s message for a broken expression. */
function evalMessage(expression: string): string {
  try {
    compileExpression(expression)
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error.message
  }
  throw new Error('expected a syntax error')
}

describe('the source preview', () => {
  it("shows the detected delimiter and encoding, the columns and the first rows, using the connector's detection", async () => {
    const fixture = startApi()
    const text = 'personalNr;Vorname;Nachname;Abteilung\n1;Jürgen;Groß;Vertrieb\n2;Zoë;Núñez;Einkauf\n'
    const csv = fixture.write('hr.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
    const preview = await fixture.call('previewSource', { source: { type: 'csv', path: csv } })
    expect(preview).toMatchObject({
      encoding: { configured: 'auto', detected: 'utf-8' },
      delimiter: { configured: null, detected: ';' },
      columns: ['personalNr', 'Vorname', 'Nachname', 'Abteilung'],
      rows: [
        ['1', 'Jürgen', 'Groß', 'Vertrieb'],
        ['2', 'Zoë', 'Núñez', 'Einkauf'],
      ],
      rowCount: null,
      issues: [],
    })
    // With the id column chosen, the whole file is read as a run reads it.
    const counted = await fixture.call('previewSource', {
      source: { type: 'csv', path: csv, idColumn: 'personalNr' },
    })
    expect(counted.rowCount).toBe(2)
    // UTF-16 without a BOM, as some HR systems write it.
    const utf16 = fixture.write('utf16.csv', Buffer.from('id,name\n1,Ada\n', 'utf16le'))
    const sniffed = await fixture.call('previewSource', { source: { type: 'csv', path: utf16 } })
    expect(sniffed).toMatchObject({ encoding: { detected: 'utf-16le' }, columns: ['id', 'name'] })
  })

  it("shows a bad file with the CLI's located errors", async () => {
    const fixture = startApi()
    const csv = fixture.write('bad.csv', 'id,name\n1,Ada\n1,Grace\n2,"Alan\n')
    const preview = await fixture.call('previewSource', {
      source: { type: 'csv', path: csv, idColumn: 'id' },
    })
    expect(preview.issues).toHaveLength(1)
    expect(preview.issues[0]?.startsWith(`${csv}:4:2: unterminated quoted field`)).toBe(true)
    expect(preview.issues[0]).toContain('is never closed')
    const duplicate = fixture.write('dup.csv', 'id,name\n1,Ada\n1,Grace\n')
    const dupPreview = await fixture.call('previewSource', {
      source: { type: 'csv', path: duplicate, idColumn: 'id' },
    })
    expect(dupPreview.issues).toEqual([`${duplicate}:3:1: duplicate id "1" (first on line 2)`])
    const missing = await fixture.call('previewSource', { source: { type: 'csv', path: `${csv}.gone` } })
    expect(missing.issues).toEqual([expect.stringContaining('file not found')])
    expect(
      await fixture.fail('previewSource', { source: { type: 'csv', path: csv, encoding: 'latin-9' } })
    ).toMatchObject({
      code: 'invalid-input',
      issues: [expect.stringContaining('source.encoding')],
    })
  })
})

describe('the expression editor', () => {
  it("highlights by the language's own tokens and evaluates for the first people of the source", async () => {
    const { fixture } = await openedJob()
    const expression = 'IIF([status]="Active", ToUpper([surname]), "x")'
    const analysis = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression,
      count: 20,
    })
    expect(analysis.problem).toBeNull()
    expect(analysis.tokens.map(token => [expression.slice(token.from, token.to), token.kind])).toEqual([
      ['IIF', 'function'],
      ['(', 'punctuation'],
      ['[status]', 'attribute'],
      ['=', 'operator'],
      ['"Active"', 'string'],
      [',', 'punctuation'],
      ['ToUpper', 'function'],
      ['(', 'punctuation'],
      ['[surname]', 'attribute'],
      [')', 'punctuation'],
      [',', 'punctuation'],
      ['"x"', 'string'],
      [')', 'punctuation'],
    ])
    expect(analysis.values.map(value => [value.display, value.value])).toEqual([
      ['Ada Lovelace', 'LOVELACE'],
      ['Grace Hopper', 'HOPPER'],
      ['Alan Turing', 'x'],
      ['Linus Torvalds', 'TORVALDS'],
    ])
    const one = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: 'Redact([mail])',
      sourceId: '1002',
      count: 1,
    })
    expect(one.values).toEqual([
      { sourceId: '1002', display: 'Grace Hopper', value: '[Redact]', ignored: false, error: null },
    ])
  })

  it("puts a broken expression's error at its exact place with provisioner eval's message", async () => {
    const { fixture } = await openedJob()
    for (const expression of [
      'Join(" ", [givenName], [surname]',
      'Joinn(" ", [givenName])',
      'ToLower([mail]) & "x"',
    ]) {
      const analysis = await fixture.call('analyzeExpression', {
        jobId: 'hr-demo',
        objectType: 'user',
        expression,
        count: 20,
      })
      expect(analysis.problem?.message).toBe(evalMessage(expression))
      expect(analysis.values).toEqual([])
    }
    const unknown = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: '  Joinn(" ", [givenName])',
      count: 1,
    })
    expect(unknown.problem).toMatchObject({
      from: 2,
      to: 7,
      line: 1,
      column: 3,
      suggestion: 'Did you mean Join?',
    })
    const lexical = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: '[a] § [b]',
      count: 1,
    })
    expect(lexical.tokens.at(-1)).toEqual({ from: 4, to: 9, kind: 'invalid' })
  })

  it("names attributes the source does not have, with the CLI's message, and shows per-person failures", async () => {
    const { fixture } = await openedJob()
    const analysis = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: 'Join(" ", [givenname], [mail])',
      count: 2,
    })
    expect(analysis.unknownAttributes).toEqual([
      {
        name: 'givenname',
        message:
          'unknown source attribute [givenname]: people.csv has no such column; did you mean [givenName]?',
      },
    ])
    const failing = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: 'FormatDateTime([mail], , "yyyyMMdd", "yyyy")',
      count: 1,
    })
    expect(failing.values[0]?.error).toMatch(/^FormatDateTime: .*\(line 1, column 1\)$/)
  })

  it('uses the unsaved source settings of the editor, and evaluates group mappings on the derived groups', async () => {
    const { fixture, view } = await openedJob()
    fixture.write(
      'other.csv',
      'id,mail,teams\n7,zoe@example.com,Sales;Everyone\n8,tim@example.com,Everyone\n'
    )
    const source = { ...(view.document?.['source'] as JsonObject), path: 'other.csv', idColumn: 'id' }
    const analysis = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      source,
      objectType: 'user',
      expression: '[mail]',
      count: 5,
    })
    expect(analysis.values.map(value => value.value)).toEqual(['zoe@example.com', 'tim@example.com'])
    await fixture.call('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: { ...(view.document as JsonObject), source, groups: { fromColumn: 'teams' } },
    })
    const groups = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'group',
      expression: 'ToUpper([name])',
      count: 5,
    })
    expect(groups.values.map(value => value.value)).toEqual(['SALES', 'EVERYONE'])
    const people = await fixture.call('listSourcePeople', {
      jobId: 'hr-demo',
      objectType: 'user',
      search: 'TIM',
      limit: 10,
    })
    expect(people).toEqual([{ id: '8', display: 'tim@example.com' }])
  })

  it('reports a source that cannot be read instead of values', async () => {
    const { fixture, csv } = await openedJob()
    writeFileSync(csv, 'employeeId,mail\n1,a\n1,b\n')
    const analysis = await fixture.call('analyzeExpression', {
      jobId: 'hr-demo',
      objectType: 'user',
      expression: '[mail]',
      count: 3,
    })
    expect(analysis.sourceProblem).toMatchObject({
      code: 'source-failed',
      issues: ['people.csv:3:1: duplicate id "1" (first on line 2)'],
    })
  })
})

describe('the scoping editor', () => {
  it('counts who is in and out of scope over the whole source, with the first names of each', async () => {
    const { fixture } = await openedJob()
    const staff = [{ title: 'Staff', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] }]
    expect(await fixture.call('previewScoping', { jobId: 'hr-demo', filters: staff })).toEqual({
      total: 4,
      inScope: {
        count: 3,
        sample: [
          { id: '1001', display: 'Ada Lovelace' },
          { id: '1002', display: 'Grace Hopper' },
          { id: '1003', display: 'Alan Turing' },
        ],
      },
      outOfScope: { count: 1, sample: [{ id: '1004', display: 'Linus Torvalds' }] },
      undecided: 0,
      problem: null,
    })
    // A second filter ORs.
    const either = [
      ...staff,
      {
        title: 'Engineers',
        clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Engineering' }],
      },
    ]
    expect((await fixture.call('previewScoping', { jobId: 'hr-demo', filters: either })).inScope.count).toBe(
      4
    )
    // Clauses of one filter AND.
    const both = [
      {
        title: '',
        clauses: [...staff[0]!.clauses, { attribute: 'status', operator: 'EQUALS', value: 'Active' }],
      },
    ]
    expect((await fixture.call('previewScoping', { jobId: 'hr-demo', filters: both })).inScope.count).toBe(2)
  })

  it('locates a filter that cannot be used', async () => {
    const { fixture } = await openedJob()
    const noValue = await fixture.call('previewScoping', {
      jobId: 'hr-demo',
      filters: [{ title: '', clauses: [{ attribute: 'type', operator: 'EQUALS' }] }],
    })
    expect(noValue.problem).toEqual({
      field: 'users.scoping[0].clauses[0]',
      message: 'operator EQUALS needs a value',
    })
    const badRegex = await fixture.call('previewScoping', {
      jobId: 'hr-demo',
      filters: [{ title: '', clauses: [{ attribute: 'type', operator: 'REGEX MATCH', value: '(' }] }],
    })
    expect(badRegex.problem?.field).toBe('users.scoping[0].clauses[0]')
    const unknownOperator = await fixture.call('previewScoping', {
      jobId: 'hr-demo',
      filters: [{ title: '', clauses: [{ attribute: 'type', operator: 'LIKE', value: 'x' }] }],
    })
    expect(unknownOperator.problem?.field).toBe('users.scoping[0].clauses[0].operator')
  })
})

describe('test connection', () => {
  let sandbox: SandboxServer | undefined
  afterEach(async () => {
    await sandbox?.close()
    sandbox = undefined
  })

  it('sends each check as an event as it completes, then the whole report', async () => {
    sandbox = await startSandboxServer({ auth: { type: 'bearer', token: 'editor-checks-token-123456' } })
    const { fixture } = await openedJob(sandbox.baseUrl)
    const events = fixture.record('connectionCheck')
    const seenBeforeTheAnswer: number[] = []
    fixture.hub.on('connectionCheck', () => seenBeforeTheAnswer.push(events.length))
    const report = await fixture.call('testConnection', {
      jobId: 'hr-demo',
      callId: 'call-0001',
      write: false,
    })
    expect(report.usable).toBe(true)
    expect(events.map(event => event.check)).toEqual(report.checks)
    expect(events.every(event => event.callId === 'call-0001' && event.jobId === 'hr-demo')).toBe(true)
    expect(seenBeforeTheAnswer.length).toBe(report.checks.length)
    expect(report.checks.map(check => check.name)).toContain('Connection')
    expect(report.checks.find(check => check.name === 'Writes')?.status).toBe('skipped')
    expect(sandbox.requestCounts['POST'] ?? 0).toBe(0)

    // With writes (after the admin confirmed): a throwaway user is created and deleted.
    const written = await fixture.call('testConnection', {
      jobId: 'hr-demo',
      callId: 'call-0002',
      write: true,
    })
    expect(written.checks.find(check => check.name === 'Create')?.status).toBe('ok')
    expect(sandbox.store.listUsers()).toEqual([])
  })

  it("tests the editor's unsaved target and reports the server's refusal", async () => {
    sandbox = await startSandboxServer({ auth: { type: 'bearer', token: 'another-token-000000' } })
    const { fixture, view } = await openedJob('https://unused.example.com/scim/v2')
    const document = {
      ...(view.document as JsonObject),
      target: { ...(view.document?.['target'] as JsonObject), baseUrl: sandbox.baseUrl },
    }
    const report = await fixture.call('testConnection', {
      jobId: 'hr-demo',
      callId: 'call-0003',
      write: false,
      document,
    })
    expect(report.usable).toBe(false)
    expect(report.baseUrl).toBe(sandbox.baseUrl)
    expect(report.checks[0]).toMatchObject({ name: 'Connection', status: 'failure' })
    expect(report.checks[0]?.detail).toMatch(/401/)
    expect(JSON.stringify(report)).not.toContain('editor-checks-token-123456')
  })

  it("checks a directory source with its connector's own checks before the target, and reports its refusal", async () => {
    sandbox = await startSandboxServer({ auth: { type: 'bearer', token: 'editor-checks-token-123456' } })
    const directory = await startSandboxServer({
      auth: { type: 'bearer', token: 'source-directory-token-98765' },
      seedUsers: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ada@example.com',
          externalId: '1001',
        },
      ],
    })
    try {
      const { fixture, view } = await openedJob(sandbox.baseUrl)
      const withSource = (secretRef: string): JsonObject => ({
        ...(view.document as JsonObject),
        source: { type: 'scim', baseUrl: directory.baseUrl, auth: { type: 'bearer', secretRef } },
        users: { mappings: [{ target: 'userName', expression: '[userName]', matchingPrecedence: 1 }] },
      })
      await fixture.secrets.set('directory-token', 'source-directory-token-98765')
      const events = fixture.record('connectionCheck')
      const report = await fixture.call('testConnection', {
        jobId: 'hr-demo',
        callId: 'call-0005',
        write: false,
        document: withSource('keychain:directory-token'),
      })
      const name = `Source: SCIM ${directory.baseUrl}`
      expect(report.checks.slice(0, 2)).toEqual([
        {
          name: `${name}: Read one user`,
          status: 'ok',
          detail: expect.stringContaining('ada@example.com'),
          suggestion: null,
        },
        { name: `${name}: Read one group`, status: 'ok', detail: expect.any(String), suggestion: null },
      ])
      expect(report.checks[2]?.name).toBe('Connection')
      expect(events.map(event => event.check)).toEqual(report.checks)
      expect(report.usable).toBe(true)

      // The directory refuses the credential: the source check fails with its answer, the target is still tested.
      await fixture.secrets.set('directory-token', 'a-wrong-token-0000000000')
      const refused = await fixture.call('testConnection', {
        jobId: 'hr-demo',
        callId: 'call-0006',
        write: false,
        document: withSource('keychain:directory-token'),
      })
      expect(refused.usable).toBe(false)
      expect(
        refused.checks.filter(check => check.name.startsWith(name)).every(check => check.status === 'failure')
      ).toBe(true)
      expect(JSON.stringify(refused.checks)).toMatch(/401/)
      expect(refused.checks.find(check => check.name === 'Connection')?.status).toBe('ok')
      expect(JSON.stringify([report, refused])).not.toMatch(/source-directory-token|a-wrong-token/)
    } finally {
      await directory.close()
    }
  })

  it('checks a CSV hand-off folder instead of probing a SCIM app: it exists and a file can be written there', async () => {
    const { fixture, view } = await openedJob()
    const handoff = (directory: string) => ({
      ...(view.document as JsonObject),
      target: { type: 'csv-handoff', directory },
    })
    const test = (directory: string, callId: string) =>
      fixture.call('testConnection', { jobId: 'hr-demo', callId, write: false, document: handoff(directory) })
    mkdirSync(join(fixture.workspace, 'handoff'))
    const events = fixture.record('connectionCheck')
    const ready = await test('handoff', 'call-0101')
    expect(ready.usable).toBe(true)
    expect(ready.baseUrl).toBe(join(fixture.workspace, 'handoff'))
    expect(ready.checks).toEqual([
      expect.objectContaining({ name: 'Hand-off folder', status: 'ok' }),
      expect.objectContaining({ name: 'Writable', status: 'ok' }),
    ])
    expect(events.map(event => event.check)).toEqual(ready.checks)
    // The check leaves nothing behind in the folder the admin uploads from.
    expect(readdirSync(join(fixture.workspace, 'handoff'))).toEqual([])

    // A missing folder apply could create: named, with what apply does about it.
    const missing = await test('not-there-yet', 'call-0102')
    expect(missing.checks[0]).toMatchObject({ name: 'Hand-off folder', status: 'warning' })
    expect(missing.checks[0]?.detail).toContain(join(fixture.workspace, 'not-there-yet'))
    expect(missing.checks[0]?.detail).toMatch(/does not exist/)
    expect(existsSync(join(fixture.workspace, 'not-there-yet'))).toBe(false)

    // Under a regular file no folder can ever be made (this also holds when tests run as root).
    writeFileSync(join(fixture.workspace, 'a-file'), 'x')
    const blocked = await test('a-file/handoff', 'call-0103')
    expect(blocked.usable).toBe(false)
    expect(blocked.checks[0]).toMatchObject({ name: 'Hand-off folder', status: 'failure' })
    expect(blocked.checks[0]?.detail).toMatch(/a-file.*is a file/)

    const notAFolder = await test('a-file', 'call-0104')
    expect(notAFolder.usable).toBe(false)
    expect(notAFolder.checks[0]).toMatchObject({ name: 'Hand-off folder', status: 'failure' })
    expect(notAFolder.checks[0]?.detail).toMatch(/not a folder/)
  })

  it('reports a hand-off folder where no file can be written', async () => {
    const { fixture, view } = await openedJob()
    const folder = join(fixture.workspace, 'read-only')
    mkdirSync(folder)
    chmodSync(folder, 0o555)
    const writable = process.getuid?.() === 0
    try {
      const report = await fixture.call('testConnection', {
        jobId: 'hr-demo',
        callId: 'call-0105',
        write: false,
        document: {
          ...(view.document as JsonObject),
          target: { type: 'csv-handoff', directory: 'read-only' },
        },
      })
      // root writes anywhere: there the check rightly passes (the failure is covered above).
      expect(report.checks[1]).toMatchObject({ name: 'Writable', status: writable ? 'ok' : 'failure' })
      expect(report.usable).toBe(writable)
    } finally {
      chmodSync(folder, 0o755)
    }
  })

  it('refuses a job whose credential is missing, naming it', async () => {
    const fixture = startApi()
    fixture.write('people.csv', `${PEOPLE_CSV}\n`)
    const path = fixture.write('job.json', commentedJob('people.csv', 'http://127.0.0.1:9/scim/v2'))
    await fixture.call('openJobFile', { path })
    expect(
      await fixture.fail('testConnection', { jobId: 'hr-demo', callId: 'call-0004', write: false })
    ).toMatchObject({
      code: 'secret-missing',
      message: expect.stringContaining('env:DEMO_TOKEN'),
    })
  })
})

describe('first run, catalog and preferences', () => {
  it('starts the sandbox app with the sample HR file and a job that previews straight away', async () => {
    const fixture = startApi()
    const view = await fixture.call('startSandbox')
    expect(view).toMatchObject({ jobId: 'sandbox', inStateFolder: true, issues: [] })
    expect(view.credentials.target).toMatchObject({ kind: 'env', available: true })
    const overview = await fixture.call('getOverview')
    expect(overview.sandbox).toMatchObject({
      jobId: 'sandbox',
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/),
    })
    const preview = await fixture.call('planJob', { jobId: 'sandbox' })
    expect(preview.summary.users.create).toBeGreaterThan(0)
    expect(preview.summary.users.link).toBe(1)
    // Starting again keeps the job (and the admin's edits to it).
    const again = await fixture.call('startSandbox')
    expect(again.version).toBe(view.version)
  })

  it('documents every function of the language with its signature', async () => {
    const fixture = startApi()
    const catalog = await fixture.call('getEditorCatalog')
    expect(catalog.functions.map(fn => fn.name)).toEqual(defaultFunctionRegistry.functionNames())
    for (const fn of catalog.functions) {
      expect(fn.doc, fn.name).not.toBe('')
      expect(fn.signature.startsWith(`${fn.name}(`), fn.name).toBe(true)
    }
    expect(catalog.scopingOperators).toHaveLength(14)
    expect(catalog.constants.map(constant => constant.name)).toEqual(['vbBinaryCompare', 'vbTextCompare'])
    expect(catalog.templates.map(template => template.name)).toContain('slack')
  })

  it('keeps UI preferences patch by patch', async () => {
    const fixture = startApi()
    expect(await fixture.call('getUiSettings')).toEqual({ theme: 'system', expressionSampleMany: false })
    expect(await fixture.call('updateUiSettings', { theme: 'dark' })).toEqual({
      theme: 'dark',
      expressionSampleMany: false,
    })
    expect(await fixture.fail('updateUiSettings', { theme: 'blue' } as never)).toMatchObject({
      code: 'invalid-input',
    })
    expect(await fixture.fail('chooseFile', { purpose: 'source-csv' })).toMatchObject({ code: 'unsupported' })
  })
})

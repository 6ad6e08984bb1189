/**
 * A fake API for the job editor's component tests: a job file held in memory, a catalog, and
 * editor checks computed by tiny stand-ins (the real ones are tested through dispatch in
 * test/unit/ipc). Every call is recorded so a test can see what the page asked for.
 */
import { vi } from 'vitest'
import type {
  AdminApi,
  AnalyzeExpressionInput,
  EditorCatalog,
  ExpressionAnalysis,
  JobFileView,
  JsonObject,
  PreviewScopingInput,
  ScopingPreview,
  SourcePreview,
} from '../../main/ipc/api/contract'
import { OVERVIEW } from './fixtures'

export const PEOPLE = [
  {
    id: '1001',
    display: 'Ada Lovelace',
    attributes: { givenName: 'Ada', surname: 'Lovelace', type: 'staff' },
  },
  {
    id: '1002',
    display: 'Grace Hopper',
    attributes: { givenName: 'Grace', surname: 'Hopper', type: 'staff' },
  },
  {
    id: '1003',
    display: 'Linus Torvalds',
    attributes: { givenName: 'Linus', surname: 'Torvalds', type: 'contractor' },
  },
] as const

export const JOB_DOCUMENT: JsonObject = {
  id: 'hr-demo',
  name: 'HR to Demo App',
  source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId' },
  target: {
    type: 'scim',
    baseUrl: 'https://app.example.com/scim/v2',
    auth: { type: 'bearer', secretRef: 'keychain:hr-demo-target' },
  },
  users: {
    mappings: [
      { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
      { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
      { target: 'name.givenName', expression: '[givenName]' },
    ],
    scoping: [{ title: 'Staff', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] }],
  },
}

export function jobFile(document: JsonObject = JOB_DOCUMENT, version = 'a'.repeat(64)): JobFileView {
  return {
    jobId: 'hr-demo',
    name: String(document['name']),
    path: '/state/jobs/hr-demo.json',
    inStateFolder: true,
    version,
    document,
    issues: [],
    credentials: {
      target: { ref: 'keychain:hr-demo-target', kind: 'keychain', name: 'hr-demo-target', available: true },
      source: { ref: null, kind: 'none', name: null, available: null },
      alertWebhook: { ref: null, kind: 'none', name: null, available: null },
    },
  }
}

export const CATALOG: EditorCatalog = {
  functions: [
    {
      name: 'Join',
      signature: 'Join(separator, source1, source2, …)',
      doc: 'The values joined with the separator.',
    },
    { name: 'ToUpper', signature: 'ToUpper(source, culture)', doc: 'The text in upper case.' },
  ],
  constants: [{ name: 'vbTextCompare', doc: 'Compare text ignoring case (InStr).' }],
  userAttributes: [
    { path: 'userName', schema: 'core', description: 'Unique sign-in name' },
    { path: 'displayName', schema: 'core', description: 'Name shown in the app' },
  ],
  groupAttributes: [{ path: 'displayName', schema: 'core', description: 'Name of the group' }],
  scopingOperators: [
    { operator: 'EQUALS', meaning: 'is exactly the value (case-sensitive)', takesValue: true },
    { operator: 'NOT EQUALS', meaning: 'is not exactly the value (case-sensitive)', takesValue: true },
    { operator: 'IS NULL', meaning: 'is empty or missing', takesValue: false },
  ],
  templates: [],
}

const PREVIEW: SourcePreview = {
  path: '/state/jobs/people.csv',
  encoding: { configured: 'auto', detected: 'utf-8' },
  delimiter: { configured: null, detected: ',' },
  columns: ['employeeId', 'givenName', 'surname', 'mail', 'type'],
  rows: [],
  rowCount: 3,
  issues: [],
}

/**
 * "Evaluates" the two expressions the tests type: `ToUpper([givenName])` and a plain `[column]`;
 * `Joinn(` is the unknown function, reported at its place as the engine would.
 */
export function fakeAnalysis(input: AnalyzeExpressionInput): ExpressionAnalysis {
  const text = input.expression
  const unknown = text.indexOf('Joinn')
  if (unknown >= 0) {
    return {
      tokens: [{ from: unknown, to: unknown + 5, kind: 'function' }],
      problem: {
        message: `Unknown function 'Joinn' (line 1, column ${unknown + 1})`,
        suggestion: 'Did you mean Join?',
        from: unknown,
        to: unknown + 5,
        line: 1,
        column: unknown + 1,
      },
      unknownAttributes: [],
      values: [],
      sourceProblem: null,
    }
  }
  const column = /\[(\w+)\]/.exec(text)?.[1] ?? ''
  const upper = text.startsWith('ToUpper(')
  const people =
    input.sourceId === undefined ? PEOPLE.slice(0, input.count) : PEOPLE.filter(p => p.id === input.sourceId)
  return {
    tokens: [],
    problem: null,
    unknownAttributes: [],
    values: people.map(person => {
      const raw = (person.attributes as Record<string, string>)[column] ?? null
      return {
        sourceId: person.id,
        display: person.display,
        value: raw === null ? null : upper ? raw.toUpperCase() : raw,
        ignored: false,
        error: null,
      }
    }),
    sourceProblem: null,
  }
}

/** Counts who an EQUALS / NOT EQUALS / IS NULL filter on `type` lets in, ORing filters. */
export function fakeScoping(input: PreviewScopingInput): ScopingPreview {
  const filters = input.filters as Array<{
    clauses: Array<{ attribute: string; operator: string; value?: string }>
  }>
  const admits = (person: (typeof PEOPLE)[number]) =>
    filters.length === 0 ||
    filters.some(filter =>
      filter.clauses.every(clause => {
        const value = (person.attributes as Record<string, string>)[clause.attribute]
        if (clause.operator === 'IS NULL') return value === undefined
        if (clause.operator === 'NOT EQUALS') return value !== clause.value
        return value === clause.value
      })
    )
  const inside = PEOPLE.filter(admits).map(({ id, display }) => ({ id, display }))
  const outside = PEOPLE.filter(person => !admits(person)).map(({ id, display }) => ({ id, display }))
  return {
    total: PEOPLE.length,
    inScope: { count: inside.length, sample: inside },
    outOfScope: { count: outside.length, sample: outside },
    undecided: 0,
    problem: null,
  }
}

/** The editor's API, every method a spy; `saved` holds the documents sent to saveJobFile. */
export function editorApi(view: JobFileView = jobFile()) {
  const saved: JsonObject[] = []
  const api = {
    getOverview: vi.fn(async () => OVERVIEW),
    getJobFile: vi.fn(async () => view),
    getEditorCatalog: vi.fn(async () => CATALOG),
    getUiSettings: vi.fn(async () => ({ theme: 'system' as const, expressionSampleMany: false })),
    updateUiSettings: vi.fn(async (patch: { expressionSampleMany?: boolean }) => ({
      theme: 'system' as const,
      expressionSampleMany: patch.expressionSampleMany ?? false,
    })),
    previewSource: vi.fn(async () => PREVIEW),
    listSourcePeople: vi.fn(async () => PEOPLE.map(({ id, display }) => ({ id, display }))),
    analyzeExpression: vi.fn(async (input: AnalyzeExpressionInput) => fakeAnalysis(input)),
    previewScoping: vi.fn(async (input: PreviewScopingInput) => fakeScoping(input)),
    saveJobFile: vi.fn(async (input: { document: JsonObject }) => {
      saved.push(input.document)
      return jobFile(input.document, 'b'.repeat(64))
    }),
    listJobs: vi.fn(async () => []),
  } satisfies Partial<AdminApi>
  return { api: api as Partial<AdminApi>, spies: api, saved }
}

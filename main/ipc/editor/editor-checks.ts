/**
 * The job editor's live checks: the source preview, people pickers, expression values, scoping
 * counts and "Test connection", each computed by the same code a run uses.
 */
import { dirname, isAbsolute, resolve } from 'node:path'
import { csvSourceSchema } from '../../config/job-schema'
import type { SecretStore } from '../../secrets/secret-store'
import type {
  AnalyzeExpressionInput,
  ApiErrorShape,
  ConnectionReport,
  EditorCatalog,
  ExpressionAnalysis,
  ListSourcePeopleInput,
  PreviewScopingInput,
  PreviewSourceInput,
  ScopingPreview,
  SourcePerson,
  SourcePreview,
  TestConnectionInput,
} from '../api/contract'
import { ApiError } from '../api/dispatch'
import type { EventHub } from '../api/event-hub'
import { requireSameJobId, requireValidJobText } from '../jobs/job-file-check'
import type { JobFiles } from '../jobs/job-files'
import { previewCsvRecords } from '../source/csv-preview'
import { SourcePeopleCache, toSourcePerson } from '../source/source-people'
import { runConnectionTest } from './connection-test'
import { editorCatalog } from './editor-catalog'
import { EditorSources } from './editor-sources'
import {
  compileForEditor,
  expressionTokens,
  pickObjects,
  unknownAttributes,
  valueFor,
} from './expression-lab'
import { previewScope } from './scoping-lab'

/** Rows of the file the source preview shows. */
const PREVIEW_ROWS = 20

export interface EditorChecksDependencies {
  readonly files: JobFiles
  readonly secrets: SecretStore
  readonly hub: EventHub
  readonly env: () => NodeJS.ProcessEnv
}

export class EditorChecks {
  private readonly cache = new SourcePeopleCache()
  private readonly sources: EditorSources
  /** Jobs whose connection is being tested: one probe per app at a time is plenty. */
  private readonly probing = new Set<string>()
  private catalogCache: EditorCatalog | null = null

  public constructor(private readonly deps: EditorChecksDependencies) {
    this.sources = new EditorSources(deps.files, this.cache)
  }

  public async previewSource(input: PreviewSourceInput): Promise<SourcePreview> {
    const directory =
      input.jobId === undefined
        ? this.deps.files.jobsFolder
        : dirname(this.deps.files.requireRecord(input.jobId).configPath)
    // The id column is chosen from this preview's columns, so it may not be chosen yet.
    const { idColumn, ...rest } = input.source
    const settings = idColumn === '' || idColumn === undefined ? rest : input.source
    const parsed = csvSourceSchema.partial({ idColumn: true }).safeParse(settings)
    if (!parsed.success) {
      throw new ApiError(
        'invalid-input',
        'The source settings cannot be used',
        parsed.error.issues.map(issue => `source.${issue.path.map(String).join('.')}: ${issue.message}`)
      )
    }
    const config = parsed.data
    const path = isAbsolute(config.path) ? config.path : resolve(directory, config.path)
    const raw = await previewCsvRecords({
      path,
      displayPath: config.path,
      encoding: config.encoding,
      delimiter: config.delimiter,
      rows: PREVIEW_ROWS,
    })
    let issues = raw.issues
    let rowCount: number | null = null
    if (issues.length === 0 && config.idColumn !== undefined && config.idColumn !== '') {
      try {
        rowCount = (await this.cache.read({ path, config: { ...config, idColumn: config.idColumn } })).people
          .length
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        issues = error.issues ?? [error.message]
      }
    }
    return {
      path,
      encoding: { configured: config.encoding, detected: raw.detectedEncoding },
      delimiter: { configured: config.delimiter ?? null, detected: raw.detectedDelimiter },
      columns: raw.records[0] ?? [],
      rows: raw.records.slice(1, PREVIEW_ROWS + 1),
      rowCount,
      issues,
    }
  }

  public async listPeople(input: ListSourcePeopleInput): Promise<ReadonlyArray<SourcePerson>> {
    const sample = await this.sources.sample(input.jobId, input.source, input.objectType)
    const search = input.search?.trim().toLowerCase() ?? ''
    const found: SourcePerson[] = []
    for (const object of sample.objects) {
      const person = toSourcePerson(object)
      if (search === '' || `${person.id}\n${person.display}`.toLowerCase().includes(search))
        found.push(person)
      if (found.length >= input.limit) break
    }
    return found
  }

  public async analyzeExpression(input: AnalyzeExpressionInput): Promise<ExpressionAnalysis> {
    const tokens = expressionTokens(input.expression)
    const compiled = compileForEditor(input.expression)
    const none = { unknownAttributes: [], values: [], sourceProblem: null }
    if ('problem' in compiled) return { tokens, problem: compiled.problem, ...none }
    let sample
    try {
      sample = await this.sources.sample(input.jobId, input.source, input.objectType)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      return { tokens, problem: null, ...none, sourceProblem: shapeOf(error) }
    }
    const now = new Date()
    return {
      tokens,
      problem: null,
      unknownAttributes: unknownAttributes(compiled.compiled, sample),
      values: pickObjects(sample.objects, input.sourceId, input.count).map(object =>
        valueFor(compiled.compiled, object, now)
      ),
      sourceProblem: null,
    }
  }

  public async previewScoping(input: PreviewScopingInput): Promise<ScopingPreview> {
    const sample = await this.sources.sample(input.jobId, input.source, 'user')
    return previewScope(input.filters, sample.objects)
  }

  public async testConnection(input: TestConnectionInput): Promise<ConnectionReport> {
    const files = this.deps.files
    const job =
      input.document === undefined
        ? files.loadValid(input.jobId)
        : requireValidJobText(
            JSON.stringify(input.document, null, 2),
            files.requireRecord(input.jobId).configPath
          )
    requireSameJobId(job, input.jobId)
    if (this.probing.has(input.jobId)) {
      throw new ApiError('busy', 'The connection of this job is being tested already')
    }
    this.probing.add(input.jobId)
    try {
      return await runConnectionTest({
        ...this.deps,
        job,
        callId: input.callId,
        write: input.write,
        env: this.deps.env(),
      })
    } finally {
      this.probing.delete(input.jobId)
    }
  }

  public catalog(): EditorCatalog {
    this.catalogCache ??= editorCatalog()
    return this.catalogCache
  }
}

function shapeOf(error: ApiError): ApiErrorShape {
  return {
    code: error.code,
    message: error.message,
    ...(error.issues === undefined ? {} : { issues: error.issues }),
  }
}

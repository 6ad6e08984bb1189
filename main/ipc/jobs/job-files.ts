/**
 * Job files as the app edits them: read with a version, written back value by value (comments
 * and layout kept), checked exactly as the CLI checks them, and recorded in the state database
 * so the app lists them.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import {
  JobTextEditError,
  readJobDocument,
  setValueInText,
  writeDocumentIntoText,
} from '../../config/job-file-edits'
import type { SourceConfig } from '../../config/job-schema'
import { slugify, type LoadedJob } from '../../config/load-job'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { getJob, getListedJob, type JobRecord, saveJob } from '../../store/jobs-store'
import type { CredentialSlot, JobFileView, JsonObject, SaveJobFileInput } from '../api/contract'
import { ApiError } from '../api/dispatch'
import { credentialStatus, refAt } from './job-credentials'
import { inspectJobText, requireSameJobId, requireValidJobText } from './job-file-check'
import { readJobFileText, writeJobFileText } from './job-file-io'
import type { JobFileWatcher } from './job-file-watcher'

export interface JobFilesDependencies {
  readonly db: WritableDB
  readonly stateFolder: string
  readonly secrets: SecretStore
  /** Where `env:` references are looked up. */
  readonly env: () => NodeJS.ProcessEnv
  readonly watcher: JobFileWatcher
}

export class JobFiles {
  public readonly jobsFolder: string

  public constructor(private readonly deps: JobFilesDependencies) {
    this.jobsFolder = join(deps.stateFolder, 'jobs')
  }

  /** The job the app lists, with a job file; `not-found` / `invalid-job` otherwise. */
  public requireRecord(jobId: string): JobRecord & { readonly configPath: string } {
    const record = getListedJob(this.deps.db, jobId)
    if (record === null) throw new ApiError('not-found', `No job with id "${jobId}"`)
    if (record.configPath === null) {
      throw new ApiError(
        'invalid-job',
        `Job "${record.name}" has no job file on record; run it once with \`provisioner plan --job FILE\``
      )
    }
    return { ...record, configPath: record.configPath }
  }

  /** The job file loaded and checked as the CLI would (`invalid-job` with its located issues). */
  public loadValid(jobId: string): LoadedJob {
    const record = this.requireRecord(jobId)
    const file = readJobFileText(record.configPath)
    const job = requireValidJobText(file.text, file.path)
    requireSameJobId(job, jobId)
    return job
  }

  public async view(jobId: string): Promise<JobFileView> {
    const record = this.requireRecord(jobId)
    const file = readJobFileText(record.configPath)
    this.deps.watcher.watch(jobId, file.path, file.version)
    let document: JsonObject | null = null
    try {
      document = readJobDocument(file.text) as JsonObject
    } catch {
      // The issues say where the syntax breaks.
    }
    const inspected = inspectJobText(file.text, file.path)
    const status = (slot: CredentialSlot) =>
      credentialStatus(refAt(document, slot), this.deps.secrets, this.deps.env())
    const [target, source, alertWebhook] = await Promise.all([
      status('target'),
      status('source'),
      status('alertWebhook'),
    ])
    return {
      jobId,
      name: inspected.job?.config.name ?? record.name,
      path: file.path,
      inStateFolder: this.inStateFolder(file.path),
      version: file.version,
      document,
      issues: inspected.issues,
      credentials: { target, source, alertWebhook },
    }
  }

  /**
   * Writes the document's changed values into the file, refusing an edit made on an older
   * version (unless the admin chose theirs) and anything the CLI would refuse.
   */
  public async save(input: SaveJobFileInput): Promise<JobFileView> {
    const record = this.requireRecord(input.jobId)
    const current = readJobFileText(record.configPath)
    if (current.version !== input.baseVersion && input.overwrite !== true) {
      throw new ApiError(
        'conflict',
        `The job file ${current.path} changed on disk since it was opened; nothing was written. ` +
          'Reload it, or save again to replace those changes with yours.'
      )
    }
    const text = this.textWith(current.text, keepJobId(input.document, input.jobId))
    this.writeChecked(input.jobId, current.path, text, current.text === text ? current.version : null)
    return this.view(input.jobId)
  }

  /** Checks `text` as the CLI would and writes it (unless unchanged), then records the job. */
  public writeChecked(jobId: string, path: string, text: string, unchangedVersion: string | null): LoadedJob {
    const job = requireValidJobText(text, path)
    requireSameJobId(job, jobId)
    const version = unchangedVersion ?? writeJobFileText(path, text, { owned: this.inStateFolder(path) })
    this.deps.watcher.acknowledge(jobId, version)
    this.record(job)
    return job
  }

  /** The app wrote the file itself (that version is not a change from outside). */
  public acknowledge(jobId: string, version: string): void {
    this.deps.watcher.acknowledge(jobId, version)
  }

  /** Adds an admin's existing job file, which stays where it is. */
  public async open(path: string): Promise<JobFileView> {
    if (!isAbsolute(path)) {
      throw new ApiError('invalid-input', `Give the job file's full path, not "${path}"`)
    }
    const file = readJobFileText(resolve(path))
    const job = requireValidJobText(file.text, file.path)
    const listed = getListedJob(this.deps.db, job.id)
    if (listed !== null && listed.configPath !== null && resolve(listed.configPath) !== file.path) {
      throw new ApiError(
        'conflict',
        `The job id "${job.id}" is already used by ${listed.configPath}; give this job file another "id"`
      )
    }
    this.record(job)
    return this.view(job.id)
  }

  /** An id for a new job from its name, used by no job (listed or not) and no file in jobs/. */
  public newJobId(name: string): string {
    const base = slugify(name).slice(0, 56)
    for (let attempt = 1; ; attempt++) {
      const id = attempt === 1 ? base : `${base}-${attempt}`
      if (getJob(this.deps.db, id) === null && !existsSync(this.pathFor(id))) return id
    }
  }

  public pathFor(jobId: string): string {
    return join(this.jobsFolder, `${jobId}.json`)
  }

  public inStateFolder(path: string): boolean {
    const inside = relative(this.jobsFolder, path)
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && !inside.includes(sep)
  }

  public record(job: LoadedJob): void {
    saveJob(this.deps.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  }

  private textWith(text: string, document: JsonObject): string {
    try {
      return writeDocumentIntoText(text, document)
    } catch (error) {
      if (!(error instanceof JobTextEditError)) throw error
      throw new ApiError('invalid-job', `The job file cannot be edited in the app: ${error.message}`)
    }
  }
}

/**
 * A job renamed in the app keeps its id (and so its links and log): a file without an `id` gets
 * the one the job had, written in, when the new name would make another.
 */
export function keepJobId(document: JsonObject, jobId: string): JsonObject {
  if (document['id'] !== undefined || typeof document['name'] !== 'string') return document
  return slugify(document['name']) === jobId ? document : { ...document, id: jobId }
}

/** A relative source path of a job file moving from `fromDir` to `toDir`, so it still finds the file. */
export function rebasedSourcePath(sourcePath: string, fromDir: string, toDir: string): string {
  if (isAbsolute(sourcePath) || resolve(fromDir) === resolve(toDir)) return sourcePath
  return relative(toDir, resolve(fromDir, sourcePath)) || sourcePath
}

/**
 * The job file's text with the source's file paths (a CSV, an LDAP CA file) made relative to
 * `toDir` instead of `fromDir`, so a copy written elsewhere still finds them.
 */
export function withSourcePathsRebased(
  text: string,
  source: SourceConfig,
  fromDir: string,
  toDir: string
): string {
  const path = source.type === 'csv' ? source.path : source.type === 'ldap' ? source.caFile : undefined
  if (path === undefined) return text
  const field = source.type === 'csv' ? 'path' : 'caFile'
  return setValueInText(text, ['source', field], rebasedSourcePath(path, fromDir, toDir))
}

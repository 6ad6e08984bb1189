/**
 * Making, copying, exporting and deleting jobs from the app. Jobs the app makes live in the state
 * folder's jobs/ (owner-only, like the rest of the state); an admin's own files stay where they
 * are and are never deleted by the app.
 */
import { existsSync, rmSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { setValueInText } from '../../config/job-file-edits'
import { makePrivateDirectory, writePrivateFile } from '../../store/private-files'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { deleteJobHistory, forgetJob } from '../../store/jobs-store'
import type {
  DeletedJob,
  DeleteJobInput,
  DuplicateJobInput,
  ExportJobFileInput,
  JobFileView,
  NewJobInput,
  PathInput,
} from '../api/contract'
import { ApiError } from '../api/dispatch'
import { toApiError } from '../engine-errors'
import { csvSourceFor, resolveSource } from '../source/source-people'
import { keychainName } from './job-credentials'
import { readJobFileText } from './job-file-io'
import { type JobFiles, withSourcePathsRebased } from './job-files'
import { starterJob } from './starter-job'

export interface JobLifecycleDependencies {
  readonly db: WritableDB
  readonly files: JobFiles
  readonly secrets: SecretStore
  /** Jobs with a run or preview in flight, which cannot be deleted under it. */
  readonly busy: (jobId: string) => boolean
}

export class JobLifecycle {
  public constructor(private readonly deps: JobLifecycleDependencies) {}

  /** A new job file in jobs/, its mappings guessed from the source's columns. */
  public async create(input: NewJobInput): Promise<JobFileView> {
    const files = this.deps.files
    makePrivateDirectory(files.jobsFolder)
    const source = resolveSource({ type: 'csv', ...input.source }, files.jobsFolder)
    let columns: ReadonlyArray<string>
    try {
      columns = await csvSourceFor(source).readHeader()
    } catch (error) {
      throw toApiError(error)
    }
    const id = files.newJobId(input.name)
    const document = starterJob(id, input, columns, `keychain:${keychainName(id, 'target')}`)
    files.writeChecked(id, files.pathFor(id), `${JSON.stringify(document, null, 2)}\n`, null)
    return files.view(id)
  }

  /** A copy in jobs/ under a new name and id (its own links and log), comments kept. */
  public async duplicate(input: DuplicateJobInput): Promise<JobFileView> {
    const files = this.deps.files
    const original = files.loadValid(input.jobId)
    const id = files.newJobId(input.name)
    let text = readJobFileText(original.file).text
    text = setValueInText(text, ['name'], input.name)
    text = setValueInText(text, ['id'], id)
    text = withSourcePathsRebased(text, original.config.source, original.directory, files.jobsFolder)
    makePrivateDirectory(files.jobsFolder)
    files.writeChecked(id, files.pathFor(id), text, null)
    return files.view(id)
  }

  /** A copy of the job file where the admin wants it (for version control, another machine). */
  public exportFile(input: ExportJobFileInput): PathInput {
    if (!isAbsolute(input.path)) {
      throw new ApiError('invalid-input', `Give the full path to export to, not "${input.path}"`)
    }
    const path = resolve(input.path)
    if (existsSync(path) && input.overwrite !== true) {
      throw new ApiError('conflict', `${path} already exists; choose another name or replace it`)
    }
    const job = this.deps.files.loadValid(input.jobId)
    const text = withSourcePathsRebased(
      readJobFileText(job.file).text,
      job.config.source,
      job.directory,
      dirname(path)
    )
    try {
      writePrivateFile(path, text)
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new ApiError('internal', `Cannot write ${path} (${reason})`)
    }
    return { path }
  }

  /** Takes the job off the app's list; its history and file go only when asked. */
  public delete(input: DeleteJobInput): DeletedJob {
    const record = this.deps.files.requireRecord(input.jobId)
    if (this.deps.busy(input.jobId)) {
      throw new ApiError('busy', `"${record.name}" is running; delete it when the run has finished`)
    }
    const path = record.configPath
    if (input.deleteFile && !this.deps.files.inStateFolder(path)) {
      throw new ApiError(
        'invalid-input',
        `The app deletes only the job files it made (in ${this.deps.files.jobsFolder}); ${path} stays`
      )
    }
    if (input.removeHistory) deleteJobHistory(this.deps.db, input.jobId)
    else forgetJob(this.deps.db, input.jobId)
    if (input.deleteFile) rmSync(path, { force: true })
    return { deletedFile: input.deleteFile ? path : null, removedHistory: input.removeHistory }
  }
}

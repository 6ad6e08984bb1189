import { dirname } from 'node:path'
import type { SourceObject } from '../../connectors/connector'
import { readJobDocument } from '../../config/job-file-edits'
import type { JsonObject } from '../api/contract'
import { ApiError } from '../api/dispatch'
import { readJobFileText } from '../jobs/job-file-io'
import type { JobFiles } from '../jobs/job-files'
import { groupsOf, resolveSource, type SourcePeopleCache } from '../source/source-people'

/** The people (or groups) an editor check runs against, and what to call the source in messages. */
export interface EditorSample {
  readonly objects: ReadonlyArray<SourceObject>
  /** The attributes an expression may name: the file's columns, or `name` for groups. */
  readonly attributes: ReadonlyArray<string>
  /** As the CLI names the source in messages (the path as written in the job). */
  readonly sourceName: string
}

/**
 * Sources for the editor's live checks: the source settings the editor holds (unsaved edits
 * included) or else the job file's, resolved against the job file's folder, read through the
 * cache.
 */
export class EditorSources {
  public constructor(
    private readonly files: JobFiles,
    private readonly cache: SourcePeopleCache
  ) {}

  public async sample(
    jobId: string,
    settings: JsonObject | undefined,
    objectType: 'user' | 'group'
  ): Promise<EditorSample> {
    const record = this.files.requireRecord(jobId)
    const document = this.documentOf(record.configPath)
    const source = resolveSource(settings ?? document['source'], dirname(record.configPath))
    const snapshot = await this.cache.read(source)
    if (objectType === 'user') {
      return { objects: snapshot.people, attributes: snapshot.columns, sourceName: source.config.path }
    }
    const groups = groupsOf(snapshot.people, document['groups'] as Parameters<typeof groupsOf>[1])
    return { objects: groups, attributes: ['name'], sourceName: 'groups from a column' }
  }

  private documentOf(path: string): Record<string, unknown> {
    try {
      return readJobDocument(readJobFileText(path).text)
    } catch {
      throw new ApiError('invalid-job', `The job file ${path} is not valid JSON; fix it first`)
    }
  }
}

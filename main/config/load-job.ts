import { readFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import type { z } from 'zod'
import { applyTemplate } from './app-templates'
import { findInlineCredentials } from './inline-credentials'
import { formatJsonPath, type JobFileIssue, JobFileError } from './job-file-error'
import { type JobConfig, jobSchema } from './job-schema'
import { JsonSyntaxError, type LocatedJson, parseLocatedJson } from './json-locations'

export interface LoadedJob {
  /** Stable id for state: `id` from the file, else a slug of `name`. */
  readonly id: string
  readonly config: JobConfig
  /** Absolute path of the job file. */
  readonly file: string
  /** How to name the file in messages (as the admin typed it). */
  readonly displayFile: string
  /** Folder relative paths in the job resolve against. */
  readonly directory: string
  /** Positions of every value, for later validation errors (expressions, paths). */
  readonly json: LocatedJson
}

/** Reads, parses and validates a job file. Throws `JobFileError` naming file:line:column. */
export function loadJobFile(path: string, cwd: string = process.cwd()): LoadedJob {
  const file = resolve(cwd, path)
  const displayFile = path
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message
    throw new JobFileError([
      { file: displayFile, line: 1, column: 1, field: '', message: `cannot read job file: ${reason}` },
    ])
  }
  return parseJobText(text.replace(/^\uFEFF/, ''), { file, displayFile })
}

export function parseJobText(
  text: string,
  where: { readonly file: string; readonly displayFile: string }
): LoadedJob {
  let json: LocatedJson
  try {
    json = parseLocatedJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new JobFileError(syntaxIssues(error, where.displayFile))
    throw error
  }
  const secretIssues = findInlineCredentials(json.value).map(found => ({
    file: where.displayFile,
    ...(found.index === undefined ? json.locate(found.path) : json.locateInString(found.path, found.index)),
    field: formatJsonPath(found.path),
    message: found.message,
  }))
  if (secretIssues.length > 0) {
    throw new JobFileError(secretIssues)
  }
  const parsed = jobSchema.safeParse(applyTemplate(json.value))
  if (!parsed.success) {
    throw new JobFileError(
      parsed.error.issues.map(issue => zodIssueToJobIssue(issue, json, where.displayFile))
    )
  }
  const config = parsed.data
  return {
    id: config.id ?? slugify(config.name),
    config,
    file: where.file,
    displayFile: where.displayFile,
    directory: dirname(where.file),
    json,
  }
}

/** JSON syntax errors of `file` as issues at their line and column. */
export function syntaxIssues(error: JsonSyntaxError, file: string): JobFileIssue[] {
  return error.issues.map(issue => ({
    file,
    line: issue.line,
    column: issue.column,
    field: '',
    message: issue.message,
  }))
}

/** A schema's complaint about a JSON file (job or plan), at the place in the file it is about. */
export function zodIssueToJobIssue(issue: z.core.$ZodIssue, json: LocatedJson, file: string): JobFileIssue {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol')
  let message = issue.message
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys
    const first = keys[0]
    const keyPath = first === undefined ? path : [...path, first]
    return {
      file,
      ...json.locateKey(keyPath),
      field: formatJsonPath(path),
      message: `unknown option${keys.length > 1 ? 's' : ''} ${keys.map(key => JSON.stringify(key)).join(', ')}`,
    }
  }
  // Zod 4 leaves `input` out of issues unless asked, so presence is read from the document:
  // a value of the wrong type keeps Zod's "expected number, received string".
  if (issue.code === 'invalid_type' && !hasValueAt(json.value, path)) {
    message = 'is required'
  }
  return { file, ...json.locate(path), field: formatJsonPath(path), message }
}

function hasValueAt(value: unknown, path: ReadonlyArray<string | number>): boolean {
  let current = value
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return false
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current !== undefined
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
  return slug === '' ? 'job' : slug
}

export function jobDisplayName(job: LoadedJob): string {
  return `${job.config.name} (${basename(job.file)})`
}

/**
 * The people of a job's source for the editor's live checks (expression values, scoping counts),
 * read once by the CSV connector and kept while the file and its settings stay the same.
 */
import { statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { csvSourceSchema, type CsvSourceConfig } from '../../config/job-schema'
import type { SourceObject } from '../../connectors/connector'
import { deriveGroupsFromColumn } from '../../connectors/csv/csv-groups'
import { CsvSource } from '../../connectors/csv/csv-source'
import type { SourcePerson } from '../api/contract'
import { ApiError } from '../api/dispatch'
import { toApiError } from '../engine-errors'

/** A source as the editor holds it: settings checked by the job file's schema, path resolved. */
export interface ResolvedSource {
  readonly config: CsvSourceConfig
  /** Absolute path of the file. */
  readonly path: string
}

/** Checks source settings with the job file's own schema, resolving the path against `directory`. */
export function resolveSource(settings: unknown, directory: string): ResolvedSource {
  const type = (settings as { type?: unknown } | null | undefined)?.type
  if (type === 'ldap' || type === 'graph' || type === 'scim') {
    // A directory is read whole with its credential; the editor does not do that on every key.
    throw new ApiError(
      'unsupported',
      'Live results and scoping counts read a CSV source; for a directory source, use Test connection and Preview (dry run)'
    )
  }
  const parsed = csvSourceSchema.safeParse(settings)
  if (!parsed.success) {
    throw new ApiError(
      'invalid-input',
      'The source settings cannot be used',
      parsed.error.issues.map(issue => `source.${issue.path.map(String).join('.')}: ${issue.message}`)
    )
  }
  const config = parsed.data
  return { config, path: isAbsolute(config.path) ? config.path : resolve(directory, config.path) }
}

/** The CSV connector for these settings, exactly as a run opens it. */
export function csvSourceFor(source: ResolvedSource): CsvSource {
  const config = source.config
  return new CsvSource({
    path: source.path,
    displayPath: config.path,
    idColumn: config.idColumn,
    delimiter: config.delimiter,
    encoding: config.encoding,
    multiValued: config.multiValued,
    emptyValues: config.emptyValues,
  })
}

/** A source read whole: its columns (header order) and everyone in it. */
export interface SourceSnapshot {
  readonly columns: ReadonlyArray<string>
  readonly people: ReadonlyArray<SourceObject>
}

interface Entry {
  readonly key: string
  readonly snapshot: Promise<SourceSnapshot>
}

/** How many sources are kept read (the editor looks at one job at a time). */
const KEPT = 2

export class SourcePeopleCache {
  private entries: Entry[] = []

  /**
   * Every person of the source; read again when the file's size or time or the settings change.
   * A file that cannot be read throws the CLI's located errors as `source-failed`.
   */
  public read(source: ResolvedSource): Promise<SourceSnapshot> {
    const key = cacheKey(source)
    const found = this.entries.find(entry => entry.key === key)
    if (found !== undefined) return found.snapshot
    const snapshot = readSnapshot(source)
    this.entries = [{ key, snapshot }, ...this.entries.filter(entry => entry.key !== key)].slice(0, KEPT)
    // A failed read is not kept: the admin fixes the file and tries again.
    snapshot.catch(() => {
      this.entries = this.entries.filter(entry => entry.key !== key)
    })
    return snapshot
  }
}

async function readSnapshot(source: ResolvedSource): Promise<SourceSnapshot> {
  const csv = csvSourceFor(source)
  const people: SourceObject[] = []
  try {
    const columns = await csv.readHeader()
    for await (const person of csv.readUsers()) people.push(person)
    return { columns, people }
  } catch (error) {
    throw toApiError(error)
  }
}

function cacheKey(source: ResolvedSource): string {
  let stamp = 'missing'
  try {
    const stats = statSync(source.path)
    stamp = `${stats.size}:${stats.mtimeMs}`
  } catch {
    // Read (and fail) below, naming the problem.
  }
  return JSON.stringify([source.path, stamp, source.config])
}

/** The groups a job derives from a column, as objects with the attribute `name`. */
export function groupsOf(
  people: ReadonlyArray<SourceObject>,
  groups: { readonly fromColumn?: string; readonly separator?: string } | undefined
): ReadonlyArray<SourceObject> {
  if (groups?.fromColumn === undefined) return []
  return deriveGroupsFromColumn(people, groups.fromColumn, groups.separator ?? ';')
}

/** Column names (lower case, no punctuation) tried for each part of a person's name, in order. */
const NAME_COLUMNS = {
  display: ['displayname', 'fullname'],
  given: ['givenname', 'firstname'],
  family: ['surname', 'sn', 'lastname', 'familyname'],
  mail: ['mail', 'email', 'userprincipalname'],
  /** Groups derived from a column have only this. */
  name: ['name'],
} as const

/** How a person is named in pickers: display name, given and family name, e-mail, or the id. */
export function personDisplay(person: SourceObject): string {
  const byName = new Map<string, string>()
  for (const [key, value] of Object.entries(person.attributes)) {
    if (typeof value === 'string' && value !== '')
      byName.set(key.toLowerCase().replace(/[^a-z0-9]/g, ''), value)
  }
  const first = (names: ReadonlyArray<string>) =>
    names.map(name => byName.get(name)).find(value => value !== undefined)
  const full = [first(NAME_COLUMNS.given), first(NAME_COLUMNS.family)].filter(part => part !== undefined)
  return (
    first(NAME_COLUMNS.display) ??
    (full.length > 0 ? full.join(' ') : undefined) ??
    first(NAME_COLUMNS.mail) ??
    first(NAME_COLUMNS.name) ??
    person.id
  )
}

export function toSourcePerson(person: SourceObject): SourcePerson {
  return { id: person.id, display: personDisplay(person) }
}

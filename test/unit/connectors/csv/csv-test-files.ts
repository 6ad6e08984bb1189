/** Shared helpers for the CSV source tests: files in a temp dir and refusals as data. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect } from 'vitest'
import type { SourceObject } from '../../../../main/connectors/connector'
import { CsvSource, readAllUsers, type CsvSourceOptions } from '../../../../main/connectors/csv/csv-source'
import { SourceFormatError, type SourceIssue } from '../../../../main/connectors/source-errors'

/** Options of a test source, without the path. */
export type TestOptions = Partial<Omit<CsvSourceOptions, 'path'>>

/** A temp dir for one test file, removed after its tests. */
export function useTempDir(): { write(name: string, content: string | Uint8Array): string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisioner-csv-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name)
      fs.writeFileSync(file, content)
      return file
    },
  }
}

/** A source for `file` named `name` in messages, with `idColumn: 'id'` unless overridden. */
export function sourceFor(file: string, options: TestOptions = {}): CsvSource {
  return new CsvSource({ path: file, displayPath: path.basename(file), idColumn: 'id', ...options })
}

/** Every user of `file`. */
export function usersOf(file: string, options: TestOptions = {}): Promise<SourceObject[]> {
  return readAllUsers(sourceFor(file, options))
}

/** The issues `run` is refused with; fails the test when it resolves or throws something else. */
export async function issuesOf(run: () => Promise<unknown>): Promise<ReadonlyArray<SourceIssue>> {
  let caught: unknown
  try {
    await run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(SourceFormatError)
  return caught instanceof SourceFormatError ? caught.issues : []
}

/** The issues reading all users of `file` is refused with. */
export function refusalOf(file: string, options: TestOptions = {}): Promise<ReadonlyArray<SourceIssue>> {
  return issuesOf(() => usersOf(file, options))
}

/** "file:line:column" of an issue (as far as it is located). */
export function placeOf(issue: SourceIssue | undefined): string {
  if (issue === undefined) return '(no issue)'
  return [issue.file, issue.line, issue.column].filter(part => part !== undefined).join(':')
}

/** The single issue of a refusal, asserting there is exactly one. */
export async function onlyIssue(file: string, options: TestOptions = {}): Promise<SourceIssue> {
  const issues = await refusalOf(file, options)
  expect(issues).toHaveLength(1)
  const [issue] = issues
  if (issue === undefined) throw new Error('unreachable: length checked')
  return issue
}

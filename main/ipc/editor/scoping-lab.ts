/**
 * Who the scoping filters being edited let in, counted over the whole source as a run decides
 * it (the same compiled filters), with the first few names on each side.
 */
import { z } from 'zod'
import { scopingFilterSchema } from '../../config/job-schema'
import type { SourceObject } from '../../connectors/connector'
import { compileScoping, ScopingFilterError } from '../../scoping/scoping-filter'
import type { ScopingPreview, SourcePerson } from '../api/contract'
import { toSourcePerson } from '../source/source-people'

/** Names shown on each side. */
const SAMPLE = 5

export function previewScope(
  filters: ReadonlyArray<unknown>,
  people: ReadonlyArray<SourceObject>
): ScopingPreview {
  const parsed = z.array(scopingFilterSchema).safeParse(filters)
  const empty = { count: 0, sample: [] }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue === undefined ? [] : issue.path
    return {
      total: people.length,
      inScope: empty,
      outOfScope: empty,
      undecided: 0,
      problem: { field: scopingField(path), message: issue?.message ?? 'invalid filters' },
    }
  }
  let scope
  try {
    scope = compileScoping(parsed.data)
  } catch (error) {
    if (!(error instanceof ScopingFilterError)) throw error
    const field = scopingField([error.filterIndex, 'clauses', error.clauseIndex])
    return {
      total: people.length,
      inScope: empty,
      outOfScope: empty,
      undecided: 0,
      problem: { field, message: error.message },
    }
  }
  const inside: SourcePerson[] = []
  const outside: SourcePerson[] = []
  let inCount = 0
  let undecided = 0
  for (const person of people) {
    const decision = scope(person.attributes)
    if (decision.error !== undefined) undecided++
    if (decision.inScope) {
      inCount++
      if (inside.length < SAMPLE) inside.push(toSourcePerson(person))
    } else if (outside.length < SAMPLE) {
      outside.push(toSourcePerson(person))
    }
  }
  return {
    total: people.length,
    inScope: { count: inCount, sample: inside },
    outOfScope: { count: people.length - inCount, sample: outside },
    undecided,
    problem: null,
  }
}

function scopingField(path: ReadonlyArray<PropertyKey>): string {
  return [
    'users.scoping',
    ...path.map(part => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)),
  ].join('')
}

import { describe, expect, it } from 'vitest'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { jobFileErrorOf, jobObject, parseJob } from '../../../helpers/job-fixtures'

const SCIM_SOURCE = {
  type: 'scim',
  baseUrl: 'https://hr.example.com/scim/v2',
  auth: { type: 'bearer', secretRef: 'env:HR_TOKEN' },
}

function job(source: Record<string, unknown>, groups: Record<string, unknown>) {
  return parseJob(JSON.stringify(jobObject({ extra: { source, groups } }), null, 2))
}

describe('groups of a directory source', () => {
  it('come from the source without a column, mapped displayName ← [displayName] by default', () => {
    const compiled = compileJob(job(SCIM_SOURCE, {}))
    expect(compiled.groups?.mappings.map(mapping => [mapping.target.text, mapping.expression.text])).toEqual([
      ['displayName', '[displayName]'],
    ])
    expect([...(compiled.groups?.referencedAttributes.keys() ?? [])]).toEqual(['displayName'])
  })

  it('may name any attribute of the source group (the connector checks them)', () => {
    const mappings = [
      { target: 'displayName', expression: '[displayName]', matchingPrecedence: 1 },
      { target: 'externalId', expression: '[id]' },
    ]
    expect(() => compileJob(job(SCIM_SOURCE, { mappings }))).not.toThrow()
  })

  it('still need a column for a CSV source, which has no group objects', () => {
    const error = jobFileErrorOf(() =>
      compileJob(job({ type: 'csv', path: 'people.csv', idColumn: 'employeeId' }, {}))
    )
    expect(error.issues[0]?.message).toMatch(/a CSV source needs "fromColumn"/)
  })

  it('keep the CSV rule that groups from a column have only [name]', () => {
    const mappings = [{ target: 'displayName', expression: '[displayName]', matchingPrecedence: 1 }]
    const error = jobFileErrorOf(() =>
      compileJob(
        job({ type: 'csv', path: 'people.csv', idColumn: 'employeeId' }, { fromColumn: 'groups', mappings })
      )
    )
    expect(error.issues[0]?.message).toMatch(/groups from a CSV column have only \[name\]/)
  })
})

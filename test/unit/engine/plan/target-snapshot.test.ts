/**
 * The snapshot's matching index keeps one account per value and a list only for a value several
 * accounts hold: `lookup` and `find` must still answer every account holding a value, once each,
 * in the snapshot's order, by the attribute's case rule.
 */
import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import type { CompiledMapping } from '../../../../main/engine/plan/compile-job'
import { severalAccounts, TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import { accountFor, compileUsers } from '../../../helpers/job-fixtures'

function mappingFor(target: string): CompiledMapping {
  const found = compileUsers().mappings.find(mapping => mapping.target.text === target)
  if (found === undefined) throw new Error(`no ${target} mapping in the sample job`)
  return found
}

const userName = mappingFor('userName')
const ada = accountFor('T1', 'E1', 'Ada', 'Lovelace')
const adaTwin = accountFor('T2', 'E2', 'Ada', 'Twin', { userName: 'ADA@example.com' })
const adaTriplet = accountFor('T3', 'E3', 'Ada', 'Third', { userName: 'Ada@Example.com' })
const grace = accountFor('T4', 'E4', 'Grace', 'Hopper')

const ids = (found: ReadonlyArray<TargetResource>) => found.map(resource => resource.id)

describe('TargetSnapshot matching index', () => {
  it('finds the one account holding a value, case-insensitively, and none for a value no one holds', () => {
    const snapshot = new TargetSnapshot([ada, grace])
    expect(ids(snapshot.lookup(userName, 'GRACE@example.com'))).toEqual(['T4'])
    expect(snapshot.find(userName, 'grace@EXAMPLE.com')).toBe(grace)
    expect(snapshot.lookup(userName, 'nobody@example.com')).toEqual([])
    expect(snapshot.find(userName, 'nobody@example.com')).toBeUndefined()
  })

  it('answers every account sharing a value, in the snapshot order, however many there are', () => {
    const snapshot = new TargetSnapshot([adaTwin, grace, ada, adaTriplet])
    expect(ids(snapshot.lookup(userName, 'ada@example.com'))).toEqual(['T2', 'T1', 'T3'])
    const found = snapshot.find(userName, 'ada@example.com')
    expect(found !== undefined && severalAccounts(found) && ids(found)).toEqual(['T2', 'T1', 'T3'])
  })

  it('counts an account holding the value twice (a multi-valued attribute) once', () => {
    const both = accountFor('T5', 'E5', 'Ada', 'Both', { userName: ['ada@example.com', 'ADA@example.com'] })
    expect(ids(new TargetSnapshot([both]).lookup(userName, 'ada@example.com'))).toEqual(['T5'])
    expect(new TargetSnapshot([both]).find(userName, 'ada@example.com')).toBe(both)
    expect(ids(new TargetSnapshot([both, ada]).lookup(userName, 'ada@example.com'))).toEqual(['T5', 'T1'])
  })
})

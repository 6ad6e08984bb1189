import { describe, expect, it } from 'vitest'
import type { SourceGroup } from '../../../../main/connectors/connector'
import {
  GroupOnDemandRefusedError,
  ON_DEMAND_GROUP_MEMBERS,
  selectOnDemandGroup,
} from '../../../../main/engine/run/on-demand-group'
import type { MappedGroup } from '../../../../main/engine/plan/plan-groups'
import type { MappedObject } from '../../../../main/engine/plan/map-object'

const SOURCE = 'CSV people.csv'

function group(id: string, display: string, members: number): MappedGroup {
  const source: SourceGroup = {
    id,
    attributes: { name: display },
    members: Array.from({ length: members }, (_, index) => `p${index + 1}`),
  }
  const mapped = { source, display } as unknown as MappedObject
  return { group: source, mapped }
}

const groups = [group('g-1', 'Research', 2), group('g-2', 'Engineering', 6), group('g-3', 'Sales', 5)]

function refusal(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(GroupOnDemandRefusedError)
    return (error as Error).message
  }
  throw new Error('expected a refusal')
}

describe('selectOnDemandGroup', () => {
  it('takes a group by its source id, else by its name in any case', () => {
    expect(selectOnDemandGroup(groups, 'g-1', SOURCE).group.id).toBe('g-1')
    expect(selectOnDemandGroup(groups, 'research', SOURCE).group.id).toBe('g-1')
    // An id wins over a name that happens to be spelled the same.
    const tricky = [group('Sales', 'Marketing', 1), group('g-9', 'Sales', 1)]
    expect(selectOnDemandGroup(tricky, 'Sales', SOURCE).group.id).toBe('Sales')
  })

  it(`takes exactly ${ON_DEMAND_GROUP_MEMBERS} members, and refuses one more, stating Entra's limit`, () => {
    expect(ON_DEMAND_GROUP_MEMBERS).toBe(5)
    expect(selectOnDemandGroup(groups, 'Sales', SOURCE).group.members).toHaveLength(5)
    expect(refusal(() => selectOnDemandGroup(groups, 'g-2', SOURCE))).toBe(
      'Group "Engineering" (g-2) has 6 members; provision on demand takes a group with at most 5 members, ' +
        'as Entra does: run the job to provision it'
    )
  })

  it('refuses an unknown group, an ambiguous name and a job without groups', () => {
    expect(refusal(() => selectOnDemandGroup(groups, 'Marketing', SOURCE))).toBe(
      'No group with id or name "Marketing" is in CSV people.csv'
    )
    const twins = [group('g-1', 'Ops', 1), group('g-2', 'ops', 1)]
    expect(refusal(() => selectOnDemandGroup(twins, 'OPS', SOURCE))).toBe(
      '2 groups in CSV people.csv are named "OPS" (ids g-1, g-2): name one by its id'
    )
    expect(refusal(() => selectOnDemandGroup(null, 'g-1', SOURCE))).toMatch(/^The job provisions no groups/)
  })
})

import { describe, expect, it } from 'vitest'
import type { SourceObject } from '../../../../main/connectors/connector'
import { deriveGroupsFromColumn } from '../../../../main/connectors/csv/csv-groups'

function row(id: string, groups: string | ReadonlyArray<string> | undefined): SourceObject {
  return {
    id,
    attributes: { employeeId: id, ...(groups === undefined ? {} : { groups }) },
    origin: `people.csv:${id}`,
  }
}

describe('deriveGroupsFromColumn', () => {
  it('splits the text of the column on the separator: one group per distinct trimmed name', () => {
    const groups = deriveGroupsFromColumn(
      [row('1', 'Sales; Admins'), row('2', 'Admins;;Sales ;Admins'), row('3', undefined), row('4', ' ')],
      'groups',
      ';'
    )
    expect(groups).toEqual([
      { id: 'Sales', attributes: { name: 'Sales' }, members: ['1', '2'], origin: 'people.csv:1' },
      { id: 'Admins', attributes: { name: 'Admins' }, members: ['1', '2'], origin: 'people.csv:1' },
    ])
  })

  it('takes a column the source already reads as a list (source.multiValued) as it is', () => {
    const groups = deriveGroupsFromColumn([row('1', ['Sales;EU', 'Admins'])], 'groups', ';')
    expect(groups.map(group => group.id)).toEqual(['Sales;EU', 'Admins'])
  })

  it('compares names exactly: case makes another group', () => {
    const groups = deriveGroupsFromColumn([row('1', 'Sales'), row('2', 'sales')], 'groups', ';')
    expect(groups.map(group => [group.id, group.members])).toEqual([
      ['Sales', ['1']],
      ['sales', ['2']],
    ])
  })
})

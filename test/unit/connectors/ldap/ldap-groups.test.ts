import type { Entry } from 'ldapts'
import { describe, expect, it } from 'vitest'
import { dnKey } from '../../../../main/connectors/ldap/ldap-dn'
import { memberKeysOf, peopleInGroup, type RangeReader } from '../../../../main/connectors/ldap/ldap-groups'

const member = (index: number) => `CN=User ${index},OU=People,DC=example,DC=com`

/** A fake AD that hands out a 3,500-member group's members 1,500 at a time, as MaxValRange does. */
function rangedDirectory(total: number, step = 1500): { reader: RangeReader; requests: string[] } {
  const requests: string[] = []
  const reader: RangeReader = async (dn, request) => {
    requests.push(request)
    const start = Number(/range=(\d+)-\*/.exec(request)?.[1])
    const end = Math.min(start + step, total) - 1
    const last = end === total - 1
    const values = Array.from({ length: end - start + 1 }, (_, offset) => member(start + offset))
    return { dn, [`member;range=${start}-${last ? '*' : end}`]: values }
  }
  return { reader, requests }
}

describe('memberKeysOf', () => {
  it('reads member and uniqueMember (without the optional UID) as DN keys', async () => {
    const entry: Entry = { dn: 'cn=g', member: [member(1), member(2)], uniqueMember: `${member(3)}#'0101'B` }
    const keys = await memberKeysOf(entry, async () => null)
    expect(keys).toEqual([member(1), member(2), member(3)].map(dnKey))
  })

  it("reads every range of AD's ranged member retrieval", async () => {
    const { reader, requests } = rangedDirectory(3500)
    const first = Array.from({ length: 1500 }, (_, index) => member(index))
    const keys = await memberKeysOf({ dn: 'CN=Big', 'member;range=0-1499': first }, reader)
    expect(keys).toHaveLength(3500)
    expect(new Set(keys).size).toBe(3500)
    expect(requests).toEqual(['member;range=1500-*', 'member;range=3000-*'])
  })

  it('refuses a range answer that does not continue where the last one ended', async () => {
    const reader: RangeReader = async dn => ({ dn, 'member;range=0-*': [member(1)] })
    await expect(memberKeysOf({ dn: 'CN=Big', 'member;range=0-1499': [member(0)] }, reader)).rejects.toThrow(
      'did not return the members of CN=Big from 1500 on'
    )
  })
})

describe('peopleInGroup', () => {
  const people = new Map([
    ['a', 'id-a'],
    ['b', 'id-b'],
    ['c', 'id-c'],
  ])
  const personId = (key: string) => people.get(key)
  const nesting = new Map([
    ['staff', ['a', 'engineers']],
    ['engineers', ['b', 'staff', 'research']],
    ['research', ['c', 'b']],
  ])

  it('keeps only people of the source, and ignores member groups unless flattening', () => {
    expect(peopleInGroup(['a', 'engineers', 'outsider'], personId, null)).toEqual(['id-a'])
  })

  it('flattens nested groups at any depth, once each, through cycles', () => {
    expect(peopleInGroup(['a', 'engineers'], personId, nesting)).toEqual(['id-a', 'id-b', 'id-c'])
  })
})

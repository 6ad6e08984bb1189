import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import { findUnlistedAccounts } from '../../../../main/engine/run/unlisted-accounts'
import type { Link } from '../../../../main/model/link'
import { link } from '../../../helpers/job-fixtures'

const account = (id: string): TargetResource => ({ id, userName: `${id}@example.com` })
const linksOf = (...entries: Link[]) => new Map(entries.map(entry => [entry.sourceId, entry]))

describe('findUnlistedAccounts', () => {
  it('reads only linked accounts the listing missed, and keeps those the app still has', async () => {
    const asked: string[] = []
    const found = await findUnlistedAccounts(
      [account('T1')],
      linksOf(link('E1', 'T1'), link('E2', 'T2'), link('E3', 'T3'), link('E4', 'T4', 'deleted')),
      async id => {
        asked.push(id)
        return id === 'T2' ? account('T2') : null
      },
      4
    )
    expect(asked.sort()).toEqual(['T2', 'T3'])
    expect(found).toEqual([account('T2')])
  })

  it('asks nothing when every linked account is listed', async () => {
    const found = await findUnlistedAccounts(
      [account('T1')],
      linksOf(link('E1', 'T1')),
      () => {
        throw new Error('no read expected')
      },
      4
    )
    expect(found).toEqual([])
  })

  it('reads at most `concurrency` accounts at a time', async () => {
    let inFlight = 0
    let most = 0
    const links = linksOf(...Array.from({ length: 20 }, (_, index) => link(`E${index}`, `T${index}`)))
    const found = await findUnlistedAccounts(
      [],
      links,
      async id => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise(resolve => setTimeout(resolve, 2))
        inFlight--
        return account(id)
      },
      3
    )
    expect(found).toHaveLength(20)
    expect(most).toBe(3)
  })

  it('does not take another account for the one asked for, and lets a failed read end the run', async () => {
    expect(await findUnlistedAccounts([], linksOf(link('E1', 'T1')), async () => account('T9'), 2)).toEqual(
      []
    )
    await expect(
      findUnlistedAccounts([], linksOf(link('E1', 'T1')), () => Promise.reject(new Error('HTTP 500')), 2)
    ).rejects.toThrow('HTTP 500')
  })
})

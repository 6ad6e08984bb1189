/** Reading the target's listing (read-target.ts readAll): by page where the connector offers pages. */
import { describe, expect, it } from 'vitest'
import type { TargetConnector, TargetResource } from '../../../../main/connectors/connector'
import { readAll } from '../../../../main/engine/run/read-target'

const accounts = (from: number, count: number): TargetResource[] =>
  Array.from({ length: count }, (_, index) => ({ id: `a${from + index}` }))

/** A connector listing `pages`; `paged` says whether it offers listPages too. */
function connector(pages: TargetResource[][], paged: boolean, seen: string[] = []): TargetConnector {
  const unused = () => Promise.reject(new Error('not used'))
  return {
    description: 'fake',
    async *list() {
      seen.push('list')
      for (const page of pages) yield* page
    },
    ...(paged
      ? {
          async *listPages() {
            seen.push('listPages')
            yield* pages
          },
        }
      : {}),
    find: unused,
    get: unused,
    create: unused,
    update: unused,
    delete: unused,
    close: () => Promise.resolve(),
  }
}

describe('readAll', () => {
  it('reads a connector by page when it offers pages, counting once per page', async () => {
    const seen: string[] = []
    const counts: number[] = []
    const read = await readAll(connector([accounts(0, 3), accounts(3, 2)], true, seen), 'user', {
      onRead: count => counts.push(count),
    })
    expect(read.map(account => account.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4'])
    expect(seen).toEqual(['listPages'])
    expect(counts).toEqual([3, 5])
  })

  it('reads a connector that lists one by one as it always did', async () => {
    const seen: string[] = []
    const counts: number[] = []
    const read = await readAll(connector([accounts(0, 3)], false, seen), 'user', {
      onRead: count => counts.push(count),
    })
    expect(read).toEqual(accounts(0, 3))
    expect(seen).toEqual(['list'])
    expect(counts).toEqual([1, 2, 3])
  })

  it('stops between pages once cancelled', async () => {
    const cancel = new AbortController()
    const counts: number[] = []
    const reading = readAll(connector([accounts(0, 2), accounts(2, 2), accounts(4, 2)], true), 'user', {
      signal: cancel.signal,
      onRead: count => {
        counts.push(count)
        cancel.abort(new Error('cancelled by the admin'))
      },
    })
    await expect(reading).rejects.toThrow('cancelled by the admin')
    expect(counts).toEqual([2])
  })
})

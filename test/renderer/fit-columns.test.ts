import { describe, expect, it } from 'vitest'
import { columnsToDrop, minRowPx, minTrackPx } from '../../renderer/components/data-table/fit-columns'

const COLUMNS = [
  { id: 'time', width: 'minmax(12rem, 1fr)' },
  { id: 'who', width: 'minmax(11rem, 1.6fr)' },
  { id: 'status', width: '6.5rem' },
  { id: 'target', width: 'minmax(9rem, 1.2fr)' },
  { id: 'errorCode', width: 'minmax(7rem, 0.8fr)' },
]

describe('fitting columns to the width', () => {
  it("reads a track's least width", () => {
    expect(minTrackPx('minmax(12rem, 1fr)')).toBe(192)
    expect(minTrackPx('6.5rem')).toBe(104)
    expect(minTrackPx('1fr')).toBe(0)
    // A track without a known minimum still takes its cell padding.
    expect(minRowPx([{ id: 'a', width: '1fr' }])).toBe(16)
  })

  it('leaves out the most expendable columns first, only as many as needed', () => {
    const all = minRowPx(COLUMNS)
    expect(all).toBe((12 + 11 + 6.5 + 9 + 7) * 16)
    expect(columnsToDrop(COLUMNS, ['errorCode', 'target'], all)).toEqual([])
    expect(columnsToDrop(COLUMNS, ['errorCode', 'target'], all - 1)).toEqual(['errorCode'])
    expect(columnsToDrop(COLUMNS, ['errorCode', 'target'], 600)).toEqual(['errorCode', 'target'])
    // Never more than the expendable ones, even when the rest does not fit either.
    expect(columnsToDrop(COLUMNS, ['errorCode', 'target'], 100)).toEqual(['errorCode', 'target'])
  })

  it('leaves every column in while the width is not known yet', () => {
    expect(columnsToDrop(COLUMNS, ['errorCode'], null)).toEqual([])
    expect(columnsToDrop(COLUMNS, ['errorCode'], 0)).toEqual([])
  })
})

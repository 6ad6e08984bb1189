import { describe, expect, it } from 'vitest'
import { newChangeId } from '../../../../main/engine/run/change-id'

describe('newChangeId', () => {
  it('gives a new UUID on every call', () => {
    const ids = Array.from({ length: 100 }, () => newChangeId())
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

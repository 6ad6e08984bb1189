import { describe, expect, it } from 'vitest'
import { defineLazy } from '../../../../main/engine/plan/lazy-fields'

describe('defineLazy', () => {
  it('computes a kept field on first read only, and never before', () => {
    let runs = 0
    const object: Record<string, unknown> = { id: 1 }
    defineLazy(object, 'steps', () => {
      runs++
      return ['imported']
    })
    expect(runs).toBe(0)
    expect(object['steps']).toEqual(['imported'])
    expect(object['steps']).toBe(object['steps'])
    expect(runs).toBe(1)
  })

  it('computes a fresh field on every read', () => {
    let runs = 0
    const object: Record<string, unknown> = {}
    defineLazy(object, 'body', () => ({ run: ++runs }), false)
    expect(object['body']).toEqual({ run: 1 })
    expect(object['body']).toEqual({ run: 2 })
  })

  it('keeps each object its own values though the getter is shared', () => {
    const first: Record<string, unknown> = {}
    const second: Record<string, unknown> = {}
    defineLazy(first, 'fingerprint', () => 'a')
    defineLazy(second, 'fingerprint', () => 'b')
    expect([first['fingerprint'], second['fingerprint']]).toEqual(['a', 'b'])
  })

  it('is an own enumerable field, seen by keys, JSON and equality as a plain value', () => {
    const object: Record<string, unknown> = { action: 'link' }
    defineLazy(object, 'changes', () => [])
    object['reason'] = null
    expect(Object.keys(object)).toEqual(['action', 'changes', 'reason'])
    expect(JSON.stringify(object)).toBe('{"action":"link","changes":[],"reason":null}')
    expect(object).toStrictEqual({ action: 'link', changes: [], reason: null })
  })
})

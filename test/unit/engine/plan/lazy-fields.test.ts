import { describe, expect, it } from 'vitest'
import { lazyField } from '../../../../main/engine/plan/lazy-fields'

interface Counter {
  runs: number
  readonly label: string
}

describe('lazyField', () => {
  it('computes a kept field on first read only, and never before', () => {
    const steps = lazyField<Counter>('steps', state => [`imported ${state.label}`, ++state.runs])
    const state: Counter = { runs: 0, label: 'E1' }
    const object: Record<string, unknown> = { id: 1 }
    steps.define(object, state)
    expect(state.runs).toBe(0)
    expect(object['steps']).toEqual(['imported E1', 1])
    expect(object['steps']).toBe(object['steps'])
    expect(state.runs).toBe(1)
  })

  it('computes a fresh field on every read', () => {
    const body = lazyField<Counter>('body', state => ({ run: ++state.runs }), false)
    const object: Record<string, unknown> = {}
    body.define(object, { runs: 0, label: '' })
    expect(object['body']).toEqual({ run: 1 })
    expect(object['body']).toEqual({ run: 2 })
  })

  it('keeps each object its own value though the getter is shared', () => {
    const print = lazyField<Counter>('fingerprint', state => state.label)
    const first: Record<string, unknown> = {}
    const second: Record<string, unknown> = {}
    print.define(first, { runs: 0, label: 'a' })
    print.define(second, { runs: 0, label: 'b' })
    expect([first['fingerprint'], second['fingerprint']]).toEqual(['a', 'b'])
    expect(first['fingerprint']).toBe('a')
  })

  it('is an own enumerable field, seen by keys, JSON and equality as a plain value', () => {
    const changes = lazyField<Counter>('changes', () => [])
    const object: Record<string, unknown> = { action: 'link' }
    changes.define(object, { runs: 0, label: '' })
    object['reason'] = null
    expect(Object.keys(object)).toEqual(['action', 'changes', 'reason'])
    expect(JSON.stringify(object)).toBe('{"action":"link","changes":[],"reason":null}')
    expect(object).toStrictEqual({ action: 'link', changes: [], reason: null })
    expect({ ...object }).toStrictEqual({ action: 'link', changes: [], reason: null })
  })
})

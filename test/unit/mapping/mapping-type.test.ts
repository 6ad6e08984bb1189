import { describe, expect, it } from 'vitest'
import { mappingTypeOf } from '../../../main/mapping/mapping-type'

describe('mappingTypeOf (Entra’s mapping types, read from the job file)', () => {
  it.each([
    [{ expression: '[mail]' }, 'Direct'],
    [{ expression: '  [given name] ' }, 'Direct'],
    [{ expression: '"Staff"' }, 'Constant'],
    [{ expression: '"Company name: \\"Contoso\\""' }, 'Constant'],
    [{ expression: 'ToLower([mail])' }, 'Expression'],
    [{ expression: '[a] [b]' }, 'Expression'],
    [{ expression: '42' }, 'Expression'],
    [{ expression: 'Join(' }, 'Expression'],
    [{ expression: '“curly”' }, 'Expression'],
    [{ expression: '' }, 'Expression'],
    [{ type: 'none', default: 'en-US' }, 'None'],
  ] as const)('%j is %s', (mapping, type) => {
    expect(mappingTypeOf(mapping)).toBe(type)
  })
})

import { tokenize } from './syntax/lexer'

/** Entra's four mapping types (its "Mapping type" drop-down). */
export type MappingType = 'Direct' | 'Constant' | 'Expression' | 'None'

/**
 * A mapping's type as Entra's portal names it, read from the job file's mapping: None when it
 * says `"type": "none"`; otherwise from its expression: Direct for a bare `[attribute]`, Constant
 * for a lone string literal, Expression for anything else (including text that does not parse).
 */
export function mappingTypeOf(mapping: {
  readonly type?: string
  readonly expression?: string
}): MappingType {
  if (mapping.type === 'none') return 'None'
  let tokens
  try {
    tokens = tokenize(mapping.expression ?? '')
  } catch {
    return 'Expression'
  }
  const [only, end] = tokens
  if (tokens.length !== 2 || only === undefined || end?.kind !== 'end') return 'Expression'
  if (only.kind === 'attribute') return 'Direct'
  return only.kind === 'string' ? 'Constant' : 'Expression'
}

/**
 * The attribute types a directory publishes in its subschema entry (RFC 4512 §4.1.2), read to
 * tell a job's attribute names from typos and to know which attributes hold bytes, not text.
 */

/** Syntaxes whose values are bytes (RFC 4517, RFC 4523, AD's security descriptor). */
const BINARY_SYNTAXES = new Set([
  '1.3.6.1.4.1.1466.115.121.1.4', // Audio
  '1.3.6.1.4.1.1466.115.121.1.5', // Binary
  '1.3.6.1.4.1.1466.115.121.1.8', // Certificate
  '1.3.6.1.4.1.1466.115.121.1.9', // Certificate List
  '1.3.6.1.4.1.1466.115.121.1.10', // Certificate Pair
  '1.3.6.1.4.1.1466.115.121.1.23', // Fax
  '1.3.6.1.4.1.1466.115.121.1.28', // JPEG
  '1.3.6.1.4.1.1466.115.121.1.40', // Octet String
  '1.3.6.1.4.1.1466.115.121.1.49', // Supported Algorithm
  '1.2.840.113556.1.4.907', // AD: NT security descriptor
])

interface AttributeType {
  readonly names: ReadonlyArray<string>
  readonly syntax: string | null
  readonly superior: string | null
}

export class LdapSchema {
  /** Every name and alias, as the schema spells it. */
  public readonly names: ReadonlyArray<string>
  private readonly byName = new Map<string, AttributeType>()

  public constructor(definitions: ReadonlyArray<string>) {
    const names: string[] = []
    for (const definition of definitions) {
      const type = parseAttributeType(definition)
      if (type === null) continue
      for (const name of type.names) {
        names.push(name)
        this.byName.set(name.toLowerCase(), type)
      }
    }
    this.names = names
  }

  /** The schema's spelling of an attribute name (names are case-insensitive); undefined if unknown. */
  public spelling(name: string): string | undefined {
    const type = this.byName.get(name.toLowerCase())
    return type?.names.find(candidate => candidate.toLowerCase() === name.toLowerCase())
  }

  /** Whether the attribute's values are bytes (its syntax, or its superior's). */
  public isBinary(name: string): boolean {
    let type = this.byName.get(name.toLowerCase())
    for (let depth = 0; type !== undefined && depth < 10; depth++) {
      if (type.syntax !== null) return BINARY_SYNTAXES.has(type.syntax)
      type = type.superior === null ? undefined : this.byName.get(type.superior.toLowerCase())
    }
    return false
  }
}

/** The names, syntax and superior of one `attributeTypes` value; null if it cannot be read. */
export function parseAttributeType(definition: string): AttributeType | null {
  const tokens = tokenize(definition)
  if (tokens === null || tokens[0] !== '(') return null
  let names: string[] = []
  let syntax: string | null = null
  let superior: string | null = null
  for (let index = 1; index < tokens.length; index++) {
    const keyword = tokens[index]
    if (keyword === 'NAME') {
      const read = readList(tokens, index + 1)
      names = read.values
      index = read.next - 1
    } else if (keyword === 'SYNTAX') {
      syntax = unquote(tokens[index + 1] ?? '').replace(/\{\d+\}$/, '')
      index++
    } else if (keyword === 'SUP') {
      superior = tokens[index + 1] === undefined ? null : unquote(tokens[index + 1] as string)
      index++
    }
  }
  return names.length === 0 ? null : { names, syntax, superior }
}

/** `'a'` or `( 'a' 'b' )` starting at `start`; `next` is the first token after it. */
function readList(tokens: ReadonlyArray<string>, start: number): { values: string[]; next: number } {
  if (tokens[start] !== '(') return { values: [unquote(tokens[start] ?? '')], next: start + 1 }
  const values: string[] = []
  let index = start + 1
  while (index < tokens.length && tokens[index] !== ')') {
    const token = tokens[index] as string
    if (token !== '$') values.push(unquote(token))
    index++
  }
  return { values, next: index + 1 }
}

/** A quoted token without its mark (see tokenize). */
function unquote(token: string): string {
  return token.startsWith("'") ? token.slice(1) : token
}

/**
 * Splits a definition into parentheses, bare words and quoted strings; a quoted string keeps a
 * leading `'` so that a description reading 'NAME' is never taken for the keyword.
 */
function tokenize(text: string): string[] | null {
  const tokens: string[] = []
  let index = 0
  while (index < text.length) {
    const char = text[index] as string
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index++
    } else if (char === '(' || char === ')') {
      tokens.push(char)
      index++
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1)
      if (end < 0) return null
      tokens.push(text.slice(index, end))
      index = end + 1
    } else {
      let end = index
      while (end < text.length && !/[\s()']/.test(text[end] as string)) end++
      tokens.push(text.slice(index, end))
      index = end
    }
  }
  return tokens
}

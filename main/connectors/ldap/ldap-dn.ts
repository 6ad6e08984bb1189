/**
 * Distinguished names compared the way a directory compares them (RFC 4514 syntax, the
 * case-ignoring matching of the usual naming attributes): `CN=Ada Lovelace, OU=People,DC=example`
 * and `cn=ada lovelace,ou=people,dc=example` name the same entry. A `manager` or `member` value
 * is written by whoever edited it, so it rarely has the spelling the search returns the entry with.
 */

/** A key equal for every spelling of the same DN (not meant to be shown). */
export function dnKey(dn: string): string {
  if (!/[\\"+#]/.test(dn)) return plainDnKey(dn)
  const rdns = splitUnescaped(dn, ',')
  if (rdns === null) return fallbackKey(dn)
  const keys: string[] = []
  for (const rdn of rdns) {
    const avas = splitUnescaped(rdn, '+')
    if (avas === null) return fallbackKey(dn)
    const parts: string[] = []
    for (const ava of avas) {
      const equals = indexOfUnescaped(ava, '=')
      if (equals < 0) return fallbackKey(dn)
      const value = attributeValue(ava.slice(equals + 1))
      if (value === null) return fallbackKey(dn)
      parts.push(`${ava.slice(0, equals).trim().toLowerCase()}=${value}`)
    }
    keys.push(parts.sort().join('\u0001'))
  }
  return keys.join('\u0000')
}

/** The common DN without escapes, quotes or multi-valued RDNs (the same key, found faster). */
function plainDnKey(dn: string): string {
  const keys = dn.split(',')
  for (let index = 0; index < keys.length; index++) {
    const rdn = keys[index] as string
    const equals = rdn.indexOf('=')
    if (equals < 0) return fallbackKey(dn)
    const value = rdn.slice(equals + 1).replace(/^ +| +$/g, '')
    keys[index] = `${rdn.slice(0, equals).trim().toLowerCase()}=${fold(value)}`
  }
  return keys.join('\u0000')
}

/**
 * A `uniqueMember` value is a DN optionally followed by `#'0101'B` (an RFC 4517 "name and
 * optional UID"); the UID part is not part of the entry's name.
 */
export function withoutOptionalUid(value: string): string {
  return value.replace(/#'[01]*'B$/, '')
}

function fallbackKey(dn: string): string {
  return dn.trim().toLowerCase()
}

function indexOfUnescaped(text: string, char: string): number {
  for (let index = 0; index < text.length; index++) {
    const current = text[index]
    if (current === '\\') index++
    else if (current === char) return index
  }
  return -1
}

/** Splits at unescaped `separator`s outside quotes; null when an escape is cut off. */
function splitUnescaped(text: string, separator: string): string[] | null {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char === '\\') {
      if (index + 1 >= text.length) return null
      index++
    } else if (char === '"') {
      quoted = !quoted
    } else if (char === separator && !quoted) {
      parts.push(text.slice(start, index))
      start = index + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** An attribute value unescaped and folded (case, compatibility forms, inner spaces); null if malformed. */
function attributeValue(raw: string): string | null {
  const text = trimUnescapedSpaces(raw)
  if (text.startsWith('#')) return text.toLowerCase()
  const unquoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text
  if (!unquoted.includes('\\')) return fold(unquoted)
  const bytes: number[] = []
  for (let index = 0; index < unquoted.length; index++) {
    const char = unquoted[index] as string
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'))
      continue
    }
    const pair = unquoted.slice(index + 1, index + 3)
    if (/^[0-9a-fA-F]{2}$/.test(pair)) {
      bytes.push(parseInt(pair, 16))
      index += 2
    } else if (index + 1 < unquoted.length) {
      bytes.push(...Buffer.from(unquoted[index + 1] as string, 'utf8'))
      index++
    } else {
      return null
    }
  }
  return fold(Buffer.from(bytes).toString('utf8'))
}

function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ')
}

/** Leading spaces and trailing spaces that are not escaped (`cn=a\ ` keeps its space). */
function trimUnescapedSpaces(text: string): string {
  let end = text.length
  while (end > 0 && text[end - 1] === ' ' && !isEscaped(text, end - 1)) end--
  return text.slice(0, end).replace(/^ +/, '')
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0
  for (let at = index - 1; at >= 0 && text[at] === '\\'; at--) backslashes++
  return backslashes % 2 === 1
}

import type { Entry } from 'ldapts'
import type { SourceValue } from '../connector'
import { accountExpiryOf, guidFromBytes, isDisabledByAccountControl, sidFromBytes } from './ad-values'
import type { LdapSchema } from './ldap-schema'

/**
 * One directory entry as the attributes a mapping reads.
 *
 * - An attribute with one value on the entry is text, with several a list (the mapping
 *   language treats a list of one like its value, so `[mail]` works whatever the schema says).
 * - Attribute names are case-insensitive in LDAP: each is keyed the way the job spells it
 *   (`[givenname]` reads `givenName`), else as the schema spells it.
 * - `objectGUID` and `objectSid` become GUID and SID text; other binary values base64.
 * - `manager` (a DN) becomes the manager's source id when the manager is among the people read.
 * - Attributes the directory does not have are added (see SYNTHESIZED): `dn`, and from AD's
 *   `userAccountControl` and `accountExpires`, `accountDisabled`, `accountExpired`, `accountEnabled`.
 */

/** Attributes the connector adds to every entry; their inputs must be requested too. */
export const SYNTHESIZED: Readonly<Record<string, ReadonlyArray<string>>> = {
  dn: [],
  accountDisabled: ['userAccountControl'],
  accountExpired: ['accountExpires'],
  accountEnabled: ['userAccountControl', 'accountExpires'],
}

/** The attributes that identify an entry: AD's objectGUID first, OpenLDAP's entryUUID. */
export const ID_ATTRIBUTES = ['objectGUID', 'entryUUID'] as const

/**
 * Attributes ldapts must hand over as bytes (their bytes may happen to read as UTF-8); it
 * compares names as the server spells them, so both usual spellings are listed.
 */
export const BYTE_ATTRIBUTES = ['objectGUID', 'objectSid', 'objectguid', 'objectsid']

export interface EntryReading {
  /** The job's spelling of each requested attribute, by lower-cased name. */
  readonly spellings: ReadonlyMap<string, string>
  readonly schema: LdapSchema | null
  /** For `accountExpired`: when the directory is read. */
  readonly now: number
  /** The source id of the person a DN names (for `manager`); undefined when not among the people. */
  readonly idOfDn: ((dn: string) => string | undefined) | null
  /** Lower-cased names of attributes read for the connector's own use, left out. */
  readonly omit?: ReadonlySet<string>
}

/** An attribute as ldapts gives it (undefined: not on the entry). */
export type RawValue = Entry[string] | undefined

/** The source id of an entry (objectGUID, else entryUUID); null when it has neither. */
export function entryId(entry: Entry): string | null {
  for (const key of Object.keys(entry)) {
    const lower = key.toLowerCase()
    if (lower === 'objectguid') {
      const bytes = firstBuffer(entry[key])
      if (bytes !== null) return guidFromBytes(bytes)
    }
  }
  for (const key of Object.keys(entry)) {
    if (key.toLowerCase() === 'entryuuid') {
      const value = textValues(entry[key])[0]
      if (value !== undefined && value !== '') return value.toLowerCase()
    }
  }
  return null
}

/** An entry's attributes, named and shaped for the mappings (see the module comment). */
export function entryAttributes(entry: Entry, reading: EntryReading): Record<string, SourceValue> {
  const attributes: Record<string, SourceValue> = {}
  for (const key of Object.keys(entry)) {
    const lower = key.toLowerCase()
    // `member;range=0-1499` and the like are AD's paging of a value list (see ldap-groups.ts).
    if (key === 'dn' || reading.omit?.has(lower) === true || lower.includes(';range=')) continue
    const values = decodeValues(lower, entry[key])
    if (values.length === 0) continue
    const resolved =
      lower === 'manager' && reading.idOfDn !== null ? values.map(dn => reading.idOfDn?.(dn) ?? dn) : values
    const name = reading.spellings.get(lower) ?? reading.schema?.spelling(key) ?? key
    attributes[name] = resolved.length === 1 ? (resolved[0] as string) : resolved
  }
  addSynthesized(attributes, entry, reading)
  return attributes
}

function addSynthesized(attributes: Record<string, SourceValue>, entry: Entry, reading: EntryReading): void {
  const set = (name: string, value: string) => {
    attributes[reading.spellings.get(name.toLowerCase()) ?? name] = value
  }
  set('dn', entry.dn)
  const control = singleText(entry, 'useraccountcontrol')
  const disabled = control === undefined ? null : isDisabledByAccountControl(control)
  const expires = singleText(entry, 'accountexpires')
  const expiry = expires === undefined ? undefined : accountExpiryOf(expires)
  const expired = expiry === undefined ? null : expiry !== null && expiry <= reading.now
  if (disabled !== null) set('accountDisabled', disabled ? 'True' : 'False')
  if (expired !== null) set('accountExpired', expired ? 'True' : 'False')
  if (disabled !== null || expired !== null) {
    set('accountEnabled', disabled === true || expired === true ? 'False' : 'True')
  }
}

/** Values as text: GUIDs and SIDs in their usual form; other bytes (a photo, a certificate) base64. */
function decodeValues(lowerName: string, raw: RawValue): string[] {
  const values: string[] = []
  for (const value of valueList(raw)) {
    if (typeof value === 'string') {
      if (value !== '') values.push(value)
      continue
    }
    const text =
      lowerName === 'objectguid'
        ? guidFromBytes(value)
        : lowerName === 'objectsid'
          ? sidFromBytes(value)
          : null
    values.push(text ?? value.toString('base64'))
  }
  return values
}

function singleText(entry: Entry, lowerName: string): string | undefined {
  for (const key of Object.keys(entry)) {
    if (key.toLowerCase() === lowerName) return textValues(entry[key])[0]
  }
  return undefined
}

/** An attribute's values as text (bytes read as UTF-8). */
export function textValues(raw: RawValue): string[] {
  return valueList(raw).map(value => (typeof value === 'string' ? value : value.toString('utf8')))
}

function firstBuffer(raw: RawValue): Buffer | null {
  const first: unknown = Array.isArray(raw) ? raw[0] : raw
  return Buffer.isBuffer(first) ? first : null
}

function valueList(raw: RawValue): ReadonlyArray<string | Buffer> {
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
}

import type { Entry } from 'ldapts'
import type { ConnectionCheck, SourceConnector, SourceGroup, SourceObject } from '../connector'
import { SourceFormatError } from '../source-errors'
import { dnKey } from './ldap-dn'
import {
  BYTE_ATTRIBUTES,
  entryAttributes,
  entryId,
  type EntryReading,
  ID_ATTRIBUTES,
  SYNTHESIZED,
} from './ldap-entry'
import { ANY_GROUP_FILTER, MEMBER_ATTRIBUTES, memberKeysOf, peopleInGroup } from './ldap-groups'
import { readSchema } from './ldap-schema-reader'
import type { LdapSchema } from './ldap-schema'
import {
  closeSession,
  type LdapConnection,
  type LdapSession,
  openSession,
  type PagedSearch,
  readEntry,
  searchPages,
} from './ldap-session'

export interface LdapSearchScope {
  readonly baseDn: string
  readonly filter: string
  readonly scope: 'base' | 'one' | 'sub'
}

export interface LdapSourceOptions {
  readonly connection: LdapConnection
  readonly users: LdapSearchScope
  readonly groups: LdapSearchScope & { readonly flattenNested: boolean }
  readonly pageSize: number
  /** Attributes the job's user mappings and scoping read, as the job spells them. */
  readonly userAttributes: ReadonlyArray<string>
  /** Attributes the job's group mappings read. */
  readonly groupAttributes: ReadonlyArray<string>
  /** The clock `accountExpired` compares with (default: the system's). */
  readonly now?: () => Date
}

/** What "Test connection" shows: the connection worked, and what the searches find. */
export interface LdapConnectionReport {
  readonly server: string
  readonly security: 'ldaps' | 'starttls' | 'none'
  readonly boundAs: string
  /** The first person the user search finds (null: it finds no one). */
  readonly person: { readonly dn: string; readonly id: string | null } | null
  /** The first group the group search finds (null: it finds none). */
  readonly group: { readonly dn: string; readonly id: string | null } | null
  /** Whether the directory's schema could be read (it checks the job's attribute names). */
  readonly schemaRead: boolean
}

/**
 * People and groups from an LDAP directory (OpenLDAP, Active Directory, …), read with paged
 * searches (RFC 2696) over a verified TLS connection. Each read binds, streams its pages and
 * unbinds — also when the reader stops early or a page fails.
 *
 * Source ids are `objectGUID` (AD) or `entryUUID` (others), never DNs, so a renamed or moved
 * entry keeps its link. `manager` and group member DNs are resolved to those ids.
 */
export class LdapSource implements SourceConnector {
  public readonly description: string
  private schema: LdapSchema | null = null
  /** DN key → source id of every person the user search finds, once read in full. */
  private people: Map<string, string> | null = null

  public constructor(private readonly options: LdapSourceOptions) {
    this.description = `the LDAP directory ${options.connection.url}`
  }

  /** Binds and reads the schema (so a wrong password or host fails before anything else). */
  public async connect(): Promise<void> {
    await this.withSession(async session => {
      this.schema = await readSchema(session)
    })
  }

  /**
   * The attribute names a job may use (for the unknown-attribute check): the schema's, the
   * job's own spelling of them, and the ones the connector adds. Null when the schema could not
   * be read (the check is then skipped: attributes may be absent from any given entry).
   */
  public knownAttributes(jobNames: Iterable<string>): string[] | null {
    const schema = this.schema
    if (schema === null) return null
    const known = [...schema.names, ...Object.keys(SYNTHESIZED)]
    for (const name of jobNames) {
      if (schema.spelling(name) !== undefined || synthesizedInputs(name) !== undefined) known.push(name)
    }
    return known
  }

  public async *readUsers(): AsyncGenerator<SourceObject, void, undefined> {
    const session = await openSession(this.options.connection)
    try {
      const wantsManager = this.options.userAttributes.some(name => name.toLowerCase() === 'manager')
      // A manager may come after their reports: their ids are known before the first person.
      const known = wantsManager ? await this.indexPeople(session) : null
      const index = known ?? new Map<string, string>()
      const reading = this.reading(this.options.userAttributes, known)
      for await (const page of searchPages(session, this.userSearch(this.options.userAttributes))) {
        for (const entry of page) {
          const id = this.idOf(entry)
          if (known === null) index.set(dnKey(entry.dn), id)
          yield { id, attributes: entryAttributes(entry, reading), origin: entry.dn }
        }
      }
      // Kept for readGroups, which resolves member DNs to the same ids.
      this.people = index
    } finally {
      await closeSession(session)
    }
  }

  public async *readGroups(): AsyncGenerator<SourceGroup, void, undefined> {
    const session = await openSession(this.options.connection)
    try {
      const people = this.people ?? (await this.indexPeople(session))
      const nested = this.options.groups.flattenNested ? await this.readNesting(session) : null
      const reading = this.reading(this.options.groupAttributes, null, MEMBER_ATTRIBUTES)
      const search = this.groupSearch(this.options.groups.filter, this.options.groupAttributes)
      for await (const page of searchPages(session, search)) {
        for (const entry of page) {
          const keys = await memberKeysOf(entry, (dn, request) => readEntry(session, dn, [request]))
          yield {
            id: this.idOf(entry),
            attributes: entryAttributes(entry, reading),
            members: peopleInGroup(keys, key => people.get(key), nested),
            origin: entry.dn,
          }
        }
      }
    } finally {
      await closeSession(session)
    }
  }

  /** Binds, finds one person and one group, and says what it found (for "Test connection"). */
  /** "Test connection" as the app shows it: each step, never throwing. */
  public async testConnection(): Promise<ReadonlyArray<ConnectionCheck>> {
    const { url, bindDn } = this.options.connection
    let report: LdapConnectionReport
    try {
      report = await this.describeConnection()
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      return [{ step: `Bind to ${url} as ${bindDn}`, ok: false, detail }]
    }
    const found = (entry: LdapConnectionReport['person'], none: string) =>
      entry === null ? none : `${entry.dn} (id ${entry.id ?? 'none'})`
    return [
      { step: `Bind to ${url} as ${bindDn}`, ok: true, detail: `connected over ${report.security}` },
      {
        step: 'Read one person',
        ok: report.person !== null,
        detail: found(report.person, 'the user search finds no one'),
      },
      { step: 'Read one group', ok: true, detail: found(report.group, 'the group search finds no group') },
      {
        step: 'Read the schema',
        ok: true,
        detail: report.schemaRead
          ? 'attribute names are checked against it'
          : 'not readable: attribute names are not checked',
      },
    ]
  }

  /** What the connection and the searches find (throws when the directory cannot be used). */
  public async describeConnection(): Promise<LdapConnectionReport> {
    return this.withSession(async session => {
      this.schema = await readSchema(session)
      const first = async (search: PagedSearch) => {
        const result = await session.client.search(search.baseDn, {
          scope: search.scope,
          filter: search.filter,
          attributes: [...search.attributes],
          explicitBufferAttributes: [...search.byteAttributes],
          sizeLimit: 1,
        })
        const entry = result.searchEntries[0]
        return entry === undefined ? null : { dn: entry.dn, id: entryId(entry) }
      }
      const { url, startTls, bindDn } = this.options.connection
      return {
        server: url,
        security: url.toLowerCase().startsWith('ldaps:') ? 'ldaps' : startTls ? 'starttls' : 'none',
        boundAs: bindDn,
        person: await first(this.userSearch([])),
        group: await first(this.groupSearch(this.options.groups.filter, [])),
        schemaRead: this.schema !== null,
      }
    })
  }

  private async withSession<T>(work: (session: LdapSession) => Promise<T>): Promise<T> {
    const session = await openSession(this.options.connection)
    try {
      return await work(session)
    } finally {
      await closeSession(session)
    }
  }

  /** DN key → source id of every person, from a search that reads only their ids. */
  private async indexPeople(session: LdapSession): Promise<Map<string, string>> {
    const index = new Map<string, string>()
    for await (const page of searchPages(session, this.userSearch([]))) {
      for (const entry of page) index.set(dnKey(entry.dn), this.idOf(entry))
    }
    return index
  }

  /** Group DN key → member DN keys, of every group under groupBaseDn (for flattening). */
  private async readNesting(session: LdapSession): Promise<Map<string, string[]>> {
    const nesting = new Map<string, string[]>()
    for await (const page of searchPages(session, this.groupSearch(ANY_GROUP_FILTER, []))) {
      for (const entry of page) {
        nesting.set(
          dnKey(entry.dn),
          await memberKeysOf(entry, (dn, request) => readEntry(session, dn, [request]))
        )
      }
    }
    return nesting
  }

  private userSearch(attributes: ReadonlyArray<string>): PagedSearch {
    return this.search(this.options.users, requestedAttributes(attributes), 'people')
  }

  private groupSearch(filter: string, attributes: ReadonlyArray<string>): PagedSearch {
    const requested = [...requestedAttributes(attributes), ...MEMBER_ATTRIBUTES]
    return this.search({ ...this.options.groups, filter }, requested, 'groups')
  }

  private search(scope: LdapSearchScope, attributes: ReadonlyArray<string>, what: string): PagedSearch {
    const byteAttributes = [...BYTE_ATTRIBUTES]
    for (const name of attributes) {
      if (this.schema?.isBinary(name) !== true) continue
      byteAttributes.push(name, this.schema.spelling(name) ?? name)
    }
    return { ...scope, attributes, byteAttributes, pageSize: this.options.pageSize, what }
  }

  /** How entries become attributes; `omit`: attributes read for the connector, not the job. */
  private reading(
    jobNames: ReadonlyArray<string>,
    people: ReadonlyMap<string, string> | null,
    omit: ReadonlyArray<string> = []
  ): EntryReading {
    const spellings = new Map<string, string>()
    for (const name of jobNames) spellings.set(name.toLowerCase(), name)
    const now = (this.options.now ?? (() => new Date()))().getTime()
    return {
      spellings,
      schema: this.schema,
      now,
      idOfDn: people === null ? null : dn => people.get(dnKey(dn)),
      omit: new Set(omit.map(name => name.toLowerCase()).filter(name => !spellings.has(name))),
    }
  }

  private idOf(entry: Entry): string {
    const id = entryId(entry)
    if (id !== null) return id
    throw new SourceFormatError([
      {
        file: this.options.connection.url,
        message:
          `${entry.dn} has neither objectGUID nor entryUUID, so it cannot be told apart from a renamed entry; ` +
          'the bind account may lack read access to them',
      },
    ])
  }
}

/** The id attributes, the job's attributes, and what the added ones are computed from. */
function requestedAttributes(jobNames: ReadonlyArray<string>): string[] {
  const requested = new Map<string, string>()
  const add = (name: string) => {
    if (!requested.has(name.toLowerCase())) requested.set(name.toLowerCase(), name)
  }
  for (const name of ID_ATTRIBUTES) add(name)
  for (const name of jobNames) {
    const inputs = synthesizedInputs(name)
    if (inputs === undefined) add(name)
    else inputs.forEach(add)
  }
  return [...requested.values()]
}

function synthesizedInputs(name: string): ReadonlyArray<string> | undefined {
  const key = Object.keys(SYNTHESIZED).find(candidate => candidate.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : SYNTHESIZED[key]
}

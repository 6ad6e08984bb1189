import { isIP } from 'node:net'
import type { ConnectionOptions } from 'node:tls'
import { Client, type Entry, type SearchOptions } from 'ldapts'
import { ldapFailure } from './ldap-errors'

/** How to reach and bind to the directory. */
export interface LdapConnection {
  /** `ldap://host[:port]` or `ldaps://host[:port]`. */
  readonly url: string
  readonly bindDn: string
  readonly password: string
  /** Upgrade an ldap:// connection with StartTLS before binding. */
  readonly startTls: boolean
  /** PEM certificates of the CAs to trust instead of the system's; null: the system's. */
  readonly ca: Buffer | null
  /** Most time one operation (a bind, a page of a search) may take. */
  readonly timeoutMs: number
}

/** A bound connection. Always closed with `closeSession`, which unbinds. */
export interface LdapSession {
  readonly client: Client
  readonly connection: LdapConnection
}

const CONNECT_TIMEOUT_MS = 10_000

/**
 * Connects (TLS for ldaps://, StartTLS when asked), verifies the server's certificate against
 * the CA file or the system's CAs, and binds with the password. Any failure closes what was
 * opened and throws a SourceFormatError naming the server.
 */
export async function openSession(connection: LdapConnection): Promise<LdapSession> {
  const host = new URL(connection.url).hostname.replace(/^\[|\]$/g, '')
  const tls = tlsOptions(host, connection.ca)
  const client = new Client({
    url: connection.url,
    timeout: connection.timeoutMs,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // ldapts speaks TLS from the start whenever it is given TLS options, ldap:// URLs included.
    ...(connection.url.toLowerCase().startsWith('ldaps:') ? { tlsOptions: tls } : {}),
    strictDN: false,
  })
  let stage: Parameters<typeof ldapFailure>[2] = { kind: 'connect' }
  try {
    if (connection.startTls) {
      stage = { kind: 'starttls' }
      await client.startTLS({ ...tls })
    }
    stage = { kind: 'bind', bindDn: connection.bindDn }
    await client.bind(connection.bindDn, connection.password)
    return { client, connection }
  } catch (error) {
    await closeClient(client)
    throw ldapFailure(error, connection.url, stage)
  }
}

/** Unbinds and closes; never throws (a connection that broke is closed all the same). */
export async function closeSession(session: LdapSession): Promise<void> {
  await closeClient(session.client)
}

async function closeClient(client: Client): Promise<void> {
  try {
    await client.unbind()
  } catch {
    // The socket is destroyed by unbind whatever the server answered.
  }
}

/** Certificates are always verified; the host name too (as an IP address or a DNS name). */
function tlsOptions(host: string, ca: Buffer | null): ConnectionOptions {
  return {
    rejectUnauthorized: true,
    host,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(ca === null ? {} : { ca }),
  }
}

export interface PagedSearch {
  readonly baseDn: string
  readonly filter: string
  readonly scope: 'base' | 'one' | 'sub'
  readonly attributes: ReadonlyArray<string>
  /** Attributes whose values ldapts must return as bytes. */
  readonly byteAttributes: ReadonlyArray<string>
  readonly pageSize: number
  /** What is read, for messages ("people", "groups"). */
  readonly what: string
}

/**
 * Every entry of a search, one page (RFC 2696) at a time: only the current page is held. A
 * server limit that cuts the search short is an error, never a silently shorter list.
 */
export async function* searchPages(session: LdapSession, search: PagedSearch): AsyncGenerator<Entry[]> {
  let read = 0
  const options: SearchOptions = {
    scope: search.scope,
    filter: search.filter,
    attributes: [...search.attributes],
    explicitBufferAttributes: [...search.byteAttributes],
    paged: { pageSize: search.pageSize },
  }
  const pages = session.client.searchPaginated(search.baseDn, options)
  while (true) {
    let page: IteratorResult<{ searchEntries: Entry[] }>
    try {
      page = await pages.next()
    } catch (error) {
      throw ldapFailure(error, session.connection.url, {
        kind: 'search',
        what: search.what,
        baseDn: search.baseDn,
        read,
      })
    }
    if (page.done === true) return
    read += page.value.searchEntries.length
    yield page.value.searchEntries
  }
}

/** One entry by DN (base scope), or null when it does not exist or does not match `filter`. */
export async function readEntry(
  session: LdapSession,
  dn: string,
  attributes: ReadonlyArray<string>,
  filter = '(objectClass=*)'
): Promise<Entry | null> {
  try {
    const result = await session.client.search(dn, { scope: 'base', filter, attributes: [...attributes] })
    return result.searchEntries[0] ?? null
  } catch (error) {
    if ((error as { code?: unknown }).code === 32) return null
    throw ldapFailure(error, session.connection.url, { kind: 'search', what: dn, baseDn: dn, read: 0 })
  }
}

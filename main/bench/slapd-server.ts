/**
 * A real OpenLDAP `slapd` (Debian's) for tests and `npm run bench`: a temporary slapd.conf, an mdb database with
 * the memberof and refint overlays, entries loaded with `slapadd` before start, a random free
 * port on 127.0.0.1 (ldap://, and ldaps:// with a CA made for the test when asked). Each server
 * has its own folder, so test files can run in parallel; `stop()` kills it and removes the folder.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from 'ldapts'

const run = promisify(execFile)

export const SUFFIX = 'dc=example,dc=com'
export const PEOPLE = `ou=people,${SUFFIX}`
export const GROUPS = `ou=groups,${SUFFIX}`
const ADMIN_DN = `cn=admin,${SUFFIX}`
const ADMIN_PASSWORD = 'admin-secret'
/** The bind account the connector uses: not the rootdn, so the server's limits apply to it. */
export const SERVICE_DN = `cn=provisioner,${SUFFIX}`
export const SERVICE_PASSWORD = 'service-secret-ü'

export interface SlapdOptions {
  /** Entries loaded with slapadd before the server starts (the base, people and groups OUs are always there). */
  readonly ldif?: string
  /** …or a file of them (100,000 entries need not be one string). */
  readonly ldifFile?: string
  /** The server's size limit for the service account (default unlimited). */
  readonly sizeLimit?: number
  /** Also listen on ldaps:// and offer StartTLS, with a certificate from a CA made for the test. */
  readonly tls?: boolean
  /** Load Debian's Active Directory schema (msuser.schema): user, group, objectGUID, userAccountControl… */
  readonly adSchema?: boolean
}

export interface Slapd {
  /** ldap://127.0.0.1:PORT */
  readonly url: string
  /** ldaps://127.0.0.1:PORT, when started with `tls`. */
  readonly ldapsUrl: string
  /** The CA that signed the server's certificate (PEM), and one that did not. */
  readonly caFile: string
  readonly otherCaFile: string
  readonly dir: string
  /** Adds entries (LDIF without changetype) with ldapadd, as the directory's administrator. */
  add(ldif: string): Promise<void>
  /** Applies LDIF change records (changetype: modify / modrdn / delete) with ldapmodify. */
  modify(ldif: string): Promise<void>
  /**
   * Waits until a search for `filter` finds an entry: the refint overlay rewrites DNs pointing at
   * a renamed entry in the background, after the rename has returned.
   */
  waitFor(filter: string): Promise<void>
  stop(): Promise<void>
}

const BASE_LDIF = `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ${PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ${GROUPS}
objectClass: organizationalUnit
ou: groups

dn: ${SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: provisioner
userPassword:: ${Buffer.from(SERVICE_PASSWORD).toString('base64')}
`

export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'provisioner-slapd-'))
  try {
    const tls = options.tls === true ? await makeCertificates(dir) : null
    writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, options, tls !== null))
    writeFileSync(join(dir, 'data.ldif'), `${BASE_LDIF}\n${options.ldif ?? ''}`)
    for (const file of [
      join(dir, 'data.ldif'),
      ...(options.ldifFile === undefined ? [] : [options.ldifFile]),
    ]) {
      await run('slapadd', ['-q', '-f', join(dir, 'slapd.conf'), '-l', file])
    }
    return await listen(dir, tls !== null)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

function slapdConf(dir: string, options: SlapdOptions, tls: boolean): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis', ...(options.adSchema === true ? ['msuser'] : [])]
  const limit = options.sizeLimit === undefined ? 'unlimited' : String(options.sizeLimit)
  return [
    ...schemas.map(name => `include /etc/ldap/schema/${name}.schema`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    'moduleload refint',
    `pidfile ${join(dir, 'slapd.pid')}`,
    ...(tls
      ? [
          `TLSCACertificateFile ${join(dir, 'ca.pem')}`,
          `TLSCertificateFile ${join(dir, 'server.pem')}`,
          `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
        ]
      : []),
    `sizelimit ${limit}`,
    'database mdb',
    'maxsize 1073741824',
    `suffix "${SUFFIX}"`,
    `rootdn "${ADMIN_DN}"`,
    `rootpw ${ADMIN_PASSWORD}`,
    `directory ${dir}`,
    'index objectClass eq',
    'overlay memberof',
    'overlay refint',
    'refint_attributes member uniqueMember manager',
    '',
  ].join('\n')
}

/** Starts slapd on free ports, retrying when another test took a port first. */
async function listen(dir: string, tls: boolean): Promise<Slapd> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const securePort = tls ? await freePort() : 0
    const urls = [`ldap://127.0.0.1:${port}/`, ...(tls ? [`ldaps://127.0.0.1:${securePort}/`] : [])]
    const child = spawn('slapd', ['-f', join(dir, 'slapd.conf'), '-h', urls.join(' '), '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let log = ''
    child.stderr?.setEncoding('utf8').on('data', chunk => (log = (log + chunk).slice(-4000)))
    const started = await waitForPort(child, port).then(() => (tls ? waitForPort(child, securePort) : true))
    if (started) return handle(dir, child, port, securePort)
    if (attempt >= 5) throw new Error(`slapd did not start: ${log}`)
  }
}

function handle(dir: string, child: ChildProcess, port: number, securePort: number): Slapd {
  const url = `ldap://127.0.0.1:${port}`
  // A test process that ends without stop() (a crash, a killed worker) takes its slapd along.
  const orphaned = () => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', orphaned)
  const ldapTool = async (tool: string, args: string[], ldif: string) => {
    const client = spawn(tool, ['-x', '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD, ...args])
    let output = ''
    client.stdout.on('data', chunk => (output += chunk))
    client.stderr.on('data', chunk => (output += chunk))
    client.stdin.end(ldif)
    const code = await new Promise<number | null>(resolve => client.on('close', resolve))
    if (code !== 0) throw new Error(`${tool} failed (${code}): ${output}`)
  }
  return {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${securePort}`,
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    dir,
    add: ldif => ldapTool('ldapadd', [], ldif),
    modify: ldif => ldapTool('ldapmodify', [], ldif),
    waitFor: filter => waitForEntry(url, filter),
    async stop() {
      process.removeListener('exit', orphaned)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForEntry(url: string, filter: string): Promise<void> {
  const client = new Client({ url })
  try {
    await client.bind(ADMIN_DN, ADMIN_PASSWORD)
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      const found = await client.search(SUFFIX, { filter, attributes: ['1.1'] })
      if (found.searchEntries.length > 0) return
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    throw new Error(`no entry matched ${filter} within 10 s`)
  } finally {
    await client.unbind()
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** True once the port accepts connections; false if slapd exits (or 10 s pass) first. */
async function waitForPort(child: ChildProcess, port: number): Promise<boolean> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false
    const open = await new Promise<boolean>(resolve => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return true
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  child.kill('SIGKILL')
  return false
}

/** A CA, a server certificate it signs for 127.0.0.1 and localhost, and an unrelated CA. */
async function makeCertificates(dir: string): Promise<void> {
  const file = (name: string) => join(dir, name)
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  for (const name of ['ca', 'other-ca']) {
    await run('openssl', [
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      `/CN=Provisioner test ${name}`,
    ])
  }
  await run('openssl', [
    'req',
    ...ecKey,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ])
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ])
}

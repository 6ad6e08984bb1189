/**
 * Streaming people from a real slapd (DESIGN §6 asks for 100,000 without holding them all): the
 * time to read them through the LDAP source, with and without the pre-pass that resolves
 * managers, and how much memory the process grows by while it does.
 */
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { ANY_GROUP_FILTER } from '../connectors/ldap/ldap-groups'
import { LdapSource } from '../connectors/ldap/ldap-source'
import { PEOPLE, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from './slapd-server'

export interface LdapFigure {
  readonly name: string
  readonly value: number
  readonly unit: string
}

const ATTRIBUTES = ['uid', 'givenName', 'sn', 'cn', 'mail', 'employeeType', 'employeeNumber']

/** Each person reports to the person a tenth of their number (a tree of managers). */
async function writePeople(file: string, count: number): Promise<void> {
  const stream = createWriteStream(file)
  for (let index = 0; index < count; index++) {
    const manager = index === 0 ? '' : `manager: uid=u${Math.floor(index / 10)},${PEOPLE}\n`
    const entry =
      `dn: uid=u${index},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: u${index}\ncn: Given${index} Sur${index}\n` +
      `givenName: Given${index}\nsn: Sur${index}\nmail: u${index}@example.com\nemployeeType: staff\n` +
      `employeeNumber: ${100_000 + index}\n${manager}\n`
    if (!stream.write(entry)) await new Promise<void>(resolve => stream.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()))
  )
}

async function timedRead(slapd: Slapd, attributes: ReadonlyArray<string>, expected: number) {
  const source = new LdapSource({
    connection: {
      url: slapd.url,
      bindDn: SERVICE_DN,
      password: SERVICE_PASSWORD,
      startTls: false,
      ca: null,
      timeoutMs: 120_000,
    },
    users: { baseDn: PEOPLE, filter: '(objectClass=inetOrgPerson)', scope: 'sub' },
    groups: { baseDn: PEOPLE, filter: ANY_GROUP_FILTER, scope: 'sub', flattenNested: false },
    pageSize: 500,
    userAttributes: attributes,
    groupAttributes: [],
  })
  await source.connect()
  global.gc?.()
  const before = process.memoryUsage.rss()
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10)
  const started = performance.now()
  let count = 0
  for await (const _person of source.readUsers()) count++
  const ms = performance.now() - started
  clearInterval(sampler)
  if (count !== expected) throw new Error(`read ${count} people from slapd, expected ${expected}`)
  return { ms, growthMB: (Math.max(peak, process.memoryUsage.rss()) - before) / 1048576 }
}

export async function benchLdapRead(dir: string, people: number): Promise<LdapFigure[]> {
  const file = join(dir, 'people.ldif')
  await writePeople(file, people)
  const loading = performance.now()
  const slapd = await startSlapd({ ldifFile: file })
  try {
    const loadMs = performance.now() - loading
    const plain = await timedRead(slapd, ATTRIBUTES, people)
    const managers = await timedRead(slapd, [...ATTRIBUTES, 'manager'], people)
    return [
      { name: 'ldap.people', value: people, unit: 'entries' },
      { name: 'ldap.slapaddAndStartMs', value: loadMs, unit: 'ms' },
      { name: 'ldap.readMs', value: plain.ms, unit: 'ms' },
      { name: 'ldap.entriesPerSecond', value: people / (plain.ms / 1000), unit: 'entries/s' },
      { name: 'ldap.readWithManagersMs', value: managers.ms, unit: 'ms' },
      // What reading adds to the process (the bench's other figures set its baseline).
      { name: 'ldap.readRssGrowthMB', value: plain.growthMB, unit: 'MB' },
      { name: 'ldap.readWithManagersRssGrowthMB', value: managers.growthMB, unit: 'MB' },
    ]
  } finally {
    await slapd.stop()
  }
}

/** Deterministic people and accounts for the benchmark. */
import { createWriteStream } from 'node:fs'
import { stringify } from 'csv-stringify/sync'

export const BENCH_HEADER = [
  'employeeId',
  'givenName',
  'surname',
  'mail',
  'department',
  'title',
  'status',
  'managerId',
]

const GIVEN = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Zoë', 'Tim', 'Barbara', 'Dennis']
const FAMILY = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Núñez',
  'Lee',
  'Liskov',
  'Ritchie',
]
const DEPARTMENTS = ['Engineering', 'Research', 'Sales', 'Finance', 'Support']

export function benchPerson(index: number): string[] {
  const given = GIVEN[index % GIVEN.length] as string
  const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length] as string
  return [
    String(100000 + index),
    given,
    family,
    `person${index}@example.com`,
    DEPARTMENTS[index % DEPARTMENTS.length] as string,
    index % 7 === 0 ? 'Manager' : 'Engineer',
    'Active',
    // Everyone but the first person reports to someone (eight reports each): a real org chart.
    index === 0 ? '' : String(100000 + Math.floor((index - 1) / 8)),
  ]
}

const MANAGER_MAPPING = {
  target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  expression: '[managerId]',
}

/**
 * Existing account number `index`: even indexes belong to source person index/2·2 (same
 * userName, one attribute out of date every tenth), odd indexes to no one.
 */
export function benchAccount(index: number): Record<string, unknown> {
  const owned = index % 2 === 0
  const person = benchPerson(index)
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: owned ? person[3] : `unmanaged${index}@example.com`,
    externalId: owned ? person[0] : undefined,
    name: { givenName: person[1], familyName: person[2] },
    displayName: `${person[1]} ${person[2]}`,
    emails: [{ type: 'work', value: owned ? person[3] : `unmanaged${index}@example.com`, primary: true }],
    title: owned && index % 10 === 0 ? 'Old title' : person[5],
    active: true,
  }
}

/** The benchmark's job; `managers` maps each person's manager (a reference resolved by the planner). */
export function benchJob(
  baseUrl: string,
  csv: string,
  concurrency: number,
  managers = false
): Record<string, unknown> {
  return {
    name: 'Benchmark',
    id: 'bench',
    source: { type: 'csv', path: csv, idColumn: 'employeeId', authoritative: true },
    target: {
      type: 'scim',
      baseUrl,
      auth: { type: 'bearer', secretRef: 'env:BENCH_TOKEN' },
      concurrency,
    },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[employeeId]' },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'emails[type eq "work"].value', expression: 'ToLower([mail])' },
        { target: 'title', expression: '[title]' },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
        ...(managers ? [MANAGER_MAPPING] : []),
      ],
    },
    logs: { unchanged: false },
  }
}

/** The people file: the first `count` bench people, streamed (a million rows never sit in memory). */
export async function writeCsv(file: string, count: number): Promise<void> {
  const stream = createWriteStream(file)
  stream.write(stringify([BENCH_HEADER]))
  for (let index = 0; index < count; index++) {
    if (!stream.write(stringify([benchPerson(index)]))) {
      await new Promise<void>(resolve => stream.once('drain', () => resolve()))
    }
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()))
  )
}

/**
 * A brownfield job for the "run it from the app" tests: people in a CSV and a sandbox app that
 * already holds accounts — one matching by userName with a stale title, one disabled account a
 * person matches (linking re-enables it), two accounts sharing the badge number one person has
 * (ambiguous), an account no one matches (unmanaged), and a person without any matching value.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const RUN_JOB_ID = 'hr-brownfield'
export const RUN_JOB_NAME = 'HR to Brownfield App'
export const RUN_TOKEN_VARIABLE = 'RUN_TEST_SCIM_TOKEN'
export const RUN_TOKEN = 'run-test-token-0123456789abcdef'

const HEADER = 'employeeId,givenName,surname,mail,badge,title,status'
export const RUN_PEOPLE = {
  ada: '1001,Ada,Lovelace,ada.lovelace@example.com,B-1001,Principal Engineer,Active',
  grace: '1002,Grace,Hopper,grace.hopper@example.com,B-1002,Rear Admiral,Active',
  alan: '1003,Alan,Turing,alan.turing@example.com,B-1003,Researcher,Active',
  katherine: '1004,Katherine,Johnson,katherine.johnson@example.com,B-1004,Mathematician,Active',
  nobody: '1005,Nameless,Contractor,,,Contractor,Active',
  mary: '1006,Mary,Jackson,mary.jackson@example.com,B-1006,Engineer,Active',
} as const

const user = (fields: Record<string, unknown>) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  active: true,
  ...fields,
})

/** The app's accounts before the first run (ids fixed so tests can name them). */
export const RUN_SEED_ACCOUNTS = [
  user({
    id: 'acc-grace',
    userName: 'grace.hopper@example.com',
    displayName: 'Grace Hopper',
    title: 'Commodore',
  }),
  user({
    id: 'acc-kj',
    userName: 'katherine.johnson@example.com',
    displayName: 'Katherine Johnson',
    title: 'Mathematician',
    active: false,
  }),
  user({ id: 'acc-alan-1', userName: 'aturing', displayName: 'Alan Turing', externalId: 'B-1003' }),
  user({
    id: 'acc-alan-2',
    userName: 'alan.t.old',
    displayName: 'Alan M. Turing',
    externalId: 'B-1003',
    active: false,
  }),
  user({ id: 'acc-bot', userName: 'service.bot', displayName: 'Build Bot' }),
]

/** Writes people.csv (the named people) and job.json; returns the job file. */
export function writeRunJob(
  dir: string,
  baseUrl: string,
  people: ReadonlyArray<keyof typeof RUN_PEOPLE> = Object.keys(RUN_PEOPLE) as Array<keyof typeof RUN_PEOPLE>,
  safety: Record<string, unknown> = {}
): string {
  writeFileSync(join(dir, 'people.csv'), `${[HEADER, ...people.map(name => RUN_PEOPLE[name])].join('\n')}\n`)
  const job = {
    id: RUN_JOB_ID,
    name: RUN_JOB_NAME,
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true },
    target: {
      type: 'scim',
      baseUrl,
      auth: { type: 'bearer', secretRef: `env:${RUN_TOKEN_VARIABLE}` },
    },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[badge]', matchingPrecedence: 2 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'title', expression: '[title]' },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
      ],
      deprovision: { whenRemoved: 'disable', whenOutOfScope: 'disable' },
    },
    safety,
  }
  const file = join(dir, 'job.json')
  writeFileSync(file, `${JSON.stringify(job, null, 2)}\n`)
  return file
}

/**
 * The run job with groups from a `team` column: Navy (Ada, Grace: small enough for provision on
 * demand) and All (all six people: more than Entra's five). Returns the job file.
 */
export function writeRunJobWithTeams(dir: string, baseUrl: string): string {
  const file = writeRunJob(dir, baseUrl)
  const job = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  writeFileSync(
    file,
    `${JSON.stringify({ ...job, groups: { fromColumn: 'team', separator: ';' } }, null, 2)}\n`
  )
  const rows = readFileSync(join(dir, 'people.csv'), 'utf8').trim().split('\n')
  const teams = ['team', 'Navy;All', 'Navy;All', 'All', 'All', 'All', 'All']
  writeFileSync(join(dir, 'people.csv'), `${rows.map((row, index) => `${row},${teams[index]}`).join('\n')}\n`)
  return file
}

/**
 * The source-reading thread (read-source-worker.ts): the same people, mapped the same way, and
 * the same errors as reading on the run's thread; a thread that dies or is cancelled fails the
 * read instead of hanging it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJobText } from '../../../../main/config/load-job'
import { SourceFormatError } from '../../../../main/connectors/source-errors'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { openSource } from '../../../../main/engine/run/connectors/factory'
import { readMappedUsers } from '../../../../main/engine/run/read-source'
import { readMappedUsersOnThread } from '../../../../main/engine/run/read-source-worker'
import { MemorySecretStore } from '../../../../main/secrets/memory-secret-store'
import { makeTempDir } from '../../../helpers/temp-dir'

const HEADER = 'employeeId,givenName,surname,mail,department,status,managerId,title'
const ROWS = [
  '1001,Ada,Lovelace,ada@example.com,Engineering,Active,,',
  '1002,Grace,Hopper,grace@example.com,Engineering,Active,1001,Admiral',
  // No mail: userName is required, so this person cannot be provisioned.
  '1003,Alan,Turing,,Research,Active,1001,Researcher',
  // Out of scope (the job scopes on department).
  '1004,Katherine,Johnson,katherine@example.com,Sales,Active,1002,Engineer',
  '1005,Margaret,Hamilton,margaret@example.com,Engineering,Terminated,9999,Engineer',
]

function jobIn(dir: string, rows: ReadonlyArray<string>) {
  writeFileSync(join(dir, 'people.csv'), `${[HEADER, ...rows].join('\n')}\n`)
  const config = {
    id: 'thread',
    name: 'Thread',
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId' },
    target: { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } },
    users: {
      scoping: [
        {
          title: 'Not sales',
          clauses: [{ attribute: 'department', operator: 'NOT EQUALS', value: 'Sales' }],
        },
      ],
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1, required: true },
        { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'title', expression: 'IgnoreFlowIfNullOrEmpty([title])' },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
        {
          target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
          expression: '[managerId]',
        },
      ],
    },
  }
  const file = join(dir, 'job.json')
  writeFileSync(file, JSON.stringify(config, null, 2))
  return parseJobText(JSON.stringify(config, null, 2), { file, displayFile: 'job.json' })
}

const clock = { now: () => new Date(), random: Math.random }

async function onRunThread(job: ReturnType<typeof jobIn>, compiled = compileJob(job)) {
  const source = await openSource(job, compiled, { secrets: new MemorySecretStore() })
  try {
    return await readMappedUsers(source.connector, compiled, clock)
  } finally {
    await source.close()
  }
}

async function failure(read: Promise<unknown>): Promise<unknown> {
  return read.then(
    () => expect.unreachable('the read should fail'),
    (error: unknown) => error
  )
}

describe('reading the source on its own thread', () => {
  it('gives the same people, mapped the same way, in file order', async () => {
    const job = jobIn(makeTempDir(), ROWS)
    const compiled = compileJob(job)
    const expected = await onRunThread(job, compiled)
    const onThread = await readMappedUsersOnThread(job, compiled.users)
    expect(onThread.map(person => person.source.id)).toEqual(['1001', '1002', '1003', '1004', '1005'])
    expect(onThread).toEqual(expected)
    // Decisions the planner reads were carried over, not defaulted.
    expect(onThread[2]?.errorCode).toBe('MandatoryFieldsMissing')
    expect(onThread[3]?.scope.inScope).toBe(false)
    expect(onThread[1]?.references?.[0]?.value).toBe('1001')
    expect(onThread[0]?.withheld.map(item => item.why)).toContain('ignored')
  })

  it('refuses a malformed row with the same error, file:line and all, as the run thread', async () => {
    const job = jobIn(makeTempDir(), [
      ...ROWS.slice(0, 2),
      '1006,"Unclosed,Quote,x@example.com,Sales,Active,',
    ])
    const expected = await failure(onRunThread(job))
    const onThread = await failure(readMappedUsersOnThread(job, compileJob(job).users))
    expect(expected).toBeInstanceOf(SourceFormatError)
    expect(onThread).toBeInstanceOf(SourceFormatError)
    expect((onThread as SourceFormatError).message).toBe((expected as SourceFormatError).message)
    expect((onThread as SourceFormatError).issues).toEqual((expected as SourceFormatError).issues)
    expect((onThread as Error).message).toMatch(/^people\.csv:\d+/)
  })

  it('fails the read when the thread dies, however it dies', async () => {
    const job = jobIn(makeTempDir(), ROWS)
    const compiled = compileJob(job).users
    const crashes = new URL('./fixtures/crashing-source-worker.mjs', import.meta.url)
    const exits = new URL('./fixtures/exiting-source-worker.mjs', import.meta.url)
    const thrown = await failure(readMappedUsersOnThread(job, compiled, {}, crashes))
    expect((thrown as Error).message).toMatch(
      /^The source could not be read: the thread reading it failed \(out of disk in the thread\)/
    )
    const exited = await failure(readMappedUsersOnThread(job, compiled, {}, exits))
    expect((exited as Error).message).toMatch(/the thread reading it failed \(it stopped with exit code 3\)/)
  })

  it('fails the read, instead of waiting for ever, when a batch the thread sent cannot be decoded', async () => {
    const job = jobIn(makeTempDir(), ROWS)
    const garbles = new URL('./fixtures/garbling-source-worker.mjs', import.meta.url)
    const failed = await failure(readMappedUsersOnThread(job, compileJob(job).users, {}, garbles))
    expect((failed as Error).message).toMatch(
      /^The source could not be read: the thread reading it failed \(a batch it sent could not be read: /
    )
  })

  it('ends the thread when the run is cancelled', async () => {
    const job = jobIn(makeTempDir(), ROWS)
    const hangs = new URL('./fixtures/hanging-source-worker.mjs', import.meta.url)
    const controller = new AbortController()
    const read = failure(
      readMappedUsersOnThread(job, compileJob(job).users, { signal: controller.signal }, hangs)
    )
    controller.abort(new Error('cancelled by the admin'))
    expect(((await read) as Error).message).toBe('cancelled by the admin')
    const before = new AbortController()
    before.abort()
    const refused = await failure(
      readMappedUsersOnThread(job, compileJob(job).users, { signal: before.signal })
    )
    expect(refused).toBeInstanceOf(Error)
  })
})

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobFileView, JsonObject } from '../../../main/ipc/api/contract'
import { countLinks, upsertLink } from '../../../main/store/links-store'
import { commentedJob, PEOPLE_CSV, startApi } from './api-fixture'

const POSIX = process.platform !== 'win32'
const mode = (path: string) => statSync(path).mode & 0o777

function mappingsOf(view: JobFileView): Array<Record<string, unknown>> {
  return ((view.document?.['users'] as JsonObject)['mappings'] as Array<Record<string, unknown>>).map(m => ({
    ...m,
  }))
}

function withMappings(view: JobFileView, mappings: ReadonlyArray<Record<string, unknown>>): JsonObject {
  const document = view.document as JsonObject
  return { ...document, users: { ...(document['users'] as JsonObject), mappings } } as unknown as JsonObject
}

/** An admin's commented job file, opened in the app. */
async function openedJob(fixture = startApi()) {
  const csv = fixture.write('people.csv', `${PEOPLE_CSV}\n`)
  const path = fixture.write('job.json', commentedJob('people.csv'))
  const view = await fixture.call('openJobFile', { path })
  return { fixture, csv, path, view }
}

describe('creating a job in the app', () => {
  it('writes an owner-only job file in jobs/ with mappings from the columns, and lists it', async () => {
    const fixture = startApi()
    const csv = fixture.write('people.csv', `${PEOPLE_CSV}\n`)
    const view = await fixture.call('createJob', {
      name: 'HR to Slack',
      source: { path: csv, idColumn: 'employeeId', authoritative: true },
      target: { baseUrl: 'https://api.slack.com/scim/v2', template: 'slack', authType: 'bearer' },
    })
    expect(view).toMatchObject({ jobId: 'hr-to-slack', path: join(fixture.home, 'jobs', 'hr-to-slack.json') })
    expect(view.inStateFolder).toBe(true)
    expect(view.issues).toEqual([])
    expect(view.credentials.target).toEqual({
      ref: 'keychain:hr-to-slack-target',
      kind: 'keychain',
      name: 'hr-to-slack-target',
      available: false,
    })
    expect(mappingsOf(view)).toEqual([
      { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
      { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
      { target: 'name.givenName', expression: '[givenName]' },
      { target: 'name.familyName', expression: '[surname]' },
      { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
      { target: 'emails[type eq "work"].value', expression: '[mail]' },
      {
        target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        expression: '[department]',
      },
    ])
    expect(view.document?.['id']).toBe('hr-to-slack')
    if (POSIX) {
      expect(mode(view.path)).toBe(0o600)
      expect(mode(join(fixture.home, 'jobs'))).toBe(0o700)
    }
    expect((await fixture.call('listJobs')).map(job => job.id)).toEqual(['hr-to-slack'])
    // A second job of the same name gets its own id.
    const again = await fixture.call('createJob', {
      name: 'HR to Slack',
      source: { path: csv, idColumn: 'employeeId', authoritative: false },
      target: { baseUrl: 'https://api.slack.com/scim/v2', authType: 'none' },
    })
    expect(again.jobId).toBe('hr-to-slack-2')
  })

  it("refuses a CSV the CLI would refuse, with the CLI's located errors, and writes nothing", async () => {
    const fixture = startApi()
    const csv = fixture.write('people.csv', 'employeeId,mail\n1,a@x\n1,b@x\n')
    const error = await fixture.fail('createJob', {
      name: 'Broken',
      source: { path: csv, idColumn: 'mail2', authoritative: true },
      target: { baseUrl: 'https://app.example.com/scim/v2', authType: 'bearer' },
    })
    expect(error).toMatchObject({ code: 'source-failed' })
    expect(error.issues?.[0]).toMatch(/people\.csv:1:?\d*: id column "mail2" is not in the header/)
    expect(existsSync(join(fixture.home, 'jobs', 'broken.json'))).toBe(false)
    expect(await fixture.call('listJobs')).toEqual([])
  })

  it('refuses a target the job schema refuses, naming the field', async () => {
    const fixture = startApi()
    const csv = fixture.write('people.csv', `${PEOPLE_CSV}\n`)
    const error = await fixture.fail('createJob', {
      name: 'Plain',
      source: { path: csv, idColumn: 'employeeId', authoritative: true },
      target: { baseUrl: 'http://scim.example.com/v2', authType: 'bearer' },
    })
    expect(error.code).toBe('invalid-job')
    expect(error.located?.[0]).toMatchObject({ field: 'target.baseUrl' })
    expect(error.located?.[0]?.message).toContain('over plain http://')
  })
})

describe('editing a job file', () => {
  it('writes only the changed value: comments and layout stay byte for byte', async () => {
    const { fixture, path, view } = await openedJob()
    const before = readFileSync(path, 'utf8')
    const mappings = mappingsOf(view)
    mappings[1] = { ...mappings[1], expression: 'PCase([givenName])' }
    const saved = await fixture.call('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: withMappings(view, mappings),
    })
    expect(readFileSync(path, 'utf8')).toBe(
      before.replace('"expression": "[givenName]"', '"expression": "PCase([givenName])"')
    )
    expect(saved.version).not.toBe(view.version)
    expect(mappingsOf(saved)[1]?.['expression']).toBe('PCase([givenName])')
  })

  it("refuses an edit the CLI would refuse, with the CLI's located message, and leaves the file alone", async () => {
    const { fixture, path, view } = await openedJob()
    const before = readFileSync(path, 'utf8')
    const mappings = mappingsOf(view)
    mappings[2] = { ...mappings[2], expression: 'Joinn(" ", [givenName])' }
    const error = await fixture.fail('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: withMappings(view, mappings),
    })
    expect(error.code).toBe('invalid-job')
    const issue = error.located?.[0]
    expect(issue).toMatchObject({ field: 'users.mappings[2].expression', line: 16 })
    expect(issue?.text).toMatch(
      /^job\.json:16:\d+: users\.mappings\[2\]\.expression: Unknown function 'Joinn'/
    )
    expect(issue?.message).toContain('Did you mean Join?')
    expect(readFileSync(path, 'utf8')).toBe(before)
    // A schema problem too, at its field.
    const bad = await fixture.fail('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: { ...(view.document as JsonObject), schedule: { intervalMinutes: 1 } },
    })
    expect(bad.located?.[0]).toMatchObject({ field: 'schedule.intervalMinutes' })
  })

  it('refuses to save over a file changed on disk, until the admin chooses their version', async () => {
    const { fixture, path, view } = await openedJob()
    const theirs = readFileSync(path, 'utf8').replace('"HR to Demo App"', '"HR to Demo App (edited)"')
    writeFileSync(path, theirs)
    const mine = { ...(view.document as JsonObject), schedule: { intervalMinutes: 40 } }
    const error = await fixture.fail('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: mine,
    })
    expect(error.code).toBe('conflict')
    expect(error.message).toContain('changed on disk')
    expect(readFileSync(path, 'utf8')).toBe(theirs)
    const saved = await fixture.call('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: mine,
      overwrite: true,
    })
    expect(saved.document).toMatchObject({ name: 'HR to Demo App', schedule: { intervalMinutes: 40 } })
    expect(readFileSync(path, 'utf8')).toContain('// the CI token')
  })

  it('notices a change on disk while the file is open and says so once, but not its own writes', async () => {
    const { fixture, path, view } = await openedJob()
    const changes = fixture.record('jobFileChanged')
    await fixture.call('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: { ...(view.document as JsonObject), schedule: { intervalMinutes: 60 } },
    })
    await new Promise(resolve => setTimeout(resolve, 600))
    expect(changes).toEqual([])
    // An editor saving: a new file renamed over the old one.
    writeFileSync(`${path}.new`, readFileSync(path, 'utf8').replace('60', '90'))
    const { renameSync } = await import('node:fs')
    renameSync(`${path}.new`, path)
    await expect.poll(() => changes.length, { timeout: 5_000 }).toBe(1)
    const reread = await fixture.call('getJobFile', { jobId: 'hr-demo' })
    expect(changes[0]).toEqual({ jobId: 'hr-demo', version: reread.version })
    expect(reread.document?.['schedule']).toEqual({ intervalMinutes: 90 })
  })

  it('keeps the job id (and so its links) when a file without an id is renamed', async () => {
    const fixture = startApi()
    fixture.write('people.csv', `${PEOPLE_CSV}\n`)
    const path = fixture.write('job.json', commentedJob('people.csv').replace('  "id": "hr-demo",\n', ''))
    const view = await fixture.call('openJobFile', { path })
    expect(view.jobId).toBe('hr-to-demo-app')
    const saved = await fixture.call('saveJobFile', {
      jobId: 'hr-to-demo-app',
      baseVersion: view.version,
      document: { ...(view.document as JsonObject), name: 'HR to the new app' },
    })
    expect(saved).toMatchObject({ jobId: 'hr-to-demo-app', name: 'HR to the new app' })
    expect(saved.document?.['id']).toBe('hr-to-demo-app')
    expect((await fixture.call('listJobs')).map(job => job.name)).toEqual(['HR to the new app'])
  })

  it('shows a job file that no longer passes the checks with its issues, so it can be fixed in the app', async () => {
    const { fixture, path } = await openedJob()
    writeFileSync(path, readFileSync(path, 'utf8').replace('"[mail]"', '"[mail"'))
    const view = await fixture.call('getJobFile', { jobId: 'hr-demo' })
    expect(view.document).not.toBeNull()
    expect(view.issues[0]).toMatchObject({ field: 'users.mappings[0].expression' })
    expect(view.issues[0]?.message).toContain('missing')
  })
})

describe('opening, duplicating, exporting and deleting', () => {
  it('opens an existing file where it is, and refuses a second file with the same id', async () => {
    const { fixture, path, view } = await openedJob()
    expect(view).toMatchObject({ jobId: 'hr-demo', path, inStateFolder: false })
    expect(view.credentials.target).toEqual({
      ref: 'env:DEMO_TOKEN',
      kind: 'env',
      name: 'DEMO_TOKEN',
      available: false,
    })
    const other = fixture.write('copy.json', readFileSync(path, 'utf8'))
    expect(await fixture.fail('openJobFile', { path: other })).toMatchObject({ code: 'conflict' })
    expect(await fixture.fail('openJobFile', { path: 'job.json' })).toMatchObject({ code: 'invalid-input' })
    const broken = fixture.write('broken.json', '{ "name": ')
    expect(await fixture.fail('openJobFile', { path: broken })).toMatchObject({ code: 'invalid-job' })
  })

  it('duplicates into jobs/ with a new id and name, comments kept and the source path still right', async () => {
    const { fixture, csv } = await openedJob()
    const copy = await fixture.call('duplicateJob', { jobId: 'hr-demo', name: 'HR to Demo App (test)' })
    expect(copy).toMatchObject({ jobId: 'hr-to-demo-app-test', inStateFolder: true, issues: [] })
    const text = readFileSync(copy.path, 'utf8')
    expect(text).toContain('// HR to the demo app; owned by IT.')
    expect(text).toContain('"id": "hr-to-demo-app-test"')
    const sourcePath = (copy.document?.['source'] as JsonObject)['path'] as string
    expect(join(fixture.home, 'jobs', sourcePath)).toBe(csv)
    const preview = await fixture.call('previewSource', {
      jobId: copy.jobId,
      source: copy.document?.['source'] as JsonObject,
    })
    expect(preview.rowCount).toBe(4)
  })

  it('exports a copy that still finds its source, owner-only, and never over another file unasked', async () => {
    const { fixture } = await openedJob()
    const target = join(fixture.workspace, 'exported', 'hr.json')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(fixture.workspace, 'exported'))
    expect(await fixture.call('exportJobFile', { jobId: 'hr-demo', path: target })).toEqual({ path: target })
    const text = readFileSync(target, 'utf8')
    expect(text).toContain('"path": "../people.csv"')
    expect(text).toContain('// the CI token')
    if (POSIX) expect(mode(target)).toBe(0o600)
    expect(await fixture.fail('exportJobFile', { jobId: 'hr-demo', path: target })).toMatchObject({
      code: 'conflict',
    })
    await fixture.call('exportJobFile', { jobId: 'hr-demo', path: target, overwrite: true })
  })

  it('deletes a job keeping its links and log unless asked, and never deletes an admin file', async () => {
    const { fixture, path } = await openedJob()
    upsertLink(fixture.db, {
      jobId: 'hr-demo',
      objectType: 'user',
      sourceId: '1001',
      targetId: 't-1',
      state: 'active',
      exportedHash: 'h',
      display: 'Ada',
    })
    expect(
      await fixture.fail('deleteJob', { jobId: 'hr-demo', removeHistory: false, deleteFile: true })
    ).toMatchObject({ code: 'invalid-input' })
    expect(
      await fixture.call('deleteJob', { jobId: 'hr-demo', removeHistory: false, deleteFile: false })
    ).toEqual({
      deletedFile: null,
      removedHistory: false,
    })
    expect(await fixture.call('listJobs')).toEqual([])
    expect(existsSync(path)).toBe(true)
    expect(countLinks(fixture.db, 'hr-demo', 'user')).toBe(1)
    expect(await fixture.fail('getJobFile', { jobId: 'hr-demo' })).toMatchObject({ code: 'not-found' })
    // Opened again, it has its links back.
    await fixture.call('openJobFile', { path })
    expect(countLinks(fixture.db, 'hr-demo', 'user')).toBe(1)

    const copy = await fixture.call('duplicateJob', { jobId: 'hr-demo', name: 'Copy' })
    expect(
      await fixture.call('deleteJob', { jobId: copy.jobId, removeHistory: true, deleteFile: true })
    ).toEqual({
      deletedFile: copy.path,
      removedHistory: true,
    })
    expect(existsSync(copy.path)).toBe(false)
    await fixture.call('deleteJob', { jobId: 'hr-demo', removeHistory: true, deleteFile: false })
    expect(countLinks(fixture.db, 'hr-demo', 'user')).toBe(0)
  })
})

describe('credentials', () => {
  it('stores a token in the keychain under the job, points the job at it, and never returns it', async () => {
    const { fixture, path, view } = await openedJob()
    const token = 'scim-token-0123456789abcdef'
    const stored = await fixture.call('storeSecret', { jobId: 'hr-demo', slot: 'target', value: token })
    expect(stored.ref).toBe('keychain:hr-demo-target')
    expect(await fixture.secrets.get('hr-demo-target')).toBe(token)
    expect(stored.file.credentials.target).toEqual({
      ref: 'keychain:hr-demo-target',
      kind: 'keychain',
      name: 'hr-demo-target',
      available: true,
    })
    expect(JSON.stringify(stored)).not.toContain(token)
    // Only the reference changed in the file; its comment stays.
    expect(readFileSync(path, 'utf8')).toBe(
      commentedJob('people.csv').replace('"env:DEMO_TOKEN"', '"keychain:hr-demo-target"')
    )
    expect(stored.file.version).not.toBe(view.version)

    // Replacing keeps the reference; removing deletes the entry only.
    await fixture.call('storeSecret', { jobId: 'hr-demo', slot: 'target', value: 'another-token-value' })
    expect(await fixture.secrets.get('hr-demo-target')).toBe('another-token-value')
    const removed = await fixture.call('removeSecret', { jobId: 'hr-demo', slot: 'target' })
    expect(removed.credentials.target).toMatchObject({ ref: 'keychain:hr-demo-target', available: false })
    expect(await fixture.secrets.get('hr-demo-target')).toBeNull()
  })

  it('keeps the alert webhook URL in the keychain, replacing an inline one', async () => {
    const { fixture, path, view } = await openedJob()
    await fixture.call('saveJobFile', {
      jobId: 'hr-demo',
      baseVersion: view.version,
      document: {
        ...(view.document as JsonObject),
        alerts: { webhookUrl: 'https://hooks.example.com/plain' },
      },
    })
    const url = 'https://hooks.example.com/services/T000/B000/XXXXXXXX'
    const stored = await fixture.call('storeSecret', { jobId: 'hr-demo', slot: 'alertWebhook', value: url })
    expect(stored.file.document?.['alerts']).toEqual({ webhookUrlRef: 'keychain:hr-demo-alert-webhook' })
    expect(readFileSync(path, 'utf8')).not.toContain('hooks.example.com')
    expect(JSON.stringify(stored)).not.toContain(url)
  })

  it("keeps a directory source's secret in the keychain at its place: an LDAP bind password, a SCIM source's token", async () => {
    const csvSource = /"source": \{[^\n]*\},\n/
    const sources = {
      ldap: '{ "type": "ldap", "url": "ldaps://dc1.example.com", "bindDn": "cn=reader,dc=example,dc=com", "secretRef": "env:LDAP_PASSWORD", "baseDn": "dc=example,dc=com", "filter": "(objectClass=person)" }',
      scim: '{ "type": "scim", "baseUrl": "https://hr.example.com/scim/v2", "auth": { "type": "bearer", "secretRef": "env:HR_TOKEN" } }',
    }
    for (const [type, source] of Object.entries(sources)) {
      const fixture = startApi()
      const text = commentedJob('people.csv').replace(csvSource, `"source": ${source}, // the directory\n`)
      const path = fixture.write('job.json', text)
      await fixture.call('openJobFile', { path })
      const secret = `${type}-secret-0123456789`
      const stored = await fixture.call('storeSecret', { jobId: 'hr-demo', slot: 'source', value: secret })
      expect(stored.ref).toBe('keychain:hr-demo-source')
      expect(await fixture.secrets.get('hr-demo-source')).toBe(secret)
      expect(stored.file.credentials.source).toMatchObject({ kind: 'keychain', available: true })
      const previous = type === 'ldap' ? 'env:LDAP_PASSWORD' : 'env:HR_TOKEN'
      expect(readFileSync(path, 'utf8')).toBe(text.replace(previous, 'keychain:hr-demo-source'))
      expect(JSON.stringify(stored)).not.toContain(secret)
    }
  })

  it('refuses a value that is empty or too long before anything is stored', async () => {
    const { fixture } = await openedJob()
    expect(await fixture.fail('storeSecret', { jobId: 'hr-demo', slot: 'target', value: '' })).toMatchObject({
      code: 'invalid-input',
    })
    expect(await fixture.secrets.list()).toEqual([])
  })
})

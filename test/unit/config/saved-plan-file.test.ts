import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatJobFileIssue } from '../../../main/config/job-file-error'
import { parseSavedPlanText, PlanFileError, readSavedPlanFile } from '../../../main/config/saved-plan-file'
import { emptyRunSummary } from '../../../main/model/run'
import { makeTempDir } from '../../helpers/temp-dir'

/** A plan as `plan --out` writes it: a user update and a new group with its members. */
function plan(): Record<string, unknown> & { operations: Array<Record<string, unknown>> } {
  return {
    format: 'provisioner-plan',
    version: 1,
    jobId: 'hr-to-demo-app',
    jobName: 'HR to Demo App',
    configHash: 'c0nf1gHashOf22Charact3',
    runId: '20240301-100000-ab12',
    createdAt: '2024-03-01T10:00:00.000Z',
    summary: emptyRunSummary(),
    operations: [
      {
        changeId: 'c-1',
        objectType: 'user',
        action: 'update',
        sourceId: '1001',
        targetId: 'T-1001',
        display: 'ada.lovelace@example.com',
        changes: [
          { path: 'title', from: 'Engineer', to: 'Chief Engineer' },
          { path: 'name.givenName', from: null, to: 'Ada', note: 'default value' },
        ],
        reason: null,
        errorCode: null,
        steps: [
          { type: 'import', status: 'success', description: 'Imported 1001', details: { row: '2' } },
          { type: 'matching', status: 'success', description: 'Linked' },
        ],
        fingerprint: 'f-1',
      },
      {
        changeId: 'c-2',
        objectType: 'group',
        action: 'create',
        sourceId: 'Engineering',
        targetId: null,
        display: 'Engineering',
        changes: [{ path: 'displayName', from: null, to: 'Engineering' }],
        reason: null,
        errorCode: null,
        steps: [],
        fingerprint: 'f-2',
        members: {
          add: [{ sourceId: '1001', targetId: 'T-1001' }],
          remove: [],
          skipped: [{ sourceId: '1009', reason: 'not provisioned' }],
        },
      },
    ],
  }
}

/** The issues reading `text` as plan.json raises, as the CLI prints them. */
function issuesOf(text: string): string[] {
  try {
    parseSavedPlanText(text, 'plan.json')
  } catch (error) {
    if (error instanceof PlanFileError) return error.issues.map(formatJobFileIssue)
    throw error
  }
  throw new Error('the plan was accepted')
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

describe('a saved plan file', () => {
  it('is read back exactly as it was written', () => {
    expect(parseSavedPlanText(pretty(plan()), 'plan.json')).toEqual(plan())
  })

  it('that is not JSON is refused at the line and column of the mistake', () => {
    const text = pretty(plan()).replace('"jobName": "HR to Demo App",', '"jobName": "HR to Demo App"')
    const line = text.split('\n').findIndex(row => row.includes('"configHash"')) + 1
    expect(issuesOf(text)).toEqual([`plan.json:${line}:3: expected ","`])
  })

  it('that is some other file (a job file) gets one sentence saying so', () => {
    const job = { name: 'HR', source: { type: 'csv' }, target: { type: 'scim' } }
    expect(issuesOf(pretty(job))).toEqual([
      'plan.json:1:1: format: not a plan written by `provisioner plan --out` (expected "provisioner-plan")',
    ])
    expect(issuesOf('[]')).toEqual(['plan.json:1:1: Invalid input: expected object, received array'])
  })

  it('of another format version is refused with what to do', () => {
    expect(issuesOf(pretty({ ...plan(), version: 2 }))).toEqual([
      'plan.json:3:14: version: plan format version not supported: this Provisioner reads version 1; make a new plan',
    ])
  })

  it('with a tampered row is refused, naming the row, the field and its place', () => {
    const tampered = plan()
    tampered.operations[1] = { ...tampered.operations[1], action: 'destroy' }
    const text = pretty(tampered)
    const line = text.split('\n').findIndex(row => row.includes('"destroy"')) + 1
    const [issue] = issuesOf(text)
    expect(issue).toMatch(
      new RegExp(
        `^plan\\.json:${line}:17: operations\\[1\\]\\.action: Invalid option: expected one of "create"\\|`
      )
    )
  })

  it('with a field missing, of the wrong type, or unknown, says which', () => {
    const broken = plan()
    const { fingerprint: _fingerprint, ...withoutFingerprint } = broken.operations[0]!
    broken.operations[0] = { ...withoutFingerprint, sourceId: 1001, extra: true }
    const changes = [{ path: 'displayName', to: 'Engineering' }]
    broken.operations[1] = { ...broken.operations[1], changes }
    const found = issuesOf(pretty(broken)).map(issue => issue.replace(/^plan\.json:\d+:\d+: /, ''))
    expect(found.sort()).toEqual([
      'operations[0].fingerprint: is required',
      'operations[0].sourceId: Invalid input: expected string, received number',
      'operations[0]: unknown option "extra"',
      'operations[1].changes[0].from: is required',
    ])
  })

  it('with members on a person, or counts that are not counts, is refused', () => {
    const broken = plan()
    broken.operations[0] = { ...broken.operations[0], members: { add: [], remove: [], skipped: [] } }
    broken['summary'] = { ...emptyRunSummary(), users: { ...emptyRunSummary().users, create: -1 } }
    const found = issuesOf(pretty(broken)).map(issue => issue.replace(/^plan\.json:\d+:\d+: /, ''))
    expect(found.sort()).toEqual([
      'operations[0].members: only a group operation has members',
      'summary.users.create: Too small: expected number to be >=0',
    ])
  })

  it('with the same mistake in every row lists the first 20 and counts the rest', () => {
    const broken = plan()
    const row = { ...broken.operations[0], action: 'destroy' }
    broken.operations = Array.from({ length: 100 }, () => row)
    const found = issuesOf(JSON.stringify(broken))
    expect(found).toHaveLength(21)
    expect(found[19]).toContain('operations[19].action')
    expect(found[20]).toBe('plan.json:1:1: and 80 more problem(s) like these')
  })

  it('is named as given when it cannot be read, and read relative to the working folder', () => {
    const dir = makeTempDir('plan-file-')
    expect(() => readSavedPlanFile('missing.json', dir)).toThrow(
      new PlanFileError([
        {
          file: 'missing.json',
          line: 1,
          column: 1,
          field: '',
          message: 'cannot read plan file: file not found',
        },
      ])
    )
    writeFileSync(join(dir, 'plan.json'), `\uFEFF${pretty(plan())}`)
    expect(readSavedPlanFile('plan.json', dir)).toEqual(plan())
  })
})

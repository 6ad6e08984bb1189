import { describe, expect, it } from 'vitest'
import type { CsvHandoffTargetConfig } from '../../../main/config/job-schema'
import { jobFileErrorOf, jobObject, loadJob, parseJob } from '../../helpers/job-fixtures'

const HANDOFF = { type: 'csv-handoff', directory: 'handoff' }

/** A job whose target is a CSV hand-off (the SCIM fields of the sample job dropped). */
function handoffJob(target: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const job = jobObject({ extra })
  return { ...job, target: { ...HANDOFF, ...target } }
}

function load(target: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return parseJob(JSON.stringify(handoffJob(target, extra), null, 2))
}

function issuesOf(target: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return jobFileErrorOf(() => load(target, extra)).issues
}

describe('a csv-handoff target in the job file', () => {
  it('fills in the documented defaults', () => {
    const target = load().config.target as CsvHandoffTargetConfig
    expect(target).toEqual({
      type: 'csv-handoff',
      directory: 'handoff',
      fileName: '{job}-{runId}.csv',
      files: 'single',
      delimiter: ',',
      header: true,
      bom: false,
      actionColumn: {
        name: 'action',
        values: {
          create: 'create',
          update: 'update',
          disable: 'disable',
          enable: 'enable',
          delete: 'delete',
        },
      },
      headers: {},
      caseExactAttributes: [],
    })
  })

  it('takes the admin’s delimiter, BOM, action column and headers', () => {
    const target = load({
      delimiter: ';',
      bom: true,
      files: 'per-action',
      actionColumn: { name: null },
      headers: { 'name.givenName': 'First Name' },
    }).config.target as CsvHandoffTargetConfig
    expect(target.delimiter).toBe(';')
    expect(target.bom).toBe(true)
    expect(target.actionColumn.name).toBeNull()
    expect(target.headers).toEqual({ 'name.givenName': 'First Name' })
  })

  it('names the field, and its place in the file, of a delimiter it cannot use', () => {
    const [issue, ...others] = issuesOf({ delimiter: 'x' })
    expect(others).toEqual([])
    expect(issue?.field).toBe('target.delimiter')
    expect(issue?.line).toBeGreaterThan(1)
    expect(issue?.message).toMatch(/","|";"/)
  })

  it('refuses a misspelt option, a path as file name, and SCIM-only settings', () => {
    expect(issuesOf({ delimeter: ';' }).map(issue => issue.field)).toEqual(['target'])
    expect(issuesOf({ delimeter: ';' })[0]?.message).toMatch(/delimeter/)
    expect(issuesOf({ fileName: '../users.csv' })).toMatchObject([
      { field: 'target.fileName', message: expect.stringMatching(/file name, not a path/) },
    ])
    expect(issuesOf({ baseUrl: 'https://app.example.com/scim/v2' })[0]?.message).toMatch(/baseUrl/)
  })

  it('refuses a missing folder and an unknown target type, naming the known ones', () => {
    expect(issuesOf({ directory: undefined }).map(issue => issue.field)).toEqual(['target.directory'])
    expect(issuesOf({ type: 'xlsx' })[0]?.message).toMatch(/unknown target type; known: scim, csv-handoff/)
  })

  it('refuses a header for a column no mapping makes, and a single file without an action column', () => {
    expect(issuesOf({ headers: { firstName: 'First Name' } })).toMatchObject([
      {
        field: 'target.headers.firstName',
        message: expect.stringMatching(/no user mapping has the target "firstName"/),
      },
    ])
    expect(issuesOf({ actionColumn: { name: null } })).toMatchObject([
      { field: 'target.actionColumn.name', message: expect.stringMatching(/"files": "per-action"/) },
    ])
  })

  it('refuses a groups section: a hand-off file holds user accounts only', () => {
    expect(issuesOf({}, { groups: { fromColumn: 'groups' } })).toMatchObject([
      { field: 'groups', message: expect.stringMatching(/user accounts only/) },
    ])
  })

  it('leaves SCIM targets as they were', () => {
    expect(loadJob().config.target.type).toBe('scim')
  })
})

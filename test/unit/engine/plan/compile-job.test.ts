import { describe, expect, it } from 'vitest'
import type { JobFileIssue } from '../../../../main/config/job-file-error'
import { checkReferencedAttributes, compileJob } from '../../../../main/engine/plan/compile-job'
import {
  ENTERPRISE,
  jobFileErrorOf,
  jobObject,
  type JobParts,
  loadJob,
  parseJob,
  SAMPLE_MAPPINGS,
} from '../../../helpers/job-fixtures'

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

/** 1-based line and column of `needle` in `text` (first occurrence after `after`, if given). */
function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after)
  const index = text.indexOf(needle, from)
  if (index === -1 || from === -1) throw new Error(`${JSON.stringify(needle)} not in the text`)
  const before = text.slice(0, index)
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') }
}

function compileIssues(text: string): ReadonlyArray<JobFileIssue> {
  return jobFileErrorOf(() => compileJob(parseJob(text))).issues
}

/** A job whose mappings are the sample's plus `extra`, as pretty JSON. */
function jobText(parts: JobParts): string {
  return pretty(jobObject(parts))
}

const PLACEHOLDER = '"__EXPRESSION__"'

/** The sample job with one extra mapping whose expression is given as raw JSON string text. */
function jobWithRawExpression(rawJsonString: string): string {
  const text = jobText({
    mappings: [...SAMPLE_MAPPINGS, { target: 'title', expression: PLACEHOLDER.slice(1, -1) }],
  })
  return text.replace(PLACEHOLDER, rawJsonString)
}

describe('compileJob', () => {
  it('compiles the sample job: matching in precedence order, types and case rules resolved', () => {
    const compiled = compileJob(
      loadJob({
        mappings: [
          { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
          { target: 'active', expression: 'Not([disabled])' },
          {
            target: `${ENTERPRISE}:employeeNumber`,
            expression: '[employeeId]',
            apply: 'on-create',
            default: '0',
          },
        ],
        scoping: [{ clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] }],
      })
    ).users
    expect(compiled.matching.map(mapping => mapping.target.text)).toEqual(['userName', 'externalId'])
    expect(
      compiled.mappings.map(mapping => [
        mapping.index,
        mapping.target.text,
        mapping.valueType,
        mapping.caseExact,
      ])
    ).toEqual([
      [0, 'externalId', 'string', true],
      [1, 'userName', 'string', false],
      [2, 'active', 'boolean', false],
      [3, `${ENTERPRISE}:employeeNumber`, 'string', false],
    ])
    expect(compiled.mappings[3]).toMatchObject({
      apply: 'on-create',
      defaultValue: '0',
      matchingPrecedence: null,
    })
    expect([...compiled.referencedAttributes.keys()]).toEqual(['employeeId', 'mail', 'disabled', 'type'])
    expect(compiled.scope({ type: 'staff' }).inScope).toBe(true)
    expect(compiled.scope({ type: 'contractor' }).inScope).toBe(false)
  })

  it('honours the target’s caseExactAttributes and attributeTypes', () => {
    const compiled = compileJob(
      loadJob({
        mappings: [
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
          { target: `${ENTERPRISE}:isContractor`, expression: '[contractor]' },
        ],
        target: {
          caseExactAttributes: ['userName'],
          attributeTypes: { [`${ENTERPRISE}:isContractor`]: 'boolean' },
        },
      })
    ).users
    expect(compiled.mappings.map(mapping => [mapping.caseExact, mapping.valueType])).toEqual([
      [true, 'string'],
      [false, 'boolean'],
    ])
  })

  it('lets the first type filter of each multi-valued attribute adopt an untyped element, and only that one', () => {
    const compiled = compileJob(
      loadJob({
        mappings: [
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
          { target: 'phoneNumbers[type eq "fax"].value', expression: '[fax]' },
          { target: 'emails[type eq "work"].value', expression: '[mail]' },
          { target: 'emails[type eq "other"].value', expression: '[alias]' },
          { target: 'emails[TYPE eq "Work"].display', expression: '[mail]' },
          { target: 'phoneNumbers[type eq "mobile"].value', expression: '[mobile]' },
          { target: 'addresses[primary eq true].postalCode', expression: '[postcode]' },
          { target: 'addresses[type eq "work"].locality', expression: '[city]' },
        ],
      })
    ).users
    expect(
      compiled.mappings.map(mapping => [mapping.target.text, mapping.target.adoptsUntyped === true])
    ).toEqual([
      ['userName', false],
      ['phoneNumbers[type eq "fax"].value', true],
      ['emails[type eq "work"].value', true],
      ['emails[type eq "other"].value', false],
      ['emails[TYPE eq "Work"].display', true],
      ['phoneNumbers[type eq "mobile"].value', false],
      ['addresses[primary eq true].postalCode', false],
      ['addresses[type eq "work"].locality', true],
    ])
  })

  it('refuses a default the target attribute’s type cannot hold, at its place in the file', () => {
    const text = jobText({
      mappings: [
        ...SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== 'active'),
        { target: 'active', expression: '[enabled]', default: 'yes' },
        { target: `${ENTERPRISE}:costCenter`, expression: '[cc]', default: '12.5' },
        { target: 'title', expression: '[jobTitle]', default: 'yes' },
      ],
      target: { attributeTypes: { [`${ENTERPRISE}:costCenter`]: 'integer' } },
    })
    const issues = compileIssues(text)
    expect(issues.map(issue => [issue.field, issue.message])).toEqual([
      [
        'users.mappings[6].default',
        'active is a boolean attribute, and its default "yes" is not a boolean (true or false, in any case, or 1 or 0)',
      ],
      [
        'users.mappings[7].default',
        `${ENTERPRISE}:costCenter is an integer attribute, and its default "12.5" is not an integer`,
      ],
    ])
    expect(issues[0]).toMatchObject(positionOf(text, '"yes"'))
  })

  describe('expression errors', () => {
    it('points at the exact line:column inside the file', () => {
      const text = jobWithRawExpression('"Join(\\" \\", [givenName], Frob([surname]))"')
      const [issue] = compileIssues(text)
      expect(issue).toMatchObject({
        file: 'jobs/job.json',
        field: 'users.mappings[7].expression',
        ...positionOf(text, 'Frob'),
      })
      expect(issue?.message).toMatch(/Frob/)
    })

    it('counts escaped characters of the JSON string (\\" \\u00e9 \\t \\/) as one character each', () => {
      const raw = '"Join(\\"\\u00e9\\t\\/\\", [givenName], Frob([surname]))"'
      const text = jobWithRawExpression(raw)
      const job = parseJob(text)
      expect(job.config.users.mappings[7]?.expression).toBe('Join("é\t/", [givenName], Frob([surname]))')
      const [issue] = compileIssues(text)
      expect(issue).toMatchObject({ field: 'users.mappings[7].expression', ...positionOf(text, 'Frob') })
    })

    it('points at a syntax error after a non-ASCII character written as is', () => {
      const text = jobWithRawExpression('"Join(\\"Zürich 名前\\", [givenName]"')
      const [issue] = compileIssues(text)
      const closing = positionOf(text, '[givenName]"', '"title"')
      expect(issue).toMatchObject({ line: closing.line, column: closing.column + '[givenName]'.length })
    })

    it('includes the suggestion for a misspelt function', () => {
      const text = jobWithRawExpression('"switch([status], \\"a\\", \\"b\\", \\"c\\")"')
      const [issue] = compileIssues(text)
      expect(issue).toMatchObject({ ...positionOf(text, 'switch(') })
      expect(issue?.message).toMatch(/Switch/)
    })
  })

  it('points a bad target path at its position in the file', () => {
    const text = jobText({
      mappings: [
        ...SAMPLE_MAPPINGS,
        { target: 'phoneNumbers[type co "mobile"].value', expression: '[phone]' },
      ],
    })
    const [issue] = compileIssues(text)
    expect(issue).toMatchObject({ field: 'users.mappings[7].target', ...positionOf(text, 'type co') })
    expect(issue?.message).toMatch(/expected a filter of the form attr eq "value"/)
  })

  it('refuses a target mapped twice (case-insensitively), at the second mapping', () => {
    const text = jobText({ mappings: [...SAMPLE_MAPPINGS, { target: 'DisplayName', expression: '[cn]' }] })
    expect(compileIssues(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"DisplayName"'),
        field: 'users.mappings[7].target',
        message: 'target DisplayName is already mapped by users.mappings[4]',
      },
    ])
  })

  it('refuses a matching precedence used twice', () => {
    const mappings = [
      { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
      { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 1 },
    ]
    const text = jobText({ mappings })
    const [issue] = compileIssues(text)
    expect(issue).toMatchObject({
      field: 'users.mappings[1].matchingPrecedence',
      message: 'matching precedence 1 is already used by users.mappings[0]',
      ...positionOf(text, '1', '"[employeeId]"'),
    })
  })

  it('refuses a job without any matching attribute', () => {
    const text = jobText({ mappings: [{ target: 'userName', expression: '[mail]' }] })
    expect(compileIssues(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '[', '"mappings"'),
        field: 'users.mappings',
        message:
          'no mapping has a matchingPrecedence: at least one attribute (e.g. userName) must match people to existing accounts',
      },
    ])
  })

  it('refuses a matching attribute applied only on create', () => {
    const text = jobText({
      mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1, apply: 'on-create' }],
    })
    expect(compileIssues(text)).toEqual([
      expect.objectContaining({
        field: 'users.mappings[0].apply',
        message: 'a matching attribute must apply "always": it identifies the account on every run',
        ...positionOf(text, '"on-create"'),
      }),
    ])
  })

  it('refuses an invalid scoping clause at the clause', () => {
    const text = jobText({
      scoping: [
        { title: 'Staff', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] },
        {
          title: 'Numbers',
          clauses: [
            { attribute: 'type', operator: 'EQUALS', value: 'x' },
            { attribute: 'level', operator: 'Greater_Than', value: '2.5' },
          ],
        },
      ],
    })
    expect(compileIssues(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '{', '"value": "x"'),
        field: 'users.scoping[1].clauses[1]',
        message: 'Greater_Than compares integers only, and "2.5" is not an integer',
      },
    ])
  })

  it('reports every problem of the file at once', () => {
    const text = jobText({
      mappings: [
        { target: 'userName', expression: 'Frob([mail])', matchingPrecedence: 1 },
        { target: 'userName', expression: '[mail' },
        { target: 'emails[type eq "work"]', expression: '[mail]', matchingPrecedence: 1 },
      ],
    })
    expect(compileIssues(text).map(issue => issue.field)).toEqual([
      'users.mappings[0].expression',
      'users.mappings[1].expression',
      'users.mappings[1].target',
      'users.mappings[2].target',
      'users.mappings[2].matchingPrecedence',
    ])
  })
})

describe('checkReferencedAttributes', () => {
  const columns = ['employeeId', 'mail', 'givenName', 'surname', 'status', 'type']

  it('accepts a job whose attributes are all columns of the source', () => {
    const job = loadJob()
    expect(() => checkReferencedAttributes(job, compileJob(job).users, columns, 'people.csv')).not.toThrow()
  })

  it('suggests the column when only the case differs, at each place the attribute is used', () => {
    const text = jobText({
      mappings: [
        { target: 'userName', expression: '[Mail]', matchingPrecedence: 1 },
        { target: 'emails[type eq "work"].value', expression: 'ToLower([Mail])' },
      ],
      scoping: [{ clauses: [{ attribute: 'Type', operator: 'EQUALS', value: 'staff' }] }],
    })
    const job = parseJob(text)
    const error = jobFileErrorOf(() =>
      checkReferencedAttributes(job, compileJob(job).users, columns, 'people.csv')
    )
    expect(error.issues).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"[Mail]"'),
        field: 'users.mappings[0].expression',
        message: 'unknown source attribute [Mail]: people.csv has no such column; did you mean [mail]?',
      },
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"ToLower([Mail])"'),
        field: 'users.mappings[1].expression',
        message: 'unknown source attribute [Mail]: people.csv has no such column; did you mean [mail]?',
      },
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"Type"'),
        field: 'users.scoping[0].clauses[0].attribute',
        message: 'unknown source attribute [Type]: people.csv has no such column; did you mean [type]?',
      },
    ])
  })

  it('suggests the column a typo most likely meant', () => {
    const job = loadJob({ mappings: [{ target: 'userName', expression: '[mial]', matchingPrecedence: 1 }] })
    const error = jobFileErrorOf(() =>
      checkReferencedAttributes(job, compileJob(job).users, columns, 'people.csv')
    )
    expect(error.issues.map(issue => issue.message)).toEqual([
      'unknown source attribute [mial]: people.csv has no such column; did you mean [mail]?',
    ])
  })

  it('lists the available columns for an attribute like none of them', () => {
    const job = loadJob({
      mappings: [{ target: 'userName', expression: '[department]', matchingPrecedence: 1 }],
    })
    const error = jobFileErrorOf(() =>
      checkReferencedAttributes(job, compileJob(job).users, columns, 'people.csv')
    )
    expect(error.issues.map(issue => issue.message)).toEqual([
      'unknown source attribute [department]: people.csv has no such column; available: employeeId, mail, givenName, surname, status, type',
    ])
  })

  describe('None mappings ("type": "none")', () => {
    const none = (extra: Record<string, unknown> = {}) => ({
      target: 'preferredLanguage',
      type: 'none',
      default: 'en-US',
      ...extra,
    })
    /** Where and what the loader or the compiler says about the sample job plus `mapping` (index 7). */
    const refusals = (mapping: Record<string, unknown>) => {
      const text = jobText({ mappings: [...SAMPLE_MAPPINGS, mapping] })
      return jobFileErrorOf(() => compileJob(parseJob(text))).issues.map(
        issue => `${issue.line}:${issue.column} ${issue.field}: ${issue.message}`
      )
    }

    it('compiles to a create-only mapping that gives its default and reads no source attribute', () => {
      const compiled = compileJob(loadJob({ mappings: [...SAMPLE_MAPPINGS, none()] })).users
      const mapping = compiled.mappings.at(-1)
      expect(mapping).toMatchObject({ none: true, apply: 'on-create', defaultValue: 'en-US' })
      expect([...compiled.referencedAttributes.keys()]).not.toContain('')
      expect(compiled.mappings[0]).toMatchObject({ none: false, apply: 'always' })
    })

    it('refuses a None mapping on a matching attribute, naming the mapping', () => {
      const text = jobText({ mappings: [...SAMPLE_MAPPINGS, none({ matchingPrecedence: 3 })] })
      const [issue, ...rest] = jobFileErrorOf(() => parseJob(text)).issues
      expect(rest).toEqual([])
      expect(issue).toEqual({
        file: 'jobs/job.json',
        ...positionOf(text, '3', '"type": "none"'),
        field: 'users.mappings[7].matchingPrecedence',
        message:
          'preferredLanguage is a None mapping (it only gives new accounts its default): it cannot match accounts, it has no source value to match on',
      })
    })

    it('refuses a None mapping without a default, with an expression, or applied always', () => {
      expect(refusals({ target: 'preferredLanguage', type: 'none' })).toEqual([
        expect.stringMatching(
          /^\d+:\d+ users\.mappings\[7\]\.default: .*it needs a "default", the value new accounts get$/
        ),
      ])
      expect(refusals(none({ expression: '[language]' }))).toEqual([
        expect.stringMatching(
          /users\.mappings\[7\]\.expression: .*it has no expression; remove "expression" or "type"$/
        ),
      ])
      expect(refusals(none({ apply: 'always' }))).toEqual([
        expect.stringMatching(/users\.mappings\[7\]\.apply: .*it applies on create only, never "always"$/),
      ])
    })

    it('refuses a mapping with neither an expression nor "type": "none", and other types', () => {
      expect(refusals({ target: 'title', default: 'Staff' })).toEqual([
        expect.stringMatching(
          /users\.mappings\[7\]\.expression: a mapping needs an expression .*or "type": "none" with a "default"$/
        ),
      ])
      expect(refusals({ target: 'title', type: 'direct', expression: '[title]' })).toEqual([
        expect.stringMatching(/users\.mappings\[7\]\.type: the only mapping type a job file names is "none"/),
      ])
    })
  })
})

import { describe, expect, it } from 'vitest'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { holdsList } from '../../../../main/engine/plan/target-multi-valued'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import {
  compileUsers,
  ENTERPRISE,
  jobFileErrorOf,
  loadJob,
  mapAll,
  SAMPLE_MAPPINGS,
  staff,
} from '../../../helpers/job-fixtures'

const SKILLS = 'urn:example:params:scim:schemas:extension:acme:2.0:User:skills'

describe('holdsList', () => {
  const users = (text: string, declared: ReadonlyArray<string> = []) =>
    holdsList(parseScimPath(text), 'users', declared)

  it('follows the core and enterprise schemas of RFC 7643', () => {
    expect(
      ['emails', 'phoneNumbers', 'roles', 'entitlements', 'x509Certificates', 'ADDRESSES'].map(t => users(t))
    ).toEqual([true, true, true, true, true, true])
    expect(
      ['userName', 'title', 'active', `${ENTERPRISE}:department`, `${ENTERPRISE}:manager`].map(t => users(t))
    ).toEqual([false, false, false, false, false])
    expect(users('urn:ietf:params:scim:schemas:core:2.0:User:emails')).toBe(true)
  })

  it('gives one value to a filtered path and to a sub-attribute', () => {
    expect(users('emails[type eq "work"].value')).toBe(false)
    expect(users('emails.value')).toBe(false)
    expect(users('name.givenName')).toBe(false)
    expect(users(`${ENTERPRISE}:manager.value`)).toBe(false)
  })

  it('gives one value to an attribute the schemas do not define, unless the job declares it', () => {
    expect(users(SKILLS)).toBe(false)
    expect(users('favouriteColours')).toBe(false)
    expect(users(SKILLS, [SKILLS.toUpperCase()])).toBe(true)
    expect(users('favouriteColours', ['favouriteColours'])).toBe(true)
  })

  it('knows the Group schema for groups', () => {
    expect(holdsList(parseScimPath('members'), 'groups', [])).toBe(true)
    expect(holdsList(parseScimPath('displayName'), 'groups', [])).toBe(false)
    expect(holdsList(parseScimPath('emails'), 'groups', [])).toBe(false)
  })
})

describe('target.multiValuedAttributes', () => {
  it('is refused for an attribute the schemas make single-valued, at its place in the file', () => {
    const error = jobFileErrorOf(() =>
      compileJob(
        loadJob({
          target: { multiValuedAttributes: [SKILLS, `${ENTERPRISE}:department`, 'x[type eq "a"].v'] },
        })
      )
    )
    expect(error.issues.map(issue => [issue.field, issue.message])).toEqual([
      [
        'target.multiValuedAttributes[1]',
        `${ENTERPRISE}:department is single-valued in the SCIM User schema (RFC 7643)`,
      ],
      ['target.multiValuedAttributes[2]', 'a filtered path selects one element, which holds one value'],
    ])
    expect(error.issues[0]?.line).toBeGreaterThan(1)
  })

  it('is refused when the name is not a SCIM path', () => {
    const error = jobFileErrorOf(() =>
      compileJob(loadJob({ target: { multiValuedAttributes: ['bad path'] } }))
    )
    expect(error.issues[0]?.field).toBe('target.multiValuedAttributes[0]')
    expect(error.issues[0]?.message).toMatch(/Invalid SCIM attribute path "bad path"/)
  })
})

describe('a list mapped to an attribute that holds one value', () => {
  const job = (extra: Record<string, unknown>, target: Record<string, unknown> = {}) =>
    compileUsers({ mappings: [...SAMPLE_MAPPINGS, extra], target })
  const ada = (departments: ReadonlyArray<string>) =>
    staff('E1', 'Ada', 'Lovelace', { departments, secret: departments })

  it('stops that person with ExpressionEvaluationFailed, naming the attribute and the values', () => {
    const compiled = job({ target: `${ENTERPRISE}:department`, expression: '[departments]' })
    const [mapped] = mapAll(compiled, [ada(['Sales', 'Admins'])])
    expect(mapped?.errorCode).toBe('ExpressionEvaluationFailed')
    expect(mapped?.errors).toEqual([
      `${ENTERPRISE}:department: the expression gives 2 values ["Sales","Admins"], but the attribute holds one ` +
        'value (single-valued in RFC 7643; pick one value, e.g. with Item() or Join())',
    ])
    expect(mapped?.attributes.map(attribute => attribute.mapping.target.text)).not.toContain(
      `${ENTERPRISE}:department`
    )
  })

  it('says how to declare an extension attribute the job maps a list to', () => {
    const compiled = job({ target: SKILLS, expression: 'Split([skills], ",")' })
    const [mapped] = mapAll(compiled, [staff('E1', 'Ada', 'Lovelace', { skills: 'math,poetry' })])
    expect(mapped?.errors[0]).toMatch(
      /^urn:.*:skills: the expression gives 2 values \["math","poetry"\], but the attribute holds one value \(if the app’s schema makes it multi-valued, list it in target\.multiValuedAttributes\)$/
    )
  })

  it('never shows redacted values', () => {
    const compiled = job({ target: 'password', expression: 'Redact([secret])' })
    const [mapped] = mapAll(compiled, [ada(['s3cret', 'other'])])
    expect(mapped?.errors[0]).toContain('gives 2 values [Redact]')
    expect(mapped?.errors.join(' ')).not.toContain('s3cret')
  })

  it('sends a list of one as that value, typed for the attribute', () => {
    const compiled = job({ target: `${ENTERPRISE}:department`, expression: '[departments]' })
    const [mapped] = mapAll(compiled, [ada(['Sales'])])
    expect(mapped?.errors).toEqual([])
    expect(
      mapped?.attributes.find(attribute => attribute.mapping.target.text.endsWith(':department'))?.value
    ).toBe('Sales')
  })

  it('goes through to a multi-valued attribute, and to an extension the job declares', () => {
    const roles = job({ target: 'roles', expression: 'AppRoleAssignmentsComplex([departments])' })
    expect(mapAll(roles, [ada(['Sales', 'Admins'])])[0]?.errors).toEqual([])
    const skills = job(
      { target: SKILLS, expression: 'Split([skills], ",")' },
      { multiValuedAttributes: [SKILLS] }
    )
    const [mapped] = mapAll(skills, [staff('E1', 'Ada', 'Lovelace', { skills: 'math,poetry' })])
    expect(mapped?.errors).toEqual([])
    expect(mapped?.attributes.find(attribute => attribute.mapping.target.text === SKILLS)?.value).toEqual([
      'math',
      'poetry',
    ])
  })
})

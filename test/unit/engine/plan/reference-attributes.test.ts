/**
 * Manager references: the planner sends the manager's account id in the app, never the HR value,
 * whoever the manager is (linked, matched, created in the same run) and however the source names
 * them (by source id or by another column); an unresolvable manager is left out with a warning.
 */
import { describe, expect, it } from 'vitest'
import type { SourceObject, TargetResource } from '../../../../main/connectors/connector'
import { checkReferencedAttributes, compileJob } from '../../../../main/engine/plan/compile-job'
import { sourceName } from '../../../../main/config/source-name'
import { planUsers, type UserOperation } from '../../../../main/engine/plan/plan-users'
import { TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import type { Link } from '../../../../main/model/link'
import {
  accountFor,
  ENTERPRISE,
  jobFileErrorOf,
  type JobParts,
  link,
  loadJob,
  mapAll,
  SAMPLE_MAPPINGS,
  staff,
} from '../../../helpers/job-fixtures'

const MANAGER = `${ENTERPRISE}:manager`
const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User'
const SPONSOR = `${ACME}:sponsor`

interface Scenario {
  readonly people: ReadonlyArray<SourceObject>
  readonly accounts?: ReadonlyArray<TargetResource>
  readonly links?: ReadonlyArray<Link>
  readonly job?: JobParts
  /** Plan only these source ids (provision on demand), resolving against everyone. */
  readonly only?: ReadonlyArray<string>
}

function managerJob(mapping: Record<string, unknown> = {}, parts: JobParts = {}): JobParts {
  return {
    ...parts,
    mappings: [...SAMPLE_MAPPINGS, { target: MANAGER, expression: '[managerId]', ...mapping }],
  }
}

function plan(scenario: Scenario): UserOperation[] {
  const job = loadJob(scenario.job ?? managerJob())
  const compiled = compileJob(job).users
  const everyone = mapAll(compiled, scenario.people)
  const only = scenario.only
  let counter = 0
  return planUsers({
    mapped: only === undefined ? everyone : everyone.filter(person => only.includes(person.source.id)),
    referable: everyone,
    links: new Map((scenario.links ?? []).map(entry => [entry.sourceId, entry])),
    target: new TargetSnapshot(scenario.accounts ?? []),
    compiled,
    authoritative: only === undefined && job.config.source.authoritative,
    deprovision: job.config.users.deprovision,
    newChangeId: () => `change-${++counter}`,
    sourceName: sourceName(job.config.source),
  })
}

function opFor(operations: ReadonlyArray<UserOperation>, sourceId: string): UserOperation {
  const found = operations.filter(operation => operation.sourceId === sourceId)
  expect(found, `operations for ${sourceId}`).toHaveLength(1)
  return found[0] as UserOperation
}

const ada = (managerId: string | null, extra: Record<string, string> = {}) =>
  staff('E1', 'Ada', 'Lovelace', { managerId, ...extra })
const grace = staff('E2', 'Grace', 'Hopper')
const alan = staff('E3', 'Alan', 'Turing')
const graceAccount = accountFor('T2', 'E2', 'Grace', 'Hopper')
const alanAccount = accountFor('T3', 'E3', 'Alan', 'Turing')
const adaAccount = (manager?: unknown) =>
  accountFor('T1', 'E1', 'Ada', 'Lovelace', manager === undefined ? {} : { [ENTERPRISE]: { manager } })

/** Grace as the reference to her account T2. */
const GRACE_T2 = { value: 'T2', displayName: 'Grace Hopper', sourceId: 'E2' }

describe('manager references', () => {
  describe('resolved by source id', () => {
    it("sends the manager's account id on create, never the HR value", () => {
      const operations = plan({
        people: [ada('E2'), grace],
        accounts: [graceAccount],
        links: [link('E2', 'T2')],
      })
      const created = opFor(operations, 'E1')
      expect(created.action).toBe('create')
      expect(created.execution).toMatchObject({
        kind: 'create',
        body: { schemas: expect.arrayContaining([ENTERPRISE]), [ENTERPRISE]: { manager: { value: 'T2' } } },
      })
      expect(JSON.stringify(created.execution.kind === 'create' && created.execution.body)).not.toContain(
        '"E2"'
      )
      expect(created.changes).toContainEqual({ path: MANAGER, from: null, to: GRACE_T2 })
      expect(created.warnings).toBeUndefined()
    })

    it("patches an existing account's missing manager with the manager's account id", () => {
      const operation = opFor(
        plan({
          people: [ada('E2'), grace],
          accounts: [adaAccount(), graceAccount],
          links: [link('E1', 'T1'), link('E2', 'T2')],
        }),
        'E1'
      )
      expect(operation.action).toBe('update')
      expect(operation.changes).toEqual([{ path: MANAGER, from: null, to: GRACE_T2 }])
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'replace', path: MANAGER, value: { value: 'T2' } }],
        before: { [MANAGER]: null },
      })
    })

    it.each([
      ['before', [grace, ada('E2')]],
      ['after', [ada('E2'), grace]],
    ])('resolves a linked manager listed %s the report in the file', (_label, people) => {
      const operation = opFor(
        plan({ people, accounts: [adaAccount(), graceAccount], links: [link('E1', 'T1'), link('E2', 'T2')] }),
        'E1'
      )
      expect(operation.changes).toEqual([{ path: MANAGER, from: null, to: GRACE_T2 }])
    })

    it('resolves a manager matched (not yet linked) in the same run, listed after the report', () => {
      const operation = opFor(
        plan({ people: [ada('E2'), grace], accounts: [adaAccount(), graceAccount] }),
        'E1'
      )
      expect(operation.action).toBe('link')
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'replace', path: MANAGER, value: { value: 'T2' } }],
      })
    })

    it('resolves a source id two people share by id: the last of them, with the account decided for that id', () => {
      // The index finds the people the planner walks by position; a shared id must still be
      // answered by id. Here the second E2 matches two accounts (a conflict, no account of its
      // own), and the account decided for E2 is the first one's.
      const alanAsE2 = staff('E2', 'Alan', 'Turing')
      const alanTwin = accountFor('T4', 'E9', 'Alan', 'Turing')
      for (const people of [
        [grace, alanAsE2, ada('E2')],
        [ada('E2'), grace, alanAsE2],
      ]) {
        const created = opFor(plan({ people, accounts: [graceAccount, alanAccount, alanTwin] }), 'E1')
        expect(created.changes).toContainEqual({
          path: MANAGER,
          from: null,
          to: { value: 'T2', displayName: 'Alan Turing', sourceId: 'E2' },
        })
      }
    })

    it('writes a bare id at …:manager.value', () => {
      const job = {
        mappings: [...SAMPLE_MAPPINGS, { target: `${MANAGER}.value`, expression: '[managerId]' }],
      }
      const operations = plan({
        people: [ada('E2'), grace],
        accounts: [adaAccount(), graceAccount],
        links: [link('E1', 'T1'), link('E2', 'T2')],
        job,
      })
      expect(opFor(operations, 'E1').execution).toMatchObject({
        operations: [{ op: 'replace', path: `${MANAGER}.value`, value: 'T2' }],
      })
      const created = opFor(plan({ people: [ada('E2'), grace], accounts: [graceAccount], job }), 'E1')
      expect(created.execution).toMatchObject({ body: { [ENTERPRISE]: { manager: { value: 'T2' } } } })
    })
  })

  describe('resolved by another column (reference.by)', () => {
    const byMail = managerJob({ expression: '[managerMail]', reference: { by: 'mail' } })

    it("finds the manager by the column's value, case-insensitively", () => {
      const operation = opFor(
        plan({
          people: [ada(null, { managerMail: 'GRACE@Example.com' }), grace],
          accounts: [adaAccount(), graceAccount],
          links: [link('E1', 'T1'), link('E2', 'T2')],
          job: byMail,
        }),
        'E1'
      )
      expect(operation.changes).toEqual([{ path: MANAGER, from: null, to: GRACE_T2 }])
    })

    it('leaves out a value several people share, naming them', () => {
      const twin = staff('E4', 'Grace', 'Twin', { mail: 'grace@example.com' })
      const operation = opFor(
        plan({
          people: [ada(null, { managerMail: 'grace@example.com' }), grace, twin],
          accounts: [adaAccount({ value: 'T9' }), graceAccount],
          links: [link('E1', 'T1'), link('E2', 'T2')],
          job: byMail,
        }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
      expect(operation.warnings).toEqual([
        'manager not set: 2 people in the source have mail "grace@example.com" (E2, E4); none was chosen',
      ])
    })
  })

  describe('a manager created in the same run', () => {
    it('creates the report without the manager and sets it once the manager exists', () => {
      const operations = plan({ people: [grace, ada('E2')] })
      const report = opFor(operations, 'E1')
      expect(opFor(operations, 'E2').action).toBe('create')
      expect(report.action).toBe('create')
      const execution = report.execution
      if (execution.kind !== 'create') throw new Error('expected a create')
      expect(execution.body[ENTERPRISE]).toBeUndefined()
      expect(execution.references).toMatchObject([
        { sourceId: 'E2', targetId: null, path: { text: MANAGER } },
      ])
      expect(report.changes).toContainEqual({
        path: MANAGER,
        from: null,
        to: { value: null, displayName: 'Grace Hopper', sourceId: 'E2' },
      })
    })

    it('plans an existing report as an update that waits for the create', () => {
      const operation = opFor(
        plan({
          people: [ada('E2'), grace],
          accounts: [adaAccount({ value: 'T3' }), alanAccount],
          links: [link('E1', 'T1')],
        }),
        'E1'
      )
      expect(operation.action).toBe('update')
      expect(operation.changes).toEqual([
        {
          path: MANAGER,
          from: { value: 'T3', displayName: 'Alan Turing' },
          to: { value: null, displayName: 'Grace Hopper', sourceId: 'E2' },
        },
      ])
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [],
        before: { [MANAGER]: { value: 'T3' } },
        references: [{ sourceId: 'E2', targetId: null }],
      })
    })
  })

  describe('a manager who is not provisioned: left out, with a warning naming who and why', () => {
    it.each<[string, Scenario, RegExp]>([
      [
        'out of scope',
        {
          people: [ada('E2'), staff('E2', 'Grace', 'Hopper', { type: 'contractor' })],
          job: managerJob({}, { scoping: [{ clauses: [{ attribute: 'type', operator: 'IS NULL' }] }] }),
        },
        /^manager not set: Grace Hopper \(E2\) is out of scope \(/,
      ],
      [
        'skipped (a required value missing)',
        {
          people: [ada('E2'), staff('E2', 'Grace', 'Hopper', { mail: null })],
          job: {
            mappings: [
              { target: 'userName', expression: '[mail]', matchingPrecedence: 1, required: true },
              { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
              { target: MANAGER, expression: '[managerId]' },
            ],
          },
        },
        /^manager not set: Grace Hopper \(E2\) cannot be provisioned \(MandatoryFieldsMissing\)$/,
      ],
      [
        'in conflict',
        {
          people: [ada('E2'), grace],
          accounts: [graceAccount, accountFor('T9', 'X', 'Grace', 'Hopper')],
        },
        /^manager not set: Grace Hopper \(E2\) is not provisioned \(conflict: 2 target accounts have userName/,
      ],
      ['not in the file', { people: [ada('E7')] }, /^manager not set: no one in the source has the id "E7"$/],
      [
        'the person themself',
        { people: [ada('E1')] },
        /^manager not set: the source names Ada Lovelace \(E1\) as their own manager$/,
      ],
    ])('%s', (_label, scenario, warning) => {
      const operation = opFor(plan(scenario), 'E1')
      expect(operation.action).toBe('create')
      expect(operation.changes.map(change => change.path)).not.toContain(MANAGER)
      expect(operation.execution.kind === 'create' && operation.execution.body[ENTERPRISE]).toBeFalsy()
      expect(operation.warnings).toHaveLength(1)
      expect(operation.warnings?.[0]).toMatch(warning)
      expect(operation.steps.at(-1)).toMatchObject({ type: 'processing', status: 'warning' })
      expect(operation.steps.at(-1)?.description).toMatch(warning)
    })

    it("keeps an existing account's manager as it is", () => {
      const operation = opFor(
        plan({
          people: [ada('E7')],
          accounts: [adaAccount({ value: 'T3' })],
          links: [link('E1', 'T1')],
        }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
      expect(operation.execution.kind).not.toBe('patch')
      expect(operation.warnings).toEqual(['manager not set: no one in the source has the id "E7"'])
    })
  })

  describe('comparing with the current manager', () => {
    const scenario = (manager: unknown, managerId: string | null = 'E2'): UserOperation =>
      opFor(
        plan({
          people: [ada(managerId), grace, alan],
          accounts: [adaAccount(manager), graceAccount, alanAccount],
          links: [link('E1', 'T1'), link('E2', 'T2'), link('E3', 'T3')],
        }),
        'E1'
      )

    it.each<[string, unknown]>([
      ['value and displayName', { value: 'T2', displayName: 'Grace Hopper', $ref: 'https://x/Users/T2' }],
      ['value only', { value: 'T2' }],
      ['a bare id', 'T2'],
    ])('the same manager id (%s) is unchanged: nothing is sent', (_label, manager) => {
      const operation = scenario(manager)
      expect(operation.action).toBe('unchanged')
      expect(operation.changes).toEqual([])
      expect(operation.execution.kind).not.toBe('patch')
    })

    it('a changed manager is a replace, shown by name and id', () => {
      const operation = scenario({ value: 'T3' })
      expect(operation.action).toBe('update')
      expect(operation.changes).toEqual([
        { path: MANAGER, from: { value: 'T3', displayName: 'Alan Turing' }, to: GRACE_T2 },
      ])
      expect(operation.execution).toMatchObject({
        operations: [{ op: 'replace', path: MANAGER, value: { value: 'T2' } }],
        before: { [MANAGER]: { value: 'T3' } },
      })
    })

    it('replaces a raw HR value an earlier version sent', () => {
      const operation = scenario({ value: 'E2' })
      expect(operation.execution).toMatchObject({
        operations: [{ op: 'replace', path: MANAGER, value: { value: 'T2' } }],
      })
      expect(operation.changes[0]?.from).toEqual({ value: 'E2', displayName: null })
    })

    it('a manager removed in the source is a remove', () => {
      const operation = scenario({ value: 'T2', displayName: 'Grace Hopper' }, null)
      expect(operation.action).toBe('update')
      expect(operation.changes).toEqual([
        { path: MANAGER, from: { value: 'T2', displayName: 'Grace Hopper' }, to: null },
      ])
      expect(operation.execution).toMatchObject({
        operations: [{ op: 'remove', path: MANAGER }],
        before: { [MANAGER]: { value: 'T2' } },
      })
    })

    it('no manager in the source and none in the app is unchanged', () => {
      expect(scenario(undefined, null).action).toBe('unchanged')
    })

    it('an on-create manager mapping is never updated', () => {
      const operation = opFor(
        plan({
          people: [ada('E2'), grace],
          accounts: [adaAccount({ value: 'T3' }), graceAccount],
          links: [link('E1', 'T1'), link('E2', 'T2')],
          job: managerJob({ apply: 'on-create' }),
        }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
      const steps = operation.steps.at(-1)
      expect(steps?.details).toMatchObject({ [MANAGER]: 'not updated: the mapping applies on create only' })
    })
  })

  describe('provision on demand (one person planned)', () => {
    it('resolves a manager who is already linked', () => {
      const operation = opFor(
        plan({ people: [ada('E2'), grace], links: [link('E2', 'T2')], only: ['E1'] }),
        'E1'
      )
      expect(operation.execution).toMatchObject({ body: { [ENTERPRISE]: { manager: { value: 'T2' } } } })
    })

    it('leaves out a manager without an account, with a warning', () => {
      const operation = opFor(plan({ people: [ada('E2'), grace], only: ['E1'] }), 'E1')
      expect(operation.execution.kind === 'create' && operation.execution.body[ENTERPRISE]).toBeFalsy()
      expect(operation.warnings).toEqual([
        'manager not set: Grace Hopper (E2) has no account in the app yet (provision them first)',
      ])
    })
  })

  it('refuses a manager expression that gives several values (ExpressionEvaluationFailed)', () => {
    const operation = opFor(
      plan({ people: [ada(null, {}), grace], job: managerJob({ expression: 'Split("E2,E3", ",")' }) }),
      'E1'
    )
    expect(operation).toMatchObject({ action: 'skip', errorCode: 'ExpressionEvaluationFailed' })
    expect(operation.reason).toContain('a reference names one person, but the expression gave 2 values')
  })
})

describe('references beyond the manager (an extension attribute marked "reference")', () => {
  const sponsorJob: JobParts = {
    mappings: [...SAMPLE_MAPPINGS, { target: SPONSOR, expression: '[sponsorId]', reference: {} }],
  }
  const adaSponsoredBy = (sponsorId: string | null) => staff('E1', 'Ada', 'Lovelace', { sponsorId })

  it("sends the sponsor's account id, one created in the same run, and a removal, like the manager", () => {
    const linked = plan({
      people: [adaSponsoredBy('E2'), grace],
      accounts: [graceAccount],
      links: [link('E2', 'T2')],
      job: sponsorJob,
    })
    expect(opFor(linked, 'E1').execution).toMatchObject({
      kind: 'create',
      body: { [ACME]: { sponsor: { value: 'T2' } } },
    })
    const [create] = plan({ people: [adaSponsoredBy('E2'), grace], job: sponsorJob })
    expect(opFor([create as UserOperation], 'E1').changes).toContainEqual({
      path: SPONSOR,
      from: null,
      to: { value: null, displayName: 'Grace Hopper', sourceId: 'E2' },
    })
    const held = accountFor('T1', 'E1', 'Ada', 'Lovelace', { [ACME]: { sponsor: { value: 'T2' } } })
    const removal = opFor(
      plan({
        people: [adaSponsoredBy(null), grace],
        accounts: [held, graceAccount],
        links: [link('E1', 'T1'), link('E2', 'T2')],
        job: sponsorJob,
      }),
      'E1'
    )
    expect(removal.execution).toMatchObject({
      kind: 'patch',
      operations: [{ op: 'remove', path: SPONSOR }],
    })
  })
})

describe('the reference option in the job file', () => {
  const messages = (parts: JobParts): string[] =>
    jobFileErrorOf(() => compileJob(loadJob(parts))).issues.map(issue => `${issue.field}: ${issue.message}`)

  it('compiles …:manager and …:manager.value as references, by source id unless `by` says otherwise', () => {
    const compiled = compileJob(
      loadJob({
        mappings: [
          ...SAMPLE_MAPPINGS,
          { target: MANAGER, expression: '[managerMail]', reference: { by: 'mail' } },
        ],
      })
    ).users
    expect(compiled.mappings.at(-1)?.reference).toEqual({ by: 'mail' })
    expect(compiled.mappings[0]?.reference).toBeNull()
    const byId = compileJob(loadJob(managerJob({ target: `${MANAGER}.value` }))).users
    expect(byId.mappings.at(-1)?.reference).toEqual({ by: null })
  })

  it('refuses "reference" on an attribute that is not a reference, at its place', () => {
    const refused = (target: string) =>
      messages({ mappings: [...SAMPLE_MAPPINGS, { target, expression: '[t]', reference: { by: 'mail' } }] })
    const prefix =
      'users.mappings[7].reference: "reference" is for reference attributes (the enterprise manager, ' +
      "or an extension attribute that holds another user's id, e.g. urn:…:User:sponsor); "
    expect(refused('title')).toEqual([`${prefix}title is not one: core attributes are not references`])
    expect(refused(`${SPONSOR}.displayName`)).toEqual([
      `${prefix}${SPONSOR}.displayName is not one: a reference is one id (the attribute or its .value, no filter)`,
    ])
  })

  it('compiles "reference" on an extension attribute (a sponsor), by source id with an empty object', () => {
    const compiled = compileJob(
      loadJob({
        mappings: [
          ...SAMPLE_MAPPINGS,
          { target: SPONSOR, expression: '[sponsorId]', reference: {} },
          { target: `${ACME}:buddy.value`, expression: '[buddyMail]', reference: { by: 'mail' } },
          { target: `${ACME}:costCode`, expression: '[code]' },
        ],
      })
    ).users
    expect(compiled.mappings.slice(-3).map(mapping => mapping.reference)).toEqual([
      { by: null },
      { by: 'mail' },
      null,
    ])
  })

  it('refuses a manager mapping that matches, has a default or an unknown option', () => {
    expect(messages(managerJob({ matchingPrecedence: 3, default: 'E1' }))).toEqual([
      `users.mappings[7].matchingPrecedence: ${MANAGER} is a reference to another person's account: a reference cannot be a matching attribute`,
      `users.mappings[7].default: ${MANAGER} is a reference to another person's account: a reference has no default: it names a person of the source or no one`,
    ])
    expect(() => loadJob(managerJob({ reference: { column: 'mail' } }))).toThrow(/reference/)
  })

  it('checks the `by` column against the source, at reference.by', () => {
    const job = loadJob(managerJob({ reference: { by: 'managerMial' } }))
    const error = jobFileErrorOf(() =>
      checkReferencedAttributes(
        job,
        compileJob(job).users,
        ['employeeId', 'mail', 'givenName', 'surname', 'status', 'managerId', 'managerMail'],
        'people.csv'
      )
    )
    expect(error.issues.map(issue => [issue.field, issue.message])).toEqual([
      [
        'users.mappings[7].reference.by',
        'unknown source attribute [managerMial]: people.csv has no such column; did you mean [managerMail]?',
      ],
    ])
  })
})

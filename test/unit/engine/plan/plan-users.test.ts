import { describe, expect, it } from 'vitest'
import type { SourceObject, TargetResource } from '../../../../main/connectors/connector'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { sourceName } from '../../../../main/config/source-name'
import { checkDeletionThreshold } from '../../../../main/engine/safety/deletion-threshold'
import { exportedHash, planUsers, type UserOperation } from '../../../../main/engine/plan/plan-users'
import { TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import type { Link, MatchDecision } from '../../../../main/model/link'
import {
  accountFor,
  ENTERPRISE,
  type JobParts,
  link,
  loadJob,
  mapAll,
  SAMPLE_MAPPINGS,
  staff,
} from '../../../helpers/job-fixtures'

interface Scenario {
  readonly people: ReadonlyArray<SourceObject>
  readonly accounts?: ReadonlyArray<TargetResource>
  readonly links?: ReadonlyArray<Link>
  readonly job?: JobParts
  readonly decisions?: Readonly<Record<string, MatchDecision>>
}

/** Plans a scenario through the real loader, compiler and mapper. */
function plan(scenario: Scenario): UserOperation[] {
  const job = loadJob(scenario.job)
  const compiled = compileJob(job).users
  let counter = 0
  return planUsers({
    mapped: mapAll(compiled, scenario.people),
    links: new Map((scenario.links ?? []).map(entry => [entry.sourceId, entry])),
    target: new TargetSnapshot(scenario.accounts ?? []),
    compiled,
    authoritative: job.config.source.authoritative,
    deprovision: job.config.users.deprovision,
    actions: job.config.users.actions,
    newChangeId: () => `change-${++counter}`,
    sourceName: sourceName(job.config.source),
    decisions: new Map(Object.entries(scenario.decisions ?? {})),
    jobFile: job.displayFile,
  })
}

/** The one operation for a source id. */
function opFor(operations: ReadonlyArray<UserOperation>, sourceId: string): UserOperation {
  const found = operations.filter(operation => operation.sourceId === sourceId)
  expect(found, `operations for ${sourceId}`).toHaveLength(1)
  return found[0] as UserOperation
}

/** The exported hash the planner computes for a person under a job (what a fresh link stores). */
function hashFor(source: SourceObject, job?: JobParts): string {
  const compiled = compileJob(loadJob(job)).users
  const [mapped] = mapAll(compiled, [source])
  return exportedHash(mapped?.attributes ?? [])
}

const ada = staff('E1', 'Ada', 'Lovelace')
const adaAccount = accountFor('T1', 'E1', 'Ada', 'Lovelace')
const withMappings = (...extra: Record<string, unknown>[]): JobParts => ({
  mappings: [...SAMPLE_MAPPINGS, ...extra],
})

describe('planUsers', () => {
  describe('create', () => {
    it('creates a new account with every mapped value and the SCIM body', () => {
      const [operation] = plan({ people: [ada] })
      expect(operation).toMatchObject({
        changeId: 'change-1',
        objectType: 'user',
        action: 'create',
        sourceId: 'E1',
        targetId: null,
        display: 'ada@example.com',
        reason: null,
        errorCode: null,
        changes: [
          { path: 'userName', from: null, to: 'ada@example.com' },
          { path: 'externalId', from: null, to: 'E1' },
          { path: 'name.givenName', from: null, to: 'Ada' },
          { path: 'name.familyName', from: null, to: 'Lovelace' },
          { path: 'displayName', from: null, to: 'Ada Lovelace' },
          { path: 'emails[type eq "work"].value', from: null, to: 'ada@example.com' },
          { path: 'active', from: null, to: true },
        ],
      })
      expect(operation?.execution).toMatchObject({
        kind: 'create',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ada@example.com',
          externalId: 'E1',
          name: { givenName: 'Ada', familyName: 'Lovelace' },
          displayName: 'Ada Lovelace',
          emails: [{ type: 'work', value: 'ada@example.com' }],
          active: true,
        },
        exportedHash: hashFor(ada),
      })
      expect(operation?.steps.map(step => [step.type, step.status])).toEqual([
        ['import', 'success'],
        ['scoping', 'success'],
        ['matching', 'success'],
        ['processing', 'success'],
      ])
      expect(operation?.steps[0]?.description).toBe('Imported E1 from people.csv:E1')
      expect(operation?.steps[2]).toMatchObject({
        description: 'No matching account in the target',
        details: { '1. userName': '"ada@example.com": no account', '2. externalId': '"E1": no account' },
      })
    })

    it('leaves out attributes the source has no value for', () => {
      const [operation] = plan({ people: [staff('E1', 'Ada', 'Lovelace', { surname: null })] })
      expect(operation?.action).toBe('create')
      expect(operation?.changes.map(change => change.path)).not.toContain('name.familyName')
      expect(operation?.execution).toMatchObject({ kind: 'create', body: { name: { givenName: 'Ada' } } })
      expect(operation?.execution.kind === 'create' && operation.execution.body['name']).toEqual({
        givenName: 'Ada',
      })
    })
  })

  describe('unchanged', () => {
    it.each<[string, TargetResource, SourceObject]>([
      ['identical values', adaAccount, ada],
      [
        'userName and email differing only in case (caseExact=false)',
        accountFor('T1', 'E1', 'Ada', 'Lovelace', {
          userName: 'ADA@Example.COM',
          emails: [{ type: 'Work', value: 'Ada@Example.com' }],
        }),
        ada,
      ],
      ['active as the string "True"', accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: 'True' }), ada],
      [
        'a terminated person whose account holds the string "False"',
        accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: 'False' }),
        staff('E1', 'Ada', 'Lovelace', { status: 'terminated' }),
      ],
    ])('%s', (_label, account, source) => {
      const operation = opFor(
        plan({ people: [source], accounts: [account], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'unchanged',
        targetId: 'T1',
        changes: [],
        reason: 'No changes needed',
      })
      expect(operation.execution.kind).not.toBe('patch')
      expect(operation.steps.at(-1)).toMatchObject({
        type: 'processing',
        status: 'skipped',
        description: 'The account already has every mapped value',
      })
    })

    it('compares multi-valued attributes regardless of order', () => {
      // An app's own multi-valued extension attribute, declared in the job (RFC 7643 has none in the enterprise schema).
      const acme = 'urn:example:params:scim:schemas:extension:acme:2.0:User'
      const job: JobParts = {
        mappings: [...SAMPLE_MAPPINGS, { target: `${acme}:costCenters`, expression: '[costCenters]' }],
        target: { multiValuedAttributes: [`${acme}:costCenters`] },
      }
      const source = staff('E1', 'Ada', 'Lovelace', { costCenters: ['CC-2', 'CC-1'] })
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', {
        [acme]: { costCenters: ['cc-1', 'CC-2'] },
      })
      expect(
        opFor(plan({ people: [source], accounts: [account], links: [link('E1', 'T1')], job }), 'E1').action
      ).toBe('unchanged')
      const fewer = accountFor('T1', 'E1', 'Ada', 'Lovelace', { [acme]: { costCenters: ['CC-1'] } })
      const operation = opFor(
        plan({ people: [source], accounts: [fewer], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation.action).toBe('update')
      expect(operation.changes).toEqual([
        { path: `${acme}:costCenters`, from: ['CC-1'], to: ['CC-2', 'CC-1'] },
      ])
    })

    it('compares externalId case-sensitively (caseExact in the core schema)', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { externalId: 'e1' })
      const operation = opFor(plan({ people: [ada], accounts: [account], links: [link('E1', 'T1')] }), 'E1')
      expect(operation.changes).toEqual([{ path: 'externalId', from: 'e1', to: 'E1' }])
    })

    it('needs no write at all when the link already records this state and hash', () => {
      const fresh = opFor(
        plan({ people: [ada], accounts: [adaAccount], links: [link('E1', 'T1', 'active', hashFor(ada))] }),
        'E1'
      )
      expect(fresh.execution).toEqual({ kind: 'none' })
      const stale = opFor(
        plan({ people: [ada], accounts: [adaAccount], links: [link('E1', 'T1', 'active', 'old')] }),
        'E1'
      )
      expect(stale.execution).toEqual({ kind: 'link', linkState: 'active', exportedHash: hashFor(ada) })
    })
  })

  describe('update', () => {
    it('lists each changed attribute with its exact from and to, and patches only those', () => {
      const source = staff('E1', 'Ada', 'King', { mail: 'ada.king@example.com' })
      const operation = opFor(
        plan({ people: [source], accounts: [adaAccount], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'update', targetId: 'T1', display: 'ada.king@example.com' })
      expect(operation.changes).toEqual([
        { path: 'userName', from: 'ada@example.com', to: 'ada.king@example.com' },
        { path: 'name.familyName', from: 'Lovelace', to: 'King' },
        { path: 'displayName', from: 'Ada Lovelace', to: 'Ada King' },
        { path: 'emails[type eq "work"].value', from: 'ada@example.com', to: 'ada.king@example.com' },
      ])
      expect(operation.execution).toEqual({
        kind: 'patch',
        operations: [
          { op: 'replace', path: 'userName', value: 'ada.king@example.com' },
          { op: 'replace', path: 'name.familyName', value: 'King' },
          { op: 'replace', path: 'displayName', value: 'Ada King' },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada.king@example.com' },
        ],
        before: {
          userName: 'ada@example.com',
          'name.familyName': 'Lovelace',
          displayName: 'Ada Lovelace',
          'emails[type eq "work"].value': 'ada@example.com',
        },
        linkState: 'active',
        exportedHash: hashFor(source),
      })
    })

    it('shows a missing target value as from null and adds a missing work email whole', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', {
        emails: [{ type: 'home', value: 'ada@home.example' }],
      })
      const operation = opFor(plan({ people: [ada], accounts: [account], links: [link('E1', 'T1')] }), 'E1')
      expect(operation.changes).toEqual([
        { path: 'emails[type eq "work"].value', from: null, to: 'ada@example.com' },
      ])
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'add', path: 'emails', value: [{ type: 'work', value: 'ada@example.com' }] }],
      })
    })

    it('updates an account’s only untyped email and types it, and is unchanged once it holds the value', () => {
      const untyped = (mail: string) =>
        accountFor('T1', 'E1', 'Ada', 'Lovelace', { emails: [{ value: mail, primary: true }] })
      const operation = opFor(
        plan({ people: [ada], accounts: [untyped('ada@old.example')], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation.changes).toEqual([
        { path: 'emails[type eq "work"].value', from: 'ada@old.example', to: 'ada@example.com' },
      ])
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [
          {
            op: 'replace',
            path: 'emails',
            value: [{ value: 'ada@example.com', primary: true, type: 'work' }],
          },
        ],
      })
      // Same value (in another case): nothing to send, with or without the type.
      const same = opFor(
        plan({ people: [ada], accounts: [untyped('ADA@example.com')], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(same.action).toBe('unchanged')
    })

    it('lets only the first mapped email type adopt the untyped email; other types are added beside it', () => {
      const job = withMappings({ target: 'emails[type eq "other"].value', expression: '[alias]' })
      const source = staff('E1', 'Ada', 'Lovelace', { alias: 'countess@example.com' })
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { emails: [{ value: 'ada@example.com' }] })
      const operation = opFor(
        plan({ people: [source], accounts: [account], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation.changes).toEqual([
        { path: 'emails[type eq "other"].value', from: null, to: 'countess@example.com' },
      ])
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [
          { op: 'add', path: 'emails', value: [{ type: 'other', value: 'countess@example.com' }] },
        ],
      })
    })

    it('does not update on-create mappings, but sends them on create', () => {
      const job = withMappings({ target: 'title', expression: '[jobTitle]', apply: 'on-create' })
      const source = staff('E1', 'Ada', 'Lovelace', { jobTitle: 'Analyst' })
      const existing = accountFor('T1', 'E1', 'Ada', 'Lovelace', { title: 'Countess' })
      const operation = opFor(
        plan({ people: [source], accounts: [existing], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
      const [created] = plan({ people: [source], job })
      expect(created?.execution).toMatchObject({ kind: 'create', body: { title: 'Analyst' } })
      // The dry run says which option decided it.
      expect(created?.changes).toContainEqual({
        path: 'title',
        from: null,
        to: 'Analyst',
        note: 'applied on create only',
      })
    })

    it('uses default values only on create', () => {
      const job = withMappings({ target: 'preferredLanguage', expression: '[language]', default: 'en-US' })
      const existing = accountFor('T1', 'E1', 'Ada', 'Lovelace', { preferredLanguage: 'fr-FR' })
      expect(
        opFor(plan({ people: [ada], accounts: [existing], links: [link('E1', 'T1')], job }), 'E1').action
      ).toBe('unchanged')
      const [created] = plan({ people: [ada], job })
      expect(created?.execution).toMatchObject({ kind: 'create', body: { preferredLanguage: 'en-US' } })
      // A default is not part of what is exported on every run.
      expect(hashFor(ada, job)).toBe(hashFor(ada))
      // A real value is updated as usual.
      const withLanguage = staff('E1', 'Ada', 'Lovelace', { language: 'de-DE' })
      const updated = opFor(
        plan({ people: [withLanguage], accounts: [existing], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(updated.changes).toEqual([{ path: 'preferredLanguage', from: 'fr-FR', to: 'de-DE' }])
    })
  })

  describe("None mappings (Entra's mapping type None)", () => {
    const none = { target: 'preferredLanguage', type: 'none', default: 'en-US' }

    it('gives a new account the default, with a note saying why', () => {
      const [created] = plan({ people: [ada], job: withMappings(none) })
      expect(created?.execution).toMatchObject({ kind: 'create', body: { preferredLanguage: 'en-US' } })
      expect(created?.changes).toContainEqual({
        path: 'preferredLanguage',
        from: null,
        to: 'en-US',
        note: 'None mapping: the default for new accounts',
      })
    })

    it('never sends the default to an existing account, whatever it holds', () => {
      for (const held of [{ preferredLanguage: 'fr-FR' }, {}]) {
        const existing = accountFor('T1', 'E1', 'Ada', 'Lovelace', held)
        const operation = opFor(
          plan({ people: [ada], accounts: [existing], links: [link('E1', 'T1')], job: withMappings(none) }),
          'E1'
        )
        expect(operation.action).toBe('unchanged')
        expect(operation.changes).toEqual([])
      }
      // An update for another attribute carries no preferredLanguage either.
      const renamed = accountFor('T1', 'E1', 'Ada', 'Byron')
      const updated = opFor(
        plan({ people: [ada], accounts: [renamed], links: [link('E1', 'T1')], job: withMappings(none) }),
        'E1'
      )
      expect(updated.action).toBe('update')
      expect(updated.changes.map(change => change.path)).not.toContain('preferredLanguage')
      expect(JSON.stringify(updated.execution)).not.toContain('en-US')
      // Not part of what is exported on every run, so adding it does not make everyone stale.
      expect(hashFor(ada, withMappings(none))).toBe(hashFor(ada))
    })
  })

  describe('link (brownfield)', () => {
    it('links an identical existing account without writing to it', () => {
      const operation = opFor(plan({ people: [ada], accounts: [adaAccount] }), 'E1')
      expect(operation).toMatchObject({ action: 'link', targetId: 'T1', changes: [], reason: null })
      expect(operation.execution).toEqual({
        kind: 'link',
        linkState: 'active',
        exportedHash: hashFor(ada),
        made: { origin: 'matched', relinkedFrom: null },
      })
      expect(operation.warnings).toBeUndefined()
      expect(operation.steps.find(step => step.type === 'matching')).toMatchObject({
        status: 'success',
        description: 'Matched account T1 on userName',
        details: { '1. userName': '"ada@example.com": account T1' },
      })
      expect(operation.steps.at(-1)?.description).toBe('Link the existing account')
    })

    it('links and updates an existing account that differs', () => {
      const account = accountFor('T1', 'legacy-7', 'Ada', 'Byron')
      const operation = opFor(plan({ people: [ada], accounts: [account] }), 'E1')
      expect(operation.action).toBe('link')
      expect(operation.changes).toEqual([
        { path: 'externalId', from: 'legacy-7', to: 'E1' },
        { path: 'name.familyName', from: 'Byron', to: 'Lovelace' },
        { path: 'displayName', from: 'Ada Byron', to: 'Ada Lovelace' },
      ])
      expect(operation.execution).toMatchObject({ kind: 'patch', linkState: 'active' })
      expect(operation.steps.at(-1)?.description).toBe('Link the existing account and update 3 attribute(s)')
    })
  })

  describe('matching precedence', () => {
    const byUserName = accountFor('A', 'other', 'Ada', 'Lovelace')
    const byExternalId = accountFor('B', 'E1', 'Someone', 'Else')

    it('uses the first matching attribute that finds an account', () => {
      const operation = opFor(plan({ people: [ada], accounts: [byExternalId, byUserName] }), 'E1')
      expect(operation).toMatchObject({ action: 'link', targetId: 'A' })
    })

    it('follows matchingPrecedence, not the order mappings are listed in', () => {
      const job: JobParts = {
        mappings: [
          { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        ],
      }
      const operation = opFor(plan({ people: [ada], accounts: [byExternalId, byUserName], job }), 'E1')
      expect(operation).toMatchObject({ action: 'link', targetId: 'A' })
      expect(operation.steps.find(step => step.type === 'matching')?.details).toEqual({
        '1. userName': '"ada@example.com": account A',
      })
    })

    it('tries the next attribute when the first finds no account', () => {
      const operation = opFor(
        plan({
          people: [staff('E1', 'Ada', 'Lovelace', { mail: 'new@example.com' })],
          accounts: [byExternalId],
        }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'link', targetId: 'B' })
      expect(operation.steps.find(step => step.type === 'matching')?.details).toEqual({
        '1. userName': '"new@example.com": no account',
        '2. externalId': '"E1": account B',
      })
    })

    it('falls through to the next attribute when the source has no value for the first', () => {
      const source = staff('E1', 'Ada', 'Lovelace', { mail: null })
      const operation = opFor(plan({ people: [source], accounts: [byUserName, byExternalId] }), 'E1')
      expect(operation).toMatchObject({ action: 'link', targetId: 'B' })
      expect(operation.steps.find(step => step.type === 'matching')?.details).toEqual({
        '1. userName': 'no value in the source',
        '2. externalId': '"E1": account B',
      })
    })

    it('skips a person with no value for any matching attribute (ImportSkipped)', () => {
      const source = staff('E1', 'Ada', 'Lovelace', { mail: null, employeeId: null })
      const operation = opFor(plan({ people: [source], accounts: [byUserName] }), 'E1')
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: null,
        errorCode: 'ImportSkipped',
        reason: 'No value for any matching attribute (userName, externalId)',
        changes: [],
      })
      expect(operation.execution).toEqual({ kind: 'none' })
      expect(operation.steps.map(step => [step.type, step.status])).toEqual([
        ['import', 'success'],
        ['scoping', 'success'],
        ['matching', 'skipped'],
      ])
    })
  })

  describe('conflicts (never guess)', () => {
    it('refuses a match on several target accounts (DuplicateTargetEntries)', () => {
      const twin = accountFor('T2', 'E-old', 'Ada', 'L', { userName: 'ADA@example.com' })
      const operation = opFor(plan({ people: [ada], accounts: [adaAccount, twin] }), 'E1')
      expect(operation).toMatchObject({
        action: 'conflict',
        targetId: null,
        errorCode: 'DuplicateTargetEntries',
        reason: '2 target accounts have userName = "ada@example.com"',
      })
      expect(operation.execution).toEqual({ kind: 'none' })
      expect(operation.steps.find(step => step.type === 'matching')).toMatchObject({
        status: 'failure',
        details: { '1. userName': '"ada@example.com": 2 accounts (T1, T2)' },
      })
    })

    it('refuses two people matching one account, for both (DuplicateSourceEntries)', () => {
      const twin = staff('E2', 'Ada', 'Twin', { mail: 'ada@example.com' })
      const operations = plan({ people: [ada, twin], accounts: [adaAccount] })
      expect(opFor(operations, 'E1')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason: 'Account T1 matches several people in the source (also E2)',
      })
      expect(opFor(operations, 'E2')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason: 'Account T1 matches several people in the source (also E1)',
      })
    })

    it('refuses a match on an account linked to someone else, and keeps serving the linked person', () => {
      const newcomer = staff('E2', 'Ada', 'Newcomer', { mail: 'ada@example.com' })
      const operations = plan({ people: [ada, newcomer], accounts: [adaAccount], links: [link('E1', 'T1')] })
      expect(opFor(operations, 'E2')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason:
          'Account T1 is linked to source id E1, which is still in the source; E2 matches it too. ' +
          'If E2 is the same person under a new id, move the link: provisioner link --job jobs/job.json E2 T1',
      })
      expect(opFor(operations, 'E1')).toMatchObject({ action: 'unchanged', targetId: 'T1' })
    })

    it('refuses a match on an account linked to someone who is no longer in the source', () => {
      const newcomer = staff('E2', 'Ada', 'Newcomer', { mail: 'ada@example.com' })
      const operations = plan({
        people: [newcomer],
        accounts: [adaAccount],
        links: [link('E1', 'T1', 'disabled')],
        job: { source: { authoritative: false } },
      })
      expect(opFor(operations, 'E2')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason:
          'Account T1 is linked to source id E1, which this run cannot tell has left the source (only a full ' +
          'run over an authoritative source can); E2 matches it too. If E2 is the same person under a new ' +
          'id, move the link: provisioner link --job jobs/job.json E2 T1',
      })
      expect(operations.map(operation => operation.sourceId)).toEqual(['E2'])
    })

    it('refuses two creates with the same matching value, for both', () => {
      const twin = staff('E2', 'Ada', 'Twin', { mail: 'ADA@example.com' })
      const operations = plan({ people: [ada, twin] })
      expect(opFor(operations, 'E1')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason: 'Another person in the source (E2) has the same userName "ada@example.com"',
      })
      expect(opFor(operations, 'E2')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason: 'Another person in the source (E1) has the same userName "ada@example.com"',
      })
      expect(opFor(operations, 'E2').steps.at(-1)).toMatchObject({ type: 'processing', status: 'failure' })
    })

    it('does not let an inactive person who gets no account block a new hire with the same mail', () => {
      const leaver = staff('E-old', 'Ada', 'Lovelace', { status: 'terminated' })
      const operations = plan({ people: [leaver, ada] })
      expect(opFor(operations, 'E-old')).toMatchObject({
        action: 'skip',
        errorCode: 'EntrySynchronizationSkipped',
      })
      expect(opFor(operations, 'E1')).toMatchObject({ action: 'create' })
    })
  })

  describe('a linked account that vanished from the target', () => {
    it('matches again and links the account found', () => {
      const replacement = accountFor('T9', 'E1', 'Ada', 'Lovelace')
      const operation = opFor(
        plan({ people: [ada], accounts: [replacement], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'link', targetId: 'T9' })
      expect(operation.steps.find(step => step.type === 'matching')?.details).toMatchObject({
        note: 'The linked account T1 no longer exists in the target; matching again',
      })
    })

    it('creates a new account when nothing matches, saying so and warning', () => {
      const operation = opFor(plan({ people: [ada], links: [link('E1', 'T1')] }), 'E1')
      const because = 'The linked account T1 no longer exists in the target; a new account is created'
      expect(operation).toMatchObject({ action: 'create', targetId: null, reason: because })
      expect(operation.warnings).toEqual([because])
      expect(operation.execution.kind).toBe('create')
    })
  })

  describe('first link to an existing account (brownfield)', () => {
    it('is a disable when the person is inactive in the source and the account active', () => {
      const leaver = staff('E1', 'Ada', 'Lovelace', { status: 'terminated' })
      const operation = opFor(plan({ people: [leaver], accounts: [adaAccount] }), 'E1')
      expect(operation).toMatchObject({
        action: 'disable',
        targetId: 'T1',
        changes: [{ path: 'active', from: true, to: false }],
        reason: 'Inactive in the source: the matching account T1 is linked and disabled',
      })
      // Applying it records the link as well as disabling the account.
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'replace', path: 'active', value: false }],
        linkState: 'disabled',
        made: { origin: 'matched', relinkedFrom: null },
      })
      expect(operation.steps.at(-1)?.description).toBe(
        'Link the existing account and disable it (1 attribute(s))'
      )
    })

    it('counts against the deletion threshold like any other disable', () => {
      const leavers = ['E1', 'E2', 'E3'].map(id =>
        staff(id, `P${id}`, 'Leaver', { status: 'terminated', mail: `${id}@example.com` })
      )
      const accounts = ['E1', 'E2', 'E3'].map(id =>
        accountFor(`T-${id}`, id, `P${id}`, 'Leaver', { userName: `${id}@example.com` })
      )
      const operations = plan({ people: leavers, accounts })
      const check = checkDeletionThreshold(operations, 0, { count: 2, percent: 20 })
      expect(check).toMatchObject({ deprovisions: 3, blocked: true })
    })

    it('is an enable when the person is active and the matching account disabled', () => {
      const disabled = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(plan({ people: [ada], accounts: [disabled] }), 'E1')
      expect(operation).toMatchObject({
        action: 'enable',
        targetId: 'T1',
        changes: [{ path: 'active', from: false, to: true }],
        reason: 'The matching account T1 is disabled: it is linked and enabled',
      })
      expect(operation.execution).toMatchObject({ kind: 'patch', linkState: 'active' })
    })

    it('stays a link when the account is already as active as the person', () => {
      const leaver = staff('E1', 'Ada', 'Lovelace', { status: 'terminated' })
      const disabled = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(plan({ people: [leaver], accounts: [disabled] }), 'E1')
      expect(operation).toMatchObject({ action: 'link', changes: [] })
      expect(operation.execution).toMatchObject({ kind: 'link', linkState: 'disabled' })
    })

    it('warns when linking renames the account (matched on another attribute than userName)', () => {
      const renamed = accountFor('T1', 'E1', 'Ada', 'Lovelace', { userName: 'alovelace' })
      const operation = opFor(plan({ people: [ada], accounts: [renamed] }), 'E1')
      expect(operation).toMatchObject({ action: 'link', targetId: 'T1' })
      expect(operation.changes).toContainEqual({ path: 'userName', from: 'alovelace', to: 'ada@example.com' })
      expect(operation.warnings).toEqual([
        'Linking renames the account\'s userName from "alovelace" to "ada@example.com"',
      ])
      // A linked account whose userName follows the source is a plain update, without a warning.
      const later = opFor(plan({ people: [ada], accounts: [renamed], links: [link('E1', 'T1')] }), 'E1')
      expect(later).toMatchObject({ action: 'update' })
      expect(later.warnings).toBeUndefined()
    })
  })

  describe('a source id that changed (rehire, corrected id)', () => {
    const rehired = staff('E9', 'Ada', 'Lovelace')

    it('moves the link from the old id that left to the new id matching the same account, re-enabling it', () => {
      const disabled = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operations = plan({
        people: [rehired],
        accounts: [disabled],
        links: [link('E1', 'T1', 'disabled', 'h')],
      })
      expect(operations).toHaveLength(1)
      const operation = opFor(operations, 'E9')
      expect(operation).toMatchObject({
        action: 'enable',
        targetId: 'T1',
        reason: 'Relinked from E1 (no longer in the source)',
      })
      expect(operation.changes).toContainEqual({ path: 'active', from: false, to: true })
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        linkState: 'active',
        made: { origin: 'relinked', relinkedFrom: 'E1' },
      })
      expect(operation.steps.find(step => step.type === 'matching')?.details).toMatchObject({
        relinked:
          'The account was linked to source id E1, which is no longer in the source: the link moves to E9',
      })
      expect(operation.steps.at(-1)?.description).toMatch(/^Relink the account from E1 and enable it/)
    })

    it('re-enables through the old link when the job does not map active', () => {
      const noActive = { mappings: SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== 'active') }
      const disabled = accountFor('T1', 'E9', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(
        plan({
          people: [rehired],
          accounts: [disabled],
          links: [link('E1', 'T1', 'disabled')],
          job: noActive,
        }),
        'E9'
      )
      expect(operation).toMatchObject({
        action: 'enable',
        changes: [{ path: 'active', from: false, to: true }],
      })
    })

    it('relinks without a write when the account already holds every value', () => {
      const account = accountFor('T1', 'E9', 'Ada', 'Lovelace')
      const operation = opFor(
        plan({ people: [rehired], accounts: [account], links: [link('E1', 'T1')] }),
        'E9'
      )
      expect(operation).toMatchObject({
        action: 'link',
        changes: [],
        reason: 'Relinked from E1 (no longer in the source)',
      })
      expect(operation.execution).toEqual({
        kind: 'link',
        linkState: 'active',
        exportedHash: hashFor(rehired),
        made: { origin: 'relinked', relinkedFrom: 'E1' },
      })
    })

    it('does not relink an account two new ids claim (both conflict; the old id is deprovisioned)', () => {
      const twin = staff('E8', 'Ada', 'Twin', { mail: 'ada@example.com' })
      const operations = plan({ people: [rehired, twin], accounts: [adaAccount], links: [link('E1', 'T1')] })
      expect(opFor(operations, 'E9')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
      })
      expect(opFor(operations, 'E8')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
      })
      expect(opFor(operations, 'E1')).toMatchObject({ action: 'disable', targetId: 'T1' })
    })
  })

  describe('an admin decision for a person without a link', () => {
    it('"skip" leaves the person out, whatever they match', () => {
      const operation = opFor(
        plan({ people: [ada], accounts: [adaAccount], decisions: { E1: 'skip' } }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: null,
        errorCode: 'EntrySynchronizationSkipped',
        reason: "Not provisioned: the admin decided to skip this person (withdrawn by 'provisioner unlink')",
      })
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('"create" makes a new account instead of linking the one the matching attributes find', () => {
      const other = accountFor('T7', 'E1', 'Someone', 'Else', { userName: 'someone@example.com' })
      const operation = opFor(plan({ people: [ada], accounts: [other], decisions: { E1: 'create' } }), 'E1')
      expect(operation).toMatchObject({
        action: 'create',
        targetId: null,
        reason: 'The admin decided this person gets a new account',
      })
      // After a 409 the apply never adopts the account the admin turned down.
      expect(operation.execution).toMatchObject({ kind: 'create', rejectedAccounts: ['T7'] })
      expect(operation.steps.find(step => step.type === 'matching')).toMatchObject({
        status: 'skipped',
        description: 'Not matched: the admin decided this person gets a new account',
        details: { '2. externalId': '"E1": account T7' },
      })
    })

    it('gives way to a link: the linked person keeps their account', () => {
      const operation = opFor(
        plan({ people: [ada], accounts: [adaAccount], links: [link('E1', 'T1')], decisions: { E1: 'skip' } }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'unchanged', targetId: 'T1' })
    })
  })

  describe('removed from an authoritative source', () => {
    const gone = (state: Link['state'] = 'active') => link('E1', 'T1', state, 'h')

    it('disables the account by default', () => {
      const operation = opFor(plan({ people: [], accounts: [adaAccount], links: [gone()] }), 'E1')
      expect(operation).toMatchObject({
        action: 'disable',
        targetId: 'T1',
        display: 'E1@display',
        reason: 'Person removed from the source',
        changes: [{ path: 'active', from: true, to: false }],
      })
      expect(operation.execution).toEqual({
        kind: 'patch',
        operations: [{ op: 'replace', path: 'active', value: false }],
        before: { active: true },
        linkState: 'disabled',
        exportedHash: 'h',
      })
      expect(operation.steps.map(step => [step.type, step.status])).toEqual([
        ['import', 'skipped'],
        ['processing', 'success'],
      ])
      expect(operation.steps[0]?.description).toBe(
        'Not in people.csv: the source is authoritative, so the person has left'
      )
    })

    it('leaves an already disabled account unchanged (recording the state once)', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const first = opFor(plan({ people: [], accounts: [account], links: [gone('active')] }), 'E1')
      expect(first).toMatchObject({ action: 'unchanged', reason: 'Already disabled', changes: [] })
      expect(first.execution).toEqual({ kind: 'link', linkState: 'disabled', exportedHash: 'h' })
      const again = opFor(plan({ people: [], accounts: [account], links: [gone('disabled')] }), 'E1')
      expect(again).toMatchObject({ action: 'unchanged' })
      expect(again.execution).toEqual({ kind: 'none' })
    })

    it('deletes the account under a delete policy', () => {
      const operation = opFor(
        plan({
          people: [],
          accounts: [adaAccount],
          links: [gone()],
          job: { deprovision: { whenRemoved: 'delete' } },
        }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'delete',
        targetId: 'T1',
        reason: 'Person removed from the source',
      })
      expect(operation.execution).toEqual({ kind: 'delete', before: adaAccount })
    })

    it('skips the account under an ignore policy', () => {
      const operation = opFor(
        plan({
          people: [],
          accounts: [adaAccount],
          links: [gone()],
          job: { deprovision: { whenRemoved: 'ignore' } },
        }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: 'T1',
        reason: 'Person removed from the source; deprovisioning policy "ignore"',
      })
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('drops the link when the account no longer exists', () => {
      const operation = opFor(plan({ people: [], links: [gone()] }), 'E1')
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: 'T1',
        errorCode: 'InvalidAnchor',
        reason: 'Person removed from the source, and the linked account no longer exists in the target',
      })
      expect(operation.execution).toEqual({ kind: 'unlink' })
    })

    it('ignores links already marked deleted', () => {
      expect(plan({ people: [], accounts: [adaAccount], links: [gone('deleted')] })).toEqual([])
    })

    it('leaves removed people untouched when the source is not authoritative', () => {
      const operations = plan({
        people: [staff('E2', 'Grace', 'Hopper')],
        accounts: [adaAccount],
        links: [gone()],
        job: { source: { authoritative: false } },
      })
      expect(operations.map(operation => [operation.sourceId, operation.action])).toEqual([['E2', 'create']])
    })
  })

  describe('scoping', () => {
    const staffOnly: JobParts = {
      scoping: [{ title: 'Staff', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] }],
    }
    const contractor = staff('E1', 'Ada', 'Lovelace', { type: 'contractor' })

    it('skips an out-of-scope person without a link', () => {
      const operation = opFor(plan({ people: [contractor], job: staffOnly }), 'E1')
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: null,
        reason: 'Out of scope',
        errorCode: 'EntrySynchronizationSkipped',
      })
      expect(operation.steps[1]).toEqual({
        type: 'scoping',
        status: 'skipped',
        description: 'Out of scope: filter "Staff": type EQUALS "staff" is false',
      })
    })

    it('skips a person whose scoping regex runs out of its time budget, and leaves the account alone', () => {
      const job: JobParts = {
        scoping: [
          {
            title: 'Names',
            clauses: [{ attribute: 'givenName', operator: 'REGEX MATCH', value: '([A-Za-z]+ ?)+' }],
          },
        ],
      }
      const crafted = staff('E1', `${'A'.repeat(28)}!`, 'Lovelace')
      const operation = opFor(
        plan({ people: [crafted], accounts: [adaAccount], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: 'T1',
        errorCode: 'ExpressionEvaluationFailed',
        execution: { kind: 'none' },
      })
      expect(operation.reason).toMatch(
        /^Cannot provision: Scoping could not be decided: filter "Names": givenName REGEX MATCH "\(\[A-Za-z\]\+ \?\)\+" took longer than 500 ms/
      )
      expect(operation.steps[1]).toMatchObject({ type: 'scoping', status: 'failure' })
    })

    it('disables the linked account of a person who went out of scope', () => {
      const operation = opFor(
        plan({ people: [contractor], accounts: [adaAccount], links: [link('E1', 'T1')], job: staffOnly }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'disable', targetId: 'T1', reason: 'Person out of scope' })
    })

    it('follows the out-of-scope policy separately from the removed policy', () => {
      const job: JobParts = { ...staffOnly, deprovision: { whenRemoved: 'delete', whenOutOfScope: 'ignore' } }
      const operation = opFor(
        plan({ people: [contractor], accounts: [adaAccount], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'skip',
        reason: 'Person out of scope; deprovisioning policy "ignore"',
      })
    })

    it('records the admitting filter for an in-scope person', () => {
      const operation = opFor(
        plan({ people: [staff('E1', 'Ada', 'Lovelace', { type: 'staff' })], job: staffOnly }),
        'E1'
      )
      expect(operation.steps[1]).toEqual({
        type: 'scoping',
        status: 'success',
        description: 'In scope by filter "Staff" (all 1 clause(s) true)',
      })
    })
  })

  describe('active', () => {
    const noActive = { mappings: SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== 'active') }

    it('enables the account of a person we disabled who is back in the source', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(
        plan({ people: [ada], accounts: [account], links: [link('E1', 'T1', 'disabled')], job: noActive }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'enable',
        changes: [{ path: 'active', from: false, to: true }],
      })
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'replace', path: 'active', value: true }],
        before: { active: false },
        linkState: 'active',
      })
    })

    it('does not re-enable an account someone else disabled (the link is active)', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(
        plan({ people: [ada], accounts: [account], links: [link('E1', 'T1', 'active')], job: noActive }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
    })

    it('enables through the active mapping when the person is active again', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(
        plan({ people: [ada], accounts: [account], links: [link('E1', 'T1', 'disabled')] }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'enable',
        changes: [{ path: 'active', from: false, to: true }],
      })
    })

    it('disables the account of a person the active mapping marks inactive', () => {
      const leaver = staff('E1', 'Ada', 'Lovelace', { status: 'terminated' })
      const operation = opFor(
        plan({ people: [leaver], accounts: [adaAccount], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'disable',
        changes: [{ path: 'active', from: true, to: false }],
      })
      expect(operation.execution).toMatchObject({
        kind: 'patch',
        operations: [{ op: 'replace', path: 'active', value: false }],
        linkState: 'disabled',
      })
    })

    it('keeps the link disabled on later runs while the person stays inactive', () => {
      const leaver = staff('E1', 'Ada', 'Lovelace', { status: 'terminated' })
      const disabled = accountFor('T1', 'E1', 'Ada', 'Lovelace', { active: false })
      const operation = opFor(
        plan({
          people: [leaver],
          accounts: [disabled],
          links: [link('E1', 'T1', 'disabled', hashFor(leaver))],
        }),
        'E1'
      )
      expect(operation.action).toBe('unchanged')
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('does not create an account for a new person who is inactive in the source', () => {
      const leaver = staff('E1', 'Ada', 'Lovelace', { status: 'terminated' })
      const operation = opFor(plan({ people: [leaver] }), 'E1')
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: null,
        errorCode: 'EntrySynchronizationSkipped',
        reason: 'Inactive in the source; no account is created',
      })
      expect(operation.execution).toEqual({ kind: 'none' })
    })
  })

  describe('mapping problems', () => {
    it('skips a person whose expression cannot be evaluated, naming the target', () => {
      const job = withMappings({ target: 'title', expression: 'IIF([isManager], "Manager", "Staff")' })
      const operation = opFor(
        plan({
          people: [staff('E1', 'Ada', 'Lovelace', { isManager: 'maybe' })],
          accounts: [adaAccount],
          links: [link('E1', 'T1')],
          job,
        }),
        'E1'
      )
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: 'T1',
        errorCode: 'ExpressionEvaluationFailed',
      })
      expect(operation.reason).toMatch(/^Cannot provision: title: /)
      expect(operation.reason).toMatch(/condition must be True or False, but is "maybe"/)
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('skips a person missing a required value', () => {
      const job = withMappings({ target: 'title', expression: '[jobTitle]', required: true })
      const operation = opFor(plan({ people: [ada], job }), 'E1')
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: null,
        errorCode: 'MandatoryFieldsMissing',
        reason: 'Cannot provision: title is required but the expression gave no value',
      })
    })
  })

  describe('checks before writing', () => {
    it('refuses to create an account without a userName (MandatoryFieldsMissing), and sends nothing', () => {
      for (const overrides of [{ mail: null }, { mail: '' }]) {
        const operation = opFor(plan({ people: [staff('E1', 'Ada', 'Lovelace', overrides)] }), 'E1')
        expect(operation).toMatchObject({
          action: 'skip',
          targetId: null,
          errorCode: 'MandatoryFieldsMissing',
          reason: 'Cannot create an account: userName has no value (SCIM requires one on every account)',
          execution: { kind: 'none' },
        })
      }
    })

    it('refuses a create when no mapping targets userName at all', () => {
      const job: JobParts = { mappings: SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== 'userName') }
      const operation = opFor(plan({ people: [ada], job }), 'E1')
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'MandatoryFieldsMissing' })
    })

    it('updates an existing account without a userName value, leaving its userName alone', () => {
      const source = staff('E1', 'Ada', 'King', { mail: '' })
      const operation = opFor(
        plan({ people: [source], accounts: [adaAccount], links: [link('E1', 'T1')] }),
        'E1'
      )
      expect(operation.action).toBe('update')
      expect(operation.changes.map(change => change.path)).toEqual([
        'name.familyName',
        'displayName',
        'emails[type eq "work"].value',
      ])
    })

    it.each([
      ['active', 'maybe', /^Cannot provision: active: "maybe" is not a boolean/],
      ['active', '2', /^Cannot provision: active: "2" is not a boolean/],
      [`${ENTERPRISE}:costCenter`, '12.5', /costCenter: "12.5" is not an integer$/],
      [`${ENTERPRISE}:fte`, '0,8', /fte: "0,8" is not a number/],
    ])(
      'refuses a %s value its type cannot hold (%j) as ExpressionEvaluationFailed',
      (target, value, reason) => {
        const job: JobParts = {
          mappings: [
            ...SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== target),
            { target, expression: '[value]' },
          ],
          target: {
            attributeTypes: { [`${ENTERPRISE}:costCenter`]: 'integer', [`${ENTERPRISE}:fte`]: 'decimal' },
          },
        }
        const people = [staff('E1', 'Ada', 'Lovelace', { value }), staff('E2', 'Bob', 'Byron', { value })]
        const operations = plan({ people, accounts: [adaAccount], links: [link('E1', 'T1')], job })
        for (const operation of operations) {
          expect(operation).toMatchObject({ action: 'skip', errorCode: 'ExpressionEvaluationFailed' })
          expect(operation.reason).toMatch(reason)
          expect(operation.execution).toEqual({ kind: 'none' })
        }
      }
    )

    it('sends booleans and numbers it can convert as JSON booleans and numbers', () => {
      const job: JobParts = {
        mappings: [
          ...SAMPLE_MAPPINGS.filter(mapping => mapping['target'] !== 'active'),
          { target: 'active', expression: '[enabled]' },
          { target: `${ENTERPRISE}:fte`, expression: '[fte]' },
        ],
        target: { attributeTypes: { [`${ENTERPRISE}:fte`]: 'decimal' } },
      }
      const [operation] = plan({
        people: [staff('E1', 'Ada', 'Lovelace', { enabled: ' TRUE ', fte: '0.8' })],
        job,
      })
      expect(operation?.execution).toMatchObject({
        kind: 'create',
        body: { active: true, [ENTERPRISE]: { fte: 0.8 } },
      })
    })
  })

  describe('redacted values', () => {
    const job = withMappings({ target: 'password', expression: 'Redact([initialPassword])' })
    const withSecret = (secret: string) => staff('E1', 'Ada', 'Lovelace', { initialPassword: secret })

    it('shows "[Redact]" in create changes but sends the real value', () => {
      const [operation] = plan({ people: [withSecret('s3cret!')], job })
      expect(operation?.changes).toContainEqual({ path: 'password', from: null, to: '[Redact]' })
      expect(JSON.stringify(operation?.changes)).not.toContain('s3cret!')
      expect(JSON.stringify(operation?.steps)).not.toContain('s3cret!')
      expect(operation?.execution).toMatchObject({ kind: 'create', body: { password: 's3cret!' } })
    })

    it('shows "[Redact]" on both sides of an update', () => {
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { password: 'old-secret' })
      const operation = opFor(
        plan({ people: [withSecret('new-secret')], accounts: [account], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(operation.changes).toEqual([{ path: 'password', from: '[Redact]', to: '[Redact]' }])
      expect(operation.execution).toMatchObject({ before: { password: '[Redact]' } })
      expect(JSON.stringify({ changes: operation.changes, steps: operation.steps })).not.toMatch(
        /old-secret|new-secret/
      )
    })

    it('keeps secret values out of the exported hash', () => {
      expect(hashFor(withSecret('one'), job)).toBe(hashFor(withSecret('two'), job))
      expect(hashFor(staff('E1', 'Ada', 'King'), job)).not.toBe(hashFor(withSecret('one'), job))
    })
  })

  describe('the SCIM password attribute', () => {
    // No Redact(): a password is a secret whatever the expression says.
    const job = withMappings({ target: 'password', expression: '[initialPassword]' })
    const withSecret = (secret: string) => staff('E1', 'Ada', 'Lovelace', { initialPassword: secret })

    it('is shown as "[Redact]" in creates, updates, before-images and steps, and sent as it is', () => {
      const [created] = plan({ people: [withSecret('s3cret!')], job })
      expect(created?.changes).toContainEqual({ path: 'password', from: null, to: '[Redact]' })
      expect(created?.execution).toMatchObject({ kind: 'create', body: { password: 's3cret!' } })
      const account = accountFor('T1', 'E1', 'Ada', 'Lovelace', { password: 'old-secret' })
      const updated = opFor(
        plan({ people: [withSecret('new-secret')], accounts: [account], links: [link('E1', 'T1')], job }),
        'E1'
      )
      expect(updated.changes).toEqual([{ path: 'password', from: '[Redact]', to: '[Redact]' }])
      expect(updated.execution).toMatchObject({
        before: { password: '[Redact]' },
        operations: [{ op: 'replace', path: 'password', value: 'new-secret' }],
      })
      const shown = JSON.stringify([created?.changes, created?.steps, updated.changes, updated.steps])
      expect(shown).not.toMatch(/s3cret|old-secret|new-secret/)
      expect(hashFor(withSecret('one'), job)).toBe(hashFor(withSecret('two'), job))
    })

    it('is redacted in any case and in an extension, but not an attribute that only contains the word', () => {
      const mappings = [
        { target: 'PassWord', expression: '[initialPassword]' },
        { target: 'urn:example:custom:1.0:User:password', expression: '[initialPassword]' },
        { target: 'title', expression: '[initialPassword]' },
        { target: 'urn:example:custom:1.0:User:passwordHint', expression: '"hint"' },
      ]
      const [created] = plan({ people: [withSecret('s3cret!')], job: withMappings(...mappings) })
      expect(
        created?.changes.filter(change => !SAMPLE_MAPPINGS.some(m => m['target'] === change.path))
      ).toEqual([
        { path: 'PassWord', from: null, to: '[Redact]' },
        { path: 'urn:example:custom:1.0:User:password', from: null, to: '[Redact]' },
        { path: 'title', from: null, to: 's3cret!' },
        { path: 'urn:example:custom:1.0:User:passwordHint', from: null, to: 'hint' },
      ])
    })
  })

  describe('fingerprints', () => {
    const source = staff('E1', 'Ada', 'King')
    const scenario = (familyName: string): Scenario => ({
      people: [source],
      accounts: [accountFor('T1', 'E1', 'Ada', familyName)],
      links: [link('E1', 'T1')],
    })

    it('are identical for identical input (change ids aside)', () => {
      const first = plan(scenario('Lovelace'))
      const second = plan(scenario('Lovelace'))
      expect(first.map(operation => operation.fingerprint)).toEqual(
        second.map(operation => operation.fingerprint)
      )
      expect(first[0]?.fingerprint).toMatch(/^[\w-]{22}$/)
    })

    it('differ when the target value a change starts from differs', () => {
      const [fromLovelace] = plan(scenario('Lovelace'))
      const [fromByron] = plan(scenario('Byron'))
      expect(fromLovelace?.changes.find(change => change.path === 'name.familyName')?.to).toBe('King')
      expect(fromByron?.changes.find(change => change.path === 'name.familyName')?.to).toBe('King')
      expect(fromLovelace?.fingerprint).not.toBe(fromByron?.fingerprint)
    })

    it('differ between people and between actions', () => {
      const operations = plan({ people: [ada, staff('E2', 'Grace', 'Hopper')] })
      expect(new Set(operations.map(operation => operation.fingerprint)).size).toBe(2)
    })
  })

  describe('target object actions (users.actions)', () => {
    const grace = { ...adaAccount, name: { givenName: 'Grace', familyName: 'Lovelace' } }

    it('an update-only job never creates: the person is skipped with why', () => {
      const operation = opFor(plan({ people: [ada], job: { actions: ['update', 'delete'] } }), 'E1')
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: null })
      expect(operation.reason).toBe(
        'No account matches: one would be created, but the "Create" action is not enabled for users (users.actions)'
      )
      expect(operation.execution).toEqual({ kind: 'none' })
      expect(operation.steps.at(-1)).toMatchObject({ type: 'processing', status: 'skipped' })
    })

    it('an update-only job links and updates an existing account', () => {
      const operations = plan({ people: [ada], accounts: [grace], job: { actions: ['update'] } })
      expect(opFor(operations, 'E1')).toMatchObject({ action: 'link', targetId: 'T1' })
      expect(opFor(operations, 'E1').execution.kind).toBe('patch')
    })

    it('a create-only job never updates an account that differs', () => {
      const linked = link('E1', 'T1')
      const operation = opFor(
        plan({ people: [ada], accounts: [grace], links: [linked], job: { actions: ['create'] } }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: 'T1' })
      expect(operation.reason).toMatch(
        /would be updated \(1 attribute\(s\)\), but the "Update" action is not enabled/
      )
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('a create-only job still creates, and leaves an unchanged account alone', () => {
      const grace2 = staff('E2', 'Grace', 'Hopper')
      const operations = plan({
        people: [ada, grace2],
        accounts: [adaAccount],
        links: [link('E1', 'T1', 'active', hashFor(ada))],
        job: { actions: ['create'] },
      })
      expect(opFor(operations, 'E1').action).toBe('unchanged')
      expect(opFor(operations, 'E2').action).toBe('create')
    })

    it.each(['disable', 'delete'])('without "delete" a leaver is not deprovisioned (policy %s)', policy => {
      const operation = opFor(
        plan({
          people: [],
          accounts: [adaAccount],
          links: [link('E1', 'T1')],
          job: { actions: ['create', 'update'], deprovision: { whenRemoved: policy } },
        }),
        'E1'
      )
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: 'T1' })
      expect(operation.reason).toBe(
        `Person removed from the source: the account would be ${policy}d, but the "Delete" action is not enabled for users (users.actions)`
      )
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('without "delete" an account already disabled stays unchanged, and the second phase is skipped', () => {
      const job: JobParts = { actions: ['create', 'update'], deprovision: { deleteDisabledAfterDays: 30 } }
      const account = { ...adaAccount, active: false }
      const recent = { ...link('E1', 'T1', 'disabled'), stateChangedAt: new Date().toISOString() }
      const kept = opFor(plan({ people: [], accounts: [account], links: [recent], job }), 'E1')
      expect(kept).toMatchObject({ action: 'unchanged', reason: 'Already disabled' })
      const old = { ...recent, stateChangedAt: '2000-01-01T00:00:00.000Z' }
      const due = opFor(plan({ people: [], accounts: [account], links: [old], job }), 'E1')
      expect(due).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled' })
      expect(due.reason).toMatch(
        /^Person removed from the source: the account would be deleted, but the "Delete"/
      )
    })
  })

  it('gives every operation its own change id: skips first, then people, then those who left', () => {
    const operations = plan({
      people: [
        ada,
        staff('E2', 'Grace', 'Hopper'),
        staff('E3', 'Alan', 'Turing', { mail: null, employeeId: null }),
      ],
      accounts: [adaAccount, accountFor('T4', 'E4', 'Gone', 'Person')],
      links: [link('E1', 'T1'), link('E4', 'T4')],
    })
    expect(operations.map(operation => [operation.sourceId, operation.action])).toEqual([
      ['E3', 'skip'],
      ['E1', 'unchanged'],
      ['E2', 'create'],
      ['E4', 'disable'],
    ])
    expect(new Set(operations.map(operation => operation.changeId)).size).toBe(4)
  })
})

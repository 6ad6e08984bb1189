import type { EscrowEntry } from '../../../../main/model/escrow'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import {
  ScimHttpError,
  ScimNetworkError,
  ScimProtocolError,
} from '../../../../main/connectors/scim/scim-errors'
import type { ApplyFailure } from '../../../../main/model/failure'
import { checkDeletionThreshold } from '../../../../main/engine/safety/deletion-threshold'
import { planUsers, type UserOperation } from '../../../../main/engine/plan/plan-users'
import { protectedAccounts } from '../../../../main/engine/safety/protected-accounts'
import { quarantineForError } from '../../../../main/connectors/scim/scim-failures'
import { quarantineForRun } from '../../../../main/engine/safety/quarantine-policy'
import { applyEscrowWaits, applyProtection } from '../../../../main/engine/safety/run-gates'
import { TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import { resolveUniqueValues } from '../../../../main/engine/plan/unique-values'
import { accountFor, compileUsers, FIXED_NOW, link, mapAll, staff } from '../../../helpers/job-fixtures'

function operations(count: number, action: UserOperation['action']): UserOperation[] {
  return Array.from({ length: count }, (_, index) => ({
    changeId: randomUUID(),
    objectType: 'user',
    action,
    sourceId: `S${index}`,
    targetId: `T${index}`,
    display: `person ${index}`,
    changes: [],
    reason: null,
    errorCode: null,
    steps: [],
    fingerprint: `f${index}`,
    execution: { kind: 'none' },
  }))
}

describe('deletion threshold', () => {
  it('takes the lower of the absolute count and the percentage of linked accounts', () => {
    const threshold = { count: 500, percent: 20 }
    expect(checkDeletionThreshold(operations(20, 'disable'), 100, threshold)).toMatchObject({
      deprovisions: 20,
      limit: 20,
      blocked: false,
    })
    expect(checkDeletionThreshold(operations(21, 'disable'), 100, threshold)).toMatchObject({
      limit: 20,
      blocked: true,
    })
    // With many accounts the absolute count is the lower limit.
    expect(checkDeletionThreshold(operations(501, 'delete'), 10_000, threshold)).toMatchObject({
      limit: 500,
      blocked: true,
    })
    expect(checkDeletionThreshold(operations(500, 'delete'), 10_000, threshold).blocked).toBe(false)
  })

  it('counts disables and deletes only, and never blocks a run without any', () => {
    const mixed = [...operations(3, 'create'), ...operations(2, 'update'), ...operations(1, 'disable')]
    expect(checkDeletionThreshold(mixed, 0, { count: 0, percent: 0 })).toMatchObject({
      deprovisions: 1,
      blocked: true,
    })
    expect(checkDeletionThreshold(operations(5, 'create'), 0, { count: 0, percent: 0 }).blocked).toBe(false)
  })

  it('says why, with the numbers', () => {
    const check = checkDeletionThreshold(operations(3, 'disable'), 5, { count: 500, percent: 20 })
    expect(check.reason).toBe(
      'The run would disable or delete 3 object(s), more than the deletion threshold allows (1: the lower of 500 and 20% of 5 linked account(s))'
    )
  })
})

describe('protected accounts', () => {
  const account: TargetResource = {
    id: 'T9',
    userName: 'Break.Glass@example.com',
    displayName: 'Break glass',
    emails: [{ type: 'work', value: 'ops@example.com' }],
  }

  it('matches by source id, account id or userName, case-insensitively', () => {
    expect(protectedAccounts(['s9'], []).isProtected('S9', undefined)).toBe(true)
    expect(protectedAccounts(['t9'], []).isProtected('other', account)).toBe(true)
    expect(protectedAccounts(['break.glass@example.com'], []).isProtected('other', account)).toBe(true)
    expect(protectedAccounts(['someone@example.com'], []).isProtected('other', account)).toBe(false)
  })

  it('matches scoping-style filters on the account attributes', () => {
    const filters = [
      {
        title: 'Ops',
        clauses: [{ attribute: 'email', operator: 'ENDS_WITH' as const, value: '@example.com' }],
      },
    ]
    expect(protectedAccounts([], filters).isProtected('x', account)).toBe(true)
    expect(protectedAccounts([], filters).isProtected('x', { id: 'T1', userName: 'a@other.org' })).toBe(false)
  })

  it('holds back disables and deletes of protected accounts, and nothing else', () => {
    const target = new TargetSnapshot([
      { ...account, id: 'T0' },
      { id: 'T1', userName: 'x@example.com' },
    ])
    const guarded = applyProtection(
      [...operations(1, 'disable'), ...operations(2, 'update').slice(1)],
      protectedAccounts(['T0'], []),
      target
    )
    expect(guarded[0]).toMatchObject({
      action: 'skip',
      errorCode: 'ProtectedAccount',
      refusedAction: 'disable',
    })
    expect(guarded[1]?.action).toBe('update')
  })
})

describe('quarantine decisions', () => {
  it('quarantines refused credentials and endpoints that are not SCIM, not network outages', () => {
    expect(quarantineForError(new ScimHttpError('GET', 'u', 401, null, 'bad token'))?.code).toBe(
      'EncounteredQuarantineException'
    )
    expect(quarantineForError(new ScimHttpError('GET', 'u', 404, null, null))?.reason).toMatch(
      /not a SCIM endpoint/
    )
    expect(quarantineForError(new ScimProtocolError('GET', 'u', 200, 'expected JSON'))?.code).toBe(
      'EncounteredQuarantineException'
    )
    expect(quarantineForError(new ScimNetworkError('GET', 'u', 'ECONNREFUSED', false))).toBeNull()
    expect(quarantineForError(new ScimHttpError('GET', 'u', 503, null, null))).toBeNull()
  })

  const failure = (status: number | null, code = 'InternalServerError'): ApplyFailure => ({
    changeId: randomUUID(),
    sourceId: 's',
    targetId: null,
    display: 'd',
    action: 'create',
    errorCode: code,
    httpStatus: status,
    message: 'm',
  })

  it('quarantines on a failure share above the limit once enough writes failed', () => {
    const policy = { failurePercent: 40, minimumFailures: 10 }
    expect(
      quarantineForRun(
        20,
        Array.from({ length: 9 }, () => failure(500)),
        policy
      )
    ).toBeNull()
    expect(
      quarantineForRun(
        20,
        Array.from({ length: 10 }, () => failure(500)),
        policy
      )?.code
    ).toBe('EncounteredEscrowProportionThreshold')
    expect(
      quarantineForRun(
        100,
        Array.from({ length: 40 }, () => failure(500)),
        policy
      )
    ).toBeNull()
    // Decisions (conflicts) are not the target failing.
    expect(
      quarantineForRun(
        20,
        Array.from({ length: 15 }, () => failure(null, 'DuplicateSourceEntries')),
        policy
      )
    ).toBeNull()
    expect(quarantineForRun(100, [failure(403)], policy)?.reason).toMatch(/refused the credentials/)
  })
})

describe('escrow waits', () => {
  it('holds back writes of escrowed people until their retry time', () => {
    const writes = operations(2, 'create').map(operation => ({
      ...operation,
      execution: { kind: 'create', body: {}, matchKeys: [], attributes: [], exportedHash: 'h' } as const,
    }))
    const entry: EscrowEntry = {
      jobId: 'j',
      objectType: 'user',
      sourceId: 'S0',
      action: 'create',
      attempts: 2,
      firstFailedAt: 0,
      lastFailedAt: 0,
      nextAttemptAt: 10_000,
      errorCode: 'ServiceUnavailable',
      message: 'down',
    }
    const escrow = new Map([['user:S0', entry]])
    const early = applyEscrowWaits(writes, escrow, 5_000)
    expect(early[0]).toMatchObject({ action: 'skip', errorCode: 'Escrowed', refusedAction: 'create' })
    expect(early[0]?.reason).toMatch(/after 2 failed attempt/)
    expect(early[1]?.action).toBe('create')
    expect(applyEscrowWaits(writes, escrow, 10_000)[0]?.action).toBe('create')
  })
})

describe('SelectUniqueValue resolution', () => {
  const compiled = compileUsers({
    mappings: [
      { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 1 },
      {
        target: 'userName',
        expression:
          'SelectUniqueValue(Join("@", [givenName], "example.com"), Join("@", [surname], "example.com"))',
        apply: 'on-create',
      },
    ],
  })

  it('defers the mapping while mapping, then picks the first free value against the target and the run', () => {
    const people = [staff('1', 'Ada', 'Lovelace'), staff('2', 'Ada', 'Byron'), staff('3', 'Ada', 'Byron')]
    const mapped = mapAll(compiled, people)
    expect(mapped[0]?.deferred.map(mapping => mapping.target.text)).toEqual(['userName'])
    const target = new TargetSnapshot([{ id: 'T1', userName: 'ADA@example.com' }])
    const resolved = resolveUniqueValues(mapped, compiled, target, new Map(), {
      now: () => FIXED_NOW,
      random: () => 0.5,
    })
    const userName = (index: number) =>
      resolved[index]?.attributes.find(a => a.mapping.target.text === 'userName')?.value
    expect(userName(0)).toBe('Lovelace@example.com')
    expect(userName(1)).toBe('Byron@example.com')
    expect(userName(2)).toBeUndefined()
    expect(resolved[2]?.errorCode).toBe('ExpressionEvaluationFailed')
    expect(resolved[0]?.display).toBe('Lovelace@example.com')
  })

  it('leaves people who already have an account alone', () => {
    const mapped = mapAll(compiled, [staff('1', 'Ada', 'Lovelace')])
    const target = new TargetSnapshot([accountFor('T1', '1', 'Ada', 'Lovelace')])
    const [resolved] = resolveUniqueValues(mapped, compiled, target, new Map([['1', link('1', 'T1')]]), {
      now: () => FIXED_NOW,
      random: () => 0.5,
    })
    expect(resolved?.deferred).toEqual([])
    expect(resolved?.attributes.some(attribute => attribute.mapping.target.text === 'userName')).toBe(false)
    const [operation] = planUsers({
      mapped: resolved === undefined ? [] : [resolved],
      links: new Map([['1', link('1', 'T1')]]),
      target,
      compiled,
      authoritative: false,
      deprovision: { whenRemoved: 'disable', whenOutOfScope: 'disable' },
      newChangeId: randomUUID,
      sourceName: 'people.csv',
    })
    expect(operation?.action).toBe('unchanged')
  })
})

describe('protection filters in the job file', () => {
  it('are refused at their place when they name an attribute accounts do not have', async () => {
    const { loadJob, jobFileErrorOf } = await import('../../../helpers/job-fixtures')
    const { compileJob } = await import('../../../../main/engine/plan/compile-job')
    const job = loadJob({
      extra: {
        safety: {
          protectedFilters: [
            { title: 'x', clauses: [{ attribute: 'costcentre', operator: 'EQUALS', value: '1' }] },
          ],
        },
      },
    })
    const error = jobFileErrorOf(() => compileJob(job))
    expect(error.issues[0]).toMatchObject({ field: 'safety.protectedFilters[0].clauses[0].attribute' })
    expect(error.issues[0]?.message).toMatch(/no attribute "costcentre".*costCenter/)
    // Known attributes pass, in any case.
    const ok = loadJob({
      extra: {
        safety: {
          protectedFilters: [
            { title: 'x', clauses: [{ attribute: 'DEPARTMENT', operator: 'EQUALS', value: 'IT' }] },
          ],
        },
      },
    })
    expect(() => compileJob(ok)).not.toThrow()
    expect(
      protectedAccounts(
        [],
        [{ title: 'x', clauses: [{ attribute: 'DEPARTMENT', operator: 'EQUALS', value: 'IT' }] }]
      ).isProtected('s', {
        id: 'T',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'IT' },
      })
    ).toBe(true)
  })
})

describe('two-phase deprovisioning (deleteDisabledAfterDays)', () => {
  const DAY = 86_400_000
  const compiled = compileUsers()
  const plan = (
    people: ReturnType<typeof staff>[],
    account: TargetResource,
    daysLater: number,
    deleteDisabledAfterDays: number | null = 30
  ) =>
    planUsers({
      mapped: mapAll(compiled, people),
      links: new Map([['1', link('1', account.id, 'disabled')]]),
      target: new TargetSnapshot([account]),
      compiled,
      authoritative: true,
      deprovision: {
        whenRemoved: 'disable',
        whenOutOfScope: 'disable',
        deleteDisabledAfterDays: deleteDisabledAfterDays ?? undefined,
      },
      now: FIXED_NOW.getTime() + daysLater * DAY,
      newChangeId: randomUUID,
      sourceName: 'people.csv',
    })

  it('deletes an account this job disabled N days ago whose person is still gone', () => {
    const disabled = accountFor('T1', '1', 'Ada', 'Lovelace', { active: false })
    expect(plan([], disabled, 29)[0]).toMatchObject({ action: 'unchanged', reason: 'Already disabled' })
    expect(plan([], disabled, 30)[0]).toMatchObject({
      action: 'delete',
      targetId: 'T1',
      reason: 'Disabled by this job for 30 day(s) or more (deleteDisabledAfterDays)',
    })
    expect(plan([], disabled, 400, null)[0]?.action).toBe('unchanged')
  })

  it('also deletes a person inactive in the source, and never an account someone re-enabled', () => {
    const disabled = accountFor('T1', '1', 'Ada', 'Lovelace', { active: false })
    const terminated = staff('1', 'Ada', 'Lovelace', { status: 'terminated' })
    expect(plan([terminated], disabled, 31)[0]).toMatchObject({ action: 'delete', targetId: 'T1' })
    const reenabled = accountFor('T1', '1', 'Ada', 'Lovelace', { active: true })
    expect(plan([], reenabled, 31)[0]?.action).toBe('disable')
  })
})

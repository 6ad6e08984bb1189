/**
 * Running a job from the app, through `dispatch` (as both transports call it), with the real
 * engine, a real state database and the sandbox SCIM app holding accounts before the first run.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import type { ApiMethod, ApiOutput, RunFinished, WorkbenchTab } from '../../../main/ipc/api/contract'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { listLinkStandings } from '../../../main/engine/run/link-decisions'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { saveJob } from '../../../main/store/jobs-store'
import { upsertLink } from '../../../main/store/links-store'
import { loadJobFile } from '../../../main/config/load-job'
import {
  RUN_JOB_ID,
  RUN_SEED_ACCOUNTS,
  RUN_TOKEN,
  RUN_TOKEN_VARIABLE,
  writeRunJob,
  writeRunJobWithTeams,
} from '../../helpers/run-fixture'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB
let hub: EventHub
let sandbox: SandboxServer
let api: ProvisionerAdminApi
let dir: string

beforeEach(async () => {
  const home = makeTempDir('provisioner-run-api-')
  db = openDatabase(join(home, 'provisioner.db'))
  hub = new EventHub()
  sandbox = await startSandboxServer({
    auth: { type: 'bearer', token: RUN_TOKEN },
    seedUsers: RUN_SEED_ACCOUNTS,
  })
  dir = makeTempDir()
  registerJob(writeRunJob(dir, sandbox.baseUrl))
  api = new ProvisionerAdminApi({
    db,
    stateFolder: home,
    secrets: new MemorySecretStore(),
    hub,
    env: { [RUN_TOKEN_VARIABLE]: RUN_TOKEN },
  })
})

afterEach(async () => {
  await sandbox.close()
  db.close()
})

function registerJob(file: string): void {
  const job = loadJobFile(file)
  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
}

/** Calls through dispatch and fails the test with the API's error when the call is refused. */
async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await dispatch(api, method, input)
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code}: ${result.error.message}`)
  return result.value as ApiOutput<M>
}

const tab = (name: WorkbenchTab, extra: Record<string, unknown> = {}) =>
  call('getMatchingWorkbench', { jobId: RUN_JOB_ID, tab: name, offset: 0, limit: 100, ...extra })

function accountsByUserName(): Map<string, Record<string, unknown>> {
  return new Map(sandbox.store.listUsers().map(user => [String(user['userName']), user]))
}

describe('matching workbench', () => {
  it('sorts every person and account into its tab, with what matched and what a link would change', async () => {
    // Another job on the same app already manages the bot account.
    saveJob(db, {
      id: 'other',
      name: 'Contractors',
      config: { target: { baseUrl: `${sandbox.baseUrl}/` } },
      configPath: null,
    })
    upsertLink(db, {
      jobId: 'other',
      objectType: 'user',
      sourceId: 'c-1',
      targetId: 'acc-bot',
      state: 'active',
      exportedHash: null,
      display: 'service.bot',
    })
    sandbox.resetRequestCounts()

    const matched = await tab('matched')
    expect(matched.counts).toEqual({
      matched: 2,
      create: 2,
      ambiguous: 1,
      'no-value': 1,
      'not-provisioned': 0,
      unmanaged: 0,
      'other-job': 1,
    })
    expect(matched).toMatchObject({ sourceCount: 6, targetCount: 5, total: 2 })
    const grace = matched.rows.find(row => row.sourceId === '1002')
    expect(grace).toMatchObject({
      person: 'grace.hopper@example.com',
      action: 'link',
      matchedOn: 'userName = "grace.hopper@example.com"',
      account: {
        id: 'acc-grace',
        userName: 'grace.hopper@example.com',
        displayName: 'Grace Hopper',
        active: true,
      },
    })
    expect(grace?.changes).toContainEqual(
      expect.objectContaining({ path: 'title', from: 'Commodore', to: 'Rear Admiral' })
    )
    const katherine = matched.rows.find(row => row.sourceId === '1004')
    expect(katherine).toMatchObject({ action: 'enable', account: { id: 'acc-kj', active: false } })
    expect(katherine?.warnings).toContain('Linking re-enables this disabled account')

    const ambiguous = await tab('ambiguous')
    expect(ambiguous.rows).toHaveLength(1)
    expect(ambiguous.rows[0]).toMatchObject({
      sourceId: '1003',
      person: 'alan.turing@example.com',
      action: 'conflict',
    })
    expect(ambiguous.rows[0]?.candidates).toEqual([
      { id: 'acc-alan-1', userName: 'aturing', displayName: 'Alan Turing', active: true },
      { id: 'acc-alan-2', userName: 'alan.t.old', displayName: 'Alan M. Turing', active: false },
    ])
    expect((await tab('no-value')).rows[0]).toMatchObject({ sourceId: '1005', action: 'skip' })
    expect((await tab('create')).rows.map(row => row.sourceId).sort()).toEqual(['1001', '1006'])
    expect((await tab('other-job')).rows[0]).toMatchObject({ key: 'acc-bot', otherJob: 'Contractors' })

    // Read once: the tabs and pages come from that one reading; nothing was written.
    expect(sandbox.requestCounts['POST'] ?? 0).toBe(0)
    expect(sandbox.requestCounts['PATCH'] ?? 0).toBe(0)
    // One reading: /ServiceProviderConfig (for the largest page size), then one page of accounts.
    expect(sandbox.requestCounts['GET']).toBe(2)
  })

  it('reads the source and the app once for calls that arrive together, and again only when asked', async () => {
    sandbox.resetRequestCounts()
    const pages = await Promise.all([tab('matched'), tab('create'), tab('ambiguous')])
    expect(pages.map(page => page.total)).toEqual([2, 2, 1])
    // A reading is two GETs: /ServiceProviderConfig, then one page of accounts.
    expect(sandbox.requestCounts['GET']).toBe(2)
    await tab('matched', { refresh: true })
    expect(sandbox.requestCounts['GET']).toBe(4)
  })

  it('searches a tab and exports it as spreadsheet-safe CSV', async () => {
    const found = await tab('create', { search: 'MARY' })
    expect(found.total).toBe(1)
    expect(found.rows[0]?.sourceId).toBe('1006')
    expect((await tab('ambiguous', { search: 'alan.t.old' })).total).toBe(1)
    expect((await tab('ambiguous', { search: 'nobody-here' })).total).toBe(0)

    const exported = await call('exportMatchingTab', { jobId: RUN_JOB_ID, tab: 'matched' })
    expect(exported).toMatchObject({ fileName: 'hr-brownfield-matched.csv', rows: 2 })
    const lines = exported.csv.trim().split('\n')
    expect(lines[0]).toContain('"Matched on"')
    expect(exported.csv).toContain('"userName = ""grace.hopper@example.com"""')
    expect(exported.csv).toContain('Linking re-enables this disabled account')
  })

  it('stores the decisions the CLI and the next run honour, and undoes them', async () => {
    await tab('ambiguous')
    const linked = await call('decideMatch', {
      jobId: RUN_JOB_ID,
      sourceId: '1003',
      decision: 'link',
      targetId: 'acc-alan-1',
    })
    expect(linked.description).toContain('Linked by the admin to account acc-alan-1 (aturing)')
    // The same records `provisioner links` lists.
    expect(listLinkStandings(db, RUN_JOB_ID, '1003')[0]?.link).toMatchObject({
      targetId: 'acc-alan-1',
      origin: 'admin',
    })
    const after = await tab('matched')
    expect(after.counts.ambiguous).toBe(0)
    expect(after.rows.find(row => row.sourceId === '1003')).toMatchObject({
      decision: 'link',
      matchedOn: 'linked by the admin',
      account: { id: 'acc-alan-1' },
    })
    // The next run (a dry run here) follows the decision: Alan's account is updated, not in conflict.
    const plan = await call('planJob', { jobId: RUN_JOB_ID })
    expect(plan.summary.users.conflict).toBe(0)

    await call('undoMatchDecision', { jobId: RUN_JOB_ID, sourceId: '1003' })
    expect((await tab('ambiguous')).total).toBe(1)
    expect(listLinkStandings(db, RUN_JOB_ID, '1003')).toEqual([])

    await call('decideMatch', { jobId: RUN_JOB_ID, sourceId: '1003', decision: 'create' })
    expect((await tab('create')).rows.find(row => row.sourceId === '1003')?.decision).toBe('create')
    await call('decideMatch', { jobId: RUN_JOB_ID, sourceId: '1003', decision: 'skip' })
    expect((await tab('not-provisioned')).rows.find(row => row.sourceId === '1003')).toMatchObject({
      decision: 'skip',
      action: 'skip',
    })
  })

  it('refuses decisions for unknown people and accounts, and undoing nothing, changing nothing', async () => {
    await tab('ambiguous')
    const ghost = await dispatch(api, 'decideMatch', {
      jobId: RUN_JOB_ID,
      sourceId: '9999',
      decision: 'skip',
    })
    expect(ghost).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('"9999"') },
    })
    const account = await dispatch(api, 'decideMatch', {
      jobId: RUN_JOB_ID,
      sourceId: '1003',
      decision: 'link',
      targetId: 'acc-nope',
    })
    expect(account).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('acc-nope') },
    })
    expect(await dispatch(api, 'undoMatchDecision', { jobId: RUN_JOB_ID, sourceId: '1001' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    })
    expect(
      await dispatch(api, 'decideMatch', { jobId: RUN_JOB_ID, sourceId: '1003', decision: 'link' })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(
      await dispatch(api, 'getMatchingWorkbench', { jobId: 'ghost', tab: 'matched', offset: 0, limit: 5 })
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    expect(listLinkStandings(db, RUN_JOB_ID)).toEqual([])
  })
})

describe('apply, approvals, restart, on demand and undo', () => {
  it('applies exactly the reviewed dry run, and refuses one that is not the latest', async () => {
    const events: RunFinished[] = []
    hub.on('runFinished', event => events.push(event))
    const first = await call('planJob', { jobId: RUN_JOB_ID })
    const second = await call('planJob', { jobId: RUN_JOB_ID })
    expect(await dispatch(api, 'applyPlan', { jobId: RUN_JOB_ID, runId: first.runId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining(first.runId) },
    })
    expect(sandbox.store.userCount()).toBe(5)

    const result = await call('applyPlan', { jobId: RUN_JOB_ID, runId: second.runId })
    // Alan's ambiguous match is a conflict, logged as a failure until the admin decides.
    expect(result).toMatchObject({ jobId: RUN_JOB_ID, status: 'completed-with-errors', failed: 1, staged: 0 })
    expect(result.summary.users).toMatchObject({ create: 2, link: 1, enable: 1, conflict: 1 })
    const accounts = accountsByUserName()
    expect(accounts.get('ada.lovelace@example.com')).toBeDefined()
    expect(accounts.get('grace.hopper@example.com')?.['title']).toBe('Rear Admiral')
    expect(accounts.get('katherine.johnson@example.com')?.['active']).toBe(true)
    expect(events.at(-1)).toMatchObject({
      runId: result.runId,
      mode: 'apply',
      status: 'completed-with-errors',
    })
    // A plan is applied once.
    expect(await dispatch(api, 'applyPlan', { jobId: RUN_JOB_ID, runId: second.runId })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    })
  })

  it('forgets the reviewed dry run once a new preview starts, even one cancelled before it planned', async () => {
    const first = await call('planJob', { jobId: RUN_JOB_ID })
    hub.on('runStarted', event => {
      if (event.mode === 'dry-run') void dispatch(api, 'cancelRun', { runId: event.runId })
    })
    expect(await dispatch(api, 'planJob', { jobId: RUN_JOB_ID })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    })
    expect(await dispatch(api, 'applyPlan', { jobId: RUN_JOB_ID, runId: first.runId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining(first.runId) },
    })
    expect(sandbox.store.userCount()).toBe(5)
  })

  it('stages deletions over the threshold, rejects them, and approves the next ones', async () => {
    const plan = await call('planJob', { jobId: RUN_JOB_ID })
    await call('applyPlan', { jobId: RUN_JOB_ID, runId: plan.runId })
    expect(await call('getStagedDeletions', { jobId: RUN_JOB_ID })).toBeNull()
    // Three of the four linked people leave; 20 % of 4 allows one.
    registerJob(writeRunJob(dir, sandbox.baseUrl, ['ada', 'alan', 'nobody']))
    const again = await call('planJob', { jobId: RUN_JOB_ID })
    const blocked = await call('applyPlan', { jobId: RUN_JOB_ID, runId: again.runId })
    expect(blocked).toMatchObject({ status: 'blocked', staged: 3 })

    const waiting = await call('getStagedDeletions', { jobId: RUN_JOB_ID })
    expect(waiting).toMatchObject({
      runId: blocked.runId,
      reason: expect.stringContaining('deletion threshold'),
    })
    expect(waiting?.items.map(item => item.display).sort()).toEqual([
      'grace.hopper@example.com',
      'katherine.johnson@example.com',
      'mary.jackson@example.com',
    ])
    expect(waiting?.items.every(item => item.action === 'disable')).toBe(true)
    // The app approves with its own button: the CLI command in the logged reason is not repeated.
    expect(waiting?.reason).not.toContain('--allow-deletes')

    expect(await call('rejectStagedDeletions', { jobId: RUN_JOB_ID, runId: blocked.runId })).toMatchObject({
      rejected: 3,
    })
    expect(await call('getStagedDeletions', { jobId: RUN_JOB_ID })).toBeNull()
    expect(accountsByUserName().get('grace.hopper@example.com')?.['active']).toBe(true)
    expect(
      await dispatch(api, 'approveStagedDeletions', { jobId: RUN_JOB_ID, runId: blocked.runId })
    ).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('already approved or refused') },
    })

    const third = await call('planJob', { jobId: RUN_JOB_ID })
    const blockedAgain = await call('applyPlan', { jobId: RUN_JOB_ID, runId: third.runId })
    const approved = await call('approveStagedDeletions', { jobId: RUN_JOB_ID, runId: blockedAgain.runId })
    expect(approved).toMatchObject({ status: 'completed', failed: 0 })
    expect(approved.summary.users.disable).toBe(3)
    expect(accountsByUserName().get('grace.hopper@example.com')?.['active']).toBe(false)
    expect(await call('getStagedDeletions', { jobId: RUN_JOB_ID })).toBeNull()
  })

  it('restarts a quarantined job: quarantine cleared, a full run made', async () => {
    enterQuarantine(
      db,
      RUN_JOB_ID,
      'EncounteredQuarantineException',
      'The target refused the credentials (HTTP 401)'
    )
    expect((await call('listJobs', undefined)).find(job => job.id === RUN_JOB_ID)?.quarantine).not.toBeNull()
    const result = await call('restartJob', { jobId: RUN_JOB_ID })
    expect(result).toMatchObject({ status: 'completed-with-errors', failed: 1, quarantine: null })
    expect(result.notices[0]).toMatch(/^Restart: quarantine cleared/)
    expect((await call('listJobs', undefined)).find(job => job.id === RUN_JOB_ID)?.quarantine).toBeNull()
  })

  it('finds a person in the source and provisions them alone, with every step', async () => {
    const found = await call('searchSourcePeople', { jobId: RUN_JOB_ID, query: 'hopp', limit: 10 })
    expect(found).toEqual([{ sourceId: '1002', display: 'grace.hopper@example.com', inScope: true }])
    expect(await call('searchSourcePeople', { jobId: RUN_JOB_ID, query: '', limit: 2 })).toHaveLength(2)

    const result = await call('provisionOnDemand', { jobId: RUN_JOB_ID, sourceId: '1002' })
    expect(result).toMatchObject({
      status: 'completed',
      action: 'link',
      targetId: 'acc-grace',
      display: 'grace.hopper@example.com',
    })
    expect(result.steps.map(step => step.type)).toEqual([
      'import',
      'scoping',
      'matching',
      'processing',
      'export',
    ])
    expect(result.steps[2]?.details).toMatchObject({
      '1. userName': '"grace.hopper@example.com": account acc-grace',
    })
    expect(result.changes).toContainEqual({ path: 'title', from: 'Commodore', to: 'Rear Admiral' })
    expect(result.imported?.['mail']).toBe('grace.hopper@example.com')
    expect(accountsByUserName().get('grace.hopper@example.com')?.['title']).toBe('Rear Admiral')
    // Nobody else was touched.
    expect(accountsByUserName().get('ada.lovelace@example.com')).toBeUndefined()
    expect(await dispatch(api, 'provisionOnDemand', { jobId: RUN_JOB_ID, sourceId: '4242' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('"4242"') },
    })
  })

  it('finds groups with their member counts, provisions one with its members, and refuses one of more than 5', async () => {
    registerJob(writeRunJobWithTeams(dir, sandbox.baseUrl))

    expect(await call('searchSourceGroups', { jobId: RUN_JOB_ID, query: '', limit: 10 })).toEqual([
      { sourceId: 'Navy', display: 'Navy', members: 2, tooLarge: false },
      { sourceId: 'All', display: 'All', members: 6, tooLarge: true },
    ])
    expect(await call('searchSourceGroups', { jobId: RUN_JOB_ID, query: 'nav', limit: 10 })).toHaveLength(1)

    const result = await call('provisionGroupOnDemand', { jobId: RUN_JOB_ID, group: 'navy' })
    expect(result).toMatchObject({ status: 'completed', group: { display: 'Navy', action: 'create' } })
    expect(result.group.steps.map(step => step.type)).toEqual(['import', 'matching', 'processing', 'export'])
    expect(result.members.map(member => [member.display, member.action])).toEqual([
      ['ada.lovelace@example.com', 'create'],
      ['grace.hopper@example.com', 'link'],
    ])
    expect(result.members[0]?.imported?.['givenName']).toBe('Ada')
    const navy = sandbox.store.listGroups().find(group => group['displayName'] === 'Navy')
    const members = (navy?.['members'] as Array<{ value: string }>).map(member => member.value).sort()
    expect(members).toEqual(
      ['acc-grace', String(accountsByUserName().get('ada.lovelace@example.com')?.['id'])].sort()
    )

    const before = sandbox.store.listUsers().length
    expect(await dispatch(api, 'provisionGroupOnDemand', { jobId: RUN_JOB_ID, group: 'All' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('at most 5 members, as Entra does') },
    })
    expect(sandbox.store.listUsers()).toHaveLength(before)
    expect(sandbox.store.listGroups()).toHaveLength(1)
  })

  it('shows the inverse of a run as a dry run, then applies it', async () => {
    const plan = await call('planJob', { jobId: RUN_JOB_ID })
    const applied = await call('applyPlan', { jobId: RUN_JOB_ID, runId: plan.runId })
    const preview = await call('previewUndo', { runId: applied.runId })
    expect(preview).toMatchObject({ undoneRunId: applied.runId, jobId: RUN_JOB_ID })
    expect(preview.summary.users.delete).toBe(2)
    expect(
      preview.operations.find(operation => operation.display === 'grace.hopper@example.com')
    ).toMatchObject({
      action: 'update',
      changes: expect.arrayContaining([{ path: 'title', from: 'Rear Admiral', to: 'Commodore' }]),
    })
    // The preview wrote nothing.
    expect(accountsByUserName().get('ada.lovelace@example.com')).toBeDefined()

    const undone = await call('applyUndo', { runId: applied.runId })
    expect(undone).toMatchObject({ status: 'completed', failed: 0 })
    const accounts = accountsByUserName()
    expect(accounts.get('ada.lovelace@example.com')).toBeUndefined()
    expect(accounts.get('grace.hopper@example.com')?.['title']).toBe('Commodore')
    expect(accounts.get('katherine.johnson@example.com')?.['active']).toBe(false)
    expect(await dispatch(api, 'previewUndo', { runId: plan.runId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('dry run') },
    })
  })
})

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../../main/connectors/scim/sandbox/sandbox-server'
import { runJob } from '../../../main/engine/run/run-job'
import type { PlanOperationRow, RunFinished } from '../../../main/ipc/api/contract'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { listRuns } from '../../../main/store/runs-store'
import { seedUiState, UI_JOB_ID, UI_TOKEN_VARIABLE, writeUiJobWorkspace } from '../../helpers/bridge-harness'
import { makeTempDir } from '../../helpers/temp-dir'

const TOKEN = 'admin-api-plans-token-0123456789'
const ENV = { [UI_TOKEN_VARIABLE]: TOKEN }

let db: WritableDB
let hub: EventHub
let sandbox: SandboxServer
let workspace: string
let jobFile: string
let seed: ReturnType<typeof seedUiState>

const api = (env: NodeJS.ProcessEnv = ENV) =>
  new ProvisionerAdminApi({ db, stateFolder: 'state', secrets: new MemorySecretStore(), hub, env })

beforeEach(async () => {
  db = openDatabase(join(makeTempDir('provisioner-api-'), 'provisioner.db'))
  hub = new EventHub()
  sandbox = await startSandboxServer({ auth: { type: 'bearer', token: TOKEN } })
  workspace = makeTempDir()
  jobFile = writeUiJobWorkspace(workspace, sandbox.baseUrl)
  seed = seedUiState(db, jobFile)
})

afterEach(async () => {
  await sandbox.close()
  db.close()
})

/** The job's people.csv with `count` people; those for whom `promoted(i)` holds have a new title. */
function writePeople(count: number, promoted: (index: number) => boolean = () => false): void {
  const rows = Array.from({ length: count }, (_, index) => {
    const id = 10_000 + index
    const title = promoted(index) ? 'Senior Engineer' : 'Engineer'
    return `${id},Given${index},Family${index},person${index}@example.com,${title},Active`
  })
  writeFileSync(
    join(workspace, 'people.csv'),
    `employeeId,givenName,surname,mail,title,status\n${rows.join('\n')}\n`
  )
}

/** Every page of a stored plan, following the cursor. */
async function allOperations(
  runId: string,
  filter: { hideUnchanged?: boolean; action?: 'update' } = {}
): Promise<PlanOperationRow[]> {
  const seen: PlanOperationRow[] = []
  let afterId: number | undefined
  for (;;) {
    const page = await api().queryPlanOperations({ runId, ...filter, afterId, limit: 500 })
    seen.push(...page.operations)
    if (page.nextAfterId === null) return seen
    afterId = page.nextAfterId
  }
}

describe('stored dry runs', () => {
  it('a 3,000-person plan with 900 updates shows all 900, never the first 500 rows of everything', async () => {
    writePeople(3_000)
    const job = loadJobFile(jobFile)
    await runJob({ job, db, secrets: new MemorySecretStore(), mode: 'apply', env: ENV })
    writePeople(3_000, index => index % 10 < 3)

    const preview = await api().planJob({ jobId: UI_JOB_ID })
    expect(preview.summary.users).toMatchObject({ update: 900, unchanged: 2_100 })
    expect(await api().countPlanOperations({ runId: preview.runId, hideUnchanged: true })).toBe(900)
    const changed = await allOperations(preview.runId, { hideUnchanged: true })
    expect(changed).toHaveLength(900)
    expect(new Set(changed.map(operation => operation.sourceId)).size).toBe(900)
    expect(changed.every(operation => operation.action === 'update')).toBe(true)
    expect(changed[0]?.changes).toEqual([{ path: 'title', from: 'Engineer', to: 'Senior Engineer' }])
    expect(await allOperations(preview.runId)).toHaveLength(3_000)
  }, 120_000)

  it("shows a CSV hand-off job's file rows as plan --json has them, and none for a SCIM job", async () => {
    const scim = await api().planJob({ jobId: UI_JOB_ID })
    expect(scim.handoff).toBeNull()

    const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Record<string, unknown>
    writeFileSync(
      jobFile,
      JSON.stringify({
        ...job,
        target: { type: 'csv-handoff', directory: 'handoff', headers: { userName: 'Login' } },
      })
    )
    const session = api()
    const preview = await session.planJob({ jobId: UI_JOB_ID })
    const mappings = (job['users'] as { mappings: Array<{ target: string }> }).mappings
    expect(preview.handoff?.header).toEqual([
      'action',
      'Login',
      ...mappings.slice(1).map(mapping => mapping.target),
    ])
    expect(preview.handoff?.rowCount).toBe(4)
    expect(preview.handoff?.rows.map(row => [row[0], row[1]])).toEqual([
      ['create', 'ada.lovelace@example.com'],
      ['create', 'grace.hopper@example.com'],
      ['create', 'alan.turing@example.com'],
      ['create', 'katherine.johnson@example.com'],
    ])
    // The dry run wrote nothing: the file is apply's.
    expect(existsSync(join(workspace, 'handoff'))).toBe(false)
    // Reopened in the same session, the dry run still shows its file.
    expect((await session.getPlan({ runId: preview.runId })).handoff).toEqual(preview.handoff)
  })

  it('reopens a dry run from the run history with its operations, filtered and searched', async () => {
    const first = await api().planJob({ jobId: UI_JOB_ID })
    const reopened = await api().getPlan({ runId: first.runId })
    expect(reopened).toEqual(first)
    expect(reopened).toMatchObject({ operationsStored: true, sourceCount: 4, targetCount: 0 })
    const search = await api().queryPlanOperations({ runId: first.runId, search: 'LOVELACE', limit: 10 })
    expect(search.operations.map(operation => operation.sourceId)).toEqual(['1001'])
    const creates = await api().countPlanOperations({ runId: first.runId, action: 'create' })
    expect(creates).toBe(4)
  })

  it('pages back with beforeId to the operations just before, in plan order', async () => {
    writePeople(30)
    const { runId } = await api().planJob({ jobId: UI_JOB_ID })
    const first = await api().queryPlanOperations({ runId, limit: 10 })
    const second = await api().queryPlanOperations({ runId, afterId: first.nextAfterId ?? 0, limit: 10 })
    expect(second.previousBeforeId).toBe(second.operations[0]?.id)
    const back = await api().queryPlanOperations({ runId, beforeId: second.previousBeforeId ?? 0, limit: 10 })
    expect(back.operations).toEqual(first.operations)
    expect(back.previousBeforeId).toBeNull()
  })

  it('says why a run cannot be reopened as a plan', async () => {
    expect(await dispatch(api(), 'getPlan', { runId: seed.applyRunId })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('not a dry run') },
    })
    expect(await dispatch(api(), 'getPlan', { runId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })
})

describe('failed previews', () => {
  /** The dry runs of the job, newest first, as the run history lists them. */
  const dryRuns = () =>
    listRuns(db, UI_JOB_ID).filter(run => run.mode === 'dry-run' && run.status === 'failed')

  it.each<[string, () => NodeJS.ProcessEnv, string]>([
    [
      'the source file is missing',
      () => {
        rmSync(join(workspace, 'people.csv'))
        return ENV
      },
      'people.csv',
    ],
    ['the secret is missing', () => ({}), `env:${UI_TOKEN_VARIABLE}`],
    [
      'the job file is broken',
      () => {
        writeFileSync(jobFile, '{ "name": "Broken" ')
        return ENV
      },
      'job.json:1:',
    ],
    ['the target refuses the credentials', () => ({ [UI_TOKEN_VARIABLE]: 'wrong-token' }), '401'],
  ])('are recorded in the run history and announced when %s', async (_label, breakIt, expected) => {
    const events: RunFinished[] = []
    hub.on('runFinished', event => events.push(event))
    const before = dryRuns().length
    const result = await dispatch(api(breakIt()), 'planJob', { jobId: UI_JOB_ID })
    expect(result.ok).toBe(false)
    const failed = dryRuns()
    expect(failed).toHaveLength(before + 1)
    expect(failed[0]?.error).toContain(expected)
    expect(failed[0]?.error).not.toContain('wrong-token')
    expect(events).toEqual([
      { runId: failed[0]?.id, jobId: UI_JOB_ID, mode: 'dry-run', status: 'failed', summary: null },
    ])
  })

  it('a preview refused because another is running is not a failed preview', async () => {
    const shared = api()
    const pending = dispatch(shared, 'planJob', { jobId: UI_JOB_ID })
    expect(await dispatch(shared, 'planJob', { jobId: UI_JOB_ID })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    })
    expect(await pending).toMatchObject({ ok: true })
    expect(dryRuns()).toEqual([])
  })
})

import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { CsvHandoffTargetConfig } from '../../../../main/config/job-schema'
import { CsvHandoffTarget } from '../../../../main/connectors/csv-handoff/csv-handoff-target'
import { handoffLayout } from '../../../../main/connectors/csv-handoff/handoff-rows'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import type { HandedOffAccount, HandoffLedger } from '../../../../main/model/handoff-ledger'
import { makeTempDir } from '../../../helpers/temp-dir'

const VALUES = { create: 'create', update: 'update', disable: 'disable', enable: 'enable', delete: 'delete' }

function config(overrides: Partial<CsvHandoffTargetConfig> = {}): CsvHandoffTargetConfig {
  return {
    type: 'csv-handoff',
    directory: 'out',
    fileName: '{job}-{runId}-{action}.csv',
    files: 'single',
    delimiter: ',',
    header: true,
    bom: false,
    actionColumn: { name: 'action', values: VALUES },
    headers: {},
    caseExactAttributes: [],
    ...overrides,
  }
}

/** A ledger in memory, as the store keeps it: recorded only when the file is in place. */
class MemoryLedger implements HandoffLedger {
  readonly saved = new Map<string, Record<string, unknown>>()
  recordCalls = 0
  constructor(accounts: ReadonlyArray<HandedOffAccount> = []) {
    for (const account of accounts) this.saved.set(account.id, { ...account.resource })
  }
  accounts(): Iterable<HandedOffAccount> {
    return [...this.saved].map(([id, resource]) => ({ id, resource }))
  }
  record(changes: ReadonlyArray<{ id: string; resource: Readonly<Record<string, unknown>> | null }>): void {
    this.recordCalls++
    for (const change of changes) {
      if (change.resource === null) this.saved.delete(change.id)
      else this.saved.set(change.id, { ...change.resource })
    }
  }
  runningRunId(): string | null {
    return 'RUN1'
  }
}

function target(ledger: MemoryLedger, overrides: Partial<CsvHandoffTargetConfig> = {}) {
  const directory = makeTempDir()
  const handoff = new CsvHandoffTarget({
    config: config(overrides),
    directory,
    jobId: 'job',
    layout: handoffLayout(config(overrides), ['userName', 'name.familyName', 'active']),
    ledger,
  })
  const files = () => readdirSync(directory).sort()
  const rows = (name: string) => parse(readFileSync(join(directory, name), 'utf8')) as string[][]
  return { handoff, directory, files, rows }
}

const grace: HandedOffAccount = {
  id: 'g1',
  resource: { userName: 'grace@example.com', name: { familyName: 'Hopper' }, active: true },
}
const alan: HandedOffAccount = {
  id: 'a1',
  resource: { userName: 'alan@example.com', name: { familyName: 'Turing' }, active: true },
}

describe('a CSV hand-off target', () => {
  it('lists, finds and gets what was handed off before, and has no groups', async () => {
    const { handoff } = target(new MemoryLedger([grace, alan]))
    const listed = []
    for await (const account of handoff.list('user')) listed.push(account.id)
    expect(listed.sort()).toEqual(['a1', 'g1'])
    for await (const group of handoff.list('group')) throw new Error(`unexpected group ${group.id}`)
    expect(
      (await handoff.find('user', parseScimPath('userName'), 'GRACE@example.com')).map(a => a.id)
    ).toEqual(['g1'])
    expect(await handoff.get('user', 'a1')).toMatchObject({ id: 'a1', userName: 'alan@example.com' })
    expect(await handoff.get('user', 'nobody')).toBeNull()
  })

  it('writes one file of create, update, disable and delete rows, then records exactly those', async () => {
    const ledger = new MemoryLedger([grace, alan])
    const { handoff, files, rows } = target(ledger)
    const katherine = await handoff.create('user', {
      userName: 'katherine@example.com',
      name: { familyName: 'Johnson' },
      active: true,
    })
    await handoff.update('user', 'g1', [{ op: 'replace', path: 'name.familyName', value: 'Murray' }])
    await handoff.update('user', 'a1', [{ op: 'replace', path: 'active', value: false }])
    expect(files()).toEqual([])
    expect(ledger.recordCalls).toBe(0)

    const written = await handoff.finish()

    expect(written).toEqual([expect.stringMatching(/job-RUN1-all\.csv \(3 rows\)$/)])
    expect(rows('job-RUN1-all.csv')).toEqual([
      ['action', 'userName', 'name.familyName', 'active'],
      ['create', 'katherine@example.com', 'Johnson', 'true'],
      ['update', 'grace@example.com', 'Murray', 'true'],
      ['disable', 'alan@example.com', 'Turing', 'false'],
    ])
    expect(ledger.saved.get(katherine.id)).toMatchObject({ userName: 'katherine@example.com' })
    expect(ledger.saved.get('g1')).toMatchObject({ name: { familyName: 'Murray' } })
    expect(ledger.saved.get('a1')).toMatchObject({ active: false })
  })

  it('writes no file and records nothing when the run changed nothing', async () => {
    const ledger = new MemoryLedger([grace])
    const { handoff, files } = target(ledger)
    expect(await handoff.finish()).toEqual([])
    await handoff.close()
    expect(files()).toEqual([])
    expect(ledger.recordCalls).toBe(0)
  })

  it('keeps one row per account: a create completed by a later PATCH stays one create row', async () => {
    const { handoff, rows } = target(new MemoryLedger())
    const created = await handoff.create('user', { userName: 'new@example.com', active: true })
    await handoff.update('user', created.id, [{ op: 'add', path: 'name.familyName', value: 'Jackson' }])
    await handoff.finish()
    expect(rows('job-RUN1-all.csv').slice(1)).toEqual([['create', 'new@example.com', 'Jackson', 'true']])
  })

  it('writes an enable for a re-activated account and a delete row when the job deletes', async () => {
    const ledger = new MemoryLedger([{ ...alan, resource: { ...alan.resource, active: false } }, grace])
    const { handoff, rows } = target(ledger)
    await handoff.update('user', 'a1', [{ op: 'replace', path: 'active', value: true }])
    await handoff.delete('user', 'g1')
    await handoff.finish()
    expect(rows('job-RUN1-all.csv').slice(1)).toEqual([
      ['enable', 'alan@example.com', 'Turing', 'true'],
      ['delete', 'grace@example.com', 'Hopper', 'true'],
    ])
    expect([...ledger.saved.keys()]).toEqual(['a1'])
  })

  it('writes one file per action when the job asks', async () => {
    const { handoff, files, rows } = target(new MemoryLedger([grace, alan]), { files: 'per-action' })
    await handoff.create('user', { userName: 'k@example.com', active: true })
    await handoff.update('user', 'a1', [{ op: 'replace', path: 'active', value: false }])
    await handoff.update('user', 'g1', [{ op: 'replace', path: 'active', value: false }])
    await handoff.finish()
    expect(files()).toEqual(['job-RUN1-create.csv', 'job-RUN1-disable.csv'])
    expect(rows('job-RUN1-disable.csv').map(row => row[1])).toEqual([
      'userName',
      'alan@example.com',
      'grace@example.com',
    ])
  })

  it('records nothing when the file cannot be written, so the next run hands the rows off again', async () => {
    const ledger = new MemoryLedger()
    const { handoff, directory } = target(ledger)
    writeFileSync(join(directory, 'job-RUN1-all.csv'), 'the last file, not uploaded yet')
    await handoff.create('user', { userName: 'k@example.com', active: true })
    await expect(handoff.finish()).rejects.toThrow(/exists already/)
    expect(ledger.recordCalls).toBe(0)
    expect(ledger.saved.size).toBe(0)
    expect(readFileSync(join(directory, 'job-RUN1-all.csv'), 'utf8')).toBe('the last file, not uploaded yet')
  })

  it('writes nothing for a run that failed before finishing, so its rows are planned again', async () => {
    const ledger = new MemoryLedger([grace])
    const { handoff, files } = target(ledger)
    await handoff.create('user', { userName: 'k@example.com', active: true })
    await handoff.update('user', 'g1', [{ op: 'replace', path: 'active', value: false }])
    await handoff.close()
    expect(await handoff.finish()).toEqual([])
    expect(files()).toEqual([])
    expect(ledger.recordCalls).toBe(0)
  })

  it('refuses groups and an update of an account it never handed off', async () => {
    const { handoff } = target(new MemoryLedger())
    await expect(handoff.create('group', { displayName: 'Staff' })).rejects.toThrow(/user accounts only/)
    await expect(handoff.update('user', 'ghost', [])).rejects.toThrow(/No account ghost/)
  })
})

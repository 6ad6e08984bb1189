import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { type HttpBridge, startHttpBridge } from '../../../main/ipc/http-bridge'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { inTransaction, openDatabase, type WritableDB } from '../../../main/store/database'
import { insertLogEntries } from '../../../main/store/logs-store'
import { logEntry } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB
let dir: string

beforeEach(() => {
  dir = makeTempDir('provisioner-log-api-')
  db = openDatabase(join(dir, 'provisioner.db'))
  // 250 entries; every tenth a failure, one with a formula for a name.
  inTransaction(db, () =>
    insertLogEntries(
      db,
      Array.from({ length: 250 }, (_, index) =>
        logEntry({
          changeId: `c${index}`,
          time: new Date(Date.parse('2024-03-01T10:00:00Z') + index * 1_000).toISOString(),
          status: index % 10 === 0 ? 'failure' : 'success',
          sourceId: `E${index}`,
          sourceDisplay: index === 5 ? '=HYPERLINK("http://evil")' : `person${index}@example.com`,
        })
      )
    )
  )
})

afterEach(() => db.close())

const api = (chooseExportFile?: (name: string) => Promise<string | null>) =>
  new ProvisionerAdminApi({
    db,
    stateFolder: dir,
    secrets: new MemorySecretStore(),
    hub: new EventHub(),
    ...(chooseExportFile === undefined ? {} : { chooseExportFile }),
  })

describe('log pages both ways', () => {
  it('pages down by beforeId and back up by afterId to the same pages, with the cursors of each side', async () => {
    const first = await api().queryLogs({ limit: 100 })
    expect(first.previousAfterId).toBeNull()
    const second = await api().queryLogs({ limit: 100, beforeId: first.nextBeforeId ?? 0 })
    const third = await api().queryLogs({ limit: 100, beforeId: second.nextBeforeId ?? 0 })
    expect(third.entries).toHaveLength(50)
    expect(third.nextBeforeId).toBeNull()
    expect(second.previousAfterId).toBe(second.entries[0]?.id)

    // The window dropped the first page; scrolling back up reads it again, newest first.
    const backUp = await api().queryLogs({ limit: 100, afterId: second.previousAfterId ?? 0 })
    expect(backUp.entries.map(entry => entry.id)).toEqual(first.entries.map(entry => entry.id))
    expect(backUp.previousAfterId).toBeNull()
    expect(backUp.nextBeforeId).toBe(first.nextBeforeId)
    const partWay = await api().queryLogs({ limit: 100, afterId: third.entries[0]?.id ?? 0 })
    expect(partWay.entries.map(entry => entry.id)).toEqual(second.entries.map(entry => entry.id))
    expect(partWay.previousAfterId).toBe(partWay.entries[0]?.id)
  })

  it('counts the matches, capped, with the same filters as a page', async () => {
    expect(await api().countLogs({})).toEqual({ count: 250, capped: false })
    expect(await api().countLogs({ status: 'failure' })).toEqual({ count: 25, capped: false })
    expect(await api().countLogs({ identity: 'son24' })).toEqual({ count: 11, capped: false })
    expect(await dispatch(api(), 'countLogs', { limit: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })
})

describe('log export', () => {
  it('writes the filtered entries to the file the admin chose, formula-safe, for the owner only', async () => {
    const file = join(dir, 'chosen.csv')
    const suggested: string[] = []
    const result = await api(async name => {
      suggested.push(name)
      return file
    }).exportLogs({ format: 'csv', status: 'failure' })
    expect(result).toEqual({ saved: true, path: file, entries: 25 })
    expect(suggested[0]).toMatch(/^provisioner-logs-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/)
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>
    expect(rows).toHaveLength(25)
    expect(rows.map(row => row['changeId'])).toEqual(
      Array.from({ length: 25 }, (_, index) => `c${index * 10}`)
    )
    expect(rows[0]).toMatchObject({ status: 'failure', sourceId: 'E0' })
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('writes JSON Lines with exact values, reading past every page', async () => {
    const file = join(dir, 'all.jsonl')
    expect(await api(async () => file).exportLogs({ format: 'jsonl' })).toEqual({
      saved: true,
      path: file,
      entries: 250,
    })
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map(line => JSON.parse(line) as { sourceDisplay: string })
    expect(lines).toHaveLength(250)
    expect(lines[5]?.sourceDisplay).toBe('=HYPERLINK("http://evil")')
  })

  it('writes nothing when the admin cancels, and needs the desktop app', async () => {
    expect(await api(async () => null).exportLogs({ format: 'csv' })).toEqual({ saved: false })
    expect(await dispatch(api(), 'exportLogs', { format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    })
  })

  describe('as a download from the HTTP bridge (the browser UI)', () => {
    let bridge: HttpBridge
    beforeEach(async () => {
      const provisioner = api()
      bridge = await startHttpBridge(provisioner, new EventHub(), {
        allowedOrigin: 'http://localhost:5173',
        exportLogs: input => provisioner.logExport(input),
      })
    })
    afterEach(() => bridge.close())

    const download = (query: string) => fetch(`${bridge.url}/export/logs?${query}`)

    it('sends the CSV as an attachment, spreadsheet formulas neutralised', async () => {
      const input = encodeURIComponent(JSON.stringify({ format: 'csv', identity: 'HYPERLINK' }))
      const response = await download(`token=${bridge.token}&input=${input}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="provisioner-logs-.*\.csv"$/
      )
      const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>
      expect(rows.map(row => row['sourceDisplay'])).toEqual([`'=HYPERLINK("http://evil")`])
    })

    it('refuses a wrong token and an input the API would refuse', async () => {
      const input = encodeURIComponent(JSON.stringify({ format: 'csv' }))
      expect((await download(`token=wrong&input=${input}`)).status).toBe(401)
      const bad = encodeURIComponent(JSON.stringify({ format: 'xlsx' }))
      expect((await download(`token=${bridge.token}&input=${bad}`)).status).toBe(400)
      expect((await download(`token=${bridge.token}&input=not-json`)).status).toBe(400)
    })
  })
})

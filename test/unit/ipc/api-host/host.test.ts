import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { databasePath } from '../../../../main/config/app-paths'
import { serveApiHost } from '../../../../main/ipc/api-host/host'
import type { FromHost, HostInit, ToHost } from '../../../../main/ipc/api-host/protocol'
import { openDatabase } from '../../../../main/store/database'
import { saveJob } from '../../../../main/store/jobs-store'
import { createRun } from '../../../../main/store/runs-store'
import { makeTempDir } from '../../../helpers/temp-dir'

/** The parent's end, played by the test: what the host posted, and a way to post to it. */
function parent(init: Partial<HostInit> = {}) {
  const home = init.home ?? makeTempDir('provisioner-host-')
  const received: FromHost[] = []
  const listeners: Array<(message: ToHost) => void> = []
  const exit = vi.fn()
  const host = serveApiHost(
    {
      post: message => received.push(structuredClone(message)),
      onMessage: listener => listeners.push(listener),
    },
    { exit }
  )
  const send = (message: ToHost) => listeners.forEach(listener => listener(structuredClone(message)))
  send({ kind: 'init', init: { home, program: 'web', capabilities: [], ...init } })
  const next = async (kind: FromHost['kind']) => {
    await vi.waitFor(() => expect(received.some(message => message.kind === kind)).toBe(true))
    return received.find(message => message.kind === kind)!
  }
  return { home, received, send, next, exit, host }
}

describe('the API host', () => {
  it('opens the store, answers calls with the API envelope, and closes the database on shutdown', async () => {
    const { home, send, next, exit, received } = parent()
    await next('ready')
    send({ kind: 'call', id: 1, method: 'getRun', input: { runId: 'nope' } })
    expect(await next('result')).toEqual({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'not-found', message: 'No run with id "nope"' } },
    })
    send({ kind: 'shutdown' })
    await next('closed')
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0))
    // SQLite removes the write-ahead log when the last connection closes.
    expect(existsSync(`${databasePath(home)}-wal`)).toBe(false)
    // Calls after shutdown are not served.
    send({ kind: 'call', id: 2, method: 'listJobs', input: undefined })
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(received.filter(message => message.kind === 'result')).toHaveLength(1)
  })

  it('forwards its hub’s events: a run another process starts, seen by its state watcher', async () => {
    const { home, next, send } = parent({ watchIntervalMs: 10 })
    await next('ready')
    const db = openDatabase(databasePath(home))
    saveJob(db, { id: 'hr', name: 'HR', config: {}, configPath: null })
    createRun(db, { id: 'run-1', jobId: 'hr', mode: 'apply' })
    db.close()
    expect(await next('event')).toEqual({
      kind: 'event',
      event: 'runStarted',
      payload: { runId: 'run-1', jobId: 'hr', mode: 'apply' },
    })
    send({ kind: 'shutdown' })
    await next('closed')
  })

  it('runs what the parent’s scheduler asks on a connection of its own, answers how it ended, and closes that connection on shutdown', async () => {
    const { home, next, send } = parent()
    await next('ready')
    const db = openDatabase(databasePath(home))
    saveJob(db, { id: 'hr', name: 'HR', config: {}, configPath: null })
    db.close()
    send({ kind: 'scheduled-run', id: 7, jobId: 'hr' })
    expect(await next('scheduled-result')).toEqual({
      kind: 'scheduled-result',
      id: 7,
      result: { kind: 'failed', message: 'Job "hr" has no job file on record' },
    })
    send({ kind: 'shutdown' })
    await next('closed')
    // The write-ahead log goes with the last connection: the run's own one is closed as well.
    expect(existsSync(`${databasePath(home)}-wal`)).toBe(false)
  })

  it('asks the parent for what it said it can do (a file dialog) and uses the reply', async () => {
    const { next, send, received } = parent({ capabilities: ['chooseFile'] })
    await next('ready')
    send({ kind: 'call', id: 1, method: 'getOverview', input: undefined })
    expect(await next('result')).toMatchObject({ result: { ok: true, value: { nativeDialogs: true } } })
    send({ kind: 'call', id: 2, method: 'chooseFile', input: { purpose: 'source-csv' } })
    const ask = await next('ask')
    expect(ask).toMatchObject({ capability: 'chooseFile', args: [{ purpose: 'source-csv' }] })
    send({
      kind: 'reply',
      id: ask.kind === 'ask' ? ask.id : -1,
      result: { ok: true, value: '/data/people.csv' },
    })
    await vi.waitFor(() =>
      expect(received).toContainEqual({
        kind: 'result',
        id: 2,
        result: { ok: true, value: { path: '/data/people.csv' } },
      })
    )
    send({ kind: 'shutdown' })
    await next('closed')
  })

  it('says why it cannot open the store and exits non-zero', async () => {
    const home = makeTempDir('provisioner-host-')
    writeFileSync(
      join(home, 'provisioner.db'),
      'this is not a SQLite database, it is a text file '.repeat(50)
    )
    const { next, exit } = parent({ home })
    const failed = await next('failed')
    expect(failed.kind === 'failed' ? failed.message : '').toMatch(/provisioner\.db/)
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1))
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppLog } from '../../../../main/app-log/app-log'
import { dispatch } from '../../../../main/ipc/api/dispatch'
import { EventHub } from '../../../../main/ipc/api/event-hub'
import { remoteAdminApi, type RemoteAdminApiOptions } from '../../../../main/ipc/api-host/remote-admin-api'
import type { FromHost, LinkExit, MessageLink, ToHost } from '../../../../main/ipc/api-host/protocol'

/** A child process played by the test: it sees what the parent posts and answers by hand. */
class FakeLink implements MessageLink {
  public readonly posted: ToHost[] = []
  public readonly kill = vi.fn(() => this.exit({ code: null, signal: 'SIGKILL' }))
  public readonly pid = 4242
  private readonly listeners: Array<(message: FromHost) => void> = []
  private readonly exits: Array<(exit: LinkExit) => void> = []

  public post(message: ToHost): void {
    this.posted.push(message)
  }

  public onMessage(listener: (message: FromHost) => void): void {
    this.listeners.push(listener)
  }

  public onExit(listener: (exit: LinkExit) => void): void {
    this.exits.push(listener)
  }

  public send(message: FromHost): void {
    this.listeners.forEach(listener => listener(message))
  }

  public exit(exit: LinkExit): void {
    this.exits.splice(0).forEach(listener => listener(exit))
  }

  /** The id of the last call of `method` the parent sent. */
  public callId(method: string): number {
    const call = this.posted.filter(message => message.kind === 'call' && message.method === method).at(-1)
    if (call?.kind !== 'call') throw new Error(`no ${method} call posted`)
    return call.id
  }
}

function recordingLog(): AppLog & { readonly lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = []
  return {
    file: null,
    lines,
    info: message => lines.push({ level: 'info', message }),
    warn: message => lines.push({ level: 'warn', message }),
    error: message => lines.push({ level: 'error', message }),
    close: () => undefined,
  }
}

function setUp(options: Partial<RemoteAdminApiOptions> = {}) {
  const links: FakeLink[] = []
  const log = recordingLog()
  const hub = new EventHub()
  const api = remoteAdminApi({
    spawn: () => {
      const link = new FakeLink()
      links.push(link)
      return link
    },
    init: { home: '/state', program: 'web' },
    hub,
    log,
    ...options,
  })
  return { api, links, log, hub }
}

const tick = () => new Promise(resolve => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('remoteAdminApi', () => {
  it('sends init first, then each call as {id, method, input}, and gives back the host’s answer', async () => {
    const { api, links } = setUp({ capabilities: { chooseExportFile: async () => null } })
    const answer = dispatch(api, 'getRun', { runId: 'r1' })
    await tick()
    const link = links[0]!
    expect(link.posted[0]).toEqual({
      kind: 'init',
      init: { home: '/state', program: 'web', capabilities: ['chooseExportFile'] },
    })
    link.send({ kind: 'ready' })
    await tick()
    expect(link.posted[1]).toEqual({ kind: 'call', id: 1, method: 'getRun', input: { runId: 'r1' } })
    link.send({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'not-found', message: 'No run with id "r1"' } },
    })
    expect(await answer).toEqual({ ok: false, error: { code: 'not-found', message: 'No run with id "r1"' } })
  })

  it('when the host dies, the calls it owed answer internal, the log says why, and the next call starts a new host', async () => {
    const { api, links, log } = setUp()
    const first = dispatch(api, 'listJobs', undefined)
    const second = dispatch(api, 'getDashboard', undefined)
    links[0]!.send({ kind: 'ready' })
    await tick()
    links[0]!.exit({ code: null, signal: 'SIGSEGV' })
    for (const answer of [await first, await second]) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } })
      expect(answer.ok ? '' : answer.error.message).toMatch(/engine process stopped before it answered/)
    }
    expect(log.lines).toContainEqual({
      level: 'error',
      message: 'the engine process stopped unexpectedly; the next call starts it again',
    })

    const third = dispatch(api, 'listJobs', undefined)
    await tick()
    expect(links).toHaveLength(2)
    links[1]!.send({ kind: 'ready' })
    await tick()
    links[1]!.send({ kind: 'result', id: links[1]!.callId('listJobs'), result: { ok: true, value: [] } })
    expect(await third).toEqual({ ok: true, value: [] })
  })

  it('runs a scheduled job in the host (no API call); a host that dies during it gives a failed result, and the next run starts a new host', async () => {
    const { api, links, log } = setUp()
    const first = api.runScheduledJob('hr')
    links[0]!.send({ kind: 'ready' })
    await tick()
    expect(links[0]!.posted.slice(1)).toEqual([{ kind: 'scheduled-run', id: 1, jobId: 'hr' }])
    links[0]!.exit({ code: null, signal: 'SIGKILL' })
    expect(await first).toEqual({
      kind: 'failed',
      message: expect.stringMatching(/engine process stopped before it answered/),
    })
    expect(log.lines).toContainEqual({
      level: 'error',
      message: 'the engine process stopped unexpectedly; the next call starts it again',
    })

    const second = api.runScheduledJob('hr')
    await tick()
    expect(links).toHaveLength(2)
    links[1]!.send({ kind: 'ready' })
    await tick()
    const ran = { kind: 'skipped', reason: 'The job file no longer has a schedule' } as const
    links[1]!.send({ kind: 'scheduled-result', id: 1, result: ran })
    expect(await second).toEqual(ran)

    // A host that cannot start is a failed run too, never a throw.
    links[1]!.exit({ code: 0 })
    const third = api.runScheduledJob('hr')
    await tick()
    links[2]!.send({ kind: 'failed', message: 'The state database is damaged' })
    expect(await third).toEqual({
      kind: 'failed',
      message: 'The engine process could not start: The state database is damaged',
    })
    await api.close()
    expect(await api.runScheduledJob('hr')).toEqual({ kind: 'failed', message: 'The app is shutting down' })
  })

  it('a host that cannot open the store answers internal with its reason, and is tried again next call', async () => {
    const { api, links, log } = setUp()
    const answer = dispatch(api, 'listJobs', undefined)
    await tick()
    links[0]!.send({ kind: 'failed', message: 'The state database /state/provisioner.db is damaged' })
    links[0]!.exit({ code: 1 })
    expect(await answer).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'The engine process could not start: The state database /state/provisioner.db is damaged',
      },
    })
    expect(log.lines.map(line => line.message)).toContain('the engine process could not start')
    void dispatch(api, 'listJobs', undefined)
    await tick()
    expect(links).toHaveLength(2)
  })

  it('a quick call with no answer in time answers internal; a dry run waits as long as it takes', async () => {
    vi.useFakeTimers()
    const { api, links, log } = setUp({ callTimeoutMs: 60_000 })
    const list = dispatch(api, 'listJobs', undefined)
    const plan = dispatch(api, 'planJob', { jobId: 'hr' })
    await vi.advanceTimersByTimeAsync(0)
    links[0]!.send({ kind: 'ready' })
    await vi.advanceTimersByTimeAsync(60_001)
    expect(await list).toEqual({
      ok: false,
      error: { code: 'internal', message: 'No answer to listJobs within 60 s' },
    })
    expect(log.lines).toContainEqual({ level: 'warn', message: 'the engine process did not answer in time' })
    // The late answer is dropped; the dry run is still awaited.
    links[0]!.send({ kind: 'result', id: links[0]!.callId('listJobs'), result: { ok: true, value: [] } })
    await vi.advanceTimersByTimeAsync(3_600_000)
    let planned: unknown = null
    void plan.then(result => (planned = result))
    await vi.advanceTimersByTimeAsync(0)
    expect(planned).toBeNull()
    const summary = { ok: true as const, value: { runId: 'r1' } }
    links[0]!.send({ kind: 'result', id: links[0]!.callId('planJob'), result: summary })
    expect(await plan).toEqual(summary)
  })

  it('forwards the host’s events to the parent’s hub', async () => {
    const { api, links, hub } = setUp()
    const seen: unknown[] = []
    hub.on('runFinished', payload => seen.push(payload))
    void api.start()
    const payload = { runId: 'r1', jobId: 'hr', mode: 'dry-run', status: 'completed', summary: null } as const
    links[0]!.send({ kind: 'event', event: 'runFinished', payload })
    expect(seen).toEqual([payload])
  })

  it('answers the host’s asks with the parent’s capability, and refuses one it lacks', async () => {
    const { api, links } = setUp({ capabilities: { chooseExportFile: async name => `/exports/${name}` } })
    void api.start()
    const link = links[0]!
    link.send({ kind: 'ask', id: 7, capability: 'chooseExportFile', args: ['logs.csv'] })
    link.send({ kind: 'ask', id: 8, capability: 'renderPdf', args: ['<html>'] })
    await tick()
    expect(link.posted.filter(message => message.kind === 'reply')).toEqual([
      {
        kind: 'reply',
        id: 8,
        result: { ok: false, error: { code: 'unsupported', message: 'Not available here: renderPdf' } },
      },
      { kind: 'reply', id: 7, result: { ok: true, value: '/exports/logs.csv' } },
    ])
  })

  it('answers methods the parent keeps (UI settings) without the host', async () => {
    const settings = { theme: 'dark', expressionSampleMany: false } as const
    const { api, links } = setUp({ local: { getUiSettings: async () => settings } })
    expect(await dispatch(api, 'getUiSettings', undefined)).toEqual({ ok: true, value: settings })
    expect(links).toHaveLength(0)
  })

  it('pulls a log export chunk by chunk and ends it early when the download stops', async () => {
    const { api, links } = setUp()
    const opening = api.logExport({ format: 'csv' })
    await tick()
    const link = links[0]!
    link.send({ kind: 'ready' })
    await tick()
    const open = link.posted.find(message => message.kind === 'export')!
    expect(open).toMatchObject({ kind: 'export', input: { format: 'csv' } })
    const exportId = open.kind === 'export' ? open.id : -1
    const head = { fileName: 'logs.csv', contentType: 'text/csv; charset=utf-8' }
    link.send({ kind: 'export-head', id: exportId, result: { ok: true, value: head } })
    const download = await opening
    expect(download).toMatchObject(head)
    const next = download.chunks.next()
    await tick()
    const pull = link.posted.at(-1)!
    expect(pull).toMatchObject({ kind: 'pull', export: exportId })
    link.send({ kind: 'chunk', id: pull.kind === 'pull' ? pull.id : -1, text: '"time"\n' })
    expect(await next).toEqual({ done: false, value: '"time"\n' })
    await download.chunks.return?.()
    expect(link.posted.at(-1)).toEqual({ kind: 'end-export', export: exportId })
  })

  it('close() asks the host to shut down and kills one that does not exit in time', async () => {
    vi.useFakeTimers()
    const { api, links, log } = setUp({ closeTimeoutMs: 5_000 })
    void api.start()
    links[0]!.send({ kind: 'ready' })
    const closing = api.close()
    expect(links[0]!.posted.at(-1)).toEqual({ kind: 'shutdown' })
    await vi.advanceTimersByTimeAsync(5_001)
    await closing
    expect(links[0]!.kill).toHaveBeenCalledOnce()
    expect(log.lines).toContainEqual({
      level: 'warn',
      message: 'the engine process did not stop in time; ending it',
    })
    // An expected exit is no error, and a closed API starts no other host.
    expect(log.lines.filter(line => line.level === 'error')).toEqual([])
    expect(await dispatch(api, 'listJobs', undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    expect(links).toHaveLength(1)
  })
})

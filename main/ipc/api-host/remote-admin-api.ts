/**
 * The admin API as the parent process sees it: every call goes to the API host process and
 * comes back as the same `ApiResult`, so the HTTP bridge and Electron's IPC serve it exactly as
 * they served the in-process `ProvisionerAdminApi` (the renderer's contract does not change).
 *
 * When the host dies, the calls it owed answer with an internal error, the application log says
 * why, and the next call starts a new host.
 */
import type { AppLog } from '../../app-log/app-log'
import { ERROR_TABLE } from '../../model/errors'
import type { ScheduledRunResult } from '../../schedule/scheduled-run'
import { type AdminApi, API_METHODS, type ApiMethod, type LogExportInput } from '../api/contract'
import { ApiError } from '../api/dispatch'
import type { EventHub } from '../api/event-hub'
import type { ExportDownload } from '../http-bridge'
import { HostConnection } from './host-connection'
import type { Capabilities, FromHost, HostInit, LinkExit, MessageLink } from './protocol'

export interface RemoteAdminApiOptions {
  /** Starts a host process; called again after one died. */
  readonly spawn: () => MessageLink
  readonly init: Omit<HostInit, 'capabilities'>
  /** The parent's hub: the host's events are emitted here. */
  readonly hub: EventHub
  readonly log: AppLog
  /** What the parent does when the host asks (dialogs, PDF, schedules). */
  readonly capabilities?: Partial<Capabilities>
  /** Methods the parent answers itself, never the host (the desktop app's UI settings). */
  readonly local?: Partial<AdminApi>
  /** A call other than those in `UNTIMED_CALLS` answers `internal` after this long (default 10 min). */
  readonly callTimeoutMs?: number
  /** How long `close()` waits for the host to close the database before killing it (default 10 s). */
  readonly closeTimeoutMs?: number
}

export interface RemoteAdminApiControl {
  /** Starts the host now and resolves once it opened the store (rejects with why it could not). */
  start(): Promise<void>
  /** The log export as a download, streamed from the host chunk by chunk. */
  logExport(input: LogExportInput): Promise<ExportDownload>
  /**
   * Runs a job unattended in the host (the desktop scheduler's runs). Never throws: a host that
   * cannot start or dies during the run is a `failed` result (and the next run starts a new host).
   */
  runScheduledJob(jobId: string): Promise<ScheduledRunResult>
  /** Stops the host (database closed) and starts no other. */
  close(): Promise<void>
  /** The host's process id, for tests and diagnostics (null when none runs). */
  readonly hostPid: () => number | null
}

export type RemoteAdminApi = AdminApi & RemoteAdminApiControl

/**
 * Calls that may rightly take longer than any timeout: they run the engine against a source or
 * a target of any size, or wait for the admin in a dialog.
 */
const UNTIMED_CALLS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'planJob',
  'applyPlan',
  'approveStagedDeletions',
  'restartJob',
  'provisionOnDemand',
  'previewUndo',
  'applyUndo',
  'refreshAccess',
  'testConnection',
  'previewSource',
  'listSourcePeople',
  'searchSourcePeople',
  'previewScoping',
  'getMatchingWorkbench',
  'startSandbox',
  'exportLogs',
  'exportMatchingTab',
  'saveReviewPdf',
  'chooseFile',
])

const HOST_GONE =
  'The engine process stopped before it answered; it starts again with the next action. ' +
  'See the application log (the logs folder in the state folder).'

export function remoteAdminApi(options: RemoteAdminApiOptions): RemoteAdminApi {
  const client = new HostClient(options)
  const methods = Object.fromEntries(
    API_METHODS.map(method => {
      const local = options.local?.[method] as ((input: unknown) => Promise<unknown>) | undefined
      return [method, local?.bind(options.local) ?? ((input: unknown) => client.call(method, input))]
    })
  ) as unknown as AdminApi
  const control: RemoteAdminApiControl = {
    start: () => client.connection().ready,
    logExport: input => client.logExport(input),
    runScheduledJob: jobId => client.runScheduledJob(jobId),
    close: () => client.close(),
    hostPid: () => client.pid,
  }
  return Object.assign(methods, control)
}

class HostClient {
  private current: { readonly connection: HostConnection; readonly link: MessageLink } | null = null
  private closed = false

  public constructor(private readonly options: RemoteAdminApiOptions) {}

  public get pid(): number | null {
    return this.current?.link.pid ?? null
  }

  public connection(): HostConnection {
    if (this.closed) throw new ApiError(ERROR_TABLE.internal.apiCode, 'The app is shutting down')
    if (this.current !== null) return this.current.connection
    const link = this.options.spawn()
    const connection = new HostConnection({
      link,
      init: { ...this.options.init, capabilities: capabilityNames(this.options.capabilities) },
      hub: this.options.hub,
      log: this.options.log,
      capabilities: this.options.capabilities ?? {},
      onExit: (exit, expected) => this.ended(connection, exit, expected),
    })
    this.current = { connection, link }
    return connection
  }

  public async call(method: ApiMethod, input: unknown): Promise<unknown> {
    const connection = await this.started()
    const { id, answer } = connection.request(id => ({ kind: 'call', id, method, input }))
    const message = await this.timed(connection, id, method, answer)
    if (message?.kind !== 'result') throw hostGone()
    if (message.result.ok) return message.result.value
    const { code, message: text, issues, located } = message.result.error
    throw new ApiError(code, text, issues, located)
  }

  public async logExport(input: LogExportInput): Promise<ExportDownload> {
    const connection = await this.started()
    const { id, answer } = connection.request(id => ({ kind: 'export', id, input }))
    const head = await answer
    if (head?.kind !== 'export-head') throw hostGone()
    if (!head.result.ok) throw new ApiError(head.result.error.code, head.result.error.message)
    return { ...head.result.value, chunks: exportChunks(connection, id) }
  }

  public async runScheduledJob(jobId: string): Promise<ScheduledRunResult> {
    try {
      const connection = await this.started()
      const { answer } = connection.request(id => ({ kind: 'scheduled-run', id, jobId }))
      const message = await answer
      if (message?.kind !== 'scheduled-result') throw hostGone()
      return message.result
    } catch (error) {
      return { kind: 'failed', message: message(error) }
    }
  }

  public async close(): Promise<void> {
    this.closed = true
    await this.current?.connection.stop(this.options.closeTimeoutMs ?? 10_000)
  }

  private async started(): Promise<HostConnection> {
    const connection = this.connection()
    try {
      await connection.ready
    } catch (error) {
      this.options.log.error('the engine process could not start', error)
      throw new ApiError(
        ERROR_TABLE.internal.apiCode,
        `The engine process could not start: ${message(error)}`
      )
    }
    return connection
  }

  private timed(
    connection: HostConnection,
    id: number,
    method: ApiMethod,
    answer: Promise<FromHost | null>
  ): Promise<FromHost | null> {
    if (UNTIMED_CALLS.has(method)) return answer
    const limit = this.options.callTimeoutMs ?? 10 * 60_000
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        connection.forget(id)
        this.options.log.warn('the engine process did not answer in time', { method, limitMs: limit })
        reject(new ApiError(ERROR_TABLE.internal.apiCode, `No answer to ${method} within ${limit / 1000} s`))
      }, limit)
    })
    return Promise.race([answer, late]).finally(() => clearTimeout(timer))
  }

  private ended(connection: HostConnection, exit: LinkExit, expected: boolean): void {
    if (this.current?.connection === connection) this.current = null
    if (expected) return
    this.options.log.error(
      'the engine process stopped unexpectedly; the next call starts it again',
      new Error(`exit code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}`)
    )
  }
}

/** Pulls the export from the host one chunk at a time; `return()` ends it early (download aborted). */
function exportChunks(connection: HostConnection, id: number): AsyncIterator<string> {
  return {
    async next() {
      const { answer } = connection.request(pullId => ({ kind: 'pull', id: pullId, export: id }))
      const chunk = await answer
      if (chunk?.kind !== 'chunk') throw hostGone()
      if (chunk.error !== undefined) throw new Error(chunk.error)
      return chunk.text === null ? { done: true, value: undefined } : { done: false, value: chunk.text }
    },
    async return() {
      connection.post({ kind: 'end-export', export: id })
      return { done: true, value: undefined }
    },
  }
}

function capabilityNames(capabilities: Partial<Capabilities> | undefined): HostInit['capabilities'] {
  return Object.keys(capabilities ?? {}) as HostInit['capabilities']
}

function hostGone(): ApiError {
  return new ApiError(ERROR_TABLE.internal.apiCode, HOST_GONE)
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

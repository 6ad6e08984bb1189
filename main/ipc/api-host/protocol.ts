/**
 * The messages between the app's (or `npm run web`'s) own process and the API host: the process
 * that holds the engine, the state database and the keychain, so a long dry run never blocks
 * the window or the bridge.
 *
 * Every message is plain JSON data (no Buffers, no functions), so the same protocol runs over
 * Node's `child_process.fork` and Electron's `utilityProcess.fork`.
 */
import type {
  AdminEvents,
  ApiEvent,
  ApiMethod,
  ApiResult,
  ChooseFileInput,
  LogExportInput,
} from '../api/contract'
import type { ScheduledRunResult } from '../../schedule/scheduled-run'
import type { JobSchedule } from '../../schedule/scheduler'

/** One end of a channel to a child process, whatever carries it. */
export interface MessageLink {
  post(message: ToHost): void
  onMessage(listener: (message: FromHost) => void): void
  /** Called once when the child process ended, by itself or killed. */
  onExit(listener: (exit: LinkExit) => void): void
  /** Ends the child at once (when it did not stop in time). */
  kill(): void
  /** The child's process id, when the transport knows it. */
  readonly pid?: number | null
}

export interface LinkExit {
  readonly code: number | null
  readonly signal?: string | null
}

/** The host's side of the same channel. */
export interface HostPort {
  post(message: FromHost): void
  onMessage(listener: (message: ToHost) => void): void
}

/** What the host needs to open the store: sent first, before any call. */
export interface HostInit {
  /** The state folder (PROVISIONER_HOME). */
  readonly home: string
  /** Which program the application log names (the host writes its own lines there). */
  readonly program: 'app' | 'web'
  /** better-sqlite3 built for Electron's ABI, when the host is an Electron utility process. */
  readonly nativeBinding?: string
  /** `env:` references resolve here; absent = the host's own environment. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** What the parent does for the API (dialogs, PDF, the scheduler); the host asks it back. */
  readonly capabilities: ReadonlyArray<Capability>
  /** The state watcher's interval (default 500 ms). */
  readonly watchIntervalMs?: number
}

/**
 * What only the parent can do: a native dialog, Chromium's PDF printer, the desktop scheduler.
 * The host asks for it with `ask` and waits for the `reply`.
 */
export interface Capabilities {
  chooseFile(input: ChooseFileInput): Promise<string | null>
  chooseExportFile(suggestedName: string): Promise<string | null>
  /** The PDF as base64: the channel carries JSON only. */
  renderPdf(html: string): Promise<string>
  schedules(): Promise<ReadonlyArray<JobSchedule>>
}
export type Capability = keyof Capabilities

export type ToHost =
  | { readonly kind: 'init'; readonly init: HostInit }
  | { readonly kind: 'call'; readonly id: number; readonly method: ApiMethod; readonly input: unknown }
  /** Opens a log export as a download; each `pull` gets the next `chunk`. */
  | { readonly kind: 'export'; readonly id: number; readonly input: LogExportInput }
  /** `id` is this pull's own (the `chunk` answers it); `export` names the export. */
  | { readonly kind: 'pull'; readonly id: number; readonly export: number }
  | { readonly kind: 'end-export'; readonly export: number }
  | { readonly kind: 'reply'; readonly id: number; readonly result: ApiResult<unknown> }
  /**
   * The parent's scheduler says a job is due: the host runs it unattended and answers with a
   * `scheduled-result`. Not an API method: no renderer can ask for it.
   */
  | { readonly kind: 'scheduled-run'; readonly id: number; readonly jobId: string }
  | { readonly kind: 'shutdown' }

export type FromHost =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'result'; readonly id: number; readonly result: ApiResult<unknown> }
  | { readonly kind: 'event'; readonly event: ApiEvent; readonly payload: AdminEvents[ApiEvent] }
  | {
      readonly kind: 'export-head'
      readonly id: number
      readonly result: ApiResult<{ readonly fileName: string; readonly contentType: string }>
    }
  /** `text: null` = the export is complete. */
  | { readonly kind: 'chunk'; readonly id: number; readonly text: string | null; readonly error?: string }
  | { readonly kind: 'ask'; readonly id: number; readonly capability: Capability; readonly args: unknown[] }
  | { readonly kind: 'scheduled-result'; readonly id: number; readonly result: ScheduledRunResult }
  | { readonly kind: 'closed' }

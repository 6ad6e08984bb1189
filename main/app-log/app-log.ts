import { join } from 'node:path'
import { knownSecrets } from '../secrets/known-secrets'
import { makePrivateDirectory, restrictToOwner } from '../store/private-files'
import { safeText, safeValue } from './safe-values'

/**
 * The application log: what the app and the CLI did (starts, ends, runs) and what went wrong
 * inside them, with stack traces, as JSON lines in `logs/` of the state folder. It is for
 * diagnosing Provisioner itself; what happened to each person is the provisioning log (SQLite,
 * `provisioner logs`). Never holds a secret: every line is scrubbed (safe-values.ts).
 */
/** Facts about the event, as a flat object (nested values are kept, scrubbed, to a few levels). */
export type LogFields = object

export interface AppLog {
  /** The file lines go to now, to name in messages; null when nothing is written. */
  readonly file: string | null
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  /** An error with its stack trace and causes. */
  error(message: string, error: unknown, fields?: LogFields): void
  /** Writes what is pending and closes the file. */
  close(): void
}

/** Writes nothing: for tests, and when the log cannot be opened. */
export const NO_APP_LOG: AppLog = Object.freeze({
  file: null,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  close: () => undefined,
})

export interface AppLogOptions {
  /** The state folder; the files go in its `logs/` folder. */
  readonly home: string
  /** Which program writes the line (the app and the CLI share the files). */
  readonly program: 'cli' | 'app' | 'web'
  /** A file this large is closed and the next one started. */
  readonly maxFileBytes?: number
  /** Files kept, the current one included; older ones are deleted. */
  readonly keepFiles?: number
}

export const APP_LOG_DEFAULTS = { maxFileBytes: 5 * 1024 * 1024, keepFiles: 5 } as const

export function appLogFolder(home: string): string {
  return join(home, 'logs')
}

/**
 * Opens the log for appending (`logs/provisioner.N.log`, 0600 in a 0700 folder). Writes are
 * synchronous, in this thread: a line is on disk before the process can exit, and no worker
 * thread slows the CLI's start. A log that cannot be opened stops nothing: NO_APP_LOG then.
 */
export async function openAppLog(options: AppLogOptions): Promise<AppLog> {
  try {
    const folder = appLogFolder(options.home)
    makePrivateDirectory(folder)
    restrictToOwner(folder)
    // Loaded here, not at start-up: commands without a log (eval, help) do not pay for them.
    const [{ pino }, { default: roll }] = await Promise.all([import('pino'), import('pino-roll')])
    const destination = await roll({
      file: join(folder, 'provisioner'),
      extension: '.log',
      size: `${options.maxFileBytes ?? APP_LOG_DEFAULTS.maxFileBytes}b`,
      limit: { count: options.keepFiles ?? APP_LOG_DEFAULTS.keepFiles, removeOtherLogFiles: true },
      sync: true,
      mode: 0o600,
    })
    if (destination.fd < 0) return NO_APP_LOG
    // A full disk or a lost folder must not crash the program the log is about.
    destination.on('error', () => undefined)
    restrictToOwner(destination.file)
    const logger = pino(
      {
        base: { pid: process.pid, program: options.program },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: label => ({ level: label }) },
        // Errors arrive as pino's record, already scrubbed (below): its serializer must not redo it.
        serializers: { err: (value: unknown) => value },
      },
      destination
    )
    return {
      get file() {
        return destination.file
      },
      info: (message, fields = {}) => logger.info(safeValue(fields), safeText(message)),
      warn: (message, fields = {}) => logger.warn(safeValue(fields), safeText(message)),
      error: (message, error, fields = {}) => {
        const secrets = knownSecrets()
        // pino's record of an error: type, message, stack, causes and own fields.
        const record = error instanceof Error ? pino.stdSerializers.err(error) : { message: String(error) }
        logger.error(
          { ...(safeValue(fields, secrets) as object), err: safeValue(record, secrets) },
          safeText(message, secrets)
        )
      },
      close: () => destination.end(),
    }
  } catch {
    return NO_APP_LOG
  }
}

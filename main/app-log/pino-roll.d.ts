/** pino-roll ships no types: the part of its API this project uses. */
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events'

  export interface PinoRollOptions {
    /** Path without the number and extension: `logs/provisioner` → `logs/provisioner.1.log`. */
    readonly file: string
    readonly extension?: string
    /** Size at which the next file is started: a number with `b`, `k`, `m` or `g` (a bare number is MB). */
    readonly size?: string | number
    readonly limit?: { readonly count: number; readonly removeOtherLogFiles?: boolean }
    /** sonic-boom's own options. */
    readonly sync?: boolean
    readonly mode?: number
    readonly mkdir?: boolean
  }

  /** The sonic-boom stream it returns. */
  export interface RollingFile extends EventEmitter {
    /** The open file descriptor; -1 when the file could not be opened. */
    readonly fd: number
    /** The file written now (it changes when the log rolls over). */
    readonly file: string
    write(data: string): boolean
    end(): void
  }

  export default function roll(options: PinoRollOptions): Promise<RollingFile>
}

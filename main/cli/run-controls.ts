import type { RunHooks } from '../engine/run/run-context'
import { RunCancelledError } from '../engine/run/run-progress'
import type { RunSummary } from '../model/run'
import { ExitCode } from './exit-codes'
import { type CliIo, oneLine, writeLine } from './output'
import { TerminalProgress } from './progress-bar'

/** What a command that runs a job takes from the terminal: the progress bar and Ctrl+C. */
export interface RunControls {
  readonly hooks: RunHooks
  /** Ctrl+C was pressed: the run was asked to stop. */
  readonly interrupted: boolean
  /** The phase lines a run prints on a terminal (above the bar); none without a terminal. */
  readonly onPhase: ((phase: string, detail: string) => void) | undefined
  /** Hides the bar while the admin answers a question. */
  hold(): void
  resume(): void
  /** Clears the bar and stops listening for Ctrl+C: call before the final output. */
  close(): void
}

/** The process as far as Ctrl+C goes (a test passes its own). */
export interface InterruptSource {
  on(event: 'SIGINT', listener: () => void): unknown
  off(event: 'SIGINT', listener: () => void): unknown
  exit(code: number): never
}

const BAR_TICK_MS = 250

/**
 * A progress bar on stderr when it is a terminal and the output is not `--json`; Ctrl+C cancels
 * the run (the writes in flight finish, no new one starts, the run is recorded `cancelled`), a
 * second Ctrl+C exits at once with 130 (the next run settles the writes it left in flight).
 */
export function startRunControls(
  io: CliIo,
  options: { readonly json: boolean },
  interrupts: InterruptSource = process
): RunControls {
  const terminal = io.stderr.isTTY === true
  const columns = () => (io.stderr as { columns?: number }).columns ?? 80
  const bar = terminal && !options.json ? new TerminalProgress(io.stderr, { width: columns }) : null
  const timer = bar === null ? null : setInterval(() => bar.tick(), BAR_TICK_MS)
  timer?.unref()
  const controller = new AbortController()
  let presses = 0
  const onInterrupt = () => {
    presses++
    bar?.hold()
    if (presses === 1) {
      controller.abort(new RunCancelledError())
      writeLine(
        io.stderr,
        'Cancelling: the writes in flight finish, no new one starts (Ctrl+C again stops at once)'
      )
      bar?.resume()
      return
    }
    writeLine(io.stderr, 'Stopped at once; the next run settles the writes that were in flight')
    interrupts.exit(ExitCode.Cancelled)
  }
  interrupts.on('SIGINT', onInterrupt)
  return {
    hooks: { signal: controller.signal, onProgress: (_runId, progress) => bar?.update(progress) },
    get interrupted() {
      return presses > 0
    },
    onPhase: terminal
      ? (_phase, detail) => {
          bar?.clear()
          writeLine(io.stderr, `… ${oneLine(detail)}`)
        }
      : undefined,
    hold: () => bar?.hold(),
    resume: () => bar?.resume(),
    close() {
      if (timer !== null) clearInterval(timer)
      bar?.hold()
      interrupts.off('SIGINT', onInterrupt)
    },
  }
}

/** Writes a run sent before it stopped (creates, updates, disables, enables, deletes). */
export function writesDone(summary: RunSummary): number {
  const { users, groups } = summary
  return (
    users.create +
    users.update +
    users.disable +
    users.enable +
    users.delete +
    groups.create +
    groups.update +
    groups.delete
  )
}

/** The one line a cancelled run ends with. */
export function cancelledNote(runId: string | null, summary: RunSummary): string {
  const writes = writesDone(summary)
  return oneLine(
    `Cancelled: run ${runId ?? '(none)'} stopped after ${writes} change(s); ` +
      'the next run carries on from there.'
  )
}

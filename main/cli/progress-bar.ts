import type { Writable } from 'node:stream'
import type { RunPhase, RunProgress } from '../model/run'

const PHASE_WORDS: Readonly<Record<RunPhase, string>> = {
  'reading-source': 'Reading source',
  'reading-target': 'Reading target',
  planning: 'Planning',
  applying: 'Applying',
  finishing: 'Finishing',
}
const PHASE_WIDTH = 14
const BAR_MIN = 10
const BAR_MAX = 30

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = String(whole % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/**
 * One line of at most `width - 1` columns (the last column would wrap on some terminals):
 * `Applying       [#########-----------]  40/120  12.5/s  ETA 0:07  2 failed`.
 * Without a total (a source read as it streams) there is no bar: `Reading source  1,200 read  400/s`.
 */
export function renderProgressBar(progress: RunProgress, width: number): string {
  const phase = PHASE_WORDS[progress.phase].padEnd(PHASE_WIDTH)
  const count =
    progress.total === null
      ? `${progress.done.toLocaleString('en-US')} read`
      : `${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`
  const details = [
    count,
    progress.ratePerSecond === null ? null : `${progress.ratePerSecond.toLocaleString('en-US')}/s`,
    progress.etaSeconds === null ? null : `ETA ${formatDuration(progress.etaSeconds)}`,
    progress.failures === 0 ? null : `${progress.failures.toLocaleString('en-US')} failed`,
  ].filter(part => part !== null)
  const tail = details.join('  ')
  // The line: phase, a space, "[bar]", two spaces, the details; the last column stays free.
  const room = width - 1 - (phase.length + 1) - tail.length - 4
  const bar = progress.total === null || room < BAR_MIN ? '' : `${barOf(progress, Math.min(BAR_MAX, room))}  `
  return `${phase} ${bar}${tail}`.slice(0, Math.max(0, width - 1))
}

function barOf({ done, total }: RunProgress, width: number): string {
  const filled = total === null || total === 0 ? width : Math.min(width, Math.floor((done / total) * width))
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

export interface TerminalProgressOptions {
  /** Epoch ms (injectable for tests). */
  readonly clock?: () => number
  /** The terminal's columns now (it may be resized). */
  readonly width?: () => number
  /** Nothing shows before the run has taken this long (default 1 s: a quick run prints no bar). */
  readonly delayMs?: number
  /** Least time between redraws (default 200 ms). */
  readonly minRedrawMs?: number
}

const CLEAR_LINE = '\r\u001b[2K'

/**
 * A progress bar on one terminal line (stderr), redrawn in place a few times a second at most,
 * once the run has taken a second. `clear` removes it before anything else is written.
 */
export class TerminalProgress {
  private readonly clock: () => number
  private readonly width: () => number
  private readonly delayMs: number
  private readonly minRedrawMs: number
  private readonly started: number
  private latest: RunProgress | null = null
  private lastDraw = -Infinity
  private shown = false
  private held = false

  public constructor(
    private readonly stream: Writable,
    options: TerminalProgressOptions = {}
  ) {
    this.clock = options.clock ?? Date.now
    this.width = options.width ?? (() => 80)
    this.delayMs = options.delayMs ?? 1_000
    this.minRedrawMs = options.minRedrawMs ?? 200
    this.started = this.clock()
  }

  /** The run's latest progress: drawn when due. */
  public update(progress: RunProgress): void {
    this.latest = progress
    this.tick()
  }

  /** Draws the latest progress if due (a timer calls it, so a stalled run's bar still appears). */
  public tick(): void {
    const now = this.clock()
    if (this.latest === null || this.held || now - this.started < this.delayMs) return
    if (now - this.lastDraw < this.minRedrawMs) return
    this.stream.write(`${CLEAR_LINE}${renderProgressBar(this.latest, this.width())}`)
    this.lastDraw = now
    this.shown = true
  }

  /** Removes the bar from the screen (it comes back at the next update unless `hold`). */
  public clear(): void {
    if (!this.shown) return
    this.stream.write(CLEAR_LINE)
    this.shown = false
    this.lastDraw = -Infinity
  }

  /** Clears the bar and draws no more (a question for the admin, the final output). */
  public hold(): void {
    this.clear()
    this.held = true
  }

  /** Draws again after `hold`. */
  public resume(): void {
    this.held = false
    this.tick()
  }
}

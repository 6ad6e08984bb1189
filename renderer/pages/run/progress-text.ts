import { RUN_PHASES, type RunPhase, type RunProgress } from '../../../main/ipc/api/contract'

/** Each stage of a run in an admin's words (what the run is doing, not the engine's name for it). */
export const PHASE_LABELS: Readonly<Record<RunPhase, string>> = {
  'reading-source': 'Reading the people in the source',
  'reading-target': "Reading the app's accounts",
  planning: 'Working out the changes',
  applying: 'Writing the changes to the app',
  finishing: 'Finishing: recording the result',
}

/** What a stage counts, one and many ("40 of 120 changes done"). */
const PHASE_UNITS: Readonly<Record<RunPhase, readonly [string, string]>> = {
  'reading-source': ['person read', 'people read'],
  'reading-target': ['account read', 'accounts read'],
  planning: ['person compared', 'people compared'],
  applying: ['change done', 'changes done'],
  // Finishing counts nothing of its own: it shows the writes' last count (`shownProgress`).
  finishing: ['change done', 'changes done'],
}

/** Locale for numbers; the OS's when absent (tests pin it). */
export type Locale = string | undefined

const count = (value: number, locale: Locale) => value.toLocaleString(locale)

/** "40 of 120 changes done", or "1,200 people read" while the stage's total is unknown. */
export function countText(progress: RunProgress, locale?: Locale): string {
  const { done, total } = progress
  const [one, many] = PHASE_UNITS[progress.phase]
  if (total === null) return `${count(done, locale)} ${done === 1 ? one : many}`
  return `${count(done, locale)} of ${count(total, locale)} ${total === 1 ? one : many}`
}

/**
 * How far the stage is, 0 to 1; null while its total is unknown (an indeterminate bar). Rounded
 * down in the text, so 100 % shows only when everything is done.
 */
export function fraction(progress: RunProgress): number | null {
  const { done, total } = progress
  if (total === null) return null
  if (total <= 0) return 1
  return Math.min(1, Math.max(0, done / total))
}

export function percentText(progress: RunProgress): string | null {
  const value = fraction(progress)
  return value === null ? null : `${Math.floor(value * 100)} %`
}

/** "1,240/s"; below ten a decimal ("2.5/s"), so a slow app does not read as "0/s". */
export function rateText(ratePerSecond: number | null, locale?: Locale): string | null {
  if (ratePerSecond === null || !Number.isFinite(ratePerSecond) || ratePerSecond < 0) return null
  const digits = ratePerSecond < 10 ? 1 : 0
  const shown = ratePerSecond.toLocaleString(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  })
  return `${shown}/s`
}

/**
 * "about 2 min left": rough on purpose (a rate moves), so the words never promise a precision
 * the estimate does not have.
 */
export function etaText(etaSeconds: number | null): string | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null
  if (etaSeconds < 10) return 'a few seconds left'
  if (etaSeconds < 55) return `about ${Math.round(etaSeconds / 10) * 10} s left`
  const minutes = Math.round(etaSeconds / 60)
  if (minutes < 60) return `about ${minutes} min left`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`
}

/** "40 of 120 changes done · 33 % · 12/s · about 10 s left": the parts that are known. */
export function progressLine(progress: RunProgress, locale?: Locale): string {
  return [
    countText(progress, locale),
    percentText(progress),
    rateText(progress.ratePerSecond, locale),
    etaText(progress.etaSeconds),
  ]
    .filter(part => part !== null)
    .join(' · ')
}

/** "2 failed so far". */
export function failuresText(failures: number, locale?: Locale): string {
  return `${count(failures, locale)} failed so far`
}

/**
 * The later of two readings of one run (an event and a stored row may arrive in either order):
 * a later stage wins, then more done. Failures never go down.
 */
export function latestProgress(a: RunProgress | null, b: RunProgress | null): RunProgress | null {
  if (a === null) return b
  if (b === null) return a
  const order = RUN_PHASES.indexOf(a.phase) - RUN_PHASES.indexOf(b.phase)
  const later = order > 0 || (order === 0 && a.done >= b.done) ? a : b
  return { ...later, failures: Math.max(a.failures, b.failures) }
}

/**
 * What the bar shows: the stage's own progress, except while finishing, which counts nothing
 * of its own: the writes' last count stays (100 %, or where a cancel stopped them).
 */
export function shownProgress(current: RunProgress | null, writes: RunProgress | null): RunProgress | null {
  if (current?.phase !== 'finishing' || writes === null) return current
  return { ...writes, phase: 'finishing', ratePerSecond: null, etaSeconds: null, failures: current.failures }
}

/** The numbers under the bar; none for a stage that has nothing to count yet. */
export function numbersLine(progress: RunProgress | null, locale?: Locale): string | null {
  if (progress === null || (progress.phase === 'finishing' && progress.total === null)) return null
  return progressLine(progress, locale)
}

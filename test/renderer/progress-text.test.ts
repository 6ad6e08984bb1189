import { describe, expect, it } from 'vitest'
import type { RunProgress } from '../../main/ipc/api/contract'
import {
  countText,
  etaText,
  failuresText,
  fraction,
  latestProgress,
  numbersLine,
  PHASE_LABELS,
  percentText,
  progressLine,
  rateText,
  shownProgress,
} from '../../renderer/pages/run/progress-text'

const progress = (overrides: Partial<RunProgress> = {}): RunProgress => ({
  phase: 'applying',
  done: 40,
  total: 120,
  ratePerSecond: null,
  etaSeconds: null,
  failures: 0,
  ...overrides,
})

describe('run progress in words', () => {
  it('names each stage as an admin would say it', () => {
    expect(PHASE_LABELS['reading-source']).toBe('Reading the people in the source')
    expect(PHASE_LABELS['reading-target']).toBe("Reading the app's accounts")
    expect(PHASE_LABELS.applying).toBe('Writing the changes to the app')
    expect(new Set(Object.values(PHASE_LABELS)).size).toBe(5)
  })

  it('counts what the stage counts, with or without a total', () => {
    expect(countText(progress(), 'en-US')).toBe('40 of 120 changes done')
    expect(countText(progress({ done: 1, total: 1 }), 'en-US')).toBe('1 of 1 change done')
    expect(countText(progress({ phase: 'reading-source', done: 1200, total: null }), 'en-US')).toBe(
      '1,200 people read'
    )
    expect(countText(progress({ phase: 'reading-source', done: 1, total: null }), 'en-US')).toBe(
      '1 person read'
    )
    expect(countText(progress({ phase: 'reading-target', done: 3000, total: 12000 }), 'en-US')).toBe(
      '3,000 of 12,000 accounts read'
    )
  })

  it('shows 100 % only when everything is done, and no share without a total', () => {
    expect(percentText(progress({ done: 119, total: 120 }))).toBe('99 %')
    expect(percentText(progress({ done: 120, total: 120 }))).toBe('100 %')
    expect(percentText(progress({ done: 0, total: 120 }))).toBe('0 %')
    expect(percentText(progress({ total: null }))).toBeNull()
    expect(fraction(progress({ total: null }))).toBeNull()
    // Nothing to do is done; a count past the total never overflows the bar.
    expect(fraction(progress({ done: 0, total: 0 }))).toBe(1)
    expect(fraction(progress({ done: 130, total: 120 }))).toBe(1)
  })

  it('gives the rate per second, with a decimal only where it matters', () => {
    expect(rateText(1240.4, 'en-US')).toBe('1,240/s')
    expect(rateText(12.6, 'en-US')).toBe('13/s')
    expect(rateText(2.46, 'en-US')).toBe('2.5/s')
    expect(rateText(0.04, 'en-US')).toBe('0/s')
    expect(rateText(null)).toBeNull()
    expect(rateText(Number.NaN)).toBeNull()
    expect(rateText(-1)).toBeNull()
  })

  it('says roughly how long is left', () => {
    expect(etaText(3)).toBe('a few seconds left')
    expect(etaText(42)).toBe('about 40 s left')
    expect(etaText(58)).toBe('about 1 min left')
    expect(etaText(95)).toBe('about 2 min left')
    expect(etaText(59 * 60)).toBe('about 59 min left')
    expect(etaText(2 * 3600)).toBe('about 2 h left')
    expect(etaText(80 * 60 + 10)).toBe('about 1 h 20 min left')
    expect(etaText(null)).toBeNull()
    expect(etaText(Number.POSITIVE_INFINITY)).toBeNull()
  })

  it('joins the known parts into one line', () => {
    expect(progressLine(progress({ ratePerSecond: 12, etaSeconds: 7 }), 'en-US')).toBe(
      '40 of 120 changes done · 33 % · 12/s · a few seconds left'
    )
    expect(progressLine(progress({ phase: 'reading-source', done: 500, total: null }), 'en-US')).toBe(
      '500 people read'
    )
    expect(failuresText(1234, 'en-US')).toBe('1,234 failed so far')
  })

  it('keeps the later of two readings of a run, whichever arrives first', () => {
    const reading = progress({ phase: 'reading-target', done: 900, total: 1000 })
    const writing = progress({ phase: 'applying', done: 3, failures: 1 })
    expect(latestProgress(reading, writing)).toEqual(writing)
    expect(latestProgress(writing, reading)).toEqual(writing)
    expect(latestProgress(progress({ done: 50 }), progress({ done: 40, failures: 2 }))).toEqual(
      progress({ done: 50, failures: 2 })
    )
    expect(latestProgress(null, writing)).toBe(writing)
    expect(latestProgress(reading, null)).toBe(reading)
  })
  it("keeps the writes' last count while the run finishes, and shows no count where there is none", () => {
    const finishing = progress({ phase: 'finishing', done: 0, total: null, ratePerSecond: null, failures: 3 })
    const writes = progress({ done: 120, ratePerSecond: 12, etaSeconds: 0, failures: 2 })
    const shown = shownProgress(finishing, writes)
    expect(shown).toEqual({
      ...writes,
      phase: 'finishing',
      ratePerSecond: null,
      etaSeconds: null,
      failures: 3,
    })
    expect(numbersLine(shown, 'en-US')).toBe('120 of 120 changes done · 100 %')
    // A dry run finishes without writes: no "0 changes done".
    expect(shownProgress(finishing, null)).toBe(finishing)
    expect(numbersLine(finishing, 'en-US')).toBeNull()
    expect(numbersLine(null)).toBeNull()
    expect(shownProgress(writes, null)).toBe(writes)
  })
})

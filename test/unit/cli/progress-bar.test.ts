import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { formatDuration, renderProgressBar, TerminalProgress } from '../../../main/cli/progress-bar'
import type { RunProgress } from '../../../main/model/run'

const applying: RunProgress = {
  phase: 'applying',
  done: 40,
  total: 120,
  ratePerSecond: 12.5,
  etaSeconds: 7,
  failures: 2,
}

/** A stream that keeps what was written, as a terminal would receive it. */
function terminal(): { stream: Writable; written: string[] } {
  const written: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString())
      done()
    },
  })
  return { stream, written }
}

describe('renderProgressBar', () => {
  it('shows the phase, a bar, done/total, rate, ETA and failures on one line', () => {
    expect(renderProgressBar(applying, 100)).toBe(
      'Applying       [##########--------------------]  40/120  12.5/s  ETA 0:07  2 failed'
    )
  })

  it('leaves out what is not known yet and the failures while there are none', () => {
    const reading: RunProgress = {
      phase: 'reading-source',
      done: 1200,
      total: null,
      ratePerSecond: null,
      etaSeconds: null,
      failures: 0,
    }
    expect(renderProgressBar(reading, 100)).toBe('Reading source 1,200 read')
  })

  it('narrows the bar to the terminal, drops it when there is no room, and never fills the last column', () => {
    const narrow = renderProgressBar(applying, 70)
    expect(narrow).toBe('Applying       [#####-----------]  40/120  12.5/s  ETA 0:07  2 failed')
    expect(narrow).toHaveLength(69)
    expect(renderProgressBar(applying, 50)).toBe('Applying       40/120  12.5/s  ETA 0:07  2 failed')
    expect(renderProgressBar(applying, 30)).toHaveLength(29)
    expect(renderProgressBar({ ...applying, done: 120 }, 100)).toContain(`[${'#'.repeat(30)}]`)
  })

  it('writes long ETAs with hours', () => {
    expect(formatDuration(59)).toBe('0:59')
    expect(formatDuration(3_725)).toBe('1:02:05')
  })
})

describe('TerminalProgress', () => {
  it('shows nothing for a run shorter than a second', () => {
    const clock = { now: 0 }
    const { stream, written } = terminal()
    const bar = new TerminalProgress(stream, { clock: () => clock.now, width: () => 100 })
    bar.update(applying)
    clock.now = 999
    bar.tick()
    bar.clear()
    expect(written).toEqual([])
  })

  it('redraws in place at most every 200 ms once the run has taken a second, and clears the line', () => {
    const clock = { now: 0 }
    const { stream, written } = terminal()
    const bar = new TerminalProgress(stream, { clock: () => clock.now, width: () => 100 })
    bar.update(applying)
    clock.now = 1_000
    bar.tick()
    clock.now = 1_100
    bar.update({ ...applying, done: 41 })
    clock.now = 1_200
    bar.update({ ...applying, done: 42 })
    expect(written).toEqual([
      `\r\u001b[2K${renderProgressBar(applying, 100)}`,
      `\r\u001b[2K${renderProgressBar({ ...applying, done: 42 }, 100)}`,
    ])
    bar.hold()
    clock.now = 2_000
    bar.update({ ...applying, done: 50 })
    expect(written.at(-1)).toBe('\r\u001b[2K')
    expect(written).toHaveLength(3)
  })
})

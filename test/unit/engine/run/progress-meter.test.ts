import { describe, expect, it } from 'vitest'
import { ProgressMeter } from '../../../../main/engine/run/progress-meter'

/** A meter on a clock the test moves by hand. */
function meterAt(start = 0) {
  const clock = { now: start }
  const meter = new ProgressMeter(() => clock.now)
  return { meter, clock }
}

describe('ProgressMeter (how often a run reports progress, and its rate and ETA)', () => {
  it('reports a phase change at once, however recent the last report', () => {
    const { meter, clock } = meterAt()
    expect(meter.phase('reading-source')).toMatchObject({ phase: 'reading-source', done: 0, total: null })
    clock.now = 10
    expect(meter.phase('reading-target')).toMatchObject({ phase: 'reading-target', done: 0 })
    clock.now = 20
    expect(meter.phase('applying', 100)).toMatchObject({ phase: 'applying', done: 0, total: 100 })
  })

  it('reports at most once per 250 ms in a phase, and what was skipped once the interval has passed', () => {
    const { meter, clock } = meterAt()
    meter.phase('applying', 1000)
    const reports: number[] = []
    // 1,000 writes over one second: one every millisecond.
    for (let done = 1; done <= 1000; done++) {
      clock.now = done
      const report = meter.advance(done)
      if (report !== null) reports.push(report.done)
    }
    expect(reports).toEqual([250, 500, 750, 1000])
    clock.now = 1100
    expect(meter.pending()).toBeNull()
    meter.advance(1000)
    clock.now = 1200
    expect(meter.pending()).toBeNull()
    clock.now = 1250
    expect(meter.pending()).toMatchObject({ done: 1000 })
  })

  it('gives no rate or ETA before a second of a phase has passed, then the rate over the window', () => {
    const { meter, clock } = meterAt(1_000)
    meter.phase('applying', 100)
    clock.now = 1_500
    expect(meter.advance(10)).toMatchObject({ done: 10, ratePerSecond: null, etaSeconds: null })
    clock.now = 3_000
    // 40 in 2 s: 20 a second, 60 left: 3 s.
    expect(meter.advance(40)).toMatchObject({ done: 40, ratePerSecond: 20, etaSeconds: 3 })
  })

  it('follows the recent rate, not the average since the phase began', () => {
    const { meter, clock } = meterAt()
    meter.phase('applying', 10_000)
    clock.now = 1_000
    meter.advance(1_000)
    for (let second = 2; second <= 12; second++) {
      clock.now = second * 1_000
      meter.advance(1_000 + (second - 1) * 10)
    }
    // The target slowed to 10 a second; the last five seconds say so.
    expect(meter.current.ratePerSecond).toBe(10)
    expect(meter.current.etaSeconds).toBe(Math.ceil((10_000 - 1_110) / 10))
  })

  it('has no ETA without a total, and 0 once done reaches the total', () => {
    const { meter, clock } = meterAt()
    meter.phase('reading-source')
    clock.now = 2_000
    expect(meter.advance(500)).toMatchObject({ total: null, ratePerSecond: 250, etaSeconds: null })
    meter.phase('applying', 10)
    clock.now = 4_000
    expect(meter.advance(10)).toMatchObject({ etaSeconds: 0 })
  })

  it('counts failures across phases, throttled like the rest', () => {
    const { meter, clock } = meterAt()
    meter.phase('applying', 10)
    clock.now = 300
    expect(meter.fail()).toMatchObject({ failures: 1 })
    clock.now = 310
    expect(meter.fail(2)).toBeNull()
    expect(meter.current.failures).toBe(3)
    expect(meter.phase('finishing')).toMatchObject({ phase: 'finishing', failures: 3 })
  })

  it('always reports the end, even right after another report', () => {
    const { meter, clock } = meterAt()
    meter.phase('applying', 2)
    clock.now = 1
    expect(meter.advance(2)).toBeNull()
    expect(meter.end()).toMatchObject({ phase: 'applying', done: 2, total: 2 })
  })
})

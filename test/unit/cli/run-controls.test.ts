import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RunCancelledError } from '../../../main/engine/run/run-progress'
import { cancelledNote, type InterruptSource, startRunControls } from '../../../main/cli/run-controls'
import type { CliIo } from '../../../main/cli/output'
import { emptyRunSummary } from '../../../main/model/run'

function fakeIo(tty: boolean): { io: CliIo; stderr: () => string } {
  let text = ''
  const stderr = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString()
        done()
      },
    }),
    { isTTY: tty, columns: 100 }
  )
  const io = { stdout: new Writable(), stderr, stdin: process.stdin, env: {}, cwd: '/' } as unknown as CliIo
  return { io, stderr: () => text }
}

/** Ctrl+C on demand, and the exit code the controls asked for. */
function fakeInterrupts() {
  const listeners = new Set<() => void>()
  const exits: number[] = []
  const source: InterruptSource = {
    on: (_event, listener) => listeners.add(listener),
    off: (_event, listener) => listeners.delete(listener),
    exit: (code: number): never => {
      exits.push(code)
      return undefined as never
    },
  }
  return { source, exits, listeners, press: () => [...listeners].forEach(listener => listener()) }
}

describe('the CLI run controls (Ctrl+C)', () => {
  it('cancels the run on the first Ctrl+C with a note, and exits with 130 on the second', () => {
    const { io, stderr } = fakeIo(false)
    const interrupts = fakeInterrupts()
    const controls = startRunControls(io, { json: false }, interrupts.source)
    expect(controls.hooks.signal?.aborted).toBe(false)
    interrupts.press()
    expect(controls.interrupted).toBe(true)
    expect(controls.hooks.signal?.aborted).toBe(true)
    expect(controls.hooks.signal?.reason).toBeInstanceOf(RunCancelledError)
    expect(stderr()).toContain('Cancelling: the writes in flight finish, no new one starts')
    expect(interrupts.exits).toEqual([])
    interrupts.press()
    expect(interrupts.exits).toEqual([130])
    controls.close()
    expect(interrupts.listeners.size).toBe(0)
  })

  it('prints no phase lines and no bar without a terminal, nor a bar with --json', () => {
    const plain = fakeIo(false)
    const controls = startRunControls(plain.io, { json: false }, fakeInterrupts().source)
    expect(controls.onPhase).toBeUndefined()
    controls.close()
    const json = fakeIo(true)
    const jsonControls = startRunControls(json.io, { json: true }, fakeInterrupts().source)
    jsonControls.hooks.onProgress?.('run-1', {
      phase: 'applying',
      done: 1,
      total: 2,
      ratePerSecond: null,
      etaSeconds: null,
      failures: 0,
    })
    jsonControls.close()
    expect(json.stderr()).toBe('')
  })

  it('ends a cancelled run with one line naming the run and the changes made', () => {
    const summary = emptyRunSummary()
    const done = { ...summary, users: { ...summary.users, create: 3, update: 2 } }
    expect(cancelledNote('20240301-100000-abcd', done)).toBe(
      'Cancelled: run 20240301-100000-abcd stopped after 5 change(s); the next run carries on from there.'
    )
  })
})

import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { formatTable, oneLine, terminalSafe, writeLine } from '../../../main/cli/output'

const ESC = '\u001b'
/** Every control character a terminal could act on, C0 (but the line feed), DEL and C1. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

function written(write: (stream: PassThrough) => void): string {
  const stream = new PassThrough()
  write(stream)
  return stream.read()?.toString('utf8') ?? ''
}

describe('terminal output', () => {
  it('shows control characters as JSON-style escapes and keeps line breaks', () => {
    expect(terminalSafe(`a${ESC}]0;title\u0007b\r\nc\td\u009b2J\u007f`)).toBe(
      'a\\u001b]0;title\\u0007b\\r\nc\\td\\u009b2J\\u007f'
    )
    expect(terminalSafe('Zoë Ñúñez — 日本 😀')).toBe('Zoë Ñúñez — 日本 😀')
  })

  it('escapes line breaks too in data shown on one line', () => {
    expect(oneLine('eve\n+ create root')).toBe('eve\\n+ create root')
  })

  it('escapes every C0, DEL and C1 character, in JSON string syntax', () => {
    const codes = [
      ...Array.from({ length: 0x20 }, (_, code) => code),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    ]
    const controls = String.fromCharCode(...codes)
    const escaped = oneLine(controls)
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    expect(JSON.parse(`"${escaped}"`)).toBe(controls)
  })

  it('writes lines and tables without raw control characters, cells on one line', () => {
    const text = written(stream => {
      writeLine(stream, `title ${ESC}[2J`)
      writeLine(stream, formatTable(['Name', 'Detail'], [[`a\nb`, `${ESC}[31mred`]]))
    })
    expect(text).not.toMatch(RAW_CONTROL)
    expect(text.split('\n')).toEqual([
      'title \\u001b[2J',
      'Name  Detail',
      '----  -------------',
      'a\\nb  \\u001b[31mred',
      '',
    ])
  })
})

import { crc32, deflateSync } from 'node:zlib'
import type { TrayLevel } from '../schedule/job-watch'

/**
 * The tray icon: a round badge in the colour of the jobs' state, drawn here as a PNG so the app
 * ships no image files (and each state is one call). Colours follow Fluent UI's status palette.
 */
const COLOURS: Readonly<Record<TrayLevel, readonly [number, number, number]>> = {
  idle: [0x61, 0x61, 0x61],
  ok: [0x10, 0x7c, 0x10],
  attention: [0xf7, 0x63, 0x0c],
  error: [0xc5, 0x0f, 0x1f],
}

/** A `size`×`size` RGBA PNG of a filled circle (anti-aliased edge) with a white centre dot. */
export function trayIconPng(level: TrayLevel, size: number): Buffer {
  const [red, green, blue] = COLOURS[level]
  const centre = (size - 1) / 2
  const radius = size / 2 - 0.5
  const rows: Buffer[] = []
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre)
      const alpha = Math.max(0, Math.min(1, radius - distance + 0.5))
      const white = distance <= size / 7
      row.set(white ? [255, 255, 255] : [red, green, blue], 1 + x * 4)
      row[1 + x * 4 + 3] = Math.round(alpha * 255)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

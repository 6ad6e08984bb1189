import { crc32, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { trayIconPng } from '../../../main/electron/tray-icon'

/** Decodes the PNGs trayIconPng writes (8-bit RGBA, filter 0), checking every chunk's CRC. */
function decode(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  let offset = 8
  let header: Buffer | null = null
  const data: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const body = png.subarray(offset + 4, offset + 8 + length)
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(body))
    const type = body.subarray(0, 4).toString('ascii')
    if (type === 'IHDR') header = body.subarray(4)
    if (type === 'IDAT') data.push(body.subarray(4))
    offset += 12 + length
  }
  const width = header!.readUInt32BE(0)
  const height = header!.readUInt32BE(4)
  expect([...header!.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0])
  const raw = inflateSync(Buffer.concat(data))
  expect(raw).toHaveLength(height * (1 + width * 4))
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (1 + width * 4) + 1 + x * 4, y * (1 + width * 4) + 5 + x * 4)],
  }
}

describe('trayIconPng', () => {
  it('draws a badge in the state colour: transparent corners, a white centre', () => {
    for (const size of [16, 32]) {
      const image = decode(trayIconPng('error', size))
      expect([image.width, image.height]).toEqual([size, size])
      expect(image.pixel(0, 0)[3]).toBe(0)
      expect(image.pixel(size / 2, size / 2)).toEqual([255, 255, 255, 255])
      expect(image.pixel(size / 2, 2)).toEqual([0xc5, 0x0f, 0x1f, 255])
    }
    const colour = (level: 'idle' | 'ok' | 'attention') =>
      decode(trayIconPng(level, 16)).pixel(8, 2).slice(0, 3)
    expect(new Set([colour('idle'), colour('ok'), colour('attention')].map(String)).size).toBe(3)
  })
})

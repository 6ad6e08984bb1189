import { describe, expect, it } from 'vitest'
import { formatTime } from '../../renderer/lib/format'

describe('formatTime', () => {
  it('shows local time with its zone, so a time on screen can be compared with a server log', () => {
    expect(formatTime('2024-03-01T09:00:00.000Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      '1 Mar 2024, 10:00:00 CET'
    )
    expect(formatTime('2024-07-01T09:00:00.000Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      '1 Jul 2024, 11:00:00 CEST'
    )
    expect(formatTime('2024-03-01T09:00:00.000Z', { locale: 'en-US', timeZone: 'America/New_York' })).toBe(
      'Mar 1, 2024, 4:00:00 AM EST'
    )
  })

  it('keeps text that is not a time as it is, and shows a dash for no time', () => {
    expect(formatTime('not a time')).toBe('not a time')
    expect(formatTime(null)).toBe('—')
  })
})

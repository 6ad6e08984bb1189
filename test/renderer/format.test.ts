import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../main/ipc/api/contract'
import { formatTime, summaryText } from '../../renderer/lib/format'

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

describe('summaryText', () => {
  const summary = (
    users: Partial<RunSummary['users']>,
    groups: Partial<RunSummary['groups']> = {}
  ): RunSummary => ({
    users: {
      create: 0,
      update: 0,
      disable: 0,
      enable: 0,
      delete: 0,
      link: 0,
      unchanged: 0,
      skipped: 0,
      conflict: 0,
      ...users,
    },
    groups: { create: 0, update: 0, delete: 0, unchanged: 0, membersAdded: 0, membersRemoved: 0, ...groups },
  })

  it('says what a run did to users and to groups (groups were left out)', () => {
    expect(
      summaryText(
        summary({ create: 3, update: 1 }, { create: 1, update: 2, membersAdded: 5, membersRemoved: 1 })
      )
    ).toBe('Users: 3 create · 1 update. Groups: 1 create · 2 update · 5 members added · 1 member removed')
    expect(summaryText(summary({}, { delete: 1 }))).toBe('Users: no changes. Groups: 1 delete')
  })

  it('leaves groups out when the run changed none of them', () => {
    expect(summaryText(summary({ disable: 2 }, { unchanged: 4 }))).toBe('Users: 2 disable')
    expect(summaryText(summary({ unchanged: 7 }))).toBe('Users: 7 unchanged')
    expect(summaryText(summary({}))).toBe('No changes')
    expect(summaryText(null)).toBe('—')
  })
})

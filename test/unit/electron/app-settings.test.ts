import { describe, expect, it, vi } from 'vitest'
import { nativeTheme, resetFakeElectron, screen } from './fake-electron'

const fake = await vi.hoisted(async () => import('./fake-electron'))
vi.mock('electron', () => fake)
const { AppSettings } = await import('../../../main/electron/app-settings')

/** An electron-store stand-in holding what a hand-edited settings file could hold. */
function storeWith(values: Record<string, unknown>) {
  const data = new Map(Object.entries(values))
  return {
    get: (key: string) => data.get(key),
    set: (key: string, value: unknown) => void data.set(key, value),
    data,
  }
}

describe('the app settings file', () => {
  it('falls back to the defaults for anything unusable in the file', () => {
    resetFakeElectron()
    const settings = new AppSettings(
      storeWith({ ui: { theme: 'purple', expressionSampleMany: 'yes' }, window: { width: 5 } })
    )
    expect(settings.read()).toEqual({ theme: 'system', expressionSampleMany: false })
    expect(settings.windowState()).toEqual({ width: 1280, height: 860, maximized: false })
  })

  it('keeps a preference patch by patch, and sets the native theme with it', () => {
    resetFakeElectron()
    const store = storeWith({})
    const settings = new AppSettings(store)
    expect(settings.update({ expressionSampleMany: true })).toEqual({
      theme: 'system',
      expressionSampleMany: true,
    })
    expect(settings.update({ theme: 'light' })).toEqual({ theme: 'light', expressionSampleMany: true })
    expect(nativeTheme.themeSource).toBe('light')
    expect(store.data.get('ui')).toEqual({ theme: 'light', expressionSampleMany: true })
  })

  it('opens the window where it was, unless that place is on no screen any more', () => {
    resetFakeElectron()
    const saved = { x: 2500, y: 100, width: 1000, height: 700, maximized: false }
    const settings = new AppSettings(storeWith({ window: saved }))
    screen.displays = [
      { workArea: { x: 0, y: 0, width: 1920, height: 1080 } },
      { workArea: { x: 1920, y: 0, width: 1920, height: 1080 } },
    ]
    expect(settings.windowState()).toEqual(saved)
    // The second monitor was unplugged: same size, placed by the OS.
    screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
    expect(settings.windowState()).toEqual({ width: 1000, height: 700, maximized: false })
  })
})

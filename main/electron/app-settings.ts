/**
 * What the desktop app remembers between starts: the window's place and size, and the admin's
 * UI preferences (theme, editor choices), in an electron-store file in the app's folder. Engine
 * settings never go here: they are in job files and the state database.
 *
 * The file is the admin's to edit, so what is read from it is checked and anything unusable
 * falls back to the default instead of reaching the window or the page.
 */
import ElectronStore from 'electron-store'
import { nativeTheme, screen } from 'electron'
import { z } from 'zod'
import type { UiSettings, UiSettingsPatch } from '../ipc/api/contract'
import { THEME_PREFERENCES } from '../ipc/api/contract'
import { DEFAULT_UI_SETTINGS, type UiSettingsStore, withoutUndefined } from '../ipc/ui-settings'

export interface WindowState {
  readonly x?: number
  readonly y?: number
  readonly width: number
  readonly height: number
  readonly maximized: boolean
}

const DEFAULT_WINDOW: WindowState = { width: 1280, height: 860, maximized: false }

const Bounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(600).max(20_000),
  height: z.number().int().min(400).max(20_000),
  maximized: z.boolean(),
})

const Ui = z.object({
  theme: z.enum(THEME_PREFERENCES).catch('system'),
  expressionSampleMany: z.boolean().catch(false),
})

/** The parts of electron-store used here (a fake in tests). */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export class AppSettings implements UiSettingsStore {
  public constructor(private readonly store: KeyValueStore = new ElectronStore({ name: 'app-settings' })) {}

  public read(): UiSettings {
    const parsed = Ui.safeParse(this.store.get('ui') ?? {})
    return parsed.success ? parsed.data : DEFAULT_UI_SETTINGS
  }

  public update(patch: UiSettingsPatch): UiSettings {
    const next = { ...this.read(), ...withoutUndefined(patch) }
    this.store.set('ui', next)
    this.applyTheme(next)
    return next
  }

  /** Native parts of the window (menus, dialogs, scrollbars) follow the app's theme too. */
  public applyTheme(settings: UiSettings = this.read()): void {
    nativeTheme.themeSource = settings.theme
  }

  /** The window's last place, if it is still on a screen (a monitor may have been unplugged). */
  public windowState(): WindowState {
    const parsed = Bounds.safeParse(this.store.get('window'))
    if (!parsed.success) return DEFAULT_WINDOW
    const state = parsed.data
    if (state.x === undefined || state.y === undefined) return state
    const { x, y } = state
    const visible = screen
      .getAllDisplays()
      .some(
        ({ workArea: area }) =>
          x + 100 > area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height
      )
    return visible ? state : { width: state.width, height: state.height, maximized: state.maximized }
  }

  public saveWindowState(state: WindowState): void {
    this.store.set('window', state)
  }
}

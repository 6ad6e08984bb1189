import type { UiSettings, UiSettingsPatch } from './api/contract'

/**
 * The app's own preferences (theme, editor choices). The desktop app keeps them with
 * electron-store beside the window's bounds (main/electron/app-settings.ts); `npm run web` and
 * tests keep them in memory. Engine settings never go here: they live in job files and SQLite.
 */
export interface UiSettingsStore {
  read(): UiSettings
  update(patch: UiSettingsPatch): UiSettings
}

export const DEFAULT_UI_SETTINGS: UiSettings = { theme: 'system', expressionSampleMany: false }

export class MemoryUiSettings implements UiSettingsStore {
  private settings: UiSettings = DEFAULT_UI_SETTINGS

  public read(): UiSettings {
    return this.settings
  }

  public update(patch: UiSettingsPatch): UiSettings {
    this.settings = { ...this.settings, ...withoutUndefined(patch) }
    return this.settings
  }
}

/** `{ theme: undefined }` leaves the theme as it is. */
export function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>
}

import { join } from 'node:path'
import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron'

/**
 * The native save dialog for a log export, over the focused window, starting in Downloads with
 * the suggested name; returns the chosen path, or null when the admin cancels.
 */
export async function chooseExportFile(suggestedName: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Export provisioning logs',
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: suggestedName.endsWith('.csv')
      ? [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }]
      : [{ name: 'JSON Lines', extensions: ['jsonl'] }],
  }
  const window = BrowserWindow.getFocusedWindow()
  const result =
    window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options)
  return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath
}

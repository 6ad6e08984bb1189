import { extname, join } from 'node:path'
import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron'

/** What the save dialog says and offers for each kind of export, by the suggested name's extension. */
const EXPORT_KINDS: Readonly<
  Record<string, { readonly title: string; readonly filter: { name: string; extensions: string[] } }>
> = {
  '.csv': { title: 'Export provisioning logs', filter: { name: 'CSV (spreadsheets)', extensions: ['csv'] } },
  '.jsonl': { title: 'Export provisioning logs', filter: { name: 'JSON Lines', extensions: ['jsonl'] } },
  '.pdf': { title: 'Export access review', filter: { name: 'PDF document', extensions: ['pdf'] } },
}

/**
 * The native save dialog for an export (logs, a review's PDF), over the focused window, starting
 * in Downloads with the suggested name; returns the chosen path, or null when the admin cancels.
 */
export async function chooseExportFile(suggestedName: string): Promise<string | null> {
  const kind = EXPORT_KINDS[extname(suggestedName)] ?? EXPORT_KINDS['.jsonl']
  const options: SaveDialogOptions = {
    title: kind?.title ?? 'Export',
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: kind === undefined ? [] : [kind.filter],
  }
  const window = BrowserWindow.getFocusedWindow()
  const result =
    window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options)
  return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath
}

import { type BrowserWindow, dialog, type OpenDialogOptions } from 'electron'
import type { ChooseFileInput } from '../ipc/api/contract'
import type { FileChooser } from '../ipc/admin-api'

const JSON_FILES = { name: 'Job files (JSON)', extensions: ['json', 'jsonc'] }
const ALL_FILES = { name: 'All files', extensions: ['*'] }

/** What each purpose opens: a CSV export, a job file, a hand-off folder, or where to save a copy of a job file. */
function openOptions(input: ChooseFileInput): OpenDialogOptions {
  const common = input.defaultPath === undefined ? {} : { defaultPath: input.defaultPath }
  if (input.purpose === 'handoff-folder') {
    return {
      ...common,
      title: 'Choose the folder for the hand-off files',
      properties: ['openDirectory', 'createDirectory'],
    }
  }
  return input.purpose === 'source-csv'
    ? {
        ...common,
        title: 'Choose the HR export (CSV)',
        properties: ['openFile'],
        filters: [{ name: 'CSV files', extensions: ['csv', 'txt', 'tsv'] }, ALL_FILES],
      }
    : { ...common, title: 'Open a job file', properties: ['openFile'], filters: [JSON_FILES, ALL_FILES] }
}

/** Native open and save dialogs, attached to the app's window (so they are modal to it). */
export function electronFileChooser(window: () => BrowserWindow | null): FileChooser {
  return async input => {
    const parent = window()
    if (input.purpose === 'export-job') {
      const options = {
        title: 'Export the job file',
        filters: [JSON_FILES],
        ...(input.defaultPath === undefined ? {} : { defaultPath: input.defaultPath }),
      }
      const saved =
        parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options)
      return saved.canceled || saved.filePath === undefined || saved.filePath === '' ? null : saved.filePath
    }
    const options = openOptions(input)
    const opened =
      parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options)
    return opened.canceled ? null : (opened.filePaths[0] ?? null)
  }
}

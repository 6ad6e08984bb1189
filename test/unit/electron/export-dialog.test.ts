import { beforeEach, describe, expect, it, vi } from 'vitest'
import { chooseExportFile } from '../../../main/electron/export-dialog'
import { app, BrowserWindow, dialog, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

beforeEach(() => {
  resetFakeElectron()
  app.paths['downloads'] = '/home/admin/Downloads'
})

describe('the export save dialog', () => {
  it('opens over the focused window in Downloads with the suggested name and its file type', async () => {
    const window = new BrowserWindow({})
    BrowserWindow.focused = window
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: '/tmp/logs.csv' }))
    expect(await chooseExportFile('provisioner-logs-2024-03-01T10-00-00Z.csv')).toBe('/tmp/logs.csv')
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(window, {
      title: 'Export provisioning logs',
      defaultPath: '/home/admin/Downloads/provisioner-logs-2024-03-01T10-00-00Z.csv',
      filters: [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }],
    })
  })

  it('offers JSON Lines for a .jsonl export, without a window when none is focused', async () => {
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: '/tmp/logs.jsonl' }))
    expect(await chooseExportFile('logs.jsonl')).toBe('/tmp/logs.jsonl')
    const [options] = dialog.showSaveDialog.mock.calls[0] ?? []
    expect(options).toMatchObject({ filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }] })
  })

  it('returns null when the admin cancels', async () => {
    expect(await chooseExportFile('logs.csv')).toBeNull()
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: '' }))
    expect(await chooseExportFile('logs.csv')).toBeNull()
  })
})

describe('the save dialog for a review PDF', () => {
  it('offers PDF under its own title', async () => {
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: '/tmp/rv.pdf' }))
    expect(await chooseExportFile('rv-20261205-abc123.pdf')).toBe('/tmp/rv.pdf')
    const [options] = dialog.showSaveDialog.mock.calls[0] ?? []
    expect(options).toMatchObject({
      title: 'Export access review',
      defaultPath: '/home/admin/Downloads/rv-20261205-abc123.pdf',
      filters: [{ name: 'PDF document', extensions: ['pdf'] }],
    })
  })
})

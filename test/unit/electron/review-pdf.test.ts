import { beforeEach, describe, expect, it, vi } from 'vitest'
import { reviewReportPdf } from '../../../main/electron/review-pdf'
import { BrowserWindow, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

beforeEach(() => resetFakeElectron())

const HTML = '<!doctype html><title>Access review</title><p>5 accounts: 1 keep, 1 remove #1</p>'

describe('review report PDF', () => {
  it('prints the report in a hidden, sandboxed window without JavaScript, then destroys it', async () => {
    const pdf = await reviewReportPdf(HTML)
    expect(pdf.toString()).toBe('%PDF-1.7 fake')
    const window = BrowserWindow.created.at(-1)
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    })
    const url = window?.loadedUrl ?? ''
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true)
    expect(decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length))).toBe(HTML)
    expect(window?.webContents.printToPDF).toHaveBeenCalledWith({
      printBackground: true,
      pageSize: 'A4',
      landscape: true,
    })
    expect(window?.destroy).toHaveBeenCalledOnce()
  })

  it('destroys the window when printing fails', async () => {
    const failing = reviewReportPdf(HTML)
    const window = BrowserWindow.created.at(-1)
    window?.webContents.printToPDF.mockRejectedValueOnce(new Error('printing failed'))
    await expect(failing).rejects.toThrow('printing failed')
    expect(window?.destroy).toHaveBeenCalledOnce()
  })
})

import { BrowserWindow } from 'electron'

/**
 * Renders an access review's printable report (engine/access/review-report) to PDF with the
 * app's own browser engine: a hidden, sandboxed window with JavaScript off loads the HTML from a
 * data: URL (the report holds no script and no remote resource), prints it, and is destroyed,
 * also when printing fails.
 */
export async function reviewReportPdf(html: string): Promise<Buffer> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  })
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: true })
  } finally {
    window.destroy()
  }
}

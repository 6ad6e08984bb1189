import type { LogExportInput } from '../api/contract'
import type { ProvisionerAdminApi } from '../admin-api'
import type { HostPort } from './protocol'

/** Text sent per `pull`: large enough to be quick, small enough to keep both processes' memory flat. */
const CHUNK_CHARS = 256 * 1024

/**
 * Log exports streamed to the parent's HTTP bridge: the parent pulls, the host reads the next
 * pages and answers, so a slow download never makes the host read ahead of it.
 */
export class ExportPump {
  private readonly streams = new Map<number, Iterator<string>>()

  public constructor(
    private readonly api: ProvisionerAdminApi,
    private readonly port: HostPort,
    private readonly onError: (error: unknown) => void
  ) {}

  public open(id: number, input: LogExportInput): void {
    const stream = this.api.logExport(input)
    this.streams.set(id, stream.chunks)
    const head = { fileName: stream.fileName, contentType: stream.contentType }
    this.port.post({ kind: 'export-head', id, result: { ok: true, value: head } })
  }

  public refuse(id: number): void {
    const error = { code: 'invalid-input' as const, message: 'Invalid input for exportLogs' }
    this.port.post({ kind: 'export-head', id, result: { ok: false, error } })
  }

  /** Answers pull `id` with the next text of export `exportId`. */
  public pull(id: number, exportId: number): void {
    const chunks = this.streams.get(exportId)
    if (chunks === undefined) {
      this.port.post({ kind: 'chunk', id, text: null, error: 'No such export' })
      return
    }
    let text = ''
    try {
      while (text.length < CHUNK_CHARS) {
        const next = chunks.next()
        if (next.done === true) break
        text += next.value
      }
    } catch (error) {
      this.onError(error)
      this.streams.delete(exportId)
      this.port.post({ kind: 'chunk', id, text: null, error: 'The export failed' })
      return
    }
    if (text === '') this.streams.delete(exportId)
    this.port.post({ kind: 'chunk', id, text: text === '' ? null : text })
  }

  public end(id: number): void {
    this.streams.get(id)?.return?.(undefined)
    this.streams.delete(id)
  }

  public endAll(): void {
    for (const id of [...this.streams.keys()]) this.end(id)
  }
}

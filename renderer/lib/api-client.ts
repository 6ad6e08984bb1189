import {
  type AdminApi,
  type AdminEvents,
  API_METHODS,
  type ApiErrorShape,
  type ApiEvent,
  type ApiMethod,
  type ApiResult,
  type ApiTransport,
  type LogExportInput,
} from '../../main/ipc/api/contract'

/** A failed call, with the shape main sent (code, message, issues) for the page to show. */
export class ApiCallError extends Error {
  public constructor(
    public readonly method: ApiMethod,
    public readonly shape: ApiErrorShape
  ) {
    super(shape.message)
    this.name = 'ApiCallError'
  }
}

/** VS Code's ProxyChannel.toService idea, without a Proxy: the method list comes from the contract. */
export function createApiClient(transport: ApiTransport): AdminApi {
  const client: Partial<Record<ApiMethod, (input?: unknown) => Promise<unknown>>> = {}
  for (const method of API_METHODS) {
    client[method] = async (input?: unknown) => unwrap(method, await transport.invoke(method, input))
  }
  return client as AdminApi // safe: every key of AdminApi is in API_METHODS (enforced in contract.ts)
}

function unwrap(method: ApiMethod, result: ApiResult<unknown>): unknown {
  if (result.ok) {
    return result.value
  }
  throw new ApiCallError(method, result.error)
}

/** Browser transport: talks to main/ipc/http-bridge.ts over loopback (tests, `npm run web`). */
export function createHttpTransport(baseUrl: string, token: string): ApiTransport {
  let source: EventSource | undefined
  return {
    async invoke(method, input) {
      let response: Response
      try {
        response = await fetch(`${baseUrl}/rpc/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
          cache: 'no-store',
        })
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The HTTP bridge cannot be reached' } }
      }
      return (await response.json()) as ApiResult<unknown>
    },
    subscribe<E extends ApiEvent>(event: E, listener: (payload: AdminEvents[E]) => void) {
      source ??= new EventSource(`${baseUrl}/events?token=${encodeURIComponent(token)}`)
      const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as AdminEvents[E])
      source.addEventListener(event, handler)
      return () => source?.removeEventListener(event, handler)
    },
  }
}

export interface ApiConnection {
  readonly api: AdminApi
  readonly subscribe: ApiTransport['subscribe']
  readonly transport: 'electron' | 'http-bridge'
  /**
   * The browser UI's log export: a download from the bridge (a page cannot open a save dialog
   * that writes anywhere). The desktop app uses `api.exportLogs`, which opens one.
   */
  readonly exportLogsUrl?: (input: LogExportInput) => string
}

/**
 * In Electron the preload provides the transport; in a browser the page is opened as
 * `http://localhost:PORT/?bridge=http://127.0.0.1:PORT&token=…` and talks HTTP instead.
 *
 * Returns a message instead of throwing so the page can explain what is missing.
 */
export function connectToMain(location: Pick<Location, 'search'> = window.location): ApiConnection | string {
  const preload = window.adminTransport
  if (preload !== undefined) {
    return {
      api: createApiClient(preload),
      subscribe: preload.subscribe.bind(preload),
      transport: 'electron',
    }
  }
  const params = new URLSearchParams(location.search)
  const bridge = params.get('bridge')
  const token = params.get('token')
  if (bridge === null || token === null || !/^http:\/\/127\.0\.0\.1:\d+$/.test(bridge)) {
    return 'No connection to Provisioner: open the desktop app, or run `npm run web` and open the URL it prints.'
  }
  const transport = createHttpTransport(bridge, token)
  return {
    api: createApiClient(transport),
    subscribe: transport.subscribe.bind(transport),
    transport: 'http-bridge',
    exportLogsUrl: input =>
      `${bridge}/export/logs?token=${encodeURIComponent(token)}&input=${encodeURIComponent(JSON.stringify(input))}`,
  }
}

/**
 * Renders a renderer component in jsdom with what the app gives it: the Fluent theme, the API
 * connection (a fake `AdminApi` and an event bus the test can fire), a fresh query cache and a
 * memory router. Built from the libraries only, so any page or component can be tested alone.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { configure, render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { AdminApi, AdminEvents, ApiEvent } from '../../main/ipc/api/contract'
import type { ApiConnection } from '../../renderer/lib/api-client'
import { ApiProvider } from '../../renderer/lib/api-context'

type Listener = (payload: never) => void

// Fluent's dialogs and popovers mount after a few renders; on a busy 2-core CI machine that took
// longer than the library's 1 s default, so `findBy…` failed on timing, not on behaviour.
configure({ asyncUtilTimeout: 5_000 })

export interface RenderedWithProviders extends RenderResult {
  readonly queryClient: QueryClient
  /** Delivers an API event to the page, as the event hub would. */
  emit<E extends ApiEvent>(event: E, payload: AdminEvents[E]): void
}

export function renderWithProviders(
  ui: ReactElement,
  options: {
    readonly api?: Partial<AdminApi>
    readonly path?: string
    readonly route?: string
    /** The desktop app ('electron') or the browser UI (default). */
    readonly transport?: ApiConnection['transport']
  } = {}
): RenderedWithProviders {
  const listeners = new Map<ApiEvent, Set<Listener>>()
  const connection: ApiConnection = {
    api: unstubbed(options.api ?? {}),
    transport: options.transport ?? 'http-bridge',
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>()
      listeners.set(event, set)
      set.add(listener as Listener)
      return () => set.delete(listener as Listener)
    },
  }
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const router = createMemoryRouter([{ path: options.route ?? '*', element: ui }], {
    initialEntries: [options.path ?? '/'],
  })
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <ApiProvider connection={connection}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ApiProvider>
    </FluentProvider>
  )
  return {
    ...result,
    queryClient,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) (listener as (payload: unknown) => void)(payload)
    },
  }
}

/** Methods the test did not stub fail loudly instead of returning undefined. */
function unstubbed(api: Partial<AdminApi>): AdminApi {
  return new Proxy(api, {
    get(target, name) {
      const method = target[name as keyof AdminApi]
      if (method !== undefined) return method
      return () => Promise.reject(new Error(`${String(name)} is not stubbed in this test`))
    },
  }) as AdminApi
}

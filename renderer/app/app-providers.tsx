import { FluentProvider, makeStaticStyles, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { type QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useState } from 'react'
import type { ApiConnection } from '../lib/api-client'
import { ApiProvider } from '../lib/api-context'
import {
  refreshAfterJobChange,
  refreshAfterRun,
  refreshDuringRun,
  stageChanged,
  useApiQuery,
} from '../lib/queries'
import { useAdminEvent } from '../lib/use-admin-event'
import { useColorScheme } from '../lib/use-color-scheme'

const useGlobalStyles = makeStaticStyles({
  'html, body, #root': { margin: 0, padding: 0, height: '100%' },
  // Overscroll and anything outside the provider follow the theme's light or dark canvas.
  body: { backgroundColor: 'Canvas' },
})

/** Theme from the OS, the API connection, the query cache, and refresh on the API's events. */
export function AppProviders(props: {
  readonly connection: ApiConnection
  readonly queryClient: QueryClient
  readonly children: ReactNode
}) {
  useGlobalStyles()
  return (
    <ApiProvider connection={props.connection}>
      <QueryClientProvider client={props.queryClient}>
        <ThemedApp>
          <RefreshOnEvents />
          {props.children}
        </ThemedApp>
      </QueryClientProvider>
    </ApiProvider>
  )
}

/** Light or dark as the admin chose in the app (kept by the API), else as the OS is. */
function ThemedApp(props: { readonly children: ReactNode }) {
  const os = useColorScheme()
  const settings = useApiQuery('getUiSettings', undefined, { staleTime: Infinity })
  const chosen = settings.data?.theme ?? 'system'
  const scheme = chosen === 'system' ? os : chosen
  useEffect(() => {
    // Native scrollbars and form controls follow the theme too.
    document.documentElement.style.colorScheme = scheme
  }, [scheme])
  return (
    // No class of ours on the provider: Fluent copies it onto every popup's portal node, where a
    // height would cover the page (the app shell fills the window instead).
    <FluentProvider theme={scheme === 'dark' ? webDarkTheme : webLightTheme}>{props.children}</FluentProvider>
  )
}

/**
 * Screens never reload by hand: a run starting, moving on or finishing (in the app, the CLI or a
 * schedule) marks the answers it changed as stale, and a job file changed on disk is read again
 * (the editor decides what to do with the new version).
 */
function RefreshOnEvents() {
  const client = useQueryClient()
  const [stages] = useState(() => new Map<string, string>())
  useAdminEvent('runFinished', event => {
    stageChanged(stages, event)
    void refreshAfterRun(client, event)
  })
  useAdminEvent('runStarted', event => void refreshDuringRun(client, event))
  useAdminEvent('runProgress', event => {
    if (stageChanged(stages, event)) void refreshDuringRun(client, event)
  })
  useAdminEvent('jobFileChanged', event => void refreshAfterJobChange(client, event.jobId))
  return null
}

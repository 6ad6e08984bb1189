import { FluentProvider, makeStaticStyles, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { type QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect } from 'react'
import type { ApiConnection } from '../lib/api-client'
import { ApiProvider } from '../lib/api-context'
import { refreshAfterRun, refreshDuringRun } from '../lib/queries'
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
  const scheme = useColorScheme()
  useEffect(() => {
    // Native scrollbars and form controls follow the theme too.
    document.documentElement.style.colorScheme = scheme
  }, [scheme])
  return (
    // No className of our own: Fluent copies the provider's classes onto every portal (tooltips,
    // menus), and a height there made a hidden tooltip's portal cover the page. The shell fills
    // the window instead.
    <FluentProvider theme={scheme === 'dark' ? webDarkTheme : webLightTheme}>
      <ApiProvider connection={props.connection}>
        <QueryClientProvider client={props.queryClient}>
          <RefreshOnEvents />
          {props.children}
        </QueryClientProvider>
      </ApiProvider>
    </FluentProvider>
  )
}

/**
 * Screens never reload by hand: a run starting, moving on or finishing (in the app, the CLI or a
 * schedule) marks the answers it changed as stale.
 */
function RefreshOnEvents() {
  const client = useQueryClient()
  useAdminEvent('runFinished', event => void refreshAfterRun(client, event))
  useAdminEvent('runStarted', event => void refreshDuringRun(client, event))
  useAdminEvent('runProgress', event => void refreshDuringRun(client, event))
  return null
}

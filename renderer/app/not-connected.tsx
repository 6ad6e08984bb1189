import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { ErrorBanner } from '../components/error-banner'
import { PageHeader } from '../components/page-header'
import { useColorScheme } from '../lib/use-color-scheme'

/** Shown when the page has neither the desktop app's preload nor a bridge URL to talk to. */
export function NotConnected(props: { readonly message: string }) {
  const dark = useColorScheme() === 'dark'
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main id="main" style={{ padding: '2rem' }}>
        <PageHeader title="Provisioner" />
        <ErrorBanner error={new Error(props.message)} title="Not connected" />
      </main>
    </FluentProvider>
  )
}

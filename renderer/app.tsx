import { JobPage } from './pages/job/job-page'
import { LogsPage } from './pages/logs/logs-page'
import { OverviewPage } from './pages/overview/overview-page'
import { hrefFor, type Route, useHashRoute } from './lib/use-hash-route'

/** The shell: skip link, navigation, and the page for the current hash route. */
export function App() {
  const route = useHashRoute()
  const section = route.segments[0] ?? ''
  return (
    <>
      <a className="skip-link" href="#main" onClick={focusMain}>
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Provisioner</span>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href={hrefFor([])} aria-current={section === '' || section === 'jobs' ? 'page' : undefined}>
                Overview
              </a>
            </li>
            <li>
              <a href={hrefFor(['logs'])} aria-current={section === 'logs' ? 'page' : undefined}>
                Logs
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  )
}

function Page(props: { readonly route: Route }) {
  const [section, id] = props.route.segments
  if (section === 'jobs' && id !== undefined) return <JobPage key={id} jobId={id} />
  if (section === 'logs') return <LogsPage params={props.route.params} />
  if (section === undefined) return <OverviewPage />
  return (
    <p role="alert">
      There is no page here. <a href={hrefFor([])}>Go to the overview</a>.
    </p>
  )
}

/** The skip link targets an id, which would replace the route hash; move focus instead. */
function focusMain(event: { preventDefault(): void }): void {
  event.preventDefault()
  document.getElementById('main')?.focus()
}

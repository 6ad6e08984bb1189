import type { RouteObject } from 'react-router'
import { EmptyState } from '../components/empty-state'
import { ErrorBanner } from '../components/error-banner'
import { PageHeader } from '../components/page-header'
import { RouterLink } from '../components/router-link'
import { useDocumentTitle } from '../lib/use-document-title'
import { JobEditorRoute } from '../pages/editor/job-editor'
import { JobRoute } from '../pages/job/job-page'
import { NewJobPage } from '../pages/new-job/new-job-page'
import { LogsPage } from '../pages/logs/logs-page'
import { MatchingRoute } from '../pages/matching/matching-page'
import { OnDemandRoute } from '../pages/on-demand/on-demand-page'
import { OverviewPage } from '../pages/overview/overview-page'
import { RunRoute } from '../pages/job/run-page'
import { AccessPage } from '../pages/access/access-page'
import { ReviewPage } from '../pages/reviews/review-page'
import { ReviewsPage } from '../pages/reviews/reviews-page'
import { AppShell } from './app-shell'
import { OVERVIEW_PATH } from './paths'
import { useRouteError } from 'react-router'

/** The app's pages under its shell; the hash router (app) and a memory router (tests) share them. */
export const APP_ROUTES: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: (
      <AppShell>
        <RouteError />
      </AppShell>
    ),
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'jobs/new', element: <NewJobPage /> },
      { path: 'jobs/:jobId', element: <JobRoute /> },
      { path: 'jobs/:jobId/edit', element: <JobEditorRoute /> },
      { path: 'jobs/:jobId/edit/:section', element: <JobEditorRoute /> },
      { path: 'jobs/:jobId/matching', element: <MatchingRoute /> },
      { path: 'jobs/:jobId/on-demand', element: <OnDemandRoute /> },
      { path: 'logs', element: <LogsPage /> },
      // Runs, stored plans (issue 11)
      { path: 'jobs/:jobId/runs/:runId', element: <RunRoute /> },
      { path: 'access', element: <AccessPage /> },
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'reviews/:reviewId', element: <ReviewPage /> },
      { path: '*', element: <PageNotFound /> },
    ],
  },
]

function PageNotFound() {
  useDocumentTitle('Page not found')
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        role="alert"
        title="There is no page at this address."
        action={<RouterLink to={OVERVIEW_PATH}>Go to the overview</RouterLink>}
      />
    </>
  )
}

/** A page that failed to render: say so and keep the navigation working. */
function RouteError() {
  useDocumentTitle('Error')
  return <ErrorBanner error={useRouteError()} title="This page failed" />
}

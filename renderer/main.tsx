import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createHashRouter, RouterProvider } from 'react-router'
import { AppProviders } from './app/app-providers'
import { NotConnected } from './app/not-connected'
import { createAppQueryClient } from './app/query-client'
import { APP_ROUTES } from './app/routes'
import { connectToMain } from './lib/api-client'

const container = document.getElementById('root')
if (container === null) {
  throw new Error('index.html has no #root')
}
const connection = connectToMain()
// Hash routes: in-page navigation never leaves the document, so main can deny every real navigation.
const router = createHashRouter(APP_ROUTES)
createRoot(container).render(
  <StrictMode>
    {typeof connection === 'string' ? (
      <NotConnected message={connection} />
    ) : (
      <AppProviders connection={connection} queryClient={createAppQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>
    )}
  </StrictMode>
)

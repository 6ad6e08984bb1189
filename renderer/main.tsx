import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { connectToMain } from './lib/api-client'
import { ApiProvider } from './lib/api-context'
import './styles/app.css'

const container = document.getElementById('root')
if (container === null) {
  throw new Error('index.html has no #root')
}
const connection = connectToMain()
createRoot(container).render(
  <StrictMode>
    {typeof connection === 'string' ? (
      <main id="main" className="not-connected">
        <h1>Provisioner</h1>
        <p role="alert">{connection}</p>
      </main>
    ) : (
      <ApiProvider connection={connection}>
        <App />
      </ApiProvider>
    )}
  </StrictMode>
)

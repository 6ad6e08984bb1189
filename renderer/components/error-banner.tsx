import { ApiCallError } from '../lib/api-client'

/** Shows a failed call: the message main chose to share and, for bad input, each issue. */
export function ErrorBanner(props: { readonly error: unknown; readonly title?: string }) {
  const { error } = props
  const message = error instanceof Error ? error.message : 'Something went wrong'
  const issues = error instanceof ApiCallError ? (error.shape.issues ?? []) : []
  return (
    <div className="error-banner" role="alert">
      <p>
        <strong>{props.title ?? 'Could not load'}:</strong> {message}
      </p>
      {issues.length > 0 && (
        <ul>
          {issues.map(issue => (
            <li key={issue}>
              <code>{issue}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components'
import { ApiCallError } from '../lib/api-client'

const useStyles = makeStyles({
  issues: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  issue: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
})

/**
 * A failed call: the message main chose to share and, for bad input, each issue
 * (`field: problem`), as the contract's error shape carries them. Announced as an alert.
 */
export function ErrorBanner(props: { readonly error: unknown; readonly title?: string }) {
  const styles = useStyles()
  const { error } = props
  const message = error instanceof Error ? error.message : 'Something went wrong.'
  const issues = error instanceof ApiCallError ? (error.shape.issues ?? []) : []
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title ?? 'Could not load'}</MessageBarTitle>
        {message}
        {issues.length > 0 && (
          <ul className={styles.issues} aria-label="Issues">
            {issues.map((issue, index) => (
              <li key={`${index}:${issue}`} className={styles.issue}>
                {issue}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  )
}

import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components'
import type { JobFileView, LocatedIssue } from '../../../main/ipc/api/contract'

const useStyles = makeStyles({
  issues: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  issue: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
})

function IssueList(props: { readonly issues: ReadonlyArray<LocatedIssue> }) {
  const styles = useStyles()
  return (
    <ul className={styles.issues} aria-label="Issues">
      {props.issues.map(issue => (
        <li key={issue.text} className={styles.issue}>
          {issue.text}
        </li>
      ))}
    </ul>
  )
}

/** A job file that is not JSON cannot be edited field by field: where it breaks, and where it is. */
export function BrokenJobFile(props: { readonly view: JobFileView }) {
  const styles = useStyles()
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>The job file is not valid JSON</MessageBarTitle>
        Fix it in a text editor (<span className={styles.code}>{props.view.path}</span>); the app shows it
        again as soon as it is saved.
        <IssueList issues={props.view.issues} />
      </MessageBarBody>
    </MessageBar>
  )
}

/** What stops the job file, as saved, from running (the CLI would refuse it the same way). */
export function FileIssuesBanner(props: {
  readonly issues: ReadonlyArray<LocatedIssue>
  readonly dirty: boolean
}) {
  if (props.issues.length === 0) return null
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The saved job file cannot run as it is</MessageBarTitle>
        {props.dirty ? 'Saving checks your changes again.' : 'Fix these here and save:'}
        <IssueList issues={props.issues} />
      </MessageBarBody>
    </MessageBar>
  )
}

/** Someone changed the file while the admin has unsaved changes: theirs, or mine over it. */
export function DiskChangeBanner(props: { readonly onReload: () => void }) {
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>The job file changed on disk</MessageBarTitle>
        Another program changed it since you started editing. Reload it (your unsaved changes are dropped), or
        keep editing: saving then asks before it replaces those changes.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={props.onReload}>Reload from disk</Button>
      </MessageBarActions>
    </MessageBar>
  )
}

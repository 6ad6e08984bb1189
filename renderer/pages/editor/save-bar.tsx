import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FieldErrors, type Path, useFormContext } from 'react-hook-form'
import type { JobFileView } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { SaveRegular } from '../../components/icons'
import { ApiCallError } from '../../lib/api-client'
import { useApi } from '../../lib/api-context'
import { documentOf, formPath, type JobDocument, toJson } from '../../lib/job-document'
import { refreshAfterJobChange } from '../../lib/queries'

const useStyles = makeStyles({
  bar: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    marginBottom: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  path: {
    flexGrow: 1,
    minWidth: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  state: { whiteSpace: 'nowrap' },
  issues: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
})

/**
 * Save and discard, what is unsaved, and the outcome: the API's located issues go to their
 * fields (and are listed), a conflict offers to replace what changed on disk.
 */
export function SaveBar(props: {
  readonly dirty: boolean
  readonly base: JobFileView
  readonly reloaded: boolean
  readonly onSaved: (view: JobFileView) => void
  readonly onReloaded: () => void
}) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const form = useFormContext<JobDocument>()
  const { base } = props
  const save = useMutation({
    mutationFn: (overwrite: boolean) =>
      api.saveJobFile({
        jobId: base.jobId,
        baseVersion: base.version,
        document: toJson(form.getValues()),
        overwrite,
      }),
    onSuccess: async saved => {
      props.onSaved(saved)
      await refreshAfterJobChange(client, saved.jobId)
    },
    onError: error => {
      if (!(error instanceof ApiCallError)) return
      for (const issue of error.shape.located ?? []) {
        if (issue.field !== '')
          form.setError(formPath(issue.field) as Path<JobDocument>, { message: issue.message })
      }
    },
  })
  const submit = form.handleSubmit(
    () => save.mutate(false),
    () => save.reset()
  )
  const clientErrors = flattenErrors(form.formState.errors)
  const conflict = save.error instanceof ApiCallError && save.error.shape.code === 'conflict'
  return (
    <>
      <div className={styles.bar} role="region" aria-label="Save">
        <Text className={styles.state} weight="semibold" role="status">
          {save.isPending
            ? 'Saving…'
            : props.dirty
              ? 'Unsaved changes'
              : save.isSuccess
                ? 'Saved'
                : 'No changes'}
        </Text>
        <span className={styles.path} title={base.path}>
          {base.path}
        </span>
        <Button
          appearance="secondary"
          disabled={!props.dirty || save.isPending}
          onClick={() => {
            form.reset(documentOf(base.document ?? {}))
            save.reset()
          }}
        >
          Discard changes
        </Button>
        <Button
          appearance="primary"
          icon={<SaveRegular />}
          disabled={!props.dirty || save.isPending}
          onClick={() => void submit()}
        >
          Save
        </Button>
      </div>
      {props.reloaded && !props.dirty && (
        <MessageBar intent="info">
          <MessageBarBody>The job file changed on disk; this is its new content.</MessageBarBody>
          <MessageBarActions>
            <Button appearance="transparent" onClick={props.onReloaded}>
              OK
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {clientErrors.length > 0 && form.formState.isSubmitted && !form.formState.isSubmitSuccessful && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Not saved: fix these first</MessageBarTitle>
            <ul className={styles.issues} aria-label="Issues">
              {clientErrors.map(([path, message]) => (
                <li key={path}>
                  {path}: {message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {save.isError && conflict && (
        <MessageBar intent="warning" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>The job file changed on disk</MessageBarTitle>
            {save.error.message}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => save.mutate(true)}>Save mine over it</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {save.isError && !conflict && <ErrorBanner error={save.error} title="Not saved" />}
    </>
  )
}

/** `[users.mappings.2.expression, message]` for every client-side error. */
function flattenErrors(errors: FieldErrors, prefix = ''): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const [key, value] of Object.entries(errors)) {
    if (value === undefined || value === null || typeof value !== 'object') continue
    const path = prefix === '' ? key : `${prefix}.${key}`
    const message = (value as { message?: unknown }).message
    if (typeof message === 'string') found.push([path, message])
    else found.push(...flattenErrors(value as FieldErrors, path))
  }
  return found
}

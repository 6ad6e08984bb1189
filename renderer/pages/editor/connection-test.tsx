import {
  Badge,
  type BadgeProps,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { type Path, useFormContext } from 'react-hook-form'
import type { ConnectionCheck, ConnectionCheckStatus } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PlugConnectedRegular } from '../../components/icons'
import { useApi } from '../../lib/api-context'
import { type JobDocument, newCallId, toJson } from '../../lib/job-document'
import { useAdminEvent } from '../../lib/use-admin-event'
import { EditorCard } from './editor-card'
import { useEditor } from './editor-context'

const STATUS: Readonly<Record<ConnectionCheckStatus, [BadgeProps['color'], string]>> = {
  ok: ['success', 'pass'],
  warning: ['warning', 'warning'],
  failure: ['danger', 'fail'],
  skipped: ['informative', 'skipped'],
}

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  check: {
    display: 'grid',
    gridTemplateColumns: '5.5rem minmax(8rem, 12rem) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    alignItems: 'start',
  },
  badge: { justifySelf: 'start', whiteSpace: 'nowrap' },
  detail: {
    overflowWrap: 'anywhere',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  suggestion: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace },
  summary: { margin: 0 },
})

/**
 * "Test connection": the probe against the target as the form has it (saved or not), each check
 * listed the moment it completes, with the server's own words and settings to apply.
 */
export function ConnectionTest(props: { readonly handoff?: boolean }) {
  const handoff = props.handoff === true
  const styles = useStyles()
  const { api } = useApi()
  const { jobId } = useEditor()
  const form = useFormContext<JobDocument>()
  const [checks, setChecks] = useState<ConnectionCheck[]>([])
  const [confirming, setConfirming] = useState(false)
  const current = useRef<string | null>(null)
  useAdminEvent('connectionCheck', event => {
    if (event.callId === current.current) setChecks(previous => [...previous, event.check])
  })
  const test = useMutation({
    mutationFn: (write: boolean) => {
      const callId = newCallId()
      current.current = callId
      setChecks([])
      return api.testConnection({ jobId, callId, write, document: toJson(form.getValues()) })
    },
    // The answer is the whole list, in case an event was missed; an event that arrives after it
    // (the event stream can lag the call) is in the list already.
    onSuccess: report => {
      current.current = null
      setChecks([...report.checks])
    },
  })
  const withGroups = form.getValues('groups') !== undefined
  return (
    <EditorCard
      id="connection"
      title="Test connection"
      description={
        handoff
          ? 'Checks the folder the files go to: it exists and a file can be written there (unsaved changes included).'
          : "Checks the app's SCIM service the way a run will use it (unsaved changes included). Reads only, unless you also try writes."
      }
      actions={
        <div className={styles.actions}>
          <Button
            appearance="primary"
            icon={<PlugConnectedRegular />}
            disabled={test.isPending}
            onClick={() => test.mutate(false)}
          >
            Test connection
          </Button>
          {!handoff && (
            <Button disabled={test.isPending} onClick={() => setConfirming(true)}>
              Also try writes…
            </Button>
          )}
        </div>
      }
    >
      {test.isPending && <Loading label="Testing…" />}
      {test.isError && <ErrorBanner error={test.error} title="The test could not run" />}
      {checks.length > 0 && <CheckList checks={checks} />}
      {test.isSuccess && (
        <Text as="p" role="status" className={styles.summary} weight="semibold">
          {test.data.usable
            ? handoff
              ? 'The folder can be used.'
              : 'The app can be used.'
            : handoff
              ? 'The folder cannot be used as configured.'
              : 'The app cannot be used as configured.'}
        </Text>
      )}
      <WriteConfirmation
        open={confirming}
        withGroups={withGroups}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          test.mutate(true)
        }}
      />
    </EditorCard>
  )
}

function CheckList(props: { readonly checks: ReadonlyArray<ConnectionCheck> }) {
  const styles = useStyles()
  const form = useFormContext<JobDocument>()
  const [applied, setApplied] = useState<ReadonlySet<string>>(new Set())
  return (
    <ul className={styles.list} aria-label="Connection checks" aria-live="polite">
      {props.checks.map((check, index) => {
        const [color, word] = STATUS[check.status]
        const suggestion = check.suggestion
        return (
          <li key={`${index}:${check.name}`} className={styles.check}>
            <Badge appearance="tint" color={color} className={styles.badge}>
              {word}
            </Badge>
            <Text weight="semibold">{check.name}</Text>
            <div className={styles.detail}>
              <span>{check.detail}</span>
              {suggestion !== null && (
                <span className={styles.suggestion}>
                  Suggested setting: <span className={styles.code}>{suggestion.text}</span>
                  <Button
                    size="small"
                    disabled={applied.has(suggestion.text)}
                    onClick={() => {
                      form.setValue(
                        suggestion.path.join('.') as Path<JobDocument>,
                        suggestion.value as never,
                        {
                          shouldDirty: true,
                          shouldValidate: true,
                        }
                      )
                      setApplied(new Set([...applied, suggestion.text]))
                    }}
                  >
                    {applied.has(suggestion.text) ? 'Applied (save to keep it)' : 'Apply to the job'}
                  </Button>
                </span>
              )}
            </div>
          </li>
        )
      })}
    </ul>
  )
}

function WriteConfirmation(props: {
  readonly open: boolean
  readonly withGroups: boolean
  readonly onCancel: () => void
  readonly onConfirm: () => void
}) {
  return (
    <Dialog
      open={props.open}
      modalType="alert"
      onOpenChange={(_event, data) => (data.open ? undefined : props.onCancel())}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Create and delete test objects in the app?</DialogTitle>
          <DialogContent>
            <p>
              The test creates a throwaway user (provisioner-probe-…@example.invalid, &ldquo;Provisioner probe
              (safe to delete)&rdquo;), changes it with both PATCH spellings, disables it and deletes it.
            </p>
            {props.withGroups && (
              <p>
                Because this job provisions groups, it also creates a throwaway group with two throwaway
                members, removes one member the way this job would, then deletes the group and both users.
              </p>
            )}
            <p>
              Everything it creates is deleted, also when a check fails; anything that cannot be deleted is
              named so you can remove it by hand. Nothing else in the app is touched.
            </p>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onConfirm}>
              Create and delete test objects
            </Button>
            <Button onClick={props.onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}

import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { type Path, useFormContext, useWatch } from 'react-hook-form'
import type { CredentialSlot } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { CheckmarkCircleFilled, KeyRegular, WarningFilled } from '../../components/icons'
import { useApi } from '../../lib/api-context'
import type { JobDocument } from '../../lib/job-document'
import { useEditor } from './editor-context'

/** Where the slot's reference sits in the form (as main's slotPath: a SCIM source keeps it in its auth). */
function slotPath(slot: CredentialSlot, sourceType: unknown): string {
  if (slot === 'target') return 'target.auth.secretRef'
  if (slot === 'alertWebhook') return 'alerts.webhookUrlRef'
  return sourceType === 'scim' ? 'source.auth.secretRef' : 'source.secretRef'
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  missing: { color: tokens.colorPaletteYellowForeground1, flexShrink: 0 },
  name: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  input: { flexGrow: 1, minWidth: '14rem' },
})

/**
 * A credential, write-only: typed into a password field that goes straight to the OS keychain
 * (the app never shows or receives it again), then shown as "stored in the keychain" with Replace
 * and Remove. An `env:` reference is shown as such.
 */
export function CredentialField(props: {
  readonly slot: CredentialSlot
  readonly label: string
  readonly hint?: string
}) {
  const styles = useStyles()
  const { api } = useApi()
  const { jobId, view, rebase } = useEditor()
  const form = useFormContext<JobDocument>()
  const sourceType = useWatch<JobDocument>({ name: 'source.type' })
  const path = slotPath(props.slot, sourceType) as Path<JobDocument>
  const ref = useWatch<JobDocument>({ name: path }) as string | undefined
  const status = view.credentials[props.slot]
  const [value, setValue] = useState('')
  const [replacing, setReplacing] = useState(false)
  const store = useMutation({
    mutationFn: () => api.storeSecret({ jobId, slot: props.slot, value }),
    onSuccess: stored => {
      setValue('')
      setReplacing(false)
      rebase(stored.file, [path])
      form.setValue(path, stored.ref as never, { shouldValidate: true })
    },
  })
  const remove = useMutation({
    mutationFn: () => api.removeSecret({ jobId, slot: props.slot }),
    onSuccess: file => rebase(file, []),
  })
  const env = ref?.startsWith('env:') === true ? ref.slice(4) : null
  const stored = status.kind === 'keychain' && status.ref === ref && status.available === true
  const asking = replacing || (!stored && env === null)
  return (
    <div className={styles.root}>
      <Text weight="semibold">{props.label}</Text>
      {env !== null && (
        <div className={styles.status}>
          <KeyRegular />
          <span>
            Read from the environment variable <span className={styles.name}>{env}</span>
            {status.ref === ref && status.available === false ? ' (not set where this app runs)' : ''}.
          </span>
          {!replacing && <Button onClick={() => setReplacing(true)}>Keep it in the keychain instead</Button>}
        </div>
      )}
      {stored && (
        <div className={styles.status}>
          <CheckmarkCircleFilled className={styles.ok} />
          <span>
            Stored in the keychain as <span className={styles.name}>{status.name}</span>
          </span>
          <Button onClick={() => setReplacing(true)} disabled={replacing}>
            Replace
          </Button>
          <Button onClick={() => remove.mutate()} disabled={remove.isPending}>
            Remove
          </Button>
        </div>
      )}
      {!stored && env === null && (
        <div className={styles.status}>
          <WarningFilled className={styles.missing} />
          <span>
            {status.kind === 'keychain' && status.available === null
              ? 'The system keychain cannot be read here.'
              : props.slot === 'target'
                ? 'Not stored yet: the job cannot sign in until it is.'
                : 'None stored: no alerts are sent.'}
          </span>
        </div>
      )}
      {asking && (
        <form
          className={styles.row}
          onSubmit={event => {
            event.preventDefault()
            if (value !== '') store.mutate()
          }}
        >
          <Field
            label={props.slot === 'alertWebhook' ? 'New webhook URL' : `New ${props.label.toLowerCase()}`}
            hint={props.hint}
            className={styles.input}
          >
            <Input
              type="password"
              autoComplete="off"
              value={value}
              onChange={(_event, data) => setValue(data.value)}
            />
          </Field>
          <Button type="submit" appearance="primary" disabled={value === '' || store.isPending}>
            Store in the keychain
          </Button>
          {replacing && (
            <Button type="button" onClick={() => setReplacing(false)}>
              Cancel
            </Button>
          )}
        </form>
      )}
      {store.isError && <ErrorBanner error={store.error} title="Not stored" />}
      {remove.isError && <ErrorBanner error={remove.error} title="Not removed" />}
    </div>
  )
}

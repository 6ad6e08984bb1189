import { Field, Radio, RadioGroup, Select, Text } from '@fluentui/react-components'
import { type Path, useController, useFormContext, useWatch } from 'react-hook-form'
import { NumberField, SwitchField, TextField } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { PathField } from '../../components/path-field'
import { CompatibilityChoices } from './compatibility-card'
import { ConnectionTest } from './connection-test'
import { CredentialField } from './credential-field'
import { EditorCard, useGridStyles } from './editor-card'
import { useEditor } from './editor-context'
import {
  HandoffActionFields,
  HandoffFileFields,
  HandoffHeaderFields,
  newTarget,
  TARGET_TYPES,
} from './handoff-target-fields'

export function TargetSection() {
  const grid = useGridStyles()
  const type = useWatch<JobDocument>({ name: 'target.type' })
  const authType = useWatch<JobDocument>({ name: 'target.auth.type' })
  const handoff = type === 'csv-handoff'
  return (
    <>
      <EditorCard
        id="target-app"
        title="Target"
        description={
          handoff
            ? 'An app without SCIM: each apply writes a CSV file to upload on its bulk-upload screen.'
            : 'The app that receives the accounts, over SCIM 2.0.'
        }
      >
        {handoff ? (
          <div className={grid.two}>
            <TargetTypePicker />
            <PathField<JobDocument>
              name={'target.directory' as Path<JobDocument>}
              label="Folder"
              purpose="handoff-folder"
              hint="Relative paths are from the job file's folder. Created by the first apply when missing."
              required
            />
          </div>
        ) : (
          <>
            <div className={grid.two}>
              <TargetTypePicker />
              <TemplatePicker />
            </div>
            <div className={grid.two}>
              <TextField<JobDocument>
                name="target.baseUrl"
                label="SCIM base URL"
                mono
                required
                placeholder="https://app.example.com/scim/v2"
              />
            </div>
            <AuthTypeField />
            {authType === 'basic' && (
              <div className={grid.two}>
                <TextField<JobDocument> name="target.auth.username" label="User name" />
              </div>
            )}
            {authType !== 'none' && (
              <CredentialField
                slot="target"
                label={authType === 'basic' ? 'Password' : 'Bearer token'}
                hint="From the app's SCIM or provisioning settings."
              />
            )}
          </>
        )}
      </EditorCard>
      <ConnectionTest handoff={handoff} />
      {handoff ? (
        <>
          <HandoffFileFields />
          <HandoffActionFields />
          <HandoffHeaderFields />
        </>
      ) : (
        <>
          <DialectOptions />
          <CompatibilityChoices />
        </>
      )}
    </>
  )
}

/** SCIM app or CSV hand-off; changing it starts the target's settings afresh (as the source's type does). */
function TargetTypePicker() {
  const form = useFormContext<JobDocument>()
  const { view } = useEditor()
  const type = useWatch<JobDocument>({ name: 'target.type' })
  return (
    <Field label="Type" hint="Changing the type starts the target's settings afresh.">
      <Select
        value={type === 'csv-handoff' ? type : 'scim'}
        onChange={(_event, data) =>
          form.setValue('target', newTarget(data.value, view.credentials.target.ref), {
            shouldDirty: true,
            shouldValidate: true,
          })
        }
      >
        {TARGET_TYPES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </Field>
  )
}

/** Bearer, basic or none; the credential reference is kept when switching between the first two. */
function AuthTypeField() {
  const { field } = useController<JobDocument, 'target.auth'>({ name: 'target.auth' })
  const auth = field.value as { type: string; secretRef?: string; username?: string }
  const { view } = useEditor()
  return (
    <Field label="Sign-in">
      <RadioGroup
        layout="horizontal"
        value={auth.type}
        onChange={(_event, data) => {
          const secretRef = auth.secretRef ?? view.credentials.target.ref ?? undefined
          field.onChange(
            data.value === 'none'
              ? { type: 'none' }
              : data.value === 'basic'
                ? { type: 'basic', username: auth.username ?? '', secretRef }
                : { type: 'bearer', secretRef }
          )
        }}
      >
        <Radio value="bearer" label="Bearer token" />
        <Radio value="basic" label="User name and password" />
        <Radio value="none" label="None" />
      </RadioGroup>
    </Field>
  )
}

/** An app template fills in the settings its documentation gives; they stay editable below. */
function TemplatePicker() {
  const { catalog } = useEditor()
  const form = useFormContext<JobDocument>()
  const { field } = useController<JobDocument, 'target.template'>({ name: 'target.template' })
  const templates = catalog?.templates ?? []
  const chosen = templates.find(template => template.name === field.value)
  return (
    <Field
      label="App template"
      hint={chosen?.description ?? 'A standard SCIM app: the settings below apply.'}
    >
      <Select
        value={field.value ?? ''}
        onChange={(_event, data) => {
          field.onChange(data.value === '' ? undefined : data.value)
          const template = templates.find(candidate => candidate.name === data.value)
          for (const [key, value] of Object.entries(template?.target ?? {})) {
            form.setValue(`target.${key}` as Path<JobDocument>, value as never, {
              shouldDirty: true,
              shouldValidate: true,
            })
          }
        }}
      >
        <option value="">None (a standard SCIM app)</option>
        {templates.map(template => (
          <option key={template.name} value={template.name}>
            {template.name}
          </option>
        ))}
      </Select>
    </Field>
  )
}

function DialectOptions() {
  const grid = useGridStyles()
  return (
    <EditorCard
      id="target-dialect"
      title="How Provisioner talks to this app"
      description="Empty fields use the defaults (or the template's); Test connection suggests values for what it sees."
    >
      <div className={grid.three}>
        <NumberField<JobDocument> name="target.pageSize" label="Page size" placeholder="100" min={1} />
        <NumberField<JobDocument>
          name="target.concurrency"
          label="Requests at once"
          placeholder="4"
          min={1}
        />
        <NumberField<JobDocument>
          name="target.rateLimitPerSecond"
          label="Most requests per second"
          placeholder="no limit"
        />
        <NumberField<JobDocument>
          name="target.timeoutMs"
          label="Time limit per request (ms)"
          placeholder="30000"
        />
        <NumberField<JobDocument>
          name="target.membersPerPatch"
          label="Members per group PATCH"
          placeholder="100"
        />
      </div>
      <SwitchField<JobDocument>
        name="target.allowInsecureHttp"
        label="Allow plain http:// to another machine"
        description={
          <Text className={grid.secondary}>
            Sends the credential unencrypted: only on a private network you trust. localhost is always
            allowed.
          </Text>
        }
      />
    </EditorCard>
  )
}

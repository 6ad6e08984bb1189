import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components'
import { zodResolver } from '@hookform/resolvers/zod'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { FormProvider, useController, useForm, useWatch } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod'
import { NewJobInput } from '../../../main/ipc/api/contract'
import { jobEditPath, OVERVIEW_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { ErrorBanner } from '../../components/error-banner'
import { SelectField, SwitchField, TextField } from '../../components/form-fields'
import { AddRegular } from '../../components/icons'
import { PageHeader } from '../../components/page-header'
import { PathField } from '../../components/path-field'
import { useApi } from '../../lib/api-context'
import { refreshAfterJobChange, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { AUTHORITATIVE_SENTENCE } from '../editor/source-section'
import { SourcePreviewPanel, useSourcePreview } from '../editor/source-preview'

/** The contract's new-job input, plus the credential typed here (sent to the keychain only). */
const NewJobForm = NewJobInput.extend({
  credential: z.enum(['keychain', 'env']),
  token: z.string().max(16_384).optional(),
})
type NewJobForm = z.input<typeof NewJobForm>

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '60rem' },
  card: { gap: tokens.spacingVerticalM },
  flush: { margin: 0 },
  two: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
    alignItems: 'start',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  secondary: { color: tokens.colorNeutralForeground3, margin: 0 },
})

/** A new job in a few fields: the HR file, the app, and how to sign in; mappings come after. */
export function NewJobPage() {
  useDocumentTitle('New job')
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const form = useForm<NewJobForm>({
    resolver: zodResolver(NewJobForm),
    defaultValues: {
      name: '',
      source: { path: '', idColumn: '', authoritative: false },
      target: { baseUrl: '', authType: 'bearer' },
      credential: 'keychain',
    },
    mode: 'onTouched',
  })
  const create = useMutation({
    mutationFn: async (values: z.output<typeof NewJobForm>) => {
      const { credential, token, ...job } = values
      const view = await api.createJob(job)
      if (
        credential === 'keychain' &&
        job.target.authType !== 'none' &&
        token !== undefined &&
        token !== ''
      ) {
        await api.storeSecret({ jobId: view.jobId, slot: 'target', value: token })
      }
      return view
    },
    onSuccess: async view => {
      await refreshAfterJobChange(client, view.jobId)
      await navigate(jobEditPath(view.jobId, 'target'))
    },
  })
  const submit = form.handleSubmit(values => create.mutate(values as z.output<typeof NewJobForm>))
  return (
    <>
      <PageHeader
        title="New job"
        breadcrumb={<Breadcrumb items={[{ label: 'Overview', to: OVERVIEW_PATH }, { label: 'New job' }]} />}
      />
      <FormProvider {...form}>
        <form className={styles.form} onSubmit={event => void submit(event)} noValidate aria-label="New job">
          <TextField<NewJobForm>
            name="name"
            label="Name"
            required
            hint="Shown in the app and in alerts, e.g. HR to Slack."
          />
          <SourceCard />
          <TargetCard />
          {create.isError && <ErrorBanner error={create.error} title="The job was not created" />}
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create job'}
            </Button>
            <Button type="button" onClick={() => void navigate(OVERVIEW_PATH)}>
              Cancel
            </Button>
          </div>
          <Text as="p" className={styles.secondary}>
            The job file is written to the state folder&apos;s jobs/ folder with mappings guessed from the
            file&apos;s columns, which the editor shows next. Nothing is sent to the app until you run the
            job.
          </Text>
        </form>
      </FormProvider>
    </>
  )
}

function SourceCard() {
  const styles = useStyles()
  const source = useWatch<NewJobForm, 'source'>({ name: 'source' })
  const preview = useSourcePreview(undefined, { type: 'csv', path: source.path, idColumn: source.idColumn })
  const columns = preview.data?.columns ?? []
  return (
    <Card appearance="outline" className={styles.card}>
      <Text as="h2" size={400} weight="semibold" className={styles.flush}>
        Source: the HR export
      </Text>
      <PathField<NewJobForm>
        name="source.path"
        label="CSV file"
        purpose="source-csv"
        required
        hint="The full path of the export, e.g. /srv/hr/people.csv"
      />
      <SourcePreviewPanel preview={preview} />
      <div className={styles.two}>
        {columns.length > 0 ? (
          <SelectField<NewJobForm>
            name="source.idColumn"
            label="Id column"
            empty="Choose the column…"
            options={columns.map(name => [name, name] as const)}
            hint="Each person's stable id (employee number): never empty, never reused."
          />
        ) : (
          <TextField<NewJobForm> name="source.idColumn" label="Id column" hint="Each person's stable id." />
        )}
        <SwitchField<NewJobForm>
          name="source.authoritative"
          label="The file lists everyone (authoritative)"
          description={<Text className={styles.secondary}>{AUTHORITATIVE_SENTENCE}</Text>}
        />
      </div>
    </Card>
  )
}

function TargetCard() {
  const styles = useStyles()
  const catalog = useApiQuery('getEditorCatalog', undefined, { staleTime: Infinity })
  const authType = useWatch<NewJobForm, 'target.authType'>({ name: 'target.authType' })
  const credential = useWatch<NewJobForm, 'credential'>({ name: 'credential' })
  return (
    <Card appearance="outline" className={styles.card}>
      <Text as="h2" size={400} weight="semibold" className={styles.flush}>
        Target: the app
      </Text>
      <div className={styles.two}>
        <TextField<NewJobForm>
          name="target.baseUrl"
          label="SCIM base URL"
          required
          mono
          placeholder="https://app.example.com/scim/v2"
        />
        <SelectField<NewJobForm>
          name="target.template"
          label="App template"
          empty="None (a standard SCIM app)"
          options={(catalog.data?.templates ?? []).map(
            template => [template.name, template.description] as const
          )}
          hint="Fills in the settings the app's documentation gives; you can change them later."
        />
      </div>
      <AuthFields authType={authType} credential={credential} />
    </Card>
  )
}

function AuthFields(props: { readonly authType: string; readonly credential: string }) {
  const styles = useStyles()
  const authType = useController<NewJobForm, 'target.authType'>({ name: 'target.authType' })
  const credential = useController<NewJobForm, 'credential'>({ name: 'credential' })
  const envRef = useController<NewJobForm, 'target.secretRef'>({ name: 'target.secretRef' })
  return (
    <>
      <Field label="Sign-in">
        <RadioGroup
          layout="horizontal"
          value={authType.field.value}
          onChange={(_event, data) => authType.field.onChange(data.value)}
        >
          <Radio value="bearer" label="Bearer token" />
          <Radio value="basic" label="User name and password" />
          <Radio value="none" label="None" />
        </RadioGroup>
      </Field>
      {props.authType !== 'none' && (
        <div className={styles.two}>
          {props.authType === 'basic' && <TextField<NewJobForm> name="target.username" label="User name" />}
          <Field label="Keep the credential in">
            <RadioGroup
              value={credential.field.value}
              onChange={(_event, data) => {
                credential.field.onChange(data.value)
                if (data.value === 'keychain') envRef.field.onChange(undefined)
              }}
            >
              <Radio value="keychain" label="The system keychain (typed here, never shown again)" />
              <Radio value="env" label="An environment variable (for automation)" />
            </RadioGroup>
          </Field>
          {props.credential === 'keychain' ? (
            <TextField<NewJobForm>
              name="token"
              type="password"
              label={props.authType === 'basic' ? 'Password' : 'Token'}
              optional
              hint="Goes straight to the system keychain; you can also add it later."
            />
          ) : (
            <Field
              label="Variable"
              validationMessage={envRef.fieldState.error?.message}
              hint="Provisioner reads the credential from this variable when it runs."
            >
              <Input
                value={(envRef.field.value ?? '').replace(/^env:/, '')}
                onChange={(_event, data) =>
                  envRef.field.onChange(data.value === '' ? undefined : `env:${data.value}`)
                }
                spellCheck={false}
                placeholder="SCIM_TOKEN"
              />
            </Field>
          )}
        </div>
      )}
    </>
  )
}

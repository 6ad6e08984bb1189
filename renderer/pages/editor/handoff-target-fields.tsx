import { Field, Input, makeStyles, Switch, Text, tokens } from '@fluentui/react-components'
import { useEffect } from 'react'
import { type Path, useController, useFormContext, useWatch } from 'react-hook-form'
import { SelectField, SwitchField, TextField } from '../../components/form-fields'
import type { JobDocument, MappingDocument } from '../../lib/job-document'
import { EditorCard, useGridStyles } from './editor-card'

/** Target types and the picker's words for them. */
export const TARGET_TYPES = [
  ['scim', 'SCIM app'],
  ['csv-handoff', 'CSV hand-off (app without SCIM)'],
] as const

/** A target of the type with nothing set yet but what the form needs (the rest are the defaults). */
export function newTarget(type: string, secretRef: string | null): JobDocument['target'] {
  return (
    type === 'csv-handoff'
      ? { type, directory: '' }
      : { type: 'scim', baseUrl: '', auth: { type: 'bearer', secretRef: secretRef ?? '' } }
  ) as JobDocument['target']
}

const ACTIONS = ['create', 'update', 'disable', 'enable', 'delete'] as const

const DELIMITERS = [
  [',', 'Comma ,'],
  [';', 'Semicolon ;'],
  ['\t', 'Tab'],
  ['|', 'Pipe |'],
] as const

const useStyles = makeStyles({
  headers: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(16rem, 1fr))',
    rowGap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalL,
  },
  values: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(10rem, 1fr))',
    columnGap: tokens.spacingHorizontalL,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
})

/** Names of the hand-off fields: the job document's type is a union, so paths are spelled out here. */
function at(path: string): Path<JobDocument> {
  return `target.${path}` as Path<JobDocument>
}

/** How the hand-off file is written: its name, split, delimiter, header and BOM. */
export function HandoffFileFields() {
  const grid = useGridStyles()
  return (
    <EditorCard
      id="handoff-file"
      title="The file"
      description="Empty fields use the defaults. Upload the file on the app's bulk-upload screen after each apply."
    >
      <div className={grid.two}>
        <TextField<JobDocument>
          name={at('fileName')}
          label="File name"
          optional
          mono
          placeholder="{job}-{runId}.csv"
          hint="{job}, {runId}, {date}, {time} (UTC) and {action} are filled in. An existing file is never replaced."
        />
        <SelectField<JobDocument>
          name={at('files')}
          label="Files per run"
          empty="One file with every row (default)"
          options={[
            ['single', 'One file with every row'],
            ['per-action', 'One file per action (creates, updates…): put {action} in the name'],
          ]}
        />
        <SelectField<JobDocument>
          name={at('delimiter')}
          label="Delimiter"
          empty="Comma , (default)"
          options={DELIMITERS}
        />
      </div>
      <div className={grid.two}>
        <SwitchField<JobDocument> name={at('header')} label="Header line" defaultValue />
        <SwitchField<JobDocument>
          name={at('bom')}
          label="UTF-8 byte order mark"
          description={<Text className={grid.secondary}>So Excel opens non-ASCII names correctly.</Text>}
        />
      </div>
    </EditorCard>
  )
}

/** The column that says what to do with each row, and the words the app's screen wants for it. */
export function HandoffActionFields() {
  const grid = useGridStyles()
  const styles = useStyles()
  const { field, fieldState } = useController<JobDocument>({ name: at('actionColumn.name') })
  const { trigger } = useFormContext<JobDocument>()
  const files = useWatch<JobDocument>({ name: at('files') })
  // Whether the column may be left out depends on "Files per run": its message follows that field.
  useEffect(() => {
    void trigger(at('actionColumn.name'))
  }, [files, trigger])
  const included = field.value !== null
  return (
    <EditorCard
      id="handoff-action"
      title="Action column"
      description="Tells the app's upload screen whether a row creates, updates, disables, enables or deletes."
    >
      <Field validationMessage={included ? undefined : fieldState.error?.message}>
        <Switch
          label="Include an action column"
          checked={included}
          onChange={(_event, data) => field.onChange(data.checked ? undefined : null)}
        />
      </Field>
      {included ? (
        <>
          <div className={styles.values}>
            <TextField<JobDocument>
              name={at('actionColumn.name')}
              label="Column name"
              optional
              placeholder="action"
            />
            {ACTIONS.map(action => (
              <TextField<JobDocument>
                key={action}
                name={at(`actionColumn.values.${action}`)}
                label={`Value for ${action}`}
                optional
                placeholder={action}
              />
            ))}
          </div>
        </>
      ) : (
        <Text className={grid.secondary}>
          Without it the files must be one per action (Files per run), so the file tells what to do.
        </Text>
      )}
    </EditorCard>
  )
}

/** Header text per column where the upload screen wants another name than the mapping's target. */
export function HandoffHeaderFields() {
  const styles = useStyles()
  const grid = useGridStyles()
  const { field, fieldState } = useController<JobDocument>({ name: at('headers') })
  const mappings = useWatch<JobDocument, 'users.mappings'>({ name: 'users.mappings' }) as
    ReadonlyArray<MappingDocument> | undefined
  const current: Record<string, string> = { ...((field.value as Record<string, string> | undefined) ?? {}) }
  const columns = [...new Set([...(mappings ?? []).map(mapping => mapping.target), ...Object.keys(current)])]
  const set = (column: string, text: string) => {
    const next = { ...current }
    if (text === '') delete next[column]
    else next[column] = text
    field.onChange(Object.keys(next).length === 0 ? undefined : next)
  }
  return (
    <EditorCard
      id="handoff-headers"
      title="Column headers"
      description="The columns are the user mappings' targets, in their order. Rename one where the upload screen expects another header."
    >
      {columns.length === 0 ? (
        <Text className={grid.secondary}>The columns appear here once the job has user mappings.</Text>
      ) : (
        <div className={styles.headers}>
          {columns.map(column => (
            <Field
              key={column}
              label={<span className={styles.mono}>{column}</span>}
              validationMessage={fieldErrorFor(fieldState.error, column)}
            >
              <Input
                aria-label={`Header of ${column}`}
                placeholder={column}
                value={current[column] ?? ''}
                onChange={(_event, data) => set(column, data.value)}
              />
            </Field>
          ))}
        </div>
      )}
    </EditorCard>
  )
}

/** The schema's message for one renamed column (a header for a mapping that is gone, say). */
function fieldErrorFor(error: unknown, column: string): string | undefined {
  const entry = (error as Record<string, { message?: string } | undefined> | undefined)?.[column]
  return entry?.message
}

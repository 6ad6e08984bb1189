import { Checkbox, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components'
import { useController, useFormContext, useWatch } from 'react-hook-form'
import type { JsonObject } from '../../../main/ipc/api/contract'
import { SelectField, SwitchField, TextField } from '../../components/form-fields'
import { PathField } from '../../components/path-field'
import type { JobDocument } from '../../lib/job-document'
import { GraphSourceFields, LdapSourceFields, newSource, ScimSourceFields } from './directory-source-fields'
import { EditorCard, useGridStyles } from './editor-card'
import { useEditor } from './editor-context'
import { SourcePreviewPanel, useSourcePreview } from './source-preview'

export const AUTHORITATIVE_SENTENCE =
  'On: the file is a full export, so a person missing from it has left and their account is ' +
  'deprovisioned (see Deprovisioning). Off: a one-off import that only creates and updates accounts.'

const ENCODINGS = [
  ['auto', 'Detect (BOM, UTF-16, else UTF-8)'],
  ['utf-8', 'UTF-8'],
  ['utf-16le', 'UTF-16 LE'],
  ['utf-16be', 'UTF-16 BE'],
  ['windows-1252', 'Windows-1252 (Western European)'],
] as const

const DELIMITERS = [
  [',', 'Comma ,'],
  [';', 'Semicolon ;'],
  ['\t', 'Tab'],
  ['|', 'Pipe |'],
] as const

/** Source types and their forms. */
const SOURCE_TYPES = [
  ['csv', 'CSV file (HR export)'],
  ['ldap', 'LDAP directory (Active Directory, OpenLDAP)'],
  ['graph', 'Microsoft Entra ID (Microsoft Graph)'],
  ['scim', "Another app's SCIM directory"],
] as const

const useStyles = makeStyles({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
    rowGap: tokens.spacingVerticalXS,
    columnGap: tokens.spacingHorizontalL,
  },
  column: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  separator: { width: '4.5rem', flexShrink: 0 },
})

export function SourceSection() {
  const grid = useGridStyles()
  const type = useWatch<JobDocument>({ name: 'source.type' })
  const form = useFormContext<JobDocument>()
  const picker = (
    <Field
      label="Type"
      hint="Changing the type starts its settings afresh (the job file's other parts stay)."
    >
      <Select
        value={typeof type === 'string' ? type : 'csv'}
        onChange={(_event, data) =>
          form.setValue('source', newSource(data.value), { shouldDirty: true, shouldValidate: true })
        }
      >
        {SOURCE_TYPES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </Field>
  )
  const csv = type !== 'ldap' && type !== 'graph' && type !== 'scim'
  // The picker keeps its place whatever the type, so changing it does not lose the focus.
  return (
    <>
      <EditorCard
        id="source-file"
        title="Source"
        description={
          csv
            ? "Where the people come from. Relative paths are read from the job file's folder."
            : 'Where the people come from.'
        }
      >
        <div className={grid.two}>
          {picker}
          {csv && (
            <PathField<JobDocument> name="source.path" label="CSV file" purpose="source-csv" required />
          )}
        </div>
        {csv && <CsvPreview />}
      </EditorCard>
      {csv ? (
        <CsvSourceFields />
      ) : type === 'ldap' ? (
        <LdapSourceFields />
      ) : type === 'graph' ? (
        <GraphSourceFields />
      ) : (
        <ScimSourceFields />
      )}
    </>
  )
}

function useCsvPreview() {
  const { jobId } = useEditor()
  const source = useWatch<JobDocument, 'source'>({ name: 'source' })
  return useSourcePreview(jobId, source as unknown as JsonObject)
}

function CsvPreview() {
  return <SourcePreviewPanel preview={useCsvPreview()} />
}

function CsvSourceFields() {
  const grid = useGridStyles()
  const preview = useCsvPreview()
  const columns = preview.data?.columns ?? []
  return (
    <>
      <EditorCard id="source-reading" title="How the file is read">
        <div className={grid.two}>
          {columns.length > 0 ? (
            <SelectField<JobDocument>
              name="source.idColumn"
              label="Id column"
              options={columns.map(name => [name, name] as const)}
              empty="Choose the column…"
              hint="Each person's stable id: never empty, never reused."
            />
          ) : (
            <TextField<JobDocument> name="source.idColumn" label="Id column" />
          )}
          <SwitchField<JobDocument>
            name="source.authoritative"
            label="The file lists everyone (authoritative)"
            description={<Text className={grid.secondary}>{AUTHORITATIVE_SENTENCE}</Text>}
          />
          <SelectField<JobDocument>
            name="source.encoding"
            label="Encoding"
            options={ENCODINGS}
            empty="Detect (default)"
          />
          <SelectField<JobDocument>
            name="source.delimiter"
            label="Delimiter"
            options={DELIMITERS}
            empty="Detect from the header line"
          />
          <SelectField<JobDocument>
            name="source.emptyValues"
            label="Empty cells"
            empty="Absent: not provisioned (default)"
            options={[['empty', 'Empty text ("")']]}
          />
        </div>
      </EditorCard>
      <MultiValuedColumns columns={columns} />
    </>
  )
}

/** Columns whose cells hold several values (e.g. "Sales;Admins"), and their separator. */
function MultiValuedColumns(props: { readonly columns: ReadonlyArray<string> }) {
  const styles = useStyles()
  const { field } = useController<JobDocument, 'source.multiValued'>({ name: 'source.multiValued' })
  const current: Record<string, string> = { ...(field.value ?? {}) }
  const names = [...new Set([...props.columns, ...Object.keys(current)])]
  const set = (name: string, separator: string | null) => {
    const next = { ...current }
    if (separator === null) delete next[name]
    else next[name] = separator
    field.onChange(Object.keys(next).length === 0 ? undefined : next)
  }
  return (
    <EditorCard
      id="source-lists"
      title="Multi-valued columns"
      description="A column whose cells list several values becomes a list in mappings and scoping."
    >
      {names.length === 0 ? (
        <Text>The columns appear here once the file can be read.</Text>
      ) : (
        <div className={styles.columns}>
          {names.map(name => (
            <div key={name} className={styles.column}>
              <Checkbox
                label={name}
                checked={Object.hasOwn(current, name)}
                onChange={(_event, data) => set(name, data.checked === true ? ';' : null)}
              />
              {Object.hasOwn(current, name) && (
                <Input
                  className={styles.separator}
                  aria-label={`Separator of ${name}`}
                  value={current[name] ?? ''}
                  onChange={(_event, data) => set(name, data.value)}
                />
              )}
            </div>
          ))}
        </div>
      )}
    </EditorCard>
  )
}

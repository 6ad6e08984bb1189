import { Combobox, Field, makeStyles, Option, OptionGroup, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import { type Path, useController, useWatch } from 'react-hook-form'
import type { AttributeDoc } from '../../../main/ipc/api/contract'
import { useFormFieldStyles } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { useEditor } from './editor-context'

const useStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  description: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  listbox: { maxHeight: '22rem', maxWidth: 'min(40rem, 90vw)' },
})

const GROUPS: ReadonlyArray<readonly [AttributeDoc['schema'], string]> = [
  ['core', 'SCIM core'],
  ['enterprise', 'Enterprise extension'],
  ['extension', "This app's own attributes"],
]

/** The app's own attributes the job already names (types, lists, other mappings). */
function extensionAttributes(document: JobDocument, known: ReadonlySet<string>): AttributeDoc[] {
  const target = document.target?.type === 'csv-handoff' ? undefined : document.target
  const names = new Set<string>([
    ...Object.keys(target?.attributeTypes ?? {}),
    ...(target?.multiValuedAttributes ?? []),
    ...(document.users?.mappings ?? []).map(mapping => mapping.target),
  ])
  return [...names]
    .filter(name => name !== '' && name.startsWith('urn:') && !known.has(name))
    .map(name => ({ path: name, schema: 'extension', description: 'Named in this job' }))
}

/**
 * The target attribute of a mapping: picked from the SCIM core and enterprise schemas and the
 * app's own attributes the job names, or typed freely (any SCIM path).
 */
export function AttributePicker(props: {
  readonly name: Path<JobDocument>
  readonly section: 'users' | 'groups'
}) {
  const styles = useStyles()
  const fieldStyles = useFormFieldStyles()
  const { catalog } = useEditor()
  const { field, fieldState } = useController<JobDocument>({ name: props.name })
  const document = useWatch<JobDocument>() as JobDocument
  const value = typeof field.value === 'string' ? field.value : ''
  const [query, setQuery] = useState<string | null>(null)
  const base = props.section === 'users' ? (catalog?.userAttributes ?? []) : (catalog?.groupAttributes ?? [])
  const all = [
    ...base,
    ...(props.section === 'users' ? extensionAttributes(document, new Set(base.map(a => a.path))) : []),
  ]
  const needle = (query ?? '').toLowerCase()
  const shown = all.filter(
    attribute => needle === '' || `${attribute.path} ${attribute.description}`.toLowerCase().includes(needle)
  )
  return (
    <Field
      label="Target attribute"
      hint="A SCIM attribute path; pick one or type any (e.g. urn:…:User:costCenter)."
      validationMessage={fieldState.error?.message}
      required
      className={fieldStyles.field}
    >
      <Combobox
        className={fieldStyles.control}
        freeform
        value={query ?? value}
        selectedOptions={value === '' ? [] : [value]}
        onChange={event => {
          setQuery(event.target.value)
          field.onChange(event.target.value)
        }}
        onOptionSelect={(_event, data) => {
          if (data.optionValue !== undefined) field.onChange(data.optionValue)
          setQuery(null)
        }}
        onBlur={() => {
          setQuery(null)
          field.onBlur()
        }}
        input={{ spellCheck: false, style: { fontFamily: tokens.fontFamilyMonospace } }}
        listbox={{ className: styles.listbox }}
      >
        {GROUPS.map(([schema, label]) => {
          const options = shown.filter(attribute => attribute.schema === schema)
          if (options.length === 0) return null
          return (
            <OptionGroup key={schema} label={label}>
              {options.map(attribute => (
                <Option key={attribute.path} value={attribute.path} text={attribute.path}>
                  <span className={styles.option}>
                    <span className={styles.path}>{attribute.path}</span>
                    <span className={styles.description}>{attribute.description}</span>
                  </span>
                </Option>
              ))}
            </OptionGroup>
          )
        })}
      </Combobox>
    </Field>
  )
}

/**
 * The editor's form fields: Fluent controls bound to react-hook-form by path, each with its
 * label, a hint, and the error at that field (from the job file's schema as the admin types, or
 * from the API's located issues after a save). Optional fields left empty are removed from the
 * job file rather than written as "".
 */
import {
  Field,
  Input,
  type InputProps,
  makeStyles,
  Select,
  Switch,
  Textarea,
  tokens,
} from '@fluentui/react-components'
import { type ReactElement, type ReactNode, useState } from 'react'
import { type FieldValues, type Path, useController, useFormContext } from 'react-hook-form'

/** What Fluent's label and hint slots take. */
type Label = string | ReactElement

/** Shared with the editor's own fields (comboboxes, pickers). */
export const useFormFieldStyles = makeStyles({
  // A field shrinks with its grid cell; controls fill it (a number input's own width would not).
  field: { minWidth: 0, gridTemplateColumns: 'minmax(0, 1fr)' },
  control: { width: '100%', minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
})

interface Common<F extends FieldValues> {
  readonly name: Path<F>
  readonly label: Label
  readonly hint?: Label
  readonly className?: string
  readonly disabled?: boolean
}

/** Text; `optional` fields left empty are removed from the document. */
export function TextField<F extends FieldValues>(
  props: Common<F> & {
    readonly optional?: boolean
    readonly placeholder?: string
    readonly mono?: boolean
    readonly type?: InputProps['type']
    readonly required?: boolean
  }
) {
  const styles = useFormFieldStyles()
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field
      label={props.label}
      hint={props.hint}
      required={props.required}
      validationMessage={fieldState.error?.message}
      className={props.className ?? styles.field}
    >
      <Input
        ref={ref}
        name={name}
        className={styles.control}
        type={props.type ?? 'text'}
        value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
        onChange={(_event, data) =>
          onChange(props.optional === true && data.value === '' ? undefined : data.value)
        }
        onBlur={onBlur}
        placeholder={props.placeholder}
        disabled={props.disabled}
        input={{ className: props.mono === true ? styles.mono : undefined, spellCheck: false }}
      />
    </Field>
  )
}

/** A whole number (or decimal); empty = the job file's default (the key is removed). */
export function NumberField<F extends FieldValues>(
  props: Common<F> & { readonly placeholder?: string; readonly step?: number; readonly min?: number }
) {
  const styles = useFormFieldStyles()
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field
      label={props.label}
      hint={props.hint}
      validationMessage={fieldState.error?.message}
      className={props.className ?? styles.field}
    >
      <Input
        ref={ref}
        name={name}
        className={styles.control}
        type="number"
        inputMode="numeric"
        input={{ size: 1 }}
        min={props.min}
        step={props.step ?? 1}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(_event, data) => {
          const text = data.value.trim()
          const number = Number(text)
          // Text that is not a number yet stays text, so the schema names the problem.
          onChange(text === '' ? undefined : Number.isNaN(number) ? text : number)
        }}
        onBlur={onBlur}
        placeholder={props.placeholder}
        disabled={props.disabled}
      />
    </Field>
  )
}

/** A native select; `empty` is an option that removes the key (the default applies). */
export function SelectField<F extends FieldValues>(
  props: Common<F> & {
    readonly options: ReadonlyArray<readonly [value: string, label: string]>
    readonly empty?: string
  }
) {
  const styles = useFormFieldStyles()
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field
      label={props.label}
      hint={props.hint}
      validationMessage={fieldState.error?.message}
      className={props.className ?? styles.field}
    >
      <Select
        ref={ref}
        name={name}
        className={styles.control}
        value={typeof value === 'string' ? value : ''}
        onChange={(_event, data) => onChange(data.value === '' ? undefined : data.value)}
        onBlur={onBlur}
        disabled={props.disabled}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </Field>
  )
}

/** On/off; off is written as false only when the file already says something (else removed). */
export function SwitchField<F extends FieldValues>(
  props: Common<F> & { readonly description?: ReactNode; readonly defaultValue?: boolean }
) {
  const styles = useFormFieldStyles()
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onChange } = field
  const checked = typeof value === 'boolean' ? value : (props.defaultValue ?? false)
  return (
    <Field
      hint={props.hint}
      validationMessage={fieldState.error?.message}
      className={props.className ?? styles.field}
    >
      <Switch
        ref={ref}
        name={name}
        label={props.label}
        checked={checked}
        onChange={(_event, data) => onChange(data.checked)}
        disabled={props.disabled}
      />
      {props.description}
    </Field>
  )
}

/** A list of texts, one per line (protected accounts); blank lines are left out of the list. */
export function LinesField<F extends FieldValues>(props: Common<F> & { readonly placeholder?: string }) {
  const styles = useFormFieldStyles()
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  const list = Array.isArray(value) ? (value as unknown[]).map(String) : []
  const [text, setText] = useState(list.join('\n'))
  // A value set from outside (reload, discard) replaces what is shown; typing keeps its blank lines.
  if (!sameList(parseLines(text), list)) setText(list.join('\n'))
  return (
    <Field
      label={props.label}
      hint={props.hint}
      validationMessage={fieldState.error?.message}
      className={props.className ?? styles.field}
    >
      <Textarea
        ref={ref}
        name={name}
        resize="vertical"
        value={text}
        onChange={(_event, data) => {
          setText(data.value)
          const lines = parseLines(data.value)
          onChange(lines.length === 0 ? undefined : lines)
        }}
        onBlur={onBlur}
        placeholder={props.placeholder}
        textarea={{ className: styles.mono, spellCheck: false }}
      />
    </Field>
  )
}

function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
}

function sameList(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index])
}

/** The form's value at a path (for fields that depend on others). */
export function useFieldValue<F extends FieldValues>(name: Path<F>): unknown {
  return useFormContext<F>().watch(name)
}

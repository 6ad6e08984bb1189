import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import type { ReactElement } from 'react'
import { type FieldValues, type Path, useController } from 'react-hook-form'
import type { ChooseFileInput } from '../../main/ipc/api/contract'
import { useApi } from '../lib/api-context'
import { useApiQuery } from '../lib/queries'
import { FolderOpenRegular } from './icons'

/** What Fluent's label and hint slots take. */
type Label = string | ReactElement

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  input: { flexGrow: 1, minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
})

/** A file path: typed, or (in the desktop app) chosen with the system's file dialog. */
export function PathField<F extends FieldValues>(props: {
  readonly name: Path<F>
  readonly label: string
  readonly hint?: Label
  readonly purpose: ChooseFileInput['purpose']
  readonly required?: boolean
}) {
  const styles = useStyles()
  const { api } = useApi()
  const overview = useApiQuery('getOverview', undefined)
  const { field, fieldState } = useController<F>({ name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  const choose = useMutation({
    mutationFn: () => api.chooseFile({ purpose: props.purpose }),
    onSuccess: chosen => {
      if (chosen.path !== null) onChange(chosen.path)
    },
  })
  return (
    <Field
      label={props.label}
      hint={props.hint}
      required={props.required}
      validationMessage={fieldState.error?.message}
    >
      <div className={styles.row}>
        <Input
          ref={ref}
          name={name}
          className={styles.input}
          value={typeof value === 'string' ? value : ''}
          onChange={(_event, data) => onChange(data.value)}
          onBlur={onBlur}
          input={{ className: styles.mono, spellCheck: false }}
        />
        {overview.data?.nativeDialogs === true && (
          <Button icon={<FolderOpenRegular />} onClick={() => choose.mutate()} disabled={choose.isPending}>
            Browse…
          </Button>
        )}
      </div>
    </Field>
  )
}

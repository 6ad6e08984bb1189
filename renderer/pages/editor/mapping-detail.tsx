import {
  Button,
  Checkbox,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  tokens,
} from '@fluentui/react-components'
import { type Path, useController, useFormContext, useWatch } from 'react-hook-form'
import type { JsonObject } from '../../../main/ipc/api/contract'
import { SwitchField, TextField } from '../../components/form-fields'
import { DeleteRegular } from '../../components/icons'
import type { JobDocument, MappingDocument } from '../../lib/job-document'
import { AttributePicker } from './attribute-picker'
import { useEditor } from './editor-context'
import { ExpressionField } from './expression-field'
import { matchingMappings } from './matching-order'
import { useSourcePreview } from './source-preview'

const MANAGER = /^urn:ietf:params:scim:schemas:extension:enterprise:2\.0:user:manager(\.value)?$/i

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    rowGap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalL,
  },
  remove: { alignSelf: 'flex-start' },
})

/** One mapping, all of its options: where it goes, how it is computed, when it applies. */
export function MappingDetail(props: {
  readonly section: 'users' | 'groups'
  readonly index: number
  readonly onRemove: () => void
}) {
  const styles = useStyles()
  const base = `${props.section}.mappings.${props.index}`
  const target = useWatch<JobDocument>({ name: `${base}.target` as Path<JobDocument> }) as string | undefined
  return (
    <div className={styles.root}>
      <AttributePicker name={`${base}.target` as Path<JobDocument>} section={props.section} />
      <ExpressionField section={props.section} index={props.index} />
      <TextField<JobDocument>
        name={`${base}.default` as Path<JobDocument>}
        label="Default value"
        optional
        hint="Used on create when the expression gives no value."
      />
      <ApplyField name={`${base}.apply` as Path<JobDocument>} />
      <div className={styles.row}>
        <SwitchField<JobDocument>
          name={`${base}.required` as Path<JobDocument>}
          label="Required"
          hint="A person without a value is reported instead of sent."
        />
        <MatchingToggle section={props.section} index={props.index} />
      </div>
      {props.section === 'users' && MANAGER.test(target ?? '') && <ReferenceField base={base} />}
      <Button className={styles.remove} icon={<DeleteRegular />} onClick={props.onRemove}>
        Remove this mapping
      </Button>
    </div>
  )
}

function ApplyField(props: { readonly name: Path<JobDocument> }) {
  const { field } = useController<JobDocument>({ name: props.name })
  return (
    <Field label="Apply this mapping">
      <RadioGroup
        layout="horizontal"
        value={typeof field.value === 'string' ? field.value : 'always'}
        onChange={(_event, data) => field.onChange(data.value === 'always' ? undefined : data.value)}
      >
        <Radio value="always" label="Always (create and update)" />
        <Radio value="on-create" label="Only when the account is created" />
      </RadioGroup>
    </Field>
  )
}

/** Matching on or off; a new matching attribute is tried last (reorder it in Matching above). */
function MatchingToggle(props: { readonly section: 'users' | 'groups'; readonly index: number }) {
  const form = useFormContext<JobDocument>()
  const name = `${props.section}.mappings` as Path<JobDocument>
  const mappings = (useWatch<JobDocument>({ name }) ?? []) as MappingDocument[]
  const own = mappings[props.index]?.matchingPrecedence
  const setPrecedence = (index: number, value: number | undefined) =>
    form.setValue(`${name}.${index}.matchingPrecedence` as Path<JobDocument>, value as never, {
      shouldDirty: true,
      shouldValidate: true,
    })
  return (
    <Checkbox
      label="Use to match existing accounts"
      checked={typeof own === 'number'}
      onChange={(_event, data) => {
        const others = matchingMappings(mappings).filter(([index]) => index !== props.index)
        if (data.checked === true) {
          setPrecedence(props.index, others.length + 1)
          return
        }
        setPrecedence(props.index, undefined)
        // The rest close the gap, keeping their order.
        others.forEach(([index], position) => setPrecedence(index, position + 1))
      }}
    />
  )
}

/** The enterprise manager names another person: by source id (default) or another column. */
function ReferenceField(props: { readonly base: string }) {
  const { jobId } = useEditor()
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const columns = useSourcePreview(jobId, source).data?.columns ?? []
  const { field } = useController<JobDocument>({ name: `${props.base}.reference` as Path<JobDocument> })
  const by = (field.value as { by?: string } | undefined)?.by ?? ''
  return (
    <Field
      label="The expression gives the manager's"
      hint="Provisioner sends the manager's account id in the app, never the HR value."
    >
      <Select
        value={by}
        onChange={(_event, data) => field.onChange(data.value === '' ? undefined : { by: data.value })}
      >
        <option value="">Source id (the id column)</option>
        {columns.map(column => (
          <option key={column} value={column}>
            Value of the column {column}
          </option>
        ))}
      </Select>
    </Field>
  )
}

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
import { useRef } from 'react'
import { type Path, useController, useFormContext, useWatch } from 'react-hook-form'
import { type JsonObject, type MappingType, mappingTypeOf } from '../../../main/ipc/api/contract'
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
  const mapping = useWatch<JobDocument>({ name: base as Path<JobDocument> }) as MappingDocument | undefined
  const none = mapping?.type === 'none'
  return (
    <div className={styles.root}>
      <AttributePicker name={`${base}.target` as Path<JobDocument>} section={props.section} />
      <MappingTypeField base={base} />
      {!none && <ExpressionField section={props.section} index={props.index} />}
      <TextField<JobDocument>
        name={`${base}.default` as Path<JobDocument>}
        label="Default value"
        optional={!none}
        required={none}
        hint={
          none
            ? 'What new accounts get; existing accounts keep their value.'
            : 'Used on create when the expression gives no value.'
        }
      />
      {!none && <ApplyField name={`${base}.apply` as Path<JobDocument>} />}
      <div className={styles.row}>
        {!none && (
          <SwitchField<JobDocument>
            name={`${base}.required` as Path<JobDocument>}
            label="Required"
            hint="A person without a value is reported instead of sent."
          />
        )}
        {/* Shown for None too: a matching None mapping is refused, and this is where to undo it. */}
        <MatchingToggle section={props.section} index={props.index} />
      </div>
      {props.section === 'users' && !none && <ReferenceOption base={base} target={mapping?.target ?? ''} />}
      <Button className={styles.remove} icon={<DeleteRegular />} onClick={props.onRemove}>
        Remove this mapping
      </Button>
    </div>
  )
}

const TYPE_HINTS: Readonly<Record<MappingType, string>> = {
  Direct: 'Direct: the expression is one source attribute, e.g. [mail].',
  Constant: 'Constant: the expression is one quoted text, e.g. "Staff".',
  Expression: 'Expression: computed by functions, e.g. Join(" ", [givenName], [surname]).',
  None: 'None: nothing is sent on update; new accounts get the default value.',
}

/**
 * Entra's "Mapping type". Direct, Constant and Expression are what the expression is (shown, not
 * chosen: edit the expression); None is chosen, and has no expression (the one typed is kept
 * here while None is on, so switching back restores it).
 */
function MappingTypeField(props: { readonly base: string }) {
  const form = useFormContext<JobDocument>()
  const { field, fieldState } = useController<JobDocument>({
    name: `${props.base}.type` as Path<JobDocument>,
  })
  const mapping = useWatch<JobDocument>({ name: props.base as Path<JobDocument> }) as
    MappingDocument | undefined
  const kept = useRef('')
  const type = mappingTypeOf(mapping ?? {})
  const set = (name: string, value: unknown) =>
    form.setValue(`${props.base}.${name}` as Path<JobDocument>, value as never, {
      shouldDirty: true,
      shouldValidate: true,
    })
  const choose = (none: boolean) => {
    field.onChange(none ? 'none' : undefined)
    if (none) {
      kept.current = mapping?.expression ?? ''
      set('apply', undefined)
    }
    set('expression', none ? undefined : kept.current)
    // The type changes what the default and matching may be: their messages follow now.
    void form.trigger(
      ['expression', 'default', 'matchingPrecedence'].map(
        name => `${props.base}.${name}`
      ) as Path<JobDocument>[]
    )
  }
  return (
    <Field label="Mapping type" hint={TYPE_HINTS[type]} validationMessage={fieldState.error?.message}>
      <RadioGroup
        layout="horizontal"
        value={type === 'None' ? 'none' : 'expression'}
        onChange={(_event, data) => choose(data.value === 'none')}
      >
        <Radio value="expression" label={type === 'None' ? 'Direct, Constant or Expression' : type} />
        <Radio value="none" label="None (default value only)" />
      </RadioGroup>
    </Field>
  )
}

/** The manager is always a reference; another extension attribute is one when the admin says so. */
function ReferenceOption(props: { readonly base: string; readonly target: string }) {
  const { field } = useController<JobDocument>({ name: `${props.base}.reference` as Path<JobDocument> })
  if (MANAGER.test(props.target)) return <ReferenceField base={props.base} who="manager" implicit />
  if (!/^urn:/i.test(props.target)) return null
  return (
    <>
      <Checkbox
        label="Names another user (a reference attribute: the person's account id is sent)"
        checked={field.value !== undefined}
        onChange={(_event, data) => field.onChange(data.checked === true ? {} : undefined)}
      />
      {field.value !== undefined && <ReferenceField base={props.base} who="person" implicit={false} />}
    </>
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
  const { fieldState } = useController<JobDocument>({
    name: `${name}.${props.index}.matchingPrecedence` as Path<JobDocument>,
  })
  return (
    <Field validationMessage={fieldState.error?.message}>
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
    </Field>
  )
}

/** Who a reference names: by source id (default) or another column. */
function ReferenceField(props: { readonly base: string; readonly who: string; readonly implicit: boolean }) {
  const { jobId } = useEditor()
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const columns = useSourcePreview(jobId, source).data?.columns ?? []
  const { field } = useController<JobDocument>({ name: `${props.base}.reference` as Path<JobDocument> })
  const by = (field.value as { by?: string } | undefined)?.by ?? ''
  // The manager is a reference without saying so; any other attribute keeps `{}` to stay one.
  const byId = props.implicit ? undefined : {}
  return (
    <Field
      label={`The expression gives the ${props.who}'s`}
      hint={`Provisioner sends the ${props.who}'s account id in the app, never the HR value.`}
    >
      <Select
        value={by}
        onChange={(_event, data) => field.onChange(data.value === '' ? byId : { by: data.value })}
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

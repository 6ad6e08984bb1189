import {
  Badge,
  Button,
  Card,
  Combobox,
  Field,
  Input,
  makeStyles,
  Option,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components'
import { type Path, useController, useFieldArray, useWatch } from 'react-hook-form'
import type { JsonObject, ScopingPreview, SourcePerson } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { useFormFieldStyles } from '../../components/form-fields'
import { AddRegular, DeleteRegular } from '../../components/icons'
import { Loading } from '../../components/loading'
import { type JobDocument, pruneDocument, type ScopingFilterDocument } from '../../lib/job-document'
import { useApiQuery } from '../../lib/queries'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { EditorCard } from './editor-card'
import { useEditor } from './editor-context'
import { useSourcePreview } from './source-preview'

const useStyles = makeStyles({
  filters: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filter: { gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM },
  filterHeader: { display: 'flex', alignItems: 'end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { flexGrow: 1, minWidth: '12rem' },
  clause: {
    display: 'grid',
    gridTemplateColumns: '3rem minmax(9rem, 1fr) minmax(12rem, 1.3fr) minmax(8rem, 1fr) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
  joiner: {
    color: tokens.colorNeutralForeground3,
    paddingTop: '1.9rem',
    fontWeight: tokens.fontWeightSemibold,
  },
  or: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  side: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXS },
  add: { alignSelf: 'flex-start' },
  removeClause: { marginTop: '1.55rem' },
  names: { margin: 0, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  problem: { color: tokens.colorPaletteRedForeground1 },
})

/**
 * Scoping filters: clauses in one filter must all hold (AND); a person is in scope when any
 * filter holds (OR). The count of who is in and out of scope follows every change.
 */
export function ScopingSection() {
  const styles = useStyles()
  const { fields, append, remove } = useFieldArray<JobDocument, 'users.scoping'>({ name: 'users.scoping' })
  return (
    <>
      <ScopeCounts />
      <EditorCard
        id="scoping"
        title="Scoping filters"
        description="Who this job provisions. With no filter, everyone in the source is in scope."
        actions={
          <Button
            icon={<AddRegular />}
            onClick={() => append({ clauses: [{ attribute: '', operator: 'EQUALS', value: '' }] })}
          >
            {fields.length === 0 ? 'Add a filter' : 'Or add another filter'}
          </Button>
        }
      >
        <div className={styles.filters}>
          {fields.map((field, index) => (
            <div key={field.id} className={styles.filters}>
              {index > 0 && <p className={styles.or}>— or —</p>}
              <FilterCard index={index} onRemove={() => remove(index)} />
            </div>
          ))}
        </div>
      </EditorCard>
    </>
  )
}

function FilterCard(props: { readonly index: number; readonly onRemove: () => void }) {
  const styles = useStyles()
  const name = `users.scoping.${props.index}.clauses` as 'users.scoping.0.clauses'
  const { fields, append, remove } = useFieldArray<JobDocument, 'users.scoping.0.clauses'>({ name })
  const title = useController<JobDocument>({
    name: `users.scoping.${props.index}.title` as Path<JobDocument>,
  })
  return (
    <Card appearance="filled-alternative" className={styles.filter} aria-label={`Filter ${props.index + 1}`}>
      <div className={styles.filterHeader}>
        <Field label={`Filter ${props.index + 1}: title`} className={styles.title}>
          <Input
            value={typeof title.field.value === 'string' ? title.field.value : ''}
            onChange={(_event, data) => title.field.onChange(data.value === '' ? undefined : data.value)}
            placeholder="e.g. Staff in Germany"
          />
        </Field>
        <Button icon={<DeleteRegular />} onClick={props.onRemove}>
          Remove filter
        </Button>
      </div>
      {fields.map((field, clause) => (
        <Clause
          key={field.id}
          filter={props.index}
          clause={clause}
          onRemove={fields.length > 1 ? () => remove(clause) : undefined}
        />
      ))}
      <Button
        appearance="subtle"
        className={styles.add}
        icon={<AddRegular />}
        onClick={() => append({ attribute: '', operator: 'EQUALS', value: '' })}
      >
        And another condition
      </Button>
    </Card>
  )
}

function Clause(props: { readonly filter: number; readonly clause: number; readonly onRemove?: () => void }) {
  const styles = useStyles()
  const fieldStyles = useFormFieldStyles()
  const { catalog, jobId } = useEditor()
  const base = `users.scoping.${props.filter}.clauses.${props.clause}`
  const attribute = useController<JobDocument>({ name: `${base}.attribute` as Path<JobDocument> })
  const operator = useController<JobDocument>({ name: `${base}.operator` as Path<JobDocument> })
  const value = useController<JobDocument>({ name: `${base}.value` as Path<JobDocument> })
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const columns = useSourcePreview(jobId, source).data?.columns ?? []
  const operators = catalog?.scopingOperators ?? []
  const chosen = operators.find(candidate => candidate.operator === operator.field.value)
  const label = props.clause === 0 ? 'Where' : 'and'
  return (
    <div
      className={styles.clause}
      role="group"
      aria-label={`Condition ${props.clause + 1} of filter ${props.filter + 1}`}
    >
      <span className={styles.joiner}>{label}</span>
      <Field
        label="Attribute"
        validationMessage={attribute.fieldState.error?.message}
        className={fieldStyles.field}
      >
        <Combobox
          className={fieldStyles.control}
          freeform
          value={typeof attribute.field.value === 'string' ? attribute.field.value : ''}
          onChange={event => attribute.field.onChange(event.target.value)}
          onOptionSelect={(_event, data) => attribute.field.onChange(data.optionValue ?? '')}
        >
          {columns.map(column => (
            <Option key={column} value={column}>
              {column}
            </Option>
          ))}
        </Combobox>
      </Field>
      <Field label="Operator" className={fieldStyles.field}>
        <Select
          className={fieldStyles.control}
          value={typeof operator.field.value === 'string' ? operator.field.value : 'EQUALS'}
          onChange={(_event, data) => {
            operator.field.onChange(data.value)
            if (operators.find(candidate => candidate.operator === data.value)?.takesValue === false) {
              value.field.onChange(undefined)
            }
          }}
        >
          {operators.map(candidate => (
            <option key={candidate.operator} value={candidate.operator}>
              {candidate.operator} — {candidate.meaning}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Value" validationMessage={value.fieldState.error?.message} className={fieldStyles.field}>
        <Input
          className={fieldStyles.control}
          value={typeof value.field.value === 'string' ? value.field.value : ''}
          onChange={(_event, data) => value.field.onChange(data.value)}
          disabled={chosen?.takesValue === false}
          placeholder={chosen?.takesValue === false ? 'no value' : ''}
        />
      </Field>
      {props.onRemove === undefined ? (
        <span />
      ) : (
        <Button
          appearance="subtle"
          className={styles.removeClause}
          icon={<DeleteRegular />}
          aria-label="Remove this condition"
          onClick={props.onRemove}
        />
      )}
    </div>
  )
}

/** In scope and out of scope over the whole source, as a run would decide (debounced). */
function ScopeCounts() {
  const { jobId } = useEditor()
  const filters = useWatch<JobDocument, 'users.scoping'>({ name: 'users.scoping' }) ?? []
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const settled = useDebouncedValue(pruneDocument(filters) as ScopingFilterDocument[], 250)
  const preview = useApiQuery(
    'previewScoping',
    { jobId, source, filters: settled as unknown as JsonObject[] },
    { keepPrevious: true }
  )
  return (
    <EditorCard
      id="scope-counts"
      title="Who is in scope"
      description="Counted over the whole source file, with the first names of each side."
    >
      {preview.isPending && <Loading label="Counting…" />}
      {preview.isError && <ErrorBanner error={preview.error} title="Cannot count" />}
      {preview.data !== undefined && <Counts preview={preview.data} busy={preview.isFetching} />}
    </EditorCard>
  )
}

function Counts(props: { readonly preview: ScopingPreview; readonly busy: boolean }) {
  const styles = useStyles()
  const { preview } = props
  if (preview.problem !== null) {
    return (
      <Text role="alert" className={styles.problem}>
        {preview.problem.field}: {preview.problem.message}
      </Text>
    )
  }
  const names = (people: ReadonlyArray<SourcePerson>, count: number) =>
    people.length === 0
      ? 'nobody'
      : `${people.map(person => person.display).join(', ')}${count > people.length ? ', …' : ''}`
  return (
    <div className={styles.counts} role="status" aria-busy={props.busy}>
      <div className={styles.side}>
        <Badge appearance="filled" color="success" size="large">
          In scope: {preview.inScope.count} of {preview.total}
        </Badge>
        <p className={styles.names}>{names(preview.inScope.sample, preview.inScope.count)}</p>
      </div>
      <div className={styles.side}>
        <Badge appearance="filled" color="informative" size="large">
          Out of scope: {preview.outOfScope.count}
        </Badge>
        <p className={styles.names}>{names(preview.outOfScope.sample, preview.outOfScope.count)}</p>
      </div>
      {preview.undecided > 0 && (
        <Text className={styles.problem}>
          {preview.undecided} undecided: a regular expression ran out of time.
        </Text>
      )}
    </div>
  )
}

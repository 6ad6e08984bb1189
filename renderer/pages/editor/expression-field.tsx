import {
  Combobox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { type Path, useController, useWatch } from 'react-hook-form'
import type { ExpressionValue, JsonObject, SourcePerson } from '../../../main/ipc/api/contract'
import { MAX_SAMPLE_PEOPLE } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { ErrorBanner } from '../../components/error-banner'
import { useFormFieldStyles } from '../../components/form-fields'
import { ExpressionEditor } from '../../components/expression-editor/expression-editor'
import type { AnalysisFor } from '../../components/expression-editor/expression-extensions'
import { useApi } from '../../lib/api-context'
import type { JobDocument } from '../../lib/job-document'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { useEditor } from './editor-context'
import { useSourcePreview } from './source-preview'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  problem: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: 'anywhere' },
  live: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  liveHeader: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  picker: { flexGrow: 1, minWidth: '12rem' },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  empty: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
  error: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
})

/** How a value reads in the live result: a list joined, nothing named as such. */
export function describeValue(value: ExpressionValue): string {
  if (value.error !== null) return value.error
  if (value.ignored) return '(left alone: IgnoreFlowIfNullOrEmpty)'
  if (value.value === null || value.value === undefined) return '(no value: not sent)'
  if (Array.isArray(value.value)) return value.value.map(String).join(', ')
  return String(value.value)
}

/**
 * The expression of a mapping, with its live result: the value for a person chosen from the
 * source, or for the first 20 people at once, computed by the engine as the admin types.
 */
export function ExpressionField(props: { readonly section: 'users' | 'groups'; readonly index: number }) {
  const styles = useStyles()
  const { jobId, catalog } = useEditor()
  const name = `${props.section}.mappings.${props.index}.expression` as Path<JobDocument>
  const { field, fieldState } = useController<JobDocument>({ name })
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const preview = useSourcePreview(jobId, source)
  const objectType = props.section === 'users' ? 'user' : 'group'
  const text = typeof field.value === 'string' ? field.value : ''
  const expression = useDebouncedValue(text, 200)
  const many = useSampleMany()
  const [person, setPerson] = useState<SourcePerson | null>(null)
  const analysis = useApiQuery(
    'analyzeExpression',
    {
      jobId,
      source,
      objectType,
      expression,
      ...(many.value || person === null ? {} : { sourceId: person.id }),
      count: many.value ? MAX_SAMPLE_PEOPLE : 1,
    },
    { enabled: expression.trim() !== '', keepPrevious: true }
  )
  const current: AnalysisFor | null = useMemo(
    () =>
      analysis.data === undefined || analysis.isPlaceholderData
        ? null
        : { text: expression, analysis: analysis.data },
    [analysis.data, analysis.isPlaceholderData, expression]
  )
  const attributes = objectType === 'group' ? ['name'] : (preview.data?.columns ?? [])
  const problem = current?.analysis.problem ?? null
  return (
    <div className={styles.root}>
      <Field
        label="Expression"
        hint={
          'A column as [name], text in "quotes", functions such as Join(" ", [givenName], [surname]). Ctrl+Space lists them.'
        }
        validationMessage={fieldState.error?.message}
        required
      >
        <ExpressionEditor
          value={text}
          onChange={value => field.onChange(value)}
          onBlur={field.onBlur}
          label="Expression"
          describedBy={`expression-problem-${props.section}-${props.index}`}
          analysis={current}
          completions={{
            functions: catalog?.functions ?? [],
            constants: catalog?.constants ?? [],
            attributes,
          }}
        />
      </Field>
      <div id={`expression-problem-${props.section}-${props.index}`} role="alert">
        {problem !== null && (
          <Text className={styles.problem}>
            {problem.message}
            {problem.suggestion === null ? '' : ` ${problem.suggestion}`}
          </Text>
        )}
        {current?.analysis.unknownAttributes.map(unknown => (
          <Text key={unknown.name} as="p" className={styles.warning}>
            {unknown.message}
          </Text>
        ))}
      </div>
      <LiveResult
        objectType={objectType}
        source={source}
        person={person}
        onPerson={setPerson}
        many={many.value}
        onMany={many.set}
        analysis={analysis}
        stale={current === null && text.trim() !== ''}
      />
    </div>
  )
}

/** "First 20 people" is remembered by the app (a UI preference), not by the job. */
function useSampleMany(): { value: boolean; set: (value: boolean) => void } {
  const { api } = useApi()
  const client = useQueryClient()
  const settings = useApiQuery('getUiSettings', undefined, { staleTime: Infinity })
  const update = useMutation({
    mutationFn: (value: boolean) => api.updateUiSettings({ expressionSampleMany: value }),
    onMutate: value => {
      const previous = settings.data
      if (previous !== undefined) {
        client.setQueryData(apiQueryKey('getUiSettings', undefined), {
          ...previous,
          expressionSampleMany: value,
        })
      }
    },
    onSuccess: next => client.setQueryData(apiQueryKey('getUiSettings', undefined), next),
  })
  return { value: settings.data?.expressionSampleMany ?? false, set: value => update.mutate(value) }
}

function LiveResult(props: {
  readonly objectType: 'user' | 'group'
  readonly source: JsonObject
  readonly person: SourcePerson | null
  readonly onPerson: (person: SourcePerson | null) => void
  readonly many: boolean
  readonly onMany: (many: boolean) => void
  readonly analysis: ReturnType<typeof useApiQuery<'analyzeExpression'>>
  readonly stale: boolean
}) {
  const styles = useStyles()
  const data = props.analysis.data
  const noun = props.objectType === 'user' ? 'people' : 'groups'
  return (
    <section
      className={styles.live}
      aria-label="Live result"
      aria-busy={props.analysis.isFetching || props.stale}
    >
      <div className={styles.liveHeader}>
        <Text weight="semibold">Live result</Text>
        {!props.many && (
          <PersonPicker
            objectType={props.objectType}
            source={props.source}
            person={props.person}
            onPerson={props.onPerson}
          />
        )}
        <Switch
          label={`First ${MAX_SAMPLE_PEOPLE} ${noun}`}
          checked={props.many}
          onChange={(_event, checked) => props.onMany(checked.checked)}
        />
      </div>
      {props.analysis.isError && <ErrorBanner error={props.analysis.error} title="No result" />}
      {data?.sourceProblem !== null && data?.sourceProblem !== undefined && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            The source cannot be read: {data.sourceProblem.message}
            {(data.sourceProblem.issues ?? []).map(issue => (
              <div key={issue}>{issue}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {data !== undefined && data.problem === null && data.sourceProblem === null && (
        <ValueList values={data.values} many={props.many} />
      )}
      {data?.problem !== null && data?.problem !== undefined && (
        <Text className={styles.empty}>Fix the expression to see its value.</Text>
      )}
    </section>
  )
}

function PersonPicker(props: {
  readonly objectType: 'user' | 'group'
  readonly source: JsonObject
  readonly person: SourcePerson | null
  readonly onPerson: (person: SourcePerson | null) => void
}) {
  const styles = useStyles()
  const fieldStyles = useFormFieldStyles()
  const { jobId } = useEditor()
  const [search, setSearch] = useState<string | null>(null)
  const settled = useDebouncedValue(search ?? '', 200)
  const people = useApiQuery(
    'listSourcePeople',
    { jobId, source: props.source, objectType: props.objectType, search: settled, limit: 50 },
    { keepPrevious: true }
  )
  const label = (person: SourcePerson) => `${person.display} (${person.id})`
  return (
    <Field label={props.objectType === 'user' ? 'Person' : 'Group'} className={styles.picker}>
      <Combobox
        className={fieldStyles.control}
        freeform
        placeholder={props.objectType === 'user' ? 'The first person of the file' : 'The first group'}
        value={search ?? (props.person === null ? '' : label(props.person))}
        onChange={event => setSearch(event.target.value)}
        onOptionSelect={(_event, data) => {
          props.onPerson(people.data?.find(person => person.id === data.optionValue) ?? null)
          setSearch(null)
        }}
        onBlur={() => setSearch(null)}
      >
        {(people.data ?? []).map(person => (
          <Option key={person.id} value={person.id} text={label(person)}>
            {label(person)}
          </Option>
        ))}
      </Combobox>
    </Field>
  )
}

const column = createColumnHelper<ExpressionValue>()

function ValueList(props: { readonly values: ReadonlyArray<ExpressionValue>; readonly many: boolean }) {
  const styles = useStyles()
  const columns = useMemo(
    () => [
      column.display({
        id: 'person',
        header: 'Person',
        meta: { width: 'minmax(9rem, 1fr)' },
        cell: ({ row }) => <CellText>{`${row.original.display} (${row.original.sourceId})`}</CellText>,
      }),
      column.display({
        id: 'value',
        header: 'Value',
        meta: { width: 'minmax(10rem, 1.4fr)' },
        cell: ({ row }) => <ValueText value={row.original} />,
      }),
    ],
    []
  )
  if (props.values.length === 0) return <Text className={styles.empty}>Nobody in the source to show.</Text>
  const first = props.values[0]
  if (!props.many && first !== undefined) {
    return (
      <div role="status" aria-label="Value">
        <Text className={styles.empty}>
          {first.display} ({first.sourceId}):{' '}
        </Text>
        <ValueText value={first} />
      </div>
    )
  }
  return (
    <DataTable
      label="Values for the first people"
      columns={columns}
      rows={props.values}
      getRowId={value => value.sourceId}
      maxHeight="20rem"
      estimateRowHeight={37}
    />
  )
}

function ValueText(props: { readonly value: ExpressionValue }) {
  const styles = useStyles()
  const { value } = props
  const text = describeValue(value)
  const className =
    value.error !== null ? styles.error : value.value === null || value.ignored ? styles.empty : styles.value
  return (
    <span className={className} title={text} data-value="">
      {text}
    </span>
  )
}

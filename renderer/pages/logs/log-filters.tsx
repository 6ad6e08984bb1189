import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components'
import { FilterRegular } from '@fluentui/react-icons/svg/filter'
import { zodResolver } from '@hookform/resolvers/zod'
import { useController, useForm, type UseFormReturn } from 'react-hook-form'
import { z } from 'zod'
import { type JobInfo, LOG_ACTIONS, LOG_STATUSES, LogQueryInput } from '../../../main/ipc/api/contract'

/** The filters the logs screen offers: the contract's own fields and rules for them. */
export const LogFilterValues = LogQueryInput.pick({
  jobId: true,
  runId: true,
  status: true,
  action: true,
  identity: true,
  since: true,
  until: true,
})
export type LogFilterValues = z.infer<typeof LogFilterValues>

type FieldName = keyof LogFilterValues
const FIELDS: ReadonlyArray<FieldName> = ['jobId', 'runId', 'status', 'action', 'identity', 'since', 'until']

/** What the form's fields hold: text, with "" for "any"; times as local `YYYY-MM-DDTHH:mm`. */
type FilterFields = Record<FieldName, string>

/** A `datetime-local` value (the admin's local time) as the instant the API takes; other text as is. */
export function localToInstant(local: string): string {
  const date = new Date(local)
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(local) && !Number.isNaN(date.getTime())
    ? date.toISOString()
    : local
}

/** An instant as a `datetime-local` value in the admin's local time (minutes). */
export function instantToLocal(iso: string | undefined): string {
  if (iso === undefined) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Blank fields mean "any"; the rest must pass the API's own schema (lengths, enums, instants). */
const FilterForm = z
  .object({
    jobId: z.string(),
    runId: z.string(),
    status: z.string(),
    action: z.string(),
    identity: z.string(),
    since: z.string(),
    until: z.string(),
  })
  .transform(fields =>
    Object.fromEntries(
      Object.entries(fields)
        .filter(([, value]) => value.trim() !== '')
        .map(([name, value]) => [name, name === 'since' || name === 'until' ? localToInstant(value) : value])
    )
  )
  .pipe(LogFilterValues)
  .refine(value => value.since === undefined || value.until === undefined || value.since <= value.until, {
    message: 'The end must not be before the start',
    path: ['until'],
  })

/** Filters from the URL (`#/logs?status=failure`); a value the API would refuse is left out. */
export function filtersFromParams(params: URLSearchParams): LogFilterValues {
  const filters: Record<string, unknown> = {}
  for (const name of FIELDS) {
    const parsed = LogFilterValues.shape[name].safeParse(params.get(name)?.trim() || undefined)
    if (parsed.success && parsed.data !== undefined) filters[name] = parsed.data
  }
  return filters as LogFilterValues
}

function toFields(value: LogFilterValues): FilterFields {
  return {
    jobId: value.jobId ?? '',
    runId: value.runId ?? '',
    status: value.status ?? '',
    action: value.action ?? '',
    identity: value.identity ?? '',
    since: instantToLocal(value.since),
    until: instantToLocal(value.until),
  }
}

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    marginBottom: tokens.spacingVerticalM,
  },
  // Fields share the rows and shrink together: two rows at 1024 px, fewer when wider.
  choice: { flexGrow: 1, flexShrink: 1, flexBasis: '8rem', maxWidth: '13rem' },
  text: { flexGrow: 1, flexShrink: 1, flexBasis: '9rem', maxWidth: '18rem' },
  time: { flexGrow: 1, flexShrink: 1, flexBasis: '12rem', maxWidth: '15rem' },
  control: { width: '100%', minWidth: 0 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, alignSelf: 'flex-end', paddingBottom: '2px' },
})

/**
 * The log filters, validated with the API contract's schema before anything is asked: choices
 * apply at once, typed text on Apply (or Enter).
 */
export function LogFilters(props: {
  readonly value: LogFilterValues
  readonly jobs: ReadonlyArray<JobInfo>
  readonly onChange: (next: LogFilterValues) => void
}) {
  const styles = useStyles()
  const form = useForm<FilterFields, unknown, LogFilterValues>({
    resolver: zodResolver(FilterForm),
    values: toFields(props.value),
    // Filters that change from outside (the URL, another field's choice) leave text being typed alone.
    resetOptions: { keepDirtyValues: true },
  })
  // The form's own resets take what they are given: `resetOptions` (keep text being typed) is for
  // changes from outside, and would otherwise keep applied text "dirty" for good.
  const apply = form.handleSubmit(values => {
    form.reset(toFields(values), { keepDirtyValues: false })
    props.onChange(values)
  })
  const clear = () => {
    form.reset(toFields({}), { keepDirtyValues: false })
    props.onChange({})
  }
  const applyNow = () => void apply()
  const jobOptions = props.jobs.map(job => [job.id, job.name] as const)
  const statusOptions = LOG_STATUSES.map(status => [status, status] as const)
  const actionOptions = LOG_ACTIONS.map(action => [action, action] as const)

  return (
    <form className={styles.form} onSubmit={event => void apply(event)} aria-label="Log filters" noValidate>
      <ChoiceField
        form={form}
        name="jobId"
        label="Job"
        any="All jobs"
        options={jobOptions}
        onPick={applyNow}
      />
      <ChoiceField
        form={form}
        name="status"
        label="Status"
        any="Any status"
        options={statusOptions}
        onPick={applyNow}
      />
      <ChoiceField
        form={form}
        name="action"
        label="Action"
        any="Any action"
        options={actionOptions}
        onPick={applyNow}
      />
      <TextField form={form} name="identity" label="Identity" placeholder="name or id" />
      <TextField form={form} name="runId" label="Run id" />
      <TimeField form={form} name="since" label="From" />
      <TimeField form={form} name="until" label="To" />
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" icon={<FilterRegular />}>
          Apply
        </Button>
        <Button type="button" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  )
}

type LogFilterForm = UseFormReturn<FilterFields, unknown, LogFilterValues>

/** A native select (keyboard and screen-reader friendly) whose choice applies at once. */
function ChoiceField(props: {
  readonly form: LogFilterForm
  readonly name: FieldName
  readonly label: string
  readonly any: string
  readonly options: ReadonlyArray<readonly [string, string]>
  readonly onPick: () => void
}) {
  const styles = useStyles()
  const { field, fieldState } = useController({ control: props.form.control, name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field label={props.label} validationMessage={fieldState.error?.message} className={styles.choice}>
      <Select
        className={styles.control}
        name={name}
        ref={ref}
        value={value}
        onBlur={onBlur}
        onChange={(_, data) => {
          onChange(data.value)
          props.onPick()
        }}
      >
        <option value="">{props.any}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </Field>
  )
}

/** A date and time in the admin's local time (the URL and the API hold the instant). */
function TimeField(props: {
  readonly form: LogFilterForm
  readonly name: 'since' | 'until'
  readonly label: string
}) {
  const styles = useStyles()
  const { field, fieldState } = useController({ control: props.form.control, name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field label={props.label} validationMessage={fieldState.error?.message} className={styles.time}>
      <Input
        className={styles.control}
        type="datetime-local"
        name={name}
        ref={ref}
        value={value}
        onBlur={onBlur}
        onChange={(_, data) => onChange(data.value)}
      />
    </Field>
  )
}

/** A text field applied with the form (Apply or Enter); Fluent's Input is controlled, so through a controller. */
function TextField(props: {
  readonly form: LogFilterForm
  readonly name: FieldName
  readonly label: string
  readonly placeholder?: string
}) {
  const styles = useStyles()
  const { field, fieldState } = useController({ control: props.form.control, name: props.name })
  // Named, not read as `field.x`: React's lint takes an object with a `ref` member for a ref.
  const { name, ref, value, onBlur, onChange } = field
  return (
    <Field label={props.label} validationMessage={fieldState.error?.message} className={styles.text}>
      <Input
        className={styles.control}
        type="search"
        placeholder={props.placeholder}
        name={name}
        ref={ref}
        value={value}
        onBlur={onBlur}
        onChange={(_, data) => onChange(data.value)}
      />
    </Field>
  )
}

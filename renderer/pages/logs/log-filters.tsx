import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components'
import { FilterRegular } from '@fluentui/react-icons/svg/filter'
import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import { type JobInfo, LOG_ACTIONS, LOG_STATUSES, LogQueryInput } from '../../../main/ipc/api/contract'

/** The filters the logs screen offers: the contract's own fields and rules for them. */
export const LogFilterValues = LogQueryInput.pick({
  jobId: true,
  runId: true,
  status: true,
  action: true,
  identity: true,
})
export type LogFilterValues = z.infer<typeof LogFilterValues>

type FieldName = keyof LogFilterValues
const FIELDS: ReadonlyArray<FieldName> = ['jobId', 'runId', 'status', 'action', 'identity']

/** What the form's fields hold: text, with "" for "any". */
type FilterFields = Record<FieldName, string>

/** Blank fields mean "any"; the rest must pass the API's own schema (lengths, enums). */
const FilterForm = z
  .object({
    jobId: z.string(),
    runId: z.string(),
    status: z.string(),
    action: z.string(),
    identity: z.string(),
  })
  .transform(fields => Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== '')))
  .pipe(LogFilterValues)

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
  // Fields share the row and shrink together, so the filters stay on one line at 1024 px.
  choice: { flexGrow: 1, flexShrink: 1, flexBasis: '8.5rem', maxWidth: '13rem' },
  text: { flexGrow: 1, flexShrink: 1, flexBasis: '10rem', maxWidth: '18rem' },
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
  })
  const apply = form.handleSubmit(values => props.onChange(values))
  const applyNow = () => void apply()
  const error = (name: FieldName) => form.formState.errors[name]?.message

  return (
    <form className={styles.form} onSubmit={event => void apply(event)} aria-label="Log filters" noValidate>
      <Field label="Job" validationMessage={error('jobId')} className={styles.choice}>
        <Select className={styles.control} {...form.register('jobId', { onChange: applyNow })}>
          <option value="">All jobs</option>
          {props.jobs.map(job => (
            <option key={job.id} value={job.id}>
              {job.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Status" validationMessage={error('status')} className={styles.choice}>
        <Select className={styles.control} {...form.register('status', { onChange: applyNow })}>
          <option value="">Any status</option>
          {LOG_STATUSES.map(status => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Action" validationMessage={error('action')} className={styles.choice}>
        <Select className={styles.control} {...form.register('action', { onChange: applyNow })}>
          <option value="">Any action</option>
          {LOG_ACTIONS.map(action => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Identity" validationMessage={error('identity')} className={styles.text}>
        <Input
          className={styles.control}
          type="search"
          placeholder="id, or start of a name or email"
          {...form.register('identity')}
        />
      </Field>
      <Field label="Run id" validationMessage={error('runId')} className={styles.text}>
        <Input className={styles.control} type="search" {...form.register('runId')} />
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" icon={<FilterRegular />}>
          Apply
        </Button>
        <Button type="button" onClick={() => props.onChange({})}>
          Clear
        </Button>
      </div>
    </form>
  )
}

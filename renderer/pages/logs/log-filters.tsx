import { type FormEvent, useEffect, useState } from 'react'
import {
  type JobInfo,
  LOG_ACTIONS,
  LOG_STATUSES,
  type LogAction,
  type LogStatus,
} from '../../../main/ipc/api/contract'

export interface LogFilterValues {
  readonly jobId?: string
  readonly runId?: string
  readonly status?: LogStatus
  readonly action?: LogAction
  readonly identity?: string
}

export function filtersFromParams(params: URLSearchParams): LogFilterValues {
  const text = (name: string) => {
    const value = params.get(name)?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const status = text('status')
  const action = text('action')
  return {
    jobId: text('jobId'),
    runId: text('runId'),
    status: (LOG_STATUSES as ReadonlyArray<string>).includes(status ?? '')
      ? (status as LogStatus)
      : undefined,
    action: (LOG_ACTIONS as ReadonlyArray<string>).includes(action ?? '') ? (action as LogAction) : undefined,
    identity: text('identity'),
  }
}

/**
 * The log filters. Choices in a list apply at once; typed text applies on Enter or "Apply", so
 * the log is not queried on every keystroke.
 */
export function LogFilters(props: {
  readonly value: LogFilterValues
  readonly jobs: ReadonlyArray<JobInfo>
  readonly onChange: (next: LogFilterValues) => void
}) {
  const { value, onChange } = props
  const [identity, setIdentity] = useState(value.identity ?? '')
  const [runId, setRunId] = useState(value.runId ?? '')
  useEffect(() => setIdentity(value.identity ?? ''), [value.identity])
  useEffect(() => setRunId(value.runId ?? ''), [value.runId])

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault()
    onChange({ ...value, identity: identity.trim() || undefined, runId: runId.trim() || undefined })
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Log filters">
      <div className="field">
        <label htmlFor="filter-job">Job</label>
        <select
          id="filter-job"
          value={value.jobId ?? ''}
          onChange={event => onChange({ ...value, jobId: event.target.value || undefined })}
        >
          <option value="">All jobs</option>
          {props.jobs.map(job => (
            <option key={job.id} value={job.id}>
              {job.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          value={value.status ?? ''}
          onChange={event =>
            onChange({ ...value, status: (event.target.value || undefined) as LogStatus | undefined })
          }
        >
          <option value="">Any status</option>
          {LOG_STATUSES.map(status => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-action">Action</label>
        <select
          id="filter-action"
          value={value.action ?? ''}
          onChange={event =>
            onChange({ ...value, action: (event.target.value || undefined) as LogAction | undefined })
          }
        >
          <option value="">Any action</option>
          {LOG_ACTIONS.map(action => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-identity">Identity</label>
        <input
          id="filter-identity"
          type="search"
          value={identity}
          placeholder="id, or start of a name or email"
          onChange={event => setIdentity(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-run">Run id</label>
        <input id="filter-run" type="search" value={runId} onChange={event => setRunId(event.target.value)} />
      </div>
      <div className="field buttons">
        <button type="submit">Apply</button>
        <button type="button" onClick={() => onChange({})}>
          Clear
        </button>
      </div>
    </form>
  )
}

import { useState } from 'react'
import type { PlanPreview } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { StatusBadge } from '../../components/status-badge'
import { useApi } from '../../lib/api-context'
import { formatDuration, formatTime, summaryText } from '../../lib/format'
import { useAdminEvent } from '../../lib/use-admin-event'
import { useApiQuery } from '../../lib/use-api-query'
import { hrefFor } from '../../lib/use-hash-route'
import { PlanPreviewPanel } from './plan-preview-panel'

type PreviewState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly preview: PlanPreview }
  | { readonly status: 'error'; readonly error: unknown }

const RUNS_SHOWN = 50

/** One job: its runs, and a dry-run preview of what the next run would change. */
export function JobPage(props: { readonly jobId: string }) {
  const { api } = useApi()
  const { jobId } = props
  const jobs = useApiQuery(() => api.listJobs(), [api])
  const runs = useApiQuery(() => api.listRuns({ jobId, limit: RUNS_SHOWN }), [api, jobId])
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' })
  useAdminEvent('runFinished', event => {
    if (event.jobId === jobId) runs.reload()
  })

  const job =
    jobs.state.status === 'ready' ? jobs.state.data.find(candidate => candidate.id === jobId) : undefined

  async function runPreview(): Promise<void> {
    setPreview({ status: 'running' })
    try {
      setPreview({ status: 'done', preview: await api.planJob({ jobId }) })
    } catch (error) {
      setPreview({ status: 'error', error })
    }
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={hrefFor([])}>Overview</a> <span aria-hidden="true">/</span> <span>{job?.name ?? jobId}</span>
      </nav>
      <h1>{job?.name ?? jobId}</h1>
      {jobs.state.status === 'error' && <ErrorBanner error={jobs.state.error} />}
      {job !== undefined && (
        <dl className="facts">
          <dt>Source</dt>
          <dd>{job.source ?? '—'}</dd>
          <dt>Target</dt>
          <dd className="break">{job.target ?? '—'}</dd>
          <dt>Job file</dt>
          <dd>
            <code className="path">{job.configPath ?? 'none recorded'}</code>
          </dd>
        </dl>
      )}

      <section aria-labelledby="preview-heading" className="card">
        <div className="section-header">
          <h2 id="preview-heading">Preview</h2>
          <button
            type="button"
            className="primary"
            onClick={() => void runPreview()}
            disabled={preview.status === 'running' || job?.configPath === null}
            aria-describedby="preview-help"
          >
            {preview.status === 'running' ? 'Running dry run…' : 'Preview (dry run)'}
          </button>
        </div>
        <p id="preview-help" className="muted">
          Reads the source and the target and shows what a run would change. Nothing is written to the target.
        </p>
        <div aria-live="polite">
          {preview.status === 'running' && <p aria-busy="true">Reading the source and the target…</p>}
          {preview.status === 'error' && <ErrorBanner error={preview.error} title="Preview failed" />}
          {preview.status === 'done' && <PlanPreviewPanel preview={preview.preview} />}
        </div>
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {runs.state.status === 'loading' && <p aria-busy="true">Loading…</p>}
        {runs.state.status === 'error' && <ErrorBanner error={runs.state.error} />}
        {runs.state.status === 'ready' &&
          (runs.state.data.length === 0 ? (
            <p className="empty">This job has not run yet.</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Failed</th>
                  <th scope="col">
                    <span className="visually-hidden">Links</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.state.data.map(run => (
                  <tr key={run.id}>
                    <td>
                      {formatTime(run.startedAt)}
                      <div className="muted small">{run.id}</div>
                    </td>
                    <td>{run.mode}</td>
                    <td>
                      <StatusBadge status={run.status} />
                      {run.error !== null && <div className="small error-text">{run.error}</div>}
                    </td>
                    <td>{formatDuration(run.startedAt, run.finishedAt)}</td>
                    <td>{summaryText(run.summary)}</td>
                    <td className="count">{run.failed}</td>
                    <td className="actions">
                      <a href={hrefFor(['logs'], { jobId, runId: run.id })}>Logs</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
    </>
  )
}

import { ErrorBanner } from '../../components/error-banner'
import { StatusBadge } from '../../components/status-badge'
import { useApi } from '../../lib/api-context'
import { formatTime, summaryText } from '../../lib/format'
import { useAdminEvent } from '../../lib/use-admin-event'
import { useApiQuery } from '../../lib/use-api-query'
import { hrefFor } from '../../lib/use-hash-route'

/** The state folder, every job with its last run, and the latest runs across jobs. */
export function OverviewPage() {
  const { api } = useApi()
  const { state, reload } = useApiQuery(() => Promise.all([api.getOverview(), api.listJobs()]), [api])
  useAdminEvent('runFinished', reload)

  if (state.status === 'loading') return <p aria-busy="true">Loading…</p>
  if (state.status === 'error') return <ErrorBanner error={state.error} />
  const [overview, jobs] = state.data

  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="state-heading" className="card">
        <h2 id="state-heading">State folder</h2>
        <p>
          <code className="path">{overview.stateFolder}</code>
        </p>
        <p className="muted">
          Shared with the <code>provisioner</code> command line: jobs, runs and logs written there appear
          here.
        </p>
      </section>

      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Jobs ({overview.jobCount})</h2>
        {jobs.length === 0 ? (
          <p className="empty">
            No jobs yet. Run <code>provisioner plan --job FILE</code> once to register a job.
          </p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Source → target</th>
                <th scope="col">Last run</th>
                <th scope="col">Summary</th>
                <th scope="col">
                  <span className="visually-hidden">Links</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map(job => (
                <tr key={job.id}>
                  <th scope="row">
                    <a href={hrefFor(['jobs', job.id])}>{job.name}</a>
                    <div className="muted small">{job.id}</div>
                    {job.quarantine === null ? null : (
                      <div className="small" role="status">
                        <StatusBadge status="quarantined" />{' '}
                        <span title={`${job.quarantine.code} since ${job.quarantine.since}`}>
                          {job.quarantine.reason}
                        </span>
                      </div>
                    )}
                  </th>
                  <td>
                    <div>{job.source ?? '—'}</div>
                    <div className="muted small break">{job.target ?? '—'}</div>
                  </td>
                  <td>
                    {job.lastRun === null ? (
                      <span className="muted">never run</span>
                    ) : (
                      <>
                        <StatusBadge status={job.lastRun.status} />{' '}
                        <span className="muted">{job.lastRun.mode}</span>
                        <div className="small">{formatTime(job.lastRun.startedAt)}</div>
                      </>
                    )}
                  </td>
                  <td>{summaryText(job.lastRun?.summary ?? null)}</td>
                  <td className="actions">
                    <a href={hrefFor(['jobs', job.id])}>Runs &amp; preview</a>
                    <a href={hrefFor(['logs'], { jobId: job.id })}>Logs</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent runs</h2>
        {overview.recentRuns.length === 0 ? (
          <p className="empty">No runs yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Job</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {overview.recentRuns.map(run => (
                <tr key={run.id}>
                  <td>
                    <a href={hrefFor(['logs'], { runId: run.id })}>{formatTime(run.startedAt)}</a>
                  </td>
                  <td>{run.jobName}</td>
                  <td>{run.mode}</td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>{summaryText(run.summary)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

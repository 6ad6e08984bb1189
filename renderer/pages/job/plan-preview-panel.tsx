import { useState } from 'react'
import type { PlanPreview } from '../../../main/ipc/api/contract'
import { ChangeLines } from '../../components/change-list'
import { SummaryTable } from '../../components/summary-table'

/** The result of a dry run: counts, then each operation with its attribute changes. */
export function PlanPreviewPanel(props: { readonly preview: PlanPreview }) {
  const { preview } = props
  const [showUnchanged, setShowUnchanged] = useState(false)
  const shown = preview.operations.filter(operation => showUnchanged || operation.action !== 'unchanged')

  return (
    <div className="plan-preview">
      <p>
        Dry run <code>{preview.runId}</code>: {preview.sourceCount} source{' '}
        {preview.sourceCount === 1 ? 'person' : 'people'} against {preview.targetCount} target{' '}
        {preview.targetCount === 1 ? 'account' : 'accounts'}.
      </p>
      <SummaryTable summary={preview.summary} caption="Planned changes" />
      <div className="toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showUnchanged}
            onChange={event => setShowUnchanged(event.target.checked)}
          />
          Show unchanged
        </label>
        {preview.totalOperations > preview.operations.length && (
          <span className="muted">
            Showing the first {preview.operations.length} of {preview.totalOperations} operations.
          </span>
        )}
      </div>
      {shown.length === 0 ? (
        <p className="empty">Nothing to change.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Planned operations</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Who</th>
              <th scope="col">Source id</th>
              <th scope="col">Target id</th>
              <th scope="col">Changes</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((operation, index) => (
              <tr key={`${operation.sourceId ?? ''}:${operation.targetId ?? ''}:${index}`}>
                <td>
                  <span className={`action action-${operation.action}`}>{operation.action}</span>
                </td>
                <td>{operation.display}</td>
                <td>{operation.sourceId ?? '—'}</td>
                <td className="break">{operation.targetId ?? '—'}</td>
                <td>
                  <ChangeLines changes={operation.changes} />
                </td>
                <td>
                  {operation.reason ?? ''}
                  {operation.errorCode !== null && <div className="muted small">{operation.errorCode}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

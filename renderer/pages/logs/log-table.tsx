import { memo } from 'react'
import type { LogEntry } from '../../../main/ipc/api/contract'
import { StatusBadge } from '../../components/status-badge'
import { formatTime } from '../../lib/format'

/**
 * The loaded page(s) of log entries. Rows are memoised and use `content-visibility` (app.css),
 * so thousands of loaded rows stay cheap to render and scroll.
 */
export function LogTable(props: {
  readonly entries: ReadonlyArray<LogEntry>
  readonly selectedId: number | null
  readonly onSelect: (id: number) => void
}) {
  return (
    <table className="data-table log-table">
      <caption className="visually-hidden">Provisioning log entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Identity</th>
          <th scope="col">Action</th>
          <th scope="col">Status</th>
          <th scope="col">Target</th>
          <th scope="col">Error code</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map(entry => (
          <LogRow
            key={entry.id}
            entry={entry}
            selected={entry.id === props.selectedId}
            onSelect={props.onSelect}
          />
        ))}
      </tbody>
    </table>
  )
}

const LogRow = memo(function LogRow(props: {
  readonly entry: LogEntry
  readonly selected: boolean
  readonly onSelect: (id: number) => void
}) {
  const { entry } = props
  const who = entry.sourceDisplay ?? entry.sourceId ?? entry.targetDisplay ?? entry.targetId ?? '(unknown)'
  return (
    <tr
      className={props.selected ? 'log-row selected' : 'log-row'}
      aria-current={props.selected ? 'true' : undefined}
    >
      <td className="nowrap">{formatTime(entry.time)}</td>
      <td>
        <button
          type="button"
          className="link-button"
          onClick={() => props.onSelect(entry.id)}
          aria-controls="log-detail"
          aria-expanded={props.selected}
        >
          {who}
        </button>
        {entry.sourceId !== null && entry.sourceId !== who && (
          <div className="muted small">{entry.sourceId}</div>
        )}
      </td>
      <td>
        <span className={`action action-${entry.action}`}>{entry.action}</span>
      </td>
      <td>
        <StatusBadge status={entry.status} />
      </td>
      <td className="break">{entry.targetId ?? '—'}</td>
      <td>{entry.errorCode ?? ''}</td>
    </tr>
  )
})

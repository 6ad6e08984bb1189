import type { RunSummary } from '../../main/ipc/api/contract'
import { GROUP_SUMMARY_LABELS, USER_SUMMARY_LABELS } from '../lib/format'

/** Counts per action for users (and groups when any group work is planned). */
export function SummaryTable(props: { readonly summary: RunSummary; readonly caption: string }) {
  const { summary } = props
  const hasGroups = GROUP_SUMMARY_LABELS.some(([key]) => summary.groups[key] > 0)
  return (
    <div className="summary-tables">
      <table className="summary-table">
        <caption>{props.caption}: users</caption>
        <thead>
          <tr>
            {USER_SUMMARY_LABELS.map(([key, label]) => (
              <th key={key} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {USER_SUMMARY_LABELS.map(([key]) => (
              <td key={key} className={summary.users[key] > 0 ? 'count nonzero' : 'count'}>
                {summary.users[key]}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {hasGroups && (
        <table className="summary-table">
          <caption>{props.caption}: groups</caption>
          <thead>
            <tr>
              {GROUP_SUMMARY_LABELS.map(([key, label]) => (
                <th key={key} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {GROUP_SUMMARY_LABELS.map(([key]) => (
                <td key={key} className="count">
                  {summary.groups[key]}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </div>
  )
}

import type { RunSummary } from '../../main/ipc/api/contract'
import { GROUP_SUMMARY_LABELS, USER_SUMMARY_LABELS } from '../lib/format'

/** One row of counts under their action labels; non-zero counts stand out. */
function CountsTable<Key extends string>(props: {
  readonly caption: string
  readonly labels: ReadonlyArray<readonly [Key, string]>
  readonly counts: Readonly<Record<Key, number>>
}) {
  const { labels, counts } = props
  return (
    <table className="summary-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {labels.map(([key, label]) => (
            <th key={key} scope="col">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {labels.map(([key]) => (
            <td key={key} className={counts[key] > 0 ? 'count nonzero' : 'count'}>
              {counts[key]}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  )
}

/** Counts per action for users (and groups when any group work is planned). */
export function SummaryTable(props: { readonly summary: RunSummary; readonly caption: string }) {
  const { summary } = props
  const hasGroups = GROUP_SUMMARY_LABELS.some(([key]) => summary.groups[key] > 0)
  return (
    <div className="summary-tables">
      <CountsTable caption={`${props.caption}: users`} labels={USER_SUMMARY_LABELS} counts={summary.users} />
      {hasGroups && (
        <CountsTable
          caption={`${props.caption}: groups`}
          labels={GROUP_SUMMARY_LABELS}
          counts={summary.groups}
        />
      )}
    </div>
  )
}

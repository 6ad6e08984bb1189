import type { ModifiedProperty } from '../../main/ipc/api/contract'
import { formatValue } from '../lib/format'

/** Attribute changes as a table: property, old value → new value. */
export function ChangeTable(props: {
  readonly changes: ReadonlyArray<ModifiedProperty>
  readonly caption: string
}) {
  if (props.changes.length === 0) {
    return <p className="muted">No modified properties.</p>
  }
  return (
    <table className="change-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Property</th>
          <th scope="col">Old value</th>
          <th scope="col">New value</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map(change => (
          <tr key={change.path}>
            <th scope="row">
              <code>{change.path}</code>
            </th>
            <td className="old-value">{formatValue(change.from)}</td>
            <td className="new-value">{formatValue(change.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Compact "path: old → new" lines, for a column in a wide table. */
export function ChangeLines(props: { readonly changes: ReadonlyArray<ModifiedProperty> }) {
  if (props.changes.length === 0) return <span className="muted">—</span>
  return (
    <ul className="change-lines">
      {props.changes.map(change => (
        <li key={change.path}>
          <code>{change.path}</code>: <span className="old-value">{formatValue(change.from)}</span>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> becomes </span>
          <span className="new-value">{formatValue(change.to)}</span>
        </li>
      ))}
    </ul>
  )
}

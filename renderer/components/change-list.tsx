import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import type { ModifiedProperty } from '../../main/ipc/api/contract'
import { formatValue } from '../lib/format'

const useStyles = makeStyles({
  // One property per block: its name, then "Old" and "New" lines the full width of the panel, so
  // a long value or a GUID keeps its line instead of being squeezed into a third of a column.
  table: { display: 'block', width: '100%', fontSize: tokens.fontSizeBase300 },
  head: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
  body: { display: 'block' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  property: {
    gridColumn: '1 / -1',
    textAlign: 'start',
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  value: {
    display: 'contents',
    '::before': {
      color: tokens.colorNeutralForeground3,
      fontSize: tokens.fontSizeBase200,
      // Visual labels only ("/ ''": no text for assistive technology, which has the column headers).
      content: 'var(--change-label)',
    },
  },
  old: { '--change-label': '"Old" / ""' },
  new: { '--change-label': '"New" / ""' },
  text: { overflowWrap: 'anywhere', minWidth: 0 },
  oldText: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, padding: 0, listStyle: 'none', minWidth: 0 },
  item: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  empty: { color: tokens.colorNeutralForeground3 },
})

/** A value as a screen shows it: lists (group members, multi-valued attributes) one item per line. */
function Value(props: { readonly value: unknown; readonly old?: boolean }) {
  const styles = useStyles()
  const { value } = props
  if (Array.isArray(value) && value.length > 0) {
    return (
      <ul className={styles.list}>
        {value.map((item, index) => (
          <li key={index} className={styles.item}>
            {formatValue(item)}
          </li>
        ))}
      </ul>
    )
  }
  const text = formatValue(value)
  return (
    <span className={mergeClasses(styles.text, (text === '(empty)' || props.old === true) && styles.oldText)}>
      {text}
    </span>
  )
}

/**
 * Attribute changes as Entra's "Modified properties" table (property, old value, new value),
 * laid out one property per block so it reads well in a narrow details panel. Roles are spelled
 * out because the block layout would otherwise drop the table semantics.
 */
export function ChangeTable(props: {
  readonly changes: ReadonlyArray<ModifiedProperty>
  readonly caption: string
}) {
  const styles = useStyles()
  if (props.changes.length === 0) {
    return <p className={styles.empty}>No modified properties.</p>
  }
  return (
    <table role="table" className={styles.table} aria-label={props.caption}>
      <thead role="rowgroup" className={styles.head}>
        <tr role="row">
          <th role="columnheader" scope="col">
            Property
          </th>
          <th role="columnheader" scope="col">
            Old value
          </th>
          <th role="columnheader" scope="col">
            New value
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup" className={styles.body}>
        {props.changes.map((change, index) => (
          // A group can change `members` twice (additions, removals): the path alone is not a key.
          <tr role="row" key={`${index}:${change.path}`} className={styles.row}>
            <th role="rowheader" scope="row" className={styles.property}>
              {change.path}
            </th>
            <td role="cell" className={mergeClasses(styles.value, styles.old)}>
              <Value value={change.from} old />
            </td>
            <td role="cell" className={mergeClasses(styles.value, styles.new)}>
              <Value value={change.to} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const useLineStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none', minWidth: 0 },
  line: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  old: { color: tokens.colorNeutralForeground3 },
  more: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
})

/** One line for a change: a list value is counted ("2 added"), not spelled out as GUIDs. */
function lineText(
  change: ModifiedProperty
): { readonly from: string; readonly to: string } | { readonly summary: string } {
  const { from, to } = change
  if (Array.isArray(to) && (from === null || from === undefined)) return { summary: `${to.length} added` }
  if (Array.isArray(from) && (to === null || to === undefined)) return { summary: `${from.length} removed` }
  return { from: formatValue(from), to: formatValue(to) }
}

/**
 * Compact "path: old → new" lines for a table cell: each on one line (ellipsis, whole text in
 * the tooltip), at most `limit` of them, then how many more the row's details hold.
 */
export function ChangeLines(props: {
  readonly changes: ReadonlyArray<ModifiedProperty>
  readonly limit?: number
}) {
  const styles = useLineStyles()
  const limit = props.limit ?? props.changes.length
  if (props.changes.length === 0) return <span className={styles.old}>—</span>
  const shown = props.changes.slice(0, limit)
  const more = props.changes.length - shown.length
  return (
    <ul className={styles.list}>
      {shown.map((change, index) => {
        const text = lineText(change)
        const title =
          'summary' in text ? `${change.path}: ${text.summary}` : `${change.path}: ${text.from} → ${text.to}`
        return (
          <li key={`${index}:${change.path}`} className={styles.line} title={title}>
            <span className={styles.path}>{change.path}</span>:{' '}
            {'summary' in text ? (
              text.summary
            ) : (
              <>
                <span className={styles.old}>{text.from}</span>
                <span aria-hidden="true"> → </span>
                <span className={styles.hidden}> becomes </span>
                {text.to}
              </>
            )}
          </li>
        )
      })}
      {more > 0 && <li className={styles.more}>and {more} more</li>}
    </ul>
  )
}

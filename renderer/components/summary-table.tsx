import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import type { RunSummary } from '../../main/ipc/api/contract'
import { GROUP_SUMMARY_LABELS, USER_SUMMARY_LABELS } from '../lib/format'

const useStyles = makeStyles({
  tables: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, overflowX: 'auto' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase300 },
  caption: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    paddingBottom: tokens.spacingVerticalXS,
  },
  head: {
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    textAlign: 'end',
    whiteSpace: 'nowrap',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  count: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    textAlign: 'end',
    fontVariantNumeric: 'tabular-nums',
    fontSize: tokens.fontSizeBase400,
    color: tokens.colorNeutralForeground3,
  },
  nonzero: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
})

/** One row of counts under their action labels; non-zero counts stand out. */
function CountsTable<Key extends string>(props: {
  readonly caption: string
  readonly labels: ReadonlyArray<readonly [Key, string]>
  readonly counts: Readonly<Record<Key, number>>
}) {
  const styles = useStyles()
  const { labels, counts } = props
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>{props.caption}</caption>
      <thead>
        <tr>
          {labels.map(([key, label]) => (
            <th key={key} scope="col" className={styles.head}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {labels.map(([key]) => (
            <td key={key} className={mergeClasses(styles.count, counts[key] > 0 && styles.nonzero)}>
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
  const styles = useStyles()
  const { summary } = props
  const hasGroups = GROUP_SUMMARY_LABELS.some(([key]) => summary.groups[key] > 0)
  return (
    <div className={styles.tables}>
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

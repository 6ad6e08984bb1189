import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components'
import type { HandoffFilePreview } from '../../../main/ipc/api/contract'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  title: { margin: 0 },
  note: { margin: 0, color: tokens.colorNeutralForeground3 },
  scroll: {
    overflow: 'auto',
    maxHeight: '24rem',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: { width: 'max-content', minWidth: '100%' },
  cell: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
})

/** A CSV hand-off dry run: the rows of the file apply would write, as it writes them. */
export function HandoffFileTable(props: { readonly file: HandoffFilePreview }) {
  const styles = useStyles()
  const { header, rows, rowCount } = props.file
  return (
    <section className={styles.root} aria-labelledby="handoff-file-title">
      <Text as="h3" id="handoff-file-title" size={400} weight="semibold" className={styles.title}>
        File apply would write
      </Text>
      {rowCount === 0 ? (
        <Text as="p" className={styles.note}>
          Nothing changed, so apply writes no file.
        </Text>
      ) : (
        <>
          <Text as="p" className={styles.note}>
            {rows.length < rowCount
              ? `The first ${rows.length} of ${rowCount} rows.`
              : `${rowCount} row${rowCount === 1 ? '' : 's'}.`}{' '}
            Upload the file on the app&apos;s bulk-upload screen after apply.
          </Text>
          <div className={styles.scroll}>
            <Table size="small" className={styles.table} aria-labelledby="handoff-file-title">
              <TableHeader>
                <TableRow>
                  {header.map((name, index) => (
                    <TableHeaderCell key={index} className={styles.cell}>
                      {name}
                    </TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row, rowIndex) => (
                  <TableRow key={rowIndex}>
                    {row.map((cell, index) => (
                      <TableCell key={index} className={styles.cell}>
                        {cell}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  )
}

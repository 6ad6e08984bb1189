import {
  Badge,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { JsonObject, SourcePreview } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { useApiQuery } from '../../lib/queries'
import { useDebouncedValue } from '../../lib/use-debounced-value'

const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
}

export function delimiterName(delimiter: string | null): string {
  return delimiter === null ? 'unknown' : (DELIMITER_NAMES[delimiter] ?? delimiter)
}

/** The source file as the connector reads it, for the settings being edited (debounced). */
export function useSourcePreview(jobId: string | undefined, source: JsonObject | null) {
  const settled = useDebouncedValue(source, 300)
  const path = typeof settled?.['path'] === 'string' ? settled['path'].trim() : ''
  return useApiQuery(
    'previewSource',
    jobId === undefined ? { source: settled ?? {} } : { jobId, source: settled ?? {} },
    { enabled: settled !== null && path !== '', keepPrevious: true }
  )
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  secondary: { color: tokens.colorNeutralForeground3, margin: 0 },
  issues: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  issue: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
})

/** What was detected, the file's located problems, and its first rows. */
export function SourcePreviewPanel(props: { readonly preview: ReturnType<typeof useSourcePreview> }) {
  const styles = useStyles()
  const { preview } = props
  if (preview.isError) return <ErrorBanner error={preview.error} title="The file cannot be previewed" />
  if (preview.data === undefined) {
    return preview.isFetching ? <Loading label="Reading the file…" /> : null
  }
  const data = preview.data
  return (
    <section className={styles.root} aria-label="File preview" aria-busy={preview.isFetching}>
      <div className={styles.facts} role="status">
        <Badge appearance="tint" color="informative">
          Encoding: {data.encoding.detected ?? 'unknown'}
          {data.encoding.configured === 'auto' ? ' (detected)' : ''}
        </Badge>
        <Badge appearance="tint" color="informative">
          Delimiter: {delimiterName(data.delimiter.configured ?? data.delimiter.detected)}
          {data.delimiter.configured === null ? ' (detected)' : ''}
        </Badge>
        <Badge appearance="tint" color="informative">
          {data.columns.length} columns
        </Badge>
        {data.rowCount !== null && (
          <Badge appearance="tint" color="success">
            {data.rowCount} {data.rowCount === 1 ? 'person' : 'people'}
          </Badge>
        )}
      </div>
      {data.issues.length > 0 && <SourceIssues issues={data.issues} />}
      {data.columns.length > 0 && <FirstRows preview={data} />}
    </section>
  )
}

function SourceIssues(props: { readonly issues: ReadonlyArray<string> }) {
  const styles = useStyles()
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>The file cannot be used as configured</MessageBarTitle>
        <ul className={styles.issues} aria-label="File problems">
          {props.issues.map(issue => (
            <li key={issue} className={styles.issue}>
              {issue}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  )
}

type Row = { readonly index: number; readonly cells: ReadonlyArray<string> }
const column = createColumnHelper<Row>()

function FirstRows(props: { readonly preview: SourcePreview }) {
  const styles = useStyles()
  const { columns, rows } = props.preview
  const definitions = useMemo(
    () =>
      columns.map((name, index) =>
        column.display({
          id: `c${index}`,
          header: name,
          meta: { width: 'minmax(7rem, 1fr)' },
          cell: ({ row }) => <CellText>{row.original.cells[index] ?? ''}</CellText>,
        })
      ),
    [columns]
  )
  const data = useMemo(() => rows.map((cells, index) => ({ index, cells })), [rows])
  return (
    <>
      <Text as="p" className={styles.secondary}>
        The first {rows.length} rows, as read:
      </Text>
      <DataTable
        label="First rows of the file"
        columns={definitions}
        rows={data}
        getRowId={row => String(row.index)}
        maxHeight="18rem"
      />
    </>
  )
}

import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type Row as TableRow,
  type RowData,
  useReactTable,
} from '@tanstack/react-table'
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import {
  createContext,
  type KeyboardEvent,
  memo,
  useCallback,
  type ReactElement,
  type RefObject,
  useContext,
  useEffect,
  useEffectEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { columnsToDrop, minRowPx } from './fit-columns'

declare module '@tanstack/react-table' {
  // Type parameters must match the library's declaration for the merge.
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The column's CSS grid track, e.g. `9rem` or `minmax(12rem, 2fr)` (default `minmax(6rem, 1fr)`). */
    readonly width?: string
  }
}

const DEFAULT_TRACK = 'minmax(6rem, 1fr)'
/** Rows rendered beyond each edge of the viewport: keeps Tab and arrow keys moving into rendered rows. */
const OVERSCAN = 8

const useStyles = makeStyles({
  scroller: {
    overflow: 'auto',
    position: 'relative',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    // Focus scrolls a row into view below the sticky header, not under it.
    scrollPaddingTop: '2.75rem',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  table: { display: 'grid', width: '100%', borderCollapse: 'collapse' },
  head: {
    display: 'grid',
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  row: { display: 'grid', width: '100%' },
  headerCell: {
    textAlign: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  // No `contain` here or on the rows: measured in Chromium (a 100,000-person plan's table), it
  // cost more style recalculation than the layout it saved.
  body: { display: 'grid', position: 'relative' },
  bodyRow: {
    position: 'absolute',
    top: 0,
    left: 0,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  clickable: { cursor: 'pointer' },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset ${tokens.strokeWidthThicker} 0 0 ${tokens.colorBrandStroke1}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    minWidth: 0,
    overflow: 'hidden',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
})

export interface DataTableProps<Row> {
  /** The table's accessible name. */
  readonly label: string
  /** TanStack column definitions; `meta.width` sets each column's grid track. */
  // `any`: each column has its own value type; TanStack's own examples type the array this way.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly columns: ReadonlyArray<ColumnDef<Row, any>>
  readonly rows: ReadonlyArray<Row>
  readonly getRowId: (row: Row) => string
  /** All rows that exist (server side) when only some are loaded, -1 when unknown; screen readers announce it. */
  readonly totalRows?: number
  /** Typical row height in px; rows are measured once rendered, so taller rows are fine. */
  readonly estimateRowHeight?: number
  /**
   * Every row's height in px, not measured: for windowed lists, whose rows come and go above
   * the ones in view (those stay in place: the scroll position follows them).
   */
  readonly rowHeight?: number
  /** CSS max-height of the scrolling area; fewer rows make the table shorter. */
  readonly maxHeight?: string
  /** Column ids left out. */
  readonly hiddenColumns?: ReadonlyArray<string>
  /**
   * Column ids to leave out, most expendable first, when the table is too narrow for all
   * (a details panel beside it, a small window); what is left never scrolls sideways.
   */
  readonly dropToFit?: ReadonlyArray<string>
  readonly selectedRowId?: string | null
  /**
   * Opens a row (its details). Clicking anywhere on the row does it; for the keyboard, a cell
   * renders a control that calls `useRowActivation(rowId).activate`.
   */
  readonly onRowActivate?: (row: Row) => void
  /** Called when the last loaded row comes into view (to load the next page). */
  readonly onEndReached?: () => void
  /** Called when the first loaded row comes into view (to load the page before, in a window). */
  readonly onStartReached?: () => void
  readonly busy?: boolean
  readonly className?: string
}

interface RowActivation {
  readonly selectedRowId: string | null
  readonly activate: (rowId: string) => void
}

const RowActivationContext = createContext<RowActivation>({ selectedRowId: null, activate: () => undefined })

/**
 * For a cell's control that opens its row: whether the row is the selected one, and how to open it.
 *
 * Through context rather than column definitions, so the columns stay the same objects and a
 * selection never remounts the cells (which would drop keyboard focus).
 */
export function useRowActivation(rowId: string): {
  readonly selected: boolean
  readonly activate: () => void
} {
  const context = useContext(RowActivationContext)
  return { selected: context.selectedRowId === rowId, activate: () => context.activate(rowId) }
}

/**
 * The one data grid of the app (logs, runs, plan preview, jobs): TanStack Table for the model,
 * TanStack Virtual so only the rows in view are in the DOM, whatever the row count.
 *
 * Rows are real table rows (`role` spelled out, since CSS grid layout can drop table semantics)
 * with `aria-rowcount`/`aria-rowindex`, so a screen reader knows the size of what it cannot see.
 * Up/Down, Page Up/Down and Home/End move focus between the rows' controls in the same column.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const styles = useStyles()
  const scroller = useRef<HTMLDivElement>(null)
  const availablePx = useWidth(scroller)
  const tracks = props.columns
    .filter(column => !(props.hiddenColumns ?? []).includes(column.id ?? ''))
    .map(column => ({ id: column.id ?? '', width: column.meta?.width ?? DEFAULT_TRACK }))
  const dropped = columnsToDrop(tracks, props.dropToFit ?? [], availablePx)
  // The same object while the same columns are left out: a scroll re-renders the table, and a new
  // visibility state would have every row's cells worked out again.
  const hiddenKey = [...(props.hiddenColumns ?? []), ...dropped].join(' ')
  const columnVisibility = useMemo(
    () => visibility(hiddenKey === '' ? [] : hiddenKey.split(' ')),
    [hiddenKey]
  )
  const table = useReactTable<Row>({
    data: props.rows as Row[],
    columns: props.columns as ColumnDef<Row, unknown>[],
    getCoreRowModel: getCoreRowModel(),
    getRowId: props.getRowId,
    state: { columnVisibility },
  })
  const rows = table.getRowModel().rows
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => props.rowHeight ?? props.estimateRowHeight ?? 41,
    overscan: OVERSCAN,
    getItemKey: index => rows[index]?.id ?? index,
  })
  useScrollAnchor(virtualizer, scroller, rows, props.rowHeight)
  const items = virtualizer.getVirtualItems()
  // Keyed by the first row too: a window that moved on (a page dropped, one added) asks again.
  const windowKey = `${rows.length}:${rows[0]?.id ?? ''}`
  useEndReached(items.at(-1)?.index, rows.length, windowKey, props.onEndReached)
  useStartReached(items[0]?.index, rows.length, windowKey, props.onStartReached)
  const latest = useRef(props.onRowActivate)
  latest.current = props.onRowActivate
  const selectedRowId = props.selectedRowId ?? null
  // Stable, so a selection re-renders only the rows it changes.
  const activate = useCallback((rowId: string) => latest.current?.(table.getRow(rowId).original), [table])
  const activation = useMemo<RowActivation>(() => ({ selectedRowId, activate }), [selectedRowId, activate])
  const visibleTracks = table
    .getVisibleLeafColumns()
    .map(column => ({ id: column.id, width: column.columnDef.meta?.width ?? DEFAULT_TRACK }))
  const template = visibleTracks.map(track => track.width).join(' ')
  const columnsKey = visibleTracks.map(track => track.id).join(' ')

  return (
    <div
      ref={scroller}
      className={mergeClasses(styles.scroller, props.className)}
      style={{ maxHeight: props.maxHeight ?? 'min(70vh, 48rem)' }}
      data-data-table=""
      tabIndex={-1}
    >
      <table
        role="table"
        aria-label={props.label}
        aria-rowcount={props.totalRows === -1 ? -1 : (props.totalRows ?? rows.length) + 1}
        aria-busy={props.busy === true ? true : undefined}
        className={styles.table}
        style={{ minWidth: `${minRowPx(visibleTracks)}px` }}
      >
        <thead role="rowgroup" className={styles.head}>
          {table.getHeaderGroups().map(group => (
            <tr
              key={group.id}
              role="row"
              aria-rowindex={1}
              className={styles.row}
              style={{ gridTemplateColumns: template }}
            >
              {group.headers.map(header => (
                <th key={header.id} role="columnheader" scope="col" className={styles.headerCell}>
                  {header.isPlaceholder
                    ? null
                    : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <RowActivationContext.Provider value={activation}>
          <tbody
            role="rowgroup"
            className={styles.body}
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={event => moveFocusByKey(event, virtualizer, rows.length)}
          >
            {items.map(item => {
              const row = rows[item.index]
              if (row === undefined) return null
              return (
                <BodyRow
                  key={row.id}
                  row={row}
                  index={item.index}
                  start={item.start}
                  template={template}
                  columns={props.columns}
                  columnsKey={columnsKey}
                  selected={selectedRowId === row.id}
                  activate={props.onRowActivate === undefined ? undefined : activate}
                  rowHeight={props.rowHeight}
                  measure={virtualizer.measureElement}
                />
              )
            })}
          </tbody>
        </RowActivationContext.Provider>
      </table>
    </div>
  )
}

interface BodyRowProps<Row> {
  readonly row: TableRow<Row>
  readonly index: number
  /** Its offset from the top of the body, px. */
  readonly start: number
  readonly template: string
  /** The column definitions and the visible ones' ids: a row's cells change with them (and with the row). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly columns: ReadonlyArray<ColumnDef<Row, any>>
  readonly columnsKey: string
  readonly selected: boolean
  readonly activate: ((rowId: string) => void) | undefined
  readonly rowHeight: number | undefined
  readonly measure: (element: Element | null) => void
}

/**
 * One rendered row. Memoised: a scroll re-renders the table each frame, and only the rows that
 * come into view (or change) should render then, not every row in view with all its cells. A
 * row is the same while its data is: a page read below rebuilds the table's row objects, not
 * the rows already shown. Its cells are memoised apart from its place (index, offset), which
 * changes for every row in view when the window lets go of a page above them.
 */
const BodyRow = memo(function BodyRow<Row>(props: BodyRowProps<Row>) {
  const styles = useStyles()
  const { row, activate } = props
  const fixed = props.rowHeight !== undefined
  return (
    <tr
      role="row"
      data-index={props.index}
      data-row-id={row.id}
      ref={fixed ? undefined : props.measure}
      aria-rowindex={props.index + 2}
      aria-current={props.selected ? 'true' : undefined}
      className={mergeClasses(
        styles.row,
        styles.bodyRow,
        activate !== undefined && styles.clickable,
        props.selected && styles.selected
      )}
      style={{
        gridTemplateColumns: props.template,
        transform: `translateY(${props.start}px)`,
        ...(fixed ? { height: props.rowHeight } : {}),
      }}
      onClick={
        activate === undefined
          ? undefined
          : event => {
              // The row's own control takes focus, so closing its details returns there.
              event.currentTarget.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true })
              activate(row.id)
            }
      }
    >
      <RowCells row={row} columns={props.columns} columnsKey={props.columnsKey} />
    </tr>
  )
}, sameBodyRow) as <Row>(props: BodyRowProps<Row>) => ReactElement

type RowCellsProps<Row> = Pick<BodyRowProps<Row>, 'row' | 'columns' | 'columnsKey'>

/** A row's cells: made again only when its data or the columns shown change. */
const RowCells = memo(function RowCells<Row>(props: RowCellsProps<Row>) {
  const styles = useStyles()
  return props.row.getVisibleCells().map(cell => (
    <td key={cell.id} role="cell" className={styles.cell}>
      {flexRender(cell.column.columnDef.cell, cell.getContext())}
    </td>
  ))
}, sameBodyRow) as <Row>(props: RowCellsProps<Row>) => ReactElement

function sameBodyRow<Row, Props extends RowCellsProps<Row>>(before: Props, after: Props): boolean {
  return (Object.keys(after) as Array<keyof Props>).every(key =>
    key === 'row'
      ? before.row.id === after.row.id && before.row.original === after.row.original
      : before[key] === after[key]
  )
}

/** The element's inner width, kept current as the layout changes (a panel opens, the window resizes). */
function useWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return undefined
    const measure = () => setWidth(element.clientWidth)
    measure()
    if (typeof ResizeObserver === 'undefined') return undefined
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return width
}

function visibility(hidden: ReadonlyArray<string> | undefined): Record<string, boolean> {
  return Object.fromEntries((hidden ?? []).map(id => [id, false]))
}

/** Calls `onEndReached` once each time the last loaded row becomes rendered. */
function useEndReached(
  lastRendered: number | undefined,
  count: number,
  windowKey: string,
  onEndReached: (() => void) | undefined
) {
  const endReached = useEffectEvent(() => onEndReached?.())
  const atEnd = count > 0 && lastRendered !== undefined && lastRendered >= count - 1
  useEffect(() => {
    if (atEnd) endReached()
  }, [atEnd, windowKey])
}

/** Calls `onStartReached` once each time the first loaded row becomes rendered. */
function useStartReached(
  firstRendered: number | undefined,
  count: number,
  windowKey: string,
  onStartReached: (() => void) | undefined
) {
  const startReached = useEffectEvent(() => onStartReached?.())
  const atStart = count > 0 && firstRendered === 0
  useEffect(() => {
    if (atStart) startReached()
  }, [atStart, windowKey])
}

/**
 * Keeps the rows in view where they are when rows are added or dropped above them (a window
 * loading the page before, or letting go of the first): the scroll position moves by the rows
 * that came or went. Only for fixed row heights, where that distance is exact.
 *
 * The virtualizer's offset moves in the render itself, so the rows in view render where they
 * are and stay mounted (a scroll position corrected after the commit would render the rows at
 * the old offset first, then all the right ones again a frame later); the element's scroll
 * position follows before paint, by the same distance, keeping a scroll the element has made
 * and not yet reported. Nothing here reads the layout.
 */
class WindowAnchor {
  /** The first row in view at the last commit, and its index then. */
  private anchor: { readonly id: string; readonly index: number } | null = null
  /** The rows the virtualizer's offset has followed (a render can run twice). */
  private followed: ReadonlyArray<{ readonly id: string }> | null = null
  /** The distance the element has yet to scroll. */
  private pendingPx = 0

  /** In the render, before the virtualizer lays out its items. */
  public follow(
    virtualizer: Virtualizer<HTMLDivElement, Element>,
    rows: ReadonlyArray<{ readonly id: string }>,
    rowHeight: number
  ): void {
    const previous = this.anchor
    if (previous === null || this.followed === rows || virtualizer.scrollOffset === null) return
    this.followed = rows
    if (rows[previous.index]?.id === previous.id) return
    const index = rows.findIndex(row => row.id === previous.id)
    if (index < 0) return
    const shiftPx = (index - previous.index) * rowHeight
    virtualizer.scrollOffset += shiftPx
    this.pendingPx += shiftPx
  }

  /** Once committed: the element follows, and the row now first in view becomes the anchor. */
  public commit(
    element: HTMLElement,
    virtualizer: Virtualizer<HTMLDivElement, Element>,
    rows: ReadonlyArray<{ readonly id: string }>,
    rowHeight: number
  ): void {
    if (this.pendingPx !== 0) element.scrollTop += this.pendingPx
    this.pendingPx = 0
    this.followed = rows
    const top = Math.min(rows.length - 1, Math.floor((virtualizer.scrollOffset ?? 0) / rowHeight))
    const row = rows[top]
    this.anchor = row === undefined ? null : { id: row.id, index: top }
  }
}

function useScrollAnchor(
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  scrollerRef: RefObject<HTMLDivElement | null>,
  rows: ReadonlyArray<{ readonly id: string }>,
  rowHeight: number | undefined
) {
  const [anchor] = useState(() => new WindowAnchor())
  if (rowHeight !== undefined) anchor.follow(virtualizer, rows, rowHeight)
  useLayoutEffect(() => {
    const element = scrollerRef.current
    if (rowHeight !== undefined && element !== null) anchor.commit(element, virtualizer, rows, rowHeight)
  })
}

const FOCUS_RETRY_FRAMES = 20

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'

function targetRow(key: string, from: number, count: number, page: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, count - 1)
    case 'ArrowUp':
      return Math.max(from - 1, 0)
    case 'PageDown':
      return Math.min(from + page, count - 1)
    case 'PageUp':
      return Math.max(from - page, 0)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/** Grid-style keyboard movement between the controls of neighbouring rows. */
function moveFocusByKey(
  event: KeyboardEvent<HTMLTableSectionElement>,
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  count: number
): void {
  if (event.altKey || event.metaKey || event.shiftKey) return
  const active = event.target as HTMLElement
  const row = active.closest<HTMLTableRowElement>('tr[data-index]')
  const cell = active.closest<HTMLTableCellElement>('td')
  if (row === null || cell === null || !active.matches(FOCUSABLE)) return
  const from = Number(row.dataset['index'])
  const page = Math.max(1, virtualizer.getVirtualItems().length - 2 * OVERSCAN)
  const to = targetRow(event.key, from, count, page)
  if (to === null || to === from) return
  event.preventDefault()
  const body = event.currentTarget
  const focusTarget = () => {
    const next = body.querySelector<HTMLTableRowElement>(`tr[data-index="${to}"]`)
    const sameColumn = next?.cells[cell.cellIndex]?.querySelector<HTMLElement>(FOCUSABLE)
    const control = sameColumn ?? next?.querySelector<HTMLElement>(FOCUSABLE)
    control?.focus()
    return control !== null && control !== undefined
  }
  if (focusTarget()) return
  virtualizer.scrollToIndex(to, { align: 'auto' })
  // The row renders once the scroll is seen, a frame or a few later (rows are measured on the way).
  let frames = 0
  const retry = () => {
    if (!focusTarget() && ++frames < FOCUS_RETRY_FRAMES) requestAnimationFrame(retry)
  }
  requestAnimationFrame(retry)
}

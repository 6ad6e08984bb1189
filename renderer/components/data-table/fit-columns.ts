/** What the data table needs to know of a column to fit it: its id and its CSS grid track. */
export interface ColumnTrack {
  readonly id: string
  readonly width: string
}

const REM_PX = 16
/** Each cell's horizontal padding (spacingHorizontalS on both sides). */
const CELL_PADDING_PX = 16

/** The least width a track can take, in px: `9rem` → 144, `minmax(12rem, 1fr)` → 192; 0 when unknown. */
export function minTrackPx(track: string): number {
  const rem = /^(?:minmax\(\s*)?([\d.]+)rem/.exec(track.trim())
  return rem === null ? 0 : Number(rem[1]) * REM_PX
}

/** The least width of a row of these columns, in px. */
export function minRowPx(columns: ReadonlyArray<ColumnTrack>): number {
  return columns.reduce((sum, column) => sum + Math.max(minTrackPx(column.width), CELL_PADDING_PX), 0)
}

/**
 * Which of the `optional` columns (most expendable first) to leave out so the rest fit in
 * `availablePx` without scrolling sideways. Leaves out none when the width is not known yet.
 */
export function columnsToDrop(
  columns: ReadonlyArray<ColumnTrack>,
  optional: ReadonlyArray<string>,
  availablePx: number | null
): ReadonlyArray<string> {
  if (availablePx === null || availablePx <= 0) return []
  const dropped: string[] = []
  let shown = [...columns]
  for (const id of optional) {
    if (minRowPx(shown) <= availablePx) break
    shown = shown.filter(column => column.id !== id)
    dropped.push(id)
  }
  return dropped
}

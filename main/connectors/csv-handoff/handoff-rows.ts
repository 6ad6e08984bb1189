/**
 * The rows of a hand-off file: one per account the run created, changed, disabled, enabled or
 * deleted, its columns the job's user mappings (target attribute = column) in their order.
 * Pure: the same resources give the same rows.
 */
import type { CsvHandoffTargetConfig } from '../../config/job-schema'
import { getPathValue, parseScimPath, type ScimPath } from '../../mapping/scim-path'

export type HandoffAction = 'create' | 'update' | 'disable' | 'enable' | 'delete'

/** One row: what the app should do with the account, and the account's values after it. */
export interface HandoffRow {
  readonly action: HandoffAction
  readonly resource: Readonly<Record<string, unknown>>
}

/** Which columns a file has, and how the action column spells its values. */
export interface HandoffLayout {
  readonly actionColumn: CsvHandoffTargetConfig['actionColumn']
  readonly columns: ReadonlyArray<{ readonly name: string; readonly path: ScimPath }>
}

/** Columns in the order of the mappings, each named by its target unless `headers` renames it. */
export function handoffLayout(
  config: Pick<CsvHandoffTargetConfig, 'actionColumn' | 'headers'>,
  mappingTargets: ReadonlyArray<string>
): HandoffLayout {
  return {
    actionColumn: config.actionColumn,
    columns: mappingTargets.map(target => ({
      name: config.headers[target] ?? target,
      path: parseScimPath(target),
    })),
  }
}

/** The header cells: the action column first (when there is one), then the mappings' targets. */
export function headerCells(layout: HandoffLayout): string[] {
  const names = layout.columns.map(column => column.name)
  return layout.actionColumn.name === null ? names : [layout.actionColumn.name, ...names]
}

export function rowCells(layout: HandoffLayout, row: HandoffRow): string[] {
  const cells = layout.columns.map(column =>
    cellText(getPathValue(row.resource as Record<string, unknown>, column.path))
  )
  return layout.actionColumn.name === null ? cells : [layout.actionColumn.values[row.action], ...cells]
}

/**
 * A value as a cell: booleans as `true`/`false`, a complex value by its `value` (the enterprise
 * manager), a list joined with `;`, an absent value as an empty cell.
 */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value))
    return value
      .map(cellText)
      .filter(text => text !== '')
      .join(';')
  if (typeof value === 'object') return cellText((value as { value?: unknown }).value)
  return String(value)
}

/** What a change of `before` into `after` asks of the app: `active` flipping is a disable or enable. */
export function changeAction(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>
): HandoffAction {
  const wasActive = before.active !== false
  const isActive = after.active !== false
  if (wasActive && !isActive) return 'disable'
  if (!wasActive && isActive) return 'enable'
  return 'update'
}

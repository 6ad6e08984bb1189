import type { PatchOperation } from '../connector'
import { patched } from './handoff-patch'
import { changeAction, type HandoffLayout, type HandoffRow, headerCells, rowCells } from './handoff-rows'

/** What a planned operation would send, as the planner describes it (its `execution`). */
export interface PlannedWrite {
  readonly targetId: string | null
  readonly completes?: string
  readonly execution:
    | { readonly kind: 'create'; readonly body: Readonly<Record<string, unknown>> }
    | {
        readonly kind: 'patch'
        readonly operations: ReadonlyArray<PatchOperation>
        readonly before: Readonly<Record<string, unknown>>
      }
    | { readonly kind: 'delete'; readonly before: Readonly<Record<string, unknown>> }
    | { readonly kind: 'link' | 'unlink' | 'none' }
}

/** The file a dry run would write: its header and rows (cells before formula escaping). */
export interface HandoffPreview {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/**
 * The rows apply would hand off for a plan, in the plan's order. A PATCH that only completes a
 * create (the manager of someone created in the same run) is part of that create's row.
 */
export function handoffPreview(
  layout: HandoffLayout,
  plan: ReadonlyArray<PlannedWrite>,
  handedOff: (id: string) => Readonly<Record<string, unknown>> | undefined
): HandoffPreview {
  const rows = plan.flatMap(write => {
    // The planner keeps only the changed values; the row holds the whole account.
    const current = write.targetId === null ? undefined : handedOff(write.targetId)
    const row = write.completes === undefined ? plannedRow(write.execution, current) : null
    return row === null ? [] : [rowCells(layout, row)]
  })
  return { header: headerCells(layout), rows }
}

function plannedRow(
  execution: PlannedWrite['execution'],
  current: Readonly<Record<string, unknown>> | undefined
): HandoffRow | null {
  switch (execution.kind) {
    case 'create':
      return { action: 'create', resource: execution.body }
    case 'patch': {
      const before = current ?? execution.before
      const after = patched(before, execution.operations)
      return { action: changeAction(before, after), resource: after }
    }
    case 'delete':
      return { action: 'delete', resource: current ?? execution.before }
    default:
      return null
  }
}

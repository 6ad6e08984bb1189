import type { TargetResource } from '../../connectors/connector'
import { getPathValue } from '../../mapping/scim-path'
import { type PlannedChange, REDACTED } from '../../model/plan'
import type { MappedAttribute } from './map-object'
import { appended } from './compact-lists'
import type { AttributeChange } from './target-requests'
import { valuesEqual } from './value-compare'

/** What it takes to bring an existing account (or group) to the mapped values. */
export interface AttributeDiff {
  /** The values to send. */
  readonly changes: ReadonlyArray<AttributeChange>
  /** The same, as plans and logs show them (secrets as "[Redact]"). */
  readonly shown: ReadonlyArray<PlannedChange>
  /** The values before, by path (for the journal and undo; secrets as "[Redact]"). */
  readonly before: Readonly<Record<string, unknown>>
  /** Mapped values left alone on purpose, and why, by path. */
  readonly notes: Readonly<Record<string, string>>
}

/** No change: shared, so the common account (already up to date) allocates no lists. */
const NO_CHANGES: ReadonlyArray<never> = Object.freeze([])
const NOTHING: Readonly<Record<string, never>> = Object.freeze({})

/**
 * The mapped values `resource` does not hold yet (SCIM case rules, see value-compare.ts). Values
 * for new objects only — create-only mappings and default values — are left alone, with a note.
 */
export function attributeDiff(
  resource: TargetResource,
  attributes: ReadonlyArray<MappedAttribute>
): AttributeDiff {
  let changes: AttributeChange[] | null = null
  let shown: PlannedChange[] | null = null
  let before: Record<string, unknown> | null = null
  let notes: Record<string, string> | null = null
  for (const attribute of attributes) {
    const path = attribute.mapping.target
    // Default values and create-only mappings are for new accounts (Entra "default value if null").
    if (attribute.mapping.none) {
      ;(notes ??= {})[path.text] = 'not updated: a None mapping gives its default to new accounts only'
      continue
    }
    if (attribute.mapping.apply === 'on-create') {
      ;(notes ??= {})[path.text] = 'not updated: the mapping applies on create only'
      continue
    }
    if (attribute.fromDefault) {
      ;(notes ??= {})[path.text] = 'not updated: a default value is used only when an account is created'
      continue
    }
    const current = getPathValue(resource, path)
    if (valuesEqual(current, attribute.value, attribute.mapping.caseExact)) continue
    const from = attribute.redacted ? REDACTED : (current ?? null)
    changes = appended(changes, { path, value: attribute.value })
    shown = appended(shown, { path: path.text, from, to: attribute.redacted ? REDACTED : attribute.value })
    ;(before ??= {})[path.text] = from
  }
  return {
    changes: changes ?? NO_CHANGES,
    shown: shown ?? NO_CHANGES,
    before: before ?? NOTHING,
    notes: notes ?? NOTHING,
  }
}

/**
 * The job file's JSON as the editor holds it, and the small pure helpers the editor needs around
 * it. Typed by the job file's own schema (its input side: defaults may be left out).
 */
import type { z } from 'zod'
import type { JsonObject, jobFileSchema } from '../../main/ipc/api/contract'

/** A job document as written in a file (optional fields may be missing). */
export type JobDocument = z.input<typeof jobFileSchema>
export type MappingDocument = JobDocument['users']['mappings'][number]
export type ScopingFilterDocument = NonNullable<JobDocument['users']['scoping']>[number]

/**
 * The document without the keys the form left `undefined` (a cleared optional field) or empty
 * strings in optional text fields were turned into; what is sent to the API and compared.
 */
export function pruneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(item => pruneDocument(item)) as T
  if (typeof value !== 'object' || value === null) return value
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) result[key] = pruneDocument(item)
  }
  return result as T
}

export function documentOf(json: JsonObject): JobDocument {
  return json as unknown as JobDocument
}

export function toJson(document: JobDocument): JsonObject {
  return pruneDocument(document) as unknown as JsonObject
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]))
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(b)) {
    const left = a as Record<string, unknown>
    const right = b as Record<string, unknown>
    const keys = Object.keys(left).filter(key => left[key] !== undefined)
    return (
      keys.length === Object.keys(right).filter(key => right[key] !== undefined).length &&
      keys.every(key => deepEqual(left[key], right[key]))
    )
  }
  return false
}

/** `users.mappings[2].expression` (the API's field) as the form's path `users.mappings.2.expression`. */
export function formPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/\["([^"]+)"\]/g, '.$1')
}

/** The value at a path of JSON keys, or undefined. */
export function valueAt(document: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = document
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}

/** A new id for an editor call's progress events. */
export function newCallId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `call-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

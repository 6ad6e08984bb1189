/**
 * The two sides every run connects: where identities come from and where they go.
 *
 * Each connector kind (csv, scim, ldap, graph …) implements one or both interfaces, so the
 * engine never needs to know which system it talks to.
 */

/** A source attribute value: one string, or several for a multi-valued attribute. Absent = null. */
export type SourceValue = string | ReadonlyArray<string>

/** One identity (person or group) as the source system reports it. */
export interface SourceObject {
  /** Stable identifier in the source (CSV id column, LDAP entryUUID, Entra object id). */
  readonly id: string
  /** Attribute name → value. An attribute that is absent or empty is simply not a key. */
  readonly attributes: Readonly<Record<string, SourceValue>>
  /** Where the object came from, for error messages ("people.csv:12"). */
  readonly origin?: string
}

export interface SourceConnector {
  /** Short human description, e.g. "CSV people.csv". */
  readonly description: string
  /**
   * Reads every user. Throws a `SourceFormatError` (see source-errors.ts) when the input is
   * malformed; the engine reads the whole source before any write, so a refused source changes
   * nothing.
   */
  readUsers(): AsyncIterable<SourceObject>
}

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

/** A group as the source reports it, with its direct members (source user ids). */
export interface SourceGroup {
  readonly id: string
  readonly attributes: Readonly<Record<string, SourceValue>>
  /**
   * Source ids of the people in the group. Nested groups are not expanded, as in Entra, unless
   * the job asks (an LDAP source's `flattenNestedGroups`).
   */
  readonly members: ReadonlyArray<string>
  readonly origin?: string
}

/** How a read may be stopped: a cancelled run aborts the request in flight and reads no further page. */
export interface ReadOptions {
  readonly signal?: AbortSignal
}

export interface SourceConnector {
  /** Short human description, e.g. "CSV people.csv". */
  readonly description: string
  /**
   * Reads every user. Throws a `SourceFormatError` (see source-errors.ts) when the input is
   * malformed; the engine reads the whole source before any write, so a refused source changes
   * nothing. A source that talks to a server stops its request in flight when `signal` aborts
   * (the engine stops between objects either way).
   */
  readUsers(options?: ReadOptions): AsyncIterable<SourceObject>
  /**
   * Reads every group with its members, for sources that have real group objects (LDAP, Entra).
   * A CSV derives its groups from a column of the people instead (see csv-groups.ts).
   */
  readGroups?(): AsyncIterable<SourceGroup>
  /**
   * What the app's "Test connection" shows: each step a directory source takes (credentials,
   * reading one user, reading one group), never throwing. File sources have nothing to test.
   */
  testConnection?(): Promise<ReadonlyArray<ConnectionCheck>>
  /** Releases connections (sources that talk to a server). */
  close?(): Promise<void>
}

/** One step of a connection test: what was tried, whether it worked, and what was seen or went wrong. */
export interface ConnectionCheck {
  readonly step: string
  readonly ok: boolean
  readonly detail: string
}

/** A resource as the target returns it (SCIM JSON), always with its `id`. */
export type TargetResource = Readonly<Record<string, unknown>> & { readonly id: string }

/** RFC 7644 §3.5.2 operation; the connector spells `op` in the target's dialect. */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove'
  readonly path?: string
  readonly value?: unknown
}

export type ResourceKind = 'user' | 'group'

/** Counts the HTTP attempts a call took (retries included), for the provisioning log. */
export interface RequestMeter {
  attempts: number
}

export interface TargetConnector {
  readonly description: string
  /** Every resource of a kind, page by page (stopping with the signal's reason once it aborts). */
  list(kind: ResourceKind, options?: ReadOptions): AsyncIterable<TargetResource>
  /**
   * The same listing a page at a time, where the connector reads pages (a large listing then
   * costs one step per page, not per resource); `list` where it does not.
   */
  listPages?(kind: ResourceKind, options?: ReadOptions): AsyncIterable<ReadonlyArray<TargetResource>>
  /** Resources whose attribute (a mapping target path) equals `value`. */
  find(
    kind: ResourceKind,
    path: import('../mapping/scim-path').ScimPath,
    value: string,
    meter?: RequestMeter
  ): Promise<ReadonlyArray<TargetResource>>
  get(kind: ResourceKind, id: string, meter?: RequestMeter): Promise<TargetResource | null>
  /** Repeated only after throttling; any other failure leaves the caller to check before retrying. */
  create(
    kind: ResourceKind,
    resource: Readonly<Record<string, unknown>>,
    meter?: RequestMeter
  ): Promise<TargetResource>
  /** Returns the updated resource when the server sends it (200), null for 204. */
  update(
    kind: ResourceKind,
    id: string,
    operations: ReadonlyArray<PatchOperation>,
    meter?: RequestMeter
  ): Promise<TargetResource | null>
  /** Deleting an account that is already gone succeeds. */
  delete(kind: ResourceKind, id: string, meter?: RequestMeter): Promise<void>
  /**
   * Completes what the run's writes handed over, once they are all done and before the run is
   * recorded (a file target writes its file: until then nothing reached the app). Returns what
   * to tell the admin. A SCIM write is complete when answered, so SCIM targets have none.
   */
  finish?(): Promise<ReadonlyArray<string>>
  close(): Promise<void>
}

/** A user or group as the local copy keeps it: source attributes, and a group's member ids. */
export interface MirrorObject {
  readonly id: string
  /** Source attributes: one value, or several for a multi-valued attribute. */
  readonly attributes: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly members?: ReadonlyArray<string>
}

/** Where the next delta round starts, and what it was asked for (a change of either means a full read). */
export interface DeltaWatermark {
  readonly deltaLink: string
  readonly selection: string
}

export type MirrorKind = 'user' | 'group'

/**
 * The local copy of a directory that delta rounds keep current (the Microsoft Graph source's
 * incremental runs; store/source-mirror-store.ts keeps it in the state database). A delta round lists only changes, so the whole directory is
 * the copy after the changes: someone missing from it has left, as after a full read.
 */
export interface DeltaMirror {
  watermark(kind: MirrorKind): DeltaWatermark | null
  get(kind: MirrorKind, id: string): MirrorObject | undefined
  objects(kind: MirrorKind): Iterable<MirrorObject>
  /** Replaces the whole copy of a kind and its watermark at once (after a full read). */
  replace(kind: MirrorKind, objects: ReadonlyArray<MirrorObject>, watermark: DeltaWatermark): void
  /** Applies one delta round at once: changed objects, removed ids, and the next watermark. */
  apply(
    kind: MirrorKind,
    upserts: ReadonlyArray<MirrorObject>,
    removals: ReadonlyArray<string>,
    watermark: DeltaWatermark
  ): void
}

/** An account as it was last handed off in a file: the SCIM resource the file's row came from. */
export interface HandedOffAccount {
  readonly id: string
  readonly resource: Readonly<Record<string, unknown>>
}

/**
 * What a CSV hand-off target handed off before (store/handoff-store.ts keeps it in the state
 * database). It is the target's "listing": matching and diffing compare the source with it, so
 * the next file holds only the changes.
 */
export interface HandoffLedger {
  accounts(): Iterable<HandedOffAccount>
  /** Records a file's rows at once, after the file is in place: a resource, or null when deleted. */
  record(
    changes: ReadonlyArray<{ readonly id: string; readonly resource: HandedOffAccount['resource'] | null }>
  ): void
  /** The run now writing (a job runs one at a time), for the file name; null outside a run. */
  runningRunId(): string | null
}

/** What an expression is evaluated against: one source object, plus the clock and randomness. */
export interface EvaluationContext {
  /** Source attributes by name. An absent key is null (the service's definition of null). */
  readonly source: Readonly<Record<string, string | ReadonlyArray<string>>>
  /** The current time, injectable so Now() and date arithmetic are testable. */
  readonly now: () => Date
  /** Uniform randomness in [0, 1), injectable so Guid() and RandomString() are testable. */
  readonly random: () => number
  /**
   * Whether SelectUniqueValue may use a candidate value: true when no object in the target
   * already has it. SelectUniqueValue offers its rules' values in order and returns the first
   * accepted; when every value is refused it fails with "all values already exist in the
   * target", so the object can be escrowed. Absent: nothing is checked and the first non-empty
   * rule value is returned.
   */
  readonly isUnique?: (value: string) => boolean
}

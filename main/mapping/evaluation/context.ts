/** What an expression is evaluated against: one source object, plus the clock and randomness. */
export interface EvaluationContext {
  /** Source attributes by name. An absent key is null (the service's definition of null). */
  readonly source: Readonly<Record<string, string | ReadonlyArray<string>>>
  /** The current time, injectable so Now() and date arithmetic are testable. */
  readonly now: () => Date
  /** Uniform randomness in [0, 1), injectable so Guid() and RandomString() are testable. */
  readonly random: () => number
}

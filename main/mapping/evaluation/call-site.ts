/**
 * One call in a compiled expression, handed to the function it invokes. Lets a function fail
 * with an error positioned at its own name, or drop the mapping from the flow.
 */
export interface CallSite {
  readonly functionName: string
  /** 0-based offset of the function name in the expression text. */
  readonly position: number
  /** Throws an `ExpressionEvaluationError` positioned at this call. */
  fail(reason: string, cause?: unknown): never
  /** Ends the evaluation: the mapping's result is `{ flow: 'ignored' }` (IgnoreFlowIfNullOrEmpty). */
  ignoreFlow(): never
}

/**
 * Thrown (as a shared singleton, not an Error: it is control flow, and capturing a stack trace
 * per ignored attribute would cost more than the evaluation) to unwind to the top of an
 * evaluation when the mapping is dropped from the flow.
 */
export class FlowIgnored {
  private constructor() {}
  public static readonly signal = new FlowIgnored()
}

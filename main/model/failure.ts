/** A failed request in the terms the log and `apply --json` use. */
export interface FailureInfo {
  readonly code: string
  readonly httpStatus: number | null
  readonly scimType: string | null
  readonly detail: string | null
  readonly message: string
}

/** A failed operation as `apply --json` reports it. */
export interface ApplyFailure {
  readonly changeId: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly action: string
  readonly errorCode: string
  readonly httpStatus: number | null
  readonly message: string
}

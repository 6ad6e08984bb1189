import {
  type AdminApi,
  type ApiErrorCode,
  type ApiErrorShape,
  type ApiMethod,
  type ApiResult,
  inputSchemas,
  isApiMethod,
  type LocatedIssue,
} from './contract'
import { toApiError } from '../engine-errors'

/**
 * An error the admin should see, with its message intact.
 *
 * Anything else thrown by the API becomes `internal` with a generic message: driver and
 * library messages can carry file paths, URLs with credentials or worse.
 */
export class ApiError extends Error {
  public constructor(
    public readonly code: ApiErrorCode,
    message: string,
    public readonly issues?: ReadonlyArray<string>,
    public readonly located?: ReadonlyArray<LocatedIssue>
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface DispatchOptions {
  /** Told about errors that were hidden from the caller, so main can log them. */
  readonly onInternalError?: (method: ApiMethod, error: unknown) => void
}

/** Most issues reported for one invalid input; a hostile input cannot make the answer huge. */
const MAX_ISSUES = 20

/**
 * The only place untrusted input meets the API: method allowlist → zod → call → envelope.
 *
 * Both transports (Electron IPC and the HTTP bridge) end here, so validation and error shapes
 * are identical in the app and in browser tests.
 */
export async function dispatch(
  api: AdminApi,
  method: unknown,
  rawInput: unknown,
  options: DispatchOptions = {}
): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return fail('unknown-method', `Unknown method: ${describe(method)}`)
  }
  const parsed = inputSchemas[method].safeParse(rawInput)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, MAX_ISSUES)
      .map(issue => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`)
    return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${method}`, issues } }
  }
  try {
    // Safe: `inputSchemas` is checked against `AdminApi`, so `parsed.data` is what `api[method]` expects.
    const call = api[method] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await call.call(api, parsed.data) }
  } catch (error) {
    const known = toApiError(error)
    if (known instanceof ApiError) {
      return { ok: false, error: toShape(known) }
    }
    options.onInternalError?.(method, error)
    return fail(
      'internal',
      'Internal error; see the application log (the logs folder in the state folder) for details.'
    )
  }
}

function toShape(error: ApiError): ApiErrorShape {
  return {
    code: error.code,
    message: error.message,
    ...(error.issues === undefined ? {} : { issues: error.issues }),
    ...(error.located === undefined ? {} : { located: error.located }),
  }
}

function fail(code: ApiErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } }
}

/** Names an unknown method without echoing arbitrary amounts of caller data. */
function describe(method: unknown): string {
  return typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : typeof method
}

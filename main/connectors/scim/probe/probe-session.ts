/**
 * What the probe's checks share: single requests whose failures are answers rather than
 * exceptions, the list of check results, and readers for what SCIM servers answer.
 */
import { LIST_RESPONSE_SCHEMA } from '../../../mapping/scim-schemas'
import { isScimError, ScimHttpError } from '../scim-errors'
import type { HttpMethod, ScimHttp } from '../scim-http'

export type ProbeStatus = 'ok' | 'warning' | 'failure' | 'skipped'

export interface ProbeCheck {
  readonly name: string
  readonly status: ProbeStatus
  readonly detail: string
  /** A job setting that suits what was seen, e.g. `target.patchOps: "entra"`. */
  readonly suggestion?: string
}

/** A server's answer, or why there was none. */
export type Answer = { readonly status: number; readonly body: unknown } | { readonly error: unknown }

export interface ListAnswer {
  readonly total: number | null
  readonly resources: ReadonlyArray<Record<string, unknown>>
}

/** One probe run: single attempts (no retries, so what the server does is what is reported). */
export class ProbeSession {
  readonly checks: ProbeCheck[] = []

  constructor(
    private readonly http: ScimHttp,
    /** Told about each check as it is made (the app shows them one by one). */
    private readonly onCheck?: (check: ProbeCheck) => void
  ) {}

  get baseUrl(): string {
    return this.http.baseUrl
  }

  async ask(method: HttpMethod, path: string, body?: unknown): Promise<Answer> {
    try {
      return await this.http.send(method, path, body)
    } catch (error) {
      return { error }
    }
  }

  check(name: string, status: ProbeStatus, detail: string, suggestion?: string): void {
    const check = suggestion === undefined ? { name, status, detail } : { name, status, detail, suggestion }
    this.checks.push(check)
    this.onCheck?.(check)
  }

  /** Whether a check of this name was reported already. */
  has(name: string): boolean {
    return this.checks.some(check => check.name === name)
  }
}

/** A ListResponse's total and resources, or null when the body is not one. */
export function asList(body: unknown): ListAnswer | null {
  if (typeof body !== 'object' || body === null) return null
  const record = body as Record<string, unknown>
  const schemas = record['schemas']
  if (Array.isArray(schemas) && !schemas.includes(LIST_RESPONSE_SCHEMA)) return null
  const resources = record['Resources'] ?? record['resources'] ?? []
  if (!Array.isArray(resources)) return null
  const total = record['totalResults']
  return {
    total: typeof total === 'number' ? total : null,
    resources: resources as Array<Record<string, unknown>>,
  }
}

/** The HTTP status of an answer, failed or not (null: no HTTP answer). */
export function httpStatus(answer: Answer): number | null {
  if (!('error' in answer)) return answer.status
  return answer.error instanceof ScimHttpError ? answer.error.status : null
}

/**
 * Whether the server understood the request and said no (4xx). A 5xx, a timeout or a page
 * that is not SCIM is a failure that says nothing about what the server accepts.
 */
export function isRefusal(answer: Answer): boolean {
  const status = httpStatus(answer)
  return 'error' in answer && status !== null && status >= 400 && status < 500
}

/** A string attribute of an answer's body. */
export function bodyString(answer: Answer, attribute: string): string | null {
  if ('error' in answer || typeof answer.body !== 'object' || answer.body === null) return null
  const value = (answer.body as Record<string, unknown>)[attribute]
  return typeof value === 'string' ? value : null
}

export function describe(error: unknown): string {
  if (isScimError(error)) return `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}

/** Something a probe created in the app, and how to delete it (true: gone). */
export interface Throwaway {
  readonly label: string
  readonly remove: () => Promise<boolean>
}

/**
 * Deletes what a probe created, each one even when an earlier one could not be, and names in a
 * check whatever is left in the app for the admin to remove.
 */
export async function cleanUp(session: ProbeSession, throwaways: ReadonlyArray<Throwaway>): Promise<void> {
  const left: string[] = []
  for (const throwaway of throwaways) {
    const gone = await throwaway.remove().catch(() => false)
    if (!gone) left.push(throwaway.label)
  }
  if (left.length > 0) {
    session.check('Clean-up', 'warning', `Could not delete ${left.join(', ')}: remove them in the app`)
  }
}

/** An answer in a check's detail: accepted, refused (a 4xx) or failed (anything else). */
export function verdict(answer: Answer): string {
  if (!('error' in answer)) return 'accepted'
  return isRefusal(answer) ? `refused (HTTP ${httpStatus(answer)})` : `failed (${describe(answer.error)})`
}

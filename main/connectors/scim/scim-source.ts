import type {
  ConnectionCheck,
  ResourceKind,
  SourceConnector,
  SourceGroup,
  SourceObject,
  TargetResource,
} from '../connector'
import { SourceConnectionError } from '../source-errors'
import { ScimHttpError } from './scim-errors'
import { flattenScimResource, listsMembers, scimMemberIds } from './scim-flatten'
import { ScimTarget, type ScimTargetOptions } from './scim-target'

export interface ScimSourceOptions extends ScimTargetOptions {
  /** SCIM filter on /Users (RFC 7644 §3.4.2.2); every user when absent. */
  readonly filter?: string
  /** SCIM filter on /Groups. */
  readonly groupFilter?: string
}

/**
 * Another app's SCIM 2.0 directory as the source, so one app's people can feed another.
 *
 * Reads through the SCIM target client (scim-target.ts), so the source gets the same paging
 * (servers that ignore `count`, short pages, endless listings refused), bounded bodies, scrubbed
 * credentials, throttling and retries. The source id is the resource's `id` in that app;
 * attributes are flattened as scim-flatten.ts describes.
 */
export class ScimSource implements SourceConnector {
  public readonly description: string
  private readonly client: ScimTarget

  public constructor(private readonly options: ScimSourceOptions) {
    this.client = new ScimTarget(options)
    this.description = `SCIM ${options.baseUrl.replace(/\/+$/, '')}`
  }

  public async *readUsers(): AsyncIterable<SourceObject> {
    for await (const resource of this.reading(this.client.list('user', { filter: this.options.filter }))) {
      yield {
        id: resource.id,
        attributes: flattenScimResource(resource),
        origin: this.origin('Users', resource),
      }
    }
  }

  /**
   * Groups with their members' ids. A server that leaves `members` out of its listings (some
   * do, to keep pages small) is asked for that group alone.
   */
  public async *readGroups(): AsyncIterable<SourceGroup> {
    for await (const listed of this.reading(
      this.client.list('group', { filter: this.options.groupFilter })
    )) {
      const group = listsMembers(listed)
        ? listed
        : ((await this.reading(this.client.get('group', listed.id))) ?? listed)
      yield {
        id: group.id,
        attributes: flattenScimResource(group),
        members: scimMemberIds(group),
        origin: this.origin('Groups', group),
      }
    }
  }

  /** Reads one user and one group, as the job would. */
  public async testConnection(): Promise<ReadonlyArray<ConnectionCheck>> {
    return [
      await this.tryFirst('user', this.options.filter),
      await this.tryFirst('group', this.options.groupFilter),
    ]
  }

  public close(): Promise<void> {
    return this.client.close()
  }

  private async tryFirst(kind: ResourceKind, filter: string | undefined): Promise<ConnectionCheck> {
    const step = kind === 'user' ? 'Read one user' : 'Read one group'
    try {
      // Leaving the listing after its first resource asks for one page only.
      for await (const resource of this.client.list(kind, { filter })) {
        return { step, ok: true, detail: `read ${describe(resource)}` }
      }
      return {
        step,
        ok: true,
        detail: `the app lists no ${kind}s${filter === undefined ? '' : ' matching the filter'}`,
      }
    } catch (error) {
      return { step, ok: false, detail: error instanceof Error ? error.message : String(error) }
    }
  }

  /** Failures of a read, as a source failure (the CLI says the source, not the target, failed). */
  private reading<T>(read: Promise<T>): Promise<T>
  private reading<T>(read: AsyncIterable<T>): AsyncIterable<T>
  private reading<T>(read: Promise<T> | AsyncIterable<T>): Promise<T> | AsyncIterable<T> {
    const wrap = (error: unknown) => new SourceConnectionError(this.description, error, hintFor(error))
    if (read instanceof Promise) return read.catch((error: unknown) => Promise.reject(wrap(error)))
    return (async function* () {
      try {
        yield* read
      } catch (error) {
        throw wrap(error)
      }
    })()
  }

  private origin(endpoint: string, resource: TargetResource): string {
    return `${this.description}/${endpoint}/${resource.id}`
  }
}

/** What to fix for the failures an admin can fix: the credential, or its rights. */
function hintFor(error: unknown): string | null {
  if (!(error instanceof ScimHttpError)) return null
  if (error.status === 401) return "the app refused the source's credential: check source.auth and its secret"
  if (error.status === 403)
    return "the source's credential may not read this: it needs read access to users and groups"
  return null
}

function describe(resource: TargetResource): string {
  const name = resource['userName'] ?? resource['displayName']
  return typeof name === 'string' ? `"${name}" (id ${resource.id})` : `id ${resource.id}`
}

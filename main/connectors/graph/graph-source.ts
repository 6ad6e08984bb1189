import type { ConnectionCheck, SourceConnector, SourceGroup, SourceObject } from '../connector'
import type { RetryPolicy } from '../scim/retry-policy'
import { SourceConnectionError } from '../source-errors'
import type { DeltaMirror, MirrorKind, MirrorObject } from '../../model/source-mirror'
import { flattenGraphObject } from './graph-attributes'
import { GraphClient } from './graph-client'
import { isExpiredDelta, readDeltaRound } from './graph-delta'
import { graphHint } from './graph-hints'
import { ClientCredentialsToken } from './graph-token'

export interface GraphSourceOptions {
  /** How messages name the source, e.g. "Microsoft Entra ID (tenant contoso.onmicrosoft.com)". */
  readonly description: string
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: string
  /** Where the secret comes from (`keychain:NAME`), for advice in messages. */
  readonly secretRef: string
  readonly graphUrl: string
  /** The token endpoint; `{tenant}` is replaced by the tenant id. */
  readonly tokenUrl: string
  /** User properties to `$select` (`id` included); `manager` comes by `$expand` when `manager` is set. */
  readonly userSelect: ReadonlyArray<string>
  readonly manager: boolean
  /** Group properties to `$select`. */
  readonly groupSelect: ReadonlyArray<string>
  readonly filter?: string
  readonly groupFilter?: string
  readonly groupMembers: 'direct' | 'transitive'
  readonly pageSize: number
  readonly timeoutMs: number
  readonly maxResponseBytes: number
  /** Present for incremental runs: the local copy delta rounds keep current. */
  readonly mirror?: DeltaMirror
  readonly retry?: RetryPolicy
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
}

/** Groups whose members are read at once (each is a request or more). */
const MEMBER_READS = 4
const USER_TYPE = '#microsoft.graph.user'

/**
 * Microsoft Entra ID as the source, through Microsoft Graph v1.0 with an app registration's
 * client credentials (application permissions User.Read.All, GroupMember.Read.All).
 *
 * A full read lists `/users` (`$select` of the attributes the job uses, the manager by
 * `$expand=manager($select=id)`) and `/groups` with each group's members (direct, as Entra
 * provisions them, or transitive), following `@odata.nextLink`. With a delta mirror, only the
 * first run (and any run after the job's attributes change or Graph drops the delta link) reads
 * everything; later runs read the changes since the last (`/users/delta`, `/groups/delta`) into
 * the local copy and the run sees the whole directory from it, so "missing from the source =
 * left" still holds.
 */
export class GraphSource implements SourceConnector {
  public readonly description: string
  private readonly client: GraphClient
  private readonly tokens: ClientCredentialsToken

  public constructor(private readonly options: GraphSourceOptions) {
    this.description = options.description
    const graphUrl = options.graphUrl.replace(/\/+$/, '')
    this.tokens = new ClientCredentialsToken({
      tokenUrl: options.tokenUrl.replaceAll('{tenant}', encodeURIComponent(options.tenantId)),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scope: `${new URL(graphUrl).origin}/.default`,
      timeoutMs: options.timeoutMs,
      now: options.now,
    })
    this.client = new GraphClient(
      {
        graphUrl,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        connections: MEMBER_READS,
        retry: options.retry,
        sleep: options.sleep,
        now: options.now,
      },
      this.tokens
    )
  }

  public async *readUsers(): AsyncIterable<SourceObject> {
    try {
      const mirror = this.deltaMirror('user')
      const users = mirror === null ? this.allUsers() : await this.synced(mirror, 'user')
      for await (const user of users)
        yield { id: user.id, attributes: user.attributes, origin: this.origin('users', user.id) }
    } catch (error) {
      throw this.failure(error)
    }
  }

  public async *readGroups(): AsyncIterable<SourceGroup> {
    try {
      const mirror = this.deltaMirror('group')
      const groups = mirror === null ? this.allGroups() : await this.synced(mirror, 'group')
      for await (const group of groups) {
        yield {
          id: group.id,
          attributes: group.attributes,
          members: group.members ?? [],
          origin: this.origin('groups', group.id),
        }
      }
    } catch (error) {
      throw this.failure(error)
    }
  }

  /** Gets a token, then reads one user and one group, as the job would; never throws. */
  public async testConnection(): Promise<ReadonlyArray<ConnectionCheck>> {
    const checks: ConnectionCheck[] = []
    const attempt = async (step: string, work: () => Promise<string>): Promise<void> => {
      if (checks.some(check => !check.ok)) {
        checks.push({ step, ok: false, detail: 'not tried: an earlier step failed' })
        return
      }
      try {
        checks.push({ step, ok: true, detail: await work() })
      } catch (error) {
        checks.push({ step, ok: false, detail: this.failure(error).message })
      }
    }
    await attempt('Get an access token', async () => {
      await this.tokens.get()
      return `app ${this.options.clientId} signed in to tenant ${this.options.tenantId}`
    })
    await attempt('Read one user', () =>
      this.first('/users?$top=1&$select=id,userPrincipalName', 'userPrincipalName')
    )
    await attempt('Read one group', () => this.first('/groups?$top=1&$select=id,displayName', 'displayName'))
    return checks
  }

  public close(): Promise<void> {
    return this.client.close()
  }

  /** The mirror when this kind is read incrementally: delta cannot apply a `$filter` or follow nesting. */
  private deltaMirror(kind: MirrorKind): DeltaMirror | null {
    const { mirror, filter, groupFilter, groupMembers } = this.options
    if (mirror === undefined) return null
    if (kind === 'user') return filter === undefined ? mirror : null
    return groupFilter === undefined && groupMembers === 'direct' ? mirror : null
  }

  /** The local copy brought up to date: one delta round, or a full read when there is no usable link. */
  private async synced(mirror: DeltaMirror, kind: MirrorKind): Promise<Iterable<MirrorObject>> {
    const selection = this.selection(kind)
    const mark = mirror.watermark(kind)
    if (mark !== null && mark.selection === selection) {
      try {
        const round = await readDeltaRound(this.client, mark.deltaLink, kind, mirror)
        mirror.apply(kind, round.upserts, round.removals, { deltaLink: round.deltaLink, selection })
        return mirror.objects(kind)
      } catch (error) {
        if (!isExpiredDelta(error)) throw error
      }
    }
    // The link is asked for first: changes made during the full read come again in the next round.
    const latest = await this.client.get(`${this.deltaPath(kind)}&$deltatoken=latest`)
    const deltaLink = latest['@odata.deltaLink']
    if (typeof deltaLink !== 'string')
      throw new Error('Graph answered $deltatoken=latest without an @odata.deltaLink')
    const objects: MirrorObject[] = []
    for await (const object of kind === 'user' ? this.allUsers() : this.allGroups()) objects.push(object)
    mirror.replace(kind, objects, { deltaLink, selection })
    return mirror.objects(kind)
  }

  private async *allUsers(): AsyncIterable<MirrorObject> {
    const { userSelect, manager, filter, pageSize } = this.options
    let path = `/users?$select=${userSelect.join(',')}&$top=${pageSize}`
    if (manager) path += '&$expand=manager($select=id)'
    if (filter !== undefined) path += `&$filter=${encodeURIComponent(filter)}`
    for await (const page of this.client.pages(path)) {
      for (const user of page.value) yield graphObject(user)
    }
  }

  /** Groups, then their members a few groups at a time (Graph has no bulk membership read). */
  private async *allGroups(): AsyncIterable<MirrorObject> {
    const { groupSelect, groupFilter, pageSize } = this.options
    let path = `/groups?$select=${groupSelect.join(',')}&$top=${pageSize}`
    if (groupFilter !== undefined) path += `&$filter=${encodeURIComponent(groupFilter)}`
    const groups: MirrorObject[] = []
    for await (const page of this.client.pages(path)) {
      for (const group of page.value) groups.push(graphObject(group))
    }
    let next = 0
    const worker = async () => {
      while (next < groups.length) {
        const index = next++
        const group = groups[index] as MirrorObject
        groups[index] = { ...group, members: await this.membersOf(group.id) }
      }
    }
    await Promise.all(Array.from({ length: Math.min(MEMBER_READS, groups.length) }, worker))
    yield* groups
  }

  private async membersOf(groupId: string): Promise<string[]> {
    const relation = this.options.groupMembers === 'transitive' ? 'transitiveMembers' : 'members'
    const members: string[] = []
    for await (const page of this.client.pages(
      `/groups/${encodeURIComponent(groupId)}/${relation}?$select=id&$top=999`
    )) {
      for (const member of page.value) {
        const type = member['@odata.type']
        if (typeof member['id'] === 'string' && (type === undefined || type === USER_TYPE))
          members.push(member['id'])
      }
    }
    return members
  }

  private deltaPath(kind: MirrorKind): string {
    const select =
      kind === 'user'
        ? [...this.options.userSelect, ...(this.options.manager ? ['manager'] : [])]
        : [...this.options.groupSelect, 'members']
    return `/${kind}s/delta?$select=${select.join(',')}`
  }

  /** What a watermark was made for: a delta link answers only for the properties it was asked for. */
  private selection(kind: MirrorKind): string {
    return JSON.stringify({ graphUrl: this.client.baseUrl, delta: this.deltaPath(kind) })
  }

  private async first(path: string, name: string): Promise<string> {
    const body = await this.client.get(path)
    const [item] = Array.isArray(body['value']) ? (body['value'] as Array<Record<string, unknown>>) : []
    if (item === undefined) return 'none listed'
    return `read "${String(item[name] ?? item['id'])}" (id ${String(item['id'])})`
  }

  private origin(collection: string, id: string): string {
    return `${this.client.baseUrl}/${collection}/${id}`
  }

  private failure(error: unknown): SourceConnectionError {
    if (error instanceof SourceConnectionError) return error
    return new SourceConnectionError(this.description, error, graphHint(error, this.options.secretRef))
  }
}

function graphObject(item: Readonly<Record<string, unknown>>): MirrorObject {
  const id = item['id']
  if (typeof id !== 'string' || id === '') throw new Error('Graph listed an object without an "id"')
  return { id, attributes: flattenGraphObject(item) }
}

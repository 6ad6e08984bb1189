import { afterEach } from 'vitest'
import { GraphSource, type GraphSourceOptions } from '../../main/connectors/graph/graph-source'
import type { GraphServer } from './graph-server'

const sources: GraphSource[] = []

afterEach(async () => {
  await Promise.all(sources.splice(0).map(source => source.close()))
})

/** A Graph source against the stand-in, reading a few user attributes and the manager (closed after the test). */
export function graphSource(server: GraphServer, options: Partial<GraphSourceOptions> = {}): GraphSource {
  const source = new GraphSource({
    description: `Microsoft Entra ID (tenant ${server.tenantId})`,
    tenantId: server.tenantId,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    secretRef: 'env:GRAPH_SECRET',
    graphUrl: server.graphUrl,
    tokenUrl: server.tokenUrl,
    userSelect: ['accountEnabled', 'displayName', 'id', 'mail', 'userPrincipalName'],
    manager: true,
    groupSelect: ['displayName', 'id'],
    groupMembers: 'direct',
    pageSize: 999,
    timeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10_000 },
    ...options,
  })
  sources.push(source)
  return source
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/**
 * Every app template plans against the sandbox SCIM app: a job that names only the template
 * (no user or group mappings of its own) reads Entra ID (the Graph stand-in) and plans the
 * accounts and groups the template's mappings describe, each with its required attributes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { APP_TEMPLATES } from '../../main/config/app-templates'
import { parseJobText } from '../../main/config/load-job'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { UserOperation } from '../../main/engine/plan/plan-users'
import { runJob } from '../../main/engine/run/run-job'
import { parseScimPath } from '../../main/mapping/scim-path'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import { type GraphServer, startGraphServer } from '../helpers/graph-server'
import { startTarget, TOKEN } from '../helpers/provisioning-fixture'
import { openTempDatabase } from '../helpers/store-fixtures'

let graph: GraphServer
let target: SandboxServer

beforeAll(async () => {
  target = await startTarget()
})

/** The stand-in closes after each test (http-test-server.ts), so each test starts its own. */
beforeEach(async () => {
  graph = await startGraphServer()
  const d = graph.directory
  const entra = (given: string, family: string, extra: Record<string, unknown> = {}) => ({
    userPrincipalName: `${given.toLowerCase()}@contoso.com`,
    mail: `${given.toLowerCase()}@contoso.com`,
    mailNickname: given.toLowerCase(),
    givenName: given,
    surname: family,
    displayName: `${given} ${family}`,
    jobTitle: 'Engineer',
    department: 'R&D',
    ...extra,
  })
  const ada = d.addUser(entra('Ada', 'Lovelace'))
  const grace = d.addUser(entra('Grace', 'Hopper'), ada.id)
  d.addGroup({ displayName: 'Research' }, [ada.id, grace.id])
})

afterAll(async () => {
  await target.close()
})

async function planWith(template: string, groups: boolean) {
  const job = parseJobText(
    JSON.stringify({
      id: `template-${template}`,
      name: `Entra ID to ${template}`,
      source: {
        type: 'graph',
        tenantId: graph.tenantId,
        clientId: graph.clientId,
        secretRef: 'env:GRAPH_SECRET',
        graphUrl: graph.graphUrl,
        tokenUrl: graph.tokenUrl,
      },
      target: {
        type: 'scim',
        template,
        baseUrl: target.baseUrl,
        auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' },
      },
      ...(groups ? { groups: {} } : {}),
    }),
    { file: `/tmp/${template}.json`, displayFile: `${template}.json` }
  )
  const { db } = openTempDatabase()
  return runJob({
    job,
    db,
    secrets: new MemorySecretStore(),
    mode: 'dry-run',
    env: { GRAPH_SECRET: graph.clientSecret, SCIM_TOKEN: TOKEN },
  })
}

describe.each(APP_TEMPLATES.map(template => [template.name, template] as const))(
  'the %s template',
  (name, template) => {
    it('plans against the sandbox from its own mappings', async () => {
      const outcome = await planWith(name, template.groups !== null)
      expect(outcome.status).toBe('completed')
      const creates = outcome.operations.filter(
        (operation): operation is UserOperation =>
          operation.objectType === 'user' && operation.action === 'create'
      )
      expect(creates.map(operation => operation.display).sort()).toHaveLength(2)
      for (const operation of creates) {
        const sent = operation.changes.map(change => parseScimPath(change.path).attribute)
        for (const attribute of template.requiredAttributes) {
          expect(sent, `${operation.display}: ${attribute}`).toContain(attribute.split('.')[0])
        }
      }
      expect(outcome.summary.groups.create).toBe(template.groups === null ? 0 : 1)
    })
  }
)

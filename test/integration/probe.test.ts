/** `provisioner probe`: SCIM compliance and quirks of a job's target, before a first run. */
import type { RequestHandler } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { ProbeResult } from '../../main/engine/probe-target'
import {
  baseJob,
  parseScimJson,
  person,
  startTarget,
  USER_SCHEMA,
  Workspace,
} from '../helpers/provisioning-fixture'

let server: SandboxServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function probe(
  ws: Workspace,
  extra: string[] = []
): Promise<{ code: number | null; result: ProbeResult }> {
  const run = await ws.cli(['probe', '--job', 'job.json', '--json', ...extra])
  return { code: run.code, result: JSON.parse(run.stdout) as ProbeResult }
}

function statusOf(result: ProbeResult, name: string): string | undefined {
  return result.checks.find(check => check.name === name)?.status
}

const seeds = Array.from({ length: 6 }, (_, index) => ({
  schemas: [USER_SCHEMA],
  userName: `seed${index}@example.com`,
}))

describe('provisioner probe', () => {
  it('passes a compliant target read-only, and with --write leaves nothing behind', async () => {
    server = await startTarget({ seedUsers: seeds })
    const ws = new Workspace()
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))

    const readOnly = await probe(ws)
    expect(readOnly.code).toBe(0)
    expect(statusOf(readOnly.result, 'Connection')).toBe('ok')
    expect(statusOf(readOnly.result, 'Paging')).toBe('ok')
    expect(statusOf(readOnly.result, 'Filter on userName')).toBe('ok')
    expect(statusOf(readOnly.result, 'Writes')).toBe('skipped')
    expect(server.requestCounts['POST'] ?? 0).toBe(0)

    const written = await probe(ws, ['--write'])
    expect(written.code).toBe(0)
    for (const name of ['Create', 'PATCH op spelling', 'Disable', 'Delete']) {
      expect(statusOf(written.result, name), name).toBe('ok')
    }
    expect(server.store.userCount()).toBe(seeds.length)
  })

  it('warns about a server that ignores count, and suggests Entra op spelling when lower-case ops are refused', async () => {
    const capitalisedOnly: RequestHandler = (req, res, next) => {
      const body = req.body as { Operations?: Array<{ op: string }> } | undefined
      if (
        req.method === 'PATCH' &&
        body?.Operations?.some(operation => operation.op === operation.op.toLowerCase())
      ) {
        res
          .status(400)
          .json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'op' })
        return
      }
      next()
    }
    server = await startTarget({
      seedUsers: seeds,
      ignoreCount: 5,
      middleware: [parseScimJson, capitalisedOnly],
    })
    const ws = new Workspace()
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))

    const { code, result } = await probe(ws, ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    expect(statusOf(result, 'Paging')).toBe('warning')
    const spelling = result.checks.find(check => check.name === 'PATCH op spelling')
    expect(spelling).toMatchObject({ status: 'warning', suggestion: 'target.patchOps: "entra"' })
  })

  it('fails (exit 2) on refused credentials and on an endpoint that is not SCIM', async () => {
    server = await startTarget()
    const ws = new Workspace({ env: { SCIM_TOKEN: 'wrong' } })
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))
    const refused = await probe(ws)
    expect(refused.code).toBe(2)
    expect(refused.result.checks[0]).toMatchObject({ name: 'Connection', status: 'failure' })
    expect(refused.result.checks[0]?.detail).toMatch(/401/)

    const notScim = new Workspace()
    notScim.writePeople([person('1', 'Ada', 'Lovelace')])
    notScim.writeJob(baseJob(`${server.baseUrl.replace('/scim/v2', '')}/nothing-here`))
    const html = await probe(notScim)
    expect(html.code).toBe(2)
    expect(html.result.usable).toBe(false)
  })
})

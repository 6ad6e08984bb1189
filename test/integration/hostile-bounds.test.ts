/**
 * Unbounded answers through the real CLI: a 2 GiB listing, a listing that never ends, and a 2 MB
 * error `detail` on every create end with a clear error naming the setting (or a capped log
 * entry), quickly and without the process growing without bound.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCreate, isUserListing } from '../helpers/fault-injection'
import { endlessListing, GIB, hugeBody, hugeDetail, MIB, startHostileTarget } from '../helpers/hostile-server'
import { describeResult, expectJson, staff } from '../helpers/provisioning-fixture'
import { type FullApplyJson, logBySource, workspaceFor } from '../helpers/safety-fixture'
import { MAX_STORED_TEXT } from '../../main/secrets/redact-text'

describe('unbounded answers, end to end', () => {
  it('a 2 GiB listing stops the plan at target.maxResponseBytes with exit 2', async () => {
    const { server } = await startHostileTarget({ match: isUserListing, fault: hugeBody(2 * GIB) })
    const ws = workspaceFor(server.baseUrl, staff(), { target: { maxResponseBytes: MIB } })

    const result = await ws.cli(['plan', '--job', 'job.json'])

    expect(result.code, describeResult('plan', result)).toBe(2)
    expect(result.stderr).toMatch(/larger than 1 MiB, the most target\.maxResponseBytes allows/)
  })

  it('a listing that pages forever stops at target.maxResources with exit 2', async () => {
    const { server, faults } = await startHostileTarget({
      name: 'endless',
      match: isUserListing,
      fault: endlessListing(null),
    })
    const ws = workspaceFor(server.baseUrl, staff(), { target: { maxResources: 500, pageSize: 100 } })

    const result = await ws.cli(['plan', '--job', 'job.json'])

    expect(result.code, describeResult('plan', result)).toBe(2)
    expect(result.stderr).toMatch(/lists more than 500 users, the most target\.maxResources allows/)
    expect(faults.hits('endless')).toBe(6)
  })

  it('a 2 MB error detail on every create is logged as 4 KB, and the failures stay short', async () => {
    const people = staff()
    const { server } = await startHostileTarget({ match: isCreate(), fault: hugeDetail(2 * MIB, 400) })
    const ws = workspaceFor(server.baseUrl, people, {
      safety: { quarantine: { failurePercent: 100, minimumFailures: 1000 } },
    })

    const result = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 1)

    expect(result.failures).toHaveLength(people.length)
    for (const failure of result.failures) expect(failure.message.length).toBeLessThan(600)
    const logged = await logBySource(ws, result.runId)
    for (const person of people) {
      const entry = logged.get(person.employeeId)
      expect(entry?.scimDetail?.startsWith('Validation failed: xxx')).toBe(true)
      expect(entry?.scimDetail?.length).toBeLessThanOrEqual(MAX_STORED_TEXT + 60)
    }
    const stateBytes = ['provisioner.db', 'provisioner.db-wal']
      .map(name => {
        try {
          return statSync(join(ws.home, name)).size
        } catch {
          return 0
        }
      })
      .reduce((a, b) => a + b, 0)
    expect(stateBytes).toBeLessThan(2 * MIB)
  })
})

/**
 * The reliability bar (DESIGN §6) as assertions: after a run against a misbehaving target, every
 * person is either provisioned on the server with the mapped values or listed as failed with a
 * reason — in `apply --json` and in the provisioning log alike — the CLI did not crash, and no
 * one got a second account.
 */
import { expect } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { LogEntry } from '../../main/model/log-entry'
import {
  type ApplyJson,
  describeResult,
  expectJson,
  type FailureJson,
  type Person,
  type Workspace,
} from './provisioning-fixture'

/** `apply --json` that may end with failures (exit 1) but never with a usage error or a crash. */
export async function applyExpectingNoCrash(
  ws: Workspace,
  extra: ReadonlyArray<string> = [],
  env: Record<string, string> = {}
): Promise<ApplyJson> {
  const result = await ws.cli(['apply', '--job', 'job.json', '--json', ...extra], env)
  if (result.code !== 0 && result.code !== 1) throw new Error(describeResult('apply', result))
  const json = expectJson<ApplyJson>(result, result.code)
  // Exit 1 exactly when something failed (DESIGN §4), and no stack trace leaked.
  expect(result.code).toBe(json.failures.length > 0 ? 1 : 0)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return json
}

export interface Accounting {
  /** Failures by source id. */
  readonly failed: ReadonlyMap<string, FailureJson>
  /** This run's log entries by source id. */
  readonly logged: ReadonlyMap<string, LogEntry>
}

/**
 * Checks the bar for `people` (all active and in scope) after `result`:
 * - at most one account per person on the server, and no account twice (same externalId);
 * - a person not listed as failed has an account with the mapped userName, externalId and title;
 * - a failed person is listed once, with an error code and a message, and the run's log has one
 *   failure entry for them with the same error code and HTTP status and a reason.
 */
export async function expectEveryoneAccountedFor(
  ws: Workspace,
  server: SandboxServer,
  people: ReadonlyArray<Person>,
  result: ApplyJson
): Promise<Accounting> {
  const accounts = server.store.listUsers()
  const externalIds = accounts.map(account => String(account['externalId']))
  expect(new Set(externalIds).size, `duplicate accounts: ${externalIds.join(', ')}`).toBe(externalIds.length)

  const failed = new Map<string, FailureJson>()
  for (const failure of result.failures) {
    expect(failed.has(String(failure.sourceId)), `listed twice: ${failure.sourceId}`).toBe(false)
    failed.set(String(failure.sourceId), failure)
  }
  const entries = await ws.logs(['--run', result.runId])
  const logged = new Map<string, LogEntry>()
  for (const entry of entries) {
    if (entry.objectType !== 'user' || entry.sourceId === null) continue
    expect(logged.has(entry.sourceId), `two log entries for ${entry.sourceId}`).toBe(false)
    logged.set(entry.sourceId, entry)
  }

  for (const person of people) {
    const failure = failed.get(person.employeeId)
    const entry = logged.get(person.employeeId)
    expect(entry, `no log entry for ${person.employeeId}`).toBeDefined()
    if (failure !== undefined) {
      expect(failure.errorCode).toMatch(/^[A-Z][A-Za-z]+$/)
      expect(failure.message.length).toBeGreaterThan(0)
      expect(entry).toMatchObject({
        status: 'failure',
        errorCode: failure.errorCode,
        httpStatus: failure.httpStatus,
      })
      expect(entry?.reason ?? '').not.toBe('')
    } else {
      const account = accounts.find(
        candidate => String(candidate['userName']).toLowerCase() === person.mail.toLowerCase()
      )
      expect(account, `${person.mail} neither provisioned nor listed as failed`).toMatchObject({
        externalId: person.employeeId,
        title: person.title,
      })
      expect(['success', 'skipped']).toContain(entry?.status)
    }
  }
  return { failed, logged }
}

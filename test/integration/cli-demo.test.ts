/**
 * `provisioner demo`: the whole story against the embedded sandbox app — a dry run, an apply,
 * an idle re-run that sends nothing, and an incremental run that sends only the differences.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli-harness'
import type { LogEntry } from '../../main/model/log-entry'
import { makeTempDir } from '../helpers/temp-dir'

/** "1 GET, 5 POST, 1 PATCH" → { GET: 1, POST: 5, PATCH: 1 } */
function requestCounts(line: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const match of line.matchAll(/(\d+) (GET|POST|PATCH|PUT|DELETE)/g)) {
    counts[match[2] as string] = Number(match[1])
  }
  return counts
}

describe('provisioner demo', () => {
  it('shows a dry run, an apply, and incremental re-runs that send only the differences', async () => {
    const dir = makeTempDir('provisioner-demo-it-')

    const result = await runCli(['demo', '--dir', dir], { cwd: dir, home: join(dir, 'unused-home') })

    expect(result.code, result.stderr).toBe(0)
    const out = result.stdout
    const sections = [
      '1. Dry run',
      '2. Apply',
      '3. Run again with no HR changes',
      '4. HR changes',
      '5. Apply the differences only',
    ]
    const positions = sections.map(title => out.indexOf(title))
    expect(positions.every(position => position >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(out).toContain('nothing is written')

    const requestLines = out.split('\n').filter(line => line.startsWith('Requests the app received:'))
    expect(requestLines).toHaveLength(3)
    const [firstApply, idle, incremental] = requestLines.map(requestCounts)
    // First apply: 5 creates, the brownfield account's update, 4 groups created empty and one
    // member PATCH each; reads of the app's page limit (ServiceProviderConfig), users and groups.
    expect(firstApply).toEqual({ GET: 3, POST: 9, PATCH: 5 })
    // Nothing changed: only the reads of the page limit, current accounts and groups.
    expect(idle).toEqual({ GET: 3 })
    // A promotion (PATCH), a leaver (PATCH active=false), a new hire (POST), and in two groups
    // the leaver removed and the new hire added (4 PATCH).
    expect(incremental).toEqual({ GET: 3, POST: 1, PATCH: 6 })
    expect(out).toContain('now holds 8 accounts (7 active, 1 disabled) and 4 groups')
    expect(out).toContain('Research: Katherine Johnson, Barbara Liskov')

    // The runs are in the demo's state folder, readable with `logs`.
    const runId = /provisioner logs --home \S+ --run (\S+)/.exec(out.slice(positions[4] ?? 0))?.[1]
    expect(runId).toBeDefined()
    const logs = await runCli(
      ['logs', '--home', join(dir, 'state'), '--run', runId as string, '--format', 'jsonl'],
      {
        cwd: dir,
        home: join(dir, 'unused-home'),
      }
    )
    expect(logs.code, logs.stderr).toBe(0)
    const entries = logs.stdout
      .split('\n')
      .filter(line => line !== '')
      .map(line => JSON.parse(line) as LogEntry)
    const written = entries
      .filter(entry => entry.status === 'success' && entry.objectType === 'user')
      .map(entry => [entry.action, entry.sourceDisplay])
    expect(written.sort()).toEqual([
      ['create', 'barbara.liskov@example.com'],
      ['disable', 'alan.turing@example.com'],
      ['update', 'katherine.johnson@example.com'],
    ])
    const groups = entries.filter(entry => entry.objectType === 'group' && entry.action === 'update')
    expect(groups.map(entry => entry.sourceId).sort()).toEqual(['Everyone', 'Research'])
  })
})

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { loadJobFile } from '../../config/load-job'
import { startSandboxServer } from '../../connectors/scim/sandbox/sandbox-server'
import { runJob, type RunOutcome } from '../../engine/run/run-job'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { databasePath } from '../../config/app-paths'
import { openDatabase } from '../../store/database'
import { ExitCode } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'
import { presentApply, presentOperations, summaryTable } from '../present-run'
import { DEMO_EXISTING_ACCOUNTS, DEMO_PEOPLE, DEMO_PEOPLE_HEADER, demoJob } from './demo-data'

/**
 * `provisioner demo`: a whole provisioning story against the built-in sandbox SCIM app —
 * dry run, apply, an HR change, and an incremental re-run that sends only the differences.
 */
export async function demoCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, { dir: { type: 'string' }, home: { type: 'string' } })
  const folder =
    typeof values['dir'] === 'string'
      ? resolve(io.cwd, values['dir'])
      : mkdtempSync(join(tmpdir(), 'provisioner-demo-'))
  mkdirSync(folder, { recursive: true })
  const home = typeof values['home'] === 'string' ? resolve(io.cwd, values['home']) : join(folder, 'state')
  const out = (text = '') => writeLine(io.stdout, text)
  const heading = (text: string) => {
    out()
    out(text)
    out('='.repeat(text.length))
  }

  const sandbox = await startSandboxServer({ seedUsers: DEMO_EXISTING_ACCOUNTS })
  const token = sandbox.auth?.type === 'bearer' ? sandbox.auth.token : ''
  const db = openDatabase(databasePath(home))
  try {
    const csvPath = join(folder, 'people.csv')
    const jobPath = join(folder, 'job.json')
    writeFileSync(csvPath, stringify([DEMO_PEOPLE_HEADER, ...DEMO_PEOPLE]))
    writeFileSync(jobPath, `${JSON.stringify(demoJob(sandbox.baseUrl), null, 2)}\n`)
    const env = { ...io.env, PROVISIONER_DEMO_TOKEN: token }
    const run = async (mode: 'dry-run' | 'apply'): Promise<RunOutcome> =>
      runJob({ job: loadJobFile(jobPath), db, secrets: new MemorySecretStore(), mode, env })
    const showDryRun = async (): Promise<void> => {
      const plan = await run('dry-run')
      out(summaryTable(plan.summary))
      presentOperations(io, plan.operations, 20)
    }
    const showApply = async (): Promise<RunOutcome> => {
      sandbox.resetRequestCounts()
      const outcome = await run('apply')
      presentApply(io, loadJobFile(jobPath), outcome, ` --home ${home}`)
      out(`Requests the app received: ${describeCounts(sandbox.requestCounts)}`)
      return outcome
    }

    out('Provisioner demo')
    out(
      `Sandbox SCIM app: ${sandbox.baseUrl} (in this process; it holds ${sandbox.store.userCount()} accounts already:`
    )
    out('one for Grace Hopper with an old title, and a break-glass admin no one in HR owns).')
    out(`Files: ${csvPath} (${DEMO_PEOPLE.length} people), ${jobPath}`)
    out(`State: ${home}`)

    heading('1. Dry run: what would change (nothing is written)')
    await showDryRun()

    heading('2. Apply')
    await showApply()

    heading('3. Run again with no HR changes: nothing is sent')
    sandbox.resetRequestCounts()
    const idle = await run('apply')
    out(summaryTable(idle.summary))
    out(
      `Requests the app received: ${describeCounts(sandbox.requestCounts)} (just the reads: its page limit, then current accounts and groups)`
    )

    heading('4. HR changes the export: a promotion, a leaver, a new hire')
    const changed = DEMO_PEOPLE.filter(row => row[0] !== '1003').map(row =>
      row[0] === '1004' ? row.map((cell, index) => (index === 5 ? 'Head of Research' : cell)) : row
    )
    changed.push([
      '1009',
      'Barbara',
      'Liskov',
      'barbara.liskov@example.com',
      'Research',
      'Professor',
      'Active',
      'staff',
      'Research;Everyone',
    ])
    writeFileSync(csvPath, stringify([DEMO_PEOPLE_HEADER, ...changed]))
    out('Katherine Johnson is promoted, Alan Turing has left (not in the file), Barbara Liskov joins.')
    await showDryRun()

    heading('5. Apply the differences only')
    const lastApply = await showApply()

    const users = sandbox.store.listUsers()
    const active = users.filter(user => user['active'] !== false).length
    heading('Result')
    out(
      `The sandbox app now holds ${users.length} accounts (${active} active, ${users.length - active} disabled)` +
        ` and ${sandbox.store.listGroups().length} groups:`
    )
    for (const group of sandbox.store.listGroups()) {
      const members = Array.isArray(group['members']) ? (group['members'] as Array<{ display?: string }>) : []
      out(`  ${String(group['displayName'])}: ${members.map(member => member.display ?? '?').join(', ')}`)
    }
    out(`Try: provisioner logs --home ${home} --run ${lastApply.runId}`)
    out(`     provisioner status --home ${home} --job ${jobPath}`)
    return ExitCode.Success
  } finally {
    db.close()
    await sandbox.close()
  }
}

function describeCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([method, count]) => `${count} ${method}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

/**
 * The state folder: private to its owner (it holds every employee's data), and a damaged or
 * read-only state database is a configuration problem (exit 2) named with its file and what
 * to do, never "the run finished with failed operations".
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { type CliResult, REPO_ROOT, runCli } from '../helpers/cli-harness'
import {
  baseJob,
  NO_WRITES,
  staff,
  startTarget,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

const posix = process.platform !== 'win32'
const root = process.getuid?.() === 0
/** Root may write any file: read-only is met as another user (nobody). */
const NOBODY = { uid: 65534, gid: 65534 }

/**
 * As root the read-only case runs the CLI as `nobody`, which must be able to reach this checkout
 * (a clone inside a private mktemp folder is not); the case needs a checkout others can read.
 */
function othersCanReachCheckout(): boolean {
  const folders: string[] = []
  for (let dir = REPO_ROOT; ;) {
    folders.push(dir)
    const parent = join(dir, '..')
    if (parent === dir) break
    dir = parent
  }
  return folders.every(dir => (statSync(dir).mode & 0o001) !== 0)
}

let server: SandboxServer
let umask: number

beforeAll(async () => {
  umask = process.umask(0o022)
  server = await startTarget()
})

afterAll(async () => {
  process.umask(umask)
  await server.close()
})

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8)
}

function workspace(): Workspace {
  const ws = new Workspace()
  ws.writePeople(staff())
  ws.writeJob(baseJob(server.baseUrl))
  return ws
}

describe.runIf(posix)('the state folder', () => {
  it('is created 0700, with the database and a saved plan 0600, under umask 022', async () => {
    const ws = workspace()
    const plan = await ws.cli(['plan', '--job', 'job.json', '--out', 'plan.json'])
    expect(plan.code, plan.stderr).toBe(0)

    expect(modeOf(ws.home)).toBe('700')
    expect(modeOf(join(ws.home, 'provisioner.db'))).toBe('600')
    expect(modeOf(ws.path('plan.json'))).toBe('600')
  })
})

describe('a state database that cannot be used', () => {
  /** plan and logs both refuse it, naming the file, before anything is sent to the target. */
  async function refusedWith(ws: Workspace, run: (args: string[]) => Promise<CliResult>): Promise<string> {
    server.resetRequestCounts()
    const file = join(ws.home, 'provisioner.db')
    const results = [await run(['plan', '--job', 'job.json']), await run(['logs'])]
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toContain(`provisioner: the state database ${file} `)
    }
    expect(writeCounts(server)).toEqual(NO_WRITES)
    return results[0]?.stderr ?? ''
  }

  it('when damaged: exit 2, naming the file and how to recover', async () => {
    const ws = workspace()
    expect((await ws.cli(['plan', '--job', 'job.json'])).code).toBe(0)
    writeFileSync(
      join(ws.home, 'provisioner.db'),
      'this is not a database, it is a shopping list\n'.repeat(100)
    )

    const stderr = await refusedWith(ws, args => ws.cli(args))

    expect(stderr).toMatch(/provisioner\.db is damaged \(file is not a database\)\. Move it aside/)
    expect(stderr).toContain('restore it from a backup')
  })

  it.runIf(posix && (!root || othersCanReachCheckout()))(
    'when read-only: exit 2, naming the file and what to change',
    async () => {
      const ws = workspace()
      expect((await ws.cli(['plan', '--job', 'job.json'])).code).toBe(0)
      const file = join(ws.home, 'provisioner.db')
      // Readable, not writable: by another user when the tests run as root, else by mode.
      chmodSync(ws.dir, 0o755)
      chmodSync(ws.home, root ? 0o755 : 0o555)
      chmodSync(file, root ? 0o644 : 0o444)
      const user = root ? NOBODY : undefined

      const stderr = await refusedWith(ws, args =>
        runCli(args, { cwd: ws.dir, home: ws.home, env: ws.env, ...(user === undefined ? {} : { user }) })
      )
      chmodSync(ws.home, 0o700)

      expect(stderr).toMatch(
        /provisioner\.db is read-only for this user \(.*readonly.*\)\. Make it and its folder writable/
      )
      expect(stderr).toContain('--home')
    }
  )

  it.runIf(canMountTmpfs())(
    'when its disk is full: exit 2, naming the file and saying to free space',
    async () => {
      const ws = workspace()
      mkdirSync(ws.home)
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=700', 'tmpfs', ws.home])
      try {
        expect((await ws.cli(['plan', '--job', 'job.json'])).code).toBe(0)
        // Leave room to open the database (its 32 KB -shm index) and little more.
        fillDisk(ws.home, 48 * 1024)

        const apply = await ws.cli(['apply', '--job', 'job.json', '--yes'])

        expect(apply.code, apply.stderr).toBe(2)
        expect(apply.stderr).toContain(
          `provisioner: the state database ${join(ws.home, 'provisioner.db')} cannot grow: the disk holding it is full (`
        )
        expect(apply.stderr).toContain('Free space on that disk and run again')
      } finally {
        execFileSync('umount', [ws.home])
      }
    }
  )
})

/** Whether this machine lets the tests mount a small tmpfs (root with CAP_SYS_ADMIN, Linux). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || !root) return false
  const dir = mkdtempSync(join(tmpdir(), 'provisioner-mount-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' })
    execFileSync('umount', [dir])
    return true
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Fills the filesystem holding `dir` until about `leave` bytes are free. */
function fillDisk(dir: string, leave: number): void {
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize
  writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, free - leave)))
}

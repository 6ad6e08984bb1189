/**
 * The state folder and database hold every employee's data: only their owner may read them,
 * whatever the umask (022 here, the usual default, which leaves new files world-readable).
 */
import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../main/store/database'
import { restrictToOwner, writePrivateFile } from '../../../main/store/private-files'
import { closeAfterTest } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

const posix = process.platform !== 'win32'

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8)
}

let umask: number
beforeAll(() => {
  umask = process.umask(0o022)
})
afterAll(() => {
  process.umask(umask)
})

describe.runIf(posix)('state file modes', () => {
  it('creates the state folder 0700 and the database with its -wal and -shm files 0600', () => {
    const home = join(makeTempDir(), 'config', 'Provisioner')
    const file = join(home, 'provisioner.db')
    const db = closeAfterTest(openDatabase(file))
    db.exec('CREATE TABLE probe (a); INSERT INTO probe VALUES (1)')

    expect(modeOf(home)).toBe('700')
    expect(modeOf(join(home, '..'))).toBe('700')
    for (const name of ['provisioner.db', 'provisioner.db-wal', 'provisioner.db-shm']) {
      expect([name, modeOf(join(home, name))]).toEqual([name, '600'])
    }
  })

  it('makes an existing world-readable database and its -wal and -shm files private when it opens them', () => {
    const home = makeTempDir()
    chmodSync(home, 0o755)
    const file = join(home, 'provisioner.db')
    // A database left open by a crash keeps its -wal and -shm files; an older version made them 0644.
    const before = new Database(file)
    before.pragma('journal_mode = WAL')
    before.exec('CREATE TABLE probe (a); INSERT INTO probe VALUES (1)')
    for (const name of ['provisioner.db', 'provisioner.db-wal', 'provisioner.db-shm']) {
      chmodSync(join(home, name), 0o644)
    }

    closeAfterTest(openDatabase(file))
    before.close()

    expect(modeOf(file)).toBe('600')
    expect(modeOf(`${file}-wal`)).toBe('600')
    expect(modeOf(`${file}-shm`)).toBe('600')
    // A folder it did not create keeps the mode its owner chose.
    expect(modeOf(home)).toBe('755')
  })

  it('only takes permissions away: a read-only file stays read-only', () => {
    const file = join(makeTempDir(), 'plan.json')
    writeFileSync(file, '{}')
    chmodSync(file, 0o444)
    restrictToOwner(file)
    expect(modeOf(file)).toBe('400')
  })

  it('writes a private file 0600, also over an existing world-readable one', () => {
    const dir = makeTempDir()
    const fresh = join(dir, 'fresh.json')
    writePrivateFile(fresh, '{"a":1}\n')
    expect(modeOf(fresh)).toBe('600')

    const existing = join(dir, 'existing.json')
    writeFileSync(existing, 'old', { mode: 0o644 })
    writePrivateFile(existing, 'new')
    expect(modeOf(existing)).toBe('600')
  })

  it.runIf(process.getuid?.() === 0)("leaves another user's file alone instead of failing", () => {
    const file = join(makeTempDir(), 'provisioner.db')
    writeFileSync(file, '')
    chmodSync(file, 0o644)
    chownSync(file, 65534, 65534)
    expect(() => restrictToOwner(file)).not.toThrow()
    expect(modeOf(file)).toBe('644')
  })

  it('never changes the mode of what a symbolic link points to', () => {
    const dir = makeTempDir()
    const shared = join(dir, 'shared')
    mkdirSync(shared, { mode: 0o755 })
    chmodSync(shared, 0o755)
    symlinkSync(shared, join(dir, 'link'))
    restrictToOwner(join(dir, 'link'))
    expect(modeOf(shared)).toBe('755')
  })
})

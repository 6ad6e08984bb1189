import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandboxServer, type SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { KeytarSecretStore, KEYCHAIN_SERVICE } from '../../main/secrets/keytar-secret-store'
import { runCli } from '../helpers/cli-harness'
import { keychainAvailable } from '../helpers/keychain'
import { makeTempDir } from '../helpers/temp-dir'

const available = await keychainAvailable()

describe.skipIf(!available)('OS keychain (real Secret Service)', () => {
  const name = `test-${randomBytes(4).toString('hex')}`
  const store = new KeytarSecretStore(KEYCHAIN_SERVICE)
  let server: SandboxServer
  const token = `tok-${randomBytes(12).toString('hex')}`

  beforeAll(async () => {
    server = await startSandboxServer({ auth: { type: 'bearer', token } })
  })
  afterAll(async () => {
    await store.delete(name)
    await server.close()
  })

  it('stores, lists, reads and deletes a secret', async () => {
    const own = new KeytarSecretStore(`ProvisionerTest-${name}`)
    await own.set('alpha', 'one')
    expect(await own.get('alpha')).toBe('one')
    expect(await own.list()).toEqual(['alpha'])
    expect(await own.delete('alpha')).toBe(true)
    expect(await own.get('alpha')).toBeNull()
    expect(await own.delete('alpha')).toBe(false)
  })

  it('`secrets set` reads the value from stdin, a job uses it by keychain: reference, and it never reaches the state files', async () => {
    const dir = makeTempDir()
    const home = join(dir, 'home')
    const set = await runCli(['secrets', 'set', name], { cwd: dir, home, input: `${token}\n` })
    expect(set.code).toBe(0)
    expect(set.stdout).toContain(`keychain:${name}`)
    expect(set.stdout).not.toContain(token)
    expect(await store.get(name)).toBe(token)

    const list = await runCli(['secrets', 'list'], { cwd: dir, home })
    expect(list.stdout).toContain(`keychain:${name}`)
    expect(list.stdout).not.toContain(token)

    writeFileSync(join(dir, 'people.csv'), 'id,mail\n1,ada@example.com\n')
    writeFileSync(
      join(dir, 'job.json'),
      JSON.stringify({
        name: 'Keychain job',
        source: { type: 'csv', path: 'people.csv', idColumn: 'id' },
        target: {
          type: 'scim',
          baseUrl: server.baseUrl,
          auth: { type: 'bearer', secretRef: `keychain:${name}` },
        },
        users: { mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1 }] },
      })
    )
    const apply = await runCli(['apply', '--job', 'job.json', '--json'], { cwd: dir, home })
    expect(apply.stderr).toBe('')
    expect(apply.code).toBe(0)
    expect(server.store.listUsers().map(user => user['userName'])).toContain('ada@example.com')

    // Every file of the state folder, the application log in logs/ included.
    const files = readdirSync(home, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile())
    expect(files.map(entry => entry.name)).toContain('provisioner.1.log')
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name)
      expect(readFileSync(file).includes(token), `${file} holds the token`).toBe(false)
    }

    const removed = await runCli(['secrets', 'delete', name], { cwd: dir, home })
    expect(removed.code).toBe(0)
    const missing = await runCli(['plan', '--job', 'job.json'], { cwd: dir, home })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`provisioner secrets set ${name}`)
  })
})

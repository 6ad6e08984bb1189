import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { type AppLog, appLogFolder, NO_APP_LOG, openAppLog } from '../../../main/app-log/app-log'
import { rememberSecret } from '../../../main/secrets/known-secrets'
import { makeTempDir } from '../../helpers/temp-dir'

const POSIX = process.platform !== 'win32'

function lines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as Record<string, unknown>)
}

function logFiles(home: string): string[] {
  return readdirSync(appLogFolder(home))
    .filter(name => /^provisioner\.\d+\.log$/.test(name))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
}

async function open(
  home: string,
  options: { maxFileBytes?: number; keepFiles?: number } = {}
): Promise<AppLog> {
  const log = await openAppLog({ home, program: 'cli', ...options })
  expect(log.file).not.toBeNull()
  return log
}

describe('the application log', () => {
  it('writes one JSON line per event, with time, level, program and fields, to a 0600 file in a 0700 folder', async () => {
    const home = makeTempDir()
    const log = await open(home)
    log.info('command started', { command: 'plan', options: ['--job'] })
    log.warn('command refused', { error: 'the job file cannot be used' })
    log.close()

    expect(log.file).toBe(join(home, 'logs', 'provisioner.1.log'))
    const [started, refused] = lines(log.file!)
    expect(started).toMatchObject({
      level: 'info',
      msg: 'command started',
      program: 'cli',
      pid: process.pid,
      command: 'plan',
      options: ['--job'],
    })
    expect(new Date(String(started?.['time'])).toISOString()).toBe(started?.['time'])
    expect(refused).toMatchObject({ level: 'warn', error: 'the job file cannot be used' })
    if (POSIX) {
      expect(statSync(log.file!).mode & 0o777).toBe(0o600)
      expect(statSync(appLogFolder(home)).mode & 0o777).toBe(0o700)
    }
  })

  it('records an error with its stack trace and its cause', async () => {
    const home = makeTempDir()
    const log = await open(home)
    function failingDeepInside(): never {
      throw new TypeError('cannot read properties of undefined', { cause: new Error('the row was empty') })
    }
    try {
      failingDeepInside()
    } catch (error) {
      log.error('internal error', error, { command: 'apply' })
    }
    log.close()

    const [entry] = lines(log.file!)
    const err = entry?.['err'] as {
      type: string
      message: string
      stack: string
      cause?: { message: string }
    }
    expect(entry).toMatchObject({ level: 'error', msg: 'internal error', command: 'apply' })
    expect(err.type).toBe('TypeError')
    // pino's error record adds the causes' messages to the message, and their stacks to the stack.
    expect(err.message).toBe('cannot read properties of undefined: the row was empty')
    expect(err.stack).toMatch(/at failingDeepInside \(.*app-log\.test\.ts:\d+:\d+\)/)
    expect(err.stack).toContain('the row was empty')
  })

  it('never holds a secret the process resolved, or a Bearer/Basic credential, wherever it appears', async () => {
    const home = makeTempDir()
    const keychainSecret = 'kc-Secret-7f3a9b2c'
    const bearer = 'eyJhbGciOiJIUzI1NiJ9.payload.signature'
    rememberSecret(keychainSecret)
    const log = await open(home)
    const error = new Error(`request refused: Authorization: Bearer ${bearer}; password=${keychainSecret}`, {
      cause: new Error(`url-encoded ${encodeURIComponent(keychainSecret)}`),
    })
    log.error(`failed with ${keychainSecret}`, error, {
      header: `Basic ${Buffer.from(`svc:${keychainSecret}`).toString('base64')}`,
      nested: { list: [`json ${JSON.stringify(keychainSecret)}`] },
    })
    log.close()

    const text = readFileSync(log.file!, 'utf8')
    expect(text).toContain('[redacted]')
    expect(text).toContain('request refused')
    for (const secret of [keychainSecret, bearer, Buffer.from(`svc:${keychainSecret}`).toString('base64')]) {
      expect(text).not.toContain(secret)
    }
  })

  it('starts the next file past the size limit and keeps only the newest files', async () => {
    const home = makeTempDir()
    const log = await open(home, { maxFileBytes: 2_000, keepFiles: 3 })
    for (let line = 1; line <= 60; line++) {
      log.info('a line', { line, padding: 'x'.repeat(120) })
      // Lines come one at a time in real use; the roll happens between them.
      await delay(2)
    }
    await expect.poll(() => logFiles(home).length, { timeout: 5_000 }).toBeLessThanOrEqual(3)
    log.close()

    const files = logFiles(home)
    expect(files).toHaveLength(3)
    expect(Number(files[2]?.split('.')[1])).toBeGreaterThan(3)
    expect(log.file).toBe(join(appLogFolder(home), files[2]!))
    const kept = files.flatMap(name => lines(join(appLogFolder(home), name)).map(entry => entry['line']))
    // The newest lines are kept, in order, none lost between files; each file is near the limit.
    expect(kept.at(-1)).toBe(60)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => 60 - kept.length + 1 + index))
    for (const name of files) expect(statSync(join(appLogFolder(home), name)).size).toBeLessThan(2_000 + 400)
  })

  it('goes on in the newest file when opened again (the CLI opens it once per command)', async () => {
    const home = makeTempDir()
    const first = await open(home, { maxFileBytes: 1_000_000 })
    first.info('first command')
    first.close()
    const second = await open(home, { maxFileBytes: 1_000_000 })
    second.info('second command')
    second.close()
    expect(second.file).toBe(first.file)
    expect(lines(second.file!).map(entry => entry['msg'])).toEqual(['first command', 'second command'])
  })

  it('stops nothing when the state folder cannot hold it', async () => {
    const home = join(makeTempDir(), 'a-file')
    writeFileSync(home, 'not a folder')
    const log = await openAppLog({ home, program: 'cli' })
    expect(log).toBe(NO_APP_LOG)
    expect(() => log.error('internal error', new Error('x'))).not.toThrow()
  })
})

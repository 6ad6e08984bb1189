import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { APP_ORIGIN, registerAppScheme, respond, serveAppProtocol } from '../../../main/electron/app-protocol'
import { makeTempDir } from '../../helpers/temp-dir'
import { protocol, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const CSP = "default-src 'none'"

function rendererDir(): string {
  const root = makeTempDir('provisioner-renderer-')
  const dir = join(root, 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Provisioner</title>')
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(root, 'secret.txt'), 'not for the page')
  return dir
}

const get = (dir: string, url: string, method = 'GET') => respond(dir, CSP, new Request(url, { method }))

beforeEach(() => resetFakeElectron())

describe('app:// protocol', () => {
  it('registers app:// as a standard, secure scheme so the page has a real origin', () => {
    registerAppScheme()
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
    expect(APP_ORIGIN).toBe('app://provisioner')
  })

  it('serves index.html and assets with the CSP header', async () => {
    const dir = rendererDir()
    serveAppProtocol(dir, CSP)
    const handler = protocol.handlers.get('app')
    const index = await handler!(new Request('app://provisioner/'))
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('content-security-policy')).toBe(CSP)
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await index.text()).toContain('<title>Provisioner</title>')
    const script = await get(dir, 'app://provisioner/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it.each([
    ['an encoded parent path', 'app://provisioner/%2e%2e/secret.txt'],
    ['an encoded separator', 'app://provisioner/assets%2f..%2f..%2fsecret.txt'],
    ['a missing file', 'app://provisioner/missing.js'],
    ['an unknown file type', 'app://provisioner/assets/'],
    ['another host', 'app://elsewhere/index.html'],
    ['a NUL byte', 'app://provisioner/index.html%00.js'],
    ['broken escapes', 'app://provisioner/%E0%A4%A'],
  ])('answers 404 for %s', async (_label, url) => {
    const response = await get(rendererDir(), url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('not for the page')
  })

  it('answers 404 to anything but GET', async () => {
    expect((await get(rendererDir(), 'app://provisioner/index.html', 'POST')).status).toBe(404)
  })
})

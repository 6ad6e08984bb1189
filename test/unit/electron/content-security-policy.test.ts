import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../main/electron/content-security-policy'

const directives = (policy: string) =>
  new Map(
    policy.split('; ').map(directive => [directive.split(' ')[0], directive.split(' ').slice(1)] as const)
  )

/** Fluent UI fills empty `<style>` elements through the CSSOM: only the empty content may be allowed. */
const EMPTY_CONTENT_HASH = `'sha256-${createHash('sha256').update('').digest('base64')}'`

describe('contentSecurityPolicy', () => {
  it('allows only the app itself in a build', () => {
    const policy = directives(contentSecurityPolicy({ dev: false }))
    expect(policy.get('default-src')).toEqual(["'none'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('style-src')).toEqual(["'self'", EMPTY_CONTENT_HASH])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(contentSecurityPolicy({ dev: false })).not.toMatch(/unsafe|127\.0\.0\.1|\*/)
  })

  it('in development, allows the nonce, HMR and the loopback test bridge', () => {
    const policy = directives(contentSecurityPolicy({ dev: true, nonce: 'abc123' }))
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'"])
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://localhost:*', 'http://127.0.0.1:*'])
    expect(contentSecurityPolicy({ dev: true, nonce: 'abc123' })).not.toContain('unsafe')
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc123'", EMPTY_CONTENT_HASH])
  })

  it("in development without a nonce, keeps 'unsafe-inline' working (a hash would switch it off)", () => {
    const policy = directives(contentSecurityPolicy({ dev: true }))
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
  })

  it('is what renderer/index.html declares, so the file never drifts from the code', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(contentSecurityPolicy({ dev: false }))
  })
})

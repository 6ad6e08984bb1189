import { describe, expect, it } from 'vitest'
import {
  credentialForms,
  excerpt,
  MAX_STORED_TEXT,
  redactCredentials,
  storedText,
  truncateText,
} from '../../../main/secrets/redact-text'

describe('credentialForms', () => {
  it('is the bearer token, also URL-encoded and JSON-escaped', () => {
    expect(credentialForms('Bearer abc/def+gh=')).toEqual(
      expect.arrayContaining(['abc/def+gh=', 'abc%2Fdef%2Bgh%3D'])
    )
    expect(credentialForms(null)).toEqual([])
  })

  it('is the base64 text, the decoded user:password and the password alone for basic auth', () => {
    const header = `Basic ${Buffer.from('svc:p"w\\rd-123').toString('base64')}`
    const forms = credentialForms(header)
    expect(forms).toEqual(
      expect.arrayContaining([header.slice(6), 'svc:p"w\\rd-123', 'p"w\\rd-123', 'p\\"w\\\\rd-123'])
    )
    // Not the user name alone: it is not secret, and removing it would garble ordinary text.
    expect(forms).not.toContain('svc')
    // Longest first, so "svc:password" goes before "password" leaves "svc:" behind.
    expect(forms).toEqual([...forms].sort((a, b) => b.length - a.length))
  })

  it('leaves out credentials too short to search for without blanking ordinary text', () => {
    expect(credentialForms('Bearer t')).toEqual([])
  })
})

describe('redactCredentials', () => {
  it('removes every occurrence of each given secret', () => {
    expect(redactCredentials('a s3cret-token b s3cret-token', ['s3cret-token'])).toBe(
      'a [redacted] b [redacted]'
    )
  })

  it('removes any Bearer or Basic credential, in any case, whatever the secret', () => {
    expect(redactCredentials('Authorization: Bearer eyJhbGciOi.J9x_y-z')).toBe(
      'Authorization: Bearer [redacted]'
    )
    expect(redactCredentials('got basic YWRtaW46cHc= here')).toBe('got basic [redacted] here')
    expect(redactCredentials('BEARER abcdefghijklmnopqrstuvwxyz')).toBe('BEARER [redacted]')
  })

  it('leaves ordinary words after Bearer or Basic alone', () => {
    for (const text of ['Basic authentication failed', 'Bearer token expired', 'Bearer of bad news']) {
      expect(redactCredentials(text)).toBe(text)
    }
  })
})

describe('storedText and truncateText', () => {
  it('caps stored server text, saying how much was cut', () => {
    const stored = storedText('x'.repeat(2_000_000))
    expect(stored.length).toBeLessThan(MAX_STORED_TEXT + 100)
    expect(stored).toMatch(/… \[1995904 more characters cut\]$/)
    expect(truncateText('short')).toBe('short')
    expect(storedText(null)).toBeNull()
  })

  it('redacts before cutting, so a credential across the cut is not half kept', () => {
    const text = `${'x'.repeat(MAX_STORED_TEXT - 10)} Bearer abcdef0123456789abcdef`
    expect(storedText(text)).not.toContain('abcdef')
  })
})

describe('excerpt', () => {
  it('quotes server text on one line, escaped and cut', () => {
    expect(excerpt('bad\n\n  value "x"')).toBe('"bad value \\"x\\""')
    expect(excerpt('\u001b]0;owned\u0007')).toBe('"\\u001b]0;owned\\u0007"')
    expect(excerpt('y'.repeat(1_000_000), 10)).toBe(`"${'y'.repeat(10)}…"`)
  })
})

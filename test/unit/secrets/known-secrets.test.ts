import { describe, expect, it } from 'vitest'
import { knownSecrets } from '../../../main/secrets/known-secrets'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import { resolveSecretRef } from '../../../main/secrets/resolve-secret'

describe('secrets the process resolved', () => {
  it('are known, in every form they can be echoed in, so the application log can leave them out', async () => {
    const store = new MemorySecretStore()
    await store.set('graph-app', 'kc "pass"/word')
    expect(await resolveSecretRef('keychain:graph-app', store)).toBe('kc "pass"/word')
    expect(await resolveSecretRef('env:HR_TOKEN', store, { HR_TOKEN: 'env-token-4711' })).toBe(
      'env-token-4711'
    )

    const known = knownSecrets()
    expect(known).toEqual(
      expect.arrayContaining([
        'kc "pass"/word',
        encodeURIComponent('kc "pass"/word'),
        'kc \\"pass\\"/word',
        'env-token-4711',
      ])
    )
    // Longest first: a form is removed before a part of it.
    expect(known).toEqual([...known].sort((a, b) => b.length - a.length))
  })
})

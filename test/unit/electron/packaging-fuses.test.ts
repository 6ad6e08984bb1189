/**
 * The packaged app's Electron fuses (electron-builder.yml): read and validated by
 * electron-builder's own loader and schema, the way `npm run dist` reads them.
 */
import { join } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../helpers/cli-harness'

const CONFIG_FILE = join(REPO_ROOT, 'electron-builder.yml')

function loadPackagingConfig() {
  return getConfig(REPO_ROOT, CONFIG_FILE, null)
}

describe('electron-builder.yml fuses', () => {
  it('turns off the ways to run the app binary as a plain Node with other code', async () => {
    const fuses = (await loadPackagingConfig()).electronFuses
    // ELECTRON_RUN_AS_NODE, NODE_OPTIONS / NODE_EXTRA_CA_CERTS, and --inspect / SIGUSR1.
    expect(fuses?.runAsNode).toBe(false)
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false)
    expect(fuses?.enableNodeCliInspectArguments).toBe(false)
  })

  it('loads only the integrity-checked app.asar, and encrypts cookies', async () => {
    const fuses = (await loadPackagingConfig()).electronFuses
    expect(fuses?.enableEmbeddedAsarIntegrityValidation).toBe(true)
    expect(fuses?.onlyLoadAppFromAsar).toBe(true)
    expect(fuses?.enableCookieEncryption).toBe(true)
    // The app is served from its own protocol, never file://.
    expect(fuses?.grantFileProtocolExtraPrivileges).toBe(false)
  })

  it('is a configuration electron-builder accepts', async () => {
    const config = await loadPackagingConfig()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The check is real: a misspelt fuse is refused.
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { runAsNod: false } as never },
        new DebugLogger(false)
      )
    ).rejects.toThrow(/electronFuses/)
  })
})

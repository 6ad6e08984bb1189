import { createRequire } from 'node:module'
import type { SecretStore } from './secret-store'

/** Service name under which every Provisioner credential is filed in the OS keychain. */
export const KEYCHAIN_SERVICE = 'Provisioner'

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Vault, Secret Service on Linux.
 *
 * keytar is loaded lazily so commands that need no secret still work on a machine without a
 * keychain (a headless server using `env:` references).
 */
export class KeytarSecretStore implements SecretStore {
  public readonly backend = 'OS keychain (keytar)'
  private keytar: Keytar | null = null

  public constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  public async get(name: string): Promise<string | null> {
    return this.load().getPassword(this.service, name)
  }

  public async set(name: string, value: string): Promise<void> {
    await this.load().setPassword(this.service, name, value)
  }

  public async delete(name: string): Promise<boolean> {
    return this.load().deletePassword(this.service, name)
  }

  public async list(): Promise<ReadonlyArray<string>> {
    const credentials = await this.load().findCredentials(this.service)
    return credentials.map(credential => credential.account).sort()
  }

  private load(): Keytar {
    if (this.keytar === null) {
      const require = createRequire(import.meta.url)
      this.keytar = require('keytar') as Keytar
    }
    return this.keytar
  }
}

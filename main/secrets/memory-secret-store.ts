import type { SecretStore } from './secret-store'

/** In-memory secrets for unit tests and the sandbox demo (never persisted). */
export class MemorySecretStore implements SecretStore {
  public readonly backend = 'memory'
  private readonly secrets = new Map<string, string>()

  public async get(name: string): Promise<string | null> {
    return this.secrets.get(name) ?? null
  }

  public async set(name: string, value: string): Promise<void> {
    this.secrets.set(name, value)
  }

  public async delete(name: string): Promise<boolean> {
    return this.secrets.delete(name)
  }

  public async list(): Promise<ReadonlyArray<string>> {
    return [...this.secrets.keys()].sort()
  }
}

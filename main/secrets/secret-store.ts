import { ProvisionerError } from '../model/errors'
/**
 * Where credentials live. The job file only ever holds a reference (`keychain:NAME`, `env:VAR`).
 *
 * Implementations never log, persist or return secrets anywhere but to the connector that
 * needs them.
 */
export interface SecretStore {
  /** Human name of the backend, e.g. "Secret Service (keytar)". */
  readonly backend: string
  get(name: string): Promise<string | null>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<boolean>
  /** Names only. */
  list(): Promise<ReadonlyArray<string>>
}

export class SecretNotFoundError extends ProvisionerError {
  public readonly kind = 'secret-missing' as const

  public constructor(
    public readonly ref: string,
    hint: string
  ) {
    super(`Secret ${ref} is not available: ${hint}`)
    this.name = 'SecretNotFoundError'
  }
}

export function isValidSecretName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)
}

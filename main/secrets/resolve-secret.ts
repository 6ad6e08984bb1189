import { rememberSecret } from './known-secrets'
import { SecretNotFoundError, type SecretStore } from './secret-store'

/**
 * Turns a `secretRef` into the secret: `env:VAR` reads the environment (CLI automation),
 * `keychain:NAME` reads the OS keychain. The secret is remembered so the application log can
 * leave it out of anything it writes.
 */
export async function resolveSecretRef(
  ref: string,
  store: SecretStore,
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  const secret = await readSecretRef(ref, store, env)
  rememberSecret(secret)
  return secret
}

async function readSecretRef(ref: string, store: SecretStore, env: NodeJS.ProcessEnv): Promise<string> {
  const colon = ref.indexOf(':')
  const scheme = ref.slice(0, colon)
  const name = ref.slice(colon + 1)
  if (scheme === 'env') {
    const value = env[name]
    if (value === undefined || value === '') {
      throw new SecretNotFoundError(ref, `the environment variable ${name} is not set`)
    }
    return value
  }
  if (scheme === 'keychain') {
    let value: string | null
    try {
      value = await store.get(name)
    } catch (error) {
      throw new SecretNotFoundError(
        ref,
        `the OS keychain could not be read (${(error as Error).message}); on a headless machine use an env: reference`
      )
    }
    if (value === null) {
      throw new SecretNotFoundError(
        ref,
        `no keychain entry named ${name}; add it with \`provisioner secrets set ${name}\``
      )
    }
    return value
  }
  throw new SecretNotFoundError(ref, 'a secretRef must start with keychain: or env:')
}

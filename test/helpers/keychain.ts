import { KeytarSecretStore } from '../../main/secrets/keytar-secret-store'

/**
 * Whether a real OS keychain (Secret Service on Linux) answers. CI starts one and sets
 * PROVISIONER_REQUIRE_KEYCHAIN=1, so there a missing keychain fails the tests instead of
 * skipping them.
 */
export async function keychainAvailable(): Promise<boolean> {
  try {
    await new KeytarSecretStore('ProvisionerProbe').list()
    return true
  } catch (error) {
    if (process.env['PROVISIONER_REQUIRE_KEYCHAIN'] === '1') {
      throw new Error(`The OS keychain is required but unavailable: ${(error as Error).message}`)
    }
    return false
  }
}

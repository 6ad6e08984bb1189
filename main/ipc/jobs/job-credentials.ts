/**
 * A job's credentials as the app handles them: the secret goes straight to the OS keychain and
 * is never read back out of main; the job file only ever holds the `keychain:`/`env:` reference.
 */
import { createHash } from 'node:crypto'
import { looksLikeToken } from '../../config/inline-credentials'
import { setValueInText } from '../../config/job-file-edits'
import type { SecretStore } from '../../secrets/secret-store'
import type { CredentialSlot, CredentialStatus } from '../api/contract'
import { ApiError } from '../api/dispatch'

/** Where each slot's reference sits in a job file (a SCIM source keeps it in its auth). */
export function slotPath(document: unknown, slot: CredentialSlot): ReadonlyArray<string> {
  if (slot === 'target') return ['target', 'auth', 'secretRef']
  if (slot === 'alertWebhook') return ['alerts', 'webhookUrlRef']
  const type = (document as { source?: { type?: unknown } } | null)?.source?.type
  return type === 'scim' ? ['source', 'auth', 'secretRef'] : ['source', 'secretRef']
}

/** Whether the document's settings at the slot take a reference (no auth "none", no CSV file). */
function holdsRef(document: Record<string, unknown>, slot: CredentialSlot): boolean {
  const authType = (place: unknown) => (place as { auth?: { type?: unknown } } | undefined)?.auth?.type
  const needsSecret = (type: unknown) => type === 'bearer' || type === 'basic'
  if (slot === 'target') return needsSecret(authType(document['target']))
  if (slot === 'alertWebhook') return true
  const source = document['source'] as { type?: unknown } | undefined
  return source?.type === 'scim'
    ? needsSecret(authType(source))
    : source?.type === 'ldap' || source?.type === 'graph'
}

const SLOT_SUFFIX: { readonly [S in CredentialSlot]: string } = {
  target: 'target',
  source: 'source',
  alertWebhook: 'alert-webhook',
}

/** The keychain entry the app files a job's credential under, e.g. `hr-demo-target`. */
export function keychainName(jobId: string, slot: CredentialSlot): string {
  const name = `${jobId.slice(0, 40)}-${SLOT_SUFFIX[slot]}`
  // A name the job-file check would take for a pasted token is replaced by a plain one.
  if (!looksLikeToken(name)) return name
  return `job-${createHash('sha256').update(jobId).digest('hex').slice(0, 8)}-${SLOT_SUFFIX[slot]}`
}

/** The reference in `document` at the slot's place, if it is a string. */
export function refAt(document: unknown, slot: CredentialSlot): string | null {
  let value = document
  for (const key of slotPath(document, slot)) {
    if (typeof value !== 'object' || value === null) return null
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'string' ? value : null
}

export async function credentialStatus(
  ref: string | null,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv
): Promise<CredentialStatus> {
  const match = ref === null ? null : /^(keychain|env):(.+)$/.exec(ref)
  if (ref === null || match === null) return { ref, kind: 'none', name: null, available: null }
  const name = match[2] ?? ''
  if (match[1] === 'env') return { ref, kind: 'env', name, available: (env[name] ?? '') !== '' }
  try {
    // Read in main only to learn whether it is there; the value goes nowhere.
    return { ref, kind: 'keychain', name, available: (await secrets.get(name)) !== null }
  } catch {
    return { ref, kind: 'keychain', name, available: null }
  }
}

/**
 * The job text after pointing the slot at `ref`, or the text unchanged when its settings cannot
 * hold one yet (authentication "none", a CSV source: the editor's unsaved form gets the reference).
 */
export function textWithRef(
  text: string,
  document: Record<string, unknown>,
  slot: CredentialSlot,
  ref: string
): string {
  if (refAt(document, slot) === ref || !holdsRef(document, slot)) return text
  if (slot !== 'alertWebhook') return setValueInText(text, [...slotPath(document, slot)], ref)
  // A keychain URL replaces an inline one (which would otherwise win).
  const withoutInline = setValueInText(text, ['alerts', 'webhookUrl'], undefined)
  return setValueInText(withoutInline, [...slotPath(document, slot)], ref)
}

/** Stores a secret, naming what to do when the machine has no usable keychain. */
export async function storeInKeychain(secrets: SecretStore, name: string, value: string): Promise<void> {
  try {
    await secrets.set(name, value)
  } catch (error) {
    throw new ApiError(
      'unsupported',
      `The OS keychain could not store the credential (${(error as Error).message}); ` +
        'on a machine without one, use an env: reference'
    )
  }
}

export async function deleteFromKeychain(secrets: SecretStore, name: string): Promise<void> {
  try {
    await secrets.delete(name)
  } catch (error) {
    throw new ApiError('unsupported', `The OS keychain could not be changed (${(error as Error).message})`)
  }
}

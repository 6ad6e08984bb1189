import { credentialForms } from './redact-text'

/**
 * Every secret this process has resolved (tokens, passwords, webhook URLs), in each form it can
 * be echoed in, so text written outside the process's memory (the application log) can be
 * scrubbed of it even when nothing around it says "Bearer". Only ever grows; held in memory only.
 */
const forms = new Set<string>()

export function rememberSecret(value: string): void {
  // `credentialForms` takes a header value; any scheme gives the token's own forms.
  for (const form of credentialForms(`Secret ${value}`)) forms.add(form)
}

/** The secrets to remove from text, longest first (a form is removed before a part of it). */
export function knownSecrets(): string[] {
  return [...forms].sort((a, b) => b.length - a.length)
}

/**
 * Keeps credentials and unbounded text out of what Provisioner stores, prints and sends.
 *
 * Text a server sends (an error's `detail`, an error page) is not ours: a hostile or careless
 * server may echo the request's `Authorization` header in it, or send megabytes of it. The SCIM
 * client removes the credential it sent (every form it can be echoed in) where server text enters
 * the program; the store and the alerts run `redactCredentials` again as a second line of defence
 * against any `Bearer …`/`Basic …` value, and cap what they keep.
 */

export const REDACTED = '[redacted]'

/** The most characters of server text kept in a stored field (a log entry's `scimDetail` …). */
export const MAX_STORED_TEXT = 4096

/** The most characters of server text quoted inside one of our own sentences. */
export const MAX_EXCERPT = 300

/**
 * Shorter credentials are not searched for: removing every "abc" would blank out ordinary words
 * and data, and a credential that short protects nothing anyway.
 */
const MIN_CREDENTIAL_LENGTH = 4

/**
 * Every form in which the credential of an `Authorization` header value can come back: the
 * token or base64 text itself, for basic auth the decoded `user:password` and the password, and
 * each of those URL-encoded and JSON-escaped. Longest first, so a form is removed before a part of it.
 */
export function credentialForms(authorization: string | null): string[] {
  if (authorization === null) return []
  const space = authorization.indexOf(' ')
  const credential = space < 0 ? authorization : authorization.slice(space + 1).trim()
  const raw = [credential]
  if (/^basic$/i.test(authorization.slice(0, space))) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon >= 0) raw.push(decoded, decoded.slice(colon + 1))
  }
  return secretForms(raw)
}

/**
 * Every form in which secrets sent another way (a client secret in a form body) can come back:
 * each as it is, URL-encoded (as a URL and as a form encodes it) and JSON-escaped. Longest first.
 */
export function secretForms(raw: ReadonlyArray<string>): string[] {
  const forms = new Set<string>()
  for (const form of raw) {
    if (form.length < MIN_CREDENTIAL_LENGTH) continue
    forms.add(form)
    forms.add(encodeURIComponent(form))
    forms.add(new URLSearchParams({ s: form }).toString().slice(2))
    forms.add(JSON.stringify(form).slice(1, -1))
  }
  return [...forms].sort((a, b) => b.length - a.length)
}

/** `Bearer`/`Basic` followed by something shaped like a credential (RFC 9110 token68). */
const AUTH_VALUE = /\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi

/**
 * Replaces each of `secrets` and any `Bearer …`/`Basic …` credential in `text` with
 * `[redacted]`. A word after the scheme ("Basic authentication failed") is left alone: only a
 * value with a digit or symbol, or one too long to be a word, looks like a credential.
 */
export function redactCredentials(text: string, secrets: ReadonlyArray<string> = []): string {
  let result = text
  for (const secret of secrets) {
    if (secret !== '' && result.includes(secret)) result = result.split(secret).join(REDACTED)
  }
  return result.replace(AUTH_VALUE, (match, scheme: string, gap: string, value: string) =>
    looksLikeCredential(value) ? `${scheme}${gap}${REDACTED}` : match
  )
}

function looksLikeCredential(value: string): boolean {
  return value.length >= 6 && (/[^A-Za-z]/.test(value) || value.length >= 24)
}

/** `text` cut to `max` characters, saying how much was left out. */
export function truncateText(text: string, max: number = MAX_STORED_TEXT): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… [${text.length - max} more characters cut]`
}

/** Server text fit to keep: credentials removed, at most `MAX_STORED_TEXT` characters. */
export function storedText(text: string): string
export function storedText(text: string | null): string | null
export function storedText(text: string | null): string | null {
  return text === null ? null : truncateText(redactCredentials(text))
}

/** The start of `text` on one line, at most `max` characters (`…` when cut). */
export function flatten(text: string, max: number): string {
  // Only the head is read: a megabyte of text is never copied to show 300 characters of it.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const flat = head.replace(/\s+/g, ' ').trim()
  return flat.length > max || head !== text ? `${flat.slice(0, max)}…` : flat
}

/**
 * Server text for quoting inside one of our sentences: on one line, in quotes (control
 * characters escaped), at most `max` characters, so it can never pass for our own words.
 */
export function excerpt(text: string, max: number = MAX_EXCERPT): string {
  return JSON.stringify(flatten(text, max))
}

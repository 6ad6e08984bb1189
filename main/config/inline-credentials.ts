/**
 * Credentials written into a job file, where they would end up in version control, backups and
 * screenshots: under a secret-looking key, in a URL (user:password@, ?api_key=…), or pasted
 * into a secret reference instead of a name. Found before the schema is checked, and never
 * repeated in the message.
 */

/** One credential found: where (a JSON path, and a character inside the string) and what to do. */
export interface InlineCredential {
  readonly path: ReadonlyArray<string | number>
  /** Character of the string value the problem starts at, when it is not the whole value. */
  readonly index?: number
  readonly message: string
}

/** Keys that hold credentials; their presence with a literal value means a secret was pasted inline. */
const SECRET_KEYS =
  /^(token|bearer|bearerToken|accessToken|apiKey|apiToken|password|bindPassword|secret|clientSecret|privateKey|credential|credentials)$/i

/** Keys whose value is a secret reference (`keychain:NAME` or `env:VARIABLE`). */
const REFERENCE_KEYS = /^(secretRef|webhookUrlRef)$/

/** Query parameters that carry credentials (compared lower-case, without `-` and `_`). */
const SECRET_QUERY_NAMES = /^(key|auth|sig|signature|pass|passwd|pwd|code)$|(token|secret|password|apikey)$/

/** Prefixes of well-known token formats: GitHub, GitLab, Slack, JWT, AWS, Atlassian, Stripe, OpenAI… */
const TOKEN_PREFIXES =
  /^(gh[pousr]_|github_pat_|glpat-|xox[abpose]-|xapp-|eyJ|AKIA|ASIA|ATATT|shpat_|sk-|sk_live_|sk_test_|rk_live_|SG\.|npm_|hf_|AIza|ya29\.)[\w.-]{16,}/

const HOW_TO_STORE =
  'Secrets never go in a job file: store it with `provisioner secrets set NAME` and reference it as ' +
  '"secretRef": "keychain:NAME" (or "secretRef": "env:VARIABLE" for automation).'
const INLINE_SECRET = `holds a secret inline. ${HOW_TO_STORE}`
const TOKEN_AS_NAME =
  'looks like a token pasted in place of a name. Secrets never go in a job file: store the token with ' +
  '`provisioner secrets set NAME` and reference it as "keychain:NAME" (or "env:VARIABLE" for automation).'
const WEBHOOK_ADVICE =
  'A webhook URL that carries a credential goes in the keychain whole: `provisioner secrets set NAME` ' +
  '(paste the URL), then "webhookUrlRef": "keychain:NAME".'

/** Every credential in the job document, in document order. */
export function findInlineCredentials(
  value: unknown,
  path: ReadonlyArray<string | number> = []
): InlineCredential[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findInlineCredentials(item, [...path, index]))
  }
  if (typeof value === 'string') {
    return credentialsInUrl(value, path)
  }
  if (typeof value !== 'object' || value === null) {
    return []
  }
  const found: InlineCredential[] = []
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key]
    if (SECRET_KEYS.test(key) && typeof child === 'string' && child !== '') {
      found.push({ path: childPath, message: INLINE_SECRET })
    } else if (REFERENCE_KEYS.test(key) && typeof child === 'string') {
      found.push(...credentialsInReference(child, childPath))
    } else {
      found.push(...findInlineCredentials(child, childPath))
    }
  }
  return found
}

function credentialsInReference(reference: string, path: ReadonlyArray<string | number>): InlineCredential[] {
  const scheme = /^(keychain|env):/.exec(reference)
  // A token pasted into the reference itself.
  if (scheme === null) return [{ path, message: INLINE_SECRET }]
  return looksLikeToken(reference.slice(scheme[0].length)) ? [{ path, message: TOKEN_AS_NAME }] : []
}

/**
 * A reference name that is really a token: a known token format, longer than any name needs
 * to be, or a run of 20+ letters and digits that is not made of words (pieces such as `Prod`,
 * `2024` or `SCIM` average 3+ characters in names; under 2 in random text).
 */
export function looksLikeToken(name: string): boolean {
  if (TOKEN_PREFIXES.test(name) || name.length > 64) return true
  return (name.match(/[A-Za-z0-9]{20,}/g) ?? []).some(run => {
    const pieces = run.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []
    return run.length / pieces.length < 3
  })
}

/** user:password@ in the authority, and credential-named query parameters with a value. */
function credentialsInUrl(text: string, path: ReadonlyArray<string | number>): InlineCredential[] {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)
  if (scheme === null) return []
  const authorityStart = scheme[0].length
  const authorityEnd = firstIndexOf(text, '/?#', authorityStart)
  const found: InlineCredential[] = []
  if (text.slice(authorityStart, authorityEnd).includes('@')) {
    found.push({ path, index: authorityStart, message: urlMessage(path, 'a user name or password') })
  }
  const queryStart = text.indexOf('?', authorityEnd)
  if (queryStart === -1 || text.lastIndexOf('#', queryStart) >= authorityEnd) return found
  const queryEnd = firstIndexOf(text, '#', queryStart)
  let offset = queryStart + 1
  for (const parameter of text.slice(queryStart + 1, queryEnd).split('&')) {
    const [name = '', ...rest] = parameter.split('=')
    if (rest.join('=') !== '' && SECRET_QUERY_NAMES.test(normalizedName(name))) {
      found.push({ path, index: offset, message: urlMessage(path, `a credential ("${name}=…")`) })
    }
    offset += parameter.length + 1
  }
  return found
}

function urlMessage(path: ReadonlyArray<string | number>, what: string): string {
  const field = path.at(-1)
  const advice =
    field === 'webhookUrl'
      ? WEBHOOK_ADVICE
      : field === 'baseUrl'
        ? 'Secrets never go in a job file: take it out of the URL, store it with `provisioner secrets set NAME` ' +
          'and use "auth": { "type": "bearer", "secretRef": "keychain:NAME" } (or "basic" with a "username").'
        : HOW_TO_STORE
  return `holds ${what} in the URL. ${advice}`
}

function normalizedName(name: string): string {
  let decoded = name
  try {
    decoded = decodeURIComponent(name)
  } catch {
    // A malformed escape: judge the name as written.
  }
  return decoded.toLowerCase().replace(/[-_]/g, '')
}

/** Index of the first of `characters` in `text` from `from`, or the text's length. */
function firstIndexOf(text: string, characters: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (characters.includes(text[index] as string)) return index
  }
  return text.length
}

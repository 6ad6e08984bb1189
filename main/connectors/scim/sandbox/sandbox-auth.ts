/** Credentials the sandbox accepts, checked on every request. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Bearer token or HTTP Basic credentials. */
export type SandboxAuth =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }

/** The default: a bearer token nobody can guess, so a sandbox on a shared host is not open. */
export function randomBearerAuth(): SandboxAuth {
  return { type: 'bearer', token: randomBytes(32).toString('hex') }
}

/** Whether an `Authorization` header carries exactly the configured credentials. */
export function isAuthorized(auth: SandboxAuth, header: string | undefined): boolean {
  if (header === undefined) return false
  const match = /^(\S+)\s+(.+)$/.exec(header.trim())
  if (match === null || match[1] === undefined || match[2] === undefined) return false
  const scheme = match[1].toLowerCase()
  const credentials = match[2].trim()
  if (auth.type === 'bearer') return scheme === 'bearer' && sameSecret(credentials, auth.token)
  if (scheme !== 'basic') return false
  const decoded = Buffer.from(credentials, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return false
  // Both halves are always compared so the response time does not reveal which one was wrong.
  const userOk = sameSecret(decoded.slice(0, colon), auth.username)
  const passwordOk = sameSecret(decoded.slice(colon + 1), auth.password)
  return userOk && passwordOk
}

/** The `WWW-Authenticate` challenge RFC 7235 §3.1 requires on a 401. */
export function challenge(auth: SandboxAuth): string {
  return auth.type === 'bearer' ? 'Bearer realm="Provisioner sandbox"' : 'Basic realm="Provisioner sandbox"'
}

/** RFC 7643 §5 `authenticationSchemes` entry for ServiceProviderConfig. */
export function authenticationScheme(auth: SandboxAuth): Readonly<Record<string, unknown>> {
  return auth.type === 'bearer'
    ? {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
        primary: true,
      }
    : {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description: 'Authentication scheme using the HTTP Basic Standard',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc7617',
        primary: true,
      }
}

/** Constant-time comparison; hashing first makes the lengths equal. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * Credentials never cross a network in clear text: a bearer token, a password or a webhook URL
 * (which usually embeds a token) goes over plain `http://` only to this machine, unless the job
 * says the network is trusted (`"allowInsecureHttp": true`).
 */

/** `localhost`, 127.0.0.0/8 and ::1: the sandbox and the tests, never another machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** The host of `url` when it is plain http to another machine, else null. */
export function plainHttpHostOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname) ? parsed.host : null
}

/** Why `what` may not be sent to `url`, or null when it may. */
export function plainHttpRefusal(url: string, what: string, allowInsecureHttp: boolean): string | null {
  const host = allowInsecureHttp ? null : plainHttpHostOf(url)
  if (host === null) return null
  return (
    `would send ${what} over plain http:// to ${host}, where anyone on the network can read it. ` +
    'Use https://; only on a private network you trust, set "allowInsecureHttp": true beside it ' +
    '(localhost and 127.0.0.1 are always allowed)'
  )
}

import { ResultCodeError } from 'ldapts'
import { SourceFormatError } from '../source-errors'

/**
 * What went wrong talking to the directory, said so an admin knows what to fix. Every failure
 * becomes a `SourceFormatError` naming the server (the CLI exits 2: nothing was changed).
 * Server diagnostics are kept (AD's "data 52e" tells a wrong password from a locked account);
 * the password never appears in any of them.
 */

export type LdapStage =
  | { readonly kind: 'connect' }
  | { readonly kind: 'starttls' }
  | { readonly kind: 'bind'; readonly bindDn: string }
  | { readonly kind: 'search'; readonly what: string; readonly baseDn: string; readonly read: number }

/** The error to throw for a failure at `stage` of talking to `server` (its URL). */
export function ldapFailure(error: unknown, server: string, stage: LdapStage): SourceFormatError {
  if (error instanceof SourceFormatError) return error
  return new SourceFormatError([{ file: server, message: describe(error, stage) }])
}

function describe(error: unknown, stage: LdapStage): string {
  const network = networkProblem(error)
  if (network !== null) return network
  if (error instanceof ResultCodeError) return resultProblem(error, stage)
  const message = error instanceof Error ? error.message : String(error)
  if (/Operation timed out/.test(message)) {
    return `the directory did not answer in time (${stageText(stage)}); raise "timeoutMs" if it is just slow`
  }
  if (/Connection closed before message response/.test(message)) {
    return `the server closed the connection during ${stageText(stage)}; an ldaps:// port spoken to as ldap:// (or the reverse) does this`
  }
  if (/Socket error|Socket connection not established/.test(message)) {
    return `the connection was closed during ${stageText(stage)}`
  }
  return `${stageText(stage)} failed: ${message}`
}

function stageText(stage: LdapStage): string {
  switch (stage.kind) {
    case 'connect':
      return 'connecting'
    case 'starttls':
      return 'StartTLS'
    case 'bind':
      return `the bind as ${stage.bindDn}`
    case 'search':
      return `reading ${stage.what} under ${stage.baseDn}`
  }
}

const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
])

function networkProblem(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const message = error instanceof Error ? error.message : ''
  if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) {
    return `the server's TLS certificate is not trusted (${message}); give the certificate of the CA that signed it as "caFile"`
  }
  switch (code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's TLS certificate is for another name (${message}); use the host name the certificate names in "url"`
    case 'CERT_HAS_EXPIRED':
      return `the server's TLS certificate has expired (${message})`
    case 'ECONNREFUSED':
      return 'cannot connect: the connection was refused (is the directory server running, and is the port right?)'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot connect: the host name is not known (check "url")'
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot connect: the host cannot be reached (${code})`
    case 'ECONNRESET':
    case 'EPIPE':
      return `the server closed the connection (${code}); an ldaps:// port spoken to as ldap:// (or the reverse) does this`
  }
  if (message === 'Connection timeout') return 'cannot connect: no answer from the host in time'
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return `the server does not speak TLS on this port (${message}); use ldap:// with StartTLS, or the ldaps:// port`
  }
  return null
}

/** An LDAP result code, in words, with the server's own diagnostic. */
function resultProblem(error: ResultCodeError, stage: LdapStage): string {
  const diagnostic = diagnosticOf(error)
  const said = diagnostic === '' ? '' : ` (the server said: ${diagnostic})`
  switch (error.code) {
    case 49:
      return `the directory refused the bind as ${stage.kind === 'bind' ? stage.bindDn : 'the bind DN'}: invalid credentials${said}. Check "bindDn" and the password its secretRef holds`
    case 8:
    case 13:
      return `the directory requires a protected connection${said}: use ldaps://, or ldap:// with StartTLS`
    case 32:
      return stage.kind === 'search'
        ? `${stage.baseDn} does not exist in the directory${said}`
        : `no such entry${said}`
    case 34:
      return `a DN is not valid${said}: check "bindDn", "baseDn" and "groupBaseDn"`
    case 4:
      if (stage.kind === 'search') {
        return (
          `the directory's size limit stopped the search after ${stage.read} entr${stage.read === 1 ? 'y' : 'ies'} of ${stage.what}${said}; ` +
          'nothing was used. Allow the bind account unlimited paged searches (OpenLDAP: limits … size.prtotal=unlimited; AD: MaxPageSize applies per page and is fine)'
        )
      }
      break
    case 3:
      return `the directory's time limit stopped ${stageText(stage)}${said}`
    case 50:
      return `the bind account may not do this: ${stageText(stage)}${said}`
    case 2:
      if (stage.kind === 'starttls') return `the server does not offer StartTLS${said}; use ldaps://`
      break
    case 12:
      return `the directory does not support a control the search needs (paged results, RFC 2696)${said}`
  }
  return `${stageText(stage)} failed: ${error.name} (LDAP result ${error.code})${said}`
}

/** The server's diagnostic message, without ldapts' " Code: 0x31" suffix. */
function diagnosticOf(error: ResultCodeError): string {
  return error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim()
}

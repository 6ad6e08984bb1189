import {
  ConfidentialityRequiredError,
  InvalidCredentialsError,
  NoSuchObjectError,
  ProtocolError,
  SizeLimitExceededError,
} from 'ldapts'
import { describe, expect, it } from 'vitest'
import { ldapFailure, type LdapStage } from '../../../../main/connectors/ldap/ldap-errors'
import { SourceFormatError } from '../../../../main/connectors/source-errors'

const SERVER = 'ldaps://dc.example.com'
const BIND: LdapStage = { kind: 'bind', bindDn: 'cn=svc,dc=example,dc=com' }
const SEARCH: LdapStage = {
  kind: 'search',
  what: 'people',
  baseDn: 'ou=people,dc=example,dc=com',
  read: 1500,
}

const messageOf = (error: unknown, stage: LdapStage) => ldapFailure(error, SERVER, stage).message
const systemError = (code: string, message = code) => Object.assign(new Error(message), { code })

describe('ldapFailure', () => {
  it('names the server, and keeps the directory diagnostic of a refused bind', () => {
    const error = ldapFailure(
      new InvalidCredentialsError(
        '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563'
      ),
      SERVER,
      BIND
    )
    expect(error).toBeInstanceOf(SourceFormatError)
    expect(error.issues).toEqual([
      {
        file: SERVER,
        message:
          'the directory refused the bind as cn=svc,dc=example,dc=com: invalid credentials (the server said: ' +
          '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563). ' +
          'Check "bindDn" and the password its secretRef holds',
      },
    ])
  })

  it.each<[string, unknown, LdapStage, string]>([
    [
      'a size limit',
      new SizeLimitExceededError(''),
      SEARCH,
      "the directory's size limit stopped the search after 1500 entries of people",
    ],
    [
      'a missing base',
      new NoSuchObjectError(''),
      SEARCH,
      'ou=people,dc=example,dc=com does not exist in the directory',
    ],
    [
      'TLS required',
      new ConfidentialityRequiredError('TLS confidentiality required'),
      BIND,
      'requires a protected connection',
    ],
    [
      'no StartTLS',
      new ProtocolError('unsupported extended operation'),
      { kind: 'starttls' },
      'the server does not offer StartTLS',
    ],
    [
      'a refused connection',
      systemError('ECONNREFUSED'),
      { kind: 'connect' },
      'cannot connect: the connection was refused',
    ],
    ['an unknown host', systemError('ENOTFOUND'), { kind: 'connect' }, 'the host name is not known'],
    [
      'a self-signed chain',
      systemError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      { kind: 'connect' },
      'give the certificate of the CA that signed it as "caFile"',
    ],
    [
      'a name mismatch',
      systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Host: x. is not in the cert's altnames"),
      { kind: 'connect' },
      'is for another name',
    ],
    [
      'an expired certificate',
      systemError('CERT_HAS_EXPIRED', 'certificate has expired'),
      { kind: 'connect' },
      'has expired',
    ],
    [
      'a TLS port spoken to in clear',
      new Error('Connection closed before message response was received. Message type: BindRequest (0x60)'),
      BIND,
      'an ldaps:// port spoken to as ldap://',
    ],
    [
      'a plain port spoken to with TLS',
      systemError('ECONNRESET'),
      { kind: 'connect' },
      'an ldaps:// port spoken to as ldap://',
    ],
    ['an operation timeout', new Error('SearchRequest: Operation timed out'), SEARCH, 'raise "timeoutMs"'],
    [
      'a connect timeout',
      new Error('Connection timeout'),
      { kind: 'connect' },
      'no answer from the host in time',
    ],
  ])('explains %s', (_label, error, stage, expected) => {
    expect(messageOf(error, stage)).toContain(expected)
  })

  it('passes a SourceFormatError through unchanged', () => {
    const original = new SourceFormatError([{ file: SERVER, message: 'x' }])
    expect(ldapFailure(original, SERVER, BIND)).toBe(original)
  })
})

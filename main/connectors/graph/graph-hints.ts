import { ScimHttpError } from '../scim/scim-errors'

/** What an admin can do about a failure of the Graph source, when the failure says it. */
export function graphHint(error: unknown, secretRef: string): string | null {
  if (!(error instanceof ScimHttpError)) return null
  // The identity platform's error descriptions start with their AADSTS code (microsoft-graph.md §1.3).
  const code = /AADSTS(\d+)/.exec(error.detail ?? '')?.[1]
  switch (code) {
    case '7000215':
      return `the client secret in ${secretRef} is not a secret of the app registration source.clientId`
    case '7000222':
      return `the client secret in ${secretRef} has expired: add a new one to the app registration and store it with \`provisioner secrets set\``
    case '700016':
      return 'no application with source.clientId is registered in source.tenantId'
    case '90002':
      return 'no tenant source.tenantId: check it (a GUID, or a domain such as contoso.onmicrosoft.com)'
    case '70011':
      return 'the token scope was refused: source.graphUrl must be the Microsoft Graph of the cloud of source.tokenUrl'
  }
  switch (error.status) {
    case 401:
      return 'Graph refused a new access token: source.graphUrl must be the Microsoft Graph of the cloud of source.tokenUrl'
    case 403:
      return 'the app registration needs the application permissions User.Read.All (and GroupMember.Read.All for groups), with admin consent'
    case 501:
      return 'a property the job reads cannot be listed for many users at once'
  }
  return null
}

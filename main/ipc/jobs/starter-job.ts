/**
 * The first version of a job made in the app: what the admin typed in the new-job form, and
 * mappings guessed from the CSV's column names (the usual HR export names), which the mapping
 * editor shows straight away for the admin to correct. Pure.
 */
import type { NewJobInput } from '../api/contract'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Column names an HR export uses for each attribute, compared without case, spaces or punctuation. */
const KNOWN_COLUMNS = {
  mail: ['mail', 'email', 'emailaddress', 'workemail', 'userprincipalname', 'upn'],
  givenName: ['givenname', 'firstname', 'forename', 'first'],
  surname: ['surname', 'sn', 'lastname', 'familyname', 'last'],
  displayName: ['displayname', 'fullname'],
  title: ['title', 'jobtitle', 'position'],
  department: ['department', 'dept'],
} as const

type Known = keyof typeof KNOWN_COLUMNS

const normalised = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

function findColumns(columns: ReadonlyArray<string>): Partial<Record<Known, string>> {
  const found: Partial<Record<Known, string>> = {}
  for (const [attribute, names] of Object.entries(KNOWN_COLUMNS) as Array<[Known, ReadonlyArray<string>]>) {
    const column = columns.find(candidate => names.includes(normalised(candidate)))
    if (column !== undefined) found[attribute] = column
  }
  return found
}

const ref = (column: string) => `[${column}]`

/** Mappings for the columns found: userName and externalId match, in that order. */
export function starterMappings(
  columns: ReadonlyArray<string>,
  idColumn: string
): Array<Record<string, unknown>> {
  const found = findColumns(columns.filter(column => column !== idColumn))
  const mappings: Array<Record<string, unknown>> = [
    { target: 'userName', expression: ref(found.mail ?? idColumn), matchingPrecedence: 1 },
    { target: 'externalId', expression: ref(idColumn), matchingPrecedence: 2 },
  ]
  const add = (target: string, expression: string | undefined) => {
    if (expression !== undefined) mappings.push({ target, expression })
  }
  add('name.givenName', found.givenName && ref(found.givenName))
  add('name.familyName', found.surname && ref(found.surname))
  add(
    'displayName',
    found.displayName !== undefined
      ? ref(found.displayName)
      : found.givenName !== undefined && found.surname !== undefined
        ? `Join(" ", ${ref(found.givenName)}, ${ref(found.surname)})`
        : undefined
  )
  add('emails[type eq "work"].value', found.mail && ref(found.mail))
  add('title', found.title && ref(found.title))
  add(`${ENTERPRISE}:department`, found.department && ref(found.department))
  return mappings
}

/** The whole job document for the form's answers (secrets by reference only). */
export function starterJob(
  id: string,
  input: NewJobInput,
  columns: ReadonlyArray<string>,
  keychainRef: string
): Record<string, unknown> {
  const { source, target } = input
  const secretRef = target.secretRef ?? keychainRef
  const auth =
    target.authType === 'none'
      ? { type: 'none' }
      : target.authType === 'basic'
        ? { type: 'basic', username: target.username ?? '', secretRef }
        : { type: 'bearer', secretRef }
  return {
    id,
    name: input.name,
    source: {
      type: 'csv',
      path: source.path,
      idColumn: source.idColumn,
      authoritative: source.authoritative,
    },
    target: {
      type: 'scim',
      baseUrl: target.baseUrl,
      ...(target.template === undefined || target.template === '' ? {} : { template: target.template }),
      auth,
    },
    users: { mappings: starterMappings(columns, source.idColumn) },
  }
}

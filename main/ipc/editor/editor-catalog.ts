/**
 * What the job editor offers in its pickers and completions: every function of the expression
 * language (from the registry runs use, with a line of help each), the SCIM attributes every app
 * shares, the scoping operators with their meaning, and the app templates.
 */
import { APP_TEMPLATES } from '../../config/app-templates'
import { defaultFunctionRegistry } from '../../mapping/expression'
import { CONSTANT_DOCS, FUNCTION_DOCS } from '../../mapping/functions/function-docs'
import type { AttributeDoc, EditorCatalog, ScopingOperatorDoc } from '../api/contract'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const core = (path: string, description: string): AttributeDoc => ({ path, schema: 'core', description })
const enterprise = (name: string, description: string): AttributeDoc => ({
  path: `${ENTERPRISE}:${name}`,
  schema: 'enterprise',
  description,
})

/** Mapping targets of the SCIM core and enterprise user schemas (RFC 7643 §4.1, §4.3). */
export const USER_ATTRIBUTES: ReadonlyArray<AttributeDoc> = [
  core('userName', 'Unique sign-in name; usually the e-mail address'),
  core('externalId', "The source's id for the person (case-sensitive)"),
  core('active', 'Whether the account can sign in (true/false)'),
  core('displayName', 'Name shown in the app'),
  core('name.givenName', 'Given (first) name'),
  core('name.familyName', 'Family (last) name'),
  core('name.middleName', 'Middle name'),
  core('name.formatted', 'Full name as displayed'),
  core('name.honorificPrefix', 'Title before the name, e.g. Dr.'),
  core('name.honorificSuffix', 'Suffix after the name, e.g. Jr.'),
  core('nickName', 'Casual name'),
  core('title', 'Job title'),
  core('userType', 'Kind of user, e.g. Employee or Contractor'),
  core('preferredLanguage', 'Preferred language, e.g. en-US'),
  core('locale', 'Locale for formatting, e.g. en-US'),
  core('timezone', 'Time zone, e.g. Europe/Berlin'),
  core('profileUrl', "Link to the person's profile"),
  core('emails[type eq "work"].value', 'Work e-mail address'),
  core('emails[type eq "home"].value', 'Home e-mail address'),
  core('phoneNumbers[type eq "work"].value', 'Work phone number'),
  core('phoneNumbers[type eq "mobile"].value', 'Mobile phone number'),
  core('addresses[type eq "work"].streetAddress', 'Work street address'),
  core('addresses[type eq "work"].locality', 'Work city'),
  core('addresses[type eq "work"].region', 'Work state or region'),
  core('addresses[type eq "work"].postalCode', 'Work postal code'),
  core('addresses[type eq "work"].country', 'Work country (ISO 3166-1 alpha-2)'),
  core('roles', 'Roles in the app (a list)'),
  core('entitlements', 'Entitlements in the app (a list)'),
  core('password', 'Initial password (always shown as [Redact])'),
  enterprise('employeeNumber', 'Employee number'),
  enterprise('costCenter', 'Cost center'),
  enterprise('organization', 'Organization'),
  enterprise('division', 'Division'),
  enterprise('department', 'Department'),
  enterprise(
    'manager',
    "The manager: their source id (or another column with reference.by); sent as their account's id"
  ),
]

export const GROUP_ATTRIBUTES: ReadonlyArray<AttributeDoc> = [
  core('displayName', 'Name of the group (matches groups by default)'),
  core('externalId', "The source's id for the group"),
]

/** The 14 operators of Entra's scoping filters, as this implementation reads them (README). */
export const SCOPING_OPERATORS: ReadonlyArray<ScopingOperatorDoc> = [
  { operator: 'EQUALS', meaning: 'is exactly the value (case-sensitive)', takesValue: true },
  { operator: 'NOT EQUALS', meaning: 'is not exactly the value (case-sensitive)', takesValue: true },
  { operator: 'Includes', meaning: 'contains the value (case-sensitive)', takesValue: true },
  { operator: 'ENDS_WITH', meaning: 'ends with the value (case-sensitive)', takesValue: true },
  { operator: 'IS NULL', meaning: 'is empty or missing', takesValue: false },
  { operator: 'IS NOT NULL', meaning: 'has a value', takesValue: false },
  { operator: 'IS TRUE', meaning: 'is "true" (any case)', takesValue: false },
  { operator: 'IS FALSE', meaning: 'is "false" (any case)', takesValue: false },
  { operator: 'Greater_Than', meaning: 'is a whole number greater than the value', takesValue: true },
  {
    operator: 'Greater_Than_OR_EQUALS',
    meaning: 'is a whole number greater than or equal to the value',
    takesValue: true,
  },
  { operator: 'REGEX MATCH', meaning: 'matches the regular expression as a whole', takesValue: true },
  { operator: 'NOT REGEX MATCH', meaning: 'does not match the regular expression', takesValue: true },
  {
    operator: '&',
    meaning: 'occurs within the value (e.g. department & "Sales;Marketing")',
    takesValue: true,
  },
  { operator: '!&', meaning: 'does not occur within the value', takesValue: true },
]

export function editorCatalog(): EditorCatalog {
  const registry = defaultFunctionRegistry
  return {
    functions: registry.functionNames().map(name => ({
      name,
      signature: registry.getFunction(name)?.signature ?? `${name}(…)`,
      doc: FUNCTION_DOCS[name] ?? '',
    })),
    constants: registry.constantNames().map(name => ({ name, doc: CONSTANT_DOCS[name] ?? '' })),
    userAttributes: USER_ATTRIBUTES,
    groupAttributes: GROUP_ATTRIBUTES,
    scopingOperators: SCOPING_OPERATORS,
    templates: APP_TEMPLATES.map(template => ({
      name: template.name,
      description: template.description,
      target: template.target,
    })),
  }
}

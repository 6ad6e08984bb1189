/**
 * The sandbox app's own User extension, as apps with their own attributes declare one (Entra's
 * custom-attribute form `urn:ietf:params:scim:schemas:extension:{name}:2.0:User`). Its `sponsor`
 * is a second reference attribute beside the enterprise manager (RFC 7643 §7: a complex value
 * whose `$ref` has `referenceTypes: ["User"]`), so references beyond the manager can be tried
 * end to end, and `/Schemas` shows an attribute of type reference that is not the manager.
 */
import { SCIMMY } from './sandbox-scimmy'

export const SANDBOX_EXTENSION_SCHEMA = 'urn:ietf:params:scim:schemas:extension:sandbox:2.0:User'

const { Attribute, SchemaDefinition } = SCIMMY.Types

export const SANDBOX_EXTENSION = new SchemaDefinition(
  'SandboxUser',
  SANDBOX_EXTENSION_SCHEMA,
  "The sandbox app's own user attributes",
  [
    new Attribute('string', 'badgeNumber', { description: 'Number of the badge the person wears.' }),
    new Attribute('complex', 'sponsor', { uniqueness: false, description: "The User's sponsor." }, [
      new Attribute('string', 'value', { description: 'The id of the User who sponsors this one.' }),
      new Attribute('reference', '$ref', { referenceTypes: ['User'], description: "The sponsor's URI." }),
      new Attribute('string', 'displayName', { mutable: false, description: "The sponsor's displayName." }),
    ]),
  ]
)

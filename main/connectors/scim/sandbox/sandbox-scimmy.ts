/**
 * The one place the sandbox touches scimmy's loosely typed surface (`any` handlers, untyped
 * attribute configs, `SCIMError(status, scimType: string, …)`), so the rest of the sandbox works
 * with plain JSON objects and narrow types.
 */
import SCIMMY from 'scimmy'

export { SCIMMY }

/** A SCIM resource or message as plain JSON (what the store keeps and the wire carries). */
export type ScimObject = Record<string, unknown>

/** The resource types the sandbox serves. */
export type SandboxResourceKind = 'user' | 'group'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

/** RFC 7644 §3.12 status codes scimmy's ErrorResponse accepts. */
export type ScimErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 500 | 501

/** RFC 7644 §3.12 `scimType` keywords. */
export type ScimErrorType =
  | 'uniqueness'
  | 'tooMany'
  | 'invalidFilter'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

/**
 * A scimmy `SCIMError`. It has to be scimmy's own class: its resource methods rethrow it as-is
 * but turn any other exception thrown by a handler into "404 Resource not found".
 */
export function scimError(status: ScimErrorStatus, scimType: ScimErrorType | null, detail: string): Error {
  // scimmy's typings demand a string; an empty one is what it treats as "no scimType".
  return new SCIMMY.Types.Error(status, scimType ?? '', detail)
}

/** V8's messages for a programming error (a null where an object was expected, …). */
const ENGINE_MESSAGE =
  /Cannot (read|set) properties of|Cannot convert undefined or null|Cannot destructure|is not a function|is not iterable|is not defined|on proxy: trap|Cannot access '|Maximum call stack/

/**
 * Whether a message is JavaScript's rather than scimmy's: scimmy passes on what its own code
 * throws as the detail of a 400 or 500, and such a message says nothing about the request.
 */
export function isEngineMessage(message: string): boolean {
  return ENGINE_MESSAGE.test(message)
}

/** The SCIM error body (RFC 7644 §3.12) for an error scimmy did not produce itself. */
export function errorBody(
  status: ScimErrorStatus,
  scimType: ScimErrorType | null,
  detail: string
): ScimObject {
  try {
    return { ...new SCIMMY.Messages.ErrorResponse({ status, ...(scimType ? { scimType } : {}), detail }) }
  } catch {
    // ErrorResponse refuses a scimType RFC 7644 does not pair with the status; drop it.
    return { ...new SCIMMY.Messages.ErrorResponse({ status, detail }) }
  }
}

/** scimmy's ListResponse message, as scimmy-routers sends it. */
export type ScimmyListResponse = InstanceType<typeof SCIMMY.Messages.ListResponse>

/** The paging and sorting parameters a scimmy resource parsed from the request. */
export type ScimmyConstraints = NonNullable<InstanceType<typeof SCIMMY.Types.Resource>['constraints']>

interface ListResponseParams {
  readonly startIndex: number
  readonly itemsPerPage: number
  readonly totalResults: number
  readonly sortBy?: string
  readonly sortOrder?: 'ascending' | 'descending'
}

// scimmy's typings ask for `Schema` instances, but ListResponse only reads properties (to sort),
// so plain JSON is what it actually handles.
const PlainListResponse = SCIMMY.Messages.ListResponse as unknown as new (
  resources: ScimObject[],
  params: ListResponseParams
) => { Resources: ScimObject[]; startIndex: number }

/** scimmy's ListResponse for one page that has already been cut from the full result. */
export function pagedListResponse(
  page: ReadonlyArray<ScimObject>,
  startIndex: number,
  totalResults: number
): ScimmyListResponse {
  // With the real startIndex, scimmy slices again whenever startIndex <= page length.
  const list = new PlainListResponse([...page], { startIndex: 1, itemsPerPage: page.length, totalResults })
  list.startIndex = startIndex
  return list as unknown as ScimmyListResponse
}

/** Sorts with scimmy's ListResponse rules (primary value of multi-valued attributes, dates, numbers). */
export function sortResources(
  resources: ReadonlyArray<ScimObject>,
  sortBy: string,
  sortOrder: 'ascending' | 'descending'
): ReadonlyArray<ScimObject> {
  const count = resources.length
  return new PlainListResponse([...resources], {
    sortBy,
    sortOrder,
    startIndex: 1,
    itemsPerPage: count,
    totalResults: count,
  }).Resources
}

/**
 * A list of canonical values that scimmy advertises (in `/Schemas`) but never refuses a value by:
 * scimmy checks a value with `canonicalValues.includes(value)`.
 */
class SuggestedValues extends Array<string> {
  override includes(): boolean {
    return true
  }
}

/**
 * Makes every `canonicalValues` list of a schema definition a suggestion. RFC 7643 calls the
 * canonical `type` values of multi-valued attributes ("work", "home", …; "User", "Group") values
 * that "MAY be used", and clients send others (independent SCIM servers store them), but scimmy
 * refuses anything not listed, and an empty list (`roles.type`) as refusing every value.
 * Idempotent; scimmy's definitions are process-wide, and the sandbox is their only user.
 */
export function treatCanonicalValuesAsSuggestions(
  definition: InstanceType<typeof SCIMMY.Types.SchemaDefinition>
): void {
  const visit = (attribute: InstanceType<typeof SCIMMY.Types.Attribute>): void => {
    const listed = attribute.config.canonicalValues
    if (Array.isArray(listed) && !(listed instanceof SuggestedValues)) {
      attribute.config.canonicalValues = listed.length > 0 ? SuggestedValues.from(listed) : false
    }
    for (const sub of attribute.subAttributes ?? []) visit(sub)
  }
  for (const attribute of definition.attributes as ReadonlyArray<unknown>) {
    if (attribute instanceof SCIMMY.Types.Attribute) visit(attribute)
    else if (attribute instanceof SCIMMY.Types.SchemaDefinition) treatCanonicalValuesAsSuggestions(attribute)
  }
}

/** A JSON object (not null, not an array). */
export function isScimObject(value: unknown): value is ScimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What the sandbox needs to know about one attribute of a schema. */
export interface AttributeInfo {
  /** Attribute name as the schema spells it (`userName`, `givenName`). */
  readonly name: string
  readonly type: string
  readonly caseExact: boolean
  readonly multiValued: boolean
}

/** One scimmy schema definition flattened into lower-cased dotted paths. */
export class SchemaInfo {
  /** `username`, `name.givenname`, `urn:…:user:manager.value` → attribute. */
  private readonly attributes = new Map<string, AttributeInfo>()
  /** Extension URNs as the schema spells them. */
  readonly extensionIds: ReadonlyArray<string>
  /** Extension URN → names of its attributes. */
  private readonly extensionAttributes = new Map<string, ReadonlyArray<string>>()

  constructor(
    readonly schemaId: string,
    definition: InstanceType<typeof SCIMMY.Types.SchemaDefinition>
  ) {
    const extensions: string[] = []
    for (const attribute of definition.attributes as ReadonlyArray<unknown>) {
      if (attribute instanceof SCIMMY.Types.Attribute) this.addAttribute('', attribute)
      else if (attribute instanceof SCIMMY.Types.SchemaDefinition) {
        extensions.push(attribute.id)
        const names: string[] = []
        for (const nested of attribute.attributes as ReadonlyArray<unknown>) {
          if (!(nested instanceof SCIMMY.Types.Attribute)) continue
          this.addAttribute(`${attribute.id.toLowerCase()}:`, nested)
          names.push(nested.name)
        }
        this.extensionAttributes.set(attribute.id, names)
      }
    }
    this.extensionIds = extensions
  }

  /** The attribute at a dotted path (case-insensitive; core-URN-qualified paths accepted). */
  attribute(path: string): AttributeInfo | undefined {
    return this.attributes.get(this.unqualify(path).toLowerCase())
  }

  /** RFC 7643 §2.2: string comparisons on a `caseExact: false` attribute ignore case. */
  isCaseInsensitive(path: string): boolean {
    const attribute = this.attribute(path)
    return attribute !== undefined && attribute.type === 'string' && !attribute.caseExact
  }

  /** The extension URN a key names exactly (any case), as the schema spells it. */
  extensionId(key: string): string | undefined {
    const lower = key.toLowerCase()
    return this.extensionIds.find(id => id.toLowerCase() === lower)
  }

  /** Names of the attributes of an extension (given as the schema spells its URN). */
  attributesOf(extensionId: string): ReadonlyArray<string> {
    return this.extensionAttributes.get(extensionId) ?? []
  }

  /** Drops a leading core schema URN (`urn:…:core:2.0:User:userName` → `userName`). */
  unqualify(path: string): string {
    const prefix = `${this.schemaId}:`
    return path.length > prefix.length && path.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()
      ? path.slice(prefix.length)
      : path
  }

  private addAttribute(prefix: string, attribute: InstanceType<typeof SCIMMY.Types.Attribute>): void {
    const path = `${prefix}${attribute.name.toLowerCase()}`
    this.attributes.set(path, {
      name: attribute.name,
      type: String(attribute.type),
      caseExact: attribute.config.caseExact === true,
      multiValued: attribute.config.multiValued === true,
    })
    for (const sub of attribute.subAttributes ?? []) this.addAttribute(`${path}.`, sub)
  }
}

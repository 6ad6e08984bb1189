/**
 * Value checks scimmy leaves to JavaScript: where a complex attribute (or an extension) needs an
 * object, scimmy either keeps what was sent (`emails: [null]`, a record no client can read back)
 * or fails with an engine message ("Cannot convert undefined or null to object"). These checks
 * answer 400 `invalidValue` naming the attribute instead.
 */
import { type SchemaInfo, isScimObject, scimError } from './sandbox-scimmy'

/**
 * Checks the complex values of a resource body (POST, PUT, a path-less PATCH value).
 * @param where appended to the message, e.g. ` in operation 2`
 */
export function checkResourceValues(resource: unknown, schema: SchemaInfo, where = ''): void {
  if (!isScimObject(resource)) return
  for (const [key, value] of Object.entries(resource)) {
    const extension = schema.extensionId(key)
    if (extension === undefined) {
      checkComplexValues(key, value, schema, where)
    } else if (isScimObject(value)) {
      for (const [name, inner] of Object.entries(value)) {
        checkComplexValues(`${extension}:${name}`, inner, schema, where)
      }
    }
  }
}

/**
 * Checks the value of a PATCH `add` or `replace` on a plain attribute path or an extension URN
 * (filtered paths select values scimmy checks itself).
 */
export function checkPatchValue(path: string, value: unknown, schema: SchemaInfo, where: string): void {
  const trimmed = path.trim()
  if (schema.extensionId(trimmed) !== undefined) {
    if (!isScimObject(value)) throw mustBeObject(trimmed, where)
    checkResourceValues({ [trimmed]: value }, schema, where)
    return
  }
  const attribute = schema.attribute(trimmed)
  if (attribute?.type !== 'complex') return
  if (value === null || value === undefined) throw mustBeObject(trimmed, where)
  checkComplexValues(trimmed, value, schema, where)
}

function checkComplexValues(path: string, value: unknown, schema: SchemaInfo, where: string): void {
  const attribute = schema.attribute(path)
  if (attribute?.type !== 'complex' || !Array.isArray(value)) return
  if (attribute.multiValued && !value.every(isScimObject)) throw mustBeObject(path, where, 'Each value of')
}

function mustBeObject(path: string, where: string, prefix = 'The value of'): Error {
  return scimError(400, 'invalidValue', `${prefix} '${path}' must be an object${where}`)
}

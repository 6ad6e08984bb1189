import { renderScalar } from '../values/format'
import { isMultiValue, multiValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * App role functions, over `[appRoleAssignments]`: a multi-valued source attribute holding the
 * names (values) of the app roles assigned to the user for this application. Mapping it
 * directly isn't supported (CA: "shouldn't be mapped directly"); these two shape it for the
 * SCIM `roles` attribute.
 */

/**
 * SingleAppRoleAssignment([appRoleAssignments]) — one role name, for
 * `roles[primary eq "True"].value` and the like. With one role, that role; with several, the
 * first non-empty one in source order. Entra warns the function "isn't supported in scenarios
 * where users have multiple app role assignments" and that the role returned "may not be
 * predictable" — here it is deterministic, but which role a user *should* get is still not
 * decided by anything: give such users one role, or use AppRoleAssignmentsComplex. No roles
 * (absent, "" or only empty values) → null.
 */
export const singleAppRoleAssignmentFunction: EagerFunctionDefinition = {
  name: 'SingleAppRoleAssignment',
  minArgs: 1,
  maxArgs: 1,
  signature: 'SingleAppRoleAssignment([appRoleAssignments])',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED) {
      return null
    }
    if (isMultiValue(value)) {
      return value.find(role => role !== '') ?? null
    }
    const role = renderScalar(value)
    return role === '' ? null : role
  },
}

/**
 * AppRoleAssignmentsComplex([appRoleAssignments]) — every role name, as a multi-valued result
 * (each role once, in source order, empty values dropped), for a custom multi-valued `roles`
 * target; the provisioning engine turns each name into a SCIM role object
 * (`{"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": …, "value": …}`).
 * A single role gives a one-value list; no roles → null.
 */
export const appRoleAssignmentsComplexFunction: EagerFunctionDefinition = {
  name: 'AppRoleAssignmentsComplex',
  minArgs: 1,
  maxArgs: 1,
  signature: 'AppRoleAssignmentsComplex([appRoleAssignments])',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED) {
      return null
    }
    const roles = isMultiValue(value) ? value : [renderScalar(value)]
    return multiValue([...new Set(roles.filter(role => role !== ''))])
  },
}

/** The app role functions, for the default registry. */
export const roleFunctions: ReadonlyArray<FunctionDefinition> = [
  appRoleAssignmentsComplexFunction,
  singleAppRoleAssignmentFunction,
]

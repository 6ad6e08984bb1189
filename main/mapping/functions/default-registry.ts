import { conversionFunctions } from './conversion-functions'
import { flowFunctions } from './flow-functions'
import { logicFunctions } from './logic-functions'
import { FunctionRegistry } from './registry'
import { stringConstants, stringFunctions } from './string-functions'

/** Every function of the Entra expression language implemented so far. */
export const defaultFunctionRegistry = new FunctionRegistry(
  [...stringFunctions, ...conversionFunctions, ...logicFunctions, ...flowFunctions],
  stringConstants
)

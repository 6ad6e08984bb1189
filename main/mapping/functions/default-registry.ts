import { conversionFunctions } from './conversion-functions'
import { dateFunctions } from './date-functions'
import { flowFunctions } from './flow-functions'
import { logicFunctions } from './logic-functions'
import { multiValueFunctions } from './multi-value-functions'
import { numberFunctions } from './number-functions'
import { randomFunctions } from './random-functions'
import { FunctionRegistry } from './registry'
import { replaceFunctions } from './replace-function'
import { roleFunctions } from './role-functions'
import { stringConstants, stringFunctions } from './string-functions'
import { textFunctions } from './text-functions'
import { uniqueFunctions } from './unique-functions'

/** Every function of the Entra expression language (the 43 of the function reference). */
export const defaultFunctionRegistry = new FunctionRegistry(
  [
    ...stringFunctions,
    ...textFunctions,
    ...replaceFunctions,
    ...multiValueFunctions,
    ...conversionFunctions,
    ...numberFunctions,
    ...logicFunctions,
    ...flowFunctions,
    ...dateFunctions,
    ...randomFunctions,
    ...roleFunctions,
    ...uniqueFunctions,
  ],
  stringConstants
)

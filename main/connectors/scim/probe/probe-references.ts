import {
  type MappingAsReference,
  readUserSchema,
  referenceAttributes,
  referenceDisagreements,
} from '../user-schema'
import type { ProbeSession } from './probe-session'

const CHECK = 'Reference attributes'

/**
 * Reads the app's `/Schemas` (RFC 7643 §7) and compares its reference attributes (those naming
 * another user) with the job's user mappings: a mapping to one without `"reference"` would send
 * the source value where an account id belongs; `"reference"` on any other attribute sends an id.
 */
export async function probeReferenceAttributes(
  session: ProbeSession,
  mappings: ReadonlyArray<MappingAsReference>
): Promise<void> {
  const answer = await session.ask('GET', '/Schemas')
  const schema = 'error' in answer ? null : readUserSchema(answer.body)
  if (schema === null) {
    session.check(
      CHECK,
      'skipped',
      'The app publishes no /Schemas: reference attributes are the enterprise manager and the mappings marked "reference"'
    )
    return
  }
  const problems = referenceDisagreements(schema, mappings)
  const found = referenceAttributes(schema)
  const listed =
    found.length === 0
      ? 'The app’s schema has no attribute naming another user'
      : `In the app’s schema: ${found.join(', ')}`
  session.check(CHECK, problems.length === 0 ? 'ok' : 'warning', [listed, ...problems].join('; '))
}

/**
 * Whether the app takes a change to one element of a multi-valued attribute through a filter
 * path (`emails[type eq "work"].value`, RFC 7644 §3.5.2.3), or only the whole list replaced: the
 * `target.multiValuedUpdates` choice (README "Compatibility choices").
 */
import { PATCH_OP_SCHEMA } from '../../../mapping/scim-schemas'
import { type Answer, type ProbeSession, type ProbeStatus, isRefusal, verdict } from './probe-session'

export type ListUpdates = 'path-filter' | 'whole-list'

const CHECK = 'Multi-valued update'

/** Sets the throwaway user's work email (to the value it has) both ways, with the given `replace`. */
export async function probeListUpdates(
  session: ProbeSession,
  user: { readonly path: string; readonly email: string; readonly replace: string },
  configured: ListUpdates
): Promise<void> {
  const patch = (path: string, value: unknown) => ({
    schemas: [PATCH_OP_SCHEMA],
    Operations: [{ op: user.replace, path, value }],
  })
  const answers: Record<ListUpdates, Answer> = {
    'path-filter': await session.ask('PATCH', user.path, patch('emails[type eq "work"].value', user.email)),
    'whole-list': await session.ask(
      'PATCH',
      user.path,
      patch('emails', [{ type: 'work', value: user.email, primary: true }])
    ),
  }
  const other: ListUpdates = configured === 'path-filter' ? 'whole-list' : 'path-filter'
  const accepted = (form: ListUpdates) => !('error' in answers[form])
  const status: ProbeStatus = accepted(configured) ? 'ok' : accepted(other) ? 'failure' : 'warning'
  session.check(
    CHECK,
    status,
    `a filter path (emails[type eq "work"].value) ${verdict(answers['path-filter'])}, ` +
      `the whole list (emails) ${verdict(answers['whole-list'])}`,
    // Only a refusal (4xx) of the configured form is evidence for the other one.
    !accepted(configured) && accepted(other) && isRefusal(answers[configured])
      ? `target.multiValuedUpdates: "${other}"`
      : undefined
  )
}

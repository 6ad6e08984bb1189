import type { WorkbenchTab } from '../../../main/ipc/api/contract'

/** Tab names as an admin reads them, and what each holds. */
export const TAB_LABELS: Readonly<Record<WorkbenchTab, { readonly label: string; readonly help: string }>> = {
  matched: {
    label: 'Matched',
    help: 'People whose account in the app was found (by a matching attribute, or by an earlier link). An update sends the differences shown.',
  },
  create: {
    label: 'Will be created',
    help: 'People no account matches: the next run creates an account for each.',
  },
  ambiguous: {
    label: 'Ambiguous',
    help: 'Several accounts match, or several people match one account. Nothing is done for them until you choose.',
  },
  'no-value': {
    label: 'No matching value',
    help: 'People with no value for any matching attribute: they cannot be matched or created.',
  },
  'not-provisioned': {
    label: 'Not provisioned',
    help: 'People the next run leaves out: out of scope, inactive, skipped by you, or with mapping errors.',
  },
  unmanaged: {
    label: 'Unmanaged accounts',
    help: 'Accounts in the app that no person matches. Provisioner never changes them.',
  },
  'other-job': {
    label: 'Managed by another job',
    help: 'Accounts another job writing to the same app already links.',
  },
}

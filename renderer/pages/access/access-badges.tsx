import { Badge, type BadgeProps } from '@fluentui/react-components'
import type { AccessState, LeaverItem, ReviewDecision } from '../../../main/ipc/api/contract'

const STATE_COLOR: Readonly<Record<AccessState | 'unknown', BadgeProps['color']>> = {
  active: 'success',
  disabled: 'warning',
  deleted: 'subtle',
  staged: 'important',
  unknown: 'informative',
}

/** An account's state, spelled out (colour is never the only signal). */
export function AccessStateBadge(props: { readonly state: AccessState | 'unknown' }) {
  return (
    <Badge
      appearance="tint"
      shape="rounded"
      color={STATE_COLOR[props.state]}
      style={{ whiteSpace: 'nowrap' }}
    >
      {props.state}
    </Badge>
  )
}

const DECISION_COLOR: Readonly<Record<ReviewDecision | 'undecided', BadgeProps['color']>> = {
  keep: 'success',
  remove: 'danger',
  investigate: 'warning',
  undecided: 'informative',
}

export function DecisionBadge(props: { readonly decision: ReviewDecision | null }) {
  const decision = props.decision ?? 'undecided'
  return (
    <Badge
      appearance="tint"
      shape="rounded"
      color={DECISION_COLOR[decision]}
      style={{ whiteSpace: 'nowrap' }}
    >
      {decision}
    </Badge>
  )
}

/** Why a leaver's account is still open, in the admin's words. */
export const STILL_ACTIVE_LABELS: Readonly<Record<NonNullable<LeaverItem['reason']>, string>> = {
  'no-job': 'no job manages it',
  protected: 'protected account',
  staged: 'waiting for approval',
  failed: 'last attempt failed',
  'no-automation': 'app without automation',
  'still-in-source': "still in the job's source",
  'not-authoritative': 'source not authoritative',
  'deprovisioning-off': 'deprovisioning off',
  pending: 'next run disables it',
}

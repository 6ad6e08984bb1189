import { Badge, type BadgeProps, makeStyles } from '@fluentui/react-components'
import type { LogAction, LogStatus, RunStatus, UserAction } from '../../main/ipc/api/contract'

const STATUS_COLOR: Readonly<Record<LogStatus | RunStatus, BadgeProps['color']>> = {
  success: 'success',
  completed: 'success',
  failure: 'danger',
  failed: 'danger',
  'completed-with-errors': 'warning',
  warning: 'warning',
  blocked: 'warning',
  quarantined: 'danger',
  skipped: 'subtle',
  cancelled: 'subtle',
  running: 'informative',
}

const useStyles = makeStyles({
  // A badge has a fixed height: its words must stay on one line.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
})

/** A status as a badge; the word is always shown, so colour is never the only signal. */
export function StatusBadge(props: { readonly status: LogStatus | RunStatus }) {
  const styles = useStyles()
  return (
    <Badge appearance="tint" shape="rounded" color={STATUS_COLOR[props.status]} className={styles.badge}>
      {props.status.replace(/-/g, ' ')}
    </Badge>
  )
}

const ACTION_COLOR: Readonly<Record<LogAction | UserAction, BadgeProps['color']>> = {
  create: 'success',
  update: 'brand',
  enable: 'success',
  link: 'informative',
  disable: 'warning',
  delete: 'danger',
  stagedDelete: 'warning',
  conflict: 'danger',
  // 'subtle' outline badges have no visible text colour of their own.
  skip: 'informative',
  unchanged: 'informative',
  other: 'informative',
}

/** A planned or logged action (create, update, disable…), spelled out. */
export function ActionBadge(props: { readonly action: LogAction | UserAction }) {
  const styles = useStyles()
  return (
    <Badge appearance="outline" shape="rounded" color={ACTION_COLOR[props.action]} className={styles.badge}>
      {props.action}
    </Badge>
  )
}

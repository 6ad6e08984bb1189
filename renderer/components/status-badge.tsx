import type { LogStatus, RunStatus } from '../../main/ipc/api/contract'

const TONE: Readonly<Record<LogStatus | RunStatus, 'good' | 'bad' | 'warn' | 'neutral' | 'busy'>> = {
  success: 'good',
  completed: 'good',
  failure: 'bad',
  failed: 'bad',
  'completed-with-errors': 'warn',
  warning: 'warn',
  blocked: 'warn',
  quarantined: 'bad',
  skipped: 'neutral',
  cancelled: 'neutral',
  running: 'busy',
}

/** A status as coloured text; the word is always shown, so colour is never the only signal. */
export function StatusBadge(props: { readonly status: LogStatus | RunStatus }) {
  return <span className={`badge badge-${TONE[props.status]}`}>{props.status.replace(/-/g, ' ')}</span>
}

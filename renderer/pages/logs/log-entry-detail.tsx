import { useEffect, useRef } from 'react'
import type { LogEntry } from '../../../main/ipc/api/contract'
import { ChangeTable } from '../../components/change-list'
import { StatusBadge } from '../../components/status-badge'
import { formatTime } from '../../lib/format'
import { STEP_ORDER } from './step-labels'

/** One log entry as Entra shows it: the steps, then the modified properties, then the facts. */
export function LogEntryDetail(props: { readonly entry: LogEntry; readonly onClose: () => void }) {
  const { entry } = props
  const heading = useRef<HTMLHeadingElement>(null)
  // Move focus into the panel so keyboard and screen-reader users land on what they opened.
  useEffect(() => heading.current?.focus(), [entry.id])

  const who = entry.sourceDisplay ?? entry.targetDisplay ?? entry.sourceId ?? entry.targetId ?? 'Unknown'
  const facts: ReadonlyArray<readonly [string, string | number | null]> = [
    ['Time', formatTime(entry.time)],
    ['Object type', entry.objectType],
    ['Source id', entry.sourceId],
    ['Target id', entry.targetId],
    ['Target name', entry.targetDisplay],
    ['Run (cycle) id', entry.runId],
    ['Change id', entry.changeId],
    ['Error code', entry.errorCode],
    ['HTTP status', entry.httpStatus],
    ['SCIM type', entry.scimType],
    ['SCIM detail', entry.scimDetail],
    ['Duration', entry.durationMs === null ? null : `${entry.durationMs} ms`],
    ['Attempts', entry.attempts],
  ]

  return (
    <aside className="detail-panel" aria-labelledby="log-detail-heading" id="log-detail">
      <div className="section-header">
        <h2 id="log-detail-heading" tabIndex={-1} ref={heading}>
          {who}
        </h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p>
        <span className={`action action-${entry.action}`}>{entry.action}</span>{' '}
        <StatusBadge status={entry.status} />
      </p>
      {entry.reason !== null && <p className="reason">{entry.reason}</p>}

      <h3>Steps</h3>
      <ol className="steps">
        {STEP_ORDER.map(([type, label]) => {
          const step = entry.steps.find(candidate => candidate.type === type)
          return (
            <li key={type} className={step === undefined ? 'step step-missing' : `step step-${step.status}`}>
              <div className="step-title">
                <span>{label}</span>
                {step === undefined ? (
                  <span className="muted small">not reached</span>
                ) : (
                  <StatusBadge status={step.status} />
                )}
              </div>
              {step !== undefined && <p className="step-description">{step.description}</p>}
              {step?.details !== undefined && Object.keys(step.details).length > 0 && (
                <dl className="step-details">
                  {Object.entries(step.details).map(([key, value]) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          )
        })}
      </ol>

      <h3>Modified properties</h3>
      <ChangeTable changes={entry.modified} caption="Modified properties, old and new values" />

      <h3>Details</h3>
      <dl className="facts">
        {facts
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd className="break">{value}</dd>
            </div>
          ))}
      </dl>
    </aside>
  )
}

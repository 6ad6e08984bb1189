/**
 * "Test connection": a directory source's own checks, then the probe (`provisioner probe`) run for the editor
 * (a CSV hand-off target's folder checks instead), each check sent as an
 * event the moment it completes, the suggested settings made ready to apply to the job file.
 */
import type { LoadedJob } from '../../config/load-job'
import type { SecretStore } from '../../secrets/secret-store'
import type { ConnectionCheck, ConnectionReport, SuggestedSetting } from '../api/contract'
import type { EventHub } from '../api/event-hub'
import { toApiError } from '../engine-errors'
import { type ProbeCheck, probeTarget } from '../engine-gateway'
import { handoffChecks } from './handoff-checks'
import { sourceChecks } from './source-checks'

export interface ConnectionTestOptions {
  readonly job: LoadedJob
  readonly callId: string
  readonly write: boolean
  readonly secrets: SecretStore
  readonly env: NodeJS.ProcessEnv
  readonly hub: EventHub
}

export async function runConnectionTest(options: ConnectionTestOptions): Promise<ConnectionReport> {
  const { job, callId, hub } = options
  const emit = (check: ConnectionCheck) => hub.emit('connectionCheck', { callId, jobId: job.id, check })
  try {
    const source = await sourceChecks(job, options.secrets, options.env, emit)
    const target = job.config.target
    if (target.type === 'csv-handoff') {
      const handoff = handoffChecks(job.directory, target, emit)
      const checks = [...source, ...handoff.checks]
      return { baseUrl: handoff.directory, checks, usable: checks.every(check => check.status !== 'failure') }
    }
    const result = await probeTarget(job, options.secrets, {
      write: options.write,
      env: options.env,
      onCheck: check => emit(toConnectionCheck(check)),
    })
    return {
      baseUrl: result.baseUrl,
      checks: [...source, ...result.checks.map(toConnectionCheck)],
      usable: result.usable && source.every(check => check.status !== 'failure'),
    }
  } catch (error) {
    throw toApiError(error)
  }
}

export function toConnectionCheck(check: ProbeCheck): ConnectionCheck {
  return {
    name: check.name,
    status: check.status,
    detail: check.detail,
    suggestion: check.suggestion === undefined ? null : parseSuggestion(check.suggestion),
  }
}

/** `target.patchOps: "entra"` → the path and the value, ready to write into the job file. */
export function parseSuggestion(text: string): SuggestedSetting | null {
  const match = /^([A-Za-z][\w.]*):\s*(.+)$/.exec(text.trim())
  if (match === null) return null
  try {
    return { path: (match[1] ?? '').split('.'), value: JSON.parse(match[2] ?? '') as unknown, text }
  } catch {
    return null
  }
}

import { z } from 'zod'
import type { Run } from '../model/run'
import type { JobState } from '../store/job-state-store'
import type { JobPause } from '../model/job-state'
import type { JobRecord } from '../store/jobs-store'
import type { JobInfo } from './api/contract'

/**
 * Only what the overview shows of a stored job configuration.
 *
 * Parsed leniently: rows written by older versions must still list, and nothing but these
 * fields (never a secretRef) is passed on.
 */
const storedConfig = z.object({
  source: z.object({ type: z.string(), path: z.string().optional(), url: z.string().optional() }).optional(),
  target: z
    .object({ type: z.string().optional(), baseUrl: z.string().optional(), directory: z.string().optional() })
    .optional(),
})

export function toJobInfo(
  job: JobRecord,
  lastRun: Run | null,
  state: JobState | null = null,
  paused: JobPause | null = null
): JobInfo {
  const parsed = storedConfig.safeParse(job.config)
  const config = parsed.success ? parsed.data : {}
  const source = config.source
  return {
    id: job.id,
    name: job.name,
    configPath: job.configPath,
    source: source === undefined ? null : `${source.type} ${source.path ?? source.url ?? ''}`.trim(),
    target: targetOf(config.target),
    updatedAt: job.updatedAt,
    lastRun,
    quarantine:
      state?.quarantinedAt == null
        ? null
        : {
            since: state.quarantinedAt,
            code: state.quarantineCode ?? '',
            reason: state.quarantineReason ?? '',
          },
    paused,
  }
}

/** The SCIM base URL, or the folder a CSV hand-off job writes its files to. */
function targetOf(target: z.infer<typeof storedConfig>['target']): string | null {
  if (target?.type === 'csv-handoff' && target.directory !== undefined)
    return `CSV hand-off to ${target.directory}`
  return target?.baseUrl ?? null
}

/** Entra-style quarantine codes (§F). */
export type QuarantineCode = 'EncounteredQuarantineException' | 'EncounteredEscrowProportionThreshold'

/** A job's health between runs: quarantine and the backoff of scheduled runs. */
export interface JobState {
  readonly jobId: string
  /** ISO 8601 time the job entered quarantine; null when healthy. */
  readonly quarantinedAt: string | null
  readonly quarantineCode: QuarantineCode | null
  readonly quarantineReason: string | null
  /** Consecutive runs that ended in quarantine (drives the backoff of scheduled runs). */
  readonly quarantineRuns: number
  /** Scheduled runs wait until then (ISO 8601); manual runs always go. */
  readonly nextScheduledRunAt: string | null
  readonly lastSuccessAt: string | null
}

/** Why a job goes into quarantine (§F), in Entra's code and the admin's words. */
export interface QuarantineDecision {
  readonly code: QuarantineCode
  readonly reason: string
}

/** A paused job (Entra's "Stop provisioning"): who paused it, when (ISO 8601), and why if said. */
export interface JobPause {
  readonly by: string
  readonly at: string
  readonly note: string | null
}

/**
 * What "clear state and restart" forgets of a job, counted: its links (so every person is
 * matched again), matching decisions, incremental-read positions and the local copy they kept,
 * and escrowed retries (quarantine is cleared too). Run history and the audit log stay.
 */
export interface JobStateCounts {
  readonly userLinks: number
  readonly groupLinks: number
  readonly matchDecisions: number
  readonly watermarks: number
  readonly mirrored: number
  readonly escrowed: number
}

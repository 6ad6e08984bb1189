/**
 * One error table for the CLI and the API: each error an admin may see has a kind, and the kind
 * alone decides the CLI's exit code and the API's error code. The CLI is run as a user runs it
 * (the report a command's error gets); the API through `dispatch`, as the renderer calls it.
 */
import { describe, expect, it, vi } from 'vitest'
import { UsageError } from '../../../main/cli/exit-codes'
import type { CliIo } from '../../../main/cli/output'
import { reportError } from '../../../main/cli/report-error'
import { JobFileError } from '../../../main/config/job-file-error'
import { PlanFileError } from '../../../main/config/saved-plan-file'
import { ScimHttpError, ScimNetworkError, ScimProtocolError } from '../../../main/connectors/scim/scim-errors'
import { HandoffFileError } from '../../../main/connectors/csv-handoff/handoff-file'
import { SourceConnectionError, SourceFormatError } from '../../../main/connectors/source-errors'
import { ReviewError } from '../../../main/engine/access/reviews'
import { UndoError } from '../../../main/engine/recovery/undo-run'
import { QuarantinedError } from '../../../main/engine/run/job-outcome'
import { LinkDecisionError } from '../../../main/engine/run/link-decisions'
import { ForceUnlockError, RunInProgressError } from '../../../main/engine/run/run-lock'
import { UnknownIdentityError } from '../../../main/engine/run/run-on-demand'
import { RunCancelledError } from '../../../main/engine/run/run-progress'
import { ApprovalError } from '../../../main/engine/safety/approvals'
import { SavedPlanMismatchError } from '../../../main/engine/safety/saved-plan'
import { dispatch } from '../../../main/ipc/api/dispatch'
import {
  describeError,
  ERROR_TABLE,
  type ErrorKind,
  ExitCode,
  ProvisionerError,
} from '../../../main/model/errors'
import { SecretNotFoundError } from '../../../main/secrets/secret-store'
import { DatabaseFromFutureError } from '../../../main/store/migrations'
import { StateDatabaseError } from '../../../main/store/state-database-error'
import { fakeAdminApi } from '../ipc/fake-admin-api'

const ISSUE = { file: 'job.json', line: 3, column: 7, field: 'target.baseUrl', message: 'is required' }

/** One error of every class an admin may see. */
const SAMPLES: ReadonlyArray<readonly [ErrorKind, ProvisionerError]> = [
  ['usage', new UsageError('unknown option --dry')],
  ['invalid-job', new JobFileError([ISSUE])],
  ['invalid-plan', new PlanFileError([{ ...ISSUE, file: 'plan.json', field: 'operations' }])],
  ['plan-mismatch', new SavedPlanMismatchError('The plan was made for job "a", not "b"')],
  ['source-unreadable', new SourceFormatError([{ file: 'people.csv', line: 4, message: 'unclosed quote' }])],
  ['source-unreachable', new SourceConnectionError('SCIM https://hr.example.com', new Error('ECONNREFUSED'))],
  ['target-failed', new ScimHttpError('GET', 'https://app.example.com/Users', 401, null, null)],
  ['target-failed', new ScimProtocolError('GET', 'https://app.example.com/Users', 200, 'an HTML page')],
  ['target-failed', new ScimNetworkError('GET', 'https://app.example.com/Users', 'ECONNRESET', false)],
  ['target-unwritten', new HandoffFileError('out/users.csv', 'disk full')],
  ['secret-missing', new SecretNotFoundError('keychain:app', 'not in the keychain')],
  ['busy', new RunInProgressError('run-1', 123, null, 'job.json')],
  ['unlock-refused', new ForceUnlockError('Run run-1 holds no lock')],
  ['state-database', new StateDatabaseError('/x/provisioner.db', 'read-only', new Error('SQLITE_READONLY'))],
  ['database-too-new', new DatabaseFromFutureError(99, 40)],
  ['approval-refused', new ApprovalError('Run run-1 staged nothing')],
  ['undo-refused', new UndoError('Run run-1 is a dry run: nothing to undo')],
  ['unknown-identity', new UnknownIdentityError('E404', 'people.csv')],
  ['review-refused', new ReviewError('No review 7')],
  ['link-refused', new LinkDecisionError('No link or decision for E1')],
  ['quarantined', new QuarantinedError('The target refused the credentials', new Error('401'))],
  ['cancelled', new RunCancelledError()],
]

/** The exit code and what the CLI writes when a command meets `error`. */
function cliOutcome(error: unknown): { code: number; stderr: string } {
  let stderr = ''
  const sink = { write: (chunk: string) => ((stderr += chunk), true) }
  const code = reportError(
    error,
    { stdout: sink, stderr: sink, env: {}, cwd: '/' } as unknown as CliIo,
    undefined
  )
  return { code, stderr }
}

/** What the API answers when a method meets `error`. */
async function apiOutcome(error: unknown) {
  const api = fakeAdminApi()
  vi.mocked(api.listJobs).mockRejectedValue(error)
  const result = await dispatch(api, 'listJobs', undefined)
  if (result.ok) throw new Error('the call was expected to fail')
  return result.error
}

describe('the error table', () => {
  it('has a kind for every error class an admin may see, and each kind is in the table', () => {
    for (const [kind, error] of SAMPLES) {
      expect(error).toBeInstanceOf(ProvisionerError)
      expect(error.kind).toBe(kind)
      expect(ERROR_TABLE[kind]).toBeDefined()
    }
  })

  it('gives an internal error its own exit code, used by nothing else', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatchObject({
      kind: 'internal',
      exitCode: ExitCode.Internal,
      apiCode: 'internal',
      message: null,
    })
    const others = Object.entries(ERROR_TABLE).filter(([kind]) => kind !== 'internal')
    expect(others.map(([, row]) => row.exitCode)).not.toContain(ExitCode.Internal)
    expect(Object.values(ExitCode).filter(code => code === ExitCode.Internal)).toHaveLength(1)
    expect(ExitCode.Internal).not.toBe(ExitCode.Failures)
  })

  it.each(SAMPLES.map(([kind, error]) => [kind, error.name, error] as const))(
    'the API answers a %s error (%s) with the code the table gives it, and its message',
    async (kind, _name, error) => {
      const answer = await apiOutcome(error)
      expect(answer.code).toBe(ERROR_TABLE[kind].apiCode)
      expect(answer.code).not.toBe('internal')
      expect(answer.message.toLowerCase()).toContain(error.safeMessage.slice(0, 20).toLowerCase())
    }
  )

  it('the API passes on the issues of a job file, one line each and at their places', async () => {
    const answer = await apiOutcome(new JobFileError([ISSUE, { ...ISSUE, line: 9 }]))
    const lines = ['job.json:3:7: target.baseUrl: is required', 'job.json:9:7: target.baseUrl: is required']
    expect(answer).toEqual({
      code: 'invalid-job',
      message: 'The job file cannot be used (nothing was changed)',
      issues: lines,
      // The job editor shows each at its field.
      located: [3, 9].map((line, index) => ({
        field: 'target.baseUrl',
        line,
        column: 7,
        message: 'is required',
        text: lines[index],
      })),
    })
  })

  it("ends a cancelled run with 130, the shell's code for Ctrl+C", () => {
    expect(cliOutcome(new RunCancelledError()).code).toBe(130)
    expect(ExitCode.Cancelled).toBe(130)
  })

  it('the API hides the message of an internal error', async () => {
    const answer = await apiOutcome(new Error('SQLITE_CORRUPT at /home/alice/secret-path'))
    expect(answer.code).toBe('internal')
    expect(answer.message).not.toContain('alice')
  })
})

describe('the CLI, by the same table', () => {
  it.each(SAMPLES.map(([kind, error]) => [kind, error.name, error] as const))(
    'ends a %s error (%s) with the exit code the table gives it, and says what it is',
    (kind, _name, error) => {
      const outcome = cliOutcome(error)
      expect(outcome.code).toBe(ERROR_TABLE[kind].exitCode)
      expect(outcome.stderr).toContain(error.safeMessage.slice(0, 20))
      expect(outcome.stderr).not.toContain('internal error')
    }
  )

  it('ends an internal error with exit code 70, not 1 ("finished with failed operations")', async () => {
    const outcome = cliOutcome(new TypeError("Cannot read properties of undefined (reading 'id')"))
    expect(outcome.code).toBe(70)
    expect(outcome.stderr).toMatch(/^provisioner: internal error: Cannot read properties of undefined/)
  })

  it('says "nothing was changed" for a refusal made before anything was written', async () => {
    const outcome = cliOutcome(new ApprovalError('Run run-1 staged nothing'))
    expect(outcome.stderr).toBe('provisioner: Run run-1 staged nothing (nothing was changed)\n')
  })
})

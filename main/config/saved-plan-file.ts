import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { LOG_STATUSES, OBJECT_TYPES, STEP_TYPES } from '../model/log-entry'
import { type SavedPlan, USER_ACTIONS } from '../model/plan'
import { FileIssuesError } from './job-file-error'
import { JsonSyntaxError, type LocatedJson, parseLocatedJson } from './json-locations'
import { syntaxIssues, zodIssueToJobIssue } from './load-job'

/**
 * A saved plan (`plan --out`) read back by `apply --plan`. The file has been on disk, perhaps
 * edited or truncated since: every field is checked before the engine sees it, so a bad file
 * stops the run with its place named instead of failing halfway or applying something odd.
 * Objects are strict: a row the engine would not understand is refused, never ignored.
 */

const count = z.number().int().min(0)

const summary = z
  .object({
    users: z
      .object({
        create: count,
        update: count,
        disable: count,
        enable: count,
        delete: count,
        link: count,
        unchanged: count,
        skipped: count,
        conflict: count,
      })
      .strict(),
    groups: z
      .object({
        create: count,
        update: count,
        delete: count,
        unchanged: count,
        membersAdded: count,
        membersRemoved: count,
      })
      .strict(),
  })
  .strict()

const step = z
  .object({
    type: z.enum(STEP_TYPES),
    status: z.enum(LOG_STATUSES),
    description: z.string(),
    details: z.record(z.string(), z.string()).optional(),
  })
  .strict()

/** Any JSON value (the file was parsed as JSON), but present: `null` is a value, a missing key is not. */
const value = z.unknown().refine(found => found !== undefined, { message: 'is required' })

const change = z
  .object({ path: z.string().min(1), from: value, to: value, note: z.string().optional() })
  .strict()

const members = z
  .object({
    add: z.array(z.object({ sourceId: z.string().min(1), targetId: z.string().min(1).nullable() }).strict()),
    remove: z.array(z.string().min(1)),
    skipped: z.array(z.object({ sourceId: z.string().min(1), reason: z.string() }).strict()),
    currentUnknown: z.boolean().optional(),
  })
  .strict()

const operation = z
  .object({
    changeId: z.string().min(1),
    objectType: z.enum(OBJECT_TYPES),
    action: z.enum(USER_ACTIONS),
    sourceId: z.string().min(1).nullable(),
    targetId: z.string().min(1).nullable(),
    display: z.string(),
    changes: z.array(change),
    reason: z.string().nullable(),
    errorCode: z.string().nullable(),
    steps: z.array(step),
    fingerprint: z.string().min(1),
    warnings: z.array(z.string()).optional(),
    /** A group's planned membership changes. */
    members: members.optional(),
  })
  .strict()
  .refine(row => row.objectType === 'group' || row.members === undefined, {
    message: 'only a group operation has members',
    path: ['members'],
  })

const format = z.literal('provisioner-plan', {
  error: 'not a plan written by `provisioner plan --out` (expected "provisioner-plan")',
})

const version = z.literal(1, {
  error: 'plan format version not supported: this Provisioner reads version 1; make a new plan',
})

/**
 * Checked first, one after the other, so that another file (a job file, a plan of another
 * version) gets one clear sentence rather than a list of every field it lacks.
 */
const FIRST_CHECKS = [z.object({ format }), z.object({ version })]

export const savedPlanSchema = z
  .object({
    format,
    version,
    jobId: z.string().min(1),
    jobName: z.string(),
    configHash: z.string().min(1),
    runId: z.string(),
    createdAt: z.iso.datetime(),
    summary,
    operations: z.array(operation),
  })
  .strict()

/** The plan file cannot be used as written; nothing was changed anywhere. */
export class PlanFileError extends FileIssuesError {
  public readonly kind = 'invalid-plan' as const
  protected readonly fileKind = 'plan'
  public override readonly name = 'PlanFileError'
}

/** Reads and validates the plan at `path` (named in messages as given). Throws `PlanFileError`. */
export function readSavedPlanFile(path: string, cwd: string): SavedPlan {
  let text: string
  try {
    text = readFileSync(resolve(cwd, path), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'file not found' : (error as Error).message
    throw new PlanFileError([
      { file: path, line: 1, column: 1, field: '', message: `cannot read plan file: ${reason}` },
    ])
  }
  return parseSavedPlanText(text.replace(/^\uFEFF/, ''), path)
}

export function parseSavedPlanText(text: string, file: string): SavedPlan {
  let json: LocatedJson
  try {
    json = parseLocatedJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new PlanFileError(syntaxIssues(error, file))
    throw error
  }
  for (const check of FIRST_CHECKS) {
    const known = check.safeParse(json.value)
    if (!known.success) throw planFileError(known.error, json, file)
  }
  const parsed = savedPlanSchema.safeParse(json.value)
  if (!parsed.success) throw planFileError(parsed.error, json, file)
  return parsed.data
}

/** Most problems listed: one edit repeated over 100,000 rows is not worth 100,000 lines. */
const MAX_ISSUES = 20

function planFileError(error: z.ZodError, json: LocatedJson, file: string): PlanFileError {
  const issues = error.issues.slice(0, MAX_ISSUES).map(issue => zodIssueToJobIssue(issue, json, file))
  const more = error.issues.length - issues.length
  if (more > 0) {
    issues.push({ file, line: 1, column: 1, field: '', message: `and ${more} more problem(s) like these` })
  }
  return new PlanFileError(issues)
}

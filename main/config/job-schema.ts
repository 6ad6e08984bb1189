import { z } from 'zod'
import { APP_TEMPLATES, findTemplate } from './app-templates'
import { isLoopbackHost, plainHttpRefusal } from './plain-http'

/**
 * The job file: one source → one target, with mappings, scoping and policies.
 *
 * Objects are strict so a misspelt option is an error naming its place instead of a setting
 * that silently does nothing.
 */

const secretRef = z
  .string()
  .regex(
    /^(keychain|env):[^\s]+$/,
    'must be "keychain:NAME" or "env:VARIABLE" (secrets never go in the job file)'
  )

export const csvSourceSchema = z
  .object({
    type: z.literal('csv'),
    path: z.string().min(1),
    idColumn: z.string().min(1),
    /** The file is a full export: people missing from it have left and are deprovisioned. */
    authoritative: z.boolean().default(false),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    encoding: z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).default('auto'),
    multiValued: z.record(z.string(), z.string().min(1)).default({}),
    emptyValues: z.enum(['absent', 'empty']).default('absent'),
  })
  .strict()

const ldapSource = z
  .object({
    type: z.literal('ldap'),
    /** The server: `ldaps://host[:636]`, or `ldap://host[:389]` (upgraded with StartTLS by default). */
    url: z
      .string()
      .regex(/^ldaps?:\/\/[^\s/?#@]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port] (no path)'),
    bindDn: z.string().min(1),
    /** The bind password: keychain:NAME or env:VAR. */
    secretRef,
    baseDn: z.string().min(1),
    /** Who is a person, e.g. (objectClass=inetOrgPerson) or (&(objectCategory=person)(objectClass=user)). */
    filter: z.string().min(1),
    scope: z.enum(['base', 'one', 'sub']).default('sub'),
    /** Where the groups are (default: baseDn) and which entries are groups (default: the group classes). */
    groupBaseDn: z.string().min(1).optional(),
    groupFilter: z.string().min(1).optional(),
    /** Members of member groups count as members (Entra does not expand nested groups). */
    flattenNestedGroups: z.boolean().default(false),
    /** PEM file of the CA(s) that signed the server's certificate, relative to the job file. */
    caFile: z.string().min(1).optional(),
    /** Upgrade ldap:// with StartTLS before binding (default: yes for ldap://). */
    startTls: z.boolean().optional(),
    /** Bind over plain ldap:// (no StartTLS) to another machine: the password travels in clear. */
    allowInsecureLdap: z.boolean().default(false),
    pageSize: z.number().int().min(1).max(10_000).default(500),
    /** Most time one operation (a bind, a page) may take. */
    timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
    /** A directory search lists everyone in scope: who is missing has left (false: create and update only). */
    authoritative: z.boolean().default(true),
  })
  .strict()
  .superRefine((source, context) => {
    const refusal = ldapTlsRefusal(source)
    if (refusal !== null) context.addIssue({ code: 'custom', path: ['startTls'], message: refusal })
  })

/** Why the LDAP source's TLS settings are refused, or null: the bind password never travels in clear. */
function ldapTlsRefusal(source: {
  url: string
  startTls?: boolean | undefined
  allowInsecureLdap: boolean
}): string | null {
  const secure = source.url.toLowerCase().startsWith('ldaps:')
  if (secure) {
    return source.startTls === true ? 'StartTLS is for ldap:// URLs; ldaps:// is TLS from the start' : null
  }
  const host = /^ldap:\/\/(\[[^\]]+\]|[^:/]+)/i.exec(source.url)?.[1] ?? ''
  if (source.startTls !== false || source.allowInsecureLdap || isLoopbackHost(host)) return null
  return (
    `would send the bind password in clear text to ${host}, where anyone on the network can read it. ` +
    'Leave StartTLS on or use ldaps://; only on a private network you trust, set "allowInsecureLdap": true ' +
    '(localhost and 127.0.0.1 are always allowed)'
  )
}

/** Where people come from; `type` says which kind of system. */
const auth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), secretRef }).strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1), secretRef }).strict(),
  z.object({ type: z.literal('none') }).strict(),
])

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL')

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Largest response body read (bytes); a larger answer is refused instead of filling memory. */
const maxResponseBytes = z
  .number()
  .int()
  .min(1024)
  .max(256 * 1024 * 1024)
  .default(64 * 1024 * 1024)

const timeoutMs = z.number().int().min(1_000).max(600_000).default(30_000)

/** Most accounts (or groups) a listing may hold; more is refused with a clear error. */
/** One of a SCIM compatibility choice's values; a bad one is refused naming every choice. */
function compatChoice<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, {
    error: () =>
      `must be one of ${values.map(value => JSON.stringify(value)).join(', ')} (README: "Compatibility choices")`,
  })
}

const maxResources = z.number().int().min(1).max(100_000_000).default(2_000_000)

/** Refuses `what` over plain http to another machine, at `field` (see plain-http.ts). */
function refuseOverPlainHttp(
  url: string,
  field: string,
  what: string | null,
  allowInsecureHttp: boolean,
  context: z.RefinementCtx
): void {
  const refusal = what === null ? null : plainHttpRefusal(url, what, allowInsecureHttp)
  if (refusal !== null) context.addIssue({ code: 'custom', path: [field], message: refusal })
}

const AUTH_SECRETS = { bearer: 'the bearer token', basic: 'the password', none: null } as const

/**
 * Microsoft Entra ID through Microsoft Graph, with an app registration's client credentials
 * (connectors/graph/). Both URLs are configurable for national clouds and test servers.
 */
const graphSource = z
  .object({
    type: z.literal('graph'),
    tenantId: z
      .string()
      .regex(
        /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/,
        'must be the directory (tenant) id: a GUID or a domain such as contoso.onmicrosoft.com'
      ),
    clientId: z.string().regex(GUID, 'must be the application (client) id, a GUID'),
    secretRef,
    graphUrl: httpUrl.default('https://graph.microsoft.com/v1.0'),
    /** `{tenant}` is replaced by the tenant id. */
    tokenUrl: httpUrl.default('https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'),
    /** The directory is read whole, so someone missing from it has left (false: create and update only). */
    authoritative: z.boolean().default(true),
    /** OData `$filter` on /users (only what Graph supports without advanced queries). */
    filter: z.string().min(1).max(4000).optional(),
    /** OData `$filter` on /groups. */
    groupFilter: z.string().min(1).max(4000).optional(),
    /** `direct` members (as Entra provisions) or `transitive` (members of nested groups too). */
    groupMembers: z.enum(['direct', 'transitive']).default('direct'),
    /** Incremental runs: read only the changes since the last run (delta query) into a local copy. */
    delta: z.boolean().default(false),
    /** `$top` of each page; Graph allows at most 999. */
    pageSize: z.number().int().min(1).max(999).default(999),
    timeoutMs,
    maxResponseBytes,
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine((source, context) => {
    const allow = source.allowInsecureHttp
    refuseOverPlainHttp(source.tokenUrl, 'tokenUrl', 'the client secret', allow, context)
    refuseOverPlainHttp(source.graphUrl, 'graphUrl', 'the access token', allow, context)
  })

/** Another app's SCIM 2.0 directory as the source (connectors/scim/scim-source.ts). */
const scimSource = z
  .object({
    type: z.literal('scim'),
    baseUrl: httpUrl,
    auth,
    /** A listing is the whole directory, so someone missing from it has left. */
    authoritative: z.boolean().default(true),
    /** SCIM filter (RFC 7644 §3.4.2.2) on /Users, e.g. `active eq true`. */
    filter: z.string().min(1).max(4000).optional(),
    /** SCIM filter on /Groups. */
    groupFilter: z.string().min(1).max(4000).optional(),
    pageSize: z.number().int().min(1).max(10_000).default(100),
    timeoutMs,
    maxResponseBytes,
    maxResources,
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine((source, context) =>
    refuseOverPlainHttp(
      source.baseUrl,
      'baseUrl',
      AUTH_SECRETS[source.auth.type],
      source.allowInsecureHttp,
      context
    )
  )

/**
 * Where identities come from, by `type`. Each type is one member of the union, with its own
 * settings; the connector factory (engine/run/connectors/) opens it.
 */
export const sourceSchema = z.discriminatedUnion(
  'type',
  [csvSourceSchema, ldapSource, graphSource, scimSource],
  {
    error: issue =>
      issue.code === 'invalid_union' ? 'unknown source type; known: csv, ldap, graph, scim' : undefined,
  }
)

const scimTarget = z
  .object({
    type: z.literal('scim'),
    baseUrl: httpUrl,
    auth,
    /** An app template (app-templates.ts) whose settings fill in what the job leaves out. */
    template: z
      .string()
      .refine(name => findTemplate(name) !== undefined, {
        message: `unknown app template; known: ${APP_TEMPLATES.map(template => template.name).join(', ')}`,
      })
      .optional(),
    /** Resources asked for per page when listing; unset: the largest the server allows. */
    pageSize: z.number().int().min(1).max(10_000).optional(),
    /**
     * SCIM compatibility choices (Entra's aadOptscim062020 flag, README "Compatibility choices"):
     * `patchOps`, `activeValue`, `multiValuedUpdates` and `memberRemoval`.
     * `rfc`: lower-case `op` (RFC 7644 §3.5.2); `entra`: `Add`/`Replace`/`Remove`, Entra's default.
     */
    patchOps: compatChoice(['rfc', 'entra']).default('rfc'),
    /** `boolean`: `"active": false` (RFC 7643); `string`: `"active": "False"`, Entra's default PATCH. */
    activeValue: compatChoice(['boolean', 'string']).default('boolean'),
    /**
     * `path-filter`: `emails[type eq "work"].value` replaced in place (RFC 7644 §3.5.2.3);
     * `whole-list`: the attribute's whole list replaced (`"path": "emails"`), for apps that refuse filter paths.
     */
    multiValuedUpdates: compatChoice(['path-filter', 'whole-list']).default('path-filter'),
    concurrency: z.number().int().min(1).max(64).default(4),
    timeoutMs,
    maxResponseBytes,
    /** Most accounts (or groups) a listing of the target may hold. */
    maxResources,
    /** Attributes compared case-sensitively; others follow SCIM's default caseExact=false. */
    caseExactAttributes: z.array(z.string()).default([]),
    /** The app's own extension attributes that hold a list (the core and enterprise schemas say it for theirs). */
    multiValuedAttributes: z.array(z.string().min(1)).default([]),
    /** Most requests started per second (the app's documented rate limit); adapts down when throttled. */
    rateLimitPerSecond: z.number().positive().max(10_000).optional(),
    retries: z
      .object({
        /** Attempts per request that ends in a server error, reset or timeout, the first included. */
        maxAttempts: z.number().int().min(1).max(20).default(5),
        /**
         * Most time one request waits, in all, while the target throttles it (429, 503 with
         * Retry-After); throttled requests are repeated as often as fits, then fail (retried next run).
         */
        maxWaitSeconds: z.number().int().min(1).max(3600).default(120),
      })
      .strict()
      .default({ maxAttempts: 5, maxWaitSeconds: 120 }),
    /** Members per group PATCH request (large groups are changed in batches, never re-sent whole). */
    membersPerPatch: z.number().int().min(1).max(10_000).default(100),
    /**
     * How members are removed: `path-filter` sends `members[value eq "id"]` (RFC 7644 §3.5.2.2),
     * `value-list` sends `{"path": "members", "value": [{"value": "id"}]}` (Entra's default form).
     */
    memberRemoval: compatChoice(['path-filter', 'value-list']).default('path-filter'),
    /** Target attribute types where they differ from the SCIM core schema (e.g. a boolean extension). */
    attributeTypes: z.record(z.string(), z.enum(['string', 'boolean', 'integer', 'decimal'])).default({}),
    /** Send the credential over plain http:// to another machine (a private network the admin trusts). */
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine((target, context) =>
    refuseOverPlainHttp(
      target.baseUrl,
      'baseUrl',
      AUTH_SECRETS[target.auth.type],
      target.allowInsecureHttp,
      context
    )
  )

/** The row values of the `action` column; bulk-upload screens spell them differently. */
const handoffActionValues = z
  .object({
    create: z.string().min(1).default('create'),
    update: z.string().min(1).default('update'),
    disable: z.string().min(1).default('disable'),
    enable: z.string().min(1).default('enable'),
    delete: z.string().min(1).default('delete'),
  })
  .strict()

/**
 * A CSV file per run for an app without SCIM, uploaded by the admin on the app's bulk-upload
 * screen (connectors/csv-handoff/). Columns are the user mappings' targets, in their order.
 */
const csvHandoffTarget = z
  .object({
    type: z.literal('csv-handoff'),
    /** Output folder, relative to the job file; created when missing. */
    directory: z.string().min(1),
    /** `{job}`, `{runId}`, `{date}` (YYYY-MM-DD), `{time}` (HHMMSS, UTC) and `{action}` are filled in. */
    fileName: z
      .string()
      .min(1)
      .regex(/^[^/\\]+$/, 'must be a file name, not a path (the folder is "directory")')
      .default('{job}-{runId}.csv'),
    /** `single`: one file per run with every row; `per-action`: one file per action (create, update…). */
    files: z.enum(['single', 'per-action']).default('single'),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    header: z.boolean().default(true),
    /** A UTF-8 byte order mark, so Excel opens non-ASCII names correctly. */
    bom: z.boolean().default(false),
    /** The column saying what to do with each row; `"name": null` leaves it out (one file per action). */
    actionColumn: z
      .object({
        name: z.string().min(1).nullable().default('action'),
        values: handoffActionValues.default({
          create: 'create',
          update: 'update',
          disable: 'disable',
          enable: 'enable',
          delete: 'delete',
        }),
      })
      .strict()
      .default({
        name: 'action',
        values: {
          create: 'create',
          update: 'update',
          disable: 'disable',
          enable: 'enable',
          delete: 'delete',
        },
      }),
    /** Header text of a column where the screen wants another name: mapping target → text. */
    headers: z.record(z.string(), z.string().min(1)).default({}),
    /** Attributes compared case-sensitively when diffing against what was handed off. */
    caseExactAttributes: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((target, context) => {
    if (target.actionColumn.name === null && target.files === 'single') {
      context.addIssue({
        code: 'custom',
        path: ['actionColumn', 'name'],
        message:
          'a single file needs an action column to tell creates from updates; set "files": "per-action" to leave it out',
      })
    }
  })

const targetSchema = z.discriminatedUnion('type', [scimTarget, csvHandoffTarget], {
  error: issue =>
    issue.code === 'invalid_union' ? 'unknown target type; known: scim, csv-handoff' : undefined,
})

export const mappingSchema = z
  .object({
    target: z.string().min(1),
    /**
     * Entra's mapping type "None": no expression; new accounts get `default`, existing ones are
     * left alone. Direct, Constant and Expression are read from the expression itself.
     */
    type: z
      .literal('none', {
        error:
          'the only mapping type a job file names is "none"; Direct, Constant and Expression are read from the expression',
      })
      .optional(),
    /** Required unless `type` is "none" (see `refineMapping`). */
    expression: z.string().min(1).max(10_000).optional(),
    /** Used when the expression yields null, on create (Entra's "default value if null"). */
    default: z.string().optional(),
    /** Default `always`; a None mapping applies on create only. */
    apply: z.enum(['always', 'on-create']).optional(),
    matchingPrecedence: z.number().int().min(1).optional(),
    /** The target needs a value; an object without one is reported instead of sent. */
    required: z.boolean().default(false),
    /**
     * A reference attribute (the enterprise `manager`, or an extension attribute that holds another
     * user's id) names another person of the source: by default by their source id, or by the
     * value of column `by` (e.g. their e-mail).
     */
    reference: z
      .object({ by: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(refineMapping)
  .transform(mapping => ({
    ...mapping,
    apply: mapping.apply ?? (mapping.type === 'none' ? ('on-create' as const) : ('always' as const)),
  }))

/**
 * What a mapping's shape must hold beyond its fields' types: an expression, or Entra's None
 * (a default for new accounts, nothing else). Checked here so the app's editor says it too.
 */
function refineMapping(
  mapping: {
    readonly target: string
    readonly type?: 'none' | undefined
    readonly expression?: string | undefined
    readonly default?: string | undefined
    readonly apply?: 'always' | 'on-create' | undefined
    readonly matchingPrecedence?: number | undefined
  },
  context: z.RefinementCtx
): void {
  const refuse = (field: string, message: string) =>
    context.addIssue({ code: 'custom', path: [field], message })
  if (mapping.type !== 'none') {
    if (mapping.expression === undefined) {
      refuse(
        'expression',
        'a mapping needs an expression ([attribute], a "constant" or a function), or "type": "none" with a "default"'
      )
    }
    return
  }
  const none = `${mapping.target} is a None mapping (it only gives new accounts its default)`
  if (mapping.expression !== undefined)
    refuse('expression', `${none}: it has no expression; remove "expression" or "type"`)
  // At `default`, where the editor asks for it (in the file, the place falls back to the mapping).
  if (mapping.default === undefined) {
    refuse('default', `${none}: it needs a "default", the value new accounts get`)
  }
  if (mapping.apply === 'always') refuse('apply', `${none}: it applies on create only, never "always"`)
  if (mapping.matchingPrecedence !== undefined) {
    refuse('matchingPrecedence', `${none}: it cannot match accounts, it has no source value to match on`)
  }
}

const scopingClause = z
  .object({
    attribute: z.string().min(1),
    operator: z.enum([
      '&',
      '!&',
      'ENDS_WITH',
      'EQUALS',
      'Greater_Than',
      'Greater_Than_OR_EQUALS',
      'Includes',
      'IS FALSE',
      'IS NOT NULL',
      'IS NULL',
      'IS TRUE',
      'NOT EQUALS',
      'NOT REGEX MATCH',
      'REGEX MATCH',
    ]),
    value: z.string().optional(),
  })
  .strict()

export const scopingFilterSchema = z
  .object({ title: z.string().default(''), clauses: z.array(scopingClause).min(1) })
  .strict()

const deprovisionAction = z.enum(['disable', 'delete', 'ignore'])

/** Entra's "Target object actions": which writes the job may make (default all three). */
const objectActions = z
  .array(z.enum(['create', 'update', 'delete']))
  .refine(actions => new Set(actions).size === actions.length, 'lists an action twice')
  .default(['create', 'update', 'delete'])

const usersSection = z
  .object({
    mappings: z.array(mappingSchema).min(1),
    scoping: z.array(scopingFilterSchema).default([]),
    deprovision: z
      .object({
        whenRemoved: deprovisionAction.default('disable'),
        whenOutOfScope: deprovisionAction.default('disable'),
        /** Two-phase deprovisioning: delete accounts that stayed disabled by this job for this many days. */
        deleteDisabledAfterDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict()
      .default({ whenRemoved: 'disable', whenOutOfScope: 'disable' }),
    actions: objectActions,
  })
  .strict()

const groupsSection = z
  .object({
    /** CSV column listing each person's groups; the groups are the distinct values. */
    fromColumn: z.string().min(1).optional(),
    separator: z.string().min(1).default(';'),
    /** Default: `displayName` ← `[name]`, matched on displayName. */
    mappings: z.array(mappingSchema).default([]),
    deprovision: z
      .object({
        /** A group no one in the source has any more: left alone unless the job says delete. */
        whenRemoved: z.enum(['ignore', 'delete']).default('ignore'),
      })
      .strict()
      .default({ whenRemoved: 'ignore' }),
    actions: objectActions,
  })
  .strict()

export const jobSchema = z
  .object({
    /** Stable identifier for state (links, logs); defaults to a slug of the name. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')
      .optional(),
    name: z.string().min(1).max(200),
    source: sourceSchema,
    target: targetSchema,
    users: usersSection,
    groups: groupsSection.optional(),
    safety: z
      .object({
        deletionThreshold: z.number().int().min(0).default(500),
        deletionThresholdPercent: z.number().min(0).max(100).default(20),
        /** Break-glass accounts deprovisioning never touches: account ids, userNames or source ids. */
        protectedAccounts: z.array(z.string().min(1)).default([]),
        /** …or accounts matching these scoping-style filters on their attributes (userName, displayName, email…). */
        protectedFilters: z.array(scopingFilterSchema).default([]),
        quarantine: z
          .object({
            /** Quarantine when more than this share of the run's writes fail… */
            failurePercent: z.number().min(0).max(100).default(40),
            /** …and at least this many failed (small runs are not judged on a ratio). */
            minimumFailures: z.number().int().min(1).default(10),
          })
          .strict()
          .default({ failurePercent: 40, minimumFailures: 10 }),
      })
      .strict()
      .default({
        deletionThreshold: 500,
        deletionThresholdPercent: 20,
        protectedAccounts: [],
        protectedFilters: [],
        quarantine: { failurePercent: 40, minimumFailures: 10 },
      }),
    alerts: z
      .object({
        /** Receives a JSON message when a run fails, is blocked by the threshold, or enters quarantine. */
        webhookUrl: httpUrl.optional(),
        /** The webhook URL kept as a secret (most chat webhooks embed a token): keychain:NAME or env:VAR. */
        webhookUrlRef: secretRef.optional(),
        /** Post to a plain http:// webhook on another machine (its URL and the messages travel in clear). */
        allowInsecureHttp: z.boolean().optional(),
      })
      .strict()
      .superRefine((alerts, context) => {
        const refusal =
          alerts.webhookUrl === undefined
            ? null
            : plainHttpRefusal(
                alerts.webhookUrl,
                "the alert webhook's messages",
                alerts.allowInsecureHttp === true
              )
        if (refusal !== null) context.addIssue({ code: 'custom', path: ['webhookUrl'], message: refusal })
      })
      .default({}),
    /**
     * How often the desktop app runs the job unattended (its scheduler); the CLI ignores it and is
     * scheduled by cron or Task Scheduler. Entra's cycle is 40 minutes.
     */
    schedule: z
      .object({ intervalMinutes: z.number().int().min(5).max(10_080) })
      .strict()
      .optional(),
    logs: z
      .object({
        retentionDays: z.number().int().min(1).max(3650).default(30),
        /** Also write a "skipped: no changes" entry for each unchanged object. */
        unchanged: z.boolean().default(true),
      })
      .strict()
      .default({ retentionDays: 30, unchanged: true }),
  })
  .strict()
  .superRefine((job, context) => {
    // An app template that knows the app's groups cannot be provisioned says so here.
    if (job.target.type === 'csv-handoff') {
      const targets = new Set(job.users.mappings.map(mapping => mapping.target))
      for (const name of Object.keys(job.target.headers).filter(name => !targets.has(name))) {
        context.addIssue({
          code: 'custom',
          path: ['target', 'headers', name],
          message: `no user mapping has the target "${name}"; known: ${[...targets].join(', ')}`,
        })
      }
      if (job.groups !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['groups'],
          message: 'a CSV hand-off target takes user accounts only; remove the groups section',
        })
      }
      return
    }
    const template = job.target.template === undefined ? undefined : findTemplate(job.target.template)
    if (template?.groups === null && job.groups !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['groups'],
        message: `the ${template.name} template: ${template.title} groups cannot be provisioned over SCIM (${template.docUrl}); remove the groups section`,
      })
    }
  })

export type JobConfig = z.infer<typeof jobSchema>
export type MappingConfig = z.infer<typeof mappingSchema>
export type ScopingFilterConfig = z.infer<typeof scopingFilterSchema>
export type ScopingClauseConfig = z.infer<typeof scopingClause>
export type ScheduleConfig = NonNullable<JobConfig['schedule']>
export type SourceConfig = z.infer<typeof sourceSchema>
export type CsvSourceConfig = z.infer<typeof csvSourceSchema>
export type LdapSourceConfig = z.infer<typeof ldapSource>
export type GraphSourceConfig = z.infer<typeof graphSource>
export type ScimSourceConfig = z.infer<typeof scimSource>
export type ScimTargetConfig = z.infer<typeof scimTarget>
export type CsvHandoffTargetConfig = z.infer<typeof csvHandoffTarget>
export type TargetConfig = z.infer<typeof targetSchema>
export type AuthConfig = z.infer<typeof auth>

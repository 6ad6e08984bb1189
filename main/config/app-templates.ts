import { APP_TEMPLATE_DATA } from './app-template-data'

/**
 * App templates: what a known app needs, as data — target settings from its documented limits,
 * default user and group mappings, the attributes it requires, and a link to its SCIM docs
 * (../shared/reference/scim-apps.md and the vendors' pages). A template only fills what the job
 * file leaves out; anything written in the job wins. Facts the vendors do not document are left
 * to the job, never guessed, and every fact names where it comes from (`sources`).
 */

/** A mapping as a job file writes it (see job-schema.ts `mappingSchema`). */
export interface TemplateMapping {
  readonly target: string
  readonly expression: string
  readonly matchingPrecedence?: number
  readonly required?: boolean
  readonly apply?: 'always' | 'on-create'
}

export interface AppTemplate {
  /** What `target.template` names. */
  readonly name: string
  /** The app's name as people know it. */
  readonly title: string
  readonly description: string
  /** The vendor's SCIM documentation. */
  readonly docUrl: string
  /** Defaults for the job's `target` section: documented limits and dialect only. */
  readonly target: Readonly<Record<string, unknown>>
  /**
   * Default user mappings, from Microsoft Entra ID attribute names (as the Graph source gives
   * them, and as Entra's gallery apps map them); used when the job has no `users.mappings`.
   */
  readonly users: ReadonlyArray<TemplateMapping>
  /** Default group mappings for a directory source's groups; null when the app's groups cannot be provisioned. */
  readonly groups: ReadonlyArray<TemplateMapping> | null
  /** Target attributes every account must have in the app (their mappings are `required`). */
  readonly requiredAttributes: ReadonlyArray<string>
  /** What no setting expresses: deprovisioning semantics, credentials, limits left to the job. */
  readonly notes: ReadonlyArray<string>
  /** Where each fact comes from: `target.<setting>`, `users`, `groups`, `requiredAttributes`, `notes[i]`. */
  readonly sources: Readonly<Record<string, string>>
}

export const APP_TEMPLATES: ReadonlyArray<AppTemplate> = APP_TEMPLATE_DATA

export function findTemplate(name: string): AppTemplate | undefined {
  return APP_TEMPLATES.find(template => template.name === name.toLowerCase())
}

/** What the job editor shows for a template: which parts of a job it fills. */
export interface AppTemplateSummary {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly docUrl: string
  /** Job fields the template fills when the job leaves them out, e.g. `target.pageSize`, `users.mappings`. */
  readonly fills: ReadonlyArray<string>
  readonly requiredAttributes: ReadonlyArray<string>
  readonly notes: ReadonlyArray<string>
}

/** Every template, for the job editor's template picker (ordered by title). */
export function listAppTemplates(): AppTemplateSummary[] {
  return [...APP_TEMPLATES]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map(template => ({
      name: template.name,
      title: template.title,
      description: template.description,
      docUrl: template.docUrl,
      fills: [
        ...Object.keys(template.target).map(setting => `target.${setting}`),
        'users.mappings',
        ...(template.groups === null ? [] : ['groups.mappings']),
      ],
      requiredAttributes: template.requiredAttributes,
      notes: template.notes,
    }))
}

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The job document with its target template's defaults filled in where the job is silent: target
 * settings; user mappings when `users.mappings` is absent; group mappings when a `groups` section
 * reads a directory's groups (no `fromColumn`, whose groups have only `[name]`) and has none.
 * Returns the document unchanged when there is no (known) template; an unknown one is reported
 * by the schema check.
 */
export function applyTemplate(document: unknown): unknown {
  if (!isObject(document) || !isObject(document['target'])) return document
  const name = document['target']['template']
  const template = typeof name === 'string' ? findTemplate(name) : undefined
  if (template === undefined) return document
  const filled: JsonObject = { ...document, target: { ...template.target, ...document['target'] } }
  const users = document['users'] ?? {}
  if (isObject(users) && users['mappings'] === undefined) {
    filled['users'] = { ...users, mappings: template.users }
  }
  const groups = document['groups']
  if (
    isObject(groups) &&
    template.groups !== null &&
    groups['mappings'] === undefined &&
    groups['fromColumn'] === undefined
  ) {
    filled['groups'] = { ...groups, mappings: template.groups }
  }
  return filled
}

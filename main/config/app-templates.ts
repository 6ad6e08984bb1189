/**
 * App templates: target settings a known app needs, from its documented limits
 * (../shared/reference/scim-apps.md). A template only fills options the job file leaves out;
 * anything written in the job wins. Facts the vendors do not document are left to the job.
 */
export interface AppTemplate {
  readonly name: string
  readonly description: string
  /** Defaults for the job's `target` section. */
  readonly target: Readonly<Record<string, unknown>>
}

export const APP_TEMPLATES: ReadonlyArray<AppTemplate> = [
  {
    name: 'slack',
    description:
      'Slack (SCIM 2.0): pages up to 1,000, up to 5,000 members per group PATCH recommended, writes 600/min',
    target: { pageSize: 1000, membersPerPatch: 5000, rateLimitPerSecond: 10 },
  },
  {
    name: 'servicenow',
    description: 'ServiceNow SCIM plugin: pages up to 500',
    target: { pageSize: 500 },
  },
  {
    name: 'atlassian',
    description: 'Atlassian Cloud: pages of about 100',
    target: { pageSize: 100 },
  },
  {
    name: 'google',
    description: 'Google Cloud Identity: one member per group PATCH',
    target: { membersPerPatch: 1 },
  },
  {
    name: 'miro',
    description: 'Miro: up to 8,000 members per group PATCH',
    target: { membersPerPatch: 8000 },
  },
  {
    name: 'gitlab',
    description: 'GitLab: PATCH ops spelled Replace/Add',
    target: { patchOps: 'entra' },
  },
  {
    name: 'figma',
    description: 'Figma: filter results up to 200',
    target: { pageSize: 200 },
  },
]

export function findTemplate(name: string): AppTemplate | undefined {
  return APP_TEMPLATES.find(template => template.name === name.toLowerCase())
}

/**
 * The job document with its target template's defaults filled in where the job is silent.
 * Returns the document unchanged when there is no (known) template; an unknown one is reported
 * by the schema check.
 */
export function applyTemplate(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document
  const target = (document as Record<string, unknown>)['target']
  if (typeof target !== 'object' || target === null) return document
  const name = (target as Record<string, unknown>)['template']
  if (typeof name !== 'string') return document
  const template = findTemplate(name)
  if (template === undefined) return document
  return { ...document, target: { ...template.target, ...target } }
}

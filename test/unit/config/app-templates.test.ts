import { describe, expect, it } from 'vitest'
import { APP_TEMPLATES, listAppTemplates } from '../../../main/config/app-templates'
import { jobSchema } from '../../../main/config/job-schema'
import { compileJob } from '../../../main/engine/plan/compile-job'
import { parseScimPath } from '../../../main/mapping/scim-path'
import { jobFileErrorOf, jobObject, parseJob } from '../../helpers/job-fixtures'

const GRAPH_SOURCE = {
  type: 'graph',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '535fb089-9ff3-47b6-9bfb-4f1264799865',
  secretRef: 'keychain:graph-app',
}

/** A job with a template and no user mappings, reading Entra ID. */
function templated(name: string, extra: Record<string, unknown> = {}) {
  const document = jobObject({ target: { template: name }, extra: { source: GRAPH_SOURCE, ...extra } })
  delete (document as { users?: unknown }).users
  return parseJob(JSON.stringify({ ...document, ...extra }, null, 2))
}

describe('app templates: the data', () => {
  it('ship the 7 original templates and at least 12 more, each named once', () => {
    const names = APP_TEMPLATES.map(template => template.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(
      expect.arrayContaining(['slack', 'servicenow', 'atlassian', 'google', 'miro', 'gitlab', 'figma'])
    )
    expect(names.length).toBeGreaterThanOrEqual(19)
  })

  describe.each(APP_TEMPLATES.map(template => [template.name, template] as const))(
    '%s',
    (_name, template) => {
      it('links to the vendor documentation and says where each fact comes from', () => {
        expect(template.docUrl).toMatch(/^https:\/\/[^\s]+$/)
        for (const setting of Object.keys(template.target)) {
          expect(template.sources[`target.${setting}`], `source of target.${setting}`).toBeTruthy()
        }
        for (const part of ['docs', 'users', 'requiredAttributes']) {
          expect(template.sources[part], `source of ${part}`).toBeTruthy()
        }
        if (template.groups !== null) expect(template.sources['groups']).toBeTruthy()
        if (template.notes.length > 0) expect(template.sources['notes']).toBeTruthy()
      })

      it('sets only options the job schema knows, with values it accepts', () => {
        const target = { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } }
        const parsed = jobSchema.shape.target.safeParse({ ...target, ...template.target })
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
      })

      it('marks each required attribute as required in its user mappings', () => {
        for (const attribute of template.requiredAttributes) {
          const mappings = template.users.filter(
            mapping => parseScimPath(mapping.target).attribute === attribute.split('.')[0]
          )
          expect(mappings.length, `a mapping for ${attribute}`).toBeGreaterThan(0)
          expect(
            mappings.some(mapping => mapping.required === true),
            `${attribute} required`
          ).toBe(true)
        }
      })

      it('loads and compiles as a whole job from Entra ID, with its mappings filled in', () => {
        const job = templated(template.name, template.groups === null ? {} : { groups: {} })
        expect(job.config.users.mappings.map(mapping => mapping.target)).toEqual(
          template.users.map(mapping => mapping.target)
        )
        const compiled = compileJob(job)
        expect(compiled.users.matching.length).toBeGreaterThan(0)
        if (template.groups !== null) {
          expect(job.config.groups?.mappings.map(mapping => mapping.target)).toEqual(
            template.groups.map(mapping => mapping.target)
          )
        }
      })
    }
  )
})

describe('app templates: filling a job', () => {
  it('fill user mappings only when the job has none, and the job wins where it says', () => {
    const mine = [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1 }]
    const document = jobObject({
      target: { template: 'notion' },
      mappings: mine,
      extra: { source: GRAPH_SOURCE },
    })
    expect(parseJob(JSON.stringify(document)).config.users.mappings).toEqual([
      { target: 'userName', expression: '[mail]', matchingPrecedence: 1, apply: 'always', required: false },
    ])
  })

  it('keep the users section the job writes (scoping, deprovisioning) around the filled mappings', () => {
    const document = jobObject({ target: { template: 'asana' }, extra: { source: GRAPH_SOURCE } })
    const users = { scoping: [{ clauses: [{ attribute: 'userType', operator: 'EQUALS', value: 'Member' }] }] }
    const job = parseJob(JSON.stringify({ ...document, users }))
    expect(job.config.users.scoping).toHaveLength(1)
    expect(job.config.users.mappings[0]).toMatchObject({
      target: 'userName',
      expression: '[userPrincipalName]',
    })
  })

  it('leave groups from a CSV column alone (they have only [name])', () => {
    const document = jobObject({ target: { template: 'slack' }, extra: { groups: { fromColumn: 'groups' } } })
    expect(parseJob(JSON.stringify(document)).config.groups?.mappings).toEqual([])
  })

  it('refuse groups for an app whose groups cannot be provisioned, at the groups section', () => {
    const text = JSON.stringify(
      { ...jobObject({ target: { template: 'salesforce' }, extra: { source: GRAPH_SOURCE } }), groups: {} },
      null,
      2
    )
    const [issue] = jobFileErrorOf(() => parseJob(text)).issues
    expect(issue).toMatchObject({
      field: 'groups',
      line: text.split('\n').findIndex(line => line.includes('"groups"')) + 1,
    })
    expect(issue?.message).toMatch(
      /the salesforce template: Salesforce groups cannot be provisioned over SCIM/
    )
  })
})

describe('listAppTemplates', () => {
  it('gives the job editor each template with its doc link and what it fills', () => {
    const list = listAppTemplates()
    expect(list).toHaveLength(APP_TEMPLATES.length)
    expect(list.map(item => item.title)).toEqual(
      [...list.map(item => item.title)].sort((a, b) => a.localeCompare(b))
    )
    expect(list.find(item => item.name === 'slack')).toEqual({
      name: 'slack',
      title: 'Slack',
      description: expect.any(String),
      docUrl: 'https://docs.slack.dev/reference/scim-api',
      fills: [
        'target.pageSize',
        'target.membersPerPatch',
        'target.rateLimitPerSecond',
        'users.mappings',
        'groups.mappings',
      ],
      requiredAttributes: ['userName', 'emails'],
      notes: expect.arrayContaining([expect.stringMatching(/deactivates/)]),
    })
    expect(list.find(item => item.name === 'launchdarkly')?.fills).toEqual(['users.mappings'])
  })
})

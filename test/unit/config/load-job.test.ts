import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatJobFileIssue, formatJsonPath, type JobFileIssue } from '../../../main/config/job-file-error'
import type { ScimTargetConfig } from '../../../main/config/job-schema'
import { type LoadedJob, loadJobFile, slugify } from '../../../main/config/load-job'
import { jobFileErrorOf, jobObject, loadJob, parseJob } from '../../helpers/job-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

function scimTargetOf(job: LoadedJob): ScimTargetConfig {
  if (job.config.target.type !== 'scim') throw new Error('expected a SCIM target')
  return job.config.target
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1
  for (let seen = 0; seen < occurrence; seen++) {
    index = text.indexOf(needle, index + 1)
    if (index === -1) throw new Error(`${JSON.stringify(needle)} not in the text`)
  }
  const before = text.slice(0, index)
  const line = before.split('\n').length
  return { line, column: index - before.lastIndexOf('\n') }
}

function shifted(at: { line: number; column: number }, by: number): { line: number; column: number } {
  return { line: at.line, column: at.column + by }
}

function issuesOf(text: string): ReadonlyArray<JobFileIssue> {
  return jobFileErrorOf(() => parseJob(text)).issues
}

const SECRET_MESSAGE =
  'holds a secret inline. Secrets never go in a job file: store it with `provisioner secrets set NAME` and ' +
  'reference it as "secretRef": "keychain:NAME" (or "secretRef": "env:VARIABLE" for automation).'

// Look-alike tokens, spelled in two parts so secret scanners do not take the test for a leak.
const GITHUB_TOKEN_PREFIX = 'ghp' + '_'
const SLACK_TOKEN_PREFIX = 'xox' + 'b-'

describe('job file: JSON syntax', () => {
  it.each<[string, string, number, number, string]>([
    ['a trailing comma', '{\n  "name": "x",\n}\n', 3, 1, 'expected a property name in double quotes'],
    ['an unterminated comment', '{\n  /* note\n  "name": "x"\n}', 2, 3, 'unterminated comment'],
    ['an unterminated string', '{\n  "name": "x\n}', 2, 11, 'unterminated string'],
    ['a missing comma', '{\n  "name": "x"\n  "id": "y"\n}', 3, 3, 'expected ","'],
    ['single quotes', "{\n    'name': 'x'\n}", 2, 5, 'unexpected character'],
    ['an empty file', '', 1, 1, 'expected a value'],
    ['text after the document', '{}\n{}', 2, 1, 'unexpected text after the end of the document'],
  ])('reports %s at line:column', (_label, text, line, column, message) => {
    const [first] = issuesOf(text)
    expect(first).toEqual({ file: 'jobs/job.json', line, column, field: '', message })
  })

  it('accepts // and /* */ comments (the app keeps them when it edits the file), and locates issues after them', () => {
    const valid = JSON.stringify(jobObject(), null, 2).replace(
      '"name": "HR to Demo App",',
      '// Owned by the IT team; reviewed quarterly.\n  "name": "HR to Demo App", /* shown in the app */'
    )
    expect(parseJob(valid).config.name).toBe('HR to Demo App')
    const text = '{\n  // the app\n  "name": 7\n}'
    expect(issuesOf(text)[0]).toMatchObject({ line: 3, column: 11, field: 'name' })
  })

  it('formats an issue as file:line:column: field: message', () => {
    expect(
      formatJobFileIssue({
        file: 'jobs/job.json',
        line: 3,
        column: 7,
        field: 'target.auth.token',
        message: 'bad',
      })
    ).toBe('jobs/job.json:3:7: target.auth.token: bad')
    expect(formatJobFileIssue({ file: 'j.json', line: 1, column: 1, field: '', message: 'bad' })).toBe(
      'j.json:1:1: bad'
    )
    const error = jobFileErrorOf(() => parseJob('{\n  "name": "x",\n}\n'))
    expect(error.message.split('\n')[0]).toBe('jobs/job.json:3:1: expected a property name in double quotes')
  })

  it('names JSON paths the way an admin would write them', () => {
    expect(formatJsonPath(['users', 'mappings', 2, 'expression'])).toBe('users.mappings[2].expression')
    expect(formatJsonPath(['target', 'attributeTypes', 'urn:x:y'])).toBe('target.attributeTypes["urn:x:y"]')
    expect(formatJsonPath([])).toBe('')
  })
})

describe('job file: schema', () => {
  it('refuses an unknown option at its key', () => {
    const text = pretty(jobObject({ target: { pagesize: 50 } }))
    expect(issuesOf(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"pagesize"'),
        field: 'target',
        message: 'unknown option "pagesize"',
      },
    ])
  })

  it('refuses unknown options in a mapping and at the top level', () => {
    const text = pretty(
      jobObject({
        mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1, precedence: 2 }],
        extra: { scheduel: { intervalMinutes: 40 } },
      })
    )
    const issues = issuesOf(text)
    const key = positionOf(text, '"precedence": 2')
    expect(issues).toContainEqual({
      file: 'jobs/job.json',
      line: key.line,
      column: key.column,
      field: 'users.mappings[0]',
      message: 'unknown option "precedence"',
    })
    expect(issues).toContainEqual(
      expect.objectContaining({
        field: '',
        message: 'unknown option "scheduel"',
        ...positionOf(text, '"scheduel"'),
      })
    )
  })

  it('takes a schedule in whole minutes between 5 and a week, and refuses anything else at its place', () => {
    expect(loadJob({ extra: { schedule: { intervalMinutes: 40 } } }).config.schedule).toEqual({
      intervalMinutes: 40,
    })
    expect(loadJob().config.schedule).toBeUndefined()
    for (const [value, message] of [
      [2, 'Too small: expected number to be >=5'],
      [10_081, 'Too big: expected number to be <=10080'],
      [7.5, 'Invalid input: expected int, received number'],
    ] as const) {
      const text = pretty(jobObject({ extra: { schedule: { intervalMinutes: value } } }))
      expect(issuesOf(text)).toEqual([
        {
          file: 'jobs/job.json',
          ...shifted(positionOf(text, `"intervalMinutes": ${value}`), '"intervalMinutes": '.length),
          field: 'schedule.intervalMinutes',
          message,
        },
      ])
    }
  })

  it('reports missing required fields at their parent', () => {
    const withoutName = { ...jobObject() }
    delete withoutName['name']
    expect(issuesOf(pretty(withoutName))).toEqual([
      { file: 'jobs/job.json', line: 1, column: 1, field: 'name', message: 'is required' },
    ])
    const text = pretty(jobObject({ source: { idColumn: undefined } }))
    expect(issuesOf(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '{', 2),
        field: 'source.idColumn',
        message: 'is required',
      },
    ])
  })

  it('says what type was expected instead of "is required" when a value has the wrong type', () => {
    const text = pretty(jobObject({ target: { pageSize: '50' } }))
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({ field: 'target.pageSize', ...positionOf(text, '"50"') })
    expect(issue?.message).not.toBe('is required')
    expect(issue?.message).toMatch(/expected number, received string/)
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an http(s) base URL', { target: { baseUrl: 'ftp://x' } }, 'target.baseUrl', /must be an http\(s\) URL/],
    [
      'a known operator',
      { scoping: [{ clauses: [{ attribute: 'a', operator: 'LIKE', value: 'x' }] }] },
      'users.scoping[0].clauses[0].operator',
      /Invalid option/,
    ],
    ['a valid id', { extra: { id: 'Bad_ID' } }, 'id', /must be lower-case letters, digits and dashes/],
    ['known user actions', { actions: ['create', 'remove'] }, 'users.actions[1]', /Invalid option/],
    ['each action once', { actions: ['update', 'update'] }, 'users.actions', /lists an action twice/],
    [
      'known group actions',
      { extra: { groups: { fromColumn: 'groups', actions: 'create' } } },
      'groups.actions',
      /expected array/,
    ],
    ['at least one mapping', { mappings: [] }, 'users.mappings', /at least 1|>=1|too small/i],
    ['a page size in range', { target: { pageSize: 0 } }, 'target.pageSize', /too small|>=1/i],
  ])('requires %s', (_label, parts, field, message) => {
    const [issue] = issuesOf(pretty(jobObject(parts)))
    expect(issue?.field).toBe(field)
    expect(issue?.message).toMatch(message)
  })

  it('fills defaults for options the file leaves out', () => {
    const job = loadJob()
    expect(job.config.target).toMatchObject({
      patchOps: 'rfc',
      concurrency: 4,
      timeoutMs: 30_000,
    })
    // No page size: listings ask for the largest the server allows (connectors/scim/page-size.ts).
    expect(scimTargetOf(job).pageSize).toBeUndefined()
    expect(job.config.users.deprovision).toEqual({ whenRemoved: 'disable', whenOutOfScope: 'disable' })
    expect(job.config.users.scoping).toEqual([])
    expect(job.config.users.actions).toEqual(['create', 'update', 'delete'])
    expect(job.config.users.mappings[0]).toMatchObject({ apply: 'always', required: false })
    expect(job.config.safety).toEqual({
      deletionThreshold: 500,
      deletionThresholdPercent: 20,
      protectedAccounts: [],
      protectedFilters: [],
      quarantine: { failurePercent: 40, minimumFailures: 10 },
    })
    expect(scimTargetOf(job).retries).toEqual({ maxAttempts: 5, maxWaitSeconds: 120 })
    expect(job.config.alerts).toEqual({})
    expect(job.config.logs).toEqual({ retentionDays: 30, unchanged: true })
    expect(loadJob({ source: { authoritative: undefined } }).config.source.authoritative).toBe(false)
  })
})

describe('job file: inline secrets', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a bearer token',
      { target: { auth: { type: 'bearer', token: 'tok-123' } } },
      'target.auth.token',
      '"tok-123"',
    ],
    [
      'a basic password',
      { target: { auth: { type: 'basic', username: 'svc', password: 'hunter2' } } },
      'target.auth.password',
      '"hunter2"',
    ],
    [
      'a client secret',
      { target: { auth: { type: 'bearer', secretRef: 'env:X', clientSecret: 'cs-999' } } },
      'target.auth.clientSecret',
      '"cs-999"',
    ],
    ['an API key in any case', { source: { APIKEY: 'k-1' } }, 'source.APIKEY', '"k-1"'],
    [
      'a token pasted into secretRef',
      { target: { auth: { type: 'bearer', secretRef: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' } } },
      'target.auth.secretRef',
      '"eyJhbGciOiJIUzI1NiJ9.e30.sig"',
    ],
  ])('refuses %s at its line:column, without repeating it', (_label, parts, field, literal) => {
    const text = pretty(jobObject(parts))
    const error = jobFileErrorOf(() => parseJob(text))
    expect(error.issues).toEqual([
      { file: 'jobs/job.json', ...positionOf(text, literal), field, message: SECRET_MESSAGE },
    ])
    expect(error.message).not.toContain(JSON.parse(literal) as string)
  })

  it('refuses a secret nested in a list', () => {
    const text = pretty(
      jobObject({
        mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1, password: 'p' }],
      })
    )
    expect(issuesOf(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"p"'),
        field: 'users.mappings[0].password',
        message: SECRET_MESSAGE,
      },
    ])
  })

  it('reports every inline secret at once, before any schema problem', () => {
    const text = pretty(
      jobObject({
        target: { auth: { type: 'bearer', token: 'a' }, pagesize: 3 },
        source: { password: 'b' },
      })
    )
    expect(issuesOf(text).map(issue => [issue.field, issue.message === SECRET_MESSAGE])).toEqual([
      ['source.password', true],
      ['target.auth.token', true],
    ])
  })

  it.each<[string, Record<string, unknown>]>([
    ['keychain:NAME', { type: 'bearer', secretRef: 'keychain:demo-app' }],
    ['env:VARIABLE', { type: 'bearer', secretRef: 'env:DEMO_TOKEN' }],
    ['basic with a username', { type: 'basic', username: 'svc', secretRef: 'keychain:svc' }],
    ['no auth', { type: 'none' }],
  ])('accepts %s', (_label, auth) => {
    expect(scimTargetOf(loadJob({ target: { auth } })).auth).toEqual(auth)
  })

  it.each(['keychain:', 'env:', 'vault:x', 'env:A B'])('refuses the malformed reference %j', secretRef => {
    const [issue] = issuesOf(pretty(jobObject({ target: { auth: { type: 'bearer', secretRef } } })))
    expect(issue?.field).toBe('target.auth.secretRef')
    expect(issue?.message).toMatch(/keychain:NAME|holds a secret inline/)
  })

  it('allows empty and non-string values under secret-looking names (nothing to leak)', () => {
    // They are still unknown options, reported as such.
    const [issue] = issuesOf(pretty(jobObject({ target: { auth: { type: 'none', token: '' } } })))
    expect(issue).toMatchObject({ field: 'target.auth', message: 'unknown option "token"' })
  })
})

describe('job file: credentials that are not under a secret key', () => {
  /** The issue for a job whose parts hold one credential, with the position of `needle` in the text. */
  function onlyIssue(parts: Parameters<typeof jobObject>[0], needle: string) {
    const text = pretty(jobObject(parts))
    const error = jobFileErrorOf(() => parseJob(text))
    expect(error.issues).toHaveLength(1)
    return { issue: error.issues[0] as JobFileIssue, at: positionOf(text, needle), message: error.message }
  }

  it('refuses a user name and password in the base URL at the user name, saying to use auth', () => {
    const { issue, at, message } = onlyIssue(
      { target: { baseUrl: 'https://admin:hunter2@app.example.com/scim/v2' } },
      'admin:'
    )
    expect(issue).toMatchObject({ ...at, field: 'target.baseUrl' })
    expect(issue.message).toMatch(/^holds a user name or password in the URL\. /)
    expect(issue.message).toContain('provisioner secrets set NAME')
    expect(issue.message).toContain('"auth"')
    expect(message).not.toContain('hunter2')
  })

  it.each([
    ['api_key', 'https://app.example.com/scim/v2?api_key=k-123'],
    ['token', 'https://app.example.com/scim/v2?tenant=x&token=k-123'],
    ['access_token', 'https://app.example.com/scim/v2?access_token=k-123#top'],
    ['X-Api-Key', 'https://app.example.com/scim/v2?X-Api-Key=k-123'],
    ['sig', 'https://app.example.com/scim/v2?sv=1&sig=k-123'],
    ['code', 'https://app.example.com/api/scim?code=k-123'],
  ])('refuses a %s query parameter in the base URL at the parameter', (name, baseUrl) => {
    const { issue, at, message } = onlyIssue({ target: { baseUrl } }, `${name}=`)
    expect(issue).toMatchObject({ ...at, field: 'target.baseUrl' })
    expect(issue.message).toContain(`a credential ("${name}=…") in the URL`)
    expect(message).not.toContain('k-123')
  })

  it('refuses each credential in an inline webhook URL, saying to keep the whole URL in the keychain', () => {
    const text = pretty(
      jobObject({
        extra: {
          alerts: { webhookUrl: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=AIzaK1&token=T2' },
        },
      })
    )
    const issues = issuesOf(text)
    expect(issues.map(issue => [issue.field, issue.line, issue.column])).toEqual([
      ['alerts.webhookUrl', positionOf(text, 'key=').line, positionOf(text, 'key=').column],
      ['alerts.webhookUrl', positionOf(text, 'token=').line, positionOf(text, 'token=').column],
    ])
    expect(issues[0]?.message).toContain('"webhookUrlRef": "keychain:NAME"')
  })

  it.each([
    ['a GitHub token', `keychain:${GITHUB_TOKEN_PREFIX}0123456789abcdefABCDEF0123456789abcd`],
    ['a Slack token', `keychain:${SLACK_TOKEN_PREFIX}1234567890-0987654321-AbCdEfGhIjKlMnOp`],
    ['a JWT', 'env:eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['an API key of random letters and digits', 'keychain:Mh4LYcJD1SOYaKkc4L1L8CNlPMyIAo8q'],
    ['a hex key', 'keychain:57b067d860bfcfe13cdd9facf614d74f'],
    ['a very long name', `keychain:${'scim-'.repeat(13)}x`],
  ])('refuses %s pasted as a secret reference name', (_label, secretRef) => {
    const { issue, at, message } = onlyIssue(
      { target: { auth: { type: 'bearer', secretRef } } },
      JSON.stringify(secretRef)
    )
    expect(issue).toMatchObject({ ...at, field: 'target.auth.secretRef' })
    expect(issue.message).toMatch(/^looks like a token pasted in place of a name\. /)
    expect(issue.message).toContain('provisioner secrets set NAME')
    expect(message).not.toContain(secretRef.slice(secretRef.indexOf(':') + 1))
  })

  it('refuses a token pasted as the webhook reference name', () => {
    const text = pretty(
      jobObject({
        extra: { alerts: { webhookUrlRef: `keychain:${SLACK_TOKEN_PREFIX}123456789012-abcdefABCDEF1234` } },
      })
    )
    expect(issuesOf(text).map(issue => issue.field)).toEqual(['alerts.webhookUrlRef'])
  })

  it.each([
    'keychain:demo-app',
    'keychain:okta-prod-scim-token',
    'keychain:ServiceNowProdToken2025v2',
    'keychain:AtlassianCloudScimToken2024',
    'env:SCIM_TOKEN',
    'env:ALERTS_WEBHOOK_URL_PRODUCTION_EU',
    'keychain:sk-prod',
  ])('accepts the name %j', secretRef => {
    expect(scimTargetOf(loadJob({ target: { auth: { type: 'bearer', secretRef } } })).auth).toEqual({
      type: 'bearer',
      secretRef,
    })
  })

  it.each([
    'https://app.example.com/scim/v2',
    'https://app.example.com/scim/v2?tenant=acme&count=100',
    'https://app.example.com/scim/v2?token=',
    'https://app.example.com/scim/v2#token=x',
    'https://app.example.com/users/a@b/scim',
  ])('accepts the URL %j', baseUrl => {
    expect(scimTargetOf(loadJob({ target: { baseUrl } })).baseUrl).toBe(baseUrl)
  })
})

describe('job file: credentials over plain http', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a bearer token', { type: 'bearer', secretRef: 'env:T' }, 'the bearer token'],
    ['a password', { type: 'basic', username: 'svc', secretRef: 'env:T' }, 'the password'],
  ])('refuses %s sent over http:// to another machine, at the URL, with the advice', (_label, auth, what) => {
    const text = pretty(jobObject({ target: { baseUrl: 'http://app.example.com:8080/scim/v2', auth } }))
    expect(issuesOf(text)).toEqual([
      {
        file: 'jobs/job.json',
        ...positionOf(text, '"http://app.example.com'),
        field: 'target.baseUrl',
        message:
          `would send ${what} over plain http:// to app.example.com:8080, where anyone on the network can ` +
          'read it. Use https://; only on a private network you trust, set "allowInsecureHttp": true beside it ' +
          '(localhost and 127.0.0.1 are always allowed)',
      },
    ])
  })

  it.each([
    'http://127.0.0.1:8700/scim/v2',
    'http://127.45.6.7/scim/v2',
    'http://localhost:8700/scim/v2',
    'http://LOCALHOST./scim/v2',
    'http://[::1]:8700/scim/v2',
    'https://app.example.com/scim/v2',
  ])('sends credentials to %s', baseUrl => {
    expect(scimTargetOf(loadJob({ target: { baseUrl } })).allowInsecureHttp).toBe(false)
  })

  it.each([
    'http://10.0.0.5/scim/v2',
    'http://128.0.0.1/scim/v2',
    'http://localhost.example.com/scim/v2',
    'http://[::2]/scim/v2',
    'http://[::ffff:10.0.0.1]/scim/v2',
  ])('refuses credentials over http to %s', baseUrl => {
    expect(issuesOf(pretty(jobObject({ target: { baseUrl } }))).map(issue => issue.field)).toEqual([
      'target.baseUrl',
    ])
  })

  it('allows http to another machine when the job says so, or when no credential is sent', () => {
    const baseUrl = 'http://scim.internal/scim/v2'
    expect(scimTargetOf(loadJob({ target: { baseUrl, allowInsecureHttp: true } })).baseUrl).toBe(baseUrl)
    expect(scimTargetOf(loadJob({ target: { baseUrl, auth: { type: 'none' } } })).baseUrl).toBe(baseUrl)
  })

  it('holds an inline alert webhook URL to the same rule, with its own switch', () => {
    const webhookUrl = 'http://hooks.example.com/notify'
    const text = pretty(jobObject({ extra: { alerts: { webhookUrl } } }))
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        ...positionOf(text, `"${webhookUrl}"`),
        field: 'alerts.webhookUrl',
        message: expect.stringMatching(
          /^would send the alert webhook's messages over plain http:\/\/ to hooks/
        ),
      }),
    ])
    const allowed = loadJob({ extra: { alerts: { webhookUrl, allowInsecureHttp: true } } })
    expect(allowed.config.alerts.webhookUrl).toBe(webhookUrl)
    expect(loadJob({ extra: { alerts: { webhookUrl: 'http://127.0.0.1:9/hook' } } }).config.alerts).toEqual({
      webhookUrl: 'http://127.0.0.1:9/hook',
    })
  })
})

describe('job file: id and files', () => {
  it.each<[string, string]>([
    ['HR to Demo App', 'hr-to-demo-app'],
    ['  Zürich → Büro (Prod)  ', 'zurich-buro-prod'],
    ['!!!', 'job'],
    ['A'.repeat(80), 'a'.repeat(63)],
  ])('slugs %j to %j', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it('defaults the id to a slug of the name and keeps an explicit id', () => {
    expect(loadJob({ extra: { name: 'Payroll → Slack' } }).id).toBe('payroll-slack')
    expect(loadJob({ extra: { name: 'Payroll', id: 'payroll-v2' } }).id).toBe('payroll-v2')
  })

  it('loads a file relative to a folder, with a byte-order mark', () => {
    const dir = makeTempDir()
    writeFileSync(join(dir, 'job.json'), `\uFEFF${pretty(jobObject())}`)
    const job = loadJobFile('job.json', dir)
    expect(job).toMatchObject({
      id: 'hr-to-demo-app',
      file: join(dir, 'job.json'),
      displayFile: 'job.json',
      directory: dir,
    })
  })

  it('reports a missing file as a job file error', () => {
    const dir = makeTempDir()
    const error = jobFileErrorOf(() => loadJobFile('nope.json', dir))
    expect(error.issues).toEqual([
      { file: 'nope.json', line: 1, column: 1, field: '', message: 'cannot read job file: file not found' },
    ])
  })
})

describe('app templates', () => {
  it('fill in the target settings the job leaves out, and the job wins where it says', () => {
    const slack = loadJob({ target: { template: 'slack' } })
    expect(slack.config.target).toMatchObject({
      pageSize: 1000,
      membersPerPatch: 5000,
      rateLimitPerSecond: 10,
    })
    const mine = loadJob({ target: { template: 'slack', pageSize: 200 } })
    expect(scimTargetOf(mine).pageSize).toBe(200)
    expect(scimTargetOf(loadJob({ target: { template: 'GitLab' } })).patchOps).toBe('entra')
  })

  it('refuse an unknown template at its place, naming the known ones', () => {
    const text = pretty(jobObject({ target: { template: 'slak' } }))
    const [issue] = issuesOf(text)
    expect(issue).toMatchObject({ field: 'target.template', ...positionOf(text, '"slak"') })
    expect(issue?.message).toMatch(/unknown app template; known: slack, servicenow/)
  })
})

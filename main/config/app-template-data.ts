import type { AppTemplate, TemplateMapping } from './app-templates'

/**
 * The app templates (see app-templates.ts). Each fact comes from the page named in `sources`;
 * `scim-apps.md §N` is the project's reference (../shared/reference/scim-apps.md), which quotes
 * the vendor's pages and Microsoft Entra's gallery tutorials. Limits marked n/v there are left to
 * the job and said in `notes`.
 *
 * Mappings read Microsoft Entra ID attribute names (`[userPrincipalName]`, `[mail]` …).
 */

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const userName = (expression = '[userPrincipalName]', matchingPrecedence = 1): TemplateMapping => ({
  target: 'userName',
  expression,
  matchingPrecedence,
  required: true,
})
const givenName: TemplateMapping = { target: 'name.givenName', expression: '[givenName]' }
const familyName: TemplateMapping = { target: 'name.familyName', expression: '[surname]' }
const displayName: TemplateMapping = { target: 'displayName', expression: '[displayName]' }
const formattedName: TemplateMapping = { target: 'name.formatted', expression: '[displayName]' }
const workEmail: TemplateMapping = { target: 'emails[type eq "work"].value', expression: '[mail]' }
const title: TemplateMapping = { target: 'title', expression: '[jobTitle]' }
const department: TemplateMapping = { target: `${ENTERPRISE}:department`, expression: '[department]' }
const active: TemplateMapping = { target: 'active', expression: '[accountEnabled]' }
const required = (mapping: TemplateMapping): TemplateMapping => ({ ...mapping, required: true })

/** Entra's default group mapping: the group's name, matched on it. */
const GROUPS_BY_NAME: ReadonlyArray<TemplateMapping> = [
  { target: 'displayName', expression: '[displayName]', matchingPrecedence: 1 },
]

const SLACK: AppTemplate = {
  name: 'slack',
  title: 'Slack',
  description:
    'Slack (SCIM 2.0): pages up to 1,000, up to 5,000 members per group PATCH recommended, writes 600/min',
  docUrl: 'https://docs.slack.dev/reference/scim-api',
  target: { pageSize: 1000, membersPerPatch: 5000, rateLimitPerSecond: 10 },
  users: [
    userName(),
    required(workEmail),
    givenName,
    familyName,
    // Entra's Slack connector sets displayName only on create (2020-06-16).
    { ...displayName, apply: 'on-create' },
    title,
    active,
  ],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName', 'emails'],
  notes: [
    'DELETE /Users deactivates the account (it is not deleted).',
    'userName is at most 21 characters; an e-mail address is turned into a Slack username.',
    'One write at a time per user or group: concurrent writes answer 429 (Provisioner waits and retries).',
    'The token needs the admin scope, from an Owner/Admin (Business+) or an org-level install (Enterprise Grid).',
  ],
  sources: {
    docs: 'docs.slack.dev/reference/scim-api (scim-apps.md §1)',
    'target.pageSize': 'api.slack.com/changelog/2019-06-have-scim-will-paginate: count at most 1000',
    'target.membersPerPatch':
      'docs.slack.dev/reference/scim-api: up to 15,000 users per call, batches of 5,000 or fewer recommended',
    'target.rateLimitPerSecond':
      'docs.slack.dev/reference/scim-api/rate-limits: writes 600 per minute, org-wide',
    users:
      'Entra slack-provisioning-tutorial.md (matching on userName and email; displayName on create only)',
    groups: 'docs.slack.dev/reference/scim-api: displayName and members required',
    requiredAttributes: 'docs.slack.dev/reference/scim-api: userName required, at least one email required',
    notes: 'docs.slack.dev/reference/scim-api and rate-limits (scim-apps.md §1)',
  },
}

const SERVICENOW: AppTemplate = {
  name: 'servicenow',
  title: 'ServiceNow',
  description: 'ServiceNow SCIM v2 plugin: pages up to 500; delete removes the user record',
  docUrl: 'https://www.servicenow.com/docs/r/api-reference/rest-apis/scim-api.html',
  target: { pageSize: 500 },
  users: [userName(), givenName, familyName, displayName, workEmail, title, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'DELETE /Users deletes the sys_user record: keep deprovisioning on disable (active=false), the default.',
    'Filters do not support NOT; externalId filters only with eq.',
    'Needs the com.snc.integration.scim2 plugin and a user with the scim_admin role.',
  ],
  sources: {
    docs: 'ServiceNowDocs scim-api.md, Australia release (scim-apps.md §7)',
    'target.pageSize': 'scim-api.md: count default 10, at most 500 (more answers 400)',
    users:
      'scim-api.md: core attributes mapped to sys_user (user_name, first_name, last_name, email, title, active)',
    groups: 'scim-api.md: Group resource with displayName and members',
    requiredAttributes: 'scim-api.md: userName maps to user_name',
    notes: 'scim-api.md (scim-apps.md §7)',
  },
}

const ATLASSIAN: AppTemplate = {
  name: 'atlassian',
  title: 'Atlassian Cloud',
  description: 'Atlassian Cloud user provisioning: pages of about 100; users only on verified domains',
  docUrl: 'https://developer.atlassian.com/cloud/admin/user-provisioning/rest/intro/',
  target: { pageSize: 100 },
  users: [userName(), required(workEmail), givenName, familyName, displayName, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName', 'emails'],
  notes: [
    'A user can be created only with an e-mail on a verified domain.',
    'DELETE deactivates the account and deletes its SCIM record; keep deprovisioning on disable.',
    'Group renames are not supported; groups do not nest.',
    'Filters: one exact eq on userName or externalId. Entra matches users by e-mail.',
  ],
  sources: {
    docs: 'developer.atlassian.com/cloud/admin/user-provisioning/rest/intro (scim-apps.md §4)',
    'target.pageSize': 'Atlassian KB "fetch all users via SCIM": first max 100 users per page',
    users:
      'Entra atlassian-cloud-provisioning-tutorial.md: userName, active, name, emails[type eq "work"].value',
    groups: 'Entra atlassian-cloud-provisioning-tutorial.md: groups matched by displayName',
    requiredAttributes: 'user-provisioning REST intro: a user is created with an e-mail on a verified domain',
    notes: 'scim-apps.md §4',
  },
}

const GOOGLE: AppTemplate = {
  name: 'google',
  title: 'Google Cloud Identity',
  description: 'Google Cloud Identity SCIM: one member per group PATCH; listings need a filter',
  docUrl: 'https://docs.cloud.google.com/identity/docs/scim/reference/rest',
  target: { membersPerPatch: 1 },
  users: [userName(), givenName, familyName, workEmail, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'No pagination, and listing users requires a userName eq filter: a full run cannot list the accounts.',
    'A user PATCH takes at most 20 operations; a group PATCH at most 2, and 1 member add or remove.',
    'OAuth 2.0 scopes (admin.directory.user, cloud-identity.groups), not a static token.',
  ],
  sources: {
    docs: 'docs.cloud.google.com/identity/docs/scim/reference/rest (scim-apps.md §12)',
    'target.membersPerPatch': 'customers.v2.Groups/patch: at most 1 member add or remove per request',
    users: 'customers.v2.Users: core user attributes',
    groups: 'customers.v2.Groups: displayName, members',
    requiredAttributes: 'customers.v2.Users/list: userName is the only filterable attribute',
    notes: 'scim-apps.md §12',
  },
}

const MIRO: AppTemplate = {
  name: 'miro',
  title: 'Miro',
  description: 'Miro: up to 8,000 members per team PATCH; teams cannot be created over SCIM',
  docUrl: 'https://developers.miro.com/docs/scim',
  target: { membersPerPatch: 8000 },
  users: [userName('[mail]'), displayName, givenName, familyName, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'userName is the e-mail address; displayName at most 60 characters.',
    'Groups are teams: they must exist in Miro with the same name; SCIM cannot create or delete them.',
    'DELETE deletes the user completely; active=false deactivates (keep deprovisioning on disable).',
    'Per-endpoint limits per 30 s (GET Groups 5, DELETE User 20, PATCH User 100) are left to the job.',
  ],
  sources: {
    docs: 'developers.miro.com/docs/scim (scim-apps.md §11)',
    'target.membersPerPatch':
      'developers.miro.com/reference/patchgroup: at most 8,000 members or 800,000 bytes (413)',
    users: 'developers.miro.com/docs/users: userName = email, displayName, name, active',
    groups: 'Entra miro-provisioning-tutorial.md: teams matched by name',
    requiredAttributes: 'developers.miro.com/docs/users: userName (email) mandatory',
    notes: 'scim-apps.md §11',
  },
}

const GITLAB: AppTemplate = {
  name: 'gitlab',
  title: 'GitLab',
  description: 'GitLab group SCIM: PATCH ops spelled Replace/Add; eq filters only',
  docUrl: 'https://docs.gitlab.com/user/group/saml_sso/scim_setup/',
  target: { patchOps: 'entra' },
  users: [
    userName(),
    { target: 'externalId', expression: '[id]', matchingPrecedence: 2, required: true },
    required(workEmail),
    required(givenName),
    required(familyName),
    active,
  ],
  groups: null,
  requiredAttributes: ['externalId', 'userName', 'emails', 'name'],
  notes: [
    'Only users: groups are not provisioned over GitLab SCIM.',
    'PATCH updates only externalId and active; name, e-mail and userName changes are not applied.',
    'Group level: active=false removes the SSO identity and membership.',
  ],
  sources: {
    docs: 'GitLab SCIM API doc (scim-apps.md §17)',
    'target.patchOps': 'GitLab SCIM API doc: PATCH ops Replace / Add (capitalised)',
    users: 'GitLab SCIM API doc: create requires externalId, userName, emails (work) and name',
    requiredAttributes: 'GitLab SCIM API doc: create requires externalId, userName, emails, name',
    notes: 'GitLab SCIM API doc and issue 363058 (scim-apps.md §17)',
  },
}

const FIGMA: AppTemplate = {
  name: 'figma',
  title: 'Figma',
  description: 'Figma: filter results up to 200; active=false removes the user from the org',
  docUrl: 'https://developers.figma.com/docs/rest-api/scim/',
  target: { pageSize: 200 },
  users: [userName('[mail]'), displayName, givenName, familyName, title, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'userName is the e-mail (at most 100 characters); changing it changes the Figma e-mail.',
    'Listings show only users provisioned over SCIM: existing accounts are not found until linked.',
    'active=false is a soft delete: the user leaves the organisation, the SCIM record stays.',
  ],
  sources: {
    docs: 'developers.figma.com/docs/rest-api/scim (scim-apps.md §14)',
    'target.pageSize': 'scim ServiceProviderConfig: filter maxResults 200',
    users: 'scim-supported-schemas: userName (email), displayName, givenName, familyName, title, active',
    groups: 'scim-supported-schemas: Group displayName, members',
    requiredAttributes: 'scim-supported-schemas: userName = email',
    notes: 'scim-apps.md §14',
  },
}

const ZOOM: AppTemplate = {
  name: 'zoom',
  title: 'Zoom',
  description: 'Zoom SCIM2 (OAuth tokens; PATCH is "Deactivate a user", DELETE deletes)',
  docUrl: 'https://developers.zoom.us/docs/api/rest/scim-api/',
  target: {},
  users: [userName(), active, givenName, familyName, workEmail, department],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'OAuth only (Server-to-Server OAuth app, scope scim2): bearer tokens of the old kind were removed in 2023.',
    'PATCH is the documented deactivation; DELETE deletes the user (keep deprovisioning on disable).',
    'At most 9,999 basic users.',
    'Rate limits are per account, by endpoint label (List groups is Medium: 20/s on Pro, 60/s on Business+): set target.rateLimitPerSecond for your plan.',
    'Page size is not documented: left to the job.',
  ],
  sources: {
    docs: 'developers.zoom.us/docs/api/rest/scim-api (scim-apps.md §2)',
    users:
      'Entra zoom-provisioning-tutorial.md: userName (matching), active, name.givenName, name.familyName, emails[type eq "work"], department',
    groups: 'Zoom SCIM2 OpenAPI: Groups GET, POST, PATCH, DELETE',
    requiredAttributes: 'Entra zoom-provisioning-tutorial.md: userName required',
    notes:
      'Zoom SCIM2 OpenAPI, marketplace.zoom.us rate limits, Entra tutorial limitations (scim-apps.md §2)',
  },
}

const GITHUB_EMU: AppTemplate = {
  name: 'github-emu',
  title: 'GitHub Enterprise Managed Users',
  description: 'GitHub EMU: users matched on externalId; DELETE is an irreversible hard deprovision',
  docUrl:
    'https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/provisioning-user-accounts-with-scim/provisioning-users-and-groups-with-scim-using-the-rest-api',
  target: {},
  users: [
    { target: 'externalId', expression: '[id]', matchingPrecedence: 1, required: true },
    userName('[userPrincipalName]', 2),
    displayName,
    givenName,
    familyName,
    workEmail,
    active,
  ],
  groups: [
    { target: 'externalId', expression: '[id]', matchingPrecedence: 1 },
    { target: 'displayName', expression: '[displayName]' },
  ],
  requiredAttributes: ['userName', 'externalId'],
  notes: [
    'DELETE is a hard deprovision and cannot be undone: keep deprovisioning on disable (active=false suspends, reversibly).',
    'Do not provision more than 1,000 users per hour, nor add more than 1,000 users to a group per hour.',
    'Authenticate with a personal access token (classic) of the setup user, scope scim:enterprise.',
    'One filter at a time; endpoints are case-sensitive; provision users before groups.',
  ],
  sources: {
    docs: 'github/docs provisioning-users-and-groups-with-scim-using-the-rest-api.md (scim-apps.md §3)',
    users:
      'Entra github-enterprise-managed-user-provisioning-tutorial.md: externalId (matching), userName, active, displayName, name, emails',
    groups: 'Entra github-enterprise-managed-user-provisioning-tutorial.md: groups matched on externalId',
    requiredAttributes: 'github/docs: SAML NameID must equal SCIM userName; Entra checks externalId first',
    notes: 'deprovisioning-and-reinstating-users.md, emu-scim-rate-limit-details.md (scim-apps.md §3)',
  },
}

const SALESFORCE: AppTemplate = {
  name: 'salesforce',
  title: 'Salesforce',
  description: 'Salesforce SCIM: users only (public groups cannot be created); deactivated, never deleted',
  docUrl: 'https://help.salesforce.com/s/articleView?id=sf.identity_scim_overview.htm',
  target: { pageSize: 200 },
  users: [userName(), required(workEmail), givenName, familyName, displayName, active],
  groups: null,
  requiredAttributes: ['userName', 'emails'],
  notes: [
    'Users are deactivated (active=false), never deleted: keep deprovisioning on disable.',
    'The Salesforce Username is unique across all Salesforce tenants.',
    'Public groups can only be read and updated, and member changes use a nested body Provisioner does not send: provision users only.',
  ],
  sources: {
    docs: 'help.salesforce.com identity_scim_overview (scim-apps.md §6)',
    'target.pageSize': 'identity_scim_rest_api ServiceProviderConfigs: filter maxResults 200',
    users: 'identity_scim_rest_api: Users create, read, update, deactivate',
    requiredAttributes:
      'Entra salesforce-provisioning-tutorial.md: SalesforceRequiredFieldMissing (e-mail required)',
    notes: 'identity_scim_manage_groups, identity_scim_implementation (scim-apps.md §6)',
  },
}

const AWS: AppTemplate = {
  name: 'aws-identity-center',
  title: 'AWS IAM Identity Center',
  description: 'AWS IAM Identity Center: 100 members per group PATCH, pages of 100; names required',
  docUrl: 'https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html',
  target: { membersPerPatch: 100, pageSize: 100 },
  users: [
    userName(),
    required(givenName),
    required(familyName),
    required(displayName),
    workEmail,
    title,
    department,
    active,
  ],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName', 'name.givenName', 'name.familyName', 'displayName'],
  notes: [
    'Listings page by cursor (newer docs) or return at most 50 (older docs) and ignore startIndex: a listing of more than one page is refused as "server ignores startIndex".',
    'GetGroup and ListGroups return no members.',
    'e-mails, phone numbers and addresses hold one value each.',
    'An access token is valid for a year; at most two exist at a time.',
  ],
  sources: {
    docs: 'docs.aws.amazon.com/singlesignon/latest/developerguide (scim-apps.md §8)',
    'target.membersPerPatch': 'developerguide/patchgroup: at most 100 membership changes per request',
    'target.pageSize': 'developerguide/listusers: count 1 to 100, default 100',
    users: 'Entra aws-single-sign-on-provisioning-tutorial.md: userName matching; userguide attributes',
    groups: 'Entra aws-single-sign-on-provisioning-tutorial.md: groups matched on displayName',
    requiredAttributes:
      'userguide provision-automatically: userName, givenName, familyName and displayName required',
    notes: 'developerguide listusers, getgroup, limitations; userguide rotate-token (scim-apps.md §8)',
  },
}

const NOTION: AppTemplate = {
  name: 'notion',
  title: 'Notion',
  description: 'Notion SCIM: members only (no guests); the token dies with its workspace owner',
  docUrl: 'https://www.notion.com/help/provision-users-and-groups-with-scim',
  target: {},
  users: [userName(), required(formattedName), required(active), workEmail],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName', 'name.formatted', 'active'],
  notes: [
    'The SCIM token belongs to a workspace owner and is revoked when that owner leaves or changes role.',
    'Guests cannot be managed over SCIM.',
    'Page size, rate limits and what DELETE does are not documented: left to the job.',
  ],
  sources: {
    docs: 'notion.com/help/provision-users-and-groups-with-scim (scim-apps.md §13)',
    users: 'Entra notion-provisioning-tutorial.md: userName (matching), name.formatted, active required',
    groups: 'Entra notion-provisioning-tutorial.md: displayName (matching), members',
    requiredAttributes: 'Entra notion-provisioning-tutorial.md',
    notes: 'notion.com/help/provision-users-and-groups-with-scim (scim-apps.md §13)',
  },
}

const ASANA: AppTemplate = {
  name: 'asana',
  title: 'Asana',
  description: 'Asana SCIM: userName is an e-mail; full name in name.formatted; deprovisioning "zombifies"',
  docUrl: 'https://developers.asana.com/docs/scim',
  target: {},
  users: [userName(), formattedName, workEmail, title, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'userName must be an e-mail address.',
    'name.givenName and name.familyName cannot be changed by PATCH: the full name goes in name.formatted.',
    'active=false and DELETE both deprovision ("zombify") the user.',
    'Users can be filtered by userName only; guests are not listed.',
    'Only service accounts of Enterprise domains can use SCIM.',
  ],
  sources: {
    docs: 'developers.asana.com/docs/scim',
    users:
      'developers.asana.com/docs/scim, accepted attributes: userName, name.formatted, emails, title, active',
    groups: 'developers.asana.com/docs/group-endpoints',
    requiredAttributes: 'developers.asana.com/docs/scim: userName required, an e-mail address',
    notes: 'developers.asana.com/docs/scim, user endpoints',
  },
}

const TABLEAU: AppTemplate = {
  name: 'tableau',
  title: 'Tableau Cloud',
  description: 'Tableau Cloud SCIM: needs SAML and SCIM enabled on the site; limits not documented',
  docUrl: 'https://help.tableau.com/current/api/scim-api/en-us/index.html',
  target: {},
  users: [userName()],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'A site admin enables SAML authentication and SCIM on the site; the SCIM secret is the bearer token.',
    'Site roles and licences have their own methods; base URL, page size, filters and limits are not documented: left to the job.',
  ],
  sources: {
    docs: 'help.tableau.com/current/api/scim-api (scim-apps.md §18)',
    users: 'Tableau SCIM API: Add, Get, List, Update, Delete users',
    groups: 'Tableau SCIM API: Create group, Change Group Name, Add/Remove Members',
    requiredAttributes: 'Tableau SCIM API: users are identified by userName',
    notes: 'help.tableau.com/current/api/scim-api, requirements (scim-apps.md §18)',
  },
}

const SNOWFLAKE: AppTemplate = {
  name: 'snowflake',
  title: 'Snowflake',
  description: 'Snowflake SCIM: groups are roles; the token lasts six months',
  docUrl: 'https://docs.snowflake.com/en/user-guide/scim-intro',
  target: {},
  users: [userName(), givenName, familyName, displayName, workEmail, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'Groups are Snowflake roles; the SCIM role must own the users and roles it manages.',
    'Before bundle 2026_03 an unfiltered listing returns one sample object: enable the bundle before a full run.',
    'The SCIM access token is valid for 6 months (SYSTEM$GENERATE_SCIM_ACCESS_TOKEN).',
  ],
  sources: {
    docs: 'docs.snowflake.com/user-guide/scim-intro (scim-apps.md §15)',
    users: 'scim-user-api-reference: userName, name, emails, displayName, active',
    groups: 'scim-intro: groups are roles',
    requiredAttributes: 'scim-user-api-reference: userName maps to NAME / LOGIN_NAME',
    notes: 'scim-intro, release note bcr-2276 (scim-apps.md §15)',
  },
}

const DATABRICKS: AppTemplate = {
  name: 'databricks',
  title: 'Databricks',
  description: 'Databricks account SCIM v2.1: filters up to 200 nodes; limits on the Resource limits page',
  docUrl: 'https://docs.databricks.com/aws/en/reference/scim-2-1',
  target: {},
  users: [userName(), displayName, workEmail, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'Use the account-level SCIM API; workspace-level SCIM is legacy.',
    'Filters are limited to 200 nodes (Provisioner sends one comparison at a time).',
    'Rate limits are on the Resource limits page: set target.rateLimitPerSecond from it.',
  ],
  sources: {
    docs: 'docs.databricks.com/aws/en/reference/scim-2-1 (scim-apps.md §16)',
    users: 'Account SCIM v2.1 API reference: users',
    groups: 'Account SCIM v2.1 API reference: groups',
    requiredAttributes: 'Account SCIM v2.1 API reference: userName',
    notes: 'scim-2-1 Limits (scim-apps.md §16)',
  },
}

const DATADOG: AppTemplate = {
  name: 'datadog',
  title: 'Datadog',
  description: 'Datadog SCIM (api/v2/scim on your site): users; teams for select organisations',
  docUrl: 'https://docs.datadoghq.com/api/latest/scim/',
  target: {},
  users: [userName(), workEmail, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'The base URL depends on the Datadog site, e.g. https://api.datadoghq.com/api/v2/scim or https://api.datadoghq.eu/api/v2/scim.',
    'Groups are Datadog teams, available over SCIM only to select organisations.',
    'The credential needs the user_access_invite and user_access_manage permissions.',
  ],
  sources: {
    docs: 'docs.datadoghq.com/api/latest/scim',
    users: 'docs.datadoghq.com/api/latest/scim: List/Create user',
    groups: 'docs.datadoghq.com/api/latest/scim/list-groups',
    requiredAttributes: 'docs.datadoghq.com/api/latest/scim: Create user',
    notes: 'docs.datadoghq.com/api/latest/scim: endpoints per site, permissions, teams note',
  },
}

const LAUNCHDARKLY: AppTemplate = {
  name: 'launchdarkly',
  title: 'LaunchDarkly',
  description: 'LaunchDarkly SCIM: members only (teams only through Okta); DELETE deactivates',
  docUrl: 'https://launchdarkly.com/docs/home/account/scim-api-endpoints',
  target: {},
  users: [userName(), givenName, familyName, workEmail, active],
  groups: null,
  requiredAttributes: ['userName'],
  notes: [
    'Base URL https://app.launchdarkly.com/trust/scim/v2.',
    'DELETE deactivates the member.',
    'Group endpoints serve only the Okta integration: teams are not provisioned from here.',
  ],
  sources: {
    docs: 'launchdarkly.com/docs/home/account/scim-api-endpoints',
    users: 'scim-api-endpoints: /Users create, get, list, PUT, PATCH',
    requiredAttributes: 'scim-api-endpoints: /Users',
    notes: 'scim-api-endpoints: base URL, DELETE (deactivate), group endpoints only for Okta',
  },
}

const PULUMI: AppTemplate = {
  name: 'pulumi',
  title: 'Pulumi Cloud',
  description: 'Pulumi Cloud SCIM: pages of at most 100 users; userName cannot change; soft deprovisioning',
  docUrl: 'https://www.pulumi.com/docs/administration/concepts/scim/',
  target: { pageSize: 100 },
  users: [userName('[mailNickname]'), workEmail, displayName, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'Base URL https://api.pulumi.com/scim/v2/{orgName}; the organisation must use SAML SSO.',
    'userName is immutable: a person whose userName changes fails with 400 (immutability).',
    'Deprovisioning is soft: a user is never deleted.',
    'Filters: userName eq for users and displayName eq for groups only.',
  ],
  sources: {
    docs: 'pulumi.com/docs/administration/concepts/scim',
    'target.pageSize':
      'pulumi.com/docs/administration/concepts/scim: pagination for users, at most 100 per page',
    users: 'pulumi.com/docs/pulumi-cloud/access-management/scim/azuread: userName sourced from mailNickname',
    groups: 'pulumi.com/docs/administration/concepts/scim: groups become teams',
    requiredAttributes: 'pulumi.com/docs/pulumi-cloud/access-management/scim/faq: userName and e-mail unique',
    notes: 'pulumi.com/docs/administration/concepts/scim and scim/faq',
  },
}

const HCP_TERRAFORM: AppTemplate = {
  name: 'hcp-terraform',
  title: 'HCP Terraform',
  description: 'HCP Terraform SCIM: listings of at most 200; groups filtered by displayName or externalId',
  docUrl: 'https://developer.hashicorp.com/terraform/cloud-docs/api-docs/scim',
  target: { pageSize: 200 },
  users: [userName(), workEmail, active],
  groups: GROUPS_BY_NAME,
  requiredAttributes: ['userName'],
  notes: [
    'Base URL .../scim/v2/{scim_configuration_id}; a non-SCIM token is refused with 401.',
    'Group filters: displayName eq (case-insensitive) and externalId eq only.',
  ],
  sources: {
    docs: 'developer.hashicorp.com/terraform/cloud-docs/api-docs/scim',
    'target.pageSize': 'api-docs/scim/groups: count default 100, capped at 200',
    users: 'api-docs/scim: user provisioning endpoints',
    groups: 'api-docs/scim/groups: displayName, externalId, members',
    requiredAttributes: 'api-docs/scim: users',
    notes: 'api-docs/scim/groups',
  },
}

export const APP_TEMPLATE_DATA: ReadonlyArray<AppTemplate> = [
  SLACK,
  SERVICENOW,
  ATLASSIAN,
  GOOGLE,
  MIRO,
  GITLAB,
  FIGMA,
  ZOOM,
  GITHUB_EMU,
  SALESFORCE,
  AWS,
  NOTION,
  ASANA,
  TABLEAU,
  SNOWFLAKE,
  DATABRICKS,
  DATADOG,
  LAUNCHDARKLY,
  PULUMI,
  HCP_TERRAFORM,
]

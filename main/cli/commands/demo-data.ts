/** Sample HR export and job used by `provisioner demo`. */

export const DEMO_PEOPLE_HEADER = [
  'employeeId',
  'givenName',
  'surname',
  'mail',
  'department',
  'title',
  'status',
  'type',
  'teams',
]

export const DEMO_PEOPLE: ReadonlyArray<ReadonlyArray<string>> = [
  [
    '1001',
    'Ada',
    'Lovelace',
    'ada.lovelace@example.com',
    'Engineering',
    'Principal Engineer',
    'Active',
    'staff',
    'Engineering;Everyone',
  ],
  [
    '1002',
    'Grace',
    'Hopper',
    'grace.hopper@example.com',
    'Engineering',
    'Rear Admiral',
    'Active',
    'staff',
    'Engineering;Everyone',
  ],
  [
    '1003',
    'Alan',
    'Turing',
    'alan.turing@example.com',
    'Research',
    'Researcher',
    'Active',
    'staff',
    'Research;Everyone',
  ],
  [
    '1004',
    'Katherine',
    'Johnson',
    'katherine.johnson@example.com',
    'Research',
    'Mathematician',
    'Active',
    'staff',
    'Research;Everyone',
  ],
  [
    '1005',
    'Linus',
    'Torvalds',
    'linus.torvalds@example.com',
    'Engineering',
    'Kernel Maintainer',
    'Active',
    'contractor',
    'Engineering',
  ],
  [
    '1006',
    'Margaret',
    'Hamilton',
    'margaret.hamilton@example.com',
    'Engineering',
    'Director',
    'Active',
    'staff',
    'Engineering;Everyone',
  ],
  [
    '1007',
    'Zoë',
    'Núñez',
    'zoe.nunez@example.com',
    'Sales',
    'Account Executive',
    'Active',
    'staff',
    'Sales;Everyone',
  ],
  [
    '1008',
    'Tim',
    'Berners-Lee',
    'tim.berners-lee@example.com',
    'Research',
    'Fellow',
    'Terminated',
    'staff',
    'Research',
  ],
]

/** Accounts already in the app before the first run: one belongs to a person (brownfield), one to no one. */
export const DEMO_EXISTING_ACCOUNTS: ReadonlyArray<Record<string, unknown>> = [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'Grace.Hopper@example.com',
    name: { givenName: 'Grace', familyName: 'Hopper' },
    displayName: 'Grace Hopper',
    title: 'Commodore',
    active: true,
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'break-glass-admin@example.com',
    displayName: 'Break-glass admin',
    active: true,
  },
]

export function demoJob(baseUrl: string): Record<string, unknown> {
  return {
    name: 'Demo: HR export to sandbox app',
    id: 'demo',
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true },
    target: { type: 'scim', baseUrl, auth: { type: 'bearer', secretRef: 'env:PROVISIONER_DEMO_TOKEN' } },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'emails[type eq "work"].value', expression: 'ToLower([mail])' },
        { target: 'title', expression: '[title]' },
        {
          target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          expression: '[department]',
        },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
      ],
      scoping: [
        { title: 'Staff only', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] },
      ],
      deprovision: { whenRemoved: 'disable', whenOutOfScope: 'disable' },
    },
    groups: { fromColumn: 'teams', separator: ';' },
  }
}

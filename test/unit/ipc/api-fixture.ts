/**
 * The admin API over a real state database in a temp folder, called the way both transports call
 * it (through `dispatch`, so inputs are validated and errors take the contract's shape).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { databasePath } from '../../../main/config/app-paths'
import type {
  AdminEvents,
  ApiErrorShape,
  ApiEvent,
  ApiInput,
  ApiMethod,
  ApiOutput,
} from '../../../main/ipc/api/contract'
import { dispatch } from '../../../main/ipc/api/dispatch'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { type AdminApiDependencies, ProvisionerAdminApi } from '../../../main/ipc/admin-api'
import { MemorySecretStore } from '../../../main/secrets/memory-secret-store'
import type { SecretStore } from '../../../main/secrets/secret-store'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { makeTempDir } from '../../helpers/temp-dir'

export interface ApiFixture {
  readonly home: string
  /** A folder for the test's own files (CSV exports, job files of the admin's). */
  readonly workspace: string
  readonly db: WritableDB
  readonly hub: EventHub
  readonly api: ProvisionerAdminApi
  readonly secrets: SecretStore
  /** The value, or fails the test with the error. */
  call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>>
  /** The error shape; fails the test when the call succeeds. */
  fail<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiErrorShape>
  /** Every event of a kind the hub sent from now on. */
  record<E extends ApiEvent>(event: E): Array<AdminEvents[E]>
  /** Writes a file into the workspace and returns its path. */
  write(name: string, content: string | Buffer): string
}

const opened: Array<{ api: ProvisionerAdminApi; db: WritableDB }> = []

afterEach(async () => {
  for (const { api, db } of opened.splice(0)) {
    await api.close()
    db.close()
  }
})

export function startApi(overrides: Partial<AdminApiDependencies> = {}): ApiFixture {
  const home = makeTempDir('provisioner-api-home-')
  const workspace = makeTempDir('provisioner-api-ws-')
  const db = openDatabase(databasePath(home))
  const hub = new EventHub()
  const secrets = overrides.secrets ?? new MemorySecretStore()
  const api = new ProvisionerAdminApi({ db, stateFolder: home, secrets, hub, env: {}, ...overrides })
  opened.push({ api, db })
  const invoke = (method: ApiMethod, input: unknown) =>
    dispatch(api, method, input, { onInternalError: (_method, error) => console.error(error) })
  return {
    home,
    workspace,
    db,
    hub,
    api,
    secrets,
    async call(method, input) {
      const result = await invoke(method, input)
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`)
      return result.value as never
    },
    async fail(method, input) {
      const result = await invoke(method, input)
      if (result.ok) throw new Error(`${method} succeeded: ${JSON.stringify(result.value).slice(0, 400)}`)
      return result.error
    },
    record(event) {
      const seen: Array<AdminEvents[typeof event]> = []
      hub.on(event, payload => seen.push(payload))
      return seen
    },
    write(name, content) {
      const path = join(workspace, name)
      writeFileSync(path, content)
      return path
    },
  }
}

export const PEOPLE_CSV = [
  'employeeId,givenName,surname,mail,department,status,type',
  '1001,Ada,Lovelace,ada@example.com,Engineering,Active,staff',
  '1002,Grace,Hopper,grace@example.com,Engineering,Active,staff',
  '1003,Alan,Turing,alan@example.com,Research,Terminated,staff',
  '1004,Linus,Torvalds,linus@example.com,Engineering,Active,contractor',
].join('\n')

/** An admin's job file as people write them: comments, one mapping per line. */
export function commentedJob(csvPath: string, baseUrl = 'https://app.example.com/scim/v2'): string {
  return `{
  // HR to the demo app; owned by IT.
  "id": "hr-demo",
  "name": "HR to Demo App",
  "source": { "type": "csv", "path": ${JSON.stringify(csvPath)}, "idColumn": "employeeId", "authoritative": true },
  "target": {
    "type": "scim",
    "baseUrl": ${JSON.stringify(baseUrl)},
    "auth": { "type": "bearer", "secretRef": "env:DEMO_TOKEN" } // the CI token
  },
  "users": {
    "mappings": [
      { "target": "userName", "expression": "[mail]", "matchingPrecedence": 1 }, // matches first
      /* HR spells it givenName */
      { "target": "name.givenName", "expression": "[givenName]" },
      { "target": "displayName", "expression": "Join(\\" \\", [givenName], [surname])" }
    ]
  }
}
`
}

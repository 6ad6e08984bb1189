/**
 * "Try it with the sandbox app": the built-in sandbox SCIM app started in the API's process, the
 * demo's sample HR export and a job for the two written into the state folder, ready for a dry
 * run. The same people and job as `provisioner demo`.
 *
 * The sandbox's token is random for each start and the sandbox lives only as long as this
 * process, so the job reads it from an `env:` variable of this process rather than the keychain:
 * a keychain entry would outlive the app it opens, and a machine without a keychain could not
 * try the app at all.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { setValueInText } from '../../config/job-file-edits'
import {
  DEMO_EXISTING_ACCOUNTS,
  DEMO_PEOPLE,
  DEMO_PEOPLE_HEADER,
  demoJob,
} from '../../cli/commands/demo-data'
import { type SandboxServer, startSandboxServer } from '../../connectors/scim/sandbox/sandbox-server'
import { getJob } from '../../store/jobs-store'
import { makePrivateDirectory, writePrivateFile } from '../../store/private-files'
import type { WritableDB } from '../../store/database'
import { readJobFileText } from './job-file-io'
import type { JobFiles } from './job-files'

export const SANDBOX_JOB_ID = 'sandbox'
export const SANDBOX_TOKEN_VARIABLE = 'PROVISIONER_SANDBOX_TOKEN'
const SANDBOX_CSV = 'sandbox-people.csv'

export class SandboxJob {
  private server: Promise<SandboxServer> | null = null
  private running: SandboxServer | null = null

  public constructor(
    private readonly db: WritableDB,
    private readonly files: JobFiles
  ) {}

  /** The running sandbox's address and token variable, for the API's `env:` lookups. */
  public get env(): Readonly<Record<string, string>> {
    const auth = this.running?.auth
    return auth?.type === 'bearer' ? { [SANDBOX_TOKEN_VARIABLE]: auth.token } : {}
  }

  public get info(): { readonly baseUrl: string; readonly jobId: string } | null {
    return this.running === null ? null : { baseUrl: this.running.baseUrl, jobId: SANDBOX_JOB_ID }
  }

  /**
   * Starts the sandbox (once) and writes the sample file and the job; a sandbox job from an
   * earlier start keeps the admin's edits and gets the new address.
   */
  public async start(): Promise<string> {
    this.server ??= startSandboxServer({ seedUsers: DEMO_EXISTING_ACCOUNTS }).then(server => {
      this.running = server
      return server
    })
    const server = await this.server.catch(error => {
      this.server = null
      throw error
    })
    makePrivateDirectory(this.files.jobsFolder)
    const csv = join(this.files.jobsFolder, SANDBOX_CSV)
    if (!existsSync(csv)) writePrivateFile(csv, stringify([DEMO_PEOPLE_HEADER, ...DEMO_PEOPLE]))
    const path = this.files.pathFor(SANDBOX_JOB_ID)
    const known = getJob(this.db, SANDBOX_JOB_ID)
    const text =
      existsSync(path) && (known === null || known.configPath === path)
        ? setValueInText(readJobFileText(path).text, ['target', 'baseUrl'], server.baseUrl)
        : `${JSON.stringify(sandboxJobDocument(server.baseUrl), null, 2)}\n`
    this.files.writeChecked(SANDBOX_JOB_ID, path, text, null)
    return SANDBOX_JOB_ID
  }

  public async close(): Promise<void> {
    const server = this.running
    this.running = null
    this.server = null
    await server?.close()
  }
}

export function sandboxJobDocument(baseUrl: string): Record<string, unknown> {
  const job = demoJob(baseUrl)
  const target = job['target'] as Record<string, unknown>
  return {
    ...job,
    id: SANDBOX_JOB_ID,
    name: 'Try it: HR sample to the sandbox app',
    source: { ...(job['source'] as Record<string, unknown>), path: SANDBOX_CSV },
    target: { ...target, auth: { type: 'bearer', secretRef: `env:${SANDBOX_TOKEN_VARIABLE}` } },
  }
}

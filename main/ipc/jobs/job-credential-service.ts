import { readJobDocument } from '../../config/job-file-edits'
import type { SecretStore } from '../../secrets/secret-store'
import type { JobFileView, SecretSlotInput, StoredCredential, StoreSecretInput } from '../api/contract'
import { ApiError } from '../api/dispatch'
import { deleteFromKeychain, keychainName, refAt, storeInKeychain, textWithRef } from './job-credentials'
import { readJobFileText, writeJobFileText } from './job-file-io'
import type { JobFiles } from './job-files'

/**
 * The write-only credential methods: a secret typed in the app goes to the OS keychain under the
 * job's reference (a new `keychain:` reference is written into the job file when it had none or
 * an `env:` one) and is never returned.
 */
export class JobCredentials {
  public constructor(
    private readonly files: JobFiles,
    private readonly secrets: SecretStore
  ) {}

  public async store(input: StoreSecretInput): Promise<StoredCredential> {
    const record = this.files.requireRecord(input.jobId)
    const file = readJobFileText(record.configPath)
    const document = this.documentOf(file.text)
    const current = refAt(document, input.slot)
    const name =
      current?.startsWith('keychain:') === true
        ? current.slice('keychain:'.length)
        : keychainName(input.jobId, input.slot)
    const ref = `keychain:${name}`
    await storeInKeychain(this.secrets, name, input.value)
    const text = textWithRef(file.text, document, input.slot, ref)
    if (text !== file.text) {
      // Only the reference changes; the rest of the file is written back as it was.
      const version = writeJobFileText(file.path, text, { owned: this.files.inStateFolder(file.path) })
      this.files.acknowledge(input.jobId, version)
    }
    return { ref, file: await this.files.view(input.jobId) }
  }

  /** Deletes the keychain entry the job names; the reference stays (the job then asks for it). */
  public async remove(input: SecretSlotInput): Promise<JobFileView> {
    const record = this.files.requireRecord(input.jobId)
    const ref = refAt(this.documentOf(readJobFileText(record.configPath).text), input.slot)
    if (ref === null || !ref.startsWith('keychain:')) {
      throw new ApiError('invalid-input', 'This job keeps no credential in the keychain for that')
    }
    await deleteFromKeychain(this.secrets, ref.slice('keychain:'.length))
    return this.files.view(input.jobId)
  }

  private documentOf(text: string): Record<string, unknown> {
    try {
      return readJobDocument(text)
    } catch {
      throw new ApiError('invalid-job', 'The job file is not valid JSON; fix it before storing a credential')
    }
  }
}

/**
 * "Test connection" for a CSV hand-off target: there is no server, so the checks are the ones
 * apply depends on — the folder is there (or can be made) and a file can be written in it.
 */
import { randomBytes } from 'node:crypto'
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { CsvHandoffTargetConfig } from '../../config/job-schema'
import type { ConnectionCheck } from '../api/contract'

const FOLDER = 'Hand-off folder'
const WRITABLE = 'Writable'

/** The folder the files go to (relative to the job file's folder) and its checks, each reported as it completes. */
export function handoffChecks(
  jobDirectory: string,
  target: CsvHandoffTargetConfig,
  onCheck: (check: ConnectionCheck) => void
): { readonly directory: string; readonly checks: ConnectionCheck[] } {
  const directory = resolve(jobDirectory, target.directory)
  const checks: ConnectionCheck[] = []
  const report = (name: string, status: ConnectionCheck['status'], detail: string) => {
    const check: ConnectionCheck = { name, status, detail, suggestion: null }
    checks.push(check)
    onCheck(check)
  }
  const kind = kindOf(directory)
  if (kind === 'folder') {
    report(FOLDER, 'ok', `Files are written to ${directory}.`)
    const problem = writeProblem(directory)
    if (problem === null) report(WRITABLE, 'ok', 'A test file was written and removed again.')
    else report(WRITABLE, 'failure', `No file can be written to ${directory}: ${problem}.`)
  } else if (kind === 'other') {
    report(FOLDER, 'failure', `${directory} exists but is not a folder.`)
  } else {
    const blocker = missingFolderProblem(directory)
    if (blocker === null) {
      // Apply makes it; a warning still, as a missing folder is often a typo or an unmounted share.
      report(FOLDER, 'warning', `${directory} does not exist; the first apply creates it.`)
    } else report(FOLDER, 'failure', `${directory} does not exist and cannot be created: ${blocker}.`)
  }
  return { directory, checks }
}

function kindOf(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other'
  } catch {
    return 'missing'
  }
}

/** Why a file cannot be written in the folder (a real write: permissions alone miss ACLs and read-only mounts). */
function writeProblem(directory: string): string | null {
  const probe = join(directory, `.provisioner-check-${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeFileSync(probe, '', { flag: 'wx', mode: 0o600 })
    return null
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message
  } finally {
    rmSync(probe, { force: true })
  }
}

/** Why the nearest existing ancestor cannot hold the missing folder, or null when it can. */
function missingFolderProblem(directory: string): string | null {
  let ancestor = dirname(directory)
  while (kindOf(ancestor) === 'missing' && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor)
  if (kindOf(ancestor) !== 'folder') return `${ancestor} is a file`
  const problem = writeProblem(ancestor)
  return problem === null ? null : `nothing can be written to ${ancestor} (${problem})`
}

/**
 * Reading and writing job files for the app: each read has a version (the hash of its bytes) so
 * an edit made on one version is never written over another, and each write replaces the file
 * in one step (a crash leaves the old file or the new one, never half of each).
 */
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { restrictToOwner } from '../../store/private-files'
import { ApiError } from '../api/dispatch'

export interface JobFileText {
  /** Absolute path. */
  readonly path: string
  readonly text: string
  readonly version: string
}

export function versionOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

/** The file's text (a UTF-8 BOM dropped) and version; `not-found` when it cannot be read. */
export function readJobFileText(path: string): JobFileText {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code
    throw new ApiError('not-found', `Cannot read the job file ${path}: ${reason ?? 'unknown error'}`)
  }
  return { path, text: bytes.toString('utf8').replace(/^\uFEFF/, ''), version: versionOf(bytes) }
}

/** The version of the file now, or null when it is gone or unreadable. */
export function currentVersion(path: string): string | null {
  try {
    return versionOf(readFileSync(path))
  } catch {
    return null
  }
}

/**
 * Replaces the file's content in one rename. A file the app made (`owned`) is owner-only (0600);
 * an admin's own file keeps its mode. A symbolic link keeps pointing where it did: its target
 * is written. Returns the new version.
 */
export function writeJobFileText(path: string, text: string, options: { readonly owned: boolean }): string {
  const real = realPathOrSelf(path)
  const mode = options.owned ? 0o600 : (existingMode(real) ?? 0o644)
  const temporary = join(dirname(real), `.${basename(real)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' })
    // The umask may have taken bits the admin's file had; the owned file must lose any it added.
    chmodSync(temporary, mode)
    renameSync(temporary, real)
  } catch (error) {
    rmSync(temporary, { force: true })
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new ApiError('internal', `Cannot write the job file ${path} (${reason}); nothing was changed`)
  }
  if (options.owned) restrictToOwner(real)
  return versionOf(text)
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

function existingMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return null
  }
}

/**
 * Files and folders that hold every employee's data (the state folder, the database, saved
 * plans) are for their owner only: new ones are created 0700/0600 whatever the umask, and
 * existing ones lose group and other permissions when Provisioner writes them.
 *
 * Windows keeps the app's folder private with per-user ACLs; modes do not apply there.
 */
import { chmodSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs'

const POSIX = process.platform !== 'win32'

/** Creates `dir` and any missing parents owner-only; a folder that exists keeps its mode. */
export function makePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
}

/**
 * Takes group and other permissions off a file or folder (never adds any: a read-only file stays
 * read-only). A symbolic link, a device, a missing path or another user's file is left alone.
 */
export function restrictToOwner(path: string): void {
  if (!POSIX) return
  let stats
  try {
    stats = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if ((!stats.isFile() && !stats.isDirectory()) || stats.uid !== process.getuid?.()) return
  const mode = stats.mode & 0o777
  if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700)
}

/** Writes `text` to a file only its owner can read (`plan --out`, exports). */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 })
  restrictToOwner(path)
}

/** Turning an operating-system error from opening or reading the file into words for an admin. */

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

/** A short reason, e.g. "file not found", naming the OS error code for searchability. */
export function describeFileError(error: unknown): string {
  const code = errorCode(error)
  switch (code) {
    case 'ENOENT':
      return 'file not found'
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`
    case 'EISDIR':
      return 'this is a directory, not a file'
    case 'EBUSY':
      return 'the file is locked by another program (EBUSY); close it in Excel and try again'
    default: {
      const reason = error instanceof Error ? error.message : String(error)
      return `the file could not be read: ${reason}`
    }
  }
}

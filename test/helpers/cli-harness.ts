import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the real `provisioner` command in a child process (plain Node, as a user would), with
 * its own state folder.
 */
export function runCli(
  args: ReadonlyArray<string>,
  options: {
    readonly cwd: string
    readonly home: string
    readonly env?: Record<string, string>
    readonly input?: string
    /** Run as this user and group (a test running as root uses it to meet file permissions). */
    readonly user?: { readonly uid: number; readonly gid: number }
  }
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, PROVISIONER_HOME: options.home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options.user,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

/** Parses the JSON a `--json` command printed, with the output in the error if it is not JSON. */
export function parseJsonOutput<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(
      `expected JSON on stdout (exit ${result.code})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`
    )
  }
}

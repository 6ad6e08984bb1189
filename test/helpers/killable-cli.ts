/**
 * The real `provisioner` command in a child process the test can kill (SIGKILL: no cleanup,
 * as a power loss or `kill -9` would leave it).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { CliResult } from './cli-harness'
import type { Workspace } from './provisioning-fixture'

const BIN = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url))

export interface RunningCli {
  readonly child: ChildProcess
  /** Resolves when the process has exited (code null and `signal` set when killed). */
  readonly finished: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>
  /** SIGKILL, once. */
  kill(): void
}

export function startCli(ws: Workspace, args: ReadonlyArray<string>): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ws.dir,
    env: { ...process.env, PROVISIONER_HOME: ws.home, ...ws.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', chunk => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', chunk => (stderr += chunk))
  const finished = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  let killed = false
  return {
    child,
    finished,
    kill() {
      if (killed) return
      killed = true
      child.kill('SIGKILL')
    },
  }
}

import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { NO_APP_LOG, openAppLog } from '../app-log/app-log'
import { commandFacts, homeOf, stateFileOf } from './command-line'
import { ExitCode, UsageError } from './exit-codes'
import { type CliIo, writeLine } from './output'

type Command = (args: string[], io: CliIo) => Promise<ExitCode>

const VERSION = '0.1.0'

/**
 * Commands that leave no application log: they do not use the state folder (a pure evaluation,
 * the demo's own throwaway state, the sandbox test server).
 */
const UNLOGGED_COMMANDS: ReadonlySet<string> = new Set(['eval', 'demo', 'sandbox'])

/**
 * Each command's module, loaded only when that command runs: `eval` and `--help` start without
 * SQLite, the HTTP client or the engine (the compiled CLI keeps one file per command).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  plan: async () => (await import('./commands/plan-command')).planCommand,
  probe: async () => (await import('./commands/probe-command')).probeCommand,
  apply: async () => (await import('./commands/apply-command')).applyCommand,
  logs: async () => (await import('./commands/logs-command')).logsCommand,
  secrets: async () => (await import('./commands/secrets-command')).secretsCommand,
  demo: async () => (await import('./commands/demo-command')).demoCommand,
  eval: async () => (await import('./commands/eval-command')).evalCommand,
  sandbox: async () => (await import('./commands/sandbox-command')).sandboxCommand,
  undo: async () => (await import('./commands/undo-command')).undoCommand,
  status: async () => (await import('./commands/status-command')).statusCommand,
  links: async () => (await import('./commands/links-command')).linksCommand,
  link: async () => (await import('./commands/links-command')).linkCommand,
  unlink: async () => (await import('./commands/links-command')).unlinkCommand,
  'force-unlock': async () => (await import('./commands/force-unlock-command')).forceUnlockCommand,
  access: async () => (await import('./commands/access-command')).accessCommand,
  review: async () => (await import('./commands/review-command')).reviewCommand,
  pause: async () => (await import('./commands/job-control-command')).pauseCommand,
  resume: async () => (await import('./commands/job-control-command')).resumeCommand,
  'clear-state': async () => (await import('./commands/job-control-command')).clearStateCommand,
}

export const USAGE = `Provisioner — provision user accounts from an identity source into SCIM 2.0 apps

Usage: provisioner <command> [options]

Commands:
  plan    --job FILE [--json] [--out PLAN]          dry run: show what a run would change (writes nothing)
  apply   --job FILE [--plan PLAN] [--yes] [--json]  perform a run (only the rows of PLAN, if given)
          --job FILE --only SOURCE_ID [--explain]     provision one person now, showing each step
          --job FILE --allow-deletes RUN_ID           approve the disables/deletes a run staged
          [--scheduled] [--restart]                   unattended run (honours quarantine/escrow) / start afresh
  undo    RUN_ID [--job FILE] [--yes] [--json]      show the inverse of a run; --yes applies it
  status  --job FILE [--json]                       quarantine, escrowed retries, recent runs
  probe   --job FILE [--write] [--json]             check the target for SCIM compliance and quirks
  links   --job FILE [--source ID] [--json]         list the job's links and matching decisions
  link    --job FILE SOURCE_ID TARGET_ID            link a person to an account (store only; logged)
          --job FILE SOURCE_ID --new | --skip       give the person a new account / leave them out
  unlink  --job FILE SOURCE_ID                      forget a link or decision: the next run matches again
  force-unlock --job FILE RUN_ID                    release a run another machine left holding the job
  pause   --job FILE [--note T] [--by NAME]         stop provisioning: scheduled runs skip the job, apply is refused
  resume  --job FILE                                start provisioning again (restart = apply --restart)
  clear-state --job FILE --yes                      forget links, matching decisions and watermarks: all re-matched
  access  [--person ID|EMAIL] [--app JOB] [--unmanaged | --leavers] [--refresh]
          [--format table|csv|jsonl]                who has an account in which app (store only; --refresh lists, read-only)
  access  tick|untick --person ID --app JOB [--account TARGET_ID] [--note T] [--by NAME]
                                                    tick off a leaver's item closed by hand (stored: who, when)
  review  start --app JOB [--app JOB…] [--name N] [--reviewer R] | list | show ID
          mark ID (--account TARGET_ID | --person SOURCE_ID) [--app JOB] --decision keep|remove|investigate [--comment T]
          close ID | export ID [--format csv|html|jsonl] [--out FILE]   access reviews
          withdraw ID --person SOURCE_ID --app JOB [--note T] [--by NAME]  take back a closed review's removal
  logs    [--job ID] [--run ID] [--status S] [--action A] [--identity X]
          [--since T] [--until T] [--limit N] [--format table|csv|jsonl]
  eval    EXPRESSION --source JSON [--now ISO]      evaluate a mapping expression; prints {"value": …}
  eval    --batch FILE                              JSON Lines {"expression","source","now"} → one result line each
  secrets set NAME | delete NAME | list             manage credentials in the OS keychain
  demo                                              see a whole run against the built-in sandbox app
  sandbox [--port N] [--token T]                    start the built-in sandbox SCIM app

Common options:
  --home DIR   state folder (default: $PROVISIONER_HOME, else the desktop app's folder)
  --help       show help

Exit codes: 0 success, 1 run finished with failed operations, 2 usage or configuration error,
3 blocked by the deletion threshold, 130 cancelled (Ctrl+C: the writes in flight finished).`

/** Runs the CLI; returns the process exit code. */
export async function main(argv: ReadonlyArray<string>, io: CliIo = processIo()): Promise<ExitCode> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    writeLine(io.stdout, USAGE)
    return name === undefined ? ExitCode.Usage : ExitCode.Success
  }
  if (name === '--version' || name === 'version') {
    writeLine(io.stdout, VERSION)
    return ExitCode.Success
  }
  const loadCommand = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (loadCommand === undefined) {
    writeLine(io.stderr, `provisioner: unknown command "${name}". Run \`provisioner help\`.`)
    return ExitCode.Usage
  }
  // Read while the log opens (the log waits on the disk, loading is CPU work).
  const loading = loadCommand()
  loading.catch(() => undefined)
  const log = UNLOGGED_COMMANDS.has(name)
    ? NO_APP_LOG
    : await openAppLog({ home: homeOf(rest, io), program: 'cli' })
  const started = performance.now()
  log.info('command started', { ...commandFacts(name, rest), version: VERSION })
  let code: ExitCode
  try {
    const command = await loading
    code = await command(rest, { ...io, log })
  } catch (error) {
    // The error classes come from every layer: loaded only when something went wrong.
    const { reportError } = await import('./report-error')
    code = reportError(error, { ...io, log }, stateFileOf(name, rest, io))
  }
  const durationMs = Math.round(performance.now() - started)
  log.info('command finished', { command: name, exitCode: code, durationMs })
  log.close()
  return code
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  }
}

/** `parseArgs` with the CLI's conventions: unknown options and stray arguments are usage errors. */
export function parseOptions(
  args: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'],
  allowPositionals = false
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals, strict: true })
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    }
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

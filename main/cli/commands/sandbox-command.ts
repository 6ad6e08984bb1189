import { startSandboxServer } from '../../connectors/scim/sandbox/sandbox-server'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'

/**
 * `provisioner sandbox [--port N] [--token T]`: the built-in SCIM app, to try a job safely.
 * Runs until interrupted; accounts live in memory only.
 */
export async function sandboxCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, { port: { type: 'string' }, token: { type: 'string' } })
  const port = values['port'] === undefined ? 0 : Number(values['port'])
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError('--port must be a port number')
  }
  const token = typeof values['token'] === 'string' ? values['token'] : undefined
  const server = await startSandboxServer({
    port,
    auth: token === undefined ? undefined : { type: 'bearer', token },
  })
  const effective = server.auth?.type === 'bearer' ? server.auth.token : ''
  writeLine(io.stdout, `Sandbox SCIM app listening at ${server.baseUrl}`)
  writeLine(io.stdout, `Bearer token: ${effective}`)
  writeLine(io.stdout, 'In a job file: "target": { "type": "scim", "baseUrl": "<the URL above>",')
  writeLine(
    io.stdout,
    '  "auth": { "type": "bearer", "secretRef": "env:SANDBOX_TOKEN" } }  and export SANDBOX_TOKEN.'
  )
  writeLine(io.stdout, 'Press Ctrl+C to stop.')
  await new Promise<void>(resolve => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
    process.once('SIGHUP', () => resolve())
    // Launched through a wrapper (npx) that is then killed, the sandbox would be orphaned and
    // keep its port: stop when the process that started it goes away.
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) resolve()
    }, 500).unref()
  })
  await server.close()
  return ExitCode.Success
}

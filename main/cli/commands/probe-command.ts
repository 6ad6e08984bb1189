import { loadJobFile } from '../../config/load-job'
import { probeTarget } from '../../engine/run/probe-target'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { requireString } from '../cli-state'
import { ExitCode } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, writeLine } from '../output'
import { writeJson } from '../json-output'

/**
 * `provisioner probe --job FILE [--write] [--json]`: checks the job's target for SCIM compliance
 * and quirks before a first run. Read-only unless `--write`.
 */
export async function probeCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    job: { type: 'string' },
    write: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const job = loadJobFile(requireString(values['job'], '--job FILE', 'probe'), io.cwd)
  const result = await probeTarget(job, new KeytarSecretStore(), {
    write: values['write'] === true,
    env: io.env,
  })
  if (values['json'] === true) {
    writeJson(io.stdout, result)
  } else {
    writeLine(io.stdout, `Probe of ${result.baseUrl}`)
    writeLine(io.stdout)
    writeLine(
      io.stdout,
      formatTable(
        ['Check', 'Result', 'Detail'],
        result.checks.map(check => [check.name, check.status, check.detail])
      )
    )
    const suggestions = result.checks.flatMap(check =>
      check.suggestion === undefined ? [] : [check.suggestion]
    )
    if (suggestions.length > 0) {
      writeLine(io.stdout)
      writeLine(io.stdout, `Suggested job settings: ${suggestions.join('; ')}`)
    }
    writeLine(io.stdout)
    writeLine(
      io.stdout,
      result.usable ? 'The target can be used.' : 'The target cannot be used as configured.'
    )
  }
  return result.usable ? ExitCode.Success : ExitCode.Usage
}

/**
 * How long the `provisioner` command takes to start and finish a small command, as a user runs
 * it (a new Node process each time): `--help`, `eval` and `status`, median of 10 runs, from the
 * compiled CLI (out/cli) and, for comparison, `eval` from the TypeScript sources (what every start
 * cost before the CLI was compiled, and what a start costs while out/cli is older than the sources).
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCli } from '../cli/build-cli.mjs'
import { currentCompiledCli } from '../cli/compiled-cli.mjs'

const RUNS = 10
const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
const SOURCES = fileURLToPath(new URL('../cli/main.ts', import.meta.url))
/** Where `tsx` resolves from. */
const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface StartFigure {
  readonly name: string
  readonly ms: number
}

function medianMs(nodeArgs: ReadonlyArray<string>, dir: string, cwd = dir): number {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    const result = spawnSync(process.execPath, nodeArgs, {
      cwd,
      env: { ...process.env, PROVISIONER_HOME: join(dir, 'home') },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    times.push(performance.now() - started)
    if (result.status !== 0) throw new Error(`${nodeArgs.join(' ')} failed: ${String(result.stderr)}`)
  }
  times.sort((a, b) => a - b)
  return ((times[RUNS / 2 - 1] as number) + (times[RUNS / 2] as number)) / 2
}

export async function benchCliStart(dir: string): Promise<StartFigure[]> {
  if (currentCompiledCli() === null && !(await buildCli({ quiet: true }))) {
    throw new Error('the compiled CLI cannot be built (esbuild missing)')
  }
  writeFileSync(
    join(dir, 'start-job.json'),
    JSON.stringify({
      name: 'Start-up',
      source: { type: 'csv', path: 'people.csv', idColumn: 'id' },
      target: { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } },
      users: { mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1 }] },
    })
  )
  const evalArgs = ['eval', 'Join(" ", [a], [b])', '--source', '{"a":"x","b":"y"}']
  const fromSources = `const { register } = await import('tsx/esm/api'); register();
    const { main } = await import(${JSON.stringify(SOURCES)});
    process.exitCode = await main(${JSON.stringify(evalArgs)})`
  return [
    { name: 'cli.start.helpMs', ms: medianMs([BIN, '--help'], dir) },
    { name: 'cli.start.evalMs', ms: medianMs([BIN, ...evalArgs], dir) },
    { name: 'cli.start.statusMs', ms: medianMs([BIN, 'status', '--job', 'start-job.json'], dir) },
    {
      name: 'cli.start.evalFromSourcesMs',
      ms: medianMs(['--input-type=module', '-e', fromSources], dir, REPO),
    },
  ]
}

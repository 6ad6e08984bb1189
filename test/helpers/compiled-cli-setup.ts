/**
 * Vitest global setup: the tests spawn the compiled CLI, as users and CI run it. Built here when
 * missing or older than the sources (an edit since `npm install`), so no test runs old code.
 */
import { buildCli } from '../../main/cli/build-cli.mjs'
import { currentCompiledCli } from '../../main/cli/compiled-cli.mjs'

export default async function setup(): Promise<void> {
  if (currentCompiledCli() === null && !(await buildCli({ quiet: true }))) {
    throw new Error('esbuild is missing: the compiled CLI (out/cli) cannot be built for the tests')
  }
}

/**
 * Where the compiled CLI lives (`out/cli/`, built by `npm run prepare`, main/cli/build-cli.mjs)
 * and whether it still matches the sources it was built from. Plain JavaScript with no imports
 * beyond Node: the `provisioner` command reads it before anything else loads.
 */
import { readFileSync, statSync } from 'node:fs'

export const REPO_ROOT = new URL('../../', import.meta.url)
/** What the build read (inputs.json): each source file with the size and modification time it had then. */
export const INPUTS_FILE_NAME = 'inputs.json'

/**
 * The compiled entry point of the repository at `root`, or null when `out/cli/` is missing, incomplete, or any source it was
 * built from has changed since (edited, checked out, deleted): then it would run old code.
 */
export function currentCompiledCli(root = REPO_ROOT) {
  const compiled = new URL('out/cli/', root)
  let inputs
  try {
    inputs = JSON.parse(readFileSync(new URL(INPUTS_FILE_NAME, compiled), 'utf8'))
  } catch {
    return null
  }
  for (const [path, built] of Object.entries(inputs.files ?? {})) {
    const now = statSync(new URL(path, root), { throwIfNoEntry: false })
    if (now === undefined || now.size !== built.size || now.mtimeMs !== built.mtimeMs) return null
  }
  return inputs.entry === 'main.mjs' ? new URL('main.mjs', compiled) : null
}

#!/usr/bin/env node
// The `provisioner` command. Plain Node: TypeScript sources load through tsx, so the CLI runs
// straight from a clone after `npm install` with no build step.
import { register } from 'tsx/esm/api'

register()
// `provisioner logs | head` closes the pipe early: that ends the output, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', error => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))

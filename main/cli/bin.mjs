#!/usr/bin/env node
// The `provisioner` command. Runs the compiled CLI (out/cli/, built by `npm install` through the
// `prepare` script) when it matches the sources; otherwise (a source edited since the build, a
// branch checked out, no build yet) it runs the TypeScript sources through tsx: slower to start,
// but never old code, and the command never writes into its own install folder.
import { currentCompiledCli } from './compiled-cli.mjs'

// `provisioner logs | head` closes the pipe early: that ends the output, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', error => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}
const compiled = currentCompiledCli()
if (compiled === null) (await import('tsx/esm/api')).register()
const { main } = await import(compiled === null ? './main.ts' : compiled.href)
process.exitCode = await main(process.argv.slice(2))

#!/usr/bin/env node
// The `provisioner` command. Plain Node: TypeScript sources load through tsx, so the CLI runs
// straight from a clone after `npm install` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))

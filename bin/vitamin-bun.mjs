#!/usr/bin/env node
// vitamin-bun: Bun, sandboxed — `vitamin-bun [--write-back] [--] <bun arguments…>` and
// `vitamin-bun exec '<shell line>'`. The logic is in cli.mjs.
import { main } from './cli.mjs'

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`vitamin-bun: ${error?.message ?? error}\n`)
    process.exitCode = 1
  },
)

/**
 * The `bun` command: reads the arguments as Bun 1.4 does and runs the
 * subcommand. Everything it does goes through the process's
 * {@link RuntimeHost}; it resolves with the exit code.
 *
 *     bun <file | script | bin> [args]     bun run …
 *     bun run [flags] <file | script | bin> [args]
 *     bun -e <code>  ·  bun -p <expression>
 *     bun x <bin> · bunx <bin>             a binary of node_modules/.bin
 *     bun exec '<shell line>'
 *     bun --version · bun --revision · bun --help
 */

import { runEval } from '../run/eval.js'
import { listScripts, type RunFlags, runExec, runTarget } from '../run/run.js'
import { VITAMIN_BUN_REVISION } from '../runtime/bun/index.js'
import type { RuntimeHost } from '../runtime/host.js'
import { BUN_VERSION } from '../runtime/process.js'
import { runTests } from '../test/index.js'

const UTF8 = new TextEncoder()

/** Subcommands Bun has that are not here yet, with the issue that brings them. */
const NOT_YET: Record<string, string> = {
  install: 'bun install',
  i: 'bun install',
  add: 'bun add',
  a: 'bun add',
  remove: 'bun remove',
  rm: 'bun remove',
  update: 'bun update',
  link: 'bun link',
  unlink: 'bun unlink',
  pm: 'bun pm',
  outdated: 'bun outdated',
  build: 'bun build',
  init: 'bun init',
  create: 'bun create',
  c: 'bun create',
  upgrade: 'bun upgrade',
  repl: 'bun repl',
  publish: 'bun publish',
  patch: 'bun patch',
  audit: 'bun audit',
  info: 'bun info',
  why: 'bun why',
}

/** Runs `bun` with `host.argv`; resolves with the exit code. */
export async function bunMain(host: RuntimeHost): Promise<number> {
  const argv0 = host.argv[0] ?? 'bun'
  const args = host.argv.slice(1)
  if (argv0.endsWith('bunx')) return runTarget(host, args, { x: true, silent: false, ifPresent: false })
  const flags: RunFlags = { silent: false, ifPresent: false, x: false }
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--version' || arg === '-v') return print(host, `${BUN_VERSION}\n`)
    if (arg === '--revision') return print(host, `${BUN_VERSION}+${VITAMIN_BUN_REVISION}\n`)
    if (arg === '--help' || arg === '-h') return print(host, HELP)
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      const code = args[i + 1]
      if (code === undefined) return fail(host, `error: Missing argument for ${arg}`)
      return runEval(host, code, arg === '-p' || arg === '--print', args.slice(i + 2))
    }
    const eq = /^--(eval|print)=(.*)$/s.exec(arg)
    if (eq) return runEval(host, eq[2] as string, eq[1] === 'print', args.slice(i + 1))
    if (arg === '--silent') flags.silent = true
    else if (arg === '--if-present') flags.ifPresent = true
    else if (arg === '--bun' || arg === '-b' || arg === '--smol' || arg === '--no-install') continue
    else if (arg.startsWith('-')) return fail(host, `error: unknown flag "${arg}" (Vitamin-Bun does not support it)`)
    else break
  }
  const command = args[i]
  if (command === undefined) return print(host, HELP)
  const rest = args.slice(i + 1)
  switch (command) {
    case 'run':
      return runCommand(host, rest, flags)
    case 'x':
      return runTarget(host, rest, { ...flags, x: true })
    case 'exec':
      return runExec(host, rest)
    case 'test':
      return runTests(host, rest)
  }
  const missing = NOT_YET[command]
  if (missing) return fail(host, `error: "${missing}" is not available in Vitamin-Bun yet`)
  return runTarget(host, [command, ...rest], flags)
}

/** `bun run [flags] <target> [args]`; alone, lists the package.json scripts. */
async function runCommand(host: RuntimeHost, args: string[], flags: RunFlags): Promise<number> {
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--silent') flags.silent = true
    else if (arg === '--if-present') flags.ifPresent = true
    else if (arg === '--bun' || arg === '-b') continue
    else if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      const code = args[i + 1]
      if (code === undefined) return fail(host, `error: Missing argument for ${arg}`)
      return runEval(host, code, arg === '-p' || arg === '--print', args.slice(i + 2))
    } else if (arg === '--help' || arg === '-h') return print(host, RUN_HELP)
    else if (arg.startsWith('-') && arg !== '-')
      return fail(host, `error: unknown flag "${arg}" (Vitamin-Bun does not support it)`)
    else break
  }
  if (i >= args.length) return listScripts(host)
  return runTarget(host, args.slice(i), flags)
}

function print(host: RuntimeHost, text: string): number {
  host.stdout.write(UTF8.encode(text))
  return 0
}

function fail(host: RuntimeHost, text: string): number {
  host.stderr.write(UTF8.encode(`${text}\n`))
  return 1
}

/** `bun run`'s usage, before the list of scripts. */
export const RUN_HELP = `Usage: bun run [flags] <file or script>

Flags:
      --silent                        Don't print the script command
      --if-present                    Exit without an error if the entrypoint does not exist
  -b, --bun                           Force a script or package to use Bun's runtime instead of Node.js (via symlinking node)
  -e, --eval=<val>                    Evaluate argument as a script
  -p, --print=<val>                   Evaluate argument as a script and print the result
  -h, --help                          Display this menu and exit

Examples:
  Run a JavaScript or TypeScript file
  bun run ./index.js
  bun run ./index.tsx

  Run a package.json script
  bun run dev
  bun run lint

Full documentation is available at https://bun.com/docs/cli/run
`

const HELP = `Bun is a fast JavaScript runtime, package manager, bundler, and test runner. (${BUN_VERSION}+${VITAMIN_BUN_REVISION})

Usage: bun <command> [...flags] [...args]

Commands:
  run       ./my-script.ts       Execute a file with Bun
            lint                 Run a package.json script
  x         prettier             Execute a package binary (CLI), installing if needed (bunx)
  exec      'ls | wc -l'         Run a line in Bun's shell

  <file>    ./index.ts           Run a file (same as bun run)

Flags:
  -e, --eval                      Evaluate argument as a script
  -p, --print                     Evaluate argument as a script and print the result
  -v, --version                   Print version and exit
      --revision                  Print version with revision and exit
  -h, --help                      Display this menu and exit

Vitamin-Bun runs Bun in a browser tab; bun install, build and test arrive next.
Learn more about Bun: https://bun.com/docs
`

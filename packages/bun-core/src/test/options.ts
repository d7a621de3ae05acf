/**
 * The arguments of `bun test`, read as Bun 1.4.5 reads them. Flags take
 * their value as `--flag=value` or as the next argument (`--bail` only
 * with `=`); anything else that does not start with `-` is a positional:
 * a path filter, or a path when it starts with `./`, `../` or `/`. Flags
 * whose output Vitamin-Bun cannot produce (`--coverage`, `--randomize`,
 * `--shard`, `--parallel` …) are refused with an error; unknown flags are
 * ignored, as Bun ignores them.
 */

/** What a run of `bun test` was asked to do. */
export interface TestOptions {
  /** Per-test timeout in ms (`--timeout`, default 5000). */
  timeout: number
  updateSnapshots: boolean
  /** Each file runs this many times (`--rerun-each`). */
  rerunEach: number
  /** Retries of a failed test (`--retry`). */
  retry: number
  runTodo: boolean
  only: boolean
  passWithNoTests: boolean
  concurrent: boolean
  /** Stop after this many failures (0: never). */
  bail: number
  namePattern: RegExp | null
  namePatternSource: string | null
  junitOutfile: string | null
  dots: boolean
  onlyFailures: boolean
  maxConcurrency: number
  preload: string[]
  /** Path filters or paths, in order. */
  positionals: string[]
  pathIgnorePatterns: string[]
}

/** Either the options, or what to print and the exit code. */
export type ParsedOptions =
  | { ok: true; options: TestOptions }
  | { ok: false; stderr: string; stdout?: string; exitCode: number }

/** Flags that take a value. */
const VALUED = new Set([
  '--timeout',
  '--rerun-each',
  '--retry',
  '--test-name-pattern',
  '-t',
  '--reporter',
  '--reporter-outfile',
  '--preload',
  '-r',
  '--seed',
  '--max-concurrency',
  '--coverage-reporter',
  '--coverage-dir',
  '--path-ignore-patterns',
  '--changed',
  '--parallel',
  '--parallel-delay',
  '--shard',
  '--timings',
  '--cwd',
  '--config',
  '-c',
  '--env-file',
  '--tsconfig-override',
  '--conditions',
])

/** Flags whose value is optional and only given with `=`. */
const OPTIONAL_VALUE = new Set(['--bail', '--changed', '--parallel'])

/** Zig's `parseInt` error name for a bad number. */
function parseCount(value: string): number | 'InvalidCharacter' | 'Overflow' {
  if (!/^[+-]?\d+$/.test(value)) return 'InvalidCharacter'
  const n = Number(value)
  if (n < 0 || n > 0xffffffff) return n < 0 ? 'InvalidCharacter' : 'Overflow'
  return n
}

/** Reads `bun test` arguments (after `test`). */
export function parseTestArgs(args: readonly string[], help: string): ParsedOptions {
  const options: TestOptions = {
    timeout: 5000,
    updateSnapshots: false,
    rerunEach: 1,
    retry: 0,
    runTodo: false,
    only: false,
    passWithNoTests: false,
    concurrent: false,
    bail: 0,
    namePattern: null,
    namePatternSource: null,
    junitOutfile: null,
    dots: false,
    onlyFailures: false,
    maxConcurrency: 20,
    preload: [],
    positionals: [],
    pathIgnorePatterns: [],
  }
  const reporters: string[] = []
  let outfile: string | null = null
  let passthrough = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (passthrough || !arg.startsWith('-') || arg === '-') {
      options.positionals.push(arg)
      continue
    }
    if (arg === '--') {
      passthrough = true
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg
    let value: string | undefined = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined
    if (value === undefined && VALUED.has(name) && !OPTIONAL_VALUE.has(name)) {
      value = args[i + 1]
      if (value === undefined)
        return {
          ok: false,
          stderr: `error: The argument '${name}' requires a value but none was supplied.\n${help}`,
          exitCode: 1,
        }
      i++
    }
    switch (name) {
      case '--timeout': {
        const n = parseCount(value as string)
        if (typeof n !== 'number') return { ok: false, stderr: `error: Invalid timeout: "${value}"\n`, exitCode: 1 }
        options.timeout = n
        break
      }
      case '-u':
      case '--update-snapshots':
        options.updateSnapshots = true
        break
      case '--rerun-each': {
        const n = parseCount(value as string)
        if (typeof n !== 'number')
          return { ok: false, stderr: `error: --rerun-each expects a number: ${n}\n`, exitCode: 1 }
        options.rerunEach = Math.max(n, 1)
        break
      }
      case '--retry': {
        const n = parseCount(value as string)
        if (typeof n !== 'number') return { ok: false, stderr: `error: --retry expects a number: ${n}\n`, exitCode: 1 }
        options.retry = n
        break
      }
      case '--todo':
        options.runTodo = true
        break
      case '--only':
        options.only = true
        break
      case '--pass-with-no-tests':
        options.passWithNoTests = true
        break
      case '--concurrent':
        options.concurrent = true
        break
      case '--randomize':
      case '--seed':
      case '--coverage':
      case '--coverage-reporter':
      case '--coverage-dir':
      case '--shard':
      case '--parallel':
      case '--changed':
      case '--timings':
      case '--update-timings':
        // Flags whose output Vitamin-Bun cannot produce: said so, not silently ignored.
        return { ok: false, stderr: `error: ${name} is not supported by Vitamin-Bun yet\n`, exitCode: 1 }
      case '--bail': {
        if (value === undefined) {
          options.bail = 1
          break
        }
        const n = parseCount(value)
        if (typeof n !== 'number') return { ok: false, stderr: `error: --bail expects a number: ${n}\n`, exitCode: 1 }
        if (n === 0) return { ok: false, stderr: 'error: --bail expects a number greater than 0\n', exitCode: 1 }
        options.bail = n
        break
      }
      case '-t':
      case '--test-name-pattern': {
        try {
          options.namePattern = new RegExp(value as string)
        } catch {
          return {
            ok: false,
            stderr: `error: --test-name-pattern expects a valid regular expression but received ${JSON.stringify(value)}\n`,
            exitCode: 1,
          }
        }
        options.namePatternSource = value as string
        break
      }
      case '--reporter':
        reporters.push(value as string)
        break
      case '--reporter-outfile':
        outfile = value as string
        break
      case '--dots':
        options.dots = true
        break
      case '--only-failures':
        options.onlyFailures = true
        break
      case '-r':
      case '--preload':
        options.preload.push(value as string)
        break
      case '--max-concurrency': {
        const n = parseCount(value as string)
        if (typeof n !== 'number')
          return { ok: false, stderr: `error: --max-concurrency expects a number: ${n}\n`, exitCode: 1 }
        options.maxConcurrency = Math.max(n, 1)
        break
      }
      case '--path-ignore-patterns':
        options.pathIgnorePatterns.push(value as string)
        break
      case '-h':
      case '--help':
        return { ok: false, stderr: '', stdout: help, exitCode: 0 }
      default:
        // Flags with no effect here, and unknown flags: Bun carries on.
        break
    }
  }
  for (const reporter of reporters) {
    if (reporter === 'junit') {
      if (outfile === null)
        return {
          ok: false,
          stderr:
            'error: --reporter=junit requires --reporter-outfile [file] to specify where to save the XML report\n',
          exitCode: 1,
        }
      options.junitOutfile = outfile
    } else if (reporter === 'dots') options.dots = true
    else
      return {
        ok: false,
        stderr: `error: unsupported reporter format '${reporter}'. Available options: 'junit' (for XML test results), 'dots'\n`,
        exitCode: 1,
      }
  }
  return { ok: true, options }
}

/** `bun test --help`. */
export const TEST_HELP = `Usage: bun test [flags] [<patterns>]
  Run all matching test files and print the results to stdout

Flags:
      --timeout=<val>                 Set the per-test timeout in milliseconds, default is 5000.
  -u, --update-snapshots              Update snapshot files
      --rerun-each=<val>              Re-run each test file <NUMBER> times, helps catch certain bugs
      --retry=<val>                   Default retry count for all tests, overridden by per-test { retry: N }
      --todo                          Include tests that are marked with "test.todo()"
      --only                          Run only tests that are marked with "test.only()" or "describe.only()"
      --pass-with-no-tests            Exit with code 0 when no tests are found
      --concurrent                    Treat all tests as \`test.concurrent()\` tests
      --bail=<val>                    Exit the test suite after <NUMBER> failures. If you do not specify a number, it defaults to 1.
  -t, --test-name-pattern=<val>       Run only tests with a name that matches the given regex.
      --reporter=<val>                Test output reporter format. Available: 'junit' (requires --reporter-outfile), 'dots'. Default: console output.
      --reporter-outfile=<val>        Output file path for the reporter format (required with --reporter).
      --dots                          Enable dots reporter. Shorthand for --reporter=dots.
      --only-failures                 Only display test failures, hiding passing tests.
      --max-concurrency=<val>         Maximum number of concurrent tests to execute at once. Default is 20.
      --path-ignore-patterns=<val>    Glob patterns for test file paths to ignore.
  -r, --preload=<val>                 Import a module before other modules are loaded

Examples:
  Run all test files
  bun test

  Run all test files with "foo" or "bar" in the file name
  bun test foo bar

  Run all test files, only including tests whose names includes "baz"
  bun test --test-name-pattern baz

Full documentation is available at https://bun.com/docs/cli/test
`

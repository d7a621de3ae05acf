/**
 * `bun test [flags] [patterns]`: finds the test files, runs each in one Bun
 * process (one module registry: a file's imports load once; the file
 * itself runs again for `--rerun-each`), and reports as Bun 1.4.5 does —
 * the header on stdout, everything else on stderr. Resolves with the exit
 * code (1 when a test failed, no test was found, or an error happened
 * between tests).
 *
 *     import { runTests } from './test/index.js'
 *     const code = await runTests(host, ['--bail', 'math'])
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { pretty } from '../runtime/console/style.js'
import type { OutputStream, RuntimeHost } from '../runtime/host.js'
import { BUN_EXEC_PATH, BUN_VERSION, ProcessExit } from '../runtime/process.js'
import { Runtime } from '../runtime/runtime.js'
import { discoverTests } from './discover.js'
import { formatThrown } from './errors.js'
import { disposeFakeTimers, installTimerDispatch } from './fake-timers.js'
import { FileRun, hostNow, StopRun } from './file-run.js'
import { JunitReporter } from './junit.js'
import { TEST_GLOBALS } from './module.js'
import { parseTestArgs, TEST_HELP, type TestOptions } from './options.js'
import { relativePath } from './paths.js'
import { formatStartEnd, Reporter } from './reporter.js'
import { TestSession } from './session.js'
import { applyInlineSnapshots } from './snapshot/inline.js'
import { Snapshots } from './snapshot/snapshots.js'

const UTF8 = new TextEncoder()

/** The revision Bun 1.4.5 prints in its header. */
export const BUN_REVISION_SHORT = 'a7733435c'

/** Colours on a stream, by Bun's rules: `FORCE_COLOR` (not `0`) wins, then `NO_COLOR`, then a terminal. */
export function wantsColors(env: Record<string, string>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  if (env.NO_COLOR !== undefined) return false
  return isTTY
}

const CI_VENDORS = [
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'BUILDKITE',
  'CIRCLECI',
  'TRAVIS',
  'JENKINS_URL',
  'TF_BUILD',
  'TEAMCITY_VERSION',
  'APPVEYOR',
  'CODEBUILD_BUILD_ID',
  'DRONE',
  'SEMAPHORE',
  'BITBUCKET_COMMIT',
  'CONTINUOUS_INTEGRATION',
]

/** Bun's CI detection: `CI` when set (`false`/`0` mean no), else a CI vendor's variable. */
export function isCI(env: Record<string, string>): boolean {
  const ci = env.CI
  if (ci !== undefined) return !(ci === '' || ci === '0' || ci.toLowerCase() === 'false')
  return CI_VENDORS.some((name) => env[name] !== undefined)
}

function write(stream: RuntimeHost['stdout'], text: string): void {
  if (text) stream.write(UTF8.encode(text))
}

/** Runs `bun test` with `args` (the arguments after `test`); resolves with the exit code. */
export async function runTests(host: RuntimeHost, args: string[]): Promise<number> {
  const parsed = parseTestArgs(args, TEST_HELP)
  if (!parsed.ok) {
    write(host.stdout, parsed.stdout ?? '')
    write(host.stderr, parsed.stderr)
    return parsed.exitCode
  }
  const options = parsed.options
  const startedAt = hostNow()
  const stdoutColors = wantsColors(host.env, host.stdout.isTTY)
  const colors = wantsColors(host.env, host.stderr.isTTY)
  write(host.stdout, pretty(`<r><b>bun test <r><d>v${BUN_VERSION} (${BUN_REVISION_SHORT})<r>\n`, stdoutColors))
  const p = (text: string) => pretty(text, colors)

  const ignore = options.pathIgnorePatterns.map(globToRegExp)
  const found = discoverTests(host.fs, host.cwd, options.positionals, ignore)
  if (found.missing !== null) {
    write(host.stderr, p(`Test filter <b>${JSON.stringify(found.missing)}<r> had no matches\n`))
    return 1
  }
  if (found.files.length === 0) {
    let text = ''
    if (options.positionals.length === 0) {
      text += p(
        '<yellow>No tests found!<r>\n\nTests need ".test", "_test_", ".spec" or "_spec_" in the filename <d>(ex: "MyApp.test.ts")<r>\n',
      )
    } else {
      text += p('<yellow>The following filters did not match any test files:<r>\n')
      let fileLike: string | null = null
      for (const filter of options.positionals) {
        text += ` ${filter}`
        if (fileLike === null && /\.(ts|tsx|js|jsx)$/.test(filter)) fileLike = filter
      }
      if (found.searched > 0)
        text += `\n${found.searched} files were searched ${formatStartEnd(hostNow() - startedAt, colors)}`
      text += p(
        '\n\n<blue>note<r><d>:<r> Tests need ".test", "_test_", ".spec" or "_spec_" in the filename <d>(ex: "MyApp.test.ts")<r>\n',
      )
      if (fileLike !== null)
        text += p(`<blue>note<r><d>:<r> To treat the "${fileLike}" filter as a path, run "bun test ./${fileLike}"<r>\n`)
    }
    text += p('\nLearn more about bun test: <magenta>https://bun.com/docs/cli/test<r>')
    text += '\n'
    write(host.stderr, text)
    return options.passWithNoTests ? 0 : 1
  }

  const first = found.files[0] as string
  const runtime = new Runtime(host, { argv: [BUN_EXEC_PATH, first], main: first })
  runtime.process.env.NODE_ENV ??= 'test'
  installTimerDispatch(runtime)
  runtime.resetModules()
  runtime.installGlobals()
  const junit = options.junitOutfile ? new JunitReporter(host.cwd, hostname(runtime), hostNow) : null
  const reporter = new Reporter(host.stderr, {
    colors,
    dots: options.dots,
    onlyFailures: options.onlyFailures,
    runTodo: options.runTodo,
    junit,
  })
  const ci = isCI(host.env)
  const snapshots = new Snapshots(host.fs, options.updateSnapshots, ci)
  const session = new TestSession(runtime, options, reporter, snapshots, host.cwd, ci)

  // The reporter batches its lines; whatever the process writes itself goes after them, in order.
  const streams = [host.stdout, host.stderr] as const
  const originalWrites = streams.map((stream) => stream.write)
  streams.forEach((stream, i) => {
    const write = originalWrites[i] as OutputStream['write']
    ;(stream as { write: OutputStream['write'] }).write = (bytes) => {
      reporter.flush()
      write.call(stream, bytes)
    }
  })
  const restoreWrites = () =>
    streams.forEach((stream, i) => {
      ;(stream as { write: OutputStream['write'] }).write = originalWrites[i] as OutputStream['write']
    })

  const bunTest = runtime.builtin('bun:test') as Record<string, unknown>
  const restoreGlobals = installTestGlobals(bunTest)
  const onError = (error: unknown) => session.uncaught(error, false)
  const onRejection = (reason: unknown) => session.uncaught(reason, true)
  // `process.exit()` in a test: what is batched is printed before the process ends.
  const onExit = () => reporter.flush()
  runtime.process.on('exit', onExit)
  runtime.process.on('uncaughtException', onError)
  runtime.process.on('unhandledRejection', onRejection)

  const finishJunit = () => {
    if (!junit || options.junitOutfile === null) return
    const xml = junit.finish((hostNow() - startedAt) / 1000)
    if (xml === null) return
    const path = posixPath.resolve(host.cwd, options.junitOutfile)
    try {
      host.fs.writeFile(path, xml)
    } catch (error) {
      const e = error as { code?: string; message?: string }
      write(
        host.stderr,
        p(`<r><red>JUnitReportFailed<r><d>:<r> Failed to write JUnit report to ${options.junitOutfile}\n`) +
          `${e.code ?? 'EIO'}: ${options.junitOutfile}: ${e.code === 'ENOENT' ? 'No such file or directory' : (e.message ?? '')} (open())\n`,
      )
    }
  }
  session.onBail = () => {
    reporter.write(reporter.ranLine(hostNow() - startedAt))
    reporter.write(p(`\nBailed out after ${options.bail} failure${options.bail === 1 ? '' : 's'}<r>\n`))
    finishJunit()
  }

  const run = async (): Promise<number> => {
    let preloaded = options.preload.length === 0
    // A file reached twice (through a symbolic link) gets its header again but runs once, as in Bun.
    const ran = new Set<string>()
    for (let index = 0; index < found.files.length; index++) {
      const path = found.files[index] as string
      const title = relativePath(host.cwd, path)
      const again = ran.has(path)
      ran.add(path)
      for (let repeat = 0; repeat < options.rerunEach; repeat++) {
        reporter.enterFile(title, options.rerunEach, repeat)
        if (again) {
          if (repeat === 0) reporter.summary.files++
          continue
        }
        if (!preloaded) {
          preloaded = true
          const failed = await loadPreloads(runtime, session, options, reporter)
          if (failed !== null) return failed
        }
        await runFile(session, path, title, index === 0, index === found.files.length - 1, repeat)
        if (index < found.files.length - 1) session.defaultTimeoutOverride = null
      }
    }
    return -1
  }

  let exitCode = 1
  try {
    const outcome = await Promise.race([
      run().then(
        (code) => ({ code }),
        (error: unknown) => ({ error }),
      ),
      runtime.exited.then((code) => ({ exit: code })),
    ])
    if ('exit' in outcome) return outcome.exit
    if ('error' in outcome) {
      const error = outcome.error
      if (error instanceof StopRun) return error.exitCode
      if (error instanceof ProcessExit) return error.code
      throw error
    }
    if (outcome.code >= 0) return outcome.code

    writeInlineSnapshots(host, snapshots)
    snapshots.writeAll()
    reporter.repeatedLists()
    const s = reporter.summary
    const filteredOutAll =
      s.skippedBecauseLabel > 0 &&
      s.pass + s.skip + s.todo + s.fail + s.expectations === 0 &&
      reporter.unhandledErrors === 0
    reporter.write('\n')
    if (!filteredOutAll) {
      reporter.counts(snapshots)
      reporter.write(reporter.ranLine(hostNow() - startedAt))
    } else {
      reporter.write(
        p(
          `<red>error<r><d>:<r> regex <b>${JSON.stringify(options.namePatternSource)}<r> matched 0 tests. Searched ${s.files} file${s.files === 1 ? '' : 's'} (skipping ${s.skippedBecauseLabel} test${s.skippedBecauseLabel === 1 ? '' : 's'}) `,
        ) + formatStartEnd(hostNow() - startedAt, colors),
      )
    }
    reporter.write('\n')
    finishJunit()
    const noTests = !options.passWithNoTests && filteredOutAll
    exitCode = noTests || s.fail > 0 || reporter.unhandledErrors > 0 ? 1 : 0
  } finally {
    runtime.process.off('exit', onExit)
    runtime.process.off('uncaughtException', onError)
    runtime.process.off('unhandledRejection', onRejection)
    reporter.flush()
    restoreWrites()
    runtime.loop.stopped = true
    disposeFakeTimers(runtime)
    restoreGlobals()
    runtime.dispose()
  }
  return exitCode
}

/** Runs one test file once. */
async function runFile(
  session: TestSession,
  path: string,
  title: string,
  first: boolean,
  last: boolean,
  repeat: number,
): Promise<void> {
  const runtime = session.runtime
  const file = new FileRun(session, path, title, first, last)
  session.file = file
  runtime.main = path
  const argv = runtime.process.argv as string[]
  argv[1] = path
  if (path in runtime.registry.cache) delete runtime.registry.cache[path]
  session.snapshots.resetCounts(path)
  const reporter = session.reporter
  try {
    try {
      await runtime.registry.runMain(path)
    } catch (error) {
      if (error instanceof StopRun || error instanceof ProcessExit) throw error
      if (repeat === 0) reporter.summary.files++
      session.unhandledBetweenTests(error)
      reporter.summary.fail++
      if (reporter.summary.fail === session.options.bail) {
        session.onBail()
        throw new StopRun(1)
      }
      return
    }
    if (repeat === 0) reporter.summary.files++
    await file.runQueued(file.root)
    await file.execute()
  } finally {
    session.file = null
    session.snapshots.writeFile(path)
  }
}

/** Loads the `--preload` modules (their hooks apply to every file); returns an exit code when one is missing. */
async function loadPreloads(
  runtime: Runtime,
  session: TestSession,
  options: TestOptions,
  reporter: Reporter,
): Promise<number | null> {
  const host = runtime.host
  for (const preload of options.preload) {
    const path = posixPath.resolve(host.cwd, preload)
    let exists = false
    try {
      exists = host.fs.stat(path).isFile()
    } catch {
      exists = false
    }
    if (!exists) {
      const resolved = tryResolve(runtime, preload)
      if (resolved === null) {
        reporter.write(
          pretty(`<r><red>error<r><d>:<r> preload not found ${JSON.stringify(preload)}\n`, reporter.colors),
        )
        return 1
      }
    }
    session.inPreload = true
    try {
      await runtime.registry.dynamicImport(exists ? path : preload, `${host.cwd}/[eval]`)
    } catch (error) {
      reporter.write(formatThrown(runtime, error, reporter.colors))
      return 1
    } finally {
      session.inPreload = false
    }
  }
  return null
}

function tryResolve(runtime: Runtime, specifier: string): string | null {
  try {
    return runtime.registry.resolveNow(specifier, `${runtime.host.cwd}/[eval]`, 'import')
  } catch {
    return null
  }
}

function writeInlineSnapshots(host: RuntimeHost, snapshots: Snapshots): void {
  const byFile = new Map<string, typeof snapshots.inline>()
  for (const write of snapshots.inline) {
    const list = byFile.get(write.file) ?? []
    list.push(write)
    byFile.set(write.file, list)
  }
  for (const [file, writes] of byFile) {
    let source: string
    try {
      source = host.fs.readFile(file, 'utf8') as string
    } catch {
      continue
    }
    const updated = applyInlineSnapshots(source, writes)
    if (updated !== source) host.fs.writeFile(file, updated)
  }
}

/** Makes the `bun:test` names test files use without importing them globals; returns the undo. */
function installTestGlobals(exports: Record<string, unknown>): () => void {
  const g = globalThis as unknown as Record<string, unknown>
  const saved = new Map<string, PropertyDescriptor | undefined>()
  for (const name of TEST_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(g, name))
    Object.defineProperty(g, name, { value: exports[name], writable: true, configurable: true, enumerable: false })
  }
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(g, name, descriptor)
      else delete g[name]
    }
  }
}

function hostname(runtime: Runtime): string {
  try {
    const os = runtime.builtin('node:os') as { hostname?: () => string } | undefined
    return os?.hostname?.() ?? 'localhost'
  } catch {
    return 'localhost'
  }
}

/** `--path-ignore-patterns` globs as regular expressions over relative paths. */
function globToRegExp(glob: string): RegExp {
  let re = '^'
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*'
        i++
        if (glob[i + 1] === '/') i++
      } else re += '[^/]*'
    } else if (ch === '?') re += '[^/]'
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`${re}$`)
}

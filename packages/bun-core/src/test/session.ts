/**
 * The state of one `bun test` process: its options, the reporter, the
 * snapshot files, the file that runs now and the test that runs now (for
 * `expect()` counting). The `bun:test` module of a process finds its
 * session through {@link sessionOf}.
 */
import { ProcessExit } from '../runtime/process.js'
import type { Runtime } from '../runtime/runtime.js'
import { formatThrown } from './errors.js'
import { type FileRun, resultForError, StopRun } from './file-run.js'
import type { TestOptions } from './options.js'
import type { Sequence } from './order.js'
import type { Reporter } from './reporter.js'
import { createRootScope, type DescribeScope, type TestEntry } from './scope.js'
import type { Snapshots } from './snapshot/snapshots.js'

const sessions = new WeakMap<Runtime, TestSession>()

const NO_ERROR = (): null => null

/** The session of a process, if it runs `bun test`. */
export function sessionOf(runtime: Runtime): TestSession | undefined {
  return sessions.get(runtime)
}

export class TestSession {
  /** The file being collected or run. */
  file: FileRun | null = null
  /** Hooks registered by `--preload` modules (all files). */
  preloadScope: DescribeScope | null = null
  /** True while `--preload` modules run. */
  inPreload = false
  /** `setDefaultTimeout()`: overrides `--timeout` for what is declared after it (reset per file). */
  defaultTimeoutOverride: number | null = null
  /** The test whose `expect()` calls count (null with concurrent tests). */
  private current: Sequence | null = null
  private currentEntry: TestEntry | null = null
  private runningEntries = 0
  private readonly deferred = new Map<TestEntry, Array<Promise<{ error: unknown } | null>>>()
  /** Called when the run has to stop at once (`--bail`): prints what Bun prints and ends the run. */
  onBail: () => void = () => undefined

  constructor(
    readonly runtime: Runtime,
    readonly options: TestOptions,
    readonly reporter: Reporter,
    readonly snapshots: Snapshots,
    readonly cwd: string,
    readonly ci: boolean,
  ) {
    sessions.set(runtime, this)
  }

  get colors(): boolean {
    return this.reporter.colors
  }

  /** The preload hook scope, created on first use. */
  ensurePreloadScope(): DescribeScope {
    this.preloadScope ??= createRootScope()
    return this.preloadScope
  }

  /** The test sequence `expect()` counts for, if one test runs alone. */
  get currentSequence(): Sequence | null {
    return this.runningEntries === 1 ? this.current : null
  }

  /** The entry running alone (for hooks added during a test). */
  get currentTestEntry(): TestEntry | null {
    return this.runningEntries === 1 ? this.currentEntry : null
  }

  /**
   * Bun checks `.resolves`/`.rejects` synchronously (it runs the event loop
   * until the promise settles). JavaScript cannot wait like that, so the
   * matcher returns its check as a promise and the running entry also waits
   * for it before it ends: awaited, a failure reaches the caller as in Jest;
   * not awaited, it still fails the test, as in Bun. `observed` tells
   * whether the caller took the promise (then its failure is theirs).
   */
  deferAssertion(check: Promise<unknown>, observed: () => boolean): void {
    const entry = this.currentTestEntry
    if (entry === null) return
    let list = this.deferred.get(entry)
    if (!list) {
      list = []
      this.deferred.set(entry, list)
    }
    // Promise.prototype.then directly: attaching this handler must not count as the caller taking the promise.
    list.push(
      Promise.prototype.then.call(check, NO_ERROR, (error: unknown) => (observed() ? null : { error })) as Promise<{
        error: unknown
      } | null>,
    )
  }

  /** The deferred assertions of `entry` registered so far (see {@link deferAssertion}); null when none. */
  takeDeferred(entry: TestEntry): Array<Promise<{ error: unknown } | null>> | null {
    const list = this.deferred.get(entry)
    if (!list) return null
    this.deferred.delete(entry)
    return list
  }

  enterEntry(_file: FileRun, sequence: Sequence, entry: TestEntry): void {
    this.runningEntries++
    this.current = sequence
    this.currentEntry = entry
  }

  leaveEntry(_file: FileRun): void {
    this.runningEntries--
    if (this.runningEntries === 0) {
      this.current = null
      this.currentEntry = null
    }
  }

  /** An error of a running entry (its callback threw or rejected, or an uncaught error attributed to it). */
  handleError(_file: FileRun, sequence: Sequence, entry: TestEntry, error: unknown): void {
    if (error instanceof StopRun) throw error
    if (error instanceof ProcessExit) throw new StopRun(error.code)
    sequence.maybeSkip = true
    const { result, show } = resultForError(sequence, entry)
    sequence.result = result
    if (!show) return
    this.reporter.options.junit?.recordFailure(sequence, error)
    this.reporter.handledError(formatThrown(this.runtime, error, this.colors))
  }

  /** An error outside any test: its own block, and the run fails. */
  unhandledBetweenTests(error: unknown): void {
    if (error instanceof StopRun) throw error
    this.reporter.unhandledBetweenTests(formatThrown(this.runtime, error, this.colors))
  }

  /** Routes an error nothing caught (the process's `uncaughtException`/`unhandledRejection`). */
  uncaught(error: unknown, isRejection: boolean): void {
    if (error instanceof ProcessExit || error instanceof StopRun) return
    if (this.file) this.file.uncaught(error, isRejection)
    else this.unhandledBetweenTests(error)
  }

  /** A sequence finished: its line, counts, and `--bail`. */
  testCompleted(file: FileRun, sequence: Sequence, entry: TestEntry, elapsedNs: number): void {
    const bailed = this.reporter.testCompleted(sequence, entry, elapsedNs, this.options.bail, file.title)
    if (bailed) {
      this.onBail()
      throw new StopRun(1)
    }
  }

  /** The default timeout of what is declared now. */
  get timeout(): number {
    return this.defaultTimeoutOverride ?? this.options.timeout
  }

  /** `expect()` was called: counts for the running test. */
  countExpect(): void {
    const sequence = this.currentSequence
    if (sequence) sequence.expectCalls++
  }
}

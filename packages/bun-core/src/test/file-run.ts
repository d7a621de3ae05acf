/**
 * One run of one test file: collection, then execution, as Bun 1.4 does it.
 *
 * Collection: the file's module runs; each `describe()` it calls is queued
 * on the scope it was called in, and after that scope's callback finished
 * its queued describes run in order, depth first (an `async` callback is
 * awaited). A describe callback that throws marks its scope failed (nothing
 * in it runs) and is reported as an unhandled error between tests.
 *
 * Execution: the groups of `order.ts` run one after the other; the
 * sequences of a group run together. An entry's callback gets `done` when it
 * declares a parameter; it ends when it returns (or its promise settles, or
 * `done` is called), when its timeout passes, or when an unhandled
 * rejection is attributed to it. An error ends the entry; the rest of the
 * sequence is skipped to its first `afterEach` (or to the end once past it).
 */
import { buildOrder, type Group, isPass, type Result, type Sequence } from './order.js'
import { createRootScope, type DescribeScope, type TestCallback, type TestEntry } from './scope.js'
import type { TestSession } from './session.js'

/** Host timers, untouched by fake timers and by the process's own. */
const hostSetTimeout = globalThis.setTimeout.bind(globalThis)
const hostClearTimeout = globalThis.clearTimeout.bind(globalThis)
/** The host's clock (a test replacing `performance` does not change the durations reported). */
export const hostNow: () => number = performance.now.bind(performance)

/** Thrown through the runner to stop everything (`--bail`, `process.exit`). */
export class StopRun {
  constructor(readonly exitCode: number) {}
}

/** The entry currently running in a sequence, and how to end it early. */
interface Running {
  sequence: Sequence
  entry: TestEntry
  finish(): void
  /** Set once the entry has ended (a late error of it is an error between tests). */
  over: boolean
}

export class FileRun {
  readonly root: DescribeScope
  phase: 'collection' | 'execution' | 'done' = 'collection'
  activeScope: DescribeScope
  private readonly queued = new Map<DescribeScope, Array<{ scope: DescribeScope; callback: TestCallback | null }>>()
  /** Asynchronous entries running now (more than one with concurrent tests). */
  readonly running: Running[] = []
  /**
   * The entry whose callback is being called synchronously, if any: one
   * record reused for every synchronous call (it runs alone, to its end or
   * until it goes asynchronous), so a thousand tests allocate none.
   */
  private readonly inline: Running = {
    sequence: null as unknown as Sequence,
    entry: null as unknown as TestEntry,
    over: true,
    finish: noop,
  }

  constructor(
    readonly session: TestSession,
    readonly path: string,
    readonly title: string,
    readonly first: boolean,
    readonly last: boolean,
  ) {
    this.root = createRootScope()
    // `--only`: a file without `.only` tests runs nothing.
    if (session.options.only) this.root.base.only = 'contains'
    this.activeScope = this.root
  }

  // ------------------------------------------------------------ collection

  /** `describe()` during collection: the scope now, its callback after the current one. */
  queueDescribe(scope: DescribeScope, callback: TestCallback | null): void {
    const parent = scope.base.parent as DescribeScope
    let list = this.queued.get(parent)
    if (!list) {
      list = []
      this.queued.set(parent, list)
    }
    list.push({ scope, callback })
  }

  /** Runs the describe callbacks queued on `scope` (after the file's module ran, for the root). */
  async runQueued(scope: DescribeScope): Promise<void> {
    const list = this.queued.get(scope)
    if (!list) return
    this.queued.delete(scope)
    for (const item of list) {
      const previous = this.activeScope
      this.activeScope = item.scope
      try {
        const result = item.callback?.()
        if (isThenable(result)) await result
      } catch (error) {
        if (error instanceof StopRun) throw error
        item.scope.failed = true
        this.session.unhandledBetweenTests(error)
      } finally {
        this.activeScope = previous
      }
      await this.runQueued(item.scope)
    }
  }

  // ------------------------------------------------------------ execution

  /** Runs the collected tests. */
  async execute(): Promise<void> {
    this.phase = 'execution'
    const options = this.session.options
    const preload = this.session.preloadScope
    const groups = buildOrder(
      this.root,
      { alwaysUseHooks: this.root.base.only === 'no' && options.namePattern === null },
      preload
        ? {
            beforeAll: this.first ? preload.beforeAll : [],
            afterAll: this.last ? preload.afterAll : [],
            beforeEach: preload.beforeEach,
            afterEach: preload.afterEach,
          }
        : null,
    )
    let index = 0
    while (index < groups.length) {
      const group = groups[index] as Group
      // Synchronous tests run back to back; only asynchronous ones are awaited.
      const pending = this.runGroup(group)
      if (pending) await pending
      let allFailed = true
      const sequences = group.sequences
      for (let i = 0; i < sequences.length; i++) if (isPass((sequences[i] as Sequence).result)) allFailed = false
      index = allFailed ? group.failureSkipTo : index + 1
    }
    this.phase = 'done'
  }

  private runGroup(group: Group): Promise<void> | undefined {
    if (group.sequences.length === 1) return this.runSequence(group.sequences[0] as Sequence)
    return this.runConcurrent(group)
  }

  private async runConcurrent(group: Group): Promise<void> {
    const limit = this.session.options.maxConcurrency
    const queue = [...group.sequences]
    const workers: Promise<void>[] = []
    const work = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.runSequence(next)
    }
    const count = Math.min(limit, queue.length)
    for (let i = 0; i < count; i++) workers.push(work())
    await Promise.all(workers)
  }

  /** Runs a sequence (its repeats and retries too); a promise only when an entry is asynchronous. */
  private runSequence(sequence: Sequence): Promise<void> | undefined {
    return new SequenceRun(this, sequence).begin()
  }

  /**
   * Runs one entry to its end (see the file comment). A synchronous
   * callback without `done` completes here (no timer, no promise: the common
   * case, kept cheap); otherwise the returned promise settles when it ends.
   */
  /** @internal (for {@link SequenceRun}) */
  runEntry(sequence: Sequence, entry: TestEntry): Promise<void> | undefined {
    if (!entry.hasDone) {
      // The common case, without allocations: a callback that returns.
      const inline = this.inline
      inline.sequence = sequence
      inline.entry = entry
      inline.over = false
      this.session.enterEntry(this, sequence, entry)
      let value: unknown
      try {
        value = (entry.callback as TestCallback)()
      } catch (error) {
        this.session.takeDeferred(entry)
        try {
          this.session.handleError(this, sequence, entry, error)
        } finally {
          inline.over = true
          this.session.leaveEntry(this)
        }
        return undefined
      }
      const thenable = isThenable(value)
      const deferred = thenable ? null : this.session.takeDeferred(entry)
      if (!thenable && deferred === null) {
        inline.over = true
        this.session.leaveEntry(this)
        return undefined
      }
      // It goes on asynchronously: a record of its own.
      inline.over = true
      const record: Running = { sequence, entry, over: false, finish: noop }
      this.running.push(record)
      return this.runAsyncEntry(
        sequence,
        entry,
        record,
        awaitDeferred(this.session, entry, deferred === null ? value : undefined, deferred),
      )
    }
    return this.runAsyncEntry(sequence, entry, null, undefined)
  }

  private removeRunning(record: Running): void {
    const list = this.running
    const index = list.lastIndexOf(record)
    if (index === list.length - 1) list.pop()
    else if (index >= 0) list.splice(index, 1)
  }

  /** An entry that takes `done` or returns a promise (see {@link runEntry}). */
  private runAsyncEntry(
    sequence: Sequence,
    entry: TestEntry,
    started: Running | null,
    startedValue: unknown,
  ): Promise<void> | undefined {
    const callback = entry.callback as TestCallback
    const running: Running = started ?? { sequence, entry, over: false, finish: () => undefined }
    if (!started) {
      this.running.push(running)
      this.session.enterEntry(this, sequence, entry)
    }
    const leave = () => {
      running.over = true
      this.removeRunning(running)
      this.session.leaveEntry(this)
    }
    const fail = (error: unknown) => {
      if (running.over) {
        this.session.unhandledBetweenTests(error)
        return
      }
      this.session.handleError(this, sequence, entry, error)
      running.finish()
    }
    let doneCalled = false
    let doneOk = false
    let onDone: (() => void) | null = null
    const args: unknown[] = []
    if (entry.hasDone) {
      args.push((error?: unknown) => {
        if (doneCalled) return
        doneCalled = true
        if (error !== undefined && error !== null) fail(error)
        else {
          doneOk = true
          onDone?.()
        }
      })
    }
    let result: unknown = startedValue
    let threw = false
    try {
      if (!started) result = callback(...args)
    } catch (error) {
      threw = true
      try {
        fail(error)
      } catch (stop) {
        leave()
        throw stop
      }
    }
    const thenable = !threw && isThenable(result)
    if (threw || (!thenable && (!entry.hasDone || doneCalled))) {
      leave()
      return undefined
    }
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof hostSetTimeout> | null = null
      running.finish = () => {
        if (running.over) return
        if (timer !== null) hostClearTimeout(timer)
        leave()
        resolve()
      }
      if (entry.timeout > 0) {
        timer = hostSetTimeout(() => {
          if (running.over) return
          const isTest = entry === sequence.test
          sequence.result = isTest
            ? entry.hasDone
              ? 'fail_because_timeout_with_done_callback'
              : 'fail_because_timeout'
            : entry.hasDone
              ? 'fail_because_hook_timeout_with_done_callback'
              : 'fail_because_hook_timeout'
          sequence.maybeSkip = true
          running.finish()
        }, entry.timeout)
      }
      let promiseDone = !thenable
      onDone = () => {
        if (promiseDone) running.finish()
      }
      if (thenable)
        (result as PromiseLike<unknown>).then(
          () => {
            promiseDone = true
            if (!entry.hasDone || doneOk) running.finish()
          },
          (error: unknown) => fail(error),
        )
    })
  }

  /**
   * An error nothing caught while this file runs: the running test's if
   * there is exactly one (a rejection also ends it), else an error between
   * tests.
   */
  uncaught(error: unknown, isRejection: boolean): void {
    const count = this.running.length + (this.inline.over ? 0 : 1)
    if (this.phase === 'execution' && count === 1) {
      const r = this.inline.over ? (this.running[0] as Running) : this.inline
      if (r.entry !== r.sequence.test && isRejection) {
        // Bun reports rejections during hooks as errors between tests.
        this.session.unhandledBetweenTests(error)
        return
      }
      this.session.handleError(this, r.sequence, r.entry, error)
      if (isRejection) r.finish()
      return
    }
    this.session.unhandledBetweenTests(error)
  }
}

function noop(): void {}

function isOnFinished(entry: TestEntry): boolean {
  return (entry as TestEntry & { onFinished?: boolean }).onFinished === true
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** The result an error gives the sequence it happened in (Bun's `handleUncaughtException`). */
export function resultForError(sequence: Sequence, entry: TestEntry): { result: Result; show: boolean } {
  if (entry !== sequence.test) return { result: sequence.result === 'pending' ? 'fail' : sequence.result, show: true }
  switch (sequence.mode) {
    case 'failing':
      return { result: sequence.result === 'pending' ? 'pass' : sequence.result, show: false }
    case 'todo':
      return { result: sequence.result === 'pending' ? 'todo' : sequence.result, show: true }
    default:
      return { result: sequence.result === 'pending' ? 'fail' : sequence.result, show: true }
  }
}

/**
 * Settles an entry's returned value, then its deferred `.resolves`/`.rejects`
 * checks (see `TestSession.deferAssertion`), including any registered while
 * waiting; the first failure is the entry's error.
 */
async function awaitDeferred(
  session: TestSession,
  entry: TestEntry,
  value: unknown,
  first: Array<Promise<{ error: unknown } | null>> | null,
): Promise<void> {
  try {
    await value
    for (let list = first ?? session.takeDeferred(entry); list !== null; list = session.takeDeferred(entry))
      for (const outcome of await Promise.all(list)) if (outcome !== null) throw outcome.error
  } finally {
    session.takeDeferred(entry)
  }
}

/**
 * One run of a sequence (hooks around a test, with its retries and repeats):
 * methods rather than closures, so a thousand tests create no functions.
 */
class SequenceRun {
  private testIndex = -1
  private list: TestEntry[]

  constructor(
    private readonly file: FileRun,
    private readonly sequence: Sequence,
  ) {
    this.list = sequence.entries
  }

  begin(): Promise<void> | undefined {
    const sequence = this.sequence
    sequence.run++
    sequence.startedAt = hostNow()
    this.testIndex = sequence.test ? sequence.entries.indexOf(sequence.test) : -1
    sequence.finished.length = 0
    this.list = sequence.entries
    sequence.active = 0
    return this.loop()
  }

  private after(entry: TestEntry): void {
    const sequence = this.sequence
    if (entry === sequence.test && sequence.finished.length > 0) {
      // Hooks added while the test ran: afterEach right after it (last added first), onTestFinished at the end.
      const afterEach = sequence.finished.filter((e) => !isOnFinished(e)).reverse()
      const finished = sequence.finished.filter(isOnFinished)
      const list = this.list
      this.list = [...list.slice(0, sequence.active + 1), ...afterEach, ...list.slice(sequence.active + 1), ...finished]
      sequence.finished.length = 0
    }
    if (sequence.maybeSkip) {
      sequence.maybeSkip = false
      const firstAfter = this.testIndex >= 0 ? this.list.indexOf(sequence.test as TestEntry) + 1 : this.list.length
      sequence.active = sequence.active < firstAfter ? firstAfter : this.list.length
    } else sequence.active++
  }

  private loop(): Promise<void> | undefined {
    const sequence = this.sequence
    while (sequence.active < this.list.length) {
      const entry = this.list[sequence.active] as TestEntry
      if (entry.callback === null) {
        if (sequence.result === 'pending') {
          const mode = entry.base.mode
          sequence.result = mode === 'todo' ? 'todo' : mode === 'filtered_out' ? 'skipped_because_label' : 'skip'
        }
        sequence.active++
        continue
      }
      const pending = this.file.runEntry(sequence, entry)
      if (pending)
        return pending.then(() => {
          this.after(entry)
          return this.loop()
        })
      this.after(entry)
    }
    return this.end()
  }

  private end(): Promise<void> | undefined {
    const sequence = this.sequence
    const elapsedNs = (hostNow() - sequence.startedAt) * 1e6
    const a = sequence.expectAssertions
    if (a.kind === 'at_least_one' && sequence.expectCalls === 0 && isPass(sequence.result))
      sequence.result = 'fail_because_expected_has_assertions'
    else if (a.kind === 'exact' && sequence.expectCalls !== a.count && isPass(sequence.result))
      sequence.result = 'fail_because_expected_assertion_count'
    if (sequence.result === 'pending')
      sequence.result =
        sequence.mode === 'failing'
          ? 'fail_because_failing_test_passed'
          : sequence.mode === 'todo'
            ? 'fail_because_todo_passed'
            : 'pass'
    // A failed test with retries left runs again (its line is printed once, at the end).
    if (!isPass(sequence.result) && sequence.remainingRetries > 0 && sequence.test) {
      sequence.attempts.push({ result: sequence.result, elapsed: elapsedNs })
      sequence.remainingRetries--
      sequence.run--
      sequence.reset()
      return this.begin()
    }
    sequence.remainingRepeats--
    if (sequence.remainingRepeats > 0 && isPass(sequence.result)) {
      sequence.reset()
      return this.begin()
    }
    if (sequence.entries.length > 0 && (sequence.test !== null || sequence.result !== 'pass'))
      this.file.session.testCompleted(
        this.file,
        sequence,
        sequence.test ?? (sequence.entries[0] as TestEntry),
        elapsedNs,
      )
    return undefined
  }
}

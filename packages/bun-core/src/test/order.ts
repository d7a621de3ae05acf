/**
 * From the collected tree to what runs, in Bun's order: a list of groups,
 * each a list of sequences that run together (more than one only for
 * consecutive `test.concurrent` tests). A test's sequence is its
 * `beforeEach` hooks (outermost first), the test, then its `afterEach`
 * hooks (innermost first); every `beforeAll`/`afterAll` hook is a sequence
 * of its own around its scope's children. A `beforeAll` that fails skips
 * to its scope's `afterAll` hooks (`failureSkipTo`).
 */
import type { DescribeScope, TestEntry } from './scope.js'

/** What a sequence ended as (Bun's `Execution.Result`). */
export type Result =
  | 'pending'
  | 'pass'
  | 'skip'
  | 'skipped_because_label'
  | 'todo'
  | 'fail'
  | 'fail_because_timeout'
  | 'fail_because_timeout_with_done_callback'
  | 'fail_because_hook_timeout'
  | 'fail_because_hook_timeout_with_done_callback'
  | 'fail_because_failing_test_passed'
  | 'fail_because_todo_passed'
  | 'fail_because_expected_has_assertions'
  | 'fail_because_expected_assertion_count'

/** The four outcomes a result counts as. */
export type BasicResult = 'pending' | 'pass' | 'fail' | 'skip' | 'todo'

export function basicResult(result: Result): BasicResult {
  switch (result) {
    case 'pending':
    case 'pass':
    case 'todo':
      return result
    case 'skip':
    case 'skipped_because_label':
      return 'skip'
    default:
      return 'fail'
  }
}

/** Passed, skipped or todo (pending counts as passing). */
export function isPass(result: Result): boolean {
  const basic = basicResult(result)
  return basic !== 'fail'
}

/** `expect.assertions(n)` / `expect.hasAssertions()` of a test. */
export type ExpectAssertions = { kind: 'not_set' } | { kind: 'at_least_one' } | { kind: 'exact'; count: number }
const NOT_SET: ExpectAssertions = Object.freeze({ kind: 'not_set' })

/** One test with its each-hooks, or one all-hook. */
export class Sequence {
  result: Result = 'pending'
  /** Index of the entry that runs next. */
  active = 0
  startedAt = 0
  expectCalls = 0
  expectAssertions: ExpectAssertions = NOT_SET
  maybeSkip = false
  /** Which run this is (1-based; more than one with `repeats`). */
  run = 0
  /** Runs left (repeats) and retries left. */
  remainingRepeats: number
  remainingRetries: number
  /** Failed attempts before the last one (for the JUnit report). */
  readonly attempts: Array<{ result: Result; elapsed: number }> = []
  /** Callbacks of `onTestFinished` and of `afterEach`/`afterAll` added while it runs. */
  readonly finished: TestEntry[] = []

  constructor(
    readonly entries: TestEntry[],
    readonly test: TestEntry | null,
  ) {
    this.remainingRepeats = (test?.repeats ?? 0) + 1
    this.remainingRetries = test?.retry ?? 0
  }

  /** Mode of the test (hook sequences are normal). */
  get mode(): string {
    return this.test?.base.mode ?? 'normal'
  }

  reset(): void {
    this.result = 'pending'
    this.active = 0
    this.expectCalls = 0
    this.expectAssertions = NOT_SET
    this.maybeSkip = false
  }
}

/** Sequences that run together. */
export interface Group {
  sequences: Sequence[]
  /** Where to go when every sequence failed (a failed `beforeAll` skips to the `afterAll`s). */
  failureSkipTo: number
  concurrent: boolean
}

export interface OrderConfig {
  /** Run every scope's all-hooks, even without tests (no `.only`, no `-t`). */
  alwaysUseHooks: boolean
}

/** Builds the groups of a file. */
export function buildOrder(
  root: DescribeScope,
  config: OrderConfig,
  preload: { beforeAll: TestEntry[]; afterAll: TestEntry[]; beforeEach: TestEntry[]; afterEach: TestEntry[] } | null,
): Group[] {
  const groups: Group[] = []
  let previousConcurrent = false

  const allHooks = (hooks: TestEntry[]): [number, number] => {
    const start = groups.length
    for (const hook of hooks) {
      groups.push({ sequences: [new Sequence([hook], null)], failureSkipTo: groups.length + 1, concurrent: false })
      previousConcurrent = false
    }
    return [start, groups.length]
  }
  const skipTo = ([start, end]: [number, number]) => {
    for (let i = start; i < end; i++) (groups[i] as Group).failureSkipTo = groups.length
  }

  const describe = (scope: DescribeScope) => {
    if (scope.failed) return
    const useHooks = config.alwaysUseHooks || scope.base.hasCallback
    const before = useHooks ? allHooks(scope.beforeAll) : ([0, 0] as [number, number])
    const list = scope.entries
    for (let i = 0; i < list.length; i++) {
      const entry = list[i] as DescribeScope | TestEntry
      if (scope.base.only === 'contains' && entry.base.only === 'no') continue
      if ('entries' in entry) describe(entry)
      else test(entry)
    }
    skipTo(before)
    const after = useHooks ? allHooks(scope.afterAll) : ([0, 0] as [number, number])
    skipTo(after)
  }

  const test = (entry: TestEntry) => {
    let entries: TestEntry[]
    let hooked = preload !== null && (preload.beforeEach.length > 0 || preload.afterEach.length > 0)
    for (let p = entry.base.parent; p && !hooked; p = p.base.parent)
      hooked = p.beforeEach.length > 0 || p.afterEach.length > 0
    // A literal for the one-entry case: `push` onto an empty array would allocate room for 17.
    if (!entry.callback || !hooked) entries = [entry]
    else {
      entries = []
      const chain: DescribeScope[] = []
      for (let p = entry.base.parent; p; p = p.base.parent) chain.unshift(p)
      if (preload) entries.push(...preload.beforeEach)
      for (const scope of chain) entries.push(...scope.beforeEach)
      entries.push(entry)
      for (let p = entry.base.parent; p; p = p.base.parent) entries.push(...p.afterEach)
      if (preload) entries.push(...preload.afterEach)
    }
    const sequence = new Sequence(entries, entry)
    const last = groups[groups.length - 1]
    if (entry.base.concurrent && last && previousConcurrent) last.sequences.push(sequence)
    else groups.push({ sequences: [sequence], failureSkipTo: groups.length + 1, concurrent: entry.base.concurrent })
    previousConcurrent = entry.base.concurrent
  }

  const first = preload ? allHooks(preload.beforeAll) : ([0, 0] as [number, number])
  describe(root)
  skipTo(first)
  if (preload) skipTo(allHooks(preload.afterAll))
  return groups
}

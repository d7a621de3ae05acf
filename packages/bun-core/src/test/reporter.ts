/**
 * Bun's console reporter for `bun test`: everything after the header goes
 * to stderr.
 *
 *     a.test.ts:                       (a blank line before each file)
 *     (pass) group > name [0.12ms]     ✓ ✗ » ✎ with colours
 *     (fail) name [5.01ms]
 *       ^ this test timed out after 5ms.
 *
 *      2 pass
 *      1 fail
 *      3 expect() calls
 *     Ran 3 tests across 1 file. [12.00ms]
 *
 * With more than 20 passing tests, the skipped, todo and failed lines are
 * listed again before the summary. A result line carries its duration when
 * it took more than 10 µs.
 */
import { pretty } from '../runtime/console/style.js'
import type { OutputStream } from '../runtime/host.js'
import type { JunitReporter } from './junit.js'
import { basicResult, type Result, type Sequence } from './order.js'
import type { DescribeScope, TestEntry } from './scope.js'

const UTF8 = new TextEncoder()
/** The host's timer (not the process's, which fake timers replace). */
const hostSetTimeout = globalThis.setTimeout.bind(globalThis)

/** Counts of a run (Bun's `TestRunner.Summary`). */
export interface Summary {
  pass: number
  fail: number
  skip: number
  todo: number
  files: number
  expectations: number
  skippedBecauseLabel: number
}

/** Snapshot counts for the summary. */
export interface SnapshotCounts {
  total: number
  passed: number
  failed: number
  added: number
}

export interface ReporterOptions {
  colors: boolean
  /** `--dots`: a dot per passing/skipped/todo test. */
  dots: boolean
  /** `--only-failures`: only failed tests are listed. */
  onlyFailures: boolean
  /** `--todo`: todo lines are not dimmed. */
  runTodo: boolean
  junit: JunitReporter | null
}

/** Formats a duration in ns as Bun's `[1.23ms]`. */
export function formatElapsed(ns: number, colors: boolean): string {
  const ms = (ns / 1e6).toFixed(2)
  if (!colors) return `[${ms}ms]`
  if (ns <= 10e6) return pretty(`<r><d>[${ms}ms<r><d>]<r>`, colors)
  if (ns >= 8000e6) return pretty(`<r><d>[<r><yellow>${ms}ms<r><d>]<r>`, colors)
  return pretty(`<r><d>[<b>${ms}ms<r><d>]<r>`, colors)
}

/** Bun's `printStartEnd`: whole milliseconds, as `[12.00ms]` or `[1.50s]` past 1.5 s. */
export function formatStartEnd(ms: number, colors: boolean): string {
  const whole = Math.trunc(ms)
  if (whole <= 1500) return pretty(`<r><d>[<b>${whole.toFixed(2)}ms<r><d>]<r>`, colors)
  return pretty(`<r><d>[<b>${(whole / 1000).toFixed(2)}s<r><d>]<r>`, colors)
}

const STATUS_COLORED: Record<string, string> = {
  pending: '<r><d>…<r>',
  pass: '<r><green>✓<r>',
  fail: '<r><red>✗<r>',
  skip: '<r><yellow>»<d>',
  todo: '<r><magenta>✎<r>',
}
const STATUS_PLAIN: Record<string, string> = {
  pending: '(pending)',
  pass: '(pass)',
  fail: '(fail)',
  skip: '(skip)',
  todo: '(todo)',
}

/** The names of the enclosing scopes, outermost first (unnamed ones left out). */
export function scopeNames(entry: TestEntry | DescribeScope): string[] {
  const names: string[] = []
  for (let p = entry.base.parent; p; p = p.base.parent) if (p.base.name) names.unshift(p.base.name)
  return names
}

export class Reporter {
  readonly summary: Summary = { pass: 0, fail: 0, skip: 0, todo: 0, files: 0, expectations: 0, skippedBecauseLabel: 0 }
  unhandledErrors = 0
  private readonly skips: string[] = []
  private readonly todos: string[] = []
  private readonly failures: string[] = []
  private fileHeader: string | null = null
  lastPrintedDot = false

  /** Text not yet written: result lines are batched, and flushed before anything else writes. */
  private pending = ''
  private flushScheduled = false

  constructor(
    private readonly stderr: OutputStream,
    readonly options: ReporterOptions,
  ) {}

  /** Writes what is batched (before the process writes anything itself, and when the run ends). */
  flush(): void {
    if (this.pending === '') return
    const text = this.pending
    this.pending = ''
    this.stderr.write(UTF8.encode(text))
  }

  get colors(): boolean {
    return this.options.colors
  }

  write(text: string): void {
    if (!text) return
    this.pending += text
    if (this.pending.length > 16_384) this.flush()
    else if (!this.flushScheduled) {
      this.flushScheduled = true
      hostSetTimeout(() => {
        this.flushScheduled = false
        this.flush()
      }, 0)
    }
  }

  /** `pretty` with this reporter's colours. */
  p(template: string): string {
    return pretty(template, this.options.colors)
  }

  /** The `\n<file>:\n` header (lazy with `--dots`/`--only-failures`). */
  enterFile(title: string, repeatCount: number, repeatIndex: number): void {
    const header =
      repeatCount > 1
        ? `${this.p('<r>\n')}${title}: ${this.p(`<d>(run #${repeatIndex + 1})<r>`)}\n`
        : `${this.p('<r>\n')}${title}:\n`
    if (this.options.dots || this.options.onlyFailures) this.fileHeader = header
    else this.write(header)
  }

  /** Before anything is printed for the current file: the pending header, the end of a line of dots. */
  beforePrint(): void {
    if (this.options.dots && this.lastPrintedDot) {
      this.write(this.p('<r>\n'))
      this.lastPrintedDot = false
    }
    if (this.fileHeader !== null) {
      this.write(this.fileHeader)
      this.fileHeader = null
    }
  }

  /** The line of a finished test (or failed hook); counts it. Returns true when `--bail` is reached. */
  testCompleted(sequence: Sequence, entry: TestEntry, elapsedNs: number, bail: number, fileTitle: string): boolean {
    const result = sequence.result
    const basic = basicResult(result)
    let text = ''
    if (result !== 'skipped_because_label') {
      if (this.options.dots && basic !== 'fail') {
        const dot = {
          pass: '<r><green>.<r>',
          skip: '<r><yellow>.<d>',
          todo: '<r><magenta>.<r>',
          pending: '<r><d>.<r>',
        }[basic]
        text = this.p(dot)
        this.lastPrintedDot = true
      } else if (basic !== 'fail' && this.options.onlyFailures) {
        // only failures are listed
      } else {
        this.beforePrint()
        text =
          (this.colors ? this.p(STATUS_COLORED[basic] as string) : (STATUS_PLAIN[basic] as string)) +
          this.testLine(
            result,
            sequence,
            entry,
            elapsedNs,
            basic === 'skip' || basic === 'pending' || (basic === 'todo' && !this.options.runTodo),
          )
      }
    }
    this.options.junit?.testCase(result, sequence, entry, elapsedNs, fileTitle)
    this.write(text)
    if (!this.options.dots && !this.options.onlyFailures) {
      if (basic === 'skip') this.skips.push(text)
      else if (basic === 'todo') this.todos.push(text)
      else if (basic === 'fail') this.failures.push(text)
    }
    let bailed = false
    switch (basic) {
      case 'pass':
        this.summary.pass++
        break
      case 'skip':
        if (result === 'skipped_because_label') this.summary.skippedBecauseLabel++
        else this.summary.skip++
        break
      case 'todo':
        this.summary.todo++
        break
      case 'fail':
        this.summary.fail++
        bailed = this.summary.fail === bail
        break
    }
    this.summary.expectations += sequence.expectCalls
    return bailed
  }

  private testLine(result: Result, sequence: Sequence, entry: TestEntry, elapsedNs: number, dim: boolean): string {
    let out = ''
    if (result === 'fail_because_expected_assertion_count') {
      const expected = sequence.expectAssertions.kind === 'exact' ? sequence.expectAssertions.count : 12345
      const got = sequence.expectCalls
      this.write(
        this.p(
          `<r><red>AssertionError<r><d>:<r> expected <green>${expected} assertion${expected === 1 ? '' : 's'}<r>, but test ended with <red>${got} assertion${got === 1 ? '' : 's'}<r>\n`,
        ),
      )
    } else if (result === 'fail_because_expected_has_assertions') {
      this.write(
        this.p(
          '<r><red>AssertionError<r><d>:<r> received <red>0 assertions<r>, but expected <green>at least one assertion<r> to be called\n',
        ),
      )
    }
    const colorCode = dim ? '<d>' : ''
    const lineColor = dim ? '<r><d>' : '<r><b>'
    // A test at the top of its file has no scopes to name (the common case: no array, no iterator).
    const parent = entry.base.parent
    if (parent !== null && parent.base.parent !== null) {
      const names = scopeNames(entry)
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string
        out += this.colors ? ` ${this.p(`<r>${colorCode}`)}${name}${this.p('<d>')} >` : ` ${name} >`
      }
    }
    const label = entry.base.name ?? '(unnamed)'
    out += this.colors ? `${this.p(lineColor)} ${label}${this.p('<r>')}` : ` ${label}`
    const attempts = entry.retry - sequence.remainingRetries + 1
    if (attempts > 1) out += this.p(` <d>(attempt ${attempts})<r>`)
    if (sequence.run > 1) out += this.p(` <d>(run ${sequence.run})<r>`)
    if (elapsedNs > 10_000) out += ` ${formatElapsed(elapsedNs, this.colors)}`
    out += '\n'
    switch (result) {
      case 'fail_because_failing_test_passed':
        out += this.p(
          '  <d>^<r> <red>this test is marked as failing but it passed.<r> <d>Remove `.failing` if tested behavior now works<r>\n',
        )
        break
      case 'fail_because_todo_passed':
        out += this.p(
          '  <d>^<r> <red>this test is marked as todo but passes.<r> <d>Remove `.todo` if tested behavior now works<r>\n',
        )
        break
      case 'fail_because_timeout':
        out += this.p(`  <d>^<r> <red>this test timed out after ${entry.timeout}ms.<r>\n`)
        break
      case 'fail_because_hook_timeout':
        out += this.p('  <d>^<r> <red>a beforeEach/afterEach hook timed out for this test.<r>\n')
        break
      case 'fail_because_timeout_with_done_callback':
        out += this.p(
          `  <d>^<r> <red>this test timed out after ${entry.timeout}ms, before its done callback was called.<r> <d>If a done callback was not intended, remove the last parameter from the test callback function<r>\n`,
        )
        break
      case 'fail_because_hook_timeout_with_done_callback':
        out += this.p(
          '  <d>^<r> <red>a beforeEach/afterEach hook timed out before its done callback was called.<r> <d>If a done callback was not intended, remove the last parameter from the hook callback function<r>\n',
        )
        break
    }
    return out
  }

  /** The block around an error thrown outside any test. */
  unhandledBetweenTests(errorText: string): void {
    this.beforePrint()
    this.unhandledErrors++
    this.write(
      this.p('<r>\n<b><d>#<r> <red><b>Unhandled error<r><d> between tests<r>\n<d>-------------------------------<r>\n'),
    )
    this.write(errorText)
    this.write(this.p('<r><d>-------------------------------<r>\n\n'))
  }

  /** An error shown for the current test (before its result line). */
  handledError(errorText: string): void {
    this.beforePrint()
    this.write(errorText)
  }

  /** `Ran N tests across M files. [X]` (no newline). */
  ranLine(elapsedMs: number): string {
    const s = this.summary
    const tests = s.fail + s.pass + s.skip + s.todo
    return `Ran ${tests} test${tests === 1 ? '' : 's'} across ${s.files} file${s.files === 1 ? '' : 's'}. ${formatStartEnd(elapsedMs, this.colors)}`
  }

  /** The lists repeated before the summary when more than 20 tests passed. */
  repeatedLists(): void {
    const s = this.summary
    if (!(s.pass > 20) || this.options.dots || this.options.onlyFailures) return
    if (s.skip > 0) this.write(`${this.p(`\n<r><d>${s.skip} tests skipped:<r>\n`)}${this.skips.join('')}`)
    if (s.todo > 0) {
      if (s.skip > 0) this.write('\n')
      this.write(`${this.p(`\n<r><d>${s.todo} tests todo:<r>\n`)}${this.todos.join('')}`)
    }
    if (s.fail > 0) {
      if (s.skip > 0 || s.todo > 0) this.write('\n')
      this.write(`${this.p(`\n<r><d>${s.fail} tests failed:<r>\n`)}${this.failures.join('')}`)
    }
  }

  /** The counts after the last file. */
  counts(snapshots: SnapshotCounts): void {
    const s = this.summary
    const indent = this.options.dots ? '' : ' '
    let out = this.options.dots ? '\n' : ''
    if (s.pass > 0) out += this.p('<r><green>')
    out += this.p(`${indent}${s.pass} pass<r>\n`)
    if (s.skip > 0) out += this.p(`${indent}<r><yellow>${s.skip} skip<r>\n`)
    else if (s.skippedBecauseLabel > 0) out += this.p(`${indent}<r><d>${s.skippedBecauseLabel} filtered out<r>\n`)
    if (s.todo > 0) out += this.p(`${indent}<r><magenta>${s.todo} todo<r>\n`)
    out += this.p(s.fail > 0 ? '<r><red>' : '<r><d>')
    out += this.p(`${indent}${s.fail} fail<r>\n`)
    if (this.unhandledErrors > 0)
      out += this.p(`${indent}<r><red>${this.unhandledErrors} error${this.unhandledErrors > 1 ? 's' : ''}<r>\n`)
    let printExpectCalls = s.expectations > 0
    if (snapshots.total > 0) {
      if (printExpectCalls && snapshots.added === 0 && snapshots.failed === 0) {
        printExpectCalls = false
        out += `${indent}${snapshots.total} snapshots, ${s.expectations} expect() calls`
      } else {
        out += this.p('<d>snapshots:<r> ')
        let first = true
        if (snapshots.passed > 0) {
          out += this.p(`<d>${snapshots.passed} passed<r>`)
          first = false
        }
        if (snapshots.added > 0) {
          out += this.p(first ? `<b>+${snapshots.added} added<r>` : `<b>, ${snapshots.added} added<r>`)
          first = false
        }
        if (snapshots.failed > 0)
          out += this.p(first ? `<red>${snapshots.failed} failed<r>` : `, <red>${snapshots.failed} failed<r>`)
      }
      out += '\n'
    }
    if (printExpectCalls) out += `${indent}${s.expectations} expect() calls\n`
    this.write(out)
  }
}

/**
 * `--reporter=junit --reporter-outfile=<file>`: the JUnit XML Bun writes.
 * One `<testsuite>` per file (named by its path relative to the working
 * directory) and one per `describe` (nested), one `<testcase>` per
 * reported result; counts and times are filled in when a suite closes.
 * A failed test's `<failure>` carries the error's name, message and stack
 * (`      at file:line:col`, paths relative).
 */
import { framesOf } from '../runtime/stack.js'
import type { Result, Sequence } from './order.js'
import type { DescribeScope, TestEntry } from './scope.js'

interface Metrics {
  tests: number
  assertions: number
  failures: number
  skipped: number
  /** Whole milliseconds, summed from the test cases. */
  elapsedMs: number
}

interface Suite {
  name: string
  /** Where the counts go, in {@link JunitReporter.parts}. */
  slot: number
  metrics: Metrics
  isFile: boolean
  /** Seconds for file suites (measured), else from the metrics. */
  startedAt: number
}

/** Bun's XML escaping: the five entities and control characters as `&#N;`. */
export function escapeXml(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (ch === '&') out += '&amp;'
    else if (ch === '<') out += '&lt;'
    else if (ch === '>') out += '&gt;'
    else if (ch === '"') out += '&quot;'
    else if (ch === "'") out += '&apos;'
    else if (code < 0x20) out += `&#${code};`
    else out += ch
  }
  return out
}

/** Seconds with at most 6 decimals, trailing zeros removed (Bun's `trimmedPrecision`). */
function trimmed(seconds: number): string {
  const text = seconds.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')
  return text === '' ? '0' : text
}

/** The failure a test left, recorded when its error is shown. */
export interface RecordedFailure {
  type: string
  message: string
  body: string
}

export class JunitReporter {
  /** Output pieces; suite attribute slots are filled when a suite ends. */
  private readonly parts: string[] = []
  private readonly stack: Suite[] = []
  private readonly total: Metrics = { tests: 0, assertions: 0, failures: 0, skipped: 0, elapsedMs: 0 }
  private topSlot = -1
  private currentFile = ''
  /** The first error shown for the sequence being reported, by sequence. */
  readonly failures: WeakMap<Sequence, RecordedFailure> = new WeakMap()

  constructor(
    private readonly cwd: string,
    private readonly hostname: string,
    private readonly now: () => number,
  ) {}

  private indent(depth: number): string {
    return ' '.repeat(Math.min((depth + 1) * 2, 80))
  }

  /** Records the error shown for `sequence` (the first one counts). */
  recordFailure(sequence: Sequence, error: unknown): void {
    if (this.failures.has(sequence)) return
    this.failures.set(sequence, this.describeError(error))
  }

  private relative(file: string): string {
    const prefix = this.cwd.endsWith('/') ? this.cwd : `${this.cwd}/`
    return file.startsWith(prefix) ? file.slice(prefix.length) : file
  }

  private describeError(error: unknown): RecordedFailure {
    const isObject = error !== null && typeof error === 'object'
    const e = error as { name?: unknown; message?: unknown }
    const isAssertion = isObject && (error as Record<symbol, unknown>)[ASSERTION_ERROR] === true
    const name = isAssertion ? 'AssertionError' : isObject && typeof e.name === 'string' ? e.name : 'Error'
    const message = isObject ? String(e.message ?? '') : String(error)
    let body = isObject ? `${name}: ${message}\n` : `${message}\n`
    for (const frame of framesOf(error)) body += `      at ${this.relative(frame.file)}:${frame.line}:${frame.column}\n`
    return { type: name, message, body }
  }

  private beginSuite(name: string, line: number, isFile: boolean): void {
    if (this.parts.length === 0) {
      this.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bun test" ')
      this.topSlot = this.parts.length
      this.parts.push('', '>\n')
    }
    let text = `${this.indent(this.stack.length)}<testsuite name="${escapeXml(name)}"`
    if (isFile) text += ` file="${escapeXml(name)}"`
    else if (this.currentFile) text += ` file="${escapeXml(this.currentFile)}"`
    if (line > 0) text += ` line="${line}"`
    text += ' '
    this.parts.push(text)
    const slot = this.parts.length
    this.parts.push('', '>\n')
    this.stack.push({
      name,
      slot,
      metrics: { tests: 0, assertions: 0, failures: 0, skipped: 0, elapsedMs: 0 },
      isFile,
      startedAt: this.now(),
    })
    if (isFile) this.currentFile = name
  }

  private endSuite(): void {
    const suite = this.stack.pop()
    if (!suite) return
    const m = suite.metrics
    const seconds = suite.isFile ? (this.now() - suite.startedAt) / 1000 : m.elapsedMs / 1000
    this.parts[suite.slot] =
      `tests="${m.tests}" assertions="${m.assertions}" failures="${m.failures}" skipped="${m.skipped}" time="${seconds}" hostname="${escapeXml(this.hostname)}"`
    this.parts.push(`${this.indent(this.stack.length)}</testsuite>\n`)
    const parent = this.stack[this.stack.length - 1]
    const into = parent ? parent.metrics : this.total
    into.tests += m.tests
    into.assertions += m.assertions
    into.failures += m.failures
    into.skipped += m.skipped
    if (suite.isFile) this.currentFile = ''
  }

  /** Opens the suites `entry` needs (its file, then its named describes) and writes its test case. */
  testCase(result: Result, sequence: Sequence, entry: TestEntry, elapsedNs: number, fileTitle: string): void {
    if (this.currentFile !== fileTitle) {
      while (this.stack.length > 0) this.endSuite()
      this.beginSuite(fileTitle, 0, true)
    }
    const scopes: DescribeScope[] = []
    for (let p = entry.base.parent; p; p = p.base.parent) if (p.base.name) scopes.unshift(p)
    // Close the describe suites that are not on this entry's path, open the missing ones.
    let depth = 0
    const open = this.stack.filter((s) => !s.isFile)
    while (depth < open.length && depth < scopes.length && open[depth]?.name === scopes[depth]?.base.name) depth++
    for (let i = open.length; i > depth; i--) this.endSuite()
    for (let i = depth; i < scopes.length; i++) {
      const scope = scopes[i] as DescribeScope
      this.beginSuite(scope.base.name as string, scope.base.line, false)
    }
    const classname = [...scopes]
      .reverse()
      .map((s) => escapeXml(s.base.name as string))
      .join(' &gt; ')
    for (const attempt of sequence.attempts)
      this.writeCase(attempt.result, sequence, entry, attempt.elapsed, 0, classname)
    this.writeCase(result, sequence, entry, elapsedNs, sequence.expectCalls, classname)
  }

  private writeCase(
    result: Result,
    sequence: Sequence,
    entry: TestEntry,
    elapsedNs: number,
    assertions: number,
    classname: string,
  ): void {
    const suite = this.stack[this.stack.length - 1] as Suite
    const elapsedMs = elapsedNs / 1e6
    suite.metrics.elapsedMs += Math.trunc(elapsedMs)
    suite.metrics.tests++
    suite.metrics.assertions += assertions
    const indent = this.indent(this.stack.length)
    let text = `${indent}<testcase name="${escapeXml(entry.base.name ?? '(unnamed)')}" classname="${classname}" time="${trimmed(elapsedMs / 1000)}" file="${escapeXml(this.currentFile)}"`
    if (entry.base.line > 0) text += ` line="${entry.base.line}"`
    text += ` assertions="${assertions}"`
    const close = (inner: string) => `>\n${indent}  ${inner}\n${indent}</testcase>\n`
    switch (result) {
      case 'pass':
        text += ' />\n'
        break
      case 'fail': {
        suite.metrics.failures++
        const failure = this.failures.get(sequence)
        text += failure
          ? close(
              `<failure type="${escapeXml(failure.type)}" message="${escapeXml(failure.message)}">${escapeXml(failure.body)}</failure>`,
            )
          : close('<failure type="AssertionError" />')
        break
      }
      case 'fail_because_failing_test_passed':
        suite.metrics.failures++
        text += close('<failure message="test marked with .failing() did not throw" type="AssertionError"/>')
        break
      case 'fail_because_expected_assertion_count':
        suite.metrics.failures++
        text += close(
          `<failure message="Expected more assertions, but only received ${assertions}" type="AssertionError"/>`,
        )
        break
      case 'fail_because_todo_passed':
        suite.metrics.failures++
        text += close('<failure message="TODO passed" type="AssertionError"/>')
        break
      case 'fail_because_expected_has_assertions':
        suite.metrics.failures++
        text += close('<failure message="Expected to have assertions, but none were run" type="AssertionError"/>')
        break
      case 'skip':
      case 'skipped_because_label':
        suite.metrics.skipped++
        text += close('<skipped />')
        break
      case 'todo':
        suite.metrics.skipped++
        text += close('<skipped message="TODO" />')
        break
      default:
        suite.metrics.failures++
        text += close('<failure type="TimeoutError" message="test timed out" />')
    }
    this.parts.push(text)
  }

  /** The whole report (closing what is open); `null` when nothing was reported. */
  finish(elapsedSeconds: number): string | null {
    if (this.parts.length === 0) return null
    while (this.stack.length > 0) this.endSuite()
    const t = this.total
    this.parts[this.topSlot] =
      `tests="${t.tests}" assertions="${t.assertions}" failures="${t.failures}" skipped="${t.skipped}" time="${elapsedSeconds}"`
    return `${this.parts.join('')}</testsuites>\n`
  }
}

/** Set on errors thrown by `expect` matchers (the report calls them `AssertionError`). */
export const ASSERTION_ERROR: unique symbol = Symbol.for('vitamin-bun.test.assertionError')

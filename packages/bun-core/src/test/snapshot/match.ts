/**
 * The snapshot matchers: `toMatchSnapshot(propertyMatchers?, hint?)`,
 * `toMatchInlineSnapshot(propertyMatchers?, snapshot?)` and the
 * `toThrowErrorMatching…` pair. A snapshot is named after the test (its
 * describes and name, joined by spaces), the hint (`name: hint`) and a
 * counter (`name 1`, `name 2` …) shared by every snapshot matcher of the
 * test file.
 */
import { framesOf } from '../../runtime/stack.js'
import { printDiff } from '../expect/diff.js'
import { matcherHint, printReceived } from '../expect/format.js'
import type { MatcherCall, MatcherResult } from '../expect/matchers.js'
import { prettyFormat } from '../expect/pretty-format.js'
import { matchesSubset } from '../expect/subset.js'
import type { TestEntry } from '../scope.js'
import { wrapSnapshot } from './snapshots.js'

function fullName(entry: TestEntry | null): string {
  if (!entry) return ''
  const names: string[] = []
  for (let p = entry.base.parent; p; p = p.base.parent) if (p.base.name) names.unshift(p.base.name)
  names.push(entry.base.name ?? '')
  return names.join(' ')
}

/** The running test and its file, or Bun's error outside a test. */
function context(m: MatcherCall): { file: string; name: string } {
  const session = m.session
  const file = session?.file
  if (!session || !file) throw new Error('Snapshot matchers cannot be used outside of a test')
  const sequence = session.currentSequence
  return { file: file.path, name: fullName(sequence?.test ?? null) }
}

/** `received` with the property matchers put in place (what the snapshot shows). */
function withProperties(received: unknown, properties: unknown): unknown {
  if (properties === null || typeof properties !== 'object' || received === null || typeof received !== 'object')
    return properties
  if (Array.isArray(received)) return received
  const out: Record<PropertyKey, unknown> = { ...(received as Record<PropertyKey, unknown>) }
  Object.setPrototypeOf(out, Object.getPrototypeOf(received))
  for (const key of Reflect.ownKeys(properties)) {
    const value = (properties as Record<PropertyKey, unknown>)[key]
    const current = out[key]
    out[key] =
      value !== null &&
      typeof value === 'object' &&
      current !== null &&
      typeof current === 'object' &&
      !isAsymmetricLike(value)
        ? withProperties(current, value)
        : value
  }
  return out
}

function isAsymmetricLike(value: object): boolean {
  return Object.getOwnPropertySymbols(Object.getPrototypeOf(value) ?? {}).length > 0 && 'asymmetricMatch' in value
}

function serialize(m: MatcherCall, value: unknown): string {
  return prettyFormat(value, { printFunctionName: true, plugins: m.serializers })
}

function propertiesFailure(m: MatcherCall, received: unknown): MatcherResult {
  return {
    pass: false,
    message: () =>
      `${matcherHint(m, m.name, { expected: 'propertyMatchers' })}\n\nExpected propertyMatchers to match properties from received object\n\nReceived: ${printReceived(m, received)}\n`,
  }
}

/** Compares with (or records) the named snapshot of the test file. */
function compareStored(m: MatcherCall, file: string, key: string, value: string, hintArgs: string): MatcherResult {
  const snapshots = (m.session as NonNullable<MatcherCall['session']>).snapshots
  const wrapped = wrapSnapshot(value)
  if (snapshots.update) {
    snapshots.set(file, key, wrapped)
    snapshots.added++
    return { pass: true, message: () => '' }
  }
  const stored = snapshots.get(file, key)
  if (stored === undefined) {
    if (snapshots.ci)
      throw new Error(
        `Snapshot creation is disabled in CI environments unless --update-snapshots is used\nTo override, set the environment variable CI=false.\n\nSnapshot name: "${key}"\nReceived: ${wrapped}`,
      )
    snapshots.set(file, key, wrapped)
    snapshots.added++
    return { pass: true, message: () => '' }
  }
  if (stored === wrapped) {
    snapshots.passed++
    return { pass: true, message: () => '' }
  }
  snapshots.failed++
  return {
    pass: false,
    message: () => `${matcherHint(m, m.name, { expected: hintArgs })}\n\n${printDiff(stored, wrapped, m.colors)}`,
  }
}

export function matchSnapshot(m: MatcherCall, received: unknown, args: unknown[]): MatcherResult {
  const { file, name } = context(m)
  let properties: unknown
  let hint: string | undefined
  if (typeof args[0] === 'string') hint = args[0]
  else if (args[0] !== undefined) {
    properties = args[0]
    if (typeof args[1] === 'string') hint = args[1]
  }
  const snapshots = (m.session as NonNullable<MatcherCall['session']>).snapshots
  if (properties !== undefined) {
    if (properties === null || typeof properties !== 'object')
      throw new Error(
        'expect(received).toMatchSnapshot(properties)\n\nMatcher error: Expected properties must be an object\n',
      )
    // A mismatch fails before the snapshot is looked at (and does not count as one).
    if (!matchesSubset(received, properties)) return propertiesFailure(m, received)
  }
  snapshots.total++
  const key = snapshots.nextKey(file, hint ? `${name}: ${hint}` : name)
  const value = serialize(m, properties !== undefined ? withProperties(received, properties) : received)
  return compareStored(m, file, key, value, 'expected')
}

/** Jest's rule: a multi-line inline snapshot loses its first and last line and their common indentation. */
export function dedentInline(snapshot: string): string {
  if (!snapshot.includes('\n')) return snapshot
  const lines = snapshot.split('\n')
  if ((lines[0] as string).trim() !== '' || (lines[lines.length - 1] as string).trim() !== '') return snapshot
  const body = lines.slice(1, -1)
  const first = body.find((line) => line.trim() !== '') ?? ''
  const indent = /^[ \t]*/.exec(first)?.[0] ?? ''
  if (!body.every((line) => line.trim() === '' || line.startsWith(indent))) return snapshot
  return body.map((line) => line.slice(Math.min(indent.length, line.length))).join('\n')
}

/** Where the matcher was called (the first user frame): for rewriting the source. */
function callSite(): { file: string; line: number; column: number } | null {
  const frame = framesOf(new Error())[0]
  return frame ? { file: frame.file, line: frame.line, column: frame.column } : null
}

function inlineCompare(
  m: MatcherCall,
  received: unknown,
  args: unknown[],
  value: string,
  hasProperties: boolean,
  snapshot: unknown,
): MatcherResult {
  const session = m.session as NonNullable<MatcherCall['session']>
  const snapshots = session.snapshots
  snapshots.total++
  const { file, name } = context(m)
  snapshots.nextKey(file, name)
  void received
  void args
  if (typeof snapshot === 'string' && !snapshots.update) {
    const stored = dedentInline(snapshot)
    if (stored === value) {
      snapshots.passed++
      return { pass: true, message: () => '' }
    }
    snapshots.failed++
    return {
      pass: false,
      message: () =>
        `${matcherHint(m, m.name, { expected: 'expected' })}\n\n${printDiff(wrapSnapshot(stored), wrapSnapshot(value), m.colors)}`,
    }
  }
  if (typeof snapshot === 'string') {
    // `-u` with a snapshot already there: rewritten if it changed, not counted as added.
    if (dedentInline(snapshot) !== value) {
      const site = callSite()
      if (site) snapshots.inline.push({ ...site, value, hasProperties })
    }
    snapshots.passed++
    return { pass: true, message: () => '' }
  }
  if (snapshots.ci && !snapshots.update && snapshot === undefined)
    throw new Error(
      `Snapshot creation is disabled in CI environments unless --update-snapshots is used\nTo override, set the environment variable CI=false.\n\nReceived: ${wrapSnapshot(value)}`,
    )
  const site = callSite()
  if (site) snapshots.inline.push({ ...site, value, hasProperties })
  snapshots.added++
  return { pass: true, message: () => '' }
}

export function matchInlineSnapshot(m: MatcherCall, received: unknown, args: unknown[]): MatcherResult {
  let properties: unknown
  let snapshot: unknown
  if (typeof args[0] === 'string') snapshot = args[0]
  else if (args[0] !== undefined) {
    properties = args[0]
    snapshot = args[1]
  }
  if (properties !== undefined) {
    const session = m.session
    if (!session?.file) throw new Error('Snapshot matchers cannot be used outside of a test')
    if (!matchesSubset(received, properties)) return propertiesFailure(m, received)
  }
  const value = serialize(m, properties !== undefined ? withProperties(received, properties) : received)
  return inlineCompare(m, received, args, value, properties !== undefined, snapshot)
}

export function matchThrownSnapshot(
  m: MatcherCall,
  received: unknown,
  args: unknown[],
  inline: boolean,
): MatcherResult {
  let thrown: unknown
  let threw = false
  if (m.promise === 'rejects') {
    threw = true
    thrown = received
  } else {
    if (typeof received !== 'function') throw new Error('Expected value must be a function')
    try {
      ;(received as () => unknown)()
    } catch (error) {
      threw = true
      thrown = error
    }
  }
  if (!threw)
    return {
      pass: false,
      message: () => `${matcherHint(m, m.name, { expected: '' })}\n\nReceived function did not throw\n`,
    }
  // Bun snapshots the message of a real Error; anything else thrown (a string, `{ message }`) is `undefined`.
  const message = isNativeError(thrown) ? (thrown as Error).message : undefined
  if (inline) {
    const value = serialize(m, message)
    return inlineCompare(m, received, args, value, false, args[0])
  }
  const { file, name } = context(m)
  const hint = typeof args[0] === 'string' ? args[0] : undefined
  const snapshots = (m.session as NonNullable<MatcherCall['session']>).snapshots
  snapshots.total++
  const key = snapshots.nextKey(file, hint ? `${name}: ${hint}` : name)
  return compareStored(m, file, key, serialize(m, message), 'expected')
}

/** An Error made by an Error constructor (its built-in tag), not an object that merely looks like one. */
function isNativeError(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Error]'
}

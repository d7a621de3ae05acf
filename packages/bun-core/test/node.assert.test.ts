/**
 * node:assert and node:assert/strict against the real Bun: every case runs on
 * both sides and the outcome (returned value, or the thrown error's class,
 * code, message — diffs included — and flags) must be equal.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssert, createAssertStrict } from '../src/runtime/node/assert.js'
import type { NodeContext } from '../src/runtime/node/context.js'
import { createUtil } from '../src/runtime/node/util.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext } from './support/test-host.js'

const RUNNER = `function fixed(error) {
  error.stack = (error.message ? error.name + ': ' + error.message : error.name) + '\\n    at one (file:///app/a.js:1:1)'
  return error
}
async function run(cases, scope) {
  const names = Object.keys(scope)
  const out = []
  for (const source of cases) {
    try {
      const value = await new Function(...names, 'return (' + source + ')')(...names.map((n) => scope[n]))
      out.push({ ok: value === undefined ? '<undefined>' : typeof value === 'function' ? 'function ' + value.name : value })
    } catch (error) {
      out.push({
        error: {
          class: error && error.constructor && error.constructor.name,
          name: error && error.name,
          code: error && error.code,
          message: error && error.message,
          generatedMessage: error && error.generatedMessage,
          operator: error && error.operator,
          keys: error && Object.keys(error),
          actual: error && typeof error.actual,
          expected: error && typeof error.expected,
          string: error && error.code === 'ERR_ASSERTION' ? String(error) : undefined,
        },
      })
    }
  }
  return out
}`

const OBJ30 = 'Array.from({ length: 30 }, (_, i) => i)'
const CASES: string[] = [
  'assert.ok(0)',
  'assert.ok()',
  "assert.ok(false, 'msg')",
  "assert.ok(null, new TypeError('custom'))",
  "assert('')",
  'assert(1)',
  'assert.ok(true)',
  'assert.equal(1, 2)',
  "assert.equal(1, '1')",
  'assert.equal(NaN, NaN)',
  'assert.equal({}, {})',
  'assert.equal(null, undefined)',
  'assert.equal(1)',
  'assert.notEqual(1, 1)',
  "assert.notEqual(1, '1')",
  'assert.notEqual(NaN, NaN)',
  'assert.notEqual(1, 2)',
  'assert.strictEqual(1, 2)',
  "assert.strictEqual('a', 'b')",
  "assert.strictEqual(1, '1')",
  'assert.strictEqual({ a: 1 }, { a: 1 })',
  'assert.strictEqual([1, 2], [1, 3])',
  "assert.strictEqual('a\\nb\\nc', 'a\\nB\\nc')",
  "assert.strictEqual('x'.repeat(100), 'y'.repeat(100))",
  "assert.strictEqual('abcdefgh', 'abcdefgX')",
  "assert.strictEqual('abcdefghijklmnop', 'abcdefghijklmnoX')",
  "assert.strictEqual('ab', 'aX')",
  'assert.strictEqual(undefined, null)',
  'assert.strictEqual(-0, 0)',
  'assert.strictEqual(0, -0)',
  'assert.strictEqual(NaN, NaN)',
  'assert.strictEqual(1, 2, "my message")',
  "assert.strictEqual(1, 2, new TypeError('te'))",
  'assert.strictEqual(() => 1, () => 1)',
  'assert.strictEqual(123456789, 987654321)',
  'assert.strictEqual(1n, 2n)',
  'assert.strictEqual(Symbol("a"), Symbol("a"))',
  'assert.strictEqual(true, false)',
  'assert.strictEqual([1], 1)',
  "assert.strictEqual({ a: 1 }, 'str')",
  'assert.strictEqual(new Date(0), new Date(0))',
  'assert.notStrictEqual(1, 1)',
  '(() => { const o = { a: 1 }; assert.notStrictEqual(o, o) })()',
  "assert.notStrictEqual('aaa', 'aaa')",
  "assert.notStrictEqual('aaaaaa', 'aaaaaa')",
  'assert.notStrictEqual(1, 2)',
  '(() => { const f = () => 1; assert.notStrictEqual(f, f) })()',
  'assert.deepEqual({ a: 1 }, { a: 2 })',
  'assert.deepEqual([1], [2])',
  "assert.deepEqual({ a: 1 }, { a: '1' })",
  "assert.deepEqual('x'.repeat(600), 'y')",
  'assert.deepEqual(1, 2)',
  'assert.notDeepEqual({ a: 1 }, { a: 1 })',
  "assert.notDeepEqual([1], ['1'])",
  'assert.notDeepEqual([1], [2])',
  ...[
    ['1', "'1'"],
    ['null', 'undefined'],
    ['{ a: null }', '{ a: undefined }'],
    ['NaN', 'NaN'],
    ['0', '-0'],
    ['{ a: 0 }', '{ a: -0 }'],
    ['new Number(1)', '1'],
    ['Object.create(null)', '{}'],
    ['[1, 2]', '{ 0: 1, 1: 2 }'],
    ['[1]', "['1']"],
    ['{ a: true }', '{ a: 1 }'],
    ['new Set([1])', "new Set(['1'])"],
    ['new Map([[1, 1]])', "new Map([[1, '1']])"],
    ['{ a: undefined }', '{}'],
    ['{}', '{ a: undefined, b: undefined }'],
    ['{ a: 1, b: undefined }', '{ a: 1, c: undefined }'],
    ['[null]', '[undefined]'],
    ["['asdf']", "['asdf', undefined]"],
    ['[, 1]', '[undefined, 1]'],
    ['[1, , 3]', '[1, 2, 3]'],
    ['new Date(1)', 'new Date(1)'],
    ['new (class A { constructor() { this.a = 1 } })()', '{ a: 1 }'],
    ['{ a: 1n }', '{ a: 1 }'],
    ['new Set([{}])', 'new Set([{}])'],
    ['{ a: { b: undefined, c: [undefined] } }', '{ a: { c: [] } }'],
    ['Object.assign([1], { x: undefined })', '[1]'],
    ["{ [Symbol.for('s')]: 1 }", '{}'],
  ].flatMap(([a, b]) => [`assert.deepEqual(${a}, ${b})`, `assert.notDeepEqual(${a}, ${b})`]),
  "assert.deepStrictEqual({ a: 1 }, { a: '1' })",
  'assert.deepStrictEqual(1, 2)',
  'assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 8 })',
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 15 ? -1 : i)))`,
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 6 ? -1 : i)))`,
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 7 ? -1 : i)))`,
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 8 ? -1 : i)))`,
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 3 || i === 20 ? -1 : i)))`,
  `assert.deepStrictEqual(${OBJ30}, ${OBJ30}.slice(0, 28))`,
  `assert.deepStrictEqual(${OBJ30}.slice(0, 28), ${OBJ30})`,
  'assert.deepStrictEqual(Object.create(null), {})',
  'assert.deepStrictEqual({ a: { b: { c: [1, 2, { d: 3 }] } } }, { a: { b: { c: [1, 2, { d: 4 }] } } })',
  "assert.deepStrictEqual(new Map([[1, 'a']]), new Map([[1, 'b']]))",
  'assert.deepStrictEqual(new Set([1]), new Set([2]))',
  'assert.deepStrictEqual({ b: 1, a: 2 }, { a: 2, b: 3 })',
  'assert.deepStrictEqual([1, 2, 3], [1, 2, 3, 4])',
  "assert.deepStrictEqual({ a: [1, 2], b: 'x' }, { a: [1, 2, 3], b: 'y' })",
  "assert.deepStrictEqual(new Error('a'), new Error('b'))",
  "assert.deepStrictEqual([fixed(new Error('a'))], [fixed(new Error('b'))])",
  "assert.deepStrictEqual('a', 'b', 'custom')",
  'assert.deepStrictEqual({ a: 1 }, { a: 2 }, "custom message")',
  'assert.deepStrictEqual([1, [2, [3]]], [1, [2, [4]]])',
  "assert.deepStrictEqual({ s: 'line1\\nline2' }, { s: 'line1\\nline3' })",
  'assert.deepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))',
  'assert.deepStrictEqual({ a: 1 }, { a: 1 })',
  'assert.deepStrictEqual(Object.create({ x: 1 }), {})',
  'assert.deepStrictEqual(new (class Foo { constructor() { this.a = 1 } })(), { a: 1 })',
  'assert.deepStrictEqual({ z: 1, a: 2, m: [3, 4] }, { m: [3, 5], a: 2, z: 1 })',
  `assert.deepStrictEqual(Object.fromEntries(${OBJ30}.map((i) => ['k' + i, i])), Object.fromEntries(${OBJ30}.map((i) => ['k' + i, i === 4 || i === 24 ? -i : i])))`,
  `assert.deepStrictEqual(${OBJ30}, [...${OBJ30}.slice(0, 10), 'inserted', ...${OBJ30}.slice(10)])`,
  `assert.deepStrictEqual([...${OBJ30}.slice(0, 10), 'extra', 'more', ...${OBJ30}.slice(10)], ${OBJ30})`,
  "assert.deepStrictEqual(new Map([['a', new Set([1, 2])], ['b', { c: [1] }]]), new Map([['a', new Set([1, 3])], ['b', { c: [2] }]]))",
  "assert.deepStrictEqual({ text: 'line one\\nline two\\nline three' }, { text: 'line one\\nline 2\\nline three' })",
  "assert.deepStrictEqual(['a'.repeat(50), 'b'], ['a'.repeat(50), 'c'])",
  'assert.deepStrictEqual({ a: [{ b: 1, c: 2 }, { d: 3 }] }, { a: [{ b: 1, c: 2 }, { d: 3 }, { e: 4 }] })',
  'assert.deepStrictEqual([1, 2, 3], { 0: 1, 1: 2, 2: 3, length: 3 })',
  "assert.deepStrictEqual(fixed(new Error('a')), fixed(new Error('b')))",
  "assert.deepStrictEqual(fixed(new TypeError('a')), fixed(new Error('a')))",
  "assert.deepStrictEqual({ e: fixed(new Error('x', { cause: 1 })) }, { e: fixed(new Error('x', { cause: 2 })) })",
  'assert.deepStrictEqual(new Date(0), new Date(1))',
  'assert.deepStrictEqual(/a/g, /a/i)',
  'assert.deepStrictEqual(new Uint8Array(40), new Uint8Array(41))',
  'assert.deepStrictEqual([undefined], [null])',
  'assert.deepStrictEqual({ a: undefined }, {})',
  'assert.deepStrictEqual([1, , 3], [1, undefined, 3])',
  "assert.deepStrictEqual(Symbol('a'), Symbol('a'))",
  'assert.deepStrictEqual(() => 1, () => 1)',
  "assert.deepStrictEqual('a'.repeat(20) + 'b', 'a'.repeat(20) + 'c')",
  "assert.deepStrictEqual('one\\ntwo', 'one\\nthree')",
  'assert.deepStrictEqual(1n, 1)',
  "assert.strictEqual('abc'.repeat(30), 'abd'.repeat(30))",
  "assert.strictEqual('x'.repeat(35), 'x'.repeat(34) + 'y')",
  "assert.strictEqual('x'.repeat(39), 'x'.repeat(38) + 'y')",
  'assert.strictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })',
  'assert.strictEqual([], [])',
  'assert.strictEqual(new Map(), new Map())',
  'assert.notStrictEqual([1, 2], 5)',
  '(() => { const a = Array.from({ length: 60 }, (_, i) => ({ i })); assert.notStrictEqual(a, a) })()',
  "assert.throws(() => { throw Object.assign(new Error('boom'), { code: 'E_X', errno: 3 }) }, { code: 'E_Y', errno: 3, message: /bo/ })",
  "assert.throws(() => { throw new Error('x') }, { name: 'TypeError', message: 'x' })",
  "assert.throws(() => { throw null }, { message: 'x' })",
  "assert.throws(() => { throw new Error('x') }, { missing: 1 })",
  'assert.notDeepStrictEqual({ a: 1 }, { a: 1 })',
  `(() => { const o = Array.from({ length: 60 }, (_, i) => i); assert.notDeepStrictEqual(o, [...o]) })()`,
  'assert.notDeepStrictEqual(1, 1)',
  'assert.notDeepStrictEqual({ a: 1 }, { a: 2 })',
  'assert.fail()',
  "assert.fail('m')",
  "assert.fail(new RangeError('r'))",
  'assert.fail(1, 2)',
  "assert.fail(1, 2, undefined, '>')",
  "assert.fail(1, 2, 'msg')",
  'assert.ifError(null)',
  'assert.ifError(undefined)',
  "assert.ifError(new Error('boom'))",
  "assert.ifError('str')",
  "assert.ifError(new TypeError(''))",
  'assert.ifError(0)',
  "assert.match('abc', /x/)",
  "assert.match('abc', /b/)",
  'assert.match(1, /x/)',
  "assert.match('a', 'x')",
  "assert.match('abc', /x/, 'mine')",
  "assert.match('abc', /x/, new RangeError('err'))",
  "assert.doesNotMatch('abc', /b/)",
  "assert.doesNotMatch('abc', /x/)",
  'assert.doesNotMatch(null, /x/)',
  'assert.throws(() => {})',
  "assert.throws(() => {}, 'should throw')",
  'assert.throws(() => {}, TypeError)',
  "assert.throws(() => {}, TypeError, 'msg')",
  "assert.throws(() => { throw new Error('x') }, TypeError)",
  "assert.throws(() => { throw new Error('x') }, /y/)",
  "assert.throws(() => { throw new Error('x') }, /x/)",
  "assert.throws(() => { throw new Error('x') }, { message: 'y' })",
  "assert.throws(() => { throw new Error('x') }, { message: /x/, name: 'Error' })",
  "assert.throws(() => { throw new Error('x') }, { message: /z/, name: 'Error' })",
  "assert.throws(() => { throw new Error('x') }, () => false)",
  "assert.throws(() => { throw new Error('x') }, function named() { return false })",
  "assert.throws(() => { throw new Error('x') }, (e) => e instanceof Error)",
  'assert.throws(1)',
  "assert.throws(() => { throw new Error('x') }, 'x')",
  "assert.throws(() => { throw 'x' }, 'x')",
  "assert.throws(() => { throw new Error('x') }, {})",
  "assert.throws(() => { throw 'str' }, { message: 'm' })",
  "assert.throws(() => { throw new Error('x') }, 5)",
  "assert.throws(() => { throw new Error('x') }, new Error('y'))",
  "assert.throws(() => { throw new Error('x') }, new Error('x'))",
  "assert.throws(() => { throw new TypeError('x') }, Error)",
  'assert.throws(() => { throw 5 }, TypeError)',
  "assert.throws(() => { throw new (class TypeError extends Error {})('x') }, TypeError)",
  "assert.throws(() => { throw new Error('x') }, 'msg', 'extra')",
  "assert.throws(() => { throw new Error('x') }, { message: 'y' }, 'custom')",
  "assert.throws(() => { throw Object.assign(new Error('x'), { code: 'E1' }) }, { code: 'E2' })",
  "assert.doesNotThrow(() => { throw new Error('inner') })",
  "assert.doesNotThrow(() => { throw new Error('inner') }, 'custom')",
  "assert.doesNotThrow(() => { throw new TypeError('x') }, RangeError)",
  "assert.doesNotThrow(() => { throw new TypeError('x') }, TypeError, 'why')",
  "assert.doesNotThrow(() => { throw new TypeError('x') }, /x/)",
  "assert.doesNotThrow(() => { throw new TypeError('x') }, 5)",
  'assert.doesNotThrow(() => 1)',
  "assert.rejects(Promise.reject(new Error('r')), /r/)",
  'assert.rejects(Promise.resolve(1))',
  "assert.rejects(Promise.resolve(1), 'no rejection')",
  'assert.rejects(() => 1)',
  'assert.rejects(1)',
  "assert.rejects(async () => { throw new TypeError('t') }, RangeError)",
  "assert.rejects(() => Promise.reject(new Error('e')), { message: 'e' })",
  "assert.doesNotReject(Promise.reject(new Error('r')))",
  'assert.doesNotReject(Promise.resolve(1))',
  "assert.doesNotReject(() => Promise.reject(new Error('r')), 'because')",
  'assert.doesNotReject(() => 5)',
  'assert.partialDeepStrictEqual({ a: 1, b: 2 }, { a: 2 })',
  'assert.partialDeepStrictEqual({ a: 1, b: 2 }, { a: 1 })',
  'assert.partialDeepStrictEqual({ a: 1 }, { a: 1, b: 2 })',
  "assert.partialDeepStrictEqual({ a: { b: 1 } }, { a: { b: 2 } }, 'custom')",
  'assert.partialDeepStrictEqual(1)',
  ...[
    ['[1, 2, 3]', '[1, 3]'],
    ['[1, 2, 3]', '[2, 1]'],
    ['[1, 2, 3]', '[]'],
    ['[{ a: 1 }, { b: 2 }]', '[{ b: 2 }, { a: 1 }]'],
    ['[{ a: 1, x: 1 }, { b: 2 }]', '[{ a: 1 }, { b: 2 }]'],
    ['[1, 2, 1]', '[1, 1]'],
    ['[1, 2]', '[2, 2]'],
    ['[[1, 2], [3]]', '[[2], [3]]'],
    ['new Set([{ a: 1, b: 2 }])', 'new Set([{ a: 1 }])'],
    ['new Set([1, 2])', 'new Set([3])'],
    ["new Map([['k', 1]])", "new Map([['j', 1]])"],
    ['new Map([[1, { a: 1, b: 2 }]])', 'new Map([[1, { a: 1 }]])'],
    ['{ a: 1 }', '{}'],
    ['[1]', '{ 0: 1 }'],
    ['new Date(1)', '{}'],
    ['new Date(1)', 'new Date(1)'],
    ['[, 1]', '[1]'],
    ['new Uint8Array([1, 2, 3])', 'new Uint8Array([1, 3])'],
    ['new Uint8Array([1, 2, 3])', 'new Uint8Array([3, 1])'],
    ['/a/g', '/a/'],
    ["fixed(new Error('a'))", "{ message: 'a' }"],
    ['{ a: NaN }', '{ a: NaN }'],
    ['[0]', '[-0]'],
    ['Object.create(null)', '{}'],
    ["{ [Symbol.for('s')]: 1, x: 1 }", "{ [Symbol.for('s')]: 1 }"],
    ['{ a: 1 }', '{ b: undefined }'],
  ].map(([a, b]) => `assert.partialDeepStrictEqual(${a}, ${b})`),
  'strict.equal(1, "1")',
  'strict.deepEqual({ a: 1 }, { a: "1" })',
  'strict.notEqual(1, 1)',
  'strict.notDeepEqual({ a: 1 }, { a: 1 })',
  'strict(0)',
  'strict.strict === strict',
  'assert.strict === strict',
  'Object.keys(assert).sort()',
  'Object.keys(strict).sort()',
  'assert.name',
  'strict.name',
  'assert.throws.name',
  'assert.rejects.name',
  '(() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" }); return [Object.keys(e), e.name, e.code, e.diff, String(e), e.message, e.generatedMessage, e.stack.split("\\n")[0]] })()',
  '(() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual", message: "m" }); return [e.message, e.generatedMessage, String(e)] })()',
  '(() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "notEqual", message: "plain" }); return [e.message, e.generatedMessage] })()',
  '(() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "customOp" }); return e.message })()',
  '(() => { const e = new assert.AssertionError({ actual: 1, expected: 2 }); return e.message })()',
  "(() => { const e = new assert.AssertionError({ actual: new Error('a'), expected: new Error('b'), operator: 'deepStrictEqual' }); return e.message })()",
  'new assert.AssertionError(3)',
  'new assert.AssertionError()',
  "(() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' }); return util.inspect(e).split('\\n').filter((l) => !l.includes('    at ')).join('\\n') })()",
  "(() => { const e = new assert.AssertionError({ actual: 'x'.repeat(600), expected: 'y', operator: 'notEqual', message: 'm' }); return util.inspect(e).split('\\n').filter((l) => !l.includes('    at ')).join('\\n') })()",
  "(() => { const e = new assert.AssertionError({ actual: Array.from({ length: 12 }, (_, i) => 'l' + i).join('\\n'), expected: 1, operator: 'op', message: 'm' }); return util.inspect(e).split('\\n').filter((l) => !l.includes('    at ')).join('\\n') })()",
  'Object.getOwnPropertyNames(assert.AssertionError.prototype)',
  'Object.getOwnPropertyNames(assert.Assert.prototype)',
  'Object.keys(new assert.Assert())',
  'Object.keys(new assert.Assert({ strict: false }))',
  "new assert.Assert({ diff: 'nope' })",
  "(() => { const a = new assert.Assert(); try { a.equal(1, '1') } catch (e) { return e.message } })()",
  "(() => { const a = new assert.Assert({ strict: false }); a.equal(1, '1'); return 'loose' })()",
  `(() => { try { new assert.Assert({ diff: 'full' }).deepStrictEqual(${OBJ30}, ${OBJ30}.map((i) => (i === 15 ? -1 : i))) } catch (e) { return [e.message, e.diff] } })()`,
  '(() => { const t = new assert.CallTracker(); const f = t.calls((x) => x * 2, 2); f(1); return [f(3), t.report().map((r) => [r.message, r.actual, r.expected, r.operator]), t.getCalls(f).map((c) => c.arguments)] })()',
  '(() => { const t = new assert.CallTracker(); const f = t.calls(function named() {}); try { t.verify() } catch (e) { return [e.message, e.code] } })()',
  '(() => { const t = new assert.CallTracker(); t.calls(() => {}); t.calls(function two() {}, 3); try { t.verify() } catch (e) { return e.message } })()',
  '(() => { const t = new assert.CallTracker(); const f = t.calls(() => {}); f(); t.verify(); t.reset(f); return t.report().length })()',
]

type Outcome = { ok: unknown } | { error: Record<string, unknown> }

describe('node:assert (differential against the real Bun)', () => {
  let expected: Outcome[] = []
  let bunWarnings: string[][] = []

  beforeAll(() => {
    const script = `${RUNNER}
const assert = require('node:assert')
const strict = require('node:assert/strict')
const util = require('node:util')
const warnings = []
process.on('warning', (w) => warnings.push([w.name, w.code, w.message]))
const results = await run(${JSON.stringify(CASES)}, { assert, strict, util })
await new Promise((resolve) => setTimeout(resolve, 20))
console.log(JSON.stringify({ results, warnings }))`
    const run = runRealBunScript(script)
    const parsed = JSON.parse(run.stdout) as { results: Outcome[]; warnings: string[][] }
    expected = parsed.results
    bunWarnings = parsed.warnings
  })

  it('matches Bun on every case, messages and diffs included', async () => {
    const warnings: string[][] = []
    const ctx: NodeContext = {
      ...createTestContext(),
      emitWarning: (warning, type, code) => void warnings.push([String(type), String(code), String(warning)]),
    }
    const assert = createAssert(ctx)
    const strict = createAssertStrict(ctx)
    const util = createUtil(ctx)
    const actual = (await new Function(`${RUNNER}; return run`)()(CASES, { assert, strict, util })) as Outcome[]
    const mismatches = CASES.flatMap((source, i) => {
      const bun = JSON.stringify(expected[i])
      const ours = JSON.stringify(actual[i])
      return bun === ours ? [] : [`${source}\n  bun:  ${bun}\n  ours: ${ours}`]
    })
    if (mismatches.length > 0) console.log(`${mismatches.length} mismatches\n${mismatches.join('\n')}`)
    expect(mismatches).toEqual([])
    expect(warnings).toEqual(bunWarnings)
  })
})

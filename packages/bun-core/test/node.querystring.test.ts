/**
 * node:querystring against the real Bun: each case is an expression over `qs`
 * evaluated by Bun's module and by ours; results and errors must be equal.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createQuerystring } from '../src/runtime/node/querystring.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext } from './support/test-host.js'

/** Turns a result into JSON-safe data (the same source runs in Bun and here). */
const SERIALIZE = `function serialize(value) {
  if (value === undefined) return { $: 'undefined' }
  if (typeof value === 'number' && (Object.is(value, -0) || !Number.isFinite(value))) return { $: String(Object.is(value, -0) ? '-0' : value) }
  if (typeof value === 'bigint' || typeof value === 'symbol') return { $: typeof value, v: String(value) }
  if (typeof value === 'function') return { $: 'function', name: value.name }
  if (value === null || typeof value !== 'object') return value
  if (ArrayBuffer.isView(value)) return { $: value.constructor.name, v: Array.from(value) }
  if (Array.isArray(value)) return value.map(serialize)
  const out = {}
  for (const key of Object.keys(value)) out[key] = serialize(value[key])
  return { $: 'object', proto: Object.getPrototypeOf(value) === null ? null : value.constructor && value.constructor.name, v: out }
}
function run(cases, scope) {
  const names = Object.keys(scope)
  return cases.map((source) => {
    try {
      return { ok: serialize(new Function(...names, 'return (' + source + ')')(...names.map((n) => scope[n]))) }
    } catch (error) {
      return { error: { name: error && error.name, code: error && error.code, message: error && error.message } }
    }
  })
}`

const q = (s: string) => JSON.stringify(s)
const QUERIES = [
  '',
  'a=1',
  'a=1&b=2',
  'a=1&a=2&a=3',
  'a',
  'a=',
  '=',
  '=b',
  '&&',
  '&a=1&',
  'a=b=c',
  'a+b=c+d',
  'a%20b=c%20d',
  '%41=%42',
  'a=%zz',
  'a=%',
  'a=%4',
  'a=%E9',
  'a=%E9é',
  'a=é+%zz',
  'a=%C3%A9',
  'a=%F0%9F%98%80',
  'a=%2B',
  '__proto__=1',
  'constructor=x&toString=y',
  'a=1;b=2',
  'a:1,b:2',
  'a=1&&&b=2&c',
  'a=1&b=2&c=3&d=4',
  'x=%%41',
  'x=%+41',
  'a=1&a=',
  'a[]=1&a[]=2',
  'key=value&key2=value2&key3',
]
const CASES: string[] = []
for (const query of QUERIES) {
  CASES.push(
    `qs.parse(${q(query)})`,
    `qs.decode(${q(query)})`,
    `qs.unescape(${q(query)})`,
    `qs.unescapeBuffer(${q(query)})`,
  )
  CASES.push(`qs.unescapeBuffer(${q(query)}, true)`, `qs.unescape(${q(query)}, true)`)
}
CASES.push(
  "qs.parse('a=1;b=2', ';')",
  "qs.parse('a:1,b:2', ',', ':')",
  "qs.parse('a=>1<>b=>2', '<>', '=>')",
  "qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })",
  "qs.parse('&&a=1&b=2', null, null, { maxKeys: 2 })",
  "qs.parse('a=1&b=2', null, null, { maxKeys: 0 })",
  "qs.parse('a=1&b=2', null, null, { maxKeys: -1 })",
  "qs.parse('a=1&b=2', null, null, { maxKeys: '1' })",
  "qs.parse(Array.from({ length: 1005 }, (_, i) => 'k' + i + '=1').join('&'))",
  "qs.parse('a=%41+b&c', null, null, { decodeURIComponent: (s) => s.toUpperCase() })",
  "qs.parse('a=%zz', null, null, { decodeURIComponent: (s) => { throw new Error(s) } })",
  "qs.parse('a=b', null, null, { decodeURIComponent: (s) => '[' + s + ']' })",
  "qs.parse('a=b', '', '')",
  "qs.parse('a1b2c', 1, 2)",
  'qs.parse(null)',
  'qs.parse(123)',
  "qs.stringify({ a: 1, b: 'x y', c: [1, 2], d: true, e: null, f: undefined, g: {}, h: NaN, i: 1n, j: Infinity, k: -0 })",
  "qs.stringify({ a: 1, b: 2 }, ';', ':')",
  'qs.stringify({ a: [] , b: 1})',
  "qs.stringify({ 'a b': 'é/?&=#+', '😀': \"!'()*-._~\" })",
  "qs.stringify({ a: 'x' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() })",
  "qs.stringify({ a: 'x' }, '', '')",
  "qs.stringify('abc')",
  'qs.stringify(null)',
  'qs.stringify([1, 2])',
  "qs.stringify({ a: '\\ud800' })",
  "qs.encode({ a: 'b' })",
  "qs.escape('a b&c=d/é😀')",
  'qs.escape("!\'()*-._~")',
  'qs.escape(123)',
  'qs.escape({ toString() { return "x y" } })',
  'qs.escape([1, 2])',
  'qs.escape(null)',
  'qs.escape(undefined)',
  "qs.escape('\\ud800')",
  "qs.escape('\\udc00x')",
  "qs.escape('\\ud83d\\ude00')",
  "qs.unescape('%E0%A4%A')",
  "qs.unescape('a+b')",
  "qs.unescape('a+b', true)",
  "qs.unescapeBuffer('%41%4')",
  "qs.unescapeBuffer('%%%')",
  "qs.unescapeBuffer('ā')",
  'Object.keys(qs).sort()',
)

type Result = { ok: unknown } | { error: { name: string; code: string; message: string } }

describe('node:querystring (differential against the real Bun)', () => {
  let expected: Result[] = []

  beforeAll(() => {
    const script = `${SERIALIZE}
const qs = require('node:querystring')
console.log(JSON.stringify(run(${JSON.stringify(CASES)}, { qs })))`
    const run = runRealBunScript(script)
    expect(run.stderr).toBe('')
    expected = JSON.parse(run.stdout) as Result[]
  })

  it('matches Bun on every case', () => {
    const qs = createQuerystring(createTestContext())
    const actual = new Function(`${SERIALIZE}; return run`)()(CASES, { qs }) as Result[]
    const mismatches = CASES.flatMap((source, i) => {
      const bun = JSON.stringify(expected[i])
      const ours = JSON.stringify(actual[i])
      return bun === ours ? [] : [`${source}\n  bun:  ${bun}\n  ours: ${ours}`]
    })
    if (mismatches.length > 0) console.log(mismatches.join('\n'))
    expect(mismatches).toEqual([])
  })
})

/**
 * node:url and node:punycode against the real Bun: each case is an expression
 * evaluated by Bun's modules and by ours; results and errors must be equal.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { NodeContext } from '../src/runtime/node/context.js'
import { createPunycode } from '../src/runtime/node/punycode.js'
import { createUrl } from '../src/runtime/node/url.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

/** Turns a result into JSON-safe data (the same source runs in Bun and here). */
const SERIALIZE = `function serialize(value) {
  if (value === undefined) return { $: 'undefined' }
  if (typeof value === 'number' && (Object.is(value, -0) || !Number.isFinite(value))) return { $: String(Object.is(value, -0) ? '-0' : value) }
  if (typeof value === 'bigint' || typeof value === 'symbol') return { $: typeof value, v: String(value) }
  if (typeof value === 'function') return { $: 'function', name: value.name }
  if (value === null || typeof value !== 'object') return value
  if (value instanceof URL) return { $: 'URL', href: value.href }
  if (ArrayBuffer.isView(value)) return { $: value.constructor.name, v: Array.from(value) }
  if (Array.isArray(value)) return value.map(serialize)
  const out = {}
  for (const key of Object.keys(value)) out[key] = serialize(value[key])
  return { $: Object.prototype.toString.call(value), proto: Object.getPrototypeOf(value) === null ? null : value.constructor && value.constructor.name, v: out }
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
const URLS = [
  'http://user:pw@Host.com:8080/p/a/t/h?query=string#hash',
  'http://a b/c',
  'HTTP://EXAMPLE.COM/A?B#C',
  'http://[::1]:80/x',
  'http://[::1]x/y',
  'http://a!b.com/c',
  'http://ÄBC.com/c',
  'http://münchen.de/',
  'http://a:b',
  'http://a:',
  'http://a:123x/',
  'http://a@b@c/',
  'http://a@b?@c',
  'http://a\\b\\c?d\\e',
  '  http://trim.me/  ',
  '\thttp://x.com/\n',
  '//host/path',
  '//user@host/path',
  '/just/a/path?x=1&y=2',
  '/just/a/path',
  '/p?q#h',
  'relative/path?x#y',
  '?only=query',
  '#only-hash',
  '',
  '   ',
  'mailto:someone@example.com',
  'mailto:a@b?subject=hi',
  'javascript:alert(1)',
  'javascript://x/y',
  'file:///etc/passwd',
  'file://localhost/etc/passwd',
  'file:/etc',
  'xmpp:user@host/resource',
  'git+ssh://git@github.com:org/repo.git',
  'http://x.com/a b<c>d"e\'f{g}h|i^j`k',
  'http://x.com?a=1&a=2&b',
  'http://x.com#a#b',
  'http://x.com/?#',
  'http://x.com:65536/',
  'http://x.com:/',
  'HTTPS://User@WWW.Example.COM',
  'ws://a.com',
  'foo://bar/baz',
  'foo:bar',
  'http://' + 'a'.repeat(256) + '/',
  'http://a%20b/',
  'http://a;b/',
  'http://xn--iñ.com/',
  'http://%E0%A4%A/',
  '\\\\server\\share',
  'http:\\\\x.com\\y',
  'a@b',
  'x://@host',
]
const CASES: string[] = []
for (const u of URLS) {
  CASES.push(`url.parse(${q(u)})`, `url.parse(${q(u)}, true)`, `url.parse(${q(u)}, false, true)`, `url.format(${q(u)})`)
  CASES.push(`url.format(url.parse(${q(u)}, true))`)
}
const RESOLVE = [
  ['http://a/b/c/d;p?q', 'g'],
  ['http://a/b/c/d;p?q', './g'],
  ['http://a/b/c/d;p?q', 'g/'],
  ['http://a/b/c/d;p?q', '/g'],
  ['http://a/b/c/d;p?q', '//g'],
  ['http://a/b/c/d;p?q', '?y'],
  ['http://a/b/c/d;p?q', 'g?y'],
  ['http://a/b/c/d;p?q', '#s'],
  ['http://a/b/c/d;p?q', 'g#s'],
  ['http://a/b/c/d;p?q', ''],
  ['http://a/b/c/d;p?q', '.'],
  ['http://a/b/c/d;p?q', './'],
  ['http://a/b/c/d;p?q', '..'],
  ['http://a/b/c/d;p?q', '../'],
  ['http://a/b/c/d;p?q', '../g'],
  ['http://a/b/c/d;p?q', '../..'],
  ['http://a/b/c/d;p?q', '../../g'],
  ['http://a/b/c/d;p?q', '../../../g'],
  ['http://a/b/c/d;p?q', '/./g'],
  ['http://a/b/c/d;p?q', 'g.'],
  ['http://a/b/c/d;p?q', 'g;x=1/../y'],
  ['http://a/b/c/d;p?q', 'http:g'],
  ['http://a/b/c/d;p?q', 'https://other/x'],
  ['http://a/b/c/d;p?q', 'mailto:x@y'],
  ['http://a/b/c/d;p?q', 'file:///x'],
  ['http://a/b/c/d;p?q', 'https:x/y'],
  ['http://user:pw@a/b', '//other/c'],
  ['http://user:pw@a/b', '/c'],
  ['mailto:local1@domain1', 'local2@domain2'],
  ['mailto:a@b', '?subject=x'],
  ['mailto:a@b', '../c'],
  ['/one/two/three', 'four'],
  ['/one/two/three', '../four'],
  ['one/two', '../../../x'],
  ['', 'x'],
  ['http://example.com', 'x'],
  ['http://example.com/', '.'],
  ['http://example.com/a/', '..'],
  ['file:///a/b', 'c'],
  ['file:///a/b', '/c'],
  ['foo:bar', 'baz'],
  ['foo://a/b', '../c'],
]
for (const [from, to] of RESOLVE) {
  CASES.push(`url.resolve(${q(from!)}, ${q(to!)})`, `url.resolveObject(${q(from!)}, ${q(to!)})`)
}
const FORMAT_OBJECTS = [
  "{ protocol: 'http', host: 'a.com', pathname: 'x#y?z', query: { a: 1, b: '#' } }",
  "{ protocol: 'mailto', auth: 'a b@c', hostname: 'x:y', port: 8 }",
  "{ protocol: 'https:', hostname: 'x.com', port: '8080', pathname: '/p', search: 's#', hash: 'h' }",
  "{ protocol: 'file', pathname: '/etc' }",
  "{ protocol: 'file:', host: '', pathname: 'etc' }",
  "{ protocol: 'foo', slashes: true, host: 'h', pathname: 'p' }",
  "{ host: 'h', hostname: 'ignored', port: 1 }",
  "{ hostname: '::1', port: 80 }",
  "{ hostname: '[::1]' }",
  "{ auth: 'é:ü', host: 'h' }",
  "{ query: 'not-an-object', search: '' }",
  "{ query: { a: ['x', 'y'] } }",
  "{ query: { a: 'x y', b: \"!'()*~\", c: null, d: undefined, e: {}, f: 1n, g: true, h: NaN, 'k y': 'é' } }",
  '{ query: Object.assign(Object.create({ inherited: 1 }), { own: 2 }) }',
  "{ query: new Map([['a', 1]]) }",
  "{ query: new URLSearchParams('x=1') }",
  "{ query: [['a', 'b']] }",
  "{ query: { a: 'b' }, search: '' }",
  "{ pathname: '/a', search: '?b', query: { ignored: 1 } }",
  '{}',
  '[]',
]
for (const object of FORMAT_OBJECTS) CASES.push(`url.format(${object})`)
CASES.push(
  "url.format(new URL('http://user:pw@münchen.de:81/a?b#c'), { unicode: true, auth: false, search: false, fragment: false })",
  "url.format(new URL('http://user:pw@münchen.de:81/a?b#c'), { unicode: true })",
  "url.format(new URL('http://user:pw@münchen.de:81/a?b#c'), { unicode: 0, auth: 1, search: '', fragment: null })",
  "url.format(new URL('http://user:pw@münchen.de:81/a?b#c'), 3)",
  "url.format(new URL('http://user:pw@münchen.de:81/a?b#c'), null)",
  "url.format(new URL('http://x.com/'), { unicode: true })",
  "url.format(new URL('foo:bar'), { unicode: true })",
  'url.format(3)',
  'url.format(null)',
  'url.format(undefined)',
  'url.format(new url.Url())',
  'url.parse(3)',
  'url.parse()',
  "url.parse('http://x.com') instanceof url.Url",
  'Object.keys(new url.Url())',
  'Object.keys(url.Url.prototype)',
  "url.parse('/x?a=1', true).query[Symbol.toStringTag]",
  "Object.getOwnPropertyDescriptor(url.parse('/x?a=1', true).query, Symbol.toStringTag)",
  "url.parse('/x', true).query[Symbol.toStringTag]",
  "url.resolveObject('', 'x')",
  'url.URL === URL',
  'url.URLSearchParams === URLSearchParams',
)
const DOMAINS = [
  'español.com',
  'xn--espaol-zwa.com',
  'EXAMPLE.com',
  'xn--iñvalid.com',
  '',
  'a b',
  'a/b',
  'a:b',
  'a@b',
  '1.2.3.4',
  '0x7f.1',
  '[::1]',
  '::1',
  'a..b',
  '.a',
  'ñ',
  'xn--',
  'a_b',
  'a%41',
  'faß.de',
  '😀.com',
  'xn--a.com',
  'a\u0000b',
  'a#b',
  'x',
  'X',
  'y',
]
for (const d of DOMAINS) CASES.push(`url.domainToASCII(${q(d)})`, `url.domainToUnicode(${q(d)})`)
CASES.push('url.domainToASCII()', 'url.domainToUnicode()', 'url.domainToASCII(12)')
const FILE_URLS = [
  'file:///a/b%20c',
  'file://host/a',
  'file:///a%2fb',
  'file:///a%2Fb',
  'file:///a%5cb',
  'file:///C:/a',
  'file://localhost/a',
  'file:///%E2%82%AC',
  'file:///a%E9',
  'not a url',
  'http://x/y',
  'file:///',
  '',
  ' ',
  'x',
  '::',
  'a:b',
  'file',
  'file:',
  'FILE:///A',
  'file://[',
  'file://a b/',
  'file:///a b',
  ' file:///x ',
  'file:///a%E9b',
  'file:///C:/x%5c',
  'file:///C:/x%2F',
  'file://h/%E2%82%AC',
]
for (const f of FILE_URLS) {
  CASES.push(
    `url.fileURLToPath(${q(f)})`,
    `url.fileURLToPath(${q(f)}, { windows: true })`,
    `url.fileURLToPathBuffer(${q(f)})`,
  )
}
CASES.push(
  "url.fileURLToPath(new URL('file:///x y'))",
  "url.fileURLToPath('file://h/a%20b', { windows: true })",
  "url.fileURLToPath('file:///a', null)",
  'url.fileURLToPath(3)',
  'url.fileURLToPath({})',
  'url.fileURLToPath(null)',
  "url.fileURLToPath({ href: 'file:///a', protocol: 'file:' })",
  'url.fileURLToPath(3, { windows: true })',
  "url.fileURLToPath({ href: 'file:///a', protocol: 'file:', hostname: '', pathname: '/C:/x' }, { windows: true })",
  "url.fileURLToPathBuffer({ href: 'file:///a', protocol: 'file:', hostname: '', pathname: '/x' })",
  'url.fileURLToPathBuffer(3)',
  "url.fileURLToPath('file:///a', { windows: 1 })",
  "url.fileURLToPath('file:///a', 5)",
  "url.fileURLToPath('file:///a', { windows: 'yes' })",
)
const PATHS = ['/a b#?%\\\n\t\r', '/a/b/', '/', '/é€😀', 'rel/', 'rel', '.', '/a/../b']
for (const p of PATHS) CASES.push(`url.pathToFileURL(${q(p)})`)
CASES.push(
  "url.pathToFileURL('C:\\\\a\\\\b', { windows: true })",
  "url.pathToFileURL('C:\\\\a\\\\b\\\\', { windows: true })",
  "url.pathToFileURL('C:\\\\a b%#?', { windows: true })",
  "url.pathToFileURL('\\\\\\\\server\\\\share\\\\f', { windows: true })",
  "url.pathToFileURL('\\\\\\\\server\\\\share\\\\a b', { windows: true })",
  "url.pathToFileURL('\\\\\\\\server', { windows: true })",
  "url.pathToFileURL('\\\\\\\\?\\\\UNC\\\\server\\\\share\\\\x', { windows: true })",
  'url.pathToFileURL(3)',
  "url.urlToHttpOptions(new URL('http://a:b@[::1]:80/x?y#z'))",
  "url.urlToHttpOptions(new URL('https://us%20er:p%40ss@host.com:8443/p?q=1#h'))",
  "url.urlToHttpOptions(new URL('http://host/'))",
  "url.urlToHttpOptions({ hostname: '[x]', port: '12', username: 'a%20', password: '', pathname: '/p', search: '?s', extra: 1, href: 'h' })",
)
const PUNY = ['mañana', '', 'abc', '-', 'a-', '\u{1F600}', 'ü-ü', 'bücher', 'Bücher', '\ud800', 'x\udc00y']
for (const s of PUNY) CASES.push(`punycode.encode(${q(s)})`, `punycode.ucs2.decode(${q(s)})`)
const PUNY_DECODE = [
  'mana-i5a',
  'xn--a',
  '99999999',
  'é',
  'a-é',
  'ZZZZ',
  '-',
  '',
  'a-',
  '9',
  'a-9',
  'bcher-kva',
  'BCHER-KVA',
  'é-a',
  'zzzzzzzzzzzzz',
]
for (const s of PUNY_DECODE) CASES.push(`punycode.decode(${q(s)})`)
CASES.push(
  "punycode.toASCII('mañana.com')",
  "punycode.toASCII('a@bücher.de@x')",
  "punycode.toASCII('bücher\\u3002de\\uff0ex\\uff61y')",
  "punycode.toUnicode('xn--bcher-kva.de')",
  "punycode.toUnicode('XN--bcher-kva.de')",
  "punycode.toUnicode('xn--BCHER-KVA.de')",
  "punycode.toUnicode('a@xn--bcher-kva.de')",
  'punycode.ucs2.encode([97, 0x1f600, 0xd800])',
  'punycode.version',
  'Object.keys(punycode).sort()',
)

type Result = { ok: unknown } | { error: { name: string; code: string; message: string } }

describe('node:url and node:punycode (differential against the real Bun)', () => {
  let expected: Result[] = []
  let cwd = ''

  beforeAll(() => {
    const script = `${SERIALIZE}
const url = require('node:url')
const punycode = require('node:punycode')
process.removeAllListeners('warning')
process.on('warning', () => {})
console.log(JSON.stringify({ cwd: process.cwd(), results: run(${JSON.stringify(CASES)}, { url, punycode }) }))`
    const run = runRealBunScript(script)
    const parsed = JSON.parse(run.stdout) as { cwd: string; results: Result[] }
    expected = parsed.results
    cwd = parsed.cwd
  })

  it('matches Bun on every case', () => {
    const ctx = createTestContext(createTestHost({ cwd }))
    const url = createUrl(ctx)
    const punycode = createPunycode(ctx)
    const actual = new Function(`${SERIALIZE}; return run`)()(CASES, { url, punycode }) as Result[]
    const mismatches = CASES.flatMap((source, i) => {
      const bun = JSON.stringify(expected[i])
      const ours = JSON.stringify(actual[i])
      return bun === ours ? [] : [`${source}\n  bun:  ${bun}\n  ours: ${ours}`]
    })
    if (mismatches.length > 0) console.log(mismatches.join('\n'))
    expect(mismatches).toEqual([])
  })

  it('emits the legacy-parser deprecation warnings once each, as Bun does', () => {
    const script = `const url = require('node:url')
const seen = []
process.on('warning', (w) => seen.push([w.name, w.code, w.message]))
url.resolve('http://a/b', 'c'); url.parse('http://x:y/'); url.parse('http://x:z/'); url.format('http://q')
setTimeout(() => console.log(JSON.stringify(seen)), 20)`
    const bun = JSON.parse(runRealBunScript(script).stdout) as string[][]
    const seen: string[][] = []
    const ctx: NodeContext = {
      ...createTestContext(),
      emitWarning: (warning, type, code) => void seen.push([String(type), String(code), String(warning)]),
    }
    const url = createUrl(ctx)
    url.resolve('http://a/b', 'c')
    url.parse('http://x:y/')
    url.parse('http://x:z/')
    url.format('http://q')
    expect(seen).toEqual(bun)
  })
})

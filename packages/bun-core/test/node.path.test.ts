/**
 * node:path against the real Bun: every case is an expression over `path`
 * evaluated by Bun (its node:path) and by ours, results and errors compared.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createPath, createPathPosix, createPathWin32 } from '../src/runtime/node/path.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

/** Turns a result into JSON-safe data (same source runs in Bun and here). */
const SERIALIZE = `function serialize(value) {
  if (value === undefined) return { $: 'undefined' }
  if (typeof value === 'number' && (Object.is(value, -0) || !Number.isFinite(value))) return { $: String(Object.is(value, -0) ? '-0' : value) }
  if (typeof value === 'bigint' || typeof value === 'symbol') return { $: typeof value, v: String(value) }
  if (typeof value === 'function') return { $: 'function', name: value.name }
  if (value === null || typeof value !== 'object') return value
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

const JOIN = [
  ["'a'", "'b'"],
  ["'/a'", "'b'", "'../c'"],
  ["''"],
  [],
  ["''", "''"],
  ["'a/'", "'/b/'"],
  ["'/'", "'..'"],
  ["'a'", "'../..'"],
  ["'.'", "'.'"],
  ["'./a'", "'./b/'"],
  ["'//a'", "'b'"],
  ["'a'", "''", "'b'"],
  ["'..'", "'a'"],
]
const PATHS = [
  '',
  '.',
  '..',
  '/',
  '//',
  '///',
  'a',
  'a/',
  'a//',
  '/a',
  '//a',
  '///a',
  '/a/b',
  '/a/b/',
  'a/b/c',
  'a//b',
  '/a/../..',
  '../a/..',
  './a/./b',
  'a/b/../../..',
  '/foo/bar/baz/asdf/quux/..',
  'file.txt',
  '.bashrc',
  '.bashrc.bak',
  'a.b.c',
  'a.',
  'a..',
  '...',
  '..a',
  '/a/b.txt/',
  'a/.b',
  'C:\\a\\b',
  'C:',
  'C:\\',
  'C:a',
  'c:/a/b',
  '\\\\server\\share',
  '\\\\server\\share\\',
  '\\\\server\\share\\a\\b.txt',
  '//server/share/a',
  '\\\\server',
  '\\\\?\\C:\\a',
  '\\\\.\\pipe\\x',
  '\\a\\..\\..\\b',
  'a\\b\\..\\c',
  'a:b',
  'a/../c:',
  'a/../c:/x',
  '\\',
  '/a\\b/',
  'C:\\..\\a',
  'C:..\\a',
]
const SUFFIXES = ['.txt', 'txt', 'b.txt', 'a', '', '/', 'b']
const RELATIVE = [
  ['/a/b/c', '/a/d'],
  ['/a/b', '/a/b/c/d'],
  ['/a/b/c', '/a'],
  ['/', '/a'],
  ['/a', '/'],
  ['/a', '/a'],
  ['a', 'b'],
  ['', ''],
  ['/a/b', '/ab'],
  ['/ab', '/a/b'],
  ['C:\\a\\b', 'C:\\a\\c'],
  ['C:\\a', 'D:\\a'],
  ['C:\\', 'C:\\a'],
  ['C:\\a', 'C:\\'],
  ['c:\\A\\b', 'C:\\a\\B\\c'],
  ['\\\\server\\share\\a', '\\\\server\\share\\b'],
  ['\\\\server\\share\\a', '\\\\other\\share\\b'],
  ['\\\\server\\share', '\\\\server\\other'],
  ['C:\\foo\\bar\\baz', 'C:\\foo\\bar\\baz-quux'],
  ['C:\\foo\\test', 'C:\\foo\\test\\bar\\package.json'],
]
const RESOLVE = [
  ['/a', 'b'],
  ['a', 'b'],
  ['/a', '/b', 'c'],
  ['/a/b', '../..', '..'],
  [''],
  [],
  ['.'],
  ['a/', '/'],
  ['C:\\a', 'b'],
  ['C:\\a', 'D:b'],
  ['C:', 'a'],
  ['C:a', 'b'],
  ['c:/ignore', 'd:\\a/b\\c/d', '\\e.exe'],
  ['\\\\server\\share', '..', 'x'],
  ['\\\\server\\share\\a', '\\b'],
  ['//server//share'],
  ['\\\\.\\pipe\\x', '..'],
  ['/a', 'C:'],
]
const FORMAT = [
  "{ root: '/', dir: '/a', base: 'b.txt' }",
  "{ root: '/', base: 'b.txt' }",
  "{ dir: 'a', name: 'b', ext: '.txt' }",
  "{ dir: 'a', name: 'b', ext: 'txt' }",
  "{ name: 'b', ext: '' }",
  '{}',
  "{ root: '/', dir: '/', base: 'x' }",
  "{ root: 'C:\\\\', dir: 'C:\\\\a', base: 'x' }",
  "{ base: 'b', name: 'ignored', ext: '.ignored' }",
  "{ dir: '', root: 'r', name: 'n' }",
  '3',
  'null',
  "'a/b'",
]
const GLOBS = [
  ['a.js', '*.js'],
  ['.env', '*'],
  ['a/b.js', '*.js'],
  ['a/b.js', '**/*.js'],
  ['a/b/c.js', 'a/**'],
  ['a', 'a/**'],
  ['a/', 'a/**'],
  ['a/b', 'a**'],
  ['abc', 'a**c'],
  ['b', '**/b'],
  ['x/b', '**b'],
  ['a/b/c', 'a/**/**/c'],
  ['a', '{a,b}'],
  ['abd', 'a{b,{c,d}}d'],
  ['a{b', 'a{b'],
  ['', '{}'],
  ['a{}b', 'a{}b'],
  ['x/y/b', '{**/,}b'],
  ['c', '[a-c]'],
  ['d', '[!a-c]'],
  ['d', '[^a-c]'],
  [']', '[]]'],
  ['/', '[!a]'],
  ['/', '?'],
  ['/', '*'],
  ['b', '[z-a]'],
  ['b', '[a\\]b]'],
  ['[a', '[a'],
  ['a', '!a'],
  ['b', '!a'],
  ['ab', '!!ab'],
  ['ab', '!!!ab'],
  ['', '!'],
  ['*', '\\*'],
  ['a', '\\*'],
  ['a\\', 'a\\'],
  ['a\\b', 'a\\b'],
  ['a/.b/c', 'a/*/c'],
  ['😀', '?'],
  ['a.ts', '*.{js,ts}'],
  ['A', 'a'],
  ['a+b(c)|$^', 'a+b(c)|$^'],
  ['abc', 'a*?c'],
  ['ac', 'a*?c'],
  ['a/b', '***'],
  ['a/b/', '**/'],
  ['A', '[[:upper:]]'],
]

const q = (s: string) => JSON.stringify(s)
const CASES: string[] = []
for (const flavour of ['path', 'path.win32']) {
  for (const args of JOIN) CASES.push(`${flavour}.join(${args.join(', ')})`)
  for (const p of PATHS) {
    for (const fn of [
      'normalize',
      'isAbsolute',
      'dirname',
      'basename',
      'extname',
      'parse',
      'toNamespacedPath',
      '_makeLong',
    ]) {
      CASES.push(`${flavour}.${fn}(${q(p)})`)
    }
    for (const suffix of SUFFIXES) CASES.push(`${flavour}.basename(${q(p)}, ${q(suffix)})`)
    CASES.push(`${flavour}.format(${flavour}.parse(${q(p)}))`)
  }
  for (const [from, to] of RELATIVE) CASES.push(`${flavour}.relative(${q(from!)}, ${q(to!)})`)
  for (const args of RESOLVE) CASES.push(`${flavour}.resolve(${args.map(q).join(', ')})`)
  for (const object of FORMAT) CASES.push(`${flavour}.format(${object})`)
  for (const [p, g] of GLOBS) CASES.push(`${flavour}.matchesGlob(${q(p!)}, ${q(g!)})`)
  CASES.push(
    `${flavour}.sep`,
    `${flavour}.delimiter`,
    `${flavour}.posix === path.posix`,
    `${flavour}.win32 === path.win32`,
    `${flavour}.relative('a', 'a/b/../c')`,
    `${flavour}.resolve('x') === ${flavour}.resolve(process_cwd, 'x')`,
    `${flavour}.relative(process_cwd, 'x')`,
    `${flavour}.toNamespacedPath(3)`,
    `${flavour}.toNamespacedPath(null)`,
    `${flavour}.win32.matchesGlob('a\\\\b.js', '**/*.js')`,
    `${flavour}.matchesGlob('a/b.js', 'a\\\\*.js')`,
  )
  for (const bad of ['1', 'null', 'undefined', '{}', '[]', '() => {}', 'Symbol()', '1n', 'true']) {
    for (const call of [
      `join('a', ${bad})`,
      `resolve('a', ${bad})`,
      `normalize(${bad})`,
      `isAbsolute(${bad})`,
      `dirname(${bad})`,
      `basename(${bad})`,
      `basename('a', ${bad})`,
      `extname(${bad})`,
      `parse(${bad})`,
      `relative(${bad}, 'a')`,
      `relative('a', ${bad})`,
      `format(${bad})`,
      `matchesGlob(${bad}, 'a')`,
      `matchesGlob('a', ${bad})`,
    ]) {
      CASES.push(`${flavour}.${call}`)
    }
  }
}
CASES.push('path === path.posix', 'path.posix.posix === path.posix', 'Object.keys(path).sort()')

type Result = { ok: unknown } | { error: { name: string; code: string; message: string } }

describe('node:path (differential against the real Bun)', () => {
  let expected: Result[] = []
  let cwd = ''

  beforeAll(() => {
    const script = `${SERIALIZE}
const path = require('node:path')
const cases = ${JSON.stringify(CASES)}
console.log(JSON.stringify({ cwd: process.cwd(), results: run(cases, { path, process_cwd: process.cwd() }) }))`
    const run = runRealBunScript(script)
    expect(run.stderr).toBe('')
    const parsed = JSON.parse(run.stdout) as { cwd: string; results: Result[] }
    expected = parsed.results
    cwd = parsed.cwd
  })

  it('matches Bun on every case', () => {
    const ctx = createTestContext(createTestHost({ cwd }))
    const path = createPath(ctx)
    const actual = new Function(`${SERIALIZE}; return run`)()(CASES, { path, process_cwd: cwd }) as Result[]
    const mismatches = CASES.flatMap((source, i) => {
      const bun = JSON.stringify(expected[i])
      const ours = JSON.stringify(actual[i])
      return bun === ours ? [] : [`${source}\n  bun:  ${bun}\n  ours: ${ours}`]
    })
    if (mismatches.length > 0) console.log(mismatches.join('\n'))
    expect(mismatches).toEqual([])
    expect(CASES.length).toBeGreaterThan(1000)
  })

  it('exports the flavours as separate factories', () => {
    const ctx = createTestContext(createTestHost())
    const path = createPath(ctx)
    expect(createPathPosix(ctx)).toBe(path)
    expect(createPathWin32(ctx)).toBe(path.win32)
    expect(path.win32.sep).toBe('\\')
  })

  it('resolves against the current working directory as it moves', () => {
    const ctx = createTestContext(createTestHost({ cwd: '/app' })) as ReturnType<typeof createTestContext> & {
      chdir(dir: string): void
    }
    const path = createPath(ctx)
    expect(path.resolve('x')).toBe('/app/x')
    ctx.chdir('/tmp')
    expect(path.resolve('x')).toBe('/tmp/x')
    expect(path.relative('/tmp/a', 'b')).toBe('../b')
  })
})

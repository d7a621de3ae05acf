/**
 * Differential test of the `console` object: one script exercising every
 * method runs in the real Bun (with and without colours) and through our
 * `createConsole`; stdout and stderr must match byte for byte, except the
 * timings of `console.time*` (normalised to `N`) and the real Bun's
 * temporary directory (normalised to `/app`).
 */
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createConsole, lineReader } from '../src/runtime/console/console.js'
import type { StackFrame } from '../src/runtime/console/error.js'
import { inspectTable } from '../src/runtime/console/inspect.js'
import { visibleWidth } from '../src/runtime/console/width.js'
import { runRealBun, runRealBunScript } from './support/real-bun.js'

/** The scenario; `console.trace` calls are listed in TRACES (in call order) with their frames. */
const SCRIPT = String.raw`console.log("log", 1, { a: 1 })
console.info("info %s", "x")
console.debug("debug", [1, 2])
console.warn("warn", { w: 1 })
console.error("error %d", 5, new Map([[1, 2]]))
console.log()
console.info()
console.warn()
console.error()
console.debug()
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: null })
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: -1 })
console.dir({ a: { b: { c: {} } } }, { depth: 1.7 })
console.dir({ a: { b: { c: {} } } }, { depth: 1n })
console.dir("str", { colors: true })
console.dir({ a: "s" }, { colors: false })
console.dir("a", "b", "c")
console.dir({ a: 1 })
console.dir()
console.dirxml({ a: 1 }, 2)
console.dirxml()
console.group("G1")
console.log("in 1")
console.group()
console.log({ nested: { obj: [1, 2] } })
console.log("multi\nline")
console.warn("warn in group")
console.error({ e: 1 })
console.count("in group")
console.table([{ a: 1 }])
console.assert(false, "assert in group")
console.assert(false)
console.trace("trace in group")
console.groupCollapsed("GC")
console.log("after collapsed")
console.groupEnd()
console.groupEnd()
console.groupEnd()
console.groupEnd()
console.log("out")
console.groupCollapsed()
console.group("a", "b", 1)
console.groupEnd()
console.count()
console.count()
console.count("lbl")
console.countReset()
console.count()
console.count(undefined)
console.count(null)
console.count({})
console.count("日本")
console.countReset("nope")
console.assert(true, "no")
console.assert(false)
console.assert(false, "msg %s", "fmt", 1)
console.assert(0, { a: 1 }, 2)
console.assert(false, "%s fmt", "x")
console.time()
console.timeLog()
console.timeLog(undefined, "extra", { a: 1 })
console.timeEnd()
console.time("lbl")
console.time("lbl")
console.timeEnd("lbl")
console.timeEnd("lbl")
console.timeLog("lbl")
console.time("")
console.timeEnd("")
console.time(null)
console.timeEnd(null)
console.time({})
console.timeEnd({})
console.timeEnd("none")
console.timeLog("none")
console.table([{ a: 1, b: "x" }, { a: 2, c: true }])
console.table([[1, 2], [3]])
console.table({ r1: { c: 1 }, r2: { c: 2 } })
console.table([1, "s"])
console.table(5)
console.table("str")
console.table("x", ["a"])
console.table(new Map([["k", { v: 1 }], ["k2", 2]]))
console.table(new Set([1, 2]))
console.table([{ a: 1, b: 2 }], ["b"])
console.table([{ a: 1, b: 2 }], ["b", "zz"])
console.table([])
console.table({})
console.table([{ "日本": "x", long: "abcdefgh" }])
console.table([{ a: { x: 1 }, b: [1, 2], f() {}, s: Symbol("q") }])
console.table([1, { a: 1 }, [5, 6]])
console.table([undefined, null])
console.table([{ a: "s\"q" }, { a: 1n }, { a: -0 }, { a: new Date(0) }, { a: "é日本😀" }])
console.table([{ a: 1 }], [])
console.table([{ a: 1 }], ["a", "a"])
console.table([[1, 2], { x: 1 }], [0, "x"])
console.table([{ a: { b: { c: { d: { e: { f: 1 } } } } } }])
console.table(new Array(3))
console.table([1, , 3])
console.table(function f() {})
console.table([{ a: 1 }], undefined)
console.table([{ a: "x".repeat(30) }, { b: 12345678901234567890n }])
console.table([["a", "b"], ["c"]], ["0"])
console.table([{ a: "line\nbreak", b: "tab\t" }])
console.table()
try { console.table([{ a: 1 }], "a") } catch (e) { console.log("threw", e.name, e.message) }
try { console.table([{ a: 1 }], null) } catch (e) { console.log("threw", e.name, e.message) }
try { console.table(5, 5) } catch (e) { console.log("threw", e.name, e.message) }
console.trace("top level %s", "trace")
console.trace()
function inner() {
  console.trace("in a function", { a: 1 })
}
inner()
console.log(console.write("w1", "w2\n"))
console.log(console.write(new Uint8Array([65, 66, 10])))
console.log(console.write(new ArrayBuffer(2)), console.write("é日"), console.write(new Uint16Array([65, 66])))
try { console.write(5) } catch (e) { console.log("threw", e.name, e.code, e.message) }
try { console.write() } catch (e) { console.log("threw", e.name, e.code, e.message) }
try { console.count(Symbol.iterator) } catch (e) { console.log("threw", e.name, e.message) }
try { console.time(Symbol.iterator) } catch (e) { console.log("threw", e.name, e.message) }
console.clear()
console.log("%s", "done")
`

/** Line and column (1-based) of the `trace` in the `nth` `console.trace(` of the script. */
function tracePosition(nth: number): { line: number; column: number } {
  let at = -1
  for (let i = 0; i <= nth; i++) at = SCRIPT.indexOf('console.trace(', at + 1)
  const before = SCRIPT.slice(0, at + 'console.'.length)
  const line = before.split('\n').length
  return { line, column: before.length - before.lastIndexOf('\n') }
}

function callPosition(needle: string): { line: number; column: number } {
  const at = SCRIPT.indexOf(needle)
  const before = SCRIPT.slice(0, at)
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') }
}

const FILE = '/app/main.js'
/** What the embedder would map the engine's stack to, for each trace in order. */
const TRACES: StackFrame[][] = [
  [{ functionName: '', file: FILE, ...tracePosition(0), kind: 'global' }],
  [{ functionName: '', file: FILE, ...tracePosition(1), kind: 'global' }],
  [{ functionName: '', file: FILE, ...tracePosition(2), kind: 'global' }],
  [
    { functionName: 'inner', file: FILE, ...tracePosition(3), kind: 'function' },
    { functionName: '', file: FILE, ...callPosition('inner()\n'), kind: 'global' },
  ],
]

function normalise(text: string, dir: string): string {
  return text.replaceAll(dir, '/app').replace(/\d+\.\d\d(ms|s)\b/g, 'N$1')
}

function ours(colors: boolean): { stdout: string; stderr: string } {
  let stdout = ''
  let stderr = ''
  let traces = 0
  const console = createConsole({
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    colors,
    hooks: { cwd: '/app' },
    traceFrames: () => TRACES[traces++] ?? [],
  })
  new Function('console', SCRIPT)(console)
  return { stdout: normalise(stdout, '/app'), stderr: normalise(stderr, '/app') }
}

describe('console, differential against the real Bun', () => {
  for (const colors of [false, true]) {
    it(`prints what Bun prints${colors ? ' with colours' : ''}`, () => {
      const run = runRealBun(['run', 'main.js'], {
        files: { 'main.js': SCRIPT },
        env: colors ? { FORCE_COLOR: '1' } : {},
        keep: true,
      })
      rmSync(run.dir, { recursive: true, force: true })
      expect(run.exitCode, run.stderr).toBe(0)
      const mine = ours(colors)
      expect(mine.stdout).toBe(normalise(run.stdout, run.dir))
      expect(mine.stderr).toBe(normalise(run.stderr, run.dir))
    })
  }
})

describe('for await (const line of console)', () => {
  const inputs = ['a\nb\r\nc', '', 'x\n\ny\n', '\n', 'é日本\nlast', 'no newline']
  const script = `const lines = []; for await (const line of console) lines.push(line); console.log(JSON.stringify(lines))`
  for (const input of inputs) {
    it(`splits ${JSON.stringify(input)} as Bun does`, async () => {
      const run = runRealBunScript(script, { stdin: input })
      expect(run.exitCode, run.stderr).toBe(0)
      // Deliver the input in 2-byte chunks: lines and UTF-8 sequences may span chunks.
      const bytes = new TextEncoder().encode(input)
      const chunks: Uint8Array[] = []
      for (let i = 0; i < bytes.length; i += 2) chunks.push(bytes.slice(i, i + 2))
      let printed = ''
      const console = createConsole({
        stdout: (text) => {
          printed += text
        },
        stderr: () => {},
        colors: false,
        readLine: lineReader(async () => chunks.shift() ?? null),
      })
      const lines: string[] = []
      for await (const line of console as unknown as AsyncIterable<string>) lines.push(line)
      console.log(JSON.stringify(lines))
      expect(printed).toBe(run.stdout)
    })
  }
})

describe('Bun.inspect.table, differential against the real Bun', () => {
  const cases = [
    '[{ a: 1, b: "x" }, { a: 2 }]',
    '[{ a: 1, b: "x" }, { a: 2 }], ["b"]',
    '[{ a: 1, b: "x" }], { colors: true }',
    '[{ a: 1, b: "x" }], ["a"], { colors: true }',
    '5',
    '"str"',
    'null',
    '',
    '[{ a: 1 }], "a"',
    'new Map([[1, 2]])',
    '{ r: { x: [1, 2], y: "日本" } }, undefined, { colors: true }',
  ]
  it('prints what Bun prints', () => {
    const script = `console.log(JSON.stringify([${cases.map((c) => `Bun.inspect.table(${c})`).join(', ')}]))`
    const run = runRealBunScript(script)
    expect(run.exitCode, run.stderr).toBe(0)
    const expected = JSON.parse(run.stdout) as string[]
    cases.forEach((source, i) => {
      const args = new Function(`return [${source}]`)() as Parameters<typeof inspectTable>
      expect(inspectTable(...args), source).toBe(expected[i])
    })
  })
})

describe('visible width (console.table columns), differential against Bun.stringWidth', () => {
  const samples = [
    'abc',
    '日本語',
    'é',
    'e\u0301',
    '😀',
    '👨‍👩‍👧',
    '🇺🇸',
    '🇺',
    '\x1b[31mred\x1b[0m',
    'a\tb',
    '\u200b',
    'ｶﾀｶﾅ',
    '한국어',
    'Ⅻ',
    '☃',
    '☃\ufe0e',
    '☃\ufe0f',
    '⚡',
    '✅',
    '❤️',
    '🏳️‍🌈',
    '\u0000',
    '\x7f',
    'ab\ncd',
    '\u00ad',
    'Ａ',
    '・',
    '¥',
    '…',
    '—',
    '中文字符测试',
    '👍🏽',
    '1️⃣',
    '#\ufe0f\u20e3',
    'ĳ',
    '\ufeff',
    'a\u0301b',
    '👨\u200d💻',
    '🧑🏻‍🦰',
    '\u0e01\u0e31',
    '\u1100\u1161',
    'x\u200dy',
    '©',
    '©️',
    '™',
    '↔',
    '↔️',
    '⌚',
    '🀄',
    '🃏',
    '\u3000',
    '〜',
    '\u2e80',
    'ﾟ',
    '\ud800',
    'a\ud800b',
    '\x1b[1;31mbold\x1b[0m 日本',
  ]
  it('measures what Bun measures', () => {
    const run = runRealBunScript(
      `console.log(JSON.stringify(${JSON.stringify(samples)}.map((s) => Bun.stringWidth(s))))`,
    )
    expect(run.exitCode, run.stderr).toBe(0)
    const expected = JSON.parse(run.stdout) as number[]
    expect(samples.map((sample) => visibleWidth(sample))).toEqual(expected)
  })
})

/**
 * Differential test of error printing with source: errors created at known
 * places of a script print, in the real Bun, with a code excerpt, a `^`
 * under the column, syntax highlighting (with colours), their properties,
 * causes and stack. Ours prints the same from the frames the embedder gives
 * (`InspectHooks.stackFrames`, here parsed from the real Bun's own
 * `error.stack`) and the script's text (`InspectHooks.sourceText`). Checked
 * through `Bun.inspect` and `console.log`/`console.warn`/`console.error`,
 * with and without colours; the real Bun's directory is normalised to `/app`.
 */
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createConsole } from '../src/runtime/console/console.js'
import { parseEngineStack } from '../src/runtime/console/error.js'
import type { InspectHooks } from '../src/runtime/console/formatter.js'
import { inspectWith } from '../src/runtime/console/inspect.js'
import { runRealBun } from './support/real-bun.js'

const LONG_STRING = 'y'.repeat(600)
const VERY_LONG_STRING = 'w'.repeat(1100)

/** Builds `errors`; the same text runs in the real Bun and here. */
const ERRORS = `// first line comment
const value = 42
function make(message) {
  return new Error(message)
}
class Thing {
  fail() { return new TypeError(\`bad \${value} thing\`) }
}
const errors = []
errors.push(new Error("at top"))
errors.push(make("in make"))
errors.push(new Thing().fail())
const withProps = new RangeError("with props"); withProps.code = "ERR_RANGE"; withProps.detail = { a: [1, { b: 2 }] }
errors.push(withProps)
const coded = new Error("ENOENT: missing file"); coded.code = "ENOENT"; coded.path = "/x"; coded.errno = -2
errors.push(coded)
errors.push(new Error("outer", { cause: new Error("inner cause") }))
errors.push(new SyntaxError("syntax /* not a comment */ 'q' 0x1F"))
const named = new Error("renamed"); named.name = "CustomError"
errors.push(named)
errors.push(new AggregateError([new Error("first"), new TypeError("second")], "many"))
const text = "${LONG_STRING}"; errors.push(new Error("after a long string"))
errors.push(new Error("short")); const more = "${VERY_LONG_STRING}"
    errors.push(new Error("indented and then a tab	"))   ${''}
const tpl = \`a \${1 + 2} b\`; errors.push(new ReferenceError(tpl)) // trailing comment
errors.push(new Error("")); if (true) { errors.push(new Error("in a block")) }
`

const PRINT = `
for (const e of errors) {
  console.log("@@CASE@@")
  console.log(e)
  console.warn("@@CASE@@")
  console.warn(e)
  console.error(e)
}
const inspected = errors.map((e) => [Bun.inspect(e), Bun.inspect(e, { colors: true }), Bun.inspect({ e }, { depth: 1 })])
console.log("@@STACKS@@" + JSON.stringify(errors.map((e) => [e.stack, e.cause?.stack, ...(e.errors ?? []).map((x) => x.stack)])))
console.log("@@INSPECT@@" + JSON.stringify(inspected))
`

interface BunRun {
  logs: string[]
  errs: string[]
  stacks: (string | undefined)[][]
  inspect: string[][]
}

function runBun(colors: boolean): BunRun {
  const run = runRealBun(['run', 'main.js'], {
    files: { 'main.js': ERRORS + PRINT },
    env: colors ? { FORCE_COLOR: '1' } : {},
    keep: true,
  })
  rmSync(run.dir, { recursive: true, force: true })
  expect(run.exitCode, run.stderr).toBe(0)
  const normalise = (text: string) => text.replaceAll(run.dir, '/app')
  const stdout = normalise(run.stdout)
  const [cases, tail] = [stdout.slice(0, stdout.indexOf('@@STACKS@@')), stdout.slice(stdout.indexOf('@@STACKS@@'))]
  const stacks = JSON.parse(tail.slice(10, tail.indexOf('\n')))
  const inspect = JSON.parse(tail.slice(tail.indexOf('@@INSPECT@@') + 11))
  return {
    logs: cases.split('@@CASE@@\n').slice(1),
    errs: normalise(run.stderr).split('@@CASE@@\n').slice(1),
    stacks,
    inspect,
  }
}

function buildErrors(): Error[] {
  return new Function(`${ERRORS}\nreturn errors`)() as Error[]
}

/** The embedder's hooks: each error gets the frames the real Bun reported for it, the script is the source. */
function hooksFor(errors: Error[], stacks: (string | undefined)[][]): InspectHooks {
  const frames = new Map<object, ReturnType<typeof parseEngineStack>>()
  errors.forEach((error, i) => {
    const [own, cause, ...inner] = stacks[i]!
    frames.set(error, parseEngineStack(own ?? ''))
    if (error.cause && cause) frames.set(error.cause as object, parseEngineStack(cause))
    const list = (error as { errors?: Error[] }).errors ?? []
    list.forEach((item, k) => {
      frames.set(item, parseEngineStack(inner[k] ?? ''))
    })
  })
  return {
    cwd: '/app',
    stackFrames: (error) => frames.get(error),
    sourceText: (file) => (file === '/app/main.js' ? ERRORS + PRINT : undefined),
  }
}

describe('errors with source, differential against the real Bun', () => {
  for (const colors of [false, true]) {
    const label = colors ? 'with colours' : 'without colours'
    it(`console.log, console.warn, console.error ${label}`, () => {
      const bun = runBun(colors)
      const errors = buildErrors()
      const hooks = hooksFor(errors, bun.stacks)
      errors.forEach((error, i) => {
        let out = ''
        let err = ''
        const console = createConsole({
          stdout: (t) => {
            out += t
          },
          stderr: (t) => {
            err += t
          },
          colors,
          hooks,
        })
        console.log(error)
        console.warn(error)
        console.error(error)
        expect(out, `console.log #${i}`).toBe(bun.logs[i])
        expect(err, `console.warn + console.error #${i}`).toBe(bun.errs[i])
      })
    })
  }

  it('Bun.inspect, plain, coloured and nested', () => {
    const bun = runBun(false)
    const errors = buildErrors()
    const hooks = hooksFor(errors, bun.stacks)
    errors.forEach((error, i) => {
      const [plain, colored, nested] = bun.inspect[i]!
      expect(inspectWith(hooks, [error], []), `#${i}`).toBe(plain)
      expect(inspectWith(hooks, [error], [{ colors: true }]), `#${i} colours`).toBe(colored)
      expect(inspectWith(hooks, [{ e: error }], [{ depth: 1 }]), `#${i} nested`).toBe(nested)
    })
  })
})

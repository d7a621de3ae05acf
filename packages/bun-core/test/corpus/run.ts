/**
 * The `bun run` differential corpus: each case is a small project run by the
 * real Bun and by Vitamin-Bun; stdout, stderr, the exit code and the files
 * left behind must be identical, except for the parts a case lists under
 * `differs`, each with the reason.
 */

export interface RunCase {
  name: string
  files: Record<string, string | null>
  /** `bun` arguments; default `['run', 'index.ts']`. */
  args?: string[]
  stdin?: string
  env?: Record<string, string>
  /**
   * Parts not compared, each with why they differ. `positions`: stderr is
   * compared with columns and caret lines left out (the engines place some
   * errors at different columns of the same line).
   */
  differs?: { stdout?: string; stderr?: string; exitCode?: string; files?: string; positions?: string }
  /** Also run in Chromium through the SDK (end-to-end suite). */
  browser?: boolean
}

/** JavaScriptCore (Bun's engine) and V8 (the browser's) word their own TypeErrors differently. */
export const ENGINE_MESSAGE = "the engine's own error message: JavaScriptCore's wording vs V8's"
/** The engines record some throw sites at different columns of the same line. */
export const ENGINE_COLUMN = 'JavaScriptCore records this throw at another column of the same line than V8'

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'demo', version: '1.0.0', ...extra })

export const RUN_CORPUS: RunCase[] = [
  // ------------------------------------------------------------ basics
  { name: 'hello', files: { 'index.ts': 'console.log("hello world")\n' }, browser: true },
  {
    name: 'typescript features',
    files: {
      'index.ts': `enum Color { Red, Green = 5, Blue }
interface Point { x: number; y: number }
type Pair<T> = [T, T]
abstract class Shape { abstract area(): number; describe(): string { return \`\${this.constructor.name} \${this.area()}\` } }
class Square extends Shape { constructor(private readonly side: number) { super() } area() { return this.side ** 2 } }
function first<T>(pair: Pair<T>): T { return pair[0] }
const p: Point = { x: 1, y: 2 }
namespace Util { export const twice = (n: number) => n * 2 }
console.log(Color.Red, Color.Green, Color.Blue, Color[5])
console.log(new Square(3).describe(), first<string>(['a', 'b']), p.x + p.y, Util.twice(21))
const maybe: string | undefined = undefined
console.log(maybe ?? 'fallback', p?.x, (p as any).z?.w)
`,
    },
    browser: true,
  },
  {
    name: 'argv and main',
    files: {
      'index.ts':
        'console.log(process.argv.slice(2).join(","), process.argv.length, import.meta.main, Bun.main === import.meta.path)\n',
    },
    args: ['run', 'index.ts', 'a', 'b c'],
  },
  { name: 'bun file directly', files: { 'index.ts': 'console.log("direct")\n' }, args: ['index.ts'] },
  {
    // The global is built on first use in ours; once read it is what Bun's is, and it is read-only.
    name: 'the Bun global',
    files: {
      'index.ts': [
        "console.log(typeof Bun, Object.keys(globalThis).includes('Bun'), Bun === require('bun'))",
        "const d = Object.getOwnPropertyDescriptor(globalThis, 'Bun')",
        "console.log('value' in d, d.writable, d.enumerable, typeof d.value.version)",
        'try {',
        '  ;(globalThis as { Bun: unknown }).Bun = 5',
        "  console.log('assigned', typeof Bun)",
        '} catch (error) {',
        "  console.log('read-only', error instanceof TypeError, typeof Bun)",
        '}',
        '',
      ].join('\n'),
    },
    browser: true,
  },
  { name: 'extension probing', files: { 'app.ts': 'console.log("probed")\n' }, args: ['run', './app'] },
  { name: 'version', files: {}, args: ['--version'] },
  {
    name: 'revision',
    files: {},
    args: ['--revision'],
    differs: {
      stdout:
        'Bun prints its version and its commit (1.4.5+a7733435c); ours prints the version it matches and our own build (1.4.5+vitamin-bun-0.1.0)',
    },
  },
  { name: 'bun exec', files: {}, args: ['exec', 'echo hi | wc -c && echo "$0" > /dev/null; echo done'] },
  {
    name: 'bun x runs an installed bin',
    files: {
      'package.json': pkg(),
      'node_modules/.bin/mytool': '#!/usr/bin/env node\nconsole.log("mytool", process.argv.slice(2).join(" "))\n',
    },
    args: ['x', 'mytool', 'a', 'b c'],
  },
  {
    name: 'one -- after the target is dropped',
    files: {
      'package.json': pkg({ scripts: { one: 'echo one' } }),
      'x.js': 'console.log(process.argv.slice(2))\n',
      'node_modules/.bin/mytool': '#!/usr/bin/env node\nconsole.log("mytool", process.argv.slice(2).join(" "))\n',
    },
    args: [
      'exec',
      'bun run one -- x && bun run one -- -- y && bun x.js -- a b && bun run mytool -- c && bun x mytool -- d && bun -e "console.log(process.argv.slice(1))" -- e',
    ],
  },

  { name: 'eval', files: {}, args: ['-e', 'console.log(1 + 1, typeof require, __filename.endsWith("[eval]"))'] },
  { name: 'print', files: {}, args: ['-p', '[1, 2, 3].map((n) => n * 2).join("-")'] },
  { name: 'print a promise', files: {}, args: ['-p', 'Promise.resolve(40 + 2)'] },
  {
    name: 'eval with top-level await and arguments',
    files: {},
    args: ['-e', 'await new Promise((r) => setTimeout(r, 5)); console.log(process.argv.slice(1).length)', 'x', 'y'],
  },

  // ------------------------------------------------------------ modules
  {
    name: 'esm imports, re-exports and live bindings',
    files: {
      'index.ts': `import { count, inc } from './counter'
import * as all from './reexport'
import def, { named } from './defaults'
console.log(count); inc(); inc(); console.log(count)
console.log(all.twice(4), def, named, Object.keys(all).join(','))
`,
      'counter.ts': 'export let count = 0\nexport function inc() { count++ }\n',
      'reexport.ts': "export * from './math'\nexport { default as answer } from './defaults'\n",
      'math.ts': 'export const twice = (n: number) => n * 2\nexport const half = (n: number) => n / 2\n',
      'defaults.ts': 'export default 42\nexport const named = "named"\n',
    },
    browser: true,
  },
  {
    name: 'commonjs and esm interop',
    files: {
      'index.ts': `import cjs, { hello } from './lib.cjs'
import esm from './esm.mjs'
const req = require('./esm.mjs')
console.log(hello('a'), cjs.hello('b'), esm, req.default, req.value, typeof require)
const { both } = require('./both.js')
console.log(both)
`,
      'lib.cjs': "exports.hello = (n) => 'hello ' + n\n",
      'esm.mjs': "export default 'esm default'\nexport const value = 7\n",
      'both.js': 'module.exports = { both: [1, 2] }\n',
    },
  },
  {
    name: 'module.exports function and __esModule default',
    files: {
      'index.js': `import fn from './fn.cjs'
import d, { x } from './flagged.cjs'
console.log(typeof fn, fn(2), d, x)
`,
      'fn.cjs': 'module.exports = function double(n) { return n * 2 }\n',
      'flagged.cjs': 'exports.__esModule = true\nexports.default = "the default"\nexports.x = 1\n',
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'top-level await across modules',
    files: {
      'index.ts': `import { value } from './slow'
console.log('index sees', value)
const later = await import('./late')
console.log(later.default)
`,
      'slow.ts':
        "console.log('slow starts')\nexport const value = await new Promise((r) => setTimeout(() => r(5), 10))\nconsole.log('slow done')\n",
      'late.ts': 'export default "late module"\n',
    },
    browser: true,
  },
  {
    name: 'circular imports',
    files: {
      'index.ts': "import { a } from './a'\nconsole.log(a())\n",
      'a.ts': "import { b } from './b'\nexport function a() { return 'a' + b() }\nexport const fromA = 'A'\n",
      'b.ts': "import { fromA } from './a'\nexport function b() { return 'b' + fromA }\n",
    },
  },
  {
    name: 'circular require',
    files: {
      'index.js': "const a = require('./a.js')\nconsole.log(a.done, a.seen)\n",
      'a.js': "exports.done = false\nconst b = require('./b.js')\nexports.seen = b.sawA\nexports.done = true\n",
      'b.js': "const a = require('./a.js')\nexports.sawA = a.done\n",
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'json toml and text imports',
    files: {
      'index.ts': `import data from './data.json'
import config from './config.toml'
import readme from './readme.txt'
console.log(data.list.length, data.name, config.server.port, config.title, readme.trim())
`,
      'data.json': '{ "name": "data", "list": [1, 2, 3] }',
      'config.toml': 'title = "app"\n[server]\nport = 8080\n',
      'readme.txt': '  plain text  \n',
    },
  },
  {
    name: 'node_modules exports conditions',
    files: {
      'index.ts': `import main from 'pkg'
import sub from 'pkg/sub'
const req = require('pkg')
console.log(main, sub, req)
import scoped from '@scope/thing'
console.log(scoped)
`,
      'node_modules/pkg/package.json': JSON.stringify({
        name: 'pkg',
        exports: {
          '.': { bun: './bun.js', import: './import.mjs', require: './require.cjs', default: './default.js' },
          './sub': { node: './sub-node.js', default: './sub.js' },
        },
      }),
      'node_modules/pkg/bun.js': 'module.exports = "bun condition"\n',
      'node_modules/pkg/import.mjs': 'export default "import condition"\n',
      'node_modules/pkg/require.cjs': 'module.exports = "require condition"\n',
      'node_modules/pkg/default.js': 'module.exports = "default condition"\n',
      'node_modules/pkg/sub-node.js': 'module.exports = "node condition"\n',
      'node_modules/pkg/sub.js': 'module.exports = "sub default"\n',
      'node_modules/@scope/thing/package.json': JSON.stringify({ name: '@scope/thing', main: 'lib/main.js' }),
      'node_modules/@scope/thing/lib/main.js': 'module.exports = "scoped main"\n',
    },
  },
  {
    name: 'package imports and tsconfig paths',
    files: {
      'package.json': JSON.stringify({ name: 'app', imports: { '#util': './src/util.ts' } }),
      'tsconfig.json':
        '{ // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["src/lib/*"] }, },\n}\n',
      'index.ts': "import { u } from '#util'\nimport { l } from '@lib/thing'\nconsole.log(u, l)\n",
      'src/util.ts': "export const u = 'util'\n",
      'src/lib/thing.ts': "export const l = 'lib thing'\n",
    },
  },
  {
    name: 'tsconfig.json and .jsonc with comments and trailing commas',
    files: {
      'tsconfig.json': '{\n  // comment\n  "compilerOptions": { /* x */ "paths": { "@/*": ["./src/*"] }, },\n}\n',
      'src/a.ts': 'export const v = 1\n',
      'd.jsonc': '{ // c\n "a": [1, 2,], /* b */ }\n',
      'index.ts': 'import { v } from "@/a"\nimport data from "./d.jsonc"\nconsole.log(v, data)\n',
    },
  },
  {
    name: 'import.meta',

    files: {
      'src/index.ts':
        "console.log(import.meta.file, import.meta.dir.endsWith('/src'), import.meta.path.endsWith('/src/index.ts'), import.meta.url.startsWith('file:///'), import.meta.main)\nconsole.log(import.meta.resolve('./other').endsWith('/src/other.ts'), typeof import.meta.require, import.meta.env === process.env)\n",
      'src/other.ts': 'export {}\n',
    },
    args: ['run', 'src/index.ts'],
  },
  {
    name: 'require.resolve, require.cache and createRequire',
    files: {
      'index.js': `const path = require.resolve('./dep.js')
console.log(path.endsWith('/dep.js'), require.resolve('fs'), require.resolve('node:path'))
require('./dep.js')
console.log(Object.keys(require.cache).some((k) => k.endsWith('/dep.js')))
delete require.cache[path]
require('./dep.js')
const { createRequire } = require('module')
const r = createRequire(__filename)
console.log(r('./dep.js') === require('./dep.js'), typeof require.main, require.main === module)
`,
      'dep.js': "console.log('dep runs')\nmodule.exports = {}\n",
    },
    args: ['run', 'index.js'],
  },
  {
    name: '__filename and __dirname',
    files: {
      'lib/x.js':
        "console.log(__filename.endsWith('/lib/x.js'), __dirname.endsWith('/lib'), require('path').basename(__filename))\n",
      'index.js': "require('./lib/x.js')\n",
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'dynamic import of a computed specifier',
    files: {
      'index.ts': "const name = ['./', 'dyn'].join('')\nconst m = await import(name)\nconsole.log(m.default, m.n)\n",
      'dyn.ts': 'export default "dynamic"\nexport const n = 3\n',
    },
  },
  {
    name: 'data url import',
    files: {
      'index.ts': "const m = await import('data:text/javascript,export default 40 + 2')\nconsole.log(m.default)\n",
    },
  },
  {
    name: 'strict mode of esm and sloppy commonjs',
    files: {
      'index.js': "require('./sloppy.js')\nimport('./strict.mjs')\n",
      'sloppy.js': 'module.exports = {}\nx = 5\nconsole.log(x, (function () { return this })() === globalThis)\n',

      'strict.mjs': 'console.log((function () { return this })() === undefined)\n',
    },
    args: ['run', 'index.js'],
  },

  // ------------------------------------------------------------ errors
  {
    name: 'uncaught error with source excerpt',
    files: {
      'index.ts':
        'const a = 1\nconst b = 2\nconst c = 3\nconst d = 4\nconst e = 5\nfunction fail(): never {\n  throw new RangeError("deep trouble")\n}\nfunction outer() { fail() }\nouter()\n',
    },
  },
  {
    name: 'uncaught error with properties and cause',
    files: {
      'index.js': 'const e = new Error("outer", { cause: new Error("inner") })\ne.count = 2\nthrow e\n',
    },
    args: ['run', 'index.js'],
  },
  { name: 'throw a string', files: { 'index.js': 'throw "just a string"\n' }, args: ['run', 'index.js'] },
  { name: 'throw an object', files: { 'index.js': 'throw { a: 1, b: "x" }\n' }, args: ['run', 'index.js'] },
  {
    name: 'unhandled rejection',
    files: { 'index.js': 'console.log("before")\nPromise.reject(new Error("rejected"))\n' },
    args: ['run', 'index.js'],
  },
  {
    name: 'error in a timer',
    files: { 'index.js': 'setTimeout(() => {\n  throw new TypeError("in a timer")\n}, 1)\n' },
    args: ['run', 'index.js'],
    differs: { positions: ENGINE_COLUMN },
  },
  {
    name: 'missing import',
    files: { 'index.ts': 'console.log("not printed")\nimport { x } from "./nope"\nconsole.log(x)\n' },
  },
  {
    name: 'missing require at runtime',
    files: { 'index.js': 'console.log("printed first")\nrequire("./nope")\n' },
    args: ['run', 'index.js'],
  },
  {
    name: 'caught resolve errors',
    files: {
      'index.js': `try { require('./nope') } catch (e) { console.log(e.name, e.code, e.message) }
import('./nope2').catch((e) => console.log(e.name, e.code, e.message.replace(process.cwd(), '.')))
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'syntax error in an imported module',
    files: { 'index.ts': 'import "./broken"\nconsole.log("not printed")\n', 'broken.ts': 'const x = 1\nconst y = ;\n' },
  },
  { name: 'missing entry file', files: {}, args: ['run', 'nope.ts'] },
  { name: 'missing script', files: { 'package.json': pkg() }, args: ['run', 'nope'] },

  // ------------------------------------------------------------ process
  {
    name: 'exit codes',
    files: {
      'index.js':
        'process.on("exit", (c) => console.log("exit event", c))\nconsole.log("bye")\nprocess.exit(7)\nconsole.log("never")\n',
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'exitCode and beforeExit',
    files: {
      'index.js':
        'let once = false\nprocess.on("beforeExit", (c) => { console.log("beforeExit", c); if (!once) { once = true; setTimeout(() => console.log("more work"), 1) } })\nprocess.on("exit", (c) => console.log("exit", c))\nprocess.exitCode = 3\n',
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'event loop ordering',
    files: {
      'index.js': `const log = (x) => console.log(x)
setTimeout(() => log('timeout'), 0)
setImmediate(() => log('immediate'))
process.nextTick(() => log('tick'))
Promise.resolve().then(() => log('promise'))
queueMicrotask(() => log('microtask'))
log('sync')
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'timers: intervals, clear, unref',
    files: {
      'index.js': `let n = 0
const id = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(id) }, 2)
const t = setTimeout(() => console.log('cleared'), 5); clearTimeout(t)
setTimeout(() => console.log('unrefed never runs'), 1000).unref()
const r = setTimeout(() => console.log('refresh'), 3); r.refresh()
console.log(typeof id.ref, id.hasRef(), typeof +id)
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'environment',
    files: {
      'index.ts':
        'process.env.SET_HERE = 12 as any\nconsole.log(process.env.GREETING, Bun.env.GREETING, process.env.SET_HERE, typeof process.env.SET_HERE, "NOPE" in process.env)\n',
    },
    env: { GREETING: 'hi there' },
  },
  {
    name: 'cwd and chdir',
    files: {
      'sub/file.txt': 'inside\n',
      'index.js':
        "const fs = require('fs')\nprocess.chdir('sub')\nconsole.log(process.cwd().endsWith('/sub'), fs.readFileSync('file.txt', 'utf8').trim())\ntry { process.chdir('nope') } catch (e) { console.log(e.code) }\n",
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'process facts',
    files: {
      'index.js':
        'console.log(process.platform, process.arch, process.version, process.versions.bun, typeof process.pid, process.release.name, process.title, typeof process.hrtime.bigint(), process.isBun, Bun.version)\n',
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'isTTY off a terminal',
    files: {
      'index.ts':
        "import tty from 'node:tty'\nconsole.log(process.stdin.isTTY, process.stdout.isTTY, process.stderr.isTTY, tty.isatty(0), tty.isatty(1), process.stdout.hasColors?.())\n",
    },
  },
  {
    name: 'stdin',

    files: {
      'index.ts':
        'let text = ""\nfor await (const chunk of process.stdin) text += chunk\nconsole.log(text.toUpperCase().trim())\nconsole.log((await Bun.stdin.text()).length)\n',
    },
    stdin: 'piped input\n',
  },
  {
    name: 'process.stdout.write',
    files: {
      'index.js':
        'process.stdout.write("no newline")\nprocess.stdout.write(" then more\\n")\nprocess.stderr.write("to stderr\\n")\nconsole.error("console.error")\n',
    },
    args: ['run', 'index.js'],
  },

  // ------------------------------------------------------------ scripts
  {
    name: 'package.json scripts with pre and post',
    files: {
      'package.json': pkg({
        scripts: {
          prebuild: 'echo pre',
          build: 'echo building $npm_package_name $npm_lifecycle_event',
          postbuild: 'echo post',
        },
      }),
    },
    args: ['run', 'build'],
  },
  {
    name: 'script arguments and exit code',
    files: { 'package.json': pkg({ scripts: { args: 'echo args:', fail: 'echo failing && exit 3' } }) },
    args: ['run', 'args', 'one', 'two words'],
  },
  {
    name: 'failing script',
    files: { 'package.json': pkg({ scripts: { fail: 'echo failing && exit 3' } }) },
    args: ['run', 'fail'],
  },
  { name: 'script without run', files: { 'package.json': pkg({ scripts: { hello: 'echo hi' } }) }, args: ['hello'] },
  {
    name: 'silent script',
    files: { 'package.json': pkg({ scripts: { hello: 'echo hi' } }) },
    args: ['run', '--silent', 'hello'],
  },
  {
    name: 'script running a file with bun',
    files: {
      'package.json': pkg({ scripts: { start: 'bun run index.ts' } }),
      'index.ts': 'console.log("started", process.env.npm_lifecycle_event)\n',
    },
    args: ['run', 'start'],
  },
  {
    name: 'listing scripts',
    files: { 'package.json': pkg({ scripts: { dev: 'bun run index.ts', test: 'echo test' } }) },
    args: ['run'],
    differs: {
      stdout: "Bun's usage lists ~90 flags of the native runtime; ours lists the flags Vitamin-Bun implements",
    },
  },
  {
    name: 'node_modules/.bin on the path',
    files: {
      'package.json': pkg({ scripts: { tool: 'mytool --flag' } }),
      'node_modules/.bin/mytool': '#!/usr/bin/env node\nconsole.log("mytool", process.argv.slice(2).join(" "))\n',
    },
    args: ['run', 'tool'],
  },
  {
    name: 'npm run inside a script runs bun run',
    files: {
      'package.json': pkg({ scripts: { all: 'npm run one -- x && npm run two', one: 'echo one', two: 'echo two' } }),
    },
    args: ['run', 'all'],
  },

  // ------------------------------------------------------------ Bun APIs
  {
    name: 'Bun small APIs',
    files: {
      'index.ts': `console.log(Bun.escapeHTML('<a href="x">&\\'</a>'), Bun.hash('abc'), Bun.hash.crc32('abc'))
console.log(Bun.deepEquals({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), Bun.deepEquals({ a: undefined }, {}), Bun.deepEquals({ a: undefined }, {}, true))
const t0 = Bun.nanoseconds(); await Bun.sleep(5); console.log(Bun.nanoseconds() - t0 > 4e6)
console.log(Bun.TOML.parse('a = 1\\n[b]\\nc = "d"').b.c, Bun.stringWidth('héllo'), Bun.stripANSI('\\u001b[31mred\\u001b[0m'))
`,
    },
  },
  {
    name: 'Bun.deepEquals on web classes',
    files: {
      'index.ts': `const d = Bun.deepEquals
console.log(d(new URL('http://a/'), new URL('http://a/')), d(new URL('http://a/'), new URL('http://b/')), d(new URL('http://a/'), { href: 'http://a/' }))
console.log(d(new URLSearchParams('a=1'), new URLSearchParams('a=1')), d(new URLSearchParams('a=1'), new URLSearchParams('a=2')), d(new URLSearchParams('a=1&b=2'), new URLSearchParams('b=2&a=1')))
console.log(d(new Headers({ a: '1' }), new Headers({ a: '1' })), d(new Headers({ a: '1' }), new Headers({ a: '2' })), d(new Headers({ a: '1' }), new Headers({ A: '1' })))
console.log(d(new URL('http://a/'), new URL('http://a/'), true))
const u = new URL('http://a/'); (u as any).x = 1
console.log(d(u, new URL('http://a/')))
console.log(d(new Request('http://a/'), new Request('http://b/')), d(new Response('a'), new Response('b')), d(new Blob(['a']), new Blob(['b'])))
console.log(d(new FormData(), new FormData()))
const f1 = new FormData(); f1.append('a', '1'); const f2 = new FormData(); f2.append('a', '2')
console.log(d(f1, f2))
`,
    },
  },
  {
    name: 'Bun.spawn and Bun.spawnSync',
    files: {
      'index.ts': `const p = Bun.spawn(['echo', 'x'])
console.log(typeof p.pid, p.stdin, p.stdout instanceof ReadableStream, p.stderr, p.exitCode, p.killed, p.signalCode)
console.log(await p.exited, p.exitCode)
const q = Bun.spawn({ cmd: ['cat'], stdin: 'pipe', stdout: 'pipe' })
q.stdin.write('hello '); q.stdin.write(new TextEncoder().encode('world')); q.stdin.end()
console.log(await new Response(q.stdout).text())
const r = Bun.spawnSync({ cmd: ['sh', '-c', 'echo o; echo e 1>&2'] })
console.log(JSON.stringify(r.stdout.toString()), JSON.stringify(r.stderr.toString()), r.success, r.exitCode, r.signalCode, typeof r.pid)
const k = Bun.spawn(['sleep', '5']); k.kill(); console.log(await k.exited, k.signalCode, k.killed)
const s = Bun.spawn(['echo', 'inherit'], { stdout: 'inherit' }); await s.exited
try { Bun.spawn(['nope-cmd']) } catch (e) { console.log(e.code, e.message, e.errno, e.path) }
console.log(Bun.which('nope'))
`,
    },
  },
  {
    name: 'Bun shell',
    files: {
      'a.txt': 'alpha\n',
      'index.ts': `import { $ } from 'bun'
await $\`echo printed\`
const t = await $\`echo captured\`.text()
console.log('text:', JSON.stringify(t))
const name = 'a b; rm -rf /'
console.log(await $\`echo \${name}\`.text())
const r = await $\`echo out; echo err 1>&2; exit 3\`.nothrow().quiet()
console.log(r.exitCode, JSON.stringify(r.stdout.toString()), JSON.stringify(r.stderr.toString()))
try { await $\`exit 2\`.quiet() } catch (e) { console.log(e.name, e.exitCode, e.message) }
for await (const line of $\`cat a.txt; echo beta\`.lines()) console.log('line', JSON.stringify(line))
console.log((await $\`ls\`.cwd('.').quiet()).stdout.toString().includes('a.txt'), $.escape('x y'))
`,
    },
  },
  {
    name: 'child_process',
    files: {
      'index.js': `const { spawn, exec, execSync, spawnSync, execFileSync } = require('child_process')
console.log(execSync('echo sync').toString().trim(), execSync('echo enc', { encoding: 'utf8' }).trim())
const s = spawnSync('sh', ['-c', 'echo out; echo err 1>&2; exit 2'])
console.log(s.status, s.signal, s.stdout.toString(), s.stderr.toString())
try { execSync('exit 4', { stdio: 'pipe' }) } catch (e) { console.log(e.status, e.message.split('\\n')[0]) }
console.log(execFileSync('echo', ['file', 'sync']).toString())
const child = spawn('sh', ['-c', 'cat; echo done'])
let out = ''
child.stdout.on('data', (d) => { out += d })
child.on('exit', (code, signal) => console.log('exit', code, signal))
child.on('close', (code) => { console.log('close', code, JSON.stringify(out)); next() })
child.stdin.write('from stdin\\n'); child.stdin.end()
function next() {
  exec('echo exec; exit 1', (err, stdout, stderr) => {
    console.log(err && err.code, JSON.stringify(stdout), JSON.stringify(stderr))
    const missing = spawn('no-such-program')
    missing.on('error', (e) => console.log(e.code, e.message, e.syscall, e.path))
  })
}
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'bun:sqlite',
    files: {
      'index.ts': `import { Database } from 'bun:sqlite'
const db = new Database('app.db')
db.run('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL)')
const insert = db.prepare('INSERT INTO users (name, score) VALUES ($name, $score)')
const many = db.transaction((rows: Array<{ $name: string; $score: number }>) => { for (const row of rows) insert.run(row) })
many([{ $name: 'ada', $score: 9.5 }, { $name: 'linus', $score: 7 }])
console.log(db.query('SELECT * FROM users ORDER BY id').all())
console.log(db.query('SELECT name FROM users WHERE score > ?').get(8), db.query('SELECT count(*) AS n FROM users').values())
try { db.run('INSERT INTO users (id, name) VALUES (1, "dup")') } catch (e) { console.log(e.name, e.code, e.message) }
db.close()
const again = new Database('app.db', { readonly: true })
console.log(again.query('SELECT name FROM users').all().map((r: any) => r.name).join(','))
`,
    },
    differs: {
      files: 'app.db is binary; its bytes match Bun (checked by the bun:sqlite suite), the file comparison reads text',
    },
    browser: true,
  },
  {
    name: 'Bun.serve and fetch inside the container',
    files: {
      'index.ts': `const server = Bun.serve({
  port: 0,
  routes: {
    '/hello': new Response('static hello'),
    '/users/:id': (req) => Response.json({ id: req.params.id }),
    '/items': { GET: () => new Response('list'), POST: async (req) => new Response('created ' + (await req.text()), { status: 201 }) },
  },
  fetch(req) {
    const url = new URL(req.url)
    if (url.pathname === '/boom') throw new Error('handler failed')
    if (url.pathname === '/redirect') return Response.redirect('/hello', 302)
    return new Response('fallback ' + req.method + ' ' + url.pathname, { headers: { 'x-custom': 'yes' } })
  },
  error(error) { return new Response('caught: ' + error.message, { status: 500 }) },
})
console.log(server.port > 0, server.url.href === 'http://localhost:' + server.port + '/', server.hostname)
const base = server.url.href
for (const [method, path, body] of [['GET', 'hello'], ['GET', 'users/42'], ['GET', 'items'], ['POST', 'items', 'thing'], ['PUT', 'other'], ['GET', 'boom'], ['GET', 'redirect']] as const) {
  const res = await fetch(base + path, { method, body })
  console.log(method, path, res.status, res.headers.get('x-custom'), res.headers.get('content-type'), await res.text(), res.redirected)
}
try { Bun.serve({ port: server.port, fetch: () => new Response('') }) } catch (e) { console.log(e.name, e.code, e.message.replace(String(server.port), 'PORT')) }
server.stop()
try { await fetch(base) } catch (e) { console.log(e.name, e.code, e.message) }
`,
    },
  },
  {
    name: 'JSX with the automatic runtime',
    files: {
      'node_modules/react/package.json': JSON.stringify({
        name: 'react',
        exports: {
          '.': './index.js',
          './jsx-runtime': './jsx-runtime.js',
          './jsx-dev-runtime': './jsx-dev-runtime.js',
        },
      }),
      'node_modules/react/index.js':
        'exports.createElement = (t, p, ...c) => ({ t, p, c }); exports.Fragment = "frag"\n',
      'node_modules/react/jsx-runtime.js':
        'const j = (type, props, key) => ({ type: typeof type === "function" ? type.name : type, props, key }); exports.jsx = j; exports.jsxs = j; exports.Fragment = "frag"\n',
      'node_modules/react/jsx-dev-runtime.js':
        'exports.jsxDEV = (type, props, key, isStatic) => ({ dev: true, type: typeof type === "function" ? type.name : type, props: JSON.stringify(props), key, isStatic }); exports.Fragment = "frag"\n',
      'index.tsx': `function App({ name }: { name: string }) { return <div className="app">Hello {name}<>frag</></div> }
console.log(JSON.stringify(<App name="x" />))
console.log(JSON.stringify(<ul>{[1, 2].map((n) => <li key={n}>{n}</li>)}</ul>))
`,
    },
    args: ['run', 'index.tsx'],
  },
  {
    name: 'JSX in production and a classic pragma from tsconfig',
    files: {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'Frag' },
      }),
      'index.tsx': `const h = (t: any, p: any, ...c: any[]) => ({ t: typeof t === 'function' ? t.name : t, p, c })
const Frag = 'F'
function Item() { return <b>item</b> }
console.log(JSON.stringify(<div id="d"><Item /><>x</></div>))
`,
    },
    args: ['run', 'index.tsx'],
    env: { NODE_ENV: 'production' },
  },
  {
    name: 'Bun.Glob',

    files: {
      'src/a.ts': '',
      'src/b.js': '',
      'src/nested/c.ts': '',
      'src/nested/deep/d.ts': '',
      'src/.hidden.ts': '',
      'README.md': '',
      'index.ts': `const show = (it: Iterable<string>) => [...it].sort().join(' ')
console.log(show(new Bun.Glob('**/*.ts').scanSync('.')))
console.log(show(new Bun.Glob('src/*.{ts,js}').scanSync()))
console.log(show(new Bun.Glob('src/**').scanSync({ dot: true })))
console.log(show(new Bun.Glob('*').scanSync({ cwd: 'src', onlyFiles: false })))
const absolute = [...new Bun.Glob('src/nested/*.ts').scanSync({ absolute: true })]
console.log(absolute.length, absolute[0] === process.cwd() + '/src/nested/c.ts')
const g = new Bun.Glob('src/**/[a-c].ts')
console.log(g.match('src/a.ts'), g.match('src/nested/c.ts'), g.match('src/d.ts'), new Bun.Glob('!*.md').match('x.ts'))
const found: string[] = []
for await (const f of new Bun.Glob('**/d.ts').scan('.')) found.push(f)
console.log(found)
`,
    },
  },
  {
    name: 'node:http server and client',
    files: {
      'index.js': `const http = require('http')
const server = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    res.setHeader('x-echo', req.method)
    res.writeHead(201, { 'content-type': 'text/plain' })
    res.end(req.url + ' ' + body)
  })
})
server.listen(0, () => {
  const { port } = server.address()
  const req = http.request({ port, path: '/path?q=1', method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
    let data = ''
    res.setEncoding('utf8')
    res.on('data', (c) => (data += c))
    res.on('end', async () => {
      console.log(res.statusCode, res.statusMessage, res.headers['x-echo'], res.headers['content-type'], data)
      const viaFetch = await fetch('http://localhost:' + port + '/from-fetch', { method: 'PUT', body: 'fetched' })
      console.log(viaFetch.status, await viaFetch.text())
      server.close(() => console.log('closed'))
    })
  })
  req.end('payload')
})
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'node:fs sync, callbacks and promises',
    files: {
      'data/a.txt': 'alpha\n',
      'index.js': `const fs = require('fs')
const path = require('path')
fs.mkdirSync('out/deep', { recursive: true })
fs.writeFileSync('out/deep/b.txt', 'beta')
fs.appendFileSync('out/deep/b.txt', '!')
console.log(fs.readFileSync('data/a.txt', 'utf8').trim(), fs.readFileSync('out/deep/b.txt').toString(), fs.existsSync('nope'))
console.log(fs.readdirSync('out', { recursive: true }).sort(), fs.statSync('data/a.txt').size, fs.statSync('out').isDirectory())
try { fs.readFileSync('missing.txt') } catch (e) { console.log(e.code, e.syscall, e.errno, e.message) }
fs.renameSync('out/deep/b.txt', 'out/c.txt')
fs.symlinkSync('c.txt', 'out/link')
console.log(fs.readlinkSync('out/link'), fs.lstatSync('out/link').isSymbolicLink(), fs.realpathSync('out/link') === path.resolve('out/c.txt'))
const fd = fs.openSync('out/fd.txt', 'w+')
fs.writeSync(fd, 'hello fd')
const buf = Buffer.alloc(5)
fs.readSync(fd, buf, 0, 5, 0)
fs.closeSync(fd)
console.log(buf.toString())
fs.readFile('data/a.txt', 'utf8', (err, text) => {
  console.log('callback', err, text.trim())
  fs.promises.readdir('out').then(async (names) => {
    console.log('promises', names.sort())
    await fs.promises.rm('out/deep', { recursive: true })
    console.log(fs.existsSync('out/deep'))
  })
})
console.log('sync first')
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'events, util and assert',
    files: {
      'index.ts': `import { EventEmitter, once } from 'events'
import util from 'util'
import assert from 'assert'
class Bus extends EventEmitter {}
const bus = new Bus()
bus.on('msg', (a, b) => console.log('msg', a, b))
bus.once('msg', () => console.log('once'))
bus.emit('msg', 1, 2); bus.emit('msg', 3, 4)
console.log(bus.listenerCount('msg'), bus.eventNames())
setTimeout(() => bus.emit('ready', 'now'), 1)
const [value] = await once(bus, 'ready')
console.log('awaited', value)
console.log(util.format('%s=%d %j %o', 'n', 42, { a: 1 }, [1]), util.inspect({ deep: { deeper: { deepest: { x: 1 } } } }))
console.log(util.inspect(new Map([[1, { a: [1, 2] }]]), { depth: 0 }), util.types.isPromise(Promise.resolve()), util.isDeepStrictEqual({ a: 1 }, { a: 1 }))
const sleep = util.promisify((ms: number, cb: (e: null, v: string) => void) => setTimeout(() => cb(null, 'slept'), ms))
console.log(await sleep(1))
try { assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }) } catch (e: any) { console.log(e.name, e.code) }
try { assert.strictEqual(1, 2, 'custom message') } catch (e: any) { console.log(e.message) }
`,
    },
  },
  {
    name: 'path, url, querystring and os',
    files: {
      'index.js': `const path = require('path')
const url = require('url')
const qs = require('querystring')
const os = require('os')
console.log(path.join('/a/b', '../c', 'd.txt'), path.relative('/a/b/c', '/a/d'), path.parse('/x/y/file.tar.gz'))
console.log(path.win32.join('C:\\\\a', '..', 'b'), path.extname('x.test.ts'), path.isAbsolute('./x'))
const u = new URL('https://user:pw@example.com:8080/p/a?x=1&y=2#h')
console.log(u.host, u.pathname, u.searchParams.get('y'), url.parse('http://a.com/b?c=d').query, url.fileURLToPath('file:///tmp/x%20y'))
console.log(qs.parse('a=1&b=2&a=3'), qs.stringify({ x: [1, 2], y: 'z w' }))
console.log(os.EOL === '\\n', os.platform(), os.type(), typeof os.cpus().length, os.endianness())
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'timers/promises, perf_hooks, webcrypto and fs streams',
    files: {
      'index.ts': `import { setTimeout as sleep, setImmediate as immediate } from 'node:timers/promises'
import { performance as perf } from 'node:perf_hooks'
import { createReadStream, createWriteStream, watch, writeFileSync } from 'node:fs'
const t0 = performance.now(); Bun.sleepSync(5); console.log(performance.now() - t0 >= 4, perf === performance)
console.log(await sleep(2, 'value'), await immediate('imm'))
performance.mark('a'); performance.mark('b'); const m = performance.measure('a-b', 'a', 'b')
console.log(m.name, m.entryType, typeof m.duration, performance.getEntriesByType('mark').map((e) => e.name))
const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'))
console.log(Buffer.from(digest).toString('hex'))
const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
console.log(Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('m'))).toString('hex'))
console.log(crypto.randomUUID().length, crypto.getRandomValues(new Uint8Array(4)).length)
const ws = createWriteStream('out.txt'); ws.write('line1\\n'); ws.end('line2\\n')
await new Promise((r) => ws.on('finish', r))
const chunks: string[] = []
for await (const c of createReadStream('out.txt', { encoding: 'utf8', highWaterMark: 4 })) chunks.push(c)
console.log(chunks)
writeFileSync('w.txt', 'a')
const w = watch('w.txt')
const ev = new Promise((r) => w.on('change', (type, name) => r([type, name])))
setTimeout(() => writeFileSync('w.txt', 'b'), 20)
console.log(await ev); w.close()
`,
    },
  },
  {
    name: 'crypto and zlib',

    files: {
      'index.ts': `import crypto from 'crypto'
import zlib from 'zlib'
console.log(crypto.createHash('sha256').update('abc').digest('hex'))
console.log(crypto.createHmac('sha1', 'key').update('data').digest('base64'), crypto.createHash('md5').update('x').digest('base64url'))
console.log(crypto.randomUUID().length, crypto.randomBytes(8).length, crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('a')))
console.log(crypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex'))
const key = crypto.scryptSync('secret', 'salt', 32); const iv = Buffer.alloc(16, 1)
const c = crypto.createCipheriv('aes-256-cbc', key, iv); const enc = Buffer.concat([c.update('plain text'), c.final()])
const d = crypto.createDecipheriv('aes-256-cbc', key, iv); console.log(enc.toString('hex'), Buffer.concat([d.update(enc), d.final()]).toString())
const gz = zlib.gzipSync('hello '.repeat(100)); console.log(zlib.gunzipSync(gz).toString().length, zlib.inflateSync(zlib.deflateSync('abc')).toString())
const h = new Bun.CryptoHasher('sha512'); h.update('a'); console.log(h.digest('hex').slice(0, 16), Bun.hash.wyhash('x', 1n))
console.log(new TextDecoder().decode(Bun.gunzipSync(Bun.gzipSync(new TextEncoder().encode('bun zlib')))))
`,
    },
  },
  {
    name: 'buffer and streams',
    files: {
      'index.js': `const { Readable, Transform, pipeline } = require('stream')
const { StringDecoder } = require('string_decoder')
const b = Buffer.from('héllo wörld')
console.log(b, b.length, b.toString('base64'), b.toString('hex').slice(0, 10), Buffer.concat([b, Buffer.from('!')]).toString())
console.log(b.readUInt16BE(0), Buffer.alloc(3, 'ab'), Buffer.compare(Buffer.from('a'), Buffer.from('b')), b.subarray(0, 2).equals(Buffer.from('h\\xc3', 'latin1')))
const d = new StringDecoder('utf8'); console.log(d.write(Buffer.from([0xe2, 0x82])) + d.write(Buffer.from([0xac])))
const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()) } })
let out = ''
pipeline(Readable.from(['a', 'b', 'c']), upper, async function* (source) { for await (const c of source) out += c }, (err) => console.log('pipeline', err, out))
`,
    },
    args: ['run', 'index.js'],
  },
  {
    name: 'readline over piped stdin',
    files: {
      'index.js': `const readline = require('readline')
const rl = readline.createInterface({ input: process.stdin })
const lines = []
rl.on('line', (line) => lines.push(line.toUpperCase()))
rl.on('close', () => console.log(lines.join('|')))
`,
    },
    args: ['run', 'index.js'],
    stdin: 'one\ntwo\nthree\n',
  },
  {
    name: 'console formatting',
    files: {
      'index.ts': `class Point { constructor(public x: number, public y: number) {} }
console.log({ a: 1, b: 'two', c: [1, 2, { d: new Map([[1, 2]]) }] })
console.log(new Point(1, 2), [undefined, null, NaN, -0, 10n], new Set(['a']), Symbol('s'), () => {}, class A {})
console.log('%s is %d years and %i%%', 'Bun', 1.5, 42.9, 'extra', { o: 1 })
console.log([1, , 3], { nested: { deeper: { deepest: { too: 'deep' } } } }, new Date(0), /re/g, new Error('in log').message)
console.log(new Uint8Array([1, 2, 3]), new ArrayBuffer(4), Object.create(null), { [Symbol('k')]: 1 })

console.log('a'.repeat(30), ['x'.repeat(20), 'y'.repeat(20), 'z'.repeat(20), 'w'.repeat(20)])
console.error('to stderr', { e: 1 })
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }])
console.group('group'); console.log('indented'); console.groupEnd(); console.log('out')
console.count(); console.count(); console.count('label')
console.assert(1 === 2, 'assertion', 'failed')
`,
    },
  },
  {
    name: 'worker_threads',
    files: {
      'main.ts': `import { Worker, isMainThread, threadId } from 'worker_threads'
console.log('main', isMainThread, threadId)
const w = new Worker('./worker.ts', { workerData: { n: 5 } })
w.on('message', (m) => {
  console.log('from worker', JSON.stringify(m))
  if (m.done) w.postMessage('bye')
})
w.on('exit', (code) => console.log('exit', code))
w.postMessage({ hello: 1 })
`,
      'worker.ts': `import { parentPort, workerData, isMainThread, threadId } from 'worker_threads'
parentPort!.on('message', (m) => {
  if (m === 'bye') process.exit(3)
  parentPort!.postMessage({ done: true, got: m, isMainThread, threadId, sum: workerData.n * 2 })
})
`,
    },
    args: ['run', 'main.ts'],
  },
  {
    name: 'Web Worker',
    files: {
      'main.ts': `const w = new Worker(new URL('./ww.ts', import.meta.url).href)
w.onmessage = (e) => { console.log('main got', e.data); w.terminate() }
w.addEventListener('close', () => console.log('closed'))
w.postMessage('ping')
`,
      'ww.ts': `declare var self: Worker
self.onmessage = (e: MessageEvent) => { postMessage(e.data + ' pong') }
`,
    },
    args: ['run', 'main.ts'],
  },
  {
    name: 'Bun.file and Bun.write',

    files: {
      'input.txt': 'file contents\n',
      'index.ts': `const f = Bun.file('input.txt')
console.log(f.size, f.type, await f.text())
await Bun.write('out.json', JSON.stringify({ ok: true }))
console.log(await Bun.file('out.json').json(), await Bun.file('missing.txt').exists())
`,
    },
  },
]

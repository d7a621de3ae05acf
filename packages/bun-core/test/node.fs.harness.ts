/**
 * Differential harness of the `node:fs` and `Bun.file` suites: the same
 * scenario bodies (plain JavaScript) run in the real Bun (each in its own
 * directory of one temporary tree, one `bun` process for a whole batch) and
 * in ours (a fresh test host per scenario, cwd `/app`). Each side records
 * what `log(...)` was given, serialised by one shared function (errors as
 * name/code/syscall/errno/path/dest/message, Buffers as hex, Stats by their
 * comparable fields, the cwd replaced by `<cwd>`), the files left behind
 * (path, type, mode, contents), and what the scenario wrote to stdout.
 */
import { writeFileSync } from 'node:fs'
import { createBunFileApi } from '../src/runtime/bun/file.js'
import { createFs } from '../src/runtime/node/fs.js'
import { createFsPromises } from '../src/runtime/node/fs-promises.js'
import { createUtil } from '../src/runtime/node/util.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

/** One case: files to start with (relative to the scenario's cwd) and a body that may `await`. */
export interface Scenario {
  name: string
  files?: Record<string, string>
  /** Body of `async (fs, fsp, Bun, log, Buffer, util) => { … }` (`util` is `node:util`, for `promisify`). */
  body: string
  /** Skip the listing of files left behind (for scenarios whose tree differs on a real disk). */
  noTree?: boolean
}

/** What a scenario produced. */
export interface Outcome {
  log: string[]
  tree: string[]
  stdout: string
}

/** The serialiser, as source text, so both sides run exactly the same code. */
const SHOW = `
const __show = (cwd) => {
  const fix = (s) => s.split(cwd).join('<cwd>')
  const show = (v, depth = 0) => {
    if (depth > 6) return '…'
    if (v === undefined) return 'undefined'
    if (v === null) return 'null'
    if (typeof v === 'string') return JSON.stringify(fix(v))
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    if (typeof v === 'bigint') return v + 'n'
    if (typeof v === 'function') return 'function'
    if (v instanceof Error) {
      const parts = ['name=' + v.name, 'code=' + v.code]
      for (const k of ['syscall', 'errno', 'path', 'dest']) if (v[k] !== undefined) parts.push(k + '=' + fix(String(v[k])))
      parts.push('message=' + fix(v.message))
      return 'Error{' + parts.join(' ') + '}'
    }
    if (v instanceof Uint8Array) return (Buffer.isBuffer(v) ? 'Buffer' : v.constructor.name) + '<' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') + '>'
    if (v instanceof ArrayBuffer) return 'ArrayBuffer<' + Buffer.from(v).toString('hex') + '>'
    if (typeof v.isFile === 'function' && 'mode' in v && 'nlink' in v) {
      const kind = v.isFile() ? 'file' : v.isDirectory() ? 'dir' : v.isSymbolicLink() ? 'link' : v.isFIFO() ? 'fifo' : v.isCharacterDevice() ? 'chr' : '?'
      const big = typeof v.mode === 'bigint'
      return v.constructor.name + '{' + kind + ' mode=' + v.mode.toString(8) + ' size=' + (kind === 'dir' ? '-' : String(v.size)) + ' nlink=' + (kind === 'dir' ? '-' : String(v.nlink)) + (big ? ' ns=' + typeof v.mtimeNs : '') + ' dates=' + (v.mtime instanceof Date) + '}'
    }
    if (typeof v.isFile === 'function' && 'name' in v) {
      const kind = v.isFile() ? 'file' : v.isDirectory() ? 'dir' : v.isSymbolicLink() ? 'link' : '?'
      return 'Dirent{' + show(v.name, depth + 1) + ' ' + kind + ' ' + show(v.parentPath, depth + 1) + '}'
    }
    if (Array.isArray(v)) return '[' + v.map((x) => show(x, depth + 1)).join(', ') + ']'
    if (typeof v === 'object') {
      const name = v.constructor && v.constructor !== Object ? v.constructor.name : ''
      return name + '{' + Object.keys(v).map((k) => k + ': ' + show(v[k], depth + 1)).join(', ') + '}'
    }
    return String(v)
  }
  return show
}
const __tree = (fs, Buffer) => {
  const out = []
  const walk = (dir, rel) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = dir + '/' + name
      const r = rel ? rel + '/' + name : name
      const st = fs.lstatSync(p)
      const mode = (st.mode & 0o7777).toString(8)
      if (st.isSymbolicLink()) out.push(r + ' -> ' + fs.readlinkSync(p))
      else if (st.isDirectory()) { out.push(r + '/ ' + mode); walk(p, r) }
      else out.push(r + ' ' + mode + ' ' + JSON.stringify(fs.readFileSync(p, 'latin1')))
    }
  }
  walk(fs.realpathSync('.'), '')
  return out
}
`

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>

/** Runs scenarios in ours: a fresh host and context per scenario. */
export async function runOurs(scenarios: Scenario[], stdin?: string): Promise<Map<string, Outcome>> {
  const results = new Map<string, Outcome>()
  const helpers = new Function('Buffer', `${SHOW}; return { __show, __tree }`)(Buffer) as {
    __show: (cwd: string) => (v: unknown) => string
    __tree: (fs: unknown, buffer: typeof Buffer) => string[]
  }
  for (const scenario of scenarios) {
    const host = createTestHost({ files: scenario.files ?? {}, cwd: '/app', ...(stdin === undefined ? {} : { stdin }) })
    const ctx = createTestContext(host)
    const fs = createFs(ctx)
    const fsp = createFsPromises(ctx)
    const bun = createBunFileApi(ctx)
    const show = helpers.__show('/app')
    const log: string[] = []
    const fn = new AsyncFunction('fs', 'fsp', 'Bun', 'log', 'Buffer', 'util', scenario.body)
    try {
      await fn(fs, fsp, bun, (...values: unknown[]) => log.push(values.map(show).join(' ')), Buffer, createUtil(ctx))
    } catch (error) {
      log.push(`THREW ${show(error)}`)
    }
    // Let streams and watchers finish closing before the tree is read.
    await new Promise((resolve) => setTimeout(resolve, 30))
    const tree = scenario.noTree ? [] : helpers.__tree(fs, Buffer)
    if (ctx.refs() !== 0) log.push(`LEAKED ${ctx.refs()} refs`)
    results.set(scenario.name, { log, tree, stdout: host.output().stdout })
  }
  return results
}

/** Runs scenarios in the real Bun, all in one process (`stdin` is its standard input). */
export function runBun(scenarios: Scenario[], stdin?: string): Map<string, Outcome> {
  const cases = scenarios
    .map(
      (
        s,
        i,
      ) => `{ name: ${JSON.stringify(s.name)}, dir: 's${i}', files: ${JSON.stringify(s.files ?? {})}, noTree: ${!!s.noTree},
  fn: async (fs, fsp, Bun, log, Buffer, util) => {
${s.body}
} }`,
    )
    .join(',\n')
  const source = `import * as nodeFs from 'node:fs'
import nodeFsp from 'node:fs/promises'
import { dirname, join } from 'node:path'
import nodeUtil from 'node:util'
${SHOW}
const fs = nodeFs.default ?? nodeFs
const root = process.cwd()
const results = {}
const cases = [${cases}]
for (const c of cases) {
  const dir = join(root, c.dir)
  fs.mkdirSync(dir)
  for (const [name, text] of Object.entries(c.files)) {
    fs.mkdirSync(dirname(join(dir, name)), { recursive: true })
    fs.writeFileSync(join(dir, name), text)
  }
  process.chdir(dir)
  const show = __show(dir)
  const log = []
  fs.writeSync(1, '\\n<<<' + c.name + '>>>\\n')
  try {
    await c.fn(fs, nodeFsp, Bun, (...values) => log.push(values.map(show).join(' ')), Buffer, nodeUtil)
  } catch (error) {
    log.push('THREW ' + show(error))
  }
  await new Promise((resolve) => setTimeout(resolve, 30))
  fs.writeSync(1, '\\n<<<end>>>\\n')
  results[c.name] = { log, tree: c.noTree ? [] : __tree(fs, Buffer) }
  process.chdir(root)
}
fs.writeSync(1, '\\n<<<results>>>' + JSON.stringify(results) + '\\n')
`
  // VB_FS_DUMP=<file> keeps the generated script for debugging a scenario by hand.
  if (process.env.VB_FS_DUMP) writeFileSync(process.env.VB_FS_DUMP, source)
  const run = runRealBunScript(source, stdin === undefined ? {} : { stdin })
  const marker = run.stdout.lastIndexOf('\n<<<results>>>')
  if (marker < 0) throw new Error(`the real Bun did not finish:\n${run.stdout}\n${run.stderr}`)
  const parsed = JSON.parse(run.stdout.slice(marker + '\n<<<results>>>'.length)) as Record<
    string,
    { log: string[]; tree: string[] }
  >
  const results = new Map<string, Outcome>()
  for (const scenario of scenarios) {
    const start = run.stdout.indexOf(`\n<<<${scenario.name}>>>\n`)
    const end = run.stdout.indexOf('\n<<<end>>>\n', start)
    const stdout = start < 0 || end < 0 ? '' : run.stdout.slice(start + scenario.name.length + 8, end)
    const got = parsed[scenario.name] ?? { log: ['MISSING'], tree: [] }
    results.set(scenario.name, { ...got, stdout })
  }
  return results
}

/**
 * node:tty. Differential where the real Bun can be the oracle — it runs
 * with pipes, not a terminal: `isatty`, the streams over non-terminal
 * descriptors, argument errors, and Bun's colour-depth rules over explicit
 * environments. Terminal behaviour (sizes, `resize`, `isTTY`) is checked
 * against a test host that presents a terminal, since Bun cannot be given
 * one here.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { TtyModule } from '../src/runtime/node/tty.js'
import { type BrowserBuild, loadBrowserBuild, runBun, runOurs, type Scenario } from './support/node-b-harness.js'
import { createTestContext, createTestHost } from './support/test-host.js'

const ENVS = [
  {},
  { TERM: 'xterm-256color' },
  { TERM: 'xterm' },
  { TERM: 'dumb' },
  { COLORTERM: 'truecolor' },
  { COLORTERM: '24bit' },
  { COLORTERM: '1' },
  { COLORTERM: '' },
  { FORCE_COLOR: '0' },
  { FORCE_COLOR: '1' },
  { FORCE_COLOR: '2' },
  { FORCE_COLOR: '3' },
  { FORCE_COLOR: '' },
  { FORCE_COLOR: 'true' },
  { FORCE_COLOR: 'false' },
  { FORCE_COLOR: '4' },
  { FORCE_COLOR: '0', TERM: 'xterm-256color' },
  { NO_COLOR: '1', TERM: 'xterm-256color' },
  { NO_COLOR: '' },
  { NODE_DISABLE_COLORS: '1' },
  { CI: '1' },
  { CI: '' },
  { CI: '1', TERM: 'xterm-256color' },
  { CI: '1', GITHUB_ACTIONS: '1' },
  { CI: '1', GITEA_ACTIONS: '1' },
  { CI: '1', CIRCLECI: '1' },
  { CI: '1', TRAVIS: '1' },
  { CI: '1', GITLAB_CI: '1' },
  { CI: '1', BUILDKITE: '1' },
  { CI: '1', APPVEYOR: '1' },
  { CI: '1', DRONE: '1' },
  { CI: '1', CI_NAME: 'codeship' },
  { GITHUB_ACTIONS: '1' },
  { TF_BUILD: '1', AGENT_NAME: 'x' },
  { TMUX: '1' },
  { TMUX: '' },
  { TEAMCITY_VERSION: '8.0' },
  { TEAMCITY_VERSION: '9.1.0' },
  { TEAMCITY_VERSION: '10.0' },
  { TERM_PROGRAM: 'iTerm.app' },
  { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.0' },
  { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '2.9' },
  { TERM_PROGRAM: 'Apple_Terminal' },
  { TERM_PROGRAM: 'HyperTerm' },
  { TERM_PROGRAM: 'MacTerm' },
  { TERM_PROGRAM: 'vscode' },
  { TERM: 'screen' },
  { TERM: 'screen-256color' },
  { TERM: 'linux' },
  { TERM: 'xterm-kitty' },
  { TERM: 'rxvt' },
  { TERM: 'rxvt-unicode-24bit' },
  { TERM: 'mosh' },
  { TERM: 'terminator' },
  { TERM: 'cygwin' },
  { TERM: 'vt100' },
  { TERM: 'vt220' },
  { TERM: 'ansi' },
  { TERM: 'xterm-color' },
  { TERM: 'con80x25' },
  { TERM: 'weird' },
  { TERM: 'XTERM' },
  { TERM: 'putty' },
  { TERM: 'eterm' },
  { TERM: 'direct' },
  { TERM: '' },
  { WT_SESSION: '1' },
  { TERM: 'linux', COLORTERM: 'truecolor' },
]

const SCENARIOS: Scenario[] = [
  {
    name: 'isatty and module',
    code: `
      const tty = require('node:tty')
      print(Object.keys(tty).sort())
      print(tty.isatty(0), tty.isatty(1), tty.isatty(2), tty.isatty(3), tty.isatty(-1), tty.isatty('1'), tty.isatty(1.5), tty.isatty(), tty.isatty(2 ** 31))
    `,
  },
  {
    name: 'color depth',
    code: `
      const tty = require('node:tty')
      const ws = new tty.WriteStream(1)
      for (const env of ${JSON.stringify(ENVS)}) print(JSON.stringify(env), tty.WriteStream.prototype.getColorDepth.call({}, env), ws.hasColors(env), ws.hasColors(256, env), ws.hasColors(2 ** 24, env))
      print(ws.getColorDepth(), ws.hasColors(), ws.hasColors(2))
      print(attempt(() => ws.hasColors(1, {})), attempt(() => ws.hasColors('x')), attempt(() => ws.hasColors(2.5)), attempt(() => ws.hasColors(null)))
    `,
  },
  {
    name: 'write stream',
    code: `
      const tty = require('node:tty')
      const { Writable } = require('node:stream')
      const ws = new tty.WriteStream(1)
      print(ws.fd, ws.isTTY, ws.columns, ws.rows, ws instanceof Writable, ws.writable)
      await new Promise((resolve) => ws.write('written by tty.WriteStream\\n', resolve))
      await new Promise((resolve) => ws.write(Buffer.from('bytes too\\n'), resolve))
      // Bun's descriptor writes land a little later than the calls: let them arrive before printing.
      const results = [ws.cursorTo(2), ws.moveCursor(1, -1), ws.clearLine(0), ws.clearScreenDown(), ws.cursorTo(0, 0)]
      await tick()
      await tick()
      print('')
      print(results)
      print(attempt(() => new tty.WriteStream(-1)), attempt(() => new tty.WriteStream('x')), attempt(() => new tty.WriteStream(1.5)))
      const err = new tty.WriteStream(2)
      print(err.fd, err.isTTY)
    `,
  },
  {
    name: 'read stream',
    code: `
      const tty = require('node:tty')
      const { Readable } = require('node:stream')
      const rs = new tty.ReadStream(0)
      print(rs.fd, rs.isTTY, rs.isRaw, rs instanceof Readable, typeof rs.ref, typeof rs.unref)
      print(attempt(() => rs.setRawMode(true)), rs.isRaw)
      const chunks = []
      for await (const chunk of rs) chunks.push(chunk)
      print(Buffer.concat(chunks).toString())
      print(attempt(() => new tty.ReadStream(-1)))
    `,
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['tty', 'stream', 'stream-promises', 'events', 'buffer', 'readline'])
  const env = { TERM: 'xterm' }
  bun = runBun(SCENARIOS, { env, stdin: 'from stdin\n' }).cases
  ours = (await runOurs(build, SCENARIOS, { env: { ...env, NO_COLOR: '1' }, stdin: 'from stdin\n' })).cases
})

describe('node:tty against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

describe('node:tty on a terminal (test host with isTTY)', () => {
  function terminalTty() {
    const host = createTestHost({ env: { TERM: 'xterm-256color' } })
    const size = { cols: 100, rows: 30 }
    const written: string[] = []
    const stdout = {
      isTTY: true,
      size,
      write: (bytes: Uint8Array) => void written.push(new TextDecoder().decode(bytes)),
    }
    Object.assign(host, { stdout, stdin: { ...host.stdin, isTTY: true } })
    const ctx = createTestContext(host)
    const createTty = build.tty!.createTty as (c: typeof ctx) => TtyModule
    return { tty: createTty(ctx), size, written, ctx }
  }

  it('reports the terminal, its size and colours', () => {
    const { tty } = terminalTty()
    expect([tty.isatty(0), tty.isatty(1), tty.isatty(2)]).toEqual([true, true, false])
    const ws = new tty.WriteStream(1)
    expect([ws.isTTY, ws.columns, ws.rows]).toEqual([true, 100, 30])
    expect(ws.getWindowSize()).toEqual([100, 30])
    expect(ws.getColorDepth()).toBe(8)
    expect(ws.hasColors(256)).toBe(true)
    expect(ws.hasColors(257)).toBe(false)
    expect(new tty.ReadStream(0).isTTY).toBe(true)
  })

  it('writes to the terminal and emits resize when the host size changes', async () => {
    const { tty, size, written } = terminalTty()
    const ws = new tty.WriteStream(1)
    await new Promise<void>((resolve) => ws.write('hi', () => resolve()))
    ws.cursorTo(3, 4)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(written.join('')).toBe('hi\x1b[5;4H')
    const resized: [number | undefined, number | undefined][] = []
    ws.on('resize', () => resized.push([ws.columns, ws.rows]))
    size.cols = 120
    size.rows = 40
    ws._refreshSize()
    ws._refreshSize()
    expect(resized).toEqual([[120, 40]])
    ws.removeAllListeners('resize')
  })

  it('holds the process while reading stdin, releases it when unref()ed', async () => {
    const host = createTestHost({ stdin: 'x' })
    let pending: ((value: Uint8Array | null) => void) | undefined
    Object.assign(host, { stdin: { isTTY: true, readSync: () => null, read: () => new Promise((r) => (pending = r)) } })
    const ctx = createTestContext(host)
    const tty = (build.tty!.createTty as (c: typeof ctx) => TtyModule)(ctx)
    const rs = new tty.ReadStream(0)
    rs.on('data', () => {})
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(ctx.refs()).toBe(1)
    rs.unref()
    expect(ctx.refs()).toBe(0)
    pending?.(null)
  })
})

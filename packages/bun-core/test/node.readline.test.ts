/**
 * node:readline and node:readline/promises, differential: line reading,
 * questions and prompts, the cursor helpers, keypress decoding, and the
 * terminal line editor — the exact bytes written to the output for the same
 * input chunks — under the real Bun and against our browser build.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type BrowserBuild, loadBrowserBuild, runBun, runOurs, type Scenario } from './support/node-b-harness.js'

/** Feeds chunks to a terminal-mode interface and prints the events and the bytes it wrote. */
const EDITOR = `
  const readline = require('node:readline')
  const { PassThrough, Writable } = require('node:stream')
  async function edit(chunks, opts = {}) {
    const out = []
    const input = new PassThrough()
    const output = new Writable({ write(c, e, cb) { out.push(String(c)); cb() } })
    Object.assign(output, opts.outputProps || {})
    const rl = readline.createInterface({ input, output, terminal: true, prompt: '> ', ...(opts.rl || {}) })
    const events = []
    rl.on('line', (l) => events.push('line:' + l))
    rl.on('close', () => events.push('close'))
    rl.on('history', (h) => events.push('history:' + JSON.stringify(h)))
    if (opts.sigint) rl.on('SIGINT', () => events.push('SIGINT'))
    if (opts.prompt !== false) rl.prompt()
    for (const c of chunks) {
      if (typeof c === 'function') c(rl)
      else input.write(c)
      await new Promise((r) => setTimeout(r, 2))
    }
    print(JSON.stringify(events), JSON.stringify(rl.line), rl.cursor)
    print('   ' + JSON.stringify(out.join('')))
    rl.close()
  }
`

const SCENARIOS: Scenario[] = [
  {
    name: 'module surface',
    code: `
      const readline = require('node:readline')
      const promises = require('node:readline/promises')
      print(Object.keys(readline).sort(), Object.keys(promises).sort(), readline.promises === promises || Object.keys(readline.promises).sort().join() === Object.keys(promises).sort().join())
      const { PassThrough } = require('node:stream')
      const rl = readline.createInterface({ input: new PassThrough() })
      print(rl instanceof readline.Interface, rl instanceof require('node:events'), rl.terminal, JSON.stringify(rl.line), rl.cursor, Array.isArray(rl.history), rl.historySize, rl.crlfDelay, rl.getPrompt(), rl.getCursorPos(), typeof rl[Symbol.asyncIterator])
      rl.close()
      const p = promises.createInterface({ input: new PassThrough() })
      print(p instanceof readline.Interface, p instanceof promises.Interface)
      p.close()
    `,
  },
  {
    name: 'lines',
    code: `
      const readline = require('node:readline')
      const { PassThrough, Writable } = require('node:stream')
      const input = new PassThrough()
      const rl = readline.createInterface({ input })
      const lines = []
      for (const name of ['line', 'close', 'pause', 'resume']) rl.on(name, (l) => lines.push(name === 'line' ? l : '<' + name + '>'))
      input.write('a\\nb\\r\\nc\\rd')
      await tick()
      input.write('\\n\\ne')
      await tick()
      input.write('\\r')
      await tick()
      input.write('\\nx')
      await tick()
      input.end('f')
      await new Promise((r) => rl.on('close', r))
      print(JSON.stringify(lines), rl.closed)
      const utf = new PassThrough()
      const rl2 = readline.createInterface({ input: utf })
      const got = []
      rl2.on('line', (l) => got.push(l))
      const euro = Buffer.from('€\\n')
      utf.write(euro.subarray(0, 1)); await tick(); utf.end(euro.subarray(1))
      await new Promise((r) => rl2.on('close', r))
      print(got)
      const it = readline.createInterface({ input: new PassThrough() })
      const iter = it[Symbol.asyncIterator]()
      it.input.write('one\\ntwo\\n')
      it.input.end('three')
      const seen = []
      for await (const line of iter) seen.push(line)
      print(seen)
      const br = readline.createInterface({ input: new PassThrough() })
      const iter2 = br[Symbol.asyncIterator]()
      br.input.write('x\\ny\\n')
      for await (const line of iter2) { seen.push('break at ' + line); break }
      print(seen.slice(3), br.closed)
    `,
  },
  {
    name: 'questions and prompts',
    code: `
      const readline = require('node:readline')
      const { PassThrough, Writable } = require('node:stream')
      const out = []
      const output = new Writable({ write(c, e, cb) { out.push(String(c)); cb() } })
      const input = new PassThrough()
      const rl = readline.createInterface({ input, output, prompt: '> ' })
      rl.prompt()
      rl.setPrompt('$ ')
      rl.prompt()
      const answer = new Promise((res) => rl.question('name? ', res))
      input.write('bob\\n')
      print(await answer, rl.getPrompt())
      const lines = []
      rl.on('line', (l) => lines.push(l))
      rl.write('typed\\n')
      await tick()
      const ac = new AbortController()
      const never = []
      rl.question('cancel? ', { signal: ac.signal }, (a) => never.push(a))
      ac.abort()
      input.write('after abort\\n')
      await tick()
      print(never, lines, rl.getPrompt())
      rl.close()
      print(JSON.stringify(out), rl.closed)
      print(attempt(() => rl.question('again?', () => {})))
      print(attempt(() => rl.write('x')))
      const promises = require('node:readline/promises')
      const pin = new PassThrough()
      const prl = promises.createInterface({ input: pin, output: new Writable({ write(c, e, cb) { cb() } }) })
      const q = prl.question('q? ')
      pin.write('yes\\n')
      print(await q)
      const ac2 = new AbortController()
      const q2 = prl.question('q2? ', { signal: ac2.signal })
      ac2.abort('stop')
      const err = await attemptAsync(() => q2)
      print(err, err.cause)
      print(await attemptAsync(() => prl.question('q3? ', { signal: AbortSignal.abort('pre') })))
      prl.close()
    `,
  },
  {
    name: 'options',
    code: `
      const readline = require('node:readline')
      const { PassThrough } = require('node:stream')
      for (const bad of [{ historySize: -1 }, { historySize: 'x' }, { completer: 5 }, { tabSize: 0 }, { tabSize: 1.5 }, { escapeCodeTimeout: 'x' }, { crlfDelay: 5 }, { crlfDelay: 500 }, { tabSize: 4, historySize: 5 }]) {
        const made = attempt(() => readline.createInterface({ input: new PassThrough(), ...bad }))
        if (made instanceof Error) print(JSON.stringify(bad), made)
        else { print(JSON.stringify(bad), 'ok', made.crlfDelay, made.tabSize, made.historySize, made.escapeCodeTimeout); made.close() }
      }
      const ac = new AbortController()
      const sig = readline.createInterface({ input: new PassThrough(), signal: ac.signal })
      ac.abort()
      print('signal close', sig.closed)
      const pre = readline.createInterface({ input: new PassThrough(), signal: AbortSignal.abort() })
      await tick()
      print('pre-aborted', pre.closed)
      print(attempt(() => readline.createInterface({ input: new PassThrough(), signal: 'x' })))
      const positional = readline.createInterface(new PassThrough(), null, undefined, true)
      print(positional.terminal, positional.cursor)
      positional.close()
    `,
  },
  {
    name: 'cursor helpers',
    code: `
      const readline = require('node:readline')
      const w = []
      const fake = { write: (s, cb) => { w.push(s); if (cb) cb(); return true } }
      print(readline.cursorTo(fake, 3), readline.cursorTo(fake, 3, 4), readline.moveCursor(fake, -2, 3), readline.moveCursor(fake, 2, -1), readline.moveCursor(fake, 0, 0), readline.clearLine(fake, -1), readline.clearLine(fake, 1), readline.clearLine(fake, 0), readline.clearScreenDown(fake), readline.cursorTo(null, 1), readline.cursorTo(fake))
      print(JSON.stringify(w))
      for (const f of [() => readline.cursorTo(fake, NaN), () => readline.cursorTo(fake, 1, NaN), () => readline.cursorTo(fake, 'x', 2), () => readline.cursorTo(fake, 1, 2, 5), () => readline.moveCursor(fake, 1, 1, 'x'), () => readline.clearLine(fake, 0, 1)]) print(attempt(f))
      const calls = []
      readline.cursorTo(null, 1, () => calls.push('cursorTo null'))
      readline.moveCursor(fake, 0, 0, () => calls.push('move none'))
      readline.clearScreenDown(undefined, () => calls.push('clear null'))
      readline.cursorTo(fake, 1, (e) => calls.push('cursorTo cb ' + e))
      await tick()
      print(calls)
      const { Readline } = require('node:readline/promises')
      const out = []
      const rw = new Readline({ write: (s, cb) => { out.push(s); cb() } })
      print(rw.cursorTo(1).cursorTo(2, 3).moveCursor(-1, 2).moveCursor(0, 0).clearLine(-1).clearLine(0).clearLine(1).clearScreenDown() === rw)
      await rw.commit()
      print(JSON.stringify(out))
      rw.cursorTo(5).rollback()
      await rw.commit()
      print(JSON.stringify(out))
      const auto = new Readline({ write: (s) => { out.push('auto:' + s) } }, { autoCommit: true })
      auto.cursorTo(0)
      await tick()
      print(out[out.length - 1])
      print(attempt(() => new Readline({})), attempt(() => new Readline({ write() {} }, { autoCommit: 1 })), attempt(() => rw.cursorTo('x')), attempt(() => rw.cursorTo(1.5)), attempt(() => rw.clearLine(2)), attempt(() => rw.moveCursor('a', 1)))
    `,
  },
  {
    name: 'keypress',
    code: `
      const readline = require('node:readline')
      const { PassThrough } = require('node:stream')
      const input = new PassThrough()
      readline.emitKeypressEvents(input)
      readline.emitKeypressEvents(input)
      const keys = []
      input.on('keypress', (s, k) => keys.push(JSON.stringify([s, k])))
      const sequences = ['a', 'Z', '1', ' ', '\\r', '\\n', '\\t', '\\x7f', '\\b', '\\x03', '\\x1a', '\\x1b[A', '\\x1b[1;5D', '\\x1bOP', '\\x1b[15~', '\\x1b[24;5~', '\\x1b[3~', '\\x1b[3;2~', '\\x1b[Z', '\\x1bb', '\\x1b\\x1b[A', '\\x1b[200~', '\\x1b[[A', '\\x1bOa', '\\x1b[2^', '€', '😀', '.', '\\x1b[1;3C', '\\x1bO5A', '\\x1b[99x']
      for (const s of sequences) { input.write(s); await tick() }
      input.write('\\x1b')
      await new Promise((r) => setTimeout(r, 600))
      input.write('ab\\x1b[Bc')
      await tick()
      for (const k of keys) print(k)
    `,
  },
  {
    name: 'editing',
    code: `${EDITOR}
      await edit(['abc', '\\x1b[D\\x1b[DX', '\\x7f', '\\r', 'next\\x01Z\\x05!\\r', '\\x1b[A', '\\x1b[A\\x1b[B\\r'])
      await edit(['abc', '\\x1b[D', 'X'])
      await edit(['abc', '\\x01', 'Z'])
      await edit(['abc\\x01Z'])
      await edit(['abc\\x01ZY'])
      await edit(['abc\\x01ZYX'])
      await edit(['abc\\x01Z\\x05'])
      await edit(['abc\\x1b[DZ\\x1b[D'])
      await edit(['abcd', '\\x01', 'Z\\x7f'])
      await edit(['abcd', '\\x1b[D\\x1b[D', '\\x7f\\x7f'])
      await edit(['abcd', '\\x01', '\\x1b[3~\\x1b[3~'])
      await edit(['hello', '\\x17'])
      await edit(['hello world', '\\x17'])
      await edit(['hello', '\\x01', '\\x0b'])
      await edit(['hello', '\\x15'])
      await edit(['hello', '\\x1b[D\\x1b[D', '\\x15'])
      await edit(['he', '\\x04', '\\x01', '\\x04'])
      await edit(['', '\\x04'])
      await edit(['x', '\\x03'], { sigint: true })
      await edit(['x', '\\x03'])
      await edit(['a\\tb'])
      await edit(['日本', '\\x1b[D', 'x'])
      await edit(['abcdefghij'], { outputProps: { columns: 8 } })
      await edit(['abcdefghijkl', '\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D', 'X'], { outputProps: { columns: 8 } })
      await edit(['abcdefghijkl', '\\x01'], { outputProps: { columns: 8 } })
      await edit(['abc', '\\x0c'])
      await edit(['hello world', '\\x01', '\\x0b', '\\x19'])
      await edit(['hello world', '\\x17', '\\x19'])
      await edit(['one two', '\\x15', 'x', '\\x0b', '\\x19', '\\x1by'])
      await edit(['hello', '\\x7f', '\\x1f'])
      await edit(['hello', '\\x7f', '\\x1f', '\\x1e'])
      await edit(['hello world', '\\x01', '\\x1bd'])
      await edit(['hello world', '\\x1b\\x7f'])
      await edit(['hello world', '\\x01', '\\x1b[3;5~'])
      await edit(['hello world', '\\x1b[1;5D', '\\x1b[1;3D', '\\x1b[1;5C'])
      await edit(['ab', '\\x02', '\\x06', '\\x08', '\\x0e', '\\x10'])
      await edit(['\\x1b[200~pasted\\x1b[201~'])
      await edit(['é😀x', '\\x1b[D', '\\x1b[D', '\\x7f'])
      await edit(['a\\x1b', 'b'])
      await edit(['\\x1bb'])
      await edit(['x\\n'])
      await edit(['x\\r\\n', 'y\\r', '\\n'])
      await edit(['ab'], { rl: { prompt: '' } })
      await edit(['abc'], { prompt: false })
    `,
  },
  {
    name: 'history and completion',
    code: `${EDITOR}
      await edit(['one\\r', 'two\\r', 'one\\r', '\\x1b[A', '\\x1b[A', '\\x1b[A'], { rl: { removeHistoryDuplicates: true } })
      await edit(['one\\r', 'two\\r', 'o', '\\x1b[A', '\\x1b[A', '\\x1b[B', '\\x1b[B'])
      await edit(['one\\rtwo\\r', 't', '\\x1b[A'])
      await edit(['x\\r', '\\x1b[A'], { rl: { historySize: 0 } })
      await edit(['x\\r', '\\x1b[A', '\\x1b[A', '\\x1b[A'], { rl: { history: ['h1', 'h2'] } })
      await edit(['   \\r', '\\x1b[A'])
      await edit(['a\\r', 'b\\r', 'c\\r'], { rl: { historySize: 2 } })
      const completer = (line) => [['apple', 'apricot', 'banana'].filter((c) => c.startsWith(line)), line]
      await edit(['a', '\\t'], { rl: { completer } })
      await edit(['ap', '\\t', '\\t'], { rl: { completer } })
      await edit(['', '\\t', '\\t'], { rl: { completer }, outputProps: { columns: 20 } })
      await edit(['z', '\\t', '\\t'], { rl: { completer } })
      await edit(['b', '\\t'], { rl: { completer: (line, cb) => cb(null, [['banana'], line]) } })
      await edit(['xa', '\\t'], { rl: { completer: (line) => [['apple'], 'xa'] } })
      await edit(['a\\t'], { rl: { completer } })
      await edit(['abc', (rl) => rl.write('XY'), (rl) => rl.write(null, { ctrl: true, name: 'a' }), (rl) => rl.write('Q')])
      await edit(['ab', (rl) => rl.write('\\x1b[D')])
      await edit(['abc', (rl) => rl.setPrompt('>> '), (rl) => rl.prompt(true)])
      await edit(['abc', (rl) => rl.prompt()])
      await edit(['abc', (rl) => rl.clearLine()])
      await edit(['abc', (rl) => print(JSON.stringify(rl.getCursorPos()))], { outputProps: { columns: 2 } })
      const promises = require('node:readline/promises')
      const out = []
      const input = new PassThrough()
      const prl = promises.createInterface({ input, output: new Writable({ write(c, e, cb) { out.push(String(c)); cb() } }), terminal: true, completer: async (line) => [['alpha', 'alps'].filter((c) => c.startsWith(line)), line] })
      input.write('al'); await tick(); input.write('\\t'); await tick(); input.write('\\t'); await tick(); await tick()
      print(JSON.stringify(out.join('')), prl.line)
      prl.close()
    `,
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['readline', 'stream', 'stream-promises', 'events', 'buffer'])
  bun = runBun(SCENARIOS, { env: { TERM: 'xterm' } }).cases
  ours = (await runOurs(build, SCENARIOS, { env: { TERM: 'xterm' } })).cases
}, 30_000)

describe('node:readline against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

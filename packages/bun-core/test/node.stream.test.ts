/**
 * node:stream, node:stream/promises, node:stream/web and node:string_decoder,
 * differential: every scenario runs under the real Bun and against our
 * browser build (readable-stream with the npm buffer, events and process
 * polyfills, Node's globals hidden), and the printed lines must be identical.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build as esbuild } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import type { NodeContext } from '../src/runtime/node/context.js'
import {
  type BrowserBuild,
  expressions,
  loadBrowserBuild,
  runBun,
  runOurs,
  type Scenario,
} from './support/node-b-harness.js'

const SCENARIOS: Scenario[] = [
  // First: its synchronous part must run in the script's own turn (not inside a microtask), where
  // Node's order is every tick before any promise job; inside a microtask Bun runs ticks after the
  // microtask queue, which a microtask-drained tick queue cannot do.
  {
    name: 'tick order',
    code: `
      const { Readable } = require('node:stream')
      const order = []
      const r = new Readable({ read() {} })
      r.on('data', (c) => order.push('data ' + c))
      r.push('a')
      Promise.resolve().then(() => order.push('promise'))
      process.nextTick(() => order.push('tick'))
      setTimeout(() => order.push('timeout'), 0)
      queueMicrotask(() => order.push('microtask'))
      await new Promise((res) => setTimeout(res, 5))
      print(order.join(', '))
      const events = []
      const s = new Readable({ read() { this.push('x'); this.push(null) } })
      for (const name of ['data', 'end', 'close', 'pause', 'resume']) s.on(name, () => events.push(name))
      await new Promise((res) => s.on('close', res))
      print(events.join(' '))
    `,
  },
  {
    name: 'module surface',
    code: `
      const stream = require('node:stream')
      print(typeof stream, stream === stream.Stream, stream.name, stream.promises === require('node:stream/promises'), stream.eos === stream.finished)
      print(['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'Stream'].map((k) => stream[k].name))
      print(['pipeline', 'finished', 'compose', 'addAbortSignal', 'destroy', 'duplexPair', 'isDestroyed', 'isDisturbed', 'isErrored', 'isReadable', 'isWritable', 'getDefaultHighWaterMark', 'setDefaultHighWaterMark', '_isUint8Array', '_uint8ArrayToBuffer', '_isArrayBufferView'].map((k) => typeof stream[k]).join(' '))
      print(Object.keys(require('node:stream/promises')).sort())
      print(stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true), new stream.Readable().readableHighWaterMark, new stream.Writable().writableHighWaterMark, new stream.Readable({ objectMode: true }).readableHighWaterMark)
      const events = require('node:events')
      print(new stream.Readable() instanceof events, new stream.Writable() instanceof events.EventEmitter, new stream.Duplex() instanceof stream.Readable, new stream.Duplex() instanceof stream.Writable, new stream.Transform() instanceof stream.Duplex, new stream.PassThrough() instanceof stream.Transform, new stream.Readable() instanceof stream.Stream)
      print(typeof stream.Readable.prototype.asIndexedPairs, typeof stream.Readable.prototype.map, typeof stream.Readable.prototype[Symbol.asyncIterator], typeof stream.Readable.from, typeof stream.Readable.toWeb, typeof stream.Writable.fromWeb, typeof stream.Duplex.from)
      print(stream._isUint8Array(new Uint8Array(1)), stream._isArrayBufferView(new DataView(new ArrayBuffer(1))), Buffer.isBuffer(stream._uint8ArrayToBuffer(new Uint8Array([1]))))
      print(Object.keys(require('node:stream/web')).sort())
      print(require('node:stream/web').ReadableStream === ReadableStream, require('node:stream/web').TransformStream === TransformStream)
    `,
  },
  {
    name: 'readable',
    code: `
      const { Readable } = require('node:stream')
      const r = new Readable({ read() {} })
      r.push('ab'); r.push(Buffer.from('cd')); r.push(null)
      const chunks = []
      for await (const c of r) chunks.push(c)
      print(chunks, r.readableEnded, r.destroyed)
      const enc = new Readable({ read() {}, encoding: 'hex' })
      enc.push('hi'); enc.push(null)
      print(await enc.toArray())
      print(await Readable.from(['a', 'b', 1]).toArray())
      print(await Readable.from('whole').toArray(), await Readable.from(Buffer.from('buf')).toArray())
      print(await Readable.from((async function* () { yield 'x'; yield 'y' })()).toArray())
      print(await Readable.from([1, 2, 3, 4, 5]).map((x) => x * 2).filter((x) => x > 4).toArray())
      print(await Readable.from([1, 2, 3, 4]).take(2).toArray(), await Readable.from([1, 2, 3, 4]).drop(3).toArray())
      print(await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0), await Readable.from([1, 2, 3]).some((x) => x > 2), await Readable.from([1, 2, 3]).every((x) => x > 2), await Readable.from([1, 2, 3]).find((x) => x > 1))
      print(await Readable.from([1, 2]).flatMap((x) => [x, x]).toArray())
      const seen = []
      await Readable.from(['p', 'q']).forEach((x) => seen.push(x))
      print(seen)
      const m = new Readable({ read() {} })
      m.push('1'); m.push('2')
      print(m.read(1), m.readableLength, m.read(), m.read())
      m.unshift('z')
      print(m.read(), m.isPaused(), m.readableFlowing)
      m.pause()
      print(m.isPaused(), m.readableFlowing)
      const o = new Readable({ objectMode: true, read() {} })
      o.push({ a: 1 }); o.push(null)
      print(await o.toArray(), o.readableObjectMode)
      const hwm = new Readable({ highWaterMark: 2, read() {} })
      print(hwm.push('a'), hwm.push('bc'), hwm.readableLength)
      const err = new Readable({ read() { this.destroy(new Error('boom')) } })
      const got = await attemptAsync(async () => { for await (const c of err) print(c) })
      print(got, err.destroyed, err.errored && err.errored.message, Readable.isErrored ? 'n/a' : '')
      const count = []
      const lazy = new Readable({ read(size) { count.push(size); this.push(count.length < 3 ? 'x' : null) } })
      print((await lazy.toArray()).length, count.length)
    `,
  },
  {
    name: 'readable errors',
    code: expressions([
      [
        'push number',
        `(() => { const r = new (require('stream').Readable)({ read() {} }); const errs = []; r.on('error', (e) => errs.push(e)); const ret = attempt(() => r.push(1)); return new Promise((res) => setTimeout(() => res([ret, errs]), 1)) })()`,
      ],
      [
        'push after EOF',
        `(() => { const r = new (require('stream').Readable)({ read() {} }); const errs = []; r.on('error', (e) => errs.push(e)); r.push(null); r.push('x'); return new Promise((res) => setTimeout(() => res(errs), 1)) })()`,
      ],
      [
        'read not implemented',
        `new Promise((res) => { const r = new (require('stream').Readable)(); r.on('error', res); r.read() })`,
      ],
      ['bad highWaterMark', `new (require('stream').Readable)({ highWaterMark: -1 })`],
      ['bad highWaterMark type', `new (require('stream').Readable)({ highWaterMark: 'x' })`],
      ['from bad', `require('stream').Readable.from(5)`],
      ['map bad fn', `require('stream').Readable.from([1]).map(5)`],
      ['take bad', `require('stream').Readable.from([1]).take(-1)`],
    ]),
  },
  {
    name: 'writable',
    code: `
      const { Writable } = require('node:stream')
      const log = []
      const w = new Writable({
        highWaterMark: 3,
        write(chunk, encoding, cb) { log.push('write ' + chunk + ' ' + encoding + ' ' + Buffer.isBuffer(chunk)); setTimeout(cb, 1) },
        final(cb) { log.push('final'); cb() },
      })
      w.on('finish', () => log.push('finish'))
      w.on('close', () => log.push('close'))
      w.on('drain', () => log.push('drain'))
      print(w.write('ab'), w.write('cd'), w.writableLength, w.writableNeedDrain)
      w.end('ef', () => log.push('end cb'))
      await new Promise((res) => w.on('close', res))
      print(log.join(' | '))
      print(w.writableEnded, w.writableFinished, w.destroyed)
      const strings = []
      const s = new Writable({ decodeStrings: false, write(chunk, enc, cb) { strings.push(typeof chunk + ':' + enc); cb() } })
      s.write('x'); s.write('y', 'latin1'); s.write(Buffer.from('z')); s.end()
      await new Promise((res) => s.on('finish', res))
      print(strings)
      const batches = []
      const v = new Writable({ writev(chunks, cb) { batches.push(chunks.map((c) => String(c.chunk))); cb() } })
      v.cork(); v.write('1'); v.write('2'); v.uncork(); v.write('3'); v.end()
      await new Promise((res) => v.on('finish', res))
      print(batches, v.writableCorked)
      const errs = []
      const e = new Writable({ write(c, enc, cb) { cb(new Error('write failed')) } })
      e.on('error', (err) => errs.push(err))
      e.write('x', (err) => errs.push('cb ' + (err && err.message)))
      await new Promise((res) => e.on('close', res))
      print(errs, e.destroyed, e.writableAborted)
      const ended = new Writable({ write(c, enc, cb) { cb() } })
      const endErrors = []
      ended.on('error', (err) => endErrors.push(err))
      ended.end()
      ended.write('late', (err) => endErrors.push('cb ' + (err && err.code)))
      await tick(); await tick()
      print(endErrors)
      print(attempt(() => new Writable({ write() {} }).write(null)))
      print(attempt(() => new Writable({ write() {} }).write(5)))
      const noimpl = new Writable()
      print(await new Promise((res) => { noimpl.on('error', res); noimpl.write('x') }))
      const enc = new Writable({ write(c, e, cb) { cb() } })
      print(attempt(() => enc.setDefaultEncoding('nope')), enc.setDefaultEncoding('hex') === enc)
    `,
  },
  {
    name: 'duplex and transform',
    code: `
      const { Duplex, Transform, PassThrough } = require('node:stream')
      const upper = new Transform({
        transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()) },
        flush(cb) { this.push('!'); cb() },
      })
      upper.end('abc')
      print(await upper.toArray())
      const obj = new Transform({ objectMode: true, transform(o, enc, cb) { this.push(o.n * 2); this.push(o.n * 3); cb() } })
      obj.write({ n: 1 }); obj.end({ n: 2 })
      print(await obj.toArray())
      const p = new PassThrough()
      p.end('through')
      print(await p.toArray())
      const d = new Duplex({
        read() { this.push('from read'); this.push(null) },
        write(c, e, cb) { print('duplex got', String(c)); cb() },
      })
      d.write('to write')
      d.end()
      print(await d.toArray(), d.allowHalfOpen)
      const half = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb() } })
      print(half.allowHalfOpen)
      const noFlush = new Transform({ transform(c, e, cb) { cb(new Error('bad chunk')) } })
      noFlush.on('error', (err) => print('transform error', err.message))
      noFlush.write('x')
      await tick(); await tick()
      const missing = new Transform()
      missing.on('error', (err) => print('missing', err))
      missing.write('x')
      await tick(); await tick()
    `,
  },
  {
    name: 'pipe and pipeline',
    code: `
      const stream = require('node:stream')
      const { Readable, Writable, Transform, PassThrough, pipeline, finished } = stream
      const out = []
      const sink = () => new Writable({ write(c, e, cb) { out.push(String(c)); cb() } })
      const src = Readable.from(['a', 'b', 'c'], { objectMode: false })
      const w = sink()
      src.pipe(w)
      await new Promise((res) => w.on('finish', res))
      print(out)
      out.length = 0
      const upper = () => new Transform({ transform(c, e, cb) { cb(null, String(c).toUpperCase()) } })
      await new Promise((res) => pipeline(Readable.from(['x', 'y']), upper(), sink(), (err) => { print('pipeline cb', err); res() }))
      print(out)
      out.length = 0
      await require('node:stream/promises').pipeline(Readable.from(['p', 'q']), async function* (source) { for await (const c of source) yield c + c }, sink())
      print(out)
      const failing = new Transform({ transform(c, e, cb) { cb(new Error('mid')) } })
      const s1 = Readable.from(['1'])
      const s3 = sink()
      const err = await new Promise((res) => pipeline(s1, failing, s3, res))
      print(err, s1.destroyed, failing.destroyed, s3.destroyed)
      print(await attemptAsync(() => require('node:stream/promises').pipeline(Readable.from(['a']), new Transform({ transform(c, e, cb) { cb(new Error('async mid')) } }), sink())))
      const f = new PassThrough()
      const done = new Promise((res) => finished(f, (e) => res(e === undefined ? 'ok' : e)))
      f.end('x'); f.resume()
      print(await done)
      const f2 = new PassThrough()
      const early = new Promise((res) => finished(f2, res))
      f2.destroy()
      print(await early)
      print(await attemptAsync(() => require('node:stream/promises').finished(Readable.from(['z']).resume())))
      const composed = stream.compose(upper(), new Transform({ transform(c, e, cb) { cb(null, '<' + c + '>') } }))
      composed.end('hi')
      print(await composed.toArray())
      const ac = new AbortController()
      const guarded = stream.addAbortSignal(ac.signal, new Readable({ read() {} }))
      const abortErr = new Promise((res) => guarded.on('error', res))
      ac.abort()
      print(await abortErr, guarded.destroyed)
      const dst = new PassThrough()
      const d2 = stream.destroy(dst, new Error('killed'))
      dst.on('error', (e) => print('destroy error', e.message))
      await tick()
      print(stream.isDestroyed(dst), stream.isErrored(dst), stream.isReadable(new PassThrough()), stream.isWritable(new PassThrough()), stream.isDisturbed(Readable.from(['a'])))
      const a = new PassThrough(); const b = new PassThrough()
      a.pipe(b); a.unpipe(b)
      print(a.readableFlowing, b.listenerCount('unpipe'))
      const nowhere = await attemptAsync(() => new Promise((res, rej) => pipeline(Readable.from(['q']), (e) => (e ? rej(e) : res('single')))))
      print(nowhere)
    `,
  },
  {
    name: 'pipe to stdout',
    code: `
      const { Readable } = require('node:stream')
      const ended = []
      const stdout = process.stdout
      const originalEnd = stdout.end
      stdout.end = function (...args) { ended.push('end called'); return this }
      await new Promise((resolve) => Readable.from(['piped ', 'to stdout\\n']).on('end', resolve).pipe(stdout))
      await tick()
      stdout.end = originalEnd
      print(ended)
    `,
  },
  {
    name: 'web adapters',
    code: `
      const { Readable, Writable, Duplex, duplexPair, pipeline } = require('node:stream')
      const web = Readable.toWeb(Readable.from(['a', 'b']))
      const reader = web.getReader()
      const parts = []
      for (;;) { const { value, done } = await reader.read(); if (done) break; parts.push(value) }
      print(web instanceof ReadableStream, parts)
      const bytes = Readable.toWeb(new Readable({ read() { this.push(Buffer.from('xy')); this.push(null) } }))
      const r2 = bytes.getReader()
      const first = await r2.read()
      print(first.value, Buffer.isBuffer(first.value), (await r2.read()).done)
      const fromWeb = Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('hello')); c.enqueue(new TextEncoder().encode(' web')); c.close() } }))
      print(await fromWeb.toArray())
      const objs = Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue({ k: 1 }); c.close() } }), { objectMode: true })
      print(await objs.toArray())
      const failing = Readable.fromWeb(new ReadableStream({ pull(c) { c.error(new Error('web failure')) } }))
      print(await attemptAsync(() => failing.toArray()))
      print(attempt(() => Readable.fromWeb({})))
      print(attempt(() => Readable.fromWeb(new ReadableStream(), 5)))
      const written = []
      const ws = new WritableStream({ write(chunk) { written.push(new TextDecoder().decode(chunk)) } })
      const nodeW = Writable.fromWeb(ws)
      nodeW.write('one'); nodeW.end('two')
      await new Promise((res) => nodeW.on('finish', res))
      print(written)
      print(attempt(() => Writable.fromWeb(new ReadableStream())))
      const collected = []
      const target = new Writable({ write(c, e, cb) { collected.push(String(c)); cb() } })
      const webW = Writable.toWeb(target)
      const writer = webW.getWriter()
      await writer.write('w1')
      await writer.write(new TextEncoder().encode('w2'))
      await writer.close()
      print(collected, target.writableFinished)
      const pair = Duplex.toWeb(new Duplex({ read() { this.push('dr'); this.push(null) }, write(c, e, cb) { print('duplex wrote', String(c)); cb() } }))
      print(pair.readable instanceof ReadableStream, pair.writable instanceof WritableStream)
      const dw = pair.writable.getWriter(); await dw.write('dw'); await dw.close()
      const dr = pair.readable.getReader(); print(new TextDecoder().decode((await dr.read()).value))
      const ts = new TransformStream({ transform(chunk, c) { c.enqueue(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase())) } })
      const viaWeb = Duplex.fromWeb(ts)
      viaWeb.end('shout')
      print(Buffer.concat(await viaWeb.toArray()).toString())
      const fromDuplex = Duplex.from(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('df')); c.close() } }))
      print(Buffer.concat(await fromDuplex.toArray()).toString())
      const [left, right] = duplexPair()
      left.write('ping')
      right.once('data', (c) => { print('right got', String(c)); right.write('pong') })
      print('left got', String(await new Promise((res) => left.once('data', res))))
      left.end(); right.end()
      const webOut = []
      await new Promise((res) => pipeline(new ReadableStream({ start(c) { c.enqueue('p1'); c.enqueue('p2'); c.close() } }), new Writable({ objectMode: true, write(c, e, cb) { webOut.push(c); cb() } }), res))
      print(webOut)
    `,
  },
  {
    name: 'string_decoder',
    code: `
      const { StringDecoder } = require('node:string_decoder')
      const euro = Buffer.from('€')
      const d = new StringDecoder('utf8')
      print(JSON.stringify([d.write(euro.subarray(0, 1)), d.write(euro.subarray(1, 2)), d.lastNeed, d.lastTotal, d.write(euro.subarray(2)), d.end()]))
      const cut = new StringDecoder()
      print(JSON.stringify([cut.write(Buffer.from([0xe2, 0x82])), cut.end()]))
      const bad = new StringDecoder('utf-8')
      print(JSON.stringify([bad.write(Buffer.from([0x61, 0xff, 0x62, 0xf0, 0x9f])), bad.write(Buffer.from([0x98, 0x80, 0x63])), bad.end(Buffer.from([0xc3]))]))
      const u16 = new StringDecoder('utf16le')
      const smile = Buffer.from('😀a', 'utf16le')
      print(JSON.stringify([u16.write(smile.subarray(0, 1)), u16.write(smile.subarray(1, 3)), u16.write(smile.subarray(3)), u16.end()]), u16.encoding)
      const odd = new StringDecoder('ucs2')
      print(JSON.stringify([odd.write(Buffer.from([0x61])), odd.end()]))
      const b64 = new StringDecoder('base64')
      print([b64.write(Buffer.from('h')), b64.write(Buffer.from('el')), b64.write(Buffer.from('lo')), b64.end()], b64.encoding)
      const url = new StringDecoder('base64url')
      print([url.write(Buffer.from([0xfb])), url.write(Buffer.from([0xff, 0xbf, 0xfe])), url.end()], url.encoding)
      print(new StringDecoder('hex').write(Buffer.from([1, 255])), new StringDecoder('latin1').write(Buffer.from([0xe9])), JSON.stringify(new StringDecoder('ascii').write(Buffer.from([0xe9]))), new StringDecoder('binary').encoding, new StringDecoder('UTF-8').encoding, new StringDecoder().encoding)
      print(new StringDecoder().write('already a string'), new StringDecoder().write(new Uint8Array([104, 105])), new StringDecoder().write(new DataView(new Uint8Array([33]).buffer)))
      print(attempt(() => new StringDecoder('nope')))
      print(attempt(() => new StringDecoder().write(5)))
      print(attempt(() => new StringDecoder().write(null)))
      print(new StringDecoder().end(), new StringDecoder().end(Buffer.from('x')))
    `,
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['stream', 'stream-promises', 'stream-web', 'string-decoder', 'events', 'buffer'])
  bun = runBun(SCENARIOS).cases
  const install = build.stream!.installStream as (options: {
    nextTick: NodeContext['nextTick']
    stdout: object
  }) => void
  ours = (
    await runOurs(build, SCENARIOS, {}, (ctx, proc) =>
      install({ nextTick: ctx.nextTick, stdout: proc.stdout as object }),
    )
  ).cases
})

describe('node:stream against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

describe('one set of stream classes', () => {
  it('readable-stream (what fs, zlib and crypto import) and node:stream are the same module in the browser bundle', async () => {
    const nodeDir = join(dirname(fileURLToPath(import.meta.url)), '../src/runtime/node')
    const result = await esbuild({
      stdin: {
        contents: [
          "import * as rs from 'readable-stream'",
          "import * as events from 'events'",
          "import { createStream, Readable } from './stream.ts'",
          'export const check = (ctx) => {',
          '  const stream = createStream(ctx)',
          '  return [rs.Readable === stream.Readable, rs.Transform === stream.Transform, Readable === stream.Readable,',
          '    new rs.PassThrough() instanceof stream.Readable, new stream.Readable() instanceof events.EventEmitter]',
          '}',
        ].join('\n'),
        resolveDir: nodeDir,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    })
    const module = { exports: {} as { check: (ctx: unknown) => boolean[] } }
    new Function('module', 'exports', 'process', 'Buffer', 'global', 'require', result.outputFiles[0]!.text)(
      module,
      module.exports,
    )
    expect(module.exports.check({})).toEqual([true, true, true, true, true])
  })
})

/**
 * node:events, differential: every scenario runs under the real Bun and
 * against our browser build (the npm EventEmitter completed by
 * installEvents), and the printed lines must be identical.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type BrowserBuild,
  expressions,
  loadBrowserBuild,
  runBun,
  runOurs,
  type Scenario,
} from './support/node-b-harness.js'

const SCENARIOS: Scenario[] = [
  {
    name: 'module surface',
    code: `
      const events = require('node:events')
      const { EventEmitter } = events
      print(events === EventEmitter, events.EventEmitter === events, events.defaultMaxListeners, typeof events.init, events.usingDomains, events.captureRejections)
      print(String(events.captureRejectionSymbol), events.captureRejectionSymbol === Symbol.for('nodejs.rejection'), String(events.errorMonitor), String(events.kMaxEventTargetListeners), String(events.kMaxEventTargetListenersWarned))
      print(['once', 'on', 'getEventListeners', 'getMaxListeners', 'setMaxListeners', 'addAbortListener', 'listenerCount', 'EventEmitterAsyncResource'].map((k) => typeof events[k]).join(' '))
      const protoMethods = ['addListener', 'emit', 'eventNames', 'getMaxListeners', 'listenerCount', 'listeners', 'off', 'on', 'once', 'prependListener', 'prependOnceListener', 'rawListeners', 'removeAllListeners', 'removeListener', 'setMaxListeners']
      print(protoMethods.filter((k) => typeof EventEmitter.prototype[k] !== 'function'))
      const e = new EventEmitter()
      print(Object.keys(e), e instanceof EventEmitter, EventEmitter.name)
      class Sub extends EventEmitter {}
      const s = new Sub()
      print(s instanceof EventEmitter, s instanceof Sub, Object.keys(s))
      function Old() { EventEmitter.call(this) }
      Object.setPrototypeOf(Old.prototype, EventEmitter.prototype)
      const o = new Old()
      print(Object.keys(o), o.getMaxListeners())
    `,
  },
  {
    name: 'listeners',
    code: `
      const { EventEmitter } = require('node:events')
      const e = new EventEmitter()
      const log = []
      e.on('newListener', (name, fn) => log.push('new:' + String(name) + ':' + fn.name))
      e.on('removeListener', (name, fn) => log.push('removed:' + String(name) + ':' + fn.name))
      function a(...args) { log.push('a' + args.join(',')) }
      function b() { log.push('b') }
      function c() { log.push('c') }
      e.on('x', a); e.prependListener('x', b); e.once('x', c); e.prependOnceListener('x', function d() { log.push('d') })
      print(e.listenerCount('x'), e.listeners('x').map((f) => f.name), e.rawListeners('x').map((f) => typeof f.listener), e.eventNames())
      print(e.emit('x', 1, 2), e.emit('nothing'), log.join(' '))
      log.length = 0
      e.emit('x', 3)
      print(log.join(' '), e.listenerCount('x'), e.listenerCount('x', a), e.listenerCount('x', c))
      log.length = 0
      e.off('x', a); e.removeListener('x', a); e.removeListener('nope', a)
      print(log.join(' '), e.listeners('x').map((f) => f.name))
      const sym = Symbol('s')
      e.on(sym, a)
      print(e.eventNames().map(String))
      log.length = 0
      e.removeAllListeners('x')
      print(log.join(' '), e.eventNames().map(String))
      log.length = 0
      e.removeAllListeners()
      print(log.join(' '), e.eventNames().length, e.listenerCount('newListener'))
      const f = new EventEmitter()
      const self = []
      f.on('t', function () { self.push(this === f) })
      f.once('t', function () { self.push(this === f) })
      f.emit('t'); f.emit('t')
      print(self)
      const g = new EventEmitter()
      const order = []
      const h1 = () => { order.push(1); g.removeListener('z', h2) }
      const h2 = () => order.push(2)
      g.on('z', h1); g.on('z', h2)
      g.emit('z'); g.emit('z')
      print(order)
      const r = new EventEmitter()
      const onceFn = () => {}
      r.once('q', onceFn)
      r.removeListener('q', onceFn)
      print(r.listenerCount('q'), r.emit('q'))
    `,
  },
  {
    name: 'errors',
    code: expressions([
      ['on non-function', `new (require('events'))().on('x', 1)`],
      ['once non-function', `new (require('events'))().once('x', 'f')`],
      ['prepend non-function', `new (require('events'))().prependListener('x', null)`],
      ['remove non-function', `new (require('events'))().removeListener('x', {})`],
      ['setMaxListeners bad', `new (require('events'))().setMaxListeners(-1)`],
      ['setMaxListeners type', `new (require('events'))().setMaxListeners('3')`],
      ['setMaxListeners NaN', `new (require('events'))().setMaxListeners(NaN)`],
      ['defaultMaxListeners bad', `(() => { require('events').defaultMaxListeners = 'x' })()`],
      ['defaultMaxListeners neg', `(() => { require('events').defaultMaxListeners = -1 })()`],
      ['captureRejections bad', `(() => { require('events').captureRejections = 1 })()`],
      ['ctor captureRejections bad', `new (require('events'))({ captureRejections: 1 })`],
      ['ctor captureRejections falsy', `Object.keys(new (require('events'))({ captureRejections: 0 }))`],
      ['emit error Error', `new (require('events'))().emit('error', new TypeError('boom'))`],
      ['emit error string', `new (require('events'))().emit('error', 'str')`],
      ['emit error undefined', `new (require('events'))().emit('error')`],
      ['emit error number', `new (require('events'))().emit('error', 42)`],
      ['unhandled context', `attempt(() => new (require('events'))().emit('error', 'ctx')).context`],
      [
        'emit error handled',
        `(() => { const e = new (require('events'))(); e.on('error', () => {}); return e.emit('error', 1) })()`,
      ],
      [
        'max listeners',
        `(() => { const e = new (require('events'))(); e.setMaxListeners(3); return [e.getMaxListeners(), new (require('events'))().getMaxListeners()] })()`,
      ],
    ]),
  },
  {
    name: 'warning',
    code: `
      const events = require('node:events')
      const seen = []
      process.on('warning', (w) => seen.push([w.name, w.message, w.type, w.count, w.emitter && w.emitter.constructor.name, Object.keys(w).join(',')]))
      const e = new events.EventEmitter()
      for (let i = 0; i < 11; i++) e.on('foo', () => {})
      for (let i = 0; i < 12; i++) e.on('foo', () => {})
      class Foo extends events.EventEmitter {}
      const f = new Foo()
      f.setMaxListeners(2)
      for (let i = 0; i < 3; i++) f.on(Symbol.for('bar'), () => {})
      const z = new events.EventEmitter()
      z.setMaxListeners(0)
      for (let i = 0; i < 20; i++) z.on('many', () => {})
      await tick()
      for (const w of seen) print(...w)
    `,
  },
  {
    name: 'errorMonitor and captureRejections',
    code: `
      const events = require('node:events')
      const { EventEmitter } = events
      const e = new EventEmitter()
      e.on(events.errorMonitor, (err) => print('monitor', err.message))
      print(attempt(() => e.emit('error', new Error('x1'))).message)
      e.on('error', (err) => print('handled', err.message))
      e.emit('error', new Error('x2'))
      const c = new EventEmitter({ captureRejections: true })
      c.on('ev', async () => { throw new Error('rej') })
      c.on('error', (err) => print('captured', err.message))
      c.emit('ev')
      await tick()
      const h = new EventEmitter({ captureRejections: true })
      h[Symbol.for('nodejs.rejection')] = (err, ev, ...args) => print('rejection handler', err.message, ev, args)
      h.on('ev', async () => { throw new Error('rej2') })
      h.emit('ev', 1, 2)
      await tick()
      EventEmitter.captureRejections = true
      print(EventEmitter.captureRejections, events.captureRejections)
      const g = new EventEmitter()
      g.on('ev', () => Promise.reject(new Error('global')))
      g.on('error', (err) => print('global captured', err.message))
      g.emit('ev')
      await tick()
      EventEmitter.captureRejections = false
      class Cap extends EventEmitter { constructor() { super({ captureRejections: true }) } }
      const k = new Cap()
      k.on('ev', async () => { throw new Error('sub') })
      k.on('error', (err) => print('subclass captured', err.message))
      k.emit('ev')
      await tick()
    `,
  },
  {
    name: 'once',
    code: `
      const events = require('node:events')
      const e = new events.EventEmitter()
      const p = events.once(e, 'go')
      print(e.listenerCount('go'), e.listenerCount('error'))
      e.emit('go', 1, 'two')
      print(await p, e.listenerCount('go'), e.listenerCount('error'))
      const q = events.once(e, 'go')
      e.emit('error', new Error('bad'))
      print(await attemptAsync(() => q), e.listenerCount('go'))
      const ac = new AbortController()
      const r = events.once(e, 'go', { signal: ac.signal })
      ac.abort('why')
      const aborted = await attemptAsync(() => r)
      print(aborted, aborted.cause, Object.keys(aborted), e.listenerCount('go'))
      const pre = await attemptAsync(() => events.once(e, 'go', { signal: AbortSignal.abort('early') }))
      print(pre, pre.cause)
      print(await attemptAsync(() => events.once({}, 'x')))
      print(await attemptAsync(() => events.once(e, 'x', { signal: 1 })))
      print(await attemptAsync(() => events.once(e, 'x', 1)))
      const t = new EventTarget()
      const tp = events.once(t, 'ping')
      t.dispatchEvent(new Event('ping'))
      const [ev] = await tp
      print(ev.type, ev instanceof Event)
      const errP = events.once(e, 'error')
      e.emit('error', new Error('as value'))
      print(await errP)
    `,
  },
  {
    name: 'on',
    code: `
      const events = require('node:events')
      const e = new events.EventEmitter()
      const it = events.on(e, 'data', { close: ['end'] })
      print(typeof it[Symbol.asyncIterator], e.listenerCount('data'), e.listenerCount('error'), e.listenerCount('end'))
      setTimeout(() => { e.emit('data', 1); e.emit('data', 2, 3); e.emit('end'); e.emit('data', 4) }, 1)
      const got = []
      for await (const args of it) got.push(args)
      print(got, e.listenerCount('data'), e.listenerCount('error'), e.listenerCount('end'))
      const e2 = new events.EventEmitter()
      const it2 = events.on(e2, 'data')
      e2.emit('data', 'a')
      e2.emit('error', new Error('fail'))
      print(await it2.next())
      print(await attemptAsync(() => it2.next()))
      print(await it2.next(), e2.listenerCount('data'))
      const e3 = new events.EventEmitter()
      const it3 = events.on(e3, 'data')
      const pending = it3.next()
      print(await it3.return(), await pending, e3.listenerCount('data'))
      const ac = new AbortController()
      const it4 = events.on(e3, 'data', { signal: ac.signal })
      const p4 = it4.next()
      ac.abort()
      print(await attemptAsync(() => p4), await it4.next())
      print(attempt(() => events.on(e3, 'data', { signal: AbortSignal.abort() })))
      print(attempt(() => events.on(e3, 'data', { highWaterMark: 0 })))
      print(attempt(() => events.on(e3, 'data', 'x')))
      const it5 = events.on(e3, 'data')
      print(attempt(() => it5.throw('nope')))
      const t = new EventTarget()
      const it6 = events.on(t, 'tick')
      t.dispatchEvent(new Event('tick'))
      const n = await it6.next()
      print(n.value[0].type, n.done)
      await it6.return()
    `,
  },
  {
    name: 'targets and abort listeners',
    code: `
      const events = require('node:events')
      const t = new EventTarget()
      const fns = [() => {}, () => {}, () => {}]
      for (const fn of fns) t.addEventListener('foo', fn)
      t.addEventListener('foo', fns[0])
      t.addEventListener('foo', fns[0], { capture: true })
      t.addEventListener('once', () => {}, { once: true })
      print(events.getEventListeners(t, 'foo').length, events.getEventListeners(t, 'once').length, events.getEventListeners(t, 'none').length)
      t.dispatchEvent(new Event('once'))
      t.removeEventListener('foo', fns[1])
      print(events.getEventListeners(t, 'foo').length, events.getEventListeners(t, 'once').length, events.getEventListeners(t, 'foo')[1] === fns[2])
      const ac = new AbortController()
      t.addEventListener('sig', () => {}, { signal: ac.signal })
      print(events.getEventListeners(t, 'sig').length)
      ac.abort()
      print(events.getEventListeners(t, 'sig').length)
      const e = new events.EventEmitter()
      e.on('x', fns[0])
      print(events.getEventListeners(e, 'x').length, events.getMaxListeners(t), events.getMaxListeners(e))
      events.setMaxListeners(3, t, e)
      print(events.getMaxListeners(t), events.getMaxListeners(e), e.getMaxListeners())
      print(attempt(() => events.getEventListeners({}, 'x')))
      print(attempt(() => events.getMaxListeners({})))
      print(attempt(() => events.setMaxListeners(1, {})))
      print(attempt(() => events.setMaxListeners(-1)))
      print(attempt(() => events.setMaxListeners('2')))
      events.setMaxListeners(20)
      print(events.defaultMaxListeners, new events.EventEmitter().getMaxListeners())
      events.setMaxListeners(10)
      const signal = new AbortController()
      const calls = []
      const d = events.addAbortListener(signal.signal, (ev) => calls.push(ev.type))
      print(typeof d[Symbol.dispose], Object.getPrototypeOf(d), events.getEventListeners(signal.signal, 'abort').length)
      signal.abort()
      print(calls)
      const already = []
      events.addAbortListener(AbortSignal.abort(), (...a) => already.push(a.length))
      print(already)
      await tick()
      print(already)
      const s3 = new AbortController()
      const d3 = events.addAbortListener(s3.signal, () => calls.push('never'))
      d3[Symbol.dispose]()
      s3.abort()
      print(calls, events.getEventListeners(s3.signal, 'abort').length)
      print(attempt(() => events.addAbortListener(1, () => {})))
      print(attempt(() => events.addAbortListener(undefined, () => {})))
      print(attempt(() => events.addAbortListener(new AbortController().signal, 1)))
    `,
  },
  {
    name: 'EventEmitterAsyncResource',
    code: `
      const { EventEmitterAsyncResource, EventEmitter } = require('node:events')
      const { AsyncLocalStorage } = require('node:async_hooks')
      const e = new EventEmitterAsyncResource({ name: 'E' })
      print(e instanceof EventEmitter, typeof e.asyncId, typeof e.triggerAsyncId, e.asyncResource.constructor.name, e.asyncResource.eventEmitter === e, e.emitDestroy(), Object.keys(e))
      e.on('x', function (a) { print('listener', this === e, a) })
      print(e.emit('x', 1))
      print(attempt(() => new EventEmitterAsyncResource()))
      print(new EventEmitterAsyncResource('named').asyncResource.type)
      class Mine extends EventEmitterAsyncResource {}
      print(new Mine().asyncResource.type)
      const als = new AsyncLocalStorage()
      const inScope = als.run('outer', () => new EventEmitterAsyncResource({ name: 'S' }))
      inScope.on('y', () => print('store in listener', als.getStore()))
      als.run('caller', () => inScope.emit('y'))
    `,
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['events', 'async-hooks', 'buffer'])
  bun = runBun(SCENARIOS).cases
  ours = (await runOurs(build, SCENARIOS)).cases
})

describe('node:events against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

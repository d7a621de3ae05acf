/**
 * node:async_hooks, node:perf_hooks and node:diagnostics_channel,
 * differential: every scenario runs under the real Bun and against our
 * browser build, and the printed lines must be identical. Timing values
 * are never printed, only their types or relations.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type BrowserBuild, loadBrowserBuild, runBun, runOurs, type Scenario } from './support/node-b-harness.js'

const SCENARIOS: Scenario[] = [
  {
    name: 'async_hooks surface',
    code: `
      const ah = require('node:async_hooks')
      print(Object.keys(ah).sort())
      print(ah.executionAsyncId(), ah.triggerAsyncId(), typeof ah.executionAsyncResource())
      print(Object.keys(ah.asyncWrapProviders).length, ah.asyncWrapProviders.NONE, ah.asyncWrapProviders.PROMISE, ah.asyncWrapProviders.INSPECTORJSBINDING, Object.getPrototypeOf(ah.asyncWrapProviders))
      const hook = ah.createHook({ init() {}, destroy: undefined })
      print(Object.keys(hook), hook.enable() === hook, hook.disable() === hook)
      print(attempt(() => ah.createHook({ init: 1 })), attempt(() => ah.createHook({ promiseResolve: 'x' })))
      print(Object.getOwnPropertyNames(ah.AsyncLocalStorage).sort(), typeof ah.AsyncLocalStorage.prototype.run)
      const r = new ah.AsyncResource('X')
      print(Object.keys(r), r.type, typeof r.asyncId(), typeof r.triggerAsyncId(), r.emitDestroy(), r.runInAsyncScope((a, b) => a + b, null, 1, 2), r.runInAsyncScope(function () { return this }, 'self'))
      print(attempt(() => new ah.AsyncResource()), attempt(() => new ah.AsyncResource(1)), attempt(() => new ah.AsyncResource('X', { triggerAsyncId: -2 })), new ah.AsyncResource('Y', 5).triggerAsyncId())
      const bound = ah.AsyncResource.bind(function named(a, b) { return [this, a, b] })
      print(bound.name, bound.length, typeof bound.asyncResource, bound(1, 2)[1])
      print(r.bind((x) => x * 2)(21), r.bind(function () { return this }, 'ctx')(), attempt(() => r.bind(5)))
    `,
  },
  {
    name: 'AsyncLocalStorage',
    code: `
      const { AsyncLocalStorage } = require('node:async_hooks')
      const als = new AsyncLocalStorage()
      print(als.getStore(), als.name, new AsyncLocalStorage({ name: 'n' }).name, new AsyncLocalStorage({ defaultValue: 5 }).getStore())
      print(als.run(1, () => als.run(2, () => als.getStore())), als.run(1, (a, b) => [als.getStore(), a, b], 'x', 'y'), als.getStore())
      print(als.run(undefined, () => als.getStore()), attempt(() => als.run(1, () => { throw new Error('inside') })), als.getStore())
      print(als.run(3, () => als.exit(() => als.getStore())), als.run(3, () => als.exit((a) => a, 'arg')))
      const other = new AsyncLocalStorage()
      print(als.run('a', () => other.run('b', () => [als.getStore(), other.getStore()])))
      const snap = als.run(9, () => AsyncLocalStorage.snapshot())
      print(snap(() => als.getStore()), snap((x) => x + als.getStore(), 1))
      const bound = als.run(8, () => AsyncLocalStorage.bind(() => als.getStore()))
      print(bound(), attempt(() => AsyncLocalStorage.bind(1)))
      const seen = []
      await new Promise((resolve) => {
        als.run('ctx', () => {
          setTimeout(() => { seen.push('timeout ' + als.getStore()) }, 1)
          const timer = setInterval(() => { seen.push('interval ' + als.getStore()); clearInterval(timer) }, 1)
          Promise.resolve().then(() => seen.push('then ' + als.getStore()))
          Promise.reject(new Error('x')).catch(() => seen.push('catch ' + als.getStore()))
          Promise.resolve().finally(() => seen.push('finally ' + als.getStore()))
          queueMicrotask(() => seen.push('microtask ' + als.getStore()))
          process.nextTick(() => seen.push('tick ' + als.getStore()))
          setTimeout(resolve, 10)
        })
      })
      print(seen.sort().join(', '), als.getStore())
      // A generator driven through .then, as code with async functions lowered to generators awaits.
      function lowered(generator) {
        return new Promise((resolve, reject) => {
          const step = (result) => result.done ? resolve(result.value) : Promise.resolve(result.value).then((v) => { try { step(generator.next(v)) } catch (e) { reject(e) } }, reject)
          step(generator.next())
        })
      }
      const viaThen = await als.run('lowered', () => lowered((function* () { yield null; const a = als.getStore(); yield new Promise((r) => setTimeout(r, 1)); return [a, als.getStore()] })()))
      print(viaThen, als.getStore())
      const r = als.run('resource', () => new (require('node:async_hooks').AsyncResource)('R'))
      print(r.runInAsyncScope(() => als.getStore()), als.run('other', () => r.runInAsyncScope(() => als.getStore())))
      als.enterWith('entered')
      print(als.getStore())
      als.disable()
      print(als.getStore(), als.run('again', () => als.getStore()))
    `,
  },
  {
    name: 'perf_hooks',
    code: `
      const ph = require('node:perf_hooks')
      const { performance } = ph
      print(Object.keys(ph).filter((k) => !['eventLoopUtilization', 'timerify', 'PerformanceNodeTiming'].includes(k)).sort())
      print(typeof performance.now(), typeof performance.timeOrigin, performance.now() >= 0, performance instanceof ph.Performance)
      print(ph.constants.NODE_PERFORMANCE_GC_MAJOR, ph.constants.NODE_PERFORMANCE_MILESTONE_LOOP_EXIT, Object.keys(ph.constants).length)
      const m = performance.mark('a', { detail: { x: 1 } })
      print(m.constructor.name, m.name, m.entryType, typeof m.startTime, m.duration, m.detail, Object.keys(m), Object.keys(m.toJSON()), m instanceof ph.PerformanceEntry, m instanceof ph.PerformanceMark)
      const detail = { nested: [1] }
      const cloned = performance.mark('c', { detail })
      print(cloned.detail !== detail, cloned.detail, performance.mark('d').detail)
      const fixed = performance.mark('fixed', { startTime: 5 })
      print(fixed.startTime)
      performance.mark('b')
      const me = performance.measure('a-b', 'a', 'b')
      print(me.constructor.name, me.entryType, me.name, typeof me.duration, me.duration >= 0, me.detail, Object.keys(me.toJSON()))
      print(performance.measure('from-a', 'a').duration >= 0, performance.measure('all').startTime, performance.measure('opt', { start: 'fixed', end: 'b' }).startTime)
      print(performance.measure('dur', { start: 5, duration: 10 }).duration, performance.measure('det', { start: 'fixed', detail: { d: 1 } }).detail)
      print(performance.getEntriesByType('mark').map((e) => e.name), performance.getEntriesByName('a-b').length, performance.getEntriesByName('a', 'measure').length)
      performance.clearMarks('a')
      print(performance.getEntriesByType('mark').map((e) => e.name))
      performance.clearMeasures()
      print(performance.getEntriesByType('measure').length)
      performance.clearMarks()
      print(performance.getEntries().length)
      print(attempt(() => performance.measure('bad', 'nope')))
      print(attempt(() => performance.mark()), attempt(() => performance.measure()))
      print(attempt(() => performance.mark('x', { startTime: -1 })))
      print(attempt(() => new ph.PerformanceEntry()), attempt(() => new ph.Performance()), new ph.PerformanceMark('standalone').name, performance.getEntries().length)
      const doubled = performance.timerify(function f(a) { return a * 2 })
      print(typeof doubled, doubled(21), doubled.name, doubled.length, attempt(() => performance.timerify(5)))
      const seen = []
      const obs = new ph.PerformanceObserver((list, observer) => { seen.push([list.getEntries().map((e) => e.name + ':' + e.entryType), observer === obs, list.getEntriesByType('mark').length, list.getEntriesByName('o1').length]) })
      obs.observe({ entryTypes: ['mark', 'function'] })
      performance.mark('o1'); performance.mark('o2'); doubled(1)
      await tick()
      obs.disconnect()
      performance.mark('after-disconnect')
      await tick()
      print(seen)
      print(ph.PerformanceObserver.supportedEntryTypes)
      print(attempt(() => obs.observe({})), attempt(() => new ph.PerformanceObserver(5)))
      print(Object.keys(performance.toJSON()).includes('timeOrigin'))
      performance.clearMarks()
    `,
  },
  {
    name: 'histograms',
    code: `
      const ph = require('node:perf_hooks')
      const show = (h) => [h.min, h.max, h.mean, h.stddev, h.count, h.exceeds, h.percentile(50), h.percentile(99), h.percentile(100), [...h.percentiles].map(([k, v]) => k + ':' + v).join(';')].join(' | ')
      const h = ph.createHistogram()
      for (const v of [1, 2, 3, 2047, 2048, 2049, 4095, 4097, 100000, 123456789, 9007199254740991]) h.record(v)
      print(h.constructor.name, show(h))
      const g = ph.createHistogram({ figures: 1, lowest: 10, highest: 100000 })
      for (const v of [5, 10, 11, 99, 150, 1234, 99999, 100000, 100001, 200000]) g.record(v)
      print(show(g))
      const k = ph.createHistogram()
      for (let i = 1; i <= 100; i++) k.record(i * 37)
      print(show(k))
      const f5 = ph.createHistogram({ figures: 5 })
      for (let i = 1; i <= 50; i++) f5.record(i * i * 977)
      print(show(f5))
      const b = ph.createHistogram(); b.record(5n); b.record(7)
      print(b.minBigInt, b.maxBigInt, b.percentileBigInt(50), b.countBigInt, b.exceedsBigInt, [...b.percentilesBigInt].join(';'))
      const bad = ph.createHistogram()
      for (const v of ['5', true, {}, 0, 0.5, -5n, Infinity, NaN, 2 ** 60, 2n ** 60n]) print('record', String(v), attempt(() => bad.record(v)))
      print(bad.count, bad.exceeds, bad.max, bad.min)
      print(attempt(() => bad.percentile('x')), attempt(() => bad.percentile(0)), attempt(() => bad.percentile(101)), attempt(() => bad.percentile(NaN)))
      const empty = ph.createHistogram()
      print(empty.percentile(50), empty.min, empty.max, empty.mean, empty.stddev, [...empty.percentiles])
      k.reset()
      print(show(k))
      const x = ph.createHistogram(); x.record(3); const y = ph.createHistogram(); y.record(7); y.record(9)
      print(x.add(y), x.count, x.min, x.max, attempt(() => x.add(5)))
      print(Object.keys(x), Object.getOwnPropertyNames(Object.getPrototypeOf(x)).sort())
      print(attempt(() => ph.createHistogram(5)), attempt(() => ph.createHistogram({ lowest: 0 })), attempt(() => ph.createHistogram({ highest: 1 })), attempt(() => ph.createHistogram({ lowest: 5, highest: 9 })), attempt(() => ph.createHistogram({ figures: 6 })), attempt(() => ph.createHistogram({ lowest: 'x' })))
      const d = ph.createHistogram(); d.recordDelta(); await new Promise((r) => setTimeout(r, 3)); d.recordDelta()
      print(d.count, d.min > 1e6)
      const mon = ph.monitorEventLoopDelay({ resolution: 5 })
      print(mon.constructor.name, Object.keys(mon), mon.enable === ph.monitorEventLoopDelay().enable, typeof mon.record, mon.enable(), mon.enable())
      await new Promise((r) => setTimeout(r, 60))
      print(mon.disable(), mon.disable(), mon.count > 0, mon.min >= 1, mon.max >= mon.min)
      print(attempt(() => ph.monitorEventLoopDelay({ resolution: 0 })), attempt(() => ph.monitorEventLoopDelay(5)), attempt(() => ph.monitorEventLoopDelay({ resolution: 'x' })))
    `,
  },
  {
    name: 'diagnostics_channel',
    code: `
      const dc = require('node:diagnostics_channel')
      const { AsyncLocalStorage } = require('node:async_hooks')
      print(Object.keys(dc).sort())
      print(attempt(() => dc.channel(1)), attempt(() => dc.subscribe(1, () => {})), attempt(() => dc.channel('x').subscribe(5)), attempt(() => dc.tracingChannel(5)), attempt(() => dc.tracingChannel({ start: 1 })))
      const c = dc.channel('a')
      print(c === dc.channel('a'), c.name, c.hasSubscribers, c instanceof dc.Channel, Object.keys(c))
      const fn = (msg, name) => print('got', msg, name)
      c.subscribe(fn)
      print(c.hasSubscribers, dc.hasSubscribers('a'), dc.hasSubscribers('zz'))
      c.publish({ v: 1 })
      print(c.unsubscribe(fn), c.unsubscribe(fn), c.hasSubscribers)
      print(dc.subscribe('b', fn), dc.unsubscribe('b', fn), dc.unsubscribe('nope', fn))
      print(String(dc.channel(Symbol.for('sym')).name))
      const caught = []
      const onUncaught = (e) => caught.push(e.message)
      process.on('uncaughtException', onUncaught)
      const c2 = dc.channel('err')
      c2.subscribe(() => { throw new Error('sub fail') })
      c2.subscribe(() => print('second still runs'))
      c2.publish(1)
      await tick()
      process.off('uncaughtException', onUncaught)
      print(caught)
      const als = new AsyncLocalStorage()
      const c3 = dc.channel('stores')
      c3.bindStore(als, (d) => ({ wrapped: d }))
      print(c3.hasSubscribers)
      print(c3.runStores('data', function (x) { return [this, x, als.getStore()] }, 'self', 'arg'))
      print(c3.unbindStore(als), c3.unbindStore(als), c3.hasSubscribers)
      const tc = dc.tracingChannel('op')
      print(Object.keys(tc), tc.start.name, tc.asyncEnd.name, tc.hasSubscribers, tc.start === dc.channel('tracing:op:start'))
      const events = []
      const handlers = { start: (ctx) => events.push('start:' + JSON.stringify(ctx)), end: (ctx) => events.push('end:' + JSON.stringify(ctx)), asyncStart: () => events.push('asyncStart'), asyncEnd: () => events.push('asyncEnd'), error: (ctx) => events.push('error:' + ctx.error.message) }
      tc.subscribe(handlers)
      print(tc.traceSync((a, b) => a + b, { id: 1 }, null, 2, 3))
      print(attempt(() => tc.traceSync(() => { throw new Error('sync fail') }, { id: 2 })))
      print(await tc.tracePromise(async (x) => x * 2, { id: 3 }, null, 21))
      print(await attemptAsync(() => tc.tracePromise(async () => { throw new Error('async fail') }, { id: 4 })))
      await new Promise((res) => tc.traceCallback((a, cb) => setTimeout(() => cb(null, a + 1), 1), 1, { id: 5 }, null, 41, (err, v) => { print('cb', err, v); res() }))
      print(attempt(() => tc.traceCallback(() => {}, 0, {}, null, 5)))
      print(events.join('\\n'))
      print(tc.unsubscribe(handlers), tc.unsubscribe(handlers))
      print(tc.traceSync(() => 'no subs', {}))
      const custom = dc.tracingChannel({ start: dc.channel('s'), end: dc.channel('e'), asyncStart: dc.channel('as'), asyncEnd: dc.channel('ae'), error: dc.channel('er') })
      print(custom.start.name, custom.error.name)
    `,
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['async-hooks', 'perf-hooks', 'diagnostics-channel', 'buffer', 'events'])
  bun = runBun(SCENARIOS).cases
  const hooks = build['async-hooks'] as {
    installAsyncContext: () => void
    bindToCurrentContext: <F>(fn: F) => F
  }
  ours = (
    await runOurs(build, SCENARIOS, {}, (_ctx, proc) => {
      // As the runtime does: the realm's scheduling functions carry the context, and so do ticks.
      hooks.installAsyncContext()
      proc.bindCallback = hooks.bindToCurrentContext
    })
  ).cases
})

describe('async_hooks, perf_hooks, diagnostics_channel against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

describe('AsyncLocalStorage limits', () => {
  it('loses the store across a native await (documented limit; Bun keeps it)', async () => {
    const { AsyncLocalStorage } = build['async-hooks'] as {
      AsyncLocalStorage: new () => { run: <R>(s: unknown, f: () => R) => R; getStore(): unknown }
    }
    const als = new AsyncLocalStorage()
    const after = await als.run('kept?', async () => {
      await null
      return als.getStore()
    })
    expect(after).toBeUndefined()
  })
})

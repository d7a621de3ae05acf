/**
 * `node:perf_hooks`: a Node-shaped `performance` (marks, measures,
 * `timerify`, Bun's error messages) on the host's monotonic clock,
 * `PerformanceObserver`, HDR histograms (`createHistogram`) and
 * `monitorEventLoopDelay` (a timer's lateness, sampled every `resolution` ms).
 *
 * The integrator installs {@link performance} as the global `performance`
 * (Bun's `perf_hooks.performance === globalThis.performance`).
 *
 * Left out: `eventLoopUtilization` and `nodeTiming` (a page cannot observe its
 * event loop's idle time nor the process's start-up milestones), and the
 * resource-timing buffer (`markResourceTiming`, `setResourceTimingBufferSize`):
 * nothing here produces resource entries.
 */
import type { NodeContext } from './context.js'
import { codedError, invalidArgType, outOfRange, validateFunction, validateObject } from './internal/node-b-errors.js'
import { Histogram, type HistogramOptions, makeHistogram, recordValue } from './internal/perf-hooks-histogram.js'

/** The host's clock, captured before the runtime installs its own `performance` global. */
const clock: { now(): number; timeOrigin: number } = (() => {
  const host = globalThis.performance
  return { now: () => host.now(), timeOrigin: host.timeOrigin }
})()

const kEntry: unique symbol = Symbol('kEntry')

interface EntryData {
  name: string
  entryType: string
  startTime: number
  duration: number
  detail?: unknown
}

function illegal(): TypeError {
  return codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor')
}

function dataOf(entry: unknown): EntryData {
  const data = (entry as { [kEntry]?: EntryData } | null)?.[kEntry]
  if (!data) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type PerformanceEntry')
  return data
}

/** A recorded entry (its fields are prototype getters, as in Bun). */
export class PerformanceEntry {
  declare [kEntry]: EntryData

  constructor(key?: symbol, data?: EntryData) {
    if (key !== kEntry || !data) throw illegal()
    Object.defineProperty(this, kEntry, { value: data })
  }
  get name(): string {
    return dataOf(this).name
  }
  get entryType(): string {
    return dataOf(this).entryType
  }
  get startTime(): number {
    return dataOf(this).startTime
  }
  get duration(): number {
    return dataOf(this).duration
  }
  toJSON(): Record<string, unknown> {
    const data = dataOf(this)
    const json: Record<string, unknown> = {
      name: data.name,
      entryType: data.entryType,
      startTime: data.startTime,
      duration: data.duration,
    }
    if ('detail' in data) json.detail = data.detail
    return json
  }
}

function cloneDetail(detail: unknown): unknown {
  if (detail === undefined || detail === null) return null
  return structuredClone(detail)
}

/** `performance.mark()`'s entry; also constructible directly (it is then not recorded). */
export class PerformanceMark extends PerformanceEntry {
  constructor(...args: [name?: string, options?: { detail?: unknown; startTime?: number }]) {
    if (args.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'Not enough arguments')
    const [name, options] = args
    if (options !== undefined && options !== null) validateObject(options, 'options')
    const startTime = options?.startTime ?? clock.now()
    if (typeof startTime !== 'number' || !(startTime >= 0)) throw new TypeError('Type error')
    super(kEntry, {
      name: String(name),
      entryType: 'mark',
      startTime,
      duration: 0,
      detail: cloneDetail(options?.detail),
    })
  }
  get detail(): unknown {
    return dataOf(this).detail
  }
}

/** `performance.measure()`'s entry. */
export class PerformanceMeasure extends PerformanceEntry {
  constructor(key?: symbol, data?: EntryData) {
    super(key, data)
  }
  get detail(): unknown {
    return dataOf(this).detail
  }
}

/** Node's resource-timing entry class (no resource entries are produced here). */
export class PerformanceResourceTiming extends PerformanceEntry {}

// --- observers -----------------------------------------------------------------------------------

const SUPPORTED_TYPES = Object.freeze([
  'dns',
  'function',
  'http',
  'http2',
  'mark',
  'measure',
  'net',
  'quic',
  'resource',
])

/** The entries handed to an observer's callback. */
export class PerformanceObserverEntryList {
  readonly #entries: PerformanceEntry[]
  constructor(key?: symbol, entries?: PerformanceEntry[]) {
    if (key !== kEntry || !entries) throw illegal()
    this.#entries = entries
  }
  getEntries(): PerformanceEntry[] {
    return [...this.#entries]
  }
  getEntriesByType(type: string): PerformanceEntry[] {
    return this.#entries.filter((entry) => entry.entryType === String(type))
  }
  getEntriesByName(name: string, type?: string): PerformanceEntry[] {
    return this.#entries.filter(
      (entry) => entry.name === String(name) && (type === undefined || entry.entryType === String(type)),
    )
  }
}

type ObserverCallback = (list: PerformanceObserverEntryList, observer: PerformanceObserver) => void
const observers = new Set<PerformanceObserver>()

/** `PerformanceObserver`: receives new entries of the observed types, batched. */
export class PerformanceObserver {
  readonly #callback: ObserverCallback
  #types = new Set<string>()
  #buffer: PerformanceEntry[] = []
  #scheduled = false

  static get supportedEntryTypes(): readonly string[] {
    return SUPPORTED_TYPES
  }

  constructor(callback: ObserverCallback) {
    if (typeof callback !== 'function') {
      throw codedError(
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        "Argument 1 ('callback') to the PerformanceObserver constructor must be a function",
      )
    }
    this.#callback = callback
  }

  observe(options: { entryTypes?: string[]; type?: string; buffered?: boolean } = {}): void {
    validateObject(options, 'options')
    const { entryTypes, type, buffered } = options
    if (entryTypes === undefined && type === undefined) throw new TypeError('no type or entryTypes were provided')
    const types = entryTypes !== undefined ? [...entryTypes].map(String) : [String(type)]
    this.#types = new Set(types.filter((item) => SUPPORTED_TYPES.includes(item)))
    observers.add(this)
    if (buffered && type !== undefined) {
      for (const entry of buffer) if (this.#types.has(entry.entryType)) this.#enqueue(entry)
    }
  }

  disconnect(): void {
    observers.delete(this)
    this.#buffer = []
  }

  takeRecords(): PerformanceEntry[] {
    const records = this.#buffer
    this.#buffer = []
    return records
  }

  /** @internal Delivers `entry` if this observer watches its type. */
  notify(entry: PerformanceEntry): void {
    if (this.#types.has(entry.entryType)) this.#enqueue(entry)
  }

  #enqueue(entry: PerformanceEntry): void {
    this.#buffer.push(entry)
    if (this.#scheduled) return
    this.#scheduled = true
    queueMicrotask(() => {
      this.#scheduled = false
      // As Bun: timeline entries (marks, measures) and function entries arrive in separate calls.
      const batches: PerformanceEntry[][] = []
      for (const item of this.takeRecords()) {
        const last = batches[batches.length - 1]
        if (last && (last[0]!.entryType === 'function') === (item.entryType === 'function')) last.push(item)
        else batches.push([item])
      }
      for (const batch of batches) this.#callback(new PerformanceObserverEntryList(kEntry, batch), this)
    })
  }
}

function publish(entry: PerformanceEntry): void {
  for (const observer of observers) observer.notify(entry)
}

// --- performance ---------------------------------------------------------------------------------

/** Marks and measures of the realm's `performance` (Node keeps them in the timeline too). */
const buffer: PerformanceEntry[] = []

function findMark(name: string): number {
  for (let i = buffer.length - 1; i >= 0; i--) {
    const entry = buffer[i]!
    if (entry.entryType === 'mark' && entry.name === name) return entry.startTime
  }
  throw new SyntaxError(`No mark named '${name}' exists`)
}

function timeOf(value: unknown): number {
  if (typeof value === 'number') return value
  return findMark(String(value))
}

interface MeasureOptions {
  start?: string | number
  end?: string | number
  duration?: number
  detail?: unknown
}

/** Node's `Performance` (one instance: {@link performance}). */
export class Performance {
  constructor(key?: symbol) {
    if (key !== kEntry) throw illegal()
  }

  get timeOrigin(): number {
    return clock.timeOrigin
  }

  now(): number {
    return clock.now()
  }

  mark(...args: [name?: string, options?: { detail?: unknown; startTime?: number }]): PerformanceMark {
    if (args.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'Not enough arguments')
    const mark = new PerformanceMark(...args)
    buffer.push(mark)
    publish(mark)
    return mark
  }

  measure(...args: [name?: string, startOrOptions?: string | MeasureOptions, endMark?: string]): PerformanceMeasure {
    if (args.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'Not enough arguments')
    const [name, startOrOptions, endMark] = args
    let start: number
    let end: number
    let detail: unknown = null
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      const options = startOrOptions
      if (endMark !== undefined) throw new TypeError('Type error')
      if (
        options.start === undefined &&
        options.end === undefined &&
        options.duration === undefined &&
        !('detail' in options)
      ) {
        start = 0
        end = clock.now()
      } else {
        if (options.start !== undefined && options.end !== undefined && options.duration !== undefined) {
          throw new TypeError('Type error')
        }
        const endTime = options.end !== undefined ? timeOf(options.end) : undefined
        const startTime = options.start !== undefined ? timeOf(options.start) : undefined
        if (endTime !== undefined) end = endTime
        else if (startTime !== undefined && options.duration !== undefined) end = startTime + options.duration
        else end = clock.now()
        if (startTime !== undefined) start = startTime
        else if (options.duration !== undefined && endTime !== undefined) start = endTime - options.duration
        else start = 0
      }
      detail = cloneDetail(options.detail)
    } else {
      end = endMark !== undefined ? timeOf(endMark) : clock.now()
      start = startOrOptions !== undefined ? timeOf(startOrOptions) : 0
    }
    const measure = new PerformanceMeasure(kEntry, {
      name: String(name),
      entryType: 'measure',
      startTime: start,
      duration: end - start,
      detail,
    })
    buffer.push(measure)
    publish(measure)
    return measure
  }

  getEntries(): PerformanceEntry[] {
    return [...buffer].sort((a, b) => a.startTime - b.startTime)
  }

  getEntriesByName(name: string, type?: string): PerformanceEntry[] {
    return this.getEntries().filter(
      (entry) => entry.name === String(name) && (type === undefined || entry.entryType === String(type)),
    )
  }

  getEntriesByType(type: string): PerformanceEntry[] {
    return this.getEntries().filter((entry) => entry.entryType === String(type))
  }

  clearMarks(name?: string): void {
    clearEntries('mark', name)
  }

  clearMeasures(name?: string): void {
    clearEntries('measure', name)
  }

  /** No resource entries are recorded: nothing to clear. */
  clearResourceTimings(): void {}

  /**
   * Wraps `fn` so each call is timed: a `function` entry goes to observers
   * and, with `options.histogram`, the duration (ns) is recorded there.
   */
  timerify<F extends (...args: never[]) => unknown>(fn: F, options: { histogram?: Histogram } = {}): F {
    validateFunction(fn, 'fn')
    validateObject(options, 'options')
    const { histogram } = options
    if (histogram !== undefined && !(histogram instanceof Histogram)) {
      throw invalidArgType('options.histogram', 'RecordableHistogram', histogram)
    }
    const timed = function (this: unknown, ...args: unknown[]) {
      const startTime = clock.now()
      const result = new.target
        ? Reflect.construct(fn as unknown as new (...a: unknown[]) => unknown, args, fn)
        : Reflect.apply(fn, this, args)
      const finish = () => {
        const duration = clock.now() - startTime
        if (histogram) recordValue(histogram, Math.max(1, Math.round(duration * 1e6)))
        publish(
          new PerformanceEntry(kEntry, { name: fn.name, entryType: 'function', startTime, duration, detail: args }),
        )
      }
      if (result instanceof Promise) return result.finally(finish)
      finish()
      return result
    }
    Object.defineProperty(timed, 'name', { value: `timerified ${fn.name}`, configurable: true })
    Object.defineProperty(timed, 'length', { value: fn.length, configurable: true })
    return timed as unknown as F
  }

  toJSON(): { timeOrigin: number } {
    return { timeOrigin: clock.timeOrigin }
  }
}

function clearEntries(type: string, name?: string): void {
  for (let i = buffer.length - 1; i >= 0; i--) {
    const entry = buffer[i]!
    if (entry.entryType === type && (name === undefined || entry.name === String(name))) buffer.splice(i, 1)
  }
}

/** The realm's `performance` (the integrator makes it the global one). */
export const performance: Performance = new Performance(kEntry)

// --- histograms ----------------------------------------------------------------------------------

/** `perf_hooks.createHistogram(options)`. */
export function createHistogram(options?: HistogramOptions): Histogram {
  return makeHistogram(options)
}

/** A histogram sampled by `monitorEventLoopDelay` (own `enable`/`disable`, as in Bun). */
export type IntervalHistogram = Histogram & { enable(): boolean; disable(): boolean }

const sampling = new WeakMap<Histogram, { resolution: number; timer?: ReturnType<typeof setTimeout> }>()

function enable(this: Histogram): boolean {
  const state = sampling.get(this)
  if (!state || state.timer !== undefined) return false
  let expected = clock.now() + state.resolution
  const schedule = () => {
    state.timer = setTimeout(sample, state.resolution)
    // Sampling must not keep the process alive.
    ;(state.timer as { unref?: () => void }).unref?.()
  }
  const sample = () => {
    const now = clock.now()
    recordValue(this, Math.max(1, Math.round((now - expected) * 1e6)))
    expected = now + state.resolution
    schedule()
  }
  schedule()
  return true
}

function disable(this: Histogram): boolean {
  const state = sampling.get(this)
  if (!state || state.timer === undefined) return false
  clearTimeout(state.timer)
  state.timer = undefined
  return true
}

/** `perf_hooks.monitorEventLoopDelay({ resolution })`: how late a `resolution`-ms timer fires (ns). */
export function monitorEventLoopDelay(options: { resolution?: number } = {}): IntervalHistogram {
  validateObject(options, 'options')
  const resolution = options.resolution ?? 10
  if (typeof resolution !== 'number') throw invalidArgType('options.resolution', 'number', resolution)
  if (!Number.isInteger(resolution)) throw outOfRange('options.resolution', 'an integer', resolution)
  if (resolution < 1 || resolution > Number.MAX_SAFE_INTEGER) {
    throw outOfRange('options.resolution', `>= 1 && <= ${Number.MAX_SAFE_INTEGER}`, resolution)
  }
  const histogram = makeHistogram() as IntervalHistogram
  sampling.set(histogram, { resolution })
  Object.assign(histogram, { enable, disable })
  return histogram
}

/** Node's `perf_hooks.constants`. */
const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  NODE_PERFORMANCE_ENTRY_TYPE_DNS: 4,
  NODE_PERFORMANCE_ENTRY_TYPE_GC: 0,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP: 1,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP2: 2,
  NODE_PERFORMANCE_ENTRY_TYPE_NET: 3,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE: 7,
  NODE_PERFORMANCE_MILESTONE_ENVIRONMENT: 2,
  NODE_PERFORMANCE_MILESTONE_LOOP_EXIT: 6,
  NODE_PERFORMANCE_MILESTONE_LOOP_START: 5,
  NODE_PERFORMANCE_MILESTONE_NODE_START: 3,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP: 0,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN: 1,
  NODE_PERFORMANCE_MILESTONE_V8_START: 4,
})

/** What `require('node:perf_hooks')` returns. */
export interface PerfHooksModule {
  performance: Performance
  Performance: typeof Performance
  PerformanceEntry: typeof PerformanceEntry
  PerformanceMark: typeof PerformanceMark
  PerformanceMeasure: typeof PerformanceMeasure
  PerformanceObserver: typeof PerformanceObserver
  PerformanceObserverEntryList: typeof PerformanceObserverEntryList
  PerformanceResourceTiming: typeof PerformanceResourceTiming
  createHistogram: typeof createHistogram
  monitorEventLoopDelay: typeof monitorEventLoopDelay
  constants: typeof CONSTANTS
}

/** Builds `node:perf_hooks` (the timeline and observers are the realm's). */
export function createPerfHooks(_ctx: NodeContext): PerfHooksModule {
  return {
    performance,
    Performance,
    PerformanceEntry,
    PerformanceMark,
    PerformanceMeasure,
    PerformanceObserver,
    PerformanceObserverEntryList,
    PerformanceResourceTiming,
    createHistogram,
    monitorEventLoopDelay,
    constants: CONSTANTS,
  }
}

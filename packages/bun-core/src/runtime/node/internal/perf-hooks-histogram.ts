/**
 * Node's histograms (`perf_hooks.createHistogram`, `monitorEventLoopDelay`)
 * with HdrHistogram's bucketing, as Bun reports them: values are counted in
 * HDR buckets of `figures` significant digits (percentiles are a bucket's
 * highest equivalent value, the mean uses its median), while `min` and `max`
 * are the raw extremes.
 */
import { codedError, invalidArgType, invalidArgTypeOf, outOfRange, validateObject } from './node-b-errors.js'

/** INT64_MAX as a double (what Bun reports as `min` of an empty histogram). */
const INT64_MAX_AS_NUMBER = 2 ** 63

function bitLength(value: number): number {
  if (value <= 0) return 0
  const high = Math.floor(value / 4294967296)
  return high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(value >>> 0)
}

/** The HDR layout of one histogram. */
class HdrLayout {
  readonly unitMagnitude: number
  readonly subBucketHalfCountMagnitude: number
  readonly subBucketCount: number
  readonly subBucketHalfCount: number
  readonly subBucketMask: number

  constructor(lowest: number, figures: number) {
    const largestSingleUnit = 2 * 10 ** figures
    const subBucketCountMagnitude = Math.ceil(Math.log2(largestSingleUnit))
    this.subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1
    this.unitMagnitude = Math.floor(Math.log2(lowest))
    this.subBucketCount = 2 ** (this.subBucketHalfCountMagnitude + 1)
    this.subBucketHalfCount = this.subBucketCount / 2
    this.subBucketMask = (this.subBucketCount - 1) * 2 ** this.unitMagnitude
  }

  bucketIndex(value: number): number {
    // `value | mask` on up-to-53-bit integers: the mask only matters below 2^32.
    const low = (value % 4294967296) | this.subBucketMask
    const merged = Math.floor(value / 4294967296) * 4294967296 + (low >>> 0)
    return bitLength(merged) - this.unitMagnitude - (this.subBucketHalfCountMagnitude + 1)
  }

  countsIndex(value: number): number {
    const bucket = this.bucketIndex(value)
    const subBucket = Math.floor(value / 2 ** (bucket + this.unitMagnitude))
    return (bucket + 1) * 2 ** this.subBucketHalfCountMagnitude + (subBucket - this.subBucketHalfCount)
  }

  valueAtIndex(index: number): number {
    let bucket = Math.floor(index / 2 ** this.subBucketHalfCountMagnitude) - 1
    let subBucket = (index % 2 ** this.subBucketHalfCountMagnitude) + this.subBucketHalfCount
    if (bucket < 0) {
      subBucket -= this.subBucketHalfCount
      bucket = 0
    }
    return subBucket * 2 ** (bucket + this.unitMagnitude)
  }

  rangeSize(value: number): number {
    const bucket = this.bucketIndex(value)
    const subBucket = Math.floor(value / 2 ** (bucket + this.unitMagnitude))
    const adjusted = subBucket >= this.subBucketCount ? bucket + 1 : bucket
    return 2 ** (this.unitMagnitude + adjusted)
  }

  lowestEquivalent(value: number): number {
    const bucket = this.bucketIndex(value)
    const subBucket = Math.floor(value / 2 ** (bucket + this.unitMagnitude))
    return subBucket * 2 ** (bucket + this.unitMagnitude)
  }

  highestEquivalent(value: number): number {
    return this.lowestEquivalent(value) + this.rangeSize(value) - 1
  }

  medianEquivalent(value: number): number {
    return this.lowestEquivalent(value) + Math.floor(this.rangeSize(value) / 2)
  }
}

const kState: unique symbol = Symbol('histogram')

interface State {
  layout: HdrLayout
  lowest: number
  highest: number
  counts: Map<number, number>
  total: number
  min: number
  max: number
  exceeds: number
  lastDelta: number | undefined
}

function stateOf(histogram: unknown): State {
  const state = (histogram as { [kState]?: State } | null)?.[kState]
  if (!state) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Histogram')
  return state
}

function freshState(lowest: number, highest: number, figures: number): State {
  return {
    layout: new HdrLayout(lowest, figures),
    lowest,
    highest,
    counts: new Map(),
    total: 0,
    min: INT64_MAX_AS_NUMBER,
    max: 0,
    exceeds: 0,
    lastDelta: undefined,
  }
}

function sortedIndices(state: State): number[] {
  return [...state.counts.keys()].sort((a, b) => a - b)
}

function valueAtPercentile(state: State, percentile: number): number {
  if (state.total === 0) return 0
  const wanted = Math.max(Math.floor((Math.min(percentile, 100) / 100) * state.total + 0.5), 1)
  let seen = 0
  for (const index of sortedIndices(state)) {
    seen += state.counts.get(index)!
    if (seen >= wanted) return state.layout.highestEquivalent(state.layout.valueAtIndex(index))
  }
  return 0
}

/** HdrHistogram's percentile iteration (one tick per half distance), as Node's `percentiles` map. */
function percentileMap(state: State): Map<number, number | bigint> {
  const map = new Map<number, number | bigint>()
  if (state.total === 0) {
    map.set(100, 0n)
    return map
  }
  const indices = sortedIndices(state)
  let level = 0
  let cumulative = 0
  let position = -1
  let value = 0
  for (;;) {
    if (cumulative >= state.total && position >= 0) {
      const reached = (cumulative / state.total) * 100 >= level
      if (!reached || level >= 100) break
    }
    if (position >= 0 && (cumulative / state.total) * 100 >= level) {
      map.set(level, state.layout.highestEquivalent(value))
      const halfDistance = 2 ** Math.floor(Math.log2(100 / (100 - level)) + 1)
      level += 100 / halfDistance
      if (cumulative >= state.total) break
      continue
    }
    position++
    if (position >= indices.length) break
    cumulative += state.counts.get(indices[position]!)!
    value = state.layout.valueAtIndex(indices[position]!)
  }
  map.set(100, state.layout.highestEquivalent(value))
  return map
}

function toNumber(value: unknown, name: string): number {
  if (typeof value === 'bigint') return Number(value)
  if (typeof value !== 'number') throw invalidArgType(name, ['number', 'bigint'], value)
  return value
}

/**
 * A histogram (Bun has one class, `Histogram`, for Node's Histogram,
 * RecordableHistogram and IntervalHistogram).
 */
export class Histogram {
  declare [kState]: State

  constructor(key?: symbol) {
    if (key !== kState) throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor')
  }

  get count(): number {
    return stateOf(this).total
  }
  get countBigInt(): bigint {
    return BigInt(stateOf(this).total)
  }
  get min(): number {
    return stateOf(this).min
  }
  get minBigInt(): bigint {
    return BigInt(stateOf(this).min)
  }
  get max(): number {
    return stateOf(this).max
  }
  get maxBigInt(): bigint {
    return BigInt(stateOf(this).max)
  }
  get exceeds(): number {
    return stateOf(this).exceeds
  }
  get exceedsBigInt(): bigint {
    return BigInt(stateOf(this).exceeds)
  }
  get mean(): number {
    const state = stateOf(this)
    if (state.total === 0) return Number.NaN
    let sum = 0
    for (const [index, count] of state.counts)
      sum += count * state.layout.medianEquivalent(state.layout.valueAtIndex(index))
    return sum / state.total
  }
  get stddev(): number {
    const state = stateOf(this)
    if (state.total === 0) return Number.NaN
    const mean = this.mean
    let sum = 0
    for (const [index, count] of state.counts) {
      const deviation = state.layout.medianEquivalent(state.layout.valueAtIndex(index)) - mean
      sum += count * deviation * deviation
    }
    return Math.sqrt(sum / state.total)
  }
  get percentiles(): Map<number, number | bigint> {
    return percentileMap(stateOf(this))
  }
  get percentilesBigInt(): Map<number, bigint> {
    const map = new Map<number, bigint>()
    for (const [key, value] of percentileMap(stateOf(this))) map.set(key, BigInt(value))
    return map
  }

  percentile(percentile: number): number {
    if (typeof percentile !== 'number') throw invalidArgType('percentile', 'number', percentile)
    if (!(percentile > 0 && percentile <= 100)) {
      throw outOfRange('percentile', percentile <= 0 ? '> 0 && <= 100' : '>= 0 && <= 100', percentile)
    }
    return valueAtPercentile(stateOf(this), percentile)
  }

  percentileBigInt(percentile: number): bigint {
    return BigInt(this.percentile(percentile))
  }

  record(value: number | bigint): void {
    recordValue(this, value)
  }

  /** Records the nanoseconds since the previous call (the first call only starts the clock). */
  recordDelta(): void {
    const state = stateOf(this)
    const now = performance.now() * 1e6
    if (state.lastDelta !== undefined) recordValue(this, Math.max(1, Math.round(now - state.lastDelta)))
    state.lastDelta = now
  }

  /** Adds the counts of `other`; returns the number of values dropped (0: layouts are compatible here). */
  add(other: Histogram): number {
    if (!(other instanceof Histogram)) throw invalidArgTypeOf('argument', 'Histogram', other)
    const state = stateOf(this)
    const source = stateOf(other)
    for (const [index, count] of source.counts) {
      const value = source.layout.valueAtIndex(index)
      const target = state.layout.countsIndex(value)
      state.counts.set(target, (state.counts.get(target) ?? 0) + count)
      state.total += count
    }
    if (source.total > 0) {
      state.min = Math.min(state.min, source.min)
      state.max = Math.max(state.max, source.max)
    }
    state.exceeds += source.exceeds
    return 0
  }

  reset(): void {
    const state = stateOf(this)
    state.counts.clear()
    state.total = 0
    state.min = INT64_MAX_AS_NUMBER
    state.max = 0
    state.exceeds = 0
    state.lastDelta = undefined
  }
}

/** Counts `value` (an integer >= 1; above `highest` it only counts as exceeding). */
export function recordValue(histogram: Histogram, raw: unknown): void {
  const state = stateOf(histogram)
  if (typeof raw !== 'number' && typeof raw !== 'bigint') {
    throw invalidArgTypeOf('value', 'number or BigInt', raw)
  }
  const value = Number(raw)
  if (!(value >= 1) || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'value is out of range (must be >= 1)')
  }
  if (value > state.highest) {
    state.exceeds++
    return
  }
  const index = state.layout.countsIndex(value)
  state.counts.set(index, (state.counts.get(index) ?? 0) + 1)
  state.total++
  if (value < state.min) state.min = value
  if (value > state.max) state.max = value
}

/** Options of `createHistogram`. */
export interface HistogramOptions {
  lowest?: number | bigint
  highest?: number | bigint
  figures?: number
}

function boundedInteger(value: unknown, name: string, min: number, max: number): number {
  const n = toNumber(value, name)
  if (!Number.isInteger(n)) throw outOfRange(name, 'an integer', value)
  if (n < min || n > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value)
  return n
}

/** Makes a histogram of class `Kind` (validating Node's options). */
export function makeHistogram(options: HistogramOptions = {}): Histogram {
  validateObject(options, 'options')
  const lowest = boundedInteger(options.lowest ?? 1, 'options.lowest', 1, Number.MAX_SAFE_INTEGER)
  const highest = boundedInteger(
    options.highest ?? Number.MAX_SAFE_INTEGER,
    'options.highest',
    2 * lowest,
    Number.MAX_SAFE_INTEGER,
  )
  const figuresValue = options.figures ?? 3
  if (typeof figuresValue !== 'number') throw invalidArgType('options.figures', 'number', figuresValue)
  const figures = boundedInteger(figuresValue, 'options.figures', 1, 5)
  const histogram = new Histogram(kState)
  Object.defineProperty(histogram, kState, { value: freshState(lowest, highest, figures) })
  return histogram
}

export { kState as histogramKey }

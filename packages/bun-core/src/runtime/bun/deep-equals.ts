/**
 * `Bun.deepEquals(a, b, strict)` — the equality of `expect().toEqual()`
 * (loose) and `toStrictEqual()` (strict), as Bun defines them:
 *
 * - primitives compare with `Object.is` (so `NaN` equals `NaN`, `0` is not `-0`);
 * - loose: properties whose value is `undefined` count as absent, array
 *   holes as `undefined`, and prototypes are not compared;
 * - strict: `undefined` properties, holes and prototypes all count;
 * - Dates by time, RegExps by source and flags, boxed primitives by value,
 *   Errors by name and message, URLs by href, URLSearchParams by entries (any
 *   order), Headers by entries, Maps and Sets by content (any order), typed
 *   arrays and ArrayBuffers by bytes, symbol-keyed properties included;
 *   cycles are handled.
 *
 * Asymmetric matchers of `bun:test` hook in through {@link ASYMMETRIC}.
 */

/** An object with this symbol set to a function is an asymmetric matcher: `matcher[ASYMMETRIC](other)`. */
export const ASYMMETRIC: unique symbol = Symbol.for('vitamin-bun.asymmetricMatch')

type Pairs = Array<[unknown, unknown]>

/** Deep equality; see the file comment. */
export function deepEquals(a: unknown, b: unknown, strict = false): boolean {
  return equals(a, b, strict, [])
}

function asymmetric(value: unknown): ((other: unknown) => boolean) | null {
  if (value !== null && typeof value === 'object') {
    const fn = (value as Record<symbol, unknown>)[ASYMMETRIC]
    if (typeof fn === 'function') return (other) => (fn as (o: unknown) => boolean).call(value, other)
  }
  return null
}

function equals(a: unknown, b: unknown, strict: boolean, seen: Pairs): boolean {
  const left = asymmetric(a)
  if (left) return left(b)
  const right = asymmetric(b)
  if (right) return right(a)
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (typeof a === 'function' || typeof b === 'function') return false
    return false
  }
  for (const [x, y] of seen) if (x === a && y === b) return true
  seen.push([a, b])
  try {
    return compareObjects(a as object, b as object, strict, seen)
  } finally {
    seen.pop()
  }
}

function tag(value: object): string {
  return Object.prototype.toString.call(value)
}

function compareObjects(a: object, b: object, strict: boolean, seen: Pairs): boolean {
  const ta = tag(a)
  if (ta !== tag(b)) return false
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  switch (ta) {
    case '[object Date]':
      return Object.is((a as Date).getTime(), (b as Date).getTime())
    case '[object RegExp]':
      return (a as RegExp).source === (b as RegExp).source && (a as RegExp).flags === (b as RegExp).flags
    case '[object Number]':
    case '[object String]':
    case '[object Boolean]':
    case '[object BigInt]':
    case '[object Symbol]':
      if (!Object.is((a as { valueOf(): unknown }).valueOf(), (b as { valueOf(): unknown }).valueOf())) return false
      break
    case '[object Error]': {
      const ea = a as Error
      const eb = b as Error
      if (ea.name !== eb.name || ea.message !== eb.message) return false
      break
    }
    case '[object Map]':
      return compareMaps(a as Map<unknown, unknown>, b as Map<unknown, unknown>, strict, seen)
    case '[object Set]':
      return compareSets(a as Set<unknown>, b as Set<unknown>, strict, seen)
    case '[object ArrayBuffer]':
    case '[object SharedArrayBuffer]':
      return bytesEqual(new Uint8Array(a as ArrayBuffer), new Uint8Array(b as ArrayBuffer))
    case '[object DataView]':
      return bytesEqual(
        new Uint8Array((a as DataView).buffer, (a as DataView).byteOffset, (a as DataView).byteLength),
        new Uint8Array((b as DataView).buffer, (b as DataView).byteOffset, (b as DataView).byteLength),
      )
    case '[object WeakMap]':
    case '[object WeakSet]':
    case '[object Promise]':
      return false
    // Web classes whose state is not in properties: URLs by href, search params in any order, headers by entries.
    case '[object URL]':
      if ((a as URL).href !== (b as URL).href) return false
      break
    case '[object URLSearchParams]':
      if (!sameEntries(sortedEntries(a as URLSearchParams), sortedEntries(b as URLSearchParams))) return false
      break
    case '[object Headers]':
      if (!sameEntries([...(a as Headers)], [...(b as Headers)])) return false
      break
    // Bun compares only their own properties, not their bodies or fields: leave out the
    // symbol-keyed internals some hosts (Node's undici) keep on them.
    case '[object Request]':
    case '[object Response]':
    case '[object Blob]':
    case '[object File]':
    case '[object FormData]':
      return compareKeys(a, b, strict, seen, false, false)
  }
  if (ArrayBuffer.isView(a)) {
    const va = a as unknown as ArrayLike<unknown>
    const vb = b as unknown as ArrayLike<unknown>
    if (va.length !== vb.length) return false
    for (let i = 0; i < va.length; i++) if (!Object.is(va[i], vb[i])) return false
    return true
  }
  if (Array.isArray(a)) {
    const arrB = b as unknown[]
    if (a.length !== arrB.length) return false
    for (let i = 0; i < a.length; i++) {
      if (strict && i in a !== i in arrB) return false
      if (!equals(a[i], arrB[i], strict, seen)) return false
    }
    return compareKeys(a, b, strict, seen, true)
  }
  return compareKeys(a, b, strict, seen, false)
}

function ownKeys(value: object, skipIndices: boolean, symbols: boolean): PropertyKey[] {
  const keys: PropertyKey[] = []
  for (const key of Object.keys(value)) if (!(skipIndices && /^(0|[1-9]\d*)$/.test(key))) keys.push(key)
  if (symbols)
    for (const symbol of Object.getOwnPropertySymbols(value))
      if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol)
  return keys
}

function compareKeys(a: object, b: object, strict: boolean, seen: Pairs, arrays: boolean, symbols = true): boolean {
  const ra = a as Record<PropertyKey, unknown>
  const rb = b as Record<PropertyKey, unknown>
  let ka = ownKeys(a, arrays, symbols)
  let kb = ownKeys(b, arrays, symbols)
  if (!strict) {
    ka = ka.filter((k) => ra[k] !== undefined)
    kb = kb.filter((k) => rb[k] !== undefined)
  }
  if (ka.length !== kb.length) return false
  const inB = new Set(kb)
  for (const key of ka) {
    if (!inB.has(key)) return false
    if (!equals(ra[key], rb[key], strict, seen)) return false
  }
  return true
}

function compareMaps(a: Map<unknown, unknown>, b: Map<unknown, unknown>, strict: boolean, seen: Pairs): boolean {
  if (a.size !== b.size) return false
  outer: for (const [key, value] of a) {
    if (b.has(key)) {
      if (equals(value, b.get(key), strict, seen)) continue
      return false
    }
    for (const [otherKey, otherValue] of b)
      if (equals(key, otherKey, strict, seen) && equals(value, otherValue, strict, seen)) continue outer
    return false
  }
  return true
}

function compareSets(a: Set<unknown>, b: Set<unknown>, strict: boolean, seen: Pairs): boolean {
  if (a.size !== b.size) return false
  outer: for (const value of a) {
    if (b.has(value)) continue
    for (const other of b) if (equals(value, other, strict, seen)) continue outer
    return false
  }
  return true
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sortedEntries(params: URLSearchParams): Array<[string, string]> {
  return [...params].sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
}

function sameEntries(a: Array<[string, string]>, b: Array<[string, string]>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as [string, string]
    const y = b[i] as [string, string]
    if (x[0] !== y[0] || x[1] !== y[1]) return false
  }
  return true
}

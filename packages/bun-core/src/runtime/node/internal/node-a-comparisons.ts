/**
 * Deep equality as the real Bun's `assert.deepStrictEqual` /
 * `util.isDeepStrictEqual` (`strict`) and `assert.deepEqual` (`loose`)
 * define it: own enumerable keys (symbols too when strict), Map/Set contents
 * regardless of order, typed arrays by bytes, errors by name and message
 * (and `cause`/`errors`), boxed primitives by value, cycles allowed.
 * Primitives compare with `Object.is` in both modes (`NaN` equals `NaN`,
 * `0` differs from `-0`). `strict` also compares prototypes (as Bun does:
 * see `sameKind`). `loose` is
 * `Bun.deepEquals`' non-strict mode, not Node's `==` mode: prototypes are
 * ignored, and a property or array slot holding `undefined` equals a
 * missing one.
 */
import * as types from './node-a-types.js'

/** `structural`: strict, except that prototypes are not compared (`skipPrototype`). */
export type EqualityMode = 'strict' | 'structural' | 'loose'

interface Memos {
  a: Map<unknown, number>
  b: Map<unknown, number>
  position: number
}

const NO_ITERATOR = 0
const IS_ARRAY = 1
const IS_SET = 2
const IS_MAP = 3

const toStringTag = (value: unknown): string => Object.prototype.toString.call(value)
const isEnumerable = (value: object, key: PropertyKey): boolean =>
  Object.prototype.propertyIsEnumerable.call(value, key)
const hasOwn = (value: object, key: PropertyKey): boolean => Object.hasOwn(value, key)
const INDEX = /^(0|[1-9][0-9]*)$/

function nonIndexKeys(value: object, withSymbols: boolean): PropertyKey[] {
  const keys: PropertyKey[] = []
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string' && INDEX.test(key) && Number(key) < 2 ** 32 - 1) continue
    if (typeof key === 'symbol' && !withSymbols) continue
    if (isEnumerable(value, key)) keys.push(key)
  }
  return keys
}

function similarRegExps(a: RegExp, b: RegExp): boolean {
  return a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex
}

function bytesOf(view: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (ArrayBuffer.isView(view)) return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  return new Uint8Array(view)
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function similarFloatArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function equalBoxedPrimitives(a: object, b: object): boolean {
  if (types.isNumberObject(a)) {
    return types.isNumberObject(b) && Object.is(Number.prototype.valueOf.call(a), Number.prototype.valueOf.call(b))
  }
  if (types.isStringObject(a)) {
    return types.isStringObject(b) && String.prototype.valueOf.call(a) === String.prototype.valueOf.call(b)
  }
  if (types.isBooleanObject(a)) {
    return types.isBooleanObject(b) && Boolean.prototype.valueOf.call(a) === Boolean.prototype.valueOf.call(b)
  }
  if (types.isBigIntObject(a)) {
    return types.isBigIntObject(b) && BigInt.prototype.valueOf.call(a) === BigInt.prototype.valueOf.call(b)
  }
  return types.isSymbolObject(b) && Symbol.prototype.valueOf.call(a) === Symbol.prototype.valueOf.call(b)
}

function isErrorLike(value: unknown): boolean {
  return types.isNativeError(value) || value instanceof Error
}

/**
 * Bun's strict prototype test: equal prototypes, or (neither being null)
 * the same `constructor` (so `Object.create({ x: 1 })` equals `{}`).
 */
function sameKind(a: object, b: object): boolean {
  const protoA = Object.getPrototypeOf(a) as object | null
  const protoB = Object.getPrototypeOf(b) as object | null
  if (protoA === protoB) return true
  if (protoA === null || protoB === null) return false
  return (a as { constructor?: unknown }).constructor === (b as { constructor?: unknown }).constructor
}

function innerDeepEqual(a: unknown, b: unknown, mode: EqualityMode, memos: Memos | undefined): boolean {
  if (a === b) return a !== 0 || Object.is(a, b)
  if (typeof a !== 'object') return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b)
  if (typeof b !== 'object' || a === null || b === null) return false
  if (mode === 'strict' && !sameKind(a, b)) return false
  const left = a as object
  const right = b as object
  const tag = toStringTag(left)
  if (tag !== toStringTag(right)) return false

  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return false
    if (mode === 'loose') return looseArrayEqual(left, right, memos)
    if (left.length !== right.length) return false
    const keysA = nonIndexKeys(left, true)
    const keysB = nonIndexKeys(right, true)
    if (keysA.length !== keysB.length) return false
    return keyCheck(left, right, mode, memos, IS_ARRAY, keysA)
  }
  if (tag === '[object Object]' && !types.isBoxedPrimitive(left)) {
    return keyCheck(left, right, mode, memos, NO_ITERATOR)
  }
  if (types.isDate(left)) {
    if (!types.isDate(right) || !Object.is(Date.prototype.getTime.call(left), Date.prototype.getTime.call(right))) {
      return false
    }
  } else if (types.isRegExp(left)) {
    if (!types.isRegExp(right) || !similarRegExps(left as RegExp, right as RegExp)) return false
  } else if (isErrorLike(left)) {
    if (!isErrorLike(right)) return false
    const l = left as Error & Record<string, unknown>
    const r = right as Error & Record<string, unknown>
    for (const key of ['message', 'name'] as const) {
      const enumerable = isEnumerable(l, key)
      if (enumerable !== isEnumerable(r, key) || (!enumerable && l[key] !== r[key])) return false
    }
    const causeEnumerable = isEnumerable(l, 'cause')
    if (
      causeEnumerable !== isEnumerable(r, 'cause') ||
      (!causeEnumerable &&
        (hasOwn(l, 'cause') !== hasOwn(r, 'cause') || !innerDeepEqual(l.cause, r.cause, mode, memos)))
    ) {
      return false
    }
    const errorsEnumerable = isEnumerable(l, 'errors')
    if (
      errorsEnumerable !== isEnumerable(r, 'errors') ||
      (!errorsEnumerable && !innerDeepEqual(l.errors, r.errors, mode, memos))
    ) {
      return false
    }
  } else if (ArrayBuffer.isView(left)) {
    if (!ArrayBuffer.isView(right) || types.typedArrayName(left) !== types.typedArrayName(right)) return false
    if (mode === 'loose' && (types.isFloat32Array(left) || types.isFloat64Array(left))) {
      if (!similarFloatArrays(left as unknown as ArrayLike<number>, right as unknown as ArrayLike<number>)) return false
    } else if (!equalBytes(bytesOf(left), bytesOf(right))) return false
    const keysA = nonIndexKeys(left, mode !== 'loose')
    const keysB = nonIndexKeys(right, mode !== 'loose')
    if (keysA.length !== keysB.length) return false
    return keyCheck(left, right, mode, memos, NO_ITERATOR, keysA)
  } else if (types.isSet(left)) {
    if (!types.isSet(right) || (left as Set<unknown>).size !== (right as Set<unknown>).size) return false
    return keyCheck(left, right, mode, memos, IS_SET)
  } else if (types.isMap(left)) {
    if (!types.isMap(right) || (left as Map<unknown, unknown>).size !== (right as Map<unknown, unknown>).size)
      return false
    return keyCheck(left, right, mode, memos, IS_MAP)
  } else if (types.isAnyArrayBuffer(left)) {
    if (!types.isAnyArrayBuffer(right) || !equalBytes(bytesOf(left as ArrayBuffer), bytesOf(right as ArrayBuffer))) {
      return false
    }
  } else if (types.isBoxedPrimitive(left)) {
    if (!equalBoxedPrimitives(left, right)) return false
  } else if (
    Array.isArray(right) ||
    ArrayBuffer.isView(right) ||
    types.isSet(right) ||
    types.isMap(right) ||
    types.isDate(right) ||
    types.isRegExp(right) ||
    types.isAnyArrayBuffer(right) ||
    types.isBoxedPrimitive(right) ||
    isErrorLike(right)
  ) {
    return false
  } else if (left instanceof URL) {
    if (!(right instanceof URL) || left.href !== right.href) return false
  }
  return keyCheck(left, right, mode, memos, NO_ITERATOR)
}

/** Loose arrays: slot by slot, a hole or missing slot being `undefined`; extra keys as objects. */
function looseArrayEqual(a: unknown[], b: unknown[], memos: Memos | undefined): boolean {
  const length = Math.max(a.length, b.length)
  for (let i = 0; i < length; i++) if (!innerDeepEqual(a[i], b[i], 'loose', memos)) return false
  return keyCheck(a, b, 'loose', memos, NO_ITERATOR, undefined, true)
}

function keyCheck(
  a: object,
  b: object,
  mode: EqualityMode,
  memos: Memos | undefined,
  iteration: number,
  givenKeys?: PropertyKey[],
  skipIndices = false,
): boolean {
  if (mode === 'loose' && givenKeys === undefined) return looseKeyCheck(a, b, memos, iteration, skipIndices)
  const arrayLike = givenKeys !== undefined
  const keys: PropertyKey[] = givenKeys ?? Object.keys(b)
  for (const key of keys) if (!isEnumerable(a, key)) return false
  if (!arrayLike) {
    if (keys.length !== Object.keys(a).length) return false
    if (mode !== 'loose') {
      const symbolsA = Object.getOwnPropertySymbols(a)
      let count = 0
      for (const key of symbolsA) {
        if (isEnumerable(a, key)) {
          if (!isEnumerable(b, key)) return false
          keys.push(key)
          count++
        } else if (isEnumerable(b, key)) return false
      }
      const symbolsB = Object.getOwnPropertySymbols(b).filter((key) => isEnumerable(b, key))
      if (symbolsB.length !== count) return false
    }
  }
  if (
    keys.length === 0 &&
    (iteration === NO_ITERATOR ||
      (iteration === IS_ARRAY && (b as unknown[]).length === 0) ||
      (iteration !== IS_ARRAY && (b as Set<unknown>).size === 0))
  ) {
    return true
  }
  if (memos === undefined) memos = { a: new Map(), b: new Map(), position: 0 }
  else {
    const seenA = memos.a.get(a)
    if (seenA !== undefined) {
      const seenB = memos.b.get(b)
      if (seenB !== undefined) return seenA === seenB
    }
    memos.position++
  }
  memos.a.set(a, memos.position)
  memos.b.set(b, memos.position)
  const equal = objEquiv(a, b, mode, keys, memos, iteration)
  memos.a.delete(a)
  memos.b.delete(b)
  return equal
}

/** Loose objects: the enumerable keys whose values are not `undefined` must match. */
function looseKeyCheck(
  a: object,
  b: object,
  memos: Memos | undefined,
  iteration: number,
  skipIndices: boolean,
): boolean {
  const defined = (value: object): PropertyKey[] =>
    [...Object.keys(value), ...Object.getOwnPropertySymbols(value).filter((key) => isEnumerable(value, key))].filter(
      (key) =>
        (!skipIndices || typeof key !== 'string' || !INDEX.test(key)) &&
        (value as Record<PropertyKey, unknown>)[key] !== undefined,
    )
  const keysA = defined(a)
  const keys = defined(b)
  if (keysA.length !== keys.length) return false
  for (const key of keys) {
    if (!isEnumerable(a, key) || (a as Record<PropertyKey, unknown>)[key] === undefined) return false
  }
  if (memos === undefined) memos = { a: new Map(), b: new Map(), position: 0 }
  else {
    const seenA = memos.a.get(a)
    if (seenA !== undefined) {
      const seenB = memos.b.get(b)
      if (seenB !== undefined) return seenA === seenB
    }
    memos.position++
  }
  memos.a.set(a, memos.position)
  memos.b.set(b, memos.position)
  const equal = objEquiv(a, b, 'loose', keys, memos, iteration)
  memos.a.delete(a)
  memos.b.delete(b)
  return equal
}

function objEquiv(
  a: object,
  b: object,
  mode: EqualityMode,
  keys: PropertyKey[],
  memos: Memos,
  iteration: number,
): boolean {
  if (iteration === IS_SET) {
    if (!setEquiv(a as Set<unknown>, b as Set<unknown>, mode, memos)) return false
  } else if (iteration === IS_MAP) {
    if (!mapEquiv(a as Map<unknown, unknown>, b as Map<unknown, unknown>, mode, memos)) return false
  } else if (iteration === IS_ARRAY) {
    const left = a as unknown[]
    const right = b as unknown[]
    for (let i = 0; i < left.length; i++) {
      if (hasOwn(left, i)) {
        if (!hasOwn(right, i) || !innerDeepEqual(left[i], right[i], mode, memos)) return false
      } else if (hasOwn(right, i)) {
        return false
      } else {
        const keysA = Object.keys(left)
        for (; i < keysA.length; i++) {
          const key = keysA[i]!
          if (!hasOwn(right, key) || !innerDeepEqual((left as never)[key], (right as never)[key], mode, memos))
            return false
        }
        return keysA.length === Object.keys(right).length
      }
    }
  }
  for (const key of keys) {
    if (
      !innerDeepEqual((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], mode, memos)
    ) {
      return false
    }
  }
  return true
}

function setHasEqualElement(set: Set<unknown>, value: unknown, mode: EqualityMode, memos: Memos): boolean {
  for (const candidate of set) {
    if (innerDeepEqual(value, candidate, mode, memos)) {
      set.delete(candidate)
      return true
    }
  }
  return false
}

function setEquiv(a: Set<unknown>, b: Set<unknown>, mode: EqualityMode, memos: Memos): boolean {
  let pending: Set<unknown> | null = null
  for (const value of a) {
    if (typeof value === 'object' && value !== null) {
      pending ??= new Set()
      pending.add(value)
    } else if (!b.has(value)) {
      return false
    }
  }
  if (pending === null) return true
  for (const value of b) {
    if (typeof value === 'object' && value !== null) {
      if (!setHasEqualElement(pending, value, mode, memos)) return false
    }
  }
  return pending.size === 0
}

function mapHasEqualEntry(
  set: Set<unknown>,
  map: Map<unknown, unknown>,
  key: unknown,
  item: unknown,
  mode: EqualityMode,
  memos: Memos,
): boolean {
  for (const candidate of set) {
    if (innerDeepEqual(key, candidate, mode, memos) && innerDeepEqual(item, map.get(candidate), mode, memos)) {
      set.delete(candidate)
      return true
    }
  }
  return false
}

function mapEquiv(a: Map<unknown, unknown>, b: Map<unknown, unknown>, mode: EqualityMode, memos: Memos): boolean {
  let pending: Set<unknown> | null = null
  for (const [key, item] of a) {
    if (typeof key === 'object' && key !== null) {
      pending ??= new Set()
      pending.add(key)
    } else {
      const other = b.get(key)
      if ((other === undefined && !b.has(key)) || !innerDeepEqual(item, other, mode, memos)) return false
    }
  }
  if (pending === null) return true
  for (const [key, item] of b) {
    if (typeof key === 'object' && key !== null) {
      if (!mapHasEqualEntry(pending, a, key, item, mode, memos)) return false
    }
  }
  return pending.size === 0
}

/** `util.isDeepStrictEqual` / `assert.deepStrictEqual`'s test (`skipPrototype`: ignore prototypes). */
export function isDeepStrictEqual(a: unknown, b: unknown, skipPrototype = false): boolean {
  return innerDeepEqual(a, b, skipPrototype ? 'structural' : 'strict', undefined)
}

/** `assert.deepEqual`'s test. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  return innerDeepEqual(a, b, 'loose', undefined)
}

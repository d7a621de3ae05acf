/**
 * Type predicates of `node:util/types`, written as side-effect-free brand
 * checks in plain JavaScript (an intrinsic accessor or method that throws on
 * the wrong receiver), since a browser has no V8 bindings.
 *
 * Limits of plain JavaScript: `isProxy` cannot be answered (a proxy is
 * indistinguishable from its target) and is always false; `isExternal` is
 * always false (no native externals); `isPromise`, `isGeneratorObject`,
 * `isMapIterator`/`isSetIterator` and `isModuleNamespaceObject` have no
 * side-effect-free brand check and use the prototype chain or the built-in
 * `Object.prototype.toString` tag instead.
 */

type Getter = (this: unknown) => unknown

function getter(target: object, key: PropertyKey): Getter | undefined {
  return Object.getOwnPropertyDescriptor(target, key)?.get as Getter | undefined
}

/** True when calling `fn` with `value` as `this` does not throw. */
function brand(
  fn: ((this: unknown, ...args: unknown[]) => unknown) | undefined,
  value: unknown,
  ...args: unknown[]
): boolean {
  if (fn === undefined || value === null || (typeof value !== 'object' && typeof value !== 'function')) return false
  try {
    fn.call(value, ...args)
    return true
  } catch {
    return false
  }
}

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object
const typedArrayTag = getter(typedArrayPrototype, Symbol.toStringTag)!
const mapSizeGetter = getter(Map.prototype, 'size')
const setSizeGetter = getter(Set.prototype, 'size')
const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength')
const sharedArrayBufferByteLength =
  typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined
const dataViewBuffer = getter(DataView.prototype, 'buffer')
const regExpSource = getter(RegExp.prototype, 'source')
const mapIteratorPrototype = Object.getPrototypeOf(new Map().entries()) as object
const setIteratorPrototype = Object.getPrototypeOf(new Set().values()) as object
const generatorPrototype = Object.getPrototypeOf(function* () {}).prototype as object
const asyncGeneratorPrototype = Object.getPrototypeOf(async function* () {}).prototype as object

/** The built-in tag (`Object.prototype.toString`) when no `Symbol.toStringTag` overrides it. */
function builtinTag(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined
  try {
    if (Symbol.toStringTag in value) return undefined
  } catch {
    return undefined
  }
  return Object.prototype.toString.call(value).slice(8, -1)
}

function hasPrototype(value: unknown, prototype: object): boolean {
  if (value === null || typeof value !== 'object') return false
  try {
    return Object.prototype.isPrototypeOf.call(prototype, value)
  } catch {
    return false
  }
}

/** `Map.prototype.size` of a map (also one with a null prototype). */
export const mapSize = (value: unknown): number => mapSizeGetter!.call(value) as number
/** `Set.prototype.size` of a set. */
export const setSize = (value: unknown): number => setSizeGetter!.call(value) as number

/** The typed-array kind (`'Uint8Array'` …) or undefined. */
export function typedArrayName(value: unknown): string | undefined {
  return typedArrayTag.call(value) as string | undefined
}

export const isTypedArray = (value: unknown): boolean => typedArrayName(value) !== undefined
export const isUint8Array = (value: unknown): boolean => typedArrayName(value) === 'Uint8Array'
export const isUint8ClampedArray = (value: unknown): boolean => typedArrayName(value) === 'Uint8ClampedArray'
export const isUint16Array = (value: unknown): boolean => typedArrayName(value) === 'Uint16Array'
export const isUint32Array = (value: unknown): boolean => typedArrayName(value) === 'Uint32Array'
export const isInt8Array = (value: unknown): boolean => typedArrayName(value) === 'Int8Array'
export const isInt16Array = (value: unknown): boolean => typedArrayName(value) === 'Int16Array'
export const isInt32Array = (value: unknown): boolean => typedArrayName(value) === 'Int32Array'
export const isFloat16Array = (value: unknown): boolean => typedArrayName(value) === 'Float16Array'
export const isFloat32Array = (value: unknown): boolean => typedArrayName(value) === 'Float32Array'
export const isFloat64Array = (value: unknown): boolean => typedArrayName(value) === 'Float64Array'
export const isBigInt64Array = (value: unknown): boolean => typedArrayName(value) === 'BigInt64Array'
export const isBigUint64Array = (value: unknown): boolean => typedArrayName(value) === 'BigUint64Array'
export const isArrayBufferView = (value: unknown): boolean => ArrayBuffer.isView(value)
export const isDataView = (value: unknown): boolean => brand(dataViewBuffer, value)
export const isArrayBuffer = (value: unknown): boolean => brand(arrayBufferByteLength, value)
export const isSharedArrayBuffer = (value: unknown): boolean => brand(sharedArrayBufferByteLength, value)
export const isAnyArrayBuffer = (value: unknown): boolean => isArrayBuffer(value) || isSharedArrayBuffer(value)
export const isMap = (value: unknown): boolean => brand(mapSizeGetter, value)
export const isSet = (value: unknown): boolean => brand(setSizeGetter, value)
export const isWeakMap = (value: unknown): boolean => brand(WeakMap.prototype.has as never, value, {})
export const isWeakSet = (value: unknown): boolean => brand(WeakSet.prototype.has as never, value, {})
export const isDate = (value: unknown): boolean => brand(Date.prototype.getTime as never, value)
export const isRegExp = (value: unknown): boolean => value !== RegExp.prototype && brand(regExpSource, value)
export const isNumberObject = (value: unknown): boolean =>
  typeof value === 'object' && brand(Number.prototype.valueOf as never, value)
export const isStringObject = (value: unknown): boolean =>
  typeof value === 'object' && brand(String.prototype.valueOf as never, value)
export const isBooleanObject = (value: unknown): boolean =>
  typeof value === 'object' && brand(Boolean.prototype.valueOf as never, value)
export const isBigIntObject = (value: unknown): boolean =>
  typeof value === 'object' && brand(BigInt.prototype.valueOf as never, value)
export const isSymbolObject = (value: unknown): boolean =>
  typeof value === 'object' && brand(Symbol.prototype.valueOf as never, value)
export const isBoxedPrimitive = (value: unknown): boolean =>
  isNumberObject(value) ||
  isStringObject(value) ||
  isBooleanObject(value) ||
  isBigIntObject(value) ||
  isSymbolObject(value)

const errorIsError = (Error as unknown as { isError?: (value: unknown) => boolean }).isError

export function isNativeError(value: unknown): boolean {
  if (typeof errorIsError === 'function') return errorIsError(value)
  if (builtinTag(value) === 'Error') return true
  return value instanceof Error && Object.prototype.toString.call(value) === '[object Error]'
}

export const isArgumentsObject = (value: unknown): boolean => builtinTag(value) === 'Arguments'

export function isPromise(value: unknown): boolean {
  if (value instanceof Promise) return true
  return value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Promise]'
}

export const isMapIterator = (value: unknown): boolean => hasPrototype(value, mapIteratorPrototype)
export const isSetIterator = (value: unknown): boolean => hasPrototype(value, setIteratorPrototype)
export const isGeneratorObject = (value: unknown): boolean =>
  hasPrototype(value, generatorPrototype) || hasPrototype(value, asyncGeneratorPrototype)

function functionTag(value: unknown): string | undefined {
  if (typeof value !== 'function') return undefined
  return Object.prototype.toString.call(value).slice(8, -1)
}

/** True for `async function` and `async function*`. */
export function isAsyncFunction(value: unknown): boolean {
  const tag = functionTag(value)
  return tag === 'AsyncFunction' || tag === 'AsyncGeneratorFunction'
}

/** True for `function*` and `async function*`. */
export function isGeneratorFunction(value: unknown): boolean {
  const tag = functionTag(value)
  return tag === 'GeneratorFunction' || tag === 'AsyncGeneratorFunction'
}

export function isModuleNamespaceObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== null) return false
  const tag = Object.getOwnPropertyDescriptor(value, Symbol.toStringTag)
  return (
    tag !== undefined && tag.value === 'Module' && !tag.writable && !tag.configurable && !Object.isExtensible(value)
  )
}

/** Always false: a proxy cannot be told from its target in JavaScript. */
export const isProxy = (_value: unknown): boolean => false
/** Always false: there are no native externals in a browser. */
export const isExternal = (_value: unknown): boolean => false

export function isCryptoKey(value: unknown): boolean {
  const CryptoKeyClass = (globalThis as { CryptoKey?: new () => unknown }).CryptoKey
  return typeof CryptoKeyClass === 'function' && value instanceof CryptoKeyClass
}

export function isEventTarget(value: unknown): boolean {
  return typeof EventTarget === 'function' && value instanceof EventTarget
}

/** `util.isError` / `isError` for inspect: native errors and anything inheriting from Error. */
export const isError = (value: unknown): boolean => isNativeError(value) || value instanceof Error

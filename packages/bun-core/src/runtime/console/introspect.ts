/**
 * What the formatter needs to know about a value that JavaScript can tell
 * without side effects: brand checks through the built-in prototypes'
 * methods (captured at load, so user code cannot fake them), function
 * names as Bun (JavaScriptCore) reports them, and the property walk of
 * Bun's object printer.
 *
 * Two things JavaScript cannot tell at all — a promise's state and whether
 * an object is a Proxy — come from {@link EngineHooks}, supplied by the
 * embedder (see `InspectHooks` in `formatter.ts`).
 */

/** Hooks into the JavaScript engine for what the language does not expose. */
export interface EngineHooks {
  /**
   * The state of a promise, as Bun prints it (`Promise { <pending> }`).
   * Return `undefined` when `value` is not a native promise. Without this
   * hook every promise prints as `<pending>`: JavaScript cannot read a
   * promise's state synchronously.
   */
  promiseState?(value: object): 'pending' | 'fulfilled' | 'rejected' | undefined
  /**
   * When `value` is a Proxy: its target, or `null` once revoked; otherwise
   * `undefined`. Bun prints a proxy as its target without running traps.
   * Without this hook a live proxy is printed through its traps, and a
   * revoked one is recognised because every operation on it throws.
   */
  proxyTarget?(value: object): object | null | undefined
}

const objectToString = Object.prototype.toString
const functionToString = Function.prototype.toString
const getPrototypeOf = Object.getPrototypeOf
const ownKeys = Reflect.ownKeys
const getOwnDescriptor = Object.getOwnPropertyDescriptor

function getter(proto: object, key: PropertyKey): ((this: unknown) => unknown) | undefined {
  return getOwnDescriptor(proto, key)?.get as ((this: unknown) => unknown) | undefined
}

const mapHas = Map.prototype.has
const setHas = Set.prototype.has
const weakMapHas = WeakMap.prototype.has
const weakSetHas = WeakSet.prototype.has
const dateGetTime = Date.prototype.getTime
const regExpSource = getter(RegExp.prototype, 'source')!
const numberValueOf = Number.prototype.valueOf
const stringValueOf = String.prototype.valueOf
const booleanValueOf = Boolean.prototype.valueOf
const symbolValueOf = Symbol.prototype.valueOf
const bigIntValueOf = BigInt.prototype.valueOf
const typedArrayTag = getter(getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)!
const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength')!
const sharedArrayBufferByteLength =
  typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined
const dataViewByteLength = getter(DataView.prototype, 'byteLength')!
const mapIteratorPrototype = getPrototypeOf(new Map().entries()) as object
const setIteratorPrototype = getPrototypeOf(new Set().values()) as object
/** `Map.prototype.entries`, kept so a user's override cannot change what is printed. */
export const mapEntries: (this: Map<unknown, unknown>) => IterableIterator<[unknown, unknown]> = Map.prototype.entries
/** `Set.prototype.values`, kept for the same reason. */
export const setValues: (this: Set<unknown>) => IterableIterator<unknown> = Set.prototype.values
const mapSize = getter(Map.prototype, 'size')!
const setSize = getter(Set.prototype, 'size')!

function passes(check: (this: unknown, ...args: unknown[]) => unknown, value: unknown, ...args: unknown[]): boolean {
  try {
    check.call(value, ...args)
    return true
  } catch {
    return false
  }
}

/**
 * Cheap pre-check before a brand check (a failing brand check throws, and
 * exceptions are slow): the built-in tag, or the prototype chain.
 */
function likely(value: object, tag: string, proto: object): boolean {
  if (builtinTag(value) === tag) return true
  try {
    return Object.prototype.isPrototypeOf.call(proto, value)
  } catch {
    return false
  }
}

export function isMap(value: object): value is Map<unknown, unknown> {
  return likely(value, '[object Map]', Map.prototype) && passes(mapHas as (this: unknown) => unknown, value, undefined)
}
export function isSet(value: object): value is Set<unknown> {
  return likely(value, '[object Set]', Set.prototype) && passes(setHas as (this: unknown) => unknown, value, undefined)
}
export function isWeakMap(value: object): boolean {
  return (
    likely(value, '[object WeakMap]', WeakMap.prototype) && passes(weakMapHas as (this: unknown) => unknown, value, {})
  )
}
export function isWeakSet(value: object): boolean {
  return (
    likely(value, '[object WeakSet]', WeakSet.prototype) && passes(weakSetHas as (this: unknown) => unknown, value, {})
  )
}
export function isDate(value: object): value is Date {
  return likely(value, '[object Date]', Date.prototype) && passes(dateGetTime as (this: unknown) => unknown, value)
}
export function isRegExp(value: object): value is RegExp {
  return value !== RegExp.prototype && likely(value, '[object RegExp]', RegExp.prototype) && passes(regExpSource, value)
}
export function isNumberObject(value: object): boolean {
  return (
    likely(value, '[object Number]', Number.prototype) && passes(numberValueOf as (this: unknown) => unknown, value)
  )
}
export function isStringObject(value: object): boolean {
  return (
    likely(value, '[object String]', String.prototype) && passes(stringValueOf as (this: unknown) => unknown, value)
  )
}
export function isBooleanObject(value: object): boolean {
  return (
    likely(value, '[object Boolean]', Boolean.prototype) && passes(booleanValueOf as (this: unknown) => unknown, value)
  )
}
export function isSymbolObject(value: object): boolean {
  return (
    likely(value, '[object Symbol]', Symbol.prototype) && passes(symbolValueOf as (this: unknown) => unknown, value)
  )
}
export function isBigIntObject(value: object): boolean {
  return (
    likely(value, '[object BigInt]', BigInt.prototype) && passes(bigIntValueOf as (this: unknown) => unknown, value)
  )
}
export function mapSizeOf(value: Map<unknown, unknown>): number {
  return mapSize.call(value) as number
}
export function setSizeOf(value: Set<unknown>): number {
  return setSize.call(value) as number
}
/** The primitive inside a boxed Number/String/Boolean. */
export function unbox(value: object): number | string | boolean {
  if (isNumberObject(value)) return numberValueOf.call(value)
  if (isStringObject(value)) return stringValueOf.call(value)
  return booleanValueOf.call(value)
}

/** `Uint8Array`, `Float64Array`, … for a typed array; `undefined` otherwise. */
export function typedArrayName(value: object): string | undefined {
  return typedArrayTag.call(value) as string | undefined
}

/** The kind of binary view Bun prints as `Name(len) [ … ]`. */
export type BinaryKind = { name: string; bytes: Uint8Array; typed?: ArrayLike<number | bigint> }

/** Typed array, ArrayBuffer, SharedArrayBuffer or DataView; `undefined` for anything else. */
export function binaryView(value: object): BinaryKind | undefined {
  const name = typedArrayName(value)
  if (name !== undefined) {
    const view = value as Uint8Array
    return { name, bytes: new Uint8Array(view.buffer, view.byteOffset, view.byteLength), typed: view }
  }
  if (likely(value, '[object ArrayBuffer]', ArrayBuffer.prototype) && passes(arrayBufferByteLength, value)) {
    return { name: 'ArrayBuffer', bytes: new Uint8Array(value as ArrayBuffer) }
  }
  if (
    sharedArrayBufferByteLength &&
    likely(value, '[object SharedArrayBuffer]', SharedArrayBuffer.prototype) &&
    passes(sharedArrayBufferByteLength, value)
  ) {
    return { name: 'SharedArrayBuffer', bytes: new Uint8Array(value as SharedArrayBuffer) }
  }
  if (likely(value, '[object DataView]', DataView.prototype) && passes(dataViewByteLength, value)) {
    const view = value as DataView
    return { name: 'DataView', bytes: new Uint8Array(view.buffer, view.byteOffset, view.byteLength) }
  }
  return undefined
}

export function isMapIterator(value: object): boolean {
  return safePrototypeOf(value) === mapIteratorPrototype
}
export function isSetIterator(value: object): boolean {
  return safePrototypeOf(value) === setIteratorPrototype
}

/** `[object X]` without consulting `Symbol.toStringTag` getters of user objects. */
export function builtinTag(value: object): string {
  try {
    return objectToString.call(value)
  } catch {
    return '[object Object]'
  }
}

/** An Error instance (JavaScriptCore's `ErrorInstance`), by internal slot. */
export function isErrorInstance(value: object): boolean {
  const isError = (Error as unknown as { isError?: (v: unknown) => boolean }).isError
  if (typeof isError === 'function') return isError(value)
  if (builtinTag(value) !== '[object Error]') return false
  // A user-defined Symbol.toStringTag of "Error" would fool the tag; real errors have no own tag.
  return !Object.hasOwn(value, Symbol.toStringTag)
}

export function isArguments(value: object): boolean {
  return builtinTag(value) === '[object Arguments]'
}

/** Values whose engine type Bun has no printer for: it prints them as `JSON.stringify` does. */
export function isJsonOnlyObject(value: object): boolean {
  const tag = builtinTag(value)
  return tag === '[object Generator]' || tag === '[object AsyncGenerator]' || tag === '[object String Iterator]'
}

export function safePrototypeOf(value: object): object | null | undefined {
  try {
    return getPrototypeOf(value) as object | null
  } catch {
    return undefined
  }
}

/** A revoked proxy throws on every operation (without the `proxyTarget` hook, the only sign of one). */
export function isRevokedProxy(value: object): boolean {
  try {
    getPrototypeOf(value)
    return false
  } catch {
    try {
      ownKeys(value)
      return false
    } catch {
      return true
    }
  }
}

/** Source text of a function; `''` when `Function.prototype.toString` refuses it. */
export function functionSource(fn: unknown): string {
  try {
    return functionToString.call(fn)
  } catch {
    return ''
  }
}

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/

export function isNativeFunction(fn: unknown): boolean {
  return NATIVE.test(functionSource(fn))
}

/** JavaScriptCore's `isClass`: a `class` constructor, or a native constructor. */
export function isClass(value: unknown): boolean {
  if (typeof value !== 'function') return false
  const source = functionSource(value)
  if (/^class\b/.test(source)) return true
  if (!NATIVE.test(source)) return false
  const name = ownName(value)
  if (name === 'Promise' || name.startsWith('bound ')) return false
  return Object.hasOwn(value, 'prototype') || name === 'Proxy'
}

function ownName(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name
    return typeof name === 'string' ? name : ''
  } catch {
    return ''
  }
}

const IDENT_START = /[\p{ID_Start}$_\\]/u
const IDENT_PART = /^(?:[\p{ID_Continue}$_\\]|\u200c|\u200d)$/u

function readIdentifier(text: string, start: number): string {
  let end = start
  if (end < text.length && IDENT_START.test(text[end]!)) {
    end++
    while (end < text.length && IDENT_PART.test(text[end]!)) end++
  }
  return text.slice(start, end)
}

function skipSpace(text: string, at: number): number {
  let i = at
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 2
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end + 1
    } else return i
  }
}

/** {@link syntacticName} of a method with a computed key: no name, and none inferred. */
const COMPUTED = '\0computed'

/**
 * The name a function has in its source text (JavaScriptCore prints this,
 * not the `name` property): `function f(){}` → `f`, `m(){}` → `m`,
 * `get x(){}` → `x`, `"a b"(){}` → `a b`; anonymous function expressions,
 * arrows and computed names → `''`. `undefined` when the text says nothing
 * (native and bound functions).
 */
export function syntacticName(source: string): string | undefined {
  if (source === '' || NATIVE.test(source)) return undefined
  let i = skipSpace(source, 0)
  const word = readIdentifier(source, i)
  if (word === 'class') {
    i = skipSpace(source, i + 5)
    const name = readIdentifier(source, i)
    return name === 'extends' ? '' : name
  }
  if (word === 'async') {
    const after = skipSpace(source, i + 5)
    if (source[after] !== '(' && source[after] !== '=' && after > i + 5) {
      i = after
      return syntacticName(source.slice(i))
    }
    if (source[after] === '(') {
      // `async (…) =>` or a method named async
      return isArrowFrom(source, after) ? '' : 'async'
    }
    return ''
  }
  if (word === 'function') {
    i = skipSpace(source, i + 8)
    if (source[i] === '*') i = skipSpace(source, i + 1)
    return readIdentifier(source, i)
  }
  if (source[i] === '(') return ''
  if ((word === 'get' || word === 'set' || word === 'static') && word.length > 0) {
    const after = skipSpace(source, i + word.length)
    if (source[after] !== '(' && after > i + word.length && source[after] !== '=') {
      return syntacticName(source.slice(after))
    }
  }
  if (source[i] === '*') return syntacticName(source.slice(i + 1))
  if (source[i] === '[') return COMPUTED
  if (source[i] === '"' || source[i] === "'") {
    const quote = source[i]!
    let j = i + 1
    let text = ''
    while (j < source.length && source[j] !== quote) {
      if (source[j] === '\\') {
        j++
      }
      text += source[j] ?? ''
      j++
    }
    return text
  }
  if (/[0-9.]/.test(source[i] ?? '')) {
    const match = /^[0-9a-fA-FxXoObBn_.eE+-]+/.exec(source.slice(i))
    const n = Number(match ? match[0].replace(/_/g, '') : Number.NaN)
    return Number.isNaN(n) ? '' : String(n)
  }
  if (source[i] === '#') return `#${readIdentifier(source, i + 1)}`
  if (word !== '') {
    const after = skipSpace(source, i + word.length)
    if (source.startsWith('=>', after)) return ''
    return word
  }
  return ''
}

function isArrowFrom(source: string, open: number): boolean {
  let depth = 0
  for (let i = open; i < source.length; i++) {
    const c = source[i]
    if (c === '(') depth++
    else if (c === ')') {
      depth--
      if (depth === 0) return source.startsWith('=>', skipSpace(source, i + 1))
    }
  }
  return false
}

function displayName(fn: object): string | undefined {
  const desc = getOwnDescriptor(fn, 'displayName')
  return desc && 'value' in desc && typeof desc.value === 'string' ? desc.value : undefined
}

/**
 * A function's name as Bun prints it: `displayName` when it is a string;
 * else the name in its source text (`function f(){}`, `m(){}`, `get x(){}`;
 * a redefined `name` property does not change it); else the `name` property,
 * which holds the inferred name (`{ f: () => {} }` → `f`); for native and
 * bound functions the `name` property with one `bound ` dropped.
 */
export function functionName(fn: object): string {
  const shown = displayName(fn)
  if (shown !== undefined) return shown
  const syntactic = syntacticName(functionSource(fn))
  if (syntactic === COMPUTED) return ''
  if (syntactic) return syntactic
  const name = ownName(fn)
  return syntactic === undefined && name.startsWith('bound ') ? name.slice(6) : name
}

/** `AsyncFunction`, `GeneratorFunction`, `AsyncGeneratorFunction` or `''`, from the function's prototype. */
export function functionKindName(fn: object): string {
  const proto = safePrototypeOf(fn)
  if (proto === null || proto === undefined) return ''
  if (typeof proto === 'function') return functionName(proto)
  const desc = findDataProperty(proto, Symbol.toStringTag)
  return typeof desc === 'string' ? desc : ''
}

/** A data property's value found along the prototype chain, never running getters. */
export function findDataProperty(object: object, key: PropertyKey): unknown {
  let level: object | null | undefined = object
  for (let hops = 0; level && hops < 1000; hops++) {
    const desc = safeDescriptor(level, key)
    if (desc) return 'value' in desc ? desc.value : undefined
    level = safePrototypeOf(level)
  }
  return undefined
}

export function safeDescriptor(object: object, key: PropertyKey): PropertyDescriptor | undefined {
  try {
    return getOwnDescriptor(object, key)
  } catch {
    return undefined
  }
}

/**
 * JavaScriptCore's `calculatedClassName`: the own `constructor`'s name, else
 * the prototype's `constructor`'s (skipped when the prototype is
 * `Object.prototype`), else a `Symbol.toStringTag` data property, else
 * `Object`. Getters are never run.
 */
export function className(object: object): string {
  let name = ''
  const own = safeDescriptor(object, 'constructor')
  if (own && 'value' in own && typeof own.value === 'function') name = functionName(own.value)
  if (name === '' || name === 'Object') {
    const proto = safePrototypeOf(object)
    if (proto && proto !== Object.prototype) {
      const ctor = findDataProperty(proto, 'constructor')
      if (typeof ctor === 'function') name = functionName(ctor)
    }
  }
  if (name === '' || name === 'Object') {
    const tag = findDataProperty(object, Symbol.toStringTag)
    if (typeof tag === 'string' && tag !== '') return tag
  }
  return name === '' ? 'Object' : name
}

/** A canonical array index (`"0"`, `"42"`; not `"01"` or `"-1"`). */
export function isIndexKey(key: PropertyKey): boolean {
  if (typeof key !== 'string') return false
  if (key === '0') return true
  if (!/^[1-9][0-9]*$/.test(key)) return false
  return Number(key) < 4294967295
}

/** An accessor property's getter/setter pair: Bun prints `[Getter]`, `[Setter]` or `[Getter/Setter]`. */
export class GetterSetter {
  constructor(
    readonly hasGetter: boolean,
    readonly hasSetter: boolean,
  ) {}
}

/** One property as Bun's object printer sees it. */
export interface PropertyEntry {
  key: string | symbol
  value: unknown
}

function canEnumerateFast(object: object): boolean {
  if (Array.isArray(object) || typeof object === 'function') return false
  if (object === Symbol.prototype || object === BigInt.prototype) return false
  if (isArguments(object) || isStringObject(object) || binaryView(object) !== undefined) return false
  let keys: (string | symbol)[]
  try {
    keys = ownKeys(object)
  } catch {
    return false
  }
  for (const key of keys) {
    if (key === '__proto__') return false
    if (isIndexKey(key)) return false
    const desc = safeDescriptor(object, key)
    if (desc && !('value' in desc)) return false
  }
  return true
}

function stopsWalk(level: object | null | undefined): boolean {
  return !level || level === Object.prototype || level === Function.prototype
}

function propertyValue(desc: PropertyDescriptor): unknown {
  if ('value' in desc) return desc.value
  return new GetterSetter(desc.get !== undefined, desc.set !== undefined)
}

/** The descriptor `object` sees for `key` (own or inherited). */
function lookup(object: object, key: PropertyKey): PropertyDescriptor | undefined {
  let level: object | null | undefined = object
  for (let hops = 0; level && hops < 1000; hops++) {
    const desc = safeDescriptor(level, key)
    if (desc) return desc
    level = safePrototypeOf(level)
  }
  return undefined
}

/**
 * The properties Bun's object printer lists, in its order: own properties
 * (non-enumerable ones too), then those of up to four more prototypes,
 * stopping at `Object.prototype`/`Function.prototype`; `constructor`,
 * `__proto__` and `Symbol.toStringTag` are left out and accessors become
 * {@link GetterSetter}s (getters never run). JavaScriptCore's fast path
 * (plain objects without accessors or indexed properties) keeps `""` keys
 * and description-less symbols; its slow path drops them.
 *
 * One difference remains: JavaScriptCore lists string and symbol keys in
 * insertion order, interleaved; JavaScript only reveals strings then symbols.
 */
export function collectProperties(object: object): PropertyEntry[] {
  const out: PropertyEntry[] = []
  const visited = new Set<PropertyKey>()
  let level: object = object
  let protoCount = 0
  let fast = canEnumerateFast(object)
  if (fast && safeOwnKeys(object).length === 0) {
    fast = false
    const proto = safePrototypeOf(object)
    if (proto) {
      level = proto
      fast = canEnumerateFast(proto)
      protoCount = 1
    }
  }
  for (;;) {
    if (!fast) break
    let anyHits = false
    for (const key of safeOwnKeys(level)) {
      if (key === 'constructor' || key === '__proto__' || key === Symbol.toStringTag) continue
      if (level !== object && key === '__esModule') continue
      if (visited.has(key)) continue
      visited.add(key)
      const desc = safeDescriptor(level, key)
      if (!desc) continue
      anyHits = true
      out.push({ key, value: propertyValue(desc) })
    }
    if (!anyHits) break
    if (protoCount++ < 5) {
      const proto = safePrototypeOf(level)
      if (!stopsWalk(proto)) {
        level = proto as object
        fast = canEnumerateFast(level)
        continue
      }
    }
    return out
  }
  let iterating: object | null | undefined = level
  while (!stopsWalk(iterating) && protoCount++ < 5) {
    const current = iterating as object
    const engineLevel = javaScriptCorePrototype(object, current)
    if (engineLevel) {
      for (const entry of engineLevel) {
        if (visited.has(entry.key)) continue
        visited.add(entry.key)
        out.push(entry)
      }
      iterating = safePrototypeOf(current)
      continue
    }
    let keys: (string | symbol)[]
    try {
      keys = ownKeys(current)
    } catch {
      break
    }
    for (const key of keys) {
      if (key === 'constructor') continue
      const desc = lookup(object, key)
      if (!desc) continue
      if (!desc.enumerable && (key === '__proto__' || key === Symbol.toStringTag || key === '__esModule')) continue
      if (visited.has(key)) continue
      visited.add(key)
      const shown = typeof key === 'symbol' ? (key.description ?? '') : key
      if (shown === '') continue
      out.push({ key, value: propertyValue(desc) })
    }
    if (typeof current === 'function') break
    iterating = safePrototypeOf(current)
  }
  return out
}

/**
 * Built-in prototypes whose property lists differ between engines, as
 * JavaScriptCore lists them (boxed symbols and BigInts print their
 * prototype's members in Bun).
 */
function javaScriptCorePrototype(object: object, level: object): PropertyEntry[] | undefined {
  if (level === Symbol.prototype && isSymbolObject(object)) {
    const proto = Symbol.prototype as unknown as Record<PropertyKey, unknown>
    return [
      { key: 'description', value: (symbolValueOf.call(object) as symbol).description },
      { key: 'toString', value: proto.toString },
      { key: 'valueOf', value: proto.valueOf },
      { key: Symbol.toPrimitive, value: proto[Symbol.toPrimitive] },
    ]
  }
  if (level === BigInt.prototype && isBigIntObject(object)) {
    const proto = BigInt.prototype as unknown as Record<PropertyKey, unknown>
    return [
      { key: 'toString', value: proto.toString },
      { key: 'toLocaleString', value: proto.toLocaleString },
      { key: 'valueOf', value: proto.valueOf },
    ]
  }
  return undefined
}

/** `Reflect.ownKeys`, empty when a proxy's trap throws (Bun ignores trap exceptions while listing). */
function safeOwnKeys(object: object): (string | symbol)[] {
  try {
    return ownKeys(object)
  } catch {
    return []
  }
}

/** An array's own non-index properties except `length` (Bun prints them after the elements). */
export function collectNonIndexProperties(object: object): PropertyEntry[] {
  const out: PropertyEntry[] = []
  for (const key of safeOwnKeys(object)) {
    if (isIndexKey(key) || key === 'length' || key === 'constructor') continue
    const desc = safeDescriptor(object, key)
    if (!desc) continue
    if (!desc.enumerable && (key === '__proto__' || key === Symbol.toStringTag || key === '__esModule')) continue
    const shown = typeof key === 'symbol' ? (key.description ?? '') : key
    if (shown === '') continue
    out.push({ key, value: propertyValue(desc) })
  }
  return out
}

/** Own properties sorted by code point (`sorted: true`); accessors become {@link GetterSetter}s. */
export function collectOrderedProperties(object: object): PropertyEntry[] {
  const keys = safeOwnKeys(object)
  const text = (key: string | symbol) => (typeof key === 'symbol' ? (key.description ?? '') : key)
  keys.sort((a, b) => compareCodePoints(text(a), text(b)))
  const out: PropertyEntry[] = []
  for (const key of keys) {
    if (key === 'constructor') continue
    const desc = lookup(object, key)
    if (!desc) continue
    if (!desc.enumerable && (key === '__proto__' || key === Symbol.toStringTag)) continue
    out.push({ key, value: propertyValue(desc) })
  }
  return out
}

/** `entries` in code point order of their keys (`sorted: true`). */
export function sortEntries(entries: PropertyEntry[]): PropertyEntry[] {
  const text = (key: string | symbol) => (typeof key === 'symbol' ? (key.description ?? '') : key)
  return [...entries].sort((a, b) => compareCodePoints(text(a.key), text(b.key)))
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return x.length - y.length
}

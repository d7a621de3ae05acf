/**
 * Bun's Jest-style value serializer: what snapshot files hold and what
 * `toEqual` diffs compare.
 *
 *     {                      keys sorted, quoted; symbol keys as [Symbol(x)]
 *       "a": [               two spaces per level, a comma after every item
 *         1,
 *       ],
 *       "m": Map {
 *         "k" => 1,
 *       },
 *     }
 *
 * Class instances are prefixed by their constructor's name (`Foo {`),
 * functions print as `[Function: name]` (`[Function]` in diffs), errors as
 * `[Error: message]`, dates as ISO strings, strings in double quotes without
 * escaping. A string with a line break is printed on lines of its own,
 * starting at column 0. Bun's quirks are kept: an invalid date prints `ul`,
 * accessors print `[native code]`, a `Buffer` prints as its `toJSON()`.
 */
import { Buffer } from 'buffer'
import { isClass } from '../../runtime/console/introspect.js'
import { ASYMMETRIC_DESCRIBE } from './asymmetric.js'

export interface PrettyFormatOptions {
  /** `[Function: name]` (snapshots) or `[Function]` (diffs). */
  printFunctionName: boolean
  /** `expect.addSnapshotSerializer` plugins, tried first. */
  plugins?: SnapshotSerializer[]
}

/** A snapshot serializer plugin (`test` + `serialize`, or `print`). */
export interface SnapshotSerializer {
  test(value: unknown): boolean
  serialize?(
    value: unknown,
    config: unknown,
    indentation: string,
    depth: number,
    refs: unknown,
    printer: unknown,
  ): string
  print?(value: unknown, serialize: (value: unknown) => string, indent: (text: string) => string): string
}

const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array) as object

function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1)
}

function constructorName(value: object): string {
  try {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null
    if (proto === null) return ''
    const name = proto.constructor?.name
    return typeof name === 'string' ? name : ''
  } catch {
    return ''
  }
}

/** Sorts keys as Bun does: by string, symbols by their description, all together. */
function sortedKeys(value: object): PropertyKey[] {
  const keys: PropertyKey[] = [...Object.keys(value)]
  for (const symbol of Object.getOwnPropertySymbols(value))
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol)
  const sortKey = (k: PropertyKey) => (typeof k === 'symbol' ? (k.description ?? '') : String(k))
  return keys.sort((a, b) => {
    const x = sortKey(a)
    const y = sortKey(b)
    return x < y ? -1 : x > y ? 1 : 0
  })
}

function symbolText(symbol: symbol): string {
  return symbol.description === undefined ? 'Symbol' : `Symbol(${symbol.description})`
}

function functionText(fn: (...args: unknown[]) => unknown, printName: boolean): string {
  if (isClass(fn)) return fn.name ? `[class ${fn.name}]` : '[class]'
  const kind = constructorName(fn)
  if (kind && kind !== 'Function') return `[Function: ${kind}]`
  if (!printName || !fn.name) return '[Function]'
  return `[Function: ${fn.name}]`
}

/** Serializes `value` (see the file comment). */
export function prettyFormat(value: unknown, options: PrettyFormatOptions): string {
  const seen: object[] = []
  const print = (v: unknown, depth: number): string => {
    const plugin = options.plugins?.find((p) => {
      try {
        return p.test(v)
      } catch {
        return false
      }
    })
    if (plugin) {
      const indent = '  '.repeat(depth)
      if (plugin.serialize) return plugin.serialize(v, {}, indent, depth, [], (x: unknown) => print(x, depth))
      if (plugin.print)
        return plugin.print(
          v,
          (x) => print(x, depth),
          (text) =>
            text
              .split('\n')
              .map((line) => `  ${line}`)
              .join('\n'),
        )
    }
    switch (typeof v) {
      case 'string':
        return `"${v}"`
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v)
      case 'bigint':
        return `${v}n`
      case 'boolean':
        return String(v)
      case 'undefined':
        return 'undefined'
      case 'symbol':
        return symbolText(v)
      case 'function':
        return functionText(v as (...args: unknown[]) => unknown, options.printFunctionName)
    }
    if (v === null) return 'null'
    const object = v as object
    const describe = (object as Record<symbol, unknown>)[ASYMMETRIC_DESCRIBE]
    if (typeof describe === 'function')
      return (describe as (print: (x: unknown) => string) => string).call(object, (x) => print(x, depth))
    if (seen.includes(object)) return '[Circular]'
    const tag = tagOf(object)
    switch (tag) {
      case 'Date': {
        const time = (object as Date).getTime()
        return Number.isNaN(time) ? 'ul' : (object as Date).toISOString()
      }
      case 'RegExp':
        return `/${(object as RegExp).source}/${(object as RegExp).flags}`
      case 'Error':
        return `[${(object as Error).name}: ${(object as Error).message}]`
    }
    if (object instanceof Error) return `[${object.name}: ${object.message}]`
    if (Buffer.isBuffer(object)) return print((object as Buffer).toJSON(), depth)
    seen.push(object)
    try {
      const indent = '  '.repeat(depth + 1)
      const close = '  '.repeat(depth)
      const item = (text: string) => (text.includes('\n') && isMultilineString(text) ? `\n${text}\n` : text)
      if (
        Array.isArray(object) ||
        object instanceof (TYPED_ARRAY as typeof Uint8Array) ||
        tag === 'ArrayBuffer' ||
        tag === 'DataView'
      ) {
        let items: unknown[]
        let prefix = ''
        if (Array.isArray(object)) items = Array.from({ length: object.length }, (_, i) => (object as unknown[])[i])
        else if (tag === 'ArrayBuffer') {
          items = [...new Uint8Array(object as ArrayBuffer)]
          prefix = 'ArrayBuffer '
        } else if (tag === 'DataView') {
          const view = object as DataView
          items = [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]
          prefix = 'DataView '
        } else {
          items = Array.from(object as ArrayLike<unknown>, (x) => (typeof x === 'bigint' ? Number(x) : x))
          prefix = `${tag} `
        }
        if (items.length === 0) return `${prefix}[]`
        return `${prefix}[\n${items.map((x) => `${indent}${item(print(x, depth + 1))},\n`).join('')}${close}]`
      }
      if (tag === 'Map') {
        const entries = [...(object as Map<unknown, unknown>)]
        if (entries.length === 0) return 'Map {}'
        return `Map {\n${entries.map(([k, x]) => `${indent}${item(print(k, depth + 1))} => ${item(print(x, depth + 1))},\n`).join('')}${close}}`
      }
      if (tag === 'Set') {
        const items = [...(object as Set<unknown>)]
        if (items.length === 0) return 'Set {}'
        return `Set {\n${items.map((x) => `${indent}${item(print(x, depth + 1))},\n`).join('')}${close}}`
      }
      const name = constructorName(object)
      const prefix = name === '' || name === 'Object' ? '' : `${name} `
      const keys = sortedKeys(object)
      if (keys.length === 0) return `${prefix}{}`
      let out = `${prefix}{\n`
      for (const key of keys) {
        const shown = typeof key === 'symbol' ? `[${symbolText(key)}]` : `"${String(key)}"`
        const descriptor = Object.getOwnPropertyDescriptor(object, key)
        const text =
          descriptor && (descriptor.get || descriptor.set)
            ? '[native code]'
            : print((object as Record<PropertyKey, unknown>)[key], depth + 1)
        out += `${indent}${shown}: ${item(text)},\n`
      }
      return `${out}${close}}`
    } finally {
      seen.pop()
    }
  }
  return print(value, 0)
}

function isMultilineString(text: string): boolean {
  return text.startsWith('"') && text.endsWith('"')
}

/**
 * Bun's value formatter (`Bun.inspect`, `console.log`): one instance prints
 * one call's worth of values. It reproduces Bun's layout decisions exactly,
 * including the running estimate of the current line's length that decides
 * when an array breaks onto several lines, and the colour codes.
 */
import { Buffer } from 'buffer'
import type { StackFrame } from './error.js'
import { printErrorLike } from './error.js'
import {
  binaryView,
  builtinTag,
  className,
  collectNonIndexProperties,
  collectOrderedProperties,
  collectProperties,
  type EngineHooks,
  functionKindName,
  functionName,
  GetterSetter,
  isArguments,
  isBooleanObject,
  isClass,
  isDate,
  isErrorInstance,
  isJsonOnlyObject,
  isMap,
  isMapIterator,
  isNumberObject,
  isRegExp,
  isRevokedProxy,
  isSet,
  isSetIterator,
  isStringObject,
  isWeakMap,
  isWeakSet,
  mapEntries,
  mapSizeOf,
  type PropertyEntry,
  safePrototypeOf,
  setSizeOf,
  setValues,
  sortEntries,
  unbox,
} from './introspect.js'
import { pretty } from './style.js'
import { type BodyInfo, eventKind, printWebObject, webObjectKind } from './web.js'

/**
 * What the embedder tells the formatter about the world outside the value:
 * engine internals ({@link EngineHooks}) and, for errors, where their stack
 * frames point and what the source there says.
 */
export interface InspectHooks extends EngineHooks {
  /**
   * The stack of an error, as frames in original-source positions (after
   * source maps). Default: Bun's parse of `error.stack` in V8's format
   * (`parseV8Stack`), which stops at the first line without parentheses.
   */
  stackFrames?(error: object): StackFrame[] | undefined
  /**
   * The original text of a file a stack frame names, for the code excerpt
   * Bun prints above an error (up to six lines ending at the error, and a
   * `^` under its column). `undefined` when unknown: no excerpt.
   */
  sourceText?(file: string): string | undefined
  /**
   * The directory Bun started in (`/app/`); with colours, frame paths under
   * it print it dimmed. Default: none.
   */
  cwd?: string
  /**
   * The function passed as the third argument to custom inspect functions
   * (`[Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect)`);
   * `Bun.inspect` by default.
   */
  inspect?: (value: unknown, options?: object) => string
  /**
   * The body of a `Request`/`Response` (Bun prints its size, and its type
   * for Blob and FormData bodies). `null`: no body; `undefined`: unknown —
   * a non-null `body` then prints as the stream it is.
   */
  bodyOf?(message: Request | Response): BodyInfo | null | undefined
}

/** How an error is introduced: `error:` (plain), `warn:` in yellow, `error:` in red. */
export type ErrorDisplayLevel = 'normal' | 'warn' | 'full'

/** Settings of one formatting run. */
export interface FormatterSettings {
  colors: boolean
  /** Objects nested deeper than this print as `[Object ...]` (Bun.inspect: 8, console.log: 2). */
  maxDepth: number
  /** Quote top-level strings (`Bun.inspect` does, `console.log` does not). */
  quoteStrings: boolean
  /** `compact`: everything on one line. */
  singleLine: boolean
  /** `sorted`: object keys in code point order. */
  ordered: boolean
  /** Indentation levels already open (`console.group`). */
  indent: number
  errorLevel: ErrorDisplayLevel
  hooks: InspectHooks
}

/** Bun's classification of a value: which printer handles it. */
export type Tag =
  | 'StringPossiblyFormatted'
  | 'String'
  | 'Undefined'
  | 'Double'
  | 'Integer'
  | 'Null'
  | 'Boolean'
  | 'Array'
  | 'Object'
  | 'Function'
  | 'Class'
  | 'Error'
  | 'TypedArray'
  | 'Map'
  | 'MapIterator'
  | 'SetIterator'
  | 'Set'
  | 'BigInt'
  | 'Symbol'
  | 'CustomFormattedObject'
  | 'GlobalObject'
  | 'Private'
  | 'Promise'
  | 'JSON'
  | 'JSX'
  | 'Event'
  | 'GetterSetter'
  | 'Proxy'
  | 'RevokedProxy'

/** The engine-level kind of a value, where a printer cares. */
export type Cell =
  | 'primitive'
  | 'string'
  | 'stringObject'
  | 'regexp'
  | 'date'
  | 'weakMap'
  | 'weakSet'
  | 'arguments'
  | 'error'
  | 'object'

export interface TagResult {
  tag: Tag
  cell: Cell
  /** For `CustomFormattedObject`: the inspect function. */
  custom?: (...args: unknown[]) => unknown
}

const CIRCULAR_TAGS: ReadonlySet<Tag> = new Set(['Function', 'Array', 'Object', 'Map', 'Set', 'Error', 'Class'])
const PRIMITIVE_TAGS: ReadonlySet<Tag> = new Set([
  'String',
  'StringPossiblyFormatted',
  'Undefined',
  'Double',
  'Integer',
  'Null',
  'Boolean',
  'Symbol',
  'BigInt',
])

const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom')
const REACT_ELEMENT = Symbol.for('react.element')
const REACT_TRANSITIONAL = Symbol.for('react.transitional.element')
const REACT_FRAGMENT = Symbol.for('react.fragment')

/** Whether a tag's printer is a primitive one (arrays decide line breaks on it). */
export function isPrimitiveTag(tag: Tag): boolean {
  return PRIMITIVE_TAGS.has(tag)
}

function isInt32(value: number): boolean {
  return (value | 0) === value && !Object.is(value, -0)
}

function isStringLike(cell: Cell): boolean {
  return cell === 'string' || cell === 'stringObject'
}

/** Decimal digits of a non-negative integer (Bun's `fastDigitCount`). */
function digitCount(value: number): number {
  return value === 0 ? 1 : String(Math.trunc(Math.abs(value))).length
}

/** ASCII identifier (`isLatin1Identifier`): printed as an unquoted key. */
function isIdentifierKey(key: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
}

function is16Bit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true
  return false
}

/**
 * A string as Bun quotes it: `JSON.stringify`, except that Latin-1 strings
 * (Bun's own encoder) write `\u001B`-style escapes with upper-case hex.
 */
export function quoteString(text: string): string {
  const json = JSON.stringify(text)
  if (is16Bit(text)) return json
  return json.replace(/\\(\\|u00[0-9a-f]{2})/g, (match, sequence: string) =>
    sequence === '\\' ? match : `\\${sequence.toUpperCase().replace('U', 'u')}`,
  )
}

/** JavaScriptCore's number-to-string, with `-0` kept (`dtoaWithNegativeZero`). */
export function formatDouble(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value)
}

/** Classify `value` as Bun's `Formatter.Tag.getAdvanced` does. */
export function tagOf(
  value: unknown,
  hooks: EngineHooks,
  options: { hideGlobal?: boolean; disableInspectCustom?: boolean } = {},
): TagResult {
  switch (typeof value) {
    case 'undefined':
      return { tag: 'Undefined', cell: 'primitive' }
    case 'number':
      return { tag: isInt32(value) ? 'Integer' : 'Double', cell: 'primitive' }
    case 'boolean':
      return { tag: 'Boolean', cell: 'primitive' }
    case 'string':
      return { tag: 'String', cell: 'string' }
    case 'symbol':
      return { tag: 'Symbol', cell: 'primitive' }
    case 'bigint':
      return { tag: 'BigInt', cell: 'primitive' }
  }
  if (value === null) return { tag: 'Null', cell: 'primitive' }
  const object = value as object
  const target = hooks.proxyTarget?.(object)
  if (target !== undefined) return { tag: target === null ? 'RevokedProxy' : 'Proxy', cell: 'object' }
  if (!hooks.proxyTarget && isRevokedProxy(object)) return { tag: 'RevokedProxy', cell: 'object' }
  if (value instanceof GetterSetter) return { tag: 'GetterSetter', cell: 'object' }
  // Bun's own printers for the web classes win over the host platform's inspect hooks (Node's, in tests).
  if (webObjectKind(object) !== undefined) return { tag: 'Private', cell: 'object' }
  if (eventKind(object) !== undefined) return { tag: 'Event', cell: 'object' }
  if (!options.disableInspectCustom) {
    const custom = (object as Record<PropertyKey, unknown>)[INSPECT_CUSTOM]
    if (typeof custom === 'function' && !isDefaultBufferInspect(object, custom)) {
      return { tag: 'CustomFormattedObject', cell: 'object', custom: custom as (...args: unknown[]) => unknown }
    }
  }
  if (typeof object === 'function') return { tag: isClass(object) ? 'Class' : 'Function', cell: 'object' }
  if (object === globalThis) return { tag: options.hideGlobal ? 'GlobalObject' : 'Object', cell: 'object' }
  if (isJsxElement(object)) return { tag: 'JSX', cell: 'object' }
  if (isErrorInstance(object)) return { tag: 'Error', cell: 'error' }
  if (Array.isArray(object)) return { tag: 'Array', cell: 'object' }
  if (isArguments(object)) return { tag: 'Array', cell: 'arguments' }
  if (isStringObject(object)) return { tag: 'String', cell: 'stringObject' }
  if (isRegExp(object)) return { tag: 'String', cell: 'regexp' }
  if (isNumberObject(object)) return { tag: 'Double', cell: 'object' }
  if (isBooleanObject(object)) return { tag: 'Boolean', cell: 'object' }
  if (binaryView(object) !== undefined) return { tag: 'TypedArray', cell: 'object' }
  if (isMap(object)) return { tag: 'Map', cell: 'object' }
  if (isWeakMap(object)) return { tag: 'Map', cell: 'weakMap' }
  if (isSet(object)) return { tag: 'Set', cell: 'object' }
  if (isWeakSet(object)) return { tag: 'Set', cell: 'weakSet' }
  if (isMapIterator(object)) return { tag: 'MapIterator', cell: 'object' }
  if (isSetIterator(object)) return { tag: 'SetIterator', cell: 'object' }
  if (isDate(object)) return { tag: 'JSON', cell: 'date' }
  if (builtinTag(object) === '[object Promise]' || hooks.promiseState?.(object) !== undefined) {
    return { tag: 'Promise', cell: 'object' }
  }
  if (isJsonOnlyObject(object)) return { tag: 'JSON', cell: 'object' }
  return { tag: 'Object', cell: 'object' }
}

function isJsxElement(object: object): boolean {
  let marker: unknown
  try {
    const desc = Object.getOwnPropertyDescriptor(object, '$$typeof')
    marker = desc && 'value' in desc ? desc.value : desc?.get ? (object as { $$typeof?: unknown }).$$typeof : undefined
  } catch {
    return false
  }
  return marker === REACT_ELEMENT || marker === REACT_TRANSITIONAL || marker === REACT_FRAGMENT
}

/**
 * The `buffer` package's own inspect method prints Buffers differently from
 * Bun (`<Buffer 00 ... >` without the byte count): Bun's is used instead.
 */
function isDefaultBufferInspect(object: object, custom: unknown): boolean {
  return Buffer.isBuffer(object) && custom === (Buffer.prototype as unknown as Record<symbol, unknown>)[INSPECT_CUSTOM]
}

/** Bun's `<Buffer 68 69 ... 10 more bytes>` (Node's format). */
function bufferInspect(buffer: Uint8Array, extra: string[]): string {
  const max = 50
  let text = ''
  for (let i = 0; i < Math.min(buffer.length, max); i++) {
    text += `${i === 0 ? '' : ' '}${buffer[i]!.toString(16).padStart(2, '0')}`
  }
  if (buffer.length > max) text += ` ... ${buffer.length - max} more byte${buffer.length - max > 1 ? 's' : ''}`
  if (extra.length > 0) text += `${buffer.length > 0 ? ',' : ''} ${extra.join(', ')}`
  return `<Buffer ${text}>`
}

/** Set while an error is being printed (JavaScriptCore VM state in Bun: shared by all formatters). */
let hadErrors = false

/** @internal Error printing reads and sets the VM-wide "printing an error" flag. */
export function swapHadErrors(value: boolean): boolean {
  const previous = hadErrors
  hadErrors = value
  return previous
}

/** One formatting run's state: output, indentation, depth, line-length estimate. */
export class Formatter {
  out = ''
  readonly colors: boolean
  readonly hooks: InspectHooks
  indent: number
  depth = 0
  maxDepth: number
  /** The depth the run was asked for (`maxDepth` is narrowed while an error's properties print). */
  readonly configuredMaxDepth: number
  quoteStrings: boolean
  quoteKeys = false
  /** Bun's `estimated_line_length`: an estimate of the current line's width. */
  lineLength = 0
  alwaysNewlineScope = false
  singleLine: boolean
  ordered: boolean
  disableInspectCustom = false
  formatBufferAsText = false
  errorLevel: ErrorDisplayLevel
  /** Values still to print (`console.log(fmt, ...rest)`): `%s` & co. take from here. */
  remaining: unknown[] = []
  readonly visited: Set<object> = new Set()

  constructor(settings: FormatterSettings) {
    this.colors = settings.colors
    this.maxDepth = settings.maxDepth
    this.configuredMaxDepth = settings.maxDepth
    this.quoteStrings = settings.quoteStrings
    this.singleLine = settings.singleLine
    this.ordered = settings.ordered
    this.indent = settings.indent
    this.errorLevel = settings.errorLevel
    this.hooks = settings.hooks
  }

  /** Appends raw text. */
  write(text: string): void {
    this.out += text
  }

  /** Appends a `prettyFmt` template. */
  pretty(template: string): void {
    this.out += pretty(template, this.colors)
  }

  /** Bun's `WrappedWriter.pretty`: appends and counts the template's visible characters. */
  prettyCounted(template: string, counted: number): void {
    this.lineLength += counted
    this.out += pretty(template, this.colors)
  }

  space(): void {
    this.lineLength += 1
    this.out += ' '
  }

  addForNewLine(length: number): void {
    this.lineLength += length
  }

  resetLine(): void {
    this.lineLength = this.indent * 2
  }

  goodTimeForANewLine(): boolean {
    if (this.lineLength > 80) {
      this.resetLine()
      return true
    }
    return false
  }

  writeIndent(): void {
    this.out += '  '.repeat(this.indent)
  }

  printComma(): void {
    this.pretty('<r><d>,<r>')
    this.lineLength += 1
  }

  tag(value: unknown, options: { hideGlobal?: boolean; disableInspectCustom?: boolean } = {}): TagResult {
    return tagOf(value, this.hooks, options)
  }

  /** Tag of a nested value (inside an array, object, map…). */
  nestedTag(value: unknown): TagResult {
    return tagOf(value, this.hooks, { hideGlobal: true, disableInspectCustom: this.disableInspectCustom })
  }

  format(result: TagResult, value: unknown): void {
    this.printAs(result.tag, value, result.cell, result.custom)
  }

  /** Prints a value nested in another (array element, property value…). */
  formatNested(value: unknown): void {
    this.format(this.nestedTag(value), value)
  }

  printAs(tag: Tag, value: unknown, cell: Cell, custom?: (...args: unknown[]) => unknown): void {
    let tracked: object | undefined
    if (CIRCULAR_TAGS.has(tag)) {
      const object = value as object
      if (this.visited.has(object)) {
        this.pretty('<r><cyan>[Circular]<r>')
        return
      }
      this.visited.add(object)
      tracked = object
    }
    try {
      this.print(tag, value, cell, custom)
    } finally {
      if (tracked) this.visited.delete(tracked)
    }
  }

  private print(tag: Tag, value: unknown, cell: Cell, custom?: (...args: unknown[]) => unknown): void {
    switch (tag) {
      case 'StringPossiblyFormatted': {
        const text = String(value)
        this.addForNewLine(utf8Length(text))
        this.writeWithFormatting(text)
        return
      }
      case 'String':
        this.printString(value, cell)
        return
      case 'Integer': {
        const n = value as number
        this.addForNewLine(digitCount(n) + (n < 0 ? 1 : 0))
        this.pretty(`<r><yellow>${n}<r>`)
        return
      }
      case 'BigInt': {
        const text = (value as bigint).toString()
        this.addForNewLine(text.length)
        this.pretty(`<r><yellow>${text}n<r>`)
        return
      }
      case 'Double':
        this.printDouble(value)
        return
      case 'Undefined':
        this.addForNewLine(9)
        this.pretty('<r><d>undefined<r>')
        return
      case 'Null':
        this.addForNewLine(4)
        this.pretty('<r><yellow>null<r>')
        return
      case 'Boolean':
        this.printBoolean(value)
        return
      case 'Symbol': {
        const description = (value as symbol).description ?? ''
        this.addForNewLine(6)
        if (description.length > 0) {
          this.addForNewLine(description.length + 2)
          this.pretty('<r><blue>')
          this.write(`Symbol(${description})`)
          this.pretty('<r>')
        } else this.pretty('<r><blue>Symbol()<r>')
        return
      }
      case 'CustomFormattedObject':
        this.printCustom(value as object, custom!)
        return
      case 'Error':
        printErrorLike(this, value as object)
        return
      case 'Class':
        this.printClass(value as object)
        return
      case 'Function':
        this.printFunction(value as object)
        return
      case 'GetterSetter': {
        const pair = value as GetterSetter
        if (pair.hasGetter && pair.hasSetter) this.pretty('<cyan>[Getter/Setter]<r>')
        else if (pair.hasGetter) this.pretty('<cyan>[Getter]<r>')
        else if (pair.hasSetter) this.pretty('<cyan>[Setter]<r>')
        return
      }
      case 'Array':
        this.printArray(value as unknown[], cell)
        return
      case 'Private':
        printWebObject(this, value as object)
        return
      case 'Promise':
        this.printPromise(value as object)
        return
      case 'GlobalObject':
        this.addForNewLine(15)
        this.pretty('<cyan>[Global Object]<r>')
        return
      case 'Map':
        this.printMap(value as Map<unknown, unknown>, cell)
        return
      case 'Set':
        this.printSet(value as Set<unknown>, cell)
        return
      case 'MapIterator':
      case 'SetIterator':
        this.printIterator(value as Iterator<unknown>, tag)
        return
      case 'JSON':
        this.printJson(value, cell)
        return
      case 'JSX':
        this.printJsx(value as Record<string, unknown>)
        return
      case 'Event':
        this.printEvent(value as Record<string, unknown>)
        return
      case 'Object':
        this.printObject(value as object)
        return
      case 'TypedArray':
        this.printTypedArray(value as object)
        return
      case 'RevokedProxy':
        this.addForNewLine(15)
        this.pretty('<r><cyan><Revoked Proxy><r>')
        return
      case 'Proxy': {
        const target = this.hooks.proxyTarget?.(value as object) as object
        this.format(this.tag(target), target)
        return
      }
    }
  }

  private printString(value: unknown, cell: Cell): void {
    const text = cell === 'stringObject' ? (unbox(value as object) as string) : toStringJsc(value)
    this.addForNewLine(text.length)
    if (this.quoteStrings && cell !== 'regexp') {
      if (text.length === 0) {
        this.write('""')
        return
      }
      if (this.colors) this.pretty('<r><green>')
      const json = quoteString(text)
      if (is16Bit(text)) this.addForNewLine(json.length)
      this.write(json)
      if (this.colors) this.pretty('<r>')
      return
    }
    if (cell === 'stringObject') {
      if (this.colors) this.pretty('<r><green>')
      const json = quoteString(text)
      if (is16Bit(text)) this.addForNewLine(json.length)
      this.write(`[String: ${json}]`)
      if (this.colors) this.pretty('<r>')
      return
    }
    if (cell === 'regexp' && this.colors) this.pretty('<r><red>')
    this.write(text)
    if (cell === 'regexp' && this.colors) this.pretty('<r>')
  }

  private printDouble(value: unknown): void {
    if (typeof value === 'object') {
      const name = className(value as object)
      const text = String(unbox(value as object))
      if (name !== 'Number') {
        this.addForNewLine(name.length + text.length + 12)
        this.pretty(`<r><yellow>[Number (${name}): ${text}]<r>`)
        return
      }
      this.addForNewLine(name.length + text.length + 4)
      this.pretty(`<r><yellow>[${name}: ${text}]<r>`)
      return
    }
    const n = value as number
    const text =
      n === Number.POSITIVE_INFINITY ? 'Infinity' : n === Number.NEGATIVE_INFINITY ? '-Infinity' : formatDouble(n)
    this.addForNewLine(text.length)
    this.pretty(`<r><yellow>${text}<r>`)
  }

  private printBoolean(value: unknown): void {
    if (typeof value === 'object') {
      const name = className(value as object)
      const text = String(unbox(value as object))
      if (name !== 'Boolean') {
        this.addForNewLine(text.length + name.length + 14)
        this.pretty(`<r><yellow>[Boolean (${name}): ${text}]<r>`)
        return
      }
      this.addForNewLine(text.length + 11)
      this.pretty(`<r><yellow>[Boolean: ${text}]<r>`)
      return
    }
    if (value) {
      this.addForNewLine(4)
      this.pretty('<r><yellow>true<r>')
    } else {
      this.addForNewLine(5)
      this.pretty('<r><yellow>false<r>')
    }
  }

  private printCustom(value: object, fn: (...args: unknown[]) => unknown): void {
    const depth = Math.max(this.maxDepth - this.depth, 0)
    const inspectFn = this.hooks.inspect ?? ((v: unknown, o?: object) => defaultInspect(v, o))
    const result = fn.call(
      value,
      depth,
      { stylize: this.colors ? stylizeWithColor : stylizeNoColor, depth: this.maxDepth, colors: this.colors },
      inspectFn,
    )
    if (typeof result === 'string') {
      this.write(result)
      return
    }
    this.format(this.tag(result), result)
  }

  private printClass(value: object): void {
    const name = functionName(value)
    this.addForNewLine(name.length)
    const proto = safePrototypeOf(value)
    const protoName = proto && isClass(proto) ? functionName(proto) : ''
    this.addForNewLine(protoName.length)
    const shown = name === '' ? '(anonymous)' : name
    this.pretty('<cyan>')
    this.write(protoName === '' ? `[class ${shown}]` : `[class ${shown} extends ${protoName}]`)
    this.pretty('<r>')
  }

  private printFunction(value: object): void {
    const name = functionName(value)
    const kind = functionKindName(value)
    this.pretty('<cyan>')
    if (name === '' || name === kind) this.write(kind === '' ? '[Function]' : `[${kind}]`)
    else this.write(kind === '' ? `[Function: ${name}]` : `[${kind}: ${name}]`)
    this.pretty('<r>')
  }

  /** `[Object ...]` and friends, for values nested deeper than `maxDepth`. */
  printTooDeep(name: string): void {
    if (name === 'Object' && this.singleLine) this.write(' ')
    // Bun's object printer does not count its marker towards the line length; the others do.
    if (name === 'Object') this.pretty(`<r><cyan>[${name} ...]<r>`)
    else this.prettyCounted(`<r><cyan>[${name} ...]<r>`, name.length + 6)
  }

  private printArray(value: unknown[], cell: Cell): void {
    const length = value.length >>> 0
    if (length === 0) {
      this.write('[]')
      this.addForNewLine(2)
      return
    }
    if (this.depth > this.maxDepth) {
      this.printTooDeep('Array')
      return
    }
    let wasGoodTime = this.alwaysNewlineScope || length > 10
    {
      this.indent += 1
      this.depth += 1
      const previousQuote = this.quoteStrings
      this.quoteStrings = true
      try {
        this.addForNewLine(2)
        let emptyStart: number | null = null
        const first = this.element(value, 0)
        const firstTag = first === HOLE ? this.nestedTag(undefined) : this.nestedTag(first)
        wasGoodTime = wasGoodTime || !isPrimitiveTag(firstTag.tag) || this.goodTimeForANewLine()
        if (!this.singleLine && (this.ordered || wasGoodTime)) {
          this.resetLine()
          this.write('[\n')
          this.writeIndent()
          this.addForNewLine(1)
        } else {
          this.write('[ ')
          this.addForNewLine(2)
        }
        if (first === HOLE) emptyStart = 0
        else {
          this.format(firstTag, first)
          if (isStringLike(firstTag.cell) && this.colors) this.pretty('<r>')
        }
        let i = 1
        let nonEmpty = 1
        let present: number[] | undefined
        let cursor = 0
        for (; i < length; i++) {
          const element = this.element(value, i)
          if (element === HOLE) {
            if (emptyStart === null) emptyStart = i
            if (i >= 1024) {
              // A long run of holes: jump to the next element instead of visiting every index.
              present ??= presentIndices(value, length)
              while (cursor < present.length && present[cursor]! <= i) cursor++
              i = (cursor < present.length ? present[cursor]! : length) - 1
            }
            continue
          }
          if (nonEmpty >= 100) {
            this.printComma()
            this.write('\n')
            this.lineLength = 0
            this.writeIndent()
            this.prettyCounted(`<r><d>... ${length - i} more items<r>`, 15)
            break
          }
          nonEmpty += 1
          if (emptyStart !== null) {
            if (emptyStart > 0) {
              this.printComma()
              if (!this.singleLine && (this.ordered || this.goodTimeForANewLine())) {
                wasGoodTime = true
                this.write('\n')
                this.writeIndent()
              } else this.space()
            }
            this.printEmpty(i - emptyStart)
            emptyStart = null
          }
          this.printComma()
          if (!this.singleLine && (this.ordered || this.goodTimeForANewLine())) {
            this.write('\n')
            wasGoodTime = true
            this.writeIndent()
          } else this.space()
          const tag = this.nestedTag(element)
          this.format(tag, element)
          if (isStringLike(tag.cell) && this.colors) this.pretty('<r>')
        }
        if (emptyStart !== null) {
          if (emptyStart > 0) {
            this.printComma()
            if (!this.singleLine && (this.ordered || this.goodTimeForANewLine())) {
              this.write('\n')
              wasGoodTime = true
              this.writeIndent()
            } else this.space()
          }
          this.printEmpty(length - emptyStart)
        }
        if (cell !== 'arguments') {
          const alwaysNewline = !this.singleLine && (this.alwaysNewlineScope || this.goodTimeForANewLine())
          this.printProperties(value, collectNonIndexProperties(value), i, alwaysNewline)
        }
      } finally {
        this.quoteStrings = previousQuote
        this.depth -= 1
        this.indent -= 1
      }
    }
    if (!this.singleLine && (this.ordered || wasGoodTime || this.goodTimeForANewLine())) {
      this.resetLine()
      this.write('\n')
      this.writeIndent()
      this.write(']')
      this.resetLine()
      this.addForNewLine(1)
    } else {
      this.write(' ]')
      this.addForNewLine(2)
    }
  }

  private printEmpty(count: number): void {
    if (count === 1) this.prettyCounted('<r><d>empty item<r>', 10)
    else {
      this.lineLength += digitCount(count)
      this.prettyCounted(`<r><d>${count} x empty items<r>`, 14)
    }
  }

  /** An array slot: `HOLE` when empty; an accessor's getter runs (as in Bun). */
  private element(array: unknown[], index: number): unknown {
    const desc = Object.getOwnPropertyDescriptor(array, index)
    if (!desc) return HOLE
    if ('value' in desc) return desc.value
    return array[index]
  }

  /**
   * Bun's `PropertyIterator`: prints `entries` of `parent` as `key: value`,
   * opening `Name {` on the first one. `start` > 0 continues a list (array
   * properties after the elements). Returns how many were printed.
   */
  printProperties(parent: object, entries: PropertyEntry[], start: number, alwaysNewlineIn: boolean): number {
    let i = start
    let alwaysNewline = alwaysNewlineIn
    for (const { key, value } of entries) {
      if (key === 'constructor') continue
      const tag = this.nestedTag(value)
      if (i === 0) {
        if (typeof parent !== 'function') {
          const name = objectName(parent)
          if (name !== undefined) this.write(`${name} `)
        }
        if (!this.singleLine) alwaysNewline = true
        this.lineLength = this.indent * 2 + 1
        this.indent += 1
        this.depth += 1
        if (this.singleLine) this.write('{ ')
        else {
          this.write('{\n')
          this.writeIndent()
        }
      } else this.printComma()
      if (i > 0) {
        if (!this.singleLine && (alwaysNewline || this.alwaysNewlineScope || this.goodTimeForANewLine())) {
          this.write('\n')
          this.writeIndent()
          this.resetLine()
        } else this.space()
      }
      i++
      this.printKey(key)
      if (isStringLike(tag.cell) && this.colors) this.pretty('<r><green>')
      this.format(tag, value)
      if (isStringLike(tag.cell) && this.colors) this.pretty('<r>')
    }
    this.lastAlwaysNewline = alwaysNewline
    return i
  }

  /** Whether the last {@link printProperties} broke lines (Bun's `iter.always_newline`). */
  lastAlwaysNewline = false

  printKey(key: string | symbol): void {
    if (typeof key === 'symbol') {
      const description = key.description ?? ''
      this.addForNewLine(1 + 11 + description.length)
      this.pretty('<r><d>[<r><blue>')
      this.write(`Symbol(${description})`)
      this.pretty('<r><d>]:<r> ')
      return
    }
    if (!this.quoteKeys && isIdentifierKey(key)) {
      this.addForNewLine(key.length + 1)
      this.pretty('<r>')
      this.write(key)
      this.pretty('<d>:<r> ')
      return
    }
    this.addForNewLine(key.length + 2)
    if (is16Bit(key)) {
      if (this.colors) this.pretty('<r><green>')
      this.write(`"${key}`)
      this.pretty('"<r><d>:<r> ')
      return
    }
    this.pretty('<r><green>')
    this.write(quoteString(key))
    this.pretty('<r><d>:<r> ')
  }

  private printPromise(value: object): void {
    if (!this.singleLine && this.goodTimeForANewLine()) {
      this.write('\n')
      this.writeIndent()
    }
    const state = this.hooks.promiseState?.(value) ?? 'pending'
    const shown = state === 'fulfilled' ? '<resolved>' : state === 'rejected' ? '<rejected>' : '<pending>'
    this.write('Promise { ')
    this.pretty('<r><cyan>')
    this.write(shown)
    this.pretty('<r>')
    this.write(' }')
  }

  private printMap(value: Map<unknown, unknown>, cell: Cell): void {
    const weak = cell === 'weakMap'
    this.printCollection(
      weak ? 'WeakMap' : 'Map',
      weak ? 0 : mapSizeOf(value),
      () => mapEntries.call(value),
      (entry) => {
        const [key, item] = entry as [unknown, unknown]
        this.formatNested(key)
        this.write(': ')
        this.formatNested(item)
      },
    )
  }

  private printSet(value: Set<unknown>, cell: Cell): void {
    const weak = cell === 'weakSet'
    this.printCollection(
      weak ? 'WeakSet' : 'Set',
      weak ? 0 : setSizeOf(value),
      () => setValues.call(value),
      (entry) => this.formatNested(entry),
    )
  }

  /** `Map(2) { … }` / `Set(1) { … }`: an entry a line (or all on one line), strings quoted; weak ones print empty. */
  private printCollection(
    name: string,
    length: number,
    entries: () => Iterable<unknown>,
    printEntry: (entry: unknown) => void,
  ): void {
    const previousQuote = this.quoteStrings
    this.quoteStrings = true
    try {
      if (length === 0) {
        this.write(`${name} {}`)
        return
      }
      if (this.depth > this.maxDepth) {
        this.printTooDeep(name)
        return
      }
      this.write(`${name}(${length}) {${this.singleLine ? ' ' : '\n'}`)
      this.indent += 1
      this.depth += 1
      let count = 0
      try {
        for (const entry of entries()) {
          if (this.singleLine && count > 0) {
            this.printComma()
            this.write(' ')
          }
          if (!this.singleLine) this.writeIndent()
          printEntry(entry)
          count++
          if (!this.singleLine) {
            this.printComma()
            this.write('\n')
          }
        }
        if (this.singleLine && count > 0) this.write(' ')
      } finally {
        this.indent -= 1
        this.depth -= 1
      }
      if (!this.singleLine) this.writeIndent()
      this.write('}')
    } finally {
      this.quoteStrings = previousQuote
    }
  }

  /** Map and Set iterators: printing consumes them, as in Bun. */
  private printIterator(value: Iterator<unknown>, tag: 'MapIterator' | 'SetIterator'): void {
    if (this.depth > this.maxDepth) {
      this.printTooDeep(tag)
      return
    }
    const previousQuote = this.quoteStrings
    this.quoteStrings = true
    try {
      this.write(`${tag} { `)
      this.indent += 1
      this.depth += 1
      let count = 0
      try {
        const next = value.next
        for (;;) {
          const step = next.call(value)
          if (step.done) break
          if (this.singleLine && count > 0) {
            this.printComma()
            this.write(' ')
          }
          if (!this.singleLine) {
            this.write('\n')
            this.writeIndent()
          }
          this.formatNested(step.value)
          count++
          if (!this.singleLine) this.printComma()
        }
        if (count > 0) {
          if (tag === 'MapIterator') this.write(this.singleLine ? ' ' : '\n')
          else if (!this.singleLine) this.write('\n')
        }
      } finally {
        this.indent -= 1
        this.depth -= 1
      }
      if (!this.singleLine) this.writeIndent()
      this.write('}')
    } finally {
      this.quoteStrings = previousQuote
    }
  }

  private printJson(value: unknown, cell: Cell): void {
    if (cell === 'date') {
      const json = JSON.stringify(value) ?? 'undefined'
      this.addForNewLine(json.length)
      const shown = json === 'null' ? 'Invalid Date' : json.length > 2 ? json.slice(1, -1) : json
      this.pretty('<r><magenta>')
      this.write(shown)
      this.pretty('<r>')
      return
    }
    const json = JSON.stringify(value, null, this.indent) ?? 'undefined'
    this.addForNewLine(json.length)
    this.write(json)
  }

  private printJsx(value: Record<string, unknown>): void {
    this.pretty('<r>')
    this.write('<')
    let needsSpace = false
    let tagName: string
    let primitiveTag = false
    const type = value.type
    if (type !== undefined) {
      if (typeof type === 'symbol') tagName = ''
      else if (typeof type === 'string') {
        tagName = type
        primitiveTag = true
      } else if (typeof type === 'function' || (typeof type === 'object' && type !== null)) {
        const name = (type as { name?: unknown }).name
        tagName = typeof name === 'string' && name !== '' ? name : 'NoName'
      } else tagName = String(type)
      needsSpace = true
    } else {
      tagName = 'unknown'
      needsSpace = true
    }
    this.pretty(primitiveTag ? '<green>' : '<cyan>')
    this.write(tagName)
    if (this.colors) this.pretty('<r>')
    const key = value.key
    if (key !== undefined && key !== null) {
      this.write(needsSpace ? ' key=' : 'key=')
      const previousQuote = this.quoteStrings
      this.quoteStrings = true
      try {
        this.formatNested(key)
      } finally {
        this.quoteStrings = previousQuote
      }
      needsSpace = true
    }
    const props = value.props
    if (props !== undefined && props !== null && typeof props === 'object') {
      const previousQuote = this.quoteStrings
      this.quoteStrings = true
      try {
        const names = Object.keys(props).filter((name) => name !== '')
        const hasChildren = 'children' in props
        const children = (props as Record<string, unknown>).children
        if (names.length > 0) {
          this.indent += 1
          try {
            const countWithoutChildren = names.length - (hasChildren ? 1 : 0)
            let index = 0
            for (const name of names) {
              const at = index++
              if (name === 'children') continue
              const propValue = (props as Record<string, unknown>)[name]
              const tag = this.nestedTag(propValue)
              if (needsSpace) this.space()
              needsSpace = false
              this.pretty('<r><blue>')
              this.write(name.slice(0, 128))
              this.pretty('<d>=<r>')
              if (isStringLike(tag.cell) && this.colors) this.pretty('<r><green>')
              this.format(tag, propValue)
              if (isStringLike(tag.cell) && this.colors) this.pretty('<r>')
              if (!this.singleLine && at + 1 < countWithoutChildren && at > 3) {
                this.write('\n')
                this.writeIndent()
              } else if (at + 1 < countWithoutChildren) this.space()
            }
          } finally {
            this.indent -= 1
          }
          if (hasChildren && this.printJsxChildren(children, tagName, primitiveTag)) return
        }
      } finally {
        this.quoteStrings = previousQuote
      }
    }
    this.write(' />')
  }

  private printJsxChildren(children: unknown, tagName: string, primitiveTag: boolean): boolean {
    const tag = this.tag(children)
    if (!(tag.tag === 'String' || tag.tag === 'JSX' || tag.tag === 'Array') || this.singleLine) return false
    if (tag.tag === 'String') {
      const text = String(children)
      if (text.length === 0) return false
      if (this.colors) this.pretty('<r>')
      this.write('>')
      if (text.length < 128) this.write(text)
      else {
        this.indent += 1
        this.write('\n')
        this.writeIndent()
        this.indent -= 1
        this.write(text)
        this.write('\n')
        this.writeIndent()
      }
    } else if (tag.tag === 'JSX') {
      this.write('>\n')
      this.indent += 1
      this.writeIndent()
      try {
        this.format(this.tag(children), children)
      } finally {
        this.indent -= 1
      }
      this.write('\n')
      this.writeIndent()
    } else {
      const list = children as unknown[]
      if (list.length === 0) return false
      this.write('>\n')
      this.indent += 1
      this.writeIndent()
      const previousQuote = this.quoteStrings
      this.quoteStrings = false
      try {
        for (let j = 0; j < list.length; j++) {
          this.formatNested(list[j])
          if (j + 1 < list.length) {
            this.write('\n')
            this.writeIndent()
          }
        }
      } finally {
        this.quoteStrings = previousQuote
        this.indent -= 1
      }
      this.write('\n')
      this.writeIndent()
    }
    this.write('</')
    this.pretty(primitiveTag ? '<r><green>' : '<r><cyan>')
    this.write(tagName)
    if (this.colors) this.pretty('<r>')
    this.write('>')
    return true
  }

  /** Bun's printer for events of type `message` and `error` (`MessageEvent { type, data }`). */
  private printEvent(value: Record<string, unknown>): void {
    const kind = eventKind(value)!
    if (this.depth > this.maxDepth) {
      this.printTooDeep(kind)
      return
    }
    this.pretty(`<r><cyan>${kind}<r> {\n`)
    this.indent += 1
    this.depth += 1
    const previousQuote = this.quoteStrings
    this.quoteStrings = true
    const line = () => {
      this.printComma()
      if (!this.singleLine) this.write('\n')
    }
    try {
      this.writeIndent()
      this.pretty(
        `<r>type: <green>"${kind === 'MessageEvent' ? 'message' : 'error'}"<r><d>,<r>${this.singleLine ? ' ' : '\n'}`,
      )
      const message = value.message
      if (typeof message === 'string') {
        if (!this.singleLine) this.writeIndent()
        this.pretty('<r><blue>message<d>:<r> ')
        this.formatNested(message)
        line()
      }
      if (kind === 'MessageEvent') {
        if (!this.singleLine) this.writeIndent()
        this.pretty('<r><blue>data<d>:<r> ')
        this.formatNested(value.data)
        line()
      } else if (value.error !== undefined && value.error !== null) {
        if (!this.singleLine) this.writeIndent()
        this.pretty('<r><blue>error<d>:<r> ')
        this.formatNested(value.error)
        line()
      }
    } finally {
      this.quoteStrings = previousQuote
      this.indent -= 1
      this.depth -= 1
    }
    if (!this.singleLine) this.writeIndent()
    this.write('}')
  }

  /** A plain object, class instance, namespace…: `Name {` and its properties. */
  printObject(value: object, entriesOverride?: PropertyEntry[]): void {
    const previousQuote = this.quoteStrings
    this.quoteStrings = true
    const previousScope = this.alwaysNewlineScope
    try {
      // Evaluated before the depth check, as in Bun: it may reset the line estimate.
      const alwaysNewline = !this.singleLine && (this.alwaysNewlineScope || this.goodTimeForANewLine())
      if (this.depth > this.maxDepth) {
        this.printTooDeep('Object')
        return
      }
      const entries = entriesOverride
        ? this.ordered
          ? sortEntries(entriesOverride)
          : entriesOverride
        : this.ordered
          ? collectOrderedProperties(value)
          : collectProperties(value)
      const printed = this.printProperties(value, entries, 0, alwaysNewline)
      if (printed === 0) {
        if (isClass(value)) this.printAs('Class', value, 'object')
        else if (typeof value === 'function') this.printAs('Function', value, 'object')
        else {
          const name = objectName(value)
          if (name !== undefined) this.write(`${name} `)
          this.write('{}')
        }
        return
      }
      this.depth -= 1
      if (this.lastAlwaysNewline) {
        this.indent -= 1
        this.printComma()
        this.write('\n')
        this.writeIndent()
        this.write('}')
        this.lineLength += 1
      } else {
        this.lineLength += 2
        this.write(' }')
      }
    } finally {
      this.quoteStrings = previousQuote
      this.alwaysNewlineScope = previousScope
    }
  }

  private printTypedArray(value: object): void {
    const view = binaryView(value)!
    const bytes = view.bytes
    const isUint8 = view.name === 'Uint8Array'
    if (this.formatBufferAsText && isUint8 && isValidUtf8(bytes)) {
      if (this.colors) this.pretty('<r><green>')
      this.write(JSON.stringify(new TextDecoder().decode(bytes)))
      if (this.colors) this.pretty('<r>')
      return
    }
    const isBuffer = isUint8 && Buffer.isBuffer(value)
    if (isBuffer && !this.disableInspectCustom) {
      const extra: string[] = []
      for (const key of Object.keys(value)) {
        if (/^(0|[1-9][0-9]*)$/.test(key)) continue
        const inner = new Formatter({
          colors: false,
          maxDepth: this.maxDepth,
          quoteStrings: true,
          singleLine: true,
          ordered: false,
          indent: 0,
          errorLevel: this.errorLevel,
          hooks: this.hooks,
        })
        inner.formatNested((value as unknown as Record<string, unknown>)[key])
        extra.push(`${key}: ${inner.out}`)
      }
      this.write(bufferInspect(bytes, extra))
      return
    }
    const name = isBuffer ? 'Buffer' : view.name
    const elements: ArrayLike<number | bigint> = view.typed ?? bytes
    const length = elements.length
    this.write(name)
    if (length === 0) {
      this.write(`(${length}) []`)
      return
    }
    this.write(`(${length}) [ `)
    const big = name === 'BigInt64Array' || name === 'BigUint64Array'
    const float = name.startsWith('Float')
    const show = (n: number | bigint) => (big ? `${n}n` : float ? String(n) : String(n))
    this.pretty(`<r><yellow>${show(elements[0]!)}<r>`)
    const max = 512
    const last = Math.min(length - 1, max)
    for (let i = 1; i <= last; i++) {
      this.printComma()
      this.space()
      this.pretty(`<r><yellow>${show(elements[i]!)}<r>`)
    }
    if (length > max + 1) {
      this.pretty(big ? `<r><d>n, ... ${length - max - 1} more<r>` : `<r><d>, ... ${length - max - 1} more<r>`)
    }
    this.write(' ]')
  }

  /**
   * `console.log('%s …', …)`: substitutes `%s %d %i %f %o %O %j %c` from
   * {@link remaining} as Bun does, `%%` only while values remain.
   */
  writeWithFormatting(format: string): void {
    let slice = format
    let i = 0
    let length = slice.length
    let hitPercent = false
    for (; i < length; i++) {
      if (hitPercent) {
        i = 0
        hitPercent = false
      }
      if (slice[i] !== '%') continue
      i++
      if (i >= length) break
      if (this.remaining.length === 0) break
      const c = slice[i]
      let token: 's' | 'i' | 'f' | 'o' | 'O' | 'c' | 'j'
      if (c === 's' || c === 'f' || c === 'o' || c === 'O' || c === 'c' || c === 'j') token = c
      else if (c === 'd' || c === 'i') token = 'i'
      else if (c === '%') {
        this.write(slice.slice(0, i))
        slice = slice.slice(Math.min(slice.length, i + 1))
        length = slice.length
        i = 0
        continue
      } else continue
      this.write(slice.slice(0, i - 1))
      slice = slice.slice(Math.min(slice.length, i + 1))
      i = 0
      hitPercent = true
      length = slice.length
      const next = this.remaining.shift()
      switch (token) {
        case 's':
          this.printAs('String', next, typeof next === 'string' ? 'string' : 'primitive')
          break
        case 'i':
          this.printInteger(next)
          break
        case 'f':
          this.printFloat(next)
          break
        case 'o':
        case 'O':
          this.format(this.tag(next), next)
          break
        case 'c':
          break
        case 'j': {
          const json = jsonStringify(next)
          this.addForNewLine(json.length)
          this.write(json)
          break
        }
      }
      if (this.remaining.length === 0) break
    }
    if (slice.length > 0) {
      // The loop leaves `slice` at what is still unprinted.
      this.write(slice)
    }
  }

  private printInteger(value: unknown): void {
    let int: number
    if (typeof value === 'number' && isInt32(value)) int = value
    else if (typeof value !== 'symbol') {
      let n = toNumber(value)
      if (!Number.isFinite(n)) {
        this.addForNewLine(3)
        this.write('NaN')
        return
      }
      if (n === 0) int = 0
      else {
        const sign = n < 0 ? -1 : 1
        n = Math.abs(n)
        if (n >= 1e21) {
          while (n >= 10) n /= 10
        } else if (n < 0.000001) {
          while (n < 1) n *= 10
        }
        int = Math.floor(n) * sign
      }
    } else {
      this.addForNewLine(3)
      this.write('NaN')
      return
    }
    this.addForNewLine(String(int).length)
    this.write(String(int))
  }

  private printFloat(value: unknown): void {
    if (typeof value === 'number' && isInt32(value)) {
      this.addForNewLine(String(value).length)
      this.write(String(value))
      return
    }
    const n = typeof value === 'symbol' ? Number.NaN : toNumber(value)
    const abs = Math.abs(n)
    let text: string
    if (abs < 1e21 && abs >= 0.000001) text = String(n)
    else if (Number.isNaN(n)) text = 'NaN'
    else if (!Number.isFinite(n)) text = n < 0 ? '-Infinity' : 'Infinity'
    else text = String(n)
    this.addForNewLine(text.length)
    this.write(text)
  }
}

const HOLE: unique symbol = Symbol('hole')

/** The indices an array has elements at, ascending. */
function presentIndices(array: unknown[], length: number): number[] {
  const out: number[] = []
  for (const key of Reflect.ownKeys(array)) {
    if (typeof key !== 'string' || !/^(0|[1-9][0-9]*)$/.test(key)) continue
    const index = Number(key)
    if (index < length) out.push(index)
  }
  return out.sort((a, b) => a - b)
}

/** Node's `util.inspect` styles (what `options.stylize` colours in custom inspect functions). */
const STYLES: Record<string, [number, number]> = {
  special: [36, 39],
  number: [33, 39],
  bigint: [33, 39],
  boolean: [33, 39],
  undefined: [90, 39],
  null: [1, 22],
  string: [32, 39],
  symbol: [32, 39],
  date: [35, 39],
  regexp: [31, 39],
  module: [4, 24],
}

// Bun's no-colour stylize is anonymous (an array element gets no inferred name); the other is named.
const [stylizeNoColor] = [(text: unknown) => String(text)]

function stylizeWithColor(text: unknown, style: unknown): string {
  const codes = typeof style === 'string' ? STYLES[style] : undefined
  return codes ? `\x1b[${codes[0]}m${String(text)}\x1b[${codes[1]}m` : String(text)
}

/** `ToNumber` with JavaScriptCore's message for BigInts. */
function toNumber(value: unknown): number {
  if (typeof value === 'bigint') throw new TypeError("Conversion from 'BigInt' to 'number' is not allowed.")
  if (typeof value === 'object' && value !== null) {
    const primitive = toPrimitiveNumber(value)
    return toNumber(primitive)
  }
  return Number(value)
}

/** `ToString`, with JavaScriptCore's messages (what `%s` throws in Bun). */
function toStringJsc(value: unknown): string {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a symbol to a string')
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    return toStringJsc(toPrimitive(value, 'string'))
  }
  return String(value)
}

function toPrimitive(value: object, hint: 'string' | 'number'): unknown {
  const exotic = (value as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive]
  if (exotic !== undefined && exotic !== null) {
    if (typeof exotic !== 'function') throw new TypeError('Symbol.toPrimitive is not a function, undefined, or null')
    const result = exotic.call(value, hint)
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      throw new TypeError('Symbol.toPrimitive returned an object')
    }
    return result
  }
  const order = hint === 'string' ? (['toString', 'valueOf'] as const) : (['valueOf', 'toString'] as const)
  for (const method of order) {
    const fn = (value as Record<string, unknown>)[method]
    if (typeof fn === 'function') {
      const result = fn.call(value)
      if (result === null || (typeof result !== 'object' && typeof result !== 'function')) return result
    }
  }
  throw new TypeError('No default value')
}

function toPrimitiveNumber(value: object): unknown {
  return toPrimitive(value, 'number')
}

/** `JSON.stringify` for `%j`, with JavaScriptCore's messages. */
function jsonStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch (error) {
    if (error instanceof TypeError) {
      if (/BigInt/i.test(error.message)) throw new TypeError('JSON.stringify cannot serialize BigInt.')
      if (/circular/i.test(error.message)) throw new TypeError('JSON.stringify cannot serialize cyclic structures.')
    }
    throw error
  }
}

function utf8Length(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) length += 1
    else if (c < 0x800) length += 2
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      length += 4
      i++
    } else length += 3
  }
  return length
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** The prefix Bun prints before an object's `{`: its class name, or `[Object: null prototype]`. */
export function objectName(value: object): string | undefined {
  const name = className(value)
  if (name !== 'Object') return name
  if (safePrototypeOf(value) === null) return '[Object: null prototype]'
  return undefined
}

let defaultInspectImpl: ((value: unknown, options?: object) => string) | undefined

/** @internal `inspect.ts` registers `Bun.inspect` here (for custom inspect functions' third argument). */
export function registerDefaultInspect(fn: (value: unknown, options?: object) => string): void {
  defaultInspectImpl = fn
}

function defaultInspect(value: unknown, options?: object): string {
  return defaultInspectImpl ? defaultInspectImpl(value, options) : String(value)
}

/**
 * `util.inspect` and `util.format` with Node's algorithm and output, as the
 * real Bun's `node:util` has them (Bun's own `Bun.inspect`/`console.log`
 * formatter is a different one, in `runtime/console`). Bun's deviations from
 * Node are kept: `breakLength` 80, symbol keys without brackets
 * (`Symbol(a): 1`), regular expressions syntax-highlighted when coloured,
 * a generic `Error: ` stack header rewritten with the error's name, objects
 * already shown once as `<ref *n>` printed `[Circular *n]` afterwards, and
 * the synthetic `byteLength`/`byteOffset`/`buffer` entries bracketed.
 * `URL`/`URLSearchParams` get Bun's custom views (the browser's classes have
 * no inspector of their own).
 *
 * `createInspect()` makes an independent `inspect` (own `defaultOptions`,
 * `colors`, `styles`); `inspectFor(ctx)` is the one of a process.
 *
 * What plain JavaScript cannot see is reported as such: a promise's state
 * (`Promise { <unknown> }`), the entries of Map/Set iterators and of
 * WeakMap/WeakSet (`<items unknown>`), and proxies (inspected as their
 * target; `showProxy` has no effect).
 */
import { invalidArgType } from './node-a-errors.js'
import * as types from './node-a-types.js'

/** Options of `util.inspect`. */
export interface InspectOptions {
  showHidden?: boolean
  depth?: number | null
  colors?: boolean
  customInspect?: boolean
  showProxy?: boolean
  maxArrayLength?: number | null
  maxStringLength?: number | null
  breakLength?: number
  compact?: boolean | number
  sorted?: boolean | ((a: string, b: string) => number)
  getters?: boolean | 'get' | 'set'
  numericSeparator?: boolean
  [key: string]: unknown
}

/** A `util.inspect` function with its properties. */
export interface InspectFunction {
  (value: unknown, options?: InspectOptions | boolean, depth?: number | null, colors?: boolean): string
  custom: symbol
  colors: Record<string, [number, number]>
  styles: Record<string, string | ((text: string) => string)>
  defaultOptions: InspectOptions
}

type Stylize = (text: string, style: string) => string

interface Context {
  budget: Record<number, number>
  indentationLvl: number
  seen: unknown[]
  currentDepth: number
  stylize: Stylize
  showHidden: boolean
  depth: number
  colors: boolean
  customInspect: boolean
  showProxy: boolean
  maxArrayLength: number
  maxStringLength: number
  breakLength: number
  compact: boolean | number
  sorted: boolean | ((a: string, b: string) => number)
  getters: boolean | 'get' | 'set'
  numericSeparator: boolean
  circular?: Map<unknown, number>
  /** Values whose `<ref *n>` was already written: Bun prints them as `[Circular *n]` afterwards. */
  referenced?: Set<unknown>
  userOptions?: InspectOptions
  /** The `inspect` this call belongs to (its tables, passed to custom inspectors). */
  instance: InspectFunction
}

const customInspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never

/** The colours of `inspect.colors`: SGR open/close codes. */
const COLOR_CODES: Record<string, [number, number]> = {
  reset: [0, 0],
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  blink: [5, 25],
  inverse: [7, 27],
  hidden: [8, 28],
  strikethrough: [9, 29],
  doubleunderline: [21, 24],
  black: [30, 39],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  bgBlack: [40, 49],
  bgRed: [41, 49],
  bgGreen: [42, 49],
  bgYellow: [43, 49],
  bgBlue: [44, 49],
  bgMagenta: [45, 49],
  bgCyan: [46, 49],
  bgWhite: [47, 49],
  framed: [51, 54],
  overlined: [53, 55],
  gray: [90, 39],
  redBright: [91, 39],
  greenBright: [92, 39],
  yellowBright: [93, 39],
  blueBright: [94, 39],
  magentaBright: [95, 39],
  cyanBright: [96, 39],
  whiteBright: [97, 39],
  bgGray: [100, 49],
  bgRedBright: [101, 49],
  bgGreenBright: [102, 49],
  bgYellowBright: [103, 49],
  bgBlueBright: [104, 49],
  bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49],
  bgWhiteBright: [107, 49],
}

/** Aliases of `inspect.colors` (non-enumerable accessors, as in Node). */
const COLOR_ALIASES: [string, string][] = [
  ['grey', 'gray'],
  ['blackBright', 'gray'],
  ['bgGrey', 'bgGray'],
  ['bgBlackBright', 'bgGray'],
  ['faint', 'dim'],
  ['crossedout', 'strikethrough'],
  ['strikeThrough', 'strikethrough'],
  ['crossedOut', 'strikethrough'],
  ['conceal', 'hidden'],
  ['swapColors', 'inverse'],
  ['swapcolors', 'inverse'],
  ['doubleUnderline', 'doubleunderline'],
]
/** Every name `inspect.colors` answers to, aliases last (`styleText`'s list). */
export const COLOR_NAMES: readonly string[] = [...Object.keys(COLOR_CODES), ...COLOR_ALIASES.map(([alias]) => alias)]

/** A fresh `inspect.colors` (each `util` instance has its own, as each process has). */
function createColors(): Record<string, [number, number]> {
  const colors = Object.assign(Object.create(null) as Record<string, [number, number]>, structuredCopy(COLOR_CODES))
  for (const [alias, target] of COLOR_ALIASES) {
    Object.defineProperty(colors, alias, {
      get(this: Record<string, unknown>) {
        return this[target]
      },
      set(this: Record<string, unknown>, value: unknown) {
        Object.defineProperty(this, alias, { value, configurable: true, writable: true, enumerable: true })
      },
      configurable: true,
      enumerable: false,
    })
  }
  return colors
}

function structuredCopy(table: Record<string, [number, number]>): Record<string, [number, number]> {
  const copy: Record<string, [number, number]> = {}
  for (const [name, codes] of Object.entries(table)) copy[name] = [codes[0], codes[1]]
  return copy
}

/**
 * Colours a regular expression's source token by token (Bun's, after Node's
 * `highlightRegExp`): each role has a base index into `colors`, shifted by
 * the group depth, so nested groups rotate through the palette.
 */
function createHighlighter(
  colors: Record<string, [number, number]>,
): ((text: string) => string) & { colors: string[] } {
  function highlightRegExp(text: string): string {
    const palette = highlighter.colors
    let depth = 0
    let out = ''
    const paint = (role: number, token: string): void => {
      const name = palette[(role + depth) % palette.length]
      const codes = name === undefined ? undefined : colors[name]
      out += codes ? `\x1b[${codes[0]}m${token}\x1b[${codes[1]}m` : token
    }
    const DELIMITER = 0
    const GROUP = 1
    const LITERAL = 2
    const CLASS_RANGE = 3
    const OPERATOR = 4
    paint(DELIMITER, '/')
    let i = 1
    const readEscape = (): void => {
      const next = text[i + 1]
      if (next === undefined) {
        paint(LITERAL, '\\')
        i++
        return
      }
      if (next === 'k' && text[i + 2] === '<') {
        const close = text.indexOf('>', i + 3)
        if (close === -1) {
          paint(LITERAL, '\\k<')
          i += 3
          return
        }
        paint(DELIMITER, '\\k<')
        paint(GROUP, text.slice(i + 3, close))
        paint(DELIMITER, '>')
        i = close + 1
        return
      }
      if ((next === 'p' || next === 'P' || next === 'u') && text[i + 2] === '{') {
        const close = text.indexOf('}', i + 3)
        if (close === -1) {
          paint(LITERAL, text.slice(i, i + 3))
          i += 3
          return
        }
        paint(GROUP, text.slice(i, i + 3))
        paint(LITERAL, text.slice(i + 3, close))
        paint(GROUP, '}')
        i = close + 1
        return
      }
      if (next === 'x') {
        paint(LITERAL, text.slice(i, i + 4))
        i += 4
        return
      }
      paint(LITERAL, text.slice(i, i + 2))
      i += 2
    }
    while (i < text.length) {
      const ch = text[i]!
      if (ch === '\\') {
        readEscape()
        continue
      }
      if (ch === '/') break
      if (ch === '[') {
        paint(GROUP, '[')
        i++
        let first = true
        while (i < text.length && text[i] !== ']') {
          const c = text[i]!
          if (c === '\\') readEscape()
          else if (first && c === '^') {
            paint(LITERAL, c)
            i++
          } else if (c === '-' && !first && text[i + 1] !== ']' && text[i + 1] !== undefined) {
            paint(CLASS_RANGE, c)
            i++
          } else {
            const code = text.codePointAt(i)!
            const char = String.fromCodePoint(code)
            paint(LITERAL, char)
            i += char.length
          }
          first = false
        }
        if (i < text.length) {
          paint(GROUP, ']')
          i++
        }
        continue
      }
      if (ch === '(') {
        paint(GROUP, '(')
        i++
        if (text[i] === '?') {
          const two = text.slice(i, i + 2)
          const three = text.slice(i, i + 3)
          if (two === '?:' || two === '?=' || two === '?!') {
            paint(GROUP, two)
            i += 2
          } else if (three === '?<=' || three === '?<!') {
            paint(GROUP, three)
            i += 3
          } else if (two === '?<' && text.indexOf('>', i) !== -1) {
            const close = text.indexOf('>', i)
            paint(GROUP, '?<')
            paint(LITERAL, text.slice(i + 2, close))
            paint(GROUP, '>')
            i = close + 1
          } else {
            paint(LITERAL, '?')
            i++
          }
        }
        depth++
        continue
      }
      if (ch === ')') {
        if (depth > 0) depth--
        paint(GROUP, ')')
        i++
        continue
      }
      if (ch === '{') {
        const interval = /^\{(\d*)(,?)(\d*)\}/.exec(text.slice(i))
        if (interval && (interval[1] !== '' || interval[3] !== '')) {
          paint(GROUP, '{')
          if (interval[1]) paint(CLASS_RANGE, interval[1])
          if (interval[2]) paint(LITERAL, interval[2])
          if (interval[3]) paint(CLASS_RANGE, interval[3])
          paint(GROUP, '}')
          i += interval[0].length
          continue
        }
      }
      if (ch === '*' || ch === '+' || ch === '?' || ch === '|' || ch === '^' || ch === '$') {
        paint(OPERATOR, ch)
        i++
        continue
      }
      if (ch === '.') {
        paint(CLASS_RANGE, ch)
        i++
        continue
      }
      const char = String.fromCodePoint(text.codePointAt(i)!)
      paint(LITERAL, char)
      i += char.length
    }
    const saved = depth
    depth = 0
    if (i < text.length) {
      paint(DELIMITER, '/')
      const flags = text.slice(i + 1)
      if (flags) paint(GROUP, flags)
    } else paint(DELIMITER, '/')
    depth = saved
    return out
  }
  const highlighter = Object.assign(highlightRegExp, { colors: ['green', 'red', 'yellow', 'cyan', 'magenta'] })
  return highlighter
}

/** A fresh `inspect.styles`. */
function createStyles(colors: Record<string, [number, number]>): Record<string, string | ((text: string) => string)> {
  return Object.assign(Object.create(null) as Record<string, string | ((text: string) => string)>, {
    special: 'cyan',
    number: 'yellow',
    bigint: 'yellow',
    boolean: 'yellow',
    undefined: 'grey',
    null: 'bold',
    string: 'green',
    symbol: 'green',
    date: 'magenta',
    regexp: createHighlighter(colors),
    module: 'underline',
  })
}

/** Fresh `inspect.defaultOptions` (sealed: like Bun's, it takes no new keys). */
function createDefaultOptions(): InspectOptions {
  return Object.seal({
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  } as InspectOptions)
}

const stylizeNoColor: Stylize = (text) => text

/** `stylizeWithColor` over one `inspect`'s own `styles` and `colors`. */
function stylizeWith(instance: InspectFunction, text: string, style: string): string {
  const name = instance.styles[style]
  if (typeof name === 'function') return name(text)
  if (name !== undefined) {
    const color = instance.colors[name]
    if (color !== undefined) return `\x1b[${color[0]}m${text}\x1b[${color[1]}m`
  }
  return text
}

const ANSI =
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g

/** Removes ANSI escape sequences (`util.stripVTControlCharacters`). */
export function stripVTControlCharacters(text: string): string {
  return text.replace(ANSI, '')
}

function isFullWidth(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x20000 && code <= 0x3fffd))
  )
}

function isZeroWidth(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xfe20 && code <= 0xfe2f) ||
    (code >= 0xe0100 && code <= 0xe01ef)
  )
}

/** Columns `text` takes in a terminal (full-width characters count 2). */
export function getStringWidth(text: string, removeControlChars = true): number {
  let width = 0
  const plain = (removeControlChars ? stripVTControlCharacters(text) : text).normalize('NFC')
  for (const ch of plain) {
    const code = ch.codePointAt(0)!
    if (isFullWidth(code)) width += 2
    else if (!isZeroWidth(code)) width++
  }
  return width
}

// Escapes of control characters, backslash and quotes inside quoted strings.
const META = [
  '\\x00',
  '\\x01',
  '\\x02',
  '\\x03',
  '\\x04',
  '\\x05',
  '\\x06',
  '\\x07',
  '\\b',
  '\\t',
  '\\n',
  '\\x0B',
  '\\f',
  '\\r',
  '\\x0E',
  '\\x0F',
  '\\x10',
  '\\x11',
  '\\x12',
  '\\x13',
  '\\x14',
  '\\x15',
  '\\x16',
  '\\x17',
  '\\x18',
  '\\x19',
  '\\x1A',
  '\\x1B',
  '\\x1C',
  '\\x1D',
  '\\x1E',
  '\\x1F',
]

function escapeCode(code: number, quote: number): string | undefined {
  if (code < 0x20) return META[code]
  if (code === 39 && quote === 39) return "\\'"
  if (code === 92) return '\\\\'
  if (code >= 0x7f && code <= 0x9f) return `\\x${code.toString(16).toUpperCase()}`
  return undefined
}

const NEEDS_ESCAPE =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** A string as a quoted literal: single quotes unless the string holds them. */
export function strEscape(text: string): string {
  let quote = 39
  let open = "'"
  if (text.includes("'")) {
    if (!text.includes('"')) {
      quote = -2
      open = '"'
    } else if (!text.includes('`') && !text.includes('${')) {
      quote = -1
      open = '`'
    }
  }
  if (!NEEDS_ESCAPE.test(text)) return `${open}${text}${open}`
  let result = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const escaped = escapeCode(code, quote)
    if (escaped !== undefined) {
      result += escaped
      continue
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1)
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        result += text[i]! + text[i + 1]!
        i++
      } else result += `\\u${code.toString(16)}`
      continue
    }
    result += text[i]
  }
  return `${open}${result}${open}`
}

/** Escapes control characters of a key or symbol description (no quotes). */
function escapeBare(text: string): string {
  return text.replace(/[\x00-\x1f\x27\x5c\x7f-\x9f]/g, (ch) => {
    const code = ch.charCodeAt(0)
    if (code === 39) return "\\'"
    return escapeCode(code, 39) ?? ch
  })
}

function addNumericSeparator(digits: string): string {
  let result = ''
  let i = digits.length
  const start = digits.startsWith('-') ? 1 : 0
  for (; i >= start + 4; i -= 3) result = `_${digits.slice(i - 3, i)}${result}`
  return i === digits.length ? digits : `${digits.slice(0, i)}${result}`
}

function addNumericSeparatorEnd(digits: string): string {
  let result = ''
  let i = 0
  for (; i < digits.length - 3; i += 3) result += `${digits.slice(i, i + 3)}_`
  return i === 0 ? digits : `${result}${digits.slice(i)}`
}

export function formatNumber(stylize: Stylize, value: number, numericSeparator: boolean): string {
  if (!numericSeparator) {
    if (Object.is(value, -0)) return stylize('-0', 'number')
    return stylize(`${value}`, 'number')
  }
  const integer = Math.trunc(value)
  const text = String(integer)
  if (integer === value) {
    if (!Number.isFinite(value) || text.includes('e')) return stylize(text, 'number')
    return stylize(addNumericSeparator(text), 'number')
  }
  if (Number.isNaN(value)) return stylize(text, 'number')
  return stylize(
    `${addNumericSeparator(text)}.${addNumericSeparatorEnd(String(value).slice(text.length + 1))}`,
    'number',
  )
}

export function formatBigInt(stylize: Stylize, value: bigint, numericSeparator: boolean): string {
  const text = String(value)
  return stylize(`${numericSeparator ? addNumericSeparator(text) : text}n`, 'bigint')
}

function formatPrimitive(stylize: Stylize, value: unknown, ctx: Context): string {
  switch (typeof value) {
    case 'string': {
      let trailer = ''
      let text = value
      if (text.length > ctx.maxStringLength) {
        const remaining = text.length - ctx.maxStringLength
        text = text.slice(0, ctx.maxStringLength)
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`
      }
      if (ctx.compact !== true && text.length > 16 && text.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return (
          text
            .split(/(?<=\n)/)
            .map((line) => stylize(strEscape(line), 'string'))
            .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer
        )
      }
      return stylize(strEscape(text), 'string') + trailer
    }
    case 'number':
      return formatNumber(stylize, value, ctx.numericSeparator)
    case 'bigint':
      return formatBigInt(stylize, value, ctx.numericSeparator)
    case 'boolean':
      return stylize(`${value}`, 'boolean')
    case 'undefined':
      return stylize('undefined', 'undefined')
    default:
      return stylize(symbolText(value as symbol), 'symbol')
  }
}

/** `Symbol(description)`; Bun does not escape the description. */
function symbolText(symbol: symbol): string {
  return symbol.toString()
}

/** Names of the global constructors (`Object`, `Map`, …): prototype walks stop at them. */
const builtInObjects = new Set(
  Object.getOwnPropertyNames(globalThis).filter((name) => {
    if (!/^[A-Z][a-zA-Z0-9]+$/.test(name)) return false
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name)
    return typeof descriptor?.value === 'function'
  }),
)

function isInstanceof(value: unknown, ctor: unknown): boolean {
  try {
    return value instanceof (ctor as new () => unknown)
  } catch {
    return false
  }
}

function getConstructorName(
  value: object,
  ctx: Context,
  recurseTimes: number,
  protoProps: string[] | undefined,
): string | null {
  let firstProto: object | null | undefined
  let object: object | null = value
  while (object) {
    const descriptor = Object.getOwnPropertyDescriptor(object, 'constructor')
    if (
      descriptor !== undefined &&
      typeof descriptor.value === 'function' &&
      descriptor.value.name !== '' &&
      isInstanceof(value, descriptor.value)
    ) {
      if (protoProps !== undefined && (firstProto !== object || !builtInObjects.has(descriptor.value.name))) {
        addPrototypeProperties(ctx, value, firstProto || value, recurseTimes, protoProps)
      }
      return String(descriptor.value.name)
    }
    object = Object.getPrototypeOf(object) as object | null
    if (firstProto === undefined) firstProto = object
  }
  if (firstProto === null) return null
  const internal = Object.prototype.toString.call(value).slice(8, -1)
  if (recurseTimes > ctx.depth && ctx.depth !== null) return `${internal} <Complex prototype>`
  const protoConstructor = getConstructorName(firstProto!, ctx, recurseTimes + 1, protoProps)
  if (protoConstructor === null) {
    return `${internal} <${ctx.instance(firstProto, { ...ctx, customInspect: false, depth: -1 } as unknown as InspectOptions)}>`
  }
  return `${internal} <${protoConstructor}>`
}

function addPrototypeProperties(
  ctx: Context,
  main: object,
  start: object,
  recurseTimes: number,
  output: string[],
): void {
  let depth = 0
  let keys: PropertyKey[] = []
  let keySet = new Set<PropertyKey>()
  let object: object | null = start
  do {
    if (depth !== 0 || main === object) {
      object = Object.getPrototypeOf(object) as object | null
      if (object === null) return
      const descriptor = Object.getOwnPropertyDescriptor(object, 'constructor')
      if (
        descriptor !== undefined &&
        typeof descriptor.value === 'function' &&
        builtInObjects.has(descriptor.value.name)
      ) {
        return
      }
    }
    if (depth === 0) keySet = new Set()
    else for (const key of keys) keySet.add(key)
    keys = Reflect.ownKeys(object!)
    ctx.seen.push(main)
    for (const key of keys) {
      if (key === 'constructor' || Object.hasOwn(main, key) || (depth !== 0 && keySet.has(key))) {
        continue
      }
      const descriptor = Object.getOwnPropertyDescriptor(object!, key)!
      if (typeof descriptor.value === 'function') continue
      const text = formatProperty(ctx, object!, recurseTimes, key, OBJECT_TYPE, descriptor, main)
      output.push(ctx.colors ? `\x1b[2m${text}\x1b[22m` : text)
    }
    ctx.seen.pop()
  } while (++depth !== 3)
}

function getPrefix(ctorName: string | null, tag: string, fallback: string, size = ''): string {
  if (ctorName === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `
    return `[${fallback}${size}: null prototype] `
  }
  if (tag !== '' && ctorName !== tag) return `${ctorName}${size} [${tag}] `
  return `${ctorName}${size} `
}

function getKeys(value: object, showHidden: boolean): PropertyKey[] {
  const symbols = Object.getOwnPropertySymbols(value)
  let keys: PropertyKey[]
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value)
    // V8's legacy own `arguments`/`caller` of sloppy functions do not exist in Bun (JSC).
    if (typeof value === 'function') keys = keys.filter((key) => key !== 'arguments' && key !== 'caller')
    keys.push(...symbols)
  } else {
    try {
      keys = Object.keys(value)
    } catch {
      keys = Object.getOwnPropertyNames(value)
    }
    keys.push(...symbols.filter((key) => Object.prototype.propertyIsEnumerable.call(value, key)))
  }
  return keys
}

const INDEX = /^(0|[1-9][0-9]*)$/

function getOwnNonIndexProperties(value: object, showHidden: boolean): PropertyKey[] {
  const keys: PropertyKey[] = []
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string' && INDEX.test(key) && Number(key) < 2 ** 32 - 1) continue
    if (!showHidden && !Object.prototype.propertyIsEnumerable.call(value, key)) continue
    keys.push(key)
  }
  return keys
}

const OBJECT_TYPE = 0
/** An array element: only its value is shown. */
const ARRAY_TYPE = 1
/** A non-index key of an array-like: shown as `key: value`, grouped like elements. */
const ARRAY_EXTRAS_TYPE = 2
/** Keys that are not own properties but shown like ones (buffers' byteLength …): Bun brackets them. */
const SYNTHETIC = Symbol('synthetic')

function formatValue(ctx: Context, value: unknown, recurseTimes: number, typedArray?: boolean): string {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx.stylize, value, ctx)
  if (value === null) return ctx.stylize('null', 'null')
  if (ctx.customInspect) {
    const builtin = formatWebBuiltin(ctx, value as object, recurseTimes)
    if (typeof builtin === 'string') return builtin.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`)
    let custom: unknown
    if (builtin !== PLAIN) {
      try {
        custom = (value as Record<symbol, unknown>)[customInspectSymbol]
      } catch {
        custom = undefined
      }
    }
    if (
      typeof custom === 'function' &&
      custom !== ctx.instance &&
      !((value as { constructor?: { prototype?: unknown } }).constructor?.prototype === value)
    ) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes
      const result = custom.call(value, depth, getUserOptions(ctx), ctx.instance) as unknown
      if (result !== value) {
        if (typeof result !== 'string') return formatValue(ctx, result, recurseTimes)
        return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`)
      }
    }
  }
  if (ctx.seen.includes(value)) {
    let index = 1
    if (ctx.circular === undefined) {
      ctx.circular = new Map([[value, index]])
    } else {
      const existing = ctx.circular.get(value)
      if (existing === undefined) {
        index = ctx.circular.size + 1
        ctx.circular.set(value, index)
      } else index = existing
    }
    return ctx.stylize(`[Circular *${index}]`, 'special')
  }
  return formatRaw(ctx, value as object, recurseTimes, typedArray)
}

/** `formatWebBuiltin`'s answer: inspect the value as a plain object (no custom inspector). */
const PLAIN: unique symbol = Symbol('plain')

/**
 * `URL` and `URLSearchParams` as Bun's custom inspectors show them (a
 * browser's own classes have none, so they are recognised here). Beyond the
 * depth a URL is a plain `URL {}`; within it, its fields are inspected one
 * level shallower than the caller's depth, as Bun does.
 */
function formatWebBuiltin(ctx: Context, value: object, recurseTimes: number): string | typeof PLAIN | undefined {
  if (typeof URL === 'function' && value instanceof URL) {
    const remaining = ctx.depth === null ? null : ctx.depth - recurseTimes
    if (typeof remaining === 'number' && remaining < 0) return PLAIN
    const depth = ctx.depth === null ? null : ctx.depth - 1
    const ctor = (value as { constructor?: { name?: string } }).constructor
    const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'URL'
    const shown = Object.create({ constructor: ctor ?? URL }) as Record<string, unknown>
    for (const key of [
      'href',
      'origin',
      'protocol',
      'username',
      'password',
      'host',
      'hostname',
      'port',
      'pathname',
      'search',
      'searchParams',
      'hash',
    ]) {
      shown[key] = (value as unknown as Record<string, unknown>)[key]
    }
    const options = { ...getUserOptions(ctx), depth }
    return `${name} ${ctx.instance(shown, options)}`
  }
  if (typeof URLSearchParams === 'function' && value instanceof URLSearchParams) {
    const depth = ctx.depth === null ? null : ctx.depth - recurseTimes
    if (typeof depth === 'number' && depth < 0) return ctx.stylize('[Object]', 'special')
    const options = { ...getUserOptions(ctx), depth: depth === null ? null : depth - 1 }
    const output = [...value].map(([key, item]) => `${ctx.instance(key, options)} => ${ctx.instance(item, options)}`)
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'URLSearchParams'
    const length = output.reduce((total, entry) => total + stripVTControlCharacters(entry).length + 2, -2)
    if (length > ctx.breakLength) return `${name} {\n  ${output.join(',\n  ')} }`
    if (output.length > 0) return `${name} { ${output.join(', ')} }`
    return `${name} {}`
  }
  return undefined
}

function getUserOptions(ctx: Context): InspectOptions {
  const options: InspectOptions = {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  }
  return options
}

function formatRaw(ctx: Context, value: object, recurseTimes: number, typedArray?: boolean): string {
  let keys: PropertyKey[] = []
  let protoProps: string[] | undefined
  if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) protoProps = []
  const ctorName = getConstructorName(value, ctx, recurseTimes, protoProps)
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined
  let tag: unknown
  try {
    tag = (value as Record<symbol, unknown>)[Symbol.toStringTag]
  } catch {
    tag = ''
  }
  if (
    typeof tag !== 'string' ||
    (tag !== '' &&
      (ctx.showHidden ? Object.prototype.hasOwnProperty : Object.prototype.propertyIsEnumerable).call(
        value,
        Symbol.toStringTag,
      ))
  ) {
    tag = ''
  }
  const tagText = tag as string
  let base = ''
  let formatter: (ctx: Context, value: object, recurseTimes: number) => string[] = () => []
  let braces: [string, string] = ['{', '}']
  let noIterator = true
  let extrasType = OBJECT_TYPE

  if (Symbol.iterator in value || ctorName === null) {
    noIterator = false
    if (Array.isArray(value)) {
      const prefix =
        ctorName !== 'Array' || tagText !== '' ? getPrefix(ctorName, tagText, 'Array', `(${value.length})`) : ''
      keys = getOwnNonIndexProperties(value, ctx.showHidden)
      braces = [`${prefix}[`, ']']
      if (value.length === 0 && keys.length === 0 && protoProps === undefined) return `${braces[0]}]`
      extrasType = ARRAY_EXTRAS_TYPE
      formatter = formatArray as never
    } else if (types.isSet(value)) {
      const size = types.setSize(value)
      const prefix = getPrefix(ctorName, tagText, 'Set', `(${size})`)
      keys = getKeys(value, ctx.showHidden)
      formatter = (c, v, r) => formatSet(c, v as Set<unknown>, r, ctorName === null)
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`
      braces = [`${prefix}{`, '}']
    } else if (types.isMap(value)) {
      const size = types.mapSize(value)
      const prefix = getPrefix(ctorName, tagText, 'Map', `(${size})`)
      keys = getKeys(value, ctx.showHidden)
      formatter = (c, v, r) => formatMap(c, v as Map<unknown, unknown>, r, ctorName === null)
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`
      braces = [`${prefix}{`, '}']
    } else if (types.isTypedArray(value)) {
      keys = getOwnNonIndexProperties(value, ctx.showHidden)
      const view = value as unknown as ArrayLike<number | bigint> & Record<string, unknown>
      const fallback = ctorName === null ? types.typedArrayName(value)! : ''
      const size = view.length
      const prefix = getPrefix(ctorName, tagText, fallback, `(${size})`)
      braces = [`${prefix}[`, ']']
      if (view.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`
      formatter = (c, _v, r) => formatTypedArray(c, view, size, r)
      extrasType = ARRAY_EXTRAS_TYPE
    } else if (types.isMapIterator(value)) {
      keys = getKeys(value, ctx.showHidden)
      braces = [`[${tagText || 'Map Iterator'}] {`, '}']
      formatter = () => [ctx.stylize('<items unknown>', 'special')]
    } else if (types.isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden)
      braces = [`[${tagText || 'Set Iterator'}] {`, '}']
      formatter = () => [ctx.stylize('<items unknown>', 'special')]
    } else {
      noIterator = true
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden)
    braces = ['{', '}']
    if (ctorName === 'Object') {
      // Bun shows an arguments object with its index keys: `[Arguments] { '0': 1 }`.
      if (types.isArgumentsObject(value)) braces[0] = '[Arguments] {'
      else if (tagText !== '') braces[0] = `${getPrefix(ctorName, tagText, 'Object')}{`
      if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`
    } else if (typeof value === 'function') {
      base = getFunctionBase(value, ctorName, tagText)
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'special')
    } else if (types.isRegExp(value)) {
      base = RegExp.prototype.toString.call(ctorName !== null ? value : new RegExp(value as RegExp))
      const prefix = getPrefix(ctorName, tagText, 'RegExp')
      if (prefix !== 'RegExp ') base = `${prefix}${base}`
      if ((keys.length === 0 && protoProps === undefined) || (recurseTimes > ctx.depth && ctx.depth !== null)) {
        return ctx.stylize(base, 'regexp')
      }
    } else if (types.isDate(value)) {
      const time = Date.prototype.getTime.call(value)
      base = Number.isNaN(time) ? Date.prototype.toString.call(value) : Date.prototype.toISOString.call(value)
      const prefix = getPrefix(ctorName, tagText, 'Date')
      if (prefix !== 'Date ') base = `${prefix}${base}`
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'date')
    } else if (types.isError(value)) {
      base = formatError(value as Error, ctorName, tagText, ctx, keys)
      if (keys.length === 0 && protoProps === undefined) return base
    } else if (types.isAnyArrayBuffer(value)) {
      const arrayType = types.isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer'
      const prefix = getPrefix(ctorName, tagText, arrayType)
      if (typedArray === undefined) {
        formatter = formatArrayBuffer as never
      } else if (keys.length === 0 && protoProps === undefined) {
        return `${prefix}{ [byteLength]: ${formatNumber(ctx.stylize, (value as ArrayBuffer).byteLength, false)} }`
      }
      braces[0] = `${prefix}{`
      keys.unshift(synthetic('byteLength'))
    } else if (types.isDataView(value)) {
      braces[0] = `${getPrefix(ctorName, tagText, 'DataView')}{`
      keys.unshift(synthetic('byteLength'), synthetic('byteOffset'), synthetic('buffer'))
    } else if (types.isPromise(value)) {
      braces[0] = `${getPrefix(ctorName, tagText, 'Promise')}{`
      formatter = () => [ctx.stylize('<unknown>', 'special')]
    } else if (types.isWeakSet(value)) {
      braces[0] = `${getPrefix(ctorName, tagText, 'WeakSet')}{`
      formatter = () => (ctx.showHidden ? [] : [ctx.stylize('<items unknown>', 'special')])
    } else if (types.isWeakMap(value)) {
      braces[0] = `${getPrefix(ctorName, tagText, 'WeakMap')}{`
      formatter = () => (ctx.showHidden ? [] : [ctx.stylize('<items unknown>', 'special')])
    } else if (types.isModuleNamespaceObject(value)) {
      braces[0] = `${getPrefix(ctorName, tagText, 'Module')}{`
    } else if (types.isBoxedPrimitive(value)) {
      base = getBoxedBase(value, ctx, keys, ctorName, tagText)
      if (keys.length === 0 && protoProps === undefined) return base
    } else {
      // Bun names a null-prototype object after its built-in tag.
      const fallback = ctorName === null ? Object.prototype.toString.call(value).slice(8, -1) : 'Object'
      if (keys.length === 0 && protoProps === undefined) return `${getPrefix(ctorName, tagText, fallback)}{}`
      braces[0] = `${getPrefix(ctorName, tagText, fallback)}{`
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let name = getPrefix(ctorName, tagText, 'Object').slice(0, -1)
    if (ctorName !== null) name = `[${name}]`
    return ctx.stylize(name, 'special')
  }
  recurseTimes += 1
  ctx.seen.push(value)
  ctx.currentDepth = recurseTimes
  let output: string[]
  try {
    output = formatter(ctx, value, recurseTimes)
    for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key, extrasType))
    if (protoProps !== undefined) output.push(...protoProps)
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      ctx.seen.pop()
      const name = getPrefix(ctorName, tagText, 'Object').slice(0, -1)
      return ctx.stylize(`[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`, 'special')
    }
    throw error
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value)
    if (index !== undefined) {
      ctx.referenced ??= new Set()
      if (ctx.referenced.has(value)) {
        ctx.seen.pop()
        return ctx.stylize(`[Circular *${index}]`, 'special')
      }
      ctx.referenced.add(value)
      const reference = ctx.stylize(`<ref *${index}>`, 'special')
      if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`
      else braces[0] = `${reference} ${braces[0]}`
    }
  }
  ctx.seen.pop()
  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted
    if (extrasType === OBJECT_TYPE) output.sort(comparator)
    else if (keys.length > 1) {
      const sorted = output.slice(output.length - keys.length).sort(comparator)
      output.splice(output.length - keys.length, keys.length, ...sorted)
    }
  }
  const result = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value)
  const budget = (ctx.budget[ctx.indentationLvl] ?? 0) + result.length
  ctx.budget[ctx.indentationLvl] = budget
  if (budget > 2 ** 27) ctx.depth = -1
  return result
}

/** Marks a key shown although it is not an own property. */
function synthetic(key: string): PropertyKey {
  return { [SYNTHETIC]: key } as unknown as PropertyKey
}

function getFunctionBase(value: object, ctorName: string | null, tag: string): string {
  const source = Function.prototype.toString.call(value)
  if (source.startsWith('class') && source.endsWith('}')) {
    const slice = source.slice(5, -1)
    const bracket = slice.indexOf('{')
    if (
      bracket !== -1 &&
      (!slice.slice(0, bracket).includes('(') ||
        /^\s*(?:extends\s+[\s\S]+?)?\s*\{/.test(slice.replace(/(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g, '')))
    ) {
      return getClassBase(value, ctorName, tag)
    }
  }
  let type = 'Function'
  if (types.isGeneratorFunction(value)) type = `Generator${type}`
  if (types.isAsyncFunction(value)) type = `Async${type}`
  let base = `[${type}`
  if (ctorName === null) base += ' (null prototype)'
  const name = (value as { name?: unknown }).name
  if (name === '') base += ' (anonymous)'
  else base += `: ${typeof name === 'string' ? name : String(name)}`
  base += ']'
  if (ctorName !== type && ctorName !== null) base += ` ${ctorName}`
  if (tag !== '' && ctorName !== tag) base += ` [${tag}]`
  return base
}

function getClassBase(value: object, ctorName: string | null, tag: string): string {
  const hasName = Object.hasOwn(value, 'name')
  const name = (hasName && (value as { name?: string }).name) || '(anonymous)'
  let base = `class ${name}`
  if (ctorName !== 'Function' && ctorName !== null) base += ` [${ctorName}]`
  if (tag !== '' && ctorName !== tag) base += ` [${tag}]`
  if (ctorName !== null) {
    const superName = (Object.getPrototypeOf(value) as { name?: string }).name
    if (superName) base += ` extends ${superName}`
  } else base += ' extends [null prototype]'
  return `[${base}]`
}

function getBoxedBase(value: object, ctx: Context, keys: PropertyKey[], ctorName: string | null, tag: string): string {
  let type: string
  let primitive: unknown
  if (types.isNumberObject(value)) {
    type = 'Number'
    primitive = Number.prototype.valueOf.call(value)
  } else if (types.isStringObject(value)) {
    type = 'String'
    primitive = String.prototype.valueOf.call(value)
    keys.splice(0, (primitive as string).length)
  } else if (types.isBooleanObject(value)) {
    type = 'Boolean'
    primitive = Boolean.prototype.valueOf.call(value)
  } else if (types.isBigIntObject(value)) {
    type = 'BigInt'
    primitive = BigInt.prototype.valueOf.call(value)
  } else {
    type = 'Symbol'
    primitive = Symbol.prototype.valueOf.call(value)
  }
  let base = `[${type}`
  if (type !== ctorName) base += ctorName === null ? ' (null prototype)' : ` (${ctorName})`
  base += `: ${formatPrimitive(stylizeNoColor, primitive, ctx)}]`
  if (tag !== '' && tag !== ctorName) base += ` [${tag}]`
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base
  return ctx.stylize(base, type.toLowerCase())
}

function errorStack(error: Error): string {
  const stack = (error as { stack?: unknown }).stack
  return stack ? String(stack) : Error.prototype.toString.call(error)
}

/**
 * Bun rewrites a generic `Error: ` header with the error's current name,
 * dropping the colon when the message is empty.
 */
function errorHeader(error: Error, stack: string): string {
  if (!stack.startsWith('Error: ')) return stack
  let name: unknown
  let message: unknown
  try {
    name = error.name
    message = error.message
  } catch {
    return stack
  }
  return `${name != null ? String(name) : 'Error'}${message ? ': ' : ''}${stack.slice(7)}`
}

function formatError(error: Error, ctorName: string | null, tag: string, ctx: Context, keys: PropertyKey[]): string {
  const name = error.name != null ? String(error.name) : 'Error'
  let stack = errorHeader(error, errorStack(error))
  if (!ctx.showHidden && keys.length !== 0) {
    for (const key of ['name', 'message', 'stack']) {
      const index = keys.indexOf(key)
      if (index !== -1 && stack.includes(String((error as unknown as Record<string, unknown>)[key])))
        keys.splice(index, 1)
    }
  }
  if ('cause' in error && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause')
  const errors = (error as { errors?: unknown }).errors
  if (Array.isArray(errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors')
  stack = improveStack(stack, ctorName, name, tag)
  const message = error.message
  let position = (message && stack.indexOf(message)) || -1
  if (position !== -1) position += message.length
  const stackStart = stack.indexOf('\n    at', position)
  if (stackStart === -1) stack = `[${stack}]`
  else {
    const lines = stackFrames(ctx, error, stack.slice(stackStart + 1))
    stack = `${stack.slice(0, stackStart)}\n${lines.join('\n')}`
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`)
  return stack
}

function improveStack(stack: string, ctorName: string | null, name: string, tag: string): string {
  let length = name.length
  if (
    ctorName === null ||
    (name.endsWith('Error') &&
      stack.startsWith(name) &&
      (stack.length === length || stack[length] === ':' || stack[length] === '\n'))
  ) {
    let fallback = 'Error'
    if (ctorName === null) {
      const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack)
      fallback = start?.[1] || ''
      length = fallback.length
      fallback = fallback || 'Error'
    }
    const prototype = getPrefix(ctorName, tag, fallback).slice(0, -1)
    if (name !== prototype) {
      if (prototype.includes(name)) {
        stack = length === 0 ? `${prototype}: ${stack}` : `${prototype}${stack.slice(length)}`
      } else {
        stack = `${prototype} [${name}]${stack.slice(length)}`
      }
    }
  }
  return stack
}

/** The stack lines; frames shared with the cause's stack collapse into one line. */
function stackFrames(ctx: Context, error: Error, stack: string): string[] {
  const frames = stack.split('\n')
  let cause: unknown
  try {
    cause = (error as { cause?: unknown }).cause
  } catch {
    cause = undefined
  }
  if (cause != null && types.isError(cause)) {
    const causeStack = errorStack(cause as Error)
    const causeStart = causeStack.indexOf('\n    at')
    if (causeStart !== -1) {
      const causeFrames = causeStack.slice(causeStart + 1).split('\n')
      const { length, offset } = identicalSequenceRange(frames, causeFrames)
      if (length > 0) {
        const skipped = length - 2
        const message = `    ... ${skipped} lines matching cause stack trace ...`
        frames.splice(offset + 1, skipped, ctx.stylize(message, 'undefined'))
      }
    }
  }
  return frames
}

/** The longest run (at least 4 lines) of `a` found at the end of `b` … as Node finds it. */
function identicalSequenceRange(a: string[], b: string[]): { length: number; offset: number } {
  for (let i = 0; i < a.length - 3; i++) {
    const position = b.indexOf(a[i]!)
    if (position !== -1) {
      const rest = b.length - position
      if (rest > 3) {
        let length = 1
        const max = Math.min(a.length - i, rest)
        while (max > length && a[i + length] === b[position + length]) length++
        if (length > 3) return { length, offset: i }
      }
    }
  }
  return { length: 0, offset: 0 }
}

function formatProperty(
  ctx: Context,
  value: object,
  recurseTimes: number,
  key: PropertyKey,
  type: number,
  descriptor?: PropertyDescriptor,
  original: object = value,
): string {
  let name: string
  let text: string
  let extra = ' '
  let shownKey = key
  let isSynthetic = false
  if (typeof key === 'object' && key !== null && SYNTHETIC in key) {
    shownKey = (key as unknown as Record<symbol, string>)[SYNTHETIC]!
    isSynthetic = true
    descriptor = { value: (value as Record<PropertyKey, unknown>)[shownKey], enumerable: false }
  }
  const desc: PropertyDescriptor = descriptor ??
    Object.getOwnPropertyDescriptor(value, shownKey) ?? {
      value: (value as Record<PropertyKey, unknown>)[shownKey],
      enumerable: true,
    }
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== OBJECT_TYPE ? 2 : 3
    ctx.indentationLvl += diff
    text = formatValue(ctx, desc.value, recurseTimes)
    if (diff === 3 && ctx.breakLength < getStringWidth(text, ctx.colors)) {
      extra = `\n${' '.repeat(ctx.indentationLvl)}`
    }
    ctx.indentationLvl -= diff
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter'
    const s = ctx.stylize
    if (
      ctx.getters &&
      (ctx.getters === true ||
        (ctx.getters === 'get' && desc.set === undefined) ||
        (ctx.getters === 'set' && desc.set !== undefined))
    ) {
      try {
        const result = desc.get.call(original) as unknown
        ctx.indentationLvl += 2
        if (result === null) text = `${s(`[${label}:`, 'special')} ${s('null', 'null')}${s(']', 'special')}`
        else if (typeof result === 'object')
          text = `${s(`[${label}]`, 'special')} ${formatValue(ctx, result, recurseTimes)}`
        else text = `${s(`[${label}:`, 'special')} ${formatPrimitive(s, result, ctx)}${s(']', 'special')}`
        ctx.indentationLvl -= 2
      } catch (error) {
        const message = `<Inspection threw (${(error as Error)?.message})>`
        text = `${s(`[${label}:`, 'special')} ${message}${s(']', 'special')}`
      }
    } else text = ctx.stylize(`[${label}]`, 'special')
  } else if (desc.set !== undefined) {
    text = ctx.stylize('[Setter]', 'special')
  } else {
    text = ctx.stylize('undefined', 'undefined')
  }
  if (type === ARRAY_TYPE) return text
  if (isSynthetic) {
    name = ctx.stylize(`[${String(shownKey)}]`, 'string')
  } else if (typeof shownKey === 'symbol') {
    const text = ctx.stylize(symbolText(shownKey), 'symbol')
    name = desc.enumerable === false ? `[${text}]` : text
  } else if (shownKey === '__proto__') {
    name = "['__proto__']"
  } else if (desc.enumerable === false) {
    name = `[${escapeBare(String(shownKey))}]`
  } else if (/^[a-zA-Z_][a-zA-Z_0-9]*$/.test(String(shownKey))) {
    name = ctx.stylize(String(shownKey), 'name')
  } else {
    name = ctx.stylize(strEscape(String(shownKey)), 'string')
  }
  return `${name}:${extra}${text}`
}

const remainingText = (remaining: number): string => `... ${remaining} more item${remaining > 1 ? 's' : ''}`

function formatArray(ctx: Context, value: unknown[], recurseTimes: number): string[] {
  const length = value.length
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length)
  const remaining = length - max
  const output: string[] = []
  for (let i = 0; i < max; i++) {
    if (!Object.hasOwn(value, i)) return formatSparseArray(ctx, value, recurseTimes, max, output, i)
    output.push(formatProperty(ctx, value, recurseTimes, i, ARRAY_TYPE))
  }
  if (remaining > 0) output.push(remainingText(remaining))
  return output
}

function formatSparseArray(
  ctx: Context,
  value: unknown[],
  recurseTimes: number,
  maxLength: number,
  output: string[],
  start: number,
): string[] {
  const keys = Object.keys(value)
  let index = start
  for (let i = start; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i]!
    const number = +key
    if (number > 2 ** 32 - 2) break
    if (`${index}` !== key) {
      if (!INDEX.test(key)) break
      const empty = number - index
      output.push(ctx.stylize(`<${empty} empty item${empty > 1 ? 's' : ''}>`, 'undefined'))
      index = number
      if (output.length === maxLength) break
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, ARRAY_TYPE))
    index++
  }
  const remaining = value.length - index
  if (output.length !== maxLength) {
    if (remaining > 0) output.push(ctx.stylize(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`, 'undefined'))
  } else if (remaining > 0) output.push(remainingText(remaining))
  return output
}

function formatTypedArray(
  ctx: Context,
  value: ArrayLike<number | bigint> & Record<string, unknown>,
  length: number,
  recurseTimes: number,
): string[] {
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length)
  const remaining = value.length - max
  const output: string[] = []
  for (let i = 0; i < max; i++) {
    const element = value[i]!
    output.push(
      typeof element === 'bigint'
        ? formatBigInt(ctx.stylize, element, ctx.numericSeparator)
        : formatNumber(ctx.stylize, element, ctx.numericSeparator),
    )
  }
  if (remaining > 0) output.push(remainingText(remaining))
  if (ctx.showHidden) {
    ctx.indentationLvl += 2
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      output.push(`${ctx.stylize(`[${key}]`, 'string')}: ${formatValue(ctx, value[key], recurseTimes, true)}`)
    }
    ctx.indentationLvl -= 2
  }
  return output
}

function formatArrayBuffer(ctx: Context, value: ArrayBuffer): string[] {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(value)
  } catch {
    return [ctx.stylize('(detached)', 'special')]
  }
  let hex = ''
  const shown = Math.min(ctx.maxArrayLength, bytes.length)
  for (let i = 0; i < shown; i++) hex += `${i === 0 ? '' : ' '}${bytes[i]!.toString(16).padStart(2, '0')}`
  const remaining = bytes.length - ctx.maxArrayLength
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${hex}>`]
}

/** `unlimited`: a null-prototype set, whose entries Node and Bun list whole. */
function formatSet(ctx: Context, value: Set<unknown>, recurseTimes: number, unlimited: boolean): string[] {
  const length = types.setSize(value)
  const max = unlimited ? length : Math.min(Math.max(0, ctx.maxArrayLength), length)
  const remaining = length - max
  const output: string[] = []
  ctx.indentationLvl += 2
  let i = 0
  for (const item of Set.prototype.values.call(value)) {
    if (i >= max) break
    output.push(formatValue(ctx, item, recurseTimes))
    i++
  }
  if (remaining > 0) output.push(remainingText(remaining))
  ctx.indentationLvl -= 2
  return output
}

function formatMap(ctx: Context, value: Map<unknown, unknown>, recurseTimes: number, unlimited: boolean): string[] {
  const length = types.mapSize(value)
  const max = unlimited ? length : Math.min(Math.max(0, ctx.maxArrayLength), length)
  const remaining = length - max
  const output: string[] = []
  ctx.indentationLvl += 2
  let i = 0
  for (const [key, item] of Map.prototype.entries.call(value)) {
    if (i >= max) break
    output.push(`${formatValue(ctx, key, recurseTimes)} => ${formatValue(ctx, item, recurseTimes)}`)
    i++
  }
  if (remaining > 0) output.push(remainingText(remaining))
  ctx.indentationLvl -= 2
  return output
}

function isBelowBreakLength(ctx: Context, output: string[], start: number, base: string): boolean {
  let total = output.length + start
  if (total + output.length > ctx.breakLength) return false
  for (const entry of output) {
    total += ctx.colors ? stripVTControlCharacters(entry).length : entry.length
    if (total > ctx.breakLength) return false
  }
  return base === '' || !base.includes('\n')
}

function groupArrayElements(ctx: Context, output: string[], value: unknown): string[] {
  let totalLength = 0
  let maxLength = 0
  let outputLength = output.length
  if (ctx.maxArrayLength < output.length) outputLength--
  const separatorSpace = 2
  const dataLength: number[] = new Array(outputLength)
  for (let i = 0; i < outputLength; i++) {
    const length = getStringWidth(output[i]!, ctx.colors)
    dataLength[i] = length
    totalLength += length + separatorSpace
    if (maxLength < length) maxLength = length
  }
  const actualMax = maxLength + separatorSpace
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length)
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1)
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      (ctx.compact as number) * 4,
      15,
    )
    if (columns <= 1) return output
    const grouped: string[] = []
    const maxLineLength: number[] = []
    for (let i = 0; i < columns; i++) {
      let lineLength = 0
      for (let j = i; j < output.length; j += columns) if (dataLength[j]! > lineLength) lineLength = dataLength[j]!
      maxLineLength.push(lineLength + separatorSpace)
    }
    let padStart = true
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        const item = (value as unknown[])[i]
        if (typeof item !== 'number' && typeof item !== 'bigint') {
          padStart = false
          break
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength)
      let line = ''
      let j = i
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - i]! + output[j]!.length - dataLength[j]!
        line = padStart ? line + `${output[j]}, `.padStart(padding, ' ') : line + `${output[j]}, `.padEnd(padding, ' ')
      }
      if (padStart) {
        const padding = maxLineLength[j - i]! + output[j]!.length - dataLength[j]! - separatorSpace
        line += output[j]!.padStart(padding, ' ')
      } else line += output[j]
      grouped.push(line)
    }
    if (ctx.maxArrayLength < output.length) grouped.push(output[outputLength]!)
    return grouped
  }
  return output
}

function reduceToSingleString(
  ctx: Context,
  output: string[],
  base: string,
  braces: [string, string],
  extrasType: number,
  recurseTimes: number,
  value: unknown,
): string {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length
      if (extrasType === ARRAY_EXTRAS_TYPE && entries > 6) output = groupArrayElements(ctx, output, value)
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joined = output.join(', ')
          if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`
  }
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`
  }
  const indentation = ' '.repeat(ctx.indentationLvl)
  const lineStart = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `
  return `${braces[0]}${lineStart}${output.join(`,\n${indentation}  `)} ${braces[1]}`
}

/**
 * A `util.inspect` with its own `defaultOptions`, `colors` and `styles`
 * (one per process, so that a program changing them affects only itself).
 */
export function createInspect(): InspectFunction {
  const defaultOptions = createDefaultOptions()
  const colors = createColors()
  const styles = createStyles(colors)
  const instance = Object.assign(
    function inspect(...args: [unknown, (InspectOptions | boolean)?, ...unknown[]]): string {
      const [value, options, ...legacy] = args
      const ctx: Context = {
        budget: {},
        indentationLvl: 0,
        seen: [],
        currentDepth: 0,
        stylize: stylizeNoColor,
        ...(defaultOptions as object),
        instance,
      } as unknown as Context
      if (args.length > 1) {
        if (args.length > 2) {
          if (legacy[0] !== undefined) ctx.depth = legacy[0] as number
          if (args.length > 3 && legacy[1] !== undefined) ctx.colors = legacy[1] as boolean
        }
        if (typeof options === 'boolean') ctx.showHidden = options
        else if (options) {
          for (const key of Object.keys(options)) {
            if (Object.hasOwn(defaultOptions, key) || key === 'stylize') {
              ;(ctx as unknown as Record<string, unknown>)[key] = options[key]
            } else if (ctx.userOptions === undefined) ctx.userOptions = options
          }
        }
      }
      if (ctx.colors) ctx.stylize = (text, style) => stylizeWith(instance, text, style)
      if (ctx.maxArrayLength === null) ctx.maxArrayLength = Number.POSITIVE_INFINITY
      if (ctx.maxStringLength === null) ctx.maxStringLength = Number.POSITIVE_INFINITY
      return formatValue(ctx, value, 0)
    },
    { custom: customInspectSymbol as symbol, colors, styles },
  ) as unknown as InspectFunction
  Object.defineProperty(instance, 'defaultOptions', {
    get: () => defaultOptions,
    set: (options: unknown) => {
      if (options === null || typeof options !== 'object' || Array.isArray(options)) {
        throw invalidArgType('options', 'Object', options)
      }
      Object.assign(defaultOptions, options)
    },
    enumerable: true,
    configurable: true,
  })
  return instance
}

/**
 * The shared `inspect` of internal messages (error texts); a process's
 * `util.inspect` is its own `createInspect()`.
 */
export const inspect: InspectFunction = createInspect()
const sharedInspect: InspectFunction = inspect

const perProcess = new WeakMap<object, InspectFunction>()

/** The `util.inspect` of one process (`owner`: its `NodeContext`), created on first use. */
export function inspectFor(owner: object): InspectFunction {
  let instance = perProcess.get(owner)
  if (!instance) {
    instance = createInspect()
    perProcess.set(owner, instance)
  }
  return instance
}

/** Whether `value.toString` is the one of a built-in prototype (then `%s` inspects it). */
function hasBuiltInToString(value: object): boolean {
  // A `Symbol.toPrimitive` of the object's own (not a built-in prototype's) means a custom conversion.
  if (typeof (value as Record<symbol, unknown>)[Symbol.toPrimitive] === 'function') {
    let owner: object | null = value
    while (owner !== null && !Object.hasOwn(owner, Symbol.toPrimitive))
      owner = Object.getPrototypeOf(owner) as object | null
    const ownerConstructor = owner === null ? undefined : Object.getOwnPropertyDescriptor(owner, 'constructor')?.value
    if (owner === value || typeof ownerConstructor !== 'function' || !builtInObjects.has(ownerConstructor.name))
      return false
  }
  if (typeof (value as { toString?: unknown }).toString !== 'function') return true
  if (Object.hasOwn(value, 'toString')) return false
  let pointer: object | null = value
  do {
    pointer = Object.getPrototypeOf(pointer) as object | null
  } while (pointer !== null && !Object.hasOwn(pointer, 'toString'))
  if (pointer === null) return true
  const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor')
  return descriptor !== undefined && typeof descriptor.value === 'function' && builtInObjects.has(descriptor.value.name)
}

let circularMessage: string | undefined

function firstLine(error: unknown): string {
  const message = String((error as Error)?.message ?? '')
  const end = message.indexOf('\n')
  return end === -1 ? message : message.slice(0, end)
}

function tryStringify(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch (error) {
    if (circularMessage === undefined) {
      try {
        const a: Record<string, unknown> = {}
        a.a = a
        JSON.stringify(a)
      } catch (circular) {
        circularMessage = firstLine(circular)
      }
    }
    if ((error as Error)?.name === 'TypeError' && firstLine(error) === circularMessage) return '[Circular]'
    throw error
  }
}

/** `util.formatWithOptions` after validation: printf-style `%s %d %i %f %j %o %O %c %%`. */
export function formatWithOptionsInternal(
  options: InspectOptions | undefined,
  args: unknown[],
  inspect: InspectFunction = sharedInspect,
): string {
  const first = args[0]
  let a = 0
  let out = ''
  let join = ''
  if (typeof first === 'string') {
    if (args.length === 1) return first
    let lastPos = 0
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue
      const next = first.charCodeAt(++i)
      if (a + 1 !== args.length) {
        let text: string
        switch (next) {
          case 115: {
            const arg = args[++a]
            if (typeof arg === 'number') text = formatNumber(stylizeNoColor, arg, false)
            else if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false)
            else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) text = String(arg)
            else text = inspect(arg, { ...options, depth: 0, colors: false, compact: 3 })
            break
          }
          case 106:
            text = tryStringify(args[++a])
            break
          case 100: {
            const arg = args[++a]
            if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false)
            else if (typeof arg === 'symbol') text = 'NaN'
            else text = formatNumber(stylizeNoColor, Number(arg), false)
            break
          }
          case 79:
            text = inspect(args[++a], options)
            break
          case 111:
            text = inspect(args[++a], { ...options, showHidden: true, showProxy: true, depth: 4 })
            break
          case 105: {
            const arg = args[++a]
            if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false)
            else if (typeof arg === 'symbol') text = 'NaN'
            // biome-ignore lint/correctness/useParseIntRadix: like Node, `%i` honours `0x` prefixes
            else text = formatNumber(stylizeNoColor, Number.parseInt(arg as string), false)
            break
          }
          case 102: {
            const arg = args[++a]
            text =
              typeof arg === 'symbol' ? 'NaN' : formatNumber(stylizeNoColor, Number.parseFloat(arg as string), false)
            break
          }
          case 99:
            a += 1
            text = ''
            break
          case 37:
            out += first.slice(lastPos, i)
            lastPos = i + 1
            continue
          default:
            continue
        }
        if (lastPos !== i - 1) out += first.slice(lastPos, i - 1)
        out += text
        lastPos = i + 1
      } else if (next === 37) {
        out += first.slice(lastPos, i)
        lastPos = i + 1
      }
    }
    if (lastPos !== 0) {
      a++
      join = ' '
      if (lastPos < first.length) out += first.slice(lastPos)
    }
  }
  while (a < args.length) {
    const value = args[a]
    out += join
    out += typeof value !== 'string' ? inspect(value, options) : value
    join = ' '
    a++
  }
  return out
}

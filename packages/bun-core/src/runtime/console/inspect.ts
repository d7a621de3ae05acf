/**
 * `Bun.inspect` and the argument formatting behind `console.log`, byte for
 * byte as Bun 1.4.5 prints them.
 */
import { printErrorLike } from './error.js'
import {
  type ErrorDisplayLevel,
  Formatter,
  type FormatterSettings,
  type InspectHooks,
  registerDefaultInspect,
} from './formatter.js'
import { formatTable } from './table.js'

/** `Bun.inspect` options (Bun reads them loosely: any truthy value counts). */
export interface InspectOptions {
  /** ANSI colours (default `false`). */
  colors?: boolean
  /** Nesting shown before `[Object ...]` (default 8; `Infinity` for all). */
  depth?: number
  /** Object keys in code point order, arrays one element per line. */
  sorted?: boolean
  /** Everything on one line. */
  compact?: boolean
}

/** Options of {@link formatArgs} (`console.log` and friends). */
export interface FormatArgsOptions {
  colors: boolean
  /** Objects nested deeper print as `[Object ...]` (console.log: 2; `--console-depth` changes it). */
  depth?: number
  /** `console.group` levels open: every line of an object is indented by two spaces per level. */
  indent?: number
  /** How errors are introduced: `error:` (log), red `error:` (console.error), yellow `warn:` (console.warn). */
  errorLevel?: 'normal' | 'warn' | 'full'
  /** Red text for strings (console.error with colours). */
  level?: 'log' | 'error'
  hooks?: InspectHooks
}

/** A `TypeError` with Node's `code`, as Bun throws for bad options. */
export function invalidArgument(message: string): TypeError {
  const error = new TypeError(message) as TypeError & { code: string }
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

function parseDepth(value: unknown): number | undefined {
  if (typeof value !== 'number') return undefined
  if (Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) {
    if (value < 0) throw invalidArgument(`expected depth to be greater than or equal to 0, got ${value}`)
    return Math.min(value, 0xffff)
  }
  if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) return 0xffff
  throw invalidArgument(`expected depth to be an integer, got ${Number.isNaN(value) ? 'NaN' : String(value)}`)
}

function settingsFromArguments(rest: unknown[], hooks: InspectHooks): FormatterSettings {
  const settings: FormatterSettings = {
    colors: false,
    maxDepth: 8,
    quoteStrings: true,
    singleLine: false,
    ordered: false,
    indent: 0,
    errorLevel: 'full',
    hooks,
  }
  if (rest.length === 0) return settings
  const first = rest[0]
  if (first !== null && typeof first === 'object') {
    const options = first as Record<string, unknown>
    const depth = parseDepth(options.depth)
    if (depth !== undefined) settings.maxDepth = depth
    if ('colors' in options) settings.colors = Boolean(options.colors)
    if ('sorted' in options) settings.ordered = Boolean(options.sorted)
    if ('compact' in options) settings.singleLine = Boolean(options.compact)
    return settings
  }
  const depth = parseDepth(first)
  if (depth !== undefined) settings.maxDepth = depth
  const colors = rest[1]
  if (colors !== undefined && colors !== null) settings.colors = Boolean(colors)
  return settings
}

/**
 * `Bun.inspect(value, options)`: also accepts Bun's positional form
 * `(value, depth, colors)`. Throws Bun's `ERR_INVALID_ARG_TYPE` TypeError
 * for a negative or fractional depth.
 */
export function inspect(
  ...args: [value?: unknown, options?: InspectOptions | number | null, ...rest: unknown[]]
): string {
  return inspectWith(defaultHooks, args.slice(0, 1), args.slice(1))
}

let defaultHooks: InspectHooks = {}

/**
 * Sets the hooks {@link inspect} uses (the process's engine hooks, stack
 * frames and sources). The runtime calls this once at start.
 */
export function setInspectHooks(hooks: InspectHooks): void {
  defaultHooks = hooks
}

/** The hooks set by {@link setInspectHooks} (used when a call passes none). */
export function getInspectHooks(): InspectHooks {
  return defaultHooks
}

/** {@link inspect} with explicit hooks: `values` is `[]` or `[value]`, `rest` the option arguments. */
export function inspectWith(hooks: InspectHooks, values: unknown[], rest: unknown[]): string {
  if (values.length === 0) return ''
  const settings = settingsFromArguments(rest, hooks)
  const f = new Formatter(settings)
  const value = values[0]
  f.format(f.tag(value), value)
  return f.out
}

registerDefaultInspect((value, options) => inspect(value, options as InspectOptions))

/**
 * `Bun.inspect.table(data, properties?, options?)`: the table
 * `console.table` prints (with its final newline); `''` for data that is
 * not an object. Options are read from the third argument after an array of
 * properties, else from the second when it is an object; otherwise ignored.
 */
export function inspectTable(data?: unknown, properties?: unknown, options?: InspectOptions): string {
  let columns: unknown[] | undefined
  let opts: InspectOptions | undefined
  if (Array.isArray(properties)) {
    columns = properties
    opts = options
  } else if (properties !== null && typeof properties === 'object') opts = properties as InspectOptions
  if (data === null || (typeof data !== 'object' && typeof data !== 'function')) return ''
  return formatTable(data, columns as unknown[] | undefined, {
    colors: Boolean(opts?.colors),
    indent: 0,
    hooks: defaultHooks,
  })
}

/**
 * What `console.log(...args)` prints, without the final newline: a
 * leading string (or any string followed by more values) is a format
 * (`%s %d %i %f %o %O %j %c %%`), other strings print bare, values are
 * separated by spaces, objects are formatted as by {@link inspect} with
 * depth 2. May throw what the values' own code throws (getters are not run,
 * but `toString` for `%s` and custom inspect functions are).
 */
export function formatArgs(args: unknown[], options: FormatArgsOptions): string {
  if (args.length === 0) return ''
  const f = new Formatter({
    colors: options.colors,
    maxDepth: options.depth ?? 2,
    quoteStrings: false,
    singleLine: false,
    ordered: false,
    indent: options.indent ?? 0,
    errorLevel: options.errorLevel ?? 'normal',
    hooks: options.hooks ?? defaultHooks,
  })
  const red = options.colors && options.level === 'error'
  f.writeIndent()
  if (args.length === 1) {
    const value = args[0]
    const tag = f.tag(value)
    if (tag.tag === 'String' && red) f.pretty('<r><red>')
    f.format(tag, value)
    if (tag.tag === 'String' && red) f.pretty('<r>')
    return f.out
  }
  f.remaining = args.slice(1)
  let current: unknown = args[0]
  let any = false
  if (red) f.pretty('<r><red>')
  for (;;) {
    if (any) f.write(' ')
    any = true
    const tag = f.tag(current)
    if (tag.tag === 'String' && f.remaining.length > 0) tag.tag = 'StringPossiblyFormatted'
    f.format(tag, current)
    if (f.remaining.length === 0) break
    current = f.remaining.shift()
  }
  if (red) f.pretty('<r>')
  return f.out
}

/** Options of {@link formatError}. */
export interface FormatErrorOptions {
  colors?: boolean
  /** `full` (red `error:`, default), `warn` (yellow `warn:`, no code excerpt) or `normal`. */
  level?: ErrorDisplayLevel
  /** Depth for objects among the error's properties and causes (default 8, as Bun's error printer). */
  depth?: number
  hooks?: InspectHooks
}

/**
 * An error (or any thrown value) as Bun prints it on its own: code excerpt,
 * `name: message`, properties, stack, then causes; an AggregateError prints
 * its errors. Ends with a newline. For uncaught errors the runtime adds
 * Bun's footer (`\nBun v1.4.5 (Linux x64)\n`) itself.
 */
export function formatError(error: unknown, options: FormatErrorOptions = {}): string {
  const f = new Formatter({
    colors: options.colors ?? false,
    maxDepth: options.depth ?? 8,
    quoteStrings: true,
    singleLine: false,
    ordered: false,
    indent: 0,
    errorLevel: options.level ?? 'full',
    hooks: options.hooks ?? defaultHooks,
  })
  if (error !== null && typeof error === 'object') f.visited.add(error)
  printErrorLike(f, error)
  return f.out
}

/**
 * The `console` object of a Bun process, printing as Bun 1.4.5 does:
 * `log`/`info`/`debug`/`dir`/`dirxml`/`table`/`trace`/`count`/`group` to
 * stdout, `warn`/`error`/`assert` failures and `time*` to stderr, Bun's
 * group indentation (objects indented on every line, `groupCollapsed`
 * not indenting), its table, its timer format (`[1.23ms] label`) and
 * `console.write` and `for await (const line of console)`.
 */
import { formatStackTrace, parseEngineStack, type StackFrame } from './error.js'
import type { InspectHooks } from './formatter.js'
import { formatArgs, getInspectHooks, invalidArgument } from './inspect.js'
import { pretty } from './style.js'
import { formatTable } from './table.js'

/** Where and how a console writes. */
export interface ConsoleOptions {
  /** Receives everything printed to stdout (whole lines, `\n` included). */
  stdout: (text: string) => void
  /** Receives everything printed to stderr. */
  stderr: (text: string) => void
  /** Raw bytes for `console.write(bytes)`; default: decoded as UTF-8 and passed to {@link stdout}. */
  stdoutBytes?: (bytes: Uint8Array) => void
  /** ANSI colours on stdout (a function is asked on every call). */
  colors: boolean | (() => boolean)
  /** ANSI colours on stderr (default: as {@link colors}). */
  stderrColors?: boolean | (() => boolean)
  /** Depth for objects (Bun's `--console-depth`, default 2). */
  depth?: number
  /** Engine hooks, stack frames and sources (see `InspectHooks`). */
  hooks?: InspectHooks
  /**
   * The frames `console.trace` prints: the caller's stack (the first frame
   * is the `console.trace` call site). Default: the engine's stack at the
   * call, through `hooks.stackFrames` when given, else parsed.
   */
  traceFrames?: () => StackFrame[]
  /** Milliseconds for `console.time` (default `performance.now()`). */
  now?: () => number
  /**
   * The next line of stdin, without its `\n` (`null` at the end): Bun's
   * `for await (const line of console)`. Without it the console is not
   * async-iterable.
   */
  readLine?: () => Promise<string | null>
}

/** The console's methods (the subset of `Console` Bun implements, plus `write`). */
export interface BunConsole {
  log(...args: unknown[]): void
  info(...args: unknown[]): void
  debug(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  dir(value?: unknown, options?: unknown, ...rest: unknown[]): void
  dirxml(...args: unknown[]): void
  table(data?: unknown, properties?: unknown, ...rest: unknown[]): void
  trace(...args: unknown[]): void
  assert(condition?: unknown, ...args: unknown[]): void
  count(label?: unknown): void
  countReset(label?: unknown): void
  group(...args: unknown[]): void
  groupCollapsed(...args: unknown[]): void
  groupEnd(): void
  time(label?: unknown): void
  timeEnd(label?: unknown): void
  timeLog(label?: unknown, ...args: unknown[]): void
  clear(): void
  /** Writes strings (UTF-8) and binary data to stdout as they are; returns the bytes written. */
  write(...data: unknown[]): number
  /** No-ops in Bun. */
  profile(label?: unknown): void
  profileEnd(label?: unknown): void
  timeStamp(label?: unknown): void
  record(...args: unknown[]): void
  recordEnd(...args: unknown[]): void
  screenshot(...args: unknown[]): void
  [Symbol.asyncIterator]?: () => AsyncIterator<string>
}

type Level = 'log' | 'warn' | 'error'

function flag(value: boolean | (() => boolean) | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback
  return typeof value === 'function' ? value() : value
}

function label(value: unknown): string {
  if (value === undefined) return 'default'
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a symbol to a string')
  return String(value)
}

/** Bun's `toU16` of a `console.dir` depth. */
function toU16(value: number | bigint): number {
  const n = Number(value)
  if (!Number.isFinite(n)) return 0
  return Math.min(Math.max(Math.trunc(n), 0), 0xffff)
}

/** Bun's elapsed time: `1.23ms`, or `1.60s` past 1.5 seconds. */
function formatElapsed(ms: number, colors: boolean): string {
  const rounded = Math.round(ms)
  if (rounded >= 0 && rounded <= 1500) return pretty(`<r><d>[<b>${ms.toFixed(2)}ms<r><d>]<r>`, colors)
  return pretty(`<r><d>[<b>${(ms / 1000).toFixed(2)}s<r><d>]<r>`, colors)
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return new TextEncoder().encode(value)
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) return new Uint8Array(value)
  return undefined
}

/** Builds a `console` (Bun's) over two text sinks. */
export function createConsole(options: ConsoleOptions): BunConsole {
  const { stdout, stderr } = options
  const hooks = (): InspectHooks => options.hooks ?? getInspectHooks()
  const now = options.now ?? (() => performance.now())
  const outColors = () => flag(options.colors, false)
  const errColors = () => flag(options.stderrColors, outColors())
  const counts = new Map<string, number>()
  const timers = new Map<string, number | null>()
  let indent = 0

  /** Bun's `messageWithTypeAndLevel` for the log family. */
  const print = (level: Level, args: unknown[], depth?: number, colorsOverride?: boolean): void => {
    if (args.length === 0) {
      stdout('\n')
      return
    }
    const toStderr = level !== 'log'
    const colors = colorsOverride ?? (toStderr ? errColors() : outColors())
    const text = formatArgs(args, {
      colors,
      depth: depth ?? options.depth ?? 2,
      indent,
      errorLevel: level === 'error' ? 'full' : level === 'warn' ? 'warn' : 'normal',
      level: level === 'error' ? 'error' : 'log',
      hooks: hooks(),
    })
    ;(toStderr ? stderr : stdout)(`${text}\n`)
  }

  const traceFrames = (caller: (...args: never[]) => unknown): StackFrame[] => {
    if (options.traceFrames) return options.traceFrames()
    const holder: { stack?: string } = {}
    const capture = (Error as { captureStackTrace?: (target: object, fn: unknown) => void }).captureStackTrace
    if (capture) capture(holder, caller)
    else holder.stack = new Error().stack?.split('\n').slice(2).join('\n')
    const mapped = hooks().stackFrames?.(holder)
    return mapped ?? parseEngineStack(holder.stack ?? '')
  }

  const console: BunConsole = {
    log: (...args) => print('log', args),
    info: (...args) => print('log', args),
    debug: (...args) => print('log', args),
    warn: (...args) => print('warn', args),
    error: (...args) => print('error', args),
    dir(...args) {
      if (args.length === 0) return
      if (args.length === 1) {
        print('log', args)
        return
      }
      let depth: number | undefined
      let colors: boolean | undefined
      const opts = args[1]
      if (opts !== null && typeof opts === 'object') {
        const record = opts as Record<string, unknown>
        const d = record.depth
        if (typeof d === 'number' || typeof d === 'bigint') depth = toU16(d)
        else if (d === null) depth = 0xffff
        if (typeof record.colors === 'boolean') colors = record.colors
      }
      print('log', [args[0]], depth, colors)
    },
    dirxml(...args) {
      if (args.length === 0) return
      print('log', args)
    },
    table(...args) {
      const [data, properties] = args
      if (args.length >= 2 && properties !== undefined && !Array.isArray(properties)) {
        throw new TypeError('The "properties" argument must be an instance of Array.')
      }
      if (args.length === 0) return
      if (data !== null && (typeof data === 'object' || typeof data === 'function')) {
        stdout(formatTable(data, properties as unknown[] | undefined, { colors: outColors(), indent, hooks: hooks() }))
        return
      }
      print('log', args)
    },
    trace(...args) {
      if (args.length > 0) print('log', args)
      stdout(formatStackTrace(traceFrames(console.trace), { colors: errColors(), cwd: hooks().cwd }))
    },
    assert(condition, ...args) {
      if (condition) return
      if (args.length === 0) {
        stderr(errColors() ? pretty('<r><red>Assertion failed<r>\n', true) : 'Assertion failed\n')
        return
      }
      print('error', args)
    },
    count(value) {
      const name = label(value)
      const current = (counts.get(name) ?? 0) + 1
      counts.set(name, current)
      stdout(pretty(`<r>${name}<d>: <r><yellow>${current}<r>\n`, outColors()))
    },
    countReset(value) {
      const name = label(value)
      if (counts.has(name)) counts.set(name, 0)
    },
    group(...args) {
      if (args.length > 0) print('log', args)
      indent += 1
    },
    groupCollapsed(...args) {
      if (args.length === 0) stdout('undefined\n')
      else print('log', args)
    },
    groupEnd() {
      indent = Math.max(indent - 1, 0)
    },
    time(value) {
      const name = label(value)
      if (!timers.has(name) || timers.get(name) === null) timers.set(name, now())
    },
    timeEnd(value) {
      const name = label(value)
      const start = timers.get(name)
      if (start === undefined || start === null) return
      timers.set(name, null)
      const elapsed = Math.floor((now() - start) * 1000) / 1000
      stderr(`${formatElapsed(elapsed, errColors())}${name.length === 0 ? '' : ` ${name}`}\n`)
    },
    timeLog(value, ...args) {
      const name = label(value)
      const start = timers.get(name)
      if (start === undefined || start === null) return
      const elapsed = Math.floor((now() - start) * 1000) / 1000
      const colors = errColors()
      let text = `${formatElapsed(elapsed, colors)}${name.length === 0 ? '' : ` ${name}`}`
      for (const arg of args) text += ` ${formatArgs([arg], { colors, depth: options.depth ?? 2, hooks: hooks() })}`
      stderr(`${text}\n`)
    },
    clear() {
      if (errColors()) stderr('\x1b[2J\x1b[3J\x1b[H')
      else if (outColors()) stdout('\x1b[2J\x1b[3J\x1b[H')
    },
    write(...data) {
      if (data.length === 0)
        throw Object.assign(invalidArgument('write() expects a string, ArrayBufferView, or ArrayBuffer'), {
          code: 'ERR_STREAM_NULL_VALUES',
        })
      const chunks: Uint8Array[] = []
      for (const item of data) {
        const bytes = bytesOf(item)
        if (!bytes) throw invalidArgument('write() expects a string, ArrayBufferView, or ArrayBuffer')
        chunks.push(bytes)
      }
      let written = 0
      for (const bytes of chunks) {
        if (options.stdoutBytes) options.stdoutBytes(bytes.slice())
        else stdout(new TextDecoder().decode(bytes))
        written += bytes.length
      }
      return written
    },
    profile() {},
    profileEnd() {},
    timeStamp() {},
    record() {},
    recordEnd() {},
    screenshot() {},
  }
  const readLine = options.readLine
  if (readLine) {
    console[Symbol.asyncIterator] = () => ({
      async next(): Promise<IteratorResult<string>> {
        const line = await readLine()
        return line === null ? { done: true, value: undefined } : { done: false, value: line }
      },
      async return(): Promise<IteratorResult<string>> {
        return { done: true, value: undefined }
      },
    })
  }
  return console
}

/**
 * Splits a byte stream into lines the way Bun's `for await (const line of
 * console)` does: on `\n` only (a `\r` stays), and an input ending in `\n`
 * yields a final empty line; an empty input yields none. Give it the stdin
 * reader; it returns the `readLine` of {@link ConsoleOptions}.
 */
export function lineReader(read: () => Promise<Uint8Array | null>): () => Promise<string | null> {
  const decoder = new TextDecoder()
  let buffered = ''
  let sawInput = false
  let state: 'reading' | 'last' | 'done' = 'reading'
  return async () => {
    for (;;) {
      const newline = buffered.indexOf('\n')
      if (newline >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        return line
      }
      if (state === 'done') return null
      if (state === 'last') {
        state = 'done'
        return sawInput ? buffered : null
      }
      const chunk = await read()
      if (chunk === null) {
        buffered += decoder.decode()
        state = 'last'
      } else {
        if (chunk.length > 0) sawInput = true
        buffered += decoder.decode(chunk, { stream: true })
      }
    }
  }
}

/**
 * `node:util` as the real Bun has it. `inspect`/`format` are Node's
 * algorithm (see `internal/node-a-inspect.ts` for what a browser cannot
 * see); warnings go through `ctx.emitWarning`; `debuglog` reads `NODE_DEBUG`
 * and writes to stderr, `log` to stdout; `styleText` colours when the target
 * stream is a terminal (the process's stdout by default) or `FORCE_COLOR`
 * says so. `setTraceSigInt` only validates (programs cannot catch signals in
 * the container). `getCallSites` parses the engine's stack text, so
 * `scriptId` is `'0'`.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { isDeepStrictEqual } from './internal/node-a-comparisons.js'
import {
  describeReceived,
  invalidArgType,
  invalidArgValue,
  nodeError,
  outOfRange,
  validateBoolean,
  validateFunction,
  validateString,
} from './internal/node-a-errors.js'
import {
  COLOR_NAMES,
  formatWithOptionsInternal,
  type InspectFunction,
  type InspectOptions,
  inspectFor,
  stripVTControlCharacters,
} from './internal/node-a-inspect.js'
import { MIMEParams, MIMEType } from './internal/node-a-mime.js'
import { type ParseArgsConfig, type ParseArgsResult, parseArgs } from './internal/node-a-parse-args.js'
import * as types from './internal/node-a-types.js'
import { createUtilTypes, type UtilTypesModule } from './util-types.js'

export type { InspectOptions } from './internal/node-a-inspect.js'

/** `util.promisify.custom`. */
export const promisifyCustom: unique symbol = Symbol.for('nodejs.util.promisify.custom') as never
/**
 * Set on a callback API to name the callback's values, so that the promisified
 * form resolves to an object (`fs.read` → `{ bytesRead, buffer }`); for the
 * other builtins (Node's internal `customPromisifyArgs`).
 */
export const customPromisifyArgs: unique symbol = Symbol('customPromisifyArgs') as never

type AnyFunction = (...args: never[]) => unknown

/** The `node:util` module. */
export interface UtilModule {
  format(...args: unknown[]): string
  formatWithOptions(inspectOptions: InspectOptions, ...args: unknown[]): string
  inspect: InspectFunction
  inherits(ctor: unknown, superCtor: unknown): void
  deprecate<T extends AnyFunction>(fn: T, message: string, code?: string): T
  debuglog(section: string, callback?: (logger: (...args: unknown[]) => void) => void): (...args: unknown[]) => void
  debug(section: string, callback?: (logger: (...args: unknown[]) => void) => void): (...args: unknown[]) => void
  promisify: ((original: unknown) => AnyFunction) & { custom: symbol }
  callbackify(original: unknown): AnyFunction
  isDeepStrictEqual(a: unknown, b: unknown, options?: boolean | { skipPrototype?: boolean }): boolean
  types: UtilTypesModule
  TextEncoder: typeof TextEncoder
  TextDecoder: typeof TextDecoder
  parseArgs(config?: ParseArgsConfig): ParseArgsResult
  parseEnv(content: string): Record<string, string>
  styleText(format: string | string[], text: string, options?: { validateStream?: boolean; stream?: unknown }): string
  stripVTControlCharacters(text: string): string
  toUSVString(text: unknown): string
  getSystemErrorName(errno: number): string
  getSystemErrorMessage(errno: number): string
  getSystemErrorMap(): Map<number, [string, string]>
  getCallSites(frameCount?: number | object, options?: object): CallSite[]
  setTraceSigInt(enable: boolean): void
  convertProcessSignalToExitCode(signal: string): number
  aborted(signal: AbortSignal, resource: unknown): Promise<void>
  MIMEType: typeof MIMEType
  MIMEParams: typeof MIMEParams
  log(...args: unknown[]): void
  _errnoException(errno: number, syscall: string, original?: string): Error
  _extend(target: object, source: unknown): object
  isArray(value: unknown): value is unknown[]
  isBoolean(value: unknown): boolean
  isBuffer(value: unknown): boolean
  isDate(value: unknown): boolean
  isError(value: unknown): boolean
  isFunction(value: unknown): boolean
  isNull(value: unknown): boolean
  isNullOrUndefined(value: unknown): boolean
  isNumber(value: unknown): boolean
  isObject(value: unknown): boolean
  isPrimitive(value: unknown): boolean
  isRegExp(value: unknown): boolean
  isString(value: unknown): boolean
  isSymbol(value: unknown): boolean
  isUndefined(value: unknown): boolean
}

/** One frame of `util.getCallSites()`. */
export interface CallSite {
  functionName: string
  scriptId: string
  scriptName: string
  lineNumber: number
  columnNumber: number
  column: number
}

/** libuv's error names and messages on Linux, by (negative) errno, in Node's order. */
const UV_ERRORS: [number, string, string][] = [
  [-4095, 'EOF', 'end of file'],
  [-4094, 'UNKNOWN', 'unknown error'],
  [-3000, 'EAI_ADDRFAMILY', 'address family not supported'],
  [-3001, 'EAI_AGAIN', 'temporary failure'],
  [-3002, 'EAI_BADFLAGS', 'bad ai_flags value'],
  [-3003, 'EAI_CANCELED', 'request canceled'],
  [-3004, 'EAI_FAIL', 'permanent failure'],
  [-3005, 'EAI_FAMILY', 'ai_family not supported'],
  [-3006, 'EAI_MEMORY', 'out of memory'],
  [-3007, 'EAI_NODATA', 'no address'],
  [-3008, 'EAI_NONAME', 'unknown node or service'],
  [-3009, 'EAI_OVERFLOW', 'argument buffer overflow'],
  [-3010, 'EAI_SERVICE', 'service not available for socket type'],
  [-3011, 'EAI_SOCKTYPE', 'socket type not supported'],
  [-3013, 'EAI_BADHINTS', 'invalid value for hints'],
  [-3014, 'EAI_PROTOCOL', 'resolved protocol is unknown'],
  [-7, 'E2BIG', 'argument list too long'],
  [-13, 'EACCES', 'permission denied'],
  [-98, 'EADDRINUSE', 'address already in use'],
  [-99, 'EADDRNOTAVAIL', 'address not available'],
  [-97, 'EAFNOSUPPORT', 'address family not supported'],
  [-11, 'EAGAIN', 'resource temporarily unavailable'],
  [-114, 'EALREADY', 'connection already in progress'],
  [-9, 'EBADF', 'bad file descriptor'],
  [-16, 'EBUSY', 'resource busy or locked'],
  [-125, 'ECANCELED', 'operation canceled'],
  [-4080, 'ECHARSET', 'invalid Unicode character'],
  [-103, 'ECONNABORTED', 'software caused connection abort'],
  [-111, 'ECONNREFUSED', 'connection refused'],
  [-104, 'ECONNRESET', 'connection reset by peer'],
  [-89, 'EDESTADDRREQ', 'destination address required'],
  [-17, 'EEXIST', 'file already exists'],
  [-14, 'EFAULT', 'bad address in system call argument'],
  [-113, 'EHOSTUNREACH', 'host is unreachable'],
  [-4, 'EINTR', 'interrupted system call'],
  [-22, 'EINVAL', 'invalid argument'],
  [-5, 'EIO', 'i/o error'],
  [-106, 'EISCONN', 'socket is already connected'],
  [-21, 'EISDIR', 'illegal operation on a directory'],
  [-40, 'ELOOP', 'too many symbolic links encountered'],
  [-24, 'EMFILE', 'too many open files'],
  [-90, 'EMSGSIZE', 'message too long'],
  [-36, 'ENAMETOOLONG', 'name too long'],
  [-100, 'ENETDOWN', 'network is down'],
  [-101, 'ENETUNREACH', 'network is unreachable'],
  [-23, 'ENFILE', 'file table overflow'],
  [-105, 'ENOBUFS', 'no buffer space available'],
  [-19, 'ENODEV', 'no such device'],
  [-2, 'ENOENT', 'no such file or directory'],
  [-12, 'ENOMEM', 'not enough memory'],
  [-64, 'ENONET', 'machine is not on the network'],
  [-28, 'ENOSPC', 'no space left on device'],
  [-38, 'ENOSYS', 'function not implemented'],
  [-107, 'ENOTCONN', 'socket is not connected'],
  [-20, 'ENOTDIR', 'not a directory'],
  [-39, 'ENOTEMPTY', 'directory not empty'],
  [-88, 'ENOTSOCK', 'socket operation on non-socket'],
  [-95, 'ENOTSUP', 'operation not supported on socket'],
  [-1, 'EPERM', 'operation not permitted'],
  [-32, 'EPIPE', 'broken pipe'],
  [-71, 'EPROTO', 'protocol error'],
  [-93, 'EPROTONOSUPPORT', 'protocol not supported'],
  [-91, 'EPROTOTYPE', 'protocol wrong type for socket'],
  [-30, 'EROFS', 'read-only file system'],
  [-108, 'ESHUTDOWN', 'cannot send after transport endpoint shutdown'],
  [-29, 'ESPIPE', 'invalid seek'],
  [-3, 'ESRCH', 'no such process'],
  [-110, 'ETIMEDOUT', 'connection timed out'],
  [-26, 'ETXTBSY', 'text file is busy'],
  [-18, 'EXDEV', 'cross-device link not permitted'],
  [-27, 'EFBIG', 'file too large'],
  [-92, 'ENOPROTOOPT', 'protocol not available'],
  [-34, 'ERANGE', 'result too large'],
  [-6, 'ENXIO', 'no such device or address'],
  [-31, 'EMLINK', 'too many links'],
  [-112, 'EHOSTDOWN', 'host is down'],
  [-121, 'EREMOTEIO', 'remote I/O error'],
  [-25, 'ENOTTY', 'inappropriate ioctl for device'],
  [-4028, 'EFTYPE', 'inappropriate file type or format'],
  [-84, 'EILSEQ', 'illegal byte sequence'],
  [-75, 'EOVERFLOW', 'value too large for defined data type'],
  [-94, 'ESOCKTNOSUPPORT', 'socket type not supported'],
  [-61, 'ENODATA', 'no data available'],
  [-49, 'EUNATCH', 'protocol driver not attached'],
  [-8, 'ENOEXEC', 'exec format error'],
]
const UV_BY_ERRNO = new Map(UV_ERRORS.map(([errno, name, message]) => [errno, [name, message] as [string, string]]))

/** Linux signal numbers, in Node's `os.constants.signals` order. */
const SIGNALS: [string, number][] = [
  ['SIGHUP', 1],
  ['SIGINT', 2],
  ['SIGQUIT', 3],
  ['SIGILL', 4],
  ['SIGTRAP', 5],
  ['SIGABRT', 6],
  ['SIGIOT', 6],
  ['SIGBUS', 7],
  ['SIGFPE', 8],
  ['SIGKILL', 9],
  ['SIGUSR1', 10],
  ['SIGSEGV', 11],
  ['SIGUSR2', 12],
  ['SIGPIPE', 13],
  ['SIGALRM', 14],
  ['SIGTERM', 15],
  ['SIGCHLD', 17],
  ['SIGSTKFLT', 16],
  ['SIGCONT', 18],
  ['SIGSTOP', 19],
  ['SIGTSTP', 20],
  ['SIGTTIN', 21],
  ['SIGTTOU', 22],
  ['SIGURG', 23],
  ['SIGXCPU', 24],
  ['SIGXFSZ', 25],
  ['SIGVTALRM', 26],
  ['SIGPROF', 27],
  ['SIGWINCH', 28],
  ['SIGIO', 29],
  ['SIGPOLL', 29],
  ['SIGPWR', 30],
  ['SIGSYS', 31],
]

function checkErrno(errno: unknown): number {
  if (typeof errno !== 'number') throw invalidArgType('err', 'number', errno)
  if (errno >= 0 || !Number.isSafeInteger(errno)) throw outOfRange('err', 'a negative integer', errno)
  return errno
}

/** The `.env` parser of `util.parseEnv` (Bun's: `KEY=value`, quotes, `export`, `#` comments). */
function parseEnv(content: string): Record<string, string> {
  const result: Record<string, string> = {}
  const text = content.replace(/\r/g, '')
  let i = 0
  const skipLine = (): void => {
    const newline = text.indexOf('\n', i)
    i = newline === -1 ? text.length : newline + 1
  }
  while (i < text.length) {
    while (i < text.length && /[ \t\n]/.test(text[i]!)) i++
    if (i >= text.length) break
    if (text[i] === '#') {
      skipLine()
      continue
    }
    // The key runs to `=`; whitespace (even a line break) may come before it.
    const keyMatch = /^(?:export[ \t]+)?([^=\s#]+)[ \t\n]*=/.exec(text.slice(i))
    if (!keyMatch) {
      skipLine()
      continue
    }
    const key = keyMatch[1]!
    i += keyMatch[0].length
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++
    const quote = text[i]
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = text.indexOf(quote, i + 1)
      if (close !== -1) {
        let value = text.slice(i + 1, close)
        if (quote === '"') value = value.replace(/\\n/g, '\n')
        result[key] = value
        i = close + 1
        skipLine()
        continue
      }
    }
    const newline = text.indexOf('\n', i)
    let value = newline === -1 ? text.slice(i) : text.slice(i, newline)
    i = newline === -1 ? text.length : newline + 1
    const hash = value.indexOf('#')
    if (hash !== -1) value = value.slice(0, hash)
    result[key] = value.trim()
  }
  return result
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function timestamp(): string {
  const date = new Date()
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/** Frames of a V8 (`    at fn (url:1:2)`) or JSC/SpiderMonkey (`fn@url:1:2`) stack. */
function parseFrames(stack: string): CallSite[] {
  const frames: CallSite[] = []
  for (const line of stack.split('\n')) {
    const v8 = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(line)
    const other = v8 ? null : /^(.*?)@(.*?):(\d+):(\d+)$/.exec(line)
    const match = v8 ?? other
    if (!match) continue
    const column = Number(match[4])
    frames.push({
      functionName: match[1] ?? '',
      scriptId: '0',
      scriptName: match[2]!,
      lineNumber: Number(match[3]),
      columnNumber: column,
      column,
    })
  }
  return frames
}

/** `node:util`. */
export function createUtil(ctx: NodeContext): UtilModule {
  const env = ctx.host.env
  // `util.types` is the `node:util/types` module itself when the process has it.
  let typesModule: UtilTypesModule
  try {
    typesModule = ctx.builtin<UtilTypesModule>('util/types')
  } catch {
    typesModule = createUtilTypes(ctx)
  }
  const encoder = new TextEncoder()
  const warnedCodes = new Set<string>()
  const write = (stream: 'stdout' | 'stderr', text: string): void => ctx.host[stream].write(encoder.encode(text))
  const inspect = inspectFor(ctx)
  const format = (...args: unknown[]): string => formatWithOptionsInternal(undefined, args, inspect)

  const debugSections = (env.NODE_DEBUG ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((section) => new RegExp(`^${section.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i'))

  const debuglog = (section: string, callback?: (logger: (...args: unknown[]) => void) => void) => {
    const name = String(section).toUpperCase()
    const enabled = debugSections.some((pattern) => pattern.test(name))
    let announced = false
    const logger = (...args: unknown[]): void => {
      if (!enabled) return
      if (!announced && typeof callback === 'function') {
        announced = true
        callback(logger)
      }
      write('stderr', `${name} ${ctx.host.pid}: ${formatWithOptionsInternal(undefined, args, inspect)}\n`)
    }
    return logger
  }

  const promisify = Object.assign(
    function promisify(original: unknown): AnyFunction {
      validateFunction(original, 'original')
      const custom = (original as unknown as Record<symbol, unknown>)[promisifyCustom]
      if (custom !== undefined && custom !== null) {
        validateFunction(custom, 'custom')
        return Object.defineProperty(custom, promisifyCustom, {
          value: custom,
          enumerable: false,
          writable: false,
          configurable: true,
        }) as AnyFunction
      }
      const names = (original as unknown as Record<symbol, unknown>)[customPromisifyArgs] as string[] | undefined
      const target = original as (...args: unknown[]) => unknown
      function fn(this: unknown, ...args: unknown[]): Promise<unknown> {
        return new Promise((resolve, reject) => {
          args.push((error: unknown, ...values: unknown[]) => {
            if (error) return reject(error)
            if (names !== undefined && values.length > 1) {
              const result: Record<string, unknown> = {}
              names.forEach((name, i) => {
                result[name] = values[i]
              })
              resolve(result)
            } else resolve(values[0])
          })
          Reflect.apply(target, this, args)
        })
      }
      Object.setPrototypeOf(fn, Object.getPrototypeOf(original))
      Object.defineProperty(fn, promisifyCustom, { value: fn, enumerable: false, writable: false, configurable: true })
      return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original)) as AnyFunction
    },
    { custom: promisifyCustom as symbol },
  )

  const callbackify = (original: unknown): AnyFunction => {
    validateFunction(original, 'original')
    const target = original as (...args: unknown[]) => Promise<unknown>
    function callbackified(this: unknown, ...args: unknown[]): void {
      const maybeCallback = args.pop()
      validateFunction(maybeCallback, 'last argument')
      const callback = (maybeCallback as (...values: unknown[]) => void).bind(this)
      Reflect.apply(target, this, args).then(
        (value: unknown) => ctx.nextTick(callback, null, value),
        (reason: unknown) => {
          let error = reason
          if (!error) {
            error = Object.assign(
              nodeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with a falsy value'),
              { reason },
            )
          }
          ctx.nextTick(callback, error)
        },
      )
    }
    const descriptors = Object.getOwnPropertyDescriptors(original)
    if (typeof descriptors.length?.value === 'number') descriptors.length.value++
    if (typeof descriptors.name?.value === 'string') descriptors.name.value += 'Callbackified'
    return Object.defineProperties(callbackified, descriptors) as AnyFunction
  }

  const deprecate = <T extends AnyFunction>(fn: T, message: string, code?: string): T => {
    if (code !== undefined) validateString(code, 'code')
    if (fn === null || (typeof fn !== 'object' && typeof fn !== 'function')) {
      throw new TypeError('Prototype value can only be an object or null')
    }
    let warned = false
    function deprecated(this: unknown, ...args: unknown[]): unknown {
      const noDeprecation = (globalThis as { process?: { noDeprecation?: boolean } }).process?.noDeprecation
      if (!warned && !noDeprecation) {
        warned = true
        if (code !== undefined) {
          if (!warnedCodes.has(code)) {
            warnedCodes.add(code)
            ctx.emitWarning(message, 'DeprecationWarning', code)
          }
        } else ctx.emitWarning(message, 'DeprecationWarning')
      }
      if (new.target) return Reflect.construct(fn as unknown as new (...a: unknown[]) => unknown, args, new.target)
      return Reflect.apply(fn as unknown as (...a: unknown[]) => unknown, this, args)
    }
    Object.setPrototypeOf(deprecated, fn)
    Object.defineProperty(deprecated, 'length', { value: (fn as { length?: number }).length ?? 0, configurable: true })
    if ((fn as { prototype?: unknown }).prototype) deprecated.prototype = (fn as { prototype?: unknown }).prototype
    return deprecated as unknown as T
  }

  const colorDepth = (): number => {
    const force = env.FORCE_COLOR
    if (force !== undefined) {
      if (force === '' || force === '1' || force === 'true') return 4
      if (force === '2') return 8
      if (force === '3') return 24
      return 1
    }
    if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') return 1
    return 8
  }

  const shouldColorize = (stream: unknown): boolean => {
    if (env.FORCE_COLOR !== undefined) return colorDepth() > 2
    const target = stream as { isTTY?: boolean; getColorDepth?: () => number } | null | undefined
    if (!target?.isTTY) return false
    return typeof target.getColorDepth === 'function' ? target.getColorDepth() > 2 : true
  }

  const isStreamLike = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object') return false
    if (typeof ReadableStream === 'function' && value instanceof ReadableStream) return true
    if (typeof WritableStream === 'function' && value instanceof WritableStream) return true
    const object = value as Record<string, unknown>
    return Boolean(
      object._readableState ||
        object._writableState ||
        (typeof object.write === 'function' && typeof object.on === 'function') ||
        (typeof object.pipe === 'function' && typeof object.on === 'function'),
    )
  }

  const processStdout = { isTTY: ctx.host.stdout.isTTY, getColorDepth: colorDepth }

  const styleText = (
    formats: string | string[],
    text: string,
    options: { validateStream?: boolean; stream?: unknown } = {},
  ): string => {
    validateString(text, 'text')
    const validateStream = options.validateStream ?? true
    validateBoolean(validateStream, 'options.validateStream')
    let skip = false
    if (validateStream) {
      const stream = 'stream' in options && options.stream !== undefined ? options.stream : processStdout
      if (stream !== processStdout && !isStreamLike(stream)) {
        throw invalidArgType('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream)
      }
      skip = !shouldColorize(stream)
    }
    let left = ''
    let right = ''
    for (const key of Array.isArray(formats) ? formats : [formats]) {
      if (key === 'none') continue
      const codes = inspect.colors[key]
      if (codes == null) {
        const allowed = COLOR_NAMES.map((name) => `'${name}'`).join(', ')
        throw invalidArgValue('format', key, `must be one of: ${allowed}`)
      }
      if (skip) continue
      left += `\x1b[${codes[0]}m`
      right = `\x1b[${codes[1]}m${right}`
    }
    return skip ? text : `${left}${text}${right}`
  }

  const getSystemErrorName = (errno: number): string => {
    checkErrno(errno)
    return UV_BY_ERRNO.get(errno)?.[0] ?? `Unknown system error ${errno}`
  }

  const util: UtilModule = {
    format,
    formatWithOptions(inspectOptions: InspectOptions, ...args: unknown[]): string {
      if (inspectOptions === null || typeof inspectOptions !== 'object') {
        throw invalidArgType('inspectOptions', 'Object', inspectOptions)
      }
      return formatWithOptionsInternal(inspectOptions, args, inspect)
    },
    inspect,
    inherits(ctor: unknown, superCtor: unknown): void {
      if (ctor === undefined || ctor === null) throw invalidArgType('ctor', 'Function', ctor)
      if (superCtor === undefined || superCtor === null) throw invalidArgType('superCtor', 'Function', superCtor)
      const superPrototype = (superCtor as { prototype?: unknown }).prototype
      if (superPrototype === undefined) throw invalidArgType('superCtor.prototype', 'Object', superPrototype)
      Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true })
      Object.setPrototypeOf((ctor as { prototype: object }).prototype, superPrototype as object)
    },
    deprecate,
    debuglog,
    debug: debuglog,
    promisify,
    callbackify,
    isDeepStrictEqual: (a: unknown, b: unknown, options?: boolean | { skipPrototype?: boolean }): boolean =>
      isDeepStrictEqual(
        a,
        b,
        options === true || (typeof options === 'object' && options !== null && Boolean(options.skipPrototype)),
      ),
    types: typesModule,
    TextEncoder: globalThis.TextEncoder,
    TextDecoder: globalThis.TextDecoder,
    parseArgs: (config?: ParseArgsConfig): ParseArgsResult =>
      parseArgs(config, () => {
        const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv
        return argv ? argv.slice(2) : ctx.host.argv.slice(2)
      }),
    parseEnv(content: string): Record<string, string> {
      validateString(content, 'content')
      return parseEnv(content)
    },
    styleText,
    stripVTControlCharacters(text: string): string {
      validateString(text, 'str')
      return stripVTControlCharacters(text)
    },
    toUSVString: (text: unknown): string =>
      `${text}`.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
    getSystemErrorName,
    getSystemErrorMessage(errno: number): string {
      checkErrno(errno)
      return UV_BY_ERRNO.get(errno)?.[1] ?? `Unknown system error ${errno}`
    },
    getSystemErrorMap: (): Map<number, [string, string]> =>
      new Map(UV_ERRORS.map(([errno, name, message]) => [errno, [name, message]])),
    getCallSites(frameCount: number | object = 10, options?: object): CallSite[] {
      let count = frameCount
      if (options === undefined && typeof frameCount === 'object' && frameCount !== null) count = 10
      if (typeof count !== 'number') throw invalidArgType('frameCount', 'number', count)
      if (!(count >= 1 && count <= 200)) throw outOfRange('frameCount', '>= 1 && <= 200', count)
      const stack = new Error().stack ?? ''
      return parseFrames(stack).slice(1, 1 + count)
    },
    setTraceSigInt(enable: boolean): void {
      validateBoolean(enable, 'enable')
    },
    convertProcessSignalToExitCode(signal: string): number {
      const entry = SIGNALS.find(([name]) => name === signal)
      if (!entry) {
        const allowed = SIGNALS.map(([name]) => `'${name}'`).join(', ')
        throw invalidArgValue('signalCode', signal, `must be one of: ${allowed}`)
      }
      return 128 + entry[1]
    },
    aborted(signal: AbortSignal, resource: unknown): Promise<void> {
      // Bun validates synchronously (Node returns a rejected promise).
      if (!(signal instanceof AbortSignal)) {
        throw nodeError(
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          `The "signal" argument must be of type AbortSignal. Received ${describeReceived(signal)}`,
        )
      }
      if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
        throw invalidArgType('resource', 'object', resource)
      }
      if (signal.aborted) return Promise.resolve()
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    },
    MIMEType,
    MIMEParams,
    log(...args: unknown[]): void {
      write('stdout', `${timestamp()} - ${format(...args)}\n`)
    },
    _errnoException(errno: number, syscall: string, original?: string): Error {
      const name = UV_BY_ERRNO.get(errno)?.[0] ?? `Unknown system error ${errno}`
      const error = new Error(original ? `${syscall} ${name} ${original}` : `${syscall} ${name}`) as Error &
        Record<string, unknown>
      error.errno = errno
      error.syscall = syscall
      error.code = name
      return error
    },
    _extend(target: object, source: unknown): object {
      if (source === null || typeof source !== 'object') return target
      for (const key of Object.keys(source))
        (target as Record<string, unknown>)[key] = (source as Record<string, unknown>)[key]
      return target
    },
    isArray: Array.isArray,
    isBoolean: (value: unknown): boolean => typeof value === 'boolean',
    isBuffer: (value: unknown): boolean => Buffer.isBuffer(value),
    isDate: types.isDate,
    isError: (value: unknown): boolean =>
      Object.prototype.toString.call(value) === '[object Error]' || value instanceof Error,
    isFunction: (value: unknown): boolean => typeof value === 'function',
    isNull: (value: unknown): boolean => value === null,
    isNullOrUndefined: (value: unknown): boolean => value === null || value === undefined,
    isNumber: (value: unknown): boolean => typeof value === 'number',
    isObject: (value: unknown): boolean => value !== null && typeof value === 'object',
    isPrimitive: (value: unknown): boolean =>
      value === null || (typeof value !== 'object' && typeof value !== 'function'),
    isRegExp: types.isRegExp,
    isString: (value: unknown): boolean => typeof value === 'string',
    isSymbol: (value: unknown): boolean => typeof value === 'symbol',
    isUndefined: (value: unknown): boolean => value === undefined,
  }
  return util
}

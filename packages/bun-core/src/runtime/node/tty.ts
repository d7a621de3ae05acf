/**
 * `node:tty`: `isatty(fd)` for the standard streams (from the host's
 * `isTTY`), and `ReadStream`/`WriteStream` — stream.Readable/Writable over
 * the host's stdin and stdout/stderr — with the terminal surface: `columns`,
 * `rows`, `getWindowSize`, `getColorDepth`/`hasColors` (Bun's rules over an
 * environment), the cursor and clearing helpers, `resize` events and
 * `setRawMode`.
 *
 * The classes are built per process (they read its host); the integrator can
 * use them for `process.stdin/stdout/stderr` when those are terminals.
 * `setRawMode` records the mode only: the container's terminal has no line
 * discipline to switch (input already arrives key by key).
 */
import type { Readable as NodeReadable, Writable as NodeWritable } from 'node:stream'
import { Buffer } from 'buffer'
import type { NodeContext } from './context.js'
import { codedError, invalidArgTypeOf, outOfRange } from './internal/node-b-errors.js'
import { clearLine, clearScreenDown, cursorTo, moveCursor } from './internal/readline-interface.js'
import { installStream, Readable, Writable } from './stream.js'

const COLORS_2 = 1
const COLORS_16 = 4
const COLORS_256 = 8
const COLORS_16m = 24

const TERM_COLORS: Record<string, number> = {
  eterm: COLORS_16,
  cons25: COLORS_16,
  console: COLORS_16,
  cygwin: COLORS_16,
  dtterm: COLORS_16,
  gnome: COLORS_16,
  hurd: COLORS_16,
  jfbterm: COLORS_16,
  konsole: COLORS_16,
  kterm: COLORS_16,
  mlterm: COLORS_16,
  mosh: COLORS_16m,
  putty: COLORS_16,
  st: COLORS_16,
  'rxvt-unicode-24bit': COLORS_16m,
  terminator: COLORS_16m,
  'xterm-kitty': COLORS_16m,
}
const TERM_PATTERNS = [
  /ansi/,
  /color/,
  /linux/,
  /direct/,
  /^con[0-9]*x[0-9]/,
  /^rxvt/,
  /^screen/,
  /^xterm/,
  /^vt100/,
  /^vt220/,
]

/** Colours a terminal described by `env` supports, as 2^n (1, 4, 8 or 24), by Bun's rules. */
export function colorDepthOf(env: Record<string, string | undefined>): number {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '':
      case '1':
      case 'true':
        return COLORS_16
      case '2':
        return COLORS_256
      case '3':
        return COLORS_16m
      default:
        return COLORS_2
    }
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') return COLORS_2
  if (env.TMUX) return COLORS_16m
  if ('TF_BUILD' in env && 'AGENT_NAME' in env) return COLORS_16
  if (env.CI) {
    if ('GITHUB_ACTIONS' in env || 'GITEA_ACTIONS' in env || 'CIRCLECI' in env) return COLORS_16m
    if (['APPVEYOR', 'BUILDKITE', 'DRONE', 'GITLAB_CI', 'TRAVIS'].some((sign) => sign in env)) return COLORS_256
    return env.CI_NAME === 'codeship' ? COLORS_256 : COLORS_2
  }
  if ('TEAMCITY_VERSION' in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION ?? '') ? COLORS_16 : COLORS_2
  }
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      if (!env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION)) return COLORS_256
      return COLORS_16m
    case 'HyperTerm':
    case 'MacTerm':
      return COLORS_16m
    case 'Apple_Terminal':
      return COLORS_256
  }
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return COLORS_16m
  if (env.TERM) {
    if (/^xterm-256/.test(env.TERM)) return COLORS_256
    const term = env.TERM.toLowerCase()
    if (TERM_COLORS[term]) return TERM_COLORS[term]
    if (TERM_PATTERNS.some((pattern) => pattern.test(term))) return COLORS_16
  }
  if (env.COLORTERM) return COLORS_16
  return COLORS_2
}

function validateFd(fd: unknown): asserts fd is number {
  if (typeof fd !== 'number') throw invalidArgTypeOf('options.fd', 'number or FileHandle', fd)
  if (!Number.isInteger(fd)) throw outOfRange('fd', 'an integer', fd)
  if (fd < 0 || fd > 2147483647) throw outOfRange('fd', '>= 0 && <= 2147483647', fd)
}

/** A terminal output stream (see the module comment). */
export interface TtyWriteStream extends NodeWritable {
  readonly fd: number
  readonly isTTY: boolean
  columns: number | undefined
  rows: number | undefined
  getColorDepth(env?: Record<string, string | undefined>): number
  hasColors(count?: number | Record<string, string | undefined>, env?: Record<string, string | undefined>): boolean
  getWindowSize(): [number, number]
  clearLine(dir: -1 | 0 | 1, callback?: () => void): boolean
  clearScreenDown(callback?: () => void): boolean
  cursorTo(x: number, y?: number | (() => void), callback?: () => void): boolean
  moveCursor(dx: number, dy: number, callback?: () => void): boolean
  _refreshSize(): void
}

/** A terminal input stream (see the module comment). */
export interface TtyReadStream extends NodeReadable {
  readonly fd: number
  readonly isTTY: boolean
  isRaw: boolean
  setRawMode(mode: boolean): this
  ref(): this
  unref(): this
}

/** What `require('node:tty')` returns. */
export interface TtyModule {
  isatty(fd: number): boolean
  ReadStream: new (fd: number, options?: object) => TtyReadStream
  WriteStream: new (fd: number) => TtyWriteStream
}

/** Builds `node:tty` for one process. */
export function createTty(ctx: NodeContext): TtyModule {
  installStream()
  const host = ctx.host
  const outputOf = (fd: number) => (fd === 1 ? host.stdout : fd === 2 ? host.stderr : undefined)

  const isatty = (fd: number): boolean => {
    if (!Number.isInteger(fd) || fd < 0 || fd > 2147483647) return false
    if (fd === 0) return host.stdin.isTTY
    return outputOf(fd)?.isTTY ?? false
  }

  class WriteStream extends (Writable as unknown as new (options?: object) => NodeWritable) {
    readonly fd: number
    columns: number | undefined
    rows: number | undefined
    #poll: ReturnType<typeof setInterval> | undefined

    constructor(fd: number) {
      validateFd(fd)
      super({ decodeStrings: true })
      this.fd = fd
      const size = this.isTTY ? outputOf(fd)?.size : null
      this.columns = size?.cols
      this.rows = size?.rows
      // Sizes change in place on the host; while someone listens for 'resize', watch for it.
      this.on('newListener', (event: string) => {
        if (event !== 'resize' || this.#poll !== undefined) return
        this.#poll = setInterval(() => {
          if (this.listenerCount('resize') === 0) {
            clearInterval(this.#poll)
            this.#poll = undefined
            return
          }
          this._refreshSize()
        }, 250)
        ;(this.#poll as { unref?: () => void }).unref?.()
      })
    }

    get isTTY(): boolean {
      return outputOf(this.fd)?.isTTY ?? false
    }

    override _write(chunk: Uint8Array, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      try {
        const target = outputOf(this.fd)
        if (target) target.write(bytes)
        else host.fs.write(this.fd, bytes, 0, bytes.length, null)
        callback()
      } catch (error) {
        callback(error as Error)
      }
    }

    _refreshSize(): void {
      const size = outputOf(this.fd)?.size
      if (!size) return
      if (size.cols !== this.columns || size.rows !== this.rows) {
        this.columns = size.cols
        this.rows = size.rows
        this.emit('resize')
      }
    }

    getColorDepth(env: Record<string, string | undefined> = host.env): number {
      return colorDepthOf(env)
    }

    hasColors(count?: number | Record<string, string | undefined>, env?: Record<string, string | undefined>): boolean {
      let colors = count
      let environment = env
      if (environment === undefined && (colors === undefined || (typeof colors === 'object' && colors !== null))) {
        environment = colors as Record<string, string | undefined> | undefined
        colors = 16
      } else {
        if (typeof colors !== 'number') throw invalidArgTypeOf('count', 'number', colors)
        if (!Number.isInteger(colors)) throw outOfRange('count', 'an integer', colors)
        if (colors < 2 || colors > Number.MAX_SAFE_INTEGER) {
          throw outOfRange('count', `>= 2 && <= ${Number.MAX_SAFE_INTEGER}`, colors)
        }
      }
      return (colors as number) <= 2 ** this.getColorDepth(environment)
    }

    getWindowSize(): [number, number] {
      return [this.columns ?? 0, this.rows ?? 0]
    }

    clearLine(dir: -1 | 0 | 1, callback?: () => void): boolean {
      return clearLine(this as never, dir, callback)
    }

    clearScreenDown(callback?: () => void): boolean {
      return clearScreenDown(this as never, callback)
    }

    cursorTo(x: number, y?: number | (() => void), callback?: () => void): boolean {
      return cursorTo(this as never, x, y, callback)
    }

    moveCursor(dx: number, dy: number, callback?: () => void): boolean {
      return moveCursor(this as never, dx, dy, callback)
    }
  }

  class ReadStream extends (Readable as unknown as new (options?: object) => NodeReadable) {
    readonly fd: number
    isRaw = false
    #release: (() => void) | undefined
    #referenced = true
    #reading = false

    constructor(fd: number, options?: object) {
      validateFd(fd)
      super({ ...options, highWaterMark: 65536 })
      this.fd = fd
    }

    get isTTY(): boolean {
      return this.fd === 0 ? host.stdin.isTTY : false
    }

    setRawMode(mode: boolean): this {
      // As Bun: a descriptor that is not a terminal fails with ENOTTY (errno 25).
      if (!this.isTTY) throw new Error('setRawMode failed with errno: 25')
      this.isRaw = Boolean(mode)
      return this
    }

    ref(): this {
      this.#referenced = true
      if (this.#reading && !this.#release) this.#release = ctx.ref()
      return this
    }

    unref(): this {
      this.#referenced = false
      this.#release?.()
      this.#release = undefined
      return this
    }

    override _read(): void {
      if (this.#reading) return
      if (this.fd !== 0) {
        this.destroy(codedError(Error, 'ERR_TTY_INIT_FAILED', 'TTY initialization failed: only fd 0 can be read'))
        return
      }
      this.#reading = true
      if (this.#referenced) this.#release = ctx.ref()
      host.stdin.read().then(
        (chunk) => {
          this.#reading = false
          this.#release?.()
          this.#release = undefined
          if (chunk === null) this.push(null)
          else if (this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) this._read()
        },
        (error: unknown) => {
          this.#reading = false
          this.#release?.()
          this.#release = undefined
          this.destroy(error as Error)
        },
      )
    }
  }

  return {
    isatty,
    ReadStream: ReadStream as unknown as TtyModule['ReadStream'],
    WriteStream: WriteStream as unknown as TtyModule['WriteStream'],
  }
}

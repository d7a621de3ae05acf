/**
 * Errors printed the way Bun prints them — for an uncaught exception, an
 * unhandled rejection, and `console.log(error)`:
 *
 *     1 | function a() { b() }
 *     2 | function b() { throw new RangeError("deep") }
 *                                  ^
 *     RangeError: deep
 *      code: "E_X"            (own enumerable properties, if any, then a blank line)
 *
 *           at b (/app/x.js:2:26)
 *           at /app/x.js:3:29
 *
 * The excerpt shows the line of the first frame (up to five lines before
 * it) with a caret under the column; a plain `Error` with a message is
 * headed `error: …`. A `cause` follows, formatted the same way.
 */
import { pretty } from './console/style.js'
import { type Frame, formatFrame, framesOf } from './stack.js'

/** What formatting an error needs from the runtime. */
export interface ErrorFormatOptions {
  colors: boolean
  /** The text of a source file (for the excerpt), or `null` when it cannot be read. */
  readSource(file: string): string | null
  /** Bun.inspect, for the values of extra properties. */
  inspect(value: unknown, options: { colors: boolean }): string
}

const HIDDEN = new Set([
  'stack',
  'message',
  'name',
  'cause',
  'line',
  'column',
  'sourceURL',
  'originalLine',
  'originalColumn',
])

/** Formats an error (with its cause chain) as Bun does; ends with a newline. */
export function formatError(error: unknown, options: ErrorFormatOptions, seen: Set<unknown> = new Set()): string {
  if (error === null || typeof error !== 'object')
    return `${pretty('<r><red>error<r><d>:<r> ', options.colors)}${String(error)}\n`
  seen.add(error)
  const e = error as Error & Record<string, unknown>
  const frames = framesOf(error)
  let out = excerpt(e, frames, options)
  out += `${headline(e, options.colors)}\n`
  const props = properties(e, options)
  if (props) out += `${props}\n`
  if (frames.length > 0) out += `${frames.map((f) => colourFrame(f, options.colors)).join('\n')}\n`
  const cause = e.cause
  if (cause !== undefined && !seen.has(cause)) {
    out += '\n'
    out += cause instanceof Error ? formatError(cause, options, seen) : `${options.inspect(cause, options)}\n`
  }
  return out
}

/** `Name: message` — `error: message` for a plain `Error` with a message. */
function headline(e: Error & Record<string, unknown>, colors: boolean): string {
  let name: string
  let message: string
  try {
    name = e.name === undefined ? 'Error' : String(e.name)
    message = e.message === undefined ? '' : String(e.message)
  } catch {
    name = 'Error'
    message = ''
  }
  if (name === 'Error' && message !== '') name = 'error'
  if (!colors) return `${name}: ${message}`
  return `${pretty('<r><red>', true)}${name}${pretty('<r><d>:<r> <b>', true)}${message}${pretty('<r>', true)}`
}

/** Own enumerable properties other than the standard ones, as Bun lists them. */
function properties(e: Record<string, unknown>, options: ErrorFormatOptions): string {
  let keys: string[]
  try {
    keys = Object.keys(e).filter((k) => !HIDDEN.has(k))
  } catch {
    return ''
  }
  if (keys.length === 0) return ''
  const shown: Record<string, unknown> = {}
  for (const key of keys) {
    try {
      shown[key] = e[key]
    } catch (error) {
      shown[key] = error
    }
  }
  const text = options.inspect(shown, { colors: options.colors })
  // Bun prints the object's body: the braces go, the first line keeps one space of the indent.
  const lines = text.split('\n')
  if (lines.length >= 3 && lines[0] === '{' && lines[lines.length - 1] === '}')
    return `${lines.slice(1, -1).join('\n').replace(/^ /, '')}\n`
  return `${text.replace(/^\{ ?/, ' ').replace(/ ?\}$/, '')}\n`
}

function colourFrame(frame: Frame, colors: boolean): string {
  if (!colors) return formatFrame(frame, '      ')
  const slash = frame.file.lastIndexOf('/')
  const dir = frame.file.slice(0, slash + 1)
  const base = frame.file.slice(slash + 1)
  const p = (tags: string) => pretty(tags, true)
  const where = `${p('<r><cyan><d>')}${dir}${p('<r><cyan>')}${base}${p('<r><d>:<r><yellow>')}${frame.line}${p('<r><d>:<yellow>')}${frame.column}${p('<r>')}`
  const name = frame.name === null ? '' : `${p('<r><b>')}${frame.name}${p('<r><d> (<r>')}`
  return `${p('<r>      <d>at <r>')}${name}${where}${frame.name === null ? '' : p('<d>)<r>')}`
}

/** The source lines around the first frame, with a caret under its column. */
function excerpt(e: Error, frames: Frame[], options: ErrorFormatOptions): string {
  const first = frames[0]
  if (!first) return ''
  const source = options.readSource(first.file)
  if (source === null) return ''
  const lines = source.split('\n')
  const target = first.line
  if (target < 1 || target > lines.length) return ''
  const from = Math.max(1, target - 5)
  const width = String(target).length
  let out = ''
  for (let n = from; n <= target; n++) {
    const text = (lines[n - 1] ?? '').replace(/\r$/, '')
    const label = String(n).padStart(width)
    out += options.colors ? `${pretty(`<r><b>${label} |<r> `, true)}${text}\n` : `${label} | ${text}\n`
  }
  const caretAt = width + 3 + Math.max(0, first.column - 1)
  out += `${' '.repeat(caretAt)}${pretty('<red><b>^<r>', options.colors)}\n`
  void e
  return out
}

/** The block Bun prints for an uncaught error: the error, then `Bun v… (Linux x64)`. */
export function formatUncaught(error: unknown, options: ErrorFormatOptions, version: string): string {
  let body: string
  const named = error as { name?: unknown; uncaughtMessage?: unknown; position?: unknown; message?: unknown }
  const isObject = error !== null && typeof error === 'object'
  if (isObject && named.name === 'ResolveMessage' && typeof named.uncaughtMessage === 'string') {
    body = `${pretty('<r><red>error<r><d>:<r> ', options.colors)}${named.uncaughtMessage}\n`
  } else if (isObject && named.name === 'BuildMessage') {
    body = formatBuildMessage(String(named.message), (named.position as BuildPosition | null) ?? null, options.colors)
  } else if (
    error instanceof Error ||
    (error !== null && typeof error === 'object' && 'stack' in error && 'message' in error)
  ) {
    body = formatError(error, options)
  } else if (error !== null && typeof error === 'object') {
    body = `${pretty('<r><red>error<r>', options.colors)}\n${options.inspect(error, options)}\n`
  } else {
    const shown = typeof error === 'string' ? error : options.inspect(error, options)
    body = `${pretty('<r><red>error<r><d>:<r> ', options.colors)}${String(error)}\n${shown}\n`
  }

  return `${body}\n${pretty(`<r><d>Bun v${version} (Linux x64)<r>`, options.colors)}\n`
}

/** Where a syntax error is (line 1-based, column 0-based). */
export interface BuildPosition {
  file: string
  line: number
  column: number
  lineText: string
}

/**
 * A module that does not compile, as Bun prints it: the line, a caret,
 * `error: <message>` and `    at file:line:column`.
 */
export function formatBuildMessage(message: string, position: BuildPosition | null, colors: boolean): string {
  const text = bunSyntaxMessage(message)
  if (!position) return `${pretty('<r><red>error<r><d>:<r> ', colors)}${text}\n`
  const label = `${position.line} | `
  let out = colors
    ? `${pretty(`<r><b>${position.line} |<r> `, true)}${position.lineText}\n`
    : `${label}${position.lineText}\n`
  out += `${' '.repeat(label.length + position.column)}${pretty('<red><b>^<r>', colors)}\n`
  out += `${pretty('<r><red>error<r><d>:<r> ', colors)}${pretty('<b>', colors)}${text}${pretty('<r>', colors)}\n`
  out += `    ${pretty('<d>at <r><cyan>', colors)}${position.file}:${position.line}:${position.column + 1}${pretty('<r>', colors)}\n`
  return out
}

/** esbuild quotes the token in `Unexpected ";"`; Bun does not. */
function bunSyntaxMessage(message: string): string {
  return message.replace(/^Unexpected "(.+)"$/, 'Unexpected $1')
}

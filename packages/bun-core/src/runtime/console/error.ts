/**
 * Bun's error printer: the code excerpt with a `^` under the error's
 * column, `name: message`, the error's own properties, the stack in Bun's
 * `      at fn (file:line:col)` format, then its `cause` (and other errors it
 * holds) the same way. `console.log(error)`, `Bun.inspect(error)` and
 * uncaught errors all print through here.
 *
 * Stack frames and source text come from the embedder (`InspectHooks`:
 * `stackFrames`, `sourceText`); without them the frames are Bun's parse of
 * `error.stack` ({@link parseV8Stack}) and no excerpt is shown.
 */
import { type ErrorDisplayLevel, type Formatter, swapHadErrors, tagOf } from './formatter.js'
import { highlightJavaScript } from './highlight.js'
import { findDataProperty, isErrorInstance, isIndexKey, safeDescriptor, safePrototypeOf } from './introspect.js'
import { pretty } from './style.js'

/** One frame of a stack trace, in original-source positions. */
export interface StackFrame {
  /** The function's name as shown (`foo`, `Foo.bar`); `''` for none. */
  functionName: string
  /** Path or URL of the file; `''` when unknown. */
  file: string
  /** 1-based line; 0 when unknown. */
  line: number
  /** 1-based column; 0 when unknown. */
  column: number
  /**
   * How the name is shown (Bun's frame code types):
   * - `'function'`: the name, or `<anonymous>` without one;
   * - `'global'`: top-level code, no name (`at file:1:2`);
   * - `'constructor'`: `new Name`;
   * - `'eval'`: `eval` (and the name if any);
   * - `'wasm'`: the name, or `WASM`;
   * - `'none'` (default, what {@link parseV8Stack} gives): the name if any.
   */
  kind?: 'function' | 'global' | 'constructor' | 'eval' | 'wasm' | 'none'
  /** An async frame: `async fn` (for `'function'` frames). */
  isAsync?: boolean
}

/** Options of {@link formatStackTrace}. */
export interface StackTraceOptions {
  colors?: boolean
  /** With colours, a file under this directory prints the directory dimmed (Bun's top-level dir). */
  cwd?: string
}

const MAX_LINE_LENGTH = 1024
const MAX_LINE_LENGTH_WITH_DIVOT = 512
const SOURCE_LINES = 6
/** Bun keeps at most this many frames of a parsed stack string. */
const MAX_PARSED_FRAMES = 32

function parseLeadingInteger(text: string): number | undefined {
  const match = /^\s*\+?([0-9]+)/.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  return value > 0xffffffff ? undefined : value
}

/**
 * Bun's parse of a stack string in V8's format (what it does with an
 * error whose `stack` was replaced): every `\n    at ` line up to the first
 * one without parentheses; `new X` is a constructor frame, `<anonymous>`
 * and `global code` have no name, an `async ` prefix is dropped. A frame
 * without numbers gets line 1, column 1. At most 32 frames.
 */
export function parseV8Stack(stack: string): StackFrame[] {
  const frames: StackFrame[] = []
  let offset = 0
  while (offset < stack.length) {
    let start = stack.indexOf('\n    at ', offset)
    if (start < 0) break
    start += 8
    let end = stack.indexOf('\n', start)
    if (end < 0) end = stack.length
    if (start >= end) break
    const line = stack.slice(start, end)
    offset = end
    let open = line.lastIndexOf('(')
    const close = line.lastIndexOf(')')
    if (open > close) open = -1
    if (close < 0) break
    const inner = line.slice(open + 1, close)
    let file = inner
    let lineNumber = 1
    let column = 1
    const marker2 = inner.indexOf(':')
    if (marker2 >= 0) {
      let m2 = marker2
      let m3 = inner.indexOf(':', m2 + 1)
      if (m3 < 0) {
        const int1 = parseLeadingInteger(inner.slice(m2 + 1))
        if (int1 !== undefined) {
          file = inner.slice(0, m2)
          lineNumber = int1
        }
      } else {
        for (let next = inner.indexOf(':', m3 + 1); next >= 0; next = inner.indexOf(':', m3 + 1)) {
          m2 = m3
          m3 = next
        }
        const int1 = parseLeadingInteger(inner.slice(m2 + 1, m3))
        const int2 = parseLeadingInteger(inner.slice(m3 + 1))
        if (int1 !== undefined) {
          file = inner.slice(0, m2)
          lineNumber = int1
          if (int2 !== undefined) column = int2
        } else if (int2 !== undefined) {
          file = inner.slice(0, m3)
          lineNumber = int2
        }
      }
    }
    let name = open >= 1 ? line.slice(0, open - 1) : line
    let kind: StackFrame['kind'] = 'none'
    if (name === '<anonymous>') name = ''
    if (name === 'global code') {
      name = ''
      kind = 'global'
    }
    if (name.startsWith('new ')) {
      kind = 'constructor'
      name = name.slice(4)
    }
    if (name.startsWith('async ')) name = name.slice(6)
    frames.push({ functionName: name, file, line: lineNumber, column, kind })
    if (frames.length >= MAX_PARSED_FRAMES) break
  }
  return frames
}

/**
 * Frames of a stack string as engines write them, for embedders mapping
 * their own errors: V8 (`    at fn (file:1:2)`, `    at file:1:2`,
 * `    at async fn (…)`) and SpiderMonkey/JavaScriptCore (`fn@file:1:2`).
 * Frames without a position are dropped.
 */
export function parseEngineStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = []
  for (const raw of stack.split('\n')) {
    const text = raw.trim()
    let name = ''
    let location = ''
    let isAsync = false
    if (text.startsWith('at ')) {
      let body = text.slice(3)
      if (body.startsWith('async ')) {
        isAsync = true
        body = body.slice(6)
      }
      const match = /^(.*?) \((.*)\)$/.exec(body)
      if (match) {
        name = match[1]!
        location = match[2]!
      } else location = body
    } else if (text.includes('@')) {
      const at = text.lastIndexOf('@')
      name = text.slice(0, at)
      location = text.slice(at + 1)
      if (name.endsWith('*')) name = name.slice(0, -1)
    } else continue
    const position = /^(.*):([0-9]+):([0-9]+)$/.exec(location)
    if (!position) continue
    let kind: StackFrame['kind'] = 'function'
    if (name.startsWith('new ')) {
      kind = 'constructor'
      name = name.slice(4)
    }
    if (name === '<anonymous>' || name === 'Object.<anonymous>') name = ''
    if (name === '' && kind === 'function' && !isAsync) kind = 'global'
    frames.push({
      functionName: name,
      file: position[1]!,
      line: Number(position[2]),
      column: Number(position[3]),
      kind,
      isAsync,
    })
  }
  return frames
}

function frameName(frame: StackFrame, colors: boolean): string {
  const name = frame.functionName
  switch (frame.kind ?? 'none') {
    case 'eval':
      return (
        (colors ? pretty('<r><d>eval<r>', true) : 'eval') +
        (name ? (colors ? pretty(` <r><b><i>${name}<r>`, true) : ` ${name}`) : '')
      )
    case 'function':
      if (name !== '') {
        const shown = frame.isAsync ? `async ${name}` : name
        return colors ? pretty(`<r><b><i>${shown}<r>`, true) : shown
      }
      return colors
        ? pretty(`<r><d>${frame.isAsync ? 'async <anonymous>' : '<anonymous>'}<r>`, true)
        : `${frame.isAsync ? 'async ' : ''}<anonymous>`
    case 'global':
      return ''
    case 'wasm':
      return name !== '' ? name : 'WASM'
    case 'constructor':
      return `new ${name}`
    default:
      return name
  }
}

function frameLocation(frame: StackFrame, colors: boolean, cwd: string | undefined): string {
  let out = colors ? pretty('<r><cyan>', true) : ''
  const file = frame.file
  const root = cwd === undefined ? '' : cwd.endsWith('/') ? cwd : `${cwd}/`
  if (colors && root.length > 1 && file.startsWith(root)) {
    out +=
      pretty('<d>', true) +
      root.slice(0, -1) +
      '/' +
      pretty('<r><cyan>', true) +
      file.slice(root.length).replace(/^\/+/, '')
  } else out += file
  const lineValid = frame.line > 0
  const columnValid = frame.column > 0
  if (file.length > 0 && (lineValid || columnValid)) out += colors ? pretty('<r><d>:', true) : ':'
  if (colors) out += pretty('<r>', true)
  if (lineValid && columnValid) {
    out += colors
      ? pretty(`<yellow>${frame.line}<r><d>:<yellow>${frame.column}<r>`, true)
      : `${frame.line}:${frame.column}`
  } else if (lineValid) out += colors ? pretty(`<yellow>${frame.line}<r>`, true) : `${frame.line}`
  return out
}

/** Bun's stack lines (`      at fn (file:1:2)\n` each), as printed after an error's message. */
export function formatStackTrace(frames: readonly StackFrame[], options: StackTraceOptions = {}): string {
  const colors = options.colors ?? false
  let out = ''
  for (const frame of frames) {
    if (frame.file === '' && frame.functionName === '') continue
    const name = frameName(frame, colors)
    const valid = frame.line > 0 || frame.column > 0 || frame.file !== ''
    const at = pretty('<r>      <d>at <r>', colors)
    if (name !== '' && valid) {
      out += `${at}${name}${pretty('<d> (<r>', colors)}${frameLocation(frame, colors, options.cwd)}${pretty('<d>)<r>', colors)}\n`
    } else if (valid) out += `${at}${frameLocation(frame, colors, options.cwd)}\n`
    else if (name !== '') out += `${at}${name}${pretty('<d>', colors)}\n`
    else out += `${at}${frameLocation(frame, colors, options.cwd)}${pretty('<d>', colors)}\n`
  }
  return out
}

interface ExceptionInfo {
  name: string
  message: string
  frames: StackFrame[]
  isErrorInstance: boolean
  code: string | undefined
}

/** JavaScriptCore's `sanitizedNameString`: a data `name` on the error or its prototype, else `Error`. */
function errorName(error: object): string {
  let current: object | null | undefined = error
  for (let depth = 0; depth < 2 && current; depth++) {
    const desc = safeDescriptor(current, 'name')
    if (desc) {
      if (!('value' in desc)) return 'Error'
      const value = desc.value
      if (value !== null && (typeof value === 'object' || typeof value === 'function')) return 'Error'
      return String(value)
    }
    current = safePrototypeOf(current)
  }
  return 'Error'
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false
  return true
}

function toException(f: Formatter, value: unknown): ExceptionInfo {
  if (value !== null && typeof value === 'object' && isErrorInstance(value)) {
    const error = value as Record<string, unknown>
    const message = 'message' in error ? String(error.message) : ''
    let frames = f.hooks.stackFrames?.(error)
    if (frames === undefined) {
      const stack = error.stack
      frames = typeof stack === 'string' && stack !== '' ? parseV8Stack(stack) : []
    }
    const code = findDataProperty(error, 'code')
    return {
      name: errorName(error),
      message,
      frames,
      isErrorInstance: true,
      code: typeof code === 'string' && isLatin1(code) ? code : undefined,
    }
  }
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    const object = value as Record<string, unknown>
    const name = object.name
    const message = object.message
    return {
      name: typeof name === 'string' ? name : '',
      message: typeof message === 'string' ? message : '',
      frames: [],
      isErrorInstance: false,
      code: undefined,
    }
  }
  return { name: '', message: String(value), frames: [], isErrorInstance: false, code: undefined }
}

function isBuiltinFile(file: string): boolean {
  return (
    file.startsWith('bun:') ||
    file.startsWith('node:') ||
    file === '' ||
    file === 'native' ||
    file === 'unknown' ||
    file === '[unknown]' ||
    file.startsWith('[source:')
  )
}

interface SourceLine {
  /** 0-based line number. */
  line: number
  text: string
}

/** Up to six lines of the top frame's source, ending at its line (Bun's `getLinesInText`). */
function sourceExcerpt(f: Formatter, frames: StackFrame[]): SourceLine[] {
  if (frames.length === 0 || !f.hooks.sourceText) return []
  const top = frames.find((frame) => !isBuiltinFile(frame.file))
  if (!top) return []
  const code = f.hooks.sourceText(top.file)
  if (!code) return []
  const last = Math.max(top.line - 1, 0)
  const lines = code.split('\n')
  if (last >= lines.length) return []
  const out: SourceLine[] = []
  for (let n = Math.max(0, last - SOURCE_LINES + 1); n <= last; n++) out.push({ line: n, text: lines[n]! })
  return out
}

function trimSourceLine(text: string): string {
  return text.replace(/^\n+|\n+$/g, '').replace(/[\t ]+$/, '')
}

function utf8Clamp(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text)
  if (bytes.length <= max) return text
  return new TextDecoder().decode(bytes.slice(0, max))
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

/** `error: message` and friends (Bun's `printErrorNameAndMessage`). */
function nameAndMessage(
  level: ErrorDisplayLevel,
  name: string,
  message: string,
  code: string | undefined,
  colors: boolean,
): string {
  const label = (shown: string, colon: boolean) => {
    let out = ''
    if (colors) out += pretty(level === 'normal' ? '<r>' : level === 'warn' ? '<r><yellow>' : '<r><red>', true)
    out += shown !== '' ? shown : level === 'warn' ? 'warn' : 'error'
    if (!colon) return out + (colors ? pretty('<r>', true) : '')
    return out + (colors ? pretty('<r><d>:<r> ', true) : ': ')
  }
  const bold = (text: string) => (colors ? pretty('<b>', true) + text + pretty('<r>', true) : text)
  if (name !== '' && message !== '') {
    let shown = name
    let text = message
    if (name === 'Error') {
      shown = ''
      if (
        code !== undefined &&
        /^[\x00-\x7f]*$/.test(code) &&
        message.length > code.length + 3 &&
        message.startsWith(code) &&
        message[code.length] === ':' &&
        message[code.length + 1] === ' '
      ) {
        shown = code
        text = message.slice(code.length + 2)
      }
    }
    return `${label(shown, true)}${bold(text)}\n`
  }
  if (name !== '') return `${label(name, true)}\n`
  if (message !== '') return `${label('', true)}${bold(message)}\n`
  return `${label('', false)}\n`
}

function isAggregateError(value: object): boolean {
  if (typeof AggregateError !== 'function' || !isErrorInstance(value)) return false
  for (let level = safePrototypeOf(value); level; level = safePrototypeOf(level)) {
    if (level === AggregateError.prototype) return true
  }
  return false
}

/**
 * Prints an error-like value at the formatter's position (Bun's
 * `printErrorlikeObject`): an AggregateError prints each of its errors.
 */
export function printErrorLike(f: Formatter, value: unknown): void {
  if (value !== null && typeof value === 'object' && isAggregateError(value)) {
    const errors = (value as { errors?: unknown }).errors
    let items: unknown[]
    try {
      items = [...(errors as Iterable<unknown>)]
    } catch {
      return
    }
    if (items.length === 0) {
      printErrorInstance(f, value)
      return
    }
    if (f.depth + 1 > f.configuredMaxDepth) {
      printErrorInstance(f, value)
      for (let i = 0; i < items.length; i++) {
        f.pretty('<r><cyan>[Error ...]<r>')
        f.write('\n')
      }
      return
    }
    f.depth += 1
    try {
      for (const item of items) printErrorLike(f, item)
    } finally {
      f.depth -= 1
    }
    return
  }
  printErrorInstance(f, value)
}

function printErrorInstance(f: Formatter, value: unknown): void {
  const colors = f.colors
  const exception = toException(f, value)
  const lines = f.errorLevel === 'warn' ? [] : sourceExcerpt(f, exception.frames)
  const prevHadErrors = swapHadErrors(true)
  try {
    let maxLine = -1
    for (const { line } of lines) maxLine = Math.max(maxLine, line)
    const pad = String(maxLine + 1).length
    for (const { line, text } of lines.slice(0, -1)) {
      const shown = String(line + 1)
      f.write(' '.repeat(pad - shown.length))
      const trimmed = trimSourceLine(text)
      const clamped = utf8Clamp(trimmed, MAX_LINE_LENGTH)
      f.pretty(`<r><b>${shown} |<r> `)
      f.write(highlightJavaScript(clamped, colors))
      f.write(clamped.length !== trimmed.length && colors ? pretty('<r><d> | ... truncated <r>\n', true) : '\n')
    }
    let printedName = false
    const last = lines[lines.length - 1]
    if (last && last.text.length > 0) {
      const top = exception.frames.find(
        (frame) => frame.line > 0 && !frame.file.startsWith('bun:') && !frame.file.startsWith('node:'),
      )
      const trimmed = trimSourceLine(last.text)
      const clamped = utf8Clamp(trimmed, MAX_LINE_LENGTH)
      const truncated = clamped.length !== trimmed.length
      if (!top) {
        f.pretty(truncated ? '<r><b>- |<r> ' : '<r><d>- |<r> ')
        f.write(highlightJavaScript(clamped, colors))
        f.write(truncated && colors ? pretty('<r><d> | ... truncated <r>\n', true) : '\n')
      } else {
        const shown = String(last.line + 1)
        f.write(' '.repeat(pad - shown.length))
        f.pretty(`<r><b>${shown} |<r> `)
        f.write(highlightJavaScript(clamped, colors))
        if (truncated) f.write(colors ? pretty('<r><d> | ... truncated <r>\n\n', true) : '\n\n')
        else {
          f.write('\n')
          const column = Math.max(top.column - 1, 0)
          if (utf8Length(clamped) < MAX_LINE_LENGTH_WITH_DIVOT || column > MAX_LINE_LENGTH_WITH_DIVOT) {
            f.write(' '.repeat(pad + 3 + column))
            f.pretty('<red><b>^<r>\n')
          } else f.write('\n')
        }
      }
      f.write(nameAndMessage(f.errorLevel, exception.name, exception.message, exception.code, colors))
      printedName = true
    }
    if (!printedName) f.write(nameAndMessage(f.errorLevel, exception.name, exception.message, exception.code, colors))

    const toAppend: object[] = []
    if (exception.isErrorInstance) {
      printErrorProperties(f, value as object, exception.code, prevHadErrors, toAppend)
    } else if (value !== undefined) {
      const tag = tagOf(value, f.hooks, { disableInspectCustom: true, hideGlobal: true })
      f.format(tag, value)
      f.write('\n')
    }

    f.write(formatStackTrace(exception.frames, { colors, cwd: f.hooks.cwd }))

    for (const error of toAppend) {
      if (f.visited.has(error)) {
        f.write('\n')
        f.pretty('<r><cyan>[Circular]<r>')
        continue
      }
      f.write('\n')
      f.depth += 1
      try {
        if (f.depth > f.configuredMaxDepth) {
          f.pretty('<r><cyan>[Error ...]<r>')
          continue
        }
        f.visited.add(error)
        try {
          printErrorInstance(f, error)
        } finally {
          f.visited.delete(error)
        }
      } finally {
        f.depth -= 1
      }
    }
  } finally {
    swapHadErrors(prevHadErrors)
  }
}

function printErrorProperties(
  f: Formatter,
  error: object,
  code: string | undefined,
  prevHadErrors: boolean,
  toAppend: object[],
): void {
  const fields: { key: string | symbol; shown: string; desc: PropertyDescriptor }[] = []
  for (const key of Reflect.ownKeys(error)) {
    if (isIndexKey(key)) continue
    const desc = safeDescriptor(error, key)
    if (!desc?.enumerable) continue
    const shown = typeof key === 'symbol' ? (key.description ?? '') : key
    if (shown === '') continue
    fields.push({ key, shown, desc })
  }
  const longest = Math.min(
    fields.reduce((max, field) => Math.max(max, field.shown.length), 0),
    10,
  )
  let sawCause = false
  let causePrinted = false
  let printedAny = false
  for (const { shown, desc } of fields) {
    if (!('value' in desc)) continue
    if (shown === 'message' || shown === 'name' || shown === 'stack') continue
    if (shown === 'code' && code !== undefined) continue
    const value = desc.value
    if (
      value !== null &&
      typeof value === 'object' &&
      isErrorInstance(value) &&
      !prevHadErrors &&
      !f.visited.has(value)
    ) {
      if (shown === 'cause') sawCause = true
      toAppend.push(value)
      continue
    }
    if (shown === 'cause') causePrinted = true
    const saved = {
      depth: f.depth,
      maxDepth: f.maxDepth,
      quote: f.quoteStrings,
      custom: f.disableInspectCustom,
      text: f.formatBufferAsText,
    }
    f.maxDepth = f.depth + 1
    f.depth += 1
    f.formatBufferAsText = true
    f.quoteStrings = true
    f.disableInspectCustom = true
    try {
      f.write(' '.repeat(Math.max(longest - shown.length, 0)))
      f.pretty(` ${shown}<r><d>:<r> `)
      printedAny = true
      f.format(tagOf(value, f.hooks, { disableInspectCustom: true, hideGlobal: true }), value)
    } finally {
      f.depth = saved.depth
      f.maxDepth = saved.maxDepth
      f.quoteStrings = saved.quote
      f.disableInspectCustom = saved.custom
      f.formatBufferAsText = saved.text
    }
    f.pretty('<r><d>,<r>\n')
  }
  let cause: unknown
  if (!sawCause) {
    const desc = safeDescriptor(error, 'cause')
    if (desc) cause = 'value' in desc ? desc.value : desc.get?.call(error)
    if (cause !== null && typeof cause === 'object' && isErrorInstance(cause) && f.visited.has(cause)) {
      cause = undefined
      if (causePrinted) {
        // already shown above as a property
      } else {
        // A cause already being printed shows as a property, as Bun does.
        f.write(' '.repeat(Math.max(longest - 5, 0)))
        f.pretty(' cause<r><d>:<r> ')
        f.pretty('<r><cyan>[Circular]<r>')
        f.pretty('<r><d>,<r>\n')
        printedAny = true
      }
    }
  }
  if (code !== undefined) {
    f.write(' '.repeat(Math.max(longest - 4, 0)))
    f.pretty(' code<r><d>:<r> <green>')
    f.write(JSON.stringify(code))
    f.pretty('<r>\n')
    printedAny = true
  }
  if (printedAny) f.write('\n')
  if (cause !== null && typeof cause === 'object' && isErrorInstance(cause)) toAppend.push(cause)
}

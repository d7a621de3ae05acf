/**
 * Stack traces that name the lines a user wrote. Modules run as compiled
 * code (`//# sourceURL=<path>`); V8's `Error.prepareStackTrace` hook gives
 * each frame's compiled position, which source maps lead back to the
 * TypeScript. Engines without the hook (their `stack` is a string) are
 * parsed instead.
 *
 * `error.stack` is written like Bun's (and V8's): `Name: message` then one
 * `    at fn (file:line:column)` line per frame; frames in the runtime's own
 * code are left out.
 */
import { SourceMap } from './loader/sourcemap.js'

/** One frame, in original (source-mapped) positions; `line` and `column` 1-based. */
export interface Frame {
  /** Function name, `null` for module top-level code, `<anonymous>` for an unnamed function. */
  name: string | null
  file: string
  line: number
  column: number
  /** `new Foo` frames. */
  isConstructor?: boolean
  async?: boolean
}

/** Where the source maps come from: the loader knows which files were compiled and how. */
export interface SourceMapper {
  /** The map of a compiled module id (JSON), `null` if it ran as written. */
  sourceMap(id: string): string | null
  /** Characters the module wrapper added before line 1 (columns on line 1 are shifted by it). */
  prefix(id: string): number
  /** Is this a file the runtime itself runs (its frames are hidden)? */
  isInternal?(file: string): boolean
  /** The text of line `line` (1-based) of an original file, or null. */
  lineText?(file: string, line: number): string | null
}

/**
 * V8 places a `new X(…)` frame at `new`; JavaScriptCore (Bun) at `X`. The
 * column moves to the constructor's name, so excerpts and positions match Bun.
 */
function atConstructorName(file: string, line: number, column: number): number {
  for (const mapper of mappers) {
    const text = mapper.lineText?.(file, line)
    if (text === null || text === undefined) continue
    const match = /^new\s+/.exec(text.slice(column - 1))
    return match ? column + match[0].length : column
  }
  return column
}

/** The name our module wrappers carry, so their frames print as top-level code. */
export const WRAPPER_NAME = '__vb_module__'
/** The name of CommonJS wrappers: their frames print as `<anonymous>`, as Bun's do. */
export const CJS_WRAPPER_NAME = '__vb_cjs__'

const mappers: SourceMapper[] = []
const parsedMaps = new Map<string, SourceMap | null>()
const FRAMES = Symbol('vitamin-bun.frames')

interface CallSiteLike {
  getFileName(): string | null | undefined
  getScriptNameOrSourceURL?(): string | null | undefined
  getLineNumber(): number | null
  getColumnNumber(): number | null
  getFunctionName(): string | null
  getMethodName?(): string | null
  getTypeName?(): string | null
  isConstructor?(): boolean
  isAsync?(): boolean
  isToplevel?(): boolean
  isNative?(): boolean
  isEval?(): boolean
  getEvalOrigin?(): string | undefined
}

/** Maps a compiled position to the original one. */
function mapPosition(file: string, line: number, column: number): { line: number; column: number } {
  for (const mapper of mappers) {
    const json = mapper.sourceMap(file)
    let column0 = column - 1
    if (line === 1) column0 = Math.max(0, column0 - mapper.prefix(file))
    if (json === null) {
      if (line === 1 && mapper.prefix(file) > 0) return { line, column: column0 + 1 }
      continue
    }
    let map = parsedMaps.get(json)
    if (map === undefined) {
      map = SourceMap.parse(json)
      parsedMaps.set(json, map)
    }
    const original = map?.original(line, column0)
    if (original) return { line: original.line, column: original.column + 1 }
  }
  return { line, column }
}

function frameOf(site: CallSiteLike): Frame | null {
  // Module code is eval'd with a `//# sourceURL`: V8 reports it here, not as the file name.
  const file = site.getScriptNameOrSourceURL?.() || site.getFileName?.() || null
  if (!file) return null
  if (mappers.some((m) => m.isInternal?.(file))) return null
  const line = site.getLineNumber() ?? 0
  const column = site.getColumnNumber() ?? 0
  const position = mapPosition(file, line, column)
  position.column = atConstructorName(file, position.line, position.column)
  let name = site.getFunctionName()
  if (name === WRAPPER_NAME) name = null
  else if (name === CJS_WRAPPER_NAME) name = '<anonymous>'
  // V8 names an anonymous function of eval'd code (all module code is) `eval`.
  else if (name === null || name === '' || (name === 'eval' && site.isEval?.())) name = '<anonymous>'

  return {
    name,
    file,
    line: position.line,
    column: position.column,
    ...(site.isConstructor?.() ? { isConstructor: true } : {}),
    ...(site.isAsync?.() ? { async: true } : {}),
  }
}

/** One `    at …` line. */
export function formatFrame(frame: Frame, indent = '    '): string {
  const where = `${frame.file}:${frame.line}:${frame.column}`
  const prefix = `${frame.async ? 'async ' : ''}${frame.isConstructor ? 'new ' : ''}`
  return frame.name === null ? `${indent}at ${prefix}${where}` : `${indent}at ${prefix}${frame.name} (${where})`
}

function header(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error)
  const e = error as { name?: unknown; message?: unknown }
  const name = e.name === undefined ? 'Error' : String(e.name)
  const message = e.message === undefined ? '' : String(e.message)
  return message === '' ? name : name === '' ? message : `${name}: ${message}`
}

let installed = false

/**
 * Installs the V8 hook (once per realm) and registers a mapper. Returns a
 * function that removes the mapper (the hook stays; it is harmless alone).
 */
export function installStackTraces(mapper: SourceMapper): () => void {
  mappers.push(mapper)
  const ErrorConstructor = Error as ErrorConstructor & {
    prepareStackTrace?: (error: Error, sites: CallSiteLike[]) => string
    stackTraceLimit?: number
  }
  if (!installed && 'captureStackTrace' in Error) {
    installed = true
    ErrorConstructor.prepareStackTrace = (error, sites) => {
      const frames: Frame[] = []
      for (const site of sites) {
        const frame = frameOf(site)
        if (frame) frames.push(frame)
      }
      try {
        Object.defineProperty(error, FRAMES, { value: frames, enumerable: false, configurable: true })
      } catch {
        // A frozen error keeps its string stack only.
      }
      return [header(error), ...frames.map((f) => formatFrame(f))].join('\n')
    }
  }
  return () => {
    const at = mappers.indexOf(mapper)
    if (at >= 0) mappers.splice(at, 1)
  }
}

const V8_FRAME = /^\s*at (?:(new |async )?(.*?) \()?(.+?):(\d+):(\d+)\)?$/
const OTHER_FRAME = /^(.*?)@(.+?):(\d+):(\d+)$/

/** The frames of an error's stack (mapped), from the hook's record or by parsing `stack`. */
export function framesOf(error: unknown): Frame[] {
  if (error === null || typeof error !== 'object') return []
  let stack: unknown
  try {
    stack = (error as { stack?: unknown }).stack // reading it runs the hook, which records the frames
  } catch {
    return []
  }
  const recorded = (error as Record<symbol, unknown>)[FRAMES]
  if (Array.isArray(recorded)) return recorded as Frame[]
  if (typeof stack !== 'string') return []
  const frames: Frame[] = []
  for (const line of stack.split('\n')) {
    const v8 = V8_FRAME.exec(line)
    const other = v8 ? null : OTHER_FRAME.exec(line)
    if (!v8 && !other) continue
    const file = (v8 ? v8[3] : other?.[2]) as string
    if (mappers.some((m) => m.isInternal?.(file))) continue
    const mapped = mapPosition(file, Number(v8 ? v8[4] : other?.[3]), Number(v8 ? v8[5] : other?.[4]))
    mapped.column = atConstructorName(file, mapped.line, mapped.column)

    let name: string | null = (v8 ? v8[2] : other?.[1]) || null
    if (name === WRAPPER_NAME) name = null
    else if (name === CJS_WRAPPER_NAME || name === 'eval') name = '<anonymous>'

    frames.push({ name, file, ...mapped, ...(v8?.[1] === 'new ' ? { isConstructor: true } : {}) })
  }
  return frames
}

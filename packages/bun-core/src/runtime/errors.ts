/**
 * What Bun prints for an uncaught error around the error itself (which the
 * console's printer formats: `console/error.ts`): the special forms of
 * module resolution and syntax errors, and the `Bun v… (Linux x64)` footer.
 */
import { formatError as formatBunError } from './console/index.js'
import { pretty } from './console/style.js'
import { toStackFrame } from './console-bridge.js'
import { framesOf } from './stack.js'

/**
 * The block Bun prints for an uncaught error: the error (as `format`
 * prints errors; a `ResolveMessage` as `error: Cannot find module …`, a
 * `BuildMessage` with its source line), then `Bun v… (Linux x64)`.
 */
export function formatUncaught(
  error: unknown,
  format: (error: unknown) => string,
  inspect: (value: unknown) => string,
  colors: boolean,
  version: string,
): string {
  let body: string
  const named = error as { name?: unknown; uncaughtMessage?: unknown; position?: unknown; message?: unknown }
  const isObject = error !== null && typeof error === 'object'
  if (isObject && named.name === 'ResolveMessage' && typeof named.uncaughtMessage === 'string') {
    body = `${pretty('<r><red>error<r><d>:<r> ', colors)}${named.uncaughtMessage}\n`
  } else if (isObject && named.name === 'BuildMessage') {
    body = formatBuildMessage(String(named.message), (named.position as BuildPosition | null) ?? null, colors)
  } else if (isObject && (error instanceof Error || ('stack' in error && 'message' in error))) body = format(error)
  else if (isObject) body = `${pretty('<r><red>error<r>', colors)}\n${inspect(error)}\n`
  else
    body = `${pretty('<r><red>error<r><d>:<r> ', colors)}${String(error)}\n${typeof error === 'string' ? error : inspect(error)}\n`

  return `${body}\n${pretty(`<r><d>Bun v${version} (Linux x64)<r>`, colors)}\n`
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

/** What {@link formatError} needs from the runtime. */
export interface ErrorFormatOptions {
  colors: boolean
  /** The text of a source file (for the excerpt), or `null` when it cannot be read. */
  readSource(file: string): string | null
  /** Bun.inspect, for the values of extra properties. */
  inspect(value: unknown, options: { colors: boolean }): string
}

/**
 * An error as Bun prints it on its own (source excerpt, `name: message`,
 * properties, stack, causes), by the console's printer with the loader's
 * source-mapped frames. Ends with a newline.
 */
export function formatError(error: unknown, options: ErrorFormatOptions): string {
  return formatBunError(error, {
    colors: options.colors,
    hooks: {
      stackFrames: (e) => framesOf(e).map(toStackFrame),
      sourceText: (file) => options.readSource(file) ?? undefined,
      inspect: (value, inspectOptions) =>
        options.inspect(value, { colors: options.colors, ...(inspectOptions as object) }),
    },
  })
}

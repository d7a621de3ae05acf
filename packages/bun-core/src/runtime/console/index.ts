/**
 * Bun's console output, byte for byte as Bun 1.4.5 writes it: `Bun.inspect`
 * ({@link inspect}), `console.log` argument formatting ({@link formatArgs}),
 * the `console` object ({@link createConsole}), `console.table`/
 * `Bun.inspect.table` ({@link inspectTable}) and error printing with code
 * excerpts ({@link formatError}, {@link formatStackTrace}).
 *
 * What JavaScript cannot see — promise states, Proxy targets, the original
 * positions and source of stack frames, Request/Response bodies — comes
 * from the embedder through {@link InspectHooks} (`setInspectHooks` for the
 * process, or per call).
 */
export { type BunConsole, type ConsoleOptions, createConsole, lineReader } from './console.js'
export {
  formatStackTrace,
  parseEngineStack,
  parseV8Stack,
  type StackFrame,
  type StackTraceOptions,
} from './error.js'
export type { ErrorDisplayLevel, InspectHooks } from './formatter.js'
export { highlightJavaScript } from './highlight.js'
export {
  type FormatArgsOptions,
  type FormatErrorOptions,
  formatArgs,
  formatError,
  type InspectOptions,
  inspect,
  inspectTable,
  inspectWith,
  setInspectHooks,
} from './inspect.js'
export type { EngineHooks } from './introspect.js'
export { type BodyInfo, formatSize } from './web.js'
export { visibleWidth } from './width.js'

/** `Bun.inspect.custom`: the symbol of custom inspect functions (Node's, shared with `util.inspect.custom`). */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as typeof inspectCustom

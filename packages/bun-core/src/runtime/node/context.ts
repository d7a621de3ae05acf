/**
 * What a `node:*` builtin module of one process is built from. Each builtin
 * is a file `runtime/node/<name>.ts` exporting a factory that takes a
 * {@link NodeContext} and returns the module's exports object (what
 * `require('node:<name>')` returns; `import` sees the same object, its keys
 * as named exports). Factories run lazily, once per process, the first time
 * the module is required.
 */
import type { RuntimeHost } from '../host.js'

/** A builtin's view of its process. */
export interface NodeContext {
  readonly host: RuntimeHost
  /** `process.cwd()` now (it moves with `process.chdir`); relative paths resolve against it. */
  cwd(): string
  /** Another builtin's exports, by name without `node:` (`ctx.builtin('events')`). */
  builtin<T = unknown>(name: string): T
  /**
   * Keeps the process alive (as a pending handle does in Node's event loop)
   * until the returned function is called. Every asynchronous source a builtin
   * creates — a watcher, a child process, a pending read, a server — holds one
   * while it can still call back. Calling the release twice is harmless.
   */
  ref(): () => void
  /** `process.nextTick`. */
  nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void
  /** `process.emitWarning`. */
  emitWarning(warning: string | Error, type?: string, code?: string): void
}

/** A builtin module factory. */
export type BuiltinFactory = (ctx: NodeContext) => object

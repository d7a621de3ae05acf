/**
 * How `bun test` prints an error: Bun's error report (source excerpt, the
 * error, its properties, its stack) without the `Bun v…` line an uncaught
 * error ends with. Module load failures print as Bun prints them
 * (`error: Cannot find module …`, syntax errors with their line).
 */

import { formatError } from '../runtime/console/index.js'
import { pretty } from '../runtime/console/style.js'
import { inspectHooks } from '../runtime/console-bridge.js'
import { type BuildPosition, formatBuildMessage } from '../runtime/errors.js'
import type { Runtime } from '../runtime/runtime.js'

/** The text Bun prints for an error thrown in or around a test (ends with a newline). */
export function formatThrown(runtime: Runtime, error: unknown, colors: boolean): string {
  const named = error as { name?: unknown; uncaughtMessage?: unknown; position?: unknown; message?: unknown }
  if (error !== null && typeof error === 'object') {
    if (named.name === 'ResolveMessage' && typeof named.uncaughtMessage === 'string')
      return `${pretty('<r><red>error<r><d>:<r> ', colors)}${named.uncaughtMessage}\n`
    if (named.name === 'BuildMessage')
      return formatBuildMessage(String(named.message), (named.position as BuildPosition | null) ?? null, colors)
    // The console's error printer with the process's hooks: mapped frames, sources, and the
    // working directory (Bun dims it in coloured stack frames).
    if (error instanceof Error || ('stack' in error && 'message' in error))
      return formatError(error, { colors, hooks: inspectHooks(runtime) })
    return `${pretty('<r><red>error<r>', colors)}\n`
  }
  return `${pretty('<r><red>error<r><d>:<r> ', colors)}${String(error)}\n`
}

/** An error with Bun's `code`, thrown by the runner's own API for bad input. */
export function testError(message: string): Error {
  return new Error(message)
}

/**
 * The runtime's console and `Bun.inspect`, bound to a process: output goes
 * to the host's streams, colours follow whether they are terminals, and
 * errors print with Bun's source excerpt (`errors.ts`).
 */
import type { Runtime } from './runtime.js'

/** `Bun.inspect(value, options)` for a process. */
export function inspectValue(
  runtime: Runtime,
  value: unknown,
  options: { colors?: boolean; depth?: number } = {},
): string {
  void runtime
  return basicInspect(value, options.depth ?? 2, new Set())
}

/** The `console` object of a process. */
export function createRuntimeConsole(runtime: Runtime): Console {
  const encoder = new TextEncoder()
  const write = (stream: 'stdout' | 'stderr', args: unknown[]) =>
    runtime.host[stream].write(
      encoder.encode(`${args.map((a) => (typeof a === 'string' ? a : inspectValue(runtime, a))).join(' ')}\n`),
    )
  const console = {
    log: (...args: unknown[]) => write('stdout', args),
    info: (...args: unknown[]) => write('stdout', args),
    debug: (...args: unknown[]) => write('stdout', args),
    warn: (...args: unknown[]) => write('stderr', args),
    error: (...args: unknown[]) => write('stderr', args),
  }
  return console as unknown as Console
}

function basicInspect(value: unknown, depth: number, seen: Set<unknown>): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return `[Function: ${value.name || 'anonymous'}]`
  if (value === null || typeof value !== 'object') return String(value)
  if (seen.has(value)) return '[Circular]'
  if (depth < 0) return Array.isArray(value) ? '[Array]' : '[Object ...]'
  seen.add(value)
  try {
    if (Array.isArray(value)) return `[ ${value.map((v) => basicInspect(v, depth - 1, seen)).join(', ')} ]`
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${basicInspect(v, depth - 1, seen)}`)
    return entries.length === 0 ? '{}' : `{\n  ${entries.join(',\n  ')},\n}`
  } finally {
    seen.delete(value)
  }
}

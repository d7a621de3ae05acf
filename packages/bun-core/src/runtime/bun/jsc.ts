/**
 * `bun:jsc`: the part of Bun's JavaScriptCore module that an engine other
 * than JavaScriptCore can honestly provide. Only `callerSourceOrigin()` (the
 * `file://` URL of the module whose code calls it; test helpers pass it to
 * `Bun.jest(path)`). JavaScriptCore internals (heap statistics, forced
 * collections, its serialisation format, JIT counters) have no equivalent in
 * the host's engine and are absent: importing one by name fails at link time.
 */

interface CallSite {
  getScriptNameOrSourceURL?(): string | null | undefined
  getFileName?(): string | null | undefined
}

type PrepareStackTrace = (error: Error, sites: CallSite[]) => unknown

/** The source URL (or file name) of the frame `depth` frames above `below` (0: its caller). */
function frameSource(below: (...args: never[]) => unknown, depth: number): string | null {
  const errorClass = Error as unknown as {
    prepareStackTrace?: PrepareStackTrace
    stackTraceLimit: number
    captureStackTrace(target: object, constructorOpt?: unknown): void
  }
  const previous = errorClass.prepareStackTrace
  const previousLimit = errorClass.stackTraceLimit
  const holder: { stack?: unknown } = {}
  try {
    errorClass.prepareStackTrace = (_error, sites) => sites
    errorClass.stackTraceLimit = depth + 1
    errorClass.captureStackTrace(holder, below)
    const sites = holder.stack as CallSite[] | undefined
    const site = sites?.[depth]
    return site?.getScriptNameOrSourceURL?.() || site?.getFileName?.() || null
  } finally {
    errorClass.prepareStackTrace = previous
    errorClass.stackTraceLimit = previousLimit
  }
}

/** What `require('bun:jsc')` returns. */
export interface JscModule {
  callerSourceOrigin(): string
}

/** Builds `bun:jsc`. */
export function createJsc(): JscModule {
  function callerSourceOrigin(): string {
    // As in Bun: the origin of the code that called callerSourceOrigin() itself.
    const source = frameSource(callerSourceOrigin, 0)
    if (source === null) return ''
    return source.startsWith('/') ? `file://${encodeURI(source)}` : source
  }
  return { callerSourceOrigin }
}

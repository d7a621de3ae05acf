/**
 * The runtime's console and `Bun.inspect`, bound to a process: output goes
 * to the host's streams, colours follow Bun's rule (a terminal, unless
 * `NO_COLOR`; `FORCE_COLOR` forces them), and errors print with Bun's source
 * excerpt from the loader's source-mapped frames.
 */
import {
  type BunConsole,
  createConsole,
  formatError as formatBunError,
  type InspectHooks,
  inspectTable,
  inspectWith,
  lineReader,
  type StackFrame,
} from './console/index.js'
import type { OutputStream } from './host.js'
import type { Runtime } from './runtime.js'
import { type Frame, framesOf } from './stack.js'

const hooksOf = new WeakMap<Runtime, InspectHooks>()

/** Whether Bun colours output to `stream` in this process. */
export function colorsFor(runtime: Runtime, stream: OutputStream): boolean {
  const env = runtime.process.env
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '0' && force !== 'false') return true
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return stream.isTTY
}

/** A loader frame as the console's printer takes it. */
export function toStackFrame(frame: Frame): StackFrame {
  const kind: StackFrame['kind'] = frame.name === null ? 'global' : frame.isConstructor ? 'constructor' : 'function'
  return {
    functionName: frame.name === null || frame.name === '<anonymous>' ? '' : frame.name,
    file: frame.file,
    line: frame.line,
    column: frame.column,
    kind,
    ...(frame.async ? { isAsync: true } : {}),
  }
}

/** The formatter's hooks for a process: mapped stack frames, original sources, its `Bun.inspect`. */
export function inspectHooks(runtime: Runtime): InspectHooks {
  let hooks = hooksOf.get(runtime)
  if (!hooks) {
    hooks = {
      stackFrames: (error) => framesOf(error).map(toStackFrame),
      sourceText: (file) => runtime.readSource(file) ?? undefined,
      get cwd() {
        const cwd = runtime.node.cwd()
        return cwd.endsWith('/') ? cwd : `${cwd}/`
      },
      inspect: (value, options) => inspectValue(runtime, value, options as InspectArgs),
    }
    hooksOf.set(runtime, hooks)
  }
  return hooks
}

type InspectArgs = { colors?: boolean; depth?: number; sorted?: boolean; compact?: boolean } | number | null | undefined

/** `Bun.inspect(value, options)` for a process. */
export function inspectValue(runtime: Runtime, value: unknown, options?: InspectArgs, ...rest: unknown[]): string {
  return inspectWith(inspectHooks(runtime), [value], options === undefined ? rest : [options, ...rest])
}

/** `Bun.inspect` itself (with `.custom` and `.table`). */
export function createInspect(runtime: Runtime): ((value: unknown, options?: InspectArgs) => string) & {
  custom: symbol
  table: (data: unknown, properties?: unknown, options?: unknown) => string
} {
  return Object.assign(
    (value: unknown, options?: InspectArgs, ...rest: unknown[]) => inspectValue(runtime, value, options, ...rest),
    {
      custom: Symbol.for('nodejs.util.inspect.custom'),
      table: (data: unknown, properties?: unknown, options?: unknown) =>
        inspectTable(data, properties as string[] | undefined, options as { colors?: boolean } | undefined),
    },
  )
}

/** An error as Bun prints it on its own (source excerpt, properties, stack, causes); ends with a newline. */
export function formatRuntimeError(runtime: Runtime, error: unknown, colors: boolean): string {
  return formatBunError(error, { colors, hooks: inspectHooks(runtime) })
}

/** The `console` object of a process. */
export function createRuntimeConsole(runtime: Runtime): Console {
  const encoder = new TextEncoder()
  const host = runtime.host
  const console: BunConsole = createConsole({
    stdout: (text) => host.stdout.write(encoder.encode(text)),
    stderr: (text) => host.stderr.write(encoder.encode(text)),
    stdoutBytes: (bytes) => host.stdout.write(bytes),
    colors: () => colorsFor(runtime, host.stdout),
    stderrColors: () => colorsFor(runtime, host.stderr),
    hooks: inspectHooks(runtime),
    readLine: lineReader(() => host.stdin.read()),
  })
  return console as unknown as Console
}

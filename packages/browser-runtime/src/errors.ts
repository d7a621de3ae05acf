/**
 * Errors across thread boundaries. Structured clone keeps an Error's name,
 * message and stack but drops `code`, `errno`, `syscall` and `path`, so
 * errors are flattened to {@link WireError} by hand and rebuilt as the same
 * class: a `VfsError` thrown in the kernel is a `VfsError` in the process or
 * on the main thread, with the same fields.
 */
import { ERRNO, type ErrnoCode, VfsError } from '@aspect-build/virtual-fs'
import type { WireError } from './protocol.js'

const CONSTRUCTORS: Record<string, new (message: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
}

/** Flattens any thrown value to a {@link WireError}. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) {
    return { kind: 'error', name: 'Error', message: typeof error === 'string' ? error : String(error) }
  }
  const wire: WireError = {
    kind: error instanceof VfsError ? 'vfs' : 'error',
    name: error.name,
    message: error.message,
  }
  if (error.stack !== undefined) wire.stack = error.stack
  const fields = error as Error & Partial<Record<'code' | 'syscall' | 'path' | 'dest' | 'errno', unknown>>
  if (typeof fields.code === 'string') wire.code = fields.code
  if (typeof fields.errno === 'number') wire.errno = fields.errno
  if (typeof fields.syscall === 'string') wire.syscall = fields.syscall
  if (typeof fields.path === 'string') wire.path = fields.path
  if (typeof fields.dest === 'string') wire.dest = fields.dest
  return wire
}

/** Rebuilds the error a {@link WireError} describes: a `VfsError` when it was one, else an Error of the same name. */
export function fromWireError(wire: WireError): Error {
  let error: Error
  if (wire.kind === 'vfs' && wire.code !== undefined && wire.code in ERRNO && wire.syscall !== undefined) {
    error = new VfsError(wire.code as ErrnoCode, { syscall: wire.syscall, path: wire.path, dest: wire.dest })
    error.message = wire.message
  } else {
    const Ctor = CONSTRUCTORS[wire.name] ?? Error
    error = new Ctor(wire.message)
    if (!(wire.name in CONSTRUCTORS)) error.name = wire.name
    const target = error as unknown as Record<string, unknown>
    for (const key of ['code', 'errno', 'syscall', 'path', 'dest'] as const) {
      if (wire[key] !== undefined) target[key] = wire[key]
    }
  }
  if (wire.stack !== undefined) error.stack = wire.stack
  return error
}

/** The error a call on a destroyed container or process gets. */
export function destroyedError(what: string): Error {
  return Object.assign(new Error(`${what}: this container was destroyed`), { code: 'ERR_CONTAINER_DESTROYED' })
}

/** Headers a page must be served with for `SharedArrayBuffer`, named in every error about their absence. */
export const ISOLATION_HEADERS =
  "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'"

/**
 * The error of an operation that needs a thread to block but runs without
 * cross-origin isolation (processes inline in the kernel worker).
 */
export function needsIsolationError(syscall: string, what: string): VfsError {
  return new VfsError('ENOTSUP', {
    syscall,
    detail: `${what} needs cross-origin isolation (SharedArrayBuffer): serve the page with the headers ${ISOLATION_HEADERS}`,
  })
}

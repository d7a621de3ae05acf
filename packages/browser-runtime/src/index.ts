/**
 * `@aspect-build/browser-runtime`: the kernel and process workers of a
 * container, the shared-memory system-call bridge and its fallback without
 * cross-origin isolation. The SDK (`@aspect-build/sdk`) is its client;
 * platform hosts are in the `/browser` and `/node` subpath exports, the
 * worker scripts in `/browser/worker` and `/node/worker`.
 */

export { decodeValue, encodeValue, fromWireValue, toWireValue } from './codec.js'
export { destroyedError, fromWireError, ISOLATION_HEADERS, needsIsolationError, toWireError } from './errors.js'
export type { MessageEndpoint, WorkerFactory, WorkerHandle } from './host.js'
export type { KernelHost } from './kernel/kernel.js'
export { Kernel } from './kernel/kernel.js'
export { Pipe } from './kernel/pipe.js'
export type { KernelLink } from './process/runtime.js'
export { runProcess } from './process/runtime.js'
export { BUILTIN_PROGRAMS, quoteWord } from './programs/builtins.js'
export { BIN_DIRECTORIES, loadProgram, registerProgram, registerResolver, resolveProgram } from './programs/registry.js'
export type { ProcessContext, Program, ProgramLoader, ProgramResolver, ResolveContext } from './programs/types.js'
export * from './protocol.js'
export { createChannel, SyncChannelClient, SyncChannelServer } from './sync-channel.js'
export { serveRuntimeWorker } from './worker-main.js'

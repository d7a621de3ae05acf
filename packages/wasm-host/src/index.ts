/**
 * `@aspect-build/wasm-host`: the WASI preview1 host over the virtual
 * filesystem (design §4.3), plus the custom `vitamin_sock` and
 * `vitamin_js_context` import modules (§5.1, §3.3).
 *
 * ```ts
 * import { createVfs } from '@aspect-build/virtual-fs'
 * import { WasiHost } from '@aspect-build/wasm-host'
 *
 * const vfs = createVfs()
 * vfs.mkdir('/sandbox')
 * const host = new WasiHost({ vfs, args: ['app'], preopens: { '/': '/sandbox' }, stdout: (chunk) => … })
 * const { instance } = await WebAssembly.instantiate(bytes, host.imports)
 * const exitCode = host.start(instance)
 * ```
 */
export type { ResolvedClock, WasiClock } from './clock.js'
export * from './constants.js'
export type { HostContext, ImportModuleFactory } from './context.js'
export { ProcExit, VFS_TO_WASI_ERRNO, WasiError, wasiErrnoOf } from './errno.js'
export type { SocketHandle, StreamHandle } from './fd-table.js'
export { Descriptor, FdTable, MAX_GUEST_FDS } from './fd-table.js'
export type { JsContextOptions } from './js-context.js'
export {
  createJsContextImports,
  JS_CONTEXT_EXCEPTION,
  JS_CONTEXT_MODULE,
  JS_HANDLE_FALSE,
  JS_HANDLE_GLOBAL,
  JS_HANDLE_NULL,
  JS_HANDLE_TRUE,
  JS_HANDLE_UNDEFINED,
  JS_TYPE,
  JsHandleTable,
} from './js-context.js'
export { GUEST_FAULT, GuestFault, GuestMemory, isGuestFault } from './memory.js'
export type { WasiFs, WasiHostOptions } from './options.js'
export type { SockNetwork } from './sock.js'
export {
  createSockImports,
  NetworkSocket,
  SOCK_AF_INET,
  SOCK_AF_INET6,
  SOCK_MODULE,
  SOCK_TYPE_DGRAM,
  SOCK_TYPE_STREAM,
} from './sock.js'
export type { OutputSink, StdinSource } from './stdio.js'
export { MAX_FILE_SIZE, WasiHost } from './wasi.js'

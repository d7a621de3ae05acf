/**
 * The builtin modules of a process, by id: `node:*` (each a factory in
 * `node/<name>.ts` over the process's {@link NodeContext}), `bun` (the `Bun`
 * object), `bun:sqlite`, `bun:jsc`. Created lazily, once per process.
 */

import { loadSqlite } from '@aspect-build/bun-wasm/sqlite'
import { createBunTestModule } from '../test/module.js'
import { createBun } from './bun/index.js'
import { createJsc } from './bun/jsc.js'
import { createAssert, createAssertStrict } from './node/assert.js'
import { createAsyncHooks } from './node/async-hooks.js'
import { createBuffer } from './node/buffer.js'
import { createChildProcess } from './node/child_process.js'
import type { BuiltinFactory } from './node/context.js'
import { createCrypto } from './node/crypto.js'
import { createDiagnosticsChannel } from './node/diagnostics-channel.js'
import { createEvents } from './node/events.js'
import { createFs } from './node/fs.js'
import { createFsPromises } from './node/fs-promises.js'
import { createHttp } from './node/http.js'
import { createHttps } from './node/https.js'
import { createModuleBuiltin } from './node/module.js'
import { createNet } from './node/net.js'
import { createOs } from './node/os.js'
import { createPath, createPathPosix, createPathWin32 } from './node/path.js'
import { createPerfHooks } from './node/perf-hooks.js'
import { createPunycode } from './node/punycode.js'
import { createQuerystring } from './node/querystring.js'
import { createReadline, createReadlinePromises } from './node/readline.js'
import { createStream } from './node/stream.js'
import { createStreamPromises } from './node/stream-promises.js'
import { createStreamWeb } from './node/stream-web.js'
import { createStringDecoder } from './node/string-decoder.js'
import { createTimersBuiltin, createTimersPromises } from './node/timers.js'
import { createTty } from './node/tty.js'
import { createUrl } from './node/url.js'
import { createUtil } from './node/util.js'
import { createUtilTypes } from './node/util-types.js'
import { createZlib } from './node/zlib.js'
import type { Runtime } from './runtime.js'
import { createSqliteModule } from './sqlite/index.js'
import { createWasiModule } from './wasi.js'
import { createWorkerThreads } from './worker.js'

/** Factories of the builtins that exist, by id. */
const NODE_FACTORIES: Record<string, BuiltinFactory> = {
  'node:assert': createAssert,
  'node:assert/strict': createAssertStrict,
  'node:async_hooks': createAsyncHooks,

  'node:buffer': createBuffer,
  'node:crypto': createCrypto,
  'node:diagnostics_channel': createDiagnosticsChannel,
  'node:events': createEvents,
  'node:fs': createFs,
  'node:fs/promises': createFsPromises,
  'node:http': createHttp,
  'node:https': createHttps,
  'node:net': createNet,

  'node:os': createOs,
  'node:path': createPath,
  'node:path/posix': createPathPosix,
  'node:path/win32': createPathWin32,
  'node:perf_hooks': createPerfHooks,
  'node:punycode': createPunycode,
  'node:querystring': createQuerystring,
  'node:readline': createReadline,
  'node:readline/promises': createReadlinePromises,
  'node:stream': createStream,
  'node:stream/promises': createStreamPromises,
  'node:stream/web': createStreamWeb,
  'node:string_decoder': createStringDecoder,
  'node:tty': createTty,

  'node:url': createUrl,
  'node:util': createUtil,
  'node:util/types': createUtilTypes,
  'node:zlib': createZlib,
}

/** Builtins that need the runtime itself (not only a NodeContext). */
const RUNTIME_FACTORIES: Record<string, (runtime: Runtime) => object> = {
  bun: (runtime) => createBun(runtime),
  'bun:sqlite': (runtime) => createSqliteModule(runtime.node),
  'bun:test': (runtime) => createBunTestModule(runtime),
  'bun:jsc': () => createJsc(),
  'node:process': (runtime) => runtime.process,
  'node:module': (runtime) => createModuleBuiltin(runtime),
  'node:child_process': (runtime) => createChildProcess(runtime),
  'node:wasi': (runtime) => createWasiModule(runtime),
  'node:worker_threads': (runtime) => createWorkerThreads(runtime),

  'node:timers': (runtime) => createTimersBuiltin(runtime.timers),
  'node:timers/promises': (runtime) => createTimersPromises(runtime.timers),
  'node:console': (runtime) =>
    Object.assign(Object.create(runtime.console) as object, { Console: runtime.console.constructor }),
}

/** The exports of builtin `id` for `runtime`, or `undefined` when there is no such builtin. */
export function createBuiltin(id: string, runtime: Runtime): object | undefined {
  const own = RUNTIME_FACTORIES[id]
  if (own) return own(runtime)
  const factory = NODE_FACTORIES[id]
  if (factory) return factory(runtime.node)
  return undefined
}

/** Ids of every builtin (for `module.builtinModules`). */
export function builtinIds(): string[] {
  return [...Object.keys(RUNTIME_FACTORIES), ...Object.keys(NODE_FACTORIES)]
}

/** Does builtin `id` need {@link prepareBuiltin} before it can be created? */
export function needsPreparation(id: string): boolean {
  return id === 'bun:sqlite'
}

/** Asynchronous set-up of a builtin (loading a WebAssembly engine). */
export async function prepareBuiltin(id: string): Promise<void> {
  if (id === 'bun:sqlite') await loadSqlite()
}

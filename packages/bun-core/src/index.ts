/**
 * `@aspect-build/bun-core`: the Bun program, written in TypeScript — the
 * `bun` command (`bunMain`), its runtime (`process`, `Bun`, `node:*`, the
 * module loader) and Bun's shell (`runShell`, also used by `sh`).
 *
 * A container runs `bunMain(host)` in a process, with a `RuntimeHost` that
 * connects it to the kernel; the kernel runs one `ModuleService` that
 * resolves and compiles modules for every process.
 */

export { bunMain } from './cli/index.js'
export type {
  ChildRequest,
  CompiledScript,
  HostListener,
  HostRequest,
  HostResponse,
  InputStream,
  ModuleHost,
  OutputStream,
  RuntimeHost,
  SpawnSyncRequest,
  SpawnSyncResult,
  SyncFs,
} from './runtime/host.js'
export { ModuleService, type ModuleServiceOptions, type ServiceFs } from './runtime/loader/service.js'
export type { CompiledModule, GraphEntry, GraphRequest, GraphResult, LoadFailure } from './runtime/loader/types.js'
export { BUN_EXEC_PATH, BUN_VERSION, ProcessExit } from './runtime/process.js'
export * from './shell/index.js'

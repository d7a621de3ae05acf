/**
 * `mock.module(specifier, factory)`: from now on, importing or requiring
 * `specifier` (resolved from the calling file) gives the factory's exports
 * (`default` is the default export). A factory returning a promise takes
 * effect once it settles.
 *
 * Limits (the runtime's module registry has no hook for them): a module
 * that was already imported keeps its live bindings in the modules that
 * imported it (Bun updates them in place), and a specifier that does not
 * resolve to a file or builtin cannot be mocked.
 */
import { Module } from '../runtime/loader/registry.js'
import type { Runtime } from '../runtime/runtime.js'
import { framesOf } from '../runtime/stack.js'

function install(runtime: Runtime, id: string, exports: unknown): void {
  const registry = runtime.registry
  const source: Record<string, unknown> = Object.create(null)
  if (exports !== null && (typeof exports === 'object' || typeof exports === 'function'))
    for (const key of Object.keys(exports)) source[key] = (exports as Record<string, unknown>)[key]
  // A marker the namespace builder reads without it becoming an export.
  Object.defineProperty(source, '__esModule', { value: true, enumerable: false })
  const module = new Module(id)
  module.exports = registry.cjsNamespace(source)
  module.loaded = true
  registry.cache[id] = module
}

export function mockModule(runtime: Runtime, specifier: unknown, factory: unknown): undefined {
  if (typeof factory !== 'function') throw new TypeError('mock(module, fn) requires a function')
  if (typeof specifier !== 'string') throw new TypeError('mock(module, fn) requires a module name string')
  const caller = framesOf(new Error())[0]?.file ?? runtime.main
  const referrer = caller.startsWith('/') ? caller : `${runtime.host.cwd}/[eval]`
  const id = runtime.registry.resolveNow(specifier, referrer, 'import')
  const exports = (factory as () => unknown)()
  if (exports !== null && typeof exports === 'object' && typeof (exports as { then?: unknown }).then === 'function') {
    void (exports as Promise<unknown>).then((value) => install(runtime, id, value))
    return undefined
  }
  install(runtime, id, exports)
  return undefined
}

/**
 * `node:module`: `createRequire`, `builtinModules`, `isBuiltin` and the
 * `Module` class of the process's registry.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import { Module, nodeModulePaths } from '../loader/registry.js'
import { NODE_BUILTINS } from '../loader/resolve.js'
import type { Runtime } from '../runtime.js'

/** Builds `node:module` for a process. */
export function createModuleBuiltin(runtime: Runtime): object {
  const registry = runtime.registry
  const builtinModules = [...NODE_BUILTINS].filter((name) => name !== 'test' && name !== 'sqlite').sort()
  const isBuiltin = (name: string) =>
    typeof name === 'string' &&
    (NODE_BUILTINS.has(name.startsWith('node:') ? name.slice(5) : name) || name.startsWith('bun:') || name === 'bun')
  const createRequire = (filename: unknown) => {
    let path: string
    if (filename instanceof URL) path = decodeURIComponent(filename.pathname)
    else if (typeof filename === 'string' && filename.startsWith('file:'))
      path = decodeURIComponent(new URL(filename).pathname)
    else if (typeof filename === 'string' && filename.startsWith('/')) path = filename
    else
      throw Object.assign(
        new TypeError(
          `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${typeof filename === 'string' ? `'${filename}'` : String(filename)}`,
        ),
        { code: 'ERR_INVALID_ARG_VALUE' },
      )
    if (path.endsWith('/')) path = `${path}[eval]`
    return registry.createRequire(path)
  }
  const statics = {
    builtinModules,
    isBuiltin,
    createRequire,
    _cache: registry.cache,
    _extensions: Object.create(null),
    _pathCache: Object.create(null),
    globalPaths: [],
    _nodeModulePaths: (dir: string) => nodeModulePaths(posixPath.resolve(runtime.node.cwd(), dir)),
    _resolveFilename: (request: string, parent?: { filename?: string }) =>
      registry.resolveNow(request, parent?.filename ?? `${runtime.node.cwd()}/[eval]`, 'require'),
    _load: (request: string, parent?: { filename?: string }) =>
      registry.createRequire(parent?.filename ?? `${runtime.node.cwd()}/[eval]`)(request),
    wrap: (script: string) => `(function (exports, require, module, __filename, __dirname) { ${script}\n});`,
    wrapper: ['(function (exports, require, module, __filename, __dirname) { ', '\n});'],
    findSourceMap: () => undefined,
    syncBuiltinESMExports: () => undefined,
    register: () => undefined,
    enableCompileCache: () => ({ status: 3, message: 'Disabled compile cache' }),
    getCompileCacheDir: () => undefined,
    Module,
  }
  Object.assign(Module, statics)
  return Object.assign(Object.create(null), statics, { default: Module })
}

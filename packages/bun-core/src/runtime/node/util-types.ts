/**
 * `node:util/types` (also `util.types`). The predicates are brand checks in
 * plain JavaScript; see `internal/node-a-types.ts` for the ones a browser
 * cannot answer exactly (`isProxy` and `isExternal` are always false).
 */
import type { NodeContext } from './context.js'
import * as types from './internal/node-a-types.js'

type Predicate = (value: unknown) => boolean

/** The `node:util/types` module. */
export interface UtilTypesModule {
  isExternal: Predicate
  isDate: Predicate
  isArgumentsObject: Predicate
  isBigIntObject: Predicate
  isBooleanObject: Predicate
  isNumberObject: Predicate
  isStringObject: Predicate
  isSymbolObject: Predicate
  isNativeError: Predicate
  isRegExp: Predicate
  isAsyncFunction: Predicate
  isGeneratorFunction: Predicate
  isGeneratorObject: Predicate
  isPromise: Predicate
  isMap: Predicate
  isSet: Predicate
  isMapIterator: Predicate
  isSetIterator: Predicate
  isWeakMap: Predicate
  isWeakSet: Predicate
  isArrayBuffer: Predicate
  isDataView: Predicate
  isSharedArrayBuffer: Predicate
  isProxy: Predicate
  isModuleNamespaceObject: Predicate
  isAnyArrayBuffer: Predicate
  isBoxedPrimitive: Predicate
  isArrayBufferView: Predicate
  isTypedArray: Predicate
  isUint8Array: Predicate
  isUint8ClampedArray: Predicate
  isUint16Array: Predicate
  isUint32Array: Predicate
  isInt8Array: Predicate
  isInt16Array: Predicate
  isInt32Array: Predicate
  isFloat16Array: Predicate
  isFloat32Array: Predicate
  isFloat64Array: Predicate
  isBigInt64Array: Predicate
  isBigUint64Array: Predicate
  isKeyObject: Predicate
  isCryptoKey: Predicate
  isEventTarget: Predicate
}

/** Each predicate as a named function (`util.types.isDate.name === 'isDate'`). */
function named(name: string, predicate: Predicate): Predicate {
  const fn = { [name]: (value: unknown): boolean => predicate(value) }[name]!
  return fn
}

/** `node:util/types`. `isKeyObject` asks the process's `crypto` builtin for its `KeyObject` class. */
export function createUtilTypes(ctx: NodeContext): UtilTypesModule {
  let keyObjectClass: (new () => unknown) | null | undefined
  const isKeyObject = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object') return false
    if (keyObjectClass === undefined) {
      try {
        keyObjectClass = ctx.builtin<{ KeyObject?: new () => unknown }>('crypto').KeyObject ?? null
      } catch {
        keyObjectClass = null
      }
    }
    return keyObjectClass !== null && value instanceof keyObjectClass
  }
  const table: Record<keyof UtilTypesModule, Predicate> = {
    isExternal: types.isExternal,
    isDate: types.isDate,
    isArgumentsObject: types.isArgumentsObject,
    isBigIntObject: types.isBigIntObject,
    isBooleanObject: types.isBooleanObject,
    isNumberObject: types.isNumberObject,
    isStringObject: types.isStringObject,
    isSymbolObject: types.isSymbolObject,
    isNativeError: types.isNativeError,
    isRegExp: types.isRegExp,
    isAsyncFunction: types.isAsyncFunction,
    isGeneratorFunction: types.isGeneratorFunction,
    isGeneratorObject: types.isGeneratorObject,
    isPromise: types.isPromise,
    isMap: types.isMap,
    isSet: types.isSet,
    isMapIterator: types.isMapIterator,
    isSetIterator: types.isSetIterator,
    isWeakMap: types.isWeakMap,
    isWeakSet: types.isWeakSet,
    isArrayBuffer: types.isArrayBuffer,
    isDataView: types.isDataView,
    isSharedArrayBuffer: types.isSharedArrayBuffer,
    isProxy: types.isProxy,
    isModuleNamespaceObject: types.isModuleNamespaceObject,
    isAnyArrayBuffer: types.isAnyArrayBuffer,
    isBoxedPrimitive: types.isBoxedPrimitive,
    isArrayBufferView: types.isArrayBufferView,
    isTypedArray: types.isTypedArray,
    isUint8Array: types.isUint8Array,
    isUint8ClampedArray: types.isUint8ClampedArray,
    isUint16Array: types.isUint16Array,
    isUint32Array: types.isUint32Array,
    isInt8Array: types.isInt8Array,
    isInt16Array: types.isInt16Array,
    isInt32Array: types.isInt32Array,
    isFloat16Array: types.isFloat16Array,
    isFloat32Array: types.isFloat32Array,
    isFloat64Array: types.isFloat64Array,
    isBigInt64Array: types.isBigInt64Array,
    isBigUint64Array: types.isBigUint64Array,
    isKeyObject,
    isCryptoKey: types.isCryptoKey,
    isEventTarget: types.isEventTarget,
  }
  const module = {} as UtilTypesModule
  for (const [name, predicate] of Object.entries(table)) module[name as keyof UtilTypesModule] = named(name, predicate)
  return module
}

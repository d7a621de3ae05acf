/**
 * Mock functions (`mock()`, `jest.fn()`, `vi.fn()`) and spies
 * (`spyOn(object, method)`), with Jest's API: `mock.calls`, `.results`,
 * `.contexts`, `.instances`, `.lastCall`, `.invocationCallOrder`, and the
 * `mockReturnValue…`/`mockImplementation…`/`mockResolved…`/`mockRejected…`
 * family, `mockClear`/`mockReset`/`mockRestore`, `withImplementation`.
 * Every mock is registered so that `mock.restore()` / `jest.restoreAllMocks()`,
 * `jest.clearAllMocks()` and `jest.resetAllMocks()` reach them all.
 */

/** What `fn.mock` holds. */
export interface MockState {
  calls: unknown[][]
  contexts: unknown[]
  instances: unknown[]
  results: Array<{ type: 'return' | 'throw' | 'incomplete'; value: unknown }>
  invocationCallOrder: number[]
  lastCall?: unknown[]
}

type Impl = (...args: unknown[]) => unknown

/** The internals of one mock function. */
interface MockInternals {
  state: MockState
  impl: Impl | undefined
  once: Impl[]
  name: string
  restore: (() => void) | null
  /** The implementation given at creation (what `mockReset` keeps for spies). */
  original: Impl | undefined
}

const MOCK: unique symbol = Symbol('vitamin-bun.test.mock')
const registry = new Set<MockInternals>()
let callOrder = 1

/** Is `value` a mock function (`mock()`/`spyOn()`)? */
export function isMockFunction(value: unknown): value is MockFunction {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[MOCK] !== undefined
}

/** A mock function's recorded calls. */
export function mockStateOf(fn: MockFunction): MockState {
  return ((fn as unknown as Record<symbol, unknown>)[MOCK] as MockInternals).state
}

export type MockFunction = Impl & Record<string, unknown>

function freshState(): MockState {
  return { calls: [], contexts: [], instances: [], results: [], invocationCallOrder: [] }
}

/** `mock(impl)`: a function that records its calls and runs `impl` (or its configured behaviour). */
export function createMock(impl?: Impl, name = ''): MockFunction {
  const internals: MockInternals = { state: freshState(), impl, once: [], name, restore: null, original: impl }
  registry.add(internals)
  const mockFn = function (this: unknown, ...args: unknown[]): unknown {
    const state = internals.state
    state.calls.push(args)
    state.contexts.push(this)
    state.invocationCallOrder.push(callOrder++)
    const result: MockState['results'][number] = { type: 'incomplete', value: undefined }
    state.results.push(result)
    const run = internals.once.shift() ?? internals.impl
    try {
      const value = run ? (new.target ? Reflect.construct(run, args, new.target) : run.apply(this, args)) : undefined
      result.type = 'return'
      result.value = value
      return value
    } catch (error) {
      result.type = 'throw'
      result.value = error
      throw error
    }
  } as unknown as MockFunction
  Object.defineProperty(mockFn, 'length', { value: impl ? impl.length : 0 })
  Object.defineProperty(mockFn, 'name', { value: '' })
  Object.defineProperty(mockFn, MOCK, { value: internals })
  Object.defineProperty(mockFn, 'mock', {
    get: () => {
      const state = internals.state
      Object.defineProperty(state, 'lastCall', {
        get: () => state.calls[state.calls.length - 1],
        enumerable: false,
        configurable: true,
      })
      return state
    },
    enumerable: false,
    configurable: true,
  })
  const methods: Record<string, (...args: never[]) => unknown> = {
    _isMockFunction: () => true,
    getMockName: () => internals.name,
    mockName: (n: string) => {
      internals.name = String(n)
      return mockFn
    },
    getMockImplementation: () => internals.impl,
    mockClear: () => {
      internals.state = freshState()
      return mockFn
    },
    mockReset: () => {
      internals.state = freshState()
      internals.once = []
      internals.impl = undefined
      return mockFn
    },
    mockRestore: () => {
      internals.state = freshState()
      internals.once = []
      internals.impl = undefined
      internals.restore?.()
      internals.restore = null
      return undefined
    },
    mockImplementation: (fn: Impl) => {
      internals.impl = fn
      return mockFn
    },
    mockImplementationOnce: (fn: Impl) => {
      internals.once.push(fn)
      return mockFn
    },
    mockReturnValue: (value: unknown) => {
      internals.impl = () => value
      return mockFn
    },
    mockReturnValueOnce: (value: unknown) => {
      internals.once.push(() => value)
      return mockFn
    },
    mockResolvedValue: (value: unknown) => {
      internals.impl = () => Promise.resolve(value)
      return mockFn
    },
    mockResolvedValueOnce: (value: unknown) => {
      internals.once.push(() => Promise.resolve(value))
      return mockFn
    },
    mockRejectedValue: (value: unknown) => {
      internals.impl = () => Promise.reject(value)
      return mockFn
    },
    mockRejectedValueOnce: (value: unknown) => {
      internals.once.push(() => Promise.reject(value))
      return mockFn
    },
    mockReturnThis: () => {
      internals.impl = function (this: unknown) {
        return this
      }
      return mockFn
    },
    withImplementation: (fn: Impl, callback: () => unknown) => {
      const previous = internals.impl
      internals.impl = fn
      let result: unknown
      try {
        result = callback()
      } catch (error) {
        internals.impl = previous
        throw error
      }
      if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function')
        return (result as Promise<unknown>).finally(() => {
          internals.impl = previous
        })
      internals.impl = previous
      return undefined
    },
  }
  for (const [key, method] of Object.entries(methods))
    Object.defineProperty(mockFn, key, {
      value: key === '_isMockFunction' ? true : method,
      enumerable: false,
      writable: true,
      configurable: true,
    })
  return mockFn
}

/** `spyOn(object, key)`: replaces the method by a mock that calls it; `mockRestore()` puts it back. */
export function spyOn(object: unknown, key: PropertyKey, accessType?: 'get' | 'set'): MockFunction {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function'))
    throw new TypeError('spyOn(target, prop) expects a target object and a property key')
  const target = object as Record<PropertyKey, unknown>
  let owner: object | null = target
  let descriptor: PropertyDescriptor | undefined
  while (owner) {
    descriptor = Object.getOwnPropertyDescriptor(owner, key)
    if (descriptor) break
    owner = Object.getPrototypeOf(owner) as object | null
  }
  if (accessType) {
    if (!descriptor || typeof descriptor[accessType] !== 'function')
      throw new TypeError(`Property ${String(key)} does not have access type ${accessType}`)
    const original = descriptor[accessType] as Impl
    const spy = createMock(original)
    const own = Object.getOwnPropertyDescriptor(target, key)
    Object.defineProperty(target, key, { ...descriptor, [accessType]: spy, configurable: true })
    ;((spy as unknown as Record<symbol, MockInternals>)[MOCK] as MockInternals).restore = () => {
      if (own) Object.defineProperty(target, key, own)
      else delete target[key]
    }
    return spy
  }
  const original = target[key]
  if (isMockFunction(original)) return original
  const impl = typeof original === 'function' ? (original as Impl) : () => original
  const spy = createMock(impl)
  if (typeof original === 'function') Object.defineProperty(spy, 'length', { value: (original as Impl).length })
  const own = Object.getOwnPropertyDescriptor(target, key)
  Object.defineProperty(target, key, {
    value: spy,
    writable: true,
    enumerable: own ? own.enumerable : true,
    configurable: true,
  })
  ;((spy as unknown as Record<symbol, MockInternals>)[MOCK] as MockInternals).restore = () => {
    if (own) Object.defineProperty(target, key, own)
    else delete target[key]
  }
  return spy
}

/** `mock.restore()` / `jest.restoreAllMocks()`: every spy gets its original back. */
export function restoreAllMocks(): void {
  for (const internals of registry) {
    if (internals.restore) {
      internals.restore()
      internals.restore = null
      internals.state = freshState()
      internals.once = []
      internals.impl = internals.original
    }
  }
}

/** `jest.clearAllMocks()`: forget every mock's calls. */
export function clearAllMocks(): void {
  for (const internals of registry) internals.state = freshState()
}

/** `jest.resetAllMocks()`: calls and implementations. */
export function resetAllMocks(): void {
  for (const internals of registry) {
    internals.state = freshState()
    internals.once = []
    internals.impl = undefined
  }
}

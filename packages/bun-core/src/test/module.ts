/**
 * The `bun:test` module of a process: `describe`/`test`/`it`, the hooks,
 * `expect`, `mock`/`spyOn`/`jest`/`vi`, `setDefaultTimeout`,
 * `setSystemTime`. Test files also see part of it as globals
 * ({@link TEST_GLOBALS}). Outside `bun test` the functions that need the
 * runner throw Bun's error; `expect` and mocks work anywhere.
 */
import type { Runtime } from '../runtime/runtime.js'
import { createHook, createScopeFunctions, type SessionGetter } from './api.js'
import { createExpect } from './expect/expect.js'
import { FakeTimers } from './fake-timers.js'
import { clearAllMocks, createMock, restoreAllMocks, spyOn } from './mock.js'
import { mockModule } from './mock-module.js'
import { sessionOf } from './session.js'

/** The names test files get as globals (as in Bun). */
export const TEST_GLOBALS: readonly string[] = [
  'describe',
  'test',
  'it',
  'expect',
  'beforeAll',
  'beforeEach',
  'afterAll',
  'afterEach',
  'jest',
  'vi',
  'xit',
  'xtest',
  'xdescribe',
  'expectTypeOf',
]

/** `expectTypeOf(x)`: type assertions only; at run time every member is a callable no-op. */
function createExpectTypeOf(): (...args: unknown[]) => unknown {
  const chain: unknown = new Proxy(function noop() {}, {
    get: (_target, key) => (key === 'then' ? undefined : chain),
    apply: () => chain,
  })
  return () => chain
}

/** Creates the `bun:test` exports for `runtime`. */
export function createBunTestModule(runtime: Runtime): Record<string, unknown> {
  const getSession: SessionGetter = (signature) => {
    const session = sessionOf(runtime)
    if (!session) throw new Error(`Cannot use ${signature} outside of the test runner. Run "bun test" to run tests.`)
    return session
  }
  const { test, describe, xtest, xdescribe } = createScopeFunctions(runtime, getSession)
  const expect = createExpect({
    runtime,
    session: () => sessionOf(runtime),
    colors: () => sessionOf(runtime)?.colors ?? false,
  })
  const timers = new FakeTimers(runtime)
  const setDefaultTimeout = (ms: unknown) => {
    if (typeof ms !== 'number') throw new Error('setTimeout() expects a number (milliseconds)')
    const session = sessionOf(runtime)
    if (session) session.defaultTimeoutOverride = Math.max(0, Math.trunc(ms) | 0)
  }
  const mock = Object.assign((impl?: unknown) => createMock(typeof impl === 'function' ? (impl as never) : undefined), {
    module: (specifier: unknown, factory: unknown) => mockModule(runtime, specifier, factory),
    restore: () => restoreAllMocks(),
    clearAllMocks: () => clearAllMocks(),
  })
  Object.defineProperty(mock, 'name', { value: 'fn' })
  const setSystemTime = (time?: unknown) => {
    timers.setSystemTime(time)
    return jest
  }
  const timerFunctions = timers.api(() => jest)
  const jest: Record<string, unknown> = {
    fn: mock,
    mock: mock.module,
    spyOn,
    restoreAllMocks: () => restoreAllMocks(),
    clearAllMocks: () => clearAllMocks(),
    resetAllMocks: () => clearAllMocks(),
    setSystemTime,
    now: () => timers.now(),
    setTimeout: setDefaultTimeout,
    ...timerFunctions,
  }
  // `vi` has the timer functions but not `now`/`setSystemTime` (as in Bun).
  const viTimers = Object.fromEntries(
    Object.entries(timerFunctions).filter(([key]) => key !== 'now' && key !== 'setSystemTime'),
  )
  const vi: Record<string, unknown> = {
    fn: mock,
    mock: mock.module,
    spyOn,
    restoreAllMocks: () => restoreAllMocks(),
    resetAllMocks: () => clearAllMocks(),
    clearAllMocks: () => clearAllMocks(),
    ...viTimers,
  }
  return {
    test,
    it: test,
    xtest,
    xit: xtest,
    describe,
    xdescribe,
    beforeAll: createHook(getSession, 'beforeAll'),
    beforeEach: createHook(getSession, 'beforeEach'),
    afterAll: createHook(getSession, 'afterAll'),
    afterEach: createHook(getSession, 'afterEach'),
    onTestFinished: createHook(getSession, 'onTestFinished'),
    setDefaultTimeout,
    expect,
    expectTypeOf: createExpectTypeOf(),
    mock,
    spyOn,
    jest,
    vi,
    setSystemTime,
  }
}

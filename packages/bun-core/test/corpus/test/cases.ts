/**
 * The `bun test` differential corpus: small projects run by the real Bun and
 * by Vitamin-Bun (`bun test …`). Stdout, stderr, the exit code and the files
 * left behind (snapshot files, rewritten sources, JUnit reports) must be
 * identical once timings are normalised (see `bun-test.differential.test.ts`),
 * except for the parts a case lists under `differs`, each with its reason.
 */

export interface TestCase {
  name: string
  files: Record<string, string | null>
  /** `bun` arguments; default `['test']`. */
  args?: string[]
  env?: Record<string, string>
  /**
   * Parts not compared, with why. `positions`: stderr is compared with
   * columns and caret lines left out (JavaScriptCore and V8 place some
   * throw sites at different columns of the same line).
   */
  differs?: { stdout?: string; stderr?: string; exitCode?: string; files?: string; positions?: string }
  /** Also run in Chromium through the SDK (`bun-test.chromium.test.ts`). */
  browser?: boolean
}

/** JavaScriptCore records `throw new X()` at the end of the constructor call; V8 at `new`. */
export const THROW_COLUMN = 'JavaScriptCore places `new Error()` throw sites at another column of the same line than V8'

const passing = `import { test, expect, describe } from 'bun:test'
test('adds', () => { expect(1 + 1).toBe(2) })
test('strings', () => { expect('hello world').toContain('world'); expect('abc').toMatch(/b/) })
describe('math', () => {
  test('multiply', () => { expect(2 * 3).toEqual(6) })
  test('objects', () => { expect({ a: 1, b: [1, 2] }).toEqual({ a: 1, b: [1, 2] }) })
  describe('nested', () => {
    test('deep', () => { expect([1, [2, [3]]]).toStrictEqual([1, [2, [3]]]) })
  })
})
test('async', async () => { const v = await Promise.resolve(5); expect(v).toBeGreaterThan(4) })
test('done callback', (done) => { setTimeout(() => { expect(true).toBeTrue(); done() }, 1) })
`

const failing = `import { test, expect, describe } from 'bun:test'
test('passes', () => { expect(1).toBe(1) })
describe('group', () => {
  test('object diff', () => {
    expect({ a: 1, b: [1, 2], c: { d: 'x' } }).toEqual({ a: 2, b: [1, 2, 3], c: { d: 'y' } })
  })
  test('string', () => { expect('hello world').toBe('hello there') })
  test('multiline', () => { expect('line1\\nline2\\nline3').toEqual('line1\\nlineX\\nline3') })
  test('not', () => { expect([1, 2]).not.toContain(2) })
  test('numbers', () => { expect(0.1 + 0.2).toBeCloseTo(0.4) })
  test('length', () => { expect([1, 2, 3]).toHaveLength(2) })
  test('property', () => { expect({ a: { b: 1 } }).toHaveProperty('a.b', 2) })
  test('match object', () => { expect({ a: 1, b: { c: 2, d: 3 } }).toMatchObject({ b: { c: 3 } }) })
  test('strict', () => { expect({ a: 1 }).toStrictEqual({ a: 1, b: undefined }) })
  test('throws', () => { expect(() => { throw new TypeError('bad thing') }).toThrow('good') })
  test('custom message', () => { expect(1, 'one is not two').toBe(2) })
})
`

const colours = `import { test, expect, describe } from 'bun:test'
test('passes', () => { expect(1).toBe(1) })
describe('group', () => {
  test('object', () => { expect({ a: 1, b: [1, 2] }).toEqual({ a: 2, b: [1, 2, 3] }) })
  test('string', () => { expect('hello world').toBe('hello there') })
  test('number', () => { expect(1).toBe(2) })
  test('multiline', () => { expect('line1\\nline2\\nline3').toEqual('line1\\nlineX\\nline3') })
  test('close to', () => { expect(0.1 + 0.2).toBeCloseTo(0.4) })
  test('property', () => { expect({ a: { b: 1 } }).toHaveProperty('a.b', 2) })
  test('contain', () => { expect([1, 2]).toContain(3) })
  test.skip('skipped', () => {})
  test.todo('todo')
})
`

const hooks = `import { test, expect, describe, beforeAll, beforeEach, afterAll, afterEach } from 'bun:test'
beforeAll(() => console.log('beforeAll outer'))
afterAll(() => console.log('afterAll outer'))
beforeEach(() => console.log('beforeEach outer'))
afterEach(() => console.log('afterEach outer'))
test('t1', () => console.log('t1'))
describe('d1', () => {
  beforeAll(() => console.log('  beforeAll d1'))
  afterAll(() => console.log('  afterAll d1'))
  beforeEach(() => console.log('  beforeEach d1'))
  afterEach(() => console.log('  afterEach d1'))
  test('t2', () => console.log('  t2'))
  describe('d2', () => {
    beforeEach(async () => { await Promise.resolve(); console.log('    beforeEach d2') })
    afterEach(() => console.log('    afterEach d2'))
    test('t3', () => console.log('    t3'))
  })
  test('t4', () => console.log('  t4'))
})
describe('empty', () => { beforeAll(() => console.log('beforeAll empty')) })
describe.skip('skipped', () => { beforeAll(() => console.log('never')); test('x', () => {}) })
describe.todo('later', () => { beforeAll(() => console.log('never')); test('y', () => {}) })
test('t5', () => console.log('t5'))
`

const hookFailures = `import { test, expect, describe, beforeAll, beforeEach, afterEach } from 'bun:test'
describe('beforeEach fails', () => {
  beforeEach(() => { throw new Error('before each') })
  test('h1', () => { console.log('h1 body') })
  test('h2', () => { console.log('h2 body') })
})
describe('beforeAll fails', () => {
  beforeAll(() => { throw new Error('before all') })
  test('b1', () => { console.log('b1 body') })
})
describe('afterEach fails', () => {
  afterEach(() => { throw new Error('after each') })
  test('c1', () => { console.log('c1 body') })
})
test('after', () => {})
`

const collection = `import { test, describe, beforeAll } from 'bun:test'
console.log('top 1')
describe('A', () => {
  console.log('A body')
  describe('A1', () => { console.log('A1 body'); test('a1t', () => console.log('a1t run')) })
  test('at', () => console.log('at run'))
})
describe('B', async () => {
  console.log('B body start')
  await new Promise((r) => setTimeout(r, 5))
  console.log('B body after await')
  test('bt', () => console.log('bt run'))
})
test('top test', () => { console.log('top test run') })
console.log('top 2')
`

const modifiers = `import { test, expect, describe } from 'bun:test'
test.skip('skipped', () => { throw new Error('never') })
test.todo('todo without body')
test.todo('todo with body', () => { throw new Error('not yet') })
test.failing('failing throws', () => { throw new Error('expected') })
test.failing('failing passes', () => {})
test.if(true)('if true', () => {})
test.if(false)('if false', () => {})
test.skipIf(true)('skipIf true', () => {})
test.todoIf(true)('todoIf true', () => {})
describe.if(false)('describe if false', () => { test('inside', () => {}) })
test('last', () => { expect(typeof describe.only).toBe('function') })
`

const each = `import { test, expect, describe } from 'bun:test'
test.each([[1, 2, 3], [2, 3, 5]])('add(%i, %i) = %i', (a, b, sum) => { expect(a + b).toBe(sum) })
test.each([1, 2])('number %d index %#', (n) => { expect(n).toBeGreaterThan(0) })
test.each(['a', 'b'])('string %s %%', (s) => { expect(s).toBeString() })
test.each([{ a: 1, b: 'two' }])('object $a $b', ({ a }) => { expect(a).toBe(1) })
test.each([[1, 'a', 1.5, 'str%']])('%s|%i|%d|%f|%j|%p|%#|%%|%s|%x', () => {})
describe.each([[1, 2]])('describe %d+%d', (a, b) => { test('sum', () => { expect(a + b).toBe(3) }) })
test.each([[3, 4]])('fails %d', (x, y) => { expect(x).toBe(y) })
`

const timeouts = `import { test, describe, beforeAll, beforeEach, setDefaultTimeout } from 'bun:test'
test('slow test', async () => { await new Promise((r) => setTimeout(r, 200)) }, 20)
test('fast test', async () => { await new Promise((r) => setTimeout(r, 1)) }, 500)
test('done never called', (done) => {}, 20)
describe('hook times out', () => {
  beforeEach(async () => { await new Promise((r) => setTimeout(r, 200)) }, 20)
  test('t', () => {})
})
describe('beforeAll times out', () => {
  beforeAll(async () => { await new Promise((r) => setTimeout(r, 200)) }, 20)
  test('never runs', () => {})
})
setDefaultTimeout(15)
test('default timeout', async () => { await new Promise((r) => setTimeout(r, 200)) })
`

const mocks = `import { test, expect, mock, spyOn, jest } from 'bun:test'
test('mock calls', () => {
  const fn = mock((a: number) => a * 2)
  fn(1); fn(2)
  expect(fn).toHaveBeenCalled()
  expect(fn).toHaveBeenCalledTimes(2)
  expect(fn).toHaveBeenCalledWith(2)
  expect(fn).toHaveBeenLastCalledWith(2)
  expect(fn).toHaveBeenNthCalledWith(1, 1)
  expect(fn).toHaveReturnedWith(4)
  expect(fn.mock.calls).toEqual([[1], [2]])
  expect(fn.mock.results[0]).toEqual({ type: 'return', value: 2 })
})
test('mock return values', () => {
  const fn = jest.fn()
  fn.mockReturnValueOnce(1).mockReturnValue(2)
  expect([fn(), fn(), fn()]).toEqual([1, 2, 2])
  fn.mockImplementation(() => 'impl')
  expect(fn()).toBe('impl')
  fn.mockReset()
  expect(fn()).toBeUndefined()
})
test('spyOn', () => {
  const obj = { greet(name: string) { return 'hi ' + name } }
  const spy = spyOn(obj, 'greet')
  expect(obj.greet('a')).toBe('hi a')
  expect(spy).toHaveBeenCalledWith('a')
  spy.mockImplementation(() => 'mocked')
  expect(obj.greet('b')).toBe('mocked')
  spy.mockRestore()
  expect(obj.greet('c')).toBe('hi c')
})
test('mock failures', () => {
  const fn = mock()
  fn(1)
  fn(2)
  expect(fn).toHaveBeenCalledWith(3)
})
test('not called', () => {
  expect(mock()).toHaveBeenCalled()
})
test('called times', () => {
  const fn = mock()
  fn()
  expect(fn).toHaveBeenCalledTimes(3)
})
test('resolved values', async () => {
  const fn = mock().mockResolvedValue(7)
  await expect(fn()).resolves.toBe(7)
  await expect(Promise.reject(new Error('nope'))).rejects.toThrow('nope')
})
`

const fakeTimers = `import { test, expect, jest, setSystemTime } from 'bun:test'
test('fake timers', () => {
  const log: string[] = []
  jest.useFakeTimers()
  setTimeout(() => log.push('t100'), 100)
  setTimeout(() => log.push('t50'), 50)
  const iv = setInterval(() => log.push('iv30'), 30)
  expect(jest.getTimerCount()).toBe(3)
  jest.advanceTimersByTime(60)
  expect(log).toEqual(['iv30', 't50', 'iv30'])
  jest.advanceTimersToNextTimer()
  expect(log.length).toBe(4)
  clearInterval(iv)
  jest.runAllTimers()
  expect(log).toEqual(['iv30', 't50', 'iv30', 'iv30', 't100'])
  expect(jest.isFakeTimers()).toBe(true)
  jest.useRealTimers()
  expect(jest.isFakeTimers()).toBe(false)
})
test('fake clock', () => {
  jest.useFakeTimers({ now: 1000 })
  expect(Date.now()).toBe(1000)
  jest.advanceTimersByTime(500)
  expect(Date.now()).toBe(1500)
  jest.useRealTimers()
  setSystemTime(new Date('2020-01-01T00:00:00Z'))
  expect(new Date().toISOString()).toBe('2020-01-01T00:00:00.000Z')
  setSystemTime()
  expect(new Date().getFullYear()).toBeGreaterThan(2020)
})
`

const snapshotTest = `import { test, expect, describe } from 'bun:test'
class Foo { x = 1; y = 'two' }
test('values', () => {
  expect(1).toMatchSnapshot()
  expect(-0).toMatchSnapshot()
  expect(10n).toMatchSnapshot()
  expect('multi\\nline "quoted" \`tick\` \${x} \\\\ back').toMatchSnapshot()
  expect([1, [2, [3]], { a: [] }]).toMatchSnapshot()
  expect({ b: 1, a: 2, 'quoted key': 3, 1: 'num', u: undefined, nested: { deep: { x: null } } }).toMatchSnapshot()
  expect(new Map([['k', 1], ['o', [2]]])).toMatchSnapshot()
  expect(new Set([1, 'a'])).toMatchSnapshot()
  expect(new Date(0)).toMatchSnapshot()
  expect(/re.g\\/x/gi).toMatchSnapshot()
  expect(function named() {}).toMatchSnapshot()
  expect(new Foo()).toMatchSnapshot()
  expect(new Error('boom')).toMatchSnapshot()
  expect(new Uint8Array([1, 2])).toMatchSnapshot()
  expect({ s: 'a\\nb', t: ['x\\ny'] }).toMatchSnapshot()
})
test('hints', () => {
  expect({ a: 1 }).toMatchSnapshot('my hint')
  expect({ a: 2 }).toMatchSnapshot('my hint')
  expect(3).toMatchSnapshot()
})
describe('desc', () => { test('inner \`name\`', () => { expect('x').toMatchSnapshot() }) })
test('properties', () => { expect({ id: 5, name: 'x' }).toMatchSnapshot({ id: expect.any(Number) }) })
test('thrown', () => { expect(() => { throw new Error('bad') }).toThrowErrorMatchingSnapshot() })
`

const existingSnapshot = `// Bun Snapshot v1, https://bun.sh/docs/test/snapshots

exports[\`one 1\`] = \`
{
  "v": 1,
}
\`;

exports[\`two 1\`] = \`"b"\`;
`

const inlineSnapshots = `import { test, expect } from 'bun:test'
test('inline', () => {
  expect(1).toMatchInlineSnapshot()
  expect('str').toMatchInlineSnapshot()
  expect({ a: 1, b: [1, 2] }).toMatchInlineSnapshot()
  expect('multi\\nline').toMatchInlineSnapshot()
  expect(2).toMatchInlineSnapshot(\`2\`)
  expect({ x: 1 }).toMatchInlineSnapshot(\`
    {
      "x": 1,
    }
  \`)
  helper()
})
function helper() {
    expect([1]).toMatchInlineSnapshot()
}
test('thrown inline', () => {
  expect(() => { throw new Error('boom') }).toThrowErrorMatchingInlineSnapshot()
})
test('mismatch', () => {
  expect({ y: 2 }).toMatchInlineSnapshot(\`
    {
      "y": 1,
    }
  \`)
})
`

const expectMessages = `import { test, expect, mock } from 'bun:test'
const out: string[] = []
function c(label: string, fn: () => unknown) {
  try { fn(); out.push('=== ' + label + '\\nPASS') } catch (e: any) { out.push('=== ' + label + '\\n' + (e?.message ?? String(e))) }
}
class A { x = 1 }
class B extends A {}
test('messages', () => {
  c('toBe', () => expect(1).toBe(2))
  c('toBe not', () => expect(1).not.toBe(1))
  c('toBe str', () => expect('a').toBe('b'))
  c('toBe multiline', () => expect('a\\nb').toBe('a\\nc'))
  c('toEqual arr', () => expect([1, 2, 3]).toEqual([1, 2, 4]))
  c('toEqual not', () => expect([1]).not.toEqual([1]))
  c('toEqual map', () => expect(new Map([[1, 2]])).toEqual(new Map([[1, 3]])))
  c('toEqual set', () => expect(new Set([1])).toEqual(new Set([2])))
  c('toEqual date', () => expect(new Date(0)).toEqual(new Date(1)))
  c('toEqual types', () => expect(1).toEqual('1'))
  c('toEqual arr vs obj', () => expect([1]).toEqual({ 0: 1 }))
  c('toEqual typed', () => expect(new Uint8Array([1])).toEqual([1]))
  c('toEqual fn', () => expect({ f: () => {} }).toEqual({ f: 1 }))
  c('toEqual err', () => expect(new Error('a')).toEqual(new Error('b')))
  c('toEqual str obj', () => expect({ s: 'line1\\nline2' }).toEqual({ s: 'line1\\nline3' }))
  c('toStrictEqual class', () => expect(new B()).toStrictEqual(new A()))
  c('toStrictEqual sparse', () => expect([, 1]).toStrictEqual([undefined, 1]))
  c('toBeTruthy', () => expect(0).toBeTruthy())
  c('toBeNull not', () => expect(null).not.toBeNull())
  c('toBeDefined', () => expect(undefined).toBeDefined())
  c('toBeNaN', () => expect(1).toBeNaN())
  c('toBeGreaterThan', () => expect(1).toBeGreaterThan(2))
  c('toBeGreaterThan not', () => expect(3).not.toBeGreaterThan(2))
  c('toBeLessThanOrEqual', () => expect(3).toBeLessThanOrEqual(2))
  c('toBeLessThan bigint', () => expect(3n).toBeLessThan(2))
  c('toBeGreaterThan bad', () => expect('a').toBeGreaterThan(2))
  c('toBeCloseTo', () => expect(0.1).toBeCloseTo(0.2, 5))
  c('toBeCloseTo not', () => expect(0.1 + 0.2).not.toBeCloseTo(0.3))
  c('toContain', () => expect([1, 2]).toContain(3))
  c('toContain str', () => expect('hello').toContain('z'))
  c('toContain not', () => expect([1, 2]).not.toContain(2))
  c('toContain bad', () => expect(5).toContain(1))
  c('toHaveLength', () => expect([1]).toHaveLength(2))
  c('toHaveLength not', () => expect([1]).not.toHaveLength(1))
  c('toHaveLength bad', () => expect(5).toHaveLength(1))
  c('toHaveProperty', () => expect({ a: 1 }).toHaveProperty('b'))
  c('toHaveProperty value', () => expect({ a: { b: 1 } }).toHaveProperty(['a', 'b'], 2))
  c('toHaveProperty not', () => expect({ a: 1 }).not.toHaveProperty('a'))
  c('toHaveProperty not value', () => expect({ a: 1 }).not.toHaveProperty('a', 1))
  c('toMatch', () => expect('abc').toMatch(/x/))
  c('toMatch not', () => expect('abc').not.toMatch('b'))
  c('toMatch bad', () => expect(1).toMatch('x'))
  c('toMatchObject arr', () => expect([{ a: 1 }]).toMatchObject([{ a: 2 }]))
  c('toMatchObject bad', () => expect(1).toMatchObject({ a: 1 }))
  c('toThrow no throw', () => expect(() => {}).toThrow())
  c('toThrow regex', () => expect(() => { throw new Error('abc') }).toThrow(/x/))
  c('toThrow class', () => expect(() => { throw new TypeError('abc') }).toThrow(RangeError))
  c('toThrow err obj', () => expect(() => { throw new Error('abc') }).toThrow(new Error('x')))
  c('toThrow not', () => expect(() => { throw new Error('abc') }).not.toThrow())
  c('toThrow not msg', () => expect(() => { throw new Error('abc') }).not.toThrow('b'))
  c('toThrow not class', () => expect(() => { throw new TypeError('abc') }).not.toThrow(TypeError))
  c('toThrow non fn', () => expect(5).toThrow())
  c('toThrow non error', () => expect(() => { throw 'str' }).toThrow('x'))
  c('toThrowError', () => expect(() => {}).toThrowError())
  c('toBeTypeOf', () => expect(1).toBeTypeOf('string'))
  c('toBeTypeOf bad', () => expect(1).toBeTypeOf('foo' as any))
  c('toBeArray', () => expect(1).toBeArray())
  c('toBeInteger', () => expect(1.5).toBeInteger())
  c('toBeWithin', () => expect(5).toBeWithin(1, 3))
  c('toBeEmpty', () => expect('a').toBeEmpty())
  c('toBeEmpty not', () => expect('').not.toBeEmpty())
  c('toBeOneOf', () => expect(1).toBeOneOf([2, 3]))
  c('toStartWith', () => expect('abc').toStartWith('b'))
  c('toEndWith not', () => expect('abc').not.toEndWith('c'))
  c('toIncludeRepeated', () => expect('abcb').toIncludeRepeated('b', 3))
  c('toContainAllKeys', () => expect({ a: 1, b: 2 }).toContainAllKeys(['a']))
  c('unreachable', () => expect.unreachable())
  c('unreachable msg', () => expect.unreachable('custom'))
  c('fail', () => expect(1).fail())
  c('pass not', () => expect(1).not.pass())
  c('custom message', () => expect(1, 'my message').toBe(2))
  const fn = mock((a: number) => a * 2)
  c('toHaveBeenCalled', () => expect(mock()).toHaveBeenCalled())
  fn(1); fn(2)
  c('toHaveBeenCalled not', () => expect(fn).not.toHaveBeenCalled())
  c('toHaveBeenCalledOnce', () => expect(fn).toHaveBeenCalledOnce())
  c('toHaveBeenCalledWith', () => expect(fn).toHaveBeenCalledWith(3))
  c('toHaveBeenCalledWith not', () => expect(fn).not.toHaveBeenCalledWith(1))
  c('toHaveBeenLastCalledWith', () => expect(fn).toHaveBeenLastCalledWith(1))
  c('toHaveBeenNthCalledWith', () => expect(fn).toHaveBeenNthCalledWith(1, 2))
  c('toHaveBeenNthCalledWith bad', () => expect(fn).toHaveBeenNthCalledWith(0, 2))
  c('toHaveReturnedTimes', () => expect(fn).toHaveReturnedTimes(1))
  c('toHaveReturnedWith', () => expect(fn).toHaveReturnedWith(5))
  c('toHaveLastReturnedWith', () => expect(fn).toHaveLastReturnedWith(2))
  c('toHaveNthReturnedWith', () => expect(fn).toHaveNthReturnedWith(1, 4))
  c('asym any', () => expect(1).toEqual(expect.any(String)))
  c('asym anything', () => expect(null).toEqual(expect.anything()))
  c('asym stringContaining', () => expect('abc').toEqual(expect.stringContaining('z')))
  c('asym closeTo', () => expect(1).toEqual(expect.closeTo(2)))
  c('asym not', () => expect('abc').toEqual(expect.not.stringContaining('b')))
  c('asym nested', () => expect({ a: 1, b: 'x' }).toEqual({ a: expect.any(Number), b: expect.any(Number) }))
  c('asym pass', () => expect({ a: 1, b: 'x' }).toEqual({ a: expect.any(Number), b: expect.any(String) }))
  c('expect.assertions bad', () => expect.assertions('x' as any))
  c('toEqual long diff', () => expect(Array.from({ length: 12 }, (_, i) => i)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 6 ? -1 : i))))
})
test('print', () => { console.log(out.join('\\n')) })
`

const extend = `import { test, expect } from 'bun:test'
expect.extend({
  toBeDivisibleBy(received: number, d: number) {
    return { pass: received % d === 0, message: () => 'expected ' + received + ' to be divisible by ' + d }
  },
  toBeNoMessage() { return { pass: false } },
})
test('custom pass', () => { (expect(10) as any).toBeDivisibleBy(5) })
test('custom fail', () => { (expect(10) as any).toBeDivisibleBy(3) })
test('custom not', () => { (expect(10) as any).not.toBeDivisibleBy(5) })
test('no message', () => { (expect(1) as any).toBeNoMessage() })
test('asymmetric', () => { expect({ n: 8 }).toEqual({ n: (expect as any).toBeDivisibleBy(2) }) })
test('assertions', () => { expect.assertions(2); expect(1).toBe(1) })
test('hasAssertions', () => { expect.hasAssertions() })
test('assertions ok', () => { expect.assertions(1); expect(1).toBe(1) })
`

const errorsBetween = {
  'a.test.ts': `import { test } from 'bun:test'
test('t1', async () => { setTimeout(() => { throw new Error('from timer') }, 1); await new Promise((r) => setTimeout(r, 20)) })
test('t2', async () => { Promise.reject(new Error('unhandled rejection')); await new Promise((r) => setTimeout(r, 20)) })
test('t3', () => {})
`,
  'b.test.ts': `import { test } from 'bun:test'
throw new Error('top level')
test('never', () => {})
`,
  'c.test.ts': `import { test, describe } from 'bun:test'
describe('d', () => { test('ok', () => {}); throw new Error('in describe') })
test('after', () => {})
`,
  'd.test.ts': "import './missing'\n",
}

const failingShort = `import { test, expect } from 'bun:test'
test('p1', () => {})
test('f1', () => { expect(1).toBe(2) })
test.skip('s1', () => {})
test.todo('t1')
`
const passingShort = "test('p2', () => {})\ntest('p3', () => {})\n"

const many = Array.from({ length: 22 }, (_, i) => `test('pass ${i}', () => {})`).join('\n')

export const TEST_CORPUS: TestCase[] = [
  {
    name: 'bun:test module surface',
    files: {
      'a.test.ts': `import * as bunTest from 'bun:test'
const t = require('bun:test')
bunTest.test('surface', () => {
  console.log(Object.keys(t).sort().join(','))
  console.log(Object.keys(t.jest).sort().join(','))
  console.log(Object.keys(t.vi).sort().join(','))
  console.log(Object.keys(t.mock).sort().join(','))
  console.log(Object.getOwnPropertyNames(t.expect).filter((k) => !['length', 'name', 'prototype'].includes(k)).sort().join(','))
  console.log(typeof bunTest.expect, typeof bunTest.default)
})
`,
    },
  },
  {
    name: 'process.exit in a test',
    files: {
      'a.test.ts':
        "test('first', () => {})\ntest('exit', () => { console.log('before exit'); process.exit(3) })\ntest('never', () => {})\n",
    },
  },
  { name: 'syntax error in a test file', files: { 'a.test.ts': "test('x', () => {\n  let x = 1 +;\n})\n" } },
  {
    name: 'misuse inside a test',
    files: {
      'a.test.ts': `import { test, describe, beforeAll } from 'bun:test'
test('nested test', () => { test('inner', () => {}) })
test('nested describe', () => { describe('inner', () => {}) })
test('beforeAll inside', () => { beforeAll(() => {}) })
describe('async describe fails', async () => { await Promise.resolve(); throw new Error('async describe') })
test('after', () => {})
`,
    },
    differs: { positions: THROW_COLUMN },
  },
  {
    name: 'concurrent tests',
    files: {
      'c.test.ts': `import { test, describe, beforeEach } from 'bun:test'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
test.concurrent('c1 slow', async () => { await sleep(30); console.log('c1 done') })
test.concurrent('c2 fast', async () => { await sleep(5); console.log('c2 done') })
test.concurrent('c3 mid', async () => { await sleep(15); console.log('c3 done') })
test('serial after', () => { console.log('serial') })
describe.concurrent('group', () => {
  test('g1', async () => { await sleep(10); console.log('g1 done') })
  test('g2', async () => { await sleep(1); console.log('g2 done') })
})
`,
    },
  },
  {
    name: '--dots',
    files: { 'a.test.ts': failingShort, 'b.test.ts': passingShort },
    args: ['test', '--dots'],
    differs: { positions: THROW_COLUMN },
  },
  {
    name: '--only-failures',
    files: { 'a.test.ts': failingShort, 'b.test.ts': passingShort },
    args: ['test', '--only-failures'],
    differs: { positions: THROW_COLUMN },
  },
  {
    name: 'mock.module',
    files: {
      'dep.ts': "export const value = 'real'\nexport default function def() { return 'real default' }\n",
      'a.test.ts': `import { test, expect, mock } from 'bun:test'
test('mock.module before import', async () => {
  mock.module('./dep', () => ({ value: 'mocked', default: () => 'mocked default' }))
  const m = await import('./dep')
  expect(m.value).toBe('mocked')
  expect(m.default()).toBe('mocked default')
  expect(require('./dep').value).toBe('mocked')
})
test('bad arguments', () => {
  expect(() => (mock.module as any)('./dep')).toThrow('mock(module, fn) requires a function')
  expect(() => (mock.module as any)(5, () => ({}))).toThrow('mock(module, fn) requires a module name string')
})
`,
    },
  },
  {
    name: 'snapshot property matchers fail',
    files: {
      'a.test.ts': "test('p', () => { expect({ id: 'x', name: 'n' }).toMatchSnapshot({ id: expect.any(Number) }) })\n",
    },
  },
  {
    name: 'inline snapshots updated with -u',
    files: {
      'a.test.ts':
        'test(\'u\', () => {\n  expect({ y: 2 }).toMatchInlineSnapshot(`\n    {\n      "y": 1,\n    }\n  `)\n  expect(\'s\').toMatchInlineSnapshot(`"old"`)\n})\n',
    },
    args: ['test', '-u'],
  },
  {
    name: 'bun test --help',
    files: {},
    args: ['test', '--help'],
    differs: { stdout: 'the help lists only the flags Vitamin-Bun implements' },
  },
  { name: 'passing tests', files: { 'math.test.ts': passing }, browser: true },
  { name: 'failing tests with diffs', files: { 'fail.test.ts': failing }, browser: true },
  {
    // Lines with one change each: Bun highlights the changed part of a line with diff-match-patch's character
    // diff; ours splits at the common prefix and suffix, which agrees on such lines (not on lines with several edits).
    name: 'colours',
    files: { 'colours.test.ts': colours, 'pass.test.ts': passing },
    env: { FORCE_COLOR: '1' },
  },
  { name: 'hooks in order', files: { 'hooks.test.ts': hooks }, browser: true },
  { name: 'hook failures', files: { 'hooks.test.ts': hookFailures }, differs: { positions: THROW_COLUMN } },
  { name: 'collection order', files: { 'collect.test.ts': collection } },
  { name: 'skip, todo, failing, if', files: { 'mod.test.ts': modifiers }, differs: { positions: THROW_COLUMN } },
  {
    name: 'globals without an import',
    files: {
      'g.test.ts':
        "xit('xit', () => {})\nxtest('xtest', () => {})\nxdescribe('xd', () => { it('it', () => {}) })\nit('runs', () => { expect(typeof vi.fn).toBe('function') })\n",
    },
  },
  {
    name: 'todo tests run with --todo',
    files: { 'mod.test.ts': modifiers },
    args: ['test', '--todo'],
    differs: { positions: THROW_COLUMN },
  },
  { name: 'each with format specifiers', files: { 'each.test.ts': each } },
  { name: 'timeouts', files: { 'timeout.test.ts': timeouts } },
  {
    name: '--timeout',
    files: { 't.test.ts': "test('slow', async () => { await new Promise((r) => setTimeout(r, 100)) })\n" },
    args: ['test', '--timeout', '10'],
  },
  { name: 'mocks', files: { 'mock.test.ts': mocks }, browser: true },
  { name: 'fake timers', files: { 'timers.test.ts': fakeTimers }, browser: true },
  { name: 'snapshots are written', files: { 'snap.test.ts': snapshotTest }, browser: true },
  {
    name: 'snapshots compared, appended',
    files: {
      'a.test.ts':
        "test('zero', () => { expect(0).toMatchSnapshot() })\ntest('one', () => { expect({ v: 2 }).toMatchSnapshot() })\n",
      '__snapshots__/a.test.ts.snap': existingSnapshot,
    },
  },
  {
    name: 'snapshots updated with -u',
    files: {
      'a.test.ts':
        "test('zero', () => { expect(0).toMatchSnapshot() })\ntest('one', () => { expect({ v: 2 }).toMatchSnapshot() })\n",
      '__snapshots__/a.test.ts.snap': existingSnapshot,
    },
    args: ['test', '-u'],
  },
  {
    name: 'snapshots not written in CI',
    files: { 'a.test.ts': "test('zero', () => { expect(0).toMatchSnapshot() })\n" },
    env: { CI: 'true' },
  },
  { name: 'inline snapshots', files: { 'inline.test.ts': inlineSnapshots } },
  { name: 'expect messages', files: { 'messages.test.ts': expectMessages } },
  { name: 'expect.extend and assertions', files: { 'extend.test.ts': extend } },
  { name: 'errors between tests', files: errorsBetween, differs: { positions: THROW_COLUMN } },
  {
    name: 'discovery',
    files: {
      'a.test.ts': "test('a', () => {})\n",
      'b.spec.js': "test('b', () => {})\n",
      'c_test.tsx': "test('c', () => {})\n",
      'd_spec.mjs': "test('d', () => {})\n",
      'e.test.d.ts': 'export {}\n',
      'f_test_x.ts': "test('f', () => {})\n",
      'not-a-test.ts': "test('no', () => {})\n",
      'node_modules/pkg/x.test.ts': "test('nm', () => {})\n",
      '.hidden/y.test.ts': "test('hidden', () => {})\n",
      'Z.test.ts': "test('Z', () => {})\n",
      'sub/g.test.ts': "test('g', () => {})\n",
    },
  },
  {
    name: 'path filters',
    files: { 'a.test.ts': "test('a', () => {})\n", 'sub/b.test.ts': "test('b', () => {})\n", 'util.ts': 'export {}\n' },
    args: ['test', 'sub'],
  },
  {
    name: 'file path argument',
    files: { 'a.test.ts': "test('a', () => {})\n", 'sub/b.test.ts': "test('b', () => {})\n" },
    args: ['test', './sub/b.test.ts'],
  },
  { name: 'no tests found', files: { 'util.ts': 'export {}\n' } },
  { name: 'filter matches nothing', files: { 'a.test.ts': "test('a', () => {})\n" }, args: ['test', 'nomatch'] },
  { name: 'missing path', files: { 'a.test.ts': "test('a', () => {})\n" }, args: ['test', './nope.test.ts'] },
  { name: '--pass-with-no-tests', files: { 'util.ts': 'export {}\n' }, args: ['test', '--pass-with-no-tests'] },
  {
    name: '-t name pattern',
    files: {
      'a.test.ts':
        "test('alpha', () => {})\ntest('beta', () => {})\ndescribe('group', () => { test('gamma', () => {}); test.skip('alpha skipped', () => {}) })\n",
    },
    args: ['test', '-t', 'alpha|group gam'],
  },
  {
    name: '-t matching nothing',
    files: { 'a.test.ts': "test('alpha', () => {})\n" },
    args: ['test', '--test-name-pattern', 'zzz'],
  },
  {
    name: '--bail',
    files: {
      'a.test.ts':
        "test('p', () => {})\ntest('f1', () => { throw new Error('one') })\ntest('f2', () => { throw new Error('two') })\n",
    },
    args: ['test', '--bail'],
    differs: { positions: THROW_COLUMN },
  },
  {
    name: '--bail=2',
    files: {
      'a.test.ts':
        "test('f1', () => { throw new Error('one') })\ntest('f2', () => { throw new Error('two') })\ntest('f3', () => {})\n",
    },
    args: ['test', '--bail=2'],
    differs: { positions: THROW_COLUMN },
  },
  {
    name: 'only',
    files: {
      'a.test.ts':
        "import { test, describe } from 'bun:test'\ntest('a1', () => {})\ntest.only('a2 only', () => {})\ndescribe.only('donly', () => { test('x', () => {}) })\n",
      'b.test.ts': "test('b1', () => {})\n",
    },
  },
  {
    name: '--only',
    files: {
      'a.test.ts': "import { test } from 'bun:test'\ntest('a1', () => {})\ntest.only('a2 only', () => {})\n",
      'b.test.ts': "test('b1', () => {})\n",
    },
    args: ['test', '--only'],
  },
  {
    name: '--rerun-each',
    files: {
      'shared.ts': 'export let n = 0\nexport const inc = () => ++n\nconsole.log("shared loaded")\n',
      'a.test.ts': "import { inc } from './shared'\ntest('a', () => { console.log('a', inc()) })\n",
    },
    args: ['test', '--rerun-each', '2'],
  },
  {
    name: 'retry and repeats',
    files: {
      // Options in variables: V8 names an arrow followed by an object literal argument after it (\`test.retry\`).
      'a.test.ts': `let n = 0
const retry = { retry: 3 }
const repeats = { repeats: 3 }
test('flaky', () => { n++; expect(n).toBe(3) }, retry)
let m = 0
test('repeated', () => { m++; if (m === 2) throw new Error('second run') }, repeats)
test('repeated ok', () => {}, { repeats: 2 } as const)
`,
    },
    differs: { positions: THROW_COLUMN },
  },
  {
    name: 'more than 20 passing repeats the lists',
    files: {
      'many.test.ts': `${many}\ntest.skip('s', () => {})\ntest.todo('t')\ntest('f', () => { expect(1).toBe(2) })\n`,
    },
  },
  {
    name: 'junit reporter',
    files: {
      'a.test.ts': `import { test, expect, describe } from 'bun:test'
test('top <pass> & "q"', () => { expect(1).toBe(1); expect(2).toBe(2) })
describe('outer', () => {
  test('in outer', () => { expect(1).toBe(2) })
  describe('inner', () => { test.skip('skipped', () => {}); test.todo('todo') })
  test('after inner', () => {})
})
test('last', () => {})
`,
      'b.test.ts': "test('b', () => {})\n",
    },
    args: ['test', '--reporter=junit', '--reporter-outfile=junit.xml'],
  },
  {
    name: 'junit without outfile',
    files: { 'a.test.ts': "test('a', () => {})\n" },
    args: ['test', '--reporter', 'junit'],
  },
  { name: 'bad --timeout', files: { 'a.test.ts': "test('a', () => {})\n" }, args: ['test', '--timeout', 'abc'] },
  {
    name: 'dynamic hooks and onTestFinished',
    files: {
      'a.test.ts': `import { test, describe, afterEach, onTestFinished } from 'bun:test'
describe('d', () => {
  afterEach(() => console.log('describe afterEach'))
  test('dyn', () => {
    afterEach(() => console.log('dyn afterEach 1'))
    afterEach(() => console.log('dyn afterEach 2'))
    onTestFinished(() => console.log('finished 1'))
    onTestFinished(() => console.log('finished 2'))
    console.log('dyn body')
  })
  test('next', () => console.log('next body'))
})
`,
    },
  },
  {
    name: 'preload',
    files: {
      'setup.ts':
        "import { beforeAll, afterAll } from 'bun:test'\nbeforeAll(() => console.log('global setup'))\nafterAll(() => console.log('global teardown'))\nconsole.log('preloaded')\n",
      'a.test.ts': "test('a', () => console.log('a'))\n",
      'b.test.ts': "test('b', () => console.log('b'))\n",
    },
    args: ['test', '--preload', './setup.ts'],
  },
  {
    name: 'globals, NODE_ENV, argv',
    files: {
      'a.test.ts':
        "test('g', () => { console.log(typeof describe, typeof test, typeof it, typeof expect, typeof jest, typeof beforeAll, typeof xit, typeof vi, typeof (globalThis as any).mock, process.env.NODE_ENV, Bun.main === import.meta.path, import.meta.main) })\n",
    },
  },
  {
    name: 'expect.unreachable',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
test('what it throws', () => {
  const mine = new RangeError('mine')
  for (const arg of [undefined, null, '', 'why', mine, 7, { k: 1 }]) {
    try {
      expect.unreachable(arg as any)
    } catch (e: any) {
      if (e === arg) console.log('the argument itself', typeof e)
      else console.log(e.name, JSON.stringify(e.message), Object.keys(e), e instanceof Error)
    }
  }
})
test('bare', () => { expect.unreachable() })
test('with a message', () => { expect.unreachable('not here') })
`,
    },
  },
  {
    name: 'asymmetric matcher factories: bad arguments and tags',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
const E: any = expect
const show = (label: string, make: () => unknown) => {
  try {
    console.log(label, Object.prototype.toString.call(make()))
  } catch (e: any) {
    console.log(label, e.constructor.name, JSON.stringify(e.message))
  }
}
test('factories', () => {
  for (const name of ['arrayContaining', 'objectContaining', 'stringContaining', 'stringMatching', 'closeTo']) {
    for (const arg of [undefined, 'text', 3, [3], { a: 3 }, /re/, null, () => 1, new String('boxed')]) {
      show(name, () => E[name](arg))
      show('not.' + name, () => E.not[name](arg))
    }
  }
  show('closeTo precision', () => E.closeTo(1, '2'))
  show('closeTo precision undefined', () => E.closeTo(1, undefined))
  show('any()', () => E.any())
  show('any(undefined)', () => E.any(undefined))
  show('any(3)', () => E.any(3))
  show('any(Number)', () => E.any(Number))
  show('anything', () => E.anything())
  E.extend({ _mine: () => ({ pass: true, message: () => '' }) })
  show('custom', () => E._mine(1))
})
`,
    },
  },
  {
    name: 'custom asymmetric matchers print as their name and arguments',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
const E: any = expect
E.extend({
  _multipleOf(received: unknown, n: number) {
    return { pass: typeof received === 'number' && received % n === 0, message: () => 'no' }
  },
  _show(received: unknown) {
    console.log(JSON.stringify(this.utils.stringify(received)))
    return { pass: true, message: () => '' }
  },
})
test('inline', () => {
  E(E._multipleOf(4))._show()
  E(E.not._multipleOf(4, 'and', { more: true }))._show()
  E(E._multipleOf())._show()
  console.log(Bun.inspect(E._multipleOf(5)), Bun.inspect(E.not._multipleOf(5, [6])))
})
test('in a diff', () => {
  expect({ x: 9, y: [2] }).toEqual({ x: E._multipleOf(4), y: [E.not._multipleOf(2, 'why')] })
})
`,
    },
  },
  {
    name: 'a helper finds the test API through bun:jsc and Bun.jest',
    files: {
      'helper.js': `module.exports = () => {
  const jsc = require('bun:jsc')
  const origin = jsc.callerSourceOrigin()
  console.log(origin.replace('file://' + process.cwd(), 'CWD'))
  return Bun.jest(Bun.fileURLToPath(origin))
}
`,
      'a.test.js': `const { test, expect, describe } = require('./helper.js')()
describe('through the helper', () => {
  test('works', () => { expect([1, 2]).toContain(2) })
})
console.log(Object.keys(Bun.jest('/x')).sort().join(','))
`,
    },
  },
  {
    name: 'matchers on strings, functions, boxed primitives and non-objects',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
const r = (f: () => void) => {
  try {
    f()
    return 'pass'
  } catch (e: any) {
    return 'FAIL ' + e.message.split('\\n').slice(0, 4).join(' | ')
  }
}
test('outcomes', () => {
  for (const f of [
    () => expect('hello').toContainEqual('h'),
    () => expect('hello').toContainEqual('ell'),
    () => expect('hello').not.toContainEqual(''),
    () => expect('1').not.toContainEqual('1'),
    () => expect('😃x').toContainEqual('😃'),
    () => expect(new Set([1, [2]])).toContainEqual([2]),
    () => expect(class A {}).toBeObject(),
    () => expect(() => 1).toBeObject(),
    () => expect({}).toEqualIgnoringWhitespace({} as any),
    () => expect(1).toEqualIgnoringWhitespace(' 1'),
    () => expect(Object(1n)).toEqual(expect.any(BigInt)),
    () => expect(Object(Symbol())).toEqual(expect.any(Symbol)),
    () => expect('a').toEqual(expect.not.closeTo(1)),
    () => expect('a').toEqual(expect.closeTo(1, 1)),
    () => expect(3).toEqual(expect.not.closeTo(3, 1)),
    () => expect(undefined).not.toContainKey('a'),
    () => expect('ab').not.toContainKey('a'),
    () => expect(Object.assign(() => 1, { a: 1 })).toContainKey('a'),
    () => expect(undefined).toContainKeys(['a']),
    () => expect(undefined).not.toContainAnyKeys(['a']),
  ])
    console.log(r(f))
  console.log(Bun.inspect(expect.not.closeTo(1)), Bun.inspect(expect.closeTo(1)))
})
`,
    },
  },
  {
    name: 'thrown-error snapshots take the message of real Errors only',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
test('s', () => {
  expect(() => { throw { message: 'x' } }).toThrowErrorMatchingInlineSnapshot()
  expect(() => { throw Object.assign(Object.create(Error.prototype), { message: 'y' }) }).toThrowErrorMatchingInlineSnapshot()
  expect(() => { throw new TypeError('z') }).toThrowErrorMatchingInlineSnapshot()
  expect(() => { throw 'abc' }).toThrowErrorMatchingInlineSnapshot()
  expect(() => { throw 0 }).toThrowErrorMatchingSnapshot()
  expect(() => { throw new RangeError('r') }).toThrowErrorMatchingSnapshot()
})
`,
    },
  },
  {
    name: 'resolves and rejects: awaited, not awaited, late, wrongly settled, not a promise',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
test('awaited', async () => {
  await expect(Promise.resolve(1)).resolves.toBe(1)
  await expect(Promise.reject(2)).rejects.toBe(2)
})
test('a failure caught by the caller', async () => {
  let caught = 'nothing'
  try {
    await expect(Promise.resolve(1)).resolves.toBe(2)
  } catch (e: any) {
    caught = e.message.split('\\n')[0]
  }
  console.log('caught:', caught)
})
test('missing await still fails', () => {
  expect(Promise.resolve(1)).resolves.toBe(2)
})
test('late promises', async () => {
  expect(new Promise((_, r) => setTimeout(() => r(new Error('late')), 5))).rejects.toThrow('late')
  expect(new Promise((r) => setTimeout(() => r(3), 5))).resolves.toBe(4)
})
test('resolved when it should reject', async () => {
  await expect(Promise.resolve(1)).rejects.toBe(1)
})
test('not a promise', () => {
  expect(5).resolves.toBe(5)
})
test('after all', () => { expect(1).toBe(1) })
`,
    },
  },
  {
    name: 'toThrow after resolves takes the resolved value as thrown',
    files: {
      'a.test.ts': `import { expect, test } from 'bun:test'
test('r', async () => {
  const r = async (f: () => any) => { try { await f(); return 'pass' } catch (e: any) { return 'FAIL ' + e.message.split('\\n').slice(0, 4).join(' | ') } }
  console.log(await r(() => expect(Promise.resolve(5)).resolves.toThrow()))
  console.log(await r(() => expect(Promise.resolve(new Error('m'))).resolves.toThrow('m')))
  console.log(await r(() => expect(Promise.resolve(new Error('m'))).resolves.toThrow('x')))
  console.log(await r(() => expect(Promise.resolve('s')).resolves.not.toThrow()))
})
`,
    },
  },
]

/**
 * node:os: what must equal the real Bun on Linux (constants, EOL, platform
 * identity, environment-derived paths, validation errors, result shapes) is
 * compared with Bun run under the same environment; what the container
 * reports by design (virtual kernel, loopback-only network) is checked
 * against its documented values.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createOs } from '../src/runtime/node/os.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext, createTestHost } from './support/test-host.js'

const describeError = `(error) => ({ name: error.name, code: error.code, message: error.message, keys: Object.keys(error), info: error.info, errno: error.errno, syscall: error.syscall })`

/** Expressions over `os` whose results must equal Bun's (same env). */
const CASES = [
  'os.EOL',
  'os.devNull',
  'os.platform()',
  'os.arch()',
  'os.type()',
  'os.endianness()',
  'os.homedir()',
  'os.tmpdir()',
  'os.constants',
  'Object.keys(os).sort()',
  'Object.keys(os.constants)',
  'os.userInfo().homedir',
  'Object.keys(os.userInfo())',
  'Object.keys(os.userInfo({ encoding: "buffer" }))',
  'typeof os.userInfo().uid',
  'os.loadavg().length',
  'os.cpus().length > 0',
  // Bun fills cpus() entries lazily (getters plus a toJSON until first read),
  // so the shape is compared as serialised.
  'Object.keys(JSON.parse(JSON.stringify(os.cpus()[0])))',
  'Object.keys(os.cpus()[0].times)',
  'os.availableParallelism() >= 1',
  'Number.isInteger(os.uptime())',
  'os.totalmem() >= os.freemem()',
  'Object.keys(os.networkInterfaces().lo[0])',
  'os.networkInterfaces().lo',
  'os.getPriority()',
  'os.getPriority(0)',
  '(os.setPriority(5), os.getPriority())',
  '(os.setPriority(0, 3), os.getPriority(0))',
  '(os.setPriority(0), os.getPriority())',
  'os.setPriority(100)',
  'os.setPriority(-21)',
  "os.setPriority('x')",
  "os.setPriority(0, 'x')",
  'os.setPriority(1.5, 0)',
  'os.setPriority(0, 1.5)',
  'os.getPriority(99999999)',
  "os.getPriority('x')",
  'os.getPriority(2 ** 40)',
  'os.getPriority(null)',
  'os.setPriority(99999999, 1)',
]

type Result = { ok: unknown } | { error: unknown }
const ENV = { HOME: '/home/someone', TMPDIR: '/var/tmp/x/' }

function evaluate(os: object): Result[] {
  const fail = new Function(`return ${describeError}`)() as (error: unknown) => unknown
  return CASES.map((source) => {
    try {
      return { ok: new Function('os', `return (${source})`)(os) as unknown }
    } catch (error) {
      return { error: fail(error) }
    }
  })
}

describe('node:os', () => {
  let expected: Result[] = []

  beforeAll(() => {
    const script = `const os = require('node:os')
const fail = ${describeError}
const results = ${JSON.stringify(CASES)}.map((source) => {
  try { return { ok: new Function('os', 'return (' + source + ')')(os) } } catch (error) { return { error: fail(error) } }
})
console.log(JSON.stringify(results))`
    const run = runRealBunScript(script, { env: ENV })
    expect(run.stderr).toBe('')
    expected = JSON.parse(run.stdout) as Result[]
  })

  it('matches the real Bun on Linux (same environment)', () => {
    const os = createOs(createTestContext(createTestHost({ env: ENV })))
    const actual = JSON.parse(JSON.stringify(evaluate(os))) as Result[]
    const mismatches = CASES.flatMap((source, i) => {
      const bun = JSON.stringify(expected[i])
      const ours = JSON.stringify(actual[i])
      return bun === ours ? [] : [`${source}\n  bun:  ${bun}\n  ours: ${ours}`]
    })
    if (mismatches.length > 0) console.log(mismatches.join('\n'))
    expect(mismatches).toEqual([])
  })

  it('reports the container identity and environment-derived values', () => {
    const os = createOs(
      createTestContext(createTestHost({ env: { HOSTNAME: 'box', USER: 'dev', SHELL: '/bin/zsh', TMP: '/t/' } })),
    )
    expect(os.hostname()).toBe('box')
    expect(os.userInfo()).toEqual({ homedir: '/root', username: 'dev', shell: '/bin/zsh', uid: 0, gid: 0 })
    expect(os.homedir()).toBe('/root')
    expect(os.tmpdir()).toBe('/t')
    expect(os.machine()).toBe('x86_64')
    expect(os.release()).toBe('6.8.0-vitamin-bun')
    expect(os.version()).toBe('#1 SMP PREEMPT_DYNAMIC vitamin-bun')
    expect(os.loadavg()).toEqual([0, 0, 0])
    expect(Object.keys(os.networkInterfaces())).toEqual(['lo'])
    expect(os.cpus()).toHaveLength(os.availableParallelism())
    expect(os.cpus()[0]!.model).toBe('Virtual CPU')

    const bare = createOs(createTestContext(createTestHost({ env: {} })))
    expect([bare.hostname(), bare.homedir(), bare.tmpdir(), bare.userInfo().username]).toEqual([
      'localhost',
      '/root',
      '/tmp',
      'root',
    ])
  })

  it('keeps priorities per process', () => {
    const host = createTestHost()
    const os = createOs(createTestContext(host))
    os.setPriority(host.pid, 7)
    expect(os.getPriority()).toBe(7)
    expect(createOs(createTestContext(createTestHost())).getPriority()).toBe(0)
  })
})

/**
 * Runs `bun` in-process for tests: a {@link createTestHost} host whose module
 * service is a {@link ModuleService} over the same VFS (no kernel, no
 * workers), whose `exit` unwinds with `ProcessExit`, and which runs the
 * shell's builtins as children. Globals are installed on the test's own
 * global object, so run one at a time.
 */
import { bunMain } from '../../src/cli/index.js'
import { ModuleService } from '../../src/runtime/loader/service.js'
import { ProcessExit } from '../../src/runtime/process.js'
import { createTestHost, type TestHostOptions } from './test-host.js'

export interface BunRun {
  stdout: string
  stderr: string
  exitCode: number
}

/** Runs `bun ...args` over a fresh VFS holding `options.files` under `/app`. */
export async function runBun(
  args: string[],
  options: TestHostOptions = {},
): Promise<BunRun & { host: ReturnType<typeof createTestHost> }> {
  const host = createTestHost({ argv: ['bun', ...args], ...options })
  const service = new ModuleService(host.vfs)
  Object.assign(host, {
    modules: {
      loadGraph: (request: Parameters<ModuleService['loadGraph']>[0]) => service.loadGraph(request),
      sourceMap: (id: string) => service.sourceMap(id),
    },
    exit: (code: number) => {
      throw new ProcessExit(code)
    },
    which: () => null,
  })
  const saved = { process: globalThis.process, console: globalThis.console }
  let exitCode: number
  try {
    exitCode = await bunMain(host)
  } finally {
    Object.defineProperty(globalThis, 'process', { value: saved.process, writable: true, configurable: true })
    Object.defineProperty(globalThis, 'console', { value: saved.console, writable: true, configurable: true })
  }
  const { stdout, stderr } = host.output()
  return { stdout, stderr, exitCode, host }
}

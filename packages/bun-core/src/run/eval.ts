/**
 * `bun -e <code>` and `bun -p <code>`: the code runs as a module named
 * `<cwd>/[eval]` (TypeScript; `require`, `__filename` and top-level await
 * work); `-p` prints the value of its last expression, awaited, as
 * `console.log` would.
 */
import type { RuntimeHost } from '../runtime/host.js'
import { BUN_EXEC_PATH } from '../runtime/process.js'
import { Runtime } from '../runtime/runtime.js'
import { startWorkerChild } from '../runtime/worker.js'

/** Runs `code`; `print` prints its completion value. `args` become `process.argv[1…]`. */
export async function runEval(host: RuntimeHost, code: string, print: boolean, given: string[]): Promise<number> {
  const id = `${host.cwd === '/' ? '' : host.cwd}/[eval]`
  // As after a file, Bun drops one `--` right after the code.
  const args = given[0] === '--' ? given.slice(1) : given
  const runtime = new Runtime(host, { argv: [BUN_EXEC_PATH, ...args], main: id })

  runtime.installGlobals()
  try {
    await startWorkerChild(runtime)
    return await runtime.runMain(
      id,
      code,
      print
        ? async (value) => {
            const settled = value instanceof Promise ? await value : value
            runtime.console.log(settled)
          }
        : undefined,
    )
  } finally {
    runtime.dispose()
  }
}

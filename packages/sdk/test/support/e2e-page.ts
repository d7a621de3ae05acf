// The page of the end-to-end test: runs a scenario with the SDK's default worker URL
// (`vitamin-bun.worker.js` next to this bundle) and reports what happened.
import { createBunContainer } from '@aspect-build/sdk/browser'

async function scenario(): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = { isolated: crossOriginIsolated }
  const c = await createBunContainer({ files: { 'a.txt': 'from files\n' } })
  report.processes = c.processes
  report.exec = await c.exec('sh', ['-c', 'echo piped | sh -c cat; cat a.txt; echo oops 1>&2; exit 4'])
  const proc = c.spawn('sh', ['-c', 'echo ready; cat'])
  report.firstChunk = await new Promise<string>((resolve) =>
    proc.stdout.on('data', (chunk) => resolve(new TextDecoder().decode(chunk))),
  )
  proc.kill('SIGKILL')
  report.killed = await proc.exited
  await c.fs.writeFile('b.txt', 'via fs')
  report.catB = (await c.exec('cat', ['b.txt'])).stdout
  report.forcedWorkers = await createBunContainer({ processes: 'workers' }).then(
    async (w) => {
      const out = (await w.exec('echo', ['worker mode'])).stdout
      await w.destroy()
      return { ok: out }
    },
    (error: Error & { code?: string; syscall?: string }) => ({
      code: error.code,
      syscall: error.syscall,
      message: error.message,
    }),
  )
  await c.destroy()
  report.afterDestroy = await c.exec('true').catch((error: { code?: string }) => error.code)
  return report
}

;(globalThis as { scenario?: typeof scenario }).scenario = scenario

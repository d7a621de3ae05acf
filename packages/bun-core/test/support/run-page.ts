/**
 * The page of the Chromium `bun run` suite: one container per page (booted
 * by the SDK as an embedder would), and `runBun(dir, files, args)` to run a
 * corpus case in it.
 */
import { type BunContainer, createBunContainer } from '@aspect-build/sdk/browser'

let container: Promise<BunContainer> | null = null

async function runBun(
  dir: string,
  files: Record<string, string>,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  container ??= createBunContainer({ env })
  const c = await container
  await c.fs.mkdir(dir, { recursive: true })
  await c.mount(dir, files)
  try {
    return await c.exec('bun', args, { cwd: dir, env })
  } finally {
    await c.fs.rm(dir, { recursive: true, force: true })
  }
}

Object.assign(globalThis, { runBun, processes: async () => (await (container ?? createBunContainer())).processes })

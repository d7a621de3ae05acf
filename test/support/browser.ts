/**
 * End-to-end test support: bundle page scripts with esbuild, serve them from
 * a localhost server on an ephemeral port (cross-origin isolated by default),
 * and drive Debian's Chromium through playwright-core with a fresh profile
 * that keeps storage across page reloads and crashes within one test file —
 * or, with {@link launchChromiumOnSmallDisk}, a profile on a small disk of its
 * own that a test can fill up.
 *
 * ```ts
 * const server = await serveBundle({ entryPoints: { page: '/abs/page.ts' } })
 * const chromium = await launchChromium()
 * const page = await chromium.context.newPage()
 * await page.goto(server.url)
 * …
 * await chromium.close() // also removes the temporary profile
 * await server.close()
 * ```
 */
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, open, readFile, rm, statfs, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core'
// @ts-expect-error: a plain .mjs helper shared with the scripts and vitest.config.ts
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'

/** Options of {@link serveBundle}. */
export interface ServeBundleOptions {
  /**
   * Scripts to bundle, by URL name: `{ page: '/abs/page.ts' }` is served as
   * `/page.js`. Imports of workspace packages resolve to their TypeScript
   * sources (the `source` export condition).
   */
  entryPoints: Record<string, string>
  /**
   * The document served at `/`. Default: an empty page that loads `/page.js`
   * as a module when there is a `page` entry point.
   */
  html?: string
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` and
   * `Cross-Origin-Embedder-Policy: require-corp` (so `SharedArrayBuffer`
   * works). Default true; a request with `?coi=0` is served without them.
   */
  isolated?: boolean
}

/** A running server: `url` ends with `/`; `origin` is what storage and quota are keyed by. */
export interface BundleServer {
  readonly url: string
  readonly origin: string
  close(): Promise<void>
}

/** Bundles `entryPoints` once and serves them (and the page) on `127.0.0.1`, port chosen by the OS. */
export async function serveBundle(options: ServeBundleOptions): Promise<BundleServer> {
  const result = await esbuild.build({
    entryPoints: options.entryPoints,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    sourcemap: 'inline',
    write: false,
    outdir: '/',
    logLevel: 'silent',
  })
  const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]))
  const html =
    options.html ??
    `<!doctype html><meta charset="utf-8"><title>test</title>${'page' in options.entryPoints ? '<script type="module" src="/page.js"></script>' : ''}`
  const isolated = options.isolated ?? true

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    }
    if (isolated && url.searchParams.get('coi') !== '0') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin'
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp'
    }
    const body = url.pathname === '/' ? html : files.get(url.pathname)
    if (body === undefined) {
      res.writeHead(404, headers).end('not found')
      return
    }
    const type = url.pathname === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8'
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Profile directory; default a fresh temporary one, removed by `close()`. */
  userDataDir?: string
  /** Default true. */
  headless?: boolean
}

/** A Chromium with a persistent (on-disk, not off-the-record) profile. */
export interface ChromiumProfile {
  readonly context: BrowserContext
  readonly userDataDir: string
  /** Closes the browser and removes the profile if it was a temporary one. */
  close(): Promise<void>
}

/**
 * Launches `/usr/bin/chromium` (or `$CHROMIUM_PATH`) with the project's
 * flags and a persistent profile, so IndexedDB and OPFS survive reloads,
 * closed pages and crashed renderers.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<ChromiumProfile> {
  const temporary = options.userDataDir === undefined
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'vitamin-bun-chromium-')))
  const remove = async () => {
    if (temporary) await rm(userDataDir, { recursive: true, force: true })
  }
  const context = await launchPersistent(userDataDir, CHROMIUM_PATH as string, options.headless, remove)
  return {
    context,
    userDataDir,
    async close() {
      await context.close()
      await remove()
    },
  }
}

async function launchPersistent(
  userDataDir: string,
  executablePath: string,
  headless: boolean | undefined,
  onFailure: () => Promise<void>,
): Promise<BrowserContext> {
  try {
    return await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      args: CHROMIUM_ARGS as string[],
      headless: headless ?? true,
    })
  } catch (error) {
    await onFailure()
    throw error
  }
}

/**
 * A Chromium whose whole profile lives on a small disk of its own (see
 * {@link launchChromiumOnSmallDisk}). `userDataDir` is where Chromium sees
 * it; this process reaches it through `disk`.
 */
export interface SmallDiskChromium extends ChromiumProfile {
  /** The profile's disk as this process sees it: `/proc/<browser pid>/root/<userDataDir>`. */
  readonly disk: string
  /** Bytes still free on the disk. */
  available(): Promise<number>
  /**
   * Writes a ballast file so that at most `bytes` stay free (it replaces the
   * previous ballast; nothing is written when less than that is free already).
   */
  fill(bytes: number): Promise<void>
  /** Deletes the ballast: the space it held is free again. */
  drain(): Promise<void>
}

/** How to make a private mount namespace: as root `unshare -m`, otherwise in a user namespace too. */
const UNSHARE_VARIANTS: readonly (readonly string[])[] = [['-m'], ['-r', '-m']]
let unshareFlags: Promise<{ flags: readonly string[] } | { reason: string }> | null = null

/**
 * Null when {@link launchChromiumOnSmallDisk} can work on this machine (it
 * can mount a tmpfs in a private mount namespace: as root, or with
 * unprivileged user namespaces), otherwise why not.
 */
export async function smallDiskUnsupported(): Promise<string | null> {
  const probe = await probeUnshare()
  return 'reason' in probe ? probe.reason : null
}

function probeUnshare(): Promise<{ flags: readonly string[] } | { reason: string }> {
  unshareFlags ??= (async () => {
    const failures: string[] = []
    const dir = await mkdtemp(join(tmpdir(), 'vitamin-bun-unshare-'))
    try {
      for (const flags of UNSHARE_VARIANTS) {
        const result = spawnSync('unshare', [...flags, '--', 'mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], {
          encoding: 'utf8',
        })
        if (result.status === 0) return { flags }
        const why = result.error ? result.error.message : result.stderr.trim() || `exit status ${result.status}`
        failures.push(`unshare ${flags.join(' ')}: ${why}`)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    return { reason: `cannot mount a tmpfs in a private mount namespace (${failures.join('; ')})` }
  })()
  return unshareFlags
}

/** Linux `statfs` type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994

/**
 * Launches Chromium (as {@link launchChromium}) in a private mount namespace
 * where its profile directory is a tmpfs of `bytes` bytes, so that storage
 * writes meet a really full disk (DevTools quota overrides have no effect in
 * Debian's Chromium). The mount exists only in Chromium's namespace: it
 * vanishes with the browser, whether `close()` runs or the test process
 * dies. Rejects when {@link smallDiskUnsupported} gives a reason.
 */
export async function launchChromiumOnSmallDisk(
  bytes: number,
  options: { headless?: boolean } = {},
): Promise<SmallDiskChromium> {
  const probe = await probeUnshare()
  if ('reason' in probe) throw new Error(probe.reason)
  const base = await mkdtemp(join(tmpdir(), 'vitamin-bun-small-disk-'))
  const remove = () => rm(base, { recursive: true, force: true })
  const userDataDir = join(base, 'profile')
  const pidFile = join(base, 'pid')
  const launcher = join(base, 'chromium')
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`
  // The inner shell mounts, records its pid (Chromium keeps it: exec) and runs Chromium with Playwright's arguments.
  const inner = 'mount -t tmpfs -o size="$1",mode=0700 tmpfs "$2" && echo $$ > "$3" && shift 3 && exec "$@"'
  await mkdir(userDataDir)
  await writeFile(
    launcher,
    `#!/bin/sh\nexec unshare ${probe.flags.join(' ')} -- /bin/sh -c ${quote(inner)} sh ${Math.floor(bytes)} ${quote(userDataDir)} ${quote(pidFile)} ${quote(CHROMIUM_PATH as string)} "$@"\n`,
    { mode: 0o755 },
  )
  const context = await launchPersistent(userDataDir, launcher, options.headless, remove)
  let disk: string
  try {
    const pid = Number((await readFile(pidFile, 'utf8')).trim())
    disk = `/proc/${pid}/root${userDataDir}`
    if ((await statfs(disk)).type !== TMPFS_MAGIC) throw new Error(`${disk} is not the tmpfs Chromium was given`)
  } catch (error) {
    await context.close()
    await remove()
    throw error
  }
  const ballast = join(disk, 'ballast')
  const available = async () => {
    const s = await statfs(disk)
    return s.bavail * s.bsize
  }
  return {
    context,
    userDataDir,
    disk,
    available,
    async fill(free) {
      await rm(ballast, { force: true })
      const size = (await available()) - free
      if (size <= 0) return
      const file = await open(ballast, 'w')
      try {
        const chunk = Buffer.alloc(1 << 20, 0xa5)
        for (let left = size; left > 0; left -= chunk.length) {
          await file.write(chunk, 0, Math.min(left, chunk.length))
        }
      } finally {
        await file.close()
      }
    },
    async drain() {
      await rm(ballast, { force: true })
    },
    async close() {
      // Ending Chromium ends its mount namespace, and so the tmpfs.
      await context.close()
      await remove()
    },
  }
}

/** Opens `url` in a new page and collects its uncaught errors (check them at the end of a test). */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  return { page, errors }
}

/** A DevTools protocol session attached to `page`. */
export function devtools(page: Page): Promise<CDPSession> {
  return page.context().newCDPSession(page)
}

/**
 * Crashes the page's renderer process (DevTools `Page.crash`), as a killed
 * tab would: no unload handlers, no chance to finish pending writes. Resolves
 * once Playwright has seen the crash; the page is then closed.
 */
export async function crashRenderer(page: Page): Promise<void> {
  const crashed = page.waitForEvent('crash')
  const session = await devtools(page)
  // Page.crash never answers: the renderer is gone before it could.
  session.send('Page.crash').catch(() => undefined)
  await crashed
  await page.close().catch(() => undefined)
}

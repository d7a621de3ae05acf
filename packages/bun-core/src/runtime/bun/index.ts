/**
 * The `Bun` global of one process (also the exports of `import … from
 * 'bun'`). Members are grouped by file: hashing (`hash.ts`), files
 * (`file.ts`), processes and the shell (`spawn.ts`), crypto and
 * compression (`crypto.ts`, `compress.ts`); the small ones live here.
 */

import { posixPath } from '@aspect-build/virtual-fs'
import { parse as parseToml } from 'smol-toml'
import { createInspect } from '../console-bridge.js'
import { BUN_VERSION } from '../process.js'
import type { Runtime } from '../runtime.js'
import { createBunCompress } from './compress.js'
import { createBunCrypto, createBunPassword } from './crypto.js'
import { deepEquals } from './deep-equals.js'
import { createBunFileApi } from './file.js'
import { createGlob } from './glob.js'
import { createHash } from './hash.js'
import { createServe } from './serve.js'
import { createBunSpawn } from './spawn.js'

/** Our build, as `Bun.revision` reports it (Bun reports its git commit). */
export const VITAMIN_BUN_REVISION = 'vitamin-bun-0.1.0'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

/** Builds `Bun` for a process. */
export function createBun(runtime: Runtime): Record<string, unknown> {
  const process = runtime.process
  const inspect = createInspect(runtime)
  const bun: Record<string, unknown> = {
    version: BUN_VERSION,
    revision: VITAMIN_BUN_REVISION,
    version_with_sha: `v${BUN_VERSION} (${VITAMIN_BUN_REVISION})`,
    get env() {
      return process.env
    },
    get argv() {
      return process.argv
    },
    get main() {
      return runtime.main
    },
    get cwd() {
      return (process.cwd as () => string)()
    },
    origin: '',
    isMainThread: true,
    enableANSIColors: runtime.host.stdout.isTTY,
    hash: createHash(),
    inspect,
    deepEquals: (a: unknown, b: unknown, strict?: boolean) => deepEquals(a, b, strict === true),
    escapeHTML: (value: unknown) => {
      const text = typeof value === 'string' ? value : String(value)
      return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
    },
    sleep: (ms: number | Date) => {
      const delay = ms instanceof Date ? ms.getTime() - Date.now() : Number(ms)
      return new Promise<void>((resolve) => runtime.timers.setTimeout(() => resolve(), Math.max(0, delay)))
    },
    sleepSync: (ms: number) => sleepSync(Number(ms)),
    nanoseconds: () => Math.floor(performance.now() * 1e6),
    gc: () => undefined,
    shrink: () => undefined,
    TOML: { parse: (text: string) => parseToml(String(text)) },
    fileURLToPath: (url: string | URL) => {
      const parsed = typeof url === 'string' ? new URL(url) : url
      if (parsed.protocol !== 'file:')
        throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' })
      return decodeURIComponent(parsed.pathname)
    },
    pathToFileURL: (path: string) => new URL(`file://${encodeURI(posixPath.resolve(runtime.node.cwd(), path))}`),
    resolveSync: (specifier: string, from: string) => resolveFrom(runtime, specifier, from),
    resolve: async (specifier: string, from: string) => resolveFrom(runtime, specifier, from),
    stripANSI: (text: string) => String(text).replace(ANSI, ''),
    stringWidth: (text: string) => stringWidth(String(text)),
    readableStreamToText: (stream: ReadableStream) => new Response(stream).text(),
    readableStreamToArrayBuffer: (stream: ReadableStream) => new Response(stream).arrayBuffer(),
    readableStreamToBytes: async (stream: ReadableStream) => new Uint8Array(await new Response(stream).arrayBuffer()),
    readableStreamToBlob: (stream: ReadableStream) => new Response(stream).blob(),
    readableStreamToJSON: (stream: ReadableStream) => new Response(stream).json(),
    readableStreamToArray: async (stream: ReadableStream) => {
      const out: unknown[] = []
      const reader = stream.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return out
        out.push(value)
      }
    },
    concatArrayBuffers: (buffers: Array<ArrayBuffer | ArrayBufferView>) => {
      const views = buffers.map((b) =>
        b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      )
      const out = new Uint8Array(views.reduce((n, v) => n + v.length, 0))
      let at = 0
      for (const view of views) {
        out.set(view, at)
        at += view.length
      }
      return out.buffer
    },
    fetch: (input: Request | string | URL, init?: RequestInit) => runtime.fetch(input, init),
    // The bun:test module for a test file (one per process here, as the runner runs files in turn).
    jest: (_path?: string) => runtime.builtin('bun:test'),
  }
  Object.assign(bun, createBunCrypto(), createBunCompress(), { password: createBunPassword() })
  Object.assign(bun, createBunSpawn(runtime), { serve: createServe(runtime), Glob: createGlob(runtime) })

  const files = createBunFileApi(runtime.node)
  Object.defineProperties(bun, {
    file: { value: files.file, enumerable: true, configurable: true, writable: true },
    write: { value: files.write, enumerable: true, configurable: true, writable: true },
    stdin: { get: () => files.stdin, enumerable: true, configurable: true },
    stdout: { get: () => files.stdout, enumerable: true, configurable: true },
    stderr: { get: () => files.stderr, enumerable: true, configurable: true },
  })

  Object.defineProperty(bun, Symbol.toStringTag, { value: 'Bun', configurable: true })

  return bun
}

const ANSI =
  /[\u001b\u009b][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g

function stringWidth(text: string): number {
  let width = 0
  for (const char of text.replace(ANSI, '')) {
    const code = char.codePointAt(0) as number
    if (code < 32 || (code >= 0x7f && code < 0xa0) || (code >= 0x300 && code < 0x370) || code === 0x200b) continue
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd)
    width += wide ? 2 : 1
  }
  return width
}

function resolveFrom(runtime: Runtime, specifier: string, from: string): string {
  const base = posixPath.resolve(runtime.node.cwd(), from)
  let referrer = base
  try {
    if (runtime.host.fs.stat(base).isDirectory()) referrer = `${base}/[eval]`
  } catch {
    // a file path that need not exist
  }
  return runtime.registry.resolveNow(specifier, referrer, 'import')
}

let sleeper: Int32Array | null = null

/** Blocks the thread for `ms` milliseconds (Atomics.wait where the thread may block). */
function sleepSync(ms: number): void {
  if (!(ms > 0)) return
  try {
    sleeper ??= new Int32Array(new SharedArrayBuffer(4))
    Atomics.wait(sleeper, 0, 0, ms)
    return
  } catch {
    // No SharedArrayBuffer, or a thread that may not block: spin.
  }
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy wait
  }
}

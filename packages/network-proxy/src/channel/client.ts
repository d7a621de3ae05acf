/**
 * The calling side of the fetch channel (see `protocol.ts`): a blocking
 * {@link HttpFetcher} whose calls wait with `Atomics.wait` while a helper
 * worker runs `fetch()`.
 */

import { NetworkError } from '../errors.js'
import type { HttpFetcher, ProxyRequest, ResponseHead } from '../types.js'
import {
  type ChannelMessage,
  DEFAULT_CHANNEL_BYTES,
  CHANNEL_LAYOUT as L,
  type MessageEndpoint,
  type SerializedError,
} from './protocol.js'

/** Options of a fetch channel. */
export interface FetchChannelOptions {
  /** Payload capacity of the shared buffer in bytes (≥ 1024). Default 64 KiB. */
  bufferBytes?: number
  /**
   * How long one blocking call may wait, in milliseconds (`Infinity` for ever).
   * A call that times out fails with `ETIMEDOUT` and closes the channel. It
   * also bounds the wait for the worker to start. Default 120 000.
   */
  timeoutMs?: number
}

/** A blocking {@link HttpFetcher} over a fetch channel. */
export interface ChannelFetcher extends HttpFetcher {
  readonly blocking: true
  /** True once the channel failed (timeout) or was shut down. */
  readonly closed: boolean
  /** Fail every later call with `ESHUTDOWN` (the worker is being terminated). */
  shutdown(): void
}

/** The error naming the headers a browser needs before it shares memory. */
export const CROSS_ORIGIN_ISOLATION_HELP: string =
  'blocking network calls need SharedArrayBuffer, which a browser only gives a cross-origin isolated page: ' +
  'serve it with the headers "Cross-Origin-Opener-Policy: same-origin" and ' +
  '"Cross-Origin-Embedder-Policy: require-corp"'

/**
 * Throws `NetworkError` `ENOTSUP` naming the COOP/COEP headers unless `scope`
 * (default: `globalThis`) can share memory with a worker.
 */
export function assertSharedMemory(
  scope: { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean } = globalThis,
): void {
  if (typeof scope.SharedArrayBuffer !== 'function' || scope.crossOriginIsolated === false) {
    throw new NetworkError('ENOTSUP', { syscall: 'startFetchWorker', detail: CROSS_ORIGIN_ISOLATION_HELP })
  }
}

function checkOptions(options: FetchChannelOptions): { bytes: number; timeoutMs: number } {
  for (const key of Object.keys(options)) {
    if (key !== 'bufferBytes' && key !== 'timeoutMs') {
      throw new NetworkError('EINVAL', {
        syscall: 'startFetchWorker',
        detail: `Invalid option in startFetchWorker(): "${key}" is not an option`,
      })
    }
  }
  const bytes = options.bufferBytes ?? DEFAULT_CHANNEL_BYTES
  if (!Number.isSafeInteger(bytes) || bytes < 1024) {
    throw new NetworkError('EINVAL', {
      syscall: 'startFetchWorker',
      detail: 'Invalid option in startFetchWorker(): "bufferBytes" must be an integer ≥ 1024',
    })
  }
  const timeoutMs = options.timeoutMs ?? 120_000
  if (!(timeoutMs > 0)) {
    throw new NetworkError('EINVAL', {
      syscall: 'startFetchWorker',
      detail: 'Invalid option in startFetchWorker(): "timeoutMs" must be a positive number',
    })
  }
  return { bytes, timeoutMs }
}

/** Rebuild an error sent over the channel, field by field. */
function rebuild(fields: SerializedError): Error {
  const e = new Error(fields.message) as Error & { code?: string; syscall?: string }
  e.name = fields.name
  if (fields.stack !== undefined) e.stack = fields.stack
  if (fields.code !== undefined) e.code = fields.code
  if (fields.syscall !== undefined) e.syscall = fields.syscall
  if (fields.cause !== undefined) e.cause = rebuild(fields.cause)
  return e
}

/**
 * Open a fetch channel to a worker that runs `serveFetchChannel` on
 * `endpoint`'s other side. Resolves once the worker has the shared buffer.
 * Throws `ENOTSUP` without SharedArrayBuffer (naming the COOP/COEP headers),
 * `ETIMEDOUT` when the worker does not answer.
 */
export async function openFetchChannel(
  endpoint: MessageEndpoint,
  options: FetchChannelOptions = {},
): Promise<ChannelFetcher> {
  const { bytes, timeoutMs } = checkOptions(options)
  assertSharedMemory()
  const buffer = new SharedArrayBuffer(L.PAYLOAD + bytes)
  const i32 = new Int32Array(buffer, 0, 4)
  const u8 = new Uint8Array(buffer)
  const decoder = new TextDecoder()

  await new Promise<void>((resolve, reject) => {
    const timer =
      timeoutMs === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => {
            endpoint.removeEventListener('message', onMessage)
            reject(
              new NetworkError('ETIMEDOUT', { syscall: 'startFetchWorker', detail: 'the fetch worker did not start' }),
            )
          }, timeoutMs)
    const onMessage = (event: { data: unknown }) => {
      if ((event.data as { type?: unknown } | null)?.type !== 'ready') return
      endpoint.removeEventListener('message', onMessage)
      clearTimeout(timer)
      resolve()
    }
    endpoint.addEventListener('message', onMessage)
    endpoint.start?.()
    endpoint.postMessage({ type: 'init', buffer } satisfies ChannelMessage)
  })

  let closed = false
  let seq = 0
  const nextSeq = () => {
    seq = seq >= 0x7fffffff ? 1 : seq + 1
    return seq
  }

  const wait = (want: number, syscall: string): void => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const current = Atomics.load(i32, L.SEQ)
      if (current === want) return
      const left = deadline - Date.now()
      if (left <= 0) {
        closed = true
        throw new NetworkError('ETIMEDOUT', { syscall, detail: `the fetch worker did not answer in ${timeoutMs} ms` })
      }
      try {
        Atomics.wait(i32, L.SEQ, current, left === Number.POSITIVE_INFINITY ? undefined : left)
      } catch (e) {
        throw new NetworkError('ENOTSUP', {
          syscall,
          detail: 'this thread cannot block (a browser main thread): run the guest in a worker',
          cause: e,
        })
      }
    }
  }

  /** One call: post, wait, gather frames. Returns the reply's kind and payload. */
  const call = (message: ChannelMessage & { seq: number }, syscall: string): [number, Uint8Array] => {
    if (closed) throw new NetworkError('ESHUTDOWN', { syscall, detail: 'the fetch worker is closed' })
    const parts: Uint8Array[] = []
    let want = message.seq
    endpoint.postMessage(message)
    for (;;) {
      wait(want, syscall)
      const length = Atomics.load(i32, L.LENGTH)
      parts.push(u8.slice(L.PAYLOAD, L.PAYLOAD + length))
      if (Atomics.load(i32, L.MORE) !== 1) break
      want = nextSeq()
      endpoint.postMessage({ type: 'more', seq: want } satisfies ChannelMessage)
    }
    const kind = Atomics.load(i32, L.KIND)
    if (parts.length === 1) return [kind, parts[0]!]
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      all.set(p, at)
      at += p.length
    }
    return [kind, all]
  }

  const value = (kind: number, payload: Uint8Array): unknown => {
    const json = JSON.parse(decoder.decode(payload)) as unknown
    if (kind === L.KIND_ERROR) throw rebuild(json as SerializedError)
    return json
  }

  return {
    blocking: true,
    get closed() {
      return closed
    },
    shutdown(): void {
      closed = true
    },
    start(id: number, request: ProxyRequest): void {
      if (closed) return
      endpoint.postMessage({ type: 'start', id, request } satisfies ChannelMessage)
    },
    head(id: number): ResponseHead {
      const [kind, payload] = call({ type: 'head', seq: nextSeq(), id }, 'fetch')
      return value(kind, payload) as ResponseHead
    },
    read(id: number, maxBytes: number): Uint8Array {
      const max = Math.max(1, Math.min(Math.floor(maxBytes), bytes))
      const [kind, payload] = call({ type: 'read', seq: nextSeq(), id, max }, 'fetch')
      if (kind === L.KIND_BYTES) return payload
      return value(kind, payload) as never
    },
    abort(id: number): void {
      if (closed) return
      endpoint.postMessage({ type: 'abort', id } satisfies ChannelMessage)
    },
  }
}

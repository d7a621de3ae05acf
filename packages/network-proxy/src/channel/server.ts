/**
 * The worker side of the fetch channel (see `protocol.ts`).
 *
 * `serveFetchChannel` is shipped to workers as source text (`String(fn)`)
 * together with `createFetchFetcher`, so its body must stay self-contained:
 * no imports, no module-level helpers. A custom worker entry may also import
 * and call it directly.
 */

import type { HttpFetcher } from '../types.js'
import type { ChannelLayout, ChannelMessage, MessageEndpoint, SerializedError } from './protocol.js'

/** Answer fetch-channel calls arriving on `scope` with `fetcher` (normally `createFetchFetcher(fetch)`). */
export function serveFetchChannel(scope: MessageEndpoint, layout: ChannelLayout, fetcher: HttpFetcher): void {
  const encoder = new TextEncoder()
  let i32: Int32Array | null = null
  let u8: Uint8Array | null = null
  let pending: { kind: number; bytes: Uint8Array; offset: number } | null = null

  const frame = (seq: number): void => {
    if (!i32 || !u8 || !pending) return
    const p = pending
    const n = Math.min(u8.length - layout.PAYLOAD, p.bytes.length - p.offset)
    u8.set(p.bytes.subarray(p.offset, p.offset + n), layout.PAYLOAD)
    p.offset += n
    const more = p.offset < p.bytes.length
    if (!more) pending = null
    Atomics.store(i32, layout.KIND, p.kind)
    Atomics.store(i32, layout.LENGTH, n)
    Atomics.store(i32, layout.MORE, more ? 1 : 0)
    Atomics.store(i32, layout.SEQ, seq)
    Atomics.notify(i32, layout.SEQ)
  }

  const serialize = (e: unknown, depth: number): SerializedError => {
    if (typeof e !== 'object' || e === null) return { name: 'Error', message: String(e) }
    const o = e as {
      name?: unknown
      message?: unknown
      stack?: unknown
      code?: unknown
      syscall?: unknown
      cause?: unknown
    }
    const out: SerializedError = {
      name: typeof o.name === 'string' ? o.name : 'Error',
      message: typeof o.message === 'string' ? o.message : String(e),
    }
    if (typeof o.stack === 'string') out.stack = o.stack
    if (typeof o.code === 'string' || typeof o.code === 'number') out.code = String(o.code)
    if (typeof o.syscall === 'string') out.syscall = o.syscall
    if (o.cause !== undefined && depth < 4) out.cause = serialize(o.cause, depth + 1)
    return out
  }

  const answer = (seq: number, run: () => unknown, encode: (value: unknown) => [number, Uint8Array]): void => {
    Promise.resolve()
      .then(run)
      .then(encode)
      .then(
        ([kind, bytes]) => {
          pending = { kind, bytes, offset: 0 }
          frame(seq)
        },
        (e: unknown) => {
          pending = { kind: layout.KIND_ERROR, bytes: encoder.encode(JSON.stringify(serialize(e, 0))), offset: 0 }
          frame(seq)
        },
      )
  }

  scope.addEventListener('message', (event) => {
    const m = event.data as ChannelMessage
    switch (m.type) {
      case 'init':
        i32 = new Int32Array(m.buffer, 0, 4)
        u8 = new Uint8Array(m.buffer)
        scope.postMessage({ type: 'ready' })
        break
      case 'start':
        fetcher.start(m.id, m.request)
        break
      case 'head':
        answer(
          m.seq,
          () => fetcher.head(m.id),
          (head) => [layout.KIND_VALUE, encoder.encode(JSON.stringify(head))],
        )
        break
      case 'read': {
        const capacity = u8 ? u8.length - layout.PAYLOAD : 1
        answer(
          m.seq,
          () => fetcher.read(m.id, Math.max(1, Math.min(m.max, capacity))),
          (bytes) => [layout.KIND_BYTES, bytes as Uint8Array],
        )
        break
      }
      case 'abort':
        fetcher.abort(m.id)
        break
      case 'more':
        if (pending) frame(m.seq)
        else
          answer(
            m.seq,
            () => Promise.reject(new Error('no reply is pending')),
            () => [0, new Uint8Array(0)],
          )
        break
    }
  })
  if (typeof scope.start === 'function') scope.start()
}

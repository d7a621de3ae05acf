/**
 * The fetch channel: the wire protocol between a thread that must wait for a
 * fetch (a synchronous WASI guest calling `sock_recv`) and a helper worker
 * that runs it. This file holds the whole protocol and no logic.
 *
 * ## Messages (caller → worker, `postMessage`)
 *
 * | message | reply |
 * |---|---|
 * | `{ type: 'init', buffer }` | `{ type: 'ready' }` by `postMessage` (the caller awaits it asynchronously) |
 * | `{ type: 'start', id, request }` | none: the fetch begins |
 * | `{ type: 'head', seq, id }` | a `VALUE` frame (JSON `ResponseHead`) or an `ERROR` frame |
 * | `{ type: 'read', seq, id, max }` | a `BYTES` frame of 0 … `max` bytes (0 = end of body) or an `ERROR` frame |
 * | `{ type: 'abort', id }` | none |
 * | `{ type: 'more', seq }` | the next frame of a reply whose last frame had `MORE` = 1 |
 *
 * `id` numbers an exchange (chosen by the caller); `seq` numbers a call.
 *
 * ## Replies (worker → caller, through the SharedArrayBuffer)
 *
 * ```
 * byte 0   Int32 SEQ     seq of the last frame written — the generation counter the caller waits on
 * byte 4   Int32 KIND    KIND_VALUE (UTF-8 JSON) | KIND_BYTES (raw bytes) | KIND_ERROR (UTF-8 JSON SerializedError)
 * byte 8   Int32 LENGTH  payload bytes in this frame
 * byte 12  Int32 MORE    1: the reply continues; the caller sends `more` with a fresh seq
 * byte 16  payload       up to buffer.byteLength − 16 bytes
 * ```
 *
 * The worker writes the payload, then KIND, LENGTH and MORE, then stores SEQ
 * with `Atomics.store` and wakes the caller with `Atomics.notify`. The caller
 * posts its message, then loops: load SEQ; if it equals the call's `seq` the
 * frame is complete; otherwise `Atomics.wait(SEQ, <value just loaded>)` —
 * `'ok'`, `'not-equal'` (the worker was faster) and `'timed-out'` all go back
 * to the load. One caller thread per channel, one call at a time; a call that
 * times out poisons the channel (a late reply would overwrite the next one).
 */

import type { ProxyRequest } from '../types.js'

/** Offsets and kinds of the SharedArrayBuffer layout above. Passed to the worker as JSON. */
export interface ChannelLayout {
  /** Int32 index of SEQ. */
  readonly SEQ: number
  /** Int32 index of KIND. */
  readonly KIND: number
  /** Int32 index of LENGTH. */
  readonly LENGTH: number
  /** Int32 index of MORE. */
  readonly MORE: number
  /** Byte offset of the payload. */
  readonly PAYLOAD: number
  /** KIND of a JSON value. */
  readonly KIND_VALUE: number
  /** KIND of raw bytes. */
  readonly KIND_BYTES: number
  /** KIND of a JSON {@link SerializedError}. */
  readonly KIND_ERROR: number
}

/** The layout. */
export const CHANNEL_LAYOUT: ChannelLayout = {
  SEQ: 0,
  KIND: 1,
  LENGTH: 2,
  MORE: 3,
  PAYLOAD: 16,
  KIND_VALUE: 0,
  KIND_BYTES: 1,
  KIND_ERROR: 2,
}

/** Default payload capacity (bytes after the 16-byte header). */
export const DEFAULT_CHANNEL_BYTES: number = 64 * 1024

/** A message from the caller to the worker. */
export type ChannelMessage =
  | { type: 'init'; buffer: SharedArrayBuffer }
  | { type: 'start'; id: number; request: ProxyRequest }
  | { type: 'head'; seq: number; id: number }
  | { type: 'read'; seq: number; id: number; max: number }
  | { type: 'abort'; id: number }
  | { type: 'more'; seq: number }

/** The worker's one `postMessage` reply. */
export type ChannelReady = { type: 'ready' }

/**
 * An error copied field by field (structured clone and JSON drop an Error's
 * own properties), rebuilt on the caller's side as an `Error` with the same
 * `name`, `message`, `stack`, `code`, `syscall` and `cause` chain.
 */
export interface SerializedError {
  name: string
  message: string
  stack?: string
  code?: string
  syscall?: string
  cause?: SerializedError
}

/**
 * One side of a message channel: a `Worker`, a `MessagePort` (Node's
 * included), or a worker's own global scope.
 */
export interface MessageEndpoint {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  /** MessagePorts deliver nothing to `addEventListener` listeners until started. */
  start?(): void
}

/**
 * The synchronous system-call channel (layout and steps in protocol.ts):
 * the process side blocks in `Atomics.wait`, the kernel side answers from
 * its message handler and never waits.
 */
import { decodeValue, encodeValue } from './codec.js'
import { fromWireError, toWireError } from './errors.js'
import {
  CHANNEL_BYTES,
  HEADER_BYTES,
  LENGTH_INDEX,
  MAX_CALL_ID,
  type ProcessMessage,
  SIGNAL_INDEX,
  STATUS_ERROR,
  STATUS_INDEX,
  STATUS_OK,
  STATUS_TOO_BIG,
  type SyncCall,
  type WireError,
} from './protocol.js'

/** The process side: posts a call and sleeps until the kernel has written its answer. */
export class SyncChannelClient {
  private buffer: SharedArrayBuffer
  private words: Int32Array
  private lastId = 0

  constructor(
    buffer: SharedArrayBuffer,
    private readonly post: (message: ProcessMessage) => void,
  ) {
    this.buffer = buffer
    this.words = new Int32Array(buffer, 0, HEADER_BYTES / 4)
  }

  /** Makes a call and returns its value, or throws the error the kernel raised (rebuilt). */
  call(call: SyncCall): unknown {
    const id = this.lastId >= MAX_CALL_ID ? 1 : this.lastId + 1
    this.lastId = id
    this.post({ type: 'syscall', id, call })
    this.waitFor(id)
    let status = Atomics.load(this.words, STATUS_INDEX)
    if (status === STATUS_TOO_BIG) {
      const needed = HEADER_BYTES + Atomics.load(this.words, LENGTH_INDEX)
      // Rounded up to whole 8-byte words, at least doubling, so growth is rare.
      this.buffer = new SharedArrayBuffer(Math.max(Math.ceil(needed / 8) * 8, this.buffer.byteLength * 2))
      this.words = new Int32Array(this.buffer, 0, HEADER_BYTES / 4)
      this.post({ type: 'syscall-resume', id, channel: this.buffer })
      this.waitFor(id)
      status = Atomics.load(this.words, STATUS_INDEX)
    }
    const length = Atomics.load(this.words, LENGTH_INDEX)
    const value = decodeValue(new Uint8Array(this.buffer, HEADER_BYTES, length))
    if (status === STATUS_ERROR) throw fromWireError(value as WireError)
    return value
  }

  private waitFor(id: number): void {
    for (;;) {
      const seen = Atomics.load(this.words, SIGNAL_INDEX)
      if (seen === id) return
      // 'ok' (woken), 'not-equal' (the answer landed between the load and the wait) and
      // 'timed-out' (never: no timeout) all go round the loop and re-check SIGNAL.
      Atomics.wait(this.words, SIGNAL_INDEX, seen)
    }
  }
}

/** A fresh channel buffer for a process. */
export function createChannel(): SharedArrayBuffer {
  return new SharedArrayBuffer(CHANNEL_BYTES)
}

/** The kernel side of one process's channel. */
export class SyncChannelServer {
  private pending: { id: number; status: number; payload: Uint8Array } | null = null

  constructor(private buffer: SharedArrayBuffer) {}

  /** Writes the answer of call `id`: its value, or the error it threw. */
  answer(id: number, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    let payload: Uint8Array
    let status: number
    try {
      payload = outcome.ok ? encodeValue(outcome.value) : encodeValue(toWireError(outcome.error))
      status = outcome.ok ? STATUS_OK : STATUS_ERROR
    } catch (error) {
      // A value the codec cannot carry is the kernel's bug; the process still gets an error, never a hang.
      payload = encodeValue(toWireError(error))
      status = STATUS_ERROR
    }
    if (HEADER_BYTES + payload.length > this.buffer.byteLength) {
      this.pending = { id, status, payload }
      this.publish(id, STATUS_TOO_BIG, payload.length, null)
      return
    }
    this.publish(id, status, payload.length, payload)
  }

  /** Switches to the larger buffer the process sent and delivers the answer that did not fit. */
  resume(id: number, buffer: SharedArrayBuffer): void {
    this.buffer = buffer
    const pending = this.pending
    if (pending === null || pending.id !== id) return
    this.pending = null
    this.publish(id, pending.status, pending.payload.length, pending.payload)
  }

  private publish(id: number, status: number, length: number, payload: Uint8Array | null): void {
    const words = new Int32Array(this.buffer, 0, HEADER_BYTES / 4)
    if (payload !== null) new Uint8Array(this.buffer, HEADER_BYTES, payload.length).set(payload)
    Atomics.store(words, STATUS_INDEX, status)
    Atomics.store(words, LENGTH_INDEX, length)
    // Storing SIGNAL last publishes everything written before it.
    Atomics.store(words, SIGNAL_INDEX, id)
    Atomics.notify(words, SIGNAL_INDEX)
  }
}

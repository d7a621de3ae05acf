/**
 * Time for the guest: the four WASI clocks, and blocking sleep for
 * `poll_oneoff`.
 */

/**
 * The clock source of a {@link WasiHost} (option `clock`). Every member is
 * optional; missing ones use the defaults below. Tests pass a fake clock to
 * make time deterministic.
 */
export interface WasiClock {
  /** Wall time in nanoseconds since 1970-01-01T00:00:00Z (`CLOCKID_REALTIME`). Default: `performance.timeOrigin + performance.now()`. */
  realtime?(): bigint
  /** A clock that never goes backwards, in nanoseconds from an arbitrary origin (`CLOCKID_MONOTONIC`). Default: `performance.now()`. */
  monotonic?(): bigint
  /** CPU time of the process (`CLOCKID_PROCESS_CPUTIME_ID`, and the thread clock). Default: monotonic time since the host was created. */
  cputime?(): bigint
  /** Resolution in nanoseconds reported by `clock_res_get` for every clock. Default 1000 (1 µs). */
  resolution?: bigint
  /**
   * Block the calling thread for `ns` nanoseconds (`poll_oneoff` clock
   * subscriptions). Default: `Atomics.wait` on a private SharedArrayBuffer
   * (Node, and workers), or a busy wait where the thread may not block
   * (a browser's main thread).
   */
  sleep?(ns: bigint): void
}

/** A {@link WasiClock} with every member filled in. */
export interface ResolvedClock {
  realtime(): bigint
  monotonic(): bigint
  cputime(): bigint
  resolution: bigint
  sleep(ns: bigint): void
}

const hasPerformance = typeof performance !== 'undefined' && typeof performance.now === 'function'

function defaultRealtime(): bigint {
  // Microsecond precision, so the value is exact in a double before scaling.
  const us = hasPerformance ? Math.round((performance.timeOrigin + performance.now()) * 1000) : Date.now() * 1000
  return BigInt(us) * 1000n
}

let lastMonotonic = 0n
function defaultMonotonic(): bigint {
  const ns = BigInt(Math.round((hasPerformance ? performance.now() : Date.now()) * 1e6))
  if (ns > lastMonotonic) lastMonotonic = ns
  return lastMonotonic
}

let sleepCell: Int32Array | null | undefined
function defaultSleep(ns: bigint): void {
  if (ns <= 0n) return
  const ms = Number(ns) / 1e6
  if (sleepCell === undefined) {
    sleepCell = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null
  }
  if (sleepCell !== null) {
    try {
      Atomics.wait(sleepCell, 0, 0, ms)
      return
    } catch {
      // This thread may not block (a browser's main thread): spin instead.
      sleepCell = null
    }
  }
  const end = (hasPerformance ? performance.now() : Date.now()) + ms
  while ((hasPerformance ? performance.now() : Date.now()) < end) {
    // busy wait
  }
}

/** Fills in the defaults of a {@link WasiClock}. */
export function resolveClock(clock: WasiClock | undefined): ResolvedClock {
  const monotonic = clock?.monotonic?.bind(clock) ?? defaultMonotonic
  const origin = monotonic()
  return {
    realtime: clock?.realtime?.bind(clock) ?? defaultRealtime,
    monotonic,
    cputime: clock?.cputime?.bind(clock) ?? (() => monotonic() - origin),
    resolution: clock?.resolution ?? 1000n,
    sleep: clock?.sleep?.bind(clock) ?? defaultSleep,
  }
}

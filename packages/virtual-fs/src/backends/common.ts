/**
 * What the persistent backends share: option checking, the record validator
 * that keeps a damaged store from crashing a mount, and the error a store
 * raises when it cannot be opened.
 */
import { VfsError } from '../errors.js'
import type { InodeRecord } from '../persist.js'
import { storeErrorCode } from '../persist.js'

/** Throws a `TypeError` naming the first unknown key, or a missing/invalid required string. */
export function checkOptions(fn: string, options: unknown, allowed: readonly string[], required: string): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${fn}() expects an options object`)
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`Invalid option in ${fn}(): "${key}"`)
  }
  const value = (options as Record<string, unknown>)[required]
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${fn}() needs option "${required}" as a non-empty string`)
  }
}

const MAX_U32 = 0xffff_ffff

/**
 * True when `value` is a well-formed {@link InodeRecord}: a positive safe
 * integer `ino`, a known kind with its kind's payload, integer mode/uid/gid
 * and bigint times. Stores skip anything else instead of failing the mount.
 */
export function isInodeRecord(value: unknown): value is InodeRecord {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  if (!Number.isSafeInteger(r.ino) || (r.ino as number) <= 0) return false
  if (!Number.isInteger(r.mode) || (r.mode as number) < 0 || (r.mode as number) > MAX_U32) return false
  if (!Number.isInteger(r.uid) || !Number.isInteger(r.gid)) return false
  for (const key of ['atimeNs', 'mtimeNs', 'ctimeNs', 'birthtimeNs']) if (typeof r[key] !== 'bigint') return false
  switch (r.kind) {
    case 'file':
      return r.data instanceof Uint8Array
    case 'symlink':
      return typeof r.target === 'string'
    case 'dir':
      return (
        Array.isArray(r.entries) &&
        r.entries.every(
          (e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Number.isSafeInteger(e[1]),
        )
      )
    default:
      return false
  }
}

/** A store that could not be opened, as a `VfsError` (`ENOSPC` for quota, otherwise `EIO`). */
export function openError(cause: unknown, where: string): VfsError {
  const code = storeErrorCode(cause)
  return new VfsError(code, { syscall: 'mount', path: where, detail: `cannot open the store (${describe(cause)})` })
}

/** `Name: message` of an error, or its string form. */
export function describe(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) return `${error.name}: ${error.message}`
  return String(error)
}

/** A copy of `bytes` in its own, unshared `ArrayBuffer`, unless it already is one. */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  if (whole && bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>
  return bytes.slice()
}

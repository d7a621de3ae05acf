/**
 * Values of filesystem calls across threads.
 *
 * `toWireValue`/`fromWireValue` turn the classes structured clone would strip
 * (`Stats`, `Dirent`) into tagged plain objects and back, for postMessage.
 *
 * `encodeValue`/`decodeValue` write a value into the system-call channel:
 *
 *   uint32 JSON byte length | JSON text (UTF-8) | byte blobs, concatenated
 *
 * The JSON holds the value with tags: `{"$bytes":[offset,length]}` for a
 * `Uint8Array` (offset into the blobs), `{"$bigint":"…"}`, and the tags of
 * `toWireValue`. The whole value is wrapped as `{"v": …}` so that `undefined`
 * survives.
 */
import { Dirent, Stats } from '@aspect-build/virtual-fs'

type Tagged =
  | { $stats: Record<string, unknown> }
  | { $dirent: [name: string, parentPath: string, kind: 'file' | 'dir' | 'symlink'] }

const UTF8 = new TextEncoder()
const UTF8_DECODER = new TextDecoder()

/** Replaces `Stats` and `Dirent` (also inside arrays) with tagged plain objects that structured clone keeps. */
export function toWireValue(value: unknown): unknown {
  if (value instanceof Stats) return { $stats: { ...value } } satisfies Tagged
  if (value instanceof Dirent) return { $dirent: [value.name, value.parentPath, value.kind] } satisfies Tagged
  if (Array.isArray(value)) return value.map(toWireValue)
  return value
}

/** Rebuilds the `Stats` and `Dirent` objects {@link toWireValue} tagged. */
export function fromWireValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWireValue)
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const tagged = value as Partial<Record<'$stats' | '$dirent', unknown>>
    if (tagged.$stats !== undefined) {
      // Stats is built from an inode; rebuilding from its fields keeps its prototype (isFile(), mtime …).
      return Object.assign(Object.create(Stats.prototype) as Stats, tagged.$stats)
    }
    if (tagged.$dirent !== undefined) {
      const [name, parentPath, kind] = tagged.$dirent as [string, string, 'file' | 'dir' | 'symlink']
      return new Dirent(name, parentPath, kind)
    }
  }
  return value
}

/** Encodes a value (see the file comment) into fresh bytes. */
export function encodeValue(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = []
  let offset = 0
  const json = JSON.stringify({ v: toWireValue(value) }, function (this: Record<string, unknown>, key, replaced) {
    // `this[key]` is the value before toJSON (Node's Buffer.toJSON would turn bytes into a number array).
    const original = this[key]
    if (ArrayBuffer.isView(original)) {
      const bytes = new Uint8Array(original.buffer, original.byteOffset, original.byteLength)
      blobs.push(bytes)
      offset += bytes.length
      return { $bytes: [offset - bytes.length, bytes.length] }
    }
    if (typeof replaced === 'bigint') return { $bigint: replaced.toString() }
    return replaced
  })
  const text = UTF8.encode(json)
  const out = new Uint8Array(4 + text.length + offset)
  new DataView(out.buffer).setUint32(0, text.length, true)
  out.set(text, 4)
  let at = 4 + text.length
  for (const blob of blobs) {
    out.set(blob, at)
    at += blob.length
  }
  return out
}

/** Decodes bytes made by {@link encodeValue}; `bytes` may be a view of shared memory (everything is copied out). */
export function decodeValue(bytes: Uint8Array): unknown {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true)
  // TextDecoder refuses views of shared memory: copy first.
  const text = UTF8_DECODER.decode(bytes.slice(4, 4 + length))
  const blobsAt = 4 + length
  const parsed = JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Partial<Record<'$bytes' | '$bigint', unknown>>
      if (tagged.$bytes !== undefined) {
        const [at, size] = tagged.$bytes as [number, number]
        return bytes.slice(blobsAt + at, blobsAt + at + size)
      }
      if (typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint)
    }
    return value
  }) as { v?: unknown }
  return fromWireValue(parsed.v)
}

/**
 * The snapshot format: one subtree in one binary blob, for export/import,
 * the SDK's `mount`/`export`, and the OPFS journal's compaction.
 *
 * Layout (little-endian):
 *   magic   8 bytes  "VBSNAP" 0x00 0x01
 *   root    u32 mode, i64 atimeNs, i64 mtimeNs
 *   count   u32
 *   entries count × {
 *     u8 kind (0 file, 1 dir, 2 symlink, 3 hard link to an earlier file)
 *     u32 mode; i64 atimeNs; i64 mtimeNs; i64 birthtimeNs
 *     u32 path length, path (UTF-8, relative, `/`-separated)
 *     u32 data length, data (file bytes | symlink target | path of the linked file)
 *   }
 *   crc32   u32 of everything before it
 * Parents come before children, so an import can create entries in order.
 */
import { crc32 } from './crc32.js'

/** One entry of a snapshot. */
export interface SnapshotEntry {
  kind: 'file' | 'dir' | 'symlink' | 'link'
  /** Relative path inside the snapshot. */
  path: string
  mode?: number
  atimeNs?: bigint
  mtimeNs?: bigint
  birthtimeNs?: bigint
  /** File content. */
  data?: Uint8Array
  /** Symlink target, or (for `link`) the path of the file this is another name of. */
  target?: string
}

/** The snapshot's top directory attributes. */
export interface SnapshotRoot {
  mode: number
  atimeNs: bigint
  mtimeNs: bigint
}

const MAGIC = [0x56, 0x42, 0x53, 0x4e, 0x41, 0x50, 0x00, 0x01]
const KINDS = ['file', 'dir', 'symlink', 'link'] as const
const UTF8 = new TextEncoder()
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true })

/** Encodes a snapshot. */
export function encodeSnapshot(root: SnapshotRoot, entries: readonly SnapshotEntry[]): Uint8Array {
  const encoded = entries.map((e) => ({
    e,
    path: UTF8.encode(e.path),
    data: e.kind === 'file' ? (e.data ?? new Uint8Array(0)) : UTF8.encode(e.target ?? ''),
  }))
  let size = MAGIC.length + 20 + 4 + 4
  for (const x of encoded) size += 1 + 4 + 24 + 4 + x.path.length + 4 + x.data.length
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  let at = MAGIC.length
  view.setUint32(at, root.mode, true)
  view.setBigInt64(at + 4, root.atimeNs, true)
  view.setBigInt64(at + 12, root.mtimeNs, true)
  view.setUint32(at + 20, entries.length, true)
  at += 24
  for (const { e, path, data } of encoded) {
    out[at] = KINDS.indexOf(e.kind)
    view.setUint32(at + 1, e.mode ?? 0, true)
    view.setBigInt64(at + 5, e.atimeNs ?? 0n, true)
    view.setBigInt64(at + 13, e.mtimeNs ?? 0n, true)
    view.setBigInt64(at + 21, e.birthtimeNs ?? 0n, true)
    at += 29
    view.setUint32(at, path.length, true)
    out.set(path, at + 4)
    at += 4 + path.length
    view.setUint32(at, data.length, true)
    out.set(data, at + 4)
    at += 4 + data.length
  }
  view.setUint32(at, crc32(out.subarray(0, at)), true)
  return out
}

/** Decodes a snapshot; `null` when it is truncated, corrupt, or names a path outside itself. */
export function decodeSnapshot(bytes: Uint8Array): { root: SnapshotRoot; entries: SnapshotEntry[] } | null {
  if (!(bytes instanceof Uint8Array) || bytes.length < MAGIC.length + 28) return null
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = bytes.length - 4
  if (view.getUint32(end, true) !== crc32(bytes.subarray(0, end))) return null
  try {
    let at = MAGIC.length
    const root = {
      mode: view.getUint32(at, true),
      atimeNs: view.getBigInt64(at + 4, true),
      mtimeNs: view.getBigInt64(at + 12, true),
    }
    const count = view.getUint32(at + 20, true)
    at += 24
    const entries: SnapshotEntry[] = []
    const files = new Set<string>()
    const dirs = new Set<string>([''])
    for (let i = 0; i < count; i++) {
      if (at + 33 > end) return null
      const kind = KINDS[bytes[at] as number]
      if (kind === undefined) return null
      const mode = view.getUint32(at + 1, true)
      const atimeNs = view.getBigInt64(at + 5, true)
      const mtimeNs = view.getBigInt64(at + 13, true)
      const birthtimeNs = view.getBigInt64(at + 21, true)
      at += 29
      const pathLen = view.getUint32(at, true)
      if (at + 4 + pathLen + 4 > end) return null
      const path = UTF8_STRICT.decode(bytes.subarray(at + 4, at + 4 + pathLen))
      at += 4 + pathLen
      const dataLen = view.getUint32(at, true)
      if (at + 4 + dataLen > end) return null
      const data = bytes.subarray(at + 4, at + 4 + dataLen)
      at += 4 + dataLen
      const parts = path.split('/')
      if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) return null
      if (!dirs.has(parts.slice(0, -1).join('/'))) return null
      const entry: SnapshotEntry = { kind, path, mode, atimeNs, mtimeNs, birthtimeNs }
      if (kind === 'file') {
        entry.data = data
        files.add(path)
      } else if (kind === 'dir') {
        dirs.add(path)
      } else {
        entry.target = UTF8_STRICT.decode(data)
        if (kind === 'link' && !files.has(entry.target)) return null
      }
      entries.push(entry)
    }
    return at === end ? { root, entries } : null
  } catch {
    return null
  }
}

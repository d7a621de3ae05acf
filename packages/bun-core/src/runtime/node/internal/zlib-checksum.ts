/**
 * The checksums of the zlib formats: CRC-32 (IEEE 802.3, as gzip and
 * `zlib.crc32` use it) and Adler-32 (RFC 1950), both continuable from a
 * previous value.
 */

let TABLE: Uint32Array | undefined

function crcTable(): Uint32Array {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
}

/** CRC-32 of `bytes`, continuing from `previous` (0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  if (!TABLE) TABLE = crcTable()
  const table = TABLE
  let c = ~previous >>> 0
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

/** Adler-32 of `bytes`, continuing from `previous` (1 to start). */
export function adler32(bytes: Uint8Array, previous = 1): number {
  let a = previous & 0xffff
  let b = previous >>> 16
  for (let i = 0; i < bytes.length; ) {
    // 3800 bytes keep the sums below 2^32 before the modulo.
    const end = Math.min(bytes.length, i + 3800)
    for (; i < end; i++) {
      a += bytes[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

/**
 * node:zlib against the real Bun 1.4.5. Compressed bytes may legitimately
 * differ from zlib's (our encoder is fflate's), so the cases compare what
 * decompresses, the errors on corrupt input (zlib's messages and codes),
 * option validation and API shapes; separately, Bun's compressed output is
 * decompressed here and ours is decompressed by Bun.
 */
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBunCompress } from '../src/runtime/bun/compress.js'
import { createZlib } from '../src/runtime/node/zlib.js'
import { type Cases, runCasesHere, runCasesInBun } from './support/cases-harness.js'
import { runRealBunScript } from './support/real-bun.js'
import { createTestContext } from './support/test-host.js'

// ---- cases ----

/** A DEFLATE bit writer for crafting corrupt streams inside cases (both sides run it). */
const BITS = `const bits = []; const w = (v, n) => { for (let i = 0; i < n; i++) bits.push((v >> i) & 1) }
  const code = (c, n) => { for (let i = n - 1; i >= 0; i--) bits.push((c >> i) & 1) }
  const bytes = () => { const out = Buffer.alloc(Math.ceil(bits.length / 8)); bits.forEach((b, i) => { out[i >> 3] |= b << (i & 7) }); return out }`

const TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(40)
const cases: Cases = {
  constants: 'return zlib.constants',
  codes: 'return zlib.codes',
  crc32: `return [zlib.crc32('hello'), zlib.crc32('hello', 5), zlib.crc32(Buffer.from('hello')), zlib.crc32(''), zlib.crc32('world', zlib.crc32('hello ')), zlib.crc32(new Uint16Array([1, 2]))]`,
  'crc32 bad data': 'zlib.crc32(5)',
  'crc32 bad value': `zlib.crc32('a', 'x')`,
  'gzip empty header': `return zlib.gunzipSync(zlib.gzipSync('')).length`,
  'gzip header bytes': `return zlib.gzipSync('abc').subarray(0, 10)`,
  'gzip header level 9': `return zlib.gzipSync('abc', { level: 9 }).subarray(0, 10)`,
  'gzip header level 1': `return zlib.gzipSync('abc', { level: 1 }).subarray(0, 10)`,
  'deflate header levels': `return [-1, 0, 1, 2, 5, 6, 7, 9].map((level) => zlib.deflateSync('abc', { level }).subarray(0, 2))`,
  'deflate level 0 stored': `return zlib.deflateSync('hello', { level: 0 })`,
  'input kinds': `return [Buffer.from('hi'), new Uint16Array([1, 2]), new DataView(new ArrayBuffer(3)), new ArrayBuffer(2), 'héllo'].map((d) => zlib.inflateSync(zlib.deflateSync(d)))`,
  'input number': 'zlib.gzipSync(5)',
  'input null': 'zlib.deflateSync(null)',
  'inflate not zlib': `zlib.inflateSync(Buffer.from('hello'))`,
  'gunzip not gzip': `zlib.gunzipSync(Buffer.from('hello'))`,
  'unzip garbage': `zlib.unzipSync(Buffer.from('hello'))`,
  'inflate empty': 'zlib.inflateSync(Buffer.alloc(0))',
  'gunzip empty': 'zlib.gunzipSync(Buffer.alloc(0))',
  'inflateRaw empty': 'zlib.inflateRawSync(Buffer.alloc(0))',
  'inflateRaw block type 3': 'zlib.inflateRawSync(Buffer.from([0xff, 0xff]))',
  'inflateRaw stored lengths': 'zlib.inflateRawSync(Buffer.from([1, 1, 0, 0, 0]))',
  'inflateRaw stored ok': `return zlib.inflateRawSync(Buffer.from([1, 3, 0, 0xfc, 0xff, 0x61, 0x62, 0x63])).toString()`,
  'inflateRaw stored truncated': 'zlib.inflateRawSync(Buffer.from([1, 3, 0, 0xfc, 0xff, 0x61]))',
  'inflateRaw distance too far': `${BITS}; w(1, 1); w(1, 2); code(1, 7); code(0, 5); code(0, 7); return zlib.inflateRawSync(bytes())`,
  'inflateRaw literal then match': `${BITS}; w(1, 1); w(1, 2); code(0x30 + 97, 8); code(1, 7); code(0, 5); code(0, 7); return zlib.inflateRawSync(bytes()).toString()`,
  'inflateRaw invalid length code': `${BITS}; w(1, 1); w(1, 2); code(0xc6, 8); return zlib.inflateRawSync(bytes())`,
  'inflateRaw invalid distance code': `${BITS}; w(1, 1); w(1, 2); code(1, 7); code(30, 5); return zlib.inflateRawSync(bytes())`,
  'inflateRaw too many symbols': `${BITS}; w(1, 1); w(2, 2); w(30, 5); w(0, 5); w(0, 4); return zlib.inflateRawSync(bytes())`,
  'inflateRaw code lengths set': `${BITS}; w(1, 1); w(2, 2); w(0, 5); w(0, 5); w(0, 4); for (let i = 0; i < 4; i++) w(0, 3); return zlib.inflateRawSync(bytes())`,
  'inflateRaw trailing data ignored': `return zlib.inflateRawSync(Buffer.concat([zlib.deflateRawSync('abc'), Buffer.from('zz')])).toString()`,
  'inflate trailing data ignored': `return zlib.inflateSync(Buffer.concat([zlib.deflateSync('hello'), Buffer.from('xx')])).toString()`,
  'inflate bad checksum': `const b = zlib.deflateSync('hello'); b[b.length - 1] ^= 1; zlib.inflateSync(b)`,
  'inflate bad method': `zlib.inflateSync(Buffer.from([0x79, 0x9c - 25, 0]))`,
  'inflate big window': `zlib.inflateSync(Buffer.from([0x88, 0x98 - 7, 3, 0]))`,
  'inflate window larger than windowBits': `zlib.inflateSync(zlib.deflateSync('abc'), { windowBits: 9 })`,
  'inflate truncated': `const b = zlib.deflateSync('hello world'); zlib.inflateSync(b.subarray(0, b.length - 3))`,
  'inflate truncated sync flush': `const b = zlib.deflateSync('hello world'); return zlib.inflateSync(b.subarray(0, b.length - 4), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()`,
  'gunzip bad crc': `const b = zlib.gzipSync('hello'); b[b.length - 5] ^= 1; zlib.gunzipSync(b)`,
  'gunzip bad length': `const b = zlib.gzipSync('hello'); b[b.length - 1] ^= 1; zlib.gunzipSync(b)`,
  'gunzip bad flags': `const b = zlib.gzipSync('hello'); b[3] = 0x20; zlib.gunzipSync(b)`,
  'gunzip bad method': `const b = zlib.gzipSync('hello'); b[2] = 7; zlib.gunzipSync(b)`,
  'gunzip truncated': `const b = zlib.gzipSync('hello world'); zlib.gunzipSync(b.subarray(0, b.length - 2))`,
  'gunzip header only': `zlib.gunzipSync(zlib.gzipSync('hello').subarray(0, 10))`,
  'gunzip members': `return zlib.gunzipSync(Buffer.concat([zlib.gzipSync('hello'), zlib.gzipSync(' world'), zlib.gzipSync('!')])).toString()`,
  'gunzip trailing garbage': `zlib.gunzipSync(Buffer.concat([zlib.gzipSync('hello'), Buffer.from('xx')]))`,
  'gunzip trailing zeros': `return zlib.gunzipSync(Buffer.concat([zlib.gzipSync('hello'), Buffer.alloc(10)])).toString()`,
  'gunzip header fields': `const body = zlib.deflateRawSync('named'); const crc = zlib.crc32('named')
    const head = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3, 0x61, 0x2e, 0x74, 0x78, 0x74, 0, 0x63, 0])
    const tail = Buffer.alloc(8); tail.writeUInt32LE(crc, 0); tail.writeUInt32LE(5, 4)
    return zlib.gunzipSync(Buffer.concat([head, body, tail])).toString()`,
  'unzip both': `return [zlib.unzipSync(zlib.gzipSync('gz')).toString(), zlib.unzipSync(zlib.deflateSync('zl')).toString()]`,
  'unzip one byte': 'zlib.unzipSync(Buffer.from([0x1f]))',
  'level out of range': `zlib.deflateSync('a', { level: 10 })`,
  'level not number': `zlib.deflateSync('a', { level: 'x' })`,
  'level NaN': `return zlib.inflateSync(zlib.deflateSync('a', { level: NaN })).toString()`,
  'windowBits out of range': `zlib.deflateSync('a', { windowBits: 16 })`,
  'windowBits 7': `zlib.deflateSync('a', { windowBits: 7 })`,
  'windowBits 0 inflate': `return zlib.inflateSync(zlib.deflateSync('abc'), { windowBits: 0 }).toString()`,
  'windowBits 9 roundtrip': `return zlib.inflateSync(zlib.deflateSync('abc'.repeat(100), { windowBits: 9 })).toString().length`,
  'memLevel out of range': `zlib.deflateSync('a', { memLevel: 0 })`,
  'strategy out of range': `zlib.deflateSync('a', { strategy: 5 })`,
  'chunkSize too small': `zlib.deflateSync('a', { chunkSize: 10 })`,
  'finishFlush out of range': `zlib.inflateSync('a', { finishFlush: 9 })`,
  'dictionary wrong type': `zlib.deflateSync('a', { dictionary: 'x' })`,
  'dictionary roundtrip': `const dictionary = Buffer.from('hello world'); const c = zlib.deflateSync('hello world hello', { dictionary }); return [c.subarray(0, 6), zlib.inflateSync(c, { dictionary }).toString()]`,
  'dictionary raw roundtrip': `const dictionary = Buffer.from('hello world'); return zlib.inflateRawSync(zlib.deflateRawSync('hello world hello', { dictionary }), { dictionary }).toString()`,
  'dictionary missing': `zlib.inflateSync(zlib.deflateSync('hello', { dictionary: Buffer.from('hello') }))`,
  'dictionary wrong': `zlib.inflateSync(zlib.deflateSync('hello', { dictionary: Buffer.from('hello') }), { dictionary: Buffer.from('other') })`,
  maxOutputLength: `zlib.inflateSync(zlib.deflateSync('x'.repeat(1000)), { maxOutputLength: 10 })`,
  'maxOutputLength ok': `return zlib.inflateSync(zlib.deflateSync('x'.repeat(10)), { maxOutputLength: 10 }).length`,
  info: `const r = zlib.deflateSync('hello', { info: true }); return [Object.keys(r), zlib.inflateSync(r.buffer).toString(), r.engine.constructor.name]`,
  callback: `return await new Promise((resolve) => zlib.gzip('hello', (e, r) => resolve([e, zlib.gunzipSync(r).toString()])))`,
  'callback options': `return await new Promise((resolve) => zlib.deflate('hello', { level: 1 }, (e, r) => resolve([e, zlib.inflateSync(r).toString()])))`,
  'callback error': `return await new Promise((resolve) => zlib.gunzip(Buffer.from('hello'), (e, r) => resolve([e, r])))`,
  'callback missing': `zlib.gzip('hello')`,
  promisified: `const { promisify } = util; return (await promisify(zlib.inflate)(await promisify(zlib.deflate)('abc'))).toString()`,
  'stream roundtrip': `return await new Promise((resolve, reject) => {
      const g = zlib.createGzip(); const u = zlib.createGunzip(); const out = []
      g.pipe(u); u.on('data', (c) => out.push(c)); u.on('end', () => resolve(Buffer.concat(out).toString())); u.on('error', reject)
      g.write('hello '); g.write(Buffer.from('stream ')); g.end('world') })`,
  'stream error': `return await new Promise((resolve) => { const g = zlib.createGunzip(); g.on('error', (e) => resolve(e)); g.on('data', () => {}); g.end('garbage') })`,
  'stream truncated error': `return await new Promise((resolve) => { const g = zlib.createInflate(); g.on('error', (e) => resolve(e)); g.on('data', () => {}); g.end(zlib.deflateSync('hello').subarray(0, 4)) })`,
  'stream flush': `return await new Promise((resolve) => { const g = zlib.createDeflate(); const chunks = []; g.on('data', (c) => chunks.push(c)); g.write('hello'); g.flush(() => resolve(zlib.inflateSync(Buffer.concat(chunks), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString())) })`,
  'stream params': `return await new Promise((resolve) => { const g = zlib.createDeflate({ level: 1 }); const chunks = []; g.on('data', (c) => chunks.push(c)); g.on('end', () => resolve(zlib.inflateSync(Buffer.concat(chunks)).toString())); g.write('first '); g.params(9, 0, () => g.end('second')) })`,
  'stream bytesWritten': `return await new Promise((resolve) => { const g = zlib.createGzip(); g.on('data', () => {}); g.on('end', () => resolve(g.bytesWritten)); g.write('abc'); g.end('de') })`,
  'stream properties': `const g = zlib.createGzip(); return [g.bytesWritten, g._level, g._strategy, typeof g.params, typeof g.reset, typeof g.close, typeof g.flush, g.constructor.name]`,
  classes: `return ['Deflate', 'Inflate', 'Gzip', 'Gunzip', 'DeflateRaw', 'InflateRaw', 'Unzip'].map((n) => [typeof zlib[n], zlib['create' + n]() instanceof zlib[n], zlib[n]().constructor.name])`,
  'stream options validated': 'zlib.createGzip({ level: 42 })',
}
for (const [compress, decompress] of [
  ['deflate', 'inflate'],
  ['gzip', 'gunzip'],
  ['deflateRaw', 'inflateRaw'],
  ['gzip', 'unzip'],
  ['deflate', 'unzip'],
]) {
  for (const level of [-1, 0, 1, 6, 9]) {
    cases[`roundtrip ${compress}/${decompress} level ${level}`] =
      `const input = ${JSON.stringify(TEXT)} + Array.from({ length: 3000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('')
      const c = zlib.${compress}Sync(input, { level: ${level} }); const d = zlib.${decompress}Sync(c); return [d.length, d.toString() === input]`
  }
  cases[`roundtrip ${compress}/${decompress} large`] =
    `const input = Buffer.alloc(300000); for (let i = 0; i < input.length; i++) input[i] = (i * i) % 251 < 120 ? 97 : i % 256
    const d = zlib.${decompress}Sync(zlib.${compress}Sync(input)); return [d.length, d.equals(input)]`
}

describe('node:zlib against the real Bun', () => {
  let bun: Record<string, unknown>
  let ours: Record<string, unknown>
  const zlib = createZlib(createTestContext()) as Record<string, (...args: unknown[]) => Uint8Array>

  beforeAll(async () => {
    bun = runCasesInBun(cases, { zlib: 'node:zlib', util: 'node:util' })
    ours = await runCasesHere(cases, { zlib, util: { promisify } })
  }, 120_000)

  it('returns what Bun returns for every case', () => {
    const mismatches = Object.keys(cases).filter((name) => JSON.stringify(bun[name]) !== JSON.stringify(ours[name]))
    const lines = mismatches.map(
      (name) => `${name}: bun=${JSON.stringify(bun[name])} ours=${JSON.stringify(ours[name])}`,
    )
    expect(lines).toEqual([])
    expect(Object.keys(bun).length).toBe(Object.keys(cases).length)
  })

  const INPUTS = ['', 'a', TEXT, 'x'.repeat(70000), Array.from({ length: 5000 }, (_, i) => (i * 31) % 97).join(',')]
  const FORMATS = [
    ['deflate', 'inflate'],
    ['gzip', 'gunzip'],
    ['deflateRaw', 'inflateRaw'],
  ] as const

  it('decompresses what the real Bun compressed (every format, level, input)', () => {
    const script = `import zlib from 'node:zlib'
      const inputs = ${JSON.stringify(INPUTS)}
      const out = []
      for (const [c] of ${JSON.stringify(FORMATS)}) for (const level of [0, 1, 6, 9]) for (const input of inputs)
        out.push(zlib[c + 'Sync'](input, { level }).toString('base64'))
      console.log(JSON.stringify(out))`
    const compressed = JSON.parse(runRealBunScript(script).stdout) as string[]
    let i = 0
    for (const [, d] of FORMATS) {
      for (const _level of [0, 1, 6, 9]) {
        for (const input of INPUTS) {
          const result = zlib[`${d}Sync`]!(Buffer.from(compressed[i++]!, 'base64'))
          expect(Buffer.from(result).toString()).toBe(input)
        }
      }
    }
    expect(i).toBe(compressed.length)
  })

  it('compresses what the real Bun decompresses (every format, level, input)', () => {
    const ourCompressed: string[] = []
    for (const [c] of FORMATS) {
      for (const level of [0, 1, 6, 9]) {
        for (const input of INPUTS) {
          ourCompressed.push(Buffer.from(zlib[`${c}Sync`]!(input, { level })).toString('base64'))
        }
      }
    }
    const script = `import zlib from 'node:zlib'
      import { readFileSync } from 'node:fs'
      const data = JSON.parse(readFileSync('data.json', 'utf8'))
      const out = []
      let i = 0
      for (const [, d] of ${JSON.stringify(FORMATS)}) for (const level of [0, 1, 6, 9]) for (const input of ${JSON.stringify(INPUTS)})
        out.push(zlib[d + 'Sync'](Buffer.from(data[i++], 'base64')).toString() === input)
      console.log(JSON.stringify(out))`
    const run = runRealBunScript(script, { files: { 'data.json': JSON.stringify(ourCompressed) } })
    const verdicts = JSON.parse(run.stdout) as boolean[]
    expect(verdicts.length).toBe(ourCompressed.length)
    expect(verdicts.every(Boolean)).toBe(true)
  })

  it('decodes the same whatever the chunking of the compressed input', async () => {
    const input = Buffer.from(`${TEXT}${'0123456789'.repeat(5000)}`)
    const gz = Buffer.from(zlib.gzipSync!(input))
    for (const size of [1, 3, 7, 64, 1000]) {
      const stream = (zlib.createGunzip as unknown as () => import('node:stream').Transform)()
      const out: Buffer[] = []
      const done = new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => out.push(chunk))
        stream.on('end', resolve)
        stream.on('error', reject)
      })
      for (let i = 0; i < gz.length; i += size) stream.write(gz.subarray(i, i + size))
      stream.end()
      await done
      expect(Buffer.concat(out).equals(input), `chunks of ${size}`).toBe(true)
    }
  })

  it('names the missing Brotli and Zstandard codecs (Bun has them; this runtime does not)', () => {
    for (const name of ['brotliCompressSync', 'brotliDecompressSync', 'zstdCompressSync', 'createBrotliCompress']) {
      expect(() => zlib[name]!('x')).toThrow(expect.objectContaining({ code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' }))
    }
  })
})

/** Bun.deflateSync/inflateSync/gzipSync/gunzipSync: the same method (outputs compared after decompression). */
const bunCases: Cases = {
  'deflate is raw': `return zlib.inflateRawSync(Bun.deflateSync('hello')).toString()`,
  gzip: `const g = Bun.gzipSync('hello'); return [g.constructor.name, g.subarray(0, 10), zlib.gunzipSync(g).toString()]`,
  'gzip level 1 header': `return Bun.gzipSync('hello', { level: 1 }).subarray(0, 10)`,
  roundtrips: `const text = 'abc'.repeat(1000) + 'xyz'
    return [Bun.inflateSync(Bun.deflateSync(text)), Bun.gunzipSync(Bun.gzipSync(text)), Bun.inflateSync(Bun.deflateSync(text, { level: 0 }))].map((b) => [b.constructor.name, Buffer.from(b).toString() === text])`,
  'inflate zlib with windowBits 15': `return Buffer.from(Bun.inflateSync(zlib.deflateSync('hello'), { windowBits: 15 })).toString()`,
  'inflate gzip with windowBits 31': `return Buffer.from(Bun.inflateSync(zlib.gzipSync('hello'), { windowBits: 31 })).toString()`,
  'inflate auto with windowBits 47': `return [zlib.gzipSync('a'), zlib.deflateSync('b')].map((b) => Buffer.from(Bun.inflateSync(b, { windowBits: 47 })).toString())`,
  'inflate zlib as raw': `Bun.inflateSync(zlib.deflateSync('hello'))`,
  'inflate garbage': `Bun.inflateSync(Buffer.from('hello'))`,
  'gunzip garbage': `Bun.gunzipSync(Buffer.from('hello'))`,
  'gunzip zlib data': `Bun.gunzipSync(zlib.deflateSync('hello'))`,
  'gunzip truncated': `Bun.gunzipSync(Bun.gzipSync('hello world').subarray(0, 12))`,
  'gunzip empty': 'Bun.gunzipSync(new Uint8Array(0))',
  'inflate empty': 'Bun.inflateSync(new Uint8Array(0))',
  'gunzip first member only': `return Buffer.from(Bun.gunzipSync(Buffer.concat([Bun.gzipSync('a'), Bun.gzipSync('b')]))).toString()`,
  'gunzip bad crc': `const b = Bun.gzipSync('hello'); b[b.length - 5] ^= 1; Bun.gunzipSync(b)`,
  'input kinds': `return [new ArrayBuffer(2), new Uint16Array([1]), Buffer.from('x')].map((d) => Bun.inflateSync(Bun.deflateSync(d)))`,
  'input number': 'Bun.deflateSync(5)',
  'level out of range': `Bun.deflateSync('hello', { level: 12 })`,
  'level not a number': `return Buffer.from(Bun.inflateSync(Bun.deflateSync('hello', { level: 'x' }))).toString()`,
  'options not object': `Bun.deflateSync('hello', 5)`,
  'memLevel out of range': `Bun.deflateSync('hello', { memLevel: 0 })`,
}

describe("Bun's zlib helpers against the real Bun", () => {
  it('returns what Bun returns for every case', async () => {
    const bun = runCasesInBun(bunCases, { zlib: 'node:zlib' })
    const ours = await runCasesHere(bunCases, { zlib: createZlib(createTestContext()), Bun: createBunCompress() })
    const mismatches = Object.keys(bunCases).filter((name) => JSON.stringify(bun[name]) !== JSON.stringify(ours[name]))
    const lines = mismatches.map(
      (name) => `${name}: bun=${JSON.stringify(bun[name])} ours=${JSON.stringify(ours[name])}`,
    )
    expect(lines).toEqual([])
    expect(Object.keys(bun).length).toBe(Object.keys(bunCases).length)
  }, 60_000)
})

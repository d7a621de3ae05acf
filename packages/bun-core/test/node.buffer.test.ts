/**
 * node:buffer, differential: every scenario runs under the real Bun and
 * against our browser build (the npm `buffer` class completed by
 * installBuffer), and the printed lines must be identical.
 */
import { Buffer as NodeBuffer } from 'node:buffer'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBuffer, installBuffer } from '../src/runtime/node/buffer.js'
import {
  type BrowserBuild,
  expressions,
  loadBrowserBuild,
  runBun,
  runOurs,
  type Scenario,
} from './support/node-b-harness.js'
import { createTestContext } from './support/test-host.js'

const hex = (bytes: number[]) => `Buffer.from([${bytes.join(', ')}])`

const SCENARIOS: Scenario[] = [
  {
    name: 'module surface',
    code: `
      const b = require('node:buffer')
      print(Object.keys(b).sort().join(' '))
      print(b.kMaxLength, b.kStringMaxLength, b.constants, b.INSPECT_MAX_BYTES)
      print(b.Blob === Blob, b.File === File, b.atob === atob, b.btoa === btoa, b.Buffer === Buffer)
      print(b.SlowBuffer.prototype === Buffer.prototype, b.SlowBuffer(3), new b.SlowBuffer(2) instanceof Buffer)
      print(Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, Buffer.poolSize)
      const own = Object.getOwnPropertyNames(Buffer.prototype).filter((k) => k !== '_isBuffer').sort()
      print(own.join(' '))
      print(Object.getOwnPropertyNames(Buffer).filter((k) => typeof Buffer[k] === 'function').sort().join(' '))
    `,
  },
  {
    name: 'from and alloc',
    code: expressions([
      ['string', `Buffer.from('héllo €')`],
      ['utf8 surrogates', `Buffer.from('a\\ud800b\\udc00\\ud83d\\ude00')`],
      ['latin1', `Buffer.from('é€ÿ', 'latin1')`],
      ['binary', `Buffer.from('é€', 'binary')`],
      ['ascii', `Buffer.from('é€a', 'ascii')`],
      ['ucs2', `Buffer.from('a€', 'ucs2')`],
      ['utf-16le upper', `Buffer.from('ab', 'UTF-16LE')`],
      ['hex', `Buffer.from('0aFfzz', 'hex')`],
      ['hex odd', `Buffer.from('abc', 'hex')`],
      ['base64', `Buffer.from('aGVsbG8gd29ybGQ=', 'base64')`],
      ['base64 lenient', `Buffer.from(' aG Vs\\nbG8-_', 'base64')`],
      ['base64 stops at =', `Buffer.from('aGk=aGk=', 'base64')`],
      ['base64url', `Buffer.from('aGVsbG8', 'base64url')`],
      ['base64url partial', `Buffer.from('aGVsbG', 'base64url')`],
      ['empty enc', `Buffer.from('ab', '')`],
      ['numeric enc', `Buffer.from('ab', 5)`],
      ['unknown enc', `Buffer.from('ab', 'nope')`],
      ['unknown enc empty', `Buffer.from('', 'nope')`],
      ['array', `Buffer.from([1, 256, -1, 3.7, '9', 'x'])`],
      ['typed array', `Buffer.from(new Uint16Array([1, 256, 65535]))`],
      [
        'arraybuffer shared',
        `(() => { const ab = new Uint8Array([1, 2, 3, 4]).buffer; const b = Buffer.from(ab, 1, 2); new Uint8Array(ab)[1] = 9; return b })()`,
      ],
      ['arraybuffer offset NaN', `Buffer.from(new ArrayBuffer(3), 'x').length`],
      ['arraybuffer offset oob', `Buffer.from(new ArrayBuffer(4), 5)`],
      ['arraybuffer length oob', `Buffer.from(new ArrayBuffer(4), 1, 9)`],
      ['arraybuffer length neg', `Buffer.from(new ArrayBuffer(4), 1, -3).length`],
      ['array-like', `Buffer.from({ length: 3, 0: 7, 2: 9 })`],
      ['array-like bad length', `Buffer.from({ length: 'x' })`],
      ['json form', `Buffer.from({ type: 'Buffer', data: [5, 6] })`],
      ['String object', `Buffer.from(new String('abc'))`],
      ['valueOf', `Buffer.from({ valueOf() { return 'xy' } })`],
      ['toPrimitive', `Buffer.from({ [Symbol.toPrimitive]() { return 'zz' } })`],
      ['copy of buffer', `(() => { const a = Buffer.from('ab'); const b = Buffer.from(a); a[0] = 0; return b })()`],
      ['number', `Buffer.from(123)`],
      ['null', `Buffer.from(null)`],
      ['undefined', `Buffer.from()`],
      ['object', `Buffer.from({})`],
      ['symbol', `Buffer.from(Symbol('s'))`],
      ['function', `Buffer.from(function named() {})`],
      ['long string type', `Buffer.from(true)`],
      ['alloc', `Buffer.alloc(4)`],
      ['alloc fill', `Buffer.alloc(5, 'ab')`],
      ['alloc fill num', `Buffer.alloc(3, 257)`],
      ['alloc fill enc', `Buffer.alloc(4, 'YWJj', 'base64')`],
      ['alloc fill hex bad', `Buffer.alloc(2, 'zz', 'hex')`],
      ['alloc fill empty string', `Buffer.alloc(2, '')`],
      ['alloc fill buffer', `Buffer.alloc(5, Buffer.from([1, 2]))`],
      ['alloc neg', `Buffer.alloc(-1)`],
      ['alloc str', `Buffer.alloc('5')`],
      ['alloc huge', `Buffer.alloc(2 ** 33)`],
      ['alloc NaN', `Buffer.alloc(NaN)`],
      ['alloc frac', `Buffer.alloc(2.5).length`],
      ['allocUnsafe', `Buffer.allocUnsafe(3).length`],
      ['allocUnsafe bad', `Buffer.allocUnsafe(-3)`],
      ['allocUnsafeSlow bad', `Buffer.allocUnsafeSlow('1')`],
      ['of', `Buffer.of(1, 2, 300)`],
      ['copyBytesFrom', `Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1)`],
      ['copyBytesFrom all', `Buffer.copyBytesFrom(new Float32Array([1.5]))`],
      ['copyBytesFrom offset past', `Buffer.copyBytesFrom(new Uint8Array([1, 2]), 5)`],
      ['copyBytesFrom bad', `Buffer.copyBytesFrom([1])`],
      ['copyBytesFrom bad offset', `Buffer.copyBytesFrom(new Uint8Array([1]), -1)`],
      [
        'isBuffer',
        `[Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer('x'), Buffer.isBuffer(Buffer.prototype)]`,
      ],
      [
        'isEncoding',
        `['utf8', 'UTF-8', 'ucs-2', 'Binary', 'base64url', 'latin1', 'hex', 'ascii', 'utf16le', 'utf-16le', '', 'nope', 1, null].map((e) => Buffer.isEncoding(e))`,
      ],
    ]),
  },
  {
    name: 'toString and write',
    code: expressions([
      ['utf8', `Buffer.from('héllo').toString()`],
      ['bom kept', `${hex([0xef, 0xbb, 0xbf, 0x41])}.toString().length`],
      [
        'invalid utf8',
        `JSON.stringify(${hex([0xf0, 0x9f, 0x98, 0x41, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xff])}.toString())`,
      ],
      ['latin1', `JSON.stringify(${hex([0xe9, 0x80, 0xff, 0x41])}.toString('latin1'))`],
      ['ascii', `JSON.stringify(${hex([0xe9, 0x80, 0xff, 0x41])}.toString('ascii'))`],
      ['ucs2', `${hex([0x61, 0, 0xac, 0x20, 0x62])}.toString('ucs2')`],
      ['hex', `${hex([0, 15, 255])}.toString('hex')`],
      [
        'base64',
        `[${hex([0xfb, 0xff])}.toString('base64'), ${hex([0xfb, 0xff, 0xbf])}.toString('base64'), ${hex([1])}.toString('base64')]`,
      ],
      ['base64url', `[${hex([0xfb, 0xff])}.toString('base64url'), ${hex([0xfb, 0xff, 0xbf])}.toString('base64url')]`],
      ['range', `Buffer.from('abcdef').toString('utf8', 1, 4)`],
      ['range clamp', `Buffer.from('abcdef').toString('utf8', -5, 100)`],
      ['range frac', `Buffer.from('abcdef').toString('utf8', 1.7, 3.2)`],
      ['range empty', `JSON.stringify(Buffer.from('abc').toString('hex', 2, 1))`],
      ['range start past', `JSON.stringify(Buffer.from('abc').toString('nope', 5))`],
      ['unknown', `Buffer.from('a').toString('nope')`],
      ['null enc', `Buffer.from('a').toString(null)`],
      ['empty enc', `Buffer.from('a').toString('')`],
      ['undefined enc', `Buffer.from('ab').toString(undefined, 1)`],
      ['toLocaleString', `Buffer.from('ab').toLocaleString('hex')`],
      [
        'write',
        `(() => { const b = Buffer.alloc(6); return [b.write('ab', 1), b.write('cd', 'latin1'), b.write('ef', 4, 'ascii'), b.write('ghij', 3, 1), b] })()`,
      ],
      ['write partial utf8', `(() => { const b = Buffer.alloc(4); return [b.write('a€b'), b.write('€€', 2), b] })()`],
      ['write hex', `(() => { const b = Buffer.alloc(3); return [b.write('abcdzz', 'hex'), b] })()`],
      ['write base64', `(() => { const b = Buffer.alloc(4); return [b.write('aGVsbG8=', 'base64'), b] })()`],
      ['write ucs2 odd room', `(() => { const b = Buffer.alloc(5); return [b.write('abc', 0, 'ucs2'), b] })()`],
      ['write not string', `Buffer.alloc(2).write(1)`],
      ['write offset oob', `Buffer.alloc(3).write('a', 4)`],
      ['write length oob', `Buffer.alloc(3).write('a', 0, 4)`],
      ['write offset frac', `Buffer.alloc(3).write('a', 1.5)`],
      ['write offset type', `Buffer.alloc(3).write('a', null)`],
      ['write unknown', `Buffer.alloc(3).write('a', 0, 1, 'nope')`],
      [
        'byteLength',
        `[Buffer.byteLength('héllo'), Buffer.byteLength('😀'), Buffer.byteLength('\\ud800'), Buffer.byteLength('abc', 'hex'), Buffer.byteLength('ab\\ncd==', 'base64'), Buffer.byteLength('abcd', 'base64url'), Buffer.byteLength('abc', 'ucs2'), Buffer.byteLength('€', 'latin1'), Buffer.byteLength('abc', 'nope'), Buffer.byteLength(new Uint16Array(3)), Buffer.byteLength(new ArrayBuffer(5)), Buffer.byteLength('')]`,
      ],
      ['byteLength bad', `Buffer.byteLength(1)`],
      [
        'latin1Slice',
        `[Buffer.from('abc').latin1Slice(1, 2), Buffer.from('abc').latin1Slice(), Buffer.from('abc').hexSlice(1), Buffer.from('abc').latin1Slice(2, 1)]`,
      ],
      ['slice oob', `Buffer.from('abc').latin1Slice(1, 10)`],
      ['hexWrite', `(() => { const b = Buffer.alloc(3); return [b.hexWrite('abcd', 1), b] })()`],
      ['utf8Write', `(() => { const b = Buffer.alloc(3); return [b.utf8Write('xyz', 1, 1), b] })()`],
    ]),
  },
  {
    name: 'compare copy fill search',
    code: expressions([
      [
        'equals',
        `[Buffer.from('a').equals(new Uint8Array([97])), Buffer.from('a').equals(Buffer.from('b')), Buffer.from('ab').equals(Buffer.from('a'))]`,
      ],
      ['equals bad', `Buffer.from('a').equals('a')`],
      [
        'compare',
        `(() => { const a = Buffer.from('abc'); return [a.compare(Buffer.from('abd')), a.compare(Buffer.from('ab')), a.compare(Buffer.from('bc'), 0, 2, 1), a.compare(Buffer.from('x'), 5), a.compare(Buffer.from('abc'), 0, 3, 2, 2), Buffer.compare(a, a), Buffer.compare(Buffer.from('b'), a)] })()`,
      ],
      ['compare oob', `Buffer.from('abc').compare(Buffer.from('x'), 0, 5)`],
      ['compare source oob', `Buffer.from('abc').compare(Buffer.from('x'), 0, 1, 0, 9)`],
      ['compare bad', `Buffer.compare(1, Buffer.alloc(1))`],
      ['compare bad 2', `Buffer.compare(Buffer.alloc(1), 'x')`],
      ['compare target bad', `Buffer.alloc(1).compare([1])`],
      [
        'concat',
        `[Buffer.concat([Buffer.from('ab'), new Uint8Array([99])]), Buffer.concat([Buffer.from('ab'), new Uint8Array([99])], 5), Buffer.concat([Buffer.from('abc')], 2), Buffer.concat([])]`,
      ],
      ['concat bad item', `Buffer.concat([Buffer.from('a'), 'b'])`],
      ['concat not array', `Buffer.concat('x')`],
      ['concat bad length', `Buffer.concat([Buffer.from('a')], -1)`],
      ['concat empty bad length', `Buffer.concat([], -1)`],
      [
        'copy',
        `(() => { const a = Buffer.from('abcdef'); const b = Buffer.alloc(4); return [a.copy(b, 1, 2), b, a.copy(b, 10), a.copy(b, 0, 4, 2), a.copy(b, 1.5, '2'), b, a.copy(new Uint8Array(2))] })()`,
      ],
      ['copy overlap', `(() => { const a = Buffer.from('abcdef'); a.copy(a, 2, 0, 4); return a })()`],
      ['copy bad target', `Buffer.alloc(2).copy(1)`],
      ['copy neg target', `Buffer.alloc(2).copy(Buffer.alloc(2), -1)`],
      ['copy source oob', `Buffer.from('ab').copy(Buffer.alloc(4), 0, 3)`],
      ['copy source end neg', `Buffer.from('ab').copy(Buffer.alloc(4), 0, 0, -1)`],
      [
        'fill',
        `[Buffer.alloc(5).fill('ab'), Buffer.alloc(5).fill('ab', 1, 4), Buffer.alloc(4).fill(257), Buffer.alloc(4).fill(-1), Buffer.alloc(3).fill(true), Buffer.alloc(4).fill('\\u0222'), Buffer.alloc(4).fill('ab', 'ucs2'), Buffer.alloc(4).fill(Buffer.from([1, 2, 3])), Buffer.alloc(3).fill('abc', 5), Buffer.alloc(4).fill('é', 'latin1'), Buffer.alloc(3).fill('a', 1, 'utf8')]`,
      ],
      ['fill empty buffer', `Buffer.alloc(3).fill(Buffer.alloc(0))`],
      ['fill bad offset', `Buffer.alloc(3).fill(1, -1)`],
      ['fill bad end', `Buffer.alloc(3).fill(1, 0, 5)`],
      ['fill bad enc type', `Buffer.alloc(3).fill('a', 0, 3, 5)`],
      ['fill unknown enc', `Buffer.alloc(3).fill('a', 'nope')`],
      ['fill hex bad', `Buffer.alloc(3).fill('zz', 'hex')`],
      [
        'indexOf',
        `(() => { const b = Buffer.from('abcabc'); return [b.indexOf('b'), b.indexOf('b', 2), b.lastIndexOf('b'), b.lastIndexOf('b', -3), b.indexOf(''), b.indexOf('', 10), b.lastIndexOf(''), b.lastIndexOf('', 2), b.indexOf(99), b.indexOf(355), b.indexOf('6263', 'hex'), b.indexOf(Buffer.from('ca')), b.includes('x'), b.includes('ca'), b.indexOf('b', -100), b.lastIndexOf('b', -100), b.indexOf('b', 100), b.lastIndexOf('c', 100), b.indexOf('b', null), b.lastIndexOf('b', null), b.lastIndexOf('b', undefined), b.indexOf('b', {}), b.lastIndexOf('b', {}), b.indexOf(Buffer.alloc(0), 3), b.indexOf(98.7), b.indexOf(-158), b.indexOf('b', 1.9), b.lastIndexOf('b', 4.9), b.indexOf('YmM=', 'base64'), b.indexOf('b', 0, 'ucs2'), Buffer.from('a\\0b\\0', 'latin1').indexOf('b', 0, 'ucs2'), b.indexOf(5, 0, 'nope'), Buffer.alloc(0).indexOf('a'), Buffer.alloc(0).indexOf(''), b.lastIndexOf(Buffer.from('abc'))] })()`,
      ],
      ['indexOf unknown enc', `Buffer.from('ab').indexOf('b', 0, 'nope')`],
      ['indexOf buffer unknown enc', `Buffer.from('ab').indexOf(Buffer.from('b'), 0, 'nope')`],
      ['indexOf bad', `Buffer.from('ab').indexOf({})`],
      [
        'slice',
        `(() => { const b = Buffer.from('abcdef'); return [b.slice(-2), b.slice(2, -1), b.slice('1', '3'), b.slice(NaN, 2), b.subarray(4, 2), b.slice(1.7, 3.2), b.subarray(-100), b.slice(2) instanceof Buffer] })()`,
      ],
      ['slice shares', `(() => { const b = Buffer.from('abc'); b.subarray(1)[0] = 0; return b })()`],
      [
        'swap',
        `[Buffer.from([1, 2, 3, 4]).swap16(), Buffer.from([1, 2, 3, 4]).swap32(), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64()]`,
      ],
      ['swap16 bad', `Buffer.alloc(3).swap16()`],
      ['swap64 bad', `Buffer.alloc(4).swap64()`],
      ['toJSON', `JSON.stringify([Buffer.from('ab'), Buffer.alloc(0), { b: Buffer.from([1]) }])`],
      ['map species', `Buffer.from([1, 2]).map((x) => x * 2) instanceof Buffer`],
      ['iteration', `[...Buffer.from('ab').entries()].join(';')`],
    ]),
  },
  {
    name: 'numbers',
    code: expressions([
      [
        'reads',
        `(() => { const b = Buffer.from([0xff, 0xfe, 0x01, 2, 3, 4, 0x80, 0]); return [b.readUInt8(0), b.readInt8(0), b.readUInt16LE(0), b.readUInt16BE(0), b.readInt16LE(0), b.readInt16BE(1), b.readUInt32LE(0), b.readUInt32BE(4), b.readInt32LE(0), b.readInt32BE(0), b.readIntBE(0, 6), b.readUIntBE(0, 6), b.readIntLE(0, 5), b.readUIntLE(1, 3), b.readIntLE(0, 3), b.readIntBE(5, 3), b.readUIntLE(0, 1), b.readIntBE(0, 2), b.readUintLE(0, 4)] })()`,
      ],
      [
        'floats',
        `(() => { const b = Buffer.from([0, 0, 0xc0, 0x7f, 0x9a, 0xbc, 0xfe, 0xff, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]); return [b.readFloatLE(0), b.readFloatBE(4), b.readDoubleBE(8), b.readDoubleLE(0), b.readDoubleLE(8)] })()`,
      ],
      [
        'bigints',
        `(() => { const b = Buffer.from([1, 2, 3, 4, 5, 6, 7, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]); return [b.readBigInt64LE(0), b.readBigInt64BE(0), b.readBigUInt64LE(0), b.readBigUInt64BE(8), b.readBigInt64BE(8), b.readBigUint64LE(8)] })()`,
      ],
      [
        'bun aliases',
        `(() => { const b = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]); const w = Buffer.alloc(8); return [b.readInt32(0), b.readInt16(0), b.readBigInt64(0), b.readBigUInt64(0), b.readFloat(0), b.readDouble(0), w.writeUInt16(258), w.writeUint32(1, 4), w, w.writeDouble(1.5), w, w.writeFloat(2.5), w] })()`,
      ],
      [
        'writes',
        `(() => { const b = Buffer.alloc(16); return [b.writeUIntBE(0x123456789abc, 0, 6), b.writeIntLE(-2, 6, 3), b.writeDoubleBE(1.5, 8), b.writeFloatLE(NaN, 0), b] })()`,
      ],
      [
        'writes small',
        `(() => { const b = Buffer.alloc(10); return [b.writeUInt8(255), b.writeInt8(-1, 1), b.writeUInt16LE(0xabcd, 2), b.writeInt16BE(-2, 4), b.writeUInt32BE(0xdeadbeef, 6), b, b.writeUInt8(1.7, 0), b.writeUInt8('a', 1), b.writeInt32LE(-1.5, 2), b] })()`,
      ],
      [
        'writes wide',
        `(() => { const b = Buffer.alloc(12); return [b.writeIntBE(-(2 ** 47), 0, 6), b.writeIntLE(2 ** 39 - 1, 6, 5), b, b.readIntBE(0, 6), b.readIntLE(6, 5), b.writeUIntLE(2 ** 40 - 1, 0, 5), b.readUIntLE(0, 5)] })()`,
      ],
      [
        'write bigint',
        `(() => { const b = Buffer.alloc(16); return [b.writeBigInt64BE(-2n), b.writeBigUInt64LE(2n ** 64n - 1n, 8), b, b.readBigInt64LE(8), b.readBigUInt64BE(0), b.writeBigUint64BE(5n), b] })()`,
      ],
      ['read oob', `Buffer.alloc(2).readUInt8(10)`],
      ['read frac', `Buffer.alloc(2).readUInt8(1.5)`],
      ['read string', `Buffer.alloc(2).readUInt8('1')`],
      ['read NaN', `Buffer.alloc(2).readUInt16LE(NaN)`],
      ['read undefined', `Buffer.alloc(2).readUInt8(undefined)`],
      ['read Infinity', `Buffer.alloc(2).readUInt8(Infinity)`],
      ['read too small', `Buffer.alloc(2).readUInt32LE(0)`],
      ['read 32 off', `Buffer.alloc(4).readUInt32LE(1)`],
      ['read neg', `Buffer.alloc(4).readInt16BE(-1)`],
      ['read bytelength 7', `Buffer.alloc(8).readIntLE(0, 7)`],
      ['read bytelength 0', `Buffer.alloc(8).readUIntBE(0, 0)`],
      ['read bytelength frac', `Buffer.alloc(8).readIntBE(0, 1.5)`],
      ['read bytelength missing', `Buffer.alloc(8).readIntLE(0)`],
      ['read offset missing', `Buffer.alloc(8).readIntLE(undefined, 2)`],
      ['read big small', `Buffer.alloc(4).readBigInt64LE(0)`],
      ['read big off', `Buffer.alloc(9).readBigUInt64BE(2)`],
      ['read float small', `Buffer.alloc(3).readFloatBE()`],
      ['read double off', `Buffer.alloc(10).readDoubleLE(3)`],
      ['write8 range', `Buffer.alloc(2).writeUInt8(300)`],
      ['write int8 range', `Buffer.alloc(2).writeInt8(-200)`],
      ['write32 range', `Buffer.alloc(4).writeUInt32LE(2 ** 32)`],
      ['write32 neg', `Buffer.alloc(8).writeUInt32BE(-1)`],
      ['write int32 range', `Buffer.alloc(4).writeInt32BE(2 ** 31)`],
      ['write 24 range', `Buffer.alloc(4).writeUIntLE(2 ** 24, 0, 3)`],
      ['write 48 range', `Buffer.alloc(8).writeIntLE(2 ** 47, 0, 6)`],
      ['write 40 range', `Buffer.alloc(8).writeIntBE(2 ** 40, 0, 5)`],
      ['write u40 range', `Buffer.alloc(8).writeUIntBE(2 ** 40, 0, 5)`],
      ['write u48 range', `Buffer.alloc(8).writeUIntLE(-1, 0, 6)`],
      ['write big type', `Buffer.alloc(8).writeBigInt64LE(1)`],
      ['write big range', `Buffer.alloc(8).writeBigInt64LE(2n ** 63n)`],
      ['write ubig range', `Buffer.alloc(8).writeBigUInt64LE(-1n)`],
      ['write ubig big range', `Buffer.alloc(8).writeBigUInt64BE(2n ** 64n)`],
      ['write off type 16', `Buffer.alloc(8).writeUInt16LE(70000, 'x')`],
      ['write off type 8', `Buffer.alloc(8).writeUInt8(700, 'x')`],
      ['write oob', `Buffer.alloc(1).writeUInt16LE(1)`],
      ['write oob off', `Buffer.alloc(4).writeUInt16BE(1, 3)`],
      ['write float oob', `Buffer.alloc(2).writeFloatLE(1)`],
      ['write double frac', `Buffer.alloc(10).writeDoubleBE(1, 0.5)`],
      ['write bytelength bad', `Buffer.alloc(8).writeIntLE(1, 0, 7)`],
      ['write offset missing', `Buffer.alloc(8).writeUIntLE(1, undefined, 2)`],
      ['write bytelength missing', `Buffer.alloc(8).writeUIntBE(1, 0)`],
    ]),
  },
  {
    name: 'inspect',
    code: `
      const util = require('util')
      const b = require('node:buffer')
      print(util.inspect(Buffer.from('hi')), util.inspect(Buffer.alloc(0)))
      print(util.inspect(Buffer.alloc(60, 1)))
      print(util.inspect(Buffer.alloc(51, 2)))
      const extra = Buffer.from('ab'); extra.foo = 1; extra.bar = 'x'; extra['a-b'] = [1, 'q', { z: null }]; extra.n = 2n
      print(util.inspect(extra))
      print(Buffer.prototype.inspect.call(extra), Buffer.prototype.inspect.call(extra, 2, {}))
      const empty = Buffer.alloc(0); empty.k = true
      print(util.inspect(empty))
      print(Buffer.from('xyz').inspect(), Buffer.prototype.inspect === Buffer.prototype[Symbol.for('nodejs.util.inspect.custom')])
      print(attempt(() => { b.INSPECT_MAX_BYTES = -1 }), attempt(() => { b.INSPECT_MAX_BYTES = 'x' }))
      b.INSPECT_MAX_BYTES = 3
      print(b.INSPECT_MAX_BYTES, util.inspect(Buffer.from('hello')), util.inspect(Buffer.from('hell')))
      b.INSPECT_MAX_BYTES = 50
    `,
  },
  {
    name: 'module functions',
    code: expressions([
      [
        'isAscii',
        `[require('buffer').isAscii(Buffer.from('abc')), require('buffer').isAscii(new Uint8Array([200])), require('buffer').isAscii(new ArrayBuffer(2)), require('buffer').isAscii(new Uint16Array([0x7f00]))]`,
      ],
      [
        'isUtf8',
        `[require('buffer').isUtf8(Buffer.from('é')), require('buffer').isUtf8(new Uint8Array([0xc0])), require('buffer').isUtf8(new Uint8Array([0xef, 0xbb, 0xbf])), require('buffer').isUtf8(new ArrayBuffer(1))]`,
      ],
      ['isAscii bad', `require('buffer').isAscii('x')`],
      ['isUtf8 bad', `require('buffer').isUtf8(null)`],
      [
        'transcode',
        `(() => { const t = require('buffer').transcode; return [t(Buffer.from('hé'), 'utf8', 'latin1'), t(Buffer.from('€é'), 'utf8', 'ascii'), t(Buffer.from('€é'), 'utf8', 'ucs2'), t(Buffer.from('€é', 'ucs2'), 'ucs2', 'utf8'), t(Buffer.from('😀a'), 'utf8', 'latin1'), t(Buffer.from([0xe9, 0x41]), 'ascii', 'utf8'), t(Buffer.from([0xff, 0xfe, 0x41]), 'latin1', 'ucs2'), t(Buffer.from([0x61, 0, 0x62]), 'ucs2', 'utf8'), t(Buffer.alloc(0), 'utf8', 'hex'), t(Buffer.from('a'), 'binary', 'ascii'), t(Buffer.from('a'), 'UTF-8', 'utf-8')] })()`,
      ],
      ['transcode bad enc', `require('buffer').transcode(Buffer.from('a'), 'utf8', 'hex')`],
      [
        'transcode bad enc code',
        `[require('buffer').transcode.length, attempt(() => require('buffer').transcode(Buffer.from('a'), 'nope', 'utf8')).errno]`,
      ],
      [
        'transcode invalid utf8',
        `attempt(() => require('buffer').transcode(Buffer.from([0xc0, 0x41]), 'utf8', 'ucs2')).errno`,
      ],
      ['transcode bad source', `require('buffer').transcode('x', 'utf8', 'ucs2')`],
      [
        'resolveObjectURL',
        `(() => { const b = require('buffer'); const u = URL.createObjectURL(new Blob(['xyz'])); const r = [b.resolveObjectURL(u).size, b.resolveObjectURL('blob:nodedata:zz'), b.resolveObjectURL('nope')]; URL.revokeObjectURL(u); r.push(b.resolveObjectURL(u)); return r })()`,
      ],
      ['atob btoa', `[atob('aGk='), btoa('hi'), atob(' aG k= ')]`],
      ['atob bad', `attempt(() => atob('!!!')).name`],
      ['blob', `new (require('buffer').Blob)(['ab', Buffer.from('c')]).size`],
      [
        'file',
        `(() => { const f = new (require('buffer').File)(['abc'], 'a.txt', { type: 'text/plain' }); return [f.name, f.size] })()`,
      ],
    ]),
  },
]

let build: BrowserBuild
let bun: Map<string, string>
let ours: Map<string, string>

beforeAll(async () => {
  build = await loadBrowserBuild(['buffer'])
  // `util` is another engineer's builtin: scenarios use it only for inspect, and
  // the harness maps it to a stand-in that calls the custom inspect hook.
  bun = runBun(SCENARIOS).cases
  ours = (await runOurs(build, SCENARIOS, {}, undefined, { util: utilStandIn })).cases
})

/** `util.inspect` reduced to what the inspect scenario needs: a Buffer's custom inspect hook. */
function utilStandIn() {
  const inspect = (value: unknown, options: Record<string, unknown> = {}): string => {
    const hook = (value as Record<symbol, unknown> | null)?.[Symbol.for('nodejs.util.inspect.custom')]
    if (typeof hook === 'function') return hook.call(value, 2, { ...options }, inspect)
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : String(v)}`)
      const prefix = Object.getPrototypeOf(value) === null ? '[Object: null prototype] ' : ''
      return `${prefix}{ ${entries.join(', ')} }`
    }
    return String(value)
  }
  return { inspect }
}

describe('node:buffer against the real Bun', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      expect(bun.get(scenario.name)).toBeDefined()
      expect(ours.get(scenario.name)).toBe(bun.get(scenario.name))
    })
  }
})

describe('installBuffer', () => {
  it('leaves a native (Node host) Buffer alone and still builds the module', () => {
    const before = NodeBuffer.prototype.toString
    installBuffer()
    const mod = createBuffer(createTestContext())
    expect(NodeBuffer.prototype.toString).toBe(before)
    expect(mod.Buffer.from('aGk', 'base64url').toString()).toBe('hi')
  })

  it('is idempotent on the npm class', async () => {
    const mod = build.buffer as { installBuffer: () => void; createBuffer: typeof createBuffer }
    const { Buffer } = mod.createBuffer(createTestContext())
    const original = Buffer.prototype.toString
    mod.installBuffer()
    expect(Buffer.prototype.toString).toBe(original)
    expect('TYPED_ARRAY_SUPPORT' in Buffer).toBe(false)
  })
})

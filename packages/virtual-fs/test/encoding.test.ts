/**
 * readFile/writeFile text encodings against Node's own Buffer as the oracle,
 * on random strings (lone surrogates and astral characters included) and
 * random bytes. Node-only: the browser has no Buffer to compare with.
 */
import { Buffer } from 'node:buffer'
import { createVfs, type Encoding } from '@aspect-build/virtual-fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const vfs = createVfs()

/** Any UTF-16 code unit (lone surrogates too), plus whole astral and accented characters. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('😀', '𝄞', 'é', 'a', '\ufeff'),
  ),
  maxLength: 64,
})
const fromAlphabet = (alphabet: string) => fc.string({ unit: fc.constantFrom(...alphabet.split('')), maxLength: 64 })
const base64ish = fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n.$')
const hexish = fromAlphabet('0123456789abcdefABCDEFxz ')
const anyBytes = fc.uint8Array({ maxLength: 96 })

const written = (text: string, encoding: Encoding): number[] => {
  vfs.writeFile('/f', text, encoding)
  return [...vfs.readFile('/f')]
}
const read = (bytes: Uint8Array, encoding: Encoding): string => {
  vfs.writeFile('/f', bytes)
  return vfs.readFile('/f', encoding)
}

describe('text encodings match Node’s Buffer', () => {
  const textEncodings: Encoding[] = ['utf8', 'utf-8', 'latin1', 'binary', 'ascii', 'utf16le', 'ucs2']
  for (const encoding of textEncodings) {
    it(`${encoding}: writing text`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expect(written(text, encoding)).toEqual([...Buffer.from(text, encoding)])
        }),
        { numRuns: 300 },
      )
    })
    it(`${encoding}: reading bytes`, () => {
      fc.assert(
        fc.property(anyBytes, (bytes) => {
          expect(read(bytes, encoding)).toBe(Buffer.from(bytes).toString(encoding))
        }),
        { numRuns: 300 },
      )
    })
  }

  for (const encoding of ['base64', 'base64url'] as const) {
    it(`${encoding}: decoding lenient input`, () => {
      fc.assert(
        fc.property(base64ish, (text) => {
          expect(written(text, encoding)).toEqual([...Buffer.from(text, encoding)])
        }),
        { numRuns: 500 },
      )
    })
    it(`${encoding}: encoding bytes`, () => {
      fc.assert(
        fc.property(anyBytes, (bytes) => {
          expect(read(bytes, encoding)).toBe(Buffer.from(bytes).toString(encoding))
        }),
        { numRuns: 300 },
      )
    })
  }

  it('hex: decoding input with invalid pairs and odd lengths', () => {
    fc.assert(
      fc.property(hexish, (text) => {
        expect(written(text, 'hex')).toEqual([...Buffer.from(text, 'hex')])
      }),
      { numRuns: 500 },
    )
  })

  it('hex: encoding bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(read(bytes, 'hex')).toBe(Buffer.from(bytes).toString('hex'))
      }),
      { numRuns: 300 },
    )
  })

  it('large files decode in every encoding', () => {
    const big = Buffer.alloc(1 << 20)
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff
    for (const encoding of ['latin1', 'ascii', 'utf16le', 'base64', 'hex', 'utf8'] as const) {
      expect(read(big, encoding)).toBe(big.toString(encoding))
    }
  })
})

/**
 * Typed bindings of the npm `readable-stream` package (it ships no
 * declarations) and the npm `string_decoder` (typed by @types/node's
 * `string_decoder` module, whose API it implements) for `node:crypto` and
 * `node:zlib`. The `node:stream` import is type-only and vanishes from the
 * build.
 */
import type { Transform as NodeTransform } from 'node:stream'
// @ts-expect-error -- the package has no type declarations; typed below.
import { Transform as RSTransform } from 'readable-stream'

export { StringDecoder } from 'string_decoder'

/** `readable-stream`'s Transform (Node's streams for the browser), typed as Node's. */
export const Transform: typeof NodeTransform = RSTransform
export type Transform = NodeTransform

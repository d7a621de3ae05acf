/**
 * `node:stream/web`: the WHATWG stream classes of the global scope (the
 * browser's, as Bun's module holds its globals).
 */
import type { NodeContext } from './context.js'

/** The classes `node:stream/web` exports (those the global scope lacks are left out). */
export const STREAM_WEB_NAMES: readonly string[] = [
  'ByteLengthQueuingStrategy',
  'CompressionStream',
  'CountQueuingStrategy',
  'DecompressionStream',
  'ReadableByteStreamController',
  'ReadableStream',
  'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest',
  'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader',
  'TextDecoderStream',
  'TextEncoderStream',
  'TransformStream',
  'TransformStreamDefaultController',
  'WritableStream',
  'WritableStreamDefaultController',
  'WritableStreamDefaultWriter',
]

/** Builds `node:stream/web`. */
export function createStreamWeb(_ctx: NodeContext): Record<string, unknown> {
  const scope = globalThis as unknown as Record<string, unknown>
  const exports: Record<string, unknown> = {}
  for (const name of STREAM_WEB_NAMES) if (scope[name] !== undefined) exports[name] = scope[name]
  return exports
}

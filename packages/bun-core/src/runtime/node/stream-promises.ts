/** `node:stream/promises`: `pipeline` and `finished` returning promises (the object `stream.promises` is). */
import type { NodeContext } from './context.js'
import { createStream, type StreamPromisesModule } from './stream.js'

/** Builds `node:stream/promises`. */
export function createStreamPromises(ctx: NodeContext): StreamPromisesModule {
  return createStream(ctx).promises as StreamPromisesModule
}

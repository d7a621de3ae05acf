/**
 * The `Bun` global: `createBun(context)` builds it for one process.
 */
import type { BunContext } from './types.js'

export type { BunContext } from './types.js'

/** The `Bun` object (members are added as they are implemented). */
export interface BunGlobal {
  readonly version: string
  readonly revision: string
}

/** Builds the `Bun` global for one process. */
export function createBun(context: BunContext): BunGlobal {
  void context
  return { version: '1.4.5', revision: 'vitamin-bun' }
}

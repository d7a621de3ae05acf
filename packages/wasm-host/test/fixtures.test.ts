/**
 * The committed guest of the browser test (test/fixtures/browser_writer.wasm)
 * must be a build of the current test/c/browser_writer.c: its source hash is
 * recorded beside it. Rebuild both with
 *   UPDATE_FIXTURES=1 npx vitest run --project node packages/wasm-host/test/fixtures.test.ts
 * The fixture is also run here, in Node, against the same expectations as in
 * Chromium.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { expectWriterOutcome, WRITER_ARGS, WRITER_STDIN } from './browser-writer.expect.js'
import { buildC, C_DIR, runWasi } from './helpers/clang.js'

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
const WASM = join(FIXTURES, 'browser_writer.wasm')
const HASH = `${WASM}.source-sha256`

function sourceHash(): string {
  return createHash('sha256')
    .update(readFileSync(join(C_DIR, 'browser_writer.c')))
    .update(readFileSync(join(C_DIR, 'common.h')))
    .digest('hex')
}

describe('browser test fixture', () => {
  if (process.env.UPDATE_FIXTURES === '1') {
    it('is rebuilt from its source', () => {
      copyFileSync(buildC('browser_writer', 'wasi', ['-Wl,--strip-all']), WASM)
      writeFileSync(HASH, `${sourceHash()}\n`)
    })
  }

  it('is a build of the current test/c/browser_writer.c', () => {
    expect(
      readFileSync(HASH, 'utf8').trim(),
      'browser_writer.wasm is stale: rebuild it with UPDATE_FIXTURES=1 npx vitest run --project node packages/wasm-host/test/fixtures.test.ts',
    ).toBe(sourceHash())
  })

  it('behaves in Node as the browser test expects', async () => {
    const run = await runWasi(WASM, { args: WRITER_ARGS.slice(1), stdin: WRITER_STDIN })
    expectWriterOutcome(run.vfs, '/sandbox', run.exitCode, run.stdout)
  })
})

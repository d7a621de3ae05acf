/**
 * In Chromium: a C program runs under WasiHost inside a Web Worker, on a VFS
 * the worker creates. The worker sends back a snapshot of that tree, which
 * the test loads into a VFS and checks through it.
 */
import { createVfs } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'
import { expectWriterOutcome, WRITER_ARGS, WRITER_STDIN } from './browser-writer.expect.js'

interface Reply {
  exitCode: number
  stdout: string
  snapshot: Uint8Array
  isWorker: boolean
  error?: string
}

describe('WasiHost in a Web Worker', () => {
  it('runs a C program that writes files on the worker’s VFS', async () => {
    const wasm = await (await fetch(new URL('./fixtures/browser_writer.wasm', import.meta.url))).arrayBuffer()
    expect(new Uint8Array(wasm, 0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]))
    const worker = new Worker(new URL('./workers/wasi-worker.ts', import.meta.url), { type: 'module' })
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<Reply>) => resolve(event.data)
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`))
      worker.postMessage({ wasm, args: WRITER_ARGS, stdin: WRITER_STDIN }, [wasm])
    })
    worker.terminate()
    expect(reply.error).toBeUndefined()
    expect(reply.isWorker).toBe(true)
    const vfs = createVfs()
    vfs.importSnapshot('/result', reply.snapshot)
    expectWriterOutcome(vfs, '/result', reply.exitCode, reply.stdout)
  })
})

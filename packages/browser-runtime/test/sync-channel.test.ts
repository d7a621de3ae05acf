// The shared-memory system-call channel: the protocol on one thread (answers already
// there when the caller would wait), and a real blocking call from a worker thread.
import { Worker } from 'node:worker_threads'
import { VfsError } from '@aspect-build/virtual-fs'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import {
  CHANNEL_BYTES,
  createChannel,
  HEADER_BYTES,
  type ProcessMessage,
  SIGNAL_INDEX,
  SyncChannelClient,
  SyncChannelServer,
} from '../src/index.js'

/** A client whose every post is answered at once by `answer` (so Atomics.wait sees 'not-equal' or never waits). */
function loopback(answer: (call: Extract<ProcessMessage, { type: 'syscall' }>, server: SyncChannelServer) => void) {
  const buffer = createChannel()
  const server = new SyncChannelServer(buffer)
  const posted: ProcessMessage[] = []
  const client = new SyncChannelClient(buffer, (message) => {
    posted.push(message)
    if (message.type === 'syscall') answer(message, server)
    if (message.type === 'syscall-resume') server.resume(message.id, message.channel)
  })
  return { client, posted, buffer }
}

describe('SyncChannelClient / SyncChannelServer', () => {
  it('returns the value of a call, with fresh ids', () => {
    const { client, posted } = loopback((m, server) => server.answer(m.id, { ok: true, value: { echo: m.call } }))
    expect(client.call({ op: 'read', fd: 0 })).toEqual({ echo: { op: 'read', fd: 0 } })
    expect(client.call({ op: 'fs', method: 'stat', args: ['/'] })).toEqual({
      echo: { op: 'fs', method: 'stat', args: ['/'] },
    })
    expect(posted.map((m) => (m.type === 'syscall' ? m.id : -1))).toEqual([1, 2])
  })

  it('throws the error the kernel raised, rebuilt as the same class with its fields', () => {
    const { client } = loopback((m, server) =>
      server.answer(m.id, { ok: false, error: new VfsError('EISDIR', { syscall: 'open', path: '/dir' }) }),
    )
    let thrown: unknown
    try {
      client.call({ op: 'fs', method: 'readFile', args: ['/dir'] })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(VfsError)
    expect(thrown).toMatchObject({ code: 'EISDIR', errno: -21, syscall: 'open', path: '/dir' })
  })

  it('moves an answer larger than the channel into a bigger buffer, used from then on', () => {
    const big = new Uint8Array(CHANNEL_BYTES * 3).map((_, i) => i % 251)
    let calls = 0
    const { client, posted } = loopback((m, server) => {
      calls++
      server.answer(m.id, { ok: true, value: calls === 1 ? big : 'small' })
    })
    expect(client.call({ op: 'read', fd: 0 })).toEqual(big)
    const resume = posted.find((m) => m.type === 'syscall-resume')
    expect(resume).toMatchObject({ type: 'syscall-resume', id: 1 })
    const grown = (resume as { channel: SharedArrayBuffer }).channel
    expect(grown.byteLength).toBeGreaterThanOrEqual(HEADER_BYTES + big.length)
    expect(client.call({ op: 'read', fd: 0 })).toBe('small')
    // The second answer went to the new buffer: its SIGNAL word holds call 2.
    expect(Atomics.load(new Int32Array(grown), SIGNAL_INDEX)).toBe(2)
  })

  it('answers a value the codec cannot carry with an error instead of leaving the caller asleep', () => {
    const { client } = loopback((m, server) => {
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      server.answer(m.id, { ok: true, value: cyclic })
    })
    expect(() => client.call({ op: 'read', fd: 0 })).toThrow(TypeError)
  })

  it('blocks a worker thread in Atomics.wait until the answer is written', async () => {
    const bundle = await build({
      stdin: {
        contents: `
          import { parentPort, workerData } from 'node:worker_threads'
          import { SyncChannelClient } from './src/sync-channel.ts'
          const client = new SyncChannelClient(workerData, (m) => parentPort.postMessage(m))
          const started = Date.now()
          const value = client.call({ op: 'read', fd: 0 })
          let error = null
          try { client.call({ op: 'read', fd: 0 }) } catch (e) { error = { name: e.constructor.name, code: e.code, syscall: e.syscall } }
          parentPort.postMessage({ type: 'done', value, waited: Date.now() - started, error })
        `,
        resolveDir: new URL('..', import.meta.url).pathname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['source'],
      write: false,
    })
    const channel = createChannel()
    const server = new SyncChannelServer(channel)
    const code = bundle.outputFiles[0]?.text ?? ''
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: channel })
    const done = new Promise<{ value: unknown; waited: number; error: unknown }>((resolve, reject) => {
      let calls = 0
      worker.on('error', reject)
      worker.on(
        'message',
        (message: ProcessMessage | { type: 'done'; value: unknown; waited: number; error: unknown }) => {
          if (message.type === 'done') resolve(message)
          else if (message.type === 'syscall') {
            calls++
            const id = message.id
            if (calls === 1) setTimeout(() => server.answer(id, { ok: true, value: new Uint8Array([1, 2, 3]) }), 150)
            else server.answer(id, { ok: false, error: new VfsError('EAGAIN', { syscall: 'read' }) })
          }
        },
      )
    })
    const result = await done
    await worker.terminate()
    expect(result.value).toEqual(new Uint8Array([1, 2, 3]))
    expect(result.waited).toBeGreaterThanOrEqual(140)
    expect(result.error).toEqual({ name: 'VfsError', code: 'EAGAIN', syscall: 'read' })
  })
})

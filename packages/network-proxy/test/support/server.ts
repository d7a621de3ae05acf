import { Worker } from 'node:worker_threads'

/** A running test server (see http-server.mjs for its routes). */
export interface TestServer {
  /** Its port on 127.0.0.1. */
  port: number
  /** Its origin, `http://127.0.0.1:<port>`. */
  origin: string
  close(): Promise<void>
}

/** Start http-server.mjs in a worker thread, so it answers while a test thread blocks. */
export async function startTestServer(): Promise<TestServer> {
  const worker = new Worker(new URL('./http-server.mjs', import.meta.url))
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port))
    worker.once('error', reject)
  })
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      worker.postMessage('close')
      await exited
    },
  }
}

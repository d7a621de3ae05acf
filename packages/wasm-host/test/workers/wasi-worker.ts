/**
 * Web Worker of wasi.browser.test.ts: creates a VFS, runs the guest it is
 * sent under WasiHost, and posts back the exit code, stdout and a snapshot
 * of the tree it wrote.
 */
import { createVfs } from '@aspect-build/virtual-fs'
import { WasiHost } from '@aspect-build/wasm-host'

interface Request {
  wasm: ArrayBuffer
  args: string[]
  stdin: string
}

self.onmessage = async (event: MessageEvent<Request>) => {
  try {
    const vfs = createVfs()
    vfs.mkdir('/sandbox')
    const out: Uint8Array[] = []
    const host = new WasiHost({
      vfs,
      args: event.data.args,
      stdin: event.data.stdin,
      preopens: { '/': '/sandbox' },
      stdout: (chunk) => out.push(chunk),
    })
    const { instance } = await WebAssembly.instantiate(event.data.wasm, host.imports)
    const exitCode = host.start(instance)
    host.close()
    const stdout = new TextDecoder().decode(new Uint8Array(out.flatMap((c) => [...c])))
    const snapshot = vfs.exportSnapshot('/sandbox')
    self.postMessage(
      { exitCode, stdout, snapshot, isWorker: typeof document === 'undefined' },
      { transfer: [snapshot.buffer] },
    )
  } catch (error) {
    self.postMessage({
      error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error),
    })
  }
}

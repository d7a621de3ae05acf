// Compile-time checks of the public API (checked by the root typecheck, not run): both
// platform entries bind to the one declared API, and its overloads give precise types.
import type { Dirent, Stats } from '@aspect-build/virtual-fs'
import { createBunContainer as createInBrowser } from '../src/browser.js'
import { createBunContainer as createInNode } from '../src/node.js'
import type * as types from '../src/types.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

assert<Equal<typeof createInBrowser, typeof types.createBunContainer>>()
assert<Equal<typeof createInNode, typeof types.createBunContainer>>()

export async function checks(c: types.BunContainer): Promise<void> {
  assert<Equal<Awaited<ReturnType<typeof c.exec>>, types.ExecResult>>()
  assert<Equal<Awaited<ReturnType<typeof c.fs.stat>>, Stats>>()
  const text: string = await c.fs.readFile('a', 'utf8')
  const bytes: Uint8Array = await c.fs.readFile('a')
  const names: string[] = await c.fs.readdir('.')
  const entries: Dirent[] = await c.fs.readdir('.', { withFileTypes: true })
  const proc = c.spawn('sh', ['-c', 'true'], { tty: { cols: 80, rows: 24 } })
  const reader: ReadableStreamDefaultReader<Uint8Array> = proc.stdout.getReader()
  proc.stderr.on('data', (chunk: Uint8Array) => chunk).on('end', () => undefined)
  proc.stdin.write('text')
  const code: number = await proc.exited
  const off: () => void = c.on('error', ({ message, error }: { message: string; error: Error }) => [message, error])
  for await (const event of c.fs.watch('.')) assert<Equal<typeof event.eventType, 'rename' | 'change'>>()
  void [text, bytes, names, entries, reader, code, off]

  // @ts-expect-error: a misspelt option is a compile error too (and a runtime TypeError)
  await createInBrowser({ persistance: 'indexeddb' })
  // @ts-expect-error: persistence kinds are a closed set
  await createInNode({ persistence: 'disk' })
  // @ts-expect-error: stdin is an exec option, not a spawn option
  c.spawn('cat', [], { stdin: 'x' })
  // @ts-expect-error: only the signals a container knows
  proc.kill('SIGSTOP')
  // @ts-expect-error: events are port, server-ready and error
  c.on('ready', () => undefined)
}

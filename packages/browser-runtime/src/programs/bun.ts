/**
 * `bun` (and `bunx`): bun-core's Bun program, on the process's context.
 * The context already is nearly a `RuntimeHost`; this adds the stream
 * shapes (terminal or not, size) and the network.
 */
import { bunMain, type RuntimeHost } from '@aspect-build/bun-core'
import type { ProcessContext, Program } from './types.js'

/** The host's own `fetch`, taken before a process installs its globals (the runtime's `fetch` calls this one). */
const hostFetch: typeof fetch = globalThis.fetch.bind(globalThis)

/** The `RuntimeHost` of a process. */

export function runtimeHost(context: ProcessContext): RuntimeHost {
  const tty = context.tty
  const output = (sink: ProcessContext['stdout'], isTTY: boolean) => ({
    write: (bytes: Uint8Array) => void sink.write(bytes),
    isTTY,
    get size() {
      return isTTY ? tty : null
    },
  })
  return {
    pid: context.pid,
    ppid: context.ppid,
    argv: context.argv,
    env: context.env,
    cwd: context.cwd,
    fs: context.fs,
    stdin: {
      read: () => context.stdin.read(),
      readSync: () => context.readStdinSync(),
      isTTY: tty !== null,
    },
    stdout: output(context.stdout, tty !== null),
    // On a terminal, stderr is the same terminal (the kernel merges the streams).
    stderr: output(context.stderr, tty !== null),
    modules: context.modules,
    spawn: (request) => context.spawn(request),
    ...(context.spawnSync ? { spawnSync: context.spawnSync } : {}),

    which: (command, path, cwd) => context.which(command, path, cwd),
    fetch: hostFetch,
    sharedRealm: !context.canBlock,
    exit: (code) => context.exit(code),
    signal: context.signal,
  }
}

export const bun: Program = {
  main: (context) => bunMain(runtimeHost(context)),
}

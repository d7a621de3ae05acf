/**
 * A hostile guest: 100,000 calls of random WASI imports (both modules) with
 * random arguments — wild pointers, lengths, fds, flags, rights — from a
 * fixed seed. The host must answer every call with an errno (only
 * proc_exit/proc_raise may unwind), report no internal error, never touch
 * the VFS outside the preopen, and leave the VFS consistent.
 */
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import {
  OFLAGS_DIRECTORY,
  ProcExit,
  RIGHTS_DIRECTORY_BASE,
  RIGHTS_REGULAR_FILE_BASE,
  WasiHost,
} from '@aspect-build/wasm-host'
import { describe, expect, it } from 'vitest'

const CALLS = 100_000
/** Calls per fresh world: a guest soon closes its preopens, after which little can happen. */
const CALLS_PER_WORLD = 500
const SEED = 0x5eed1234

/** Mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The parameter kinds of each import: i = i32, I = i64. */
const SIGNATURES: Record<string, string> = {
  args_get: 'ii',
  args_sizes_get: 'ii',
  environ_get: 'ii',
  environ_sizes_get: 'ii',
  clock_res_get: 'ii',
  clock_time_get: 'iIi',
  fd_advise: 'iIIi',
  fd_allocate: 'iII',
  fd_close: 'i',
  fd_datasync: 'i',
  fd_fdstat_get: 'ii',
  fd_fdstat_set_flags: 'ii',
  fd_fdstat_set_rights: 'iII',
  fd_filestat_get: 'ii',
  fd_filestat_set_size: 'iI',
  fd_filestat_set_times: 'iIIi',
  fd_pread: 'iiiIi',
  fd_prestat_get: 'ii',
  fd_prestat_dir_name: 'iii',
  fd_pwrite: 'iiiIi',
  fd_read: 'iiii',
  fd_readdir: 'iiiIi',
  fd_renumber: 'ii',
  fd_seek: 'iIii',
  fd_sync: 'i',
  fd_tell: 'ii',
  fd_write: 'iiii',
  path_create_directory: 'iii',
  path_filestat_get: 'iiiii',
  path_filestat_set_times: 'iiiiIIi',
  path_link: 'iiiiiii',
  path_open: 'iiiiiIIii',
  path_readlink: 'iiiiii',
  path_remove_directory: 'iii',
  path_rename: 'iiiiii',
  path_symlink: 'iiiii',
  path_unlink_file: 'iii',
  poll_oneoff: 'iiii',
  proc_exit: 'i',
  proc_raise: 'i',
  sched_yield: '',
  random_get: 'ii',
  sock_accept: 'iii',
  sock_recv: 'iiiiii',
  sock_send: 'iiiii',
  sock_shutdown: 'ii',
}

/** Where each path_* import takes (pointer, length) pairs. */
const PATH_ARGS: Record<string, number[]> = {
  path_create_directory: [1],
  path_filestat_get: [2],
  path_filestat_set_times: [2],
  path_link: [2, 5],
  path_open: [2],
  path_readlink: [1],
  path_remove_directory: [1],
  path_rename: [1, 4],
  path_symlink: [0, 3],
  path_unlink_file: [1],
}

/** Imports taking (iovecs, count) at arguments 1 and 2. */
const IOVEC_ARGS = new Set(['fd_read', 'fd_write', 'fd_pread', 'fd_pwrite', 'sock_recv', 'sock_send'])

const PATHS = [
  'a',
  'b',
  'dir',
  'dir/x',
  'link',
  'dir/../a',
  '../escape',
  '/abs',
  'a/',
  'dir/',
  '.',
  '..',
  'loop',
  'ünï',
  '',
]

interface World {
  vfs: Vfs
  host: WasiHost
  memory: WebAssembly.Memory
  /** Pointers to useful data: path strings [ptr, len], iovec arrays [ptr, count]. */
  paths: Array<[number, number]>
  iovecs: Array<[number, number]>
  internalErrors: unknown[]
  restorePaths(): void
}

function world(): World {
  const vfs = createVfs({ clock: () => 1_700_000_000_000_000_000n })
  vfs.mkdir('/sandbox/dir', { recursive: true })
  vfs.writeFile('/sandbox/a', 'alpha')
  vfs.writeFile('/sandbox/dir/x', 'x'.repeat(300))
  vfs.symlink('a', '/sandbox/link')
  vfs.symlink('loop', '/sandbox/loop')
  vfs.writeFile('/outside', 'must not change')
  let now = 0n
  const internalErrors: unknown[] = []
  const host = new WasiHost({
    vfs,
    args: ['fuzz', 'arg'],
    env: { K: 'v' },
    preopens: { '/': '/sandbox', '/tmp': '/sandbox/dir' },
    stdin: 'some input',
    stdout: () => {},
    stderr: () => {},
    // Time only moves when the host sleeps, so random poll timeouts cost nothing.
    clock: {
      monotonic: () => now,
      realtime: () => now,
      sleep: (ns) => {
        now += ns
      },
    },
    onError: (error) => internalErrors.push(error),
  })
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 })
  host.memory.bind(memory)
  const u8 = new Uint8Array(memory.buffer)
  const view = new DataView(memory.buffer)
  const paths: Array<[number, number]> = []
  let at = 256
  for (const p of PATHS) {
    const bytes = new TextEncoder().encode(p)
    u8.set(bytes, at)
    paths.push([at, bytes.length])
    at += bytes.length + 8
  }
  // Start with files and a directory open (fds 5–7), so descriptor calls have targets.
  const open = (path: number, oflags: number, rights: number) => {
    const [p, l] = paths[path] as [number, number]
    const errno = host.path_open(3, 1, p, l, oflags, BigInt(rights), BigInt(rights), 0, 64)
    if (errno !== 0) throw new Error(`setup: path_open(${PATHS[path]}) = ${errno}`)
  }
  open(0, 0, RIGHTS_REGULAR_FILE_BASE)
  open(3, 0, RIGHTS_REGULAR_FILE_BASE)
  open(2, OFLAGS_DIRECTORY, RIGHTS_DIRECTORY_BASE)
  const pathBytes = u8.slice(256, at)
  const restorePaths = () => new Uint8Array(memory.buffer).set(pathBytes, 256)
  // Iovec arrays over a data area at 8192..16384.
  const iovecs: Array<[number, number]> = []
  for (let k = 1; k <= 4; k++) {
    const base = 4096 + k * 64
    for (let j = 0; j < k; j++) {
      view.setUint32(base + j * 8, 8192 + j * 1024, true)
      view.setUint32(base + j * 8 + 4, 1 + ((j * 37 + k * 11) % 900), true)
    }
    iovecs.push([base, k])
  }
  return { vfs, host, memory, paths, iovecs, internalErrors, restorePaths }
}

/** Every directory's link count matches its subdirectories; every name resolves; contents read. */
function checkConsistent(vfs: Vfs, dir: string): number {
  let count = 0
  let subdirs = 0
  for (const name of vfs.readdir(dir)) {
    const path = `${dir}/${name}`
    const st = vfs.lstat(path)
    count++
    if (st.isDirectory()) {
      subdirs++
      count += checkConsistent(vfs, path)
    } else if (st.isFile()) {
      expect(vfs.readFile(path).length).toBe(st.size)
      expect(st.nlink).toBeGreaterThan(0)
    } else {
      expect(typeof vfs.readlink(path)).toBe('string')
    }
  }
  expect(vfs.stat(dir).nlink).toBe(2 + subdirs)
  return count
}

describe('fuzz', () => {
  it(`survives ${CALLS.toLocaleString('en')} random import calls`, () => {
    const random = prng(SEED)
    const outcomes = new Map<string, number>()
    let exits = 0
    for (let round = 0; round < CALLS / CALLS_PER_WORLD; round++) {
      exits += fuzzWorld(random, outcomes)
    }
    expect(exits).toBeGreaterThan(0)
    // The fuzz reached real work, not only argument checks.
    for (const name of [
      'path_open',
      'fd_write',
      'fd_read',
      'fd_pread',
      'fd_pwrite',
      'fd_seek',
      'fd_readdir',
      'fd_renumber',
      'poll_oneoff',
      'path_create_directory',
      'path_symlink',
      'path_rename',
      'path_link',
      'path_unlink_file',
    ]) {
      expect(outcomes.get(`${name}:ok`) ?? 0, name).toBeGreaterThan(0)
    }
  }, 120_000)
})

/** Runs CALLS_PER_WORLD calls against a fresh world and checks it; returns how many calls exited. */
function fuzzWorld(random: () => number, outcomes: Map<string, number>): number {
  const w = world()
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const memSize = () => w.memory.buffer.byteLength
  // A plausible call draws fds from the open ones, pointers from a scratch area and small
  // numbers, so that calls get past argument checks; a wild call draws anything at all.
  let plausible = false
  let open: number[] = []
  const i32 = (): number => {
    const r = random()
    if (plausible) {
      if (r < 0.4 && open.length > 0) return pick(open)
      if (r < 0.75) return Math.floor(random() * 16) // valid as flags, and as a pointer
      return 16384 + Math.floor(random() * 4096)
    }
    if (r < 0.35) return Math.floor(random() * 8) // small: fds, flags, enum values, lengths
    if (r < 0.55) return 16384 + Math.floor(random() * 4096) // a writable scratch area
    if (r < 0.65) return pick(w.paths)[0]
    if (r < 0.7) return pick(w.iovecs)[0]
    if (r < 0.8) return Math.floor(random() * memSize()) // anywhere in memory
    if (r < 0.85) return memSize() - Math.floor(random() * 16) // at the very end
    if (r < 0.9) return 1 << Math.floor(random() * 31) // powers of two
    return (random() * 4294967296) | 0 // anything, as a signed i32
  }
  const i64 = (): bigint => {
    const r = random()
    if (plausible || r < 0.3) return BigInt(Math.floor(random() * 4096))
    if (r < 0.4) return -1n
    // Powers of two stop at 16 MiB: a guest may legitimately grow files to MAX_FILE_SIZE, which
    // would only measure the machine's memory here.
    if (r < 0.5) return BigInt(1 << Math.floor(random() * 25))
    return BigInt.asIntN(64, (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32)))
  }
  const modules = [w.host.imports.wasi_snapshot_preview1, w.host.imports.wasi_unstable] as Array<
    Record<string, (...args: Array<number | bigint>) => unknown>
  >
  const names = Object.keys(SIGNATURES)
  let exits = 0
  for (let call = 0; call < CALLS_PER_WORLD; call++) {
    const name = pick(names)
    const module = pick(modules)
    const fn = module[name]
    if (fn === undefined) continue // sock_accept is preview1 only
    plausible = random() < 0.5
    if (plausible) {
      open = w.host.fds.openFds()
      w.restorePaths() // the guest's own calls may have scribbled over them
    }
    const args = [...(SIGNATURES[name] as string)].map((k) => (k === 'I' ? i64() : i32()))
    // Path arguments are often real strings with their own lengths; iovec arguments, real arrays.
    for (const at of PATH_ARGS[name] ?? []) {
      if (plausible || random() < 0.5) [args[at], args[at + 1]] = pick(w.paths)
    }
    if (plausible && IOVEC_ARGS.has(name)) [args[1], args[2]] = pick(w.iovecs)
    if (random() < 0.05) new Uint8Array(w.memory.buffer)[Math.floor(random() * 8192) + 8192] = call & 0xff
    let result: unknown
    try {
      result = fn(...args)
    } catch (error) {
      if (error instanceof ProcExit && (name === 'proc_exit' || name === 'proc_raise')) {
        exits++
        continue
      }
      throw new Error(`${name}(${args.join(', ')}) threw into the guest: ${String(error)}`)
    }
    if (typeof result !== 'number' || !Number.isInteger(result) || result < 0 || result > 76) {
      throw new Error(`${name}(${args.join(', ')}) returned ${String(result)}, not an errno`)
    }
    const key = `${name}:${result === 0 ? 'ok' : 'err'}`
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  }
  expect(w.internalErrors).toEqual([])
  // Nothing outside the preopens changed.
  expect(w.vfs.readdir('/')).toEqual(['outside', 'sandbox'])
  expect(w.vfs.readFile('/outside', 'utf8')).toBe('must not change')
  checkConsistent(w.vfs, '/sandbox')
  expect(() => w.host.close()).not.toThrow()
  return exits
}

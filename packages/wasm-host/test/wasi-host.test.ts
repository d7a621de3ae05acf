/**
 * WasiHost behaviour through its imports, called as a guest would: options,
 * stdio, rights, readdir cookies and truncation, the wasi_unstable layouts,
 * poll_oneoff with a fake clock, sockets through the descriptor table, faults.
 */
import { createVfs, VfsError } from '@aspect-build/virtual-fs'
import * as W from '@aspect-build/wasm-host'
import { Descriptor, type ProcExit, type SocketHandle, WasiHost } from '@aspect-build/wasm-host'
import { describe, expect, it } from 'vitest'
import { harness } from './helpers/harness.js'

const DIR_RIGHTS = BigInt(W.RIGHTS_DIRECTORY_BASE)
const DIR_INHERIT = BigInt(W.RIGHTS_DIRECTORY_INHERITING)

describe('options', () => {
  const vfs = createVfs()
  it('names an unknown key', () => {
    expect(() => new WasiHost({ vfs, preopen: {} } as never)).toThrow(/Invalid option in new WasiHost\(\): "preopen"/)
  })
  it('requires a Vfs', () => {
    expect(() => new WasiHost({} as never)).toThrow(/"vfs" must be a Vfs/)
    expect(() => new WasiHost({ vfs: {} } as never)).toThrow(TypeError)
  })
  it('rejects values the guest ABI cannot carry', () => {
    expect(() => new WasiHost({ vfs, args: ['a\0b'] })).toThrow(/"args"/)
    expect(() => new WasiHost({ vfs, env: { 'A=B': 'x' } })).toThrow(/"env" has an invalid variable name/)
    expect(() => new WasiHost({ vfs, env: { A: 1 as never } })).toThrow(/"env" value of "A"/)
    expect(() => new WasiHost({ vfs, stdin: 42 as never })).toThrow(/"stdin"/)
    expect(() => new WasiHost({ vfs, stdout: 'x' as never })).toThrow(/"stdout" must be a function/)
    expect(() => new WasiHost({ vfs, clock: { resolution: 5 as never } })).toThrow(/"resolution"/)
    expect(() => new WasiHost({ vfs, modules: { wasi_snapshot_preview1: () => ({}) } })).toThrow(/redefines/)
  })
  it('fails with the VFS error when a preopen is missing, leaving no descriptor open', async () => {
    const v = createVfs()
    v.mkdir('/ok')
    let error: unknown
    try {
      new WasiHost({ vfs: v, preopens: { '/a': '/ok', '/b': '/nope' } })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(VfsError)
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'open', path: '/nope' })
    // A mount cannot be unmounted while descriptors are open on it: the one opened for /a was closed.
    v.mount('/ok', { name: 'memory', records: [], store: null })
    const host = new WasiHost({ vfs: v, preopens: { '/': '/ok' } })
    await expect(v.unmount('/ok')).rejects.toMatchObject({ code: 'EBUSY' })
    host.close()
    await expect(v.unmount('/ok')).resolves.toBeUndefined()
  })
  it('builds both modules, and custom modules with the host context', () => {
    let seen: W.HostContext | undefined
    const network = { blocking: true, open: () => 1, connect() {}, send: () => 0, recv: () => null, close() {} }
    const host = new WasiHost({
      vfs,
      network,
      modules: {
        custom: (ctx) => {
          seen = ctx
          return { ping: () => 7 }
        },
      },
    })
    expect(Object.keys(host.imports).sort()).toEqual([
      'custom',
      W.JS_CONTEXT_MODULE,
      W.SOCK_MODULE,
      'wasi_snapshot_preview1',
      'wasi_unstable',
    ])
    expect(host.imports.wasi_snapshot_preview1?.sock_accept).toBeTypeOf('function')
    expect(host.imports.wasi_unstable?.sock_accept).toBeUndefined()
    expect(seen?.memory).toBe(host.memory)
    expect(seen?.fds).toBe(host.fds)
    expect(seen?.network).toBe(network)
    expect(seen?.fail(new W.WasiError(W.ERRNO_AGAIN), 'x')).toBe(W.ERRNO_AGAIN)
  })
})

describe('custom modules', () => {
  it('may replace the built-in vitamin_* modules but not the WASI ones', () => {
    const host = new WasiHost({ vfs: createVfs(), modules: { [W.JS_CONTEXT_MODULE]: () => ({ mine: () => 1 }) } })
    expect(Object.keys(host.imports[W.JS_CONTEXT_MODULE] ?? {})).toEqual(['mine'])
    expect(host.imports[W.SOCK_MODULE]?.sock_open).toBeTypeOf('function')
    expect(() => new WasiHost({ vfs: createVfs(), modules: { wasi_unstable: () => ({}) } })).toThrow(
      /"modules" redefines "wasi_unstable"/,
    )
  })
})

describe('start and initialize', () => {
  it('refuses an instance without memory or _start', () => {
    const host = new WasiHost({ vfs: createVfs() })
    const noMemory = { exports: { _start: () => {} } } as unknown as WebAssembly.Instance
    expect(() => host.start(noMemory)).toThrow(/does not export its memory as "memory"/)
    const noStart = { exports: { memory: new WebAssembly.Memory({ initial: 1 }) } } as unknown as WebAssembly.Instance
    expect(() => host.start(noStart)).toThrow(/does not export _start/)
    // Neither refusal used the host up.
    let ran = false
    const memory = new WebAssembly.Memory({ initial: 1 })
    const ok = {
      exports: {
        memory,
        _start: () => {
          ran = true
        },
      },
    } as unknown as WebAssembly.Instance
    expect(host.start(ok)).toBe(0)
    expect(ran).toBe(true)
  })

  it('returns 0, the proc_exit code, and lets traps propagate', () => {
    const run = (body: (host: WasiHost) => void) => {
      const host = new WasiHost({ vfs: createVfs() })
      const memory = new WebAssembly.Memory({ initial: 1 })
      return host.start({ exports: { memory, _start: () => body(host) } } as unknown as WebAssembly.Instance)
    }
    expect(run(() => {})).toBe(0)
    expect(run((h) => h.imports.wasi_snapshot_preview1?.proc_exit?.(3 as never))).toBe(3)
    expect(run((h) => h.imports.wasi_snapshot_preview1?.proc_exit?.(-1 as never))).toBe(0xffffffff)
    expect(() =>
      run(() => {
        throw new WebAssembly.RuntimeError('unreachable')
      }),
    ).toThrow(WebAssembly.RuntimeError)
  })
  it('initialize calls _initialize, refuses commands, and runs once', () => {
    const host = new WasiHost({ vfs: createVfs() })
    const memory = new WebAssembly.Memory({ initial: 1 })
    let called = 0
    host.initialize({ exports: { memory, _initialize: () => called++ } } as unknown as WebAssembly.Instance)
    expect(called).toBe(1)
    expect(() => host.initialize({ exports: { memory } } as unknown as WebAssembly.Instance)).toThrow(/already/)
    const other = new WasiHost({ vfs: createVfs() })
    expect(() =>
      other.initialize({ exports: { memory, _start: () => {} } } as unknown as WebAssembly.Instance),
    ).toThrow(/_start/)
  })
})

describe('args and environ', () => {
  it('lays out sizes, pointers and NUL-terminated strings', () => {
    const h = harness({ args: ['prog', 'é', ''], env: { A: '1', LONG: 'x'.repeat(100) } })
    const sizes = h.alloc(8)
    expect(h.w.args_sizes_get(sizes, sizes + 4)).toBe(0)
    expect([h.u32(sizes), h.u32(sizes + 4)]).toEqual([3, 5 + 3 + 1])
    const argv = h.alloc(12)
    const buf = h.alloc(9)
    expect(h.w.args_get(argv, buf)).toBe(0)
    expect([h.u32(argv), h.u32(argv + 4), h.u32(argv + 8)]).toEqual([buf, buf + 5, buf + 8])
    expect(new TextDecoder().decode(h.bytes(buf, 9))).toBe('prog\0é\0\0')
    expect(h.w.environ_sizes_get(sizes, sizes + 4)).toBe(0)
    expect([h.u32(sizes), h.u32(sizes + 4)]).toEqual([2, 4 + 105 + 1])
    const env = h.alloc(8)
    const envBuf = h.alloc(110)
    expect(h.w.environ_get(env, envBuf)).toBe(0)
    expect(new TextDecoder().decode(h.bytes(h.u32(env), 3))).toBe('A=1')
    expect(h.w.args_get(argv, 65536 * 2 - 4)).toBe(W.ERRNO_FAULT)
  })
})

describe('stdio', () => {
  it('hands each write to stdout/stderr as one copied chunk', () => {
    const chunks: Uint8Array[] = []
    const h = harness({ stdout: (c) => chunks.push(c), stderr: (c) => chunks.push(c) })
    const [a, al] = h.str('hello ')
    const [b, bl] = h.str('world')
    const iovs = h.alloc(16)
    h.view().setUint32(iovs, a, true)
    h.view().setUint32(iovs + 4, al, true)
    h.view().setUint32(iovs + 8, b, true)
    h.view().setUint32(iovs + 12, bl, true)
    const n = h.alloc(4)
    expect(h.w.fd_write(1, iovs, 2, n)).toBe(0)
    expect(h.u32(n)).toBe(11)
    expect(h.w.fd_write(2, iovs, 1, n)).toBe(0)
    new Uint8Array(h.memory.buffer).fill(0, a, a + 11) // the host must have copied
    expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(['hello world', 'hello '])
    expect(h.w.fd_read(1, iovs, 1, n)).toBe(W.ERRNO_BADF)
  })
  it('reads stdin from a string, then reports end of file', () => {
    const h = harness({ stdin: 'abcdef' })
    const buf = h.alloc(4)
    const iov = h.alloc(8)
    h.view().setUint32(iov, buf, true)
    h.view().setUint32(iov + 4, 4, true)
    const n = h.alloc(4)
    const reads: string[] = []
    for (let i = 0; i < 3; i++) {
      expect(h.w.fd_read(0, iov, 1, n)).toBe(0)
      reads.push(new TextDecoder().decode(h.bytes(buf, h.u32(n))))
    }
    expect(reads).toEqual(['abcd', 'ef', ''])
  })
  it('pulls stdin chunks from a function, and asks again after end of input', () => {
    const queue: Array<Uint8Array | string | null> = [new Uint8Array([1, 2, 3]), 'xy', null, 'later', null]
    let calls = 0
    const h = harness({
      stdin: () => {
        calls++
        return queue.shift() ?? null
      },
    })
    const buf = h.alloc(2)
    const iov = h.alloc(8)
    h.view().setUint32(iov, buf, true)
    h.view().setUint32(iov + 4, 2, true)
    const n = h.alloc(4)
    const got: number[][] = []
    for (let i = 0; i < 6; i++) {
      expect(h.w.fd_read(0, iov, 1, n)).toBe(0)
      got.push([...h.bytes(buf, h.u32(n))])
    }
    const text = (s: string) => [...new TextEncoder().encode(s)]
    expect(got).toEqual([[1, 2], [3], text('xy'), [], text('la'), text('te')])
    expect(calls).toBe(4)
  })
  it('reports stdin errors from the embedder as ERRNO_IO through onError', () => {
    const errors: string[] = []
    const h = harness({
      stdin: () => {
        throw new Error('boom')
      },
      onError: (e, syscall) => errors.push(`${syscall}: ${(e as Error).message}`),
    })
    const iov = h.alloc(8)
    h.view().setUint32(iov, h.alloc(4), true)
    h.view().setUint32(iov + 4, 4, true)
    expect(h.w.fd_read(0, iov, 1, h.alloc(4))).toBe(W.ERRNO_IO)
    expect(errors).toEqual(['fd_read: boom'])
  })
  it('describes stdio as character devices that cannot seek', () => {
    const h = harness()
    const st = h.alloc(24)
    expect(h.w.fd_fdstat_get(1, st)).toBe(0)
    expect(h.view().getUint8(st)).toBe(W.FILETYPE_CHARACTER_DEVICE)
    expect(h.u64(st + 8) & BigInt(W.RIGHTS_FD_SEEK | W.RIGHTS_FD_TELL)).toBe(0n)
    expect(h.w.fd_seek(1, 0n, W.WHENCE_CUR, h.alloc(8))).toBe(W.ERRNO_NOTCAPABLE)
  })
})

describe('rights', () => {
  it('gives preopens directory rights and refuses rights their inheriting set lacks', () => {
    const h = harness()
    const st = h.alloc(24)
    expect(h.w.fd_fdstat_get(h.root, st)).toBe(0)
    expect(h.u64(st + 8)).toBe(DIR_RIGHTS)
    expect(h.u64(st + 16)).toBe(DIR_INHERIT)
    // Drop FD_WRITE from what the root passes on: a write open is now refused.
    expect(h.w.fd_fdstat_set_rights(h.root, DIR_RIGHTS, DIR_INHERIT & ~BigInt(W.RIGHTS_FD_WRITE))).toBe(0)
    expect(h.tryOpen('f', W.OFLAGS_CREAT, BigInt(W.RIGHTS_FD_WRITE)).errno).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.tryOpen('f', W.OFLAGS_CREAT, BigInt(W.RIGHTS_FD_READ)).errno).toBe(0)
    // Rights no file can hold (sockets', undefined bits) are dropped, not refused.
    expect(h.tryOpen('f', 0, -1n & ~BigInt(W.RIGHTS_FD_WRITE), -1n & ~BigInt(W.RIGHTS_FD_WRITE)).errno).toBe(0)
  })
  it('enforces base rights on every call and never re-grants them', () => {
    const h = harness()
    const fd = h.open('f', W.OFLAGS_CREAT, BigInt(W.RIGHTS_FD_READ | W.RIGHTS_FD_WRITE | W.RIGHTS_FD_SEEK))
    const st = h.alloc(24)
    expect(h.w.fd_fdstat_get(fd, st)).toBe(0)
    expect(h.u64(st + 8)).toBe(BigInt(W.RIGHTS_FD_READ | W.RIGHTS_FD_WRITE | W.RIGHTS_FD_SEEK))
    expect(h.u64(st + 16)).toBe(0n)
    const iov = h.alloc(8)
    const n = h.alloc(4)
    expect(h.w.fd_tell(fd, h.alloc(8))).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.w.fd_filestat_get(fd, h.alloc(64))).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.w.fd_fdstat_set_rights(fd, BigInt(W.RIGHTS_FD_READ), 0n)).toBe(0)
    expect(h.w.fd_write(fd, iov, 0, n)).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.w.fd_read(fd, iov, 0, n)).toBe(0)
    expect(h.w.fd_fdstat_set_rights(fd, BigInt(W.RIGHTS_FD_READ | W.RIGHTS_FD_WRITE), 0n)).toBe(W.ERRNO_NOTCAPABLE)
  })
  it('needs PATH_* rights on the directory for path operations', () => {
    const h = harness()
    const sub = h.alloc(4)
    const [p, l] = h.str('sub')
    expect(h.w.path_create_directory(h.root, p, l)).toBe(0)
    expect(h.w.path_open(h.root, 0, p, l, W.OFLAGS_DIRECTORY, BigInt(W.RIGHTS_PATH_OPEN), 0n, 0, sub)).toBe(0)
    const dir = h.u32(sub)
    const [q, ql] = h.str('x')
    expect(h.w.path_create_directory(dir, q, ql)).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.w.path_unlink_file(dir, q, ql)).toBe(W.ERRNO_NOTCAPABLE)
    expect(h.w.path_open(dir, 0, q, ql, W.OFLAGS_CREAT, 0n, 0n, 0, sub)).toBe(W.ERRNO_NOTCAPABLE)
    // A file is not a directory to resolve paths from.
    const file = h.open('file', W.OFLAGS_CREAT)
    expect(h.w.path_create_directory(file, q, ql)).toBe(W.ERRNO_NOTDIR)
  })
  it('opens directories read-only: write rights give ERRNO_ISDIR', () => {
    const h = harness()
    expect(h.tryOpen('.', W.OFLAGS_DIRECTORY, BigInt(W.RIGHTS_FD_READ | W.RIGHTS_FD_WRITE)).errno).toBe(W.ERRNO_ISDIR)
    const fd = h.open('.', W.OFLAGS_DIRECTORY, DIR_RIGHTS | BigInt(W.RIGHTS_FD_READ), DIR_INHERIT)
    const st = h.alloc(24)
    h.w.fd_fdstat_get(fd, st)
    expect(h.view().getUint8(st)).toBe(W.FILETYPE_DIRECTORY)
    expect(h.u64(st + 8)).toBe(DIR_RIGHTS) // FD_READ does not apply to directories
  })
})

describe('descriptors', () => {
  it('fd_renumber moves a descriptor over an open one and closes the old', () => {
    const h = harness()
    const a = h.open('a', W.OFLAGS_CREAT)
    const b = h.open('b', W.OFLAGS_CREAT)
    const [d, dl] = h.str('data')
    const iov = h.alloc(8)
    h.view().setUint32(iov, d, true)
    h.view().setUint32(iov + 4, dl, true)
    expect(h.w.fd_renumber(a, b)).toBe(0)
    expect(h.w.fd_close(a)).toBe(W.ERRNO_BADF)
    expect(h.w.fd_write(b, iov, 1, h.alloc(4))).toBe(0)
    expect(h.vfs.readFile('/sandbox/a', 'utf8')).toBe('data')
    expect(h.vfs.readFile('/sandbox/b', 'utf8')).toBe('')
    expect(h.w.fd_renumber(b, 99)).toBe(W.ERRNO_BADF)
    expect(h.w.fd_renumber(b, b)).toBe(0)
    // The freed number is reused first.
    expect(h.open('c', W.OFLAGS_CREAT)).toBe(a)
  })
  it('closes preopens like any descriptor', () => {
    const h = harness()
    const pre = h.alloc(8)
    expect(h.w.fd_prestat_get(h.root, pre)).toBe(0)
    expect([h.view().getUint8(pre), h.u32(pre + 4)]).toEqual([W.PREOPENTYPE_DIR, 1])
    const name = h.alloc(4)
    expect(h.w.fd_prestat_dir_name(h.root, name, 0)).toBe(W.ERRNO_NAMETOOLONG)
    expect(h.w.fd_prestat_dir_name(h.root, name, 4)).toBe(0)
    expect(h.bytes(name, 1)[0]).toBe(47)
    expect(h.w.fd_prestat_get(0, pre)).toBe(W.ERRNO_BADF)
    expect(h.w.fd_close(h.root)).toBe(0)
    expect(h.w.fd_prestat_get(h.root, pre)).toBe(W.ERRNO_BADF)
  })
  it('fd_fdstat_set_flags switches append mode', () => {
    const h = harness()
    h.vfs.writeFile('/sandbox/f', 'abc')
    const fd = h.open('f')
    const [d, dl] = h.str('Z')
    const iov = h.alloc(8)
    h.view().setUint32(iov, d, true)
    h.view().setUint32(iov + 4, dl, true)
    expect(h.w.fd_fdstat_set_flags(fd, W.FDFLAGS_APPEND)).toBe(0)
    expect(h.w.fd_write(fd, iov, 1, h.alloc(4))).toBe(0)
    const flags = h.alloc(24)
    h.w.fd_fdstat_get(fd, flags)
    expect(h.view().getUint16(flags + 2, true)).toBe(W.FDFLAGS_APPEND)
    expect(h.w.fd_fdstat_set_flags(fd, 0)).toBe(0)
    expect(h.w.fd_seek(fd, 0n, W.WHENCE_SET, h.alloc(8))).toBe(0)
    expect(h.w.fd_write(fd, iov, 1, h.alloc(4))).toBe(0)
    expect(h.vfs.readFile('/sandbox/f', 'utf8')).toBe('ZbcZ')
    expect(h.w.fd_fdstat_set_flags(fd, 0x100)).toBe(W.ERRNO_INVAL)
  })
  it('validates fstflags and sets times to the nanosecond', () => {
    const h = harness({ clock: { realtime: () => 5_000_000_123n } })
    const fd = h.open('t', W.OFLAGS_CREAT)
    const both = W.FSTFLAGS_ATIM | W.FSTFLAGS_ATIM_NOW
    expect(h.w.fd_filestat_set_times(fd, 1n, 2n, both)).toBe(W.ERRNO_INVAL)
    expect(h.w.fd_filestat_set_times(fd, 1n, 2n, W.FSTFLAGS_MTIM | W.FSTFLAGS_MTIM_NOW)).toBe(W.ERRNO_INVAL)
    expect(h.w.fd_filestat_set_times(fd, 1n, 2n, 0x10)).toBe(W.ERRNO_INVAL)
    expect(h.w.fd_filestat_set_times(fd, 11n, 22n, W.FSTFLAGS_ATIM | W.FSTFLAGS_MTIM)).toBe(0)
    const st = h.alloc(64)
    expect(h.w.fd_filestat_get(fd, st)).toBe(0)
    expect([h.u64(st + 40), h.u64(st + 48)]).toEqual([11n, 22n])
    const [p, l] = h.str('t')
    expect(h.w.path_filestat_set_times(h.root, 0, p, l, 0n, 33n, W.FSTFLAGS_MTIM)).toBe(0)
    expect(h.w.path_filestat_get(h.root, 0, p, l, st)).toBe(0)
    expect([h.u64(st + 40), h.u64(st + 48)]).toEqual([11n, 33n])
    expect(h.w.path_filestat_set_times(h.root, 0, p, l, 0n, 0n, both)).toBe(W.ERRNO_INVAL)
  })
  it('fd_allocate grows a file, never shrinks it', () => {
    const h = harness()
    const fd = h.open('a', W.OFLAGS_CREAT)
    expect(h.w.fd_allocate(fd, 10n, 90n)).toBe(0)
    expect(h.vfs.stat('/sandbox/a').size).toBe(100)
    expect(h.w.fd_allocate(fd, 0n, 5n)).toBe(0)
    expect(h.vfs.stat('/sandbox/a').size).toBe(100)
    expect(h.w.fd_allocate(fd, 0n, 0n)).toBe(W.ERRNO_INVAL)
    expect(h.w.fd_allocate(fd, 1n << 40n, 1n)).toBe(W.ERRNO_FBIG)
    expect(h.w.fd_advise(fd, 0n, 0n, W.ADVICE_DONTNEED)).toBe(0)
    expect(h.w.fd_advise(fd, 0n, 0n, 6)).toBe(W.ERRNO_INVAL)
  })
})

/** Parses fd_readdir output: [d_next, d_ino, name, d_type] per complete entry. */
function parseDirents(bytes: Uint8Array): Array<[bigint, bigint, string, number]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Array<[bigint, bigint, string, number]> = []
  let at = 0
  while (at + 24 <= bytes.length) {
    const len = view.getUint32(at + 16, true)
    if (at + 24 + len > bytes.length) break
    const name = new TextDecoder().decode(bytes.subarray(at + 24, at + 24 + len))
    out.push([view.getBigUint64(at, true), view.getBigUint64(at + 8, true), name, view.getUint8(at + 20)])
    at += 24 + len
  }
  return out
}

describe('fd_readdir', () => {
  const setup = () => {
    const h = harness()
    h.vfs.mkdir('/sandbox/d')
    for (const name of ['b-file', 'a-dir', 'c-link', 'ünï']) {
      if (name === 'a-dir') h.vfs.mkdir(`/sandbox/d/${name}`)
      else if (name === 'c-link') h.vfs.symlink('b-file', `/sandbox/d/${name}`)
      else h.vfs.writeFile(`/sandbox/d/${name}`, name)
    }
    const fd = h.open('d', W.OFLAGS_DIRECTORY, DIR_RIGHTS, DIR_INHERIT)
    return { h, fd }
  }
  it('lists ., .., then the entries, with cookies, inodes and types', () => {
    const { h, fd } = setup()
    const buf = h.alloc(4096)
    const used = h.alloc(4)
    expect(h.w.fd_readdir(fd, buf, 4096, 0n, used)).toBe(0)
    const entries = parseDirents(h.bytes(buf, h.u32(used)))
    expect(entries.map((e) => e[2])).toEqual(['.', '..', 'a-dir', 'b-file', 'c-link', 'ünï'])
    expect(entries.map((e) => e[0])).toEqual([1n, 2n, 3n, 4n, 5n, 6n])
    expect(entries.map((e) => e[3])).toEqual([
      W.FILETYPE_DIRECTORY,
      W.FILETYPE_DIRECTORY,
      W.FILETYPE_DIRECTORY,
      W.FILETYPE_REGULAR_FILE,
      W.FILETYPE_SYMBOLIC_LINK,
      W.FILETYPE_REGULAR_FILE,
    ])
    expect(entries[0]?.[1]).toBe(BigInt(h.vfs.stat('/sandbox/d').ino))
    expect(entries[1]?.[1]).toBe(BigInt(h.vfs.stat('/sandbox').ino))
    expect(entries[3]?.[1]).toBe(BigInt(h.vfs.stat('/sandbox/d/b-file').ino))
    // Resuming from a cookie skips what was read.
    expect(h.w.fd_readdir(fd, buf, 4096, 4n, used)).toBe(0)
    expect(parseDirents(h.bytes(buf, h.u32(used))).map((e) => e[2])).toEqual(['c-link', 'ünï'])
    expect(h.w.fd_readdir(fd, buf, 4096, 6n, used)).toBe(0)
    expect(h.u32(used)).toBe(0)
    expect(h.w.fd_readdir(fd, buf, 4096, 1000n, used)).toBe(0)
    expect(h.u32(used)).toBe(0)
  })
  it('cuts the last entry at the buffer end, and every buffer size yields every entry once', () => {
    const { h, fd } = setup()
    const big = h.alloc(4096)
    const used = h.alloc(4)
    h.w.fd_readdir(fd, big, 4096, 0n, used)
    const full = h.bytes(big, h.u32(used))
    for (let size = 1; size <= full.length + 1; size++) {
      const buf = h.alloc(size)
      // Each buffer holds a prefix of the full listing, cut exactly at its end.
      expect(h.w.fd_readdir(fd, buf, size, 0n, used)).toBe(0)
      expect(h.u32(used)).toBe(Math.min(size, full.length))
      expect(h.bytes(buf, h.u32(used))).toEqual(full.subarray(0, h.u32(used)))
      if (size < 24 + 1 + 24 + 2) continue
      // Reading on from the last complete entry's cookie, as libc does, gets everything once.
      const names: string[] = []
      let cookie = 0n
      for (let round = 0; round < 50; round++) {
        h.w.fd_readdir(fd, buf, size, cookie, used)
        const got = parseDirents(h.bytes(buf, h.u32(used)))
        names.push(...got.map((e) => e[2]))
        if (h.u32(used) < size || got.length === 0) break
        cookie = got[got.length - 1]?.[0] as bigint
      }
      expect(names).toEqual(['.', '..', 'a-dir', 'b-file', 'c-link', 'ünï'])
    }
  })
  it('needs FD_READDIR and a directory', () => {
    const { h } = setup()
    const file = h.open('d/b-file')
    expect(h.w.fd_readdir(file, h.alloc(64), 64, 0n, h.alloc(4))).toBe(W.ERRNO_NOTCAPABLE)
    const dir = h.open('d', W.OFLAGS_DIRECTORY, BigInt(W.RIGHTS_PATH_OPEN), 0n)
    expect(h.w.fd_readdir(dir, h.alloc(64), 64, 0n, h.alloc(4))).toBe(W.ERRNO_NOTCAPABLE)
  })
})

describe('wasi_unstable', () => {
  it('uses its own whence order', () => {
    const h = harness()
    h.vfs.writeFile('/sandbox/f', '0123456789')
    const fd = h.open('f')
    const pos = h.alloc(8)
    // unstable: cur 0, end 1, set 2
    expect(h.u.fd_seek(fd, 3n, 2, pos)).toBe(0)
    expect(h.u64(pos)).toBe(3n)
    expect(h.u.fd_seek(fd, 2n, 0, pos)).toBe(0)
    expect(h.u64(pos)).toBe(5n)
    expect(h.u.fd_seek(fd, -1n, 1, pos)).toBe(0)
    expect(h.u64(pos)).toBe(9n)
    expect(h.u.fd_seek(fd, 0n, 3, pos)).toBe(W.ERRNO_INVAL)
    expect(h.w.fd_seek(fd, 3n, W.WHENCE_SET, pos)).toBe(0)
    expect(h.u64(pos)).toBe(3n)
  })
  it('writes its 56-byte filestat with a u32 nlink', () => {
    const h = harness({ clock: { realtime: () => 777n } })
    h.vfs.writeFile('/sandbox/f', 'abcde')
    h.vfs.link('/sandbox/f', '/sandbox/g')
    h.vfs.utimes('/sandbox/f', 1, 2)
    const fd = h.open('f')
    const a = h.alloc(64)
    const b = h.alloc(64)
    new Uint8Array(h.memory.buffer).fill(0xee, b, b + 64)
    expect(h.w.fd_filestat_get(fd, a)).toBe(0)
    expect(h.u.fd_filestat_get(fd, b)).toBe(0)
    const st = h.vfs.stat('/sandbox/f')
    expect([h.u64(a), h.u64(a + 8), h.view().getUint8(a + 16)]).toEqual([
      BigInt(st.dev),
      BigInt(st.ino),
      W.FILETYPE_REGULAR_FILE,
    ])
    expect([h.u64(a + 24), h.u64(a + 32), h.u64(a + 40), h.u64(a + 48)]).toEqual([
      2n,
      5n,
      1_000_000_000n,
      2_000_000_000n,
    ])
    expect([h.u32(b + 20), h.u64(b + 24), h.u64(b + 32), h.u64(b + 40)]).toEqual([
      2,
      5n,
      1_000_000_000n,
      2_000_000_000n,
    ])
    expect(h.view().getUint8(b + 56)).toBe(0xee) // nothing written past 56 bytes
    const [p, l] = h.str('g')
    expect(h.u.path_filestat_get(h.root, 0, p, l, b)).toBe(0)
    expect(h.u64(b + 24)).toBe(5n)
  })
  it('reads its subscriptions with the extra identifier field', () => {
    let now = 1000n
    const slept: bigint[] = []
    const h = harness({
      clock: {
        monotonic: () => now,
        sleep: (ns) => {
          slept.push(ns)
          now += ns
        },
      },
    })
    const subs = h.alloc(56)
    const v = h.view()
    v.setBigUint64(subs, 42n, true)
    v.setUint8(subs + 8, W.EVENTTYPE_CLOCK)
    v.setBigUint64(subs + 16, 0xdeadn, true) // identifier
    v.setUint32(subs + 24, W.CLOCKID_MONOTONIC, true)
    v.setBigUint64(subs + 32, 500n, true)
    const events = h.alloc(32)
    const n = h.alloc(4)
    expect(h.u.poll_oneoff(subs, events, 1, n)).toBe(0)
    expect([h.u32(n), h.u64(events), slept]).toEqual([1, 42n, [500n]])
  })
})

describe('poll_oneoff', () => {
  const clockSub = (
    h: ReturnType<typeof harness>,
    at: number,
    userdata: bigint,
    id: number,
    timeout: bigint,
    abs = false,
  ) => {
    const v = h.view()
    v.setBigUint64(at, userdata, true)
    v.setUint8(at + 8, W.EVENTTYPE_CLOCK)
    v.setUint32(at + 16, id, true)
    v.setBigUint64(at + 24, timeout, true)
    v.setUint16(at + 40, abs ? W.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0, true)
  }
  const fdSub = (h: ReturnType<typeof harness>, at: number, userdata: bigint, type: number, fd: number) => {
    const v = h.view()
    v.setBigUint64(at, userdata, true)
    v.setUint8(at + 8, type)
    v.setUint32(at + 16, fd, true)
  }
  const fake = () => {
    const state = { mono: 10_000n, real: 1_000_000_000_000n, slept: [] as bigint[] }
    return {
      state,
      clock: {
        monotonic: () => state.mono,
        realtime: () => state.real,
        sleep: (ns: bigint) => {
          state.slept.push(ns)
          state.mono += ns
          state.real += ns
        },
      },
    }
  }
  it('waits for the earliest of several clocks, relative and absolute', () => {
    const { state, clock } = fake()
    const h = harness({ clock })
    const subs = h.alloc(48 * 3)
    clockSub(h, subs, 1n, W.CLOCKID_MONOTONIC, 300n)
    clockSub(h, subs + 48, 2n, W.CLOCKID_REALTIME, state.real + 200n, true)
    clockSub(h, subs + 96, 3n, W.CLOCKID_MONOTONIC, 900n)
    const events = h.alloc(32 * 3)
    const n = h.alloc(4)
    expect(h.w.poll_oneoff(subs, events, 3, n)).toBe(0)
    expect(h.u32(n)).toBe(1)
    expect([h.u64(events), h.view().getUint16(events + 8, true), h.view().getUint8(events + 10)]).toEqual([
      2n,
      0,
      W.EVENTTYPE_CLOCK,
    ])
    expect(state.slept).toEqual([200n])
  })
  it('reports every clock already due, without sleeping', () => {
    const { state, clock } = fake()
    const h = harness({ clock })
    const subs = h.alloc(48 * 2)
    clockSub(h, subs, 7n, W.CLOCKID_MONOTONIC, 5n, true)
    clockSub(h, subs + 48, 8n, W.CLOCKID_MONOTONIC, 0n)
    const events = h.alloc(64)
    const n = h.alloc(4)
    expect(h.w.poll_oneoff(subs, events, 2, n)).toBe(0)
    expect([h.u32(n), h.u64(events), h.u64(events + 32)]).toEqual([2, 7n, 8n])
    expect(state.slept).toEqual([])
  })
  it('returns ready descriptors at once, with byte counts, and errors per subscription', () => {
    const { state, clock } = fake()
    const h = harness({ clock, stdin: 'hello' })
    h.vfs.writeFile('/sandbox/f', '0123456789')
    const fd = h.open('f')
    h.w.fd_seek(fd, 4n, W.WHENCE_SET, h.alloc(8))
    const subs = h.alloc(48 * 5)
    clockSub(h, subs, 1n, W.CLOCKID_MONOTONIC, 1_000_000n)
    fdSub(h, subs + 48, 2n, W.EVENTTYPE_FD_READ, fd)
    fdSub(h, subs + 96, 3n, W.EVENTTYPE_FD_READ, 0)
    fdSub(h, subs + 144, 4n, W.EVENTTYPE_FD_WRITE, 1)
    fdSub(h, subs + 192, 5n, W.EVENTTYPE_FD_READ, 55)
    const events = h.alloc(32 * 5)
    const n = h.alloc(4)
    expect(h.w.poll_oneoff(subs, events, 5, n)).toBe(0)
    const got = Array.from({ length: h.u32(n) }, (_, i) => [
      h.u64(events + i * 32),
      h.view().getUint16(events + i * 32 + 8, true),
      h.u64(events + i * 32 + 16),
    ])
    expect(got).toEqual([
      [2n, 0, 6n],
      [3n, 0, 5n],
      [4n, 0, 0n],
      [5n, W.ERRNO_BADF, 0n],
    ])
    expect(state.slept).toEqual([])
  })
  it('rejects zero subscriptions, unknown event types and bad clocks', () => {
    const h = harness()
    const subs = h.alloc(48)
    const events = h.alloc(32)
    const n = h.alloc(4)
    expect(h.w.poll_oneoff(subs, events, 0, n)).toBe(W.ERRNO_INVAL)
    h.view().setUint8(subs + 8, 9)
    expect(h.w.poll_oneoff(subs, events, 1, n)).toBe(W.ERRNO_INVAL)
    clockSub(h, subs, 9n, 17, 0n)
    expect(h.w.poll_oneoff(subs, events, 1, n)).toBe(0)
    expect([h.u32(n), h.view().getUint16(events + 8, true)]).toEqual([1, W.ERRNO_INVAL])
  })
  it('waits for a stream to become ready, polling it while the clock runs', () => {
    const { state, clock } = fake()
    const h = harness({ clock })
    let polls = 0
    const stream: W.StreamHandle = { read: () => 0, readReady: () => (++polls < 3 ? -1 : 12) }
    const fd = h.host.fds.insert(new Descriptor(W.FILETYPE_SOCKET_STREAM, W.RIGHTS_SOCKET_BASE, 0, -1, stream))
    const subs = h.alloc(96)
    fdSub(h, subs, 1n, W.EVENTTYPE_FD_READ, fd)
    clockSub(h, subs + 48, 2n, W.CLOCKID_MONOTONIC, 10_000_000_000n)
    const events = h.alloc(64)
    const n = h.alloc(4)
    expect(h.w.poll_oneoff(subs, events, 2, n)).toBe(0)
    expect([h.u32(n), h.u64(events), h.u64(events + 16)]).toEqual([1, 1n, 12n])
    expect(polls).toBe(3)
    expect(state.slept).toEqual([1_000_000n, 1_000_000n]) // re-checked every millisecond
  })
})

describe('clocks, random, process', () => {
  it('reads the configured clocks', () => {
    const h = harness({ clock: { realtime: () => 123n, monotonic: () => 456n, cputime: () => 789n, resolution: 10n } })
    const t = h.alloc(8)
    const read = (id: number) => (h.w.clock_time_get(id, 0n, t) === 0 ? h.u64(t) : -1n)
    expect([0, 1, 2, 3].map(read)).toEqual([123n, 456n, 789n, 789n])
    expect(h.w.clock_time_get(4, 0n, t)).toBe(W.ERRNO_INVAL)
    expect(h.w.clock_res_get(W.CLOCKID_MONOTONIC, t)).toBe(0)
    expect(h.u64(t)).toBe(10n)
    expect(h.w.clock_res_get(9, t)).toBe(W.ERRNO_INVAL)
  })
  it('fills random buffers larger than 64 KiB, in shared memory too', () => {
    const h = harness({}, 4)
    const p = h.alloc(200_000)
    expect(h.w.random_get(p, 200_000)).toBe(0)
    const bytes = h.bytes(p, 200_000)
    expect(bytes.subarray(190_000).some((b) => b !== 0)).toBe(true)
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true })
    const host = new WasiHost({ vfs: createVfs() })
    host.memory.bind(shared)
    expect(host.random_get(16, 100)).toBe(0)
    expect(new Uint8Array(shared.buffer, 16, 100).some((b) => b !== 0)).toBe(true)
  })
  it('proc_raise ends the process for fatal signals only', () => {
    const h = harness()
    expect(h.w.proc_raise(W.SIGNAL_NONE)).toBe(0)
    expect(h.w.proc_raise(W.SIGNAL_WINCH)).toBe(0)
    expect(h.w.proc_raise(99)).toBe(W.ERRNO_INVAL)
    const code = (sig: number) => {
      try {
        h.w.proc_raise(sig)
      } catch (e) {
        return (e as ProcExit).code
      }
      return -1
    }
    expect(code(W.SIGNAL_KILL)).toBe(137)
    expect(code(W.SIGNAL_TERM)).toBe(143)
    expect(code(W.SIGNAL_SYS)).toBe(128 + 31)
    expect(h.w.sched_yield()).toBe(0)
  })
})

describe('sockets', () => {
  it('answers ERRNO_NOTSOCK on files and stdio, ERRNO_BADF on nothing', () => {
    const h = harness()
    const fd = h.open('f', W.OFLAGS_CREAT)
    expect(h.w.sock_shutdown(fd, W.SDFLAGS_RD)).toBe(W.ERRNO_NOTSOCK)
    expect(h.w.sock_shutdown(1, W.SDFLAGS_RD)).toBe(W.ERRNO_NOTSOCK)
    expect(h.w.sock_shutdown(77, W.SDFLAGS_RD)).toBe(W.ERRNO_BADF)
    expect(h.w.sock_recv(fd, h.alloc(8), 0, 0, h.alloc(4), h.alloc(4))).toBe(W.ERRNO_NOTSOCK)
    expect(h.w.sock_send(h.root, h.alloc(8), 0, 0, h.alloc(4))).toBe(W.ERRNO_NOTSOCK)
    expect(h.w.sock_accept(fd, 0, h.alloc(4))).toBe(W.ERRNO_NOTSOCK)
  })
  it('routes sock_* and fd_* on a socket descriptor to its handle', () => {
    const h = harness()
    const log: string[] = []
    const inbox = [...new TextEncoder().encode('response')]
    const socket = (name: string): SocketHandle => ({
      recv(dst, flags) {
        const n = Math.min(dst.length, inbox.length)
        dst.set(flags & W.RIFLAGS_RECV_PEEK ? inbox.slice(0, n) : inbox.splice(0, n))
        return n
      },
      send(src) {
        log.push(`${name} send ${new TextDecoder().decode(src)}`)
        return src.length
      },
      read(dst) {
        return this.recv(dst, 0)
      },
      write(src) {
        return this.send(src, 0)
      },
      shutdown(how) {
        log.push(`${name} shutdown ${how}`)
      },
      accept: () => socket('conn'),
      close: () => log.push(`${name} close`),
    })
    const fd = h.host.fds.insert(new Descriptor(W.FILETYPE_SOCKET_STREAM, W.RIGHTS_SOCKET_BASE, 0, -1, socket('sock')))
    const [d, dl] = h.str('GET /')
    const iov = h.alloc(16)
    h.view().setUint32(iov, d, true)
    h.view().setUint32(iov + 4, 3, true)
    h.view().setUint32(iov + 8, d + 3, true)
    h.view().setUint32(iov + 12, dl - 3, true)
    const n = h.alloc(4)
    expect(h.w.sock_send(fd, iov, 2, 0, n)).toBe(0)
    expect(h.u32(n)).toBe(5)
    expect(h.w.fd_write(fd, iov, 1, n)).toBe(0)
    // Receive scattered over two buffers, peeking first.
    const a = h.alloc(3)
    const b = h.alloc(16)
    const riov = h.alloc(16)
    h.view().setUint32(riov, a, true)
    h.view().setUint32(riov + 4, 3, true)
    h.view().setUint32(riov + 8, b, true)
    h.view().setUint32(riov + 12, 16, true)
    const flags = h.alloc(4)
    expect(h.w.sock_recv(fd, riov, 2, W.RIFLAGS_RECV_PEEK, n, flags)).toBe(0)
    expect(h.w.sock_recv(fd, riov, 2, 0, n, flags)).toBe(0)
    expect(h.u32(n)).toBe(8)
    expect(new TextDecoder().decode(h.bytes(a, 3)) + new TextDecoder().decode(h.bytes(b, 5))).toBe('response')
    expect(h.w.sock_shutdown(fd, 0)).toBe(W.ERRNO_INVAL)
    expect(h.w.sock_shutdown(fd, W.SDFLAGS_WR)).toBe(0)
    const conn = h.alloc(4)
    expect(h.w.sock_accept(fd, 0, conn)).toBe(0)
    expect(h.w.sock_accept(h.u32(conn), 0, conn)).toBe(W.ERRNO_NOTCAPABLE) // a connection does not accept
    expect(h.w.fd_close(fd)).toBe(0)
    expect(log).toEqual(['sock send GET /', 'sock send GET', 'sock shutdown 2', 'sock close'])
    expect(h.w.sock_send(fd, iov, 1, 0, n)).toBe(W.ERRNO_BADF)
  })
})

describe('hostile pointers', () => {
  it('answers ERRNO_FAULT and changes nothing', () => {
    const h = harness()
    const end = h.memory.buffer.byteLength
    const [p, l] = h.str('created')
    expect(h.w.path_open(h.root, 0, p, l, W.OFLAGS_CREAT, 0n, 0n, 0, end - 2)).toBe(W.ERRNO_FAULT)
    expect(h.vfs.exists('/sandbox/created')).toBe(false)
    expect(h.w.path_create_directory(h.root, end - 3, 10)).toBe(W.ERRNO_FAULT)
    expect(h.w.path_create_directory(h.root, -8, 4)).toBe(W.ERRNO_FAULT)
    expect(h.w.fd_write(1, end, 1, 0)).toBe(W.ERRNO_FAULT)
    expect(h.w.fd_write(1, 0, 0x7fffffff, 0)).toBe(W.ERRNO_FAULT)
    expect(h.w.fd_readdir(h.root, end - 10, 100, 0n, 0)).toBe(W.ERRNO_FAULT)
    expect(h.w.random_get(end - 1, 2)).toBe(W.ERRNO_FAULT)
    expect(h.w.clock_time_get(0, 0n, end - 4)).toBe(W.ERRNO_FAULT)
    // An iovec pointing outside memory: nothing is written to the file.
    const fd = h.open('f', W.OFLAGS_CREAT)
    const iov = h.alloc(16)
    h.view().setUint32(iov, 0, true)
    h.view().setUint32(iov + 4, 4, true)
    h.view().setUint32(iov + 8, end - 1, true)
    h.view().setUint32(iov + 12, 4, true)
    expect(h.w.fd_write(fd, iov, 2, h.alloc(4))).toBe(W.ERRNO_FAULT)
    expect(h.w.fd_read(fd, iov, 2, end)).toBe(W.ERRNO_FAULT)
  })
  it('rejects paths that are not UTF-8 and paths that are too long', () => {
    const h = harness()
    const p = h.alloc(4)
    new Uint8Array(h.memory.buffer).set([0x66, 0xff, 0xfe, 0x67], p)
    expect(h.w.path_create_directory(h.root, p, 4)).toBe(W.ERRNO_ILSEQ)
    const long = h.alloc(5000)
    expect(h.w.path_create_directory(h.root, long, 5000)).toBe(W.ERRNO_NAMETOOLONG)
    const [z, zl] = h.str('a\0b')
    expect(h.w.path_create_directory(h.root, z, zl)).toBe(W.ERRNO_INVAL)
    expect(h.vfs.readdir('/sandbox')).toEqual([])
  })
  it('sees memory growth', () => {
    const h = harness({ args: ['x'] }, 1)
    const before = h.memory.buffer.byteLength
    h.memory.grow(1)
    expect(h.w.args_sizes_get(before + 8, before + 16)).toBe(0)
    expect(h.u32(before + 8)).toBe(1)
  })
  it('keeps the sandbox: absolute paths, .. and absolute symlinks are ERRNO_NOTCAPABLE', () => {
    const h = harness()
    h.vfs.writeFile('/secret', 'x')
    h.vfs.mkdir('/sandbox/a')
    h.vfs.symlink('/secret', '/sandbox/abs')
    h.vfs.symlink('../secret', '/sandbox/up')
    for (const path of ['/secret', '../secret', 'abs', 'up', 'a/../../secret']) {
      expect(h.tryOpen(path).errno, path).toBe(W.ERRNO_NOTCAPABLE)
    }
    const [t, tl] = h.str('/secret')
    const [n, nl] = h.str('newlink')
    expect(h.w.path_symlink(t, tl, h.root, n, nl)).toBe(W.ERRNO_NOTCAPABLE)
  })
})

describe('errno mapping', () => {
  it('maps every VFS code in one table', () => {
    expect(W.VFS_TO_WASI_ERRNO.ENOENT).toBe(W.ERRNO_NOENT)
    expect(W.VFS_TO_WASI_ERRNO.ENOTCAPABLE).toBe(W.ERRNO_NOTCAPABLE)
    expect(W.VFS_TO_WASI_ERRNO.ENOTEMPTY).toBe(W.ERRNO_NOTEMPTY)
    expect(new Set(Object.values(W.VFS_TO_WASI_ERRNO)).size).toBe(Object.keys(W.VFS_TO_WASI_ERRNO).length)
    expect(W.wasiErrnoOf(new VfsError('ELOOP', { syscall: 'open' }))).toBe(W.ERRNO_LOOP)
    expect(W.wasiErrnoOf(new Error('x'))).toBeNull()
  })
})

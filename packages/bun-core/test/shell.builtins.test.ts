/**
 * Each builtin on its own, through `runShell` over a fresh VFS. Expected
 * texts are Bun's (for Bun's builtins) or GNU coreutils' (for the tools Bun
 * leaves to the system on Linux), as observed on the real programs.
 */
import { runShell } from '@aspect-build/bun-core'
import { createVfs, type Vfs } from '@aspect-build/virtual-fs'
import { describe, expect, it } from 'vitest'

interface Run {
  out: string
  err: string
  code: number
  vfs: Vfs
  cwd: string
  env: Record<string, string>
}

async function sh(line: string, opts: { stdin?: string; vfs?: Vfs; env?: Record<string, string> } = {}): Promise<Run> {
  const vfs = opts.vfs ?? seeded()
  const dec = new TextDecoder()
  let out = ''
  let err = ''
  let input = opts.stdin === undefined ? null : new TextEncoder().encode(opts.stdin)
  const r = await runShell(line, {
    fs: vfs,
    cwd: '/w',
    env: opts.env ?? { HOME: '/home', PATH: '/bin' },
    io: {
      stdin: {
        read: async () => {
          const chunk = input
          input = null
          return chunk
        },
      },
      stdout: {
        write: (c) => {
          out += dec.decode(c)
        },
      },
      stderr: {
        write: (c) => {
          err += dec.decode(c)
        },
      },
    },
  })
  return { out, err, code: r.exitCode, vfs, cwd: r.cwd, env: r.env }
}

function seeded(): Vfs {
  const vfs = createVfs()
  vfs.mkdir('/w/d/e', { recursive: true })
  vfs.mkdir('/home')
  vfs.writeFile('/w/a.txt', 'hello\nworld\n')
  vfs.writeFile('/w/b.txt', '')
  vfs.writeFile('/w/d/x.txt', 'x\n')
  vfs.writeFile('/w/d/e/y.txt', 'y\n')
  return vfs
}

describe('shell builtins (Bun’s)', () => {
  it('echo: -n, -e, trailing newlines of the last argument', async () => {
    expect((await sh('echo a b')).out).toBe('a b\n')
    expect((await sh('echo -n a')).out).toBe('a')
    expect((await sh('echo -e "a\\tb\\x41\\0101"')).out).toBe('a\tbAA\n')
    expect((await sh('echo -e "x\\cy" z')).out).toBe('x')
    expect((await sh('echo "a\n\n"')).out).toBe('a\n')
    expect((await sh('echo -- a')).out).toBe('-- a\n')
  })

  it('cd and pwd: relative, -, HOME, errors; the final cwd is returned', async () => {
    const r = await sh('cd d/e && pwd; cd -; pwd; cd; pwd')
    expect(r.out).toBe('/w/d/e\n/w\n/home\n')
    expect(r.cwd).toBe('/home')
    expect(r.env.PWD).toBe('/home')
    expect(r.env.OLDPWD).toBe('/w')
    expect(await sh('cd nope')).toMatchObject({ err: 'cd: not a directory: nope\n', code: 1 })
    expect(await sh('cd a.txt')).toMatchObject({ err: 'cd: not a directory: a.txt\n', code: 1 })
    expect(await sh('cd a b')).toMatchObject({ err: 'cd: too many arguments\n', code: 1 })
    expect(await sh('pwd x')).toMatchObject({ err: 'pwd: too many arguments\n', code: 1 })
  })

  it('ls: names, -a, -A, -d, -R, several paths, errors', async () => {
    expect((await sh('ls')).out).toBe('a.txt\nb.txt\nd\n')
    expect((await sh('ls -a d')).out).toBe('.\n..\ne\nx.txt\n')
    expect((await sh('ls -A d')).out).toBe('e\nx.txt\n')
    expect((await sh('ls -d d')).out).toBe('d\n')
    expect((await sh('ls -R d')).out).toBe('e\nx.txt\nd/e:\ny.txt\n')
    expect((await sh('ls a.txt d')).out).toBe('a.txt\nd:\ne\nx.txt\n')
    expect(await sh('ls nope a.txt')).toMatchObject({
      out: 'a.txt\n',
      err: 'ls: nope: No such file or directory\n',
      code: 1,
    })
    expect(await sh('ls -y')).toMatchObject({ err: 'ls: illegal option -- y\n', code: 1 })
  })

  it('ls -l: type, permissions, links, ids, size, UTC time, name', async () => {
    const vfs = seeded()
    vfs.utimes('/w/a.txt', new Date('2020-03-04T05:06:07Z'), new Date('2020-03-04T05:06:07Z'))
    const { out } = await sh('ls -l a.txt', { vfs })
    const st = vfs.stat('/w/a.txt')
    const mode = (st.mode & 0o777).toString(8)
    expect(mode).toBe('644')
    expect(out).toBe(
      `-rw-r--r-- ${String(st.nlink).padStart(3)} ${String(st.uid).padStart(5)} ${String(st.gid).padStart(5)}       12 Mar 04  2020 a.txt\n`,
    )
  })

  it('mkdir: -p, -v (absolute paths), errors name the absolute path', async () => {
    const r = await sh('mkdir -pv n/m; mkdir q')
    expect(r.out).toBe('/w/n\n/w/n/m\n')
    expect(r.vfs.stat('/w/q').isDirectory()).toBe(true)
    expect(await sh('mkdir d')).toMatchObject({ err: 'mkdir: /w/d: File exists\n', code: 1 })
    expect(await sh('mkdir x/y')).toMatchObject({ err: 'mkdir: /w/x/y: No such file or directory\n', code: 1 })
    expect(await sh('mkdir')).toMatchObject({ err: 'usage: mkdir [-pv] [-m mode] directory_name ...\n', code: 1 })
  })

  it('touch: creates files, updates times, refuses options', async () => {
    const vfs = seeded()
    vfs.utimes('/w/a.txt', 1000, 1000)
    const r = await sh('touch new a.txt', { vfs })
    expect(r.code).toBe(0)
    expect(vfs.readFile('/w/new', 'utf8')).toBe('')
    expect(vfs.stat('/w/a.txt').mtimeMs).toBeGreaterThan(1_000_000)
    expect(await sh('touch -c x')).toMatchObject({
      err: 'touch: unsupported option, please open a GitHub issue -- -c\n',
      code: 1,
    })
    expect(await sh('touch n/x')).toMatchObject({ err: 'touch: /w/n/x: No such file or directory\n', code: 1 })
  })

  it('rm: files, -r, -f, -v (children first), -d, refusals', async () => {
    const r = await sh('rm -rv d')
    expect(r.out).toBe('d/e/y.txt\nd/e\nd/x.txt\nd\n')
    expect(r.vfs.exists('/w/d')).toBe(false)
    expect(await sh('rm d')).toMatchObject({ err: 'rm: d: Is a directory\n', code: 1 })
    expect(await sh('rm nope')).toMatchObject({ err: 'rm: nope: No such file or directory\n', code: 1 })
    expect(await sh('rm -f nope')).toMatchObject({ err: '', code: 0 })
    expect(await sh('rm -d d/e')).toMatchObject({ err: 'rm: d/e: Directory not empty\n', code: 1 })
    expect(await sh('rm -rf /')).toMatchObject({ err: 'rm: "/" may not be removed\n', code: 1 })
    expect(await sh('rm -i a.txt')).toMatchObject({ err: 'rm: "-i" is not supported yet', code: 1 })
  })

  it('mv: rename, into a directory, several sources, errno exit codes', async () => {
    const r = await sh('mv a.txt c.txt; mv b.txt c.txt d')
    expect(r.code).toBe(0)
    expect(r.vfs.readFile('/w/d/c.txt', 'utf8')).toBe('hello\nworld\n')
    expect(r.vfs.exists('/w/d/b.txt')).toBe(true)
    expect(await sh('mv nope x')).toMatchObject({ err: 'mv: nope: No such file or directory\n', code: 2 })
    expect(await sh('mv d a.txt')).toMatchObject({ err: 'mv: a.txt: Not a directory\n', code: 20 })
    expect(await sh('mv d d/e')).toMatchObject({ err: 'mv: d/e/d: Invalid argument\n', code: 22 })
    expect((await sh('mv a.txt')).code).toBe(1)
  })

  it('which: searches $PATH in the filesystem', async () => {
    const vfs = seeded()
    vfs.mkdir('/bin')
    vfs.writeFile('/bin/tool', '#!/bin/sh\n')
    expect(await sh('which tool nope', { vfs })).toMatchObject({ out: '/bin/tool\nnope not found\n', code: 1 })
  })

  it('true, false, exit (sets the code, does not stop the script)', async () => {
    expect((await sh('true')).code).toBe(0)
    expect((await sh('false')).code).toBe(1)
    expect((await sh('exit 300')).code).toBe(44)
    expect(await sh('exit 3; echo b')).toMatchObject({ out: 'b\n', code: 0 })
    expect(await sh('exit x')).toMatchObject({ err: 'exit: numeric argument required\n', code: 1 })
  })

  it('export: sets, lists sorted, and a bare name exports an empty value', async () => {
    const r = await sh('export B=2 A=1; export; FOO=x; export FOO', { env: {} })
    expect(r.out).toBe('A=1\nB=2\n')
    expect(r.env).toEqual({ B: '2', A: '1', FOO: '' })
  })

  it('basename and dirname', async () => {
    expect((await sh('basename /a/b/c.txt /a/b/ /')).out).toBe('c.txt\nb\n/\n')
    expect((await sh('dirname /a/b/c a a/b/ /')).out).toBe('/a/b\n.\na\n/\n')
    expect(await sh('basename')).toMatchObject({ err: 'usage: basename string\n', code: 1 })
  })

  it('seq: ranges, steps, separators, 32-bit floats', async () => {
    expect((await sh('seq 3')).out).toBe('1\n2\n3\n')
    expect((await sh('seq 5 2')).out).toBe('5\n4\n3\n2\n')
    expect((await sh('seq 0 0.1 0.3')).out).toBe('0\n0.1\n0.2\n0.3\n')
    expect((await sh('seq -s , -t . 3')).out).toBe('1,2,3,.')
    expect(await sh('seq 1 0 3')).toMatchObject({ err: 'seq: zero increment\n', code: 1 })
    expect(await sh('seq x')).toMatchObject({ err: 'seq: invalid argument\n', code: 1 })
  })

  it('yes: stops when its reader does', async () => {
    expect((await sh('yes ab | head -n 2')).out).toBe('ab\nab\n')
  })
})

describe('shell builtins (coreutils the shell provides)', () => {
  it('cat: files, stdin, -n, errors', async () => {
    expect((await sh('cat a.txt - b.txt', { stdin: 'in\n' })).out).toBe('hello\nworld\nin\n')
    expect((await sh('cat -n a.txt')).out).toBe('     1\thello\n     2\tworld\n')
    expect(await sh('cat nope d')).toMatchObject({
      err: 'cat: nope: No such file or directory\ncat: d: Is a directory\n',
      code: 1,
    })
  })

  it('cp: file, into a directory, -r, errors', async () => {
    const r = await sh('cp a.txt c.txt; cp a.txt d; cp -r d d2')
    expect(r.code).toBe(0)
    expect(r.vfs.readFile('/w/c.txt', 'utf8')).toBe('hello\nworld\n')
    expect(r.vfs.readFile('/w/d2/a.txt', 'utf8')).toBe('hello\nworld\n')
    expect(r.vfs.readFile('/w/d2/e/y.txt', 'utf8')).toBe('y\n')
    expect(await sh('cp d x')).toMatchObject({ err: "cp: -r not specified; omitting directory 'd'\n", code: 1 })
    expect(await sh('cp nope x')).toMatchObject({
      err: "cp: cannot stat 'nope': No such file or directory\n",
      code: 1,
    })
  })

  it('env: prints, adds variables, runs a command', async () => {
    expect((await sh('env', { env: { A: '1' } })).out).toBe('A=1\n')
    expect((await sh('env -i B=2 C=3')).out).toBe('B=2\nC=3\n')
    expect((await sh('env X=5 env', { env: {} })).out).toBe('X=5\n')
    expect(await sh('env nope')).toMatchObject({ err: "env: 'nope': No such file or directory\n", code: 127 })
  })

  it('wc: counts and column widths', async () => {
    expect((await sh('wc a.txt')).out).toBe(' 2  2 12 a.txt\n')
    expect((await sh('wc -l a.txt')).out).toBe('2 a.txt\n')
    expect((await sh('cat a.txt | wc')).out).toBe('      2       2      12\n')
    expect((await sh('wc a.txt b.txt')).out).toBe(' 2  2 12 a.txt\n 0  0  0 b.txt\n 2  2 12 total\n')
  })

  it('head and tail: lines, bytes, +N, -N, several files', async () => {
    expect((await sh('seq 20 | head -n 2')).out).toBe('1\n2\n')
    expect((await sh('head -c 3 a.txt')).out).toBe('hel')
    expect((await sh('head -n -1 a.txt')).out).toBe('hello\n')
    expect((await sh('seq 5 | tail -n 2')).out).toBe('4\n5\n')
    expect((await sh('seq 5 | tail -n +4')).out).toBe('4\n5\n')
    expect((await sh('head -n 1 a.txt d/x.txt')).out).toBe('==> a.txt <==\nhello\n\n==> d/x.txt <==\nx\n')
    expect(await sh('tail nope')).toMatchObject({
      err: "tail: cannot open 'nope' for reading: No such file or directory\n",
      code: 1,
    })
  })

  it('grep: BRE by default, -E, -i, -v, -n, -c, -l, -w, -x, -o, exit codes', async () => {
    expect((await sh('grep -n o a.txt')).out).toBe('1:hello\n2:world\n')
    expect((await sh('seq 12 | grep "1\\|2$"')).out).toBe('1\n2\n10\n11\n12\n')
    expect((await sh('seq 12 | grep -E "^(1|2)$"')).out).toBe('1\n2\n')
    expect((await sh('grep -ic HELLO a.txt')).out).toBe('1\n')
    expect((await sh('grep -v hello a.txt')).out).toBe('world\n')
    expect((await sh('grep -l o a.txt b.txt')).out).toBe('a.txt\n')
    expect((await sh('seq 12 | grep -x 1')).out).toBe('1\n')
    expect((await sh('grep -o l a.txt')).out).toBe('l\nl\nl\n')
    expect((await sh('grep zzz a.txt')).code).toBe(1)
    expect(await sh('grep x nope')).toMatchObject({ err: 'grep: nope: No such file or directory\n', code: 2 })
  })

  it('sleep: validates its operand', async () => {
    expect(await sh('sleep')).toMatchObject({
      err: "sleep: missing operand\nTry 'sleep --help' for more information.\n",
      code: 1,
    })
    expect((await sh('sleep 0.01s && echo ok')).out).toBe('ok\n')
  })
})

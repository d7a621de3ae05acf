// The vitamin-bun command (bin/), bundled from the sources with its worker beside it, run as
// a real process in temporary directories.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BuildOptions, build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: the command is plain JavaScript
import { parseArguments } from '../../../bin/cli.mjs'

const root = join(import.meta.dirname, '../../..')
let command: string
const dirs: string[] = []

beforeAll(async () => {
  const out = join(root, `.cache/sdk-tests/cli-${process.pid}`)
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }')
  // The SDK's Node host looks for worker.js next to itself: bundled, that is next to the command.
  const common: BuildOptions = {
    outExtension: { '.js': '.js' },
    bundle: true,
    format: 'esm',
    conditions: ['source'],
    outdir: out,
    logLevel: 'silent',
  }
  await build({
    ...common,
    entryPoints: { 'vitamin-bun': join(root, 'bin/vitamin-bun.mjs') },
    platform: 'node',
    target: 'node20',
  })
  // The worker as the package bundles it (browser-runtime/scripts/bundle-workers.mjs): packages' browser
  // builds, only the Node host's own `node:` imports external, names kept.
  await build({
    ...common,
    entryPoints: { worker: join(root, 'packages/browser-runtime/src/node/worker.ts') },
    platform: 'browser',
    external: ['node:*'],
    keepNames: true,
    target: 'es2022',
  })
  command = join(out, 'vitamin-bun.js')
}, 60_000)

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vitamin-bun-cli-'))
  dirs.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

function run(cwd: string, args: string[], input = '') {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, input, encoding: 'utf8', timeout: 30_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('vitamin-bun', () => {
  it('exec runs a shell line on a copy of the directory: stdout, stderr and exit code pass through', () => {
    const dir = project({ 'a.txt': 'hello\n', 'sub/b.txt': 'deep\n' })
    const result = run(dir, ['exec', 'cat a.txt sub/b.txt; pwd; echo to-stderr 1>&2; exit 3'])
    expect(result).toEqual({ code: 3, stdout: `hello\ndeep\n${dir}\n`, stderr: 'to-stderr\n' })
  })

  it('passes stdin through', () => {
    const dir = project({})
    expect(run(dir, ['exec', 'cat'], 'typed\n')).toEqual({ code: 0, stdout: 'typed\n', stderr: '' })
  })

  it('leaves the directory alone without --write-back', () => {
    const dir = project({ 'keep.txt': 'original' })
    const before = lstatSync(join(dir, 'keep.txt')).mtimeMs
    const result = run(dir, ['exec', 'echo changed > keep.txt; echo new > new.txt; rm keep.txt'])
    expect(result.code).toBe(0)
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('original')
    expect(lstatSync(join(dir, 'keep.txt')).mtimeMs).toBe(before)
    expect(existsSync(join(dir, 'new.txt'))).toBe(false)
  })

  it('--write-back writes created, changed and deleted files back, and never sees .git', () => {
    const dir = project({
      'change.txt': 'old',
      'remove.txt': 'bye',
      'gone/inner.txt': 'x',
      'same.txt': 'same',
      '.git/HEAD': 'ref: refs/heads/main\n',
    })
    const sameBefore = lstatSync(join(dir, 'same.txt')).mtimeMs
    const script = 'echo new > change.txt; rm remove.txt; rm -r gone; mkdir -p made/dir; echo m > made/dir/m.txt; ls -a'
    const result = run(dir, ['--write-back', 'exec', script])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('.git')
    expect(readFileSync(join(dir, 'change.txt'), 'utf8')).toBe('new\n')
    expect(existsSync(join(dir, 'remove.txt'))).toBe(false)
    expect(existsSync(join(dir, 'gone'))).toBe(false)
    expect(readFileSync(join(dir, 'made/dir/m.txt'), 'utf8')).toBe('m\n')
    expect(lstatSync(join(dir, 'same.txt')).mtimeMs).toBe(sameBefore)
    expect(readFileSync(join(dir, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n')
  })

  it('copies symlinks as symlinks, and write-back leaves them so', () => {
    const withLink = project({ 'target.txt': 't' })
    spawnSync('ln', ['-s', 'target.txt', 'link'], { cwd: withLink })
    const result = run(withLink, ['--write-back', 'exec', 'cat link; echo more > target.txt'])
    expect(result.stdout).toBe('t')
    expect(readlinkSync(join(withLink, 'link'))).toBe('target.txt')
    expect(readFileSync(join(withLink, 'link'), 'utf8')).toBe('more\n')
  })

  it('runs bun on a copy of the directory: output, exit code, and files only with --write-back', () => {
    const dir = project({
      'index.ts':
        'const n: number = 41\nconsole.log(n + 1, process.argv.slice(2))\nawait Bun.write("out.txt", "written")\nconsole.error("warn")\nprocess.exitCode = 5\n',
    })
    expect(run(dir, ['run', 'index.ts', 'a'])).toEqual({ code: 5, stdout: '42 [ "a" ]\n', stderr: 'warn\n' })
    expect(existsSync(join(dir, 'out.txt'))).toBe(false)
    expect(run(dir, ['--write-back', 'index.ts']).code).toBe(5)
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('written')
    // After `--`, `exec` is Bun's subcommand (a shell line), not vitamin-bun's.
    expect(run(dir, ['--', 'exec', 'echo hi'])).toEqual({ code: 0, stdout: 'hi\n', stderr: '' })
  })

  it('prints its usage without arguments, and rejects a bad exec', () => {
    const dir = project({})
    const usage = run(dir, [])
    expect(usage.code).toBe(1)
    expect(usage.stderr).toMatch(/^Usage: vitamin-bun \[--write-back\] \[--\] <bun arguments…>/)
    expect(run(dir, ['exec', 'a', 'b'])).toMatchObject({ code: 1, stderr: expect.stringContaining('one argument') })
  })
})

describe('parseArguments', () => {
  it('takes its own options first, then the command', () => {
    expect(parseArguments(['--write-back', 'install'])).toEqual({ writeBack: true, command: 'bun', argv: ['install'] })
    expect(parseArguments(['run', '--write-back'])).toEqual({
      writeBack: false,
      command: 'bun',
      argv: ['run', '--write-back'],
    })
    expect(parseArguments(['exec', 'ls'])).toEqual({ writeBack: false, command: 'sh', argv: ['-c', 'ls'] })
    expect(parseArguments(['--', '--write-back'])).toEqual({ writeBack: false, command: 'bun', argv: ['--write-back'] })
    expect(parseArguments([])).toEqual({ usage: true })
  })
})

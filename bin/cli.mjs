// vitamin-bun's logic (the command is vitamin-bun.mjs): Bun, sandboxed. Runs `bun <arguments>` in a container (the Node host of
// @aspect-build/sdk) whose working directory is a copy of the current directory; the
// real directory is only changed with --write-back. `vitamin-bun exec '<line>'` runs a
// line in Bun's shell, as `bun exec` does.
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createBunContainer } from '@aspect-build/sdk/node'
import { decodeSnapshot, encodeSnapshot } from '@aspect-build/virtual-fs'

const USAGE = `Usage: vitamin-bun [--write-back] [--] <bun arguments…>
       vitamin-bun [--write-back] exec '<shell line>'

Runs Bun in a sandbox whose working directory is a copy of the current
directory (without .git). Its stdout, stderr and exit code are the command's.

  --write-back   write the sandbox's changes to the current directory
                 (created, changed and deleted files)
`

/** Directory names never copied into the sandbox (nor touched by write-back). */
const SKIPPED = new Set(['.git'])

/**
 * Parses the command line: vitamin-bun's own options come first; `--` or the
 * first other argument starts the command.
 * @param {string[]} args
 */
export function parseArguments(args) {
  let writeBack = false
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--write-back') writeBack = true
    else if (arg === '--') {
      i++
      break
    } else break
  }
  const rest = args.slice(i)
  if (rest[0] === 'exec' && args[i - 1] !== '--') {
    if (rest.length !== 2) return { error: "vitamin-bun exec takes one argument: the shell line, quoted ('echo hi')" }
    return { writeBack, command: 'sh', argv: ['-c', rest[1]] }
  }
  if (rest.length === 0) return { usage: true }
  return { writeBack, command: 'bun', argv: rest }
}

/**
 * Copies `dir` into snapshot entries (directories, files with modes and times, symlinks).
 * @param {string} dir
 */
async function snapshotOf(dir) {
  /** @type {import('@aspect-build/virtual-fs').SnapshotEntry[]} */
  const entries = []
  const ns = (ms) => BigInt(Math.round(ms * 1e6))
  const walk = async (abs, rel) => {
    for (const name of (await readdir(abs)).sort()) {
      if (rel === '' && SKIPPED.has(name)) continue
      const path = rel === '' ? name : `${rel}/${name}`
      const full = join(abs, name)
      const st = await lstat(full)
      const times = {
        mode: st.mode & 0o7777,
        atimeNs: ns(st.atimeMs),
        mtimeNs: ns(st.mtimeMs),
        birthtimeNs: ns(st.birthtimeMs),
      }
      if (st.isDirectory()) {
        entries.push({ kind: 'dir', path, ...times })
        await walk(full, path)
      } else if (st.isFile()) entries.push({ kind: 'file', path, ...times, data: await readFile(full) })
      else if (st.isSymbolicLink()) entries.push({ kind: 'symlink', path, ...times, target: await readlink(full) })
      // Sockets, FIFOs and devices have no place in the sandbox.
    }
  }
  const top = await lstat(dir)
  await walk(dir, '')
  return encodeSnapshot({ mode: top.mode & 0o7777, atimeNs: ns(top.atimeMs), mtimeNs: ns(top.mtimeMs) }, entries)
}

/** Snapshot entries by path, hard links resolved to copies of the file they name. */
function byPath(snapshot) {
  const decoded = decodeSnapshot(snapshot)
  if (decoded === null) throw new Error('the sandbox produced an unreadable snapshot')
  const map = new Map()
  for (const entry of decoded.entries) {
    map.set(entry.path, entry.kind === 'link' ? { ...map.get(entry.target), path: entry.path } : entry)
  }
  return map
}

function sameBytes(a, b) {
  if (a === b) return true
  if (!a || !b || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Applies the difference between the copy made at start and the sandbox's
 * directory now to `dir`: deletions first (deepest first), then creations
 * and changes (parents first).
 */
async function writeBack(dir, before, after) {
  const old = byPath(before)
  const now = byPath(after)
  const gone = [...old.keys()].filter((p) => !now.has(p) || now.get(p).kind !== old.get(p).kind)
  for (const path of gone.sort().reverse()) await rm(join(dir, path), { recursive: true, force: true })
  for (const [path, entry] of now) {
    const was = old.get(path)
    const full = join(dir, path)
    const changed =
      !was ||
      was.kind !== entry.kind ||
      was.mode !== entry.mode ||
      was.target !== entry.target ||
      !sameBytes(was.data, entry.data)
    if (!changed) continue
    if (entry.kind === 'dir') {
      await mkdir(full, { recursive: true })
      await chmod(full, entry.mode)
    } else if (entry.kind === 'symlink') {
      await rm(full, { force: true })
      await symlink(entry.target, full)
    } else {
      await writeFile(full, entry.data ?? new Uint8Array(0))
      await chmod(full, entry.mode)
      const seconds = (n) => Number(n) / 1e9
      await utimes(full, seconds(entry.atimeNs), seconds(entry.mtimeNs))
    }
  }
}

/** Runs the command line `args` in `cwd`; resolves with the exit code. */
export async function main(
  args,
  { cwd = process.cwd(), stdin = process.stdin, stdout = process.stdout, stderr = process.stderr } = {},
) {
  const parsed = parseArguments(args)
  if (parsed.usage) {
    stderr.write(USAGE)
    return 1
  }
  if (parsed.error) {
    stderr.write(`vitamin-bun: ${parsed.error}\n`)
    return 1
  }
  const before = await snapshotOf(cwd)
  const container = await createBunContainer({ cwd })
  try {
    await container.mount(cwd, before)
    const proc = container.spawn(parsed.command, parsed.argv)
    const pump = (stream, sink) =>
      new Promise((resolve) => stream.on('data', (chunk) => sink.write(chunk)).on('end', resolve))
    const output = Promise.all([pump(proc.stdout, stdout), pump(proc.stderr, stderr)])
    const onInput = (chunk) => proc.stdin.write(new Uint8Array(chunk))
    const onEnd = () => proc.stdin.end()
    stdin.on('data', onInput)
    stdin.on('end', onEnd)
    const interrupt = () => proc.kill('SIGINT')
    process.on('SIGINT', interrupt)
    let code
    try {
      code = await proc.exited
    } finally {
      process.off('SIGINT', interrupt)
      stdin.off('data', onInput)
      stdin.off('end', onEnd)
      stdin.pause?.()
    }
    await output
    if (parsed.writeBack) await writeBack(cwd, before, await container.export(cwd))
    return code
  } finally {
    await container.destroy()
  }
}

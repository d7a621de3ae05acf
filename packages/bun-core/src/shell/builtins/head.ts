import type { Builtin, Invocation } from '../builtin.js'
import { errorText } from '../builtin.js'
import { concat, readAll } from '../io.js'

/** Parsed `-n`/`-c` options shared by `head` and `tail`. */
export interface LineOptions {
  bytes: boolean
  /** The count; for `head -n -N` negative (all but the last N), for `tail -n +N` `fromStart` is set. */
  count: number
  fromStart: boolean
  files: string[]
}

/** Parses `-n N`, `-nN`, `-N`, `-c N`, `+N` (tail) the coreutils way; returns an error message instead when invalid. */
export async function parseLineOptions(inv: Invocation, tool: 'head' | 'tail'): Promise<LineOptions | null> {
  const opts: LineOptions = { bytes: false, count: 10, fromStart: false, files: [] }
  const args = inv.args
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    let value: string | undefined
    let kind: 'n' | 'c' | null = null
    if (/^-\d+$/.test(arg)) {
      value = arg.slice(1)
      kind = 'n'
    } else if (arg === '-n' || arg === '-c') {
      kind = arg[1] as 'n' | 'c'
      value = args[++i]
      if (value === undefined) {
        await inv.err(`${tool}: option requires an argument -- '${kind}'\nTry '${tool} --help' for more information.\n`)
        return null
      }
    } else if (/^-[nc]./.test(arg)) {
      kind = arg[1] as 'n' | 'c'
      value = arg.slice(2)
    } else if (arg.length > 1 && arg.startsWith('-')) {
      await inv.err(`${tool}: invalid option -- '${arg[1]}'\nTry '${tool} --help' for more information.\n`)
      return null
    } else {
      opts.files.push(arg)
      continue
    }
    const m = /^([+-]?)(\d+)$/.exec(value)
    if (!m) {
      await inv.err(`${tool}: invalid number of ${kind === 'n' ? 'lines' : 'bytes'}: '${value}'\n`)
      return null
    }
    opts.bytes = kind === 'c'
    opts.count = Number(m[2])
    opts.fromStart = tool === 'tail' && m[1] === '+'
    if (tool === 'head' && m[1] === '-') opts.count = -opts.count
  }
  return opts
}

/** Reads a file argument (or standard input for `-`), reporting errors the coreutils way. */
export async function readInput(inv: Invocation, tool: string, file: string): Promise<Uint8Array | null> {
  if (file === '-') return readAll(inv.stdin)
  const terse = tool === 'grep'
  try {
    const path = inv.resolve(file)
    if (inv.fs.stat(path).isDirectory()) {
      await inv.err(terse ? `${tool}: ${file}: Is a directory\n` : `${tool}: error reading '${file}': Is a directory\n`)
      return null
    }
    return inv.fs.readFile(path) as Uint8Array
  } catch (error) {
    const text = errorText(error)
    await inv.err(terse ? `${tool}: ${file}: ${text}\n` : `${tool}: cannot open '${file}' for reading: ${text}\n`)
    return null
  }
}

/** Offsets just after each `\n`. */
export function lineEnds(data: Uint8Array): number[] {
  const ends: number[] = []
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) ends.push(i + 1)
  return ends
}

/**
 * `head [-n N | -c N] [file …]`. Standard input is read only as far as
 * needed, so `yes | head -n 3` ends.
 */
export const head: Builtin = async (inv) => {
  const opts = await parseLineOptions(inv, 'head')
  if (!opts) return 1
  const files = opts.files.length > 0 ? opts.files : ['-']
  let code = 0
  let headers = 0
  for (const file of files) {
    let data: Uint8Array | null
    if (file === '-' && opts.count >= 0) {
      data = await readPrefix(inv, opts)
    } else {
      data = await readInput(inv, 'head', file)
    }
    if (data === null) {
      code = 1
      continue
    }
    if (files.length > 1)
      await inv.out(`${headers++ > 0 ? '\n' : ''}==> ${file === '-' ? 'standard input' : file} <==\n`)
    await inv.out(slice(data, opts))
  }
  return code
}

function slice(data: Uint8Array, opts: LineOptions): Uint8Array {
  if (opts.bytes)
    return opts.count >= 0 ? data.subarray(0, opts.count) : data.subarray(0, Math.max(0, data.length + opts.count))
  const ends = lineEnds(data)
  if (opts.count >= 0)
    return opts.count === 0 ? data.subarray(0, 0) : data.subarray(0, ends[opts.count - 1] ?? data.length)
  const total = ends.length + (data.length > 0 && data[data.length - 1] !== 10 ? 1 : 0)
  const keep = total + opts.count
  return keep <= 0 ? data.subarray(0, 0) : data.subarray(0, ends[keep - 1] ?? data.length)
}

/** Reads standard input until enough lines or bytes have arrived. */
async function readPrefix(inv: Invocation, opts: LineOptions): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let length = 0
  let lines = 0
  if (opts.count === 0) return new Uint8Array(0)
  for (let chunk = await inv.stdin.read(); chunk; chunk = await inv.stdin.read()) {
    parts.push(chunk)
    length += chunk.length
    if (opts.bytes) {
      if (length >= opts.count) break
    } else {
      for (const b of chunk) if (b === 10) lines++
      if (lines >= opts.count) break
    }
  }
  return concat(...parts)
}

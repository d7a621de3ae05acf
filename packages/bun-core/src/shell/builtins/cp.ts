import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin, Invocation } from '../builtin.js'
import { errorText, isDirectory } from '../builtin.js'
import { lastComponent } from './basename.js'

const TRY = "Try 'cp --help' for more information.\n"

interface Options {
  recursive: boolean
  noClobber: boolean
  verbose: boolean
}

/**
 * Copies a file or (with -r) a tree; throws a message line on failure. `top`
 * is the destination of the whole copy: a copy into itself skips it, as
 * coreutils does (it copies what was there, then reports the error).
 */
async function copy(inv: Invocation, source: string, target: string, opts: Options, top: string): Promise<void> {
  const from = inv.resolve(source)
  const to = inv.resolve(target)
  let stat: ReturnType<Invocation['fs']['stat']>
  try {
    stat = inv.fs.stat(from)
  } catch (error) {
    throw `cp: cannot stat '${source}': ${errorText(error)}\n`
  }
  if (stat.isDirectory()) {
    if (!opts.recursive) throw `cp: -r not specified; omitting directory '${source}'\n`
    const intoItself = to === from || to.startsWith(`${from}/`)
    const names = inv.fs.readdir(from) as string[]
    if (!inv.fs.exists(to)) {
      inv.fs.mkdir(to)
      if (opts.verbose) await inv.out(`'${source}' -> '${target}'\n`)
    } else if (!isDirectory(inv, to)) {
      throw `cp: cannot overwrite non-directory '${target}' with directory '${source}'\n`
    }
    for (const name of names) {
      if (posixPath.join(from, name) === top) continue
      await copy(inv, posixPath.join(source, name), posixPath.join(target, name), opts, top)
    }
    if (intoItself && to === top) throw `cp: cannot copy a directory, '${source}', into itself, '${target}'\n`
    return
  }
  if (inv.fs.exists(to)) {
    if (inv.fs.realpath(to) === inv.fs.realpath(from)) throw `cp: '${source}' and '${target}' are the same file\n`
    if (opts.noClobber) return
  }
  try {
    inv.fs.copyFile(from, to)
  } catch (error) {
    throw `cp: cannot create regular file '${target}': ${errorText(error)}\n`
  }
  if (opts.verbose) await inv.out(`'${source}' -> '${target}'\n`)
}

/** `cp [-rRfnv] source target` or `cp … source … directory` (coreutils messages). */
export const cp: Builtin = async (inv) => {
  const opts: Options = { recursive: false, noClobber: false, verbose: false }
  const operands: string[] = []
  for (const arg of inv.args) {
    if (arg.length > 1 && arg.startsWith('-') && !arg.startsWith('--')) {
      for (const c of arg.slice(1)) {
        if (c === 'r' || c === 'R' || c === 'a') opts.recursive = true
        else if (c === 'n') opts.noClobber = true
        else if (c === 'v') opts.verbose = true
        else if (c !== 'f' && c !== 'p') {
          await inv.err(`cp: invalid option -- '${c}'\n${TRY}`)
          return 1
        }
      }
    } else if (arg === '--recursive') opts.recursive = true
    else operands.push(arg)
  }
  if (operands.length === 0) {
    await inv.err(`cp: missing file operand\n${TRY}`)
    return 1
  }
  if (operands.length === 1) {
    await inv.err(`cp: missing destination file operand after '${operands[0]}'\n${TRY}`)
    return 1
  }
  const target = operands[operands.length - 1] as string
  const sources = operands.slice(0, -1)
  const intoDir = isDirectory(inv, inv.resolve(target))
  if (sources.length > 1 && !intoDir) {
    const why = inv.fs.exists(inv.resolve(target)) ? 'is not a directory' : ': No such file or directory'
    await inv.err(why.startsWith(':') ? `cp: target '${target}'${why}\n` : `cp: target '${target}' ${why}\n`)
    return 1
  }
  let code = 0
  for (const source of sources) {
    const dest = intoDir ? posixPath.join(target, lastComponent(source)) : target
    try {
      await copy(inv, source, dest, opts, inv.resolve(dest))
    } catch (error) {
      if (typeof error !== 'string') throw error
      await inv.err(error)
      code = 1
    }
  }
  return code
}

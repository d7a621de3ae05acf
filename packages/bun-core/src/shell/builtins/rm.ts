import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin, Invocation } from '../builtin.js'
import { errorText } from '../builtin.js'

const USAGE = 'usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [--] file\n'

interface Options {
  force: boolean
  recursive: boolean
  verbose: boolean
  dir: boolean
}

/** Removes a tree children first, printing each removed path with `-v`. */
async function removeTree(inv: Invocation, shown: string, path: string, opts: Options): Promise<void> {
  for (const name of inv.fs.readdir(path) as string[]) {
    const child = posixPath.join(path, name)
    const childShown = posixPath.join(shown, name)
    if (inv.fs.lstat(child).isDirectory()) await removeTree(inv, childShown, child, opts)
    else {
      inv.fs.unlink(child)
      if (opts.verbose) await inv.out(`${childShown}\n`)
    }
  }
  inv.fs.rmdir(path)
  if (opts.verbose) await inv.out(`${shown}\n`)
}

/** `rm [-dfrRv] file …`, as Bun's: `-i` is refused, `/` is never removed. */
export const rm: Builtin = async (inv) => {
  const opts: Options = { force: false, recursive: false, verbose: false, dir: false }
  const files: string[] = []
  for (const arg of inv.args) {
    if (files.length === 0 && arg.startsWith('-')) {
      if (arg === '--recursive') {
        opts.recursive = true
        continue
      }
      if (arg === '-' || arg.startsWith('--')) {
        await inv.err('rm: illegal option -- -\n')
        return 1
      }
      for (const c of arg.slice(1)) {
        if (c === 'f') opts.force = true
        else if (c === 'r' || c === 'R') opts.recursive = true
        else if (c === 'v') opts.verbose = true
        else if (c === 'd') opts.dir = true
        else if (c === 'i' || c === 'I') {
          await inv.err('rm: "-i" is not supported yet')
          return 1
        } else {
          await inv.err(`rm: illegal option -- ${c}\n`)
          return 1
        }
      }
    } else files.push(arg)
  }
  if (files.length === 0) {
    await inv.err(USAGE)
    return 1
  }
  for (const file of files) {
    if (inv.resolve(file) === '/') {
      await inv.err('rm: "/" may not be removed\n')
      return 1
    }
  }
  let code = 0
  for (const file of files) {
    const path = inv.resolve(file)
    try {
      let stat: ReturnType<Invocation['fs']['lstat']>
      try {
        stat = inv.fs.lstat(path)
      } catch (error) {
        if (opts.force) continue
        throw error
      }
      if (file.endsWith('/') && !stat.isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' })
      if (stat.isDirectory()) {
        if (opts.recursive) await removeTree(inv, file.replace(/\/+$/, '') || file, path, opts)
        else if (opts.dir) {
          inv.fs.rmdir(path)
          if (opts.verbose) await inv.out(`${file}\n`)
        } else throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' })
      } else {
        inv.fs.unlink(path)
        if (opts.verbose) await inv.out(`${file}\n`)
      }
    } catch (error) {
      await inv.err(`rm: ${file}: ${errorText(error)}\n`)
      code = 1
    }
  }
  return code
}

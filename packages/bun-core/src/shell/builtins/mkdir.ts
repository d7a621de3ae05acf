import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin } from '../builtin.js'
import { errorText } from '../builtin.js'

const USAGE = 'usage: mkdir [-pv] [-m mode] directory_name ...\n'

/** `mkdir [-pv] dir …`: errors name the absolute path, as Bun's do; `-v` prints each directory made. */
export const mkdir: Builtin = async (inv) => {
  let parents = false
  let verbose = false
  const dirs: string[] = []
  for (const arg of inv.args) {
    if (dirs.length === 0 && arg.startsWith('-')) {
      if (arg === '--parents') {
        parents = true
        continue
      }
      if (arg.startsWith('--')) {
        await inv.err(`mkdir: illegal option -- ${arg.slice(2)}\n`)
        return 1
      }
      for (const c of arg.slice(1)) {
        if (c === 'p') parents = true
        else if (c === 'v') verbose = true
        else if (c === 'm') {
          await inv.err('mkdir: unsupported option, please open a GitHub issue -- -m \n')
          return 1
        } else {
          await inv.err('mkdir: illegal option -- \n')
          return 1
        }
      }
    } else dirs.push(arg)
  }
  if (dirs.length === 0) {
    await inv.err(USAGE)
    return 1
  }
  let code = 0
  for (const dir of dirs) {
    const path = inv.resolve(dir)
    try {
      if (parents) {
        const made: string[] = []
        for (let p = path; p !== '/' && !inv.fs.exists(p); p = posixPath.dirname(p)) made.unshift(p)
        inv.fs.mkdir(path, { recursive: true })
        if (verbose) await inv.out(made.map((p) => `${p}\n`).join(''))
      } else {
        inv.fs.mkdir(path)
        if (verbose) await inv.out(`${path}\n`)
      }
    } catch (error) {
      await inv.err(`mkdir: ${path}: ${errorText(error)}\n`)
      code = 1
    }
  }
  return code
}

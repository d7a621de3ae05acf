import { posixPath } from '@aspect-build/virtual-fs'
import type { Builtin } from '../builtin.js'

/** `which name …`: the first regular file of that name along `$PATH`, or "name not found" (both on stdout, as Bun's). */
export const which: Builtin = async (inv) => {
  if (inv.args.length === 0) {
    await inv.out('\n')
    return 1
  }
  const path = inv.state.vars.get('PATH') ?? inv.env.PATH ?? ''
  let code = 0
  let out = ''
  for (const name of inv.args) {
    let found: string | null = null
    if (!name.includes('/')) {
      for (const dir of path.split(':')) {
        if (dir === '') continue
        const candidate = posixPath.join(dir, name)
        try {
          if (inv.fs.stat(inv.resolve(candidate)).isFile()) {
            found = candidate
            break
          }
        } catch {}
      }
    }
    if (found) out += `${found}\n`
    else {
      out += `${name} not found\n`
      code = 1
    }
  }
  await inv.out(out)
  return code
}

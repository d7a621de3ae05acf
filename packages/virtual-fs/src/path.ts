/** Small POSIX path helpers (the VFS works on absolute, `/`-separated paths). */

/** Joins and normalises POSIX path segments; the result is absolute when the first segment is. */
export function normalize(path: string): string {
  const absolute = path.startsWith('/')
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
      else if (!absolute) out.push('..')
    } else out.push(part)
  }
  const joined = out.join('/')
  return absolute ? `/${joined}` : joined || '.'
}

/** Resolves `path` against the absolute directory `base`. */
export function resolve(base: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${base}/${path}`)
}

/** `dirname`, for normalised absolute paths. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/')
  return i <= 0 ? '/' : path.slice(0, i)
}

/** `basename`, for normalised paths. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** Joins an absolute directory path and a name. */
export function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

/** Length of `text` in UTF-8 bytes (names and paths are limited in bytes), without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: two units, four bytes.
        bytes += 2
        i++
        continue
      }
    }
    if (unit >= 0x800) bytes += 2
    else if (unit >= 0x80) bytes += 1
  }
  return bytes
}

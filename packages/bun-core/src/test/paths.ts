/** `path.relative` for absolute POSIX paths (what reports and filters show). */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean)
  const b = to.split('/').filter(Boolean)
  let common = 0
  while (common < a.length && common < b.length && a[common] === b[common]) common++
  return [...Array(a.length - common).fill('..'), ...b.slice(common)].join('/')
}

/**
 * `toMatchObject`'s equality: every property of `expected` is in `received`
 * and matches, recursively for objects; arrays match element by element
 * (same length); everything else compares as `toEqual` does.
 */
import { equals, isAsymmetric } from './asymmetric.js'

export function matchesSubset(received: unknown, expected: unknown, seen: Array<[unknown, unknown]> = []): boolean {
  if (isAsymmetric(expected)) return equals(expected, received)
  if (expected === null || typeof expected !== 'object' || received === null || typeof received !== 'object')
    return equals(received, expected)
  for (const [r, e] of seen) if (r === received && e === expected) return true
  seen.push([received, expected])
  try {
    if (Array.isArray(expected)) {
      if (!Array.isArray(received) || received.length !== expected.length) return false
      return expected.every((item, i) => matchesSubset(received[i], item, seen))
    }
    if (expected instanceof Date || expected instanceof RegExp || expected instanceof Map || expected instanceof Set)
      return equals(received, expected)
    for (const key of Reflect.ownKeys(expected)) {
      if (typeof key === 'symbol' && !Object.prototype.propertyIsEnumerable.call(expected, key)) continue
      if (!(key in (received as object))) return false
      const value = (expected as Record<PropertyKey, unknown>)[key]
      if (!matchesSubset((received as Record<PropertyKey, unknown>)[key], value, seen)) return false
    }
    return true
  } finally {
    seen.pop()
  }
}

/**
 * The proxy's URL policy: a predicate built once from {@link NetworkPolicy}.
 */

import { NetworkError } from './errors.js'
import type { NetworkPolicy } from './types.js'

type Rule = (url: URL) => boolean

/** Turn a policy into a predicate. Throws `EINVAL` naming the first pattern that is not one. */
export function compilePolicy(policy: NetworkPolicy | undefined): (url: URL) => boolean {
  if (policy === undefined) return () => true
  if (typeof policy === 'function') return (url) => policy(url) === true
  if (!Array.isArray(policy)) {
    throw new NetworkError('EINVAL', {
      syscall: 'createNetworkProxy',
      detail: 'option "allow" must be a function or an array of strings',
    })
  }
  const rules = policy.map(compileRule)
  return (url) => rules.some((rule) => rule(url))
}

function compileRule(pattern: unknown): Rule {
  const bad = () =>
    new NetworkError('EINVAL', {
      syscall: 'createNetworkProxy',
      detail: `invalid pattern in option "allow": ${JSON.stringify(pattern)}`,
    })
  if (typeof pattern !== 'string' || pattern.trim() === '') throw bad()
  const p = pattern.trim()
  if (p.includes('://')) {
    let origin: string
    try {
      origin = new URL(p).origin
    } catch {
      throw bad()
    }
    if (origin === 'null') throw bad()
    return (url) => url.origin === origin
  }
  const wildcard = p.startsWith('*.')
  const rest = wildcard ? p.slice(2) : p
  let parsed: URL
  try {
    parsed = new URL(`http://${rest}`)
  } catch {
    throw bad()
  }
  if (parsed.pathname !== '/' || parsed.search || parsed.username || rest.endsWith(':')) throw bad()
  const host = parsed.hostname
  // `new URL` drops a default port (`:80`), so read the port from the pattern itself.
  const portMatch = /:([0-9]+)$/.exec(rest)
  const port = portMatch ? Number(portMatch[1]) : null
  if (port !== null && (port < 1 || port > 65535)) throw bad()
  return (url) => {
    const name = url.hostname
    const hostOk = wildcard ? name.endsWith(`.${host}`) : name === host
    if (!hostOk) return false
    if (port === null) return true
    const urlPort = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
    return urlPort === port
  }
}

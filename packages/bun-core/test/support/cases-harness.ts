/**
 * The case harness of the module differential suites (crypto, zlib, Bun's
 * hashing): a case is a function body with the modules in scope; every case
 * runs in one real Bun process and against our modules, and the results are
 * serialised by the very same source on both sides (bytes as hex, errors as
 * name/code/message) for comparison.
 */
import { runRealBunScript } from './real-bun.js'

/** name → function body (may `return` a value or a Promise). */
export type Cases = Record<string, string>

/** Serialises a result: both sides run this very source. */
export const SERIALIZE_SOURCE = `function serialize(value, depth = 0) {
  if (depth > 4) return '<deep>'
  if (value instanceof Error) return { error: value.name, code: value.code, message: value.message }
  if (value === undefined) return '<undefined>'
  if (typeof value === 'bigint') return value.toString() + 'n'
  if (typeof value === 'function') return '<function ' + value.name + '>'
  if (value instanceof ArrayBuffer) return { ArrayBuffer: Buffer.from(value).toString('hex') }
  if (ArrayBuffer.isView(value)) {
    const kind = value.constructor.name
    return { [kind]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
  }
  if (Array.isArray(value)) return value.map((item) => serialize(item, depth + 1))
  if (value && typeof value === 'object') {
    const out = {}
    for (const key of Object.keys(value)) out[key] = serialize(value[key], depth + 1)
    return out
  }
  return value
}`

// The serializer is source text so that both sides run the very same code.
export const serialize = new Function(`return (${SERIALIZE_SOURCE})`)() as (value: unknown) => unknown

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>

/** Runs every case in the real Bun with `imports` (`name → module specifier`) in scope. */
export function runCasesInBun(cases: Cases, imports: Record<string, string>): Record<string, unknown> {
  const names = Object.keys(imports)
  const header = names.map((name) => `import * as ${name}__ns from '${imports[name]}'`).join('\n')
  const bind = names.map((name) => `const ${name} = ${name}__ns.default ?? ${name}__ns`).join('\n')
  const script = `${header}
${bind}
const serialize = ${SERIALIZE_SOURCE}
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
const cases = ${JSON.stringify(cases)}
const out = {}
for (const [name, body] of Object.entries(cases)) {
  try {
    out[name] = serialize(await new AsyncFunction(${names.map((n) => `'${n}', `).join('')}body)(${names.join(', ')}))
  } catch (error) {
    out[name] = serialize(error instanceof Error ? error : new Error(String(error)))
  }
}
process.stdout.write('<<<' + JSON.stringify(out) + '>>>')
`
  const run = runRealBunScript(script, { timeoutMs: 120_000 })
  const match = /<<<([\s\S]*)>>>/.exec(run.stdout)
  if (!match) throw new Error(`the real Bun printed no results (exit ${run.exitCode}):\n${run.stderr}`)
  return JSON.parse(match[1] as string) as Record<string, unknown>
}

/** Runs every case against our modules (`name → exports object`). */
export async function runCasesHere(cases: Cases, modules: Record<string, unknown>): Promise<Record<string, unknown>> {
  const names = Object.keys(modules)
  const values = names.map((name) => modules[name])
  const out: Record<string, unknown> = {}
  for (const [name, body] of Object.entries(cases)) {
    try {
      out[name] = serialize(await new AsyncFunction(...names, body)(...values))
    } catch (error) {
      out[name] = serialize(error instanceof Error ? error : new Error(String(error)))
    }
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>
}

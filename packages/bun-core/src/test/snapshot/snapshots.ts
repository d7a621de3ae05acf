/**
 * Snapshot files, byte for byte as Bun writes them:
 *
 *     // Bun Snapshot v1, https://bun.sh/docs/test/snapshots
 *
 *     exports[`name 1`] = `"value"`;
 *
 *     exports[`name 2`] = `
 *     {
 *       "a": 1,
 *     }
 *     `;
 *
 * `__snapshots__/<file>.snap` next to the test file. New snapshots are
 * appended in the order they are made; with `-u` the file is rewritten with
 * the snapshots of this run only. In CI (and without `-u`) a missing
 * snapshot is an error, not a new entry. Inline snapshots are rewritten into
 * the test file's source when the run ends.
 */
import { posixPath } from '@aspect-build/virtual-fs'
import type { SyncFs } from '../../runtime/host.js'

export const SNAPSHOT_HEADER = '// Bun Snapshot v1, https://bun.sh/docs/test/snapshots\n'

/** Escapes text for a template literal of the snapshot file. */
export function escapeTemplate(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')
}

function unescapeTemplate(text: string): string {
  return text.replace(/\\([\\`$])/g, '$1')
}

/** The entries of a snapshot file's text, in order. */
export function parseSnapshotFile(text: string): Map<string, string> {
  const entries = new Map<string, string>()
  const readTemplate = (at: number): [string, number] | null => {
    if (text[at] !== '`') return null
    let i = at + 1
    let raw = ''
    while (i < text.length && text[i] !== '`') {
      if (text[i] === '\\' && i + 1 < text.length) {
        raw += text.slice(i, i + 2)
        i += 2
      } else raw += text[i++]
    }
    return [unescapeTemplate(raw), i + 1]
  }
  let at = 0
  for (;;) {
    const start = text.indexOf('exports[', at)
    if (start < 0) break
    const key = readTemplate(start + 'exports['.length)
    if (!key) {
      at = start + 1
      continue
    }
    let i = key[1]
    const eq = text.indexOf('=', i)
    if (eq < 0) break
    i = eq + 1
    while (text[i] === ' ' || text[i] === '\n') i++
    const value = readTemplate(i)
    if (!value) {
      at = i
      continue
    }
    entries.set(key[0], value[0])
    at = value[1]
  }
  return entries
}

/** A serialization as stored: values with line breaks get a leading and a trailing one. */
export function wrapSnapshot(serialized: string): string {
  return serialized.includes('\n') ? `\n${serialized}\n` : serialized
}

/** One test file's snapshot file while it runs. */
class SnapshotFile {
  /** The file's text as it will be written. */
  text: string
  readonly entries: Map<string, string>
  dirty: boolean
  constructor(
    readonly path: string,
    existing: string | null,
    update: boolean,
  ) {
    this.entries = existing === null ? new Map() : parseSnapshotFile(existing)
    this.text = update || existing === null ? SNAPSHOT_HEADER : existing
    // A file is created (header only) as soon as a test of it asks for a snapshot, as Bun does.
    this.dirty = update || existing === null
    if (update) this.entries.clear()
  }

  append(key: string, value: string): void {
    this.entries.set(key, value)
    this.text += `\nexports[\`${escapeTemplate(key)}\`] = \`${escapeTemplate(value)}\`;\n`
    this.dirty = true
  }
}

/** An inline snapshot to write into a source file. */
export interface InlineWrite {
  file: string
  line: number
  column: number
  value: string
  /** Property matchers were given (the snapshot goes after them). */
  hasProperties: boolean
}

/** The snapshots of a whole `bun test` run. */
export class Snapshots {
  total = 0
  passed = 0
  failed = 0
  added = 0
  private readonly files = new Map<string, SnapshotFile>()
  /** Per test file: how many times each snapshot name was used (for the ` N` suffix). */
  private readonly counts = new Map<string, Map<string, number>>()
  readonly inline: InlineWrite[] = []

  constructor(
    private readonly fs: SyncFs,
    readonly update: boolean,
    readonly ci: boolean,
  ) {}

  /** `name N`: the next number for `name` in `testFile`. */
  nextKey(testFile: string, name: string): string {
    let counts = this.counts.get(testFile)
    if (!counts) {
      counts = new Map()
      this.counts.set(testFile, counts)
    }
    const n = (counts.get(name) ?? 0) + 1
    counts.set(name, n)
    return `${name} ${n}`
  }

  /** Forgets the numbering of a file (it runs again with `--rerun-each`). */
  resetCounts(testFile: string): void {
    this.counts.delete(testFile)
  }

  private fileFor(testFile: string): SnapshotFile {
    let file = this.files.get(testFile)
    if (!file) {
      const path = posixPath.join(
        posixPath.join(posixPath.dirname(testFile), '__snapshots__'),
        `${posixPath.basename(testFile)}.snap`,
      )
      let existing: string | null = null
      try {
        existing = this.fs.readFile(path, 'utf8') as string
      } catch {
        existing = null
      }
      file = new SnapshotFile(path, existing, this.update)
      this.files.set(testFile, file)
    }
    return file
  }

  /** The stored value of `key`, or `undefined`. */
  get(testFile: string, key: string): string | undefined {
    return this.fileFor(testFile).entries.get(key)
  }

  /** Records a new (or, with `-u`, updated) value. */
  set(testFile: string, key: string, value: string): void {
    this.fileFor(testFile).append(key, value)
  }

  /** Writes the snapshot file of `testFile` if it changed. */
  writeFile(testFile: string): void {
    const file = this.files.get(testFile)
    if (!file?.dirty) return
    this.fs.mkdir(posixPath.dirname(file.path), { recursive: true })
    this.fs.writeFile(file.path, file.text)
    file.dirty = false
  }

  /** Writes every pending snapshot file. */
  writeAll(): void {
    for (const testFile of this.files.keys()) this.writeFile(testFile)
  }
}

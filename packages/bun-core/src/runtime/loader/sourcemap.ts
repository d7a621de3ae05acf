/**
 * Source map v3 lookups (generated → original position), for stack traces
 * that name the lines of the TypeScript a user wrote. Mappings decode
 * lazily, on the first lookup of a module.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i

/** One decoded segment: generated column, original line, original column (all 0-based). */
type Segment = [generatedColumn: number, originalLine: number, originalColumn: number]

/** A parsed source map of one generated file. */
export class SourceMap {
  private lines: Segment[][] | null = null

  constructor(private readonly mappings: string) {}

  /** Parses the JSON text of a source map; `null` when it is not one. */
  static parse(json: string): SourceMap | null {
    try {
      const raw = JSON.parse(json) as { mappings?: unknown }
      return typeof raw.mappings === 'string' ? new SourceMap(raw.mappings) : null
    } catch {
      return null
    }
  }

  /**
   * The original position of a generated one (line 1-based, column 0-based),
   * from the nearest segment at or before the column; `null` when the line
   * maps to nothing.
   */
  original(line: number, column: number): { line: number; column: number } | null {
    this.lines ??= decode(this.mappings)
    const segments = this.lines[line - 1]
    if (!segments || segments.length === 0) return null
    let best: Segment | null = null
    for (const segment of segments) {
      if (segment[0] > column) break
      best = segment
    }
    best ??= segments[0] as Segment
    return { line: best[1] + 1, column: best[2] }
  }
}

function decode(mappings: string): Segment[][] {
  const lines: Segment[][] = []
  let line: Segment[] = []
  let sourceLine = 0
  let sourceColumn = 0
  let i = 0
  const values: number[] = []
  let generatedColumn = 0
  while (i <= mappings.length) {
    const c = mappings.charCodeAt(i)
    if (i === mappings.length || c === 59 /* ; */) {
      lines.push(line)
      line = []
      generatedColumn = 0
      i++
      continue
    }
    if (c === 44 /* , */) {
      i++
      continue
    }
    values.length = 0
    while (i < mappings.length) {
      const ch = mappings.charCodeAt(i)
      if (ch === 44 || ch === 59) break
      let value = 0
      let shift = 0
      for (;;) {
        const digit = DIGIT[mappings.charCodeAt(i++)] ?? -1
        if (digit < 0) return lines
        value += (digit & 31) << shift
        shift += 5
        if ((digit & 32) === 0) break
      }
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
    }
    generatedColumn += values[0] ?? 0
    if (values.length >= 4) {
      sourceLine += values[2] as number
      sourceColumn += values[3] as number
      line.push([generatedColumn, sourceLine, sourceColumn])
    }
  }
  return lines
}

/**
 * `console.table`: Bun's box-drawn table. Rows come from iterating the data
 * (arrays, Maps, Sets, any iterable) or from its own enumerable properties;
 * columns from the rows' own properties (or the `properties` argument), a
 * `Key` column for Maps and a final `Values` column for primitive rows.
 * Cells are formatted on one line (nested to depth 5), strings unquoted.
 */
import { Formatter, type InspectHooks } from './formatter.js'
import { pretty } from './style.js'
import { visibleWidth } from './width.js'

export interface TableOptions {
  colors: boolean
  /** `console.group` depth (it indents nothing in a table, as in Bun). */
  indent: number
  hooks: InspectHooks
}

interface Column {
  name: string
  width: number
}

const PADDING = 1

function isObject(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
}

function ownEnumerableEntries(value: object): [string, unknown][] {
  const out: [string, unknown][] = []
  for (const key of Object.keys(value)) out.push([key, (value as Record<string, unknown>)[key]])
  return out
}

function getOwn(value: object, key: string): { found: boolean; value?: unknown } {
  if (!Object.hasOwn(value, key)) return { found: false }
  return { found: true, value: (value as Record<string, unknown>)[key] }
}

/** The table `console.table(data, properties)` prints, final newline included. */
export function formatTable(data: object, properties: unknown[] | undefined, options: TableOptions): string {
  const colors = options.colors
  const isMapData = isMapObject(data)
  const iterable = typeof (data as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  const columns: Column[] = [{ name: ' ', width: 1 }]
  if (isMapData) columns.push({ name: 'Key', width: 1 })
  if (properties) for (const property of properties) columns.push({ name: String(property), width: 1 })
  let valuesWidth: number | undefined
  let valuesIndex = -1

  const cell = (value: unknown): { text: string; width: number } => {
    const f = new Formatter({
      colors,
      maxDepth: 5,
      quoteStrings: false,
      singleLine: true,
      ordered: false,
      indent: options.indent,
      errorLevel: 'full',
      hooks: options.hooks,
    })
    const tag = f.tag(value)
    f.quoteStrings = !(tag.tag === 'String')
    f.format(tag, value)
    return { text: f.out, width: visibleWidth(f.out) }
  }

  const rows: [string, unknown][] = []
  if (iterable) {
    let index = 0
    for (const row of data as Iterable<unknown>) rows.push([String(index++), row])
  } else rows.push(...ownEnumerableEntries(data))

  for (const [key, row] of rows) {
    columns[0]!.width = Math.max(columns[0]!.width, visibleWidth(key))
    if (isMapData) {
      const entry = row as unknown[]
      columns[1]!.width = Math.max(columns[1]!.width, cell(entry[0]).width)
      valuesWidth = Math.max(valuesWidth ?? 0, cell(entry[1]).width)
      continue
    }
    if (isObject(row)) {
      if (properties) {
        for (const column of columns.slice(1)) {
          const own = getOwn(row, column.name)
          if (own.found) column.width = Math.max(column.width, cell(own.value).width)
        }
      } else {
        for (const [name, value] of ownEnumerableEntries(row)) {
          let column = columns.slice(1).find((c) => c.name === name)
          if (!column) {
            column = { name, width: 1 }
            columns.push(column)
          }
          column.width = Math.max(column.width, cell(value).width)
        }
      }
    } else if (!properties) valuesWidth = Math.max(valuesWidth ?? 1, cell(row).width)
  }
  if (valuesWidth !== undefined) {
    valuesIndex = columns.length
    columns.push({ name: 'Values', width: valuesWidth })
  }

  let out = ''
  for (const column of columns) column.width = Math.max(column.width, visibleWidth(column.name))
  out += '┌'
  columns.forEach((column, i) => {
    if (i > 0) out += '┬'
    out += '─'.repeat(column.width + PADDING * 2)
  })
  out += '┐\n│'
  columns.forEach((column, i) => {
    if (i > 0) out += '│'
    out += ' '
    if (colors) out += pretty('<r><b>', true)
    out += column.name
    if (colors) out += pretty('<r>', true)
    out += ' '.repeat(Math.max(column.width - visibleWidth(column.name), 0) + PADDING)
  })
  out += '│\n├'
  columns.forEach((column, i) => {
    if (i > 0) out += '┼'
    out += '─'.repeat(column.width + PADDING * 2)
  })
  out += '┤\n'

  for (const [key, row] of rows) {
    out += '│'
    out += ' '.repeat(Math.max(columns[0]!.width - visibleWidth(key), 0) + PADDING)
    out += key
    out += ' '.repeat(PADDING)
    for (let c = 1; c < columns.length; c++) {
      const column = columns[c]!
      out += '│'
      let value: { found: boolean; value?: unknown } = { found: false }
      if (c === 1 && isMapData) value = { found: true, value: (row as unknown[])[0] }
      else if (c === valuesIndex) {
        if (isMapData) value = { found: true, value: (row as unknown[])[1] }
        else if (!isObject(row)) value = { found: true, value: row }
      } else if (isObject(row)) value = getOwn(row, column.name)
      if (!value.found) {
        out += ' '.repeat(column.width + PADDING * 2)
        continue
      }
      const shown = cell(value.value)
      out += ' '.repeat(PADDING)
      out += shown.text
      out += ' '.repeat(Math.max(column.width - shown.width, 0) + PADDING)
    }
    out += '│\n'
  }
  out += '└'
  out += '─'.repeat(columns[0]!.width + PADDING * 2)
  for (const column of columns.slice(1)) out += '┴' + '─'.repeat(column.width + PADDING * 2)
  out += '┘\n'
  return out
}

function isMapObject(value: object): boolean {
  try {
    Map.prototype.has.call(value, undefined)
    return true
  } catch {
    return false
  }
}

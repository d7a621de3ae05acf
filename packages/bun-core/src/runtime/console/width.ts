/**
 * Terminal column width of text, as Bun measures it for `console.table`:
 * ANSI escape sequences take no columns, East Asian wide and fullwidth
 * characters and emoji take two, combining marks and zero-width characters
 * none.
 */

const ANSI = /\x1b\[[0-9;]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g

const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf})$/u
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u

/** Ranges of East Asian Wide (W) and Fullwidth (F) code points. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f202],
  [0x1f210, 0x1f23b],
  [0x1f240, 0x1f248],
  [0x1f250, 0x1f251],
  [0x1f260, 0x1f265],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
]

function isWide(codePoint: number): boolean {
  let low = 0
  let high = WIDE.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const [start, end] = WIDE[mid]!
    if (codePoint < start) high = mid - 1
    else if (codePoint > end) low = mid + 1
    else return true
  }
  return false
}

function isRegionalIndicator(codePoint: number): boolean {
  return codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff
}

/** Width of one code point on its own. */
function codePointWidth(char: string): number {
  const codePoint = char.codePointAt(0)!
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 0
  if (
    ZERO_WIDTH.test(char) ||
    (codePoint >= 0x200b && codePoint <= 0x200d) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
  ) {
    return 0
  }
  if (isRegionalIndicator(codePoint)) return 1
  return isWide(codePoint) || EMOJI_PRESENTATION.test(char) ? 2 : 1
}

/** Width of one grapheme cluster (emoji sequences take two columns). */
function graphemeWidth(grapheme: string): number {
  const chars = [...grapheme]
  if (chars.length === 1) return codePointWidth(chars[0]!)
  const first = chars[0]!.codePointAt(0)!
  if (isRegionalIndicator(first) && chars.length >= 2 && isRegionalIndicator(chars[1]!.codePointAt(0)!)) return 2
  if (grapheme.includes('\ufe0f') || grapheme.includes('\u20e3')) return 2
  if (EMOJI_PRESENTATION.test(chars[0]!)) return 2
  for (const char of chars) {
    const width = codePointWidth(char)
    if (width > 0) return width
  }
  return 0
}

type Segmenter = { segment(text: string): Iterable<{ segment: string }> }
const segmenter: Segmenter | undefined =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new (Intl as unknown as { Segmenter: new (locale?: string, options?: object) => Segmenter }).Segmenter(
        undefined,
        {
          granularity: 'grapheme',
        },
      )
    : undefined

/**
 * Columns `text` takes in a terminal, ignoring ANSI colour codes, measured
 * per grapheme cluster as Bun's `stringWidth` does.
 */
export function visibleWidth(text: string): number {
  const plain = text.includes('\x1b') ? text.replace(ANSI, '') : text
  let width = 0
  if (segmenter) {
    for (const { segment } of segmenter.segment(plain)) width += graphemeWidth(segment)
    return width
  }
  for (const char of plain) width += codePointWidth(char)
  return width
}

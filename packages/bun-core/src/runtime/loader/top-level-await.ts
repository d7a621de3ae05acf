/**
 * Top-level await, for modules that run as functions.
 *
 * esbuild converts ES modules to CommonJS (keeping live bindings: imports
 * become property reads, exports getters) but refuses top-level await in that
 * format. This pass rewrites an ES module that awaits at top level into one
 * that does not, so the conversion can run: the module's statements move
 * into async arrow functions run in sequence, while every top-level binding
 * stays at the top level so that imports, exports and functions still see
 * one shared scope.
 *
 * Input: esbuild's normalised ESM output (declarations carry no `export`;
 * exports are one `export { … }` clause; `export * from` stays). Then:
 *
 * - `import …`, `export { … }`, `export * from …` move to the start (they are
 *   hoisted in ESM anyway);
 * - the names bound by top-level `var`/`let`/`const`/`class` are declared
 *   once, with `let`, at the start; their declarations become assignments
 *   (`const {a} = f()` → `({a} = f())`), `class C {}` → `C = class C {};`;
 * - function declarations stay top-level statements (hoisted as before);
 * - every run of other statements becomes `__vb_tla(async () => { … });`,
 *   and `__vb_tla` chains the runs so each starts when the previous ended.
 *
 * Every edit is inside a line or on line 1, so line numbers (and a source
 * map of the input) stay valid. The cost: `const` bindings become `let`, and
 * a binding read before its declaration is `undefined` instead of a TDZ error.
 */
import type { Node } from 'acorn'

type AnyNode = Node & Record<string, unknown>

/** The name of the chaining function the output calls (a parameter of the module wrapper). */
export const TLA_RUNNER = '__vb_tla'

interface Edit {
  start: number
  end: number
  text: string
}

/** Rewrites `source` (whose parse is `program`); see the file comment. */
export function rewriteTopLevelAwait(source: string, program: Node): string {
  const body = (program as unknown as { body: AnyNode[] }).body
  const edits: Edit[] = []
  const hoisted: string[] = []
  const moved: string[] = []
  let runOpen = false
  let lastInner: AnyNode | null = null

  const closeRun = () => {
    if (runOpen && lastInner) edits.push({ start: lastInner.end, end: lastInner.end, text: '});' })
    runOpen = false
    lastInner = null
  }

  for (const statement of body) {
    const type = statement.type
    if (type === 'ImportDeclaration' || type === 'ExportNamedDeclaration' || type === 'ExportAllDeclaration') {
      // Cut it out (keeping its line breaks) and put it at the start.
      const text = source.slice(statement.start, statement.end)
      moved.push(text.replace(/\s*\n\s*/g, ' '))
      edits.push({ start: statement.start, end: statement.end, text: text.replace(/[^\n]/g, '') })
      continue
    }
    if (type === 'FunctionDeclaration') {
      closeRun()
      continue
    }
    if (!runOpen) {
      edits.push({ start: statement.start, end: statement.start, text: `${TLA_RUNNER}(async () => {` })
      runOpen = true
    }
    lastInner = statement
    if (type === 'VariableDeclaration') {
      const kind = statement.kind as string
      // The keyword becomes spaces, so the rest of the line keeps its columns.
      edits.push({ start: statement.start, end: statement.start + kind.length, text: ' '.repeat(kind.length) })
      for (const declarator of statement.declarations as AnyNode[]) {
        const id = declarator.id as AnyNode
        collectNames(id, hoisted)
        if (declarator.init) {
          edits.push({ start: id.start, end: id.start, text: '(' })
          edits.push({ start: declarator.end, end: declarator.end, text: ')' })
        } else {
          edits.push({ start: declarator.start, end: declarator.end, text: 'void 0' })
        }
      }
    } else if (type === 'ClassDeclaration') {
      const name = (statement.id as { name: string }).name
      hoisted.push(name)
      edits.push({ start: statement.start, end: statement.start, text: `${name} = ` })
      edits.push({ start: statement.end, end: statement.end, text: ';' })
    }
  }
  closeRun()

  const prefix = `${moved.join(' ')}${hoisted.length ? ` let ${[...new Set(hoisted)].join(', ')};` : ''} `
  return prefix + apply(source, edits)
}

function apply(source: string, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let at = 0
  for (const edit of edits) {
    out += source.slice(at, edit.start) + edit.text
    at = Math.max(at, edit.end)
  }
  return out + source.slice(at)
}

/** The names a binding pattern declares. */
function collectNames(pattern: AnyNode, into: string[]): void {
  switch (pattern.type) {
    case 'Identifier':
      into.push(pattern.name as string)
      return
    case 'ObjectPattern':
      for (const property of pattern.properties as AnyNode[])
        collectNames((property.type === 'RestElement' ? property.argument : property.value) as AnyNode, into)
      return
    case 'ArrayPattern':
      for (const element of pattern.elements as Array<AnyNode | null>) if (element) collectNames(element, into)
      return
    case 'RestElement':
      collectNames(pattern.argument as AnyNode, into)
      return
    case 'AssignmentPattern':
      collectNames(pattern.left as AnyNode, into)
      return
  }
}

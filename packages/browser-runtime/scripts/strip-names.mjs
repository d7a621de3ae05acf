// Removes the `__name(…)` calls of esbuild's `keepNames` that the engine's own
// naming makes redundant, in a bundle built without identifier minification.
//
// keepNames keeps `.name` right when the bundler renames a symbol (two modules'
// top-level `Buffer` become `Buffer` and `Buffer31`): it wraps every function and
// class in `__name(fn, "Buffer")`, an `Object.defineProperty` per closure, so a
// thousand `expect(x).toBe(y)` pay for a thousand. Where the engine already gives
// the same name, the call is blanked out:
//   - `__name(f, "f")`, `static { __name(this, "C") }` in `class C`: the declared name;
//   - `__name(() => …, "f")` (or an anonymous function or class) as the value of
//     `const f =`, `f =`, `{ f: … }` or a class field `f =`: the name the language
//     infers there (ECMAScript's NamedEvaluation).
// Kept: renamed symbols, member assignments (`a.f = …` infers nothing), every other
// place. Calls are overwritten with spaces, so every other character keeps its
// line and column and the bundle's source map stays right.
import * as acorn from 'acorn'

const HELPER = '__name'

function isNameCall(node) {
  return (
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === HELPER &&
    node.arguments.length === 2 &&
    node.arguments[1].type === 'Literal' &&
    typeof node.arguments[1].value === 'string'
  )
}

/** True for a function or class whose name comes from where it stands (no name of its own). */
function isAnonymous(node) {
  return (
    (node.type === 'ArrowFunctionExpression' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ClassExpression') &&
    !node.id
  )
}

function keyName(node) {
  if (node.computed) return null
  if (node.key.type === 'Identifier') return node.key.name
  if (node.key.type === 'Literal' && typeof node.key.value === 'string') return node.key.value
  return null
}

/** The name a value standing at `parent` gets from the language, if any. */
function inferredName(parent, value) {
  switch (parent?.type) {
    case 'VariableDeclarator':
      return parent.init === value && parent.id.type === 'Identifier' ? parent.id.name : null
    case 'AssignmentExpression':
      return parent.right === value && parent.operator === '=' && parent.left.type === 'Identifier'
        ? parent.left.name
        : null
    case 'Property':
      return parent.value === value && parent.kind === 'init' && !parent.method && !parent.shorthand
        ? keyName(parent)
        : null
    case 'PropertyDefinition':
      return parent.value === value ? keyName(parent) : null
    default:
      return null
  }
}

/** The name a class gets: its own, or the one inferred where an anonymous class expression stands. */
function className({ node, parent }) {
  if (node.id) return node.id.name
  return node.type === 'ClassExpression' ? inferredName(parent, node) : null
}

/** Ranges to blank: `[start, end)` pairs, and what replaces the first character. */
function redundantRanges(ast) {
  const ranges = []
  const visit = (node, parent, classNode) => {
    if (!node || typeof node.type !== 'string') return
    if (isNameCall(node)) {
      const [target, literal] = node.arguments
      const name = literal.value
      const statement = parent?.type === 'ExpressionStatement' || parent?.type === 'SequenceExpression'
      if (
        statement &&
        ((target.type === 'Identifier' && target.name === name) ||
          (target.type === 'ThisExpression' && classNode !== null && className(classNode) === name))
      ) {
        // `__name(f, "f")` after `function f` / `class f`, `__name(this, "C")` in `class C`: the call
        // becomes `0` (a statement that does nothing, or an element of a comma sequence).
        ranges.push([node.start, node.end, '0'])
      } else if (
        (isAnonymous(target) && inferredName(parent, node) === name) ||
        ((target.type === 'FunctionExpression' || target.type === 'ClassExpression') && target.id?.name === name)
      ) {
        // `__name(` and `, "f")` go; the function stays where it was.
        ranges.push([node.start, target.start])
        ranges.push([target.end, node.end])
      }
    }
    const inClass = node.type === 'ClassDeclaration' || node.type === 'ClassExpression' ? { node, parent } : classNode
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue
      const child = node[key]
      if (Array.isArray(child)) for (const item of child) visit(item, node, inClass)
      else if (child && typeof child === 'object') visit(child, node, inClass)
    }
  }
  visit(ast, null, null)
  return ranges
}

/** The bundle with the redundant `__name` calls blanked; also how many were removed and kept. */
export function stripRedundantNames(code) {
  const parse = (text) => acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module' })
  const ranges = redundantRanges(parse(code))
  const chars = code.split('')
  for (const [start, end, first] of ranges) {
    for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' '
    if (first) chars[start] = first
  }
  const out = chars.join('')
  parse(out) // still valid JavaScript, or the build fails here
  const total = code.split(`${HELPER}(`).length - 1
  const kept = out.split(`${HELPER}(`).length - 1
  return { code: out, removed: total - kept, kept }
}

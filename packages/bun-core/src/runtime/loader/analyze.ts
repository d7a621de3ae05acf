/**
 * What the loader needs to know about a JavaScript module, read from its
 * syntax tree (acorn): its static imports in order, literal `require()` and
 * `import()` specifiers, where each `import(` is (to be rewritten), whether it
 * uses ES module syntax, top-level await, and the CommonJS variables.
 */
import { type Node, type Options, parse } from 'acorn'

/** Facts about one module's source. */
export interface ModuleFacts {
  /** Import/export declarations present (`import`, `export`). */
  moduleSyntax: boolean
  /** `import.meta` appears. */
  importMeta: boolean
  /** An `await` (or `for await`) outside every function. */
  topLevelAwait: boolean
  /** `module` or `exports` is referenced. */
  usesModuleOrExports: boolean
  /** `require`, `__filename` or `__dirname` is referenced. */
  usesRequireOrFilename: boolean
  /** Specifiers of import/export declarations, in source order (duplicates kept once). */
  staticImports: string[]
  /** Literal `require('x')` specifiers. */
  requires: string[]
  /** Literal `import('x')` specifiers. */
  dynamicImports: string[]
  /** Offsets of the `import` keyword of every `import(…)` expression. */
  importCalls: number[]
}

/** A syntax error found by the parser: message and 0-based offset. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
    this.name = 'SyntaxError'
  }
}

const BASE: Options = {
  ecmaVersion: 'latest',
  allowHashBang: true,
  allowReturnOutsideFunction: false,
}

/** Parses as a module; returns `null` when only a (sloppy) script parse succeeds, throws when neither does. */
export function parseModuleOrScript(source: string): { program: Node; module: boolean } {
  try {
    return { program: parse(source, { ...BASE, sourceType: 'module' }), module: true }
  } catch (moduleError) {
    try {
      return {
        program: parse(source, { ...BASE, sourceType: 'script', allowReturnOutsideFunction: true }),
        module: false,
      }
    } catch {
      const error = moduleError as { message: string; pos?: number }
      throw new ParseError(error.message.replace(/ \(\d+:\d+\)$/, ''), error.pos ?? 0)
    }
  }
}

/** Parses a module (ES module grammar). */
export function parseModule(source: string): Node {
  try {
    return parse(source, { ...BASE, sourceType: 'module' })
  } catch (error) {
    const failure = error as { message: string; pos?: number }
    throw new ParseError(failure.message.replace(/ \(\d+:\d+\)$/, ''), failure.pos ?? 0)
  }
}

type AnyNode = Node & Record<string, unknown>

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])
const CJS_MODULE = new Set(['module', 'exports'])
const CJS_OTHER = new Set(['require', '__filename', '__dirname'])

/** Reads the facts of a parsed program. */
export function analyze(program: Node): ModuleFacts {
  const facts: ModuleFacts = {
    moduleSyntax: false,
    importMeta: false,
    topLevelAwait: false,
    usesModuleOrExports: false,
    usesRequireOrFilename: false,
    staticImports: [],
    requires: [],
    dynamicImports: [],
    importCalls: [],
  }
  const seen = new Set<string>()
  const addStatic = (source: unknown) => {
    const value = (source as { value?: unknown } | null)?.value
    if (typeof value === 'string' && !seen.has(value)) {
      seen.add(value)
      facts.staticImports.push(value)
    }
  }
  for (const statement of (program as unknown as { body: AnyNode[] }).body) {
    switch (statement.type) {
      case 'ImportDeclaration':
        facts.moduleSyntax = true
        addStatic(statement.source)
        break
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        facts.moduleSyntax = true
        if (statement.source) addStatic(statement.source)
        break
      case 'ExportDefaultDeclaration':
        facts.moduleSyntax = true
        break
    }
  }
  visit(program as AnyNode, false, facts)
  return facts
}

function literal(node: unknown): string | null {
  const n = node as {
    type?: string
    value?: unknown
    quasis?: Array<{ value: { cooked?: string } }>
    expressions?: unknown[]
  }
  if (n?.type === 'Literal' && typeof n.value === 'string') return n.value
  if (n?.type === 'TemplateLiteral' && n.expressions?.length === 0) return n.quasis?.[0]?.value.cooked ?? null
  return null
}

function visit(node: AnyNode, inFunction: boolean, facts: ModuleFacts): void {
  switch (node.type) {
    case 'AwaitExpression':
      if (!inFunction) facts.topLevelAwait = true
      break
    case 'ForOfStatement':
      if (node.await && !inFunction) facts.topLevelAwait = true
      break
    case 'MetaProperty':
      if ((node.meta as { name: string }).name === 'import') facts.importMeta = true
      return
    case 'ImportExpression': {
      facts.importCalls.push(node.start)
      const specifier = literal(node.source)
      if (specifier !== null) facts.dynamicImports.push(specifier)
      break
    }
    case 'CallExpression': {
      const callee = node.callee as AnyNode
      const args = node.arguments as AnyNode[]
      if (callee.type === 'Identifier' && callee.name === 'require' && args.length === 1) {
        const specifier = literal(args[0])
        if (specifier !== null) facts.requires.push(specifier)
      }
      break
    }
    case 'Identifier': {
      const name = node.name as string
      if (CJS_MODULE.has(name)) facts.usesModuleOrExports = true
      else if (CJS_OTHER.has(name)) facts.usesRequireOrFilename = true
      return
    }
    case 'MemberExpression':
      visit(node.object as AnyNode, inFunction, facts)
      if (node.computed) visit(node.property as AnyNode, inFunction, facts)
      return
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      if (node.computed) visit(node.key as AnyNode, inFunction, facts)
      if (node.value) visit(node.value as AnyNode, inFunction || node.type !== 'Property', facts)
      return
    case 'LabeledStatement':
      visit(node.body as AnyNode, inFunction, facts)
      return
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
      return
    case 'StaticBlock':
      inFunction = true
      break
  }
  const nested = inFunction || FUNCTIONS.has(node.type)
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue
    const child = node[key]
    if (Array.isArray(child)) {
      for (const item of child)
        if (item !== null && typeof item === 'object' && typeof (item as AnyNode).type === 'string')
          visit(item as AnyNode, nested, facts)
    } else if (child !== null && typeof child === 'object' && typeof (child as AnyNode).type === 'string') {
      visit(child as AnyNode, nested, facts)
    }
  }
}

/** Replaces each `import` keyword at `offsets` with `name` (which must be six characters long, to keep columns). */
export function rewriteImportCalls(source: string, offsets: readonly number[], name: string): string {
  if (offsets.length === 0) return source
  if (name.length !== 6) throw new Error('the import() replacement must keep the column: six characters')
  let out = ''
  let at = 0
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    out += source.slice(at, offset) + name
    at = offset + 6
  }
  return out + source.slice(at)
}

/**
 * The tree a test file declares, as Bun 1.4's runner models it.
 *
 * Collection builds a tree of {@link DescribeScope}s whose entries are
 * nested scopes and tests ({@link TestEntry}); hooks are `TestEntry`s too,
 * kept in the scope's four hook lists. Every node carries a
 * {@link BaseScope}: its name, whether it runs concurrently, its mode
 * (`skip`/`todo`/`failing`/`filtered_out`, inherited from the nearest
 * non-normal ancestor), whether it or a descendant is `.only`, and whether
 * any test below it has a callback that will run. A test whose mode is
 * `skip` (or `todo` without `--todo`, or `filtered_out`) has no callback.
 */

/** How an entry runs: Bun's `ScopeMode`. */
export type ScopeMode = 'normal' | 'skip' | 'todo' | 'failing' | 'filtered_out'

/** What a `test`/`describe` function variant asked for (`.skip`, `.concurrent`, `.only` …). */
export interface ScopeCfg {
  concurrent: 'inherit' | 'yes' | 'no'
  mode: ScopeMode
  only: boolean
}

/** The configuration of plain `test`/`describe`. */
export const PLAIN_CFG: ScopeCfg = { concurrent: 'inherit', mode: 'normal', only: false }

/** `a` extended by `b` (`test.skip.only`), or `null` when `b` sets something `a` already set. */
export function extendCfg(a: ScopeCfg, b: Partial<ScopeCfg>): ScopeCfg | null {
  const out = { ...a }
  if (b.concurrent && b.concurrent !== 'inherit') {
    if (out.concurrent !== 'inherit') return null
    out.concurrent = b.concurrent
  }
  if (b.mode && b.mode !== 'normal') {
    if (out.mode !== 'normal') return null
    out.mode = b.mode
  }
  if (b.only) {
    if (out.only) return null
    out.only = true
  }
  return out
}

/** What every node of the tree has. */
export class BaseScope {
  readonly parent: DescribeScope | null
  readonly name: string | null
  readonly concurrent: boolean
  readonly mode: ScopeMode
  only: 'no' | 'contains' | 'yes'
  hasCallback: boolean
  /** 1-based line of the declaration (for the JUnit report). */
  line: number

  constructor(cfg: ScopeCfg, name: string | null, parent: DescribeScope | null, hasCallback: boolean, line = 0) {
    this.parent = parent
    this.name = name
    this.concurrent =
      cfg.concurrent === 'yes' ? true : cfg.concurrent === 'no' ? false : (parent?.base.concurrent ?? false)
    this.mode = parent && parent.base.mode !== 'normal' ? parent.base.mode : cfg.mode
    this.only = cfg.only ? 'yes' : 'no'
    this.hasCallback = hasCallback
    this.line = line
  }

  /** Tells the ancestors about `.only` and callbacks. */
  propagate(hasCallback: boolean): void {
    this.hasCallback = hasCallback
    if (!this.parent) return
    if (this.only !== 'no') this.parent.markContainsOnly()
    if (this.hasCallback) this.parent.markHasCallback()
  }
}

/** Which list a hook goes to. */
export type HookKind = 'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll'

/** A `describe` block (the file itself is the root, without a name). */
export class DescribeScope {
  readonly base: BaseScope
  readonly entries: Array<DescribeScope | TestEntry> = []
  readonly beforeAll: TestEntry[] = []
  readonly beforeEach: TestEntry[] = []
  readonly afterEach: TestEntry[] = []
  readonly afterAll: TestEntry[] = []
  /** The describe callback threw: nothing declared in it runs. */
  failed = false

  constructor(base: BaseScope) {
    this.base = base
  }

  markContainsOnly(): void {
    for (let scope: DescribeScope | null = this; scope; scope = scope.base.parent) {
      if (scope.base.only === 'contains') return
      // `.yes` becomes `.contains`: an only inside an only narrows further.
      scope.base.only = 'contains'
    }
  }

  markHasCallback(): void {
    for (let scope: DescribeScope | null = this; scope; scope = scope.base.parent) {
      if (scope.base.hasCallback) return
      scope.base.hasCallback = true
    }
  }

  appendDescribe(name: string | null, cfg: ScopeCfg, line: number): DescribeScope {
    const child = new DescribeScope(new BaseScope(cfg, name, this, false, line))
    child.base.propagate(false)
    this.entries.push(child)
    return child
  }

  appendTest(name: string | null, callback: TestCallback | null, options: EntryOptions, cfg: ScopeCfg): TestEntry {
    const entry = new TestEntry(name, callback, options, this, cfg)
    entry.base.propagate(entry.callback !== null)
    this.entries.push(entry)
    return entry
  }

  appendHook(kind: HookKind, callback: TestCallback, options: EntryOptions): TestEntry {
    const entry = new TestEntry(null, callback, options, this, PLAIN_CFG)
    entry.isHook = true
    this[kind].push(entry)
    return entry
  }
}

/** A test or hook function (`done` is passed when it declares a parameter). */
export type TestCallback = (...args: unknown[]) => unknown

/** Per-entry options: timeout in ms (0: none), whether it takes `done`, retries and repeats. */
export interface EntryOptions {
  timeout: number
  hasDone: boolean
  retry?: number
  repeats?: number
  line?: number
  /** `--todo`: todo tests keep their callback. */
  runTodo?: boolean
}

/** A test (or a hook) to run. */
export class TestEntry {
  readonly base: BaseScope
  /** `null` when it does not run (skipped, todo, filtered out, or no callback given). */
  readonly callback: TestCallback | null
  readonly timeout: number
  readonly hasDone: boolean
  readonly retry: number
  readonly repeats: number
  isHook = false

  constructor(
    name: string | null,
    callback: TestCallback | null,
    options: EntryOptions,
    parent: DescribeScope | null,
    cfg: ScopeCfg,
  ) {
    this.base = new BaseScope(cfg, name, parent, callback !== null, options.line ?? 0)
    const mode = this.base.mode
    this.callback = callback && (mode === 'skip' || (mode === 'todo' && !options.runTodo)) ? null : callback
    this.timeout = options.timeout
    this.hasDone = options.hasDone
    this.retry = options.retry ?? 0
    this.repeats = options.repeats ?? 0
  }
}

/** A root scope: a file's, or the one `--preload` hooks go to. */
export function createRootScope(): DescribeScope {
  return new DescribeScope(new BaseScope(PLAIN_CFG, null, null, false))
}

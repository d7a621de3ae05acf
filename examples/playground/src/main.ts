/**
 * The playground page: at this milestone, the virtual filesystem in a file
 * tree and an editor. The terminal and containers arrive with the container
 * runtime; the page already exposes what it has as `window.vitaminBun`.
 */
import { createVfs, isVfsError, type Vfs } from '@aspect-build/virtual-fs'

const HOME = '/home/project'
const SEED: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'demo', version: '1.0.0', scripts: { start: 'bun run index.ts' } }, null, 2)}\n`,
  'index.ts': 'const greeting: string = "Hello from Bun-in-browser!"\nconsole.log(greeting)\n',
  'src/math.ts': 'export const add = (a: number, b: number): number => a + b\n',
  'README.md': '# demo\n\nEdit files here; they live in the virtual filesystem.\n',
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const tree = $<HTMLUListElement>('tree')
const editor = $<HTMLTextAreaElement>('editor')
const current = $<HTMLSpanElement>('current')
const save = $<HTMLButtonElement>('save')
const status = $<HTMLPreElement>('status')

let vfs: Vfs = createVfs()
let selected: string | null = null

function say(text: string): void {
  status.textContent = text
}

function seed(fs: Vfs): void {
  fs.mkdir(HOME, { recursive: true })
  for (const [path, text] of Object.entries(SEED)) {
    const full = `${HOME}/${path}`
    fs.mkdir(full.slice(0, full.lastIndexOf('/')), { recursive: true })
    fs.writeFile(full, text)
  }
}

function render(): void {
  tree.replaceChildren()
  const walk = (dir: string, depth: number): void => {
    for (const entry of vfs.readdir(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      const li = document.createElement('li')
      li.textContent = `${'  '.repeat(depth)}${entry.isDirectory() ? '▸ ' : ''}${entry.name}`
      li.style.paddingLeft = `${8 + depth * 14}px`
      li.dataset.path = path
      if (entry.isDirectory()) li.classList.add('dir')
      if (path === selected) li.classList.add('selected')
      li.addEventListener('click', () => select(path))
      tree.append(li)
      if (entry.isDirectory()) walk(path, depth + 1)
    }
  }
  walk(HOME, 0)
}

function select(path: string): void {
  selected = path
  const stat = vfs.stat(path)
  current.textContent = path.slice(HOME.length + 1)
  if (stat.isFile()) {
    editor.value = vfs.readFile(path, 'utf8')
    editor.disabled = false
    save.disabled = false
    say(`${stat.size} bytes · mode ${(stat.mode & 0o777).toString(8)} · modified ${stat.mtime.toISOString()}`)
  } else {
    editor.value = ''
    editor.disabled = true
    save.disabled = true
    say(`${vfs.readdir(path).length} entries`)
  }
  render()
}

/** Runs a filesystem action and shows a VfsError in the status line instead of throwing. */
function attempt(action: () => void): void {
  try {
    action()
    render()
  } catch (error) {
    say(isVfsError(error) ? error.message : String(error))
  }
}

function targetDir(): string {
  if (!selected) return HOME
  return vfs.stat(selected).isDirectory() ? selected : selected.slice(0, selected.lastIndexOf('/'))
}

$('new-file').addEventListener('click', () => {
  const name = prompt('New file name (relative to the selected folder)')
  if (name) attempt(() => vfs.writeFile(`${targetDir()}/${name}`, '', { flag: 'wx' }))
})
$('new-dir').addEventListener('click', () => {
  const name = prompt('New folder name')
  if (name) attempt(() => vfs.mkdir(`${targetDir()}/${name}`))
})
$('delete').addEventListener('click', () => {
  if (!selected) return
  const path = selected
  attempt(() => {
    vfs.rm(path, { recursive: true })
    selected = null
    editor.value = ''
    editor.disabled = true
    current.textContent = 'no file selected'
    say(`deleted ${path}`)
  })
})
save.addEventListener('click', () => {
  if (!selected) return
  const path = selected
  attempt(() => {
    vfs.writeFile(path, editor.value)
    say(`saved ${path} (${vfs.stat(path).size} bytes)`)
  })
})
editor.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === 's') {
    event.preventDefault()
    save.click()
  }
})

const badge = $<HTMLSpanElement>('isolation')
badge.textContent = crossOriginIsolated ? 'cross-origin isolated' : 'not isolated (?coi=0): single-thread fallback'
badge.className = `badge ${crossOriginIsolated ? 'on' : 'off'}`

seed(vfs)
render()
select(`${HOME}/index.ts`)

declare global {
  interface Window {
    vitaminBun: { vfs: Vfs; crossOriginIsolated: boolean; reset(): void }
  }
}
window.vitaminBun = {
  get vfs() {
    return vfs
  },
  crossOriginIsolated,
  reset() {
    vfs = createVfs()
    seed(vfs)
    selected = null
    render()
  },
}

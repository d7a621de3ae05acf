/**
 * `Bun.file`, `Bun.write`, `BunFile`, `FileSink` and `Bun.stdin` /
 * `Bun.stdout` / `Bun.stderr` (https://bun.sh/docs/api/file-io), over the
 * process's filesystem (`ctx.host.fs`) and stdio.
 *
 * A `BunFile` is a lazy reference to a path or descriptor: nothing is read
 * until `text()`, `bytes()`, `stream()` … are called, and `size` /
 * `lastModified` are read from the filesystem each time. It is a `Blob`
 * (`instanceof Blob`), but the engine's own `Blob` machinery sees an empty
 * blob: hand it to `Bun.write` or read it through its methods (`new
 * Response(bunFile)` made by the engine's `Response` is empty).
 *
 * Factory: `createBunFileApi(ctx)` → `{ file, write, stdin, stdout, stderr }`.
 */
import { Buffer } from 'buffer'
import type { NodeContext } from '../node/context.js'
import { coreFor, type Device, type FsCore } from '../node/internal/fs-core.js'
import {
  codedError,
  invalidArgType,
  invalidArgTypeMessage,
  systemError,
  withPaths,
} from '../node/internal/fs-errors.js'
import type { RawStats, Stats } from '../node/internal/fs-stats.js'
import { toStats } from '../node/internal/fs-stats.js'
import { fileUrlToPath, isUrl, validateInteger } from '../node/internal/fs-validate.js'

/** Options of `Bun.file`. */
export interface BunFileOptions {
  /** MIME type (lowercased); default from the extension. */
  type?: string
}

/** Options of `Bun.write`. */
export interface BunWriteOptions {
  /** Create missing parent directories (default true). */
  createPath?: boolean
}

/** Options of `BunFile.writer()`. */
export interface FileSinkOptions {
  /** Bytes buffered before a flush is started (default 64 KiB). */
  highWaterMark?: number
}

/** What `createBunFileApi` returns: the members of the `Bun` global it provides. */
export interface BunFileApi {
  file(path: string | URL | ArrayBufferView | number, options?: BunFileOptions): BunFile
  write(destination: unknown, data: unknown, options?: BunWriteOptions): Promise<number>
  readonly stdin: BunFile
  readonly stdout: BunFile
  readonly stderr: BunFile
}

/** A path (as given; resolved against the cwd each time it is used, as Bun does) or a descriptor. */
type Target = { kind: 'path'; user: string } | { kind: 'fd'; fd: number }

/** Bun's `lastModified` for a file that does not exist (2^52 - 1). */
const MISSING_LAST_MODIFIED = 4503599627370495

/** MIME types by extension, as the real Bun reports them (anything else: `application/octet-stream`). */
const MIME: Record<string, string> = {
  txt: 'text/plain;charset=utf-8',
  log: 'text/plain;charset=utf-8',
  ini: 'text/plain;charset=utf-8',
  html: 'text/html;charset=utf-8',
  htm: 'text/html;charset=utf-8',
  css: 'text/css;charset=utf-8',
  js: 'text/javascript;charset=utf-8',
  mjs: 'text/javascript;charset=utf-8',
  cjs: 'text/javascript;charset=utf-8',
  ts: 'text/javascript;charset=utf-8',
  mts: 'text/javascript;charset=utf-8',
  cts: 'text/javascript;charset=utf-8',
  tsx: 'text/javascript;charset=utf-8',
  jsx: 'text/javascript;charset=utf-8',
  json: 'application/json;charset=utf-8',
  map: 'application/json;charset=utf-8',
  json5: 'application/json5',
  jsonld: 'application/ld+json',
  webmanifest: 'application/manifest+json',
  md: 'text/markdown',
  markdown: 'text/markdown',
  xml: 'application/xml',
  xhtml: 'application/xhtml+xml',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  apng: 'image/apng',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  heif: 'image/heif',
  ico: 'image/x-icon',
  bmp: 'image/x-ms-bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  rar: 'application/x-rar-compressed',
  mp3: 'audio/mpeg',
  m4a: 'audio/x-m4a',
  wav: 'audio/x-wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  flac: 'audio/x-flac',
  aac: 'audio/x-aac',
  mid: 'audio/midi',
  midi: 'audio/midi',
  mp4: 'video/mp4',
  ogv: 'video/ogg',
  webm: 'video/webm',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  mkv: 'video/x-matroska',
  '3gp': 'video/3gpp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  toml: 'application/toml',
  sh: 'application/x-sh',
  c: 'text/x-c',
  h: 'text/x-c',
  cpp: 'text/x-c',
  java: 'text/x-java-source',
  php: 'application/x-httpd-php',
  pl: 'application/x-perl',
  lua: 'text/x-lua',
  sql: 'application/x-sql',
  rs: 'application/rls-services+xml',
  dart: 'application/vnd.dart',
  exe: 'application/x-msdownload',
  dll: 'application/x-msdownload',
  iso: 'application/x-iso9660-image',
  dmg: 'application/x-apple-diskimage',
  apk: 'application/vnd.android.package-archive',
  jar: 'application/java-archive',
  class: 'application/java-vm',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'text/rtf',
  epub: 'application/epub+zip',
  ics: 'text/calendar',
  vcf: 'text/x-vcard',
  manifest: 'text/cache-manifest',
  appcache: 'text/cache-manifest',
  pem: 'application/x-x509-ca-cert',
  crt: 'application/x-x509-ca-cert',
  der: 'application/x-x509-ca-cert',
  key: 'application/x-iwork-keynote-sffkey',
  p12: 'application/x-pkcs12',
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  obj: 'model/obj',
  stl: 'model/stl',
  scss: 'text/x-scss',
  sass: 'text/x-sass',
  less: 'text/less',
  styl: 'text/stylus',
  coffee: 'text/coffeescript',
}

/** The MIME type Bun gives a path, from its extension (case-insensitive). */
export function mimeTypeOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  if (dot <= 0) return 'application/octet-stream'
  return MIME[base.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream'
}

/** Resolves Blob-style `slice` bounds against a size. */
function clamp(index: number, size: number): number {
  if (index < 0) return Math.max(size + index, 0)
  return Math.min(index, size)
}

/** Bytes of a value `Bun.write` (or a sink) accepts, or `null` for a value that needs awaiting. */
function syncBytes(data: unknown): Uint8Array | null {
  if (typeof data === 'string') return Buffer.from(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer) return new Uint8Array(data)
  return null
}

/** `BunFile`: a lazy `Blob` over a path or a descriptor. */
export class BunFile extends Blob {
  readonly #core: FsCore
  readonly #target: Target
  readonly #type: string
  readonly #start: number
  readonly #end: number

  /** Made by `Bun.file` (and `slice`). */
  constructor(core: FsCore, target: Target, type: string, start: number = 0, end: number = Number.POSITIVE_INFINITY) {
    super([])
    this.#core = core
    this.#target = target
    this.#type = type
    this.#start = start
    this.#end = end
  }

  /** The path as given (absolute for a `file:` URL); `undefined` for a descriptor. */
  get name(): string | undefined {
    return this.#target.kind === 'path' ? this.#target.user : undefined
  }

  override get type(): string {
    return this.#type
  }

  /** Current size in bytes (0 when the file does not exist; `Infinity` for stdio). */
  override get size(): number {
    if (this.#device()) return Number.POSITIVE_INFINITY
    const raw = this.#statRaw()
    if (!raw) return 0
    const size = raw.size
    if (this.#start === 0 && this.#end === Number.POSITIVE_INFINITY) return size
    return Math.max(0, clamp(this.#end, size) - clamp(this.#start, size))
  }

  /** Modification time in ms (Bun's 2^52-1 when the file does not exist). */
  get lastModified(): number {
    const raw = this.#statRaw()
    return raw ? Math.floor(raw.mtimeMs) : MISSING_LAST_MODIFIED
  }

  /** The device this file stands for (stdio descriptors, `/dev/stdin` …), or null for a file. */
  #device(): Device | null {
    const target = this.#target
    try {
      return target.kind === 'fd'
        ? this.#core.deviceOf(target.fd, 'read')
        : this.#core.deviceAt(this.#core.resolve(target.user))
    } catch {
      return null
    }
  }

  #statRaw(): RawStats | null {
    const target = this.#target
    try {
      if (target.kind === 'fd') return this.#core.fs.fstat(target.fd) as unknown as RawStats
      if (target.user === '') return null
      return this.#core.fs.stat(this.#core.resolve(target.user)) as unknown as RawStats
    } catch {
      return null
    }
  }

  /** The whole content (this slice of it), read now. */
  async #read(): Promise<Uint8Array> {
    const target = this.#target
    const core = this.#core
    let bytes: Uint8Array
    const device = this.#device()
    if (device) {
      bytes = await core.readAllDevice(device, true)
    } else if (target.kind === 'fd') {
      const size = (core.fs.fstat(target.fd) as unknown as RawStats).size
      bytes = new Uint8Array(size)
      let at = 0
      while (at < size) {
        const n = core.fs.read(target.fd, bytes, at, size - at, at)
        if (n === 0) break
        at += n
      }
      bytes = bytes.subarray(0, at)
    } else {
      if (target.user === '') throw systemError('ENOENT', 'open')
      try {
        bytes = core.fs.readFile(core.resolve(target.user)) as Uint8Array
      } catch (error) {
        const mapped = withPaths(error, target.user) as { code?: string }
        if (mapped.code === 'EISDIR') {
          throw Object.assign(new Error('Directories cannot be read like files'), {
            code: 'EISDIR',
            path: target.user,
            syscall: 'read',
            errno: 0,
          })
        }
        throw mapped
      }
    }
    if (this.#start === 0 && this.#end === Number.POSITIVE_INFINITY) return bytes
    return bytes.subarray(clamp(this.#start, bytes.length), clamp(this.#end, bytes.length))
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(await this.#read())
  }

  /** Parses the content as JSON. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#read()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer())
  }

  /** Parses the content as a form (`multipart/form-data` or URL-encoded, per `type`). */
  async formData(): Promise<FormData> {
    const bytes = await this.bytes()
    return new Response(bytes, { headers: { 'content-type': this.#type } }).formData()
  }

  /** A byte stream of the content (stdin: as it arrives). */
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const core = this.#core
    const device = this.#device()
    if (device) {
      return new ReadableStream<Uint8Array<ArrayBuffer>>({
        pull: async (controller) => {
          const chunk = new Uint8Array(64 * 1024)
          const n = await core.readDevice(device, chunk, 0, chunk.length)
          if (n === 0) controller.close()
          else controller.enqueue(chunk.slice(0, n))
        },
      })
    }
    let pending: Promise<Uint8Array> | null = null
    let offset = 0
    return new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull: async (controller) => {
        pending ??= this.#read()
        const bytes = await pending
        if (offset >= bytes.length) {
          controller.close()
          return
        }
        const end = Math.min(bytes.length, offset + 64 * 1024)
        controller.enqueue(bytes.slice(offset, end))
        offset = end
      },
    })
  }

  /** A `BunFile` over a part of this one (Blob `slice` bounds, resolved when read). */
  override slice(start?: number, end?: number, contentType?: string): BunFile {
    const size = this.#start === 0 && this.#end === Number.POSITIVE_INFINITY ? null : this.size
    const from = start ?? 0
    const to = end ?? Number.POSITIVE_INFINITY
    if (size === null) {
      return new BunFile(this.#core, this.#target, contentType?.toLowerCase() ?? this.#type, from, to)
    }
    const base = clamp(this.#start, Number.MAX_SAFE_INTEGER)
    return new BunFile(
      this.#core,
      this.#target,
      contentType?.toLowerCase() ?? this.#type,
      base + clamp(from, size),
      base + clamp(to, size),
    )
  }

  /** True when the path names an existing file (a directory is not one, as in Bun). */
  async exists(): Promise<boolean> {
    const target = this.#target
    if (target.kind === 'fd') return true
    const raw = this.#statRaw()
    return raw !== null && (raw.mode & 0o170000) !== 0o040000
  }

  /** Removes the file (`ENOENT` … as `unlink` reports it). */
  async delete(): Promise<void> {
    const target = this.#target
    if (target.kind === 'fd') throw systemError('EBADF', 'unlink')
    if (target.user === '') throw systemError('ENOENT', 'unlink')
    this.#core.sys(() => this.#core.fs.unlink(this.#core.resolve(target.user)), target.user)
  }

  /** Same as {@link delete}. */
  unlink(): Promise<void> {
    return this.delete()
  }

  /** `fs.promises.stat` of the file. */
  async stat(): Promise<Stats> {
    const target = this.#target
    const core = this.#core
    const device = this.#device()
    if (device) return toStats(core.deviceStats(device), false) as Stats
    if (target.kind === 'fd') return toStats(core.fs.fstat(target.fd) as unknown as RawStats, false) as Stats
    if (target.user === '') throw systemError('ENOENT', 'stat')
    return toStats(
      core.sys(() => core.fs.stat(core.resolve(target.user)) as unknown as RawStats, target.user),
      false,
    ) as Stats
  }

  /** `Bun.write(this, data)`. */
  write(data: unknown, options?: BunWriteOptions): Promise<number> {
    return writeTo(this.#core, this.#target, data, options)
  }

  /** An incremental writer (opened without truncating, writing from the start). */
  writer(options?: FileSinkOptions): FileSink {
    return new FileSink(this.#core, this.#target, options)
  }

  /** Internal: where this file points. */
  static targetOf(file: BunFile): Target {
    return file.#target
  }

  /** Internal: the content, read now. */
  static read(file: BunFile): Promise<Uint8Array> {
    return file.#read()
  }
}
Object.defineProperty(BunFile, 'name', { value: 'Blob' })

/**
 * `FileSink`: buffers writes and writes them out on `flush()`, `end()`, when
 * more than `highWaterMark` bytes are buffered, and after the current code
 * (so nothing written is lost when a program never calls `end()`, as Bun
 * flushes at exit).
 */
export class FileSink {
  readonly #core: FsCore
  readonly #target: Target
  readonly #highWaterMark: number
  #chunks: Uint8Array[] = []
  #buffered = 0
  #fd: number | null = null
  #ended = false
  #scheduled = false

  /** Made by `BunFile.writer()`. */
  constructor(core: FsCore, target: Target, options?: FileSinkOptions) {
    this.#core = core
    this.#target = target
    this.#highWaterMark = options?.highWaterMark ?? 64 * 1024
  }

  /** Buffers a chunk (string, bytes); returns its size in bytes. */
  write(chunk: unknown): number {
    if (this.#ended) throw codedError(Error, 'ERR_INVALID_STATE', 'FileSink is closed')
    const bytes = syncBytes(chunk)
    if (bytes === null) {
      throw invalidArgTypeMessage('FileSink.write expects a string, ArrayBuffer, or ArrayBufferView')
    }
    this.#chunks.push(bytes.slice())
    this.#buffered += bytes.length
    if (!this.#scheduled) {
      this.#scheduled = true
      queueMicrotask(() => {
        this.#scheduled = false
        if (!this.#ended) this.flush()
      })
    }
    if (this.#buffered >= this.#highWaterMark) queueMicrotask(() => !this.#ended && this.flush())
    return bytes.length
  }

  /** Writes what is buffered; returns the bytes written. */
  flush(): number {
    if (this.#buffered === 0) return 0
    const bytes = this.#chunks.length === 1 ? (this.#chunks[0] as Uint8Array) : Buffer.concat(this.#chunks)
    this.#chunks = []
    this.#buffered = 0
    const core = this.#core
    const target = this.#target
    if (target.kind === 'fd') {
      const device = core.deviceOf(target.fd, 'write')
      if (device) return core.writeDevice(device, bytes)
      return core.fs.write(target.fd, bytes, 0, bytes.length, null)
    }
    if (this.#fd === null) {
      if (target.user === '') throw systemError('ENOENT', 'open')
      this.#fd = core.open(target.user, 0o1 | 0o100, 0o666, target.user)
    }
    const device = core.deviceOf(this.#fd, 'write')
    if (device) return core.writeDevice(device, bytes)
    return core.fs.write(this.#fd, bytes, 0, bytes.length, null)
  }

  /** Flushes, then closes the file; returns the bytes flushed. */
  end(_error?: Error): number {
    if (this.#ended) return 0
    const wrote = this.flush()
    this.#ended = true
    if (this.#fd !== null) {
      this.#core.close(this.#fd)
      this.#fd = null
    }
    return wrote
  }

  /** Starts (or restarts) the sink; buffered data is kept. */
  start(options?: FileSinkOptions): void {
    void options
    this.#ended = false
  }

  /** A sink holds no pending work between calls, so it never keeps the process alive. */
  ref(): void {}

  /** See {@link ref}. */
  unref(): void {}
}

async function dataBytes(data: unknown): Promise<Uint8Array> {
  if (data === null || data === undefined) {
    throw invalidArgTypeMessage('Bun.write(pathOrFdOrBlob, blob) expects a Blob-y thing to write')
  }
  const bytes = syncBytes(data)
  if (bytes) return bytes
  if (data instanceof BunFile) return BunFile.read(data)
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer())
  if (data instanceof Response || data instanceof Request) return new Uint8Array(await data.arrayBuffer())
  if (Array.isArray(data)) {
    const parts = await Promise.all(data.map((part) => (part instanceof BunFile ? BunFile.read(part) : part)))
    return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer())
  }
  return Buffer.from(String(data))
}

async function writeTo(core: FsCore, target: Target, data: unknown, options?: BunWriteOptions): Promise<number> {
  const bytes = await dataBytes(data)
  if (target.kind === 'fd') {
    const device = core.deviceOf(target.fd, 'write')
    if (device) return core.writeDevice(device, bytes)
    return core.fs.write(target.fd, bytes, 0, bytes.length, null)
  }
  if (target.user === '') throw systemError('ENOENT', 'open')
  const abs = core.resolve(target.user)
  const device = core.deviceAt(abs)
  if (device) return core.writeDevice(device, bytes)
  const write = () => core.sys(() => core.fs.writeFile(abs, bytes), target.user)
  try {
    write()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT' || options?.createPath === false) throw error
    const dir = abs.slice(0, abs.lastIndexOf('/')) || '/'
    try {
      core.fs.mkdir(dir, { recursive: true })
    } catch {
      throw error
    }
    write()
  }
  return bytes.length
}

/** `Bun.file`, `Bun.write` and the stdio files of a process. */
export function createBunFileApi(ctx: NodeContext): BunFileApi {
  const core = coreFor(ctx)
  const targetOf = (value: unknown): Target => {
    if (typeof value === 'number') {
      return { kind: 'fd', fd: validateInteger(value, 'fd', 0, 0x7fffffff) }
    }
    let user: string
    if (typeof value === 'string') user = value
    else if (isUrl(value)) user = fileUrlToPath(value)
    else if (ArrayBuffer.isView(value)) {
      user = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString()
    } else throw invalidArgTypeMessage('Expected file path string or file descriptor')
    return { kind: 'path', user }
  }
  const typeFor = (target: Target, options?: BunFileOptions): string => {
    const explicit = options?.type
    if (typeof explicit === 'string' && explicit !== '') return explicit.toLowerCase()
    return target.kind === 'path' ? mimeTypeOf(target.user) : 'application/octet-stream'
  }
  const file = (path: string | URL | ArrayBufferView | number, options?: BunFileOptions): BunFile => {
    const target = targetOf(path)
    return new BunFile(core, target, typeFor(target, options))
  }
  const write = async (destination: unknown, data: unknown, options?: BunWriteOptions): Promise<number> => {
    let target: Target
    if (destination instanceof BunFile) target = BunFile.targetOf(destination)
    else if (typeof destination === 'number' || typeof destination === 'string' || isUrl(destination)) {
      target = targetOf(destination)
    } else if (ArrayBuffer.isView(destination)) target = targetOf(destination)
    else throw invalidArgType('destination', 'of type path, file descriptor, or Blob', destination)
    return writeTo(core, target, data, options)
  }
  const stdio = (fd: number) => new BunFile(core, { kind: 'fd', fd }, 'application/octet-stream')
  return { file, write, stdin: stdio(0), stdout: stdio(1), stderr: stdio(2) }
}

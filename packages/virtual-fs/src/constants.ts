/**
 * Flag and mode constants, with Linux's values (the ones Node's
 * `fs.constants` has on Linux), so numbers from Node code and from WASI
 * translation mean the same here.
 */

export const O_RDONLY = 0
export const O_WRONLY = 1
export const O_RDWR = 2
export const O_ACCMODE = 3
export const O_CREAT = 0o100
export const O_EXCL = 0o200
export const O_NOCTTY = 0o400
export const O_TRUNC = 0o1000
export const O_APPEND = 0o2000
export const O_NONBLOCK = 0o4000
export const O_DSYNC = 0o10000
export const O_DIRECTORY = 0o200000
export const O_NOFOLLOW = 0o400000
export const O_SYNC = 0o4010000

export const S_IFMT = 0o170000
export const S_IFREG = 0o100000
export const S_IFDIR = 0o040000
export const S_IFLNK = 0o120000

export const SEEK_SET = 0
export const SEEK_CUR = 1
export const SEEK_END = 2

export const COPYFILE_EXCL = 1

/** Symlink hops allowed in one resolution before `ELOOP` (Linux's MAXSYMLINKS). */
export const MAX_SYMLINK_HOPS = 40
/** Longest path component, in UTF-8 bytes (`ENAMETOOLONG` beyond). */
export const NAME_MAX = 255
/** Linux's PATH_MAX: paths (and symlink targets) must be shorter, in UTF-8 bytes, else `ENAMETOOLONG`. */
export const PATH_MAX = 4096

/** The `fs.constants` subset this filesystem understands. */
export const constants: {
  readonly O_RDONLY: number
  readonly O_WRONLY: number
  readonly O_RDWR: number
  readonly O_CREAT: number
  readonly O_EXCL: number
  readonly O_NOCTTY: number
  readonly O_TRUNC: number
  readonly O_APPEND: number
  readonly O_NONBLOCK: number
  readonly O_DSYNC: number
  readonly O_DIRECTORY: number
  readonly O_NOFOLLOW: number
  readonly O_SYNC: number
  readonly S_IFMT: number
  readonly S_IFREG: number
  readonly S_IFDIR: number
  readonly S_IFLNK: number
  readonly SEEK_SET: number
  readonly SEEK_CUR: number
  readonly SEEK_END: number
  readonly COPYFILE_EXCL: number
} = Object.freeze({
  O_RDONLY,
  O_WRONLY,
  O_RDWR,
  O_CREAT,
  O_EXCL,
  O_NOCTTY,
  O_TRUNC,
  O_APPEND,
  O_NONBLOCK,
  O_DSYNC,
  O_DIRECTORY,
  O_NOFOLLOW,
  O_SYNC,
  S_IFMT,
  S_IFREG,
  S_IFDIR,
  S_IFLNK,
  SEEK_SET,
  SEEK_CUR,
  SEEK_END,
  COPYFILE_EXCL,
})

/**
 * WASI preview1 constants, named as in the spec
 * (`wasi_snapshot_preview1.witx`, `typenames.witx`): `ERRNO_BADF`,
 * `RIGHTS_FD_READ`, `OFLAGS_CREAT` … Enums are their tag values; flags are bit
 * masks. Every rights bit fits in 30 bits, so rights are plain numbers here.
 */

// Error codes (`errno`, u16).
export const ERRNO_SUCCESS = 0
export const ERRNO_2BIG = 1
export const ERRNO_ACCES = 2
export const ERRNO_ADDRINUSE = 3
export const ERRNO_ADDRNOTAVAIL = 4
export const ERRNO_AFNOSUPPORT = 5
export const ERRNO_AGAIN = 6
export const ERRNO_ALREADY = 7
export const ERRNO_BADF = 8
export const ERRNO_BADMSG = 9
export const ERRNO_BUSY = 10
export const ERRNO_CANCELED = 11
export const ERRNO_CHILD = 12
export const ERRNO_CONNABORTED = 13
export const ERRNO_CONNREFUSED = 14
export const ERRNO_CONNRESET = 15
export const ERRNO_DEADLK = 16
export const ERRNO_DESTADDRREQ = 17
export const ERRNO_DOM = 18
export const ERRNO_DQUOT = 19
export const ERRNO_EXIST = 20
export const ERRNO_FAULT = 21
export const ERRNO_FBIG = 22
export const ERRNO_HOSTUNREACH = 23
export const ERRNO_IDRM = 24
export const ERRNO_ILSEQ = 25
export const ERRNO_INPROGRESS = 26
export const ERRNO_INTR = 27
export const ERRNO_INVAL = 28
export const ERRNO_IO = 29
export const ERRNO_ISCONN = 30
export const ERRNO_ISDIR = 31
export const ERRNO_LOOP = 32
export const ERRNO_MFILE = 33
export const ERRNO_MLINK = 34
export const ERRNO_MSGSIZE = 35
export const ERRNO_MULTIHOP = 36
export const ERRNO_NAMETOOLONG = 37
export const ERRNO_NETDOWN = 38
export const ERRNO_NETRESET = 39
export const ERRNO_NETUNREACH = 40
export const ERRNO_NFILE = 41
export const ERRNO_NOBUFS = 42
export const ERRNO_NODEV = 43
export const ERRNO_NOENT = 44
export const ERRNO_NOEXEC = 45
export const ERRNO_NOLCK = 46
export const ERRNO_NOLINK = 47
export const ERRNO_NOMEM = 48
export const ERRNO_NOMSG = 49
export const ERRNO_NOPROTOOPT = 50
export const ERRNO_NOSPC = 51
export const ERRNO_NOSYS = 52
export const ERRNO_NOTCONN = 53
export const ERRNO_NOTDIR = 54
export const ERRNO_NOTEMPTY = 55
export const ERRNO_NOTRECOVERABLE = 56
export const ERRNO_NOTSOCK = 57
export const ERRNO_NOTSUP = 58
export const ERRNO_NOTTY = 59
export const ERRNO_NXIO = 60
export const ERRNO_OVERFLOW = 61
export const ERRNO_OWNERDEAD = 62
export const ERRNO_PERM = 63
export const ERRNO_PIPE = 64
export const ERRNO_PROTO = 65
export const ERRNO_PROTONOSUPPORT = 66
export const ERRNO_PROTOTYPE = 67
export const ERRNO_RANGE = 68
export const ERRNO_ROFS = 69
export const ERRNO_SPIPE = 70
export const ERRNO_SRCH = 71
export const ERRNO_STALE = 72
export const ERRNO_TIMEDOUT = 73
export const ERRNO_TXTBSY = 74
export const ERRNO_XDEV = 75
export const ERRNO_NOTCAPABLE = 76

// Clock identifiers (`clockid`, u32).
export const CLOCKID_REALTIME = 0
export const CLOCKID_MONOTONIC = 1
export const CLOCKID_PROCESS_CPUTIME_ID = 2
export const CLOCKID_THREAD_CPUTIME_ID = 3

// File types (`filetype`, u8).
export const FILETYPE_UNKNOWN = 0
export const FILETYPE_BLOCK_DEVICE = 1
export const FILETYPE_CHARACTER_DEVICE = 2
export const FILETYPE_DIRECTORY = 3
export const FILETYPE_REGULAR_FILE = 4
export const FILETYPE_SOCKET_DGRAM = 5
export const FILETYPE_SOCKET_STREAM = 6
export const FILETYPE_SYMBOLIC_LINK = 7

// Seek origins (`whence`, u8) in preview1. `wasi_unstable` orders them cur, end, set.
export const WHENCE_SET = 0
export const WHENCE_CUR = 1
export const WHENCE_END = 2

// `fd_advise` advice (`advice`, u8).
export const ADVICE_NORMAL = 0
export const ADVICE_SEQUENTIAL = 1
export const ADVICE_RANDOM = 2
export const ADVICE_WILLNEED = 3
export const ADVICE_DONTNEED = 4
export const ADVICE_NOREUSE = 5

// `poll_oneoff` event types (`eventtype`, u8).
export const EVENTTYPE_CLOCK = 0
export const EVENTTYPE_FD_READ = 1
export const EVENTTYPE_FD_WRITE = 2

// Signals (`signal`, u8), for `proc_raise`.
export const SIGNAL_NONE = 0
export const SIGNAL_HUP = 1
export const SIGNAL_INT = 2
export const SIGNAL_QUIT = 3
export const SIGNAL_ILL = 4
export const SIGNAL_TRAP = 5
export const SIGNAL_ABRT = 6
export const SIGNAL_BUS = 7
export const SIGNAL_FPE = 8
export const SIGNAL_KILL = 9
export const SIGNAL_USR1 = 10
export const SIGNAL_SEGV = 11
export const SIGNAL_USR2 = 12
export const SIGNAL_PIPE = 13
export const SIGNAL_ALRM = 14
export const SIGNAL_TERM = 15
export const SIGNAL_CHLD = 16
export const SIGNAL_CONT = 17
export const SIGNAL_STOP = 18
export const SIGNAL_TSTP = 19
export const SIGNAL_TTIN = 20
export const SIGNAL_TTOU = 21
export const SIGNAL_URG = 22
export const SIGNAL_XCPU = 23
export const SIGNAL_XFSZ = 24
export const SIGNAL_VTALRM = 25
export const SIGNAL_PROF = 26
export const SIGNAL_WINCH = 27
export const SIGNAL_POLL = 28
export const SIGNAL_PWR = 29
export const SIGNAL_SYS = 30

// Preopen kinds (`preopentype`, u8).
export const PREOPENTYPE_DIR = 0

// Descriptor rights (`rights`, u64 flags).
export const RIGHTS_FD_DATASYNC = 0x1
export const RIGHTS_FD_READ = 0x2
export const RIGHTS_FD_SEEK = 0x4
export const RIGHTS_FD_FDSTAT_SET_FLAGS = 0x8
export const RIGHTS_FD_SYNC = 0x10
export const RIGHTS_FD_TELL = 0x20
export const RIGHTS_FD_WRITE = 0x40
export const RIGHTS_FD_ADVISE = 0x80
export const RIGHTS_FD_ALLOCATE = 0x100
export const RIGHTS_PATH_CREATE_DIRECTORY = 0x200
export const RIGHTS_PATH_CREATE_FILE = 0x400
export const RIGHTS_PATH_LINK_SOURCE = 0x800
export const RIGHTS_PATH_LINK_TARGET = 0x1000
export const RIGHTS_PATH_OPEN = 0x2000
export const RIGHTS_FD_READDIR = 0x4000
export const RIGHTS_PATH_READLINK = 0x8000
export const RIGHTS_PATH_RENAME_SOURCE = 0x10000
export const RIGHTS_PATH_RENAME_TARGET = 0x20000
export const RIGHTS_PATH_FILESTAT_GET = 0x40000
export const RIGHTS_PATH_FILESTAT_SET_SIZE = 0x80000
export const RIGHTS_PATH_FILESTAT_SET_TIMES = 0x100000
export const RIGHTS_FD_FILESTAT_GET = 0x200000
export const RIGHTS_FD_FILESTAT_SET_SIZE = 0x400000
export const RIGHTS_FD_FILESTAT_SET_TIMES = 0x800000
export const RIGHTS_PATH_SYMLINK = 0x1000000
export const RIGHTS_PATH_REMOVE_DIRECTORY = 0x2000000
export const RIGHTS_PATH_UNLINK_FILE = 0x4000000
export const RIGHTS_POLL_FD_READWRITE = 0x8000000
export const RIGHTS_SOCK_SHUTDOWN = 0x10000000
export const RIGHTS_SOCK_ACCEPT = 0x20000000

// Descriptor flags (`fdflags`, u16).
export const FDFLAGS_APPEND = 0x1
export const FDFLAGS_DSYNC = 0x2
export const FDFLAGS_NONBLOCK = 0x4
export const FDFLAGS_RSYNC = 0x8
export const FDFLAGS_SYNC = 0x10

// `path_open` flags (`oflags`, u16).
export const OFLAGS_CREAT = 0x1
export const OFLAGS_DIRECTORY = 0x2
export const OFLAGS_EXCL = 0x4
export const OFLAGS_TRUNC = 0x8

// Path lookup flags (`lookupflags`, u32).
export const LOOKUPFLAGS_SYMLINK_FOLLOW = 0x1

// Which times `*_filestat_set_times` sets (`fstflags`, u16).
export const FSTFLAGS_ATIM = 0x1
export const FSTFLAGS_ATIM_NOW = 0x2
export const FSTFLAGS_MTIM = 0x4
export const FSTFLAGS_MTIM_NOW = 0x8

// Clock subscription flags (`subclockflags`, u16).
export const SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME = 0x1

// fd_read/fd_write event state (`eventrwflags`, u16).
export const EVENTRWFLAGS_FD_READWRITE_HANGUP = 0x1

// `sock_recv` input flags (`riflags`, u16).
export const RIFLAGS_RECV_PEEK = 0x1
export const RIFLAGS_RECV_WAITALL = 0x2

// `sock_recv` output flags (`roflags`, u16).
export const ROFLAGS_RECV_DATA_TRUNCATED = 0x1

// `sock_shutdown` channels (`sdflags`, u8).
export const SDFLAGS_RD = 0x1
export const SDFLAGS_WR = 0x2

// ------------------------------------------------------------- derived sets

/** Every defined rights bit. */
export const RIGHTS_ALL = 0x3fffffff

/** Rights that make an open a write open (a directory refuses them with `ERRNO_ISDIR`). */
export const RIGHTS_WRITE_ACCESS: number = RIGHTS_FD_WRITE | RIGHTS_FD_ALLOCATE | RIGHTS_FD_FILESTAT_SET_SIZE

/** Rights that make an open a read open. */
export const RIGHTS_READ_ACCESS: number = RIGHTS_FD_READ | RIGHTS_FD_READDIR

/** The most a regular-file descriptor can hold. */
export const RIGHTS_REGULAR_FILE_BASE: number =
  RIGHTS_FD_DATASYNC |
  RIGHTS_FD_READ |
  RIGHTS_FD_SEEK |
  RIGHTS_FD_FDSTAT_SET_FLAGS |
  RIGHTS_FD_SYNC |
  RIGHTS_FD_TELL |
  RIGHTS_FD_WRITE |
  RIGHTS_FD_ADVISE |
  RIGHTS_FD_ALLOCATE |
  RIGHTS_FD_FILESTAT_GET |
  RIGHTS_FD_FILESTAT_SET_SIZE |
  RIGHTS_FD_FILESTAT_SET_TIMES |
  RIGHTS_POLL_FD_READWRITE

/** The most a directory descriptor can hold. */
export const RIGHTS_DIRECTORY_BASE: number =
  RIGHTS_FD_FDSTAT_SET_FLAGS |
  RIGHTS_FD_SYNC |
  RIGHTS_FD_ADVISE |
  RIGHTS_PATH_CREATE_DIRECTORY |
  RIGHTS_PATH_CREATE_FILE |
  RIGHTS_PATH_LINK_SOURCE |
  RIGHTS_PATH_LINK_TARGET |
  RIGHTS_PATH_OPEN |
  RIGHTS_FD_READDIR |
  RIGHTS_PATH_READLINK |
  RIGHTS_PATH_RENAME_SOURCE |
  RIGHTS_PATH_RENAME_TARGET |
  RIGHTS_PATH_FILESTAT_GET |
  RIGHTS_PATH_FILESTAT_SET_SIZE |
  RIGHTS_PATH_FILESTAT_SET_TIMES |
  RIGHTS_FD_FILESTAT_GET |
  RIGHTS_FD_FILESTAT_SET_TIMES |
  RIGHTS_PATH_SYMLINK |
  RIGHTS_PATH_REMOVE_DIRECTORY |
  RIGHTS_PATH_UNLINK_FILE |
  RIGHTS_POLL_FD_READWRITE

/** The most a directory can pass on to descriptors opened through it. */
export const RIGHTS_DIRECTORY_INHERITING: number = RIGHTS_DIRECTORY_BASE | RIGHTS_REGULAR_FILE_BASE

/** The most a character device (the stdio streams) can hold. */
export const RIGHTS_CHARACTER_DEVICE_BASE: number =
  RIGHTS_FD_READ | RIGHTS_FD_FDSTAT_SET_FLAGS | RIGHTS_FD_WRITE | RIGHTS_FD_FILESTAT_GET | RIGHTS_POLL_FD_READWRITE

/** The most a socket descriptor can hold. */
export const RIGHTS_SOCKET_BASE: number =
  RIGHTS_FD_READ |
  RIGHTS_FD_FDSTAT_SET_FLAGS |
  RIGHTS_FD_WRITE |
  RIGHTS_FD_FILESTAT_GET |
  RIGHTS_POLL_FD_READWRITE |
  RIGHTS_SOCK_SHUTDOWN |
  RIGHTS_SOCK_ACCEPT

/** Every defined `fdflags` bit. */
export const FDFLAGS_ALL = 0x1f
/** Every defined `oflags` bit. */
export const OFLAGS_ALL = 0xf
/** Every defined `fstflags` bit. */
export const FSTFLAGS_ALL = 0xf

// ---------------------------------------------------------- module names

/** The preview1 import module. */
export const WASI_SNAPSHOT_PREVIEW1 = 'wasi_snapshot_preview1'
/** The older import module (preview0). */
export const WASI_UNSTABLE = 'wasi_unstable'

// --------------------------------------------- struct sizes (wasm32 ABI)

/** `iovec`/`ciovec`: buf u32 @0, buf_len u32 @4. */
export const IOVEC_SIZE = 8
/** `fdstat`: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16. */
export const FDSTAT_SIZE = 24
/** preview1 `filestat`: dev @0, ino @8, filetype u8 @16, nlink u64 @24, size @32, atim @40, mtim @48, ctim @56. */
export const FILESTAT_SIZE = 64
/** wasi_unstable `filestat`: nlink is u32 @20, so size @24, atim @32, mtim @40, ctim @48. */
export const UNSTABLE_FILESTAT_SIZE = 56
/** `dirent` header: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows. */
export const DIRENT_SIZE = 24
/** preview1 `subscription`: userdata @0, tag u8 @8, union @16 (clock: id u32 @16, timeout @24, precision @32, flags u16 @40). */
export const SUBSCRIPTION_SIZE = 48
/** wasi_unstable `subscription`: its clock has an extra `identifier` u64 @16, so id @24, timeout @32, precision @40, flags @48. */
export const UNSTABLE_SUBSCRIPTION_SIZE = 56
/** `event`: userdata @0, error u16 @8, type u8 @10, fd_readwrite.nbytes u64 @16, flags u16 @24. */
export const EVENT_SIZE = 32
/** `prestat`: tag u8 @0, pr_name_len u32 @4. */
export const PRESTAT_SIZE = 8

/**
 * `node:os` for a process in a browser container.
 *
 * The container presents itself as Bun on Linux/x86-64, the platform the
 * real Bun runs on when it runs on a server, so that programs take their
 * Linux code paths (`platform()` `'linux'`, `arch()` `'x64'`, `type()`
 * `'Linux'`, `machine()` `'x86_64'`, POSIX `EOL` and `constants`); the
 * integrator must keep `process.platform`/`process.arch` the same.
 *
 * What a browser cannot know is reported as a fixed, documented value
 * rather than invented: `release()` and `version()` name the container's
 * virtual kernel; `loadavg()` is zeros (as Node reports on Windows);
 * `cpus()` has one entry per `navigator.hardwareConcurrency` with model
 * `'Virtual CPU'`, speed 0 and zero times; `totalmem()` is
 * `navigator.deviceMemory` GiB (4 GiB without it) and `freemem()` that minus
 * the JS heap in use where the engine tells it; `networkInterfaces()` has
 * only the loopback interface (guest networking goes through `fetch`).
 * Identity follows the environment and the container's root user:
 * `hostname()` from `HOSTNAME` (else `'localhost'`), `homedir()` from `HOME`
 * (else `'/root'`), `userInfo()` uid/gid 0, `USER` (else `'root'`) and
 * `SHELL` (else `'/bin/sh'`), `tmpdir()` from `TMPDIR`/`TMP`/`TEMP` (else
 * `'/tmp'`). Priorities are kept per process; other pids are `ESRCH`.
 */
import type { NodeContext } from './context.js'
import { invalidArgType, nodeError, outOfRange } from './internal/node-a-errors.js'

/** One entry of `os.cpus()`. */
export interface CpuInfo {
  times: { user: number; nice: number; sys: number; idle: number; irq: number }
  model: string
  speed: number
}

/** One address of `os.networkInterfaces()`. */
export interface NetworkInterfaceInfo {
  address: string
  cidr: string
  netmask: string
  family: 'IPv4' | 'IPv6'
  mac: string
  internal: boolean
  scopeid?: number
}

/** `os.userInfo()`. */
export interface UserInfo {
  uid: number
  gid: number
  username: string
  homedir: string
  shell: string | null
}

/** The `node:os` module. */
export interface OsModule {
  readonly EOL: '\n'
  readonly devNull: '/dev/null'
  readonly constants: OsConstants
  arch(): string
  availableParallelism(): number
  cpus(): CpuInfo[]
  endianness(): 'BE' | 'LE'
  freemem(): number
  getPriority(pid?: number): number
  homedir(): string
  hostname(): string
  loadavg(): number[]
  machine(): string
  networkInterfaces(): Record<string, NetworkInterfaceInfo[]>
  platform(): string
  release(): string
  setPriority(pid: number, priority?: number): void
  tmpdir(): string
  totalmem(): number
  type(): string
  uptime(): number
  userInfo(options?: { encoding?: string }): UserInfo
  version(): string
}

/** `os.constants` (Linux values). */
export interface OsConstants {
  UV_UDP_REUSEADDR: number
  dlopen: Record<string, number>
  errno: Record<string, number>
  signals: Record<string, number>
  priority: Record<string, number>
}

/** The virtual kernel the container reports. */
const KERNEL_RELEASE = '6.8.0-vitamin-bun'
const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC vitamin-bun'

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGIOT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGSTKFLT: 16,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPOLL: 29,
  SIGPWR: 30,
  SIGSYS: 31,
}

const ERRNO: Record<string, number> = {
  E2BIG: 7,
  EACCES: 13,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EAFNOSUPPORT: 97,
  EAGAIN: 11,
  EALREADY: 114,
  EBADF: 9,
  EBADMSG: 74,
  EBUSY: 16,
  ECANCELED: 125,
  ECHILD: 10,
  ECONNABORTED: 103,
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  EDEADLK: 35,
  EDESTADDRREQ: 89,
  EDOM: 33,
  EDQUOT: 122,
  EEXIST: 17,
  EFAULT: 14,
  EFBIG: 27,
  EHOSTUNREACH: 113,
  EIDRM: 43,
  EILSEQ: 84,
  EINPROGRESS: 115,
  EINTR: 4,
  EINVAL: 22,
  EIO: 5,
  EISCONN: 106,
  EISDIR: 21,
  ELOOP: 40,
  EMFILE: 24,
  EMLINK: 31,
  EMSGSIZE: 90,
  EMULTIHOP: 72,
  ENAMETOOLONG: 36,
  ENETDOWN: 100,
  ENETRESET: 102,
  ENETUNREACH: 101,
  ENFILE: 23,
  ENOBUFS: 105,
  ENODATA: 61,
  ENODEV: 19,
  ENOENT: 2,
  ENOEXEC: 8,
  ENOLCK: 37,
  ENOLINK: 67,
  ENOMEM: 12,
  ENOMSG: 42,
  ENOPROTOOPT: 92,
  ENOSPC: 28,
  ENOSR: 63,
  ENOSTR: 60,
  ENOSYS: 38,
  ENOTCONN: 107,
  ENOTDIR: 20,
  ENOTEMPTY: 39,
  ENOTSOCK: 88,
  ENOTSUP: 95,
  ENOTTY: 25,
  ENXIO: 6,
  EOPNOTSUPP: 95,
  EOVERFLOW: 75,
  EPERM: 1,
  EPIPE: 32,
  EPROTO: 71,
  EPROTONOSUPPORT: 93,
  EPROTOTYPE: 91,
  ERANGE: 34,
  EROFS: 30,
  ESPIPE: 29,
  ESRCH: 3,
  ESTALE: 116,
  ETIME: 62,
  ETIMEDOUT: 110,
  ETXTBSY: 26,
  EWOULDBLOCK: 11,
  EXDEV: 18,
}

const PRIORITY: Record<string, number> = {
  PRIORITY_LOW: 19,
  PRIORITY_BELOW_NORMAL: 10,
  PRIORITY_NORMAL: 0,
  PRIORITY_ABOVE_NORMAL: -7,
  PRIORITY_HIGH: -14,
  PRIORITY_HIGHEST: -20,
}

const DLOPEN: Record<string, number> = {
  RTLD_LAZY: 1,
  RTLD_NOW: 2,
  RTLD_GLOBAL: 256,
  RTLD_LOCAL: 0,
  RTLD_DEEPBIND: 8,
}

/** Node's `SystemError` (`ERR_SYSTEM_ERROR` with `info`, `errno`, `syscall`). */
class SystemError extends Error {}

function systemError(syscall: string, code: string, errno: number, detail: string): Error {
  const error = nodeError(
    SystemError,
    'ERR_SYSTEM_ERROR',
    `A system error occurred: ${syscall} returned ${code} (${detail})`,
  ) as Error & Record<string, unknown>
  error.info = { code, syscall, message: detail, errno }
  error.syscall = syscall
  error.errno = errno
  return error
}

function checkInt32(value: unknown, name: string): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < -2147483648 || value > 2147483647) throw outOfRange(name, '>= -2147483648 && <= 2147483647', value)
  return value
}

interface NavigatorLike {
  hardwareConcurrency?: number
  deviceMemory?: number
}

const navigatorInfo = (): NavigatorLike => (globalThis as { navigator?: NavigatorLike }).navigator ?? {}

/** `node:os`. */
export function createOs(ctx: NodeContext): OsModule {
  const env = ctx.host.env
  const priorities = new Map<number, number>()
  const isSelf = (pid: number): boolean => pid === 0 || pid === ctx.host.pid
  const parallelism = (): number => Math.max(1, Math.floor(navigatorInfo().hardwareConcurrency ?? 1))
  const totalmem = (): number => Math.round((navigatorInfo().deviceMemory ?? 4) * 2 ** 30)

  return {
    EOL: '\n',
    devNull: '/dev/null',
    constants: {
      UV_UDP_REUSEADDR: 4,
      dlopen: { ...DLOPEN },
      errno: { ...ERRNO },
      signals: { ...SIGNALS },
      priority: { ...PRIORITY },
    },
    arch: (): string => 'x64',
    availableParallelism: parallelism,
    cpus(): CpuInfo[] {
      return Array.from({ length: parallelism() }, () => ({
        times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
        model: 'Virtual CPU',
        speed: 0,
      }))
    },
    endianness: (): 'BE' | 'LE' => (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE'),
    freemem(): number {
      const used = (performance as { memory?: { usedJSHeapSize?: number } }).memory?.usedJSHeapSize ?? 0
      return Math.max(0, totalmem() - used)
    },
    getPriority(pid: number = 0): number {
      checkInt32(pid, 'pid')
      if (!isSelf(pid)) throw systemError('uv_os_getpriority', 'ESRCH', -3, 'no such process')
      return priorities.get(0) ?? 0
    },
    homedir: (): string => env.HOME || '/root',
    hostname: (): string => env.HOSTNAME || 'localhost',
    loadavg: (): number[] => [0, 0, 0],
    machine: (): string => 'x86_64',
    networkInterfaces(): Record<string, NetworkInterfaceInfo[]> {
      return {
        lo: [
          {
            address: '127.0.0.1',
            cidr: '127.0.0.1/8',
            netmask: '255.0.0.0',
            family: 'IPv4',
            mac: '00:00:00:00:00:00',
            internal: true,
          },
          {
            address: '::1',
            cidr: '::1/128',
            netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
            family: 'IPv6',
            mac: '00:00:00:00:00:00',
            internal: true,
            scopeid: 0,
          },
        ],
      }
    },
    platform: (): string => 'linux',
    release: (): string => KERNEL_RELEASE,
    setPriority(pid: number, priority?: number): void {
      if (priority === undefined) {
        priority = pid
        pid = 0
      }
      checkInt32(pid, 'pid')
      if (typeof priority !== 'number') throw invalidArgType('priority', 'number', priority)
      if (!Number.isInteger(priority)) throw outOfRange('priority', 'an integer', priority)
      if (priority < -20 || priority > 19) throw outOfRange('priority', '>= -20 && <= 19', priority)
      if (!isSelf(pid)) throw systemError('uv_os_setpriority', 'ESRCH', -3, 'no such process')
      priorities.set(0, priority)
    },
    tmpdir(): string {
      let dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp'
      if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1)
      return dir
    },
    totalmem,
    type: (): string => 'Linux',
    uptime: (): number => Math.floor((Date.now() - performance.timeOrigin) / 1000),
    userInfo(options?: { encoding?: string }): UserInfo {
      void options
      return {
        homedir: env.HOME || '/root',
        username: env.USER || 'root',
        shell: env.SHELL || '/bin/sh',
        uid: 0,
        gid: 0,
      }
    },
    version: (): string => KERNEL_VERSION,
  }
}

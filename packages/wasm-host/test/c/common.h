/*
 * Shared helpers of the conformance programs. Each program is compiled twice
 * by the test: for Linux (the oracle) and for wasm32-wasi (run under
 * WasiHost). Both builds must print the same transcript and exit the same
 * way, so programs print only facts that are portable: sorted names, sizes,
 * errno names, relations between times — never inode numbers or raw times.
 * Checks that only make sense in the sandbox sit under `#ifdef __wasi__` and
 * print nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The symbolic name of an errno value (strerror's text differs between libcs). */
__attribute__((unused)) static const char *errname(int e) {
  switch (e) {
#define E(x) \
  case x:    \
    return #x;
    E(EPERM) E(ENOENT) E(EIO) E(EBADF) E(EAGAIN) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENOTDIR)
    E(EISDIR) E(EINVAL) E(EMFILE) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(ENAMETOOLONG) E(ENOSYS)
    E(ENOTEMPTY) E(ELOOP) E(ENOTSUP) E(ENOTSOCK) E(ENOTTY)
#ifdef ENOTCAPABLE
    E(ENOTCAPABLE)
#endif
#undef E
    case 0:
      return "OK";
    default:
      return "E?";
  }
}

/* Prints `label: OK` or `label: ENAME` for a call returning -1/errno on failure. */
#define TRY(label, expr)                                       \
  do {                                                         \
    errno = 0;                                                 \
    long _r = (long)(expr);                                    \
    printf("%s: %s\n", label, _r < 0 ? errname(errno) : "OK"); \
  } while (0)

/* Fails the program (exit 99) with a message when `cond` is false. */
#define CHECK(cond)                                                                \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      printf("CHECK FAILED %s:%d: %s (errno %s)\n", __FILE__, __LINE__, #cond, errname(errno)); \
      exit(99);                                                                    \
    }                                                                              \
  } while (0)

/*
 * Prints `label: refused` when the call failed with `linux_errno` on Linux or
 * `wasi_errno` under WASI (where a missing right is ENOTCAPABLE, not POSIX's
 * errno), else the errno name.
 */
#ifdef __wasi__
#define PLATFORM_ERRNO(linux_errno, wasi_errno) (wasi_errno)
#else
#define PLATFORM_ERRNO(linux_errno, wasi_errno) (linux_errno)
#endif
#define REFUSED(label, expr, linux_errno, wasi_errno)                                   \
  do {                                                                                  \
    errno = 0;                                                                          \
    long _r = (long)(expr);                                                             \
    int _want = PLATFORM_ERRNO(linux_errno, wasi_errno);                                \
    printf("%s: %s\n", label, _r < 0 && errno == _want ? "refused" : errname(errno));   \
  } while (0)

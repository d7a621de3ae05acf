/* File times: utimensat/futimens with explicit times, UTIME_NOW, UTIME_OMIT, symlinks, and writes moving mtime. */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

#include "common.h"

static struct stat st_of(const char *path, int follow) {
  struct stat st;
  CHECK((follow ? stat(path, &st) : lstat(path, &st)) == 0);
  return st;
}

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  struct timespec set[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
  TRY("utimensat explicit", utimensat(AT_FDCWD, "f", set, 0));
  struct stat st = st_of("f", 1);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

  /* UTIME_OMIT leaves a time alone; UTIME_NOW takes the current time. */
  struct timespec before;
  clock_gettime(CLOCK_REALTIME, &before);
#ifdef __wasi__
  /* Debian's wasi-libc headers and library disagree on UTIME_NOW/UTIME_OMIT, so ask WASI directly. */
  printf("utimensat omit/now: %s\n", __wasi_path_filestat_set_times(3, 0, "f", 0, 0, __WASI_FSTFLAGS_MTIM_NOW) == 0 ? "OK" : "failed");
#else
  struct timespec omit_now[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  TRY("utimensat omit/now", utimensat(AT_FDCWD, "f", omit_now, 0));
#endif
  struct timespec after;
  clock_gettime(CLOCK_REALTIME, &after);
  st = st_of("f", 1);
  printf("atime kept: %d\n", st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789);
  /* Filesystems may round to their granularity: allow a tick either way. */
  printf("mtime now: %d\n", ns(st.st_mtim) >= ns(before) - 10000000LL && ns(st.st_mtim) <= ns(after) + 10000000LL);

  /* futimens on the descriptor; NULL means both now. */
  struct timespec fset[2] = {{2000000000, 5}, {2000000001, 6}};
  TRY("futimens", futimens(fd, fset));
  struct stat fst;
  CHECK(fstat(fd, &fst) == 0);
  printf("futimens atime %lld.%ld mtime %lld.%ld\n", (long long)fst.st_atim.tv_sec, fst.st_atim.tv_nsec,
         (long long)fst.st_mtim.tv_sec, fst.st_mtim.tv_nsec);
  clock_gettime(CLOCK_REALTIME, &before);
#ifdef __wasi__
  /* Debian's wasi-libc turns futimens(fd, NULL) into times of 0: ask WASI for "now" directly. */
  printf("futimens null: %s\n", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW) == 0 ? "OK" : "failed");
#else
  TRY("futimens null", futimens(fd, NULL));
#endif
  clock_gettime(CLOCK_REALTIME, &after);
  CHECK(fstat(fd, &fst) == 0);
  printf("null set both to now: %d\n", ns(fst.st_atim) >= ns(before) - 10000000LL && ns(fst.st_atim) <= ns(after) + 10000000LL &&
                                             ns(fst.st_mtim) >= ns(before) - 10000000LL && ns(fst.st_mtim) <= ns(after) + 10000000LL);

  /* A write moves mtime (and ctime) forward from an old value. */
  struct timespec old[2] = {{1000, 0}, {1000, 0}};
  CHECK(futimens(fd, old) == 0);
  CHECK(write(fd, "x", 1) == 1);
  CHECK(fstat(fd, &fst) == 0);
  printf("write moved mtime: %d\n", fst.st_mtim.tv_sec > 1000);
  printf("ctime >= mtime: %d\n", ns(fst.st_ctim) >= ns(fst.st_mtim));
  close(fd);

  /* AT_SYMLINK_NOFOLLOW sets the link's own times. */
  CHECK(symlink("f", "l") == 0);
  struct timespec lset[2] = {{3000, 0}, {3000, 0}};
  TRY("utimensat nofollow", utimensat(AT_FDCWD, "l", lset, AT_SYMLINK_NOFOLLOW));
  printf("link mtime %lld, target mtime changed: %d\n", (long long)st_of("l", 0).st_mtim.tv_sec,
         st_of("f", 1).st_mtim.tv_sec == 3000);
  TRY("utimensat follow", utimensat(AT_FDCWD, "l", lset, 0));
  printf("target mtime %lld\n", (long long)st_of("f", 1).st_mtim.tv_sec);
  TRY("utimensat missing", utimensat(AT_FDCWD, "missing", lset, 0));
  struct timespec bad[2] = {{0, 2000000000}, {0, 0}};
  TRY("utimensat bad nsec", utimensat(AT_FDCWD, "f", bad, 0));

  /* Directories have times too. */
  CHECK(mkdir("d", 0755) == 0);
  CHECK(utimensat(AT_FDCWD, "d", lset, 0) == 0);
  fd = open("d/new", O_CREAT | O_WRONLY, 0644);
  close(fd);
  printf("creating an entry moved the directory's mtime: %d\n", st_of("d", 1).st_mtim.tv_sec > 3000);

#ifdef __wasi__
  /* fstflags validation, which libc cannot express: a time and "now" for the same field. */
  int raw = open("f", O_RDWR);
  CHECK(raw >= 0);
  CHECK(__wasi_fd_filestat_set_times(raw, 1, 1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW) == __WASI_ERRNO_INVAL);
  CHECK(__wasi_fd_filestat_set_times(raw, 1, 1, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW) == __WASI_ERRNO_INVAL);
  CHECK(__wasi_fd_filestat_set_times(raw, 1, 1, 0x10) == __WASI_ERRNO_INVAL);
  CHECK(__wasi_fd_filestat_set_times(raw, 7, 9, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM) == 0);
  __wasi_filestat_t fs;
  CHECK(__wasi_fd_filestat_get(raw, &fs) == 0 && fs.atim == 7 && fs.mtim == 9);
  close(raw);
#endif
  return 0;
}

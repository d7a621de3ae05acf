/* Descriptor operations: read/write/seek, pread/pwrite, append, truncate, flags, vectors. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"

static long size_of(int fd) {
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  return (long)st.st_size;
}

int main(void) {
  char buf[64];
  int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  printf("write: %ld\n", (long)write(fd, "hello world", 11));
  printf("tell after write: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  printf("seek set 6: %ld\n", (long)lseek(fd, 6, SEEK_SET));
  memset(buf, 0, sizeof buf);
  printf("read: %ld '%s'\n", (long)read(fd, buf, sizeof buf - 1), buf);
  printf("read at eof: %ld\n", (long)read(fd, buf, sizeof buf));
  printf("seek end -5: %ld\n", (long)lseek(fd, -5, SEEK_END));
  printf("seek cur +2: %ld\n", (long)lseek(fd, 2, SEEK_CUR));
  TRY("seek negative", lseek(fd, -100, SEEK_SET));
  printf("position kept: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

  /* pread/pwrite do not move the position. */
  memset(buf, 0, sizeof buf);
  printf("pread 0,5: %ld '%s'\n", (long)pread(fd, buf, 5, 0), buf);
  printf("pwrite at 0: %ld\n", (long)pwrite(fd, "HELLO", 5, 0));
  printf("position after p*: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  memset(buf, 0, sizeof buf);
  printf("pread past end: %ld\n", (long)pread(fd, buf, 10, 100));

  /* Writing past the end leaves a zero-filled hole. */
  CHECK(lseek(fd, 20, SEEK_SET) == 20);
  CHECK(write(fd, "!", 1) == 1);
  printf("size with hole: %ld\n", size_of(fd));
  memset(buf, 'x', sizeof buf);
  CHECK(pread(fd, buf, 21, 0) == 21);
  int zeros = 0;
  for (int i = 11; i < 20; i++) zeros += buf[i] == 0;
  printf("hole zeros: %d, head '%.11s'\n", zeros, buf);

  /* Truncate shrinks and grows. */
  CHECK(ftruncate(fd, 4) == 0);
  printf("truncated: %ld\n", size_of(fd));
  CHECK(ftruncate(fd, 8) == 0);
  CHECK(pread(fd, buf, 8, 0) == 8);
  printf("grown: %ld, tail zero: %d\n", size_of(fd), buf[4] == 0 && buf[7] == 0);

  /* Vectored I/O. */
  struct iovec w[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  printf("writev: %ld\n", (long)writev(fd, w, 3));
  char a[3] = {0}, b[8] = {0};
  struct iovec r[2] = {{a, 2}, {b, 7}};
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  printf("readv: %ld '%s' '%s'\n", (long)readv(fd, r, 2), a, b);

  TRY("fsync", fsync(fd));
  TRY("fdatasync", fdatasync(fd));
  printf("posix_fallocate: %s\n", errname(posix_fallocate(fd, 0, 100)));
  printf("after allocate: %ld\n", size_of(fd));
  printf("posix_fadvise: %s\n", errname(posix_fadvise(fd, 0, 10, POSIX_FADV_SEQUENTIAL)));
  CHECK(close(fd) == 0);
  TRY("close again", close(fd));
  TRY("read closed", read(fd, buf, 1));

  /* Access modes. */
  int ro = open("data.txt", O_RDONLY);
  CHECK(ro >= 0);
  TRY("write to read-only", write(ro, "x", 1));
  REFUSED("ftruncate read-only", ftruncate(ro, 0), EINVAL, ENOTCAPABLE);
  close(ro);
  int wo = open("data.txt", O_WRONLY);
  CHECK(wo >= 0);
  TRY("read from write-only", read(wo, buf, 1));
  close(wo);

  /* Append mode: writes go to the end whatever the position. */
  int ap = open("data.txt", O_WRONLY | O_APPEND);
  CHECK(ap >= 0);
  printf("append flag: %d\n", (fcntl(ap, F_GETFL) & O_APPEND) != 0);
  CHECK(lseek(ap, 0, SEEK_SET) == 0);
  CHECK(write(ap, "END", 3) == 3);
  printf("size after append: %ld, position %ld\n", size_of(ap), (long)lseek(ap, 0, SEEK_CUR));
  CHECK(fcntl(ap, F_SETFL, 0) == 0);
  printf("append cleared: %d\n", (fcntl(ap, F_GETFL) & O_APPEND) == 0);
  CHECK(lseek(ap, 0, SEEK_SET) == 0);
  CHECK(write(ap, "Z", 1) == 1);
  close(ap);
  int rd = open("data.txt", O_RDONLY);
  char all[256] = {0};
  long n = read(rd, all, sizeof all);
  printf("final: %ld first '%c' last '%.3s'\n", n, all[0], all + n - 3);
  close(rd);

  /* A directory is not readable as a file. */
  int dir = open(".", O_RDONLY | O_DIRECTORY);
  CHECK(dir >= 0);
  TRY("read directory", read(dir, buf, 1));
  close(dir);
  TRY("open directory for writing", open(".", O_WRONLY));
  TRY("bad fd", write(1234, "x", 1));
  return 0;
}

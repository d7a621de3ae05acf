/*
 * The guest of the browser test (and its Node twin): writes a small tree
 * through WASI, reads stdin, sleeps, draws randomness, and reports on
 * stdout. Its build is committed as test/fixtures/browser_writer.wasm
 * (browsers cannot run clang); fixtures.test.ts keeps it in step with this
 * source.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static void put(const char *path, const void *data, size_t len, int flags) {
  int fd = open(path, O_CREAT | O_WRONLY | flags, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, data, len) == (long)len);
  CHECK(close(fd) == 0);
}

int main(int argc, char **argv) {
  CHECK(argc == 2);
  CHECK(mkdir("out", 0755) == 0);
  CHECK(mkdir("out/nested", 0755) == 0);

  /* Text, appended twice. */
  put("out/hello.txt", "hello from wasm\n", 16, O_TRUNC);
  put("out/hello.txt", argv[1], strlen(argv[1]), O_APPEND);

  /* Binary: every byte value. */
  unsigned char bytes[256];
  for (int i = 0; i < 256; i++) bytes[i] = (unsigned char)i;
  put("out/nested/bytes.bin", bytes, sizeof bytes, O_TRUNC);

  /* stdin, uppercased, into a file. */
  char in[256];
  long n = read(0, in, sizeof in);
  CHECK(n >= 0);
  for (long i = 0; i < n; i++)
    if (in[i] >= 'a' && in[i] <= 'z') in[i] -= 32;
  put("out/stdin.txt", in, n, O_TRUNC);

  CHECK(symlink("hello.txt", "out/link") == 0);
  put("out/gone.txt", "x", 1, O_TRUNC);
  CHECK(unlink("out/gone.txt") == 0);
  CHECK(rename("out/nested/bytes.bin", "out/nested/all-bytes.bin") == 0);

  /* A worker may block: sleeping really waits. */
  struct timespec a, b, nap = {0, 20 * 1000000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK(nanosleep(&nap, NULL) == 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long slept_ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;

  unsigned char r[32] = {0};
  CHECK(getentropy(r, sizeof r) == 0);
  int nonzero = 0;
  for (int i = 0; i < 32; i++) nonzero += r[i] != 0;

  int entries = 0;
  DIR *d = opendir("out");
  CHECK(d != NULL);
  while (readdir(d) != NULL) entries++;
  closedir(d);

  printf("entries in out: %d\n", entries);
  printf("slept at least 20ms: %d\n", slept_ms >= 20);
  printf("random bytes: %d\n", nonzero > 16);
  return 3;
}

/*
 * The syscall-heavy guest of bench/wasi.bench.mjs. Each phase times itself
 * with CLOCK_MONOTONIC and prints `phase <name> <ms>`; the checks make a
 * host that skips work fail instead of looking fast.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SMALL_IO 100000
#define FILES 2000
#define LISTINGS 20

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void fail(const char *what) {
  printf("FAILED %s\n", what);
  exit(1);
}

int main(void) {
  char buf[64];
  char path[64];
  memset(buf, 'x', sizeof buf);

  double t = now_ms();
  int fd = open("small.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (fd < 0) fail("open small.bin");
  for (int i = 0; i < SMALL_IO; i++) {
    if (write(fd, buf, 16) != 16) fail("write");
  }
  printf("phase write %.1f\n", now_ms() - t);

  t = now_ms();
  if (lseek(fd, 0, SEEK_SET) != 0) fail("lseek");
  for (int i = 0; i < SMALL_IO; i++) {
    if (read(fd, buf, 16) != 16) fail("read");
  }
  if (read(fd, buf, 16) != 0) fail("eof");
  close(fd);
  printf("phase read %.1f\n", now_ms() - t);

  if (mkdir("many", 0755) != 0) fail("mkdir");
  t = now_ms();
  for (int i = 0; i < FILES; i++) {
    snprintf(path, sizeof path, "many/file-%04d.txt", i);
    int f = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);
    if (f < 0 || write(f, buf, 32) != 32 || close(f) != 0) fail("create");
  }
  printf("phase create %.1f\n", now_ms() - t);

  t = now_ms();
  struct stat st;
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < FILES; i++) {
      snprintf(path, sizeof path, "many/file-%04d.txt", i);
      if (stat(path, &st) != 0 || st.st_size != 32) fail("stat");
    }
  }
  printf("phase stat %.1f\n", now_ms() - t);

  t = now_ms();
  int listed = 0;
  for (int round = 0; round < LISTINGS; round++) {
    DIR *d = opendir("many");
    if (!d) fail("opendir");
    while (readdir(d) != NULL) listed++;
    closedir(d);
  }
  printf("phase readdir %.1f\n", now_ms() - t);
  /* Reported, not checked: a host that loses entries still gets timed, with a note. */
  printf("listed %d of %d\n", listed, LISTINGS * (FILES + 2));

  t = now_ms();
  for (int i = 0; i < FILES; i++) {
    snprintf(path, sizeof path, "many/file-%04d.txt", i);
    if (unlink(path) != 0) fail("unlink");
  }
  if (rmdir("many") != 0) fail("rmdir");
  printf("phase unlink %.1f\n", now_ms() - t);
  return 0;
}

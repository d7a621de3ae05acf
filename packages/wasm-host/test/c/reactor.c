/* A reactor module: no main; _initialize runs constructors, then the host calls exports. */
#include <fcntl.h>
#include <unistd.h>

#include "common.h"

static int base;

__attribute__((constructor)) static void setup(void) {
  base = 40;
  printf("initialized\n");
  fflush(stdout);
}

__attribute__((export_name("add"))) int add(int x) { return base + x; }

/* Writes `n` bytes of 'r' to reactor.txt: a file operation long after initialization. */
__attribute__((export_name("write_file"))) int write_file(int n) {
  int fd = open("reactor.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return -errno;
  char buf[64];
  memset(buf, 'r', sizeof buf);
  int w = (int)write(fd, buf, n < 64 ? n : 64);
  close(fd);
  return w;
}

__attribute__((export_name("quit"))) void quit(int code) { exit(code); }

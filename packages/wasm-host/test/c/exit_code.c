/* Exit statuses: return from main, exit(N) after buffered output, and _Exit. */
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv) {
  CHECK(argc == 3);
  int code = atoi(argv[2]);
  printf("buffered before exit\n"); /* flushed by exit(), not by _Exit */
  if (strcmp(argv[1], "return") == 0) return code;
  if (strcmp(argv[1], "exit") == 0) exit(code);
  if (strcmp(argv[1], "_Exit") == 0) {
    fflush(stdout);
    _Exit(code);
  }
  return 100;
}

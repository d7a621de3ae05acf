/* Arguments and environment: argc/argv, environ (sorted), getenv, setenv; randomness. */
#include <unistd.h>

#include "common.h"

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  printf("argc: %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]: '%s' (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);

  int n = 0;
  while (environ[n] != NULL) n++;
  char **sorted = malloc(sizeof *sorted * (n + 1));
  memcpy(sorted, environ, sizeof *sorted * n);
  qsort(sorted, n, sizeof *sorted, cmp);
  printf("environ: %d\n", n);
  for (int i = 0; i < n; i++) printf("  %s\n", sorted[i]);
  const char *a = getenv("A");
  printf("getenv A: %s, missing: %s\n", a ? a : "(null)", getenv("MISSING") ? "set" : "(null)");
  CHECK(setenv("C", "three", 1) == 0);
  printf("getenv C after setenv: %s\n", getenv("C"));

  /* Randomness: filled, and different each time. */
  unsigned char r1[256], r2[256];
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  TRY("getentropy", getentropy(r1, sizeof r1));
  TRY("getentropy again", getentropy(r2, sizeof r2));
  TRY("getentropy too much", getentropy(r1, 257));
  int distinct = 0, zeros = 0;
  for (int i = 0; i < 256; i++) {
    distinct += r1[i] != r2[i];
    zeros += r1[i] == 0;
  }
  printf("draws differ: %d, mostly non-zero: %d\n", distinct > 200, zeros < 16);
  return 0;
}

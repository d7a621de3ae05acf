#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  printf("argc=%d", argc);
  for (int i = 0; i < argc; i++) printf(" [%s]", argv[i]);
  printf("\nenv HOME=%s\n", getenv("HOME") ? getenv("HOME") : "(none)");
  char cwd[256]; if (getcwd(cwd, sizeof cwd)) printf("cwd=%s\n", cwd); else printf("cwd=?\n");
  FILE *f = fopen("data.txt", "r");
  if (f) { char line[100]; fgets(line, sizeof line, f); printf("read: %s", line); fclose(f); } else perror("open data.txt");
  const char *out = getenv("OUT");
  if (out) { FILE *o = fopen(out, "w"); if (o) { fputs("written by wasm\n", o); fclose(o); } else perror("open output"); }

  fprintf(stderr, "to stderr\n");
  return 3;
}

/* Standard input: read to end of file in small pieces, echo uppercased, count lines and bytes. */
#include <ctype.h>
#include <unistd.h>

#include "common.h"

int main(void) {
  char buf[7];
  long total = 0, lines = 0, n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (long i = 0; i < n; i++) {
      lines += buf[i] == '\n';
      buf[i] = (char)toupper((unsigned char)buf[i]);
    }
    CHECK(write(1, buf, n) == n);
    total += n;
  }
  printf("\nread returned: %ld\n", n);
  printf("again at eof: %ld\n", (long)read(0, buf, sizeof buf));
  printf("bytes: %ld, lines: %ld\n", total, lines);
  /* stdio on top of fd 0 sees end of file too. */
  printf("getchar at eof: %d\n", getchar() == EOF);
  TRY("seek stdout", lseek(1, 0, SEEK_SET));
  return 0;
}

/* Directory listing: many entries (several fd_readdir refills), `.`/`..`, d_type, d_ino, rewind, seek. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define COUNT 300

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists `path` (without . and ..), sorted; returns the count. */
static int list(const char *path, char **names, int max, int *dots) {
  DIR *d = opendir(path);
  CHECK(d != NULL);
  int n = 0;
  *dots = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      (*dots)++;
      continue;
    }
    CHECK(n < max);
    names[n++] = strdup(e->d_name);
  }
  CHECK(closedir(d) == 0);
  qsort(names, n, sizeof *names, cmp);
  return n;
}

int main(void) {
  CHECK(mkdir("many", 0755) == 0);
  char path[512];
  for (int i = 0; i < COUNT; i++) {
    /* Long names so that each fd_readdir buffer ends in the middle of an entry. */
    snprintf(path, sizeof path, "many/entry-%03d-%.*s", i, i % 97, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
  }
  char *names[COUNT + 10];
  int dots;
  int n = list("many", names, COUNT + 10, &dots);
  printf("entries: %d, dot entries: %d\n", n, dots);
  printf("first: %s\nlast: %s\n", names[0], names[n - 1]);
  int ordered = 1;
  for (int i = 0; i < n; i++) {
    char want[32];
    snprintf(want, sizeof want, "entry-%03d-", i);
    ordered &= strncmp(names[i], want, strlen(want)) == 0;
  }
  printf("all present: %d\n", ordered);

  /* d_type and d_ino agree with stat. */
  CHECK(mkdir("kinds", 0755) == 0);
  CHECK(mkdir("kinds/sub", 0755) == 0);
  int fd = open("kinds/file", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK(symlink("file", "kinds/link") == 0);
  DIR *d = opendir("kinds");
  CHECK(d != NULL);
  struct dirent *e;
  char seen[4][64];
  int kinds = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    struct stat st;
    snprintf(path, sizeof path, "kinds/%s", e->d_name);
    CHECK(lstat(path, &st) == 0);
    const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : e->d_type == DT_LNK ? "link" : "?";
    snprintf(seen[kinds++], 64, "%s=%s ino-matches=%d", e->d_name, t, e->d_ino == st.st_ino);
  }
  char *sorted[4] = {seen[0], seen[1], seen[2]};
  qsort(sorted, kinds, sizeof *sorted, cmp);
  for (int i = 0; i < kinds; i++) printf("%s\n", sorted[i]);

  /* rewinddir starts over; seekdir returns to a telldir position. */
  rewinddir(d);
  int again = 0;
  while (readdir(d) != NULL) again++;
  printf("after rewind: %d\n", again);
  rewinddir(d);
  readdir(d);
  long mark = telldir(d);
  char *at_mark = strdup(readdir(d)->d_name);
  while (readdir(d) != NULL) {
  }
  seekdir(d, mark);
  e = readdir(d);
  printf("seekdir returns to the same entry: %d\n", e != NULL && strcmp(e->d_name, at_mark) == 0);
  closedir(d);

  /* Entries removed while listing are not reported twice; an empty directory has only dots. */
  CHECK(mkdir("empty", 0755) == 0);
  n = list("empty", names, 2, &dots);
  printf("empty: %d entries, %d dots\n", n, dots);

  /* fdopendir on an open directory; opendir on a file fails. */
  int dfd = open("kinds", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  DIR *fdd = fdopendir(dfd);
  CHECK(fdd != NULL);
  int via_fd = 0;
  while (readdir(fdd) != NULL) via_fd++;
  printf("fdopendir entries: %d\n", via_fd);
  closedir(fdd);
  errno = 0;
  printf("opendir on file: %s\n", opendir("kinds/file") == NULL ? errname(errno) : "opened");
  errno = 0;
  printf("opendir missing: %s\n", opendir("nope") == NULL ? errname(errno) : "opened");

  /* scandir sorts for us. */
  struct dirent **list_;
  int k = scandir("kinds", &list_, NULL, alphasort);
  printf("scandir: %d first=%s last=%s\n", k, list_[0]->d_name, list_[k - 1]->d_name);
  return 0;
}

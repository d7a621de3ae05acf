/* Path operations: mkdir, rename, unlink, rmdir, link, stat, trailing slashes, errors. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void touch(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, text, strlen(text)) == (long)strlen(text));
  CHECK(close(fd) == 0);
}

static void cat(const char *label, const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("%s: %s\n", label, errname(errno));
    return;
  }
  CHECK(read(fd, buf, sizeof buf - 1) >= 0);
  close(fd);
  printf("%s: '%s'\n", label, buf);
}

static const char *kind(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return errname(errno);
  return S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISLNK(st.st_mode) ? "link" : "?";
}

int main(void) {
  TRY("mkdir a", mkdir("a", 0755));
  TRY("mkdir a again", mkdir("a", 0755));
  TRY("mkdir a/b", mkdir("a/b", 0755));
  TRY("mkdir missing parent", mkdir("x/y", 0755));
  TRY("mkdir trailing slash", mkdir("c/", 0755));
  printf("c is %s\n", kind("c"));

  touch("a/f", "one");
  touch("a/g", "two");
  TRY("open excl existing", open("a/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
  TRY("open missing", open("a/missing", O_RDONLY));
  TRY("open file as directory", open("a/f", O_RDONLY | O_DIRECTORY));
  TRY("open file with trailing slash", open("a/f/", O_RDONLY));
  TRY("open through a file", open("a/f/x", O_RDONLY));
  TRY("create with trailing slash", open("a/new/", O_CREAT | O_WRONLY, 0644));

  struct stat st;
  TRY("stat a/f", stat("a/f", &st));
  printf("size %ld nlink %ld reg %d\n", (long)st.st_size, (long)st.st_nlink, S_ISREG(st.st_mode));
  TRY("stat missing", stat("a/nope", &st));
  TRY("stat dir with slash", stat("a/", &st));
  TRY("stat file with slash", stat("a/f/", &st));
  TRY("stat dot-dot inside", stat("a/b/../f", &st));
  printf("access f: %d\n", access("a/f", F_OK) == 0);

  /* Hard links share content and count links. */
  TRY("link", link("a/f", "a/h"));
  TRY("stat after link", stat("a/f", &st));
  printf("nlink %ld\n", (long)st.st_nlink);
  touch("a/h", "ONE");
  cat("f via link", "a/f");
  TRY("link existing", link("a/f", "a/g"));
  TRY("link directory", link("a/b", "a/b2"));
  TRY("unlink link", unlink("a/h"));
  TRY("stat after unlink", stat("a/f", &st));
  printf("nlink %ld\n", (long)st.st_nlink);

  /* Rename. */
  TRY("rename over file", rename("a/g", "a/f"));
  cat("f after rename", "a/f");
  printf("g is %s\n", kind("a/g"));
  TRY("rename missing", rename("a/g", "a/z"));
  TRY("rename file over dir", rename("a/f", "a/b"));
  TRY("rename dir over file", rename("a/b", "a/f"));
  TRY("mkdir d/e", mkdir("d", 0755) || mkdir("d/e", 0755));
  TRY("rename dir over empty dir", rename("a/b", "c"));
  printf("c is %s, a/b is %s\n", kind("c"), kind("a/b"));
  TRY("rename dir over non-empty dir", rename("c", "d"));
  TRY("rename dir into itself", rename("d", "d/e/inside"));
  TRY("rename to same", rename("a/f", "a/f"));
  TRY("rename dir with trailing slash", rename("d/", "d2/"));
  TRY("rename file with trailing slash", rename("a/f/", "a/f2"));
  printf("d2 is %s\n", kind("d2"));

  /* Removal. */
  TRY("unlink dir", unlink("d2"));
  TRY("rmdir non-empty", rmdir("d2"));
  TRY("rmdir file", rmdir("a/f"));
  TRY("rmdir missing", rmdir("nope"));
  TRY("rmdir d2/e", rmdir("d2/e"));
  TRY("rmdir d2/ with slash", rmdir("d2/"));
  TRY("unlink file with slash", unlink("a/f/"));
  TRY("unlink f", unlink("a/f"));
  TRY("unlink again", unlink("a/f"));
  TRY("rmdir dot", rmdir("a/."));

  /* A removed file stays readable through an open descriptor. */
  touch("ghost", "boo");
  int fd = open("ghost", O_RDONLY);
  CHECK(fd >= 0);
  TRY("unlink open file", unlink("ghost"));
  char buf[8] = {0};
  printf("read unlinked: %ld '%s'\n", (long)read(fd, buf, sizeof buf - 1), buf);
  TRY("fstat unlinked", fstat(fd, &st));
  printf("nlink %ld\n", (long)st.st_nlink);
  close(fd);

  /* Name limits. */
  char longname[300];
  memset(longname, 'n', 299);
  longname[299] = 0;
  TRY("name too long", open(longname, O_CREAT | O_WRONLY, 0644));

#ifdef __wasi__
  /* The sandbox: nothing outside the preopen is reachable. */
  errno = 0;
  CHECK(open("../escape", O_CREAT | O_WRONLY, 0644) < 0 && errno == ENOTCAPABLE);
  errno = 0;
  CHECK(mkdir("a/../../escape", 0755) < 0 && errno == ENOTCAPABLE);
#endif
  return 0;
}

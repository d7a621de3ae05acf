/* Symbolic links: create, read, follow or not, loops, dangling, directories, trailing slashes. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static const char *kind(int follow, const char *path) {
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return errname(errno);
  return S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISLNK(st.st_mode) ? "link" : "?";
}

int main(void) {
  int fd = open("target", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0 && write(fd, "content", 7) == 7);
  close(fd);
  CHECK(mkdir("dir", 0755) == 0);
  fd = open("dir/inner", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);

  TRY("symlink", symlink("target", "link"));
  TRY("symlink existing", symlink("target", "link"));
  char buf[64] = {0};
  long n = readlink("link", buf, sizeof buf);
  printf("readlink: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
  memset(buf, 0, sizeof buf);
  n = readlink("link", buf, 3);
  printf("readlink truncated: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
  TRY("readlink on a file", readlink("target", buf, sizeof buf));
  TRY("readlink missing", readlink("nope", buf, sizeof buf));
  printf("stat link: %s, lstat link: %s\n", kind(1, "link"), kind(0, "link"));

  struct stat st;
  CHECK(lstat("link", &st) == 0);
  printf("lstat size: %ld\n", (long)st.st_size);

  fd = open("link", O_RDONLY);
  memset(buf, 0, sizeof buf);
  printf("read through link: %ld '%s'\n", (long)read(fd, buf, sizeof buf - 1), buf);
  close(fd);
  TRY("open nofollow", open("link", O_RDONLY | O_NOFOLLOW));

  /* Links to directories are traversed. */
  TRY("symlink to dir", symlink("dir", "dlink"));
  printf("through dlink: %s\n", kind(0, "dlink/inner"));
  printf("dlink/ : %s\n", kind(0, "dlink/"));
  TRY("open dlink as directory", open("dlink", O_RDONLY | O_DIRECTORY));
  TRY("open dlink as directory nofollow", open("dlink", O_RDONLY | O_DIRECTORY | O_NOFOLLOW));

  /* Relative targets resolve from the link's directory. */
  TRY("nested relative link", symlink("../target", "dir/up"));
  printf("dir/up: %s\n", kind(1, "dir/up"));

  /* Dangling links and loops. */
  TRY("dangling", symlink("missing", "dangling"));
  printf("dangling stat: %s, lstat: %s\n", kind(1, "dangling"), kind(0, "dangling"));
  TRY("open dangling", open("dangling", O_RDONLY));
  TRY("create through dangling", open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
  TRY("loop", symlink("loop", "loop"));
  TRY("open loop", open("loop", O_RDONLY));
  TRY("stat loop", stat("loop", &st));
  TRY("ping", symlink("pong", "ping"));
  TRY("pong", symlink("ping", "pong"));
  TRY("stat ping", stat("ping", &st));

  /* Removing and renaming a link leaves its target alone. */
  TRY("rename link", rename("link", "link2"));
  printf("link2: %s, target: %s\n", kind(0, "link2"), kind(0, "target"));
  TRY("unlink link2", unlink("link2"));
  printf("target after unlink: %s\n", kind(0, "target"));
  TRY("rmdir a dir link", rmdir("dlink"));
  TRY("unlink dir link", unlink("dlink"));
  printf("dir after unlink: %s\n", kind(0, "dir"));
  TRY("symlink with trailing slash", symlink("target", "slashed/"));

  /* A hard link to a symlink links the symlink itself (linkat without AT_SYMLINK_FOLLOW). */
  TRY("symlink again", symlink("target", "l1"));
  TRY("hard link to symlink", linkat(AT_FDCWD, "l1", AT_FDCWD, "l2", 0));
  printf("l2: %s\n", kind(0, "l2"));
  TRY("hard link following", linkat(AT_FDCWD, "l1", AT_FDCWD, "l3", AT_SYMLINK_FOLLOW));
  printf("l3: %s\n", kind(0, "l3"));

#ifdef __wasi__
  /* Absolute targets cannot be followed out of the sandbox. */
  errno = 0;
  CHECK(symlink("/etc/passwd", "abs") < 0 && errno == ENOTCAPABLE);
  CHECK(symlink("../../outside", "rel-out") == 0);
  errno = 0;
  CHECK(open("rel-out", O_RDONLY) < 0 && errno == ENOTCAPABLE);
  CHECK(unlink("rel-out") == 0);
#endif
  return 0;
}

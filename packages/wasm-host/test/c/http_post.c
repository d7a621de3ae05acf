/*
 * http_post HOST PORT PATH BODY: a POST through the vitamin_sock imports,
 * sent in pieces (headers, then the body in two writes, through fd_write for
 * the second half), the response read with fd_read. Prints the response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vitamin.h>

static int fail(int step, const char *what, int32_t err) {
  fprintf(stderr, "%s failed: errno %d\n", what, (int)err);
  return 10 + step;
}

int main(int argc, char **argv) {
  if (argc < 5) return fail(0, "usage", 0);
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *path = argv[3];
  const char *body = argv[4];
  size_t body_len = strlen(body);

  int32_t fd;
  int32_t err = vitamin_sock_open(VITAMIN_AF_INET, VITAMIN_SOCK_STREAM, &fd);
  if (err) return fail(1, "sock_open", err);
  err = vitamin_sock_connect(fd, host, strlen(host), port);
  if (err) return fail(2, "sock_connect", err);

  char head[512];
  int n = snprintf(head, sizeof head,
                   "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                   "Content-Length: %zu\r\nX-Test: from C\r\nConnection: close\r\n\r\n",
                   path, host, body_len);
  size_t sent;
  err = vitamin_sock_send(fd, head, (size_t)n, &sent);
  if (err) return fail(3, "sock_send head", err);
  size_t half = body_len / 2;
  err = vitamin_sock_send(fd, body, half, &sent);
  if (err) return fail(3, "sock_send body", err);
  /* The socket is a WASI descriptor: write(2) (fd_write) works on it too. */
  if (write(fd, body + half, body_len - half) != (ssize_t)(body_len - half)) return fail(3, "write body", 0);

  char buf[4096];
  for (;;) {
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0) return fail(4, "read", 0);
    if (got == 0) break;
    fwrite(buf, 1, (size_t)got, stdout);
  }
  /* ... and close(2) (fd_close) releases it. */
  if (close(fd) != 0) return fail(5, "close", 0);
  return 0;
}

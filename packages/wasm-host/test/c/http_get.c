/*
 * http_get HOST PORT PATH [METHOD]: one HTTP/1.1 request through the
 * vitamin_sock imports, the whole response copied to stdout. Exit status 0,
 * or 10 + the failing step with its errno on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vitamin.h>

static int fail(int step, const char *what, int32_t err) {
  fprintf(stderr, "%s failed: errno %d\n", what, (int)err);
  return 10 + step;
}

int main(int argc, char **argv) {
  if (argc < 4) return fail(0, "usage", 0);
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *path = argv[3];
  const char *method = argc > 4 ? argv[4] : "GET";

  int32_t fd;
  int32_t err = vitamin_sock_open(VITAMIN_AF_INET, VITAMIN_SOCK_STREAM, &fd);
  if (err) return fail(1, "sock_open", err);
  err = vitamin_sock_connect(fd, host, strlen(host), port);
  if (err) return fail(2, "sock_connect", err);

  char request[1024];
  int n = snprintf(request, sizeof request,
                   "%s %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: http_get.c\r\nConnection: close\r\n\r\n", method,
                   path, host, port);
  size_t sent;
  err = vitamin_sock_send(fd, request, (size_t)n, &sent);
  if (err) return fail(3, "sock_send", err);
  if (sent != (size_t)n) return fail(3, "sock_send (short)", 0);

  /* A small buffer on purpose: the response arrives over many receives. */
  char buf[97];
  size_t got;
  for (;;) {
    err = vitamin_sock_recv(fd, buf, sizeof buf, &got);
    if (err) return fail(4, "sock_recv", err);
    if (got == 0) break;
    fwrite(buf, 1, got, stdout);
  }
  err = vitamin_sock_close(fd);
  if (err) return fail(5, "sock_close", err);
  return 0;
}

/* Clocks, sleeping and poll: the four clocks, nanosleep, poll() on files and stdio, several clock subscriptions. */
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

#include "common.h"

static long long now_ns(clockid_t id) {
  struct timespec t;
  CHECK(clock_gettime(id, &t) == 0);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  struct timespec res;
  TRY("getres realtime", clock_getres(CLOCK_REALTIME, &res));
  printf("realtime resolution positive and at most 1ms: %d\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
  TRY("getres monotonic", clock_getres(CLOCK_MONOTONIC, &res));
  TRY("getres process cputime", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res));
  TRY("getres thread cputime", clock_getres(CLOCK_THREAD_CPUTIME_ID, &res));

  long long wall = now_ns(CLOCK_REALTIME);
  printf("realtime agrees with time(): %d\n", wall / 1000000000LL - (long long)time(NULL) <= 1);
  printf("realtime after 2020: %d\n", wall > 1577836800LL * 1000000000LL);
  long long m1 = now_ns(CLOCK_MONOTONIC), m2 = now_ns(CLOCK_MONOTONIC);
  printf("monotonic does not go back: %d\n", m2 >= m1);
  long long c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
  printf("cputime non-negative: %d\n", c1 >= 0);
  now_ns(CLOCK_THREAD_CPUTIME_ID);

  /* Sleeping waits at least as long as asked. */
  struct timespec nap = {0, 30 * 1000000};
  long long t0 = now_ns(CLOCK_MONOTONIC);
  TRY("nanosleep", nanosleep(&nap, NULL));
  long long slept = now_ns(CLOCK_MONOTONIC) - t0;
  printf("slept >= 30ms: %d, < 2s: %d\n", slept >= 30000000LL, slept < 2000000000LL);
  t0 = now_ns(CLOCK_MONOTONIC);
  TRY("poll with no fds", poll(NULL, 0, 20));
  printf("poll waited >= 20ms: %d\n", now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
  struct timespec until;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &until) == 0);
  until.tv_nsec += 20000000;
  if (until.tv_nsec >= 1000000000) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000;
  }
  TRY("clock_nanosleep absolute", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
  struct timespec after;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &after) == 0);
  printf("reached the deadline: %d\n", after.tv_sec > until.tv_sec || (after.tv_sec == until.tv_sec && after.tv_nsec >= until.tv_nsec));

  /* Regular files are always ready; stdout is writable. */
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && lseek(fd, 0, SEEK_SET) == 0);
  struct pollfd fds[2] = {{fd, POLLIN | POLLOUT, 0}, {1, POLLOUT, 0}};
  int ready = poll(fds, 2, 1000);
  printf("poll ready: %d file in=%d out=%d stdout out=%d\n", ready, (fds[0].revents & POLLIN) != 0,
         (fds[0].revents & POLLOUT) != 0, (fds[1].revents & POLLOUT) != 0);
  close(fd);

#ifdef __wasi__
  /* Several clock subscriptions: the earliest fires; an absolute deadline in the past fires at once. */
  __wasi_subscription_t subs[3];
  __wasi_event_t events[3];
  __wasi_size_t n = 0;
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 10;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 200000000;
  subs[1] = subs[0];
  subs[1].userdata = 11;
  subs[1].u.u.clock.timeout = 10000000;
  subs[2] = subs[0];
  subs[2].userdata = 12;
  subs[2].u.u.clock.id = __WASI_CLOCKID_REALTIME;
  subs[2].u.u.clock.timeout = 400000000;
  t0 = now_ns(CLOCK_MONOTONIC);
  CHECK(__wasi_poll_oneoff(subs, events, 3, &n) == 0);
  long long waited = now_ns(CLOCK_MONOTONIC) - t0;
  CHECK(n == 1 && events[0].userdata == 11 && events[0].type == __WASI_EVENTTYPE_CLOCK && events[0].error == 0);
  CHECK(waited >= 10000000LL && waited < 200000000LL);

  subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  subs[0].u.u.clock.timeout = (__wasi_timestamp_t)now_ns(CLOCK_MONOTONIC) - 1;
  CHECK(__wasi_poll_oneoff(subs, events, 2, &n) == 0);
  CHECK(n == 1 && events[0].userdata == 10);

  /* An unknown clock is an error event; no subscriptions is EINVAL; a bad fd is an error event. */
  subs[0].u.u.clock.id = 99;
  CHECK(__wasi_poll_oneoff(subs, events, 1, &n) == 0 && n == 1 && events[0].error == __WASI_ERRNO_INVAL);
  CHECK(__wasi_poll_oneoff(subs, events, 0, &n) == __WASI_ERRNO_INVAL);
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = 77;
  CHECK(__wasi_poll_oneoff(subs, events, 1, &n) == 0 && n == 1 && events[0].error == __WASI_ERRNO_BADF);
#endif
  return 0;
}

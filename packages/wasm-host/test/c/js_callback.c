/*
 * js_callback: a host function that calls back into this guest (its
 * exports), growing memory meanwhile, then one that makes the guest exit
 * from inside the callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vitamin.h>

/* Kept reachable so the compiler cannot drop the allocation. */
char *volatile kept;

/* Called by the host while js_context_call is in progress. */
__attribute__((export_name("twice_after_growing"))) int twice_after_growing(int n) {
  /* Grow linear memory by several MiB: views the host held are now stale. */
  kept = malloc(8 << 20);
  memset(kept, 1, 8 << 20);
  return n * 2 + kept[12345] - 1;
}

__attribute__((export_name("bye"))) void bye(int code) {
  printf("bye(%d)\n", code);
  fflush(stdout);
  exit(code);
}

int main(void) {
  vitamin_js_handle fn, arg, result;
  vitamin_js_get_property(VITAMIN_JS_GLOBAL, "callGuest", 9, &fn);
  vitamin_js_from_number(21, &arg);
  int32_t s = vitamin_js_call(fn, VITAMIN_JS_UNDEFINED, &arg, 1, &result);
  double d = 0;
  vitamin_js_to_number(result, &d);
  printf("callGuest(21): status %d, result %g\n", (int)s, d);

  vitamin_js_handle exit_via;
  vitamin_js_get_property(VITAMIN_JS_GLOBAL, "exitVia", 7, &exit_via);
  vitamin_js_from_number(7, &arg);
  vitamin_js_call(exit_via, VITAMIN_JS_UNDEFINED, &arg, 1, &result);
  printf("not reached\n");
  return 0;
}

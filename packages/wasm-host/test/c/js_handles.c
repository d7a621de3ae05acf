/*
 * js_handles: released, stale and made-up handles are refused with
 * __WASI_ERRNO_BADF, bad pointers with __WASI_ERRNO_FAULT, bad UTF-8 with
 * __WASI_ERRNO_ILSEQ — and nothing crashes. Prints one line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vitamin.h>

#define SHOW(label, expr) printf("%s: %d\n", label, (int)(expr))

int main(void) {
  vitamin_js_handle obj, copy, out;
  uint32_t type;
  vitamin_js_create_object(&obj);
  vitamin_js_dup(obj, &copy);
  SHOW("dup is a new handle", copy != obj);
  SHOW("release", vitamin_js_release(obj));
  SHOW("release again", vitamin_js_release(obj));
  SHOW("typeof released", vitamin_js_typeof(obj, &type));
  SHOW("get_property on released", vitamin_js_get_property(obj, "x", 1, &out));
  SHOW("set_property with released value", vitamin_js_set_property(copy, "x", 1, obj));
  SHOW("call with a released argument", vitamin_js_call(copy, VITAMIN_JS_UNDEFINED, &obj, 1, &out));
  SHOW("the dup still works", vitamin_js_typeof(copy, &type));
  SHOW("  its type", type);

  /* The released handle stays refused after its slot is reused many times over. */
  int refused = 1;
  for (int i = 0; i < 5000; i++) {
    vitamin_js_handle h;
    vitamin_js_create_object(&h);
    if (h == obj) refused = 0;
    vitamin_js_release(h);
  }
  SHOW("a stale handle is never issued again soon", refused);
  SHOW("typeof stale", vitamin_js_typeof(obj, &type));

  SHOW("made-up handle 12345", vitamin_js_typeof(12345, &type));
  SHOW("made-up handle 0x7fffffff", vitamin_js_release(0x7fffffffu));
  SHOW("made-up handle 0x80000000", vitamin_js_typeof(0x80000000u, &type));

  SHOW("release null (permanent)", vitamin_js_release(VITAMIN_JS_NULL));
  SHOW("typeof null after release", vitamin_js_typeof(VITAMIN_JS_NULL, &type));
  SHOW("  its type", type);
  SHOW("typeof a zeroed handle", vitamin_js_typeof(0, &type));
  SHOW("  its type", type);
  vitamin_js_handle g;
  SHOW("dup global", vitamin_js_dup(VITAMIN_JS_GLOBAL, &g));
  SHOW("  is the global handle", g == VITAMIN_JS_GLOBAL);

  const char bad_utf8[] = {'k', (char)0xc3, 'x'};
  SHOW("key with bad UTF-8", vitamin_js_get_property(copy, bad_utf8, 3, &out));
  SHOW("from_string with bad UTF-8", vitamin_js_from_string(bad_utf8, 3, &out));
  SHOW("eval with bad UTF-8", vitamin_js_eval(bad_utf8, 3, &out));

  /* Pointers outside linear memory. */
  vitamin_js_handle *far = (vitamin_js_handle *)0xfffffff0u;
  SHOW("create_object into a bad pointer", vitamin_js_create_object(far));
  SHOW("eval of a bad range", vitamin_js_eval((const char *)0xfffffff0u, 64, &out));
  SHOW("call with bad args", vitamin_js_call(copy, 0, far, 4, &out));
  SHOW("call with argc past memory", vitamin_js_call(copy, 0, &copy, 0x40000001u, &out));
  SHOW("to_string into a bad buffer", vitamin_js_to_string(copy, (char *)0xfffffff0u, 64, (size_t *)&out));
  SHOW("take_exception into a bad pointer", vitamin_js_take_exception(far));
  /* A bad pointer is reported before a bad handle. */
  SHOW("bad pointer and bad handle", vitamin_js_typeof(obj, (uint32_t *)far));

  SHOW("release the dup", vitamin_js_release(copy));
  return 0;
}

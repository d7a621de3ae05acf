/*
 * js_exceptions: JavaScript throws become VITAMIN_JS_EXCEPTION, and the
 * thrown value is taken as a handle. Prints one line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vitamin.h>

static void print_prop(vitamin_js_handle obj, const char *key) {
  vitamin_js_handle v;
  char buf[256];
  size_t n = 0;
  if (vitamin_js_get_property(obj, key, strlen(key), &v) != 0 || vitamin_js_to_string(v, buf, sizeof buf, &n) != 0) {
    printf("  (cannot read %s)\n", key);
    exit(1);
  }
  printf("  %s: %.*s\n", key, (int)n, buf);
  vitamin_js_release(v);
}

/* Reports a call's status and, for an exception, the thrown value's name and message. */
static void report(const char *label, int32_t status) {
  printf("%s: status %d\n", label, (int)status);
  if (status != VITAMIN_JS_EXCEPTION) return;
  vitamin_js_handle e;
  int32_t s = vitamin_js_take_exception(&e);
  if (s != 0) {
    printf("  take_exception: %d\n", (int)s);
    exit(1);
  }
  uint32_t type;
  vitamin_js_typeof(e, &type);
  if (type == VITAMIN_JS_TYPE_OBJECT) {
    print_prop(e, "name");
    print_prop(e, "message");
  } else {
    char buf[64];
    size_t n = 0;
    vitamin_js_to_string(e, buf, sizeof buf, &n);
    printf("  thrown type %u: %.*s\n", type, (int)n, buf);
  }
  vitamin_js_release(e);
}

int main(void) {
  vitamin_js_handle out = 0, fail, msg;
  vitamin_js_get_property(VITAMIN_JS_GLOBAL, "fail", 4, &fail);
  vitamin_js_from_string("boom", 4, &msg);
  report("fail('boom')", vitamin_js_call(fail, VITAMIN_JS_UNDEFINED, &msg, 1, &out));
  printf("out untouched: %d\n", out == 0);
  printf("take_exception with none pending: %d\n", (int)vitamin_js_take_exception(&out));

  const char *bad = "this is ( not javascript";
  report("eval syntax error", vitamin_js_eval(bad, strlen(bad), &out));
  report("undefined.x", vitamin_js_get_property(VITAMIN_JS_UNDEFINED, "x", 1, &out));
  report("call a non-function", vitamin_js_call(msg, VITAMIN_JS_UNDEFINED, NULL, 0, &out));
  const char *t42 = "throw 42";
  report("throw 42", vitamin_js_eval(t42, strlen(t42), &out));

  vitamin_js_handle sym, frozen, getter, one;
  const char *c1 = "Symbol('s')", *c2 = "Object.freeze({ a: 1 })", *c3 = "({ get x() { throw new RangeError('nope') } })";
  vitamin_js_eval(c1, strlen(c1), &sym);
  double d;
  report("Number(Symbol())", vitamin_js_to_number(sym, &d));
  vitamin_js_eval(c2, strlen(c2), &frozen);
  vitamin_js_from_number(1, &one);
  report("frozen.a = 1", vitamin_js_set_property(frozen, "a", 1, one));
  report("1.x = 1 (a primitive)", vitamin_js_set_property(one, "x", 1, one));
  vitamin_js_eval(c3, strlen(c3), &getter);
  report("a throwing getter", vitamin_js_get_property(getter, "x", 1, &out));

  /* A second exception replaces the first. */
  vitamin_js_eval("throw 1", 7, &out);
  report("throw 2 after throw 1", vitamin_js_eval("throw 2", 7, &out));

  vitamin_js_release(sym);
  vitamin_js_release(frozen);
  vitamin_js_release(getter);
  vitamin_js_release(one);
  vitamin_js_release(msg);
  vitamin_js_release(fail);
  return 0;
}

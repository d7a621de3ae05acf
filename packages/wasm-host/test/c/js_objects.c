/*
 * js_objects: builds JavaScript values through the vitamin_js_context
 * imports, calls host functions handed in as globals, reads values back.
 * Any unexpected status exits 1 naming the call. Every handle is released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vitamin.h>

#define CHECK(call)                                            \
  do {                                                         \
    int32_t _s = (call);                                       \
    if (_s != 0) {                                             \
      fprintf(stderr, "%s -> status %d\n", #call, (int)_s);   \
      exit(1);                                                 \
    }                                                          \
  } while (0)

static vitamin_js_handle global(const char *name) {
  vitamin_js_handle h;
  CHECK(vitamin_js_get_property(VITAMIN_JS_GLOBAL, name, strlen(name), &h));
  return h;
}

static vitamin_js_handle str(const char *s) {
  vitamin_js_handle h;
  CHECK(vitamin_js_from_string(s, strlen(s), &h));
  return h;
}

static vitamin_js_handle num(double d) {
  vitamin_js_handle h;
  CHECK(vitamin_js_from_number(d, &h));
  return h;
}

/* Prints String(value) (through a heap buffer sized by a first call). */
static void print_string(const char *label, vitamin_js_handle value) {
  size_t needed = 0;
  int32_t s = vitamin_js_to_string(value, NULL, 0, &needed);
  if (s != 0 && s != __WASI_ERRNO_RANGE) {
    fprintf(stderr, "to_string %s -> %d\n", label, (int)s);
    exit(1);
  }
  char *buf = malloc(needed + 1);
  CHECK(vitamin_js_to_string(value, buf, needed, &needed));
  buf[needed] = 0;
  printf("%s: %s\n", label, buf);
  free(buf);
}

static void set(vitamin_js_handle obj, const char *key, vitamin_js_handle value) {
  CHECK(vitamin_js_set_property(obj, key, strlen(key), value));
  CHECK(vitamin_js_release(value));
}

int main(void) {
  /* add(2, 40) */
  vitamin_js_handle add = global("add");
  vitamin_js_handle args[2] = {num(2), num(40)};
  vitamin_js_handle sum;
  CHECK(vitamin_js_call(add, VITAMIN_JS_UNDEFINED, args, 2, &sum));
  double d;
  CHECK(vitamin_js_to_number(sum, &d));
  printf("add(2, 40): %g\n", d);
  CHECK(vitamin_js_release(args[0]));
  CHECK(vitamin_js_release(args[1]));
  CHECK(vitamin_js_release(sum));
  CHECK(vitamin_js_release(add));

  /* { name, count, ok, nothing, child: { x } } handed to record() */
  vitamin_js_handle obj, child, t, flag;
  CHECK(vitamin_js_create_object(&obj));
  CHECK(vitamin_js_create_object(&child));
  set(child, "x", num(1.5));
  set(obj, "name", str("vitamin"));
  set(obj, "count", num(3));
  CHECK(vitamin_js_from_bool(7, &flag));
  printf("from_bool(7) is the true handle: %d\n", flag == VITAMIN_JS_TRUE);
  set(obj, "ok", flag);
  set(obj, "nothing", VITAMIN_JS_NULL);
  CHECK(vitamin_js_set_property(obj, "child", 5, child));
  vitamin_js_handle record = global("record");
  vitamin_js_handle ignored;
  CHECK(vitamin_js_call(record, VITAMIN_JS_UNDEFINED, &obj, 1, &ignored));
  CHECK(vitamin_js_release(ignored));
  CHECK(vitamin_js_release(record));

  /* Read it back: types and values. */
  const char *keys[] = {"name", "count", "ok", "nothing", "child", "missing"};
  for (int i = 0; i < 6; i++) {
    CHECK(vitamin_js_get_property(obj, keys[i], strlen(keys[i]), &t));
    uint32_t type;
    CHECK(vitamin_js_typeof(t, &type));
    int32_t truthy;
    CHECK(vitamin_js_to_bool(t, &truthy));
    printf("typeof %s: %u, truthy %d\n", keys[i], type, (int)truthy);
    CHECK(vitamin_js_release(t));
  }
  CHECK(vitamin_js_get_property(child, "x", 1, &t));
  CHECK(vitamin_js_to_number(t, &d));
  printf("child.x: %g\n", d);
  CHECK(vitamin_js_release(t));

  /* JSON.stringify(obj), called as a method. */
  vitamin_js_handle json = global("JSON"), stringify, text;
  CHECK(vitamin_js_get_property(json, "stringify", 9, &stringify));
  CHECK(vitamin_js_call(stringify, json, &obj, 1, &text));
  print_string("JSON", text);
  CHECK(vitamin_js_release(text));
  CHECK(vitamin_js_release(stringify));
  CHECK(vitamin_js_release(json));

  /* Evaluated code. */
  const char *code = "[1, 2, 3].map((x) => x * 2).join('-')";
  CHECK(vitamin_js_eval(code, strlen(code), &t));
  print_string("eval", t);
  CHECK(vitamin_js_release(t));

  /* new Point(3, 4).length, a getter. */
  vitamin_js_handle point_class = global("Point"), point, len;
  vitamin_js_handle pargs[2] = {num(3), num(4)};
  CHECK(vitamin_js_construct(point_class, pargs, 2, &point));
  CHECK(vitamin_js_get_property(point, "length", 6, &len));
  CHECK(vitamin_js_to_number(len, &d));
  printf("new Point(3, 4).length: %g\n", d);
  CHECK(vitamin_js_release(len));
  CHECK(vitamin_js_release(point));
  CHECK(vitamin_js_release(pargs[0]));
  CHECK(vitamin_js_release(pargs[1]));
  CHECK(vitamin_js_release(point_class));

  /* UTF-8 both ways. */
  vitamin_js_handle upper = global("upper"), word = str("h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93"), loud;
  CHECK(vitamin_js_call(upper, VITAMIN_JS_UNDEFINED, &word, 1, &loud));
  print_string("upper", loud);

  /* A buffer too small: ERANGE, the length needed, the buffer untouched. */
  char small[4] = {'#', '#', '#', '#'};
  size_t needed = 0;
  int32_t s = vitamin_js_to_string(loud, small, sizeof small, &needed);
  printf("to_string into 4 bytes: status %d, needed %zu, buffer %.4s\n", (int)s, needed, small);
  CHECK(vitamin_js_release(loud));
  CHECK(vitamin_js_release(word));
  CHECK(vitamin_js_release(upper));

  /* Primitives box for property reads. */
  vitamin_js_handle abc = str("abc"), length;
  CHECK(vitamin_js_get_property(abc, "length", 6, &length));
  CHECK(vitamin_js_to_number(length, &d));
  printf("'abc'.length: %g\n", d);
  CHECK(vitamin_js_release(length));
  CHECK(vitamin_js_release(abc));

  CHECK(vitamin_js_release(child));
  CHECK(vitamin_js_release(obj));
  return 0;
}

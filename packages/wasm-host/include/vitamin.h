/*
 * vitamin.h — the custom host imports of Vitamin-Bun's WASI host
 * (@aspect-build/wasm-host), for guests compiled with
 *   clang --target=wasm32-wasi --sysroot=/usr -I packages/wasm-host/include
 *
 * Two import modules:
 *   "vitamin_sock"        outgoing stream sockets over the network proxy
 *   "vitamin_js_context"  the JS context bridge: the host's JavaScript engine
 *
 * Every function returns a status: 0 on success, otherwise a WASI errno
 * (__WASI_ERRNO_* from <wasi/api.h>) or, for the JS context,
 * VITAMIN_JS_EXCEPTION. Out-parameters are written only on success.
 * Pointers are checked against linear memory before anything happens: a
 * range outside it gives __WASI_ERRNO_FAULT, never a crashed host.
 * Strings are UTF-8 as pointer + length (no NUL terminator needed or written).
 */
#ifndef VITAMIN_H
#define VITAMIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VITAMIN_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/* ======================================================================
 * Sockets: module "vitamin_sock"
 * ======================================================================
 *
 * A socket is a stream to an HTTP/1.1 server reached through the host's
 * fetch(). The guest writes raw HTTP/1.1 requests and reads raw HTTP/1.1
 * responses: request line and headers, a body framed by Content-Length or
 * chunked. Responses come back in request order, with a body framed by
 * Content-Length, chunked (HTTP/1.1 requests) or end of stream (HTTP/1.0),
 * hop-by-hop headers removed and bodies already decoded (no
 * Content-Encoding). After a response to "Connection: close" (or an
 * HTTP/1.0 request without keep-alive) the stream ends: recv gives 0 bytes.
 *
 * The host answers problems with a request as HTTP responses carrying an
 * "X-Vitamin-Proxy-Error" header and a text/plain explanation:
 *   bad-request   400 413 414 431 501 505: not a request the proxy accepts
 *                 (the stream ends after it)
 *   refused       403: the host's network policy refuses the URL
 *   unsupported   405: CONNECT, TRACE, TRACK
 *   fetch-failed  502: fetch() failed (DNS, refused connection, CORS …)
 * and problems with the socket as errnos (below).
 *
 * Socket descriptors are ordinary WASI descriptors: fd_read, fd_write,
 * fd_close, poll_oneoff and preview1's sock_recv / sock_send / sock_shutdown
 * work on them.
 */

/* Address families (the values of wasi-libc's AF_INET, AF_INET6). */
#define VITAMIN_AF_INET 1
#define VITAMIN_AF_INET6 2
/* Socket types (the values of wasi-libc's SOCK_STREAM, SOCK_DGRAM). */
#define VITAMIN_SOCK_STREAM 6
#define VITAMIN_SOCK_DGRAM 5

/*
 * Open a socket. af: VITAMIN_AF_INET or VITAMIN_AF_INET6 (else
 * __WASI_ERRNO_AFNOSUPPORT); type: VITAMIN_SOCK_STREAM (DGRAM gives
 * __WASI_ERRNO_PROTONOSUPPORT, anything else __WASI_ERRNO_INVAL).
 * Writes the new descriptor to *fd_out. __WASI_ERRNO_MFILE when the table is full.
 */
VITAMIN_IMPORT("vitamin_sock", "sock_open")
int32_t vitamin_sock_open(int32_t af, int32_t type, int32_t *fd_out);

/*
 * Connect to host:port. The address ABI: host is a DNS name or an IP literal
 * (IPv6 with or without brackets), UTF-8, host_len bytes, no port in it.
 * Port 443 means https (TLS happens in the host; the guest speaks plain
 * HTTP), every other port http. Nothing is sent yet; the policy is checked
 * per request. Errors: BADF (not a descriptor), NOTSOCK, ISCONN, INVAL
 * (bad host or a port outside 1–65535), ILSEQ (host not UTF-8),
 * NETUNREACH (the host has no network configured).
 */
VITAMIN_IMPORT("vitamin_sock", "sock_connect")
int32_t vitamin_sock_connect(int32_t fd, const char *host, size_t host_len, int32_t port);

/*
 * Send request bytes; writes the number taken to *sent_out (all of them).
 * Requests may be split across calls or pipelined. Errors: BADF, NOTSOCK,
 * NOTCONN (before connect), PIPE (after the stream stopped taking requests:
 * after Connection: close, a bad request, or shutdown(SHUT_WR)).
 */
VITAMIN_IMPORT("vitamin_sock", "sock_send")
int32_t vitamin_sock_send(int32_t fd, const void *buf, size_t len, size_t *sent_out);

/*
 * Receive up to len response bytes into buf; writes the count to
 * *received_out: 0 means end of stream. Waits for the response when the
 * host's network is blocking (the usual case for a guest; the host runs the
 * fetch in another thread). Errors: BADF, NOTSOCK, NOTCONN, AGAIN (no
 * complete request was sent, so no response will come; or, on a
 * non-blocking host network, nothing is ready yet), CONNRESET (the response
 * broke off; reported once, after the bytes that did arrive), TIMEDOUT /
 * NETDOWN (the host's fetch worker timed out / is gone).
 */
VITAMIN_IMPORT("vitamin_sock", "sock_recv")
int32_t vitamin_sock_recv(int32_t fd, void *buf, size_t len, size_t *received_out);

/* Close a socket and abort its fetches. BADF, NOTSOCK. (fd_close works too.) */
VITAMIN_IMPORT("vitamin_sock", "sock_close")
int32_t vitamin_sock_close(int32_t fd);

/* ======================================================================
 * JS context: module "vitamin_js_context"
 * ======================================================================
 *
 * A handle names one JavaScript value in the host. Handles are 32-bit:
 * bits 0–19 a slot index, bits 20–30 a generation, bit 31 zero. Releasing a
 * handle bumps its slot's generation, so a released or stale handle (or a
 * made-up number) gives __WASI_ERRNO_BADF, never another value. Every
 * function that returns a handle creates a new one the guest must release,
 * except that undefined, null, false and true always come back as their
 * permanent handles below. Permanent handles need no release (releasing
 * them does nothing).
 *
 * When JavaScript throws, the function returns VITAMIN_JS_EXCEPTION and the
 * thrown value waits as the pending exception (one at a time: a new throw
 * replaces it) until js_context_take_exception.
 *
 * Check order: FAULT (a bad pointer), then BADF (a bad handle), then
 * ILSEQ (a string that is not UTF-8), then JavaScript runs. The bridge is
 * not a sandbox: code runs with the host realm's authority.
 */

/* Status: JavaScript threw; see js_context_take_exception. Not a WASI errno. */
#define VITAMIN_JS_EXCEPTION 256

typedef uint32_t vitamin_js_handle;

/* Permanent handles. A zeroed handle variable names undefined. */
#define VITAMIN_JS_UNDEFINED 0u
#define VITAMIN_JS_NULL 1u
#define VITAMIN_JS_FALSE 2u
#define VITAMIN_JS_TRUE 3u
/* The host's globals object (globalThis unless the embedder chose another). */
#define VITAMIN_JS_GLOBAL 4u

/* Type codes of js_context_typeof: JavaScript's typeof, with null apart. */
#define VITAMIN_JS_TYPE_UNDEFINED 0
#define VITAMIN_JS_TYPE_NULL 1
#define VITAMIN_JS_TYPE_BOOLEAN 2
#define VITAMIN_JS_TYPE_NUMBER 3
#define VITAMIN_JS_TYPE_BIGINT 4
#define VITAMIN_JS_TYPE_STRING 5
#define VITAMIN_JS_TYPE_SYMBOL 6
#define VITAMIN_JS_TYPE_OBJECT 7
#define VITAMIN_JS_TYPE_FUNCTION 8

/* Evaluate code (UTF-8) as a global-scope script (indirect eval); *out is its completion value. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_eval")
int32_t vitamin_js_eval(const char *code, size_t code_len, vitamin_js_handle *out);

/* Call fn with this_value and argc argument handles at args (Reflect.apply). A non-function throws a TypeError. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_call")
int32_t vitamin_js_call(vitamin_js_handle fn, vitamin_js_handle this_value, const vitamin_js_handle *args,
                        size_t argc, vitamin_js_handle *out);

/* new ctor(...args) (Reflect.construct). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_construct")
int32_t vitamin_js_construct(vitamin_js_handle ctor, const vitamin_js_handle *args, size_t argc,
                             vitamin_js_handle *out);

/* obj[key] (getters run; a primitive is boxed; null/undefined throw a TypeError). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_get_property")
int32_t vitamin_js_get_property(vitamin_js_handle obj, const char *key, size_t key_len, vitamin_js_handle *out);

/* obj[key] = value, as in strict mode: a primitive target or a refused assignment throws a TypeError. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_set_property")
int32_t vitamin_js_set_property(vitamin_js_handle obj, const char *key, size_t key_len, vitamin_js_handle value);

/* A new empty object, {}. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_create_object")
int32_t vitamin_js_create_object(vitamin_js_handle *out);

/* The value's VITAMIN_JS_TYPE_* code. Never throws. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_typeof")
int32_t vitamin_js_typeof(vitamin_js_handle value, uint32_t *type_out);

/* A number. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_from_number")
int32_t vitamin_js_from_number(double value, vitamin_js_handle *out);

/* Number(value): may throw (a Symbol, a throwing valueOf). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_to_number")
int32_t vitamin_js_to_number(vitamin_js_handle value, double *number_out);

/* true for a non-zero value, else false (permanent handles). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_from_bool")
int32_t vitamin_js_from_bool(int32_t value, vitamin_js_handle *out);

/* Boolean(value) as 0 or 1. Never throws. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_to_bool")
int32_t vitamin_js_to_bool(vitamin_js_handle value, int32_t *bool_out);

/* A string from UTF-8 bytes; __WASI_ERRNO_ILSEQ when they are not valid UTF-8. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_from_string")
int32_t vitamin_js_from_string(const char *utf8, size_t len, vitamin_js_handle *out);

/*
 * String(value) as UTF-8 (lone surrogates become U+FFFD). Always writes the
 * byte length to *needed_out; writes the bytes to buf only when they fit in
 * buf_len, else returns __WASI_ERRNO_RANGE with buf untouched (ask again
 * with a larger buffer). No NUL is written. String() may throw.
 */
VITAMIN_IMPORT("vitamin_js_context", "js_context_to_string")
int32_t vitamin_js_to_string(vitamin_js_handle value, char *buf, size_t buf_len, size_t *needed_out);

/* A second handle to the same value (to release independently). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_dup")
int32_t vitamin_js_dup(vitamin_js_handle value, vitamin_js_handle *out);

/* Release a handle. __WASI_ERRNO_BADF when it is not valid (released twice, stale, made up). */
VITAMIN_IMPORT("vitamin_js_context", "js_context_release")
int32_t vitamin_js_release(vitamin_js_handle value);

/* Move the pending exception into a new handle. __WASI_ERRNO_NOENT when none is pending. */
VITAMIN_IMPORT("vitamin_js_context", "js_context_take_exception")
int32_t vitamin_js_take_exception(vitamin_js_handle *out);

#undef VITAMIN_IMPORT

#ifdef __cplusplus
}
#endif

#endif /* VITAMIN_H */

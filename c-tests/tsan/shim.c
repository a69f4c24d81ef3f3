/* For `make tsan`'s data-layer run: a library instrumented by rustc's ThreadSanitizer calls
 * __tsan_memcpy/__tsan_memmove/__tsan_memset, which newer (LLVM) runtimes export and GCC's
 * libtsan does not. Each forwards to the libc function, which GCC's runtime intercepts and
 * checks as an access of the whole range, so no check is lost. */
#include <stddef.h>
#include <string.h>

void *__tsan_memcpy(void *dst, const void *src, size_t n);
void *__tsan_memmove(void *dst, const void *src, size_t n);
void *__tsan_memset(void *dst, int c, size_t n);

void *__tsan_memcpy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }
void *__tsan_memmove(void *dst, const void *src, size_t n) { return memmove(dst, src, n); }
void *__tsan_memset(void *dst, int c, size_t n) { return memset(dst, c, n); }

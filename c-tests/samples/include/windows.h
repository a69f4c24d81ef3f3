/*
 * windows.h stand-in for `make test-samples`: what Microsoft's ESE samples (BookStoreSample,
 * SvcInitSample) take from <windows.h> beyond the porting kit (esent/windows-compat.h), written
 * for Linux. Not part of the installed library: a program being ported writes its own.
 *
 * Compile with -fshort-wchar: the samples' wide literals (L"...") are 16-bit WCHAR strings.
 * glibc's wide functions (wprintf, wcslen, wcschr) assume a 32-bit wchar_t, so the ones the
 * samples call are replaced by macros naming the 16-bit versions below. wprintf and
 * StringCbPrintfW follow the Microsoft conventions of wide formats: %s and %ws are wide
 * strings, %hs narrow ones.
 */
#ifndef ESENT_SAMPLES_WINDOWS_H
#define ESENT_SAMPLES_WINDOWS_H

#if !defined(__SIZEOF_WCHAR_T__) || __SIZEOF_WCHAR_T__ != 2
#error "the ESE samples need a 16-bit wchar_t: compile them with -fshort-wchar"
#endif

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <esent/windows-compat.h>

typedef BYTE *LPBYTE;
typedef void *HANDLE;
typedef uint32_t REGSAM;

#ifndef SEC_E_OK
#define SEC_E_OK ((HRESULT)0)
#endif
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0L
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS 183L
#endif

#define _stricmp strcasecmp
#define _strnicmp strncasecmp

/* ---- 16-bit wide strings ------------------------------------------------------------------ */

static inline size_t esent_sample_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static inline WCHAR *esent_sample_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c) {
            return (WCHAR *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

/* A growing UTF-8 buffer. */
typedef struct {
    char *p;
    size_t n, cap;
} esent_sample_buf;

static inline void esent_sample_put(esent_sample_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (b->n + n + 1 > cap) {
            cap *= 2;
        }
        char *p = (char *)realloc(b->p, cap);
        if (!p) {
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

/* UTF-16 (NUL-terminated, or the first `max` units) as UTF-8. */
static inline void esent_sample_put_utf16(esent_sample_buf *b, const WCHAR *s, size_t max)
{
    for (size_t i = 0; i < max && s[i]; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < max && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        }
        char u[4];
        size_t n;
        if (c < 0x80) {
            u[0] = (char)c;
            n = 1;
        } else if (c < 0x800) {
            u[0] = (char)(0xC0 | (c >> 6));
            u[1] = (char)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            u[0] = (char)(0xE0 | (c >> 12));
            u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[2] = (char)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            u[0] = (char)(0xF0 | (c >> 18));
            u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[3] = (char)(0x80 | (c & 0x3F));
            n = 4;
        }
        esent_sample_put(b, u, n);
    }
}

/*
 * A wide printf format (UTF-16) with its arguments, as UTF-8 in `b`. Conversions: d i u x X o c
 * s p %, with flags, width, precision and the h, l, ll, I64, w length prefixes. In a wide format
 * %s, %ls, %ws are wide strings and %hs a narrow one (Microsoft's rules).
 */
static inline void esent_sample_vformat(esent_sample_buf *b, const WCHAR *fmt, va_list ap)
{
    esent_sample_put(b, "", 0);
    for (const WCHAR *f = fmt; *f; f++) {
        if (*f != '%') {
            esent_sample_put_utf16(b, f, 1);
            continue;
        }
        char spec[32];
        size_t k = 0;
        spec[k++] = '%';
        f++;
        while (*f && strchr("-+ #0", (int)*f) && k < 8) {
            spec[k++] = (char)*f++;
        }
        int width = -1, prec = -1;
        if (*f == '*') {
            width = va_arg(ap, int);
            f++;
        } else {
            for (width = 0; *f >= '0' && *f <= '9'; f++) {
                width = width * 10 + (*f - '0');
            }
            if (width == 0) {
                width = -1;
            }
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                prec = va_arg(ap, int);
                f++;
            } else {
                for (prec = 0; *f >= '0' && *f <= '9'; f++) {
                    prec = prec * 10 + (*f - '0');
                }
            }
        }
        int h = 0, l = 0, wide = 0;
        for (;; f++) {
            if (*f == 'h') {
                h++;
            } else if (*f == 'l') {
                l++;
            } else if (*f == 'w') {
                wide = 1;
            } else if (*f == 'I' && f[1] == '6' && f[2] == '4') {
                l = 2;
                f += 2;
            } else {
                break;
            }
        }
        if (!*f) {
            break;
        }
        if (width >= 0) {
            k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", width);
        }
        if (prec >= 0) {
            k += (size_t)snprintf(spec + k, sizeof spec - k, ".%d", prec);
        }
        char tmp[128];
        int n = 0;
        switch (*f) {
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            char conv = (char)*f;
            int is_signed = conv == 'd' || conv == 'i';
            /* On Windows long is 32 bits: %ld reads 4 bytes there, an int here. */
            if (l >= 2) {
                snprintf(spec + k, sizeof spec - k, "ll%c", conv);
                n = is_signed ? snprintf(tmp, sizeof tmp, spec, va_arg(ap, long long))
                              : snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long long));
            } else {
                snprintf(spec + k, sizeof spec - k, "%c", conv);
                int v = va_arg(ap, int);
                if (h == 1) {
                    v = is_signed ? (short)v : (unsigned short)v;
                } else if (h >= 2) {
                    v = is_signed ? (signed char)v : (unsigned char)v;
                }
                n = snprintf(tmp, sizeof tmp, spec, v);
            }
            esent_sample_put(b, tmp, n > 0 ? (size_t)n : 0);
            break;
        }
        case 'p':
            n = snprintf(tmp, sizeof tmp, "%p", va_arg(ap, void *));
            esent_sample_put(b, tmp, n > 0 ? (size_t)n : 0);
            break;
        case 'c':
        case 'C': {
            int c = va_arg(ap, int);
            if (h) {
                char one = (char)c;
                esent_sample_put(b, &one, 1);
            } else {
                WCHAR one = (WCHAR)c;
                esent_sample_put_utf16(b, &one, 1);
            }
            break;
        }
        case 's':
        case 'S': {
            esent_sample_buf s = {0, 0, 0};
            if (h) {
                const char *a = va_arg(ap, const char *);
                a = a ? a : "(null)";
                esent_sample_put(&s, a, prec >= 0 ? strnlen(a, (size_t)prec) : strlen(a));
            } else {
                const WCHAR *w = va_arg(ap, const WCHAR *);
                static const WCHAR null_text[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
                (void)wide;
                (void)l;
                esent_sample_put_utf16(&s, w ? w : null_text, prec >= 0 ? (size_t)prec : (size_t)-1);
            }
            const char *text = s.p ? s.p : "";
            /* Width counts bytes here; the samples pad ASCII only. */
            int left = k > 1 && memchr(spec + 1, '-', k - 1) != NULL;
            size_t len = strlen(text);
            size_t pad = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
            for (size_t i = 0; !left && i < pad; i++) {
                esent_sample_put(b, " ", 1);
            }
            esent_sample_put(b, text, len);
            for (size_t i = 0; left && i < pad; i++) {
                esent_sample_put(b, " ", 1);
            }
            free(s.p);
            break;
        }
        case '%':
            esent_sample_put(b, "%", 1);
            break;
        default:
            esent_sample_put(b, "%", 1);
            esent_sample_put_utf16(b, f, 1);
            break;
        }
    }
}

static inline int esent_sample_wprintf(const WCHAR *fmt, ...)
{
    esent_sample_buf b = {0, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    esent_sample_vformat(&b, fmt, ap);
    va_end(ap);
    int n = b.p ? fputs(b.p, stdout) : EOF;
    n = n == EOF ? -1 : (int)b.n;
    free(b.p);
    return n;
}

#define wcslen esent_sample_wcslen
#define wcschr esent_sample_wcschr
#define wprintf esent_sample_wprintf

/* UTF-16 path as a Linux path (UTF-8; libesent itself takes backslashes, mkdir does not). */
static inline char *esent_sample_path(const WCHAR *w)
{
    esent_sample_buf b = {0, 0, 0};
    esent_sample_put_utf16(&b, w, (size_t)-1);
    for (size_t i = 0; b.p && i < b.n; i++) {
        if (b.p[i] == '\\') {
            b.p[i] = '/';
        }
    }
    return b.p;
}

/* ---- kernel32 ----------------------------------------------------------------------------- */

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

static inline void GetLocalTime(SYSTEMTIME *st)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    st->wYear = (WORD)(tm.tm_year + 1900);
    st->wMonth = (WORD)(tm.tm_mon + 1);
    st->wDayOfWeek = (WORD)tm.tm_wday;
    st->wDay = (WORD)tm.tm_mday;
    st->wHour = (WORD)tm.tm_hour;
    st->wMinute = (WORD)tm.tm_min;
    st->wSecond = (WORD)tm.tm_sec;
    st->wMilliseconds = (WORD)(ts.tv_nsec / 1000000);
}

static inline BOOL CreateDirectoryW(const WCHAR *path, void *security)
{
    (void)security;
    char *p = esent_sample_path(path);
    int r = p ? mkdir(p, 0777) : -1;
    free(p);
    return r == 0;
}

/* ---- advapi32: the registry ---------------------------------------------------------------- */
/*
 * Accepted and discarded. SvcInitSample's method B writes ESE's configuration into the
 * registry and names it with JET_paramConfigStoreSpec; libesent stores that parameter but reads
 * no registry (there is none on Linux), so the values written here would never be read anyway.
 */

typedef void *HKEY, **PHKEY;
#define HKEY_LOCAL_MACHINE ((HKEY)(uintptr_t)0x80000002u)
#define REG_OPTION_NON_VOLATILE 0x00000000L
#define KEY_WRITE 0x20006L
#define REG_SZ 1
#define REG_DWORD 4
#define REG_CREATED_NEW_KEY 0x00000001L
#define REG_OPENED_EXISTING_KEY 0x00000002L

static inline LONG RegCreateKeyExW(HKEY key, const WCHAR *sub, DWORD reserved, WCHAR *cls, DWORD options,
                                   REGSAM sam, void *security, HKEY *result, DWORD *disposition)
{
    (void)key, (void)sub, (void)reserved, (void)cls, (void)options, (void)sam, (void)security;
    if (result) {
        *result = (HKEY)(uintptr_t)1;
    }
    if (disposition) {
        *disposition = REG_CREATED_NEW_KEY;
    }
    return ERROR_SUCCESS;
}

static inline LONG RegSetValueExW(HKEY key, const WCHAR *name, DWORD reserved, DWORD type, const BYTE *data,
                                  DWORD cb)
{
    (void)key, (void)name, (void)reserved, (void)type, (void)data, (void)cb;
    return ERROR_SUCCESS;
}

static inline LONG RegCloseKey(HKEY key)
{
    (void)key;
    return ERROR_SUCCESS;
}

#endif /* ESENT_SAMPLES_WINDOWS_H */

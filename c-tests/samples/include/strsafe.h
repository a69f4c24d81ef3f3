/*
 * strsafe.h stand-in for `make test-samples`: StringCbPrintfW, the one strsafe function the ESE
 * samples call, with Microsoft's wide-format rules (see windows.h here).
 */
#ifndef ESENT_SAMPLES_STRSAFE_H
#define ESENT_SAMPLES_STRSAFE_H

#include <windows.h>

#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)

/* UTF-8 text as UTF-16 into `cb` bytes at `dst`, always terminated; cut when it does not fit. */
static inline HRESULT esent_sample_store_utf16(WCHAR *dst, size_t cb, const char *s)
{
    size_t cch = cb / sizeof(WCHAR);
    if (!dst || cch == 0) {
        return STRSAFE_E_INVALID_PARAMETER;
    }
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
        for (; more > 0 && (*p & 0xC0) == 0x80; more--) {
            c = (c << 6) | (*p++ & 0x3F);
        }
        size_t units = c >= 0x10000 ? 2 : 1;
        if (o + units >= cch) {
            dst[o] = 0;
            return STRSAFE_E_INSUFFICIENT_BUFFER;
        }
        if (units == 2) {
            c -= 0x10000;
            dst[o++] = (WCHAR)(0xD800 + (c >> 10));
            dst[o++] = (WCHAR)(0xDC00 + (c & 0x3FF));
        } else {
            dst[o++] = (WCHAR)c;
        }
    }
    dst[o] = 0;
    return S_OK;
}

static inline HRESULT esent_sample_StringCbPrintfW(WCHAR *dst, size_t cb, const WCHAR *fmt, ...)
{
    esent_sample_buf b = {0, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    esent_sample_vformat(&b, fmt, ap);
    va_end(ap);
    HRESULT hr = esent_sample_store_utf16(dst, cb, b.p ? b.p : "");
    free(b.p);
    return hr;
}

/* A narrow format: see the note on `L` below. */
static inline HRESULT esent_sample_StringCbPrintfW_narrow(WCHAR *dst, size_t cb, const char *text, ...)
{
    return esent_sample_store_utf16(dst, cb, text);
}

#define StringCbPrintfW(dst, cb, fmt, ...)                                                        \
    _Generic((fmt), char *: esent_sample_StringCbPrintfW_narrow,                                  \
             const char *: esent_sample_StringCbPrintfW_narrow,                                   \
             default: esent_sample_StringCbPrintfW)((dst), (cb), (fmt), ##__VA_ARGS__)

/*
 * SvcInitSampleB.c writes L#paramid in a macro: MSVC joins the prefix and the stringized
 * argument into one wide literal, GCC and Clang keep `L` apart as an identifier (an error). With
 * `L` defined as a cast, `L "name"` is a narrow string, which the StringCbPrintfW above takes
 * as a format without conversions. Literals written L"..." are single tokens, untouched by it.
 */
#define L (const char *)

#endif /* ESENT_SAMPLES_STRSAFE_H */

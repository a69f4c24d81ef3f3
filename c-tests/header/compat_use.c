/* Compiled (never run) by `make check-header` as C99, C11 and C++17 with -Wall -Wextra -Werror
 * -pedantic (and C11 with -fshort-wchar): the optional porting header, included twice, after
 * esent.h or alone, expands cleanly in the declarations a Windows program for esent.dll writes. */
#include <esent/windows-compat.h>
#include <esent/windows-compat.h>

int esent_compat_use(void);

static void __cdecl takes_nothing(void) {}

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2 && !defined(__cplusplus)
/* With -fshort-wchar: the configuration store's registry names are WCHAR strings. */
const WCHAR *esent_compat_config_names(int i);
const WCHAR *esent_compat_config_names(int i) {
    static const WCHAR *const names[] = {JET_wszConfigStoreReadControl, JET_wszConfigStorePopulateControl,
                                         JET_wszConfigStoreRelPathSysParamDefault,
                                         JET_wszConfigStoreRelPathSysParamOverride};
    return names[(i + JET_bitConfigStorePopulateControlOn + JET_bitConfigStorePopulateControlOff) % 4];
}
#endif

int esent_compat_use(void) {
    unsigned __int64 big = 0;
    __int64 signed_big = -1;
    LONG l = 1;
    DWORD d = MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
    WCHAR w[4] = {0};
    LPCWSTR pw = w;
    BOOL ok = TRUE;
    char buf[8];
    ZeroMemory(buf, sizeof buf);
    takes_nothing();
    UNREFERENCED_PARAMETER(pw);
    return (int)(big + (unsigned __int64)signed_big + (unsigned __int64)l + d + (DWORD)_countof(w) +
                 (DWORD)ok + (DWORD)buf[0]);
}

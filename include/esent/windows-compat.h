/*
 * esent/windows-compat.h: an optional porting kit for programs written for esent.dll.
 *
 * Not included by esent.h. It supplies the few Windows types and macros that ESE programs
 * commonly take from <windows.h>, so that such a program can be compiled on Linux without
 * edits, e.g. `cc -include esent/windows-compat.h -fshort-wchar prog.c -lesent`.
 *
 * Notes:
 * - WCHAR is esent.h's 16-bit unit. Windows' wchar_t is 16 bits; compile with -fshort-wchar when the program
 *   passes wide literals (L"...") to the W functions of esent.h, which take 16-bit units.
 *   wprintf and the other wide C library functions of glibc assume a 32-bit wchar_t and must
 *   not be given such strings.
 * - LONG/ULONG/DWORD are 32 bits here, as on Windows; plain `long` is 64 bits on Linux.
 * - Each definition is guarded, so the header can follow or precede other compatibility layers.
 */
#ifndef ESENT_WINDOWS_COMPAT_H
#define ESENT_WINDOWS_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include <esent.h> /* WCHAR (16-bit, as on Windows) comes from here */

#ifndef _WIN32_COMPAT_TYPES_DEFINED
#define _WIN32_COMPAT_TYPES_DEFINED
typedef char CHAR;
typedef unsigned char BYTE;
typedef unsigned char UCHAR;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef int INT;
typedef unsigned int UINT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef int BOOL;
typedef int32_t HRESULT;
typedef uint32_t LCID;
typedef uint16_t LANGID;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR;
typedef size_t SIZE_T;
typedef WCHAR *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef void VOID;
typedef void *PVOID, *LPVOID;
#endif

#ifndef __int64
#define __int64 long long
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef WINAPI
#define WINAPI
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#ifndef S_OK
#define S_OK ((HRESULT)0)
#endif
#ifndef SUCCEEDED
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#endif
#ifndef FAILED
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#endif

/* Locales: the values of winnt.h. */
#ifndef LANG_NEUTRAL
#define LANG_NEUTRAL 0x00
#endif
#ifndef LANG_ENGLISH
#define LANG_ENGLISH 0x09
#endif
#ifndef SUBLANG_NEUTRAL
#define SUBLANG_NEUTRAL 0x00
#endif
#ifndef SUBLANG_DEFAULT
#define SUBLANG_DEFAULT 0x01
#endif
#ifndef SUBLANG_ENGLISH_US
#define SUBLANG_ENGLISH_US 0x01
#endif
#ifndef SORT_DEFAULT
#define SORT_DEFAULT 0x0
#endif
#ifndef MAKELANGID
#define MAKELANGID(p, s) ((WORD)((((WORD)(s)) << 10) | (WORD)(p)))
#endif
#ifndef MAKELCID
#define MAKELCID(lgid, srtid) ((DWORD)((((DWORD)((WORD)(srtid))) << 16) | ((DWORD)((WORD)(lgid)))))
#endif
#ifndef LANG_SYSTEM_DEFAULT
#define LANG_SYSTEM_DEFAULT MAKELANGID(LANG_NEUTRAL, 0x02)
#endif
#ifndef LOCALE_NEUTRAL
#define LOCALE_NEUTRAL MAKELCID(MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL), SORT_DEFAULT)
#endif
#ifndef CP_ACP
#define CP_ACP 0
#endif

#ifndef _countof
#ifdef __cplusplus
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#else
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#endif
#ifndef ZeroMemory
#define ZeroMemory(p, n) memset((p), 0, (n))
#endif
#ifndef FillMemory
#define FillMemory(p, n, v) memset((p), (v), (n))
#endif
#ifndef CopyMemory
#define CopyMemory(d, s, n) memcpy((d), (s), (n))
#endif
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(x) ((void)(x))
#endif

/*
 * The names of ESE's configuration store (JET_paramConfigStoreSpec) in the registry, as the
 * Windows header spells them: wide literals, so only with a 16-bit wchar_t (-fshort-wchar).
 * libesent stores JET_paramConfigStoreSpec but reads no registry.
 */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#ifndef JET_wszConfigStoreReadControl
#define JET_wszConfigStoreReadControl L"CsReadControl"
#endif
#ifndef JET_wszConfigStorePopulateControl
#define JET_wszConfigStorePopulateControl L"CsPopulateControl"
#endif
#ifndef JET_wszConfigStoreRelPathSysParamDefault
#define JET_wszConfigStoreRelPathSysParamDefault L"SysParamDefault"
#endif
#ifndef JET_wszConfigStoreRelPathSysParamOverride
#define JET_wszConfigStoreRelPathSysParamOverride L"SysParamOverride"
#endif
#endif
#ifndef JET_bitConfigStorePopulateControlOff
#define JET_bitConfigStorePopulateControlOff 0x00
#endif
#ifndef JET_bitConfigStorePopulateControlOn
#define JET_bitConfigStorePopulateControlOn 0x01
#endif

#endif /* ESENT_WINDOWS_COMPAT_H */

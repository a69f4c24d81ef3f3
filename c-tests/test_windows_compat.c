/* The optional porting header, esent/windows-compat.h: the Windows types a program for
 * esent.dll uses have Windows' widths on Linux (LONG and DWORD 32 bits, __int64 64, WCHAR 16,
 * whatever `long` is here), the locale macros give winnt.h's values, so an LCID a program builds
 * with MAKELCID reaches JetCreateIndex as Windows' would, and the helpers behave as Windows'
 * (README "Porting from Windows"). */
#include "check.h"

#include <esent/windows-compat.h>

#include <string.h>

TEST(compat_types_have_windows_widths) {
    CHECK_EQ(sizeof(LONG), 4);
    CHECK_EQ(sizeof(ULONG), 4);
    CHECK_EQ(sizeof(DWORD), 4);
    CHECK_EQ(sizeof(WORD), 2);
    CHECK_EQ(sizeof(SHORT), 2);
    CHECK_EQ(sizeof(BYTE), 1);
    CHECK_EQ(sizeof(__int64), 8);
    CHECK_EQ(sizeof(unsigned __int64), 8);
    CHECK_EQ(sizeof(LONGLONG), 8);
    CHECK_EQ(sizeof(WCHAR), 2);
    CHECK_EQ(sizeof(LCID), 4);
    CHECK_EQ(sizeof(ULONG_PTR), sizeof(void *));
    LONG neg = -1;
    CHECK((long long)neg == -1LL);
    ULONG big = 0xFFFFFFFFu;
    CHECK(big + 1u == 0u); /* 32-bit wrap, as on Windows */
    CHECK(TRUE == 1 && FALSE == 0);
    CHECK(SUCCEEDED(S_OK) && FAILED((HRESULT)0x80004005u));
}

TEST(compat_locale_macros_have_windows_values) {
    CHECK_EQ(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), 0x0409);
    CHECK_EQ(MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT), 0x0409);
    CHECK_EQ(MAKELCID(0x0407, 1), 0x10407);
    CHECK_EQ(LANG_SYSTEM_DEFAULT, 0x0800);
    CHECK_EQ(LOCALE_NEUTRAL, 0);
    CHECK_EQ(CP_ACP, 0);
}

TEST(compat_helpers_behave_as_windows) {
    unsigned char a[7], b[7];
    CHECK_EQ(_countof(a), 7);
    FillMemory(a, sizeof a, 0x5A);
    CHECK(a[0] == 0x5A && a[6] == 0x5A);
    CopyMemory(b, a, sizeof b);
    CHECK(memcmp(a, b, sizeof a) == 0);
    ZeroMemory(a, sizeof a);
    CHECK(a[0] == 0 && a[6] == 0);
    UNREFERENCED_PARAMETER(b);
}

/* An LCID made the Windows way is accepted by the index it names (data-ddl 8, S-PAR-01). */
TEST(compat_lcid_reaches_an_index) {
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID c = 0;
    CHECK_OK(JetCreateInstance(&inst, "compat"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetCreateDatabase(s, fixture_path("compat.edb"), NULL, &db, 0));
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNDEF d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypText;
    d.cp = 1200;
    CHECK_OK(JetAddColumn(s, t, "Name", &d, NULL, 0, &c));
    JET_UNICODEINDEX ui = {MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT), 0x400};
    JET_INDEXCREATE ic;
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = sizeof ic;
    ic.szIndexName = (char *)"ByName";
    ic.szKey = (char *)"+Name\0";
    ic.cbKey = 7;
    ic.grbit = JET_bitIndexUnicode;
    ic.pidxunicode = &ui;
    ic.ulDensity = 100;
    CHECK_OK(JetCreateIndex2(s, t, &ic, 1));
    JET_INDEXCREATE bad = ic;
    JET_UNICODEINDEX ui_bad = {MAKELCID(0x7FFF, SORT_DEFAULT), 0x400};
    bad.szIndexName = (char *)"Bad";
    bad.pidxunicode = &ui_bad;
    CHECK(JetCreateIndex2(s, t, &bad, 1) < 0); /* no such locale */
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

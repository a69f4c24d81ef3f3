/* JET_paramUnicodeIndexDefault (S-PAR-01): lParam is a JET_UNICODEINDEX *, read when it is set;
 * the get writes one. The behaviour proven is ESE's (jetapi.cxx GetUnicodeIndexDefault,
 * SetUnicodeIndexDefault, CloneUnicodeIndexDefault; data/sysparams-notes.md id 72) and the
 * index defaults of data-ddl 8 (step 10: map flags 0 take the instance default; a Unicode
 * text index without JET_bitIndexUnicode takes the default locale). */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_FLAGS 0x30401u /* LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH */
#define SORTKEY 0x400u
#define IGNORECASE 0x1u

/* The value through `inst` (0: the globals), checked to succeed. */
static JET_UNICODEINDEX got(JET_INSTANCE inst) {
    JET_UNICODEINDEX u;
    memset(&u, 0xA5, sizeof u);
    CHECK_OK(JetGetSystemParameterA(inst, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&u, NULL, sizeof u));
    return u;
}

static JET_ERR set(JET_INSTANCE *pinst, unsigned long lcid, unsigned long flags) {
    JET_UNICODEINDEX u = {lcid, flags};
    return JetSetSystemParameterA(pinst, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL);
}

#define CHECK_VALUE(inst, want_lcid, want_flags)           \
    do {                                                   \
        JET_UNICODEINDEX v_ = got(inst);                   \
        CHECK_EQ(v_.lcid, (want_lcid));                    \
        CHECK_EQ(v_.dwMapFlags, (want_flags));             \
    } while (0)

TEST(unidef_builtin_value_and_get_buffer) {
    /* GetUnicodeIndexDefault: en-US (0x409) with the default flags; a NULL plParam → -1003,
     * cbMax below sizeof(JET_UNICODEINDEX) → -1038 with nothing written; 8 bytes suffice */
    CHECK_VALUE(0, 0x409, DEFAULT_FLAGS);
    JET_UNICODEINDEX u = {1, 2};
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramUnicodeIndexDefault, NULL, NULL, 8));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramUnicodeIndexDefault, NULL, NULL, 0));
    CHECK_ERR(JET_errBufferTooSmall,
              JetGetSystemParameterA(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&u, NULL, 7));
    CHECK_ERR(JET_errBufferTooSmall,
              JetGetSystemParameterW(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&u, NULL, 0));
    CHECK_EQ(u.lcid, 1);
    CHECK_EQ(u.dwMapFlags, 2);
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&u, NULL, 8));
    CHECK_EQ(u.lcid, 0x409);
    CHECK_EQ(u.dwMapFlags, DEFAULT_FLAGS);
    /* an instance starts with the same value */
    JET_INSTANCE a = fixture_created("a");
    CHECK_VALUE(a, 0x409, DEFAULT_FLAGS);
    CHECK_OK(JetTerm(a));
}

TEST(unidef_round_trip_and_null_revert) {
    /* SetUnicodeIndexDefault: the struct is read at set time (changing it afterwards changes
     * nothing); LCMAP_SORTKEY is added to the flags; NULL reverts to the built-in value */
    JET_UNICODEINDEX u = {0x407, IGNORECASE};
    CHECK_OK(JetSetSystemParameterA(NULL, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL));
    u.lcid = 0x40C;
    u.dwMapFlags = 0;
    CHECK_VALUE(0, 0x407, IGNORECASE | SORTKEY);
    /* W and the unsuffixed name take it the same way; the same value again is fine */
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL));
    CHECK_VALUE(0, 0x40C, SORTKEY);
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL));
    CHECK_VALUE(0, 0x40C, SORTKEY);
    /* LOCALE_INVARIANT (the root collation) reads back as 0x7F */
    CHECK_OK(set(NULL, 0x7F, 0x2));
    CHECK_VALUE(0, 0x7F, 0x2 | SORTKEY);
    CHECK_OK(JetSetSystemParameterA(NULL, 0, JET_paramUnicodeIndexDefault, 0, NULL));
    CHECK_VALUE(0, 0x409, DEFAULT_FLAGS);
    /* on an instance */
    JET_INSTANCE a = fixture_created("a");
    CHECK_OK(set(&a, 0x411, 0x10));
    CHECK_VALUE(a, 0x411, 0x10 | SORTKEY);
    CHECK_OK(JetSetSystemParameterA(&a, 0, JET_paramUnicodeIndexDefault, 0, NULL));
    CHECK_VALUE(a, 0x409, DEFAULT_FLAGS);
    CHECK_OK(JetTerm(a));
}

TEST(unidef_bad_lcid_and_bad_flags) {
    /* SetUnicodeIndexDefault: an LCID without a locale (0 too) or flags ErrNORMCheckLCMapFlags
     * refuses (LCMAP_UPPERCASE, bits outside the sort-key set) → -1003, value unchanged */
    CHECK_OK(set(NULL, 0x407, IGNORECASE));
    JET_INSTANCE a = fixture_created("a");
    CHECK_OK(set(&a, 0x809, 0));
    static const unsigned long bad_lcids[] = {0, 0x12345, 0xFFFF, 0x400};
    for (size_t i = 0; i < sizeof bad_lcids / sizeof bad_lcids[0]; i++) {
        CHECK_ERR(JET_errInvalidParameter, set(NULL, bad_lcids[i], 0));
        CHECK_ERR(JET_errInvalidParameter, set(&a, bad_lcids[i], 0));
    }
    static const unsigned long bad_flags[] = {0x200 /* LCMAP_UPPERCASE */, 0x40, 0x100, 0x80000000u, 0x201};
    for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++) {
        CHECK_ERR(JET_errInvalidParameter, set(NULL, 0x409, bad_flags[i]));
        CHECK_ERR(JET_errInvalidParameter, set(&a, 0x409, bad_flags[i]));
    }
    CHECK_VALUE(0, 0x407, IGNORECASE | SORTKEY);
    CHECK_VALUE(a, 0x809, SORTKEY);
    /* every flag of the valid set is accepted */
    CHECK_OK(set(&a, 0x409, 0x08031C3Fu));
    CHECK_VALUE(a, 0x409, 0x08031C3Fu);
    CHECK_OK(JetTerm(a));
}

TEST(unidef_global_versus_instance) {
    /* CloneUnicodeIndexDefault: a new instance takes the global value; a set on an instance
     * changes only that instance; a global set reaches only instances created after it */
    JET_INSTANCE before = fixture_created("before");
    CHECK_OK(set(NULL, 0x407, IGNORECASE));
    JET_INSTANCE after = fixture_created("after");
    CHECK_VALUE(before, 0x409, DEFAULT_FLAGS);
    CHECK_VALUE(after, 0x407, IGNORECASE | SORTKEY);
    CHECK_OK(set(&after, 0x40C, 0));
    CHECK_VALUE(after, 0x40C, SORTKEY);
    CHECK_VALUE(0, 0x407, IGNORECASE | SORTKEY);
    CHECK_VALUE(before, 0x409, DEFAULT_FLAGS);
    /* a global NULL revert is the built-in value for the next instance */
    CHECK_OK(JetSetSystemParameterA(NULL, 0, JET_paramUnicodeIndexDefault, 0, NULL));
    JET_INSTANCE third = fixture_created("third");
    CHECK_VALUE(third, 0x409, DEFAULT_FLAGS);
    CHECK_VALUE(after, 0x40C, SORTKEY);
    /* a sesid targets its instance */
    CHECK_OK(JetInit(&after));
    JET_SESID s = fixture_session(after);
    JET_UNICODEINDEX u = {0x410, 0};
    CHECK_OK(JetSetSystemParameterA(NULL, s, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL));
    CHECK_VALUE(after, 0x410, SORTKEY);
    JET_UNICODEINDEX v = {0, 0};
    CHECK_OK(JetGetSystemParameterA(0, s, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&v, NULL, sizeof v));
    CHECK_EQ(v.lcid, 0x410);
    CHECK_OK(JetTerm(before));
    CHECK_OK(JetTerm(after));
    CHECK_OK(JetTerm(third));
}

TEST(unidef_single_instance_mode) {
    /* with no instance in single-instance mode the per-instance parameter is the instance's
     * (reference 8.1): set before JetInit, it is what the instance reads */
    CHECK_OK(set(NULL, 0x416, 0));
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_VALUE(0, 0x416, SORTKEY);
    CHECK_OK(set(NULL, 0x419, IGNORECASE));
    CHECK_VALUE(0, 0x419, IGNORECASE | SORTKEY);
    CHECK_OK(JetTerm(inst));
}

static int wide_eq(const WCHAR *w, const char *s) {
    size_t i = 0;
    for (; s[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)s[i]) return 0;
    return w[i] == 0;
}

/* Creates index `name` on the cp-1200 column "word" of `t`: with JET_bitIndexUnicode and
 * {lcid, flags} when `unicode`, else a plain index. */
static JET_ERR create_index(JET_SESID s, JET_TABLEID t, const char *name, int unicode, unsigned long lcid,
                            unsigned long flags) {
    JET_UNICODEINDEX u = {lcid, flags};
    JET_INDEXCREATE_A idx;
    memset(&idx, 0, sizeof idx);
    idx.cbStruct = sizeof idx;
    idx.szIndexName = (char *)name;
    idx.szKey = (char *)"+word\0";
    idx.cbKey = 7;
    idx.grbit = unicode ? JET_bitIndexUnicode : 0;
    if (unicode) idx.pidxunicode = &u;
    return JetCreateIndex2A(s, t, &idx, 1);
}

/* The locale name the index reports (JET_IdxInfoLocaleName) and, for a Unicode index, the
 * locale and map flags of its JET_IdxInfoCreateIndex3 (a plain index reports none there). */
static void check_index(JET_SESID s, JET_TABLEID t, const char *name, const char *locale, unsigned long flags) {
    WCHAR loc[85];
    memset(loc, 0, sizeof loc);
    CHECK_OK(JetGetTableIndexInfoA(s, t, name, loc, sizeof loc, JET_IdxInfoLocaleName));
    if (!wide_eq(loc, locale)) printf("    (index %s: locale is not %s)\n", name, locale);
    CHECK(wide_eq(loc, locale));
    _Alignas(8) char buf[1024];
    CHECK_OK(JetGetTableIndexInfoA(s, t, name, buf, sizeof buf, JET_IdxInfoCreateIndex3));
    JET_INDEXCREATE3_A *x = (JET_INDEXCREATE3_A *)buf;
    if (x->grbit & JET_bitIndexUnicode) {
        CHECK(x->pidxunicode != NULL);
        if (x->pidxunicode) {
            CHECK(wide_eq(x->pidxunicode->szLocaleName, locale));
            CHECK_EQ(x->pidxunicode->dwMapFlags, flags);
        }
    }
}

/* Inserts a record whose "word" is the ASCII text `a` in UTF-16. */
static void insert_word(JET_SESID s, JET_TABLEID t, JET_COLUMNID col, const char *a) {
    WCHAR w[16];
    size_t n = 0;
    for (; a[n] && n < 15; n++) w[n] = (WCHAR)(unsigned char)a[n];
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, col, w, (unsigned long)(n * sizeof(WCHAR)), 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
}

TEST(unidef_indexes_take_the_instance_value_when_created) {
    /* data-ddl 8 step 10: a Unicode index whose map flags are 0 takes the instance's flags; a
     * text index without JET_bitIndexUnicode takes the instance's locale and flags. The value
     * is the one at index creation: it may change after JetInit (no lock in its setter). */
    JET_INSTANCE inst = fixture_created("idx");
    CHECK_OK(set(&inst, 0x407, IGNORECASE));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("u.edb"), NULL, &db, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypText;
    cd.cp = 1200;
    JET_COLUMNID col = 0;
    CHECK_OK(JetAddColumnA(s, t, "word", &cd, NULL, 0, &col));
    CHECK_OK(create_index(s, t, "plain1", 0, 0, 0));
    check_index(s, t, "plain1", "de-DE", IGNORECASE | SORTKEY);
    /* the plain index's flags are the instance's too: with NORM_IGNORECASE "abc" and "ABC" are
     * one key, so a unique index over both cannot be built */
    insert_word(s, t, col, "abc");
    insert_word(s, t, col, "ABC");
    JET_INDEXCREATE_A ux;
    memset(&ux, 0, sizeof ux);
    ux.cbStruct = sizeof ux;
    ux.szIndexName = (char *)"unique";
    ux.szKey = (char *)"+word\0";
    ux.cbKey = 7;
    ux.grbit = JET_bitIndexUnique;
    CHECK_ERR(JET_errKeyDuplicate, JetCreateIndex2A(s, t, &ux, 1));
    CHECK_OK(create_index(s, t, "uni1", 1, 0x40C, 0));
    check_index(s, t, "uni1", "fr-FR", IGNORECASE | SORTKEY);
    CHECK_OK(create_index(s, t, "uni_own", 1, 0x40C, 0x2));
    check_index(s, t, "uni_own", "fr-FR", 0x2 | SORTKEY);
    /* after JetInit the value still changes, and the next index takes the new one */
    CHECK_OK(set(&inst, 0x411, 0x10));
    CHECK_VALUE(inst, 0x411, 0x10 | SORTKEY);
    CHECK_OK(create_index(s, t, "plain2", 0, 0, 0));
    check_index(s, t, "plain2", "ja-JP", 0x10 | SORTKEY);
    CHECK_OK(create_index(s, t, "uni2", 1, 0x409, 0));
    check_index(s, t, "uni2", "en-US", 0x10 | SORTKEY);
    /* case-sensitive now (LINGUISTIC_IGNORECASE is 0x10, so choose flags without any case bit) */
    CHECK_OK(set(&inst, 0x411, 0x2));
    CHECK_OK(JetCreateIndex2A(s, t, &ux, 1));
    check_index(s, t, "unique", "ja-JP", 0x2 | SORTKEY);
    /* existing indexes keep what they were made with */
    check_index(s, t, "plain1", "de-DE", IGNORECASE | SORTKEY);
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramUnicodeIndexDefault, 0, NULL));
    CHECK_OK(create_index(s, t, "plain3", 0, 0, 0));
    check_index(s, t, "plain3", "en-US", DEFAULT_FLAGS);
    CHECK_OK(JetTerm(inst));
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(unidef_trace_shows_the_struct) {
    /* S-LIF-05: the trace shows the JET_UNICODEINDEX that lParam points to (or NULL), not the
     * pointer as a number, and the get's line shows the struct written */
    char path[64];
    snprintf(path, sizeof path, "/tmp/esent-trace-uni-%d.log", (int)getpid());
    unlink(path);
    setenv("ESENT_TRACE", path, 1);
    JET_UNICODEINDEX u = {0x407, IGNORECASE};
    CHECK_OK(JetSetSystemParameterA(NULL, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL));
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramUnicodeIndexDefault, 0, NULL));
    CHECK_OK(set(NULL, 0x40C, 0));
    JET_UNICODEINDEX v;
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&v, NULL, sizeof v));
    JET_SETSYSPARAM_A p = {JET_paramUnicodeIndexDefault, (JET_API_PTR)&u, NULL, 0};
    uint32_t n = 0;
    CHECK_OK(JetEnableMultiInstanceA(&p, 1, &n));
    CHECK_VALUE(0, 0x407, IGNORECASE | SORTKEY);
    static char text[1 << 14];
    text[0] = 0;
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = 0;
        fclose(f);
    }
    char decimal[32];
    snprintf(decimal, sizeof decimal, "%lld", (long long)(JET_API_PTR)&u);
    CHECK(strstr(text, "JET_paramUnicodeIndexDefault, &{lcid=0x407, dwMapFlags=0x1}") != NULL);
    CHECK(strstr(text, "JET_paramUnicodeIndexDefault, NULL") != NULL);
    CHECK(strstr(text, "out={lcid=0x40c, dwMapFlags=0x400}") != NULL);
    CHECK(strstr(text, "{JET_paramUnicodeIndexDefault, &{lcid=0x407, dwMapFlags=0x1}, NULL}") != NULL);
    CHECK(strstr(text, decimal) == NULL);
    unlink(path);
}

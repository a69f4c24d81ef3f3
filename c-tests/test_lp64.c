/* The LP64 compatibility mode (S-ABI-11): Windows code passes sizeof(long), 8 bytes on Linux,
 * for JET_coltypLong values. Off: ESE's sizes exactly (data-records 4.2, 5.1, 6.2). On: an
 * 8-byte value that fits is taken by JetSetColumn(s) and JetMakeKey, and JetRetrieveColumn(s)
 * into 8 bytes widens. Each case runs in its own process, so the mode starts from the
 * environment each time; the cases that read the environment are TEST_FRESH (the library's
 * first reading of ESENT_LP64_COMPAT and ESENT_TRACE must be theirs). */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lt {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id, ul, sh, ll, tag; /* Long (primary key), UnsignedLong, Short, LongLong, tagged MV Long */
};

static JET_COLUMNDEF coldef(JET_COLTYP coltyp, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.grbit = grbit;
    return c;
}

static struct lt lt_open(void) {
    struct lt r;
    memset(&r, 0, sizeof r);
    r.inst = fixture_running("lp64", -1);
    r.s = fixture_session(r.inst);
    CHECK_OK(JetCreateDatabase(r.s, fixture_path("lp64.edb"), NULL, &r.dbid, 0));
    CHECK_OK(JetCreateTable(r.s, r.dbid, "T", 0, 0, &r.t));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Id", &c, NULL, 0, &r.id));
    c = coldef(JET_coltypUnsignedLong, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "U", &c, NULL, 0, &r.ul));
    c = coldef(JET_coltypShort, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "S", &c, NULL, 0, &r.sh));
    c = coldef(JET_coltypLongLong, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "LL", &c, NULL, 0, &r.ll));
    c = coldef(JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK_OK(JetAddColumn(r.s, r.t, "Tags", &c, NULL, 0, &r.tag));
    CHECK_OK(JetCreateIndex(r.s, r.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCreateIndex(r.s, r.t, "ByU", 0, "+U\0", 4, 100));
    return r;
}

static void set_mode(JET_API_PTR on) {
    CHECK_OK(JetSetSystemParameterA(NULL, 0, ESENT_paramLP64Compat, on, NULL));
}

static JET_API_PTR get_mode(void) {
    JET_API_PTR v = 99;
    CHECK_OK(JetGetSystemParameterA(0, 0, ESENT_paramLP64Compat, &v, NULL, 0));
    return v;
}

/* An 8-byte buffer filled with 0xAA, to see what a retrieval writes. */
static int64_t marked(void) {
    int64_t v;
    memset(&v, 0xAA, sizeof v);
    return v;
}

TEST_FRESH(lp64_off_by_default_sizes_are_eses) {
    /* S-ABI-11 (off), data-records 4.2, 5.1, 6.2: without the mode an 8-byte value for a 4-byte
     * column is -1047 everywhere, and a retrieval into 8 bytes writes 4 */
    unsetenv("ESENT_LP64_COMPAT");
    struct lt r = lt_open();
    CHECK_EQ(get_mode(), 0);
    int64_t big = 7;
    int32_t small = 7;
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.id, &big, sizeof big, 0, NULL));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.ul, &big, sizeof big, 0, NULL));
    /* a tagged column checks its maximum first (data-records 4.2) */
    CHECK_ERR(JET_errColumnTooBig, JetSetColumn(r.s, r.t, r.tag, &big, sizeof big, 0, NULL));
    JET_SETCOLUMN sc[1];
    memset(sc, 0, sizeof sc);
    sc[0].columnid = r.id;
    sc[0].pvData = &big;
    sc[0].cbData = sizeof big;
    sc[0].itagSequence = 1;
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumns(r.s, r.t, sc, 1));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &small, sizeof small, 0, NULL));
    small = -2;
    CHECK_OK(JetSetColumn(r.s, r.t, r.ul, &small, sizeof small, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(r.s, 0));

    CHECK_OK(JetMakeKey(r.s, r.t, &small, sizeof small, JET_bitNewKey)); /* 4 bytes: fine */
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &big, sizeof big, JET_bitNewKey));

    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    int64_t out = marked();
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &out, sizeof out, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    unsigned char bytes[8];
    memcpy(bytes, &out, 8);
    CHECK_EQ(bytes[0], 7);
    CHECK_EQ(bytes[4], 0xAA); /* the upper half is the caller's */
    JET_RETRIEVECOLUMN rc[1];
    memset(rc, 0, sizeof rc);
    out = marked();
    rc[0].columnid = r.ul;
    rc[0].pvData = &out;
    rc[0].cbData = sizeof out;
    rc[0].itagSequence = 1;
    CHECK_OK(JetRetrieveColumns(r.s, r.t, rc, 1));
    CHECK_EQ(rc[0].cbActual, 4);
    memcpy(bytes, &out, 8);
    CHECK_EQ(bytes[0], 0xFE);
    CHECK_EQ(bytes[7], 0xAA);
    CHECK_OK(JetTerm(r.inst));
}

TEST(lp64_on_set_key_and_retrieve_take_eight_bytes) {
    /* S-ABI-11 (on): Long sign-extends, UnsignedLong zero-extends, values that do not fit are
     * -1047; Short and LongLong are untouched */
    unsetenv("ESENT_LP64_COMPAT");
    struct lt r = lt_open();
    set_mode(1);
    CHECK_EQ(get_mode(), 1);
    CHECK_OK(JetBeginTransaction(r.s));
    long ids[] = {-5, 2147483647L, -2147483647L - 1, 3};
    for (int i = 0; i < 4; i++) {
        CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(r.s, r.t, r.id, &ids[i], sizeof ids[i], 0, NULL));
        long u = i == 0 ? 4294967295L : i; /* UnsignedLong's largest value */
        CHECK_OK(JetSetColumn(r.s, r.t, r.ul, &u, sizeof u, 0, NULL));
        JET_SETINFO si = {sizeof si, 0, 0};
        long tags[] = {10L * i, -1};
        for (int k = 0; k < 2; k++) CHECK_OK(JetSetColumn(r.s, r.t, r.tag, &tags[k], sizeof tags[k], 0, &si));
        CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    }
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    long over = 2147483648L, under = -2147483649L, neg = -1, u33 = 4294967296L;
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.id, &over, sizeof over, 0, NULL));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.id, &under, sizeof under, 0, NULL));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.ul, &neg, sizeof neg, 0, NULL));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.ul, &u33, sizeof u33, 0, NULL));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.sh, &neg, sizeof neg, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, r.ll, &u33, sizeof u33, 0, NULL)); /* a real 8-byte column */
    /* JetSetColumns goes through the same check */
    JET_SETCOLUMN sc[2];
    memset(sc, 0, sizeof sc);
    long nine = 9;
    sc[0].columnid = r.id;
    sc[0].pvData = &nine;
    sc[0].cbData = sizeof nine;
    sc[0].itagSequence = 1;
    sc[1] = sc[0];
    sc[1].columnid = r.ul;
    sc[1].pvData = &over;
    CHECK_OK(JetSetColumns(r.s, r.t, sc, 2));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(r.s, 0));

    /* JetMakeKey: 8 bytes that fit seek; ones that do not are -1047 */
    for (int i = 0; i < 4; i++) {
        CHECK_OK(JetMakeKey(r.s, r.t, &ids[i], sizeof ids[i], JET_bitNewKey));
        CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
        long got = 0;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &got, sizeof got, &cb, 0, NULL));
        CHECK_EQ(cb, 8);
        CHECK_EQ(got, ids[i]);
        int32_t four = 0;
        CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &four, sizeof four, &cb, 0, NULL));
        CHECK_EQ(cb, 4); /* a 4-byte buffer is as ever */
        CHECK_EQ(four, (int32_t)ids[i]);
    }
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &over, sizeof over, JET_bitNewKey));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByU"));
    long umax = 4294967295L;
    CHECK_OK(JetMakeKey(r.s, r.t, &umax, sizeof umax, JET_bitNewKey));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    long got = 0;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.ul, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(cb, 8);
    CHECK_EQ(got, 4294967295L); /* zero-extended, not -1 */
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(got, -5);
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &neg, sizeof neg, JET_bitNewKey));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "PK"));

    /* JetRetrieveColumns: the one-decode path (real itags) and the element path (itag 2 of a
     * tagged column, a Short into 8 bytes stays 2) */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0)); /* Id INT32_MIN */
    long a = 0, b = 0, t2 = 0;
    int64_t s8 = marked();
    JET_RETRIEVECOLUMN rc[4];
    memset(rc, 0, sizeof rc);
    rc[0].columnid = r.id;
    rc[0].pvData = &a;
    rc[0].cbData = sizeof a;
    rc[0].itagSequence = 1;
    rc[1] = rc[0];
    rc[1].columnid = r.ul;
    rc[1].pvData = &b;
    rc[2] = rc[0];
    rc[2].columnid = r.tag;
    rc[2].pvData = &t2;
    rc[2].itagSequence = 2;
    rc[3] = rc[0];
    rc[3].columnid = r.sh;
    rc[3].pvData = &s8;
    CHECK_OK(JetRetrieveColumns(r.s, r.t, rc, 4));
    CHECK_EQ(a, -2147483647L - 1);
    CHECK_EQ(rc[0].cbActual, 8);
    CHECK_EQ(b, 2);
    CHECK_EQ(rc[1].cbActual, 8);
    CHECK_EQ(t2, -1);
    CHECK_EQ(rc[2].cbActual, 8);
    /* NULL stays NULL: nothing written, cbActual 0 */
    CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(r.s, r.t, r.sh, &s8, sizeof s8, &cb, 0, NULL));
    CHECK_EQ(cb, 0);
    CHECK_EQ(s8, marked());
    CHECK_EQ(rc[3].err, JET_wrnColumnNull);
    CHECK_EQ(rc[3].cbActual, 0);
    CHECK_EQ(s8, marked());
    /* the row of JetSetColumns: Id 9, U 2147483648 */
    CHECK_OK(JetMakeKey(r.s, r.t, &nine, sizeof nine, JET_bitNewKey));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(got, 9);
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.ul, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(got, 2147483648L);
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.ll, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(cb, 8);
    CHECK_EQ(got, 4294967296L);

    /* off again: ESE's rule */
    set_mode(0);
    CHECK_EQ(get_mode(), 0);
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &nine, sizeof nine, JET_bitNewKey));
    got = marked();
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &got, sizeof got, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    CHECK_OK(JetTerm(r.inst));
}

TEST(lp64_temporary_tables) {
    /* S-ABI-11 with data-records 8.6: a sort's Long key and column take 8 bytes too */
    unsetenv("ESENT_LP64_COMPAT");
    JET_INSTANCE inst = fixture_running("lp64tt", -1);
    JET_SESID s = fixture_session(inst);
    set_mode(1);
    JET_COLUMNDEF cols[2];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    cols[1] = cols[0];
    cols[1].grbit = 0;
    JET_TABLEID tt = 0;
    JET_COLUMNID ids[2];
    CHECK_OK(JetOpenTempTable(s, cols, 2, 0, &tt, ids));
    for (long v = -2; v <= 2; v++) {
        long w = v * 100;
        CHECK_OK(JetPrepareUpdate(s, tt, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, tt, ids[0], &v, sizeof v, 0, NULL));
        CHECK_OK(JetSetColumn(s, tt, ids[1], &w, sizeof w, 0, NULL));
        CHECK_OK(JetUpdate(s, tt, NULL, 0, NULL));
    }
    long want = 2;
    for (JET_ERR e = JetMove(s, tt, JET_MoveFirst, 0); e != JET_errNoCurrentRecord; e = JetMove(s, tt, JET_MoveNext, 0)) {
        CHECK_OK(e);
        long k = 0, w = 0;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(s, tt, ids[0], &k, sizeof k, &cb, 0, NULL));
        CHECK_EQ(cb, 8);
        CHECK_OK(JetRetrieveColumn(s, tt, ids[1], &w, sizeof w, &cb, 0, NULL));
        CHECK_EQ(k, want);
        CHECK_EQ(w, want * 100);
        want--;
    }
    CHECK_EQ(want, -3);
    CHECK_OK(JetCloseTable(s, tt));
    CHECK_OK(JetTerm(inst));
}

TEST_FRESH(lp64_environment_variable) {
    /* S-ABI-11: ESENT_LP64_COMPAT=1 turns the mode on before any call; the parameter still
     * turns it off */
    setenv("ESENT_LP64_COMPAT", "1", 1);
    struct lt r = lt_open();
    CHECK_EQ(get_mode(), 1);
    long v = -12;
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &v, sizeof v, 0, NULL));
    set_mode(0);
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, r.id, &v, sizeof v, 0, NULL));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepCancel));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_OK(JetTerm(r.inst));
}

TEST_FRESH(lp64_environment_variable_other_values_are_off) {
    /* S-ABI-11: "0" (and anything not understood) leaves the mode off */
    setenv("ESENT_LP64_COMPAT", "0", 1);
    CHECK_EQ(get_mode(), 0);
    set_mode(5); /* any nonzero value turns it on */
    CHECK_EQ(get_mode(), 1);
}

TEST(lp64_parameter_checks_handles) {
    /* S-ABI-11 with S-HDL-02: the parameter is process-wide, but a bad instance or session
     * handle is refused as for any parameter */
    unsetenv("ESENT_LP64_COMPAT");
    JET_INSTANCE inst = fixture_running("lp64h", -1);
    CHECK_OK(JetSetSystemParameterA(&inst, 0, ESENT_paramLP64Compat, 1, NULL));
    CHECK_EQ(get_mode(), 1);
    JET_API_PTR v = 0;
    CHECK_OK(JetGetSystemParameterA(inst, 0, ESENT_paramLP64Compat, &v, NULL, 0));
    CHECK_EQ(v, 1);
    CHECK_ERR(JET_errInvalidSesid, JetSetSystemParameterA(&inst, (JET_SESID)0x1234, ESENT_paramLP64Compat, 0, NULL));
    CHECK_EQ(get_mode(), 1);
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(inst, 0, ESENT_paramLP64Compat, NULL, NULL, 0));
    CHECK_OK(JetTerm(inst));
}

TEST_FRESH(lp64_conversions_are_traced) {
    /* S-ABI-11, S-LIF-05: each converted value is noted on its call's trace line */
    char path[64];
    snprintf(path, sizeof path, "/tmp/esent-lp64-trace-%d.log", (int)getpid());
    unlink(path);
    setenv("ESENT_TRACE", path, 1);
    setenv("ESENT_LP64_COMPAT", "1", 1);
    struct lt r = lt_open();
    long v = 42;
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &v, sizeof v, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(r.s, 0));
    CHECK_OK(JetMakeKey(r.s, r.t, &v, sizeof v, JET_bitNewKey));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &v, sizeof v, &cb, 0, NULL));
    CHECK_OK(JetTerm(r.inst));
    static char text[1 << 16];
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = 0;
    if (f) fclose(f);
    unlink(path);
    CHECK(strstr(text, "JetSetColumn(") && strstr(text, "lp64=narrowed(0x1)"));
    CHECK(strstr(text, "JetMakeKey(") && strstr(text, "lp64=narrowed(segment 1)"));
    CHECK(strstr(text, "JetRetrieveColumn(") && strstr(text, "lp64=widened(0x1)"));
}

TEST(lp64_escrow_update) {
    /* S-ABI-11 with data-records 4.6: JetEscrowUpdate of a Long escrow column takes an 8-byte
     * delta that fits and writes the old value widened into 8 bytes; off, both are -1047 */
    unsetenv("ESENT_LP64_COMPAT");
    struct lt r = lt_open();
    JET_COLUMNDEF c = coldef(JET_coltypLong, JET_bitColumnEscrowUpdate);
    JET_COLUMNID esc = 0;
    int32_t zero = 0;
    CHECK_OK(JetAddColumn(r.s, r.t, "Esc", &c, &zero, 4, &esc));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    int32_t id = 1;
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, sizeof id, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    long delta = -3, old = 99;
    uint32_t cb = 0;
    CHECK_ERR(JET_errInvalidBufferSize, JetEscrowUpdate(r.s, r.t, esc, &delta, sizeof delta, NULL, 0, NULL, 0));
    int32_t d4 = -3, o4 = 0;
    CHECK_OK(JetEscrowUpdate(r.s, r.t, esc, &d4, sizeof d4, &o4, sizeof o4, &cb, 0));
    /* off: an 8-byte old-value buffer gets 4 bytes */
    old = marked();
    CHECK_OK(JetEscrowUpdate(r.s, r.t, esc, &d4, sizeof d4, &old, sizeof old, &cb, 0));
    CHECK_EQ(cb, 4);
    CHECK_EQ((int32_t)(old & 0xFFFFFFFF), -3);
    CHECK_EQ((uint32_t)((uint64_t)old >> 32), 0xAAAAAAAAu);
    set_mode(1);
    CHECK_OK(JetEscrowUpdate(r.s, r.t, esc, &delta, sizeof delta, &old, sizeof old, &cb, 0));
    CHECK_EQ(cb, 8);
    CHECK_EQ(old, -6); /* sign-extended */
    long big = 2147483648L;
    CHECK_ERR(JET_errInvalidBufferSize, JetEscrowUpdate(r.s, r.t, esc, &big, sizeof big, NULL, 0, NULL, 0));
    CHECK_OK(JetCommitTransaction(r.s, 0));
    long v = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, esc, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(v, -9);
    CHECK_OK(JetTerm(r.inst));
}

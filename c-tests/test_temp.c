/* Temporary tables and sorts: JetOpenTempTable, JetOpenTempTable2, JetOpenTempTable3,
 * JetOpenTemporaryTable, JetOpenTemporaryTable2 (data-records 8.1-8.7; S-THD-02 for their
 * lifetime; S-BAD-01 for bad arguments). */
#include "check.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static JET_COLUMNDEF tcol(JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = grbit;
    return c;
}

/* Whether the case runs under valgrind (memcheck: keep big sorts out). */
static int under_valgrind(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* An instance whose temporary tables live in the case's scratch directory. */
static JET_INSTANCE temp_instance(const char *name, long max_temp) {
    JET_INSTANCE inst = fixture_created(name);
    char path[1024];
    snprintf(path, sizeof path, "%s/", fixture_dir());
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, path));
    if (max_temp >= 0)
        CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramMaxTemporaryTables, (JET_API_PTR)max_temp, NULL));
    CHECK_OK(JetInit(&inst));
    return inst;
}

/* How many entries (other than . and ..) the scratch directory holds. */
static int files_in_scratch(void) {
    DIR *d = opendir(fixture_dir());
    int n = 0;
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static JET_ERR put_long(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, int32_t v) {
    JET_ERR e = JetPrepareUpdate(s, t, JET_prepInsert);
    if (e) return e;
    CHECK_OK(JetSetColumn(s, t, c, &v, sizeof v, 0, NULL));
    e = JetUpdate(s, t, NULL, 0, NULL);
    if (e < 0) JetPrepareUpdate(s, t, JET_prepCancel);
    return e;
}

static int32_t get_long(JET_SESID s, JET_TABLEID t, JET_COLUMNID c) {
    int32_t v = -12345;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, c, &v, sizeof v, &cb, 0, NULL));
    return v;
}

/* A one-column sort over a Long key. */
static JET_TABLEID long_sort(JET_SESID s, JET_GRBIT grbit, JET_COLUMNID *id) {
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_TABLEID t = 0;
    CHECK_OK(JetOpenTempTable(s, &c, 1, grbit, &t, id));
    return t;
}

/* data-records 8.1/8.2: column ids by class in definition order, written to prgcolumnid;
 * *ptableid nil first; the validation order's codes. */
TEST(temp_open_validation) {
    JET_INSTANCE inst = temp_instance("temp_open", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNDEF cols[4] = {
        tcol(JET_coltypLong, 0, JET_bitColumnTTKey),
        tcol(JET_coltypText, 0, 0),
        tcol(JET_coltypLongText, 0, 0),
        tcol(JET_coltypBinary, 10, JET_bitColumnFixed),
    };
    JET_COLUMNID ids[4] = {0, 0, 0, 0};
    JET_TABLEID t = 0;
    CHECK_OK(JetOpenTempTable(s, cols, 4, 0, &t, ids));
    CHECK_EQ(ids[0], 1);
    CHECK_EQ(ids[1], 128);
    CHECK_EQ(ids[2], 256);
    CHECK_EQ(ids[3], 2);
    CHECK_OK(JetCloseTable(s, t));

    /* S-BAD-01: a bad session, a NULL out-pointer, NULL arrays with columns */
    CHECK_ERR(JET_errInvalidSesid, JetOpenTempTable((JET_SESID)0x1234, cols, 1, 0, &t, ids));
    CHECK_ERR(JET_errInvalidParameter, JetOpenTempTable(s, cols, 1, 0, NULL, ids));
    CHECK_ERR(JET_errInvalidParameter, JetOpenTempTable(s, NULL, 1, 0, &t, ids));
    CHECK_ERR(JET_errInvalidParameter, JetOpenTempTable(s, cols, 1, 0, &t, NULL));

    /* 8.2 step 3: ForwardOnly with what needs a table; nil written first */
    t = 77;
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s, cols, 1, JET_bitTTForwardOnly | JET_bitTTIndexed, &t, ids));
    CHECK(t == JET_tableidNil);
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s, cols, 1, JET_bitTTForwardOnly | JET_bitTTUpdatable, &t, ids));
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s, cols, 1, JET_bitTTForwardOnly | JET_bitTTScrollable, &t, ids));
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s, cols, 1, JET_bitTTForwardOnly | JET_bitTTForceMaterialization, &t, ids));
    /* 8.3: ForwardOnly on what is materialized at once (no key; long values) */
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s, cols + 1, 1, JET_bitTTForwardOnly, &t, ids));
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s, cols, 3, JET_bitTTForwardOnly, &t, ids));
    /* ... unless long values are intrinsic only */
    CHECK_OK(JetOpenTempTable(s, cols, 3, JET_bitTTForwardOnly | JET_bitTTIntrinsicLVsOnly, &t, ids));
    CHECK_OK(JetCloseTable(s, t));

    /* 8.2 step 7: a text column's code page; the ids were written first (step 12) */
    JET_COLUMNDEF bad[2] = {tcol(JET_coltypLong, 0, 0), tcol(JET_coltypText, 0, 0)};
    bad[1].cp = 437;
    JET_COLUMNID bid[2] = {0, 0};
    CHECK_ERR(JET_errInvalidCodePage, JetOpenTempTable(s, bad, 2, 0, &t, bid));
    CHECK(t == JET_tableidNil);
    CHECK_EQ(bid[0], 1);
    CHECK_EQ(bid[1], 128);
    bad[1].cp = 1200;
    CHECK_OK(JetOpenTempTable(s, bad, 2, 0, &t, bid));
    CHECK_OK(JetCloseTable(s, t));
    bad[0].cp = 437; /* ignored on a non-text column */
    bad[1].cp = 0;
    CHECK_OK(JetOpenTempTable(s, bad, 2, 0, &t, bid));
    CHECK_OK(JetCloseTable(s, t));

    /* 8.2 step 6: more fixed columns than fids: the ids before the failing one are written */
    JET_COLUMNDEF many[128];
    JET_COLUMNID mid[128];
    for (int i = 0; i < 128; i++) {
        many[i] = tcol(JET_coltypLong, 0, 0);
        mid[i] = 0;
    }
    CHECK_ERR(JET_errTooManyColumns, JetOpenTempTable(s, many, 128, 0, &t, mid));
    CHECK_EQ(mid[126], 127);
    CHECK_EQ(mid[127], 0);

    /* 8.1: JetOpenTempTable2's LCID (0 is the instance default; unknown: -1062) */
    CHECK_ERR(JET_errInvalidLanguageId, JetOpenTempTable2(s, cols, 1, 0x12345, 0, &t, ids));
    CHECK_OK(JetOpenTempTable2(s, cols, 1, 0, 0, &t, ids));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetOpenTempTable2(s, cols, 1, 0x409, 0, &t, ids));
    CHECK_OK(JetCloseTable(s, t));

    /* JetOpenTempTable3: a JET_UNICODEINDEX, or NULL */
    JET_UNICODEINDEX ui = {0x409, 0};
    CHECK_OK(JetOpenTempTable3(s, cols, 1, &ui, 0, &t, ids));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetOpenTempTable3(s, cols, 1, NULL, 0, &t, ids));
    CHECK_OK(JetCloseTable(s, t));
    ui.lcid = 0x12345;
    CHECK_ERR(JET_errInvalidLanguageId, JetOpenTempTable3(s, cols, 1, &ui, 0, &t, ids));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.1, 8.2 step 5: JET_OPENTEMPORARYTABLE(2): cbStruct, key sizes, tableid */
TEST(temp_open_temporary_table_structs) {
    JET_INSTANCE inst = temp_instance("temp_structs", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_COLUMNID id = 0;
    JET_OPENTEMPORARYTABLE o;
    memset(&o, 0, sizeof o);
    o.cbStruct = sizeof o;
    o.prgcolumndef = &c;
    o.ccolumn = 1;
    o.prgcolumnid = &id;
    CHECK_EQ(sizeof o, 64);
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, NULL));
    o.cbStruct = 63;
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, &o));
    o.cbStruct = sizeof o;
    o.cbKeyMost = 100; /* below JET_cbKeyMostMin */
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, &o));
    CHECK(o.tableid == JET_tableidNil);
    o.cbKeyMost = 100000; /* above the page's key limit */
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, &o));
    o.cbKeyMost = 0;
    o.cbVarSegMac = 256; /* above 255 with cbKeyMost 0 */
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, &o));
    o.cbKeyMost = 300;
    o.cbVarSegMac = 301; /* above cbKeyMost */
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable(s, &o));
    o.cbVarSegMac = 300;
    CHECK_OK(JetOpenTemporaryTable(s, &o));
    CHECK(o.tableid != JET_tableidNil);
    CHECK_EQ(id, 1);
    CHECK_OK(put_long(s, o.tableid, id, 5));
    CHECK_OK(JetMove(s, o.tableid, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, o.tableid, id), 5);
    CHECK_OK(JetCloseTable(s, o.tableid));
    JET_UNICODEINDEX ui = {0x12345, 0};
    o.pidxunicode = &ui;
    CHECK_ERR(JET_errInvalidLanguageId, JetOpenTemporaryTable(s, &o));

    JET_OPENTEMPORARYTABLE2 o2;
    memset(&o2, 0, sizeof o2);
    o2.cbStruct = sizeof o2;
    o2.prgcolumndef = &c;
    o2.ccolumn = 1;
    o2.prgcolumnid = &id;
    CHECK_EQ(sizeof o2, 64);
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable2(s, NULL));
    o2.cbStruct = 65;
    CHECK_ERR(JET_errInvalidParameter, JetOpenTemporaryTable2(s, &o2));
    o2.cbStruct = sizeof o2;
    WCHAR en[] = {'e', 'n', '-', 'U', 'S', 0};
    JET_UNICODEINDEX2 u2 = {en, 0};
    o2.pidxunicode = &u2;
    CHECK_OK(JetOpenTemporaryTable2(s, &o2));
    CHECK(o2.tableid != JET_tableidNil);
    CHECK_OK(JetCloseTable(s, o2.tableid));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.2 step 4: at most JET_paramMaxTemporaryTables temp tables are alive (ESE's
 * sort control blocks: -1701 past them); a duplicate cursor shares its table's place, a
 * closed table gives its place back */
TEST(temp_max_tables) {
    JET_INSTANCE inst = temp_instance("temp_max", 2);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    JET_TABLEID a = long_sort(s, JET_bitTTScrollable, &id);
    JET_TABLEID b = long_sort(s, 0, &id);
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_TABLEID t = 0;
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK(t == JET_tableidNil);
    CHECK_OK(put_long(s, a, id, 1));
    CHECK_OK(JetMove(s, a, JET_MoveFirst, 0));
    JET_TABLEID d = 0;
    CHECK_OK(JetDupCursor(s, a, &d, 0));
    CHECK_OK(JetCloseTable(s, b));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &b, &id));
    CHECK_OK(JetCloseTable(s, a)); /* the duplicate still holds the table */
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &b, &id));
    CHECK_OK(JetCloseTable(s, d));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &b, &id));
    CHECK_OK(JetEndSession(s, 0));
    /* the session's end gave every place back */
    s = fixture_session(inst);
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &a, &id));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &b, &id));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.2 step 2: JET_paramMaxTemporaryTables 0 disables them (-1701) */
TEST(temp_disabled) {
    JET_INSTANCE inst = temp_instance("temp_off", 0);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id = 0;
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_TABLEID t = 5;
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK(t == JET_tableidNil);
    CHECK_EQ(id, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4, 8.6: a sort: records back in key order, duplicates dropped silently, no
 * bookmark from JetUpdate, what each phase refuses (-1312) */
TEST(temp_sort_phases) {
    JET_INSTANCE inst = temp_instance("temp_sort", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    JET_TABLEID t = long_sort(s, 0, &id);
    int32_t in[] = {5, 3, 9, 3, 1, 9};
    for (int i = 0; i < 6; i++) {
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, id, &in[i], sizeof in[i], 0, NULL));
        unsigned char bm[16];
        memset(bm, 0xAA, sizeof bm);
        uint32_t cb = 999;
        CHECK_OK(JetUpdate(s, t, bm, sizeof bm, &cb));
        CHECK_EQ(cb, 999);    /* untouched */
        CHECK_EQ(bm[0], 0xAA);
    }
    /* insert phase: no reads, bookmarks, deletes, index ranges, cursor info, current index */
    int32_t v = 0;
    uint32_t cb = 0;
    CHECK_ERR(JET_errIllegalOperation, JetRetrieveColumn(s, t, id, &v, sizeof v, &cb, 0, NULL));
    unsigned char bm[8];
    CHECK_ERR(JET_errIllegalOperation, JetGetBookmark(s, t, bm, sizeof bm, &cb));
    CHECK_ERR(JET_errIllegalOperation, JetGotoBookmark(s, t, bm, 4));
    CHECK_ERR(JET_errIllegalOperation, JetDelete(s, t));
    CHECK_ERR(JET_errIllegalOperation, JetSetIndexRange(s, t, 0));
    JET_TABLEID dup = 0;
    CHECK_ERR(JET_errIllegalOperation, JetDupCursor(s, t, &dup, 0));
    CHECK_ERR(JET_errIllegalOperation, JetGetCursorInfo(s, t, NULL, 0, 0));
    CHECK_ERR(JET_errIllegalOperation, JetSetCurrentIndex(s, t, NULL));
    char name[64];
    CHECK_ERR(JET_errIllegalOperation, JetGetCurrentIndex(s, t, name, sizeof name));
    /* the first move ends it: on the first record in key order */
    CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    int32_t want[] = {1, 3, 5, 9};
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(get_long(s, t, id), want[i]);
        CHECK_OK(JetMove(s, t, 0, 0));
        CHECK_ERR(i < 3 ? JET_errSuccess : JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    }
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, 0, 0));
    /* retrieve phase: not scrollable: no backward moves, no seeks; no updates or deletes */
    CHECK_ERR(JET_errIllegalOperation, JetMove(s, t, JET_MovePrevious, 0));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 1);
    CHECK_OK(JetMove(s, t, JET_MoveLast, 0));
    CHECK_EQ(get_long(s, t, id), 9);
    CHECK_OK(JetMakeKey(s, t, &want[1], sizeof want[1], JET_bitNewKey));
    CHECK_ERR(JET_errIllegalOperation, JetSeek(s, t, JET_bitSeekEQ));
    CHECK_ERR(JET_errIllegalOperation, JetSetIndexRange(s, t, 0));
    CHECK_ERR(JET_errIllegalOperation, JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_ERR(JET_errIllegalOperation, JetSetColumn(s, t, id, &v, sizeof v, 0, NULL));
    CHECK_ERR(JET_errIllegalOperation, JetDelete(s, t));
    CHECK_ERR(JET_errIllegalOperation, JetGetCursorInfo(s, t, NULL, 0, 0));
    /* keys are readable in both phases */
    unsigned char key[16];
    CHECK_OK(JetRetrieveKey(s, t, key, sizeof key, &cb, 0));
    CHECK_EQ(cb, 5);
    /* DDL and column or index information: never */
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, 0);
    JET_COLUMNID nc;
    CHECK_ERR(JET_errIllegalOperation, JetAddColumn(s, t, "X", &c, NULL, 0, &nc));
    CHECK_ERR(JET_errIllegalOperation, JetCreateIndex(s, t, "I", 0, "+X\0", 4, 100));
    CHECK_ERR(JET_errIllegalOperation, JetDeleteColumn(s, t, "c0"));
    JET_COLUMNDEF cd;
    CHECK_ERR(JET_errIllegalOperation, JetGetTableColumnInfo(s, t, "c0", &cd, sizeof cd, JET_ColInfo));
    uint32_t count = 0;
    CHECK_ERR(JET_errIllegalOperation, JetGetTableIndexInfo(s, t, NULL, &count, sizeof count, JET_IdxInfoCount));
    /* table information after the insert phase: JET_TblInfo only, with the record count */
    JET_OBJECTINFO oi;
    memset(&oi, 0xCC, sizeof oi);
    CHECK_OK(JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(oi.cbStruct, sizeof oi);
    CHECK_EQ(oi.objtyp, JET_objtypTable);
    CHECK_EQ(oi.cRecord, 4);
    CHECK_ERR(JET_errInvalidParameter, JetGetTableInfo(s, t, &oi, sizeof oi - 1, JET_TblInfo));
    CHECK_ERR(JET_errInvalidOperation, JetGetTableInfo(s, t, &count, sizeof count, JET_TblInfoDbid));
    CHECK_OK(JetCloseTable(s, t));
    t = long_sort(s, 0, &id);
    CHECK_ERR(JET_errIllegalOperation, JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4: the first JetMove counts the step to the first record it made; an empty
 * sort has none (-1603; a first seek: -1601) */
TEST(temp_first_move) {
    JET_INSTANCE inst = temp_instance("temp_first", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    JET_TABLEID t = long_sort(s, 0, &id);
    for (int32_t i = 1; i <= 5; i++) CHECK_OK(put_long(s, t, id, i * 10));
    CHECK_OK(JetMove(s, t, 3, 0)); /* first record, then two more */
    CHECK_EQ(get_long(s, t, id), 30);
    CHECK_OK(JetCloseTable(s, t));

    t = long_sort(s, 0, &id);
    for (int32_t i = 1; i <= 5; i++) CHECK_OK(put_long(s, t, id, i * 10));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 10);
    CHECK_OK(JetCloseTable(s, t));

    t = long_sort(s, 0, &id);
    for (int32_t i = 1; i <= 5; i++) CHECK_OK(put_long(s, t, id, i * 10));
    CHECK_OK(JetMove(s, t, 0, 0)); /* a move of 0 counts as the step taken */
    CHECK_EQ(get_long(s, t, id), 10);
    CHECK_OK(JetCloseTable(s, t));

    t = long_sort(s, 0, &id);
    for (int32_t i = 1; i <= 5; i++) CHECK_OK(put_long(s, t, id, i * 10));
    CHECK_OK(JetMove(s, t, JET_MoveLast, 0));
    CHECK_EQ(get_long(s, t, id), 50);
    CHECK_OK(JetCloseTable(s, t));

    t = long_sort(s, 0, &id);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, 0, 0));
    CHECK_OK(JetCloseTable(s, t));

    t = long_sort(s, JET_bitTTScrollable, &id);
    int32_t k = 1;
    CHECK_OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(s, t, JET_bitSeekGE));
    CHECK_OK(JetCloseTable(s, t));

    /* a prepared update is cancelled by the first move */
    t = long_sort(s, 0, &id);
    CHECK_OK(put_long(s, t, id, 7));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, id, &k, sizeof k, 0, NULL));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 7);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4: a scrollable (or indexed) sort: backward moves, seeks, index ranges, and
 * sort bookmarks (4-byte ordinals); a dup cursor in the retrieve phase */
TEST(temp_scrollable_sort) {
    JET_INSTANCE inst = temp_instance("temp_scroll", -1);
    JET_SESID s = fixture_session(inst);
    JET_GRBIT kinds[2] = {JET_bitTTScrollable, JET_bitTTIndexed};
    for (int kind = 0; kind < 2; kind++) {
        JET_COLUMNID id;
        JET_TABLEID t = long_sort(s, kinds[kind], &id);
        for (int32_t i = 10; i >= 1; i--) CHECK_OK(put_long(s, t, id, i * 10));
        int32_t k = 45;
        CHECK_OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
        CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(s, t, JET_bitSeekGE));
        CHECK_EQ(get_long(s, t, id), 50);
        CHECK_OK(JetMove(s, t, JET_MovePrevious, 0));
        CHECK_EQ(get_long(s, t, id), 40);
        CHECK_OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
        CHECK_ERR(JET_errRecordNotFound, JetSeek(s, t, JET_bitSeekEQ));
        k = 70;
        CHECK_OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
        CHECK_OK(JetSeek(s, t, JET_bitSeekEQ));
        CHECK_EQ(get_long(s, t, id), 70);
        /* bookmarks: the ordinal, 4 bytes */
        unsigned char bm[16];
        uint32_t cb = 0;
        CHECK_ERR(JET_errBufferTooSmall, JetGetBookmark(s, t, bm, 3, &cb));
        CHECK_OK(JetGetBookmark(s, t, bm, sizeof bm, &cb));
        CHECK_EQ(cb, 4);
        CHECK_EQ(bm[0] | bm[1] << 8, 6);
        CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
        CHECK_ERR(JET_errInvalidBookmark, JetGotoBookmark(s, t, bm, 3));
        CHECK_OK(JetGotoBookmark(s, t, bm, 4));
        CHECK_EQ(get_long(s, t, id), 70);
        unsigned char far[4] = {99, 0, 0, 0};
        CHECK_ERR(JET_errInvalidBookmark, JetGotoBookmark(s, t, far, 4));
        /* an index range: up to 80 inclusive */
        k = 80;
        CHECK_OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
        CHECK_OK(JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
        CHECK_EQ(get_long(s, t, id), 80);
        CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
        /* still read-only */
        CHECK_ERR(JET_errIllegalOperation, JetPrepareUpdate(s, t, JET_prepInsert));
        /* the first bookmark of a sort counts every record, whatever range is set; the cursor
         * stays where it was */
        JET_TABLEID f = long_sort(s, kinds[kind], &id);
        for (int32_t i = 1; i <= 5; i++) CHECK_OK(put_long(s, f, id, i));
        k = 2;
        CHECK_OK(JetMakeKey(s, f, &k, sizeof k, JET_bitNewKey));
        CHECK_OK(JetSeek(s, f, JET_bitSeekEQ));
        k = 3;
        CHECK_OK(JetMakeKey(s, f, &k, sizeof k, JET_bitNewKey));
        CHECK_OK(JetSetIndexRange(s, f, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        CHECK_OK(JetMove(s, f, JET_MoveNext, 0));
        CHECK_OK(JetGetBookmark(s, f, bm, sizeof bm, &cb));
        CHECK_EQ(bm[0], 2);
        CHECK_EQ(get_long(s, f, id), 3);
        CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, f, JET_MoveNext, 0));
        CHECK_OK(JetCloseTable(s, f));
        /* a duplicate cursor: same records, on the first one */
        JET_TABLEID d = 0;
        CHECK_OK(JetDupCursor(s, t, &d, 0));
        CHECK_EQ(get_long(s, d, id), 10);
        CHECK_ERR(JET_errIllegalOperation, JetPrepareUpdate(s, d, JET_prepInsert));
        CHECK_OK(JetCloseTable(s, t));
        /* the records live as long as a cursor on them does */
        CHECK_OK(JetMove(s, d, JET_MoveLast, 0));
        CHECK_EQ(get_long(s, d, id), 100);
        CHECK_OK(JetCloseTable(s, d));
    }
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4: descending segments, text keys, NULL segments (low, or high with
 * JET_bitTTSortNullsHigh) */
TEST(temp_key_order) {
    JET_INSTANCE inst = temp_instance("temp_keys", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNDEF cols[2] = {tcol(JET_coltypText, 20, JET_bitColumnTTKey),
                             tcol(JET_coltypLong, 0, JET_bitColumnTTKey | JET_bitColumnTTDescending)};
    JET_COLUMNID ids[2];
    JET_TABLEID t = 0;
    CHECK_OK(JetOpenTempTable(s, cols, 2, 0, &t, ids));
    const char *names[] = {"b", "a", "b", "A", "c"};
    int32_t nums[] = {1, 2, 3, 4, 5};
    for (int i = 0; i < 5; i++) {
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, ids[0], names[i], 1, 0, NULL));
        CHECK_OK(JetSetColumn(s, t, ids[1], &nums[i], 4, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    int32_t order[5];
    int n = 0;
    do {
        order[n++] = get_long(s, t, ids[1]);
    } while (n < 5 && JetMove(s, t, JET_MoveNext, 0) == JET_errSuccess);
    CHECK_EQ(n, 5);
    /* text ascending (case-insensitive: a/A together, higher number first), then b: 3 before 1 */
    CHECK_EQ(order[0], 4);
    CHECK_EQ(order[1], 2);
    CHECK_EQ(order[2], 3);
    CHECK_EQ(order[3], 1);
    CHECK_EQ(order[4], 5);
    CHECK_OK(JetCloseTable(s, t));

    for (int high = 0; high < 2; high++) {
        JET_COLUMNID id;
        t = long_sort(s, high ? JET_bitTTSortNullsHigh : 0, &id);
        CHECK_OK(put_long(s, t, id, 5));
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert)); /* a NULL key */
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
        CHECK_OK(put_long(s, t, id, -5));
        CHECK_OK(JetMove(s, t, high ? JET_MoveLast : JET_MoveFirst, 0));
        int32_t v = 0;
        uint32_t cb = 99;
        CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(s, t, id, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(cb, 0);
        CHECK_OK(JetCloseTable(s, t));
    }
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.3, 8.5: materialized temp tables: updatable sorts after their insert
 * phase, ForceMaterialization (= ErrorOnDuplicateInsertion) at once, tables without a key
 * (insertion order), long values */
TEST(temp_materialized) {
    JET_INSTANCE inst = temp_instance("temp_mat", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    /* updatable: a sort while inserting (duplicates dropped, no bookmark), a table after */
    JET_TABLEID t = long_sort(s, JET_bitTTUpdatable, &id);
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_OK(put_long(s, t, id, 1));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 1);
    CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    CHECK_EQ(get_long(s, t, id), 2);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    CHECK_ERR(JET_errKeyDuplicate, put_long(s, t, id, 2));
    unsigned char bm[16];
    uint32_t cb = 0;
    int32_t v = 3;
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, id, &v, sizeof v, 0, NULL));
    CHECK_OK(JetUpdate(s, t, bm, sizeof bm, &cb));
    CHECK(cb > 0);
    CHECK_OK(JetGotoBookmark(s, t, bm, cb));
    CHECK_EQ(get_long(s, t, id), 3);
    CHECK_OK(JetDelete(s, t));
    CHECK_OK(JetMove(s, t, JET_MoveLast, 0));
    CHECK_EQ(get_long(s, t, id), 2);
    CHECK_OK(JetGetCursorInfo(s, t, NULL, 0, 0));
    CHECK_ERR(JET_errIllegalOperation, JetSetCurrentIndex(s, t, NULL));
    CHECK_OK(JetCloseTable(s, t));

    /* ForceMaterialization: a table from the start */
    t = long_sort(s, JET_bitTTErrorOnDuplicateInsertion, &id);
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_ERR(JET_errKeyDuplicate, put_long(s, t, id, 2));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 2);
    CHECK_OK(JetCloseTable(s, t));

    /* no key: records in insertion order */
    JET_COLUMNDEF c[2] = {tcol(JET_coltypLong, 0, 0), tcol(JET_coltypLongText, 0, 0)};
    JET_COLUMNID ids[2];
    CHECK_OK(JetOpenTempTable(s, c, 2, 0, &t, ids));
    char big[3000];
    memset(big, 'x', sizeof big);
    /* setting a long value needs a transaction, as on any table (data-records 3.7) */
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_ERR(JET_errNotInTransaction, JetSetColumn(s, t, ids[1], big, sizeof big, 0, NULL));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    CHECK_OK(JetBeginTransaction(s));
    for (int32_t i = 0; i < 4; i++) {
        int32_t x = 40 - i;
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, ids[0], &x, sizeof x, 0, NULL));
        big[0] = (char)('a' + i);
        CHECK_OK(JetSetColumn(s, t, ids[1], big, sizeof big, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(s, 0));
    /* a materialized temp table's cursor is before its first record: MoveNext reaches it */
    CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    for (int32_t i = 0; i < 4; i++) {
        CHECK_EQ(get_long(s, t, ids[0]), 40 - i);
        char out[3100];
        CHECK_OK(JetRetrieveColumn(s, t, ids[1], out, sizeof out, &cb, 0, NULL));
        CHECK_EQ(cb, sizeof big);
        CHECK_EQ(out[0], 'a' + i);
        CHECK_EQ(out[2999], 'x');
        if (i < 3) CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    }
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4: a forward-only sort with JET_bitTTUnique drops duplicates; without it,
 * keeps them (sortapi.cxx:69) */
TEST(temp_forward_only) {
    JET_INSTANCE inst = temp_instance("temp_fwd", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    JET_TABLEID t = long_sort(s, JET_bitTTForwardOnly | JET_bitTTUnique, &id);
    CHECK_OK(put_long(s, t, id, 4));
    CHECK_OK(put_long(s, t, id, 4));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 4);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    CHECK_OK(JetCloseTable(s, t));

    /* without Unique: every record, equal keys in insertion order */
    JET_COLUMNDEF c[2] = {tcol(JET_coltypLong, 0, JET_bitColumnTTKey), tcol(JET_coltypLong, 0, 0)};
    JET_COLUMNID ids[2];
    CHECK_OK(JetOpenTempTable(s, c, 2, JET_bitTTForwardOnly, &t, ids));
    int32_t keys[] = {4, 2, 4, 2, 4};
    for (int32_t i = 0; i < 5; i++) {
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, ids[0], &keys[i], 4, 0, NULL));
        CHECK_OK(JetSetColumn(s, t, ids[1], &i, 4, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    int32_t wk[] = {2, 2, 4, 4, 4}, wseq[] = {1, 3, 0, 2, 4};
    CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    unsigned char bm[4];
    uint32_t cb = 0;
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(get_long(s, t, ids[0]), wk[i]);
        CHECK_EQ(get_long(s, t, ids[1]), wseq[i]);
        if (i == 3) CHECK_OK(JetGetBookmark(s, t, bm, sizeof bm, &cb));
        CHECK_ERR(i < 4 ? JET_errSuccess : JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    }
    CHECK_EQ(bm[0], 3); /* the ordinal in sorted order */
    CHECK_ERR(JET_errIllegalOperation, JetMove(s, t, JET_MovePrevious, 0));
    CHECK_OK(JetGotoBookmark(s, t, bm, 4));
    CHECK_EQ(get_long(s, t, ids[1]), 2);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* A sort of `n` random rows against qsort with duplicates removed. */
static void random_sort(uint32_t n, unsigned seed) {
    JET_INSTANCE inst = temp_instance("temp_rand", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    JET_TABLEID t = long_sort(s, 0, &id);
    int32_t *v = malloc(n * sizeof *v);
    CHECK(v != NULL);
    if (!v) return;
    srand(seed);
    for (uint32_t i = 0; i < n; i++) {
        v[i] = (int32_t)(((uint32_t)rand() << 8) ^ (uint32_t)rand()) % (int32_t)(n * 2) - (int32_t)n;
        CHECK_OK(put_long(s, t, id, v[i]));
    }
    qsort(v, n, sizeof *v, cmp_i32);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i]) v[m++] = v[i];
    uint32_t got = 0, bad = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t x = 0;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(s, t, id, &x, sizeof x, &cb, 0, NULL));
        if (got >= m || v[got] != x) bad++;
        got++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_EQ(got, m);
    CHECK_EQ(bad, 0);
    free(v);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.4: random rows come back sorted, without duplicates (natively 20,000 rows:
 * past the records' share of the 4 MiB bound, about 7,000 of these rows, twice, duplicates
 * across the spills included) */
TEST(temp_random_sort) {
    random_sort(under_valgrind() ? 200 : 20000, 17);
}

/* data-records 8.4 (the acceptance run): 10^6 random rows come back in key order with exactly
 * the duplicates removed, through the memory bound hundreds of times. Native runs only: the
 * full 10^6 in the hook build's run, which starts it first (9 s of CPU, 12 s on an idle 2-CPU
 * machine, up to 80 s seen beside parallel builds: the case asks for 180 s), 200,000 in the
 * release library's run, which takes one case at a time (1.5 s; 10^6 there: 7 s of CPU);
 * ESENT_TEST_TEMP_ROWS sets the count. Skipped under valgrind (hours under memcheck). */
TEST(temp_random_sort_long) {
    if (under_valgrind()) {
        check_skip("a big sort under valgrind");
        return;
    }
    const char *rows = getenv("ESENT_TEST_TEMP_ROWS");
    uint32_t n = rows ? (uint32_t)atoi(rows) : check_has_hooks() ? 1000000 : 200000;
    check_long_case(180);
    double t0 = fixture_now();
    random_sort(n, 5);
    printf("    %u rows in %.1f s\n", n, fixture_now() - t0);
}

/* What a temp table does, as seen from C (for the grbits through each entry point). */
struct tt_probe {
    JET_ERR dup;      /* JetUpdate of a key it already has */
    JET_ERR read;     /* JetRetrieveColumn right after the inserts */
    int rows;         /* records read back from MoveFirst */
    int null_first;   /* the NULL-key record came first */
    JET_ERR prev;     /* JetMove(JET_MovePrevious) from the last record */
    JET_ERR seek;     /* JetSeek(EQ) of key 2 */
    JET_ERR prepare;  /* JetPrepareUpdate(JET_prepInsert) after the first move */
};

/* Inserts 2, 1, a NULL key and 2 again into `t` (key column `id`), then reads it back. */
static struct tt_probe probe_tt(JET_SESID s, JET_TABLEID t, JET_COLUMNID id) {
    struct tt_probe p;
    memset(&p, 0, sizeof p);
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_OK(put_long(s, t, id, 1));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    p.dup = put_long(s, t, id, 2);
    int32_t v = 0;
    uint32_t cb = 0;
    p.read = JetRetrieveColumn(s, t, id, &v, sizeof v, &cb, 0, NULL);
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    p.null_first = e == JET_errSuccess &&
                   JetRetrieveColumn(s, t, id, &v, sizeof v, &cb, 0, NULL) == JET_wrnColumnNull;
    while (e == JET_errSuccess) {
        p.rows++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    p.prepare = JetPrepareUpdate(s, t, JET_prepInsert);
    if (p.prepare == JET_errSuccess) CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    CHECK_OK(JetMove(s, t, JET_MoveLast, 0));
    p.prev = JetMove(s, t, JET_MovePrevious, 0);
    int32_t two = 2;
    CHECK_OK(JetMakeKey(s, t, &two, sizeof two, JET_bitNewKey));
    p.seek = JetSeek(s, t, JET_bitSeekEQ);
    return p;
}

/* data-records 8.1, 8.3-8.6: every JET_bitTT* grbit does the same through JetOpenTempTable,
 * JetOpenTemporaryTable and JetOpenTemporaryTable2 (their structures carry it) — a sort
 * (duplicates dropped, no reads while inserting, read-only after), scrollable/indexed (backward
 * moves, seeks), updatable (a table after the first move), materialized at once (-1605 on a
 * duplicate), forward-only (duplicates kept unless unique), sort-nulls-high, intrinsic-LVs-only
 * (a long-value column no longer materializes it); and DotNetGuid's key order */
TEST(temp_grbits_every_entry_point) {
    JET_INSTANCE inst = temp_instance("temp_grbits", -1);
    JET_SESID s = fixture_session(inst);
    const JET_ERR ill = JET_errIllegalOperation, dupe = JET_errKeyDuplicate, ncr = JET_errNoCurrentRecord;
    struct {
        JET_GRBIT grbit;
        int lv; /* a LongBinary column besides the key */
        struct tt_probe want;
    } cases[] = {
        {0, 0, {0, ill, 3, 1, ill, ill, ill}},
        {JET_bitTTIndexed, 0, {0, ill, 3, 1, 0, 0, ill}},
        {JET_bitTTUnique, 0, {0, ill, 3, 1, ill, ill, ill}},
        {JET_bitTTUpdatable, 0, {0, ill, 3, 1, 0, 0, 0}},
        {JET_bitTTScrollable, 0, {0, ill, 3, 1, 0, 0, ill}},
        {JET_bitTTSortNullsHigh, 0, {0, ill, 3, 0, ill, ill, ill}},
        {JET_bitTTForceMaterialization, 0, {dupe, ncr, 3, 1, 0, 0, 0}},
        {JET_bitTTErrorOnDuplicateInsertion | JET_bitTTSortNullsHigh, 0, {dupe, ncr, 3, 0, 0, 0, 0}},
        {JET_bitTTForwardOnly, 0, {0, ill, 4, 1, ill, ill, ill}},
        {JET_bitTTForwardOnly | JET_bitTTUnique, 0, {0, ill, 3, 1, ill, ill, ill}},
        {0, 1, {dupe, ncr, 3, 1, 0, 0, 0}},                      /* long values: a table at once */
        {JET_bitTTIntrinsicLVsOnly, 1, {0, ill, 3, 1, ill, ill, ill}}, /* ... unless intrinsic */
        {JET_bitTTIntrinsicLVsOnly | JET_bitTTForwardOnly, 1, {0, ill, 4, 1, ill, ill, ill}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JET_COLUMNDEF c[2] = {tcol(JET_coltypLong, 0, JET_bitColumnTTKey), tcol(JET_coltypLongBinary, 0, 0)};
        JET_COLUMNID ids[2] = {0, 0};
        for (int entry = 0; entry < 3; entry++) {
            JET_TABLEID t = JET_tableidNil;
            if (entry == 0) {
                CHECK_OK(JetOpenTempTable(s, c, cases[i].lv ? 2 : 1, cases[i].grbit, &t, ids));
            } else if (entry == 1) {
                JET_OPENTEMPORARYTABLE o;
                memset(&o, 0, sizeof o);
                o.cbStruct = sizeof o;
                o.prgcolumndef = c;
                o.ccolumn = cases[i].lv ? 2 : 1;
                o.grbit = cases[i].grbit;
                o.prgcolumnid = ids;
                CHECK_OK(JetOpenTemporaryTable(s, &o));
                t = o.tableid;
            } else {
                JET_OPENTEMPORARYTABLE2 o;
                memset(&o, 0, sizeof o);
                o.cbStruct = sizeof o;
                o.prgcolumndef = c;
                o.ccolumn = cases[i].lv ? 2 : 1;
                o.grbit = cases[i].grbit;
                o.prgcolumnid = ids;
                CHECK_OK(JetOpenTemporaryTable2(s, &o));
                t = o.tableid;
            }
            CHECK_EQ(ids[0], 1);
            if (cases[i].lv) CHECK_EQ(ids[1], 256);
            struct tt_probe got = probe_tt(s, t, ids[0]), *w = &cases[i].want;
            if (memcmp(&got, w, sizeof got) != 0)
                printf("    grbit %#lx (lv %d) via entry point %d: dup %d read %d rows %d null_first %d prev %d "
                       "seek %d prepare %d\n",
                       (unsigned long)cases[i].grbit, cases[i].lv, entry, got.dup, got.read, got.rows,
                       got.null_first, got.prev, got.seek, got.prepare);
            CHECK_EQ(got.dup, w->dup);
            CHECK_EQ(got.read, w->read);
            CHECK_EQ(got.rows, w->rows);
            CHECK_EQ(got.null_first, w->null_first);
            CHECK_EQ(got.prev, w->prev);
            CHECK_EQ(got.seek, w->seek);
            CHECK_EQ(got.prepare, w->prepare);
            CHECK_OK(JetCloseTable(s, t));
        }
    }
    /* JET_bitTTDotNetGuid (data-records 7.3, 8.2 step 10): a Guid key in .NET's order (its
     * first four bytes as a number first) instead of ESE's (its last six bytes first) */
    for (int dotnet = 0; dotnet < 2; dotnet++) {
        JET_COLUMNDEF g = tcol(JET_coltypGUID, 0, JET_bitColumnTTKey);
        JET_COLUMNID gid = 0;
        JET_OPENTEMPORARYTABLE2 o;
        memset(&o, 0, sizeof o);
        o.cbStruct = sizeof o;
        o.prgcolumndef = &g;
        o.ccolumn = 1;
        o.grbit = dotnet ? JET_bitTTDotNetGuid : 0;
        o.prgcolumnid = &gid;
        CHECK_OK(JetOpenTemporaryTable2(s, &o));
        unsigned char a[16] = {0}, b[16] = {0}, got[16];
        a[3] = 1;  /* high in .NET's order */
        b[10] = 1; /* high in ESE's */
        for (int i = 0; i < 2; i++) {
            CHECK_OK(JetPrepareUpdate(s, o.tableid, JET_prepInsert));
            CHECK_OK(JetSetColumn(s, o.tableid, gid, i ? b : a, 16, 0, NULL));
            CHECK_OK(JetUpdate(s, o.tableid, NULL, 0, NULL));
        }
        uint32_t cb = 0;
        CHECK_OK(JetMove(s, o.tableid, JET_MoveFirst, 0));
        CHECK_OK(JetRetrieveColumn(s, o.tableid, gid, got, sizeof got, &cb, 0, NULL));
        CHECK_EQ(cb, 16);
        CHECK(memcmp(got, dotnet ? b : a, 16) == 0);
        CHECK_OK(JetCloseTable(s, o.tableid));
    }
    /* the structures' ForwardOnly checks too (data-records 8.2 step 3) */
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_COLUMNID id = 0;
    JET_OPENTEMPORARYTABLE o;
    memset(&o, 0, sizeof o);
    o.cbStruct = sizeof o;
    o.prgcolumndef = &c;
    o.ccolumn = 1;
    o.prgcolumnid = &id;
    o.grbit = JET_bitTTForwardOnly | JET_bitTTScrollable;
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort, JetOpenTemporaryTable(s, &o));
    CHECK(o.tableid == JET_tableidNil);
    JET_OPENTEMPORARYTABLE2 o2;
    memset(&o2, 0, sizeof o2);
    o2.cbStruct = sizeof o2;
    o2.prgcolumndef = &c;
    o2.ccolumn = 1;
    o2.prgcolumnid = &id;
    o2.grbit = JET_bitTTForwardOnly | JET_bitTTForceMaterialization;
    CHECK_ERR(JET_errCannotMaterializeForwardOnlySort, JetOpenTemporaryTable2(s, &o2));
    CHECK(o2.tableid == JET_tableidNil);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.2 step 4, data-ddl 8.1: JET_paramMaxTemporaryTables counts exactly: every
 * temp table alive, the lists of the information calls and JetIntersectIndexes' result
 * included (-1701 past it; nothing written) */
TEST(temp_max_tables_counts_lists) {
    JET_INSTANCE inst = temp_instance("temp_maxlist", 3);
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("maxlist.edb"), NULL, &db, 0));
    JET_TABLEID tbl = 0;
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &tbl));
    JET_COLUMNDEF cd = tcol(JET_coltypLong, 0, 0);
    JET_COLUMNID cx, cy;
    CHECK_OK(JetAddColumn(s, tbl, "X", &cd, NULL, 0, &cx));
    CHECK_OK(JetAddColumn(s, tbl, "Y", &cd, NULL, 0, &cy));
    CHECK_OK(JetCreateIndex(s, tbl, "ix", 0, "+X\0", 4, 100));
    CHECK_OK(JetCreateIndex(s, tbl, "iy", 0, "+Y\0", 4, 100));
    CHECK_OK(JetBeginTransaction(s));
    int32_t one = 1;
    CHECK_OK(JetPrepareUpdate(s, tbl, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, tbl, cx, &one, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, tbl, cy, &one, 4, 0, NULL));
    CHECK_OK(JetUpdate(s, tbl, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(s, 0));
    JET_OBJECTLIST ol;
    JET_COLUMNLIST cl;
    JET_INDEXLIST il;
    memset(&ol, 0, sizeof ol);
    memset(&cl, 0, sizeof cl);
    memset(&il, 0, sizeof il);
    /* the unsuffixed names are the A forms */
    CHECK_OK(JetGetObjectInfo(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK_EQ(ol.cRecord, 1);
    CHECK_OK(JetGetTableColumnInfo(s, tbl, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_EQ(cl.cRecord, 2);
    CHECK_OK(JetGetTableIndexInfo(s, tbl, NULL, &il, sizeof il, JET_IdxInfoList));
    CHECK_EQ(il.cRecord, 2);
    /* three alive: a fourth of any kind is refused */
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnTTKey);
    JET_COLUMNID id;
    JET_TABLEID t = 0;
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &t, &id));
    static const WCHAR wT[] = {'T', 0};
    JET_OBJECTLIST ol2;
    memset(&ol2, 0, sizeof ol2);
    CHECK_ERR(JET_errTooManySorts, JetGetObjectInfoW(s, db, JET_objtypTable, NULL, NULL, &ol2, sizeof ol2, JET_ObjInfoList));
    JET_COLUMNLIST cl2;
    CHECK_ERR(JET_errTooManySorts, JetGetColumnInfoW(s, db, wT, NULL, &cl2, sizeof cl2, JET_ColInfoList));
    JET_INDEXLIST il2;
    CHECK_ERR(JET_errTooManySorts, JetGetIndexInfoW(s, db, wT, NULL, &il2, sizeof il2, JET_IdxInfoList));
    CHECK_ERR(JET_errTooManySorts, JetGetColumnInfo(s, db, "T", NULL, &cl2, sizeof cl2, JET_ColInfoList));
    CHECK_ERR(JET_errTooManySorts, JetGetIndexInfo(s, db, "T", NULL, &il2, sizeof il2, JET_IdxInfoList));
    JET_TABLEID a = 0, b = 0;
    CHECK_OK(JetOpenTable(s, db, "T", NULL, 0, 0, &a));
    CHECK_OK(JetOpenTable(s, db, "T", NULL, 0, 0, &b));
    CHECK_OK(JetSetCurrentIndex(s, a, "ix"));
    CHECK_OK(JetSetCurrentIndex(s, b, "iy"));
    CHECK_OK(JetMove(s, a, JET_MoveFirst, 0));
    CHECK_OK(JetMove(s, b, JET_MoveFirst, 0));
    JET_INDEXRANGE r[2];
    memset(r, 0, sizeof r);
    r[0].cbStruct = r[1].cbStruct = sizeof r[0];
    r[0].tableid = a;
    r[1].tableid = b;
    r[0].grbit = r[1].grbit = JET_bitRecordInIndex;
    JET_RECORDLIST rl;
    memset(&rl, 0, sizeof rl);
    rl.cbStruct = sizeof rl;
    CHECK_ERR(JET_errTooManySorts, JetIntersectIndexes(s, r, 2, &rl, 0));
    /* one closed: one more of any kind */
    CHECK_OK(JetCloseTable(s, ol.tableid));
    CHECK_OK(JetMove(s, a, JET_MoveFirst, 0));
    CHECK_OK(JetMove(s, b, JET_MoveFirst, 0));
    CHECK_OK(JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK_EQ(rl.cRecord, 1);
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetCloseTable(s, rl.tableid));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetCloseTable(s, t));
    /* the W list levels, now that there is room (data-ddl 8.3, 8.4) */
    CHECK_OK(JetCloseTable(s, cl.tableid));
    CHECK_OK(JetGetColumnInfoW(s, db, wT, NULL, &cl2, sizeof cl2, JET_ColInfoList));
    CHECK_EQ(cl2.cRecord, 2);
    WCHAR w[8];
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, cl2.tableid, cl2.columnidcolumnname, w, sizeof w, &cb, 0, NULL));
    CHECK(cb == 2 && w[0] == 'X');
    CHECK_OK(JetCloseTable(s, cl2.tableid));
    CHECK_OK(JetCloseTable(s, il.tableid));
    CHECK_OK(JetGetIndexInfoW(s, db, wT, NULL, &il2, sizeof il2, JET_IdxInfoList));
    CHECK_EQ(il2.cRecord, 2);
    CHECK_OK(JetRetrieveColumn(s, il2.tableid, il2.columnidindexname, w, sizeof w, &cb, 0, NULL));
    CHECK(cb == 4 && w[0] == 'i' && w[1] == 'x');
    CHECK_OK(JetCloseTable(s, il2.tableid));
    /* S-THD-02: a list opened inside a rolled-back level is closed with it, its place given
     * back; one opened outside stays, and JetEndSession closes it */
    CHECK_OK(JetGetObjectInfoA(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetGetObjectInfoA(s, db, JET_objtypTable, NULL, NULL, &ol2, sizeof ol2, JET_ObjInfoListNoStats));
    CHECK_OK(JetGetTableColumnInfoA(s, tbl, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_ERR(JET_errTooManySorts, JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s, ol2.tableid, JET_MoveFirst, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(s, cl.tableid));
    CHECK_OK(JetMove(s, ol.tableid, JET_MoveFirst, 0));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetCloseTable(s, a));
    CHECK_OK(JetCloseTable(s, b));
    CHECK_OK(JetCloseTable(s, tbl));
    CHECK_OK(JetEndSession(s, 0));
    s = fixture_session(inst);
    CHECK_ERR(JET_errInvalidTableId, JetMove(s, ol.tableid, JET_MoveFirst, 0));
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &t, &id));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- the memory bound of a sort (data-records 8.4), measured in a child process ---------- */

/* The process's peak resident set (VmHWM of /proc/self/status), in KiB; -1 if unreadable. */
static long vm_hwm_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

/* What the child of bounded_sort() reports through its pipe. */
struct sort_report {
    JET_ERR err;       /* the first call that failed (0: none) */
    int line;          /* where */
    long hwm_before;   /* KiB, after a warm-up sort, before the big one */
    long hwm_after;    /* KiB, after the big sort was read back */
    uint32_t distinct; /* distinct keys inserted */
    uint32_t got;      /* records read back */
    uint32_t bad;      /* records out of order, duplicated or with the wrong payload */
    int files_open;    /* entries under JET_paramTempPath with the sort open */
    int files_closed;  /* ... after JetCloseTable */
    int files_term;    /* ... after JetTerm */
};

#define SORT_PAYLOAD 196 /* with the 4-byte key: 200-byte records */

/* The payload of key k: a function of k, so whichever duplicate survives, it can be checked. */
static void payload_of(int32_t k, unsigned char *p) {
    uint32_t x = (uint32_t)k * 2654435761u;
    for (int i = 0; i < SORT_PAYLOAD; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(x >> 16);
    }
}

#define SORT_TRY(r, call)                                                                     \
    do {                                                                                       \
        JET_ERR e_ = (call);                                                                   \
        if (e_ < 0 && (r)->err == 0) {                                                         \
            (r)->err = e_;                                                                     \
            (r)->line = __LINE__;                                                              \
        }                                                                                      \
    } while (0)

/* The child's part: `rows` random 200-byte records (keys drawn from 0..rows/2, so about a
 * third are duplicates) into a plain sort, read back in order. It calls nothing of check.h (its
 * checks would be lost with the process): everything goes into `r`. */
static void bounded_sort_child(uint32_t rows, struct sort_report *r) {
    JET_INSTANCE inst = 0;
    SORT_TRY(r, JetCreateInstance(&inst, "temp_rss"));
    char path[1024];
    snprintf(path, sizeof path, "%s/", fixture_dir());
    SORT_TRY(r, JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, path));
    SORT_TRY(r, JetInit(&inst));
    JET_SESID s = 0;
    SORT_TRY(r, JetBeginSession(inst, &s, NULL, NULL));
    JET_COLUMNDEF c[2] = {tcol(JET_coltypLong, 0, JET_bitColumnTTKey), tcol(JET_coltypBinary, SORT_PAYLOAD, 0)};
    JET_COLUMNID id[2] = {0, 0};
    unsigned char pay[SORT_PAYLOAD], got[SORT_PAYLOAD];
    /* warm-up: the scratch store exists and the code has run once before the baseline */
    JET_TABLEID t = 0;
    SORT_TRY(r, JetOpenTempTable(s, c, 2, 0, &t, id));
    for (int32_t k = 0; k < 64; k++) {
        payload_of(k, pay);
        SORT_TRY(r, JetPrepareUpdate(s, t, JET_prepInsert));
        SORT_TRY(r, JetSetColumn(s, t, id[0], &k, 4, 0, NULL));
        SORT_TRY(r, JetSetColumn(s, t, id[1], pay, SORT_PAYLOAD, 0, NULL));
        SORT_TRY(r, JetUpdate(s, t, NULL, 0, NULL));
    }
    SORT_TRY(r, JetMove(s, t, JET_MoveFirst, 0));
    SORT_TRY(r, JetCloseTable(s, t));
    r->hwm_before = vm_hwm_kib();

    uint32_t span = rows / 2 ? rows / 2 : 1;
    unsigned char *seen = calloc(span, 1);
    if (!seen) {
        r->err = JET_errOutOfMemory;
        return;
    }
    SORT_TRY(r, JetOpenTempTable(s, c, 2, 0, &t, id));
    uint32_t x = 12345;
    for (uint32_t i = 0; i < rows && r->err == 0; i++) {
        x = x * 1664525u + 1013904223u;
        int32_t k = (int32_t)((x >> 8) % span);
        if (!seen[k]) {
            seen[k] = 1;
            r->distinct++;
        }
        payload_of(k, pay);
        SORT_TRY(r, JetPrepareUpdate(s, t, JET_prepInsert));
        SORT_TRY(r, JetSetColumn(s, t, id[0], &k, 4, 0, NULL));
        SORT_TRY(r, JetSetColumn(s, t, id[1], pay, SORT_PAYLOAD, 0, NULL));
        SORT_TRY(r, JetUpdate(s, t, NULL, 0, NULL));
    }
    r->files_open = files_in_scratch();
    /* back in key order, each distinct key once, with its own payload */
    int32_t want = -1;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t k = -1;
        uint32_t cb = 0;
        SORT_TRY(r, JetRetrieveColumn(s, t, id[0], &k, 4, &cb, 0, NULL));
        SORT_TRY(r, JetRetrieveColumn(s, t, id[1], got, sizeof got, &cb, 0, NULL));
        /* the next key that was inserted, after the last one read */
        do want++;
        while ((uint32_t)want < span && !seen[want]);
        payload_of(k, pay);
        if (k != want || cb != SORT_PAYLOAD || memcmp(pay, got, SORT_PAYLOAD) != 0) r->bad++;
        r->got++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    if (e != JET_errNoCurrentRecord) SORT_TRY(r, e);
    r->hwm_after = vm_hwm_kib();
    free(seen);
    SORT_TRY(r, JetCloseTable(s, t));
    r->files_closed = files_in_scratch();
    SORT_TRY(r, JetEndSession(s, 0));
    SORT_TRY(r, JetTerm(inst));
    r->files_term = files_in_scratch();
}

/* Runs bounded_sort_child in a fresh process with ESENT_TEMP_MEMORY_BYTES set to `bound_env`
 * (NULL: unset, the 4 MiB default); the bound is read once per process, so a child of its
 * own is what gives each case its bound, and its peak RSS is its own. */
static struct sort_report bounded_sort(const char *bound_env, uint32_t rows) {
    struct sort_report r;
    memset(&r, 0, sizeof r);
    (void)fixture_dir(); /* made (and later removed) by this process, not the child */
    int fd[2];
    if (pipe(fd) != 0) {
        r.err = JET_errInternalError;
        return r;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        if (bound_env)
            setenv("ESENT_TEMP_MEMORY_BYTES", bound_env, 1);
        else
            unsetenv("ESENT_TEMP_MEMORY_BYTES");
        bounded_sort_child(rows, &r);
        ssize_t n = write(fd[1], &r, sizeof r);
        _exit(n == (ssize_t)sizeof r ? 0 : 3); /* _exit: the scratch directory is the parent's */
    }
    close(fd[1]);
    ssize_t n = pid > 0 ? read(fd[0], &r, sizeof r) : -1;
    close(fd[0]);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    if (n != (ssize_t)sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        memset(&r, 0, sizeof r);
        r.err = JET_errInternalError;
        r.line = -1;
    }
    return r;
}

/* What the bound test allows on top of the bound: the scratch store's own structures and the
 * allocator's slack. Measured (hook build, x86-64): +0.4 MiB at 64 KiB and +3.8 MiB at 4 MiB
 * with the rows below; with 60,000 and 240,000 rows +0.6 and +4.2 MiB (the growth does not
 * follow the rows). */
#define SORT_SLACK_KIB (3 * 1024)

/* data-records 8.4 (the memory bound of a sort), 8.7 and S-THD-02 (no file is left under
 * JET_paramTempPath, with the sort open, after JetCloseTable, after JetTerm): a sort of 200-byte
 * rows, several times its bound (ESENT_TEMP_MEMORY_BYTES), raises the process's peak RSS by less
 * than the bound plus SORT_SLACK_KIB, and comes back in key order with duplicates removed. Run
 * at the least bound (64 KiB: the sort spills every ~70 records) and at the 4 MiB default. */
TEST(temp_sort_memory_bound) {
    struct {
        const char *env;
        long bound_kib;
        uint32_t rows;
    } runs[] = {{"65536", 64, 20000}, {NULL, 4096, 120000}};
    int grind = under_valgrind();
    for (int i = 0; i < 2; i++) {
        /* memcheck: fewer rows, and no RSS assertion (valgrind's own heap is in it) */
        uint32_t rows = grind ? runs[i].rows / 60 : runs[i].rows;
        struct sort_report r = bounded_sort(runs[i].env, rows);
        if (r.err) printf("    child: error %d at line %d\n", r.err, r.line);
        CHECK_EQ(r.err, 0);
        CHECK(r.distinct > rows / 3 && r.distinct < rows);
        CHECK_EQ(r.got, r.distinct);
        CHECK_EQ(r.bad, 0);
        CHECK_EQ(r.files_open, 0);
        CHECK_EQ(r.files_closed, 0);
        CHECK_EQ(r.files_term, 0);
        long growth = r.hwm_after - r.hwm_before;
        long data_kib = (long)rows * 200 / 1024;
        printf("    bound %ld KiB: %u rows (%ld KiB of records), %u distinct; VmHWM %ld -> %ld KiB "
               "(+%ld KiB)\n",
               runs[i].bound_kib, rows, data_kib, r.distinct, r.hwm_before, r.hwm_after, growth);
        if (grind) continue;
        CHECK(r.hwm_before > 0);
        CHECK(data_kib > 4 * runs[i].bound_kib); /* the test is worth something */
        CHECK(growth < runs[i].bound_kib + SORT_SLACK_KIB);
    }
}

/* data-records 8.7, S-THD-02: JetCloseTable, JetEndSession, a rollback of the level that
 * opened it and JetTerm close a temp table (its tableid stale afterwards); a rollback does
 * not close one opened outside; no file is left under JET_paramTempPath, ever */
TEST(temp_ownership) {
    JET_INSTANCE inst = temp_instance("temp_own", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    CHECK_EQ(files_in_scratch(), 0);
    JET_TABLEID t = long_sort(s, 0, &id);
    CHECK_OK(put_long(s, t, id, 1));
    CHECK_EQ(files_in_scratch(), 0); /* the scratch store is unlinked as soon as it exists */
    CHECK_OK(JetCloseTable(s, t));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s, t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(s, t));

    /* a rollback closes one opened inside the level, not one opened outside */
    JET_TABLEID outside = long_sort(s, JET_bitTTUpdatable, &id);
    CHECK_OK(put_long(s, outside, id, 1));
    CHECK_OK(JetBeginTransaction(s));
    t = long_sort(s, 0, &id);
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_OK(put_long(s, outside, id, 2));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetMove(s, outside, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, outside, id), 1);
    /* a sort in its insert phase is never versioned (sort.cxx): the record it took inside the
     * rolled-back level stays */
    CHECK_OK(JetMove(s, outside, JET_MoveNext, 0));
    CHECK_EQ(get_long(s, outside, id), 2);
    /* one opened inside a committed level stays */
    CHECK_OK(JetBeginTransaction(s));
    t = long_sort(s, 0, &id);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(put_long(s, t, id, 3));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 3);

    /* another session's cursor */
    JET_SESID s2 = fixture_session(inst);
    CHECK_ERR(JET_errSesidTableIdMismatch, JetMove(s2, t, JET_MoveFirst, 0));
    /* JetEndSession closes them all */
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s2, t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s2, outside, JET_MoveFirst, 0));

    /* JetTerm closes what is still open */
    t = long_sort(s2, 0, &id);
    CHECK_OK(put_long(s2, t, id, 1));
    CHECK_OK(JetTerm2(inst, JET_bitTermAbrupt));
    CHECK_EQ(files_in_scratch(), 0);
    inst = temp_instance("temp_own2", -1);
    JET_SESID s3 = fixture_session(inst);
    CHECK_ERR(JET_errInvalidTableId, JetMove(s3, t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(s3, t));
    CHECK_OK(JetEndSession(s3, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_EQ(files_in_scratch(), 0);
}

/* ---- versioning (data-records 8.5; README, differences: temporary tables) ----------------- */

/* A two-column materialized temp table (Long key, Long value), or with `lv` a keyless one whose
 * second column is a LongText. */
static JET_TABLEID vtable(JET_SESID s, int lv, JET_COLUMNID *ids) {
    JET_COLUMNDEF c[2] = {tcol(JET_coltypLong, 0, lv ? 0 : JET_bitColumnTTKey),
                          tcol(lv ? JET_coltypLongText : JET_coltypLong, 0, 0)};
    JET_TABLEID t = 0;
    CHECK_OK(JetOpenTempTable(s, c, 2, lv ? 0 : JET_bitTTForceMaterialization, &t, ids));
    return t;
}

static void vput(JET_SESID s, JET_TABLEID t, const JET_COLUMNID *ids, int32_t k, int32_t v) {
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, ids[0], &k, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, ids[1], &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
}

/* The table's records as key*1000+value, in key order, into `out` (at most 16); their count. */
static int vrows(JET_SESID s, JET_TABLEID t, const JET_COLUMNID *ids, int32_t *out) {
    int n = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess && n < 16) {
        out[n++] = get_long(s, t, ids[0]) * 1000 + get_long(s, t, ids[1]);
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    return n;
}

#define CHECK_ROWS(s, t, ids, ...)                                                   \
    do {                                                                               \
        int32_t want_[] = {__VA_ARGS__}, got_[16];                                     \
        int n_ = vrows(s, t, ids, got_);                                               \
        CHECK_EQ(n_, (int)(sizeof want_ / sizeof want_[0]));                           \
        for (int i_ = 0; i_ < n_ && i_ < (int)(sizeof want_ / sizeof want_[0]); i_++) \
            CHECK_EQ(got_[i_], want_[i_]);                                             \
    } while (0)

static void vset(JET_SESID s, JET_TABLEID t, const JET_COLUMNID *ids, int32_t k, int32_t v) {
    CHECK_OK(JetMakeKey(s, t, &k, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepReplace));
    CHECK_OK(JetSetColumn(s, t, ids[1], &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
}

static void vdel(JET_SESID s, JET_TABLEID t, int32_t k) {
    CHECK_OK(JetMakeKey(s, t, &k, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK_OK(JetDelete(s, t));
}

static JET_INSTANCE vinstance(const char *name, int versioning) {
    JET_INSTANCE inst = fixture_created(name);
    char path[1024];
    snprintf(path, sizeof path, "%s/", fixture_dir());
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, path));
    if (versioning >= 0)
        CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramEnableTempTableVersioning, (JET_API_PTR)versioning, NULL));
    CHECK_OK(JetInit(&inst));
    return inst;
}

/* data-records 8.5: with JET_paramEnableTempTableVersioning on (its default, 1) a materialized
 * temp table's inserts, replaces and deletes made inside a transaction are undone by its
 * rollback, level by level (ESE creates its temporary database versioned, sysinit.cxx; the
 * version entries of a temp table serve rollback only, ver.cxx); a committed level's changes
 * move to the outer level; the level-0 commit keeps them. Outside a transaction each change
 * stands at once. */
TEST(temp_versioned_table) {
    JET_INSTANCE inst = vinstance("temp_ver", -1);
    JET_SESID s = fixture_session(inst);
    uint32_t cb = 0;
    JET_API_PTR on = 99;
    CHECK_OK(JetGetSystemParameterA(inst, 0, JET_paramEnableTempTableVersioning, &on, NULL, 0));
    CHECK_EQ(on, 1);
    JET_COLUMNID ids[2];
    JET_TABLEID t = vtable(s, 0, ids);
    vput(s, t, ids, 1, 10);
    vput(s, t, ids, 2, 20);
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 3, 30);
    vset(s, t, ids, 1, 11);
    vdel(s, t, 2);
    CHECK_ROWS(s, t, ids, 1011, 3030);
    CHECK_OK(JetRollback(s, 0));
    CHECK_ROWS(s, t, ids, 1010, 2020);
    /* nested levels: a rolled-back inner level only; then the outer one with what the inner
     * committed into it */
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 4, 40);
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 5, 50);
    vset(s, t, ids, 4, 41);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 6, 60);
    vset(s, t, ids, 5, 51);
    vdel(s, t, 1);
    CHECK_OK(JetRollback(s, 0));
    CHECK_ROWS(s, t, ids, 1010, 2020, 4041, 5050);
    CHECK_OK(JetRollback(s, 0));
    CHECK_ROWS(s, t, ids, 1010, 2020);
    /* committed to level 0: kept by a later transaction's rollback */
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 7, 70);
    CHECK_OK(JetBeginTransaction(s));
    vset(s, t, ids, 7, 71);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetBeginTransaction(s));
    vdel(s, t, 7);
    CHECK_OK(JetRollback(s, 0));
    CHECK_ROWS(s, t, ids, 1010, 2020, 7071);
    /* a duplicate cursor shares the table: one undo, seen through both */
    JET_TABLEID d = 0;
    CHECK_OK(JetDupCursor(s, t, &d, 0));
    CHECK_OK(JetBeginTransaction(s));
    vput(s, d, ids, 8, 80);
    vdel(s, t, 2);
    CHECK_ROWS(s, t, ids, 1010, 7071, 8080);
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    CHECK_ROWS(s, d, ids, 1010, 2020, 7071);
    CHECK_ROWS(s, t, ids, 1010, 2020, 7071);
    CHECK_OK(JetCloseTable(s, d));
    /* an update prepared inside the level is cancelled by its rollback */
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errUpdateNotPrepared, JetUpdate(s, t, NULL, 0, &cb));
    CHECK_OK(JetCloseTable(s, t));

    /* long values too: a keyless table (materialized at once), in insertion order */
    t = vtable(s, 1, ids);
    char big[5000], out[5100];
    memset(big, 'a', sizeof big);
    int32_t k = 1;
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, ids[0], &k, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, ids[1], big, sizeof big, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    memset(big, 'b', sizeof big);
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepReplace));
    CHECK_OK(JetSetColumn(s, t, ids[1], big, sizeof big - 1000, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    k = 2;
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, ids[0], &k, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, ids[1], big, sizeof big, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetRetrieveColumn(s, t, ids[1], out, sizeof out, &cb, 0, NULL));
    CHECK(cb == sizeof big - 1000 && out[0] == 'b');
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetRetrieveColumn(s, t, ids[1], out, sizeof out, &cb, 0, NULL));
    CHECK(cb == sizeof big && out[0] == 'a' && out[4999] == 'a');
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    JET_OBJECTINFO oi;
    CHECK_OK(JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(oi.cRecord, 1);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.3, 8.4, 8.5: what is never versioned, whatever the parameter says: a sort
 * (sort.cxx: a sort has no version entries), the records an updatable sort took before its
 * first move made it a table (sortapi.cxx ErrIsamSortMaterialize copies them unversioned), and
 * a temp table's creation (dir.cxx) and deletion (ver.cxx) */
TEST(temp_unversioned_sorts) {
    JET_INSTANCE inst = vinstance("temp_unver", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID id;
    /* a plain sort opened outside: what it took inside the rolled-back level stays */
    JET_TABLEID t = long_sort(s, JET_bitTTScrollable, &id);
    CHECK_OK(put_long(s, t, id, 5));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(put_long(s, t, id, 3));
    CHECK_OK(put_long(s, t, id, 5));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_EQ(get_long(s, t, id), 3);
    CHECK_OK(JetMove(s, t, JET_MoveNext, 0));
    CHECK_EQ(get_long(s, t, id), 5);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, t, JET_MoveNext, 0));
    CHECK_OK(JetCloseTable(s, t));

    /* an updatable sort: its insert-phase records stay, its changes as a table do not */
    t = long_sort(s, JET_bitTTUpdatable, &id);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(put_long(s, t, id, 2));
    CHECK_OK(put_long(s, t, id, 1));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0)); /* now a table */
    CHECK_OK(put_long(s, t, id, 9));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetDelete(s, t));
    CHECK_OK(JetRollback(s, 0));
    int32_t want[] = {1, 2};
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    for (int i = 0; i < 2; i++) {
        CHECK_OK(e);
        CHECK_EQ(get_long(s, t, id), want[i]);
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_OK(JetCloseTable(s, t));

    /* a table closed inside a transaction stays closed after its rollback (and its place in
     * JET_paramMaxTemporaryTables is free) */
    CHECK_OK(JetBeginTransaction(s));
    t = long_sort(s, 0, &id);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-records 8.5: with JET_paramEnableTempTableVersioning 0 (ESE: the temporary database is
 * created with JET_bitDbVersioningOff) a rollback undoes nothing of a temp table */
TEST(temp_versioning_off) {
    JET_INSTANCE inst = vinstance("temp_veroff", 0);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNID ids[2];
    JET_TABLEID t = vtable(s, 0, ids);
    vput(s, t, ids, 1, 10);
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 2, 20);
    vset(s, t, ids, 1, 11);
    CHECK_OK(JetBeginTransaction(s));
    vput(s, t, ids, 3, 30);
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    CHECK_ROWS(s, t, ids, 1011, 2020, 3030);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-ddl 8.1, 8.5: JetGetObjectInfo's list levels return a scrollable, indexed temp table of
 * the tables, keyed by (container, name), on its first row; the caller closes it */
TEST(temp_object_info_list) {
    JET_INSTANCE inst = temp_instance("temp_objlist", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("objlist.edb"), NULL, &db, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, db, "Zeta", 0, 0, &t));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetCreateTable(s, db, "Alpha", 0, 0, &t));
    CHECK_OK(JetCloseTable(s, t));
    JET_OBJECTLIST ol;
    memset(&ol, 0, sizeof ol);
    CHECK_ERR(JET_errBufferTooSmall, JetGetObjectInfoA(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol - 1, JET_ObjInfoList));
    CHECK_ERR(JET_errInvalidParameter, JetGetObjectInfoA(s, db, JET_objtypTable, NULL, NULL, NULL, sizeof ol, JET_ObjInfoList));
    CHECK_ERR(JET_errObjectNotFound, JetGetObjectInfoA(s, db, JET_objtypTable, "Other", NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK_OK(JetGetObjectInfoA(s, db, JET_objtypNil, "Tables", NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK_EQ(ol.cbStruct, sizeof ol);
    CHECK_EQ(ol.cRecord, 2);
    char name[64];
    uint32_t cb = 0;
    int32_t v = 0;
    /* on the first row: sorted by name */
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, name, sizeof name, &cb, 0, NULL));
    CHECK_EQ(cb, 5);
    CHECK(memcmp(name, "Alpha", 5) == 0);
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidcontainername, name, sizeof name, &cb, 0, NULL));
    CHECK(cb == 6 && memcmp(name, "Tables", 6) == 0);
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjtyp, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(v, JET_objtypTable);
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidgrbit, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(v, JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable);
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidcRecord, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(v, 0);
    CHECK_OK(JetMove(s, ol.tableid, JET_MoveNext, 0));
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, name, sizeof name, &cb, 0, NULL));
    CHECK(cb == 4 && memcmp(name, "Zeta", 4) == 0);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, ol.tableid, JET_MoveNext, 0));
    CHECK_OK(JetMove(s, ol.tableid, JET_MovePrevious, 0)); /* scrollable */
    CHECK_OK(JetCloseTable(s, ol.tableid));
    /* W: UTF-16 names */
    CHECK_OK(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats));
    WCHAR wname[64];
    CHECK_OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, wname, sizeof wname, &cb, 0, NULL));
    CHECK_EQ(cb, 10);
    CHECK(wname[0] == 'A' && wname[4] == 'a');
    CHECK_OK(JetCloseTable(s, ol.tableid));
    /* another object type: an empty list, no current row */
    CHECK_OK(JetGetObjectInfoA(s, db, 7 /* not a table */, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK_EQ(ol.cRecord, 0);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, ol.tableid, 0, 0));
    CHECK_OK(JetCloseTable(s, ol.tableid));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-ddl 8.1, 8.3: the column lists (JET_ColInfoList, ...SortColumnid, MinimalInfo): a temp
 * table of the columns sorted by name (or id), with ESE's columns; W names in UTF-16 */
TEST(temp_column_info_list) {
    JET_INSTANCE inst = temp_instance("temp_collist", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("collist.edb"), NULL, &db, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, JET_bitColumnNotNULL);
    JET_COLUMNID idId, idName, idBig;
    CHECK_OK(JetAddColumn(s, t, "Id", &c, NULL, 0, &idId));
    c = tcol(JET_coltypText, 50, 0);
    CHECK_OK(JetAddColumn(s, t, "name", &c, "dflt", 4, &idName));
    c = tcol(JET_coltypLongText, 0, 0);
    c.cp = 1200;
    CHECK_OK(JetAddColumn(s, t, "Big", &c, NULL, 0, &idBig));
    JET_COLUMNLIST cl;
    memset(&cl, 0, sizeof cl);
    CHECK_ERR(JET_errInvalidParameter, JetGetTableColumnInfoA(s, t, NULL, NULL, sizeof cl, JET_ColInfoList));
    CHECK_OK(JetGetTableColumnInfoA(s, t, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_EQ(cl.cbStruct, sizeof cl);
    CHECK_EQ(cl.cRecord, 3);
    CHECK_EQ(cl.columnidDefinitionName, cl.columnidcolumnname);
    const char *names[] = {"Big", "Id", "name"}; /* by name, case-insensitively */
    JET_COLUMNID ids[] = {idBig, idId, idName};
    for (int i = 0; i < 3; i++) {
        char buf[64];
        uint32_t cb = 0;
        int32_t v = 0;
        int16_t sh = 0;
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcolumnname, buf, sizeof buf, &cb, 0, NULL));
        CHECK(cb == strlen(names[i]) && memcmp(buf, names[i], cb) == 0);
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcolumnid, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, ids[i]);
        CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(s, cl.tableid, cl.columnidPresentationOrder, &v, sizeof v, &cb, 0, NULL));
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcoltyp, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, i == 0 ? JET_coltypLongText : i == 1 ? JET_coltypLong : JET_coltypText);
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidCp, &sh, sizeof sh, &cb, 0, NULL));
        CHECK_EQ(sh, i == 0 ? 1200 : i == 1 ? 0 : 1252);
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidCountry, &sh, sizeof sh, &cb, 0, NULL));
        CHECK_EQ(sh, 1);
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcbMax, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, i == 0 ? 0 : i == 1 ? 4 : 50);
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidgrbit, &v, sizeof v, &cb, 0, NULL));
        CHECK(((v & JET_bitColumnNotNULL) != 0) == (i == 1));
        CHECK(((v & JET_bitColumnTagged) != 0) == (i == 0));
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidBaseTableName, buf, sizeof buf, &cb, 0, NULL));
        CHECK(cb == 1 && buf[0] == 'T');
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidBaseColumnName, buf, sizeof buf, &cb, 0, NULL));
        CHECK(cb == strlen(names[i]));
        JET_ERR e = JetRetrieveColumn(s, cl.tableid, cl.columnidDefault, buf, sizeof buf, &cb, 0, NULL);
        if (i == 2) {
            CHECK_OK(e);
            CHECK(cb == 4 && memcmp(buf, "dflt", 4) == 0);
        } else {
            CHECK_ERR(JET_wrnColumnNull, e);
        }
        CHECK_ERR(i < 2 ? JET_errSuccess : JET_errNoCurrentRecord, JetMove(s, cl.tableid, JET_MoveNext, 0));
    }
    CHECK_OK(JetCloseTable(s, cl.tableid));
    /* by column id, through the database and the table's name */
    CHECK_OK(JetGetColumnInfoA(s, db, "T", NULL, &cl, sizeof cl, JET_ColInfoListSortColumnid));
    JET_COLUMNID byid[] = {idId, idName, idBig};
    for (int i = 0; i < 3; i++) {
        int32_t v = 0;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidPresentationOrder, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, byid[i]);
        CHECK_ERR(i < 2 ? JET_errSuccess : JET_errNoCurrentRecord, JetMove(s, cl.tableid, JET_MoveNext, 0));
    }
    CHECK_OK(JetCloseTable(s, cl.tableid));
    /* minimal: name and id only; W: UTF-16 names */
    CHECK_OK(JetGetTableColumnInfoW(s, t, NULL, &cl, sizeof cl, JET_ColInfoList | JET_ColInfoGrbitMinimalInfo));
    WCHAR w[16];
    uint32_t cb = 0;
    int32_t v = 0;
    CHECK_OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcolumnname, w, sizeof w, &cb, 0, NULL));
    CHECK(cb == 6 && w[0] == 'B' && w[2] == 'g');
    CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(s, cl.tableid, cl.columnidcoltyp, &v, sizeof v, &cb, 0, NULL));
    CHECK_OK(JetCloseTable(s, cl.tableid));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* data-ddl 8.1, 8.4: the index lists (JET_IdxInfo, JET_IdxInfoList): one row per key segment,
 * keyed by (index name, segment); cbStruct 88 with LCMapFlags, 84 without */
TEST(temp_index_info_list) {
    JET_INSTANCE inst = temp_instance("temp_idxlist", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("idxlist.edb"), NULL, &db, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, 0);
    JET_COLUMNID a, b;
    CHECK_OK(JetAddColumn(s, t, "A", &c, NULL, 0, &a));
    c = tcol(JET_coltypText, 40, 0);
    CHECK_OK(JetAddColumn(s, t, "B", &c, NULL, 0, &b));
    CHECK_OK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+A\0", 4, 100));
    CHECK_OK(JetCreateIndex(s, t, "ba", JET_bitIndexUnique, "-B\0+A\0", 7, 100));
    JET_INDEXLIST il;
    memset(&il, 0xEE, sizeof il);
    CHECK_ERR(JET_errInvalidParameter, JetGetTableIndexInfoA(s, t, NULL, NULL, sizeof il, JET_IdxInfoList));
    CHECK_OK(JetGetTableIndexInfoA(s, t, NULL, &il, 84, JET_IdxInfoList));
    CHECK_EQ(il.cbStruct, 84);
    CHECK_EQ(il.columnidLCMapFlags, 0xEEEEEEEE); /* not written without room for it */
    CHECK_EQ(il.cRecord, 3);
    /* ("ba", 0), ("ba", 1), ("pk", 0) */
    const char *ixn[] = {"ba", "ba", "pk"};
    int32_t icol[] = {0, 1, 0}, colid[] = {(int32_t)b, (int32_t)a, (int32_t)a}, ccol[] = {2, 2, 1};
    int32_t desc[] = {JET_bitKeyDescending, JET_bitKeyAscending, JET_bitKeyAscending};
    for (int i = 0; i < 3; i++) {
        char buf[64];
        uint32_t cb = 0;
        int32_t v = 0;
        int16_t sh = 0;
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, buf, sizeof buf, &cb, 0, NULL));
        CHECK(cb == 2 && memcmp(buf, ixn[i], 2) == 0);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidiColumn, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, icol[i]);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidcColumn, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, ccol[i]);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnid, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, colid[i]);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidgrbitColumn, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, desc[i]);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidgrbitIndex, &v, sizeof v, &cb, 0, NULL));
        CHECK((v & JET_bitIndexUnique) != 0);
        CHECK(((v & JET_bitIndexPrimary) != 0) == (i == 2));
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidcoltyp, &v, sizeof v, &cb, 0, NULL));
        CHECK_EQ(v, colid[i] == (int32_t)a ? JET_coltypLong : JET_coltypText);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidLangid, &sh, sizeof sh, &cb, 0, NULL));
        CHECK_EQ(sh, 0x409);
        CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnname, buf, sizeof buf, &cb, 0, NULL));
        CHECK(cb == 1 && buf[0] == (colid[i] == (int32_t)a ? 'A' : 'B'));
        CHECK_ERR(i < 2 ? JET_errSuccess : JET_errNoCurrentRecord, JetMove(s, il.tableid, JET_MoveNext, 0));
    }
    CHECK_OK(JetCloseTable(s, il.tableid));
    /* one index by name, with the full struct */
    CHECK_OK(JetGetIndexInfoA(s, db, "T", "pk", &il, sizeof il, JET_IdxInfo));
    CHECK_EQ(il.cbStruct, 88);
    CHECK_EQ(il.cRecord, 1);
    CHECK(il.columnidLCMapFlags != 0xEEEEEEEE);
    uint32_t flags = 0, cb = 0;
    CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidLCMapFlags, &flags, sizeof flags, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    CHECK_OK(JetCloseTable(s, il.tableid));
    CHECK_ERR(JET_errIndexNotFound, JetGetTableIndexInfoA(s, t, "nope", &il, sizeof il, JET_IdxInfoList));
    /* W: UTF-16 names */
    CHECK_OK(JetGetTableIndexInfoW(s, t, NULL, &il, sizeof il, JET_IdxInfoList));
    WCHAR w[8];
    CHECK_OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, w, sizeof w, &cb, 0, NULL));
    CHECK(cb == 4 && w[0] == 'b' && w[1] == 'a');
    CHECK_OK(JetCloseTable(s, il.tableid));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* rec.cxx ErrIsamIntersectIndexes: JetIntersectIndexes gives a sort
 * of the bookmarks every index range holds, in bookmark order; the argument codes */
TEST(temp_intersect_indexes) {
    JET_INSTANCE inst = temp_instance("temp_isect", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID db = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("isect.edb"), NULL, &db, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNDEF c = tcol(JET_coltypLong, 0, 0);
    JET_COLUMNID id, x, y;
    CHECK_OK(JetAddColumn(s, t, "Id", &c, NULL, 0, &id));
    CHECK_OK(JetAddColumn(s, t, "X", &c, NULL, 0, &x));
    CHECK_OK(JetAddColumn(s, t, "Y", &c, NULL, 0, &y));
    CHECK_OK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCreateIndex(s, t, "ix", 0, "+X\0", 4, 100));
    CHECK_OK(JetCreateIndex(s, t, "iy", 0, "+Y\0", 4, 100));
    CHECK_OK(JetBeginTransaction(s));
    for (int32_t i = 0; i < 20; i++) {
        int32_t vx = i % 4, vy = i % 5;
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, id, &i, 4, 0, NULL));
        CHECK_OK(JetSetColumn(s, t, x, &vx, 4, 0, NULL));
        CHECK_OK(JetSetColumn(s, t, y, &vy, 4, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(s, 0));
    JET_TABLEID a = 0, b = 0;
    CHECK_OK(JetOpenTable(s, db, "T", NULL, 0, 0, &a));
    CHECK_OK(JetOpenTable(s, db, "T", NULL, 0, 0, &b));
    CHECK_OK(JetSetCurrentIndex(s, a, "ix"));
    CHECK_OK(JetSetCurrentIndex(s, b, "iy"));
    /* X == 1 and Y == 1: Id 1 and 21-ish: i % 4 == 1 and i % 5 == 1 → i = 1 (of 0..19) */
    int32_t one = 1;
    CHECK_OK(JetMakeKey(s, a, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, a, JET_bitSeekEQ));
    CHECK_OK(JetMakeKey(s, a, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSetIndexRange(s, a, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetMakeKey(s, b, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, b, JET_bitSeekEQ));
    CHECK_OK(JetMakeKey(s, b, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSetIndexRange(s, b, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    JET_INDEXRANGE r[2];
    memset(r, 0, sizeof r);
    r[0].cbStruct = r[1].cbStruct = sizeof r[0];
    r[0].tableid = a;
    r[1].tableid = b;
    r[0].grbit = r[1].grbit = JET_bitRecordInIndex;
    JET_RECORDLIST rl;
    memset(&rl, 0, sizeof rl);
    rl.cbStruct = sizeof rl;
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 0, &rl, 0));
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 65, &rl, 0));
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, NULL, 2, &rl, 0));
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, NULL, 0));
    rl.cbStruct = 23;
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    rl.cbStruct = sizeof rl;
    r[1].grbit = JET_bitRecordNotInIndex;
    CHECK_ERR(JET_errInvalidGrbit, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].grbit = JET_bitRecordInIndex;
    r[1].tableid = a; /* the same index twice */
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].tableid = t; /* on the primary index */
    CHECK_ERR(JET_errInvalidParameter, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].tableid = (JET_TABLEID)0x1234;
    CHECK_ERR(JET_errInvalidTableId, JetIntersectIndexes(s, r, 2, &rl, 0));
    r[1].tableid = b;
    CHECK_OK(JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK_EQ(rl.cRecord, 1);
    CHECK(rl.tableid != JET_tableidNil);
    CHECK_OK(JetMove(s, rl.tableid, JET_MoveFirst, 0));
    unsigned char bm[64];
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, rl.tableid, rl.columnidBookmark, bm, sizeof bm, &cb, 0, NULL));
    CHECK_OK(JetGotoBookmark(s, t, bm, cb));
    int32_t v = -1;
    CHECK_OK(JetRetrieveColumn(s, t, id, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 1);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, rl.tableid, JET_MoveNext, 0));
    CHECK_OK(JetCloseTable(s, rl.tableid));
    /* the cursors were walked to the end of their ranges: nothing current, -1603 */
    CHECK_ERR(JET_errNoCurrentRecord, JetIntersectIndexes(s, r, 2, &rl, 0));
    /* X == 0 (Id 0, 4, 8, 12, 16) with b from Y == 0 to the end of its index (every record):
     * five bookmarks, in bookmark order */
    int32_t zero = 0;
    CHECK_OK(JetMakeKey(s, a, &zero, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, a, JET_bitSeekEQ));
    CHECK_OK(JetMakeKey(s, a, &zero, 4, JET_bitNewKey));
    CHECK_OK(JetSetIndexRange(s, a, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetMove(s, b, JET_MoveFirst, 0));
    CHECK_OK(JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK_EQ(rl.cRecord, 5);
    JET_ERR e = JetMove(s, rl.tableid, JET_MoveFirst, 0);
    for (int32_t n = 0; n < 5; n++) {
        CHECK_OK(e);
        CHECK_OK(JetRetrieveColumn(s, rl.tableid, rl.columnidBookmark, bm, sizeof bm, &cb, 0, NULL));
        CHECK_OK(JetGotoBookmark(s, t, bm, cb));
        CHECK_OK(JetRetrieveColumn(s, t, id, &v, 4, &cb, 0, NULL));
        CHECK_EQ(v, 4 * n);
        e = JetMove(s, rl.tableid, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_OK(JetCloseTable(s, rl.tableid));
    /* X == 1 (1, 5, 9, 13, 17) with b from the last Y == 3 record (18) to the end of Y == 3:
     * nothing in common, an empty sort */
    int32_t three = 3;
    CHECK_OK(JetMakeKey(s, a, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, a, JET_bitSeekEQ));
    CHECK_OK(JetMakeKey(s, a, &one, 4, JET_bitNewKey));
    CHECK_OK(JetSetIndexRange(s, a, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetMakeKey(s, b, &three, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(s, b, JET_bitSeekEQ));
    CHECK_OK(JetMakeKey(s, b, &three, 4, JET_bitNewKey));
    CHECK_OK(JetSetIndexRange(s, b, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetMove(s, b, 3, 0)); /* 3, 8, 13, 18: on 18 */
    rl.tableid = 0;
    rl.cRecord = 99;
    CHECK_OK(JetIntersectIndexes(s, r, 2, &rl, 0));
    CHECK(rl.tableid != JET_tableidNil);
    CHECK_EQ(rl.cRecord, 0);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(s, rl.tableid, JET_MoveFirst, 0));
    CHECK_OK(JetCloseTable(s, rl.tableid));
    CHECK_OK(JetCloseTable(s, a));
    CHECK_OK(JetCloseTable(s, b));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(temp_cbmax_is_not_checked) {
    /* data-records 8.2 step 7 (sortapi.cxx, UlCATColumnSize): JetOpenTempTable does not
     * check cbMax: a fixed-size type ignores it, text and binary cut it to 255, so a definition
     * that leaves it unset (BookStoreSample's) opens on Windows and here */
    JET_INSTANCE inst = temp_instance("temp_cbmax", -1);
    JET_SESID s = fixture_session(inst);
    JET_COLUMNDEF cols[3] = {
        tcol(JET_coltypCurrency, 0xFFFFFFFFu, JET_bitColumnTTKey | JET_bitColumnTTDescending),
        tcol(JET_coltypLong, 0x89ABCDEFu, 0),
        tcol(JET_coltypText, 0x80000000u, 0),
    };
    JET_TABLEID t = 0;
    JET_COLUMNID ids[3];
    CHECK_OK(JetOpenTempTable(s, cols, 3, 0, &t, ids));
    int64_t amount = 42;
    int32_t v = 7;
    char text[300];
    memset(text, 'x', sizeof text);
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, ids[0], &amount, sizeof amount, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, ids[1], &v, sizeof v, 0, NULL));
    CHECK_ERR(JET_wrnColumnMaxTruncated, JetSetColumn(s, t, ids[2], text, sizeof text, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, ids[2], text, sizeof text, &cb, 0, NULL));
    CHECK_EQ(cb, 255);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetTerm(inst));
}

/* Temporary tables and sorts: JetOpenTempTable, JetOpenTempTable2, JetOpenTempTable3,
 * JetOpenTemporaryTable, JetOpenTemporaryTable2 (data-records 8.1-8.7; S-THD-02 for their
 * lifetime; S-BAD-01 for bad arguments). */
#include "check.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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

/* data-records 8.4: random rows come back sorted, without duplicates (natively past the
 * sort's memory bound of 16,384 rows once, duplicates across it included) */
TEST(temp_random_sort) {
    random_sort(under_valgrind() ? 200 : 20000, 17);
}

/* data-records 8.4: a big sort, through the memory bound many times: 200,000 rows, or
 * ESENT_TEST_TEMP_ROWS (1000000 takes about 12 s of CPU, more than the harness's 60 s timeout
 * allows on a loaded machine); skipped under valgrind, where memcheck would take hours */
TEST(temp_random_sort_long) {
    if (under_valgrind()) {
        check_skip("a big sort under valgrind");
        return;
    }
    random_sort(getenv("ESENT_TEST_TEMP_ROWS") ? (uint32_t)atoi(getenv("ESENT_TEST_TEMP_ROWS")) : 200000, 5);
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
    /* temp tables are not versioned: the insert made inside the rolled-back level stays */
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
    CHECK(JetMove(s3, t, JET_MoveFirst, 0) < 0);
    CHECK_OK(JetEndSession(s3, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_EQ(files_in_scratch(), 0);
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

/* Catalog information: JetGetTableInfo, JetGetColumnInfo, JetGetTableColumnInfo,
 * JetGetObjectInfo (data-ddl §8.2, §8.3, §8.5), A and W, each level and code. */
#include "check.h"

#include <string.h>

struct books {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t; /* the creator's cursor (updatable) */
};

/* "Books": id (Long, autoincrement: fixed 1), title (Text cp 1252, 100: variable 128), notes
 * (LongText cp 1200: tagged 256); a primary index on id and a secondary on title, id. */
static struct books books_open(const char *file) {
    struct books b;
    b.inst = fixture_running("info", -1);
    b.s = fixture_session(b.inst);
    b.dbid = 0;
    CHECK_OK(JetCreateDatabase(b.s, fixture_path(file), NULL, &b.dbid, 0));
    JET_COLUMNCREATE_A cols[3];
    memset(cols, 0, sizeof cols);
    const char *names[] = {"id", "title", "notes"};
    JET_COLTYP types[] = {JET_coltypLong, JET_coltypText, JET_coltypLongText};
    for (int i = 0; i < 3; i++) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = (char *)names[i];
        cols[i].coltyp = types[i];
    }
    cols[0].grbit = JET_bitColumnAutoincrement;
    cols[1].cbMax = 100;
    cols[1].cp = 1252;
    cols[2].cp = 1200;
    cols[2].grbit = JET_bitColumnMultiValued;
    JET_INDEXCREATE_A idx[2];
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = (char *)"primary";
    idx[0].szKey = (char *)"+id\0";
    idx[0].cbKey = 5;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[1] = idx[0];
    idx[1].szIndexName = (char *)"by_title";
    idx[1].szKey = (char *)"+title\0-id\0";
    idx[1].cbKey = 12;
    idx[1].grbit = 0;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"Books";
    tc.ulPages = 5;
    tc.ulDensity = 90;
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    CHECK_OK(JetCreateTableColumnIndex(b.s, b.dbid, &tc));
    CHECK_EQ(cols[0].columnid, 1);
    CHECK_EQ(cols[1].columnid, 128);
    CHECK_EQ(cols[2].columnid, 256);
    b.t = tc.tableid;
    return b;
}

/* An ASCII string as UTF-16 (static storage, one at a time per slot). */
static const WCHAR *wide(int slot, const char *s) {
    static WCHAR buf[4][128];
    size_t i = 0;
    for (; s[i] && i < 127; i++) buf[slot][i] = (WCHAR)(unsigned char)s[i];
    buf[slot][i] = 0;
    return buf[slot];
}

static int wide_eq(const WCHAR *w, const char *s) {
    size_t i = 0;
    for (; s[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)s[i]) return 0;
    return w[i] == 0;
}

TEST(info_table_info_levels) {
    /* data-ddl 8.2: every level of JetGetTableInfo with its cbMax rule */
    struct books b = books_open("ti.edb");
    JET_OBJECTINFO oi;
    memset(&oi, 0xCC, sizeof oi);
    CHECK_EQ(sizeof oi, 40);
    CHECK_OK(JetGetTableInfoA(b.s, b.t, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(oi.cbStruct, 40);
    CHECK_EQ(oi.objtyp, JET_objtypTable);
    CHECK_EQ(oi.grbit, JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable);
    CHECK_EQ(oi.flags, 0);
    CHECK_EQ(oi.cRecord, 0);
    CHECK_EQ(oi.cPage, 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, b.t, &oi, 39, JET_TblInfo));
    CHECK_ERR(JET_errInvalidParameter, JetGetTableInfoA(b.s, b.t, NULL, 40, JET_TblInfo));
    /* A read-only cursor is not updatable. */
    JET_TABLEID r = 0;
    CHECK_OK(JetOpenTable(b.s, b.dbid, "books", NULL, 0, JET_bitTableReadOnly, &r));
    CHECK_OK(JetGetTableInfoW(b.s, r, &oi, sizeof oi, JET_TblInfo));
    CHECK_EQ(oi.grbit, JET_bitTableInfoBookmark | JET_bitTableInfoRollback);

    /* Name: the stored spelling, with its NUL; one byte short is -1038. */
    char name[64];
    memset(name, 'x', sizeof name);
    CHECK_OK(JetGetTableInfoA(b.s, r, name, 6, JET_TblInfoName));
    CHECK(strcmp(name, "Books") == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, name, 5, JET_TblInfoName));
    CHECK_OK(JetGetTableInfo(b.s, r, name, sizeof name, JET_TblInfoName));
    CHECK(strcmp(name, "Books") == 0);
    WCHAR wname[64];
    CHECK_OK(JetGetTableInfoW(b.s, r, wname, 12, JET_TblInfoName));
    CHECK(wide_eq(wname, "Books"));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoW(b.s, r, wname, 11, JET_TblInfoName));

    /* Template name: "" for a table without a template; room for 64 characters and a NUL. */
    char tname[65];
    memset(tname, 'x', sizeof tname);
    CHECK_OK(JetGetTableInfoA(b.s, r, tname, 65, JET_TblInfoTemplateTableName));
    CHECK_EQ(tname[0], 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, tname, 64, JET_TblInfoTemplateTableName));
    WCHAR wtname[65];
    wtname[0] = 'x';
    CHECK_OK(JetGetTableInfoW(b.s, r, wtname, 130, JET_TblInfoTemplateTableName));
    CHECK_EQ(wtname[0], 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoW(b.s, r, wtname, 129, JET_TblInfoTemplateTableName));

    /* Dbid. */
    JET_DBID dbid = 0xFFFF;
    CHECK_OK(JetGetTableInfoA(b.s, r, &dbid, sizeof dbid, JET_TblInfoDbid));
    CHECK_EQ(dbid, b.dbid);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, &dbid, 3, JET_TblInfoDbid));

    /* Space: the initial size and density as created; owned and available pages. */
    uint32_t pair[2] = {0, 0};
    CHECK_OK(JetGetTableInfoA(b.s, r, pair, 8, JET_TblInfoSpaceAlloc));
    CHECK_EQ(pair[0], 5);
    CHECK_EQ(pair[1], 90);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, pair, 7, JET_TblInfoSpaceAlloc));
    CHECK_OK(JetGetTableInfoA(b.s, r, pair, 8, JET_TblInfoSpaceUsage));
    CHECK_EQ(pair[0], 5);
    CHECK_EQ(pair[1], 4);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, pair, 4, JET_TblInfoSpaceUsage));
    uint32_t v = 0;
    CHECK_OK(JetGetTableInfoA(b.s, r, &v, 4, JET_TblInfoSpaceOwned));
    CHECK_EQ(v, 5);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, &v, 3, JET_TblInfoSpaceOwned));
    CHECK_OK(JetGetTableInfoA(b.s, r, &v, 4, JET_TblInfoSpaceAvailable));
    CHECK_EQ(v, 4);
    CHECK_ERR(JET_errInvalidBufferSize, JetGetTableInfoA(b.s, r, pair, 8, JET_TblInfoSpaceAvailable));
    CHECK_ERR(JET_errInvalidBufferSize, JetGetTableInfoA(b.s, r, &v, 3, JET_TblInfoSpaceAvailable));
    v = 77;
    CHECK_OK(JetGetTableInfoA(b.s, r, &v, 4, JET_TblInfoSpaceOwnedLV));
    CHECK_EQ(v, 0); /* no LV tree yet */
    v = 77;
    CHECK_OK(JetGetTableInfoA(b.s, r, &v, 4, JET_TblInfoSpaceAvailableLV));
    CHECK_EQ(v, 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableInfoA(b.s, r, &v, 3, JET_TblInfoSpaceOwnedLV));

    /* A table created with 0 pages owns 1. */
    JET_TABLEID e = 0;
    CHECK_OK(JetCreateTable(b.s, b.dbid, "Empty", 0, 0, &e));
    CHECK_OK(JetGetTableInfoA(b.s, e, pair, 8, JET_TblInfoSpaceUsage));
    CHECK_EQ(pair[0], 1);
    CHECK_EQ(pair[1], 0);
    CHECK_OK(JetGetTableInfoA(b.s, e, pair, 8, JET_TblInfoSpaceAlloc));
    CHECK_EQ(pair[0], 0);
    CHECK_EQ(pair[1], 80); /* the default density */

    /* Levels ESE does not offer here: -1001. */
    unsigned long bad[] = {JET_TblInfoMostMany, JET_TblInfoRvt, JET_TblInfoOLC, JET_TblInfoResetOLC,
                           JET_TblInfoDumpTable, 13, 99};
    char big[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_ERR(JET_errFeatureNotAvailable, JetGetTableInfoA(b.s, r, big, sizeof big, bad[i]));
    CHECK_OK(JetTerm(b.inst));
}

TEST(info_table_info_handles) {
    /* data-ddl 8.2: sesid and tableid are checked first (S-THD-01) */
    struct books b = books_open("th.edb");
    JET_OBJECTINFO oi;
    CHECK_ERR(JET_errInvalidSesid, JetGetTableInfoA(0, b.t, &oi, sizeof oi, JET_TblInfo));
    CHECK_ERR(JET_errInvalidTableId, JetGetTableInfoA(b.s, 12345, &oi, sizeof oi, JET_TblInfo));
    JET_SESID o = fixture_session(b.inst);
    CHECK_ERR(JET_errSesidTableIdMismatch, JetGetTableInfoW(o, b.t, &oi, sizeof oi, JET_TblInfo));
    CHECK_OK(JetCloseTable(b.s, b.t));
    CHECK_ERR(JET_errInvalidTableId, JetGetTableInfo(b.s, b.t, &oi, sizeof oi, JET_TblInfo));
    CHECK_OK(JetTerm(b.inst));
}

static void check_def(const JET_COLUMNDEF *d, JET_COLUMNID id, JET_COLTYP typ, unsigned cp,
                      unsigned long cbMax, JET_GRBIT grbit) {
    CHECK_EQ(d->cbStruct, sizeof(JET_COLUMNDEF));
    CHECK_EQ(d->columnid, id);
    CHECK_EQ(d->coltyp, typ);
    CHECK_EQ(d->wCountry, 1);
    CHECK_EQ(d->langid, 0x409);
    CHECK_EQ(d->cp, cp);
    CHECK_EQ(d->wCollate, 0);
    CHECK_EQ(d->cbMax, cbMax);
    CHECK_EQ(d->grbit, grbit);
}

TEST(info_column_info_by_name) {
    /* data-ddl 8.3: JET_ColInfo / JET_ColInfoByColid of JetGetColumnInfo (never Updatable) */
    struct books b = books_open("ci.edb");
    JET_COLUMNDEF d;
    CHECK_EQ(sizeof d, 28);
    memset(&d, 0xCC, sizeof d);
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Books", "id", &d, sizeof d, JET_ColInfo));
    check_def(&d, 1, JET_coltypLong, 0, 4, JET_bitColumnFixed | JET_bitColumnAutoincrement);
    CHECK_OK(JetGetColumnInfo(b.s, b.dbid, "BOOKS", "TITLE", &d, sizeof d, JET_ColInfo));
    check_def(&d, 128, JET_coltypText, 1252, 100, 0);
    CHECK_OK(JetGetColumnInfoW(b.s, b.dbid, wide(0, "Books"), wide(1, "notes"), &d, sizeof d, JET_ColInfo));
    check_def(&d, 256, JET_coltypLongText, 1200, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    /* The flag bits of InfoLevel are accepted. */
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Books", "title", &d, sizeof d,
                               JET_ColInfo | JET_ColInfoGrbitMinimalInfo | JET_ColInfoGrbitSortByColumnid));
    CHECK_EQ(d.columnid, 128);
    /* By id: the name argument is a JET_COLUMNID *. */
    JET_COLUMNID id = 256;
    memset(&d, 0, sizeof d);
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Books", (const char *)&id, &d, sizeof d, JET_ColInfoByColid));
    check_def(&d, 256, JET_coltypLongText, 1200, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    id = 1;
    CHECK_OK(JetGetColumnInfoW(b.s, b.dbid, wide(0, "Books"), (const WCHAR *)&id, &d, sizeof d, JET_ColInfoByColid));
    CHECK_EQ(d.columnid, 1);
    id = 129; /* S-BAD-03: a column id that does not exist */
    CHECK_ERR(JET_errColumnNotFound,
              JetGetColumnInfoA(b.s, b.dbid, "Books", (const char *)&id, &d, sizeof d, JET_ColInfoByColid));
    CHECK_ERR(JET_errInvalidParameter, JetGetColumnInfoA(b.s, b.dbid, "Books", NULL, &d, sizeof d, JET_ColInfoByColid));
    /* Codes, in the reference's order. */
    CHECK_ERR(JET_errBufferTooSmall, JetGetColumnInfoA(b.s, b.dbid, "Books", "id", &d, 27, JET_ColInfo));
    CHECK_ERR(JET_errBufferTooSmall, JetGetColumnInfoA(b.s, b.dbid, "Books", (const char *)&id, &d, 27, JET_ColInfoByColid));
    CHECK_ERR(JET_errColumnNotFound, JetGetColumnInfoA(b.s, b.dbid, "Books", NULL, &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errColumnNotFound, JetGetColumnInfoA(b.s, b.dbid, "Books", "", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errColumnNotFound, JetGetColumnInfoA(b.s, b.dbid, "Books", "nope", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidName, JetGetColumnInfoA(b.s, b.dbid, "Books", " id", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errObjectNotFound, JetGetColumnInfoA(b.s, b.dbid, "Nope", "id", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidParameter, JetGetColumnInfoA(b.s, b.dbid, NULL, "id", &d, sizeof d, JET_ColInfo));
    char longname[66];
    memset(longname, 'n', 65);
    longname[65] = 0;
    CHECK_ERR(JET_errInvalidName, JetGetColumnInfoA(b.s, b.dbid, longname, "id", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidName, JetGetColumnInfoA(b.s, b.dbid, "Books", longname, &d, sizeof d, JET_ColInfo));
    const char bad_utf8[] = {'i', (char)0xFF, 0};
    CHECK_ERR(JET_errInvalidName, JetGetColumnInfoA(b.s, b.dbid, "Books", bad_utf8, &d, sizeof d, JET_ColInfo));
    const WCHAR lone[] = {0xD800, 0};
    CHECK_ERR(JET_errInvalidName, JetGetColumnInfoW(b.s, b.dbid, lone, wide(1, "id"), &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidParameter, JetGetColumnInfoA(b.s, b.dbid, "Books", "id", NULL, sizeof d, JET_ColInfo));
    /* Levels: the lists are temporary tables (after their cbMax check; test_temp.c
     * temp_column_info_list), SysTabCursor is -1001, an unknown level -1003. */
    char big[2048];
    unsigned long lists[] = {JET_ColInfoList, JET_ColInfoListCompact, JET_ColInfoListSortColumnid};
    for (int i = 0; i < 3; i++) {
        JET_COLUMNLIST cl;
        CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Books", NULL, &cl, 80, lists[i]));
        CHECK_OK(JetCloseTable(b.s, cl.tableid));
        CHECK_ERR(JET_errBufferTooSmall, JetGetColumnInfoA(b.s, b.dbid, "Books", NULL, big, 79, lists[i]));
    }
    CHECK_ERR(JET_errFeatureNotAvailable,
              JetGetColumnInfoA(b.s, b.dbid, "Books", "id", big, sizeof big, JET_ColInfoSysTabCursor));
    CHECK_ERR(JET_errInvalidParameter, JetGetColumnInfoA(b.s, b.dbid, "Books", "id", big, sizeof big, 2));
    CHECK_ERR(JET_errInvalidParameter, JetGetColumnInfoA(b.s, b.dbid, "Books", "id", big, sizeof big, 9));
    /* Handles. */
    CHECK_ERR(JET_errInvalidSesid, JetGetColumnInfoA(0, b.dbid, "Books", "id", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidDatabaseId, JetGetColumnInfoA(b.s, b.dbid + 7, "Books", "id", &d, sizeof d, JET_ColInfo));
    CHECK_OK(JetTerm(b.inst));
}

TEST(info_column_info_base) {
    /* data-ddl 8.3: JET_ColInfoBase / JET_ColInfoBaseByColid, JET_COLUMNBASE_A and _W */
    struct books b = books_open("cb.edb");
    JET_COLUMNBASE_A ba;
    CHECK_EQ(sizeof ba, 540);
    memset(&ba, 0xCC, sizeof ba);
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "books", "Title", &ba, sizeof ba, JET_ColInfoBase));
    CHECK_EQ(ba.cbStruct, 540);
    CHECK_EQ(ba.columnid, 128);
    CHECK_EQ(ba.coltyp, JET_coltypText);
    CHECK_EQ(ba.wCountry, 1);
    CHECK_EQ(ba.langid, 0x409);
    CHECK_EQ(ba.cp, 1252);
    CHECK_EQ(ba.wFiller, 0);
    CHECK_EQ(ba.cbMax, 100);
    CHECK_EQ(ba.grbit, 0);
    CHECK(strcmp(ba.szBaseTableName, "Books") == 0);
    CHECK(strcmp(ba.szBaseColumnName, "title") == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetColumnInfoA(b.s, b.dbid, "Books", "title", &ba, 539, JET_ColInfoBase));
    JET_COLUMNID id = 1;
    CHECK_OK(JetGetTableColumnInfoA(b.s, b.t, (const char *)&id, &ba, sizeof ba, JET_ColInfoBaseByColid));
    CHECK_EQ(ba.columnid, 1);
    CHECK_EQ(ba.grbit, JET_bitColumnFixed | JET_bitColumnAutoincrement | JET_bitColumnUpdatable);
    CHECK(strcmp(ba.szBaseColumnName, "id") == 0);
    CHECK_ERR(JET_errBufferTooSmall,
              JetGetTableColumnInfoA(b.s, b.t, (const char *)&id, &ba, 539, JET_ColInfoBaseByColid));
    JET_COLUMNBASE_W bw;
    CHECK_EQ(sizeof bw, 1052);
    memset(&bw, 0xCC, sizeof bw);
    CHECK_OK(JetGetColumnInfoW(b.s, b.dbid, wide(0, "Books"), wide(1, "notes"), &bw, sizeof bw, JET_ColInfoBase));
    CHECK_EQ(bw.cbStruct, 1052);
    CHECK_EQ(bw.columnid, 256);
    CHECK_EQ(bw.cp, 1200);
    CHECK_EQ(bw.grbit, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK(wide_eq(bw.szBaseTableName, "Books"));
    CHECK(wide_eq(bw.szBaseColumnName, "notes"));
    /* The W struct is bigger: an A-sized buffer is too small. */
    CHECK_ERR(JET_errBufferTooSmall,
              JetGetColumnInfoW(b.s, b.dbid, wide(0, "Books"), wide(1, "notes"), &bw, 1051, JET_ColInfoBase));
    id = 128;
    CHECK_OK(JetGetTableColumnInfoW(b.s, b.t, (const WCHAR *)&id, &bw, sizeof bw, JET_ColInfoBaseByColid));
    CHECK(wide_eq(bw.szBaseColumnName, "title"));
    CHECK_EQ(bw.grbit, JET_bitColumnUpdatable);
    CHECK_ERR(JET_errColumnNotFound, JetGetTableColumnInfoW(b.s, b.t, wide(0, "x"), &bw, sizeof bw, JET_ColInfoBase));
    CHECK_OK(JetTerm(b.inst));
}

TEST(info_table_column_info) {
    /* data-ddl 8.3: JetGetTableColumnInfo reports Updatable when the cursor is */
    struct books b = books_open("tci.edb");
    JET_COLUMNDEF d;
    CHECK_OK(JetGetTableColumnInfoA(b.s, b.t, "title", &d, sizeof d, JET_ColInfo));
    check_def(&d, 128, JET_coltypText, 1252, 100, JET_bitColumnUpdatable);
    CHECK_OK(JetGetTableColumnInfoW(b.s, b.t, wide(0, "ID"), &d, sizeof d, JET_ColInfo));
    check_def(&d, 1, JET_coltypLong, 0, 4, JET_bitColumnFixed | JET_bitColumnAutoincrement | JET_bitColumnUpdatable);
    JET_TABLEID r = 0;
    CHECK_OK(JetOpenTable(b.s, b.dbid, "Books", NULL, 0, JET_bitTableReadOnly, &r));
    CHECK_OK(JetGetTableColumnInfo(b.s, r, "notes", &d, sizeof d, JET_ColInfo));
    check_def(&d, 256, JET_coltypLongText, 1200, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    JET_COLUMNID id = 128;
    CHECK_OK(JetGetTableColumnInfoA(b.s, r, (const char *)&id, &d, sizeof d, JET_ColInfoByColid));
    check_def(&d, 128, JET_coltypText, 1252, 100, 0);
    id = 257;
    CHECK_ERR(JET_errColumnNotFound, JetGetTableColumnInfoA(b.s, r, (const char *)&id, &d, sizeof d, JET_ColInfoByColid));
    CHECK_ERR(JET_errColumnNotFound, JetGetTableColumnInfoA(b.s, r, NULL, &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableColumnInfoA(b.s, r, "id", &d, 27, JET_ColInfo));
    CHECK_ERR(JET_errInvalidName, JetGetTableColumnInfoA(b.s, r, " id", &d, sizeof d, JET_ColInfo));
    char big[2048];
    JET_COLUMNLIST cl;
    CHECK_OK(JetGetTableColumnInfoA(b.s, r, NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK_OK(JetCloseTable(b.s, cl.tableid));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableColumnInfoW(b.s, r, NULL, big, 79, JET_ColInfoListSortColumnid));
    CHECK_ERR(JET_errFeatureNotAvailable, JetGetTableColumnInfoA(b.s, r, "id", big, sizeof big, JET_ColInfoSysTabCursor));
    CHECK_ERR(JET_errInvalidParameter, JetGetTableColumnInfoA(b.s, r, "id", big, sizeof big, 10));
    CHECK_ERR(JET_errInvalidSesid, JetGetTableColumnInfoA(0, r, "id", &d, sizeof d, JET_ColInfo));
    CHECK_ERR(JET_errInvalidTableId, JetGetTableColumnInfoA(b.s, 999, "id", &d, sizeof d, JET_ColInfo));
    CHECK_OK(JetTerm(b.inst));
}

TEST(info_object_info) {
    /* data-ddl 8.5: JetGetObjectInfo for one table */
    struct books b = books_open("oi.edb");
    JET_OBJECTINFO oi;
    memset(&oi, 0xCC, sizeof oi);
    CHECK_OK(JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "books", &oi, sizeof oi, JET_ObjInfo));
    CHECK_EQ(oi.cbStruct, 40);
    CHECK_EQ(oi.objtyp, JET_objtypTable);
    CHECK_EQ(oi.grbit, JET_bitTableInfoBookmark | JET_bitTableInfoRollback | JET_bitTableInfoUpdatable);
    CHECK_EQ(oi.flags, 0);
    CHECK_EQ(oi.cRecord, 0);
    CHECK_EQ(oi.cPage, 0);
    memset(&oi, 0xCC, sizeof oi);
    CHECK_OK(JetGetObjectInfo(b.s, b.dbid, JET_objtypNil, "TABLES", "Books", &oi, sizeof oi, JET_ObjInfoNoStats));
    CHECK_EQ(oi.cbStruct, 40);
    CHECK_EQ(oi.cRecord, 0);
    CHECK_OK(JetGetObjectInfoW(b.s, b.dbid, JET_objtypTable, wide(0, "Tables"), wide(1, "Books"), &oi, sizeof oi,
                               JET_ObjInfo));
    CHECK_EQ(oi.objtyp, JET_objtypTable);
    CHECK_OK(JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, "", "Books", &oi, sizeof oi, JET_ObjInfo));
    /* Codes. */
    CHECK_ERR(JET_errBufferTooSmall, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Books", &oi, 39, JET_ObjInfo));
    CHECK_ERR(JET_errObjectNotFound, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, "Other", "Books", &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errInvalidName, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, " Tables", "Books", &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errObjectNotFound, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Nope", &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errObjectNotFound, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, NULL, &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errObjectNotFound, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "", &oi, sizeof oi, JET_ObjInfo));
    char longname[66];
    memset(longname, 'n', 65);
    longname[65] = 0;
    CHECK_ERR(JET_errInvalidName, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, longname, &oi, sizeof oi, JET_ObjInfo));
    const WCHAR lone[] = {0xDC00, 0};
    CHECK_ERR(JET_errInvalidName, JetGetObjectInfoW(b.s, b.dbid, JET_objtypTable, NULL, lone, &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errInvalidParameter, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Books", NULL, 40, JET_ObjInfo));
    /* Lists: a temporary table (test_temp.c temp_object_info_list), after the cbMax check (56). */
    char big[128];
    JET_OBJECTLIST ol;
    CHECK_OK(JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, NULL, &ol, 56, JET_ObjInfoList));
    CHECK_OK(JetCloseTable(b.s, ol.tableid));
    CHECK_OK(JetGetObjectInfoW(b.s, b.dbid, JET_objtypNil, NULL, NULL, &ol, 56, JET_ObjInfoListNoStats));
    CHECK_OK(JetCloseTable(b.s, ol.tableid));
    CHECK_ERR(JET_errBufferTooSmall, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, NULL, big, 55, JET_ObjInfoList));
    unsigned long na[] = {JET_ObjInfoSysTabCursor, JET_ObjInfoListACM, JET_ObjInfoSysTabReadOnly, JET_ObjInfoRulesLoaded};
    for (int i = 0; i < 4; i++)
        CHECK_ERR(JET_errFeatureNotAvailable, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Books", big, sizeof big, na[i]));
    CHECK_ERR(JET_errInvalidParameter, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Books", big, sizeof big, JET_ObjInfoMax));
    /* Handles. */
    CHECK_ERR(JET_errInvalidSesid, JetGetObjectInfoA(0, b.dbid, JET_objtypTable, NULL, "Books", &oi, sizeof oi, JET_ObjInfo));
    CHECK_ERR(JET_errInvalidDatabaseId, JetGetObjectInfoA(b.s, b.dbid + 9, JET_objtypTable, NULL, "Books", &oi, sizeof oi, JET_ObjInfo));
    CHECK_OK(JetTerm(b.inst));
}

/* data-ddl 8.4: the number levels of JetGetIndexInfo / JetGetTableIndexInfo */
TEST(info_index_info_numbers) {
    struct books b = books_open("ii.edb");
    uint32_t v = 0;
    CHECK_OK(JetGetIndexInfoA(b.s, b.dbid, "Books", NULL, &v, 4, JET_IdxInfoCount));
    CHECK_EQ(v, 2); /* the primary index and one secondary */
    CHECK_OK(JetGetTableIndexInfoW(b.s, b.t, wide(0, "nope"), &v, 4, JET_IdxInfoCount)); /* name ignored */
    CHECK_EQ(v, 2);
    CHECK_ERR(JET_errBufferTooSmall, JetGetIndexInfoA(b.s, b.dbid, "Books", NULL, &v, 3, JET_IdxInfoCount));
    /* A table without indexes has its sequential index: 1. */
    JET_TABLEID e = 0;
    CHECK_OK(JetCreateTable(b.s, b.dbid, "Bare", 0, 0, &e));
    CHECK_OK(JetGetTableIndexInfo(b.s, e, NULL, &v, 4, JET_IdxInfoCount));
    CHECK_EQ(v, 1);
    uint16_t h = 0;
    /* The sequential index has no definition: NULL name → -1404. */
    CHECK_ERR(JET_errIndexNotFound, JetGetTableIndexInfoA(b.s, e, NULL, &h, 2, JET_IdxInfoKeyMost));
    /* Key sizes: the defaults (255 each). */
    CHECK_OK(JetGetIndexInfo(b.s, b.dbid, "Books", "by_title", &h, 2, JET_IdxInfoKeyMost));
    CHECK_EQ(h, 255);
    h = 0;
    CHECK_OK(JetGetIndexInfoW(b.s, b.dbid, wide(0, "Books"), wide(1, "BY_TITLE"), &h, 2, JET_IdxInfoVarSegMac));
    CHECK_EQ(h, 255);
    CHECK_ERR(JET_errBufferTooSmall, JetGetIndexInfoA(b.s, b.dbid, "Books", "by_title", &h, 1, JET_IdxInfoVarSegMac));
    /* LCID: the LANGID in 2 bytes, the LCID in 4; the default locale is en-US. */
    h = 0;
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "primary", &h, 2, JET_IdxInfoLCID));
    CHECK_EQ(h, 0x409);
    v = 0;
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "", &v, 4, JET_IdxInfoLangid));
    CHECK_EQ(v, 0x409);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, "", &v, 1, JET_IdxInfoLCID));
    /* Locale name: UTF-16 in both forms, 85 WCHARs at least. */
    WCHAR loc[85];
    CHECK_OK(JetGetIndexInfoA(b.s, b.dbid, "Books", "by_title", loc, sizeof loc, JET_IdxInfoLocaleName));
    CHECK(wide_eq(loc, "en-US"));
    CHECK_ERR(JET_errBufferTooSmall, JetGetIndexInfoW(b.s, b.dbid, wide(0, "Books"), NULL, loc, 169, JET_IdxInfoLocaleName));
    /* Index id: 20 bytes, different per index. */
    JET_INDEXID a, c;
    memset(&a, 0, sizeof a);
    memset(&c, 0, sizeof c);
    CHECK_EQ(sizeof a, 20);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, &a, sizeof a, JET_IdxInfoIndexId));
    CHECK_EQ(a.cbStruct, 20);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "by_title", &c, sizeof c, JET_IdxInfoIndexId));
    CHECK(memcmp(a.rgbIndexId, c.rgbIndexId, sizeof a.rgbIndexId) != 0);
    CHECK_OK(JetGetIndexInfoA(b.s, b.dbid, "Books", "primary", &c, sizeof c, JET_IdxInfoIndexId));
    CHECK(memcmp(a.rgbIndexId, c.rgbIndexId, sizeof a.rgbIndexId) == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, &a, 19, JET_IdxInfoIndexId));
    /* Space: the table's for the primary index (created with 5 pages), 1 page for a secondary. */
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, &v, 4, JET_IdxInfoSpaceAlloc));
    CHECK_EQ(v, 5);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, &v, 4, JET_IdxInfoSpaceOwned));
    CHECK_EQ(v, 5);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, &v, 4, JET_IdxInfoSpaceAvailable));
    CHECK_EQ(v, 4);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "by_title", &v, 4, JET_IdxInfoSpaceAlloc));
    CHECK_EQ(v, 1);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "by_title", &v, 4, JET_IdxInfoSpaceAvailable));
    CHECK_EQ(v, 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, &v, 3, JET_IdxInfoSpaceOwned));
    /* Codes. */
    char big[512];
    JET_INDEXLIST il; /* the lists: test_temp.c temp_index_info_list */
    CHECK_OK(JetGetIndexInfoA(b.s, b.dbid, "Books", NULL, &il, 84, JET_IdxInfo));
    CHECK_OK(JetCloseTable(b.s, il.tableid));
    CHECK_OK(JetGetTableIndexInfoW(b.s, b.t, NULL, &il, 88, JET_IdxInfoList));
    CHECK_OK(JetCloseTable(b.s, il.tableid));
    CHECK_ERR(JET_errBufferTooSmall, JetGetIndexInfoA(b.s, b.dbid, "Books", NULL, big, 83, JET_IdxInfoList));
    unsigned long na[] = {JET_IdxInfoSysTabCursor, JET_IdxInfoOLC, JET_IdxInfoResetOLC};
    for (int i = 0; i < 3; i++)
        CHECK_ERR(JET_errFeatureNotAvailable, JetGetTableIndexInfoA(b.s, b.t, NULL, big, sizeof big, na[i]));
    CHECK_ERR(JET_errInvalidParameter, JetGetTableIndexInfoA(b.s, b.t, NULL, big, sizeof big, 15));
    CHECK_ERR(JET_errInvalidParameter, JetGetTableIndexInfoA(b.s, b.t, NULL, NULL, 4, JET_IdxInfoCount));
    CHECK_ERR(JET_errIndexNotFound, JetGetTableIndexInfoA(b.s, b.t, "nope", &h, 2, JET_IdxInfoKeyMost));
    CHECK_ERR(JET_errInvalidName, JetGetTableIndexInfoA(b.s, b.t, " x", &h, 2, JET_IdxInfoKeyMost));
    CHECK_ERR(JET_errObjectNotFound, JetGetIndexInfoA(b.s, b.dbid, "Nope", NULL, &v, 4, JET_IdxInfoCount));
    CHECK_ERR(JET_errInvalidParameter, JetGetIndexInfoA(b.s, b.dbid, NULL, NULL, &v, 4, JET_IdxInfoCount));
    const WCHAR lone[] = {0xD800, 0};
    CHECK_ERR(JET_errInvalidName, JetGetIndexInfoW(b.s, b.dbid, wide(0, "Books"), lone, &v, 4, JET_IdxInfoCount));
    CHECK_ERR(JET_errInvalidSesid, JetGetIndexInfoA(0, b.dbid, "Books", NULL, &v, 4, JET_IdxInfoCount));
    CHECK_ERR(JET_errInvalidDatabaseId, JetGetIndexInfoA(b.s, b.dbid + 5, "Books", NULL, &v, 4, JET_IdxInfoCount));
    CHECK_ERR(JET_errInvalidTableId, JetGetTableIndexInfoA(b.s, 4242, NULL, &v, 4, JET_IdxInfoCount));
    CHECK_OK(JetTerm(b.inst));
}

/* data-ddl 8.4: JET_IdxInfoCreateIndex/2/3 give a struct that recreates the index */
TEST(info_index_info_create_structs) {
    struct books b = books_open("ic.edb");
    _Alignas(8) char buf[1024];
    memset(buf, 0xCC, sizeof buf);
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "by_title", buf, sizeof buf, JET_IdxInfoCreateIndex));
    JET_INDEXCREATE_A *x = (JET_INDEXCREATE_A *)buf;
    CHECK_EQ(x->cbStruct, sizeof(JET_INDEXCREATE_A));
    CHECK(strcmp(x->szIndexName, "by_title") == 0);
    CHECK_EQ(x->cbKey, 12);
    CHECK(memcmp(x->szKey, "+title\0-id\0\0", 12) == 0);
    CHECK_EQ(x->grbit, 0);
    CHECK_EQ(x->ulDensity, 90); /* the table's */
    CHECK_EQ(x->lcid, 0x409);
    CHECK_EQ(x->cbVarSegMac, 255);
    CHECK_EQ(x->cConditionalColumn, 0);
    CHECK_EQ(x->cbKeyMost, 255);
    CHECK_EQ(x->err, 0);
    /* Everything it points to is inside the buffer. */
    CHECK(x->szIndexName > buf && x->szIndexName < buf + sizeof buf);
    /* The primary index by a NULL name, and too small buffers. */
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, buf, sizeof buf, JET_IdxInfoCreateIndex));
    CHECK(strcmp(x->szIndexName, "primary") == 0);
    CHECK_EQ(x->grbit, JET_bitIndexPrimary | JET_bitIndexUnique);
    CHECK(memcmp(x->szKey, "+id\0\0", 5) == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, buf, 79, JET_IdxInfoCreateIndex));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, buf, 80, JET_IdxInfoCreateIndex));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, buf, 87, JET_IdxInfoCreateIndex2));
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, b.t, NULL, buf, 87, JET_IdxInfoCreateIndex3));
    JET_TABLEID e = 0;
    CHECK_OK(JetCreateTable(b.s, b.dbid, "Bare", 0, 0, &e));
    CHECK_ERR(JET_errIndexNotFound, JetGetTableIndexInfoA(b.s, e, NULL, buf, sizeof buf, JET_IdxInfoCreateIndex));

    /* Version 2: space hints. */
    _Alignas(8) char buf2[1024];
    CHECK_OK(JetGetIndexInfoA(b.s, b.dbid, "Books", "by_title", buf2, sizeof buf2, JET_IdxInfoCreateIndex2));
    JET_INDEXCREATE2_A *x2 = (JET_INDEXCREATE2_A *)buf2;
    CHECK_EQ(x2->cbStruct, sizeof(JET_INDEXCREATE2_A));
    CHECK(strcmp(x2->szIndexName, "by_title") == 0);
    CHECK(x2->pSpacehints != NULL);
    CHECK_EQ(x2->pSpacehints->cbStruct, sizeof(JET_SPACEHINTS));
    CHECK_EQ(x2->pSpacehints->ulInitialDensity, 90);

    /* W, version 3: wide strings, cbKey in bytes. */
    _Alignas(8) char buf3[1024];
    CHECK_OK(JetGetTableIndexInfoW(b.s, b.t, wide(0, "by_title"), buf3, sizeof buf3, JET_IdxInfoCreateIndex3));
    JET_INDEXCREATE3_W *x3 = (JET_INDEXCREATE3_W *)buf3;
    CHECK_EQ(x3->cbStruct, sizeof(JET_INDEXCREATE3_W));
    CHECK(wide_eq(x3->szIndexName, "by_title"));
    CHECK_EQ(x3->cbKey, 24);
    CHECK(wide_eq(x3->szKey, "+title"));
    CHECK(wide_eq(x3->szKey + 7, "-id"));
    CHECK_EQ(x3->szKey[11], 0);
    CHECK(x3->pidxunicode == NULL); /* the index has no locale of its own */
    CHECK(x3->pSpacehints != NULL);

    /* The returned structs recreate the indexes on a table with the same columns. */
    JET_INDEXCREATE_A again[2];
    _Alignas(8) char p1[1024], p2[1024];
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, NULL, p1, sizeof p1, JET_IdxInfoCreateIndex));
    CHECK_OK(JetGetTableIndexInfoA(b.s, b.t, "by_title", p2, sizeof p2, JET_IdxInfoCreateIndex));
    memcpy(&again[0], p1, sizeof again[0]);
    memcpy(&again[1], p2, sizeof again[1]);
    JET_COLUMNCREATE_A cols[3];
    memset(cols, 0, sizeof cols);
    const char *names[] = {"id", "title", "notes"};
    JET_COLTYP types[] = {JET_coltypLong, JET_coltypText, JET_coltypLongText};
    for (int i = 0; i < 3; i++) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = (char *)names[i];
        cols[i].coltyp = types[i];
    }
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"Copy";
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    tc.rgindexcreate = again;
    tc.cIndexes = 2;
    CHECK_OK(JetCreateTableColumnIndex(b.s, b.dbid, &tc));
    CHECK_EQ(again[0].err, 0);
    CHECK_EQ(again[1].err, 0);
    uint32_t n = 0;
    CHECK_OK(JetGetTableIndexInfoA(b.s, tc.tableid, NULL, &n, 4, JET_IdxInfoCount));
    CHECK_EQ(n, 2);
    _Alignas(8) char p3[1024];
    CHECK_OK(JetGetTableIndexInfoA(b.s, tc.tableid, "by_title", p3, sizeof p3, JET_IdxInfoCreateIndex));
    CHECK(memcmp(((JET_INDEXCREATE_A *)p3)->szKey, "+title\0-id\0\0", 12) == 0);
    CHECK_OK(JetTerm(b.inst));
}

/* data-ddl 8.4: a Unicode index with conditional columns, and a tuple index */
TEST(info_index_info_unicode_conditional_tuples) {
    struct books b = books_open("iu.edb");
    JET_COLUMNCREATE_A cols[2];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].szColumnName = (char *)"word";
    cols[0].coltyp = JET_coltypText;
    cols[0].cp = 1200;
    cols[1] = cols[0];
    cols[1].szColumnName = (char *)"flag";
    cols[1].coltyp = JET_coltypLong;
    cols[1].cp = 0;
    JET_UNICODEINDEX uni = {0x407, 0x00000001 /* NORM_IGNORECASE */ | 0x00000400 /* LCMAP_SORTKEY */};
    JET_CONDITIONALCOLUMN_A cond;
    cond.cbStruct = sizeof cond;
    cond.szColumnName = (char *)"flag";
    cond.grbit = JET_bitIndexColumnMustBeNull;
    JET_INDEXCREATE_A idx[2];
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = (char *)"w_uni";
    idx[0].szKey = (char *)"-word\0";
    idx[0].cbKey = 7;
    idx[0].grbit = JET_bitIndexUnicode;
    idx[0].pidxunicode = &uni;
    idx[0].rgconditionalcolumn = &cond;
    idx[0].cConditionalColumn = 1;
    idx[1].cbStruct = sizeof idx[1];
    idx[1].szIndexName = (char *)"w_tup";
    idx[1].szKey = (char *)"+word\0";
    idx[1].cbKey = 7;
    idx[1].grbit = JET_bitIndexTuples;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"Words";
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    CHECK_OK(JetCreateTableColumnIndex(b.s, b.dbid, &tc));
    uint32_t lcid = 0;
    CHECK_OK(JetGetTableIndexInfoA(b.s, tc.tableid, "w_uni", &lcid, 4, JET_IdxInfoLCID));
    CHECK_EQ(lcid, 0x407);
    WCHAR loc[85];
    CHECK_OK(JetGetTableIndexInfoW(b.s, tc.tableid, wide(0, "w_uni"), loc, sizeof loc, JET_IdxInfoLocaleName));
    CHECK(wide_eq(loc, "de-DE"));
    _Alignas(8) char buf[1024];
    CHECK_OK(JetGetTableIndexInfoA(b.s, tc.tableid, "w_uni", buf, sizeof buf, JET_IdxInfoCreateIndex));
    JET_INDEXCREATE_A *x = (JET_INDEXCREATE_A *)buf;
    CHECK(x->grbit & JET_bitIndexUnicode);
    CHECK(x->pidxunicode != NULL);
    CHECK_EQ(x->pidxunicode->lcid, 0x407);
    CHECK_EQ(x->pidxunicode->dwMapFlags, uni.dwMapFlags);
    CHECK_EQ(x->cConditionalColumn, 1);
    CHECK(strcmp(x->rgconditionalcolumn[0].szColumnName, "flag") == 0);
    CHECK_EQ(x->rgconditionalcolumn[0].grbit, JET_bitIndexColumnMustBeNull);
    CHECK(memcmp(x->szKey, "-word\0\0", 7) == 0);
    /* The whole packed size is needed: the struct alone is too small. */
    CHECK_ERR(JET_errBufferTooSmall, JetGetTableIndexInfoA(b.s, tc.tableid, "w_uni", buf, 100, JET_IdxInfoCreateIndex));
    /* Version 3: JET_UNICODEINDEX2 with the locale name. */
    CHECK_OK(JetGetTableIndexInfoW(b.s, tc.tableid, wide(0, "w_uni"), buf, sizeof buf, JET_IdxInfoCreateIndex3));
    JET_INDEXCREATE3_W *x3 = (JET_INDEXCREATE3_W *)buf;
    CHECK(x3->pidxunicode != NULL);
    CHECK(wide_eq(x3->pidxunicode->szLocaleName, "de-DE"));
    CHECK_EQ(x3->pidxunicode->dwMapFlags, uni.dwMapFlags);
    CHECK(wide_eq(x3->rgconditionalcolumn[0].szColumnName, "flag"));
    /* The tuple index: its limits, ESE's defaults. */
    CHECK_OK(JetGetTableIndexInfoA(b.s, tc.tableid, "w_tup", buf, sizeof buf, JET_IdxInfoCreateIndex2));
    JET_INDEXCREATE2_A *x2 = (JET_INDEXCREATE2_A *)buf;
    CHECK(x2->grbit & JET_bitIndexTuples);
    CHECK(x2->grbit & JET_bitIndexTupleLimits);
    CHECK(x2->ptuplelimits != NULL);
    CHECK_EQ(x2->ptuplelimits->chLengthMin, 3);
    CHECK_EQ(x2->ptuplelimits->chLengthMax, 10);
    CHECK_OK(JetTerm(b.inst));
}

/* data-ddl 8.2, 8.3, 8.5: a template table and a table derived from it */
TEST(info_template_and_derived) {
    struct books b = books_open("td.edb");
    JET_COLUMNCREATE_A col;
    memset(&col, 0, sizeof col);
    col.cbStruct = sizeof col;
    col.szColumnName = (char *)"shared";
    col.coltyp = JET_coltypLong;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"Tmpl";
    tc.rgcolumncreate = &col;
    tc.cColumns = 1;
    tc.grbit = JET_bitTableCreateTemplateTable;
    CHECK_OK(JetCreateTableColumnIndex(b.s, b.dbid, &tc));
    JET_TABLEID tmpl = tc.tableid;
    JET_COLUMNID shared = col.columnid;
    CHECK_EQ(shared & 0x80000000u, 0x80000000u); /* a template column's id */
    JET_COLUMNCREATE_A own;
    memset(&own, 0, sizeof own);
    own.cbStruct = sizeof own;
    own.szColumnName = (char *)"own";
    own.coltyp = JET_coltypShort;
    JET_TABLECREATE_A dc;
    memset(&dc, 0, sizeof dc);
    dc.cbStruct = sizeof dc;
    dc.szTableName = (char *)"Der";
    dc.szTemplateTableName = (char *)"Tmpl";
    dc.rgcolumncreate = &own;
    dc.cColumns = 1;
    CHECK_OK(JetCreateTableColumnIndex(b.s, b.dbid, &dc));
    JET_TABLEID der = dc.tableid;

    JET_OBJECTINFO oi;
    CHECK_OK(JetGetTableInfoA(b.s, tmpl, &oi, sizeof oi, JET_TblInfo));
    CHECK(oi.flags & JET_bitObjectTableTemplate);
    CHECK_OK(JetGetTableInfoA(b.s, der, &oi, sizeof oi, JET_TblInfo));
    CHECK(oi.flags & JET_bitObjectTableDerived);
    CHECK_OK(JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, "Der", &oi, sizeof oi, JET_ObjInfo));
    CHECK(oi.flags & JET_bitObjectTableDerived);
    char name[65];
    CHECK_OK(JetGetTableInfoA(b.s, der, name, sizeof name, JET_TblInfoTemplateTableName));
    CHECK(strcmp(name, "Tmpl") == 0);
    WCHAR wname[65];
    CHECK_OK(JetGetTableInfoW(b.s, der, wname, sizeof wname, JET_TblInfoTemplateTableName));
    CHECK(wide_eq(wname, "Tmpl"));
    /* An inherited column: its template id, and the template as its base table. */
    JET_COLUMNBASE_A ba;
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Der", "shared", &ba, sizeof ba, JET_ColInfoBase));
    CHECK_EQ(ba.columnid, shared);
    CHECK(strcmp(ba.szBaseTableName, "Tmpl") == 0);
    CHECK(strcmp(ba.szBaseColumnName, "shared") == 0);
    CHECK_OK(JetGetTableColumnInfoA(b.s, der, (const char *)&shared, &ba, sizeof ba, JET_ColInfoBaseByColid));
    CHECK(strcmp(ba.szBaseTableName, "Tmpl") == 0);
    JET_COLUMNDEF d;
    CHECK_OK(JetGetTableColumnInfoA(b.s, der, "own", &d, sizeof d, JET_ColInfo));
    CHECK_EQ(d.coltyp, JET_coltypShort);
    CHECK_EQ(d.cbMax, 2);
    CHECK_OK(JetGetColumnInfoA(b.s, b.dbid, "Der", "own", &ba, sizeof ba, JET_ColInfoBase));
    CHECK(strcmp(ba.szBaseTableName, "Der") == 0);
    CHECK_OK(JetTerm(b.inst));
}

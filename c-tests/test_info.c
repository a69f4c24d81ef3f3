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
    id = 129;
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
    /* Levels: the lists need temporary tables (-1001 after their cbMax check), SysTabCursor is
     * -1001, an unknown level -1003. */
    char big[2048];
    unsigned long lists[] = {JET_ColInfoList, JET_ColInfoListCompact, JET_ColInfoListSortColumnid};
    for (int i = 0; i < 3; i++) {
        CHECK_ERR(JET_errFeatureNotAvailable, JetGetColumnInfoA(b.s, b.dbid, "Books", NULL, big, 80, lists[i]));
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
    CHECK_ERR(JET_errFeatureNotAvailable, JetGetTableColumnInfoA(b.s, r, NULL, big, sizeof big, JET_ColInfoList));
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
    /* Lists need temporary tables: -1001 after the cbMax check (56). */
    char big[128];
    CHECK_ERR(JET_errFeatureNotAvailable, JetGetObjectInfoA(b.s, b.dbid, JET_objtypTable, NULL, NULL, big, 56, JET_ObjInfoList));
    CHECK_ERR(JET_errFeatureNotAvailable, JetGetObjectInfoW(b.s, b.dbid, JET_objtypNil, NULL, NULL, big, 56, JET_ObjInfoListNoStats));
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

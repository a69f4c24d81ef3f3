/* Bad input to every exported data-layer function, A and W variants included, table-driven.
 * test_bad_input.c covers the unsuffixed cursor functions with forged tableids and many argument
 * checks; this file adds (1) one row per exported data function (the real list is exports.txt)
 * called with a forged sesid, an ended session's sesid, a forged / closed / ended-session tableid,
 * another session's tableid, and forged or unopened dbids; (2) one row per bad argument (NULL
 * pointers, wrong cbStruct, absurd sizes and counts, unknown grbits and info levels) for the
 * database, A/W, CreateTableColumnIndex, CreateIndex2-4, temporary-table and intersection
 * functions; (3) a temporary table's cursor in every tableid function; (4) every info level
 * and output size into a heap buffer of exactly cbMax bytes (memcheck sees any write past it).
 * Every row names what it checks and expects ESE's exact code where the spec gives one, else a
 * negative code from the harness's own table; after each group the table's record count and a
 * record's value are read back unchanged. BADIN_SHOW=1 prints every row's code. A size or
 * count larger than the caller's buffer or array is the caller's error, for Windows too (ESE
 * reads szKey[cbKey - 1] and walks a temp table's column definitions): those rows pass real
 * memory. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define NREC 10

struct bx {
    JET_INSTANCE inst;
    JET_SESID s;       /* owns dbid and t */
    JET_SESID s2;      /* owns t2 */
    JET_SESID s3;      /* opened and closed the database: dbid is stale for it */
    JET_SESID dead;    /* an ended session */
    JET_DBID dbid;
    JET_TABLEID t, t2;
    JET_TABLEID closed;    /* closed by s */
    JET_TABLEID dead_t;    /* opened by dead, closed by its JetEndSession */
    JET_COLUMNID id, name;
};

static struct bx g;

/* T(Id Long primary, Name Text ByName), NREC records; "other.edb" exists on disk, detached. */
static void bx_open(void) {
    memset(&g, 0, sizeof g);
    g.inst = fixture_running("badin", -1);
    g.s = fixture_session(g.inst);
    g.s2 = fixture_session(g.inst);
    g.s3 = fixture_session(g.inst);
    g.dead = fixture_session(g.inst);
    JET_DBID d = 0;
    CHECK_OK(JetCreateDatabase(g.s, fixture_path("other.edb"), NULL, &d, 0));
    CHECK_OK(JetCloseDatabase(g.s, d, 0));
    CHECK_OK(JetDetachDatabase(g.s, fixture_path("other.edb")));
    CHECK_OK(JetCreateDatabase(g.s, fixture_path("bd.edb"), NULL, &g.dbid, 0));
    CHECK_OK(JetCreateTable(g.s, g.dbid, "T", 0, 0, &g.t));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    CHECK_OK(JetAddColumn(g.s, g.t, "Id", &c, NULL, 0, &g.id));
    c.coltyp = JET_coltypText;
    c.cbMax = 64;
    c.cp = 1252;
    CHECK_OK(JetAddColumn(g.s, g.t, "Name", &c, NULL, 0, &g.name));
    CHECK_OK(JetCreateIndex(g.s, g.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCreateIndex(g.s, g.t, "ByName", 0, "+Name\0", 7, 100));
    CHECK_OK(JetCloseTable(g.s, g.t)); /* JetCreateTable's cursor is exclusive */
    CHECK_OK(JetOpenTable(g.s, g.dbid, "T", NULL, 0, 0, &g.t));
    CHECK_OK(JetBeginTransaction(g.s));
    for (int32_t i = 0; i < NREC; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "r%02d", i);
        CHECK_OK(JetPrepareUpdate(g.s, g.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(g.s, g.t, g.id, &i, 4, 0, NULL));
        CHECK_OK(JetSetColumn(g.s, g.t, g.name, nm, (uint32_t)strlen(nm), 0, NULL));
        CHECK_OK(JetUpdate(g.s, g.t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(g.s, 0));
    CHECK_OK(JetMove(g.s, g.t, JET_MoveFirst, 0));
    JET_DBID d2 = 0, d3 = 0, dd = 0;
    CHECK_OK(JetOpenDatabase(g.s2, fixture_path("bd.edb"), NULL, &d2, 0));
    CHECK_OK(JetOpenTable(g.s2, d2, "T", NULL, 0, 0, &g.t2));
    CHECK_OK(JetOpenDatabase(g.s3, fixture_path("bd.edb"), NULL, &d3, 0));
    CHECK_OK(JetCloseDatabase(g.s3, d3, 0));
    CHECK_OK(JetOpenTable(g.s, g.dbid, "T", NULL, 0, 0, &g.closed));
    CHECK_OK(JetCloseTable(g.s, g.closed));
    CHECK_OK(JetOpenDatabase(g.dead, fixture_path("bd.edb"), NULL, &dd, 0));
    CHECK_OK(JetOpenTable(g.dead, dd, "T", NULL, 0, 0, &g.dead_t));
    CHECK_OK(JetEndSession(g.dead, 0));
}

/* What must not change: the record count, record 5's Name, no table "U", no column "New" or
 * index "Ix", the cursor t still usable. */
static void bx_unchanged(const char *after) {
    JET_TABLEID c = 0;
    JET_ERR e = JetOpenTable(g.s, g.dbid, "T", NULL, 0, 0, &c);
    if (e != JET_errSuccess) {
        printf("    after %s: JetOpenTable T -> %d\n", after, (int)e);
        CHECK_OK(e);
        return;
    }
    uint32_t n = 0;
    CHECK_OK(JetIndexRecordCount(g.s, c, &n, 0));
    int32_t k = 5;
    CHECK_OK(JetMakeKey(g.s, c, &k, 4, JET_bitNewKey));
    CHECK_OK(JetSeek(g.s, c, JET_bitSeekEQ));
    char nm[16] = {0};
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(g.s, c, g.name, nm, sizeof nm - 1, &cb, 0, NULL));
    JET_COLUMNDEF cd;
    JET_ERR col = JetGetTableColumnInfo(g.s, c, "New", &cd, sizeof cd, JET_ColInfo);
    JET_ERR ix = JetSetCurrentIndex(g.s, c, "Ix");
    CHECK_OK(JetCloseTable(g.s, c));
    JET_TABLEID u = 0;
    JET_ERR tu = JetOpenTable(g.s, g.dbid, "U", NULL, 0, 0, &u);
    if (tu == JET_errSuccess) JetCloseTable(g.s, u);
    JET_ERR mv = JetMove(g.s, g.t, JET_MoveFirst, 0);
    if (n != NREC || cb != 3 || memcmp(nm, "r05", 3) != 0 || col != JET_errColumnNotFound ||
        ix != JET_errIndexNotFound || tu != JET_errObjectNotFound || mv != JET_errSuccess) {
        printf("    after %s: count %u, r5 '%.*s', column New %d, index Ix %d, table U %d, move %d\n",
               after, n, (int)cb, nm, (int)col, (int)ix, (int)tu, (int)mv);
        CHECK(!"the database changed");
    }
}

static int known_code(JET_ERR r) {
    for (size_t i = 0; i < check_code_count; i++)
        if (check_codes[i].code == r) return 1;
    return 0;
}

#define W(s) ((const WCHAR *)u##s)
#define WM(s) ((WCHAR *)u##s)

static unsigned char buf[1024];
static uint32_t cbo;

/* ---- 1. handles: one row per exported data function ------------------------------------- */

enum { K_SES = 1, K_DB = 2, K_TBL = 4 };

typedef JET_ERR (*hcall)(JET_SESID s, JET_DBID d, JET_TABLEID t);

#define H(name, ...) \
    static JET_ERR h_##name(JET_SESID s, JET_DBID d, JET_TABLEID t) { (void)d; (void)t; __VA_ARGS__ }

static JET_COLUMNDEF g_cd = {sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};

/* Databases: file names that are attached (bd.edb) so that a call reaching the engine fails
 * or does nothing. */
H(JetCreateDatabase, JET_DBID x = 0; return JetCreateDatabase(s, fixture_path("bd.edb"), NULL, &x, 0);)
H(JetCreateDatabaseA, JET_DBID x = 0; return JetCreateDatabaseA(s, fixture_path("bd.edb"), NULL, &x, 0);)
H(JetCreateDatabaseW, JET_DBID x = 0; return JetCreateDatabaseW(s, W("nope/x.edb"), NULL, &x, 0);)
H(JetCreateDatabase2, JET_DBID x = 0; return JetCreateDatabase2(s, fixture_path("bd.edb"), 0, &x, 0);)
H(JetCreateDatabase2A, JET_DBID x = 0; return JetCreateDatabase2A(s, fixture_path("bd.edb"), 0, &x, 0);)
H(JetCreateDatabase2W, JET_DBID x = 0; return JetCreateDatabase2W(s, W("nope/x.edb"), 0, &x, 0);)
H(JetAttachDatabase, return JetAttachDatabase(s, fixture_path("nope.edb"), 0);)
H(JetAttachDatabaseA, return JetAttachDatabaseA(s, fixture_path("nope.edb"), 0);)
H(JetAttachDatabaseW, return JetAttachDatabaseW(s, W("nope/x.edb"), 0);)
H(JetAttachDatabase2, return JetAttachDatabase2(s, fixture_path("nope.edb"), 0, 0);)
H(JetAttachDatabase2A, return JetAttachDatabase2A(s, fixture_path("nope.edb"), 0, 0);)
H(JetAttachDatabase2W, return JetAttachDatabase2W(s, W("nope/x.edb"), 0, 0);)
H(JetDetachDatabase, return JetDetachDatabase(s, fixture_path("nope.edb"));)
H(JetDetachDatabaseA, return JetDetachDatabaseA(s, fixture_path("nope.edb"));)
H(JetDetachDatabaseW, return JetDetachDatabaseW(s, W("nope/x.edb"));)
H(JetDetachDatabase2, return JetDetachDatabase2(s, fixture_path("nope.edb"), 0);)
H(JetDetachDatabase2A, return JetDetachDatabase2A(s, fixture_path("nope.edb"), 0);)
H(JetDetachDatabase2W, return JetDetachDatabase2W(s, W("nope/x.edb"), 0);)
H(JetOpenDatabase, JET_DBID x = 0; return JetOpenDatabase(s, fixture_path("nope.edb"), NULL, &x, 0);)
H(JetOpenDatabaseA, JET_DBID x = 0; return JetOpenDatabaseA(s, fixture_path("nope.edb"), NULL, &x, 0);)
H(JetOpenDatabaseW, JET_DBID x = 0; return JetOpenDatabaseW(s, W("nope/x.edb"), NULL, &x, 0);)
H(JetCloseDatabase, return JetCloseDatabase(s, d, 0);)
H(JetGetDatabaseInfo, return JetGetDatabaseInfo(s, d, buf, 4, JET_DbInfoPageSize);)
H(JetGetDatabaseInfoA, return JetGetDatabaseInfoA(s, d, buf, 4, JET_DbInfoPageSize);)
H(JetGetDatabaseInfoW, return JetGetDatabaseInfoW(s, d, buf, 4, JET_DbInfoPageSize);)
/* DDL by dbid */
H(JetCreateTable, JET_TABLEID x = 0; return JetCreateTable(s, d, "U", 0, 0, &x);)
H(JetCreateTableA, JET_TABLEID x = 0; return JetCreateTableA(s, d, "U", 0, 0, &x);)
H(JetCreateTableW, JET_TABLEID x = 0; return JetCreateTableW(s, d, W("U"), 0, 0, &x);)
static JET_TABLECREATE_A tc1a = {sizeof(JET_TABLECREATE_A), "U", NULL, 0, 0, NULL, 0, NULL, 0, 0, 0, 0};
static JET_TABLECREATE_W tc1w = {sizeof(JET_TABLECREATE_W), WM("U"), NULL, 0, 0, NULL, 0, NULL, 0, 0, 0, 0};
static JET_TABLECREATE2_A tc2a = {sizeof(JET_TABLECREATE2_A), "U", NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0};
static JET_TABLECREATE2_W tc2w = {sizeof(JET_TABLECREATE2_W), WM("U"), NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0};
static JET_TABLECREATE3_A tc3a = {sizeof(JET_TABLECREATE3_A), "U", NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL, NULL, 0, 0, 0};
static JET_TABLECREATE3_W tc3w = {sizeof(JET_TABLECREATE3_W), WM("U"), NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL, NULL, 0, 0, 0};
static JET_TABLECREATE4_A tc4a = {sizeof(JET_TABLECREATE4_A), "U", NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL, NULL, 0, 0, 0};
static JET_TABLECREATE4_W tc4w = {sizeof(JET_TABLECREATE4_W), WM("U"), NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL, NULL, 0, 0, 0};
H(JetCreateTableColumnIndex, return JetCreateTableColumnIndex(s, d, &tc1a);)
H(JetCreateTableColumnIndexA, return JetCreateTableColumnIndexA(s, d, &tc1a);)
H(JetCreateTableColumnIndexW, return JetCreateTableColumnIndexW(s, d, &tc1w);)
H(JetCreateTableColumnIndex2, return JetCreateTableColumnIndex2(s, d, &tc2a);)
H(JetCreateTableColumnIndex2A, return JetCreateTableColumnIndex2A(s, d, &tc2a);)
H(JetCreateTableColumnIndex2W, return JetCreateTableColumnIndex2W(s, d, &tc2w);)
H(JetCreateTableColumnIndex3A, return JetCreateTableColumnIndex3A(s, d, &tc3a);)
H(JetCreateTableColumnIndex3W, return JetCreateTableColumnIndex3W(s, d, &tc3w);)
H(JetCreateTableColumnIndex4A, return JetCreateTableColumnIndex4A(s, d, &tc4a);)
H(JetCreateTableColumnIndex4W, return JetCreateTableColumnIndex4W(s, d, &tc4w);)
H(JetDeleteTable, return JetDeleteTable(s, d, "T");)
H(JetDeleteTableA, return JetDeleteTableA(s, d, "T");)
H(JetDeleteTableW, return JetDeleteTableW(s, d, W("T"));)
H(JetRenameTable, return JetRenameTable(s, d, "T", "U");)
H(JetRenameTableA, return JetRenameTableA(s, d, "T", "U");)
H(JetRenameTableW, return JetRenameTableW(s, d, W("T"), W("U"));)
H(JetSetColumnDefaultValue, return JetSetColumnDefaultValue(s, d, "T", "Name", "x", 1, 0);)
H(JetSetColumnDefaultValueA, return JetSetColumnDefaultValueA(s, d, "T", "Name", "x", 1, 0);)
H(JetSetColumnDefaultValueW, return JetSetColumnDefaultValueW(s, d, W("T"), W("Name"), "x", 1, 0);)
H(JetOpenTable, JET_TABLEID x = 0; JET_ERR r = JetOpenTable(s, d, "T", NULL, 0, 0, &x); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetOpenTableA, JET_TABLEID x = 0; JET_ERR r = JetOpenTableA(s, d, "T", NULL, 0, 0, &x); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetOpenTableW, JET_TABLEID x = 0; JET_ERR r = JetOpenTableW(s, d, W("T"), NULL, 0, 0, &x); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetGetObjectInfo, return JetGetObjectInfo(s, d, JET_objtypTable, NULL, "T", buf, sizeof buf, JET_ObjInfo);)
H(JetGetObjectInfoA, return JetGetObjectInfoA(s, d, JET_objtypTable, NULL, "T", buf, sizeof buf, JET_ObjInfo);)
H(JetGetObjectInfoW, return JetGetObjectInfoW(s, d, JET_objtypTable, NULL, W("T"), buf, sizeof buf, JET_ObjInfo);)
H(JetGetColumnInfo, return JetGetColumnInfo(s, d, "T", "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetColumnInfoA, return JetGetColumnInfoA(s, d, "T", "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetColumnInfoW, return JetGetColumnInfoW(s, d, W("T"), W("Id"), buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetIndexInfo, return JetGetIndexInfo(s, d, "T", "PK", buf, 4, JET_IdxInfoCount);)
H(JetGetIndexInfoA, return JetGetIndexInfoA(s, d, "T", "PK", buf, 4, JET_IdxInfoCount);)
H(JetGetIndexInfoW, return JetGetIndexInfoW(s, d, W("T"), W("PK"), buf, 4, JET_IdxInfoCount);)
/* DDL and info by tableid */
H(JetAddColumn, return JetAddColumn(s, t, "New", &g_cd, NULL, 0, NULL);)
H(JetAddColumnA, return JetAddColumnA(s, t, "New", &g_cd, NULL, 0, NULL);)
H(JetAddColumnW, return JetAddColumnW(s, t, W("New"), &g_cd, NULL, 0, NULL);)
H(JetDeleteColumn, return JetDeleteColumn(s, t, "Name");)
H(JetDeleteColumnA, return JetDeleteColumnA(s, t, "Name");)
H(JetDeleteColumnW, return JetDeleteColumnW(s, t, W("Name"));)
H(JetDeleteColumn2, return JetDeleteColumn2(s, t, "Name", 0);)
H(JetDeleteColumn2A, return JetDeleteColumn2A(s, t, "Name", 0);)
H(JetDeleteColumn2W, return JetDeleteColumn2W(s, t, W("Name"), 0);)
H(JetRenameColumn, return JetRenameColumn(s, t, "Name", "New", 0);)
H(JetRenameColumnA, return JetRenameColumnA(s, t, "Name", "New", 0);)
H(JetRenameColumnW, return JetRenameColumnW(s, t, W("Name"), W("New"), 0);)
H(JetCreateIndex, return JetCreateIndex(s, t, "Ix", 0, "+Name\0", 7, 100);)
H(JetCreateIndexA, return JetCreateIndexA(s, t, "Ix", 0, "+Name\0", 7, 100);)
H(JetCreateIndexW, return JetCreateIndexW(s, t, W("Ix"), 0, W("+Name\0"), 14, 100);)
static JET_INDEXCREATE_A ic1a = {sizeof(JET_INDEXCREATE_A), "Ix", "+Name\0", 7, 0, 100, {0}, {0}, NULL, 0, 0, 0};
static JET_INDEXCREATE_W ic1w = {sizeof(JET_INDEXCREATE_W), WM("Ix"), WM("+Name\0"), 14, 0, 100, {0}, {0}, NULL, 0, 0, 0};
static JET_INDEXCREATE2_A ic2a = {sizeof(JET_INDEXCREATE2_A), "Ix", "+Name\0", 7, 0, 100, {0}, {0}, NULL, 0, 0, 0, NULL};
static JET_INDEXCREATE2_W ic2w = {sizeof(JET_INDEXCREATE2_W), WM("Ix"), WM("+Name\0"), 14, 0, 100, {0}, {0}, NULL, 0, 0, 0, NULL};
static JET_INDEXCREATE3_A ic3a = {sizeof(JET_INDEXCREATE3_A), "Ix", "+Name\0", 7, 0, 100, NULL, {0}, NULL, 0, 0, 0, NULL};
static JET_INDEXCREATE3_W ic3w = {sizeof(JET_INDEXCREATE3_W), WM("Ix"), WM("+Name\0"), 14, 0, 100, NULL, {0}, NULL, 0, 0, 0, NULL};
H(JetCreateIndex2, return JetCreateIndex2(s, t, &ic1a, 1);)
H(JetCreateIndex2A, return JetCreateIndex2A(s, t, &ic1a, 1);)
H(JetCreateIndex2W, return JetCreateIndex2W(s, t, &ic1w, 1);)
H(JetCreateIndex3A, return JetCreateIndex3A(s, t, &ic2a, 1);)
H(JetCreateIndex3W, return JetCreateIndex3W(s, t, &ic2w, 1);)
H(JetCreateIndex4A, return JetCreateIndex4A(s, t, &ic3a, 1);)
H(JetCreateIndex4W, return JetCreateIndex4W(s, t, &ic3w, 1);)
H(JetDeleteIndex, return JetDeleteIndex(s, t, "ByName");)
H(JetDeleteIndexA, return JetDeleteIndexA(s, t, "ByName");)
H(JetDeleteIndexW, return JetDeleteIndexW(s, t, W("ByName"));)
H(JetGetTableInfo, return JetGetTableInfo(s, t, buf, sizeof buf, JET_TblInfo);)
H(JetGetTableInfoA, return JetGetTableInfoA(s, t, buf, sizeof buf, JET_TblInfo);)
H(JetGetTableInfoW, return JetGetTableInfoW(s, t, buf, sizeof buf, JET_TblInfo);)
H(JetGetTableColumnInfo, return JetGetTableColumnInfo(s, t, "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetTableColumnInfoA, return JetGetTableColumnInfoA(s, t, "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetTableColumnInfoW, return JetGetTableColumnInfoW(s, t, W("Id"), buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
H(JetGetTableIndexInfo, return JetGetTableIndexInfo(s, t, "PK", buf, 4, JET_IdxInfoCount);)
H(JetGetTableIndexInfoA, return JetGetTableIndexInfoA(s, t, "PK", buf, 4, JET_IdxInfoCount);)
H(JetGetTableIndexInfoW, return JetGetTableIndexInfoW(s, t, W("PK"), buf, 4, JET_IdxInfoCount);)
H(JetGetCurrentIndex, return JetGetCurrentIndex(s, t, (char *)buf, 64);)
H(JetGetCurrentIndexA, return JetGetCurrentIndexA(s, t, (char *)buf, 64);)
H(JetGetCurrentIndexW, return JetGetCurrentIndexW(s, t, (WCHAR *)(void *)buf, 128);)
H(JetSetCurrentIndex, return JetSetCurrentIndex(s, t, "PK");)
H(JetSetCurrentIndexA, return JetSetCurrentIndexA(s, t, "PK");)
H(JetSetCurrentIndexW, return JetSetCurrentIndexW(s, t, W("PK"));)
H(JetSetCurrentIndex2, return JetSetCurrentIndex2(s, t, "PK", JET_bitNoMove);)
H(JetSetCurrentIndex2A, return JetSetCurrentIndex2A(s, t, "PK", JET_bitNoMove);)
H(JetSetCurrentIndex2W, return JetSetCurrentIndex2W(s, t, W("PK"), JET_bitNoMove);)
H(JetSetCurrentIndex3, return JetSetCurrentIndex3(s, t, "PK", JET_bitNoMove, 1);)
H(JetSetCurrentIndex3A, return JetSetCurrentIndex3A(s, t, "PK", JET_bitNoMove, 1);)
H(JetSetCurrentIndex3W, return JetSetCurrentIndex3W(s, t, W("PK"), JET_bitNoMove, 1);)
H(JetSetCurrentIndex4, return JetSetCurrentIndex4(s, t, "PK", NULL, JET_bitNoMove, 1);)
H(JetSetCurrentIndex4A, return JetSetCurrentIndex4A(s, t, "PK", NULL, JET_bitNoMove, 1);)
H(JetSetCurrentIndex4W, return JetSetCurrentIndex4W(s, t, W("PK"), NULL, JET_bitNoMove, 1);)
/* Cursors and records */
H(JetCloseTable, return JetCloseTable(s, t);)
H(JetDupCursor, JET_TABLEID x = 0; JET_ERR r = JetDupCursor(s, t, &x, 0); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetMove, return JetMove(s, t, JET_MoveFirst, 0);)
H(JetSeek, return JetSeek(s, t, JET_bitSeekEQ);)
H(JetMakeKey, int32_t k = 3; return JetMakeKey(s, t, &k, 4, JET_bitNewKey);)
H(JetRetrieveKey, return JetRetrieveKey(s, t, buf, sizeof buf, &cbo, 0);)
H(JetSetIndexRange, return JetSetIndexRange(s, t, JET_bitRangeRemove);)
H(JetPrepareUpdate, return JetPrepareUpdate(s, t, JET_prepReplace);)
H(JetSetColumn, return JetSetColumn(s, t, g.name, "zz", 2, 0, NULL);)
H(JetSetColumns, JET_SETCOLUMN sc; memset(&sc, 0, sizeof sc); sc.columnid = g.name; sc.pvData = "zz";
  sc.cbData = 2; return JetSetColumns(s, t, &sc, 1);)
H(JetRetrieveColumn, return JetRetrieveColumn(s, t, g.id, buf, 4, &cbo, 0, NULL);)
H(JetRetrieveColumns, JET_RETRIEVECOLUMN rc; memset(&rc, 0, sizeof rc); rc.columnid = g.id; rc.pvData = buf;
  rc.cbData = 4; rc.itagSequence = 1; return JetRetrieveColumns(s, t, &rc, 1);)
H(JetUpdate, return JetUpdate(s, t, NULL, 0, NULL);)
H(JetUpdate2, return JetUpdate2(s, t, NULL, 0, NULL, 0);)
H(JetDelete, return JetDelete(s, t);)
H(JetGetBookmark, return JetGetBookmark(s, t, buf, sizeof buf, &cbo);)
H(JetGotoBookmark, unsigned char bm[5] = {0x7f, 0x80, 0, 0, 1}; return JetGotoBookmark(s, t, bm, 5);)
H(JetGetSecondaryIndexBookmark, uint32_t a = 0, b = 0;
  return JetGetSecondaryIndexBookmark(s, t, buf, 256, &a, buf + 256, 256, &b, 0);)
H(JetGotoSecondaryIndexBookmark, unsigned char k[4] = {0x7f, 1, 2, 3}, bm[5] = {0x7f, 0x80, 0, 0, 1};
  return JetGotoSecondaryIndexBookmark(s, t, k, 4, bm, 5, 0);)
H(JetEscrowUpdate, int32_t v = 1; return JetEscrowUpdate(s, t, g.id, &v, 4, NULL, 0, NULL, 0);)
H(JetGetLock, return JetGetLock(s, t, JET_bitReadLock);)
H(JetIndexRecordCount, uint32_t n = 0; return JetIndexRecordCount(s, t, &n, 0);)
H(JetGetRecordPosition, JET_RECPOS p; memset(&p, 0, sizeof p); return JetGetRecordPosition(s, t, &p, sizeof p);)
H(JetGotoPosition, JET_RECPOS p; memset(&p, 0, sizeof p); p.cbStruct = sizeof p; p.centriesLT = 1;
  p.centriesTotal = 2; return JetGotoPosition(s, t, &p);)
H(JetGetCursorInfo, return JetGetCursorInfo(s, t, NULL, 0, 0);)
H(JetEnumerateColumns, uint32_t n = 0; JET_ENUMCOLUMN *out = NULL;
  return JetEnumerateColumns(s, t, 0, NULL, &n, &out, NULL, NULL, 0, 0);)
H(JetSetTableSequential, return JetSetTableSequential(s, t, 0);)
H(JetResetTableSequential, return JetResetTableSequential(s, t, 0);)
H(JetPrereadKeys, int32_t k = 1; const void *keys[1] = {&k}; uint32_t cbs[1] = {4}; int32_t n = 0;
  return JetPrereadKeys(s, t, keys, cbs, 1, &n, JET_bitPrereadForward);)
/* Temporary tables and intersections: session only */
H(JetOpenTempTable, JET_TABLEID x = 0; JET_COLUMNID id = 0;
  JET_ERR r = JetOpenTempTable(s, &g_cd, 1, JET_bitTTIndexed, &x, &id); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetOpenTempTable2, JET_TABLEID x = 0; JET_COLUMNID id = 0;
  JET_ERR r = JetOpenTempTable2(s, &g_cd, 1, 1033, JET_bitTTIndexed, &x, &id); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetOpenTempTable3, JET_TABLEID x = 0; JET_COLUMNID id = 0;
  JET_ERR r = JetOpenTempTable3(s, &g_cd, 1, NULL, JET_bitTTIndexed, &x, &id); if (r >= 0) JetCloseTable(s, x); return r;)
H(JetOpenTemporaryTable, JET_COLUMNID id = 0; JET_OPENTEMPORARYTABLE o; memset(&o, 0, sizeof o);
  o.cbStruct = sizeof o; o.prgcolumndef = &g_cd; o.ccolumn = 1; o.grbit = JET_bitTTIndexed; o.prgcolumnid = &id;
  JET_ERR r = JetOpenTemporaryTable(s, &o); if (r >= 0) JetCloseTable(s, o.tableid); return r;)
H(JetOpenTemporaryTable2, JET_COLUMNID id = 0; JET_OPENTEMPORARYTABLE2 o; memset(&o, 0, sizeof o);
  o.cbStruct = sizeof o; o.prgcolumndef = &g_cd; o.ccolumn = 1; o.grbit = JET_bitTTIndexed; o.prgcolumnid = &id;
  JET_ERR r = JetOpenTemporaryTable2(s, &o); if (r >= 0) JetCloseTable(s, o.tableid); return r;)
H(JetIntersectIndexes, JET_INDEXRANGE r[2]; memset(r, 0, sizeof r); r[0].cbStruct = r[1].cbStruct = sizeof r[0];
  r[0].tableid = r[1].tableid = t; JET_RECORDLIST rl; memset(&rl, 0, sizeof rl); rl.cbStruct = sizeof rl;
  JET_ERR e = JetIntersectIndexes(s, r, 2, &rl, 0); if (e >= 0) JetCloseTable(s, rl.tableid); return e;)

#define HR(name, kind) {#name, h_##name, kind}
static const struct {
    const char *name;
    hcall call;
    int kind;
} hrows[] = {
    HR(JetCreateDatabase, K_SES), HR(JetCreateDatabaseA, K_SES), HR(JetCreateDatabaseW, K_SES),
    HR(JetCreateDatabase2, K_SES), HR(JetCreateDatabase2A, K_SES), HR(JetCreateDatabase2W, K_SES),
    HR(JetAttachDatabase, K_SES), HR(JetAttachDatabaseA, K_SES), HR(JetAttachDatabaseW, K_SES),
    HR(JetAttachDatabase2, K_SES), HR(JetAttachDatabase2A, K_SES), HR(JetAttachDatabase2W, K_SES),
    HR(JetDetachDatabase, K_SES), HR(JetDetachDatabaseA, K_SES), HR(JetDetachDatabaseW, K_SES),
    HR(JetDetachDatabase2, K_SES), HR(JetDetachDatabase2A, K_SES), HR(JetDetachDatabase2W, K_SES),
    HR(JetOpenDatabase, K_SES), HR(JetOpenDatabaseA, K_SES), HR(JetOpenDatabaseW, K_SES),
    HR(JetCloseDatabase, K_DB), HR(JetGetDatabaseInfo, K_DB), HR(JetGetDatabaseInfoA, K_DB),
    HR(JetGetDatabaseInfoW, K_DB),
    HR(JetCreateTable, K_DB), HR(JetCreateTableA, K_DB), HR(JetCreateTableW, K_DB),
    HR(JetCreateTableColumnIndex, K_DB), HR(JetCreateTableColumnIndexA, K_DB),
    HR(JetCreateTableColumnIndexW, K_DB), HR(JetCreateTableColumnIndex2, K_DB),
    HR(JetCreateTableColumnIndex2A, K_DB), HR(JetCreateTableColumnIndex2W, K_DB),
    HR(JetCreateTableColumnIndex3A, K_DB), HR(JetCreateTableColumnIndex3W, K_DB),
    HR(JetCreateTableColumnIndex4A, K_DB), HR(JetCreateTableColumnIndex4W, K_DB),
    HR(JetDeleteTable, K_DB), HR(JetDeleteTableA, K_DB), HR(JetDeleteTableW, K_DB),
    HR(JetRenameTable, K_DB), HR(JetRenameTableA, K_DB), HR(JetRenameTableW, K_DB),
    HR(JetSetColumnDefaultValue, K_DB), HR(JetSetColumnDefaultValueA, K_DB),
    HR(JetSetColumnDefaultValueW, K_DB),
    HR(JetOpenTable, K_DB), HR(JetOpenTableA, K_DB), HR(JetOpenTableW, K_DB),
    HR(JetGetObjectInfo, K_DB), HR(JetGetObjectInfoA, K_DB), HR(JetGetObjectInfoW, K_DB),
    HR(JetGetColumnInfo, K_DB), HR(JetGetColumnInfoA, K_DB), HR(JetGetColumnInfoW, K_DB),
    HR(JetGetIndexInfo, K_DB), HR(JetGetIndexInfoA, K_DB), HR(JetGetIndexInfoW, K_DB),
    HR(JetAddColumn, K_TBL), HR(JetAddColumnA, K_TBL), HR(JetAddColumnW, K_TBL),
    HR(JetDeleteColumn, K_TBL), HR(JetDeleteColumnA, K_TBL), HR(JetDeleteColumnW, K_TBL),
    HR(JetDeleteColumn2, K_TBL), HR(JetDeleteColumn2A, K_TBL), HR(JetDeleteColumn2W, K_TBL),
    HR(JetRenameColumn, K_TBL), HR(JetRenameColumnA, K_TBL), HR(JetRenameColumnW, K_TBL),
    HR(JetCreateIndex, K_TBL), HR(JetCreateIndexA, K_TBL), HR(JetCreateIndexW, K_TBL),
    HR(JetCreateIndex2, K_TBL), HR(JetCreateIndex2A, K_TBL), HR(JetCreateIndex2W, K_TBL),
    HR(JetCreateIndex3A, K_TBL), HR(JetCreateIndex3W, K_TBL), HR(JetCreateIndex4A, K_TBL),
    HR(JetCreateIndex4W, K_TBL),
    HR(JetDeleteIndex, K_TBL), HR(JetDeleteIndexA, K_TBL), HR(JetDeleteIndexW, K_TBL),
    HR(JetGetTableInfo, K_TBL), HR(JetGetTableInfoA, K_TBL), HR(JetGetTableInfoW, K_TBL),
    HR(JetGetTableColumnInfo, K_TBL), HR(JetGetTableColumnInfoA, K_TBL),
    HR(JetGetTableColumnInfoW, K_TBL),
    HR(JetGetTableIndexInfo, K_TBL), HR(JetGetTableIndexInfoA, K_TBL), HR(JetGetTableIndexInfoW, K_TBL),
    HR(JetGetCurrentIndex, K_TBL), HR(JetGetCurrentIndexA, K_TBL), HR(JetGetCurrentIndexW, K_TBL),
    HR(JetSetCurrentIndex, K_TBL), HR(JetSetCurrentIndexA, K_TBL), HR(JetSetCurrentIndexW, K_TBL),
    HR(JetSetCurrentIndex2, K_TBL), HR(JetSetCurrentIndex2A, K_TBL), HR(JetSetCurrentIndex2W, K_TBL),
    HR(JetSetCurrentIndex3, K_TBL), HR(JetSetCurrentIndex3A, K_TBL), HR(JetSetCurrentIndex3W, K_TBL),
    HR(JetSetCurrentIndex4, K_TBL), HR(JetSetCurrentIndex4A, K_TBL), HR(JetSetCurrentIndex4W, K_TBL),
    HR(JetCloseTable, K_TBL), HR(JetDupCursor, K_TBL), HR(JetMove, K_TBL), HR(JetSeek, K_TBL),
    HR(JetMakeKey, K_TBL), HR(JetRetrieveKey, K_TBL), HR(JetSetIndexRange, K_TBL),
    HR(JetPrepareUpdate, K_TBL), HR(JetSetColumn, K_TBL), HR(JetSetColumns, K_TBL),
    HR(JetRetrieveColumn, K_TBL), HR(JetRetrieveColumns, K_TBL), HR(JetUpdate, K_TBL),
    HR(JetUpdate2, K_TBL), HR(JetDelete, K_TBL), HR(JetGetBookmark, K_TBL), HR(JetGotoBookmark, K_TBL),
    HR(JetGetSecondaryIndexBookmark, K_TBL), HR(JetGotoSecondaryIndexBookmark, K_TBL),
    HR(JetEscrowUpdate, K_TBL), HR(JetGetLock, K_TBL), HR(JetIndexRecordCount, K_TBL),
    HR(JetGetRecordPosition, K_TBL), HR(JetGotoPosition, K_TBL), HR(JetGetCursorInfo, K_TBL),
    HR(JetEnumerateColumns, K_TBL), HR(JetSetTableSequential, K_TBL),
    HR(JetResetTableSequential, K_TBL), HR(JetPrereadKeys, K_TBL),
    HR(JetOpenTempTable, K_SES), HR(JetOpenTempTable2, K_SES), HR(JetOpenTempTable3, K_SES),
    HR(JetOpenTemporaryTable, K_SES), HR(JetOpenTemporaryTable2, K_SES),
    HR(JetIntersectIndexes, K_TBL),
};

static void expect_row(const char *fn, const char *what, JET_ERR want, JET_ERR got) {
    if (got != want) {
        printf("    %s with %s:\n", fn, what);
        check_fail_code(__FILE__, __LINE__, fn, want, got);
    }
}

TEST(badin_every_data_function_with_bad_handles) {
    /* S-HDL-02: a forged sesid and an ended session's sesid -> -1104 before any other check.
     * S-THD-01: a forged, 0, all-ones, closed, or ended-session tableid -> -1310; another
     * session's live tableid -> -1114. S-THD-03 (data-ddl 1.1 step 4): a forged dbid, an
     * unused slot, and a dbid the session opened and closed -> -1010. Rows with the good handles
     * are not run (each would really do its work); nothing changes. */
    bx_open();
    bx_unchanged("setup");
    JET_SESID bad_s[] = {g.s ^ ((JET_SESID)1 << 41), (JET_SESID)0x5eed5eed1234ull, g.dead};
    JET_TABLEID bad_t[] = {0, ~(JET_TABLEID)0, (JET_TABLEID)0x7a7a7a7a7a7aull, g.closed, g.dead_t};
    int nrows = (int)(sizeof hrows / sizeof hrows[0]);
    CHECK_EQ(nrows, 143); /* every exported data function but the three JetGetDatabaseFileInfo (no session) */
    for (int i = 0; i < nrows; i++) {
        const char *fn = hrows[i].name;
        int kind = hrows[i].kind;
        for (size_t k = 0; k < sizeof bad_s / sizeof bad_s[0]; k++)
            expect_row(fn, k == 2 ? "an ended session" : "a forged sesid", JET_errInvalidSesid,
                       hrows[i].call(bad_s[k], g.dbid, g.t));
        if (kind == K_TBL) {
            for (size_t k = 0; k < sizeof bad_t / sizeof bad_t[0]; k++)
                expect_row(fn, k == 3 ? "a closed tableid" : k == 4 ? "an ended session's tableid" : "a forged tableid",
                           JET_errInvalidTableId, hrows[i].call(g.s, g.dbid, bad_t[k]));
            expect_row(fn, "another session's tableid", JET_errSesidTableIdMismatch, hrows[i].call(g.s, g.dbid, g.t2));
        }
        if (kind == K_DB) {
            JET_DBID bad_d[] = {0x7777, 5, 0xffffffff};
            for (size_t k = 0; k < sizeof bad_d / sizeof bad_d[0]; k++)
                expect_row(fn, "a forged dbid", JET_errInvalidDatabaseId, hrows[i].call(g.s, bad_d[k], g.t));
            expect_row(fn, "a dbid the session closed", JET_errInvalidDatabaseId, hrows[i].call(g.s3, g.dbid, g.t));
        }
    }
    bx_unchanged("the handle rows");
    CHECK_OK(JetTerm(g.inst));
    /* S-HDL-02, S-THD-01: after JetTerm every handle of the instance is stale */
    for (int i = 0; i < nrows; i++)
        expect_row(hrows[i].name, "a termed instance's handles", JET_errInvalidSesid, hrows[i].call(g.s, g.dbid, g.t));
    /* S-THD-01, S-THD-03: a new instance's session given the old tableid and dbid */
    JET_INSTANCE i2 = fixture_running("badin2", -1);
    JET_SESID s2 = fixture_session(i2);
    CHECK(s2 != g.s);
    for (int i = 0; i < nrows; i++) {
        if (hrows[i].kind == K_TBL)
            expect_row(hrows[i].name, "a termed instance's tableid", JET_errInvalidTableId, hrows[i].call(s2, g.dbid, g.t));
        if (hrows[i].kind == K_DB)
            expect_row(hrows[i].name, "a termed instance's dbid", JET_errInvalidDatabaseId, hrows[i].call(s2, g.dbid, g.t));
    }
    CHECK_OK(JetTerm(i2));
}

TEST(badin_temp_table_cursors_in_every_table_function) {
    /* S-THD-01, data-records 8.4 (what a sort refuses): a temporary table's cursor, in its
     * insert phase (a sort), after its first move, and materialized, given to every function
     * that takes a tableid (DDL on it included); each returns a defined code, never a crash,
     * and the database's table is unchanged */
    bx_open();
    int nrows = (int)(sizeof hrows / sizeof hrows[0]);
    JET_GRBIT kinds[] = {JET_bitTTIndexed, JET_bitTTSortNullsHigh, JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
                         JET_bitTTForwardOnly};
    JET_COLUMNDEF key = g_cd;
    key.grbit = JET_bitColumnTTKey;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        for (int moved = 0; moved < 2; moved++) {
            for (int i = 0; i < nrows; i++) {
                if (hrows[i].kind != K_TBL) continue;
                JET_TABLEID tt = 0;
                JET_COLUMNID id = 0;
                CHECK_OK(JetOpenTempTable(g.s, &key, 1, kinds[k], &tt, &id));
                for (int32_t v = 0; v < 3; v++) {
                    CHECK_OK(JetPrepareUpdate(g.s, tt, JET_prepInsert));
                    CHECK_OK(JetSetColumn(g.s, tt, id, &v, 4, 0, NULL));
                    CHECK_OK(JetUpdate(g.s, tt, NULL, 0, NULL));
                }
                if (moved) CHECK_OK(JetMove(g.s, tt, JET_MoveFirst, 0));
                JET_ERR r = hrows[i].call(g.s, g.dbid, tt);
                if (getenv("BADIN_SHOW"))
                    printf("      %d %s <- %s on a temporary table (grbit %#x, moved %d)\n", (int)r, check_code_name(r),
                           hrows[i].name, (unsigned)kinds[k], moved);
                if (r != 0 && !known_code(r)) {
                    printf("    %s on a temporary table (grbit %#x, moved %d):\n", hrows[i].name, (unsigned)kinds[k], moved);
                    check_fail_code(__FILE__, __LINE__, hrows[i].name, 0, r);
                }
                JET_ERR c = JetCloseTable(g.s, tt);
                CHECK(c == JET_errSuccess || (c == JET_errInvalidTableId && strcmp(hrows[i].name, "JetCloseTable") == 0));
            }
        }
    }
    bx_unchanged("the temporary-table cursors");
    CHECK_OK(JetTerm(g.inst));
}

/* ---- 2. bad arguments with good handles -------------------------------------------------- */

#define ANY_ERR 1 /* a negative code the harness knows by name */
#define ANY_DEF 2 /* success, or a code the harness knows by name */

static int rows_run;
static JET_ERR rows_last; /* the last row's result */

static void check_row(const char *file, int line, const char *cite, const char *expr, JET_ERR want, JET_ERR got) {
    rows_run++;
    rows_last = got;
    if (getenv("BADIN_SHOW")) printf("      %d %s  <- %s [%s]\n", (int)got, check_code_name(got), expr, cite);
    int ok = want == ANY_ERR ? got < 0 && known_code(got)
             : want == ANY_DEF ? got == 0 || known_code(got)
                               : got == want;
    if (!ok) {
        printf("    [%s]%s\n", cite, want == ANY_ERR ? " expected a named error" : want == ANY_DEF ? " expected a named code" : "");
        check_fail_code(file, line, expr, want == ANY_ERR || want == ANY_DEF ? got : want, got);
    }
}

/* One row: the code expected (exact, ANY_ERR or ANY_DEF), what it proves, the call. */
#define ROW(want, cite, expr) check_row(__FILE__, __LINE__, cite, #expr, (want), (expr))

TEST(badin_bad_arguments_to_database_functions) {
    /* S-BAD-01 (NULL pointers), data-ddl 4.2-4.8 (paths, states, grbits, info levels and sizes):
     * each row returns its code and the database is unchanged afterwards */
    bx_open();
    JET_SESID s = g.s;
    JET_DBID x = 0x55;
    const char *bd = fixture_path("bd.edb"), *other = fixture_path("other.edb");
    const char *fresh = fixture_path("fresh.edb"), *nope = fixture_path("nope.edb");
    unsigned char b8[8];

    /* JetCreateDatabase* */
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabase(s, NULL, NULL, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabaseA(s, "", NULL, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabaseW(s, NULL, NULL, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabase2(s, NULL, 0, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabase2A(s, NULL, 0, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.2 step 6", JetCreateDatabase2W(s, W(""), 0, &x, 0));
    ROW(JET_errDatabaseDuplicate, "data-ddl 4.2 step 7", JetCreateDatabase(s, bd, NULL, &x, 0x80000000));
    ROW(JET_errDatabaseDuplicate, "data-ddl 4.2 step 7", JetCreateDatabase2(s, bd, 0xffffffff, &x, 0));
    ROW(JET_errDatabaseDuplicate, "data-ddl 4.2 step 8", JetCreateDatabase(s, other, NULL, &x, 0));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateDatabase(s, fresh, NULL, NULL, 0));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateDatabase2W(s, W("nope/fresh.edb"), 0, NULL, 0));
    CHECK_EQ(x, 0x55); /* data-ddl 4.2: written only on success */
    ROW(JET_errFileNotFound, "data-ddl 4.8 (no file left by the refused create)",
        JetGetDatabaseFileInfo(fresh, b8, 4, JET_DbInfoPageSize));
    CHECK_OK(JetBeginTransaction(s));
    ROW(JET_errInTransaction, "data-ddl 4.2 step 3", JetCreateDatabase(s, fresh, NULL, &x, 0));
    ROW(JET_errInTransaction, "data-ddl 4.3 step 3", JetAttachDatabase(s, other, 0));
    ROW(JET_errInTransaction, "data-ddl 4.4 step 3", JetDetachDatabase(s, other));
    CHECK_OK(JetRollback(s, 0));

    /* JetAttachDatabase* */
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabase(s, NULL, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabaseA(s, "", 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabaseW(s, NULL, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabase2(s, NULL, 0, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabase2A(s, NULL, 0xffffffff, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.3 step 5", JetAttachDatabase2W(s, NULL, 0, 0x80000000));
    ROW(JET_errFileNotFound, "data-ddl 4.3 step 7", JetAttachDatabase(s, nope, 0x80000000));
    ROW(JET_errFileNotFound, "data-ddl 4.3 step 7", JetAttachDatabase2(s, nope, 0xffffffff, 0));
    ROW(JET_errInvalidGrbit, "data-ddl 4.3 step 6",
        JetAttachDatabase(s, other, JET_bitDbDeleteUnicodeIndexes | JET_bitDbReadOnly));
    ROW(JET_wrnDatabaseAttached, "data-ddl 4.3 step 10 (unknown bits ignored)", JetAttachDatabase(s, bd, 0x80000000));
    ROW(JET_wrnDatabaseAttached, "data-ddl 4.3 step 10", JetAttachDatabase2(s, bd, 0xffffffff, 0));

    /* JetDetachDatabase* */
    ROW(JET_errForceDetachNotAllowed, "data-ddl 4.4 step 2", JetDetachDatabase2(s, bd, JET_bitForceDetach));
    ROW(JET_errForceDetachNotAllowed, "data-ddl 4.4 step 2", JetDetachDatabase2A(s, NULL, 0xffffffff));
    ROW(JET_errForceDetachNotAllowed, "data-ddl 4.4 step 2", JetDetachDatabase2W(s, NULL, JET_bitForceDetach));
    ROW(JET_errDatabaseNotFound, "data-ddl 4.4 step 6", JetDetachDatabase(s, other));
    ROW(JET_errDatabaseNotFound, "data-ddl 4.4 step 6 (other bits ignored)", JetDetachDatabase2(s, nope, 0x80000000));
    ROW(JET_errDatabaseNotFound, "data-ddl 4.4 step 6", JetDetachDatabaseW(s, W("nope/x.edb")));
    ROW(JET_errDatabaseInUse, "data-ddl 4.4 step 8", JetDetachDatabase(s, bd));
    ROW(JET_errDatabaseInUse, "data-ddl 4.4 steps 5, 8 (NULL: every database, one open)", JetDetachDatabase(s, NULL));
    ROW(JET_errDatabaseInUse, "data-ddl 4.4 steps 5, 8", JetDetachDatabaseA(s, ""));
    ROW(JET_errDatabaseInUse, "data-ddl 4.4 steps 5, 8", JetDetachDatabaseW(s, NULL));

    /* JetOpenDatabase* */
    x = 0x55;
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.5 step 3", JetOpenDatabase(s, NULL, NULL, &x, 0));
    CHECK_EQ(x, JET_dbidNil); /* data-ddl 4.5 step 2 */
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.5 step 3", JetOpenDatabaseA(s, "", NULL, &x, 0));
    ROW(JET_errDatabaseInvalidPath, "data-ddl 4.5 step 3", JetOpenDatabaseW(s, NULL, NULL, &x, 0));
    ROW(JET_errDatabaseNotFound, "data-ddl 4.5 step 4 (exists, not attached)", JetOpenDatabase(s, other, NULL, &x, 0));
    ROW(JET_errDatabaseNotFound, "data-ddl 4.5 step 4", JetOpenDatabaseW(s, W("nope/x.edb"), NULL, &x, 0));
    ROW(JET_errDatabaseInUse, "data-ddl 4.5 step 8", JetOpenDatabase(s, bd, NULL, &x, JET_bitDbExclusive));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetOpenDatabase(s, bd, NULL, NULL, 0));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetOpenDatabaseA(s, bd, "connect", NULL, 0x80000000));
    x = 0;
    ROW(JET_errSuccess, "data-ddl 4.5 (other bits ignored)", JetOpenDatabase(s, bd, NULL, &x, 0x80000000));
    CHECK_EQ(x, g.dbid); /* S-THD-03: the same dbid */
    if (x == g.dbid) ROW(JET_errSuccess, "data-ddl 4.6 (reference counted)", JetCloseDatabase(s, x, 0));

    /* JetCloseDatabase: only the open dbids of this session */
    ROW(JET_errInvalidDatabaseId, "data-ddl 4.6 step 2 (the temporary database)", JetCloseDatabase(s, 0, 0));
    ROW(JET_errInvalidDatabaseId, "S-THD-03", JetCloseDatabase(s, 6, 0x80000000));

    /* JetGetDatabaseInfo*: levels and sizes */
    unsigned char *big = calloc(1, 65536);
    CHECK(big != NULL);
    ROW(JET_errInvalidParameter, "data-ddl 4.7 (unknown level)", JetGetDatabaseInfo(s, g.dbid, big, 4096, 0x7777));
    ROW(JET_errInvalidParameter, "data-ddl 4.7 (unknown level)", JetGetDatabaseInfoA(s, g.dbid, big, 4096, 0x80000000));
    ROW(JET_errInvalidParameter, "data-ddl 4.7 (unknown level)", JetGetDatabaseInfoW(s, g.dbid, big, 4096, 0xffffffff));
    ROW(JET_errInvalidParameter, "data-ddl 4.7 (DBInUse is not a level here)", JetGetDatabaseInfo(s, g.dbid, big, 4, JET_DbInfoDBInUse));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.7 (== 4)", JetGetDatabaseInfo(s, g.dbid, big, 3, JET_DbInfoCp));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.7 (== 4)", JetGetDatabaseInfo(s, g.dbid, big, 0xffffffff, JET_DbInfoCountry));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.7 (== 4)", JetGetDatabaseInfoW(s, g.dbid, big, 65536, JET_DbInfoLCID));
    ROW(JET_errBufferTooSmall, "data-ddl 4.7 (PageSize: -1038)", JetGetDatabaseInfo(s, g.dbid, big, 0xffffffff, JET_DbInfoPageSize));
    ROW(JET_errBufferTooSmall, "data-ddl 4.7 (PageSize: -1038)", JetGetDatabaseInfoA(s, g.dbid, big, 0, JET_DbInfoPageSize));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.7 (one of the JET_DBINFOMISC sizes)", JetGetDatabaseInfo(s, g.dbid, big, 65536, JET_DbInfoMisc));
    ROW(JET_errBufferTooSmall, "data-ddl 4.7 (Filename)", JetGetDatabaseInfoW(s, g.dbid, big, 2, JET_DbInfoFilename));
    ROW(JET_errBufferTooSmall, "data-ddl 4.7 (Connect >= 1)", JetGetDatabaseInfo(s, g.dbid, big, 0, JET_DbInfoConnect));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetGetDatabaseInfo(s, g.dbid, NULL, 4, JET_DbInfoPageSize));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetGetDatabaseInfoW(s, g.dbid, NULL, 512, JET_DbInfoFilename));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetGetDatabaseInfoA(s, g.dbid, NULL, 4, JET_DbInfoFilesize));

    /* JetGetDatabaseFileInfo*: no session */
    ROW(ANY_ERR, "S-BAD-01", JetGetDatabaseFileInfo(NULL, b8, 4, JET_DbInfoPageSize));
    ROW(ANY_ERR, "S-BAD-01", JetGetDatabaseFileInfoA("", b8, 4, JET_DbInfoPageSize));
    ROW(ANY_ERR, "S-BAD-01", JetGetDatabaseFileInfoW(NULL, b8, 4, JET_DbInfoPageSize));
    ROW(JET_errFileNotFound, "data-ddl 4.8", JetGetDatabaseFileInfo(nope, b8, 4, JET_DbInfoPageSize));
    ROW(JET_errFileNotFound, "data-ddl 4.8", JetGetDatabaseFileInfoW(W("nope/x.edb"), b8, 4, JET_DbInfoPageSize));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetGetDatabaseFileInfo(other, NULL, 4, JET_DbInfoPageSize));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetGetDatabaseFileInfoA(bd, NULL, 8, JET_DbInfoFilesize));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.8 (Filesize == 8)", JetGetDatabaseFileInfo(other, b8, 4, JET_DbInfoFilesize));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.8 (PageSize == 4)", JetGetDatabaseFileInfo(other, big, 0xffffffff, JET_DbInfoPageSize));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.8 (DBInUse == 4)", JetGetDatabaseFileInfoA(bd, big, 65536, JET_DbInfoDBInUse));
    ROW(JET_errInvalidBufferSize, "data-ddl 4.8 (JET_DBINFOMISC sizes)", JetGetDatabaseFileInfo(bd, big, 7, JET_DbInfoMisc));
    ROW(JET_errInvalidParameter, "data-ddl 4.8 (others)", JetGetDatabaseFileInfo(other, big, 4096, 0x7777));
    ROW(JET_errFileNotFound, "data-ddl 4.8 (the file is located first)", JetGetDatabaseFileInfoW(W("nope/x.edb"), big, 4096, 0x80000000));
    ROW(JET_errInvalidParameter, "data-ddl 4.8 (others)", JetGetDatabaseFileInfo(bd, big, 4, JET_DbInfoCp));
    free(big);

    bx_unchanged("the database rows");
    /* S-HDL-02: the ended session's database and cursor are gone, ours are intact */
    ROW(JET_errSuccess, "S-THD-02", JetCloseTable(s, g.t));
    ROW(JET_errSuccess, "data-ddl 4.6", JetCloseDatabase(s, g.dbid, 0));
    JET_TABLEID c = 0;
    ROW(JET_errSesidTableIdMismatch, "S-THD-01", JetCloseTable(s, g.t2));
    ROW(JET_errInvalidDatabaseId, "data-ddl 4.6 step 4 (closed by the last close)", JetOpenTable(s, g.dbid, "T", NULL, 0, 0, &c));
    CHECK_EQ(rows_run, 81); /* no row skipped */
    CHECK_OK(JetTerm(g.inst));
}

TEST(badin_bad_arguments_to_ddl_temp_and_record_functions) {
    /* S-BAD-01 S-BAD-02 S-BAD-03, data-ddl 1.2 (names), 5.3 (JetCreateTableColumnIndex*), 7.4,
     * data-records 8.1-8.2 (temporary tables), JetIntersectIndexes' argument checks: each row
     * returns its code and the table is unchanged afterwards */
    bx_open();
    JET_SESID s = g.s;
    JET_DBID d = g.dbid;
    JET_TABLEID t = g.t, x = 0;
    JET_COLUMNID cid = 0;
    rows_run = 0;

    /* W names: NULL, and characters outside Windows-1252 (S-NAM-01) */
    const WCHAR *bad_w = W("\u4e2d\u6587");
    ROW(JET_errInvalidName, "data-ddl 1.2", JetCreateTableW(s, d, NULL, 0, 0, &x));
    ROW(JET_errInvalidName, "S-NAM-01", JetCreateTableW(s, d, bad_w, 0, 0, &x));
    ROW(JET_errInvalidName, "data-ddl 1.2", JetDeleteTableW(s, d, NULL));
    ROW(JET_errInvalidParameter, "ESE ErrIsamRenameTable: a NULL name is -1003", JetRenameTableW(s, d, W("T"), NULL));
    ROW(JET_errInvalidParameter, "ESE ErrIsamRenameTable: a NULL name is -1003", JetRenameTableA(s, d, NULL, "U"));
    ROW(JET_errInvalidName, "S-NAM-01", JetRenameTableW(s, d, W("T"), bad_w));
    ROW(ANY_ERR, "data-ddl 1.2", JetOpenTableW(s, d, NULL, NULL, 0, 0, &x));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetOpenTableW(s, d, W("T"), NULL, 0, 0, NULL));
    ROW(JET_errInvalidName, "data-ddl 1.2", JetAddColumnW(s, t, NULL, &g_cd, NULL, 0, &cid));
    ROW(JET_errInvalidName, "S-NAM-01", JetAddColumnW(s, t, bad_w, &g_cd, NULL, 0, &cid));
    ROW(ANY_ERR, "S-BAD-01", JetAddColumnW(s, t, W("New"), NULL, NULL, 0, &cid));
    ROW(ANY_ERR, "S-BAD-01", JetAddColumnA(s, t, "New", NULL, NULL, 0, &cid));
    ROW(ANY_ERR, "data-ddl 1.2", JetDeleteColumnW(s, t, NULL));
    ROW(ANY_ERR, "data-ddl 1.2", JetDeleteColumn2W(s, t, NULL, 0x80000000));
    ROW(ANY_ERR, "data-ddl 1.2", JetRenameColumnW(s, t, W("Name"), NULL, 0));
    ROW(ANY_ERR, "data-ddl 1.2", JetRenameColumnW(s, t, NULL, W("New"), 0x80000000));
    ROW(ANY_ERR, "data-ddl 1.2", JetDeleteIndexW(s, t, NULL));
    ROW(ANY_ERR, "data-ddl 1.2", JetCreateIndexW(s, t, NULL, 0, W("+Name\0"), 14, 100));
    ROW(ANY_ERR, "data-ddl 7.3", JetCreateIndexW(s, t, W("Ix"), 0, NULL, 14, 100));
    ROW(ANY_ERR, "data-ddl 7.3 (cbKey in bytes, odd)", JetCreateIndexW(s, t, W("Ix"), 0, W("+Name\0"), 13, 100));
    /* data-ddl 7.4: ESE has no mask of index grbits (fcreate.cxx), so an unknown bit is kept */
    ROW(ANY_DEF, "data-ddl 7.4 (unknown grbit)", JetCreateIndexA(s, t, "Ix", 0x80000000, "+Name\0", 7, 100));
    if (rows_last == JET_errSuccess) CHECK_OK(JetDeleteIndex(s, t, "Ix"));
    ROW(ANY_ERR, "data-ddl 1.2", JetSetColumnDefaultValueW(s, d, NULL, W("Name"), "x", 1, 0));
    ROW(ANY_ERR, "data-ddl 1.2", JetSetColumnDefaultValueW(s, d, W("T"), NULL, "x", 1, 0));
    ROW(ANY_ERR, "S-BAD-01", JetSetColumnDefaultValueA(s, d, "T", "Name", NULL, 1, 0));
    ROW(ANY_ERR, "S-BAD-03 (no such column; T is open, so -1304 may come first)", JetSetColumnDefaultValueA(s, d, "T", "Nope", "x", 1, 0));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetTableInfoW(s, t, buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "S-BAD-01", JetGetTableInfoA(s, t, NULL, 64, JET_TblInfo));
    ROW(ANY_ERR, "data-ddl 8", JetGetTableColumnInfoW(s, t, W("Nope"), buf, sizeof(JET_COLUMNDEF), JET_ColInfo));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetTableColumnInfoA(s, t, "Id", buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "S-BAD-01", JetGetTableColumnInfoW(s, t, W("Id"), NULL, sizeof(JET_COLUMNDEF), JET_ColInfo));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetTableIndexInfoW(s, t, W("PK"), buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "S-BAD-01", JetGetTableIndexInfoA(s, t, "PK", NULL, 4, JET_IdxInfoCount));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetIndexInfoW(s, d, W("T"), W("PK"), buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "data-ddl 8", JetGetIndexInfoA(s, d, NULL, "PK", buf, 4, JET_IdxInfoCount));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetColumnInfoW(s, d, W("T"), W("Id"), buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "data-ddl 8", JetGetColumnInfoA(s, d, "T", NULL, buf, sizeof(JET_COLUMNDEF), JET_ColInfo));
    ROW(ANY_ERR, "data-ddl 8 (unknown level)", JetGetObjectInfoW(s, d, JET_objtypTable, NULL, W("T"), buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "S-BAD-01", JetGetObjectInfoA(s, d, JET_objtypTable, NULL, "T", NULL, sizeof buf, JET_ObjInfo));
    ROW(JET_errIndexNotFound, "data-ddl 1.2", JetSetCurrentIndexW(s, t, W("Nope")));
    ROW(ANY_ERR, "S-NAM-01", JetSetCurrentIndex2W(s, t, bad_w, 0));
    ROW(ANY_DEF, "data-records 6.7 (unknown grbit)", JetSetCurrentIndex3W(s, t, W("PK"), 0x80000000, 0xffffffff));
    JET_INDEXID ixid;
    memset(&ixid, 0, sizeof ixid);
    ixid.cbStruct = 0xffffffff;
    ROW(ANY_ERR, "S-BAD-02", JetSetCurrentIndex4W(s, t, W("PK"), &ixid, 0, 1));
    ROW(ANY_ERR, "S-BAD-02", JetSetCurrentIndex4A(s, t, NULL, &ixid, 0, 1));
    ROW(ANY_DEF, "S-BAD-01", JetGetCurrentIndexW(s, t, NULL, 0));
    ROW(ANY_DEF, "S-BAD-01", JetGetCurrentIndexA(s, t, NULL, 0xffffffff) == JET_errSuccess ? JET_errSuccess : JET_errInvalidParameter);
    CHECK_OK(JetSetCurrentIndex(s, t, "PK"));
    /* a lone surrogate: no UTF-16 at all (data-ddl 1.3: a conversion failure is -1002) */
    static const WCHAR lone[] = {0xD800, 'x', 0};
    ROW(JET_errInvalidName, "data-ddl 1.3", JetCreateTableW(s, d, lone, 0, 0, &x));
    ROW(JET_errInvalidName, "data-ddl 1.3", JetOpenTableW(s, d, lone, NULL, 0, 0, &x));
    ROW(JET_errInvalidName, "data-ddl 1.3", JetAddColumnW(s, t, lone, &g_cd, NULL, 0, &cid));
    ROW(JET_errInvalidName, "data-ddl 1.3", JetCreateIndexW(s, t, lone, 0, W("+Name\0"), 14, 100));
    ROW(ANY_ERR, "data-ddl 1.3 (the key string)", JetCreateIndexW(s, t, W("Ix"), 0, lone, 6, 100));
    ROW(ANY_ERR, "data-ddl 1.3 (a file name)", JetAttachDatabaseW(s, lone, 0));
    ROW(ANY_ERR, "data-ddl 1.3 (a file name)", JetGetDatabaseFileInfoW(lone, buf, 4, JET_DbInfoPageSize));
    bx_unchanged("the name rows");

    /* JetCreateTableColumnIndex*: NULL, cbStruct, counts (S-BAD-02, data-ddl 5.3) */
    JET_TABLECREATE_A a1 = tc1a;
    JET_TABLECREATE2_A a2 = tc2a;
    JET_TABLECREATE2_W w2 = tc2w;
    JET_TABLECREATE3_A a3 = tc3a;
    JET_TABLECREATE3_W w3 = tc3w;
    JET_TABLECREATE4_A a4 = tc4a;
    JET_TABLECREATE4_W w4 = tc4w;
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndexW(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex2A(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex2W(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex3A(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex3W(s, d, NULL));
    ROW(JET_errInvalidParameter, "S-BAD-01", JetCreateTableColumnIndex4W(s, d, NULL));
    uint32_t bad_cb[] = {0, 1, 0xffffffff};
    for (size_t i = 0; i < sizeof bad_cb / sizeof bad_cb[0]; i++) {
        a2.cbStruct = w2.cbStruct = bad_cb[i];
        a3.cbStruct = w3.cbStruct = a4.cbStruct = w4.cbStruct = bad_cb[i];
        /* (version 1's cbStruct is not looked at, as in ESE: data-ddl 5.3) */
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex2(s, d, &a2));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex2W(s, d, &w2));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex3A(s, d, &a3));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex3W(s, d, &w3));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex4A(s, d, &a4));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex4W(s, d, &w4));
    }
    /* a size of another version of the struct */
    a4.cbStruct = sizeof(JET_TABLECREATE_A);
    ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateTableColumnIndex4A(s, d, &a4));
    /* counts with no array, and a column array whose second entry is bad */
    a1 = tc1a;
    w2 = tc2w;
    a3 = tc3a;
    a1.cColumns = 0xffffffff;
    ROW(ANY_ERR, "S-BAD-02 (a count with no array)", JetCreateTableColumnIndex(s, d, &a1));
    a1.cColumns = 0;
    a1.cIndexes = 0xffffffff;
    ROW(ANY_ERR, "S-BAD-02 (a count with no array)", JetCreateTableColumnIndex(s, d, &a1));
    w2.cIndexes = 3;
    ROW(ANY_ERR, "S-BAD-02 (a count with no array)", JetCreateTableColumnIndex2W(s, d, &w2));
    JET_COLUMNCREATE_A cc[2];
    memset(cc, 0, sizeof cc);
    cc[0].cbStruct = sizeof cc[0];
    cc[0].szColumnName = "A";
    cc[0].coltyp = JET_coltypLong;
    cc[1].cbStruct = 3; /* stops the walk */
    cc[1].szColumnName = "B";
    cc[1].coltyp = JET_coltypLong;
    a3.rgcolumncreate = cc;
    a3.cColumns = 0xffffffff;
    ROW(ANY_ERR, "S-BAD-02 (absurd count)", JetCreateTableColumnIndex3A(s, d, &a3));
    a3.cColumns = 2;
    ROW(JET_errInvalidParameter, "S-BAD-02 (JET_COLUMNCREATE cbStruct)", JetCreateTableColumnIndex3A(s, d, &a3));
    cc[1].cbStruct = sizeof cc[1];
    cc[1].coltyp = 0x7777;
    ROW(ANY_ERR, "data-ddl 6.2 (unknown coltyp)", JetCreateTableColumnIndex3A(s, d, &a3));
    cc[1].coltyp = JET_coltypLong;
    cc[1].grbit = 0x80000000;
    /* data-ddl 6.2: no mask of column grbits in ESE either */
    ROW(ANY_DEF, "data-ddl 6.2 (unknown column grbit)", JetCreateTableColumnIndex3A(s, d, &a3));
    if (rows_last == JET_errSuccess) {
        CHECK_OK(JetCloseTable(s, a3.tableid));
        CHECK_OK(JetDeleteTable(s, d, "U"));
    }
    cc[1].grbit = 0;
    a3.ulDensity = 0xffffffff;
    ROW(JET_errDensityInvalid, "data-ddl 5.3 step 6 (density)", JetCreateTableColumnIndex3A(s, d, &a3));
    a3.ulDensity = 0;
    a3.grbit = 0x80000000;
    ROW(ANY_DEF, "data-ddl 5.3 (unknown table grbit)", JetCreateTableColumnIndex3A(s, d, &a3));
    if (rows_last == JET_errSuccess) {
        CHECK_OK(JetCloseTable(s, a3.tableid));
        CHECK_OK(JetDeleteTable(s, d, "U"));
    }
    bx_unchanged("the JetCreateTableColumnIndex rows");

    /* JetCreateIndex2-4: NULL, cbStruct, counts */
    JET_INDEXCREATE_A i1 = ic1a;
    JET_INDEXCREATE_W j1 = ic1w;
    JET_INDEXCREATE2_A i2 = ic2a;
    JET_INDEXCREATE2_W j2 = ic2w;
    JET_INDEXCREATE3_A i3 = ic3a;
    JET_INDEXCREATE3_W j3 = ic3w;
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex2(s, t, NULL, 1));
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex2W(s, t, NULL, 0xffffffff));
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex3A(s, t, NULL, 1));
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex3W(s, t, NULL, 1));
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex4A(s, t, NULL, 2));
    ROW(ANY_ERR, "S-BAD-01", JetCreateIndex4W(s, t, NULL, 1));
    for (size_t i = 0; i < sizeof bad_cb / sizeof bad_cb[0]; i++) {
        i1.cbStruct = j1.cbStruct = i2.cbStruct = j2.cbStruct = i3.cbStruct = j3.cbStruct = bad_cb[i];
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex2A(s, t, &i1, 1));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex2W(s, t, &j1, 1));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex3A(s, t, &i2, 1));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex3W(s, t, &j2, 1));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex4A(s, t, &i3, 1));
        ROW(JET_errInvalidParameter, "S-BAD-02", JetCreateIndex4W(s, t, &j3, 1));
    }
    JET_INDEXCREATE3_A two[2];
    two[0] = ic3a;
    two[1] = ic3a;
    two[1].cbStruct = 5; /* stops the walk */
    ROW(ANY_ERR, "S-BAD-02 (absurd count)", JetCreateIndex4A(s, t, two, 0xffffffff));
    two[1] = ic3a;
    two[1].szIndexName = "Ix2";
    /* A cbKey beyond the caller's buffer is the caller's error (ESE reads szKey[cbKey - 1]
     * too): 64 KiB that are really there, bytes after the double NUL, no NUL at the end. */
    char *bigkey = malloc(65536);
    CHECK(bigkey != NULL);
    memset(bigkey, 'x', 65536);
    memcpy(bigkey, "+Name\0", 7);
    two[1].szKey = bigkey;
    two[1].cbKey = 65536;
    ROW(ANY_ERR, "data-ddl 7.3 (cbKey: the key must end with its double NUL)", JetCreateIndex4A(s, t, &two[1], 1));
    bigkey[65534] = bigkey[65535] = 0;
    ROW(ANY_ERR, "data-ddl 7.3 (cbKey: bytes after the double NUL)", JetCreateIndex4A(s, t, &two[1], 1));
    free(bigkey);
    two[1].szKey = "+Name\0";
    two[1].cbKey = 7;
    /* (one index per call from here: several at once need an exclusive cursor, -1322) */
    two[1].ulDensity = 0xffffffff;
    /* versions 2 and 3 take the density from their space hints only (ESE ignores ulDensity) */
    ROW(JET_errSuccess, "data-ddl 7.2 (ulDensity unused by version 3)", JetCreateIndex4A(s, t, &two[1], 1));
    if (rows_last == JET_errSuccess) CHECK_OK(JetDeleteIndex(s, t, "Ix2"));
    two[1].ulDensity = 100;
    i1 = ic1a;
    i1.ulDensity = 0xffffffff;
    ROW(JET_errDensityInvalid, "data-ddl 7.2, 2.5 (density outside 20-100)", JetCreateIndex2A(s, t, &i1, 1));
    i1.ulDensity = 19;
    ROW(JET_errDensityInvalid, "data-ddl 7.2, 2.5 (density outside 20-100)", JetCreateIndex2(s, t, &i1, 1));
    ROW(JET_errDensityInvalid, "data-ddl 7.2, 2.5 (density outside 20-100)", JetCreateIndexW(s, t, W("Ix"), 0, W("+Name\0"), 14, 0xffffffff));
    two[1].grbit = 0x80000000;
    ROW(ANY_DEF, "data-ddl 7.4 (unknown grbit: ESE has no mask)", JetCreateIndex4A(s, t, &two[1], 1));
    if (rows_last == JET_errSuccess) CHECK_OK(JetDeleteIndex(s, t, "Ix2"));
    two[1].grbit = 0;
    two[1].cConditionalColumn = 0xffffffff;
    ROW(ANY_ERR, "S-BAD-02 (a count with no array)", JetCreateIndex4A(s, t, &two[1], 1));
    JET_CONDITIONALCOLUMN_A cond = {3, "Id", JET_bitIndexColumnMustBeNonNull};
    two[1].rgconditionalcolumn = &cond;
    two[1].cConditionalColumn = 1;
    ROW(ANY_ERR, "S-BAD-02 (JET_CONDITIONALCOLUMN cbStruct)", JetCreateIndex4A(s, t, &two[1], 1));
    cond.cbStruct = sizeof cond;
    cond.szColumnName = NULL;
    ROW(ANY_ERR, "S-BAD-01 (a NULL conditional column name)", JetCreateIndex4A(s, t, &two[1], 1));
    two[1].rgconditionalcolumn = NULL;
    two[1].cConditionalColumn = 0;
    JET_SPACEHINTS sh;
    memset(&sh, 0, sizeof sh);
    sh.cbStruct = 0xffffffff;
    two[1].pSpacehints = &sh;
    ROW(JET_errInvalidParameter, "data-ddl 5.3 step 6 (JET_SPACEHINTS cbStruct)", JetCreateIndex4A(s, t, &two[1], 1));
    two[1].pSpacehints = NULL;
    JET_UNICODEINDEX2 bad_locale = {WM("xx-NOPE"), 0xffffffff};
    two[1].grbit = JET_bitIndexUnicode;
    two[1].pidxunicode = &bad_locale;
    ROW(ANY_ERR, "data-ddl 7.4 (locale and LCMap flags)", JetCreateIndex4A(s, t, &two[1], 1));
    two[1].grbit = 0;
    two[1].pidxunicode = NULL;
    a4 = tc4a;
    a4.pSeqSpacehints = &sh;
    ROW(JET_errInvalidParameter, "data-ddl 5.3 step 6 (JET_SPACEHINTS cbStruct)", JetCreateTableColumnIndex4A(s, d, &a4));
    bx_unchanged("the JetCreateIndex rows");

    /* Temporary tables (data-records 8.1, 8.2) */
    JET_COLUMNDEF cd2[2];
    memset(cd2, 0, sizeof cd2);
    cd2[0] = g_cd;
    cd2[0].grbit = JET_bitColumnTTKey;
    cd2[1] = g_cd;
    cd2[1].coltyp = 0x7777; /* stops the walk */
    JET_COLUMNID ids[2] = {0, 0};
    ROW(ANY_ERR, "S-BAD-01", JetOpenTempTable(s, NULL, 1, JET_bitTTIndexed, &x, ids));
    ROW(ANY_ERR, "S-BAD-01", JetOpenTempTable(s, cd2, 1, JET_bitTTIndexed, NULL, ids));
    ROW(ANY_ERR, "S-BAD-01", JetOpenTempTable(s, cd2, 1, JET_bitTTIndexed, &x, NULL));
    ROW(ANY_ERR, "data-records 8.2 (unknown coltyp)", JetOpenTempTable(s, cd2, 2, JET_bitTTIndexed, &x, ids));
    ROW(JET_errInvalidParameter, "S-BAD-01 (an absurd count, no array)", JetOpenTempTable(s, NULL, 0xffffffff, JET_bitTTIndexed, &x, ids));
    /* An absurd count must be backed by the array (ESE reads the definitions until a column
     * class is full, sortapi.cxx): 70,000 real fixed columns. */
    JET_COLUMNDEF *many = calloc(70000, sizeof *many);
    JET_COLUMNID *many_ids = calloc(70000, sizeof *many_ids);
    CHECK(many != NULL && many_ids != NULL);
    for (int i = 0; i < 70000; i++) many[i] = g_cd;
    ROW(JET_errTooManyColumns, "data-records 8.2 step 6", JetOpenTempTable(s, many, 70000, JET_bitTTIndexed, &x, many_ids));
    free(many);
    free(many_ids);
    ROW(ANY_ERR, "S-BAD-01", JetOpenTempTable2(s, NULL, 3, 1033, 0, &x, ids));
    ROW(JET_errInvalidLanguageId, "data-records 8.1", JetOpenTempTable2(s, cd2, 1, 0xffffffff, JET_bitTTIndexed, &x, ids));
    ROW(ANY_ERR, "S-BAD-01", JetOpenTempTable3(s, cd2, 1, NULL, JET_bitTTIndexed, NULL, ids));
    JET_UNICODEINDEX ui = {0x7fffffff, 0xffffffff};
    ROW(ANY_ERR, "data-records 8.2 step 10 (locale)", JetOpenTempTable3(s, cd2, 1, &ui, JET_bitTTIndexed, &x, ids));
    ROW(JET_errCannotMaterializeForwardOnlySort, "data-records 8.2 step 3",
        JetOpenTempTable(s, cd2, 1, JET_bitTTForwardOnly | JET_bitTTUpdatable, &x, ids));
    JET_OPENTEMPORARYTABLE ot;
    memset(&ot, 0, sizeof ot);
    ot.prgcolumndef = cd2;
    ot.ccolumn = 1;
    ot.prgcolumnid = ids;
    ot.grbit = JET_bitTTIndexed;
    ROW(JET_errInvalidParameter, "data-records 8.1 (NULL)", JetOpenTemporaryTable(s, NULL));
    ROW(JET_errInvalidParameter, "data-records 8.1 (NULL)", JetOpenTemporaryTable2(s, NULL));
    for (size_t i = 0; i < sizeof bad_cb / sizeof bad_cb[0]; i++) {
        ot.cbStruct = bad_cb[i];
        ROW(JET_errInvalidParameter, "data-records 8.1 (cbStruct)", JetOpenTemporaryTable(s, &ot));
    }
    ot.cbStruct = sizeof ot;
    ot.cbKeyMost = 0xffffffff;
    ROW(JET_errInvalidParameter, "data-records 8.2 step 5 (cbKeyMost)", JetOpenTemporaryTable(s, &ot));
    ot.cbKeyMost = 100;
    ROW(JET_errInvalidParameter, "data-records 8.2 step 5 (cbKeyMost < 255)", JetOpenTemporaryTable(s, &ot));
    ot.cbKeyMost = 0;
    ot.cbVarSegMac = 0xffffffff;
    ROW(JET_errInvalidParameter, "data-records 8.2 step 5 (cbVarSegMac)", JetOpenTemporaryTable(s, &ot));
    ot.cbVarSegMac = 0;
    ot.prgcolumndef = NULL;
    ROW(ANY_ERR, "S-BAD-01", JetOpenTemporaryTable(s, &ot));
    JET_OPENTEMPORARYTABLE2 ot2;
    memset(&ot2, 0, sizeof ot2);
    ot2.cbStruct = sizeof ot - 1;
    ot2.prgcolumndef = cd2;
    ot2.ccolumn = 1;
    ot2.prgcolumnid = ids;
    ROW(JET_errInvalidParameter, "data-records 8.1 (cbStruct)", JetOpenTemporaryTable2(s, &ot2));
    ot2.cbStruct = sizeof ot2;
    JET_UNICODEINDEX2 ui2 = {WM("xx-NOPE-not-a-locale"), 0};
    ot2.pidxunicode = &ui2;
    ROW(ANY_ERR, "data-records 8.1 (locale name)", JetOpenTemporaryTable2(s, &ot2));
    ui2.szLocaleName = NULL;
    ROW(ANY_DEF, "data-records 8.1 (no locale name)", JetOpenTemporaryTable2(s, &ot2));
    if (ot2.tableid && ot2.tableid != JET_tableidNil) CHECK_OK(JetCloseTable(s, ot2.tableid));

    /* JetIntersectIndexes */
    JET_TABLEID pk = 0;
    CHECK_OK(JetDupCursor(s, t, &pk, 0));
    CHECK_OK(JetSetCurrentIndex(s, t, "ByName"));
    JET_INDEXRANGE ir[3];
    memset(ir, 0, sizeof ir);
    for (int i = 0; i < 3; i++) {
        ir[i].cbStruct = sizeof ir[i];
        ir[i].grbit = JET_bitRecordInIndex;
    }
    ir[0].tableid = t;
    ir[1].tableid = pk;
    ir[2].cbStruct = 1; /* stops the walk */
    JET_RECORDLIST rl;
    memset(&rl, 0, sizeof rl);
    rl.cbStruct = sizeof rl;
    CHECK_OK(JetBeginTransaction(s));
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (NULL ranges)", JetIntersectIndexes(s, NULL, 2, &rl, 0));
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (no ranges)", JetIntersectIndexes(s, ir, 0, &rl, 0));
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (more than 64)", JetIntersectIndexes(s, ir, 0xffffffff, &rl, 0));
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (NULL list)", JetIntersectIndexes(s, ir, 2, NULL, 0));
    rl.cbStruct = 0xffffffff;
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (list cbStruct)", JetIntersectIndexes(s, ir, 2, &rl, 0));
    rl.cbStruct = sizeof rl;
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (range cbStruct)", JetIntersectIndexes(s, ir, 3, &rl, 0));
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (the primary index)", JetIntersectIndexes(s, ir, 2, &rl, 0x80000000));
    ir[1].tableid = t;
    ROW(JET_errInvalidParameter, "JetIntersectIndexes (the same index)", JetIntersectIndexes(s, ir, 2, &rl, 0));
    ir[1].tableid = pk;
    CHECK_OK(JetSetCurrentIndex(s, pk, "ByName"));
    ir[1].grbit = 0x80000000;
    ROW(JET_errInvalidGrbit, "JetIntersectIndexes (range grbit)", JetIntersectIndexes(s, ir, 2, &rl, 0));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetCloseTable(s, pk));
    CHECK_OK(JetSetCurrentIndex(s, t, "PK"));
    bx_unchanged("the temporary-table and intersection rows");

    /* Records and cursors not covered by test_bad_input.c */
    uint32_t cb = 0;
    ROW(ANY_ERR, "data-records 4.1 (unknown prep)", JetPrepareUpdate(s, t, 0x7777));
    ROW(ANY_ERR, "data-records 4.4 (no update prepared)", JetUpdate(s, t, buf, 0xffffffff, &cb));
    ROW(ANY_ERR, "S-BAD-01, data-records 5.2", JetRetrieveColumns(s, t, NULL, 0xffffffff));
    ROW(ANY_ERR, "S-BAD-01, data-records 4.3", JetSetColumns(s, t, NULL, 0xffffffff));
    ROW(ANY_ERR, "S-BAD-01", JetEnumerateColumns(s, t, 0, NULL, NULL, NULL, NULL, NULL, 0, 0));
    ROW(ANY_ERR, "S-BAD-01", JetEnumerateColumns(s, t, 0xffffffff, NULL, &cb, NULL, NULL, NULL, 0, 0));
    ROW(ANY_DEF, "data-records 5.1 (unknown grbit)", JetRetrieveColumn(s, t, g.id, buf, 4, &cb, 0x80000000, NULL));
    JET_RETINFO ri = {15, 0, 1, 0};
    ROW(JET_errInvalidParameter, "data-records 5.1 step 1 (cbStruct < 16)", JetRetrieveColumn(s, t, g.id, buf, 4, &cb, 0, &ri));
    ri.cbStruct = 0xffffffff;
    ROW(JET_errSuccess, "data-records 5.1 step 1 (a larger cbStruct is accepted)", JetRetrieveColumn(s, t, g.id, buf, 4, &cb, 0, &ri));
    ROW(ANY_DEF, "data-records 6.10 (unknown level)", JetGetCursorInfo(s, t, buf, sizeof buf, 0x7777));
    ROW(ANY_ERR, "data-records 6.4 (no key made)", JetSetIndexRange(s, t, JET_bitRangeUpperLimit));
    ROW(ANY_DEF, "S-BAD-02 (cbRecpos)", JetGetRecordPosition(s, t, (JET_RECPOS *)(void *)buf, 0xffffffff));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepReplace));
    JET_SETINFO si = {11, 0, 1};
    ROW(JET_errInvalidParameter, "data-records 4.2 step 4 (cbStruct < 12)", JetSetColumn(s, t, g.name, "zz", 2, 0, &si));
    si.cbStruct = 0;
    ROW(JET_errInvalidParameter, "data-records 4.2 step 4 (cbStruct < 12)", JetSetColumn(s, t, g.name, "zz", 2, 0, &si));
    ROW(ANY_ERR, "S-BAD-03 (fixed size)", JetSetColumn(s, t, g.id, buf, 3, 0, NULL));
    ROW(ANY_ERR, "S-BAD-03 (no such column)", JetSetColumn(s, t, 0x7ffffff0, buf, 4, 0, NULL));
    ROW(ANY_DEF, "S-BAD-03 (over cbMax: truncated or refused)", JetSetColumn(s, t, g.name, buf, 65, 0, NULL));
    ROW(ANY_DEF, "data-records 4.2 (NULL pvData: cbData taken as 0)", JetSetColumn(s, t, g.name, NULL, 5, 0, NULL));
    ROW(ANY_ERR, "S-BAD-03 (fixed size, 0xFFFFFFFF)", JetSetColumn(s, t, g.id, buf, 0xffffffff, 0, NULL));
    ROW(JET_errSuccess, "data-records 4.1 (cancel)", JetPrepareUpdate(s, t, JET_prepCancel));
    JET_RECPOS rp = {15, 1, 1, 2};
    ROW(JET_errInvalidParameter, "data-records 6.6 JetGotoPosition (cbStruct 16 or 32)", JetGotoPosition(s, t, &rp));
    rp.cbStruct = 0xffffffff;
    ROW(JET_errInvalidParameter, "data-records 6.6 JetGotoPosition (cbStruct 16 or 32)", JetGotoPosition(s, t, &rp));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    ROW(JET_errInvalidParameter, "data-records 6.6 JetGetRecordPosition (cbRecpos < 16)", JetGetRecordPosition(s, t, &rp, 15));
    JET_COLUMNDEF cdw = g_cd;
    cdw.cbStruct = 0;
    ROW(ANY_ERR, "S-BAD-02 (JET_COLUMNDEF cbStruct)", JetAddColumnW(s, t, W("New"), &cdw, NULL, 0, &cid));
    cdw.cbStruct = sizeof cdw;
    cdw.coltyp = 0x7777;
    ROW(ANY_ERR, "data-ddl 6.2 (unknown coltyp)", JetAddColumnW(s, t, W("New"), &cdw, NULL, 0, &cid));
    bx_unchanged("the record rows");
    CHECK_OK(JetTerm(g.inst));
}

/* ---- 3. every info level and output size, into a buffer of exactly cbMax bytes ------------ */

typedef JET_ERR (*icall)(void *pv, uint32_t cb, uint32_t level);

static char g_colname[8] = "Id"; /* also read as a JET_COLUMNID by the ...ByColid levels */

#define I(name, ...) \
    static JET_ERR i_##name(void *pv, uint32_t cb, uint32_t lv) { (void)lv; __VA_ARGS__ }
I(JetGetDatabaseInfo, return JetGetDatabaseInfo(g.s, g.dbid, pv, cb, lv);)
I(JetGetDatabaseInfoW, return JetGetDatabaseInfoW(g.s, g.dbid, pv, cb, lv);)
I(JetGetDatabaseFileInfo, return JetGetDatabaseFileInfo(fixture_path("bd.edb"), pv, cb, lv);)
I(JetGetDatabaseFileInfoW, return JetGetDatabaseFileInfoW(W("nope/x.edb"), pv, cb, lv);)
I(JetGetDatabaseFileInfoOther, return JetGetDatabaseFileInfoA(fixture_path("other.edb"), pv, cb, lv);)
I(JetGetTableInfo, return JetGetTableInfo(g.s, g.t, pv, cb, lv);)
I(JetGetTableInfoW, return JetGetTableInfoW(g.s, g.t, pv, cb, lv);)
I(JetGetTableColumnInfo, return JetGetTableColumnInfo(g.s, g.t, g_colname, pv, cb, lv);)
I(JetGetTableColumnInfoW, return JetGetTableColumnInfoW(g.s, g.t, W("Id\0\0"), pv, cb, lv);)
I(JetGetColumnInfo, return JetGetColumnInfo(g.s, g.dbid, "T", g_colname, pv, cb, lv);)
I(JetGetColumnInfoW, return JetGetColumnInfoW(g.s, g.dbid, W("T"), W("Id\0\0"), pv, cb, lv);)
I(JetGetTableIndexInfo, return JetGetTableIndexInfo(g.s, g.t, "PK", pv, cb, lv);)
I(JetGetTableIndexInfoW, return JetGetTableIndexInfoW(g.s, g.t, W("ByName"), pv, cb, lv);)
I(JetGetIndexInfo, return JetGetIndexInfo(g.s, g.dbid, "T", "ByName", pv, cb, lv);)
I(JetGetIndexInfoW, return JetGetIndexInfoW(g.s, g.dbid, W("T"), W("PK"), pv, cb, lv);)
I(JetGetObjectInfo, return JetGetObjectInfo(g.s, g.dbid, JET_objtypTable, NULL, "T", pv, cb, lv);)
I(JetGetObjectInfoW, return JetGetObjectInfoW(g.s, g.dbid, JET_objtypTable, NULL, NULL, pv, cb, lv);)
I(JetGetCursorInfo, return JetGetCursorInfo(g.s, g.t, pv, cb, lv);)
I(JetGetCurrentIndex, return JetGetCurrentIndex(g.s, g.t, pv, cb);)
I(JetGetCurrentIndexW, return JetGetCurrentIndexW(g.s, g.t, pv, cb);)
I(JetGetBookmark, uint32_t n = 0; return JetGetBookmark(g.s, g.t, pv, cb, &n);)
I(JetRetrieveKey, uint32_t n = 0; return JetRetrieveKey(g.s, g.t, pv, cb, &n, lv & 0x10 ? JET_bitRetrieveCopy : 0);)
I(JetGetSecondaryIndexBookmark, uint32_t a = 0, b = 0;
  return JetGetSecondaryIndexBookmark(g.s, g.t, pv, cb, &a, pv, cb, &b, 0);)
I(JetRetrieveColumn, uint32_t n = 0; return JetRetrieveColumn(g.s, g.t, lv & 1 ? g.name : g.id, pv, cb, &n, 0, NULL);)
I(JetGetRecordPosition, return JetGetRecordPosition(g.s, g.t, pv, cb);)

#define IR(name, levels) {#name, i_##name, levels}
static const struct {
    const char *name;
    icall call;
    int levels; /* 0: the call takes no level (run once per size) */
} irows[] = {
    IR(JetGetDatabaseInfo, 1), IR(JetGetDatabaseInfoW, 1), IR(JetGetDatabaseFileInfo, 1),
    IR(JetGetDatabaseFileInfoW, 1), IR(JetGetDatabaseFileInfoOther, 1), IR(JetGetTableInfo, 1),
    IR(JetGetTableInfoW, 1), IR(JetGetTableColumnInfo, 1), IR(JetGetTableColumnInfoW, 1),
    IR(JetGetColumnInfo, 1), IR(JetGetColumnInfoW, 1), IR(JetGetTableIndexInfo, 1),
    IR(JetGetTableIndexInfoW, 1), IR(JetGetIndexInfo, 1), IR(JetGetIndexInfoW, 1),
    IR(JetGetObjectInfo, 1), IR(JetGetObjectInfoW, 1), IR(JetGetCursorInfo, 1),
    IR(JetGetCurrentIndex, 0), IR(JetGetCurrentIndexW, 0), IR(JetGetBookmark, 0), IR(JetRetrieveKey, 0),
    IR(JetGetSecondaryIndexBookmark, 0), IR(JetRetrieveColumn, 0), IR(JetGetRecordPosition, 0),
};

TEST(badin_every_info_level_and_size_into_an_exact_buffer) {
    /* S-BAD-01 S-BAD-02, data-ddl 4.7, 4.8, 8 (info levels and their cbMax rules): levels 0-40,
     * each with the grbit bits of the level word, and sizes 0-72 and 4096, into a heap buffer of
     * exactly cbMax bytes (memcheck sees a write past it); every result is a defined code and
     * nothing changes. List levels open temporary tables, which JetTerm closes. */
    bx_open();
    CHECK_OK(JetSetCurrentIndex(g.s, g.t, "ByName"));
    CHECK_OK(JetMove(g.s, g.t, JET_MoveFirst, 0));
    uint32_t highs[] = {0, 0x80000000, 0x40000000, 0x20000000, 0x10000000};
    unsigned runs = 0;
    int nrows = (int)(sizeof irows / sizeof irows[0]);
    for (int i = 0; i < nrows; i++) {
        int nlev = irows[i].levels ? 41 * 5 : 1;
        for (int l = 0; l < nlev; l++) {
            uint32_t lv = irows[i].levels ? (uint32_t)(l % 41) | highs[l / 41] : 0;
            for (uint32_t cb = 0; cb <= 73; cb++) {
                uint32_t size = cb == 73 ? 4096 : cb;
                void *p = malloc(size ? size : 1);
                CHECK(p != NULL);
                memset(p, 0, size ? size : 1);
                JET_ERR r = irows[i].call(size ? p : NULL, size, lv);
                if (getenv("BADIN_SHOW")) printf("      %d %s <- %s level %#x cbMax %u\n", (int)r, check_code_name(r), irows[i].name, (unsigned)lv, (unsigned)size);
                runs++;
                if (r != 0 && !known_code(r)) {
                    printf("    %s level %#x cbMax %u:\n", irows[i].name, (unsigned)lv, (unsigned)size);
                    check_fail_code(__FILE__, __LINE__, irows[i].name, 0, r);
                }
                free(p);
            }
        }
    }
    CHECK(runs > 50000);
    CHECK_OK(JetSetCurrentIndex(g.s, g.t, "PK"));
    bx_unchanged("the info sweep");
    CHECK_OK(JetTerm(g.inst));
}

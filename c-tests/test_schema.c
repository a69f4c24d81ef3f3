/* Columns and indexes of an existing table: JetAddColumn, JetDeleteColumn(2), JetRenameColumn,
 * JetSetColumnDefaultValue, JetCreateIndex(2, 3, 4), JetDeleteIndex (data-ddl 6.2-6.4, 7.1-7.6,
 * 10.1; S-THD-01, S-NAM-01, S-BAD-01). There is no JetGetColumnInfo yet: effects are proved
 * through the DDL functions' own codes (duplicate, not found, in use). */
#include "check.h"

#include <string.h>

struct db {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
};

static struct db db_open(const char *file) {
    struct db d;
    d.inst = fixture_running("schema", -1);
    d.s = fixture_session(d.inst);
    d.dbid = 0;
    CHECK_OK(JetCreateDatabase(d.s, fixture_path(file), NULL, &d.dbid, 0));
    return d;
}

static JET_COLUMNDEF coldef(JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = grbit;
    return c;
}

static JET_ERR add(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit,
                   JET_COLUMNID *id) {
    JET_COLUMNDEF c = coldef(coltyp, 0, grbit);
    return JetAddColumn(s, t, name, &c, NULL, 0, id);
}

static JET_INDEXCREATE_A index1(char *name, char *key, uint32_t cbKey, JET_GRBIT grbit) {
    JET_INDEXCREATE_A x;
    memset(&x, 0, sizeof x);
    x.cbStruct = sizeof x;
    x.szIndexName = name;
    x.szKey = key;
    x.cbKey = cbKey;
    x.grbit = grbit;
    x.err = 12345;
    return x;
}

TEST(schema_add_column_ids_and_codes) {
    /* data-ddl 6.2, 2.4: ids fixed 1-127, variable 128-255, tagged 256+, never reused */
    struct db d = db_open("add.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "Fixed1", JET_coltypLong, 0, &id));
    CHECK_EQ(id, 1);
    CHECK_OK(add(d.s, t, "Var1", JET_coltypText, 0, &id));
    CHECK_EQ(id, 128);
    CHECK_OK(add(d.s, t, "Tag1", JET_coltypLongText, 0, &id));
    CHECK_EQ(id, 256);
    CHECK_OK(add(d.s, t, "Tag2", JET_coltypLong, JET_bitColumnTagged, &id));
    CHECK_EQ(id, 257);
    CHECK_OK(add(d.s, t, "Fixed2", JET_coltypShort, JET_bitColumnFixed, &id));
    CHECK_EQ(id, 2);
    /* step 16: names are compared case-insensitively */
    id = 77;
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "FIXED1", JET_coltypLong, 0, &id));
    CHECK_EQ(id, 77); /* not written before step 17 */
    /* a deleted column's id is not given again */
    CHECK_OK(JetDeleteColumn(d.s, t, "Fixed2"));
    CHECK_OK(add(d.s, t, "Fixed3", JET_coltypLong, 0, &id));
    CHECK_EQ(id, 3);
    /* step 13: Text cbMax above 255 is cut, with a warning and the id written */
    JET_COLUMNDEF c = coldef(JET_coltypText, 300, 0);
    id = 0;
    CHECK_ERR(JET_wrnColumnMaxTruncated, JetAddColumn(d.s, t, "Wide", &c, NULL, 0, &id));
    CHECK_EQ(id, 129);
    /* pcolumnid is optional */
    CHECK_OK(add(d.s, t, "NoOut", JET_coltypLong, 0, NULL));
    /* steps 4, 1 (recommendation): NULL or short JET_COLUMNDEF */
    CHECK_ERR(JET_errInvalidParameter, JetAddColumn(d.s, t, "N", NULL, NULL, 0, &id));
    c = coldef(JET_coltypLong, 0, 0);
    c.cbStruct = sizeof c - 1;
    CHECK_ERR(JET_errInvalidParameter, JetAddColumn(d.s, t, "N", &c, NULL, 0, &id));
    /* steps 6-13 */
    c = coldef(JET_coltypLong, 0x80000000u, 0);
    CHECK_ERR(JET_errInvalidParameter, JetAddColumn(d.s, t, "N", &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidName, add(d.s, t, NULL, JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errInvalidName, add(d.s, t, "a.b", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errInvalidName, add(d.s, t, "12345678901234567890123456789012345678901234567890123456789012345",
                                      JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errInvalidColumnType, add(d.s, t, "N", 0, 0, &id));
    CHECK_ERR(JET_errInvalidColumnType, add(d.s, t, "N", 13, 0, &id));
    c = coldef(JET_coltypText, 10, 0);
    c.cp = 1251;
    CHECK_ERR(JET_errInvalidCodePage, JetAddColumn(d.s, t, "N", &c, NULL, 0, &id));
    CHECK_ERR(JET_errColumnCannotBeCompressed, add(d.s, t, "N", JET_coltypLong, JET_bitColumnCompressed, &id));
    CHECK_ERR(JET_errInvalidGrbit, add(d.s, t, "N", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnTagged, &id));
    CHECK_ERR(JET_errMultiValuedColumnMustBeTagged, add(d.s, t, "N", JET_coltypLong, JET_bitColumnMultiValued, &id));
    c = coldef(JET_coltypText, 4, 0);
    CHECK_ERR(JET_errDefaultValueTooBig, JetAddColumn(d.s, t, "N", &c, "12345", 5, &id));
    CHECK_OK(JetAddColumn(d.s, t, "Dflt", &c, "1234", 4, &id));
    /* step 17: a second Autoincrement column is refused after its id was written */
    CHECK_OK(add(d.s, t, "Auto1", JET_coltypLong, JET_bitColumnAutoincrement, &id));
    CHECK_EQ(id, 5);
    id = 0;
    CHECK_ERR(JET_errColumnRedundant, add(d.s, t, "Auto2", JET_coltypLong, JET_bitColumnAutoincrement, &id));
    CHECK_EQ(id, 6);
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "Auto2"));
    CHECK_OK(JetCloseTable(d.s, t));
    /* step 12: Autoincrement and EscrowUpdate need DenyRead */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_ERR(JET_errExclusiveTableLockRequired,
              add(d.s, t, "Auto3", JET_coltypLongLong, JET_bitColumnAutoincrement, &id));
    /* step 5: Unversioned inside a transaction needs DenyRead */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_ERR(JET_errInTransaction, add(d.s, t, "Unv", JET_coltypLong, JET_bitColumnUnversioned, &id));
    CHECK_ERR(JET_errInTransaction, add(d.s, t, "a.b", JET_coltypLong, JET_bitColumnUnversioned, &id)); /* 5 before 7 */
    CHECK_ERR(JET_errInvalidParameter, JetAddColumn(d.s, t, "a.b", NULL, NULL, 0, &id)); /* 4 before 7 */
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(add(d.s, t, "Unv", JET_coltypLong, JET_bitColumnUnversioned, &id));
    /* step 2: read-only transaction, read-only cursor */
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransReadOnly, add(d.s, t, "RO", JET_coltypLong, 0, &id));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableReadOnly, &t));
    CHECK_ERR(JET_errPermissionDenied, add(d.s, t, "RO", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errPermissionDenied, JetAddColumn(d.s, t, "RO", NULL, NULL, 0, &id)); /* 2 before 4 */
    CHECK_ERR(JET_errPermissionDenied, add(d.s, t, "Var1", JET_coltypLong, 0, &id)); /* before -1508 */
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_handles) {
    /* data-ddl 1.1; S-THD-01: sesid before tableid, foreign and stale cursors */
    struct db d = db_open("h.edb");
    JET_SESID o = fixture_session(d.inst);
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "H", 0, 0, &t));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, 0);
    JET_INDEXCREATE_A x = index1("i", "+c\0", 4, 0);
    CHECK_ERR(JET_errInvalidSesid, JetAddColumn(0, t, "c", &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidTableId, JetAddColumn(d.s, 0, "c", &c, NULL, 0, &id));
    CHECK_ERR(JET_errSesidTableIdMismatch, JetAddColumn(o, t, "c", &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidSesid, JetDeleteColumn(0, t, "c"));
    CHECK_ERR(JET_errSesidTableIdMismatch, JetDeleteColumn2(o, t, "c", 0));
    CHECK_ERR(JET_errInvalidTableId, JetRenameColumn(d.s, t ^ 1, "c", "d", 0));
    CHECK_ERR(JET_errInvalidSesid, JetSetColumnDefaultValue(0, d.dbid, "H", "c", "x", 1, 0));
    CHECK_ERR(JET_errInvalidDatabaseId, JetSetColumnDefaultValue(d.s, 9, "H", "c", "x", 1, 0));
    CHECK_ERR(JET_errSesidTableIdMismatch, JetCreateIndex(o, t, "i", 0, "+c\0", 4, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCreateIndex2(d.s, 0, &x, 1));
    CHECK_ERR(JET_errInvalidSesid, JetDeleteIndex(0, t, "i"));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidTableId, JetAddColumn(d.s, t, "c", &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidTableId, JetDeleteIndex(d.s, t, "i"));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_delete_column) {
    /* data-ddl 6.3 */
    struct db d = db_open("dc.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "k", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ik", 0, "+k\0", 4, 0));
    CHECK_ERR(JET_errInvalidName, JetDeleteColumn(d.s, t, NULL));
    CHECK_ERR(JET_errInvalidName, JetDeleteColumn(d.s, t, "a]"));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "zz"));
    CHECK_ERR(JET_errColumnInUse, JetDeleteColumn(d.s, t, "K")); /* step 6 */
    CHECK_OK(JetDeleteColumn(d.s, t, "A"));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "a"));
    /* JetDeleteColumn2: the template bit (and unknown ones) on a table without a template */
    CHECK_OK(JetDeleteColumn2(d.s, t, "b", JET_bitDeleteColumnIgnoreTemplateColumns | 0x100));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn2(d.s, t, "b", 0));
    /* once its index is gone, the key column can go */
    CHECK_OK(JetDeleteIndex(d.s, t, "ik"));
    CHECK_OK(JetDeleteColumn(d.s, t, "k"));
    /* step 2 */
    CHECK_OK(add(d.s, t, "c", JET_coltypLong, 0, &id));
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransReadOnly, JetDeleteColumn(d.s, t, "c"));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableReadOnly, &t));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteColumn(d.s, t, "c"));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteColumn2(d.s, t, "c", 0));
    CHECK_OK(JetCloseTable(d.s, t));
    /* a shared (not DenyRead) cursor may delete */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_OK(JetDeleteColumn(d.s, t, "c"));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_rename_column) {
    /* data-ddl 6.4, 10.1, 12 item 1 */
    struct db d = db_open("rc.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypLong, 0, &id));
    CHECK_OK(JetRenameColumn(d.s, t, "A", "alpha", 0));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "a"));
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "ALPHA", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errColumnNotFound, JetRenameColumn(d.s, t, "a", "x", 0));
    CHECK_ERR(JET_errColumnDuplicate, JetRenameColumn(d.s, t, "alpha", "B", 0));
    CHECK_OK(JetRenameColumn(d.s, t, "alpha", "ALPHA", 0)); /* another spelling of itself */
    CHECK_ERR(JET_errInvalidParameter, JetRenameColumn(d.s, t, NULL, "x", 0));
    CHECK_ERR(JET_errInvalidParameter, JetRenameColumn(d.s, t, "b", NULL, 0));
    CHECK_ERR(JET_errInvalidName, JetRenameColumn(d.s, t, "b!", "x", 0));
    CHECK_ERR(JET_errInvalidName, JetRenameColumn(d.s, t, "b", " x", 0));
    CHECK_ERR(JET_errInvalidName, JetRenameColumn(d.s, t, "zz!", " x", 0)); /* old name first */
    /* step 3: only outside a transaction; step 1: a read-only transaction first */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_ERR(JET_errInTransaction, JetRenameColumn(d.s, t, "b", "beta", 0));
    CHECK_ERR(JET_errInTransaction, JetRenameColumn(d.s, t, "zz", "beta", 0));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransReadOnly, JetRenameColumn(d.s, t, NULL, NULL, 0));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetDeleteColumn(d.s, t, "b"));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_set_column_default) {
    /* ESE's fldmod.cxx:3228-3420 (data-ddl 6.1, 7.4: IndexEmpty refuses a column with a default,
     * which is how the default is seen here) */
    struct db d = db_open("sd.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    const JET_GRBIT empty = JET_bitIndexEmpty | JET_bitIndexIgnoreAnyNull;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "n", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "k", JET_coltypLong, 0, &id));
    JET_COLUMNDEF c = coldef(JET_coltypText, 4, 0);
    CHECK_OK(JetAddColumn(d.s, t, "s", &c, NULL, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ik", 0, "+k\0", 4, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    int32_t v = 42;
    CHECK_ERR(JET_errInvalidName, JetSetColumnDefaultValue(d.s, d.dbid, "T", NULL, &v, 4, 0));
    CHECK_ERR(JET_errInvalidName, JetSetColumnDefaultValue(d.s, d.dbid, "T!", "n!", NULL, 0, 0)); /* column first */
    CHECK_ERR(JET_errNullInvalid, JetSetColumnDefaultValue(d.s, d.dbid, "T", "n", NULL, 4, 0));
    CHECK_ERR(JET_errNullInvalid, JetSetColumnDefaultValue(d.s, d.dbid, "T", "n", &v, 0, 0));
    CHECK_ERR(JET_errNullInvalid, JetSetColumnDefaultValue(d.s, d.dbid, "nope", "n", NULL, 0, 0));
    static char huge[70000];
    CHECK_ERR(JET_errDefaultValueTooBig, JetSetColumnDefaultValue(d.s, d.dbid, "nope", "n", huge, sizeof huge, 0));
    CHECK_ERR(JET_errInvalidName, JetSetColumnDefaultValue(d.s, d.dbid, NULL, "n", &v, 4, 0));
    CHECK_ERR(JET_errObjectNotFound, JetSetColumnDefaultValue(d.s, d.dbid, "nope", "n", &v, 4, 0));
    CHECK_ERR(JET_errColumnNotFound, JetSetColumnDefaultValue(d.s, d.dbid, "T", "zz", &v, 4, 0));
    CHECK_ERR(JET_errColumnInUse, JetSetColumnDefaultValue(d.s, d.dbid, "T", "k", &v, 4, 0));
    CHECK_ERR(JET_errDefaultValueTooBig, JetSetColumnDefaultValue(d.s, d.dbid, "T", "s", "12345", 5, 0));
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumnDefaultValue(d.s, d.dbid, "T", "n", "ab", 2, 0)); /* a Long is 4 bytes */
    /* no default yet: an IndexEmpty index over it is allowed */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_OK(JetCreateIndex(d.s, t, "probe", empty, "+n\0", 4, 0));
    CHECK_OK(JetDeleteIndex(d.s, t, "probe"));
    CHECK_OK(JetCloseTable(d.s, t));
    /* set inside a transaction, rolled back: still no default */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetSetColumnDefaultValue(d.s, d.dbid, "T", "N", &v, 4, 0xFFFF)); /* grbit ignored */
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_OK(JetCreateIndex(d.s, t, "probe", empty, "+n\0", 4, 0));
    CHECK_OK(JetDeleteIndex(d.s, t, "probe"));
    /* the table is taken as DenyRead takes it: the caller's own cursor does not stop it, another
     * session's does */
    CHECK_OK(JetSetColumnDefaultValue(d.s, d.dbid, "T", "n", &v, 4, 0));
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex(d.s, t, "probe", empty, "+n\0", 4, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    JET_SESID o = fixture_session(d.inst);
    JET_DBID od = 0;
    JET_TABLEID u = 0;
    CHECK_OK(JetOpenDatabase(o, fixture_path("sd.edb"), NULL, &od, 0));
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, JET_bitTableReadOnly, &u));
    CHECK_ERR(JET_errTableInUse, JetSetColumnDefaultValue(d.s, d.dbid, "T", "s", "ab", 2, 0));
    CHECK_OK(JetCloseTable(o, u));
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, JET_bitTableDenyRead, &u));
    CHECK_ERR(JET_errTableLocked, JetSetColumnDefaultValue(d.s, d.dbid, "T", "s", "ab", 2, 0));
    CHECK_OK(JetCloseTable(o, u));
    /* the write's refusals come after the catalog's rules */
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errColumnNotFound, JetSetColumnDefaultValue(d.s, d.dbid, "T", "zz", "ab", 2, 0));
    CHECK_ERR(JET_errTransReadOnly, JetSetColumnDefaultValue(d.s, d.dbid, "T", "s", "ab", 2, 0));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    /* W names */
    const WCHAR wt[] = {'T', 0}, ws[] = {'s', 0}, bad[] = {0x4E2D, 0};
    CHECK_OK(JetSetColumnDefaultValueW(d.s, d.dbid, wt, ws, "ab", 2, 0));
    CHECK_ERR(JET_errInvalidName, JetSetColumnDefaultValueW(d.s, d.dbid, wt, bad, "ab", 2, 0));
    CHECK_OK(JetSetColumnDefaultValueA(d.s, d.dbid, "T", "s", "abc", 3, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex(d.s, t, "probe", empty, "+s\0", 4, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_create_delete_index) {
    /* data-ddl 7.1-7.7 */
    struct db d = db_open("ix.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypText, 0, &id));
    CHECK_OK(add(d.s, t, "m", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ia", 0, "+a\0", 4, 0));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex(d.s, t, "IA", 0, "-b\0", 4, 0));
    CHECK_OK(JetCreateIndex(d.s, t, "iab", JET_bitIndexUnique, "+a\0-b\0", 7, 80));
    CHECK_ERR(JET_errColumnNotFound, JetCreateIndex(d.s, t, "iz", 0, "+z\0", 4, 0));
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex(d.s, t, "iz", 0, "a\0\0", 4, 0));
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndex(d.s, t, "iz", 0, NULL, 4, 0));
    CHECK_ERR(JET_errInvalidName, JetCreateIndex(d.s, t, "i.z", 0, "+a\0", 4, 0));
    CHECK_ERR(JET_errDensityInvalid, JetCreateIndex(d.s, t, "iz", 0, "+a\0", 4, 19));
    CHECK_ERR(JET_errInvalidGrbit, JetCreateIndex(d.s, t, "iz", JET_bitIndexPrimary | JET_bitIndexIgnoreNull, "+a\0", 4, 0));
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex(d.s, t, "iz", JET_bitIndexPrimary, "+m\0", 4, 0));
    /* a primary index (the table is empty), then a second one */
    CHECK_OK(JetCreateIndex(d.s, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 0));
    CHECK_ERR(JET_errIndexHasPrimary, JetCreateIndex(d.s, t, "pk2", JET_bitIndexPrimary, "+b\0", 4, 0));
    CHECK_ERR(JET_errIndexMustStay, JetDeleteIndex(d.s, t, "PK"));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(d.s, t, "nope"));
    CHECK_ERR(JET_errInvalidName, JetDeleteIndex(d.s, t, NULL));
    CHECK_OK(JetDeleteIndex(d.s, t, "IAB"));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(d.s, t, "iab"));
    /* W forms: the key counts bytes */
    const WCHAR wname[] = {'w', 'i', 0}, wkey[] = {'-', 'b', 0, 0}, wbad[] = {'+', 0x4E2D, 0, 0};
    CHECK_OK(JetCreateIndexW(d.s, t, wname, 0, wkey, sizeof wkey, 0));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndexA(d.s, t, "WI", 0, "+a\0", 4, 0));
    CHECK_ERR(JET_errInvalidName, JetCreateIndexW(d.s, t, wname, 0, wbad, sizeof wbad, 0));
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndexW(d.s, t, wname, 0, wkey, 0, 0));
    CHECK_OK(JetDeleteIndexW(d.s, t, wname));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndexA(d.s, t, "wi"));
    /* step 2 and 5: read-only transaction and read-only cursor */
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransReadOnly, JetCreateIndex(d.s, t, "ro", 0, "+b\0", 4, 0));
    CHECK_ERR(JET_errTransReadOnly, JetDeleteIndex(d.s, t, "ia"));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableReadOnly, &t));
    CHECK_ERR(JET_errPermissionDenied, JetCreateIndex(d.s, t, "ro", 0, "+b\0", 4, 0));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteIndex(d.s, t, "ia"));
    CHECK_OK(JetCloseTable(d.s, t));
    /* one index needs no DenyRead; Unversioned inside a transaction does */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &t));
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_ERR(JET_errInTransaction, JetCreateIndex(d.s, t, "un", JET_bitIndexUnversioned, "+b\0", 4, 0));
    CHECK_OK(JetCreateIndex(d.s, t, "shared", 0, "+b\0", 4, 0));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex(d.s, t, "shared", 0, "+b\0", 4, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_create_index_arrays) {
    /* data-ddl 7.2, 7.5 step 4, 10.1: JetCreateIndex2/3/4, several indexes need level 0 and DenyRead */
    struct db d = db_open("ia.edb");
    JET_TABLEID t = 0, u = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypLong, 0, &id));
    JET_INDEXCREATE_A x[3];
    x[0] = index1("x0", "+a\0", 4, 0);
    x[1] = index1("x1", "-b\0", 4, JET_bitIndexUnique);
    x[2] = index1("x2", "+a\0+b\0", 7, 0);
    /* no index: nothing done, NULL or not */
    CHECK_OK(JetCreateIndex2(d.s, t, NULL, 0));
    CHECK_OK(JetCreateIndex2(d.s, t, x, 0));
    CHECK_EQ(x[0].err, 12345);
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndex2(d.s, t, NULL, 2));
    /* several at level > 0, or without DenyRead */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_ERR(JET_errInTransaction, JetCreateIndex2(d.s, t, x, 3));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &u));
    CHECK_ERR(JET_errExclusiveTableLockRequired, JetCreateIndex2(d.s, u, x, 3));
    /* a wrong cbStruct in the array: nothing written back */
    x[1].cbStruct = 79;
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndex2(d.s, t, x, 3));
    CHECK_EQ(x[0].err, 12345);
    x[1].cbStruct = sizeof x[1];
    /* a failure in the batch creates none: x2 duplicates x0's name */
    x[2].szIndexName = "X0";
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex2(d.s, t, x, 3));
    CHECK_EQ(x[0].err, 0);
    CHECK_EQ(x[1].err, 0);
    CHECK_EQ(x[2].err, JET_errIndexDuplicate);
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(d.s, t, "x0"));
    /* a primary index is not accepted in a batch */
    x[2] = index1("x2", "+a\0", 4, JET_bitIndexPrimary);
    CHECK_ERR(JET_errInvalidGrbit, JetCreateIndex2(d.s, t, x, 3));
    CHECK_EQ(x[2].err, JET_errInvalidGrbit);
    x[2] = index1("x2", "+a\0+b\0", 7, 0);
    CHECK_OK(JetCreateIndex2(d.s, t, x, 3));
    CHECK_EQ(x[0].err, 0);
    CHECK_EQ(x[2].err, 0);
    CHECK_OK(JetDeleteIndex(d.s, t, "x1"));
    CHECK_OK(JetDeleteIndex(d.s, t, "x2"));
    /* one element through JetCreateIndex2 needs no DenyRead */
    CHECK_OK(JetCreateIndex2(d.s, u, &x[1], 1));
    CHECK_EQ(x[1].err, 0);
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex2(d.s, u, &x[1], 1));
    CHECK_EQ(x[1].err, JET_errIndexDuplicate);
    /* ImmutableStructure: err is not written */
    x[2].grbit = JET_bitIndexImmutableStructure;
    x[2].err = 7;
    CHECK_OK(JetCreateIndex2(d.s, u, &x[2], 1));
    CHECK_EQ(x[2].err, 7);
    CHECK_OK(JetCloseTable(d.s, u));
    /* JetCreateIndex3 (JET_INDEXCREATE2, 88 bytes, space hints) */
    JET_SPACEHINTS h;
    memset(&h, 0, sizeof h);
    h.cbStruct = sizeof h;
    h.ulInitialDensity = 19;
    JET_INDEXCREATE2_A y;
    memset(&y, 0, sizeof y);
    y.cbStruct = sizeof y;
    y.szIndexName = "y";
    y.szKey = "+b\0";
    y.cbKey = 4;
    y.pSpacehints = &h;
    CHECK_ERR(JET_errDensityInvalid, JetCreateIndex3A(d.s, t, &y, 1));
    CHECK_EQ(y.err, JET_errDensityInvalid);
    h.ulInitialDensity = 90;
    CHECK_OK(JetCreateIndex3A(d.s, t, &y, 1));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex3A(d.s, t, &y, 1));
    y.cbStruct = 80;
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndex3A(d.s, t, &y, 1));
    /* JetCreateIndex4 (JET_INDEXCREATE3) in W form, and the header's unsuffixed macro */
    const WCHAR zn[] = {'z', 0}, zk[] = {'+', 'a', 0, '-', 'b', 0, 0};
    JET_INDEXCREATE3_W z;
    memset(&z, 0, sizeof z);
    z.cbStruct = sizeof z;
    z.szIndexName = (WCHAR *)zn;
    z.szKey = (WCHAR *)zk;
    z.cbKey = sizeof zk;
    CHECK_OK(JetCreateIndex4W(d.s, t, &z, 1));
    CHECK_EQ(z.err, 0);
    JET_INDEXCREATE3_A za;
    memset(&za, 0, sizeof za);
    za.cbStruct = sizeof za;
    za.szIndexName = "Z";
    za.szKey = "+a\0";
    za.cbKey = 4;
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex4(d.s, t, &za, 1));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex4A(d.s, t, &za, 1));
    za.szIndexName = "z2";
    CHECK_OK(JetCreateIndex4A(d.s, t, &za, 1));
    y.cbStruct = sizeof y;
    y.szIndexName = "y3";
    CHECK_OK(JetCreateIndex3(d.s, t, &y, 1));
    /* W array of JetCreateIndex2 */
    const WCHAR vn[] = {'v', 0}, vk[] = {'+', 'b', 0, 0};
    JET_INDEXCREATE_W v;
    memset(&v, 0, sizeof v);
    v.cbStruct = sizeof v;
    v.szIndexName = (WCHAR *)vn;
    v.szKey = (WCHAR *)vk;
    v.cbKey = sizeof vk;
    CHECK_OK(JetCreateIndex2W(d.s, t, &v, 1));
    CHECK_OK(JetDeleteIndex(d.s, t, "V"));
    CHECK_OK(JetDeleteIndex(d.s, t, "y3"));
    CHECK_OK(JetDeleteIndex(d.s, t, "z2"));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_ddl_rolls_back) {
    /* data-ddl 10.1, 10.3; S-VER-03: each step undone by JetRollback */
    struct db d = db_open("rb.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "keep", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ikeep", 0, "+keep\0", 7, 0));
    /* added in a rolled-back level: gone */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(add(d.s, t, "temp", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "itemp", 0, "+temp\0", 7, 0));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "temp"));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(d.s, t, "itemp"));
    /* deleted in a rolled-back level: back */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetDeleteIndex(d.s, t, "ikeep"));
    CHECK_OK(JetDeleteColumn(d.s, t, "keep"));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "keep"));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "keep", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex(d.s, t, "ikeep", 0, "+keep\0", 7, 0));
    CHECK_ERR(JET_errColumnInUse, JetDeleteColumn(d.s, t, "keep"));
    /* nested: the inner commit hands the step to the outer level */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(add(d.s, t, "inner", JET_coltypLong, 0, &id));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "inner", JET_coltypLong, 0, &id));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "inner"));
    /* committed to level 0: kept */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(add(d.s, t, "durable", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "idurable", 0, "+durable\0", 10, 0));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "durable", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex(d.s, t, "idurable", 0, "+durable\0", 10, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_persists) {
    /* S-STO-01..03: columns, indexes, renames and deletions survive JetTerm */
    struct db d = db_open("p.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "gone", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ia", 0, "+a\0", 4, 0));
    CHECK_OK(JetCreateIndex(d.s, t, "igone", 0, "+b\0", 4, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_OK(JetRenameColumn(d.s, t, "b", "bee", 0));
    CHECK_OK(JetDeleteColumn(d.s, t, "gone"));
    CHECK_OK(JetDeleteIndex(d.s, t, "igone"));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetSetColumnDefaultValue(d.s, d.dbid, "T", "bee", &id, 4, 0));
    CHECK_OK(JetTerm(d.inst));
    JET_INSTANCE i = fixture_running("again", -1);
    JET_SESID s = fixture_session(i);
    JET_DBID dbid = 0;
    CHECK_OK(JetAttachDatabase(s, fixture_path("p.edb"), 0));
    CHECK_OK(JetOpenDatabase(s, fixture_path("p.edb"), NULL, &dbid, 0));
    CHECK_OK(JetOpenTable(s, dbid, "T", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_ERR(JET_errColumnDuplicate, add(s, t, "a", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errColumnDuplicate, add(s, t, "BEE", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errIndexDuplicate, JetCreateIndex(s, t, "ia", 0, "+a\0", 4, 0));
    CHECK_ERR(JET_errColumnInUse, JetDeleteColumn(s, t, "a"));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(s, t, "b"));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(s, t, "igone"));
    /* the ids already given stay given: a, b, gone were 1-3 */
    /* the default set before JetTerm is there: IndexEmpty refuses the column */
    CHECK_ERR(JET_errIndexInvalidDef,
              JetCreateIndex(s, t, "probe", JET_bitIndexEmpty | JET_bitIndexIgnoreAnyNull, "+bee\0", 6, 0));
    CHECK_OK(add(s, t, "gone", JET_coltypLong, 0, &id));
    CHECK_EQ(id, 4);
    CHECK_OK(JetDeleteColumn(s, t, "bee"));
    CHECK_OK(JetTerm(i));
}

TEST(schema_read_only_attachment) {
    /* data-ddl 6.2 step 2, 6.3 step 2, 7.5 step 5, 7.6 step 2, 12 item 12: -1809 */
    struct db d = db_open("ro.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "R", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "b", JET_coltypLong, 0, &id));
    CHECK_OK(JetCreateIndex(d.s, t, "ia", 0, "+a\0", 4, 0));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetCloseDatabase(d.s, d.dbid, 0));
    CHECK_OK(JetDetachDatabase(d.s, fixture_path("ro.edb")));
    CHECK_OK(JetAttachDatabase(d.s, fixture_path("ro.edb"), JET_bitDbReadOnly));
    CHECK_OK(JetOpenDatabase(d.s, fixture_path("ro.edb"), NULL, &d.dbid, JET_bitDbReadOnly));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "R", NULL, 0, 0, &t));
    CHECK_ERR(JET_errPermissionDenied, add(d.s, t, "c", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteColumn(d.s, t, "b"));
    CHECK_ERR(JET_errPermissionDenied, JetRenameColumn(d.s, t, "b", "c", 0));
    CHECK_ERR(JET_errPermissionDenied, JetCreateIndex(d.s, t, "ib", 0, "+b\0", 4, 0));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteIndex(d.s, t, "ia"));
    int32_t v = 1;
    CHECK_ERR(JET_errPermissionDenied, JetSetColumnDefaultValue(d.s, d.dbid, "R", "b", &v, 4, 0));
    CHECK_ERR(JET_errColumnInUse, JetSetColumnDefaultValue(d.s, d.dbid, "R", "a", &v, 4, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_wide_names) {
    /* S-NAM-01: W names are UTF-16 with a Windows-1252 form */
    struct db d = db_open("w.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    const WCHAR name[] = {'c', 'a', 'f', 0xE9, 0}, other[] = {'n', 'e', 'w', 0}, cjk[] = {0x4E2D, 0};
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, 0);
    CHECK_OK(JetAddColumnW(d.s, t, name, &c, NULL, 0, &id));
    CHECK_EQ(id, 1);
    CHECK_ERR(JET_errColumnDuplicate, JetAddColumnA(d.s, t, "caf\xc3\xa9", &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidName, JetAddColumnW(d.s, t, cjk, &c, NULL, 0, &id));
    CHECK_ERR(JET_errInvalidName, JetAddColumnW(d.s, t, cjk, NULL, NULL, 0, &id)); /* converted first */
    CHECK_ERR(JET_errInvalidName, JetDeleteColumnW(d.s, t, cjk));
    CHECK_OK(JetRenameColumnW(d.s, t, name, other, 0));
    CHECK_ERR(JET_errInvalidName, JetRenameColumnW(d.s, t, other, cjk, 0));
    CHECK_OK(JetRenameColumnA(d.s, t, "new", "caf\xc3\xa9", 0));
    CHECK_OK(JetDeleteColumn2W(d.s, t, name, 0));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumnA(d.s, t, "caf\xc3\xa9"));
    CHECK_OK(JetAddColumnA(d.s, t, "x", &c, NULL, 0, &id));
    CHECK_OK(JetDeleteColumn2A(d.s, t, "x", 0));
    CHECK_OK(JetAddColumnA(d.s, t, "x", &c, NULL, 0, &id));
    const WCHAR wx[] = {'x', 0};
    CHECK_OK(JetDeleteColumnW(d.s, t, wx));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_disk_full_changes_nothing) {
    /* S-STO-05, data-ddl 10.1: a DDL step that cannot be written leaves the schema as it was */
    REQUIRE_HOOKS();
    struct db d = db_open("full.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "a", JET_coltypLong, 0, &id));
    CHECK_OK(hook_failpoint("store.write@full.edb", "errno:28", 1000));
    id = 0;
    CHECK_ERR(JET_errDiskFull, add(d.s, t, "b", JET_coltypLong, 0, &id));
    CHECK_EQ(id, 0);
    CHECK_ERR(JET_errDiskFull, JetCreateIndex(d.s, t, "ia", 0, "+a\0", 4, 0));
    CHECK_ERR(JET_errDiskFull, JetDeleteColumn(d.s, t, "a"));
    CHECK_ERR(JET_errDiskFull, JetRenameColumn(d.s, t, "a", "z", 0));
    int32_t v = 5;
    CHECK_ERR(JET_errDiskFull, JetSetColumnDefaultValue(d.s, d.dbid, "T", "a", &v, 4, 0));
    CHECK_OK(hook_failpoint("store.write@full.edb", "errno:28", 0));
    CHECK_ERR(JET_errColumnNotFound, JetDeleteColumn(d.s, t, "b"));
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(d.s, t, "ia"));
    CHECK_ERR(JET_errColumnDuplicate, add(d.s, t, "A", JET_coltypLong, 0, &id));
    CHECK_ERR(JET_errColumnNotFound, JetRenameColumn(d.s, t, "z", "y", 0));
    /* no default was set: an IndexEmpty index over the column is allowed */
    CHECK_OK(JetCreateIndex(d.s, t, "ia", JET_bitIndexEmpty | JET_bitIndexIgnoreAnyNull, "+a\0", 4, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_column_limits_and_grbits) {
    /* data-ddl 2.3-2.5, 6.2 steps 10-12 and 17: class limits, the fixed area, escrow, version */
    struct db d = db_open("lim.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    char name[16];
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Many", 0, 0, &t));
    for (int i = 1; i <= 127; i++) {
        snprintf(name, sizeof name, "f%d", i);
        CHECK_OK(add(d.s, t, name, JET_coltypLong, 0, &id));
    }
    CHECK_EQ(id, 127);
    CHECK_ERR(JET_errTooManyColumns, add(d.s, t, "f128", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "v", JET_coltypBinary, 0, &id)); /* another class still has room */
    CHECK_EQ(id, 128);
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Wide", 0, 0, &t));
    JET_COLUMNDEF big = coldef(JET_coltypBinary, 255, JET_bitColumnFixed);
    JET_ERR err = 0;
    int n = 0;
    while (n < 100 && (err = JetAddColumn(d.s, t, (snprintf(name, sizeof name, "b%d", n), name), &big, NULL, 0, &id)) == 0)
        n++;
    CHECK_ERR(JET_errRecordTooBig, err);
    CHECK(n > 4 && n < 100);
    /* escrow, version */
    int32_t zero = 0;
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, JET_bitColumnEscrowUpdate | JET_bitColumnTagged);
    CHECK_ERR(JET_errCannotBeTagged, JetAddColumn(d.s, t, "esc", &c, &zero, 4, &id));
    c.grbit = JET_bitColumnEscrowUpdate;
    CHECK_ERR(JET_errInvalidGrbit, JetAddColumn(d.s, t, "esc", &c, NULL, 0, &id)); /* needs a default */
    CHECK_ERR(JET_errCannotBeTagged, add(d.s, t, "ver", JET_coltypLong, JET_bitColumnVersion | JET_bitColumnTagged, &id));
    CHECK_ERR(JET_errInvalidGrbit, add(d.s, t, "ver", JET_coltypShort, JET_bitColumnVersion, &id));
    CHECK_OK(add(d.s, t, "ver", JET_coltypLong, JET_bitColumnVersion, &id));
    CHECK_ERR(JET_errColumnRedundant, add(d.s, t, "ver2", JET_coltypLong, JET_bitColumnVersion, &id));
    CHECK_OK(JetCloseTable(d.s, t));
    /* an escrow column is fixed: none left in "Many" */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Many", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_ERR(JET_errTooManyColumns, JetAddColumn(d.s, t, "esc", &c, &zero, 4, &id));
    CHECK_OK(JetCloseTable(d.s, t));
    /* and needs DenyRead */
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Esc", 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Esc", NULL, 0, 0, &t));
    CHECK_ERR(JET_errExclusiveTableLockRequired, JetAddColumn(d.s, t, "esc", &c, &zero, 4, &id));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Esc", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_OK(JetAddColumn(d.s, t, "esc", &c, &zero, 4, &id));
    CHECK_EQ(id, 1);
    CHECK_OK(JetTerm(d.inst));
}

TEST(schema_index_definitions) {
    /* data-ddl 7.4: tuples, escrow and conditional columns, locales */
    struct db d = db_open("def.edb");
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    CHECK_OK(add(d.s, t, "n", JET_coltypLong, 0, &id));
    CHECK_OK(add(d.s, t, "s", JET_coltypText, 0, &id));
    CHECK_OK(add(d.s, t, "c", JET_coltypLong, 0, &id));
    int32_t zero = 0;
    JET_COLUMNDEF e = coldef(JET_coltypLong, 0, JET_bitColumnEscrowUpdate);
    CHECK_OK(JetAddColumn(d.s, t, "esc", &e, &zero, 4, &id));
    CHECK_ERR(JET_errCannotIndex, JetCreateIndex(d.s, t, "i", 0, "+esc\0", 6, 0));
    CHECK_ERR(JET_errIndexTuplesSecondaryIndexOnly,
              JetCreateIndex(d.s, t, "i", JET_bitIndexPrimary | JET_bitIndexTuples, "+s\0", 4, 0));
    CHECK_ERR(JET_errIndexTuplesNonUniqueOnly,
              JetCreateIndex(d.s, t, "i", JET_bitIndexUnique | JET_bitIndexTuples, "+s\0", 4, 0));
    CHECK_ERR(JET_errIndexTuplesTextBinaryColumnsOnly, JetCreateIndex(d.s, t, "i", JET_bitIndexTuples, "+n\0", 4, 0));
    CHECK_OK(JetCreateIndex(d.s, t, "tuples", JET_bitIndexTuples, "+s\0", 4, 0));
    /* conditional columns */
    JET_CONDITIONALCOLUMN_A cc;
    memset(&cc, 0, sizeof cc);
    cc.cbStruct = sizeof cc;
    cc.szColumnName = "c";
    cc.grbit = JET_bitIndexColumnMustBeNonNull;
    JET_INDEXCREATE_A x = index1("cond", "+n\0", 4, 0);
    x.rgconditionalcolumn = &cc;
    x.cConditionalColumn = 1;
    cc.cbStruct = 23;
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex2(d.s, t, &x, 1));
    cc.cbStruct = sizeof cc;
    cc.grbit = JET_bitIndexColumnMustBeNull | JET_bitIndexColumnMustBeNonNull;
    CHECK_ERR(JET_errInvalidGrbit, JetCreateIndex2(d.s, t, &x, 1));
    cc.grbit = JET_bitIndexColumnMustBeNonNull;
    cc.szColumnName = "zz";
    CHECK_ERR(JET_errColumnNotFound, JetCreateIndex2(d.s, t, &x, 1));
    cc.szColumnName = "c";
    x.grbit = JET_bitIndexPrimary;
    CHECK_ERR(JET_errIndexInvalidDef, JetCreateIndex2(d.s, t, &x, 1));
    x.grbit = 0;
    CHECK_OK(JetCreateIndex2(d.s, t, &x, 1));
    CHECK_ERR(JET_errColumnInUse, JetDeleteColumn(d.s, t, "c")); /* a conditional column is in use */
    /* locales: an unknown LCID, the Unicode bit without its struct */
    JET_INDEXCREATE_A y = index1("loc", "+s\0", 4, 0);
    y.lcid = 0x7777;
    CHECK_ERR(JET_errInvalidLanguageId, JetCreateIndex2(d.s, t, &y, 1));
    y.lcid = 0;
    y.grbit = JET_bitIndexUnicode;
    y.pidxunicode = NULL;
    CHECK_ERR(JET_errInvalidParameter, JetCreateIndex2(d.s, t, &y, 1));
    JET_UNICODEINDEX u = {1033, 0};
    y.pidxunicode = &u;
    CHECK_OK(JetCreateIndex2(d.s, t, &y, 1));
    CHECK_OK(JetTerm(d.inst));
}

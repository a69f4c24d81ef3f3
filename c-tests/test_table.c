/* Tables: create, open, close, delete (data-ddl §5, §10; S-THD-01, S-THD-02, S-NAM-01,
 * S-BAD-01). */
#include "check.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct db {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
};

static struct db db_open(const char *file) {
    struct db d;
    d.inst = fixture_running("tables", -1);
    d.s = fixture_session(d.inst);
    d.dbid = 0;
    CHECK_OK(JetCreateDatabase(d.s, fixture_path(file), NULL, &d.dbid, 0));
    return d;
}

TEST(table_create_open_close_delete) {
    /* data-ddl 5.2, 5.4-5.6 */
    struct db d = db_open("t.edb");
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Orders", 0, 0, &t));
    CHECK(t != 0 && t != JET_tableidNil);
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, t));
    /* Names are compared case-insensitively and stored without trailing spaces. */
    JET_TABLEID t2 = 0, t3 = 0;
    CHECK_OK(JetOpenTable(d.s, d.dbid, "ORDERS", NULL, 0, 0, &t2));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "orders  ", NULL, 0, JET_bitTableReadOnly, &t3));
    CHECK(t2 != t3);
    CHECK_ERR(JET_errTableDuplicate, JetCreateTable(d.s, d.dbid, "oRdErS", 0, 0, &t));
    CHECK_EQ(t, JET_tableidNil);
    /* Delete needs no cursor open on it at all, this session's included. */
    CHECK_ERR(JET_errTableInUse, JetDeleteTable(d.s, d.dbid, "Orders"));
    CHECK_OK(JetCloseTable(d.s, t2));
    CHECK_OK(JetCloseTable(d.s, t3));
    CHECK_OK(JetDeleteTable(d.s, d.dbid, "Orders"));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Orders", NULL, 0, 0, &t2));
    CHECK_EQ(t2, JET_tableidNil);
    CHECK_ERR(JET_errObjectNotFound, JetDeleteTable(d.s, d.dbid, "Orders"));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_codes) {
    /* data-ddl 5.2-5.6, 1.2; S-BAD-01 */
    struct db d = db_open("c.edb");
    JET_TABLEID t = 7;
    CHECK_ERR(JET_errInvalidSesid, JetCreateTable(0, d.dbid, "x", 0, 0, &t));
    CHECK_EQ(t, 7); /* a handle or dbid error leaves *ptableid alone */
    CHECK_ERR(JET_errInvalidDatabaseId, JetCreateTable(d.s, 5, "x", 0, 0, &t));
    CHECK_ERR(JET_errInvalidDatabaseId, JetCreateTable(d.s, 0, "x", 0, 0, &t));
    CHECK_EQ(t, 7);
    CHECK_ERR(JET_errInvalidName, JetCreateTable(d.s, d.dbid, NULL, 0, 0, &t));
    CHECK_EQ(t, JET_tableidNil);
    const char *bad[] = {"", " lead", "a.b", "a!b", "a[b", "a]b", "tab\tname", "\xff\xfe",
                         "12345678901234567890123456789012345678901234567890123456789012345"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_ERR(JET_errInvalidName, JetCreateTable(d.s, d.dbid, bad[i], 0, 0, &t));
    /* 64 characters is the limit; characters outside Windows-1252 are refused. */
    CHECK_OK(JetCreateTable(d.s, d.dbid, "1234567890123456789012345678901234567890123456789012345678901234", 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "caf\xc3\xa9", 0, 0, &t)); /* é exists in 1252 */
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidName, JetCreateTable(d.s, d.dbid, "\xe2\x82\xac\xe4\xb8\xad", 0, 0, &t)); /* 中 does not */
    CHECK_ERR(JET_errDensityInvalid, JetCreateTable(d.s, d.dbid, "dense", 0, 19, &t));
    CHECK_ERR(JET_errDensityInvalid, JetCreateTable(d.s, d.dbid, "dense", 0, 101, &t));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "dense", 0, 20, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidParameter, JetCreateTable(d.s, d.dbid, "nullout", 0, 0, NULL));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "nullout", NULL, 0, 0, &t));
    /* JetOpenTable's grbit rules. */
    CHECK_ERR(JET_errInvalidParameter, JetOpenTable(d.s, d.dbid, "dense", NULL, 0, 0, NULL));
    CHECK_ERR(JET_errInvalidGrbit, JetOpenTable(d.s, d.dbid, "dense", NULL, 0, JET_bitTablePermitDDL, &t));
    CHECK_ERR(JET_errInvalidGrbit,
              JetOpenTable(d.s, d.dbid, "dense", NULL, 0, JET_bitTableDenyRead | JET_bitTableReadOnly, &t));
    CHECK_ERR(JET_errInvalidGrbit,
              JetOpenTable(d.s, d.dbid, "dense", NULL, 0, JET_bitTableReadOnly | JET_bitTableUpdatable, &t));
    CHECK_ERR(JET_errInvalidGrbit, JetOpenTable(d.s, d.dbid, "dense", NULL, 0, 0x10000000, &t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "dense", "ignored", 7, JET_bitTableDenyRead | JET_bitTablePermitDDL, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidName, JetDeleteTable(d.s, d.dbid, NULL));
    CHECK_ERR(JET_errInvalidDatabaseId, JetDeleteTable(d.s, 3, "dense"));
    /* A read-only transaction changes nothing. */
    CHECK_OK(JetBeginTransaction2(d.s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransReadOnly, JetDeleteTable(d.s, d.dbid, "dense"));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_lock_matrix) {
    /* data-ddl 5.4: DenyRead, DenyWrite, Updatable between sessions */
    struct db d = db_open("locks.edb");
    JET_SESID o = fixture_session(d.inst);
    JET_DBID od = 0;
    CHECK_OK(JetOpenDatabase(o, fixture_path("locks.edb"), NULL, &od, 0));
    JET_TABLEID t = 0, u = 0, v = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "T", 0, 0, &t));
    /* The creating cursor holds DenyRead: another session's open is locked out. */
    CHECK_ERR(JET_errTableLocked, JetOpenTable(o, od, "T", NULL, 0, 0, &u));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, 0, &v)); /* the caller's own is fine */
    CHECK_OK(JetCloseTable(d.s, v));
    CHECK_OK(JetCloseTable(d.s, t));
    /* DenyRead while another session has any cursor open: in use. */
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, JET_bitTableReadOnly, &u));
    CHECK_ERR(JET_errTableInUse, JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyRead, &t));
    /* DenyWrite while another session has an updatable cursor: in use. */
    CHECK_OK(JetCloseTable(o, u));
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, 0, &u));
    CHECK_ERR(JET_errTableInUse, JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyWrite, &t));
    CHECK_OK(JetCloseTable(o, u));
    /* DenyWrite held: an explicit Updatable open of another session is locked out, a plain
     * or read-only one is not; a second DenyWrite (even the holder's) is in use. */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyWrite, &t));
    CHECK_ERR(JET_errTableLocked, JetOpenTable(o, od, "T", NULL, 0, JET_bitTableUpdatable, &u));
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, JET_bitTableReadOnly, &u));
    CHECK_ERR(JET_errTableInUse, JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyWrite, &v));
    CHECK_OK(JetCloseTable(o, u));
    CHECK_OK(JetCloseTable(d.s, t));
    /* Closing released everything. */
    CHECK_OK(JetOpenTable(o, od, "T", NULL, 0, JET_bitTableDenyRead, &u));
    /* And ending a session releases its cursors' locks (S-THD-02). */
    CHECK_OK(JetEndSession(o, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "T", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_cursor_handles) {
    /* S-THD-01 from C: forged, foreign and stale table ids */
    struct db d = db_open("h.edb");
    JET_SESID o = fixture_session(d.inst);
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "H", 0, 0, &t));
    CHECK_ERR(JET_errSesidTableIdMismatch, JetCloseTable(o, t));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, JET_tableidNil));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, t ^ 1));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, (JET_TABLEID)d.s));
    CHECK_ERR(JET_errInvalidSesid, JetCloseTable(0, t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(o, t));
    /* JetCloseDatabase's last close closes the session's cursors on that database. */
    CHECK_OK(JetOpenTable(d.s, d.dbid, "H", NULL, 0, 0, &t));
    CHECK_OK(JetCloseDatabase(d.s, d.dbid, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_ddl_rolls_back) {
    /* data-ddl 10.1, 10.3; S-THD-02, S-VER-03: a table created in a rolled-back level is gone
     * with its cursor closed; one deleted in a rolled-back level is back */
    struct db d = db_open("r.edb");
    JET_TABLEID t = 0, keep = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Kept", 0, 0, &keep));
    CHECK_OK(JetCloseTable(d.s, keep));
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Temp", 0, 0, &t));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, t));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Temp", NULL, 0, 0, &t));
    /* Nested: an inner commit hands the creation to the outer level, whose rollback undoes it. */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Inner", 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Inner", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetDeleteTable(d.s, d.dbid, "Kept"));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Kept", NULL, 0, 0, &t));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Inner", NULL, 0, 0, &t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Kept", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    /* Committed to level 0: for good. */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Durable", 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetDeleteTable(d.s, d.dbid, "Kept"));
    CHECK_OK(JetCommitTransaction(d.s, 0));
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetRollback(d.s, JET_bitRollbackAll));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Durable", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Kept", NULL, 0, 0, &t));
    /* JetEndSession rolls back too (S-TRX-04). */
    JET_SESID e = fixture_session(d.inst);
    JET_DBID ed = 0;
    CHECK_OK(JetOpenDatabase(e, fixture_path("r.edb"), NULL, &ed, 0));
    CHECK_OK(JetBeginTransaction(e));
    CHECK_OK(JetCreateTable(e, ed, "Ended", 0, 0, &t));
    CHECK_OK(JetEndSession(e, 0));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Ended", NULL, 0, 0, &t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_schema_persists) {
    /* S-STO-01..03: tables survive JetTerm and another process */
    struct db d = db_open("p.edb");
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "One", 0, 0, &t));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Two", 0, 0, &t));
    CHECK_OK(JetTerm(d.inst));
    pid_t pid = fork();
    if (pid == 0) {
        JET_INSTANCE i = 0;
        JET_SESID s = 0;
        JET_DBID dbid = 0;
        JET_TABLEID c = 0;
        int ok = JetCreateInstance(&i, "child") == 0 && JetInit(&i) == 0 && JetBeginSession(i, &s, NULL, NULL) == 0 &&
                 JetAttachDatabase(s, fixture_path("p.edb"), 0) == 0 &&
                 JetOpenDatabase(s, fixture_path("p.edb"), NULL, &dbid, 0) == 0 &&
                 JetOpenTable(s, dbid, "One", NULL, 0, 0, &c) == 0 && JetOpenTable(s, dbid, "Two", NULL, 0, 0, &c) == 0 &&
                 JetOpenTable(s, dbid, "Three", NULL, 0, 0, &c) == JET_errObjectNotFound && JetTerm(i) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(table_read_only_attachment) {
    /* data-ddl 4.3: no DDL on a read-only attachment (-1809); opens are not updatable */
    struct db d = db_open("ro.edb");
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "R", 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetCloseDatabase(d.s, d.dbid, 0));
    CHECK_OK(JetDetachDatabase(d.s, fixture_path("ro.edb")));
    CHECK_OK(JetAttachDatabase(d.s, fixture_path("ro.edb"), JET_bitDbReadOnly));
    CHECK_OK(JetOpenDatabase(d.s, fixture_path("ro.edb"), NULL, &d.dbid, JET_bitDbReadOnly));
    CHECK_ERR(JET_errPermissionDenied, JetCreateTable(d.s, d.dbid, "S", 0, 0, &t));
    CHECK_ERR(JET_errPermissionDenied, JetDeleteTable(d.s, d.dbid, "R"));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "R", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_wide_names) {
    /* S-NAM-01: W names are UTF-16; text without a Windows-1252 form is an invalid name */
    struct db d = db_open("w.edb");
    const WCHAR name[] = {'W', 'i', 'd', 'e', 0xE9, 0};
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTableW(d.s, d.dbid, name, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Wide\xc3\xa9", NULL, 0, 0, &t)); /* the same name in UTF-8 */
    CHECK_OK(JetCloseTable(d.s, t));
    const WCHAR lone[] = {'x', 0xD800, 0};
    const WCHAR cjk[] = {0x4E2D, 0};
    CHECK_ERR(JET_errInvalidName, JetOpenTableW(d.s, d.dbid, lone, NULL, 0, 0, &t));
    CHECK_ERR(JET_errInvalidName, JetCreateTableW(d.s, d.dbid, cjk, 0, 0, &t));
    CHECK_OK(JetDeleteTableW(d.s, d.dbid, name));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_rename) {
    /* data-ddl 5.7, 10.1 */
    struct db d = db_open("rn.edb");
    JET_TABLEID t = 0, u = 0;
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Old", 0, 0, &t));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Other", 0, 0, &u));
    CHECK_OK(JetCloseTable(d.s, u));
    /* Allowed with a cursor open. */
    CHECK_OK(JetRenameTable(d.s, d.dbid, "Old", "New"));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Old", NULL, 0, 0, &t));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "new", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errTableDuplicate, JetRenameTable(d.s, d.dbid, "New", "OTHER"));
    CHECK_ERR(JET_errObjectNotFound, JetRenameTable(d.s, d.dbid, "Missing", "X"));
    CHECK_ERR(JET_errInvalidParameter, JetRenameTable(d.s, d.dbid, NULL, "X"));
    CHECK_ERR(JET_errInvalidParameter, JetRenameTable(d.s, d.dbid, "New", NULL));
    CHECK_ERR(JET_errInvalidName, JetRenameTable(d.s, d.dbid, "New", "a.b"));
    CHECK_ERR(JET_errInvalidDatabaseId, JetRenameTable(d.s, 4, "New", "X"));
    /* Rolled back: the old name is back. */
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetRenameTable(d.s, d.dbid, "New", "Newer"));
    CHECK_OK(JetRollback(d.s, 0));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "New", NULL, 0, 0, &t));
    CHECK_OK(JetCloseTable(d.s, t));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Newer", NULL, 0, 0, &t));
    const WCHAR wnew[] = {'N', 'e', 'w', 0}, wlast[] = {'L', 'a', 's', 't', 0};
    CHECK_OK(JetRenameTableW(d.s, d.dbid, wnew, wlast));
    CHECK_OK(JetOpenTable(d.s, d.dbid, "Last", NULL, 0, 0, &t));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_create_column_index) {
    /* data-ddl 5.3: a table with columns and indexes in one call, all or nothing */
    struct db d = db_open("cci.edb");
    JET_COLUMNCREATE_A cols[3];
    memset(cols, 0, sizeof cols);
    const char *names[] = {"id", "title", "notes"};
    JET_COLTYP types[] = {JET_coltypLong, JET_coltypText, JET_coltypLongText};
    for (int i = 0; i < 3; i++) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = (char *)names[i];
        cols[i].coltyp = types[i];
        cols[i].columnid = 0xDEAD;
        cols[i].err = 99;
    }
    cols[0].grbit = JET_bitColumnAutoincrement;
    JET_INDEXCREATE_A idx[2];
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = (char *)"primary";
    idx[0].szKey = (char *)"+id\0";
    idx[0].cbKey = 5;
    idx[0].grbit = JET_bitIndexPrimary;
    idx[0].err = 99;
    idx[1] = idx[0];
    idx[1].szIndexName = (char *)"by_title";
    idx[1].szKey = (char *)"+title\0-id\0";
    idx[1].cbKey = 12;
    idx[1].grbit = 0;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"Books";
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    CHECK_OK(JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    CHECK(tc.tableid != 0 && tc.tableid != JET_tableidNil);
    CHECK_EQ(tc.cCreated, 1 + 3 + 2);
    for (int i = 0; i < 3; i++) CHECK_EQ(cols[i].err, 0);
    CHECK_EQ(cols[0].columnid, 1);   /* fixed: 1.. */
    CHECK_EQ(cols[1].columnid, 128); /* variable: 128.. */
    CHECK_EQ(cols[2].columnid, 256); /* tagged: 256.. */
    CHECK_EQ(idx[0].err, 0);
    CHECK_EQ(idx[1].err, 0);
    /* The cursor holds DenyRead for the creator. */
    JET_SESID o = fixture_session(d.inst);
    JET_DBID od = 0;
    JET_TABLEID u = 0;
    CHECK_OK(JetOpenDatabase(o, fixture_path("cci.edb"), NULL, &od, 0));
    CHECK_ERR(JET_errTableLocked, JetOpenTable(o, od, "Books", NULL, 0, 0, &u));
    CHECK_OK(JetCloseTable(d.s, tc.tableid));
    CHECK_OK(JetOpenTable(o, od, "Books", NULL, 0, 0, &u));
    CHECK_OK(JetCloseTable(o, u));
    /* A failing column: nothing remains, cCreated says how far it got, its err says why. */
    tc.szTableName = (char *)"Broken";
    cols[2].szColumnName = (char *)"ID"; /* the same column name as "id" */
    CHECK_ERR(JET_errColumnDuplicate, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    CHECK_EQ(tc.tableid, JET_tableidNil);
    CHECK_EQ(tc.cCreated, 1 + 2);
    CHECK_EQ(cols[2].err, JET_errColumnDuplicate);
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Broken", NULL, 0, 0, &u));
    cols[2].szColumnName = (char *)"notes";
    /* A second primary index. */
    idx[1].grbit = JET_bitIndexPrimary;
    CHECK_ERR(JET_errIndexHasPrimary, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    CHECK_EQ(idx[1].err, JET_errIndexHasPrimary);
    idx[1].grbit = 0;
    /* Bad struct sizes. */
    cols[1].cbStruct = 8;
    CHECK_ERR(JET_errInvalidParameter, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    cols[1].cbStruct = sizeof cols[1];
    idx[0].cbStruct = 12;
    CHECK_ERR(JET_errInvalidParameter, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    idx[0].cbStruct = sizeof idx[0];
    CHECK_ERR(JET_errInvalidParameter, JetCreateTableColumnIndex(d.s, d.dbid, NULL));
    JET_TABLECREATE2_A tc2;
    memset(&tc2, 0, sizeof tc2);
    tc2.cbStruct = sizeof tc2 + 4;
    tc2.szTableName = (char *)"V2";
    CHECK_ERR(JET_errInvalidParameter, JetCreateTableColumnIndex2(d.s, d.dbid, &tc2));
    tc2.cbStruct = sizeof tc2;
    CHECK_OK(JetCreateTableColumnIndex2(d.s, d.dbid, &tc2));
    CHECK_EQ(tc2.cCreated, 1);
    CHECK_OK(JetCloseTable(d.s, tc2.tableid));
    /* Indexes need this call's columns: NULL columns with indexes -> -1409. */
    tc.szTableName = (char *)"NoCols";
    tc.rgcolumncreate = NULL;
    tc.cColumns = 0;
    CHECK_ERR(JET_errInvalidCreateIndex, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    /* The schema persists: the same call again finds the table. */
    tc.szTableName = (char *)"Books";
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    CHECK_ERR(JET_errTableDuplicate, JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    /* Immutable structure: created and closed, nothing written back. */
    tc.szTableName = (char *)"Frozen";
    tc.grbit = JET_bitTableCreateImmutableStructure;
    tc.tableid = 12345;
    CHECK_OK(JetCreateTableColumnIndex(d.s, d.dbid, &tc));
    CHECK_EQ(tc.tableid, 12345);
    CHECK_OK(JetOpenTable(o, od, "Frozen", NULL, 0, 0, &u));
    CHECK_OK(JetTerm(d.inst));
}

TEST(table_undo_keeps_its_database_attached) {
    /* data-ddl 4.4 with 10.1: a database an open transaction may still undo DDL in is in use */
    struct db d = db_open("u.edb");
    JET_TABLEID t = 0;
    CHECK_OK(JetBeginTransaction(d.s));
    CHECK_OK(JetCreateTable(d.s, d.dbid, "Pending", 0, 0, &t));
    CHECK_OK(JetCloseDatabase(d.s, d.dbid, 0)); /* closes the cursor too */
    CHECK_ERR(JET_errInvalidTableId, JetCloseTable(d.s, t));
    CHECK_ERR(JET_errInTransaction, JetDetachDatabase(d.s, fixture_path("u.edb")));
    CHECK_OK(JetRollback(d.s, 0));
    JET_SESID o = fixture_session(d.inst);
    CHECK_OK(JetBeginTransaction(o));
    JET_DBID od = 0;
    CHECK_OK(JetOpenDatabase(o, fixture_path("u.edb"), NULL, &od, 0));
    CHECK_OK(JetCreateTable(o, od, "Other", 0, 0, &t));
    CHECK_OK(JetCloseDatabase(o, od, 0));
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(d.s, fixture_path("u.edb")));
    CHECK_OK(JetRollback(o, 0));
    CHECK_OK(JetDetachDatabase(d.s, fixture_path("u.edb")));
    CHECK_OK(JetAttachDatabase(d.s, fixture_path("u.edb"), 0));
    CHECK_OK(JetOpenDatabase(d.s, fixture_path("u.edb"), NULL, &d.dbid, 0));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Pending", NULL, 0, 0, &t));
    CHECK_ERR(JET_errObjectNotFound, JetOpenTable(d.s, d.dbid, "Other", NULL, 0, 0, &t));
    CHECK_OK(JetTerm(d.inst));
}

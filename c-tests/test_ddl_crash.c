/* DDL inside a transaction is crash-atomic (S-STO-03: after a crash no transaction is partly
 * present; data-records 9.5/9.6: a transaction that never committed is rolled back). A child
 * process makes DDL steps in a transaction and dies with abort() before the commit; then the
 * parent attaches the file and finds the schema as it was before the transaction. Committed
 * DDL, DDL outside a transaction (durable at once) and rolled-back DDL followed by more
 * committed DDL stay as they were left. No hooks are needed: the child really dies. */
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static JET_COLUMNDEF coldef(JET_COLTYP coltyp) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    return c;
}

static const char *db_path(void) {
    return fixture_path("ddl.edb");
}

/* A database with table "T": column "A" (Long, primary index "PK") and records A = 1, 2, 3. */
static void make_db(void) {
    JET_INSTANCE inst = fixture_running("ddlsetup", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID d = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID a;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    CHECK_OK(JetCreateDatabase(s, db_path(), NULL, &d, 0));
    CHECK_OK(JetCreateTable(s, d, "T", 0, 0, &t));
    CHECK_OK(JetAddColumn(s, t, "A", &def, NULL, 0, &a));
    CHECK_OK(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+A\0", 4, 100));
    for (int32_t v = 1; v <= 3; v++) {
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, a, &v, 4, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    CHECK_OK(JetTerm(inst));
}

/* A step of the child: returns 0, or the number of the call that failed (its exit code). */
typedef int (*child_step)(JET_SESID s, JET_DBID d);

/* Runs `step` in a child process on the attached file, which then dies with abort() (no
 * JetTerm, no detach: nothing is flushed or closed). */
static void crash_after(child_step step) {
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        JET_INSTANCE inst = 0;
        JET_SESID s = 0;
        JET_DBID d = 0;
        if (JetCreateInstance(&inst, "ddlchild") || JetInit(&inst) ||
            JetBeginSession(inst, &s, NULL, NULL) || JetAttachDatabase(s, db_path(), 0) ||
            JetOpenDatabase(s, db_path(), NULL, &d, 0))
            _exit(2);
        int r = step(s, d);
        if (r) _exit(10 + r);
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    if (!WIFSIGNALED(status)) fprintf(stderr, "child exited with %d\n", WEXITSTATUS(status));
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

/* Attaches the file in a new instance of this process. */
static JET_SESID attach(JET_INSTANCE *inst, JET_DBID *d) {
    *inst = fixture_running("ddlafter", -1);
    JET_SESID s = fixture_session(*inst);
    CHECK_OK(JetAttachDatabase(s, db_path(), 0));
    CHECK_OK(JetOpenDatabase(s, db_path(), NULL, d, 0));
    return s;
}

/* The records of "T" (opened now), as the sum of their A values, or -1 if none. */
static int32_t sum_of_t(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
    CHECK_OK(JetGetTableColumnInfo(s, t, "A", &def, sizeof def, JET_ColInfo));
    int32_t sum = 0, n = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t v = 0;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(s, t, def.columnid, &v, 4, &cb, 0, NULL));
        sum += v;
        n++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_OK(JetCloseTable(s, t));
    return n ? sum : -1;
}

/* JetOpenTable's result for `name` (the cursor closed again). */
static JET_ERR open_result(JET_SESID s, JET_DBID d, const char *name) {
    JET_TABLEID t = 0;
    JET_ERR e = JetOpenTable(s, d, name, NULL, 0, 0, &t);
    if (e == JET_errSuccess) CHECK_OK(JetCloseTable(s, t));
    return e;
}

/* JetGetTableColumnInfo's result for column `col` of "T". */
static JET_ERR column_result(JET_SESID s, JET_DBID d, const char *col) {
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
    JET_ERR e = JetGetTableColumnInfo(s, t, col, &def, sizeof def, JET_ColInfo);
    CHECK_OK(JetCloseTable(s, t));
    return e;
}

/* ---- the children's steps ---- */

static int create_table_with_records(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    JET_COLUMNID c;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    int32_t v = 7;
    if (JetBeginTransaction(s)) return 1;
    if (JetCreateTable(s, d, "X", 0, 0, &t)) return 2;
    if (JetAddColumn(s, t, "C", &def, NULL, 0, &c)) return 3;
    if (JetPrepareUpdate(s, t, JET_prepInsert) || JetSetColumn(s, t, c, &v, 4, 0, NULL) ||
        JetUpdate(s, t, NULL, 0, NULL))
        return 4;
    return 0;
}

static int delete_table(JET_SESID s, JET_DBID d) {
    if (JetBeginTransaction(s)) return 1;
    if (JetDeleteTable(s, d, "T")) return 2;
    return 0;
}

static int rename_table(JET_SESID s, JET_DBID d) {
    if (JetBeginTransaction(s)) return 1;
    if (JetRenameTable(s, d, "T", "U")) return 2;
    return 0;
}

static int add_column_and_index(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    JET_COLUMNID c;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    if (JetBeginTransaction(s)) return 1;
    if (JetOpenTable(s, d, "T", NULL, 0, JET_bitTableDenyRead, &t)) return 2;
    if (JetAddColumn(s, t, "B", &def, NULL, 0, &c)) return 3;
    if (JetCreateIndex(s, t, "IB", 0, "+B\0", 4, 100)) return 4;
    if (JetCreateIndex(s, t, "IA", 0, "-A\0", 4, 100)) return 5;
    return 0;
}

/* Nested: the inner level commits into the outer one, which never commits. */
static int nested_commit(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    if (JetBeginTransaction(s) || JetBeginTransaction(s)) return 1;
    if (JetCreateTable(s, d, "X", 0, 0, &t) || JetCloseTable(s, t)) return 2;
    if (JetDeleteTable(s, d, "T")) return 3;
    if (JetCommitTransaction(s, 0)) return 4;
    return 0;
}

static int committed_ddl(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    JET_COLUMNID c;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    if (JetBeginTransaction(s)) return 1;
    if (JetCreateTable(s, d, "X", 0, 0, &t)) return 2;
    if (JetAddColumn(s, t, "C", &def, NULL, 0, &c) || JetCloseTable(s, t)) return 3;
    if (JetDeleteTable(s, d, "T")) return 4;
    if (JetCommitTransaction(s, 0)) return 5;
    return 0;
}

/* A rolled-back step, then a step outside any transaction on the same table: the rollback must
 * leave no journal entry behind, or recovery would undo the later step too. */
static int rollback_then_level0(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0, x = 0;
    JET_COLUMNID c;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    if (JetOpenTable(s, d, "T", NULL, 0, 0, &t)) return 1;
    if (JetBeginTransaction(s)) return 2;
    if (JetAddColumn(s, t, "B", &def, NULL, 0, &c)) return 3;
    if (JetCreateTable(s, d, "X", 0, 0, &x) || JetCloseTable(s, x)) return 4;
    if (JetRollback(s, 0)) return 5;
    if (JetAddColumn(s, t, "C", &def, NULL, 0, &c)) return 6;
    /* a nested rollback inside a transaction that commits */
    if (JetBeginTransaction(s) || JetBeginTransaction(s)) return 7;
    if (JetAddColumn(s, t, "D", &def, NULL, 0, &c)) return 8;
    if (JetRollback(s, 0)) return 9;
    if (JetAddColumn(s, t, "E", &def, NULL, 0, &c)) return 10;
    if (JetCommitTransaction(s, 0)) return 11;
    return 0;
}

static int level0_ddl(JET_SESID s, JET_DBID d) {
    JET_TABLEID t = 0;
    JET_COLUMNID c;
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    if (JetCreateTable(s, d, "X", 0, 0, &t)) return 1;
    if (JetAddColumn(s, t, "C", &def, NULL, 0, &c) || JetCloseTable(s, t)) return 2;
    if (JetDeleteTable(s, d, "T")) return 3;
    return 0;
}

/* ---- the cases ---- */

TEST(ddlcrash_create_table_is_undone) {
    /* S-STO-03, data-records 9.5: a table made (and filled) in a transaction that never
     * committed is absent after the crash, and its name is free again */
    make_db();
    crash_after(create_table_with_records);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "X"));
    CHECK_EQ(6, sum_of_t(s, d));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(s, d, "X", 0, 0, &t));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_delete_table_is_undone) {
    /* S-STO-03: an uncommitted JetDeleteTable of a committed table: the table and its records
     * are back after the crash */
    make_db();
    crash_after(delete_table);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_EQ(6, sum_of_t(s, d));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_rename_table_is_undone) {
    /* S-STO-03: an uncommitted JetRenameTable */
    make_db();
    crash_after(rename_table);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "U"));
    CHECK_EQ(6, sum_of_t(s, d));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_add_column_and_index_are_undone) {
    /* S-STO-03: JetAddColumn and JetCreateIndex in a transaction, then a crash: neither is
     * there, and the table is usable (the same names can be made again, records inserted) */
    make_db();
    crash_after(add_column_and_index);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errColumnNotFound, column_result(s, d, "B"));
    JET_TABLEID t = 0;
    CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, JET_bitTableDenyRead, &t));
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(s, t, "IB"));
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(s, t, "IA"));
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    JET_COLUMNID b, a;
    CHECK_OK(JetAddColumn(s, t, "B", &def, NULL, 0, &b));
    CHECK_OK(JetCreateIndex(s, t, "IA", 0, "-A\0", 4, 100));
    CHECK_OK(JetGetTableColumnInfo(s, t, "A", &def, sizeof def, JET_ColInfo));
    a = def.columnid;
    int32_t v = 4;
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, a, &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
    /* the new descending index has every record, the biggest first */
    CHECK_OK(JetSetCurrentIndex(s, t, "IA"));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    uint32_t cb = 0;
    int32_t first = 0;
    CHECK_OK(JetRetrieveColumn(s, t, a, &first, 4, &cb, 0, NULL));
    CHECK_EQ(4, first);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_EQ(10, sum_of_t(s, d));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_nested_commit_is_undone) {
    /* data-records 9.6: a nested level's commit is not durable; the outer level never
     * committed, so both of its steps are undone */
    make_db();
    crash_after(nested_commit);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "X"));
    CHECK_EQ(6, sum_of_t(s, d));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_committed_ddl_stays) {
    /* S-STO-03: DDL of a committed transaction is all there after a crash */
    make_db();
    crash_after(committed_ddl);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "T"));
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    CHECK_OK(JetOpenTable(s, d, "X", NULL, 0, 0, &t));
    CHECK_OK(JetGetTableColumnInfo(s, t, "C", &def, sizeof def, JET_ColInfo));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_rollback_leaves_nothing_to_undo) {
    /* data-records 9.5: after a rollback (whole, and of a nested level) the later committed and
     * level-0 steps on the same table survive a crash and a second attach alike */
    make_db();
    crash_after(rollback_then_level0);
    for (int round = 0; round < 2; round++) {
        JET_INSTANCE inst;
        JET_DBID d = 0;
        JET_SESID s = attach(&inst, &d);
        CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "X"));
        CHECK_ERR(JET_errColumnNotFound, column_result(s, d, "B"));
        CHECK_OK(column_result(s, d, "C"));
        CHECK_ERR(JET_errColumnNotFound, column_result(s, d, "D"));
        CHECK_OK(column_result(s, d, "E"));
        CHECK_EQ(6, sum_of_t(s, d));
        CHECK_OK(JetTerm(inst));
    }
}

TEST(ddlcrash_level0_ddl_is_durable) {
    /* S-STO-02: DDL outside a transaction is durable when the call returns */
    make_db();
    crash_after(level0_ddl);
    JET_INSTANCE inst;
    JET_DBID d = 0;
    JET_SESID s = attach(&inst, &d);
    CHECK_ERR(JET_errObjectNotFound, open_result(s, d, "T"));
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    CHECK_OK(JetOpenTable(s, d, "X", NULL, 0, 0, &t));
    CHECK_OK(JetGetTableColumnInfo(s, t, "C", &def, sizeof def, JET_ColInfo));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetTerm(inst));
}

TEST(ddlcrash_read_only_attach_needs_recovery) {
    /* data-ddl 4.3 step 11: a file left with an unfinished transaction's DDL reports a dirty
     * shutdown and cannot be attached read-only (JET_errDatabaseInconsistent); a read-write
     * attach recovers it, and then it is clean and a read-only attach works */
    make_db();
    JET_DBINFOMISC misc;
    CHECK_OK(JetGetDatabaseFileInfo(db_path(), &misc, sizeof misc, JET_DbInfoMisc));
    CHECK_EQ(JET_dbstateCleanShutdown, misc.dbstate);
    crash_after(delete_table);
    /* data-ddl 4.8: the header says the file needs recovery */
    CHECK_OK(JetGetDatabaseFileInfo(db_path(), &misc, sizeof misc, JET_DbInfoMisc));
    CHECK_EQ(JET_dbstateDirtyShutdown, misc.dbstate);
    JET_INSTANCE inst = fixture_running("ddlro", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_ERR(JET_errDatabaseInconsistent, JetAttachDatabase(s, db_path(), JET_bitDbReadOnly));
    CHECK_OK(JetAttachDatabase(s, db_path(), 0));
    CHECK_OK(JetDetachDatabase(s, db_path()));
    CHECK_OK(JetGetDatabaseFileInfo(db_path(), &misc, sizeof misc, JET_DbInfoMisc));
    CHECK_EQ(JET_dbstateCleanShutdown, misc.dbstate);
    CHECK_OK(JetAttachDatabase(s, db_path(), JET_bitDbReadOnly));
    JET_DBID d = 0;
    CHECK_OK(JetOpenDatabase(s, db_path(), NULL, &d, JET_bitDbReadOnly));
    CHECK_EQ(6, sum_of_t(s, d));
    CHECK_OK(JetTerm(inst));
}

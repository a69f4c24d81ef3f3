/* The harness's warm-up (ESENT_TEST_WARMUP=1, which the memcheck run of `make test` sets).
 *
 * Under valgrind most of a short case's time goes to translating the library's code the first
 * time it runs, and every case runs in a fresh fork of the harness, so each case translated
 * the same code again. When asked, the harness runs this once in its own process before it
 * forks the cases: the translations are inherited by every fork, and memcheck's run of the
 * whole harness takes about half the CPU time. The cases themselves, and what memcheck checks
 * in them, are unchanged.
 *
 * It goes through the common paths (an instance, a database, a table with columns of most
 * types, primary, secondary and unique indexes, inserts, replaces and deletes in transactions,
 * moves, seeks, index ranges, retrievals, a rollback, a sort in a temporary table, a column
 * list) and leaves nothing behind: its instance is ended, its files removed, its memory freed.
 * A case that needs a process in which the library never ran is declared with TEST_FRESH and
 * runs before the warm-up. */
#include "check.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int warm_failed;

static void warm_call(const char *what, JET_ERR err) {
    if (err < 0) {
        printf("warm-up: %s returned %d %s\n", what, (int)err, check_code_name(err));
        warm_failed = 1;
    }
}

#define W(expr) warm_call(#expr, (expr))

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static JET_COLUMNID add_column(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.grbit = grbit;
    if (coltyp == JET_coltypText || coltyp == JET_coltypLongText) c.cp = 1252;
    JET_COLUMNID id = 0;
    W(JetAddColumn(s, t, name, &c, NULL, 0, &id));
    return id;
}

static void set(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, const void *v, uint32_t cb, JET_GRBIT grbit) {
    W(JetSetColumn(s, t, c, v, cb, grbit, NULL));
}

static void warm_up(void) {
    char dir[64] = "/tmp/esent-warm-XXXXXX", path[128];
    if (!mkdtemp(dir)) {
        perror("warm-up: mkdtemp");
        exit(2);
    }
    char sys[80];
    snprintf(sys, sizeof sys, "%s/", dir);
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    W(JetCreateInstance(&inst, "harness-warm-up"));
    W(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, sys));
    W(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, sys));
    W(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, sys));
    W(JetInit(&inst));
    W(JetBeginSession(inst, &s, NULL, NULL));
    snprintf(path, sizeof path, "%s/warm.edb", dir);
    W(JetCreateDatabase(s, path, NULL, &db, 0));
    W(JetBeginTransaction(s));
    W(JetCreateTable(s, db, "T", 0, 0, &t));
    JET_COLUMNID id = add_column(s, t, "Id", JET_coltypLong, JET_bitColumnNotNULL);
    JET_COLUMNID name = add_column(s, t, "Name", JET_coltypText, 0);
    JET_COLUMNID big = add_column(s, t, "Big", JET_coltypLongBinary, 0);
    JET_COLUMNID tags = add_column(s, t, "Tags", JET_coltypLongText, JET_bitColumnTagged | JET_bitColumnMultiValued);
    JET_COLUMNID when = add_column(s, t, "When", JET_coltypDateTime, 0);
    JET_COLUMNID cur = add_column(s, t, "Cur", JET_coltypCurrency, 0);
    JET_COLUMNID bin = add_column(s, t, "Bin", JET_coltypBinary, 0);
    JET_COLUMNID auto_id = add_column(s, t, "Auto", JET_coltypLong, JET_bitColumnAutoincrement);
    (void)auto_id;
    W(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+Id\0", sizeof "+Id\0", 100));
    W(JetCreateIndex(s, t, "ByName", 0, "+Name\0-Id\0", sizeof "+Name\0-Id\0", 100));
    W(JetCreateIndex(s, t, "ByTag", JET_bitIndexIgnoreAnyNull, "+Tags\0", sizeof "+Tags\0", 100));
    W(JetCreateIndex(s, t, "ByBin", JET_bitIndexUnique | JET_bitIndexIgnoreNull, "+Bin\0", sizeof "+Bin\0", 100));
    W(JetCommitTransaction(s, 0));

    char blob[3000];
    memset(blob, 'b', sizeof blob);
    for (int32_t i = 0; i < 40; i++) {
        char text[32];
        snprintf(text, sizeof text, "name %02d", (int)(i % 7));
        double dt = 40000.5 + i;
        int64_t money = (int64_t)i * 10000;
        uint32_t b = (uint32_t)i * 2654435761u;
        W(JetBeginTransaction(s));
        W(JetPrepareUpdate(s, t, JET_prepInsert));
        set(s, t, id, &i, sizeof i, 0);
        set(s, t, name, text, (uint32_t)strlen(text), 0);
        set(s, t, big, blob, i % 2 ? sizeof blob : 100, 0);
        set(s, t, tags, "red", 3, 0);
        set(s, t, tags, "blue", 4, 0);
        set(s, t, when, &dt, sizeof dt, 0);
        set(s, t, cur, &money, sizeof money, 0);
        set(s, t, bin, &b, sizeof b, 0);
        W(JetUpdate(s, t, NULL, 0, NULL));
        W(JetCommitTransaction(s, i % 3 ? JET_bitCommitLazyFlush : 0));
    }

    /* Reads: a scan with JetRetrieveColumns, seeks, a range, the secondary indexes. */
    int32_t got = 0;
    char text[64];
    uint32_t cb = 0;
    JET_RETRIEVECOLUMN rc[2];
    memset(rc, 0, sizeof rc);
    rc[0].columnid = id;
    rc[0].pvData = &got;
    rc[0].cbData = sizeof got;
    rc[0].itagSequence = 1;
    rc[1].columnid = name;
    rc[1].pvData = text;
    rc[1].cbData = sizeof text;
    rc[1].itagSequence = 1;
    for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, t, JET_MoveNext, 0))
        W(JetRetrieveColumns(s, t, rc, 2));
    for (int32_t k = 0; k < 40; k += 5) {
        W(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
        W(JetSeek(s, t, JET_bitSeekEQ));
        W(JetRetrieveColumn(s, t, big, blob, sizeof blob, &cb, 0, NULL));
    }
    int32_t lo = 10, hi = 20;
    W(JetMakeKey(s, t, &lo, sizeof lo, JET_bitNewKey));
    W(JetSeek(s, t, JET_bitSeekGE));
    W(JetMakeKey(s, t, &hi, sizeof hi, JET_bitNewKey));
    W(JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    while (JetMove(s, t, JET_MoveNext, 0) == JET_errSuccess) W(JetRetrieveColumn(s, t, id, &got, sizeof got, &cb, 0, NULL));
    W(JetSetCurrentIndex(s, t, "ByName"));
    W(JetMakeKey(s, t, "name 03", 7, JET_bitNewKey));
    W(JetSeek(s, t, JET_bitSeekGE));
    JET_RETINFO second;
    memset(&second, 0, sizeof second);
    second.cbStruct = sizeof second;
    second.itagSequence = 2;
    W(JetRetrieveColumn(s, t, tags, text, sizeof text, &cb, 0, &second));
    uint32_t count = 0;
    W(JetIndexRecordCount(s, t, &count, 0));
    W(JetSetCurrentIndex(s, t, "ByTag"));
    W(JetMove(s, t, JET_MoveLast, 0));
    W(JetSetCurrentIndex(s, t, NULL));

    /* Writes: a replace, a delete, and a transaction rolled back. */
    W(JetBeginTransaction(s));
    W(JetMove(s, t, JET_MoveFirst, 0));
    W(JetPrepareUpdate(s, t, JET_prepReplace));
    set(s, t, name, "renamed", 7, 0);
    set(s, t, big, blob, 2000, JET_bitSetAppendLV);
    W(JetUpdate(s, t, NULL, 0, NULL));
    W(JetMove(s, t, JET_MoveNext, 0));
    W(JetDelete(s, t));
    W(JetCommitTransaction(s, 0));
    W(JetBeginTransaction(s));
    W(JetMove(s, t, JET_MoveLast, 0));
    W(JetDelete(s, t));
    W(JetRollback(s, 0));

    /* A column list and a sort. */
    JET_COLUMNLIST list;
    memset(&list, 0, sizeof list);
    W(JetGetTableColumnInfo(s, t, NULL, &list, sizeof list, JET_ColInfoList));
    while (JetMove(s, list.tableid, JET_MoveNext, 0) == JET_errSuccess)
        W(JetRetrieveColumn(s, list.tableid, list.columnidcolumnname, text, sizeof text, &cb, 0, NULL));
    W(JetCloseTable(s, list.tableid));
    JET_COLUMNDEF sortcol;
    memset(&sortcol, 0, sizeof sortcol);
    sortcol.cbStruct = sizeof sortcol;
    sortcol.coltyp = JET_coltypLong;
    sortcol.grbit = JET_bitColumnTTKey;
    JET_TABLEID sort = 0;
    JET_COLUMNID sortid = 0;
    W(JetOpenTempTable(s, &sortcol, 1, JET_bitTTUnique, &sort, &sortid));
    for (int32_t i = 0; i < 50; i++) {
        int32_t v = (i * 37) % 41;
        W(JetPrepareUpdate(s, sort, JET_prepInsert));
        set(s, sort, sortid, &v, sizeof v, 0);
        JET_ERR e = JetUpdate(s, sort, NULL, 0, NULL);
        if (e != JET_errKeyDuplicate) W(e);
    }
    for (JET_ERR e = JetMove(s, sort, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s, sort, JET_MoveNext, 0))
        W(JetRetrieveColumn(s, sort, sortid, &got, sizeof got, &cb, 0, NULL));
    W(JetCloseTable(s, sort));

    W(JetCloseTable(s, t));
    W(JetCloseDatabase(s, db, 0));
    W(JetDetachDatabase(s, path));
    W(JetEndSession(s, 0));
    W(JetTerm(inst));
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (warm_failed) {
        printf("warm-up failed: the harness stops (run without ESENT_TEST_WARMUP to see the cases)\n");
        exit(2);
    }
}

__attribute__((constructor)) static void register_warm_up(void) { check_register_warm_up(warm_up); }

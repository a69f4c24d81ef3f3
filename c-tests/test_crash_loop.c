/* The crash loop (S-STO-02, S-STO-03; data-records 9.5, 9.6): a child process runs a workload
 * of two sessions taking turns (inserts with long values, a replace and a delete per
 * transaction, plain and lazy commits, and DDL in every other transaction), reporting each
 * commit's return on a pipe, and is ended inside the store by a failpoint that aborts the
 * process at its Nth write or Nth sync (N random), so the crash lands inside commits and DDL
 * steps as well as between them. After each crash the database must attach cleanly and hold
 * exactly the state of transactions 0..L for one L (no transaction partial, commits in order),
 * with L at least the last reported durable commit, every long value whole, every index
 * agreeing with the records, and the schema exactly what transactions 0..L made of it.
 *
 * The DDL (data-ddl 5.2, 5.6, 6.2, 6.3, 7.5, 7.6), all inside the workload's transactions:
 * DDL step m is made by transaction 2m+1 and is, by m % 6,
 *   0  JetCreateTable N<m> + JetAddColumn K, V + a primary index + 3 records + JetCreateIndex
 *      ByV on the now populated table (a table with its columns, records and indexes at once);
 *   1  JetAddColumn C<m> (tagged) on T, set on the transaction's own inserts;
 *   2  JetCreateIndex I<m> on C<m-1> (IgnoreAnyNull) on the populated T;
 *   3  JetDeleteIndex I<m-1>;
 *   4  JetDeleteColumn C<m-3> (its index is gone by then);
 *   5  JetDeleteTable N<m-5>.
 *
 * ESENT_CRASH_ROUNDS sets the rounds (default 20, 3 under valgrind; `make soak` runs 200). */
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int under_valgrind(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* Transaction n inserts keys 3n, 3n+1, 3n+2 (Txn = n, Blob = blob(n, k)); replaces record
 * 3(n-1) with Upd = n; deletes record 3(n-2)+2. Every third commit is lazy. */
static int lazy(int32_t n) { return n % 3 == 1; }
static uint32_t blob_len(int32_t n, int k) { return (n + k) % 4 == 0 ? 9000 : 20 + (uint32_t)k; }
static void blob_fill(int32_t n, int k, unsigned char *b, uint32_t len) {
    for (uint32_t i = 0; i < len; i++) b[i] = (unsigned char)(n * 13 + k * 7 + i);
}

/* ---- the DDL schedule ---- */
enum { DDL_NEW_TABLE, DDL_ADD_COLUMN, DDL_CREATE_INDEX, DDL_DELETE_INDEX, DDL_DELETE_COLUMN, DDL_DELETE_TABLE };
/* The transaction that makes DDL step m; the step transaction n makes (-1: none). */
static int32_t ddl_txn(int32_t m) { return 2 * m + 1; }
static int32_t ddl_step(int32_t n) { return n % 2 == 1 ? (n - 1) / 2 : -1; }
/* The API calls a step makes (for the figures). */
static int ddl_calls(int32_t m) { return m % 6 == DDL_NEW_TABLE ? 5 : 1; }
/* Whether, after transactions 0..last, the object made by step m (m % 6 = 0, 1, 2) exists: it
 * is deleted by step m+5, m+3, m+1 respectively. */
static int ddl_exists(int32_t m, int32_t last) {
    static const int32_t life[3] = {5, 3, 1};
    return m % 6 < 3 && ddl_txn(m) <= last && last < ddl_txn(m + life[m % 6]);
}
static void table_name(char *b, size_t n, int32_t m) { snprintf(b, n, "N%d", (int)m); }
static void column_name(char *b, size_t n, int32_t m) { snprintf(b, n, "C%d", (int)m); }
static void index_name(char *b, size_t n, int32_t m) { snprintf(b, n, "I%d", (int)m); }
/* A key string "+name\0\0" and its length. */
static unsigned long key_of(char *b, size_t n, const char *sign, const char *col) {
    int len = snprintf(b, n - 1, "%s%s", sign, col);
    b[len + 1] = 0;
    return (unsigned long)len + 2;
}
/* V of record K = k of table N<m> */
static int32_t new_table_v(int32_t m, int32_t k) { return m * 10 + k; }

static JET_COLUMNDEF coldef(JET_COLTYP coltyp, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.grbit = grbit;
    return c;
}

struct cols {
    JET_COLUMNID id, txn, upd, blob;
};

static int find_cols(JET_SESID s, JET_TABLEID t, struct cols *c) {
    JET_COLUMNDEF d;
    const char *names[4] = {"Id", "Txn", "Upd", "Blob"};
    JET_COLUMNID *out[4] = {&c->id, &c->txn, &c->upd, &c->blob};
    for (int i = 0; i < 4; i++) {
        if (JetGetTableColumnInfo(s, t, names[i], &d, sizeof d, JET_ColInfo)) return -1;
        *out[i] = d.columnid;
    }
    return 0;
}

static int seek_id(JET_SESID s, JET_TABLEID t, int32_t id) {
    if (JetMakeKey(s, t, &id, 4, JET_bitNewKey)) return -1;
    return JetSeek(s, t, JET_bitSeekEQ);
}

static int insert2(JET_SESID s, JET_TABLEID t, JET_COLUMNID a, int32_t va, JET_COLUMNID b, int32_t vb) {
    return JetPrepareUpdate(s, t, JET_prepInsert) || JetSetColumn(s, t, a, &va, 4, 0, NULL) ||
           JetSetColumn(s, t, b, &vb, 4, 0, NULL) || JetUpdate(s, t, NULL, 0, NULL);
}

/* DDL step m after the transaction's records (all but DDL_ADD_COLUMN, which comes first):
 * 0 or the number of the call that failed. */
static int ddl_after(JET_SESID s, JET_DBID d, JET_TABLEID t, int32_t m) {
    char name[32], key[40];
    switch (m % 6) {
    case DDL_NEW_TABLE: {
        JET_TABLEID nt = 0;
        JET_COLUMNID k, v;
        JET_COLUMNDEF def = coldef(JET_coltypLong, 0);
        table_name(name, sizeof name, m);
        if (JetCreateTable(s, d, name, 0, 0, &nt)) return 1;
        if (JetAddColumn(s, nt, "K", &def, NULL, 0, &k) || JetAddColumn(s, nt, "V", &def, NULL, 0, &v)) return 2;
        if (JetCreateIndex(s, nt, "PK", JET_bitIndexPrimary, "+K\0", 4, 100)) return 3;
        for (int32_t i = 0; i < 3; i++)
            if (insert2(s, nt, k, i, v, new_table_v(m, i))) return 4;
        if (JetCreateIndex(s, nt, "ByV", 0, "-V\0", 4, 100)) return 5;
        if (JetCloseTable(s, nt)) return 6;
        return 0;
    }
    case DDL_CREATE_INDEX: {
        char col[32];
        column_name(col, sizeof col, m - 1);
        index_name(name, sizeof name, m);
        unsigned long cb = key_of(key, sizeof key, "+", col);
        return JetCreateIndex(s, t, name, JET_bitIndexIgnoreAnyNull, key, cb, 100) ? 7 : 0;
    }
    case DDL_DELETE_INDEX:
        index_name(name, sizeof name, m - 1);
        return JetDeleteIndex(s, t, name) ? 8 : 0;
    case DDL_DELETE_COLUMN:
        column_name(name, sizeof name, m - 3);
        return JetDeleteColumn(s, t, name) ? 9 : 0;
    case DDL_DELETE_TABLE:
        table_name(name, sizeof name, m - 5);
        return JetDeleteTable(s, d, name) ? 10 : 0;
    default:
        return 0;
    }
}

/* What the child reports on the pipe: transaction n begins its DDL calls, calls
 * JetCommitTransaction, or has it returned. */
enum { AT_DDL, AT_COMMIT, COMMITTED };
struct report {
    int32_t n, at;
};
static void report(int fd, int32_t n, int32_t at) {
    struct report r = {n, at};
    if (write(fd, &r, sizeof r) != sizeof r) _exit(10);
}

/* The child: transactions first, first+1, ... until the failpoint ends it. Never returns. */
static void workload(const char *path, int fd, int32_t first, const char *point, uint32_t after) {
    JET_INSTANCE inst = 0;
    JET_SESID s[2] = {0, 0};
    JET_TABLEID t[2] = {0, 0};
    JET_DBID d[2] = {0, 0};
    struct cols c;
    static unsigned char b[9000];
    if (JetCreateInstance(&inst, "crashloop") || JetInit(&inst)) _exit(3);
    for (int i = 0; i < 2; i++) {
        if (JetBeginSession(inst, &s[i], NULL, NULL)) _exit(3);
        if (i == 0 && JetAttachDatabase(s[0], path, 0)) _exit(3);
        if (JetOpenDatabase(s[i], path, NULL, &d[i], 0) || JetOpenTable(s[i], d[i], "T", NULL, 0, 0, &t[i]))
            _exit(3);
    }
    if (find_cols(s[0], t[0], &c)) _exit(4);
    char action[64];
    snprintf(action, sizeof action, "after:%u:kill", after);
    if (hook_failpoint(point, action, 1)) _exit(4);
    for (int32_t n = first;; n++) {
        JET_SESID x = s[n % 2];
        JET_TABLEID y = t[n % 2];
        int32_t m = ddl_step(n);
        JET_COLUMNID added = 0;
        if (JetBeginTransaction(x)) _exit(5);
        if (m >= 0 && m % 6 == DDL_ADD_COLUMN) {
            char name[32];
            JET_COLUMNDEF def = coldef(JET_coltypLong, JET_bitColumnTagged);
            column_name(name, sizeof name, m);
            if (JetAddColumn(x, y, name, &def, NULL, 0, &added)) _exit(11);
        }
        for (int k = 0; k < 3; k++) {
            int32_t key = n * 3 + k;
            uint32_t len = blob_len(n, k);
            blob_fill(n, k, b, len);
            if (JetPrepareUpdate(x, y, JET_prepInsert) || JetSetColumn(x, y, c.id, &key, 4, 0, NULL) ||
                JetSetColumn(x, y, c.txn, &n, 4, 0, NULL) || JetSetColumn(x, y, c.blob, b, len, 0, NULL) ||
                (added && JetSetColumn(x, y, added, &n, 4, 0, NULL)) || JetUpdate(x, y, NULL, 0, NULL))
                _exit(6);
        }
        if (n >= 1) {
            if (seek_id(x, y, 3 * (n - 1)) || JetPrepareUpdate(x, y, JET_prepReplace) ||
                JetSetColumn(x, y, c.upd, &n, 4, 0, NULL) || JetUpdate(x, y, NULL, 0, NULL))
                _exit(7);
        }
        if (n >= 2) {
            if (seek_id(x, y, 3 * (n - 2) + 2) || JetDelete(x, y)) _exit(8);
        }
        if (m >= 0) {
            report(fd, n, AT_DDL);
            int r = ddl_after(x, d[n % 2], y, m);
            if (r) _exit(20 + r);
        }
        report(fd, n, AT_COMMIT);
        if (JetCommitTransaction(x, lazy(n) ? JET_bitCommitLazyFlush : 0)) _exit(9);
        report(fd, n, COMMITTED);
    }
}

/* Walks index `ix` (NULL: the current one) from the first entry: the records met must be
 * exactly want[0..count) (values of column `col`), in that order. */
static int index_is(JET_SESID s, JET_TABLEID t, const char *ix, JET_COLUMNID col, const int32_t *want, long count) {
    if (ix && JetSetCurrentIndex(s, t, ix)) return 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    long i = 0;
    for (; e == JET_errSuccess; i++) {
        int32_t v = 0;
        uint32_t cb = 0;
        if (i >= count || JetRetrieveColumn(s, t, col, &v, 4, &cb, 0, NULL) || v != want[i]) return 0;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    return e == JET_errNoCurrentRecord && i == count;
}

/* The schema checks of DDL steps 0..M (every step any transaction up to last+1 could have
 * made): each object is there exactly when transactions 0..last made and did not delete it;
 * a table N is whole (columns, both indexes, its records in both index orders). */
static int schema_is(JET_SESID s, JET_DBID d, JET_TABLEID t, int32_t last, const int32_t *ids, long nids,
                     int32_t *scratch, const char **why) {
    int32_t most = (last + 2) / 2 + 6;
    for (int32_t m = 0; m <= most; m++) {
        char name[32];
        int want = ddl_exists(m, last);
        switch (m % 6) {
        case DDL_NEW_TABLE: {
            JET_TABLEID nt = 0;
            table_name(name, sizeof name, m);
            JET_ERR e = JetOpenTable(s, d, name, NULL, 0, 0, &nt);
            if (!want) {
                if (e == JET_errSuccess) JetCloseTable(s, nt);
                if (e != JET_errObjectNotFound) return *why = "a table that should not be there", 0;
                break;
            }
            if (e) return *why = "a table is missing", 0;
            JET_COLUMNDEF k, v;
            int ok = !JetGetTableColumnInfo(s, nt, "K", &k, sizeof k, JET_ColInfo) &&
                     !JetGetTableColumnInfo(s, nt, "V", &v, sizeof v, JET_ColInfo);
            int32_t pk[3] = {0, 1, 2}, byv[3] = {new_table_v(m, 2), new_table_v(m, 1), new_table_v(m, 0)};
            if (!ok) *why = "a new table's column";
            if (ok && !index_is(s, nt, "PK", k.columnid, pk, 3)) ok = 0, *why = "a new table's primary index";
            if (ok && !index_is(s, nt, "ByV", v.columnid, byv, 3)) ok = 0, *why = "a new table's index ByV";
            JetCloseTable(s, nt);
            if (!ok) return 0;
            break;
        }
        case DDL_ADD_COLUMN: {
            JET_COLUMNDEF def;
            column_name(name, sizeof name, m);
            JET_ERR e = JetGetTableColumnInfo(s, t, name, &def, sizeof def, JET_ColInfo);
            if (e != (want ? JET_errSuccess : JET_errColumnNotFound))
                return *why = want ? "an added column is missing" : "a column that should not be there", 0;
            if (!want) break;
            /* set exactly on the records of the transaction that added it */
            int32_t by = ddl_txn(m);
            for (long i = 0; i < nids; i++) {
                int32_t v = -1;
                uint32_t cb = 0;
                if (seek_id(s, t, ids[i])) return *why = "a record (added column)", 0;
                JET_ERR r = JetRetrieveColumn(s, t, def.columnid, &v, 4, &cb, 0, NULL);
                if (ids[i] / 3 == by ? (r || v != by) : r != JET_wrnColumnNull)
                    return *why = "the added column's values", 0;
            }
            break;
        }
        case DDL_CREATE_INDEX: {
            index_name(name, sizeof name, m);
            JET_ERR e = JetSetCurrentIndex(s, t, name);
            if (e != (want ? JET_errSuccess : JET_errIndexNotFound))
                return *why = want ? "a created index is missing" : "an index that should not be there", 0;
            if (!want) break;
            /* it indexes the records that have C<m-1>: those of its transaction */
            long n = 0;
            for (long i = 0; i < nids; i++)
                if (ids[i] / 3 == ddl_txn(m - 1)) scratch[n++] = ids[i];
            struct cols c;
            if (find_cols(s, t, &c) || !index_is(s, t, NULL, c.id, scratch, n))
                return *why = "a created index disagrees with the records", 0;
            if (JetSetCurrentIndex(s, t, NULL)) return *why = "back to the primary index", 0;
            break;
        }
        default:
            break;
        }
    }
    return 1;
}

/* Whether the database holds exactly the state after transactions 0..last. */
static int state_is(JET_SESID s, JET_DBID d, int32_t last, const char **why) {
    JET_TABLEID t = 0;
    struct cols c;
    static unsigned char b[9000], want[9000];
    int ok = 1;
    if (JetOpenTable(s, d, "T", NULL, 0, 0, &t) || find_cols(s, t, &c)) {
        *why = "open";
        return 0;
    }
    long cap = 3L * (last + 2);
    int32_t *ids = malloc(sizeof *ids * (size_t)cap), *scratch = malloc(sizeof *ids * (size_t)cap);
    long expected = 0;
    for (int32_t j = 0; j <= last && ok; j++) {
        for (int k = 0; k < 3 && ok; k++) {
            int32_t key = 3 * j + k;
            int present = !(k == 2 && j + 2 <= last);
            JET_ERR e = seek_id(s, t, key);
            if (!present) {
                if (e != JET_errRecordNotFound) ok = 0, *why = "a deleted record is there";
                continue;
            }
            ids[expected++] = key;
            if (e != JET_errSuccess) {
                ok = 0, *why = "a record is missing";
                break;
            }
            int32_t v = -1;
            uint32_t cb = 0;
            JET_ERR r = JetRetrieveColumn(s, t, c.txn, &v, 4, &cb, 0, NULL);
            if (r || v != j) ok = 0, *why = "Txn";
            r = JetRetrieveColumn(s, t, c.upd, &v, 4, &cb, 0, NULL);
            if (k == 0 && j + 1 <= last ? (r || v != j + 1) : r != JET_wrnColumnNull) ok = 0, *why = "Upd";
            uint32_t len = blob_len(j, k);
            blob_fill(j, k, want, len);
            r = JetRetrieveColumn(s, t, c.blob, b, sizeof b, &cb, 0, NULL);
            if (r || cb != len || memcmp(b, want, len) != 0) ok = 0, *why = "a long value";
        }
    }
    /* nothing beyond: no record of a later transaction */
    if (ok && seek_id(s, t, 3 * (last + 1)) != JET_errRecordNotFound) ok = 0, *why = "a later transaction's record";
    /* both indexes hold exactly the records, in key order (ByTxn: Txn = Id / 3, then the
     * primary key) */
    if (ok && !index_is(s, t, NULL, c.id, ids, expected)) ok = 0, *why = "the primary index";
    if (ok && !index_is(s, t, "ByTxn", c.id, ids, expected)) ok = 0, *why = "the secondary index";
    if (ok && JetSetCurrentIndex(s, t, NULL)) ok = 0, *why = "back to the primary index";
    if (ok) ok = schema_is(s, d, t, last, ids, expected, scratch, why);
    free(ids);
    free(scratch);
    JetCloseTable(s, t);
    return ok;
}

static void crash_loop(int rounds) {
    char path[512];
    snprintf(path, sizeof path, "%s", fixture_path("crash2.edb"));
    {
        JET_INSTANCE inst = fixture_running("crashloop0", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        JET_COLUMNID col;
        JET_COLUMNDEF def = coldef(JET_coltypLong, 0);
        CHECK_OK(JetCreateDatabase(s, path, NULL, &d, 0));
        CHECK_OK(JetCreateTable(s, d, "T", 0, 0, &t));
        CHECK_OK(JetAddColumn(s, t, "Id", &def, NULL, 0, &col));
        CHECK_OK(JetAddColumn(s, t, "Txn", &def, NULL, 0, &col));
        CHECK_OK(JetAddColumn(s, t, "Upd", &def, NULL, 0, &col));
        def.coltyp = JET_coltypLongBinary;
        CHECK_OK(JetAddColumn(s, t, "Blob", &def, NULL, 0, &col));
        CHECK_OK(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
        CHECK_OK(JetCreateIndex(s, t, "ByTxn", 0, "+Txn\0", 6, 100));
        CHECK_OK(JetTerm(inst));
    }
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    const char *env = getenv("ESENT_CRASH_SEED");
    if (env && *env) seed = (unsigned)strtoul(env, NULL, 10);
    printf("    seed %u (ESENT_CRASH_SEED replays the crash points), %d rounds\n", seed, rounds);
    srand(seed);
    int32_t next = 0;
    int bad = 0, in_commit = 0, in_ddl_commit = 0, in_ddl_calls = 0, in_commit_calls = 0;
    for (int r = 0; r < rounds; r++) {
        int on_sync = r % 2;
        const char *point = on_sync ? "store.sync@crash2.edb" : "store.write@crash2.edb";
        uint32_t after = (uint32_t)(on_sync ? rand() % 12 : rand() % 120);
        int fds[2];
        CHECK(pipe(fds) == 0);
        fflush(NULL);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            workload(path, fds[1], next, point, after);
        }
        close(fds[1]);
        int32_t durable = next - 1, reported = next - 1;
        struct report rep = {next - 1, COMMITTED};
        while (read(fds[0], &rep, sizeof rep) == sizeof rep) {
            if (rep.at != COMMITTED) continue;
            reported = rep.n;
            if (!lazy(rep.n)) durable = rep.n;
        }
        /* where the crash came: in the DDL calls (data-records 9.5: a transaction that never
         * committed is undone, its DDL too), in JetCommitTransaction, or elsewhere */
        if (rep.at == AT_DDL) in_ddl_calls++;
        if (rep.at == AT_COMMIT) in_commit_calls++;
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        /* the child ends only by the failpoint's abort (an exit code says what failed first) */
        if (!WIFSIGNALED(status)) printf("    round %d: the child exited with %d\n", r, WEXITSTATUS(status));
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);

        JET_INSTANCE inst = fixture_running("crashloop1", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        CHECK_OK(JetAttachDatabase(s, path, 0));
        CHECK_OK(JetOpenDatabase(s, path, NULL, &d, 0));
        /* L: the last transaction present (found by its inserted keys) */
        int32_t last = next - 1;
        {
            JET_TABLEID t = 0;
            CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
            while (seek_id(s, t, 3 * (last + 1) + 1) == JET_errSuccess) last++;
            CHECK_OK(JetCloseTable(s, t));
        }
        const char *why = "";
        int ok = state_is(s, d, last, &why);
        if (!ok || last < durable || last > reported + 1) {
            printf("    round %d (%s after %u): last %d, durable %d, reported %d: %s\n", r, point, after, last,
                   durable, reported, ok ? "order" : why);
            bad++;
        }
        if (last > reported) {
            in_commit++; /* the crash came after the commit reached the file */
            if (ddl_step(last) >= 0) in_ddl_commit++;
        }
        CHECK_OK(JetTerm(inst));
        next = last + 1;
    }
    int ddl_steps = 0, calls = 0;
    for (int32_t m = 0; ddl_txn(m) < next; m++) ddl_steps++, calls += ddl_calls(m);
    printf("    %d rounds, %d transactions (%d with DDL: %d DDL calls); crashes: %d in a transaction's DDL calls, "
           "%d in JetCommitTransaction, of which %d after the commit reached the file (%d of them a DDL "
           "transaction's); %d lost or partial\n",
           rounds, next, ddl_steps, calls, in_ddl_calls, in_commit_calls, in_commit, in_ddl_commit, bad);
    CHECK_EQ(bad, 0);
    CHECK(next > 0);
}

TEST(crash_loop_kills_inside_commits) {
    /* S-STO-02 S-STO-03: durable commits survive, lazy ones form a prefix, nothing is partial
     * (data nor DDL), indexes agree with records, the schema is the prefix's, after crashes at
     * the Nth write or sync of the store */
    REQUIRE_HOOKS();
    const char *env = getenv("ESENT_CRASH_ROUNDS");
    int rounds = env && atoi(env) > 0 ? atoi(env) : under_valgrind() ? 3 : 20;
    crash_loop(rounds);
}

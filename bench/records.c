/* bench/records.c: the records benchmark of `make bench`. The same work on libesent, LMDB and
 * SQLite, in one process, on one file system:
 *
 *   insert   N records (a 4-byte integer key and a 100-byte value) in transactions of 1,000,
 *            each commit durable (libesent: JetCommitTransaction 0; LMDB: mdb_txn_commit with
 *            sync; SQLite: COMMIT in WAL mode with synchronous=FULL);
 *   lookup   N point reads by key in random order (libesent: JetGotoBookmark on the
 *            primary key + JetRetrieveColumn; LMDB: mdb_get; SQLite: a prepared SELECT by
 *            INTEGER PRIMARY KEY);
 *   scan     every record in key order (JetMove next + JetRetrieveColumn; mdb_cursor_get
 *            NEXT; a SELECT over the table).
 *
 * Reported in ns per record, with ratios to LMDB and SQLite. Nothing is asserted but the
 * return codes. */
#define _GNU_SOURCE
#include <esent.h>
#include <lmdb.h>
#include <sqlite3.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 100000
#define BATCH 1000
#define VALUE 100

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, long code) {
    fprintf(stderr, "records bench: %s failed: %ld\n", what, code);
    exit(1);
}

#define J(call)                                   \
    do {                                          \
        JET_ERR e_ = (call);                      \
        if (e_ < 0) die(#call, e_);               \
    } while (0)

static int32_t order[N];

static void shuffle(void) {
    for (int i = 0; i < N; i++) order[i] = i;
    unsigned s = 12345;
    for (int i = N - 1; i > 0; i--) {
        s = s * 1103515245u + 12345u;
        int j = (int)(s % (unsigned)(i + 1));
        int32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

static void value_of(int32_t k, unsigned char *v) {
    for (int i = 0; i < VALUE; i++) v[i] = (unsigned char)(k + i);
}

struct times {
    double insert, lookup, scan;
};

static struct times run_esent(const char *dir) {
    struct times t;
    char path[512];
    snprintf(path, sizeof path, "%s/esent.edb", dir);
    JET_INSTANCE inst = 0;
    J(JetCreateInstance(&inst, "bench"));
    J(JetInit(&inst));
    JET_SESID s = 0;
    J(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = 0;
    J(JetCreateDatabase(s, path, NULL, &db, 0));
    JET_TABLEID tab = 0;
    J(JetCreateTable(s, db, "T", 0, 100, &tab));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    JET_COLUMNID ckey = 0, cval = 0;
    J(JetAddColumn(s, tab, "k", &c, NULL, 0, &ckey));
    c.coltyp = JET_coltypBinary;
    c.cbMax = 255;
    J(JetAddColumn(s, tab, "v", &c, NULL, 0, &cval));
    J(JetCreateIndex(s, tab, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    J(JetCloseTable(s, tab));
    J(JetOpenTable(s, db, "T", NULL, 0, 0, &tab));
    unsigned char v[VALUE];
    double t0 = now();
    for (int i = 0; i < N; i += BATCH) {
        J(JetBeginTransaction(s));
        for (int k = i; k < i + BATCH; k++) {
            value_of(k, v);
            J(JetPrepareUpdate(s, tab, JET_prepInsert));
            J(JetSetColumn(s, tab, ckey, &k, 4, 0, NULL));
            J(JetSetColumn(s, tab, cval, v, VALUE, 0, NULL));
            J(JetUpdate(s, tab, NULL, 0, NULL));
        }
        J(JetCommitTransaction(s, 0));
    }
    t.insert = (now() - t0) / N * 1e9;
    t0 = now();
    unsigned char bm[5] = {0x7F, 0, 0, 0, 0};
    uint32_t cb = 0;
    long sum = 0;
    for (int i = 0; i < N; i++) {
        uint32_t k = (uint32_t)order[i] ^ 0x80000000u;
        bm[1] = (unsigned char)(k >> 24), bm[2] = (unsigned char)(k >> 16), bm[3] = (unsigned char)(k >> 8),
        bm[4] = (unsigned char)k;
        J(JetGotoBookmark(s, tab, bm, sizeof bm));
        J(JetRetrieveColumn(s, tab, cval, v, VALUE, &cb, 0, NULL));
        sum += v[0];
    }
    t.lookup = (now() - t0) / N * 1e9;
    t0 = now();
    long n = 0;
    JET_ERR e = JetMove(s, tab, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        J(JetRetrieveColumn(s, tab, cval, v, VALUE, &cb, 0, NULL));
        sum += v[0];
        n++;
        e = JetMove(s, tab, JET_MoveNext, 0);
    }
    if (n != N) die("esent scan count", n);
    t.scan = (now() - t0) / N * 1e9;
    J(JetTerm(inst));
    if (sum == 42) printf(" ");
    return t;
}

static struct times run_lmdb(const char *dir) {
    struct times t;
    MDB_env *env;
    if (mdb_env_create(&env)) die("mdb_env_create", 0);
    mdb_env_set_mapsize(env, (size_t)1 << 30);
    char path[512];
    snprintf(path, sizeof path, "%s/lmdb", dir);
    mkdir(path, 0700);
    int rc = mdb_env_open(env, path, 0, 0600);
    if (rc) die("mdb_env_open", rc);
    MDB_txn *txn;
    MDB_dbi dbi;
    mdb_txn_begin(env, NULL, 0, &txn);
    mdb_dbi_open(txn, NULL, MDB_INTEGERKEY, &dbi);
    mdb_txn_commit(txn);
    unsigned char v[VALUE];
    double t0 = now();
    for (int i = 0; i < N; i += BATCH) {
        if ((rc = mdb_txn_begin(env, NULL, 0, &txn))) die("mdb_txn_begin", rc);
        for (int k = i; k < i + BATCH; k++) {
            value_of(k, v);
            uint32_t key = (uint32_t)k;
            MDB_val mk = {sizeof key, &key}, mv = {VALUE, v};
            if ((rc = mdb_put(txn, dbi, &mk, &mv, 0))) die("mdb_put", rc);
        }
        if ((rc = mdb_txn_commit(txn))) die("mdb_txn_commit", rc);
    }
    t.insert = (now() - t0) / N * 1e9;
    long sum = 0;
    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
    t0 = now();
    for (int i = 0; i < N; i++) {
        uint32_t key = (uint32_t)order[i];
        MDB_val mk = {sizeof key, &key}, mv;
        if ((rc = mdb_get(txn, dbi, &mk, &mv))) die("mdb_get", rc);
        memcpy(v, mv.mv_data, VALUE);
        sum += v[0];
    }
    t.lookup = (now() - t0) / N * 1e9;
    t0 = now();
    MDB_cursor *cur;
    mdb_cursor_open(txn, dbi, &cur);
    MDB_val mk, mv;
    long n = 0;
    rc = mdb_cursor_get(cur, &mk, &mv, MDB_FIRST);
    while (rc == 0) {
        memcpy(v, mv.mv_data, VALUE);
        sum += v[0];
        n++;
        rc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT);
    }
    if (n != N) die("lmdb scan count", n);
    t.scan = (now() - t0) / N * 1e9;
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    if (sum == 42) printf(" ");
    return t;
}

#define S(call)                                              \
    do {                                                     \
        int rc_ = (call);                                    \
        if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) die(#call, rc_); \
    } while (0)

static struct times run_sqlite(const char *dir) {
    struct times t;
    char path[512];
    snprintf(path, sizeof path, "%s/sqlite.db", dir);
    sqlite3 *db;
    S(sqlite3_open(path, &db));
    S(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)", NULL, NULL, NULL));
    sqlite3_stmt *ins, *get, *all;
    S(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?)", -1, &ins, NULL));
    S(sqlite3_prepare_v2(db, "SELECT v FROM t WHERE k = ?", -1, &get, NULL));
    S(sqlite3_prepare_v2(db, "SELECT v FROM t ORDER BY k", -1, &all, NULL));
    unsigned char v[VALUE];
    double t0 = now();
    for (int i = 0; i < N; i += BATCH) {
        S(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
        for (int k = i; k < i + BATCH; k++) {
            value_of(k, v);
            sqlite3_bind_int(ins, 1, k);
            sqlite3_bind_blob(ins, 2, v, VALUE, SQLITE_STATIC);
            S(sqlite3_step(ins));
            sqlite3_reset(ins);
        }
        S(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
    }
    t.insert = (now() - t0) / N * 1e9;
    long sum = 0;
    t0 = now();
    for (int i = 0; i < N; i++) {
        sqlite3_bind_int(get, 1, order[i]);
        if (sqlite3_step(get) != SQLITE_ROW) die("sqlite get", order[i]);
        memcpy(v, sqlite3_column_blob(get, 0), VALUE);
        sum += v[0];
        sqlite3_reset(get);
    }
    t.lookup = (now() - t0) / N * 1e9;
    t0 = now();
    long n = 0;
    while (sqlite3_step(all) == SQLITE_ROW) {
        memcpy(v, sqlite3_column_blob(all, 0), VALUE);
        sum += v[0];
        n++;
    }
    if (n != N) die("sqlite scan count", n);
    t.scan = (now() - t0) / N * 1e9;
    sqlite3_finalize(ins);
    sqlite3_finalize(get);
    sqlite3_finalize(all);
    sqlite3_close(db);
    if (sum == 42) printf(" ");
    return t;
}

/* ---- durable commits from several threads (group commit) -------------------------------- */

struct committer {
    JET_INSTANCE inst;
    const char *path;
    int id, n;
};

static void *commit_thread(void *arg) {
    struct committer *c = arg;
    JET_SESID s = 0;
    JET_DBID d = 0;
    JET_TABLEID t = 0;
    J(JetBeginSession(c->inst, &s, NULL, NULL));
    J(JetOpenDatabase(s, c->path, NULL, &d, 0));
    J(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
    unsigned char v[VALUE];
    for (int i = 0; i < c->n; i++) {
        int32_t k = c->id * 1000000 + i;
        value_of(k, v);
        J(JetBeginTransaction(s));
        J(JetPrepareUpdate(s, t, JET_prepInsert));
        J(JetSetColumn(s, t, 1, &k, 4, 0, NULL));
        J(JetSetColumn(s, t, 128, v, VALUE, 0, NULL));
        J(JetUpdate(s, t, NULL, 0, NULL));
        J(JetCommitTransaction(s, 0));
    }
    J(JetEndSession(s, 0));
    return NULL;
}

/* Durable single-insert transactions per second with `threads` sessions on as many threads. */
static double commits_per_second(const char *dir, int threads) {
    char path[512];
    snprintf(path, sizeof path, "%s/group%d.edb", dir, threads);
    JET_INSTANCE inst = 0;
    J(JetCreateInstance(&inst, "group"));
    J(JetInit(&inst));
    JET_SESID s = 0;
    J(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = 0;
    J(JetCreateDatabase(s, path, NULL, &db, 0));
    JET_TABLEID tab = 0;
    J(JetCreateTable(s, db, "T", 0, 100, &tab));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    J(JetAddColumn(s, tab, "k", &c, NULL, 0, &id));
    c.coltyp = JET_coltypBinary;
    c.cbMax = 255;
    J(JetAddColumn(s, tab, "v", &c, NULL, 0, &id));
    J(JetCreateIndex(s, tab, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    J(JetCloseTable(s, tab));
    enum { PER_THREAD = 300 };
    pthread_t th[8];
    struct committer cs[8];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        cs[i] = (struct committer){inst, path, i + 1, PER_THREAD};
        pthread_create(&th[i], NULL, commit_thread, &cs[i]);
    }
    for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
    double rate = threads * PER_THREAD / (now() - t0);
    J(JetTerm(inst));
    return rate;
}

int main(int argc, char **argv) {
    const char *base = argc > 1 ? argv[1] : "/tmp";
    char dir[512];
    snprintf(dir, sizeof dir, "%s/esent-records-XXXXXX", base);
    if (!mkdtemp(dir)) die("mkdtemp", 0);
    shuffle();
    struct times e = run_esent(dir), l = run_lmdb(dir), q = run_sqlite(dir);
    printf("records: N=%d, %d-byte values, durable commits of %d\n", N, VALUE, BATCH);
    printf("%-8s %12s %12s %12s %10s %10s\n", "op", "libesent ns", "LMDB ns", "SQLite ns", "/LMDB", "/SQLite");
    printf("%-8s %12.0f %12.0f %12.0f %10.2f %10.2f\n", "insert", e.insert, l.insert, q.insert, e.insert / l.insert,
           e.insert / q.insert);
    printf("%-8s %12.0f %12.0f %12.0f %10.2f %10.2f\n", "lookup", e.lookup, l.lookup, q.lookup, e.lookup / l.lookup,
           e.lookup / q.lookup);
    printf("%-8s %12.0f %12.0f %12.0f %10.2f %10.2f\n", "scan", e.scan, l.scan, q.scan, e.scan / l.scan,
           e.scan / q.scan);
    double one = commits_per_second(dir, 1);
    printf("durable commits/s (one insert each): 1 thread %.0f", one);
    for (int t = 2; t <= 8; t *= 2) {
        double r = commits_per_second(dir, t);
        printf(", %d threads %.0f (x%.2f)", t, r, r / one);
    }
    printf("\n");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return 0;
}

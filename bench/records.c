/* bench/records.c: the data-layer benchmark of `make bench`. The same workloads on libesent
 * (through the JET API), SQLite (a table with an INTEGER PRIMARY KEY, a TEXT column with a
 * secondary index and a BLOB column, WAL mode) and LMDB (one tree for the records, one for the
 * secondary index kept by hand), each engine in its own child process (so that its peak RSS is
 * its own), on fresh directories under the directory given (a real disk, not tmpfs).
 *
 * Records: an 8-byte integer key, a 16-byte text name (unique, derived from the key) and a
 * 100-byte blob (also derived from the key). N = 200,000 unless `-n N`.
 *
 *   a   insert N in transactions of 1,000, lazy commit (libesent JET_bitCommitLazyFlush, SQLite
 *       synchronous=NORMAL, LMDB MDB_NOSYNC), one flush at the end; keys ascending (a) and,
 *       into a second database, shuffled (a')
 *   b   2,000 single-insert transactions, each commit durable (SQLite synchronous=FULL)
 *   c   N point lookups by primary key in random order, retrieving the blob
 *   d   a full scan in key order retrieving all three columns
 *   e   N/10 lookups through the secondary index on the name (key and blob retrieved)
 *   f   1,000 range scans of 1,000 consecutive keys from random starts
 *   g   N/10 random blob updates in transactions of 100 (lazy, one flush at the end)
 *   h   libesent: (c) on 2 threads with a session each, against 1 thread, beside the machine's
 *       own two-thread ceiling (the same CPU-bound loop on 1 and 2 threads)
 *   i   libesent: (c) at 10^6 records against 10^4 records
 *
 * Every workload checks its results (each lookup finds its record with the right bytes, scans
 * count what they should); a wrong result fails the bench. Times are ns per operation (per
 * record for a, d; per transaction for b; per lookup for c, e; per range for f; per update for
 * g). The last line prints the ratios the project's targets are stated in. */
#define _GNU_SOURCE
#include <esent.h>
#include <lmdb.h>
#include <sqlite3.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 1000
#define BLOB 100
#define NAME 16
#define DURABLE 2000
#define RANGES 1000
#define RANGE 1000
#define UPD_BATCH 100

static long N = 200000;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, long code) {
    fprintf(stderr, "records bench: %s failed: %ld\n", what, code);
    exit(1);
}

static void wrong(const char *what, long k) {
    fprintf(stderr, "records bench: wrong result: %s (key %ld)\n", what, k);
    exit(1);
}

#define J(call)                                   \
    do {                                          \
        JET_ERR e_ = (call);                      \
        if (e_ < 0) die(#call, e_);               \
    } while (0)

/* ---- the data ------------------------------------------------------------------------------ */

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t *shuffled(long n, uint64_t seed) {
    int64_t *o = malloc(sizeof *o * (size_t)n);
    if (!o) die("malloc", 0);
    for (long i = 0; i < n; i++) o[i] = i;
    rng_state = seed;
    for (long i = n - 1; i > 0; i--) {
        long j = (long)(rnd() % (uint64_t)(i + 1));
        int64_t t = o[i];
        o[i] = o[j];
        o[j] = t;
    }
    return o;
}

static void name_of(int64_t k, char *n) {
    char b[NAME + 1];
    snprintf(b, sizeof b, "name%012lld", (long long)k);
    memcpy(n, b, NAME);
}

/* `gen` 0 for the inserted blob, >0 after an update of (g). */
static void blob_of(int64_t k, int gen, unsigned char *v) {
    for (int i = 0; i < BLOB; i++) v[i] = (unsigned char)(k * 7 + i + gen * 31);
}

static void check_blob(const unsigned char *v, int64_t k, int gen, const char *what) {
    unsigned char want[BLOB];
    blob_of(k, gen, want);
    if (memcmp(v, want, BLOB) != 0) wrong(what, (long)k);
}

/* The lookup orders, the range starts and the updated keys: the same for every engine. */
static int64_t *look;   /* N keys, random order */
static int64_t *byname; /* N/10 keys */
static int64_t *starts; /* RANGES starts in [0, N - RANGE] */
static int64_t *upd;    /* N/10 distinct keys */

struct res {
    double a, a2, b, c, d, e, f, g;
    double h1, h2, ceiling, i4, i6; /* libesent only */
    long size;                      /* bytes of the database after (a) */
    long rss_kb;                    /* peak RSS of the engine's process */
};

static long file_size(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : 0;
}

/* ---- libesent ------------------------------------------------------------------------------ */

struct ecols {
    JET_COLUMNID k, name, blob;
};

static void esent_schema(JET_SESID s, JET_DBID db, struct ecols *c) {
    JET_TABLEID t = 0;
    J(JetCreateTable(s, db, "T", 0, 100, &t));
    JET_COLUMNDEF d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLongLong;
    J(JetAddColumn(s, t, "k", &d, NULL, 0, &c->k));
    d.coltyp = JET_coltypText;
    d.cbMax = NAME;
    d.cp = 1252;
    J(JetAddColumn(s, t, "name", &d, NULL, 0, &c->name));
    d.coltyp = JET_coltypLongBinary;
    d.cbMax = 0;
    d.cp = 0;
    J(JetAddColumn(s, t, "blob", &d, NULL, 0, &c->blob));
    J(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    J(JetCreateIndex(s, t, "byname", 0, "+name\0", 7, 100));
    J(JetCloseTable(s, t));
}

static void esent_insert(JET_SESID s, JET_TABLEID t, struct ecols *c, int64_t k) {
    char n[NAME];
    unsigned char v[BLOB];
    name_of(k, n);
    blob_of(k, 0, v);
    J(JetPrepareUpdate(s, t, JET_prepInsert));
    J(JetSetColumn(s, t, c->k, &k, 8, 0, NULL));
    J(JetSetColumn(s, t, c->name, n, NAME, 0, NULL));
    J(JetSetColumn(s, t, c->blob, v, BLOB, 0, NULL));
    J(JetUpdate(s, t, NULL, 0, NULL));
}

/* Inserts keys order[0..n) (or 0..n ascending) in lazy transactions of BATCH, then flushes. */
static void esent_fill(JET_SESID s, JET_TABLEID t, struct ecols *c, long n, const int64_t *order) {
    for (long i = 0; i < n; i += BATCH) {
        J(JetBeginTransaction(s));
        for (long j = i; j < i + BATCH && j < n; j++) esent_insert(s, t, c, order ? order[j] : j);
        J(JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    J(JetCommitTransaction(s, JET_bitWaitAllLevel0Commit));
}

static void esent_seek(JET_SESID s, JET_TABLEID t, int64_t k) {
    J(JetMakeKey(s, t, &k, 8, JET_bitNewKey));
    JET_ERR e = JetSeek(s, t, JET_bitSeekEQ);
    if (e != JET_errSuccess) wrong("libesent seek", (long)k);
}

static void esent_lookups(JET_SESID s, JET_TABLEID t, struct ecols *c, const int64_t *keys, long n, int gen) {
    unsigned char v[BLOB];
    for (long i = 0; i < n; i++) {
        uint32_t cb = 0;
        esent_seek(s, t, keys[i]);
        J(JetRetrieveColumn(s, t, c->blob, v, BLOB, &cb, 0, NULL));
        if (cb != BLOB) wrong("libesent lookup size", (long)keys[i]);
        if (gen >= 0) check_blob(v, keys[i], gen, "libesent lookup");
    }
}

struct elook {
    JET_INSTANCE inst;
    const char *path;
    struct ecols *c;
    const int64_t *keys;
    long n;
};

static void *esent_lookup_thread(void *arg) {
    struct elook *l = arg;
    JET_SESID s = 0;
    JET_DBID d = 0;
    JET_TABLEID t = 0;
    J(JetBeginSession(l->inst, &s, NULL, NULL));
    J(JetOpenDatabase(s, l->path, NULL, &d, 0));
    J(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
    esent_lookups(s, t, l->c, l->keys, l->n, -1);
    J(JetCloseTable(s, t));
    J(JetEndSession(s, 0));
    return NULL;
}

/* (c)'s lookups on `threads` threads; lookups per second. */
static double esent_lookup_rate(JET_INSTANCE inst, const char *path, struct ecols *c, int threads) {
    pthread_t th[2];
    struct elook l[2];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        l[i] = (struct elook){inst, path, c, look, N};
        if (pthread_create(&th[i], NULL, esent_lookup_thread, &l[i])) die("pthread_create", i);
    }
    for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
    return threads * (double)N / (now() - t0);
}

/* (i): N random lookups in a table of `n` records; ns per lookup. */
static double esent_growth(JET_SESID s, const char *dir, long n) {
    char path[600];
    snprintf(path, sizeof path, "%s/esent-grow-%ld.edb", dir, n);
    JET_DBID db = 0;
    J(JetCreateDatabase(s, path, NULL, &db, 0));
    struct ecols c;
    esent_schema(s, db, &c);
    JET_TABLEID t = 0;
    J(JetOpenTable(s, db, "T", NULL, 0, 0, &t));
    esent_fill(s, t, &c, n, NULL);
    int64_t *keys = malloc(sizeof *keys * (size_t)N);
    if (!keys) die("malloc", 0);
    rng_state = 4242;
    for (long i = 0; i < N; i++) keys[i] = (int64_t)(rnd() % (uint64_t)n);
    double t0 = now();
    esent_lookups(s, t, &c, keys, N, 0);
    double ns = (now() - t0) / N * 1e9;
    free(keys);
    J(JetCloseTable(s, t));
    J(JetCloseDatabase(s, db, 0));
    J(JetDetachDatabase(s, path));
    unlink(path);
    return ns;
}

static volatile uint64_t sink;
static void *spin(void *arg) {
    uint64_t x = (uint64_t)(uintptr_t)arg | 1, n = 200000000ull;
    for (uint64_t i = 0; i < n; i++) x = x * 6364136223846793005ull + 1442695040888963407ull;
    sink = x;
    return NULL;
}

/* The machine's two-thread ceiling: two CPU-bound loops at once against one. */
static double ceiling(void) {
    double t0 = now();
    spin((void *)1);
    double one = now() - t0;
    pthread_t a, b;
    t0 = now();
    pthread_create(&a, NULL, spin, (void *)2);
    pthread_create(&b, NULL, spin, (void *)3);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 2 * one / (now() - t0);
}

static void run_esent(const char *dir, struct res *r) {
    char path[600], path2[600];
    snprintf(path, sizeof path, "%s/esent.edb", dir);
    snprintf(path2, sizeof path2, "%s/esent-shuffled.edb", dir);
    JET_INSTANCE inst = 0;
    J(JetCreateInstance(&inst, "bench"));
    J(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 16, NULL));
    J(JetInit(&inst));
    JET_SESID s = 0;
    J(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = 0;
    struct ecols c;
    unsigned char v[BLOB];

    /* (a) ascending, (a') shuffled into a second database. */
    J(JetCreateDatabase(s, path, NULL, &db, 0));
    esent_schema(s, db, &c);
    JET_TABLEID t = 0;
    J(JetOpenTable(s, db, "T", NULL, 0, 0, &t));
    double t0 = now();
    esent_fill(s, t, &c, N, NULL);
    r->a = (now() - t0) / N * 1e9;
    r->size = file_size(path);
    {
        JET_DBID db2 = 0;
        JET_TABLEID t2 = 0;
        struct ecols c2;
        int64_t *order = shuffled(N, 777);
        J(JetCreateDatabase(s, path2, NULL, &db2, 0));
        esent_schema(s, db2, &c2);
        J(JetOpenTable(s, db2, "T", NULL, 0, 0, &t2));
        t0 = now();
        esent_fill(s, t2, &c2, N, order);
        r->a2 = (now() - t0) / N * 1e9;
        free(order);
        J(JetCloseTable(s, t2));
        J(JetCloseDatabase(s, db2, 0));
        J(JetDetachDatabase(s, path2));
        unlink(path2);
    }

    /* (b) durable single inserts, keys N.. */
    t0 = now();
    for (long i = 0; i < DURABLE; i++) {
        J(JetBeginTransaction(s));
        esent_insert(s, t, &c, N + i);
        J(JetCommitTransaction(s, 0));
    }
    r->b = (now() - t0) / DURABLE * 1e9;

    /* (c) point lookups. */
    t0 = now();
    esent_lookups(s, t, &c, look, N, 0);
    r->c = (now() - t0) / N * 1e9;

    /* (d) full scan, three columns, one JetRetrieveColumns a record. */
    t0 = now();
    long n = 0;
    int64_t k = 0;
    char nm[NAME], want[NAME];
    JET_RETRIEVECOLUMN rc[3];
    memset(rc, 0, sizeof rc);
    rc[0] = (JET_RETRIEVECOLUMN){.columnid = c.k, .pvData = &k, .cbData = 8, .itagSequence = 1};
    rc[1] = (JET_RETRIEVECOLUMN){.columnid = c.name, .pvData = nm, .cbData = NAME, .itagSequence = 1};
    rc[2] = (JET_RETRIEVECOLUMN){.columnid = c.blob, .pvData = v, .cbData = BLOB, .itagSequence = 1};
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        J(JetRetrieveColumns(s, t, rc, 3));
        name_of(n, want);
        if (k != n || rc[1].cbActual != NAME || memcmp(nm, want, NAME) != 0 || rc[2].cbActual != BLOB)
            wrong("libesent scan", n);
        n++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    if (e != JET_errNoCurrentRecord || n != N + DURABLE) wrong("libesent scan count", n);
    r->d = (now() - t0) / n * 1e9;

    /* (e) lookups by name through the secondary index. */
    J(JetSetCurrentIndex(s, t, "byname"));
    t0 = now();
    for (long i = 0; i < N / 10; i++) {
        uint32_t cb = 0;
        name_of(byname[i], nm);
        J(JetMakeKey(s, t, nm, NAME, JET_bitNewKey));
        if (JetSeek(s, t, JET_bitSeekEQ) != JET_errSuccess) wrong("libesent seek by name", (long)byname[i]);
        J(JetRetrieveColumn(s, t, c.k, &k, 8, &cb, 0, NULL));
        J(JetRetrieveColumn(s, t, c.blob, v, BLOB, &cb, 0, NULL));
        if (k != byname[i]) wrong("libesent lookup by name", (long)byname[i]);
        check_blob(v, k, 0, "libesent lookup by name");
    }
    r->e = (now() - t0) / (N / 10) * 1e9;
    J(JetSetCurrentIndex(s, t, NULL));

    /* (f) range scans: seek GE, an inclusive upper limit, move to its end. */
    t0 = now();
    for (long i = 0; i < RANGES; i++) {
        int64_t lo = starts[i], hi = lo + RANGE - 1;
        J(JetMakeKey(s, t, &lo, 8, JET_bitNewKey));
        if (JetSeek(s, t, JET_bitSeekGE) != JET_errSuccess) wrong("libesent range seek", (long)lo);
        J(JetMakeKey(s, t, &hi, 8, JET_bitNewKey));
        J(JetSetIndexRange(s, t, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
        long m = 0;
        do {
            uint32_t cb = 0;
            J(JetRetrieveColumn(s, t, c.blob, v, BLOB, &cb, 0, NULL));
            if (cb != BLOB) wrong("libesent range blob", lo + m);
            m++;
        } while ((e = JetMove(s, t, JET_MoveNext, 0)) == JET_errSuccess);
        if (e != JET_errNoCurrentRecord || m != RANGE) wrong("libesent range count", (long)lo);
        check_blob(v, hi, 0, "libesent range end");
    }
    r->f = (now() - t0) / RANGES * 1e9;

    /* (g) blob updates, lazy transactions of 100. */
    t0 = now();
    for (long i = 0; i < N / 10; i += UPD_BATCH) {
        J(JetBeginTransaction(s));
        for (long j = i; j < i + UPD_BATCH && j < N / 10; j++) {
            esent_seek(s, t, upd[j]);
            blob_of(upd[j], 1, v);
            J(JetPrepareUpdate(s, t, JET_prepReplace));
            J(JetSetColumn(s, t, c.blob, v, BLOB, 0, NULL));
            J(JetUpdate(s, t, NULL, 0, NULL));
        }
        J(JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    J(JetCommitTransaction(s, JET_bitWaitAllLevel0Commit));
    r->g = (now() - t0) / (N / 10) * 1e9;
    esent_lookups(s, t, &c, upd, N / 10, 1);
    J(JetCloseTable(s, t));

    /* (h) (c) on 1 and 2 threads, each with its own session. */
    r->h1 = esent_lookup_rate(inst, path, &c, 1);
    r->h2 = esent_lookup_rate(inst, path, &c, 2);
    r->ceiling = ceiling();

    /* (i) growth: 10^4 against 10^6 records. */
    J(JetCloseDatabase(s, db, 0));
    J(JetDetachDatabase(s, path));
    r->i4 = esent_growth(s, dir, 10000);
    r->i6 = esent_growth(s, dir, 1000000);
    J(JetEndSession(s, 0));
    J(JetTerm(inst));
}

/* ---- LMDB ---------------------------------------------------------------------------------- */

#define L(call)                                   \
    do {                                          \
        int rc_ = (call);                         \
        if (rc_ != 0) die(#call, rc_);            \
    } while (0)

struct lmdb {
    MDB_env *env;
    MDB_dbi main, byname;
};

static void lmdb_open(struct lmdb *l, const char *path) {
    mkdir(path, 0700);
    L(mdb_env_create(&l->env));
    L(mdb_env_set_mapsize(l->env, (size_t)4 << 30));
    L(mdb_env_set_maxdbs(l->env, 4));
    L(mdb_env_open(l->env, path, MDB_NOSYNC, 0600));
    MDB_txn *txn;
    L(mdb_txn_begin(l->env, NULL, 0, &txn));
    L(mdb_dbi_open(txn, "main", MDB_CREATE | MDB_INTEGERKEY, &l->main));
    L(mdb_dbi_open(txn, "byname", MDB_CREATE, &l->byname));
    L(mdb_txn_commit(txn));
}

/* The record's value in the main tree: name then blob. */
static void lmdb_put(struct lmdb *l, MDB_txn *txn, int64_t k) {
    unsigned char rec[NAME + BLOB];
    name_of(k, (char *)rec);
    blob_of(k, 0, rec + NAME);
    size_t key = (size_t)k;
    MDB_val mk = {sizeof key, &key}, mv = {sizeof rec, rec};
    L(mdb_put(txn, l->main, &mk, &mv, 0));
    MDB_val nk = {NAME, rec}, nv = {sizeof key, &key};
    L(mdb_put(txn, l->byname, &nk, &nv, 0));
}

static void lmdb_fill(struct lmdb *l, long n, const int64_t *order) {
    for (long i = 0; i < n; i += BATCH) {
        MDB_txn *txn;
        L(mdb_txn_begin(l->env, NULL, 0, &txn));
        for (long j = i; j < i + BATCH && j < n; j++) lmdb_put(l, txn, order ? order[j] : j);
        L(mdb_txn_commit(txn));
    }
    L(mdb_env_sync(l->env, 1));
}

static void run_lmdb(const char *dir, struct res *r) {
    char path[600], path2[600], data[700];
    snprintf(path, sizeof path, "%s/lmdb", dir);
    snprintf(path2, sizeof path2, "%s/lmdb-shuffled", dir);
    struct lmdb l, l2;
    lmdb_open(&l, path);
    double t0 = now();
    lmdb_fill(&l, N, NULL);
    r->a = (now() - t0) / N * 1e9;
    snprintf(data, sizeof data, "%s/data.mdb", path);
    r->size = file_size(data);
    {
        int64_t *order = shuffled(N, 777);
        lmdb_open(&l2, path2);
        t0 = now();
        lmdb_fill(&l2, N, order);
        r->a2 = (now() - t0) / N * 1e9;
        free(order);
        mdb_env_close(l2.env);
    }

    L(mdb_env_set_flags(l.env, MDB_NOSYNC, 0)); /* (b): durable commits */
    MDB_txn *txn;
    t0 = now();
    for (long i = 0; i < DURABLE; i++) {
        L(mdb_txn_begin(l.env, NULL, 0, &txn));
        lmdb_put(&l, txn, N + i);
        L(mdb_txn_commit(txn));
    }
    r->b = (now() - t0) / DURABLE * 1e9;
    L(mdb_env_set_flags(l.env, MDB_NOSYNC, 1));

    L(mdb_txn_begin(l.env, NULL, MDB_RDONLY, &txn));
    unsigned char v[BLOB];
    t0 = now();
    for (long i = 0; i < N; i++) {
        size_t key = (size_t)look[i];
        MDB_val mk = {sizeof key, &key}, mv;
        L(mdb_get(txn, l.main, &mk, &mv));
        if (mv.mv_size != NAME + BLOB) wrong("lmdb lookup size", (long)key);
        memcpy(v, (unsigned char *)mv.mv_data + NAME, BLOB);
        check_blob(v, look[i], 0, "lmdb lookup");
    }
    r->c = (now() - t0) / N * 1e9;

    t0 = now();
    MDB_cursor *cur;
    L(mdb_cursor_open(txn, l.main, &cur));
    MDB_val mk, mv;
    long n = 0;
    int rc = mdb_cursor_get(cur, &mk, &mv, MDB_FIRST);
    while (rc == 0) {
        size_t key;
        char nm[NAME], want[NAME];
        memcpy(&key, mk.mv_data, sizeof key);
        memcpy(nm, mv.mv_data, NAME);
        memcpy(v, (unsigned char *)mv.mv_data + NAME, BLOB);
        name_of(n, want);
        if ((long)key != n || mv.mv_size != NAME + BLOB || memcmp(nm, want, NAME) != 0) wrong("lmdb scan", n);
        n++;
        rc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT);
    }
    if (n != N + DURABLE) wrong("lmdb scan count", n);
    r->d = (now() - t0) / n * 1e9;

    t0 = now();
    for (long i = 0; i < N / 10; i++) {
        char nm[NAME];
        name_of(byname[i], nm);
        MDB_val nk = {NAME, nm}, nv;
        L(mdb_get(txn, l.byname, &nk, &nv));
        size_t key;
        memcpy(&key, nv.mv_data, sizeof key);
        MDB_val pk = {sizeof key, &key}, pv;
        L(mdb_get(txn, l.main, &pk, &pv));
        if ((int64_t)key != byname[i]) wrong("lmdb lookup by name", (long)byname[i]);
        memcpy(v, (unsigned char *)pv.mv_data + NAME, BLOB);
        check_blob(v, (int64_t)key, 0, "lmdb lookup by name");
    }
    r->e = (now() - t0) / (N / 10) * 1e9;

    t0 = now();
    for (long i = 0; i < RANGES; i++) {
        size_t lo = (size_t)starts[i], hi = lo + RANGE - 1, key;
        mk = (MDB_val){sizeof lo, &lo};
        long m = 0;
        rc = mdb_cursor_get(cur, &mk, &mv, MDB_SET_RANGE);
        while (rc == 0) {
            memcpy(&key, mk.mv_data, sizeof key);
            if (key > hi) break;
            memcpy(v, (unsigned char *)mv.mv_data + NAME, BLOB);
            m++;
            rc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT);
        }
        if (m != RANGE) wrong("lmdb range count", (long)lo);
        check_blob(v, (int64_t)hi, 0, "lmdb range end");
    }
    r->f = (now() - t0) / RANGES * 1e9;
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);

    t0 = now();
    for (long i = 0; i < N / 10; i += UPD_BATCH) {
        L(mdb_txn_begin(l.env, NULL, 0, &txn));
        for (long j = i; j < i + UPD_BATCH && j < N / 10; j++) {
            size_t key = (size_t)upd[j];
            MDB_val uk = {sizeof key, &key}, uv;
            unsigned char rec[NAME + BLOB];
            L(mdb_get(txn, l.main, &uk, &uv));
            memcpy(rec, uv.mv_data, NAME);
            blob_of(upd[j], 1, rec + NAME);
            uv = (MDB_val){sizeof rec, rec};
            L(mdb_put(txn, l.main, &uk, &uv, 0));
        }
        L(mdb_txn_commit(txn));
    }
    L(mdb_env_sync(l.env, 1));
    r->g = (now() - t0) / (N / 10) * 1e9;
    L(mdb_txn_begin(l.env, NULL, MDB_RDONLY, &txn));
    for (long i = 0; i < N / 10; i++) {
        size_t key = (size_t)upd[i];
        MDB_val uk = {sizeof key, &key}, uv;
        L(mdb_get(txn, l.main, &uk, &uv));
        check_blob((unsigned char *)uv.mv_data + NAME, upd[i], 1, "lmdb update");
    }
    mdb_txn_abort(txn);
    mdb_env_close(l.env);
}

/* ---- SQLite -------------------------------------------------------------------------------- */

#define Q(call)                                                                             \
    do {                                                                                    \
        int rc_ = (call);                                                                   \
        if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) die(#call, rc_); \
    } while (0)

static sqlite3 *sqlite_open(const char *path, sqlite3_stmt **ins) {
    sqlite3 *db;
    Q(sqlite3_open(path, &db));
    Q(sqlite3_exec(db,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                   "CREATE TABLE t(k INTEGER PRIMARY KEY, name TEXT, v BLOB);"
                   "CREATE INDEX t_name ON t(name);",
                   NULL, NULL, NULL));
    Q(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?, ?)", -1, ins, NULL));
    return db;
}

static void sqlite_insert(sqlite3_stmt *ins, int64_t k) {
    char n[NAME];
    unsigned char v[BLOB];
    name_of(k, n);
    blob_of(k, 0, v);
    sqlite3_bind_int64(ins, 1, k);
    sqlite3_bind_text(ins, 2, n, NAME, SQLITE_TRANSIENT);
    sqlite3_bind_blob(ins, 3, v, BLOB, SQLITE_TRANSIENT);
    Q(sqlite3_step(ins));
    sqlite3_reset(ins);
}

static void sqlite_fill(sqlite3 *db, sqlite3_stmt *ins, long n, const int64_t *order) {
    for (long i = 0; i < n; i += BATCH) {
        Q(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
        for (long j = i; j < i + BATCH && j < n; j++) sqlite_insert(ins, order ? order[j] : j);
        Q(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
    }
}

static long sqlite_size(const char *path) {
    char wal[700];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return file_size(path) + file_size(wal);
}

static void run_sqlite(const char *dir, struct res *r) {
    char path[600], path2[600];
    snprintf(path, sizeof path, "%s/sqlite.db", dir);
    snprintf(path2, sizeof path2, "%s/sqlite-shuffled.db", dir);
    sqlite3_stmt *ins, *ins2, *get, *all, *byn, *rng, *up;
    sqlite3 *db = sqlite_open(path, &ins);
    double t0 = now();
    sqlite_fill(db, ins, N, NULL);
    r->a = (now() - t0) / N * 1e9;
    r->size = sqlite_size(path);
    {
        int64_t *order = shuffled(N, 777);
        sqlite3 *db2 = sqlite_open(path2, &ins2);
        t0 = now();
        sqlite_fill(db2, ins2, N, order);
        r->a2 = (now() - t0) / N * 1e9;
        free(order);
        sqlite3_finalize(ins2);
        sqlite3_close(db2);
    }

    Q(sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL));
    t0 = now();
    for (long i = 0; i < DURABLE; i++) {
        Q(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
        sqlite_insert(ins, N + i);
        Q(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
    }
    r->b = (now() - t0) / DURABLE * 1e9;
    Q(sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL));

    Q(sqlite3_prepare_v2(db, "SELECT v FROM t WHERE k = ?", -1, &get, NULL));
    Q(sqlite3_prepare_v2(db, "SELECT k, name, v FROM t ORDER BY k", -1, &all, NULL));
    Q(sqlite3_prepare_v2(db, "SELECT k, v FROM t WHERE name = ?", -1, &byn, NULL));
    Q(sqlite3_prepare_v2(db, "SELECT v FROM t WHERE k >= ? AND k <= ? ORDER BY k", -1, &rng, NULL));
    Q(sqlite3_prepare_v2(db, "UPDATE t SET v = ? WHERE k = ?", -1, &up, NULL));
    unsigned char v[BLOB];
    t0 = now();
    for (long i = 0; i < N; i++) {
        sqlite3_bind_int64(get, 1, look[i]);
        if (sqlite3_step(get) != SQLITE_ROW || sqlite3_column_bytes(get, 0) != BLOB) wrong("sqlite lookup", (long)look[i]);
        memcpy(v, sqlite3_column_blob(get, 0), BLOB);
        check_blob(v, look[i], 0, "sqlite lookup");
        sqlite3_reset(get);
    }
    r->c = (now() - t0) / N * 1e9;

    t0 = now();
    long n = 0;
    while (sqlite3_step(all) == SQLITE_ROW) {
        char nm[NAME], want[NAME];
        int64_t k = sqlite3_column_int64(all, 0);
        memcpy(nm, sqlite3_column_text(all, 1), NAME);
        memcpy(v, sqlite3_column_blob(all, 2), BLOB);
        name_of(n, want);
        if (k != n || memcmp(nm, want, NAME) != 0) wrong("sqlite scan", n);
        n++;
    }
    if (n != N + DURABLE) wrong("sqlite scan count", n);
    r->d = (now() - t0) / n * 1e9;

    t0 = now();
    for (long i = 0; i < N / 10; i++) {
        char nm[NAME];
        name_of(byname[i], nm);
        sqlite3_bind_text(byn, 1, nm, NAME, SQLITE_STATIC);
        if (sqlite3_step(byn) != SQLITE_ROW) wrong("sqlite lookup by name", (long)byname[i]);
        int64_t k = sqlite3_column_int64(byn, 0);
        memcpy(v, sqlite3_column_blob(byn, 1), BLOB);
        if (k != byname[i]) wrong("sqlite lookup by name", (long)byname[i]);
        check_blob(v, k, 0, "sqlite lookup by name");
        sqlite3_reset(byn);
    }
    r->e = (now() - t0) / (N / 10) * 1e9;

    t0 = now();
    for (long i = 0; i < RANGES; i++) {
        int64_t lo = starts[i], hi = lo + RANGE - 1;
        sqlite3_bind_int64(rng, 1, lo);
        sqlite3_bind_int64(rng, 2, hi);
        long m = 0;
        while (sqlite3_step(rng) == SQLITE_ROW) {
            memcpy(v, sqlite3_column_blob(rng, 0), BLOB);
            m++;
        }
        sqlite3_reset(rng);
        if (m != RANGE) wrong("sqlite range count", (long)lo);
        check_blob(v, hi, 0, "sqlite range end");
    }
    r->f = (now() - t0) / RANGES * 1e9;

    t0 = now();
    for (long i = 0; i < N / 10; i += UPD_BATCH) {
        Q(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
        for (long j = i; j < i + UPD_BATCH && j < N / 10; j++) {
            blob_of(upd[j], 1, v);
            sqlite3_bind_blob(up, 1, v, BLOB, SQLITE_TRANSIENT);
            sqlite3_bind_int64(up, 2, upd[j]);
            Q(sqlite3_step(up));
            sqlite3_reset(up);
        }
        Q(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
    }
    r->g = (now() - t0) / (N / 10) * 1e9;
    for (long i = 0; i < N / 10; i++) {
        sqlite3_bind_int64(get, 1, upd[i]);
        if (sqlite3_step(get) != SQLITE_ROW) wrong("sqlite update", (long)upd[i]);
        check_blob(sqlite3_column_blob(get, 0), upd[i], 1, "sqlite update");
        sqlite3_reset(get);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(get);
    sqlite3_finalize(all);
    sqlite3_finalize(byn);
    sqlite3_finalize(rng);
    sqlite3_finalize(up);
    sqlite3_close(db);
}

/* ---- durable commits from several threads (group commit) ---------------------------------- */

struct committer {
    JET_INSTANCE inst;
    const char *path;
    struct ecols *c;
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
    for (int i = 0; i < c->n; i++) {
        J(JetBeginTransaction(s));
        esent_insert(s, t, c->c, (int64_t)c->id * 1000000 + i);
        J(JetCommitTransaction(s, 0));
    }
    J(JetEndSession(s, 0));
    return NULL;
}

/* Durable single-insert transactions per second with `threads` sessions on as many threads. */
static double commits_per_second(const char *dir, int threads) {
    char path[600];
    snprintf(path, sizeof path, "%s/group%d.edb", dir, threads);
    JET_INSTANCE inst = 0;
    J(JetCreateInstance(&inst, "group"));
    J(JetInit(&inst));
    JET_SESID s = 0;
    J(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = 0;
    J(JetCreateDatabase(s, path, NULL, &db, 0));
    struct ecols c;
    esent_schema(s, db, &c);
    enum { PER_THREAD = 300 };
    pthread_t th[8];
    struct committer cs[8];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        cs[i] = (struct committer){inst, path, &c, i + 1, PER_THREAD};
        if (pthread_create(&th[i], NULL, commit_thread, &cs[i])) die("pthread_create", i);
    }
    for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
    double rate = threads * PER_THREAD / (now() - t0);
    J(JetTerm(inst));
    unlink(path);
    return rate;
}

/* ---- main ---------------------------------------------------------------------------------- */

/* Runs one engine in a child process: its results come back through a pipe, with its peak RSS. */
static void in_child(void (*run)(const char *, struct res *), const char *dir, struct res *r) {
    int p[2];
    if (pipe(p)) die("pipe", errno);
    pid_t pid = fork();
    if (pid < 0) die("fork", errno);
    if (pid == 0) {
        close(p[0]);
        struct res out;
        memset(&out, 0, sizeof out);
        run(dir, &out);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        out.rss_kb = ru.ru_maxrss;
        if (write(p[1], &out, sizeof out) != (ssize_t)sizeof out) _exit(1);
        _exit(0);
    }
    close(p[1]);
    ssize_t got = read(p[0], r, sizeof *r);
    close(p[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (got != (ssize_t)sizeof *r || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "records bench: an engine's run failed (see above)\n");
        exit(1);
    }
}

static void row(const char *name, const char *unit, double e, double q, double l) {
    printf("%-4s %-22s %12.0f %12.0f %12.0f %9.2f %9.2f\n", name, unit, e, q, l, e / q, e / l);
}

int main(int argc, char **argv) {
    const char *base = "/tmp";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) N = atol(argv[++i]);
        else base = argv[i];
    }
    if (N < 10 * RANGE || N % BATCH != 0) {
        fprintf(stderr, "records bench: -n must be a multiple of %d and at least %d\n", BATCH, 10 * RANGE);
        return 2;
    }
    char dir[512];
    snprintf(dir, sizeof dir, "%s/esent-records-XXXXXX", base);
    if (!mkdtemp(dir)) die("mkdtemp", errno);

    look = shuffled(N, 1);
    int64_t *names = shuffled(N, 2), *ups = shuffled(N, 3);
    byname = names;
    upd = ups;
    starts = malloc(sizeof *starts * RANGES);
    if (!starts) die("malloc", 0);
    rng_state = 99;
    for (int i = 0; i < RANGES; i++) starts[i] = (int64_t)(rnd() % (uint64_t)(N - RANGE + 1));

    struct res e, q, l;
    in_child(run_esent, dir, &e);
    in_child(run_sqlite, dir, &q);
    in_child(run_lmdb, dir, &l);

    printf("records: N=%ld (8-byte key, %d-byte name with a secondary index, %d-byte blob), under %s\n", N, NAME,
           BLOB, base);
    printf("%-4s %-22s %12s %12s %12s %9s %9s\n", "", "ns per", "libesent", "SQLite", "LMDB", "/SQLite", "/LMDB");
    row("a", "record, ascending", e.a, q.a, l.a);
    row("a'", "record, shuffled", e.a2, q.a2, l.a2);
    row("b", "durable transaction", e.b, q.b, l.b);
    row("c", "lookup by key", e.c, q.c, l.c);
    row("d", "record scanned", e.d, q.d, l.d);
    row("e", "lookup by name", e.e, q.e, l.e);
    row("f", "range of 1,000", e.f, q.f, l.f);
    row("g", "blob update", e.g, q.g, l.g);
    printf("file size after a (MB): libesent %.1f, SQLite %.1f, LMDB %.1f (libesent/SQLite %.2f)\n", e.size / 1e6,
           q.size / 1e6, l.size / 1e6, (double)e.size / (double)q.size);
    printf("peak RSS (MB): libesent %.1f, SQLite %.1f, LMDB %.1f\n", e.rss_kb / 1e3, q.rss_kb / 1e3, l.rss_kb / 1e3);
    printf("h: lookups/s 1 thread %.0f, 2 threads %.0f: x%.2f (this machine's two-thread ceiling x%.2f)\n", e.h1,
           e.h2, e.h2 / e.h1, e.ceiling);
    printf("i: lookup at 10^4 records %.0f ns, at 10^6 %.0f ns: x%.2f\n", e.i4, e.i6, e.i6 / e.i4);
    double one = commits_per_second(dir, 1);
    printf("durable commits/s (one insert each): 1 thread %.0f", one);
    for (int t = 2; t <= 8; t *= 2) {
        double r = commits_per_second(dir, t);
        printf(", %d threads %.0f (x%.2f)", t, r, r / one);
    }
    printf("\n");
    printf("ratios: esent/sqlite a %.2f a' %.2f b %.2f c %.2f d %.2f e %.2f f %.2f g %.2f | esent/lmdb c %.2f d %.2f"
           " | h %.2f (ceiling %.2f) | i %.2f | size %.2f\n",
           e.a / q.a, e.a2 / q.a2, e.b / q.b, e.c / q.c, e.d / q.d, e.e / q.e, e.f / q.f, e.g / q.g, e.c / l.c,
           e.d / l.d, e.h2 / e.h1, e.ceiling, e.i6 / e.i4, (double)e.size / (double)q.size);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    free(look);
    free(names);
    free(ups);
    free(starts);
    return 0;
}

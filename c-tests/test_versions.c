/* Transactions on data between sessions: snapshot isolation (S-VER-01) and write conflicts
 * (S-VER-02), data-records 9.2-9.3. */
#include "check.h"

#include <pthread.h>
#include <string.h>

struct two {
    JET_INSTANCE inst;
    JET_SESID a, b;
    JET_DBID da, db;
    JET_TABLEID ta, tb;
    JET_COLUMNID id, val;
};

static JET_COLUMNDEF coldef(JET_COLTYP coltyp) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    return c;
}

/* T(Id Long primary, Val Long), two sessions with a cursor each. */
static struct two two_open(const char *file) {
    struct two w;
    memset(&w, 0, sizeof w);
    w.inst = fixture_running("versions", -1);
    w.a = fixture_session(w.inst);
    w.b = fixture_session(w.inst);
    CHECK_OK(JetCreateDatabase(w.a, fixture_path(file), NULL, &w.da, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(w.a, w.da, "T", 0, 0, &t));
    JET_COLUMNDEF c = coldef(JET_coltypLong);
    CHECK_OK(JetAddColumn(w.a, t, "Id", &c, NULL, 0, &w.id));
    CHECK_OK(JetAddColumn(w.a, t, "Val", &c, NULL, 0, &w.val));
    CHECK_OK(JetCreateIndex(w.a, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCloseTable(w.a, t));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenDatabase(w.b, fixture_path(file), NULL, &w.db, 0));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    return w;
}

static JET_ERR put(JET_SESID s, JET_TABLEID t, struct two *w, int32_t id, int32_t val) {
    JET_ERR e = JetPrepareUpdate(s, t, JET_prepInsert);
    if (e < 0) return e;
    CHECK_OK(JetSetColumn(s, t, w->id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, w->val, &val, 4, 0, NULL));
    e = JetUpdate(s, t, NULL, 0, NULL);
    if (e < 0) CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    return e;
}

/* Moves to record `id` by its bookmark (0x7F + the flipped big-endian key). */
static JET_ERR go(JET_SESID s, JET_TABLEID t, int32_t id) {
    uint32_t k = (uint32_t)id ^ 0x80000000u;
    unsigned char bm[5] = {0x7F, (unsigned char)(k >> 24), (unsigned char)(k >> 16), (unsigned char)(k >> 8),
                           (unsigned char)k};
    return JetGotoBookmark(s, t, bm, sizeof bm);
}

static int32_t val_of(JET_SESID s, JET_TABLEID t, struct two *w) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, w->val, &v, 4, &cb, 0, NULL));
    return v;
}

static JET_ERR set_val(JET_SESID s, JET_TABLEID t, struct two *w, int32_t v) {
    JET_ERR e = JetPrepareUpdate(s, t, JET_prepReplace);
    if (e < 0) return e;
    CHECK_OK(JetSetColumn(s, t, w->val, &v, 4, 0, NULL));
    e = JetUpdate(s, t, NULL, 0, NULL);
    if (e < 0) CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    return e;
}

TEST(ver_snapshot_from_level0_begin) {
    /* S-VER-01: a transaction sees what was committed before its begin, plus its own */
    struct two w = two_open("snap.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(JetBeginTransaction(w.a));
    /* committed by B after A began: invisible to A, even though A has read nothing yet */
    CHECK_OK(put(w.b, w.tb, &w, 2, 20));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(set_val(w.b, w.tb, &w, 11));
    CHECK_ERR(JET_errRecordDeleted, go(w.a, w.ta, 2));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);
    CHECK_OK(JetMove(w.a, w.ta, JET_MoveFirst, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(w.a, w.ta, JET_MoveNext, 0));
    /* its own change it sees */
    CHECK_OK(put(w.a, w.ta, &w, 3, 30));
    CHECK_OK(go(w.a, w.ta, 3));
    /* a nested level reads the same snapshot */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_ERR(JET_errRecordDeleted, go(w.a, w.ta, 2));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* B does not see A's uncommitted insert */
    CHECK_ERR(JET_errRecordDeleted, go(w.b, w.tb, 3));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* outside a transaction each call reads the newest */
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 11);
    CHECK_OK(go(w.b, w.tb, 3));
}

TEST(ver_write_conflicts_are_immediate) {
    /* S-VER-02: another session's uncommitted change, or a commit since the transaction
     * began, is -1102 at once; the failed call changes nothing and the transaction goes on */
    struct two w = two_open("conf.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    /* A holds record 1 (replace prepared at level 1 takes the lock) */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(JetPrepareUpdate(w.a, w.ta, JET_prepReplace));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_ERR(JET_errWriteConflict, JetPrepareUpdate(w.b, w.tb, JET_prepReplace));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.b, w.tb));
    /* B's transaction is still usable: record 2 is free */
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_OK(set_val(w.b, w.tb, &w, 21));
    CHECK_OK(JetCommitTransaction(w.b, 0));
    /* outside a transaction too */
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_ERR(JET_errWriteConflict, set_val(w.b, w.tb, &w, 12));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.b, w.tb));
    /* A commits its replace; then B may */
    int32_t v = 13;
    CHECK_OK(JetSetColumn(w.a, w.ta, w.val, &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(w.a, w.ta, NULL, 0, NULL));
    /* record 2 was committed by B after A began: A cannot change it (first writer wins) */
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_EQ(val_of(w.a, w.ta, &w), 20);
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 22));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.a, w.ta));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(val_of(w.b, w.tb, &w), 13);
    CHECK_OK(set_val(w.b, w.tb, &w, 14));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(val_of(w.b, w.tb, &w), 21);
}

TEST(ver_inserts_of_the_same_key) {
    /* data-records 9.3: a key another session inserted and has not committed, or committed
     * after this transaction began, is a write conflict */
    struct two w = two_open("ins.edb");
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 5, 50));
    CHECK_ERR(JET_errWriteConflict, put(w.b, w.tb, &w, 5, 51));
    CHECK_OK(JetRollback(w.a, 0));
    /* the lock went with the rollback */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.b, w.tb, &w, 5, 52));
    CHECK_ERR(JET_errWriteConflict, put(w.a, w.ta, &w, 5, 53));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* after the commit the key is plainly taken */
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 5, 54));
    CHECK_OK(go(w.a, w.ta, 5));
    CHECK_EQ(val_of(w.a, w.ta, &w), 52);
}

TEST(ver_locks_end_with_their_level) {
    /* S-VER-03, data-records 9.6: a rollback of the level that took a lock releases it; a
     * nested commit hands it to the parent */
    struct two w = two_open("lvl.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(set_val(w.a, w.ta, &w, 11));
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(JetPrepareUpdate(w.b, w.tb, JET_prepReplace));
    CHECK_OK(JetPrepareUpdate(w.b, w.tb, JET_prepCancel));
    CHECK_OK(JetRollback(w.b, 0));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(set_val(w.a, w.ta, &w, 12));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* still held by A's level 1 */
    CHECK_ERR(JET_errWriteConflict, set_val(w.b, w.tb, &w, 13));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(set_val(w.b, w.tb, &w, 13));
}

TEST(ver_version_store_is_bounded) {
    /* S-VER-04: past JET_paramMaxVerPages the statement fails with -1069, has no effect, and
     * the transaction goes on; a rollback gives the room back */
    JET_INSTANCE inst = fixture_created("verpages");
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramMaxVerPages, 1, NULL));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("vp.edb"), NULL, &dbid, 0));
    CHECK_OK(JetCreateTable(s, dbid, "T", 0, 0, &t));
    struct two w;
    memset(&w, 0, sizeof w);
    JET_COLUMNDEF c = coldef(JET_coltypLong);
    CHECK_OK(JetAddColumn(s, t, "Id", &c, NULL, 0, &w.id));
    CHECK_OK(JetAddColumn(s, t, "Val", &c, NULL, 0, &w.val));
    CHECK_OK(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetBeginTransaction(s));
    int32_t n = 0;
    JET_ERR e = 0;
    while (n < 100000 && (e = put(s, t, &w, n, n)) == JET_errSuccess) n++;
    CHECK_ERR(JET_errVersionStoreOutOfMemory, e);
    CHECK(n > 100); /* one 32 KB page holds hundreds of small changes */
    /* the failed insert left nothing; the transaction still works and commits */
    CHECK_ERR(JET_errRecordDeleted, go(s, t, n));
    CHECK_OK(go(s, t, n - 1));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(go(s, t, 0));
    /* the committed transaction gave its room back: as many again fit */
    CHECK_OK(JetBeginTransaction(s));
    int32_t m = 0;
    while (m < n && put(s, t, &w, n + m, 0) == JET_errSuccess) m++;
    CHECK_EQ(m, n);
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errRecordDeleted, go(s, t, n));
    /* outside a transaction each update is its own: no limit builds up */
    for (int32_t i = 0; i < n + 10; i++) CHECK_OK(put(s, t, &w, 1000000 + i, 0));
}

struct committer {
    JET_INSTANCE inst;
    const char *path;
    int id;
    int rounds;
    JET_ERR err;
};

static void *commit_loop(void *arg) {
    struct committer *c = arg;
    JET_SESID s = 0;
    JET_DBID d = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID cid = 0;
    JET_COLUMNDEF def;
    c->err = JetBeginSession(c->inst, &s, NULL, NULL);
    if (!c->err) c->err = JetOpenDatabase(s, c->path, NULL, &d, 0);
    if (!c->err) c->err = JetOpenTable(s, d, "T", NULL, 0, 0, &t);
    if (!c->err) c->err = JetGetTableColumnInfo(s, t, "Id", &def, sizeof def, JET_ColInfo);
    cid = def.columnid;
    for (int i = 0; i < c->rounds && !c->err; i++) {
        c->err = JetBeginTransaction(s);
        for (int k = 0; k < 2 && !c->err; k++) {
            int32_t id = c->id * 100000 + i * 2 + k;
            c->err = JetPrepareUpdate(s, t, JET_prepInsert);
            if (!c->err) c->err = JetSetColumn(s, t, cid, &id, 4, 0, NULL);
            if (!c->err) c->err = JetUpdate(s, t, NULL, 0, NULL);
        }
        if (!c->err) c->err = JetCommitTransaction(s, 0);
    }
    JetEndSession(s, 0);
    return NULL;
}

TEST(ver_concurrent_durable_commits) {
    /* data-records 9.5; group commit: sessions on several threads committing at once all
     * land, each transaction whole */
    struct two w = two_open("group.edb");
    enum { THREADS = 4, ROUNDS = 25 };
    pthread_t th[THREADS];
    struct committer c[THREADS];
    for (int i = 0; i < THREADS; i++) {
        c[i] = (struct committer){w.inst, fixture_path("group.edb"), i + 1, ROUNDS, 0};
        CHECK(pthread_create(&th[i], NULL, commit_loop, &c[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        CHECK_OK(c[i].err);
    }
    int n = 0;
    JET_ERR e = JetMove(w.a, w.ta, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        n++;
        e = JetMove(w.a, w.ta, JET_MoveNext, 0);
    }
    CHECK_EQ(n, THREADS * ROUNDS * 2);
    for (int i = 0; i < THREADS; i++)
        for (int r = 0; r < ROUNDS * 2; r++) CHECK_OK(go(w.a, w.ta, (i + 1) * 100000 + r));
}

TEST(ver_unique_secondary_keys_between_sessions) {
    /* S-VER-02: a unique secondary key another open transaction inserted is a write conflict;
     * one committed since this transaction began is a duplicate */
    struct two w = two_open("uniq.edb");
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetCloseTable(w.b, w.tb));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, JET_bitTableDenyRead, &w.ta));
    CHECK_OK(JetCreateIndex(w.a, w.ta, "UVal", JET_bitIndexUnique, "+Val\0", 6, 100));
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 1, 7));
    CHECK_ERR(JET_errWriteConflict, put(w.b, w.tb, &w, 2, 7));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_ERR(JET_errWriteConflict, put(w.b, w.tb, &w, 2, 7));
    CHECK_OK(JetRollback(w.b, 0));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 2, 7));
    /* committed after B began: B cannot see it, but may not duplicate it */
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(put(w.a, w.ta, &w, 3, 8));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 4, 8));
    CHECK_OK(put(w.b, w.tb, &w, 4, 9));
    CHECK_OK(JetCommitTransaction(w.b, 0));
}

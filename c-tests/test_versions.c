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

TEST(ver_after_a_reading_transaction_calls_read_the_newest) {
    /* S-VER-01: a transaction that only read, committed or rolled back, leaves its cursor
     * reading the newest state again at the next call, even when nothing was committed
     * between its last read and that call */
    struct two w = two_open("snap_after.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    for (int end = 0; end < 2; end++) {
        CHECK_OK(JetBeginTransaction(w.a));
        CHECK_OK(go(w.b, w.tb, 1));
        CHECK_OK(set_val(w.b, w.tb, &w, 20 + end)); /* committed after A's begin */
        CHECK_OK(go(w.a, w.ta, 1));
        CHECK_EQ(val_of(w.a, w.ta, &w), 10 + end * 10); /* A's snapshot */
        if (end == 0)
            CHECK_OK(JetCommitTransaction(w.a, 0));
        else
            CHECK_OK(JetRollback(w.a, 0));
        CHECK_EQ(val_of(w.a, w.ta, &w), 20 + end); /* the newest, read through the same cursor */
        CHECK_OK(JetMove(w.a, w.ta, JET_MoveFirst, 0));
        CHECK_EQ(val_of(w.a, w.ta, &w), 20 + end);
    }
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
    /* S-VER-02, data-records 9.3 (bt.cxx ErrBTInsert): a key another session inserted and has
     * not committed, or committed after this transaction began, is a duplicate for an insert
     * (an insert never reports a write conflict); the failed insert changes nothing and the
     * transaction goes on */
    struct two w = two_open("ins.edb");
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 5, 50));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 5, 51));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 5, 51));
    CHECK_OK(put(w.b, w.tb, &w, 6, 60));
    CHECK_OK(JetCommitTransaction(w.b, 0));
    CHECK_OK(JetRollback(w.a, 0));
    /* the lock went with the rollback */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.b, w.tb, &w, 5, 52));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 5, 53));
    /* A's transaction is still usable, and its failed insert left nothing */
    CHECK_OK(put(w.a, w.ta, &w, 7, 70));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 7));
    CHECK_OK(go(w.b, w.tb, 6));
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
    /* S-VER-02, data-records 9.3 (bt.cxx ErrBTInsert): a unique secondary key another open
     * transaction inserted is a duplicate, as is one committed since this transaction began
     * (an insert never reports a write conflict) */
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
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 2, 7));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 2, 7));
    /* the failed insert took nothing: record 2 goes in with another key */
    CHECK_OK(put(w.b, w.tb, &w, 2, 6));
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

TEST(ver_unique_secondary_key_changed_since_begin) {
    /* S-VER-02 (bt.cxx ErrBTInsert: a unique entry is versioned by its key alone, and an insert
     * meeting a version committed after its begin reports a duplicate): a unique secondary key
     * that another session inserted and removed again since this transaction began is a
     * duplicate for it, as is one another session deleted since (its view still has it); a
     * key nobody touched is free, and a transaction that begins later may take both */
    struct two w = two_open("uniqaba.edb");
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetCloseTable(w.b, w.tb));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, JET_bitTableDenyRead, &w.ta));
    CHECK_OK(JetCreateIndex(w.a, w.ta, "UVal", JET_bitIndexUnique, "+Val\0", 6, 100));
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    CHECK_OK(put(w.b, w.tb, &w, 1, 7));
    CHECK_OK(JetBeginTransaction(w.a));
    /* B, outside a transaction: key 8 inserted and deleted, key 9 inserted and changed to 10
     * (each its own commit), the record with key 7 deleted */
    CHECK_OK(put(w.b, w.tb, &w, 2, 8));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_OK(JetDelete(w.b, w.tb));
    CHECK_OK(put(w.b, w.tb, &w, 3, 9));
    CHECK_OK(go(w.b, w.tb, 3));
    CHECK_OK(set_val(w.b, w.tb, &w, 10));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(JetDelete(w.b, w.tb));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 4, 8));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 4, 9));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 4, 10));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 4, 7));
    CHECK_OK(put(w.a, w.ta, &w, 4, 11));
    /* a replace that would give a record such a key likewise */
    CHECK_OK(go(w.a, w.ta, 4));
    CHECK_ERR(JET_errKeyDuplicate, set_val(w.a, w.ta, &w, 8));
    CHECK_OK(set_val(w.a, w.ta, &w, 12));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 5, 8));
    CHECK_OK(put(w.a, w.ta, &w, 6, 9));
    CHECK_OK(put(w.a, w.ta, &w, 7, 7));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 8, 10));
    CHECK_OK(JetCommitTransaction(w.a, 0));
}

/* Prepares `prep` (an insert copy) on the current record, gives the copy `id` and `val` and
 * updates; a failed update is cancelled. */
static JET_ERR copy_as(JET_SESID s, JET_TABLEID t, struct two *w, uint32_t prep, int32_t id, int32_t val) {
    JET_ERR e = JetPrepareUpdate(s, t, prep);
    if (e < 0) return e;
    CHECK_OK(JetSetColumn(s, t, w->id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(s, t, w->val, &val, 4, 0, NULL));
    e = JetUpdate(s, t, NULL, 0, NULL);
    if (e < 0) CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    return e;
}

TEST(ver_insert_never_reports_a_write_conflict) {
    /* S-VER-02, data-records 9.3 (bt.cxx ErrBTInsert): where a write would meet a write
     * conflict, an insert reports a duplicate instead: a primary key another session holds
     * (its uncommitted insert or delete), for JET_prepInsert and the insert copies alike, and
     * a unique secondary key another session claimed (its uncommitted replace), also when a
     * replace would give a record that key (it inserts the index entry); the record's own
     * conflicts stay -1102 for a replace and a delete; nothing failed has any effect and the
     * transaction goes on */
    struct two w = two_open("insdup.edb");
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetCloseTable(w.b, w.tb));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, JET_bitTableDenyRead, &w.ta));
    CHECK_OK(JetCreateIndex(w.a, w.ta, "UVal", JET_bitIndexUnique, "+Val\0", 6, 100));
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    CHECK_OK(put(w.a, w.ta, &w, 1, 7));
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    /* A, in a transaction: record 1's unique key 7 -> 8, and record 5 inserted */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(set_val(w.a, w.ta, &w, 8));
    CHECK_OK(put(w.a, w.ta, &w, 5, 50));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 3, 8));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 5, 51));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_ERR(JET_errKeyDuplicate, set_val(w.b, w.tb, &w, 8));
    CHECK_ERR(JET_errKeyDuplicate, copy_as(w.b, w.tb, &w, JET_prepInsertCopy, 5, 30));
    CHECK_ERR(JET_errKeyDuplicate, copy_as(w.b, w.tb, &w, JET_prepInsertCopyDeleteOriginal, 5, 31));
    CHECK_ERR(JET_errKeyDuplicate, copy_as(w.b, w.tb, &w, JET_prepInsertCopy, 4, 8));
    /* the record A changed: a replace or delete of it is a write conflict */
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(val_of(w.b, w.tb, &w), 7);
    CHECK_ERR(JET_errWriteConflict, set_val(w.b, w.tb, &w, 9));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.b, w.tb));
    /* B's transaction goes on: record 2 is as it was, free keys go in */
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(val_of(w.b, w.tb, &w), 20);
    CHECK_OK(copy_as(w.b, w.tb, &w, JET_prepInsertCopy, 3, 9));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_OK(set_val(w.b, w.tb, &w, 21));
    CHECK_OK(JetCommitTransaction(w.b, 0));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(val_of(w.b, w.tb, &w), 8);
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(val_of(w.b, w.tb, &w), 21);
    CHECK_OK(go(w.b, w.tb, 3));
    CHECK_EQ(val_of(w.b, w.tb, &w), 9);
    CHECK_ERR(JET_errRecordDeleted, go(w.b, w.tb, 4));
    CHECK_OK(go(w.b, w.tb, 5));
    CHECK_EQ(val_of(w.b, w.tb, &w), 50);
    /* an uncommitted delete holds the key too: B, which began before the record was inserted,
     * cannot see it, and its insert of the key is a duplicate even after A's rollback */
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(put(w.a, w.ta, &w, 6, 60));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 6));
    CHECK_OK(JetDelete(w.a, w.ta));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 6, 61));
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_ERR(JET_errKeyDuplicate, put(w.b, w.tb, &w, 6, 61));
    CHECK_OK(put(w.b, w.tb, &w, 10, 100));
    CHECK_OK(JetCommitTransaction(w.b, 0));
    CHECK_OK(go(w.a, w.ta, 6));
    CHECK_OK(JetDelete(w.a, w.ta));
    CHECK_OK(put(w.b, w.tb, &w, 6, 61));
    CHECK_OK(go(w.a, w.ta, 10));
}

/* ---- escrow deltas between sessions (S-VER-02, data-records 3.10, 9.3) ----------------- */

/* T with escrow columns Cnt (Long, default 0), Big (LongLong, default 0) and Refs (Long,
 * DeleteOnZero, default 1); record 1 inserted. */
static JET_COLUMNID esc_cnt, esc_big, esc_refs;

static struct two esc_open(const char *file) {
    struct two w = two_open(file);
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetCloseTable(w.b, w.tb));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, JET_bitTableDenyRead, &w.ta));
    JET_COLUMNDEF c = coldef(JET_coltypLong);
    c.grbit = JET_bitColumnEscrowUpdate;
    int32_t zero = 0, one = 1;
    int64_t zero64 = 0;
    CHECK_OK(JetAddColumn(w.a, w.ta, "Cnt", &c, &zero, 4, &esc_cnt));
    c.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnDeleteOnZero;
    CHECK_OK(JetAddColumn(w.a, w.ta, "Refs", &c, &one, 4, &esc_refs));
    c = coldef(JET_coltypLongLong);
    c.grbit = JET_bitColumnEscrowUpdate;
    CHECK_OK(JetAddColumn(w.a, w.ta, "Big", &c, &zero64, 8, &esc_big));
    CHECK_OK(JetCloseTable(w.a, w.ta));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    return w;
}

static JET_ERR esc(JET_SESID s, JET_TABLEID t, JET_COLUMNID col, int32_t delta, int32_t *old, JET_GRBIT g) {
    uint32_t cb = 0;
    return JetEscrowUpdate(s, t, col, &delta, 4, old, 4, &cb, g);
}

static int32_t col_of(JET_SESID s, JET_TABLEID t, JET_COLUMNID col) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, col, &v, 4, &cb, 0, NULL));
    return v;
}

/* Session B's part runs on a thread of its own, in steps the main thread (session A) hands it
 * one at a time: a transaction is bound to the thread that began it. */
struct lockstep {
    pthread_mutex_t m;
    pthread_cond_t cv;
    int step, done;
    struct two *w;
    void (*run)(struct two *, int);
    JET_ERR failed;
};

static void *lockstep_thread(void *arg) {
    struct lockstep *l = arg;
    pthread_mutex_lock(&l->m);
    for (;;) {
        while (l->step == l->done) pthread_cond_wait(&l->cv, &l->m);
        int s = l->step;
        pthread_mutex_unlock(&l->m);
        if (s < 0) return NULL;
        l->run(l->w, s);
        pthread_mutex_lock(&l->m);
        l->done = s;
        pthread_cond_broadcast(&l->cv);
    }
}

/* Runs step `s` (> 0, increasing) of B's part on B's thread and waits for it. */
static void b_step(struct lockstep *l, int s) {
    pthread_mutex_lock(&l->m);
    l->step = s;
    pthread_cond_broadcast(&l->cv);
    while (l->done != s) pthread_cond_wait(&l->cv, &l->m);
    pthread_mutex_unlock(&l->m);
}

static void b_stop(struct lockstep *l, pthread_t th) {
    pthread_mutex_lock(&l->m);
    l->step = -1;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->m);
    pthread_join(th, NULL);
}

/* What B's steps check; CHECK in another thread reports through the harness all the same,
 * the result of each step is also kept for the main thread. */
static int32_t b_old, b_seen;
static JET_ERR b_err1, b_err2, b_err3;

static void commute_b(struct two *w, int s) {
    switch (s) {
    case 1: /* B begins and adds 3 to Cnt while A's +5 is uncommitted: no conflict */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        b_err1 = esc(w->b, w->tb, esc_cnt, 3, &b_old, 0);
        b_seen = col_of(w->b, w->tb, esc_cnt);
        /* a replace or delete by B meets A's pending delta */
        b_err2 = set_val(w->b, w->tb, w, 99);
        b_err3 = JetDelete(w->b, w->tb);
        break;
    case 2:
        CHECK_OK(JetCommitTransaction(w->b, 0));
        break;
    case 3: /* a 64-bit delta does not commute with A's 32-bit one; nor does a replace */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        {
            int64_t d = 1, o = 0;
            uint32_t cb = 0;
            b_err1 = JetEscrowUpdate(w->b, w->tb, esc_big, &d, 8, &o, 8, &cb, 0);
        }
        b_err2 = esc(w->b, w->tb, esc_cnt, 1, &b_old, 0);
        CHECK_OK(JetRollback(w->b, 0));
        break;
    case 4: /* B prepares a replace (takes the record); A's delta then conflicts */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        CHECK_OK(JetPrepareUpdate(w->b, w->tb, JET_prepReplace));
        break;
    case 5:
        CHECK_OK(JetPrepareUpdate(w->b, w->tb, JET_prepCancel));
        CHECK_OK(JetRollback(w->b, 0));
        break;
    }
}

TEST(ver_escrow_deltas_commute) {
    /* S-VER-02, data-records 3.10 / 9.3 (ver.cxx FVERIWriteConflict, recupd.cxx
     * ErrRECIEscrowUpdate): escrow deltas of two sessions on one record do not conflict; each
     * reads its snapshot plus its own deltas; the old value returned is the record's with every
     * uncommitted delta; both commits count; a replace or delete conflicts with another's
     * pending delta and a delta with another's replace */
    struct two w = esc_open("esc.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, commute_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    int32_t old = -1;
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 5, &old, 0));
    CHECK_EQ(old, 0);
    b_step(&l, 1);
    CHECK_OK(b_err1);
    CHECK_EQ(b_old, 5);  /* A's uncommitted +5 is in the value before B's delta */
    CHECK_EQ(b_seen, 3); /* B's view: its snapshot (0) plus its own +3 */
    CHECK_ERR(JET_errWriteConflict, b_err2);
    CHECK_ERR(JET_errWriteConflict, b_err3);
    b_step(&l, 2); /* B commits its +3 */
    /* A still reads its snapshot plus its own delta, not B's commit */
    CHECK_EQ(col_of(w.a, w.ta, esc_cnt), 5);
    /* a further delta by A commutes with B's committed one; a replace does not */
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 8);
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 98));
    CHECK_EQ(col_of(w.a, w.ta, esc_cnt), 6);
    /* outside a transaction B reads the newest commit: its own +3 only */
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 3);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* both transactions' deltas counted */
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 9);
    CHECK_EQ(col_of(w.a, w.ta, esc_cnt), 9);
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);

    /* different delta sizes do not commute */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    b_step(&l, 3);
    CHECK_ERR(JET_errWriteConflict, b_err1);
    CHECK_OK(b_err2);
    CHECK_OK(JetRollback(w.a, 0));
    /* a rollback takes A's delta (and its hold) away: B's replace goes through */
    CHECK_EQ(col_of(w.a, w.ta, esc_cnt), 9);
    CHECK_OK(set_val(w.b, w.tb, &w, 11));
    /* another session's uncommitted replace makes a delta conflict */
    b_step(&l, 4);
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_ERR(JET_errWriteConflict, esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    b_step(&l, 5);
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 9);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 10);
    b_stop(&l, th);
}

TEST(ver_escrow_delta_then_replace_commits_once) {
    /* S-VER-02, data-records 3.10 / 4.6: a transaction that makes deltas on a record and also
     * replaces it commits the record with its deltas in it, and leaves no uncommitted delta
     * behind: the value before a later delta of another session counts them once */
    struct two w = esc_open("escrep.edb");
    int32_t old = -1;
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 2, &old, 0));
    CHECK_EQ(old, 0);
    CHECK_OK(set_val(w.a, w.ta, &w, 11));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 2);
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(esc(w.b, w.tb, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 2);
    CHECK_OK(JetCommitTransaction(w.b, 0));
    /* the replace first and the delta in a nested level, committed into it */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(set_val(w.a, w.ta, &w, 12));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 5, &old, 0));
    CHECK_EQ(old, 3);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 8);
    CHECK_EQ(val_of(w.b, w.tb, &w), 12);
    CHECK_OK(esc(w.b, w.tb, esc_cnt, -8, &old, 0));
    CHECK_EQ(old, 8);
    CHECK_OK(JetCommitTransaction(w.b, 0));
    CHECK_EQ(col_of(w.a, w.ta, esc_cnt), 0);
}

static JET_ERR esc64(JET_SESID s, JET_TABLEID t, int64_t delta) {
    int64_t old = 0;
    uint32_t cb = 0;
    return JetEscrowUpdate(s, t, esc_big, &delta, 8, &old, 8, &cb, 0);
}

TEST(ver_escrow_committed_delta_of_the_other_size) {
    /* S-VER-02 (ver.cxx FVERIWriteConflict: operDelta and operDelta64 are different
     * operations): a delta of an 8-byte escrow column another session committed since this
     * transaction began stops a delta of a 4-byte one on the record, not one of its own size;
     * a transaction that begins after it may make both */
    struct two w = esc_open("esc48.edb");
    int32_t old = -1;
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(JetBeginTransaction(w.b));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(esc64(w.b, w.tb, 5));
    CHECK_OK(JetCommitTransaction(w.b, 0));
    CHECK_ERR(JET_errWriteConflict, esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_OK(esc64(w.a, w.ta, 2));
    /* holding it for 8-byte deltas changes nothing for a 4-byte one */
    CHECK_ERR(JET_errWriteConflict, esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 0);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    int64_t big = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(w.b, w.tb, esc_big, &big, 8, &cb, 0, NULL));
    CHECK_EQ(big, 7);
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 1);
}

static void zero_b(struct two *w, int s) {
    switch (s) {
    case 1:
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        b_err1 = esc(w->b, w->tb, esc_refs, -1, &b_old, 0);
        break;
    case 2:
        CHECK_OK(JetCommitTransaction(w->b, 0));
        break;
    case 3: /* NoRollback: unversioned, no conflict, kept after B's rollback */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 2));
        b_err1 = esc(w->b, w->tb, esc_cnt, 4, NULL, JET_bitEscrowNoRollback);
        b_err2 = esc(w->b, w->tb, esc_cnt, 100, NULL, 0);
        CHECK_OK(JetRollback(w->b, 0));
        break;
    }
}

TEST(ver_escrow_delete_on_zero_and_no_rollback_between_sessions) {
    /* S-VER-02, data-records 3.10 / 4.6 / 9.6: two sessions bring a DeleteOnZero column from 2
     * to 0: the record goes once the last of them commits, whichever reached 0; a
     * JET_bitEscrowNoRollback delta meets no conflict and outlives its transaction */
    struct two w = esc_open("esc0.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, zero_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    int32_t old = -1;
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(esc(w.a, w.ta, esc_refs, 1, &old, 0)); /* Refs 1 -> 2 */
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(esc(w.a, w.ta, esc_refs, -1, &old, 0));
    CHECK_EQ(old, 2);
    /* A holds a replace-conflicting delta, yet B's deltas go through */
    b_step(&l, 1);
    CHECK_OK(b_err1);
    CHECK_EQ(b_old, 1);
    b_step(&l, 2); /* B's commit: the page value is 0, but A's delta is pending */
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(col_of(w.b, w.tb, esc_refs), 1);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* both committed: 0, and the record is gone */
    CHECK_ERR(JET_errRecordDeleted, go(w.b, w.tb, 1));

    /* NoRollback against another session's pending versioned delta */
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 0);
    b_step(&l, 3);
    CHECK_OK(b_err1);
    CHECK_OK(b_err2);
    /* B's NoRollback +4 is committed at once: A's next delta sees it in the old value */
    CHECK_OK(esc(w.a, w.ta, esc_cnt, 1, &old, 0));
    CHECK_EQ(old, 5);
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(col_of(w.b, w.tb, esc_cnt), 6);
    b_stop(&l, th);
}

/* ---- JetGetLock (S-VER-02, data-records 4.7 / 9.3) ------------------------------------- */

static void lock_b(struct two *w, int s) {
    switch (s) {
    case 1: /* A holds a read lock on record 1 */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        b_err1 = JetGetLock(w->b, w->tb, JET_bitReadLock);
        b_err2 = set_val(w->b, w->tb, w, 99);
        b_err3 = JetGetLock(w->b, w->tb, JET_bitWriteLock);
        break;
    case 2:
        CHECK_OK(JetRollback(w->b, 0));
        break;
    case 3: /* A holds a write lock on record 1 */
        CHECK_OK(JetBeginTransaction(w->b));
        CHECK_OK(go(w->b, w->tb, 1));
        b_err1 = JetGetLock(w->b, w->tb, JET_bitReadLock);
        b_err2 = JetDelete(w->b, w->tb);
        CHECK_OK(go(w->b, w->tb, 2));
        b_err3 = JetGetLock(w->b, w->tb, JET_bitWriteLock);
        CHECK_OK(JetRollback(w->b, 0));
        break;
    }
}

TEST(ver_get_lock_takes_real_locks) {
    /* S-VER-02, data-records 4.7 / 9.3 (rec.cxx ErrIsamGetLock, ver.cxx FVERIWriteConflict):
     * read locks share a record with read locks only; a write lock excludes everything;
     * both last until the level that took them ends */
    struct two w = two_open("lock.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, lock_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_ERR(JET_errNotInTransaction, JetGetLock(w.a, w.ta, JET_bitReadLock));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetGetLock(w.a, w.ta, JET_bitReadLock));
    b_step(&l, 1);
    CHECK_OK(b_err1);
    CHECK_ERR(JET_errWriteConflict, b_err2);
    CHECK_ERR(JET_errWriteConflict, b_err3);
    /* B's read lock keeps A from writing too */
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 11));
    b_step(&l, 2);
    /* outside a transaction B meets A's read lock */
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_ERR(JET_errWriteConflict, set_val(w.b, w.tb, &w, 12));
    /* alone with its read lock, A may write */
    CHECK_OK(set_val(w.a, w.ta, &w, 11));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(set_val(w.b, w.tb, &w, 12));

    /* a write lock, taken in a nested level */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(JetGetLock(w.a, w.ta, JET_bitWriteLock));
    CHECK_OK(JetGetLock(w.a, w.ta, JET_bitReadLock)); /* already held: nothing more */
    CHECK_OK(JetCommitTransaction(w.a, 0));           /* handed to level 1 */
    b_step(&l, 3);
    CHECK_ERR(JET_errWriteConflict, b_err1);
    CHECK_ERR(JET_errWriteConflict, b_err2);
    CHECK_OK(b_err3); /* record 2 is free */
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_OK(set_val(w.b, w.tb, &w, 13));

    /* a change committed since the transaction began: neither lock can be had */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(set_val(w.b, w.tb, &w, 14));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_ERR(JET_errWriteConflict, JetGetLock(w.a, w.ta, JET_bitReadLock));
    CHECK_ERR(JET_errWriteConflict, JetGetLock(w.a, w.ta, JET_bitWriteLock));
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_OK(JetGetLock(w.a, w.ta, JET_bitReadLock));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_OK(set_val(w.b, w.tb, &w, 21)); /* released by the commit */
    b_stop(&l, th);
}

/* ---- JET_COMMIT_ID (data-records 9.5) ----------------------------------------------------- */

static JET_COMMIT_ID b_id;

static void commit_id_b(struct two *w, int s) {
    (void)s;
    CHECK_OK(JetBeginTransaction(w->b));
    b_err1 = put(w->b, w->tb, w, 2, 20);
    memset(&b_id, 0, sizeof b_id);
    b_err2 = JetCommitTransaction2(w->b, 0, 0, &b_id);
}

TEST(ver_commit_ids_follow_commit_order) {
    /* data-records 9.5 (dir.cxx ErrDIRCommitTransaction): a level-0 commit that wrote data
     * fills JET_COMMIT_ID; later commits of any session have greater ids under one signature;
     * nested, read-only and wait-only commits leave it untouched */
    struct two w = two_open("cid.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, commit_id_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    JET_COMMIT_ID a1, a2, t;
    memset(&a1, 0xAB, sizeof a1);
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    /* a nested commit is not logged as a commit */
    CHECK_OK(JetBeginTransaction(w.a));
    memset(&t, 0xAB, sizeof t);
    CHECK_OK(JetCommitTransaction2(w.a, 0, 0, &t));
    CHECK_EQ(t.commitId, (int64_t)0xABABABABABABABABull);
    CHECK_OK(JetCommitTransaction2(w.a, 0, 0, &a1));
    CHECK(a1.commitId > 0);
    CHECK_EQ(a1.reserved, 0);
    b_step(&l, 1);
    CHECK_OK(b_err1);
    CHECK_OK(b_err2);
    CHECK(b_id.commitId > a1.commitId);
    CHECK(memcmp(&b_id.signLog, &a1.signLog, sizeof a1.signLog) == 0);
    /* a lazy commit is ordered too */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 3, 30));
    CHECK_OK(JetCommitTransaction2(w.a, JET_bitCommitLazyFlush, 0, &a2));
    CHECK(a2.commitId > b_id.commitId);
    /* a read-only transaction logs nothing: untouched */
    CHECK_OK(JetBeginTransaction2(w.a, JET_bitTransactionReadOnly));
    CHECK_OK(go(w.a, w.ta, 1));
    memset(&t, 0xAB, sizeof t);
    CHECK_OK(JetCommitTransaction2(w.a, 0, 0, &t));
    CHECK_EQ(t.commitId, (int64_t)0xABABABABABABABABull);
    CHECK_OK(JetCommitTransaction2(w.a, JET_bitWaitLastLevel0Commit, 0, &t));
    CHECK_EQ(t.commitId, (int64_t)0xABABABABABABABABull);
    /* NULL is allowed */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.a, w.ta, &w, 4, 40));
    CHECK_OK(JetCommitTransaction2(w.a, 0, 0, NULL));
    b_stop(&l, th);
}

/* More keys committed than the commit-sequence table keeps (65,536): B's part. */
static void floor_b(struct two *w, int s) {
    if (s != 1) return;
    for (int32_t i = 0; i < 70; i++) {
        CHECK_OK(JetBeginTransaction(w->b));
        for (int32_t j = 0; j < 1000; j++) CHECK_OK(put(w->b, w->tb, w, 1000 + i * 1000 + j, 0));
        CHECK_OK(JetCommitTransaction(w->b, JET_bitCommitLazyFlush));
    }
}

TEST(ver_write_conflict_older_than_the_sequence_table) {
    /* S-VER-02: a transaction that began before the oldest commit the engine still knows of
     * (the table of last commits keeps 65,536 keys) still meets the conflict for a record
     * committed with other bytes since it began, and none for a record left as it was */
    struct two w = two_open("floor.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, floor_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(set_val(w.b, w.tb, &w, 11));
    b_step(&l, 1);
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 12));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.a, w.ta));
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_OK(set_val(w.a, w.ta, &w, 21));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(val_of(w.b, w.tb, &w), 21);
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(val_of(w.b, w.tb, &w), 11);
    b_stop(&l, th);
}

/* Keys committed around A's begin, 70,000 in all (the table of last commits sweeps past
 * 65,536): B's part. */
static void pinned_b(struct two *w, int s) {
    int32_t first = s == 1 ? 1000 : 100000, batches = s == 1 ? 30 : 40;
    if (s == 2) {
        CHECK_OK(go(w->b, w->tb, 1));
        CHECK_OK(set_val(w->b, w->tb, w, 11));
        CHECK_OK(set_val(w->b, w->tb, w, 10)); /* and back */
    }
    for (int32_t i = 0; i < batches; i++) {
        CHECK_OK(JetBeginTransaction(w->b));
        for (int32_t j = 0; j < 1000; j++) CHECK_OK(put(w->b, w->tb, w, first + i * 1000 + j, 0));
        CHECK_OK(JetCommitTransaction(w->b, JET_bitCommitLazyFlush));
    }
}

TEST(ver_write_conflict_aba_seen_by_a_transaction_older_than_most_keys) {
    /* S-VER-02 (ver.cxx FVERIWriteConflict: any version committed after the writer's begin):
     * 30,000 keys are committed, A begins, B changes record 1 and back and commits 40,000
     * more. The table of last commits then sweeps: what changed before A's snapshot (the
     * oldest still read) goes and the 40,001 changes since stay, so A still meets the
     * conflict on record 1 (its bytes are what A saw) and none on record 2. Keeping only the
     * newer half of the table, as it once did, sent A to the byte comparison: no conflict */
    struct two w = two_open("pinned.edb");
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, pinned_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(put(w.a, w.ta, &w, 2, 20));
    b_step(&l, 1);
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 2));
    b_step(&l, 2);
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 12));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.a, w.ta));
    CHECK_OK(go(w.a, w.ta, 2));
    CHECK_OK(set_val(w.a, w.ta, &w, 21));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 2));
    CHECK_EQ(val_of(w.b, w.tb, &w), 21);
    b_stop(&l, th);
}

/* ---- JET_errWriteConflictPrimaryIndex (S-VER-02, data-records 9.3) ------------------------ */

static void primary_b(struct two *w, int s) {
    switch (s) {
    case 1:
        CHECK_OK(JetBeginTransaction(w->b));
        b_err1 = put(w->b, w->tb, w, 7, 70);
        CHECK_OK(JetRollback(w->b, 0));
        break;
    }
}

TEST(ver_write_conflict_primary_index) {
    /* S-VER-02, data-records 9.3 (fcb.cxx ErrSetUpdatingAndEnterDML): an insert into a table
     * whose primary index another session created in a transaction still open is -1105, in a
     * transaction or not; once that transaction ends, inserts go on */
    struct two w;
    memset(&w, 0, sizeof w);
    w.inst = fixture_running("versions", -1);
    w.a = fixture_session(w.inst);
    w.b = fixture_session(w.inst);
    CHECK_OK(JetCreateDatabase(w.a, fixture_path("pk.edb"), NULL, &w.da, 0));
    JET_COLUMNDEF c = coldef(JET_coltypLong);
    CHECK_OK(JetCreateTable(w.a, w.da, "T", 0, 0, &w.ta));
    CHECK_OK(JetAddColumn(w.a, w.ta, "Id", &c, NULL, 0, &w.id));
    CHECK_OK(JetAddColumn(w.a, w.ta, "Val", &c, NULL, 0, &w.val));
    CHECK_OK(JetCloseTable(w.a, w.ta)); /* JetCreateTable's cursor is exclusive */
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenDatabase(w.b, fixture_path("pk.edb"), NULL, &w.db, 0));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    struct lockstep l = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, &w, primary_b, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, lockstep_thread, &l) == 0);
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetCreateIndex(w.a, w.ta, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    /* A itself may insert */
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    b_step(&l, 1);
    CHECK_ERR(JET_errWriteConflictPrimaryIndex, b_err1);
    CHECK_ERR(JET_errWriteConflictPrimaryIndex, put(w.b, w.tb, &w, 8, 80));
    /* the rollback of the transaction ends it */
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_OK(put(w.b, w.tb, &w, 8, 80));
    CHECK_OK(JetMove(w.b, w.tb, JET_MoveFirst, 0));
    CHECK_OK(JetDelete(w.b, w.tb));
    /* made in a nested level and committed into its parent it holds; the level-0 commit ends it */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetCreateIndex(w.a, w.ta, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_ERR(JET_errWriteConflictPrimaryIndex, put(w.b, w.tb, &w, 9, 90));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(put(w.b, w.tb, &w, 9, 90));
    b_stop(&l, th);
}

TEST(ver_write_conflict_replace_and_back) {
    /* S-VER-02 (ver.cxx FVERIWriteConflict): a record another session changed and changed back
     * after this transaction began is a write conflict, though its bytes are as they were */
    struct two w = two_open("aba.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(set_val(w.b, w.tb, &w, 11));
    CHECK_OK(set_val(w.b, w.tb, &w, 10));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 12));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.a, w.ta));
    CHECK_OK(JetRollback(w.a, 0));
    /* a transaction that began after the changes may write */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_OK(set_val(w.a, w.ta, &w, 12));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_EQ(val_of(w.b, w.tb, &w), 12);
}

TEST(ver_write_conflict_delete_and_reinsert) {
    /* S-VER-02: a record another session deleted and inserted again with the same key and
     * bytes after this transaction began is a write conflict */
    struct two w = two_open("delins.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 10));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(go(w.b, w.tb, 1));
    CHECK_OK(JetDelete(w.b, w.tb));
    CHECK_OK(put(w.b, w.tb, &w, 1, 10));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_ERR(JET_errWriteConflict, set_val(w.a, w.ta, &w, 11));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.a, w.ta));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(go(w.a, w.ta, 1));
    CHECK_EQ(val_of(w.a, w.ta, &w), 10);
}

TEST(ver_write_conflict_insert_and_delete) {
    /* S-VER-02, data-records 9.3 (bt.cxx ErrBTInsert): a key another session inserted and
     * deleted again after this transaction began is a duplicate for this transaction's insert
     * of it (an insert never reports a write conflict) */
    struct two w = two_open("insdel.edb");
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(put(w.b, w.tb, &w, 7, 70));
    CHECK_OK(go(w.b, w.tb, 7));
    CHECK_OK(JetDelete(w.b, w.tb));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 7, 71));
    /* another key is free */
    CHECK_OK(put(w.a, w.ta, &w, 8, 80));
    CHECK_OK(JetCommitTransaction(w.a, 0));
    /* after the transaction the key may be inserted */
    CHECK_OK(put(w.a, w.ta, &w, 7, 72));
    CHECK_OK(go(w.b, w.tb, 7));
    CHECK_EQ(val_of(w.b, w.tb, &w), 72);
}

/* Divergences the data-layer model check (tests/model_data.rs) found, each kept as a case:
 * a seek inside a level is navigation that the level's rollback undoes (S-VER-03), a failed
 * insert leaves no lock behind (S-VER-02), and a seek after a move that ran off the index
 * finds the entry it stepped over (data-records 6.1 item 7, 6.3). */
#include "check.h"

#include <string.h>

struct w {
    JET_INSTANCE inst;
    JET_SESID a, b;
    JET_DBID da, db;
    JET_TABLEID ta, tb;
    JET_COLUMNID id, u;
};

/* T(Id Long primary, U Long under a unique IgnoreNull index), two sessions with a cursor each
 * on the primary index. */
static struct w w_open(const char *file) {
    struct w w;
    memset(&w, 0, sizeof w);
    w.inst = fixture_running("model-regress", -1);
    w.a = fixture_session(w.inst);
    w.b = fixture_session(w.inst);
    CHECK_OK(JetCreateDatabase(w.a, fixture_path(file), NULL, &w.da, 0));
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateTable(w.a, w.da, "T", 0, 0, &t));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    CHECK_OK(JetAddColumn(w.a, t, "Id", &c, NULL, 0, &w.id));
    CHECK_OK(JetAddColumn(w.a, t, "U", &c, NULL, 0, &w.u));
    CHECK_OK(JetCreateIndex(w.a, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCreateIndex(w.a, t, "IU", JET_bitIndexUnique | JET_bitIndexIgnoreNull, "+U\0", 4, 100));
    CHECK_OK(JetCloseTable(w.a, t));
    CHECK_OK(JetOpenTable(w.a, w.da, "T", NULL, 0, 0, &w.ta));
    CHECK_OK(JetOpenDatabase(w.b, fixture_path(file), NULL, &w.db, 0));
    CHECK_OK(JetOpenTable(w.b, w.db, "T", NULL, 0, 0, &w.tb));
    return w;
}

/* Inserts (id, u); u < 0 leaves U NULL. A failed update is cancelled. */
static JET_ERR put(JET_SESID s, JET_TABLEID t, struct w *w, int32_t id, int32_t u) {
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(s, t, w->id, &id, 4, 0, NULL));
    if (u >= 0) CHECK_OK(JetSetColumn(s, t, w->u, &u, 4, 0, NULL));
    JET_ERR e = JetUpdate(s, t, NULL, 0, NULL);
    if (e < 0) CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    return e;
}

static JET_ERR seek(JET_SESID s, JET_TABLEID t, int32_t id, JET_GRBIT op) {
    CHECK_OK(JetMakeKey(s, t, &id, 4, JET_bitNewKey));
    return JetSeek(s, t, op);
}

static int32_t id_of(JET_SESID s, JET_TABLEID t, struct w *w) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, w->id, &v, 4, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    return v;
}

TEST(model_regress_rollback_undoes_a_seek_position) {
    /* S-VER-03, data-records 9.6: a cursor that navigated inside a level goes before the first
     * entry when the level is rolled back; a seek navigates (ESE's ErrDIRDown). */
    struct w w = w_open("seek-nav.edb");
    for (int32_t i = 1; i <= 3; i++) CHECK_OK(put(w.a, w.ta, &w, i, -1));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(seek(w.a, w.ta, 2, JET_bitSeekEQ));
    CHECK_EQ(id_of(w.a, w.ta, &w), 2);
    CHECK_OK(JetRollback(w.a, 0));
    int32_t v = 0;
    uint32_t cb = 0;
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(w.a, w.ta, w.id, &v, 4, &cb, 0, NULL));
    CHECK_OK(JetMove(w.a, w.ta, JET_MoveNext, 0));
    CHECK_EQ(id_of(w.a, w.ta, &w), 1);
    /* A seek at a deeper level, rolled back to its parent: the same. */
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(seek(w.a, w.ta, 3, JET_bitSeekEQ));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(seek(w.a, w.ta, 2, JET_bitSeekLE));
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(w.a, w.ta, w.id, &v, 4, &cb, 0, NULL));
    CHECK_OK(JetRollback(w.a, 0));
    /* A seek outside a transaction is not undone by a later transaction's rollback. */
    CHECK_OK(seek(w.a, w.ta, 3, JET_bitSeekEQ));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_EQ(id_of(w.a, w.ta, &w), 3);
    CHECK_OK(JetTerm(w.inst));
}

TEST(model_regress_failed_insert_leaves_no_lock) {
    /* S-VER-02: the failed call has no effect. An insert inside a transaction that fails on
     * its unique secondary key (-1605) must not keep the new record's key locked: another
     * session can then insert that key. */
    struct w w = w_open("insert-lock.edb");
    CHECK_OK(put(w.a, w.ta, &w, 1, 7));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_ERR(JET_errKeyDuplicate, put(w.a, w.ta, &w, 2, 7));
    CHECK_OK(put(w.b, w.tb, &w, 2, 8));
    /* The same for a replace prepared without a lock whose new unique key is taken. */
    CHECK_OK(seek(w.a, w.ta, 1, JET_bitSeekEQ));
    CHECK_OK(JetPrepareUpdate(w.a, w.ta, JET_prepReplaceNoLock));
    int32_t eight = 8;
    CHECK_OK(JetSetColumn(w.a, w.ta, w.u, &eight, 4, 0, NULL));
    CHECK_ERR(JET_errKeyDuplicate, JetUpdate(w.a, w.ta, NULL, 0, NULL));
    CHECK_OK(JetPrepareUpdate(w.a, w.ta, JET_prepCancel));
    CHECK_OK(seek(w.b, w.tb, 1, JET_bitSeekEQ));
    CHECK_OK(JetPrepareUpdate(w.b, w.tb, JET_prepReplace));
    int32_t nine = 9;
    CHECK_OK(JetSetColumn(w.b, w.tb, w.u, &nine, 4, 0, NULL));
    CHECK_OK(JetUpdate(w.b, w.tb, NULL, 0, NULL));
    /* A lock JetPrepareUpdate(prepReplace) took stays after its update fails. */
    CHECK_OK(JetCommitTransaction(w.a, 0));
    CHECK_OK(JetBeginTransaction(w.a));
    CHECK_OK(seek(w.a, w.ta, 1, JET_bitSeekEQ));
    CHECK_OK(JetPrepareUpdate(w.a, w.ta, JET_prepReplace));
    CHECK_OK(JetSetColumn(w.a, w.ta, w.u, &eight, 4, 0, NULL));
    CHECK_ERR(JET_errKeyDuplicate, JetUpdate(w.a, w.ta, NULL, 0, NULL));
    CHECK_OK(JetPrepareUpdate(w.a, w.ta, JET_prepCancel));
    CHECK_OK(seek(w.b, w.tb, 1, JET_bitSeekEQ));
    CHECK_ERR(JET_errWriteConflict, JetDelete(w.b, w.tb));
    CHECK_OK(JetRollback(w.a, 0));
    CHECK_OK(JetDelete(w.b, w.tb));
    CHECK_OK(JetTerm(w.inst));
}

TEST(model_regress_seek_after_moving_off_the_index) {
    /* data-records 6.1 item 7, 6.3: a move past the first (last) entry leaves the cursor
     * before the first (after the last); a seek then finds the entry the move stepped over. */
    struct w w = w_open("seek-after-move.edb");
    for (int32_t i = 0; i <= 2; i++) CHECK_OK(put(w.a, w.ta, &w, i, -1));
    CHECK_OK(JetMove(w.a, w.ta, JET_MoveFirst, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(w.a, w.ta, JET_MovePrevious, 0));
    CHECK_OK(seek(w.a, w.ta, 0, JET_bitSeekLE));
    CHECK_EQ(id_of(w.a, w.ta, &w), 0);
    CHECK_OK(JetMove(w.a, w.ta, JET_MoveLast, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(w.a, w.ta, JET_MoveNext, 0));
    CHECK_OK(seek(w.a, w.ta, 2, JET_bitSeekGE));
    CHECK_EQ(id_of(w.a, w.ta, &w), 2);
    CHECK_OK(JetMove(w.a, w.ta, JET_MoveLast, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(w.a, w.ta, JET_MoveNext, 0));
    CHECK_OK(seek(w.a, w.ta, 2, JET_bitSeekEQ));
    CHECK_EQ(id_of(w.a, w.ta, &w), 2);
    CHECK_OK(JetTerm(w.inst));
}

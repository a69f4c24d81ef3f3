/* Cursor positions and the smaller cursor calls: JetGetRecordPosition, JetGotoPosition,
 * JetDupCursor, JetGetCursorInfo, JetSetTableSequential, JetResetTableSequential,
 * JetPrereadKeys, JetGetLock (data-records 1.1, 4.7, 6.6, 6.9-6.12; S-BAD-01, S-THD-02). */
#include "check.h"

#include <string.h>

struct pt {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id;
};

/* A table T(Id Long), primary index on Id when `primary` (else sequential), holding the ids
 * 10, 20, ... 10*n inserted in a scrambled order. */
static struct pt pt_open(const char *file, int primary, int n) {
    struct pt p;
    memset(&p, 0, sizeof p);
    p.inst = fixture_running("positions", -1);
    p.s = fixture_session(p.inst);
    CHECK_OK(JetCreateDatabase(p.s, fixture_path(file), NULL, &p.dbid, 0));
    CHECK_OK(JetCreateTable(p.s, p.dbid, "T", 0, 0, &p.t));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    CHECK_OK(JetAddColumn(p.s, p.t, "Id", &c, NULL, 0, &p.id));
    if (primary) CHECK_OK(JetCreateIndex(p.s, p.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    for (int i = 0; i < n; i++) {
        int32_t v = 10 * (1 + (i * 7) % n); /* 7 is prime to the sizes used */
        if (!primary) v = 10 * (i + 1);
        CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(p.s, p.t, p.id, &v, sizeof v, 0, NULL));
        CHECK_OK(JetUpdate(p.s, p.t, NULL, 0, NULL));
    }
    /* JetCreateTable's cursor denies reads to other sessions: open one that does not */
    CHECK_OK(JetCloseTable(p.s, p.t));
    CHECK_OK(JetOpenTable(p.s, p.dbid, "T", NULL, 0, 0, &p.t));
    return p;
}

static int32_t cur_id(struct pt *p, JET_TABLEID t) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(p->s, t, p->id, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    return v;
}

static JET_RECPOS recpos(uint32_t lt, uint32_t total) {
    JET_RECPOS r;
    r.cbStruct = sizeof r;
    r.centriesLT = lt;
    r.centriesInRange = 1;
    r.centriesTotal = total;
    return r;
}

TEST(pos_get_record_position) {
    /* data-records 6.6: exact counts, JET_RECPOS and JET_RECPOS2 by cbRecpos */
    struct pt p = pt_open("a.edb", 1, 10);
    JET_RECPOS r;
    /* 6.6: not on a record -> -1603 (before the first record; a freshly opened cursor is not
     * used here: Windows' defers its move to the first record to the first access) */
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(p.s, p.t, JET_MovePrevious, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    /* the size is checked first */
    CHECK_ERR(JET_errInvalidParameter, JetGetRecordPosition(p.s, p.t, &r, 15));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    for (int i = 0; i < 10; i++) {
        memset(&r, 0xAB, sizeof r);
        CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
        CHECK_EQ(r.cbStruct, sizeof(JET_RECPOS));
        CHECK_EQ(r.centriesLT, i);
        CHECK_EQ(r.centriesInRange, 1);
        CHECK_EQ(r.centriesTotal, 10);
        CHECK_EQ(cur_id(&p, p.t), 10 * (i + 1));
        if (i < 9) CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    }
    /* 16..31 bytes fill a JET_RECPOS and nothing beyond it */
    unsigned char buf[48];
    memset(buf, 0xCD, sizeof buf);
    CHECK_OK(JetGetRecordPosition(p.s, p.t, (JET_RECPOS *)buf, 31));
    memcpy(&r, buf, sizeof r);
    CHECK_EQ(r.cbStruct, 16);
    CHECK_EQ(r.centriesLT, 9);
    CHECK_EQ(buf[16], 0xCD);
    /* 32 or more: a JET_RECPOS2 */
    JET_RECPOS2 r2;
    for (uint32_t cb = 32; cb <= 48; cb += 16) {
        memset(buf, 0xCD, sizeof buf);
        CHECK_OK(JetGetRecordPosition(p.s, p.t, (JET_RECPOS *)buf, cb));
        memcpy(&r2, buf, sizeof r2);
        CHECK_EQ(r2.cbStruct, sizeof(JET_RECPOS2));
        CHECK_EQ(r2.centriesLT, 9);
        CHECK_EQ(r2.centriesTotal, 10);
        CHECK_EQ(r2.centriesLTDeprecated, 9);
        CHECK_EQ(r2.centriesTotalDeprecated, 10);
        CHECK_EQ(r2.centriesInRangeDeprecated, 1);
        CHECK_EQ(buf[32], 0xCD);
    }
    /* S-BAD-01: NULL where Windows would write, after the state checks */
    CHECK_ERR(JET_errInvalidParameter, JetGetRecordPosition(p.s, p.t, NULL, sizeof r));
    /* off the end -> -1603, and NULL does not hide it */
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetRecordPosition(p.s, p.t, NULL, sizeof r));
    /* a record this cursor deleted keeps its place; the total drops */
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    CHECK_OK(JetMove(p.s, p.t, 4, 0));
    CHECK_OK(JetDelete(p.s, p.t));
    CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_EQ(r.centriesLT, 4);
    CHECK_EQ(r.centriesTotal, 9);
    CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&p, p.t), 60);
    CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_EQ(r.centriesLT, 4);
    /* data-records 1.1: handles first */
    CHECK_ERR(JET_errInvalidSesid, JetGetRecordPosition(0, p.t, &r, sizeof r));
    CHECK_ERR(JET_errInvalidTableId, JetGetRecordPosition(p.s, 0, &r, sizeof r));
}

TEST(pos_position_sees_own_uncommitted_changes) {
    /* data-records 6.6, 9.2: the position is on the cursor's view, the session's changes in it */
    struct pt p = pt_open("b.edb", 1, 4);
    JET_SESID s2 = fixture_session(p.inst);
    JET_DBID d2;
    JET_TABLEID t2;
    CHECK_OK(JetOpenDatabase(s2, fixture_path("b.edb"), NULL, &d2, 0));
    CHECK_OK(JetOpenTable(s2, d2, "T", NULL, 0, 0, &t2));
    CHECK_OK(JetBeginTransaction(p.s));
    int32_t v = 5;
    CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(p.s, p.t, p.id, &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(p.s, p.t, NULL, 0, NULL));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveLast, 0));
    JET_RECPOS r;
    CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_EQ(r.centriesLT, 4);
    CHECK_EQ(r.centriesTotal, 5);
    /* the other session does not see the insert */
    CHECK_OK(JetMove(s2, t2, JET_MoveLast, 0));
    CHECK_OK(JetGetRecordPosition(s2, t2, &r, sizeof r));
    CHECK_EQ(r.centriesLT, 3);
    CHECK_EQ(r.centriesTotal, 4);
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveLast, 0));
    CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_EQ(r.centriesTotal, 4);
}

TEST(pos_goto_position) {
    /* data-records 6.6: fraction LT/Total of the index; exact, so a position read comes back */
    struct pt p = pt_open("c.edb", 1, 10);
    for (uint32_t i = 0; i < 10; i++) {
        JET_RECPOS r = recpos(i, 10);
        CHECK_OK(JetGotoPosition(p.s, p.t, &r));
        CHECK_EQ(cur_id(&p, p.t), 10 * (i + 1));
        JET_RECPOS back;
        CHECK_OK(JetGetRecordPosition(p.s, p.t, &back, sizeof back));
        CHECK_EQ(back.centriesLT, i);
        CHECK_EQ(back.centriesTotal, 10);
    }
    /* other totals scale: 1/2 of 10 is entry 5, 1/1 the last, 0/0 the first, 2/3 entry 6 */
    JET_RECPOS r = recpos(1, 2);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_EQ(cur_id(&p, p.t), 60);
    r = recpos(7, 7);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_EQ(cur_id(&p, p.t), 100);
    r = recpos(0, 0);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_EQ(cur_id(&p, p.t), 10);
    r = recpos(2, 3);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_EQ(cur_id(&p, p.t), 70);
    /* moves continue from there */
    CHECK_OK(JetMove(p.s, p.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&p, p.t), 60);
    /* a JET_RECPOS2: the 64-bit counts, the deprecated ones 0 */
    JET_RECPOS2 r2;
    memset(&r2, 0, sizeof r2);
    r2.cbStruct = sizeof r2;
    r2.centriesLT = 3ULL << 33;
    r2.centriesTotal = 10ULL << 33;
    r2.centriesInRangeDeprecated = 77; /* not checked */
    CHECK_OK(JetGotoPosition(p.s, p.t, (JET_RECPOS *)&r2));
    CHECK_EQ(cur_id(&p, p.t), 40);
    r2.centriesLTDeprecated = 1;
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, (JET_RECPOS *)&r2));
    r2.centriesLTDeprecated = 0;
    r2.centriesTotalDeprecated = 1;
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, (JET_RECPOS *)&r2));
    r2.centriesTotalDeprecated = 0;
    r2.centriesLT = r2.centriesTotal + 1;
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, (JET_RECPOS *)&r2));
    /* bad input: other sizes, LT > Total, NULL; the update stays prepared, the cursor stays */
    CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepReplace));
    r = recpos(1, 2);
    r.cbStruct = 20;
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, &r));
    r.cbStruct = 0;
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, &r));
    r = recpos(3, 2);
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, &r));
    CHECK_ERR(JET_errInvalidParameter, JetGotoPosition(p.s, p.t, NULL));
    CHECK_EQ(cur_id(&p, p.t), 40);
    /* 1.2: a goto cancels the prepared update */
    r = recpos(0, 1);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_ERR(JET_errUpdateNotPrepared, JetPrepareUpdate(p.s, p.t, JET_prepCancel));
    CHECK_ERR(JET_errInvalidSesid, JetGotoPosition(0, p.t, &r));
    CHECK_ERR(JET_errInvalidTableId, JetGotoPosition(p.s, 0, &r));
}

TEST(pos_goto_position_empty_and_sequential) {
    /* data-records 6.6: an empty index -> JET_errRecordNotFound, before the first entry */
    struct pt p = pt_open("d.edb", 0, 0);
    JET_RECPOS r = recpos(0, 1);
    CHECK_ERR(JET_errRecordNotFound, JetGotoPosition(p.s, p.t, &r));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    /* a table without primary index: the sequential order */
    for (int32_t v = 1; v <= 5; v++) {
        CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(p.s, p.t, p.id, &v, 4, 0, NULL));
        CHECK_OK(JetUpdate(p.s, p.t, NULL, 0, NULL));
    }
    r = recpos(3, 5);
    CHECK_OK(JetGotoPosition(p.s, p.t, &r));
    CHECK_EQ(cur_id(&p, p.t), 4);
    CHECK_OK(JetGetRecordPosition(p.s, p.t, &r, sizeof r));
    CHECK_EQ(r.centriesLT, 3);
    CHECK_EQ(r.centriesTotal, 5);
}

TEST(pos_dup_cursor) {
    /* data-records 6.9: a new cursor on the same table, before the first record, its own
     * position, no prepared update, same updatable flag */
    struct pt p = pt_open("e.edb", 1, 5);
    CHECK_OK(JetMove(p.s, p.t, JET_MoveLast, 0));
    CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepReplace));
    JET_TABLEID d = JET_tableidNil;
    CHECK_OK(JetDupCursor(p.s, p.t, &d, 0x12345678 /* grbit ignored */));
    CHECK(d != JET_tableidNil && d != p.t);
    CHECK_ERR(JET_errUpdateNotPrepared, JetPrepareUpdate(p.s, d, JET_prepCancel));
    CHECK_OK(JetMove(p.s, d, JET_MoveFirst, 0));
    CHECK_EQ(cur_id(&p, d), 10);
    CHECK_EQ(cur_id(&p, p.t), 50);
    /* the source's update is still prepared */
    CHECK_OK(JetPrepareUpdate(p.s, p.t, JET_prepCancel));
    /* updatable: an insert through the duplicate is seen through the source */
    int32_t v = 60;
    CHECK_OK(JetPrepareUpdate(p.s, d, JET_prepInsert));
    CHECK_OK(JetSetColumn(p.s, d, p.id, &v, 4, 0, NULL));
    CHECK_OK(JetUpdate(p.s, d, NULL, 0, NULL));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveLast, 0));
    CHECK_EQ(cur_id(&p, p.t), 60);
    /* closing the source leaves the duplicate usable */
    CHECK_OK(JetCloseTable(p.s, p.t));
    CHECK_OK(JetMove(p.s, d, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&p, d), 20);
    /* a duplicate of a duplicate */
    JET_TABLEID d2 = JET_tableidNil;
    CHECK_OK(JetDupCursor(p.s, d, &d2, 0));
    CHECK_OK(JetMove(p.s, d2, JET_MoveLast, 0));
    CHECK_EQ(cur_id(&p, d2), 60);
    /* S-BAD-01: NULL ptableid, nothing opened (the handle checks come first) */
    CHECK_ERR(JET_errInvalidParameter, JetDupCursor(p.s, d, NULL, 0));
    CHECK_ERR(JET_errInvalidSesid, JetDupCursor(0, d, &d2, 0));
    CHECK_ERR(JET_errInvalidTableId, JetDupCursor(p.s, p.t, &d2, 0));
}

TEST(pos_dup_cursor_read_only_and_locks) {
    /* data-records 6.9: same updatable flag; the duplicate holds the table like an open */
    struct pt p = pt_open("f.edb", 1, 2);
    CHECK_OK(JetCloseTable(p.s, p.t));
    JET_TABLEID ro, d;
    CHECK_OK(JetOpenTable(p.s, p.dbid, "T", NULL, 0, JET_bitTableReadOnly, &ro));
    CHECK_OK(JetDupCursor(p.s, ro, &d, 0));
    CHECK_ERR(JET_errPermissionDenied, JetPrepareUpdate(p.s, d, JET_prepInsert));
    CHECK_OK(JetCloseTable(p.s, ro));
    /* the duplicate alone keeps the table in use: no DenyRead open by another session, no
     * delete */
    JET_SESID s2 = fixture_session(p.inst);
    JET_DBID d2;
    JET_TABLEID t2;
    CHECK_OK(JetOpenDatabase(s2, fixture_path("f.edb"), NULL, &d2, 0));
    CHECK_ERR(JET_errTableInUse, JetOpenTable(s2, d2, "T", NULL, 0, JET_bitTableDenyRead, &t2));
    CHECK_ERR(JET_errTableInUse, JetDeleteTable(p.s, p.dbid, "T"));
    CHECK_OK(JetCloseTable(p.s, d));
    CHECK_OK(JetOpenTable(s2, d2, "T", NULL, 0, JET_bitTableDenyRead, &t2));
    CHECK_OK(JetCloseTable(s2, t2));
    /* S-THD-02: a duplicate made inside a transaction is closed by its rollback */
    CHECK_OK(JetOpenTable(p.s, p.dbid, "T", NULL, 0, 0, &p.t));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetDupCursor(p.s, p.t, &d, 0));
    CHECK_OK(JetMove(p.s, d, JET_MoveFirst, 0));
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_ERR(JET_errInvalidTableId, JetMove(p.s, d, JET_MoveFirst, 0));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
}

TEST(pos_get_cursor_info) {
    /* data-records 6.10: cbMax and InfoLevel 0 (checked first), then on a record */
    struct pt p = pt_open("g.edb", 1, 3);
    /* a fresh cursor is not on a record (Windows checks without making its deferred move) */
    CHECK_ERR(JET_errNoCurrentRecord, JetGetCursorInfo(p.s, p.t, NULL, 0, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetCursorInfo(p.s, p.t, NULL, 1, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetCursorInfo(p.s, p.t, NULL, 0, 1));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    char buf[4];
    CHECK_OK(JetGetCursorInfo(p.s, p.t, buf, 0, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetCursorInfo(p.s, p.t, buf, sizeof buf, 0));
    CHECK_OK(JetDelete(p.s, p.t));
    CHECK_ERR(JET_errRecordDeleted, JetGetCursorInfo(p.s, p.t, NULL, 0, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(p.s, p.t, JET_MovePrevious, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetCursorInfo(p.s, p.t, NULL, 0, 0));
    CHECK_ERR(JET_errInvalidSesid, JetGetCursorInfo(0, p.t, NULL, 0, 0));
    CHECK_ERR(JET_errInvalidTableId, JetGetCursorInfo(p.s, 0, NULL, 0, 0));
}

TEST(pos_table_sequential) {
    /* data-records 6.11: a hint, always 0; navigation is unchanged */
    struct pt p = pt_open("h.edb", 1, 3);
    CHECK_OK(JetSetTableSequential(p.s, p.t, JET_bitPrereadForward));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&p, p.t), 20);
    CHECK_OK(JetSetTableSequential(p.s, p.t, JET_bitPrereadBackward));
    CHECK_OK(JetSetTableSequential(p.s, p.t, 0xFFFFFFFF));
    CHECK_OK(JetResetTableSequential(p.s, p.t, 0));
    CHECK_OK(JetResetTableSequential(p.s, p.t, 0xFFFFFFFF));
    CHECK_EQ(cur_id(&p, p.t), 20);
    CHECK_ERR(JET_errInvalidSesid, JetSetTableSequential(0, p.t, 0));
    CHECK_ERR(JET_errInvalidTableId, JetSetTableSequential(p.s, 0, 0));
    CHECK_ERR(JET_errInvalidSesid, JetResetTableSequential(0, p.t, 0));
    CHECK_ERR(JET_errInvalidTableId, JetResetTableSequential(p.s, 0, 0));
}

TEST(pos_preread_keys) {
    /* data-records 6.12: the checks in Windows' order; every key is done */
    struct pt p = pt_open("i.edb", 1, 4);
    unsigned char k[4][16];
    uint32_t cb[4];
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    for (int i = 0; i < 4; i++) {
        uint32_t n = 0;
        CHECK_OK(JetRetrieveKey(p.s, p.t, k[i], sizeof k[i], &n, 0));
        cb[i] = n;
        if (i < 3) CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    }
    const void *fwd[4] = {k[0], k[1], k[2], k[3]};
    const void *back[4] = {k[3], k[2], k[1], k[0]};
    uint32_t cbback[4] = {cb[3], cb[2], cb[1], cb[0]};
    int32_t done = -1;
    CHECK_OK(JetPrereadKeys(p.s, p.t, fwd, cb, 4, &done, JET_bitPrereadForward));
    CHECK_EQ(done, 4);
    done = -1;
    CHECK_OK(JetPrereadKeys(p.s, p.t, back, cbback, 4, &done, JET_bitPrereadBackward));
    CHECK_EQ(done, 4);
    CHECK_OK(JetPrereadKeys(p.s, p.t, fwd, cb, 2, NULL, JET_bitPrereadForward));
    /* equal neighbours are in order both ways */
    const void *same[2] = {k[1], k[1]};
    uint32_t cbsame[2] = {cb[1], cb[1]};
    CHECK_OK(JetPrereadKeys(p.s, p.t, same, cbsame, 2, &done, JET_bitPrereadBackward));
    CHECK_EQ(done, 2);
    /* a key beyond the last record is fine (a read-ahead finds nothing) */
    unsigned char high[3] = {0xFF, 0xFF, 0xFF};
    const void *ph[1] = {high};
    uint32_t cbh[1] = {3};
    CHECK_OK(JetPrereadKeys(p.s, p.t, ph, cbh, 1, &done, JET_bitPrereadForward));
    CHECK_EQ(done, 1);
    /* the array checks, *pckeysPreread zeroed first */
    done = -1;
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, NULL, cb, 4, &done, JET_bitPrereadForward));
    CHECK_EQ(done, 0);
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, fwd, NULL, 4, &done, JET_bitPrereadForward));
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, fwd, cb, 0, &done, JET_bitPrereadForward));
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, fwd, cb, -1, &done, JET_bitPrereadForward));
    /* exactly one direction */
    CHECK_ERR(JET_errInvalidGrbit, JetPrereadKeys(p.s, p.t, fwd, cb, 4, &done, 0));
    CHECK_ERR(JET_errInvalidGrbit,
              JetPrereadKeys(p.s, p.t, fwd, cb, 4, &done, JET_bitPrereadForward | JET_bitPrereadBackward));
    CHECK_ERR(JET_errInvalidGrbit,
              JetPrereadKeys(p.s, p.t, fwd, cb, 4, &done, JET_bitPrereadForward | JET_bitPrereadFirstPage));
    /* order */
    done = -1;
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, back, cbback, 4, &done, JET_bitPrereadForward));
    CHECK_EQ(done, 0);
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, fwd, cb, 4, &done, JET_bitPrereadBackward));
    /* each key: NULL, size 0 or above the index's cbKeyMost (255) */
    const void *withnull[2] = {k[0], NULL};
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, withnull, cb, 2, &done, JET_bitPrereadForward));
    unsigned char big[256];
    memset(big, 0x7F, sizeof big);
    const void *pb[1] = {big};
    uint32_t cbbig[1] = {256};
    CHECK_ERR(JET_errInvalidBufferSize, JetPrereadKeys(p.s, p.t, pb, cbbig, 1, &done, JET_bitPrereadForward));
    cbbig[0] = 255;
    CHECK_OK(JetPrereadKeys(p.s, p.t, pb, cbbig, 1, &done, JET_bitPrereadForward));
    cbbig[0] = 0x7FFFFFFF; /* not read */
    CHECK_ERR(JET_errInvalidBufferSize, JetPrereadKeys(p.s, p.t, pb, cbbig, 1, &done, JET_bitPrereadForward));
    uint32_t cbzero[2] = {cb[0], 0};
    CHECK_ERR(JET_errInvalidBufferSize, JetPrereadKeys(p.s, p.t, fwd, cbzero, 2, &done, JET_bitPrereadForward));
    /* key by key: an order error at key 1 comes before a size error at key 2 */
    const void *mixed[3] = {k[1], k[0], k[2]};
    uint32_t cbmixed[3] = {cb[1], cb[0], 0};
    CHECK_ERR(JET_errInvalidParameter, JetPrereadKeys(p.s, p.t, mixed, cbmixed, 3, &done, JET_bitPrereadForward));
    CHECK_ERR(JET_errInvalidSesid, JetPrereadKeys(0, p.t, fwd, cb, 4, &done, JET_bitPrereadForward));
    CHECK_ERR(JET_errInvalidTableId, JetPrereadKeys(p.s, 0, fwd, cb, 4, &done, JET_bitPrereadForward));
}

TEST(pos_preread_keys_sequential_table) {
    /* data-records 6.12: without a primary index the key is the 4-byte record id */
    struct pt p = pt_open("j.edb", 0, 2);
    unsigned char k[5] = {0, 0, 0, 1, 0};
    const void *pk[1] = {k};
    uint32_t cbk[1] = {4};
    int32_t done = -1;
    CHECK_OK(JetPrereadKeys(p.s, p.t, pk, cbk, 1, &done, JET_bitPrereadForward));
    CHECK_EQ(done, 1);
    cbk[0] = 5;
    CHECK_ERR(JET_errInvalidBufferSize, JetPrereadKeys(p.s, p.t, pk, cbk, 1, &done, JET_bitPrereadForward));
}

TEST(pos_get_lock_checks) {
    /* data-records 4.7: the argument and state checks in Windows' order */
    struct pt p = pt_open("k.edb", 1, 2);
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    /* outside a transaction, whatever the grbit */
    CHECK_ERR(JET_errNotInTransaction, JetGetLock(p.s, p.t, JET_bitReadLock));
    CHECK_ERR(JET_errNotInTransaction, JetGetLock(p.s, p.t, 0));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_ERR(JET_errInvalidGrbit, JetGetLock(p.s, p.t, 0));
    CHECK_ERR(JET_errInvalidGrbit, JetGetLock(p.s, p.t, JET_bitReadLock | JET_bitWriteLock));
    CHECK_OK(JetGetLock(p.s, p.t, JET_bitReadLock));
    CHECK_OK(JetGetLock(p.s, p.t, JET_bitWriteLock));
    CHECK_OK(JetGetLock(p.s, p.t, JET_bitWriteLock | 0x100)); /* other bits ignored */
    /* not on a record, or on one deleted */
    CHECK_OK(JetDelete(p.s, p.t));
    CHECK_ERR(JET_errRecordDeleted, JetGetLock(p.s, p.t, JET_bitReadLock));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(p.s, p.t, JET_MovePrevious, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetLock(p.s, p.t, JET_bitWriteLock));
    CHECK_ERR(JET_errInvalidGrbit, JetGetLock(p.s, p.t, 0));
    CHECK_OK(JetRollback(p.s, 0));
    /* a write lock needs an updatable cursor and a read-write transaction */
    JET_TABLEID ro;
    CHECK_OK(JetOpenTable(p.s, p.dbid, "T", NULL, 0, JET_bitTableReadOnly, &ro));
    CHECK_OK(JetMove(p.s, ro, JET_MoveFirst, 0));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_ERR(JET_errPermissionDenied, JetGetLock(p.s, ro, JET_bitWriteLock));
    CHECK_OK(JetGetLock(p.s, ro, JET_bitReadLock));
    CHECK_OK(JetCommitTransaction(p.s, 0));
    CHECK_OK(JetBeginTransaction2(p.s, JET_bitTransactionReadOnly));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errTransReadOnly, JetGetLock(p.s, p.t, JET_bitWriteLock));
    CHECK_OK(JetGetLock(p.s, p.t, JET_bitReadLock));
    CHECK_OK(JetCommitTransaction(p.s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetGetLock(0, p.t, JET_bitReadLock));
    CHECK_ERR(JET_errInvalidTableId, JetGetLock(p.s, 0, JET_bitReadLock));
}

TEST(pos_rollback_puts_navigated_cursors_before_first) {
    /* data-records 9.6: a cursor that navigated inside the rolled-back level goes before the
     * first record; one that did not keeps its place; a commit makes the move the outer
     * level's */
    struct pt p = pt_open("l.edb", 1, 3);
    JET_TABLEID t2;
    CHECK_OK(JetOpenTable(p.s, p.dbid, "T", NULL, 0, 0, &t2));
    CHECK_OK(JetMove(p.s, t2, JET_MoveLast, 0));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveFirst, 0));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&p, p.t), 20);
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(p.s, p.t, p.id, NULL, 0, NULL, 0, NULL));
    CHECK_EQ(cur_id(&p, t2), 30);
    CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&p, p.t), 10);
    /* JetGotoPosition navigates too */
    CHECK_OK(JetBeginTransaction(p.s));
    JET_RECPOS r = recpos(1, 3);
    CHECK_OK(JetGotoPosition(p.s, t2, &r));
    CHECK_EQ(cur_id(&p, t2), 20);
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetRecordPosition(p.s, t2, &r, sizeof r));
    /* committed into level 1, the move belongs to level 1; committed to 0, it stays */
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveNext, 0));
    CHECK_OK(JetCommitTransaction(p.s, 0));
    CHECK_EQ(cur_id(&p, p.t), 20);
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(p.s, p.t, p.id, NULL, 0, NULL, 0, NULL));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetMove(p.s, p.t, JET_MoveLast, 0));
    CHECK_OK(JetCommitTransaction(p.s, 0));
    CHECK_OK(JetBeginTransaction(p.s));
    CHECK_OK(JetRollback(p.s, 0));
    CHECK_EQ(cur_id(&p, p.t), 30);
}

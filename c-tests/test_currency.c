/* ESE's currency rules: where a table cursor stands after each call, what a call does to a
 * prepared update and to an index range (data-records 1.2, 4.4, 4.5, 5.5, 6.1-6.9, 9.6).
 * The expectations are those of ManagedEsent's DML-currency tests (EsentInteropTests), which
 * run against Windows' esent.dll, rewritten here as C cases; the deferred move to the first
 * record, JetGotoPosition's resets and an index range set off the records follow ESE's source
 * (dir.cxx ErrDIRIIRefresh, rec.cxx ErrIsamGotoPosition / ErrIsamSetIndexRange). */
#include "check.h"

#include <string.h>

/* The ManagedEsent table: Long "key" (the primary index), "data1", "data2" and an
 * autoincrement column; two non-unique secondary indexes, "withkey" (+data1 -key) and
 * "nokey" (+data1 +data2). Like ManagedEsent's fixture, everything runs inside a transaction
 * begun before the table is made, on the cursor JetCreateTableColumnIndex returns. */
struct cy {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID key, d1, d2, ai;
};

static struct cy cy_open(const char *file) {
    struct cy r;
    memset(&r, 0, sizeof r);
    r.inst = fixture_running("currency", -1);
    r.s = fixture_session(r.inst);
    CHECK_OK(JetCreateDatabase(r.s, fixture_path(file), NULL, &r.db, 0));
    JET_COLUMNCREATE_A cols[4];
    memset(cols, 0, sizeof cols);
    const char *names[] = {"key", "data1", "data2", "autoinc"};
    for (int i = 0; i < 4; i++) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = (char *)names[i];
        cols[i].coltyp = JET_coltypLong;
    }
    cols[3].grbit = JET_bitColumnAutoincrement;
    static const char k0[] = "+key\0", k1[] = "+data1\0-key\0", k2[] = "+data1\0+data2\0";
    JET_INDEXCREATE_A idx[3];
    memset(idx, 0, sizeof idx);
    const char *inames[] = {"primary", "withkey", "nokey"};
    const char *keys[] = {k0, k1, k2};
    uint32_t cbs[] = {sizeof k0, sizeof k1, sizeof k2};
    for (int i = 0; i < 3; i++) {
        idx[i].cbStruct = sizeof idx[i];
        idx[i].szIndexName = (char *)inames[i];
        idx[i].szKey = (char *)keys[i];
        idx[i].cbKey = cbs[i];
        idx[i].ulDensity = 100;
    }
    idx[0].grbit = JET_bitIndexPrimary;
    JET_TABLECREATE_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"table";
    tc.rgcolumncreate = cols;
    tc.cColumns = 4;
    tc.rgindexcreate = idx;
    tc.cIndexes = 3;
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetCreateTableColumnIndex(r.s, r.db, &tc));
    CHECK_EQ(tc.cCreated, 8);
    r.t = tc.tableid;
    r.key = cols[0].columnid;
    r.d1 = cols[1].columnid;
    r.d2 = cols[2].columnid;
    r.ai = cols[3].columnid;
    return r;
}

/* Inserts (key, data1, data2) through cursor t; the code of JetUpdate. */
static JET_ERR ins3(struct cy *r, JET_TABLEID t, int32_t key, int32_t d1, int32_t d2) {
    CHECK_OK(JetPrepareUpdate(r->s, t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r->s, t, r->key, &key, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, t, r->d1, &d1, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, t, r->d2, &d2, 4, 0, NULL));
    return JetUpdate(r->s, t, NULL, 0, NULL);
}

/* ManagedEsent's defaults: data1 = 10 * key, data2 = 10 * data1. */
static void ins(struct cy *r, int32_t key) {
    CHECK_OK(ins3(r, r->t, key, 10 * key, 100 * key));
}

static void ins2(struct cy *r, int32_t key, int32_t d1, int32_t d2) {
    CHECK_OK(ins3(r, r->t, key, d1, d2));
}

/* Reads the current record's key, data1 and data2 through cursor t: the first failing code,
 * or 0. */
static JET_ERR rd(struct cy *r, JET_TABLEID t, int32_t out[3]) {
    JET_COLUMNID ids[3] = {r->key, r->d1, r->d2};
    for (int i = 0; i < 3; i++) {
        uint32_t cb = 0;
        out[i] = -999;
        JET_ERR e = JetRetrieveColumn(r->s, t, ids[i], &out[i], 4, &cb, 0, NULL);
        if (e != 0) return e;
        CHECK_EQ(cb, 4);
    }
    return 0;
}

/* The current record must be (key, d1, d2). */
#define AT3(r, t, k, a, b)                                                   \
    do {                                                                     \
        int32_t v_[3];                                                       \
        CHECK_OK(rd((r), (t), v_));                                          \
        CHECK_EQ(v_[0], (k));                                                \
        CHECK_EQ(v_[1], (a));                                                \
        CHECK_EQ(v_[2], (b));                                                \
    } while (0)
#define AT(r, k) AT3((r), (r)->t, (k), 10 * (k), 100 * (k))
/* No current record: reading gives exactly `code`. */
#define NOT_AT(r, code)                                                      \
    do {                                                                     \
        int32_t v_[3];                                                       \
        CHECK_ERR((code), rd((r), (r)->t, v_));                              \
    } while (0)

static JET_ERR mv(struct cy *r, int32_t crow) {
    return JetMove(r->s, r->t, crow, 0);
}

static JET_ERR seek1(struct cy *r, int32_t key, JET_GRBIT grbit) {
    CHECK_OK(JetMakeKey(r->s, r->t, &key, 4, JET_bitNewKey));
    return JetSeek(r->s, r->t, grbit);
}

static JET_ERR seek2(struct cy *r, int32_t d1, int32_t d2, JET_GRBIT grbit) {
    CHECK_OK(JetMakeKey(r->s, r->t, &d1, 4, JET_bitNewKey));
    CHECK_OK(JetMakeKey(r->s, r->t, &d2, 4, 0));
    return JetSeek(r->s, r->t, grbit);
}

static JET_ERR range1(struct cy *r, int32_t key, JET_GRBIT grbit) {
    CHECK_OK(JetMakeKey(r->s, r->t, &key, 4, JET_bitNewKey));
    return JetSetIndexRange(r->s, r->t, grbit);
}

static JET_ERR range2(struct cy *r, int32_t d1, int32_t d2, JET_GRBIT grbit) {
    CHECK_OK(JetMakeKey(r->s, r->t, &d1, 4, JET_bitNewKey));
    CHECK_OK(JetMakeKey(r->s, r->t, &d2, 4, 0));
    return JetSetIndexRange(r->s, r->t, grbit);
}

static void del(struct cy *r) {
    CHECK_OK(JetDelete(r->s, r->t));
}

static void replace2(struct cy *r, int32_t d1, int32_t d2) {
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepReplace));
    CHECK_OK(JetSetColumn(r->s, r->t, r->d1, &d1, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, r->t, r->d2, &d2, 4, 0, NULL));
    CHECK_OK(JetUpdate(r->s, r->t, NULL, 0, NULL));
}

/* Whether an update is prepared on the cursor (a cancel succeeds only then). */
static int prepared(struct cy *r) {
    return JetPrepareUpdate(r->s, r->t, JET_prepCancel) == 0;
}

/* ---- the deferred move to the first record -------------------------------------------- */

TEST(cy_open_defers_the_move_to_the_first_record) {
    /* data-records 6.9 and 6.7: a new cursor moves to the first record at the first call that
     * needs one (ESE's DeferMoveFirst), so what was inserted since the open is seen
     * (ManagedEsent CursorPositionAfterInsertClustered); an insert does not move it (4.4 12) */
    struct cy r = cy_open("defer.edb");
    /* an empty table: no record, and the move stays owed */
    NOT_AT(&r, JET_errNoCurrentRecord);
    uint32_t n = 99;
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, 0);
    ins(&r, 3);
    ins(&r, 1);
    ins(&r, 2);
    AT(&r, 1);
    ins(&r, 0);
    AT(&r, 1); /* the insert left the cursor on record 1, not on the new record 0 */
    CHECK_OK(mv(&r, JET_MoveFirst));
    AT(&r, 0);
    /* a duplicate owes the move too: a record inserted after the dup is its first */
    JET_TABLEID d = 0;
    CHECK_OK(JetDupCursor(r.s, r.t, &d, 0));
    CHECK_OK(ins3(&r, r.t, -5, -50, -500));
    AT3(&r, d, -5, -50, -500);
    CHECK_OK(JetCloseTable(r.s, d));
    /* JetOpenTable: the bookmark and the cursor info do not make the move (-1603); a read
     * does */
    JET_TABLEID o = 0;
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &o));
    unsigned char bm[16];
    uint32_t cbbm = 0;
    CHECK_ERR(JET_errNoCurrentRecord, JetGetBookmark(r.s, o, bm, sizeof bm, &cbbm));
    CHECK_ERR(JET_errNoCurrentRecord, JetGetCursorInfo(r.s, o, NULL, 0, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetSetCurrentIndex2(r.s, o, "nokey", JET_bitNoMove));
    CHECK_OK(ins3(&r, r.t, -7, -70, -700));
    AT3(&r, o, -7, -70, -700);
    CHECK_OK(JetGetBookmark(r.s, o, bm, sizeof bm, &cbbm));
    CHECK_OK(JetGetCursorInfo(r.s, o, NULL, 0, 0));
    CHECK_OK(JetCloseTable(r.s, o));
    /* the position and the count make the move too */
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &o));
    JET_RECPOS rp = {sizeof rp, 9, 9, 9};
    CHECK_OK(JetGetRecordPosition(r.s, o, &rp, sizeof rp));
    CHECK_EQ(rp.centriesLT, 0);
    CHECK_EQ(rp.centriesTotal, 6);
    CHECK_OK(JetCloseTable(r.s, o));
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &o));
    CHECK_OK(JetIndexRecordCount(r.s, o, &n, 0));
    CHECK_EQ(n, 6);
    CHECK_OK(JetCloseTable(r.s, o));
}

TEST(cy_deferred_move_then_step) {
    /* data-records 6.1 with ESE's DIR refresh: a step from a cursor that owes its move first
     * makes the move, then steps, so JetMove(JET_MoveNext) lands on the second record and
     * JetMove(JET_MovePrevious) runs off the start; on an empty table the step fails as one
     * off the end and the move is no longer owed */
    struct cy r = cy_open("step.edb");
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    ins(&r, 7);
    ins(&r, 8);
    CHECK_OK(mv(&r, JET_MovePrevious)); /* after the last: back to the last record */
    AT(&r, 8);
    JET_TABLEID o = 0;
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &o));
    CHECK_OK(JetMove(r.s, o, JET_MoveNext, 0));
    AT3(&r, o, 8, 80, 800);
    CHECK_OK(JetCloseTable(r.s, o));
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &o));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, o, JET_MovePrevious, 0));
    CHECK_OK(JetMove(r.s, o, JET_MoveNext, 0)); /* before the first now */
    AT3(&r, o, 7, 70, 700);
    CHECK_OK(JetCloseTable(r.s, o));
    /* JetSetCurrentIndex with MoveFirst owes the move on the new index */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    ins2(&r, 1, -1, 0);
    AT3(&r, r.t, 1, -1, 0);
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "nokey", JET_bitMoveFirst));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 7);
}

/* ---- navigation ----------------------------------------------------------------------- */

TEST(cy_move_first_last_next_previous) {
    /* data-records 6.1 (ManagedEsent NavigationMove*Clustered / *Secondary): the order of the
     * primary index and of "withkey" (+data1 -key: the larger key first within a data1) */
    struct cy r = cy_open("nav.edb");
    ins(&r, 2);
    ins(&r, 1);
    ins(&r, 3);
    CHECK_OK(mv(&r, JET_MoveFirst));
    AT(&r, 1);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 2);
    CHECK_OK(mv(&r, JET_MoveLast));
    AT(&r, 3);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 2);
    ins2(&r, 11, 10, 0);
    ins2(&r, 12, 10, 0);
    ins2(&r, -13, 30, 0);
    ins2(&r, -12, 30, 0);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "withkey"));
    CHECK_OK(mv(&r, JET_MoveFirst));
    AT3(&r, r.t, 12, 10, 0);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 11, 10, 0);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    CHECK_OK(mv(&r, JET_MoveLast));
    AT3(&r, r.t, -13, 30, 0);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, -12, 30, 0);
}

TEST(cy_past_either_end_and_back) {
    /* data-records 6.1 item 7: a move off an end gives -1603 and leaves the cursor past that
     * end, however often it is repeated; the move back lands on the end record
     * (ManagedEsent JetMoveWithMoveKeyNe*, NavigationEmptyTable*) */
    struct cy r = cy_open("ends.edb");
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveFirst));
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveLast));
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    for (int k = 1; k <= 3; k++) ins(&r, k);
    CHECK_OK(JetCommitTransaction(r.s, 0)); /* the rest reads the records from the file */
    CHECK_OK(mv(&r, JET_MoveLast));
    for (int i = 0; i < 2; i++) {
        CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
        NOT_AT(&r, JET_errNoCurrentRecord);
    }
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, JET_bitMoveKeyNE));
    AT(&r, 3);
    /* a seek of the last key right after a move ran off the end finds it (the store cursor
     * kept between calls is not left past it) */
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    AT(&r, 3);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(seek1(&r, 3, JET_bitSeekGE));
    AT(&r, 3);
    CHECK_OK(mv(&r, JET_MoveFirst));
    for (int i = 0; i < 2; i++) {
        CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
        NOT_AT(&r, JET_errNoCurrentRecord);
    }
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    /* a multi-row move that runs off the end ends past it, not on the last record */
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, 5));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 3);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, -5));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
}

TEST(cy_move_key_ne_on_a_secondary_index) {
    /* data-records 6.1 item 5 (ManagedEsent JetMoveWithMoveKeyNeSecondary): each step skips the
     * entries of the current key; on "nokey" the duplicates of a key are in primary key order.
     * The cursor's deferred move lands on the first record of the primary index, and
     * JetSetCurrentIndex (MoveFirst) on the first entry of the new one */
    struct cy r = cy_open("keyne.edb");
    ins2(&r, 3, 30, 300);
    ins2(&r, 6, 20, 200);
    ins2(&r, 2, 10, 100);
    ins2(&r, 4, 20, 200);
    ins2(&r, 1, 20, 200);
    ins2(&r, 5, 30, 300);
    AT3(&r, r.t, 1, 20, 200);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    AT3(&r, r.t, 2, 10, 100);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
    AT3(&r, r.t, 1, 20, 200);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    AT3(&r, r.t, 4, 20, 200);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
    AT3(&r, r.t, 3, 30, 300);
    for (int i = 0; i < 2; i++) {
        CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
        NOT_AT(&r, JET_errNoCurrentRecord);
    }
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, JET_bitMoveKeyNE));
    AT3(&r, r.t, 5, 30, 300);
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    AT3(&r, r.t, 3, 30, 300);
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, JET_bitMoveKeyNE));
    AT3(&r, r.t, 6, 20, 200);
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, JET_bitMoveKeyNE));
    AT3(&r, r.t, 2, 10, 100);
    for (int i = 0; i < 2; i++) {
        CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MovePrevious, JET_bitMoveKeyNE));
        NOT_AT(&r, JET_errNoCurrentRecord);
    }
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
    AT3(&r, r.t, 2, 10, 100);
}

/* ---- seeks ---------------------------------------------------------------------------- */

TEST(cy_seek_outcomes_primary) {
    /* data-records 6.3 items 6-7 (ManagedEsent NavigationSeek*Clustered, NavigationEmptyTable
     * Clustered): the code of each comparison on {1, 3}, and no current record after -1601 */
    struct cy r = cy_open("seekp.edb");
    JET_GRBIT all[] = {JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLT, JET_bitSeekLE,
                       JET_bitSeekEQ | JET_bitSetIndexRange};
    for (int i = 0; i < 6; i++) CHECK_ERR(JET_errRecordNotFound, seek1(&r, 1, all[i]));
    ins(&r, 1);
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 1, JET_bitSeekGT));
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 1, JET_bitSeekLT));
    ins(&r, 3);
    /* key:           0      1      2      3      4 */
    struct {
        JET_GRBIT op;
        JET_ERR code[5];
        int32_t at[5];
    } t[] = {
        {JET_bitSeekEQ, {-1601, 0, -1601, 0, -1601}, {0, 1, 0, 3, 0}},
        {JET_bitSeekGE, {1039, 0, 1039, 0, -1601}, {1, 1, 3, 3, 0}},
        {JET_bitSeekGT, {0, 0, 0, -1601, -1601}, {1, 3, 3, 0, 0}},
        {JET_bitSeekLE, {-1601, 0, 1039, 0, 1039}, {0, 1, 1, 3, 3}},
        {JET_bitSeekLT, {-1601, -1601, 0, 0, 0}, {0, 0, 1, 1, 3}},
    };
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 5; k++) {
            CHECK_ERR(t[i].code[k], seek1(&r, k, t[i].op));
            if (t[i].code[k] >= 0)
                AT(&r, t[i].at[k]);
            else
                NOT_AT(&r, JET_errNoCurrentRecord);
        }
}

TEST(cy_seek_outcomes_secondary) {
    /* data-records 6.3 (ManagedEsent NavigationSeek*Secondary) on "nokey": the entries are
     * (10,100)#1, (20,200)#2, (20,200)#5, (20,201)#4, (30,200)#3 */
    struct cy r = cy_open("seeks.edb");
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    CHECK_ERR(JET_errRecordNotFound, seek2(&r, 10, 100, JET_bitSeekEQ));
    ins2(&r, 5, 20, 200);
    ins2(&r, 2, 20, 200);
    CHECK_ERR(JET_errRecordNotFound, seek2(&r, 20, 200, JET_bitSeekGT));
    CHECK_ERR(JET_errRecordNotFound, seek2(&r, 20, 200, JET_bitSeekLT));
    NOT_AT(&r, JET_errNoCurrentRecord);
    ins2(&r, 3, 30, 200);
    ins2(&r, 1, 10, 100);
    ins2(&r, 4, 20, 201);
    struct {
        int32_t a, b;
        JET_GRBIT op;
        JET_ERR code;
        int32_t at; /* the record's key, 0 for none */
    } t[] = {
        {20, 100, JET_bitSeekEQ, -1601, 0},   {20, 200, JET_bitSeekEQ, 0, 2},
        {20, 300, JET_bitSeekEQ, -1601, 0},   {9, 100, JET_bitSeekLT, -1601, 0},
        {20, 100, JET_bitSeekLT, 0, 1},       {20, 200, JET_bitSeekLT, 0, 1},
        {20, 201, JET_bitSeekLT, 0, 5},       {20, 300, JET_bitSeekLT, 0, 4},
        {40, 100, JET_bitSeekLT, 0, 3},       {9, 100, JET_bitSeekLE, -1601, 0},
        {20, 100, JET_bitSeekLE, 1039, 1},    {20, 200, JET_bitSeekLE, 0, 2},
        {20, 201, JET_bitSeekLE, 0, 4},       {20, 300, JET_bitSeekLE, 1039, 4},
        {40, 100, JET_bitSeekLE, 1039, 3},    {9, 100, JET_bitSeekGT, 0, 1},
        {20, 100, JET_bitSeekGT, 0, 2},       {20, 200, JET_bitSeekGT, 0, 4},
        {20, 201, JET_bitSeekGT, 0, 3},       {20, 300, JET_bitSeekGT, 0, 3},
        {40, 100, JET_bitSeekGT, -1601, 0},   {9, 100, JET_bitSeekGE, 1039, 1},
        {20, 100, JET_bitSeekGE, 1039, 2},    {20, 200, JET_bitSeekGE, 0, 2},
        {20, 201, JET_bitSeekGE, 0, 4},       {20, 300, JET_bitSeekGE, 1039, 3},
        {40, 100, JET_bitSeekGE, -1601, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_ERR(t[i].code, seek2(&r, t[i].a, t[i].b, t[i].op));
        int32_t v[3];
        if (t[i].at == 0) {
            CHECK_ERR(JET_errNoCurrentRecord, rd(&r, r.t, v));
        } else {
            CHECK_OK(rd(&r, r.t, v));
            CHECK_EQ(v[0], t[i].at);
        }
    }
    /* the equal seek then a move: to the other duplicate */
    CHECK_OK(seek2(&r, 20, 200, JET_bitSeekEQ));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 5, 20, 200);
}

TEST(cy_failed_seek_keeps_a_place) {
    /* data-records 6.3 item 7: after an equal seek finds nothing the cursor has no record but
     * stands where the key would be, so a move goes on from there; a GE/GT seek off the end
     * leaves it after the last record, an LE/LT one before the first */
    struct cy r = cy_open("place.edb");
    for (int k = 1; k <= 5; k += 2) ins(&r, k);
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 2, JET_bitSeekEQ));
    NOT_AT(&r, JET_errNoCurrentRecord);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 3);
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 4, JET_bitSeekEQ));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 3);
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 6, JET_bitSeekGE));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 5);
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 0, JET_bitSeekLE));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    /* a failed seek still cancels an update and clears the key (data-records 1.2, 6.3 8) */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_ERR(JET_errRecordNotFound, seek1(&r, 2, JET_bitSeekEQ));
    CHECK(!prepared(&r));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
}

/* ---- index ranges --------------------------------------------------------------------- */

TEST(cy_seek_with_index_range) {
    /* data-records 6.3 (SeekEQ with JET_bitSetIndexRange), 6.1 item 8 (ManagedEsent
     * NavigationSeekSetIndexRange*): the range stops the walk at the key's last entry and goes;
     * the cursor is then after the last entry of the index */
    struct cy r = cy_open("seekr.edb");
    for (int k = 1; k <= 3; k++) ins(&r, k);
    CHECK_OK(seek1(&r, 2, JET_bitSeekEQ | JET_bitSetIndexRange));
    AT(&r, 2);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    NOT_AT(&r, JET_errNoCurrentRecord);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 3);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 2);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 3);
    /* on "nokey", over the duplicates of the key */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    ins2(&r, 5, 20, 200);
    ins2(&r, 12, 20, 200);
    ins2(&r, 14, 20, 201);
    CHECK_OK(seek2(&r, 20, 200, JET_bitSeekEQ | JET_bitSetIndexRange));
    AT3(&r, r.t, 2, 20, 200);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 5, 20, 200);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 12, 20, 200);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 3);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 14, 20, 201);
}

TEST(cy_index_range_limits) {
    /* data-records 6.4 (ManagedEsent JetSetIndexRange* tests, clustered and secondary): a lower limit
     * stops moves backward, an upper one moves forward, inclusive or not; hitting it removes
     * the range; RangeRemove and RangeInstantDuration */
    struct cy r = cy_open("range.edb");
    /* an empty table: no record to check (-1603) */
    CHECK_ERR(JET_errNoCurrentRecord, range1(&r, 1, 0));
    for (int k = 1; k <= 4; k++) ins(&r, k);
    struct {
        int32_t limit;
        JET_GRBIT grbit;
        int32_t from, inside, last_in, beyond;
    } t[] = {
        {1, 0, 3, 2, 2, 1},
        {2, JET_bitRangeInclusive, 3, 2, 2, 1},
        {4, JET_bitRangeUpperLimit, 2, 3, 3, 4},
        {3, JET_bitRangeUpperLimit | JET_bitRangeInclusive, 2, 3, 3, 4},
    };
    for (int i = 0; i < 4; i++) {
        int up = (t[i].grbit & JET_bitRangeUpperLimit) != 0;
        int32_t toward = up ? JET_MoveNext : JET_MovePrevious, back = up ? JET_MovePrevious : JET_MoveNext;
        CHECK_OK(seek1(&r, t[i].from, JET_bitSeekEQ));
        CHECK_OK(range1(&r, t[i].limit, t[i].grbit));
        AT(&r, t[i].from);
        CHECK_OK(mv(&r, toward));
        AT(&r, t[i].inside);
        CHECK_ERR(JET_errNoCurrentRecord, mv(&r, toward));
        NOT_AT(&r, JET_errNoCurrentRecord);
        /* the range is gone: back from past the end of the index */
        CHECK_OK(mv(&r, back));
        AT(&r, t[i].beyond);
        CHECK_OK(mv(&r, back));
        AT(&r, t[i].last_in);
        CHECK_OK(mv(&r, toward));
        AT(&r, t[i].beyond);
        CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    }
    /* removed by hand, the walk goes on; instant duration checks and keeps nothing */
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    CHECK_OK(range1(&r, 1, 0));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 2);
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 1);
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    CHECK_OK(range1(&r, 1, JET_bitRangeInstantDuration));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(mv(&r, -2));
    AT(&r, 1);
    /* the current record outside the limit: -1603, no range, past the limit's side */
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    CHECK_ERR(JET_errNoCurrentRecord, range1(&r, 2, JET_bitRangeUpperLimit));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 4);
}

TEST(cy_index_range_off_the_records) {
    /* data-records 6.4 with rec.cxx ErrIsamSetIndexRange: ESE sets the range before it checks
     * the position, so off the records the call gives -1603 yet the range is set (and the
     * search key gone); a later walk honours it */
    struct cy r = cy_open("rangeoff.edb");
    CHECK_ERR(JET_errNoCurrentRecord, range1(&r, 1, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    for (int k = 1; k <= 4; k++) ins(&r, k);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious)); /* before the first */
    CHECK_ERR(JET_errNoCurrentRecord, range1(&r, 2, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_ERR(JET_errKeyNotMade, JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 2);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    /* instant duration off the records keeps nothing */
    CHECK_ERR(JET_errNoCurrentRecord, range1(&r, 2, JET_bitRangeUpperLimit | JET_bitRangeInstantDuration));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
}

/* ---- DML ------------------------------------------------------------------------------ */

TEST(cy_insert_leaves_the_cursor) {
    /* data-records 4.4 item 12 (ManagedEsent CursorPositionAfterInsert*, JetPrepareUpdateFlags
     * Insert): an insert does not move the cursor; its bookmark leads to the new record */
    struct cy r = cy_open("ins.edb");
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    ins2(&r, 1, 20, 200);
    ins2(&r, 3, 10, 100);
    ins2(&r, 2, 10, 100);
    ins2(&r, 4, 40, 400);
    AT3(&r, r.t, 2, 10, 100);
    ins2(&r, 0, 0, 0);
    AT3(&r, r.t, 2, 10, 100);
    CHECK_OK(seek2(&r, 40, 400, JET_bitSeekEQ));
    int32_t key = 9, d1 = 90, d2 = 900;
    unsigned char bm[16];
    uint32_t cb = 0;
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.key, &key, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, r.d1, &d1, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, r.d2, &d2, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, bm, sizeof bm, &cb));
    CHECK_EQ(cb, 5);
    AT3(&r, r.t, 4, 40, 400);
    CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb));
    AT3(&r, r.t, 9, 90, 900);
    /* on the secondary index the bookmark lands on the record's entry there */
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 4, 40, 400);
    /* the autoincrement of an insert-copy (ManagedEsent JetPrepareUpdateFlagsInsertCopy) */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsertCopy));
    key = 10;
    CHECK_OK(JetSetColumn(r.s, r.t, r.key, &key, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    AT3(&r, r.t, 4, 40, 400);
    CHECK_OK(seek2(&r, 40, 400, JET_bitSeekEQ));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 10, 40, 400);
}

TEST(cy_delete_currency_primary) {
    /* data-records 4.5 item 6 (ManagedEsent CursorPositionAfterDeleteClustered): after a
     * delete the cursor stays at the record's place: a read is -1017, a move goes to the
     * neighbours; a record inserted again with the deleted key is the current record again */
    struct cy r = cy_open("delp.edb");
    ins(&r, 3);
    ins(&r, 1);
    ins(&r, 2);
    CHECK_OK(seek1(&r, 1, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    CHECK_ERR(JET_errRecordDeleted, mv(&r, 0));
    CHECK_ERR(JET_errRecordDeleted, JetDelete(r.s, r.t));
    ins(&r, 1);
    AT(&r, 1);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
    NOT_AT(&r, JET_errNoCurrentRecord);
    ins(&r, 1);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 2);
    ins(&r, 1);
    /* the middle record */
    CHECK_OK(seek1(&r, 2, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    ins(&r, 2);
    AT(&r, 2);
    del(&r);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 1);
    ins(&r, 2);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 2);
    del(&r);
    CHECK_OK(mv(&r, JET_MovePrevious));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 3);
    ins(&r, 2);
    /* the last record */
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    ins(&r, 3);
    AT(&r, 3);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    NOT_AT(&r, JET_errNoCurrentRecord);
    ins(&r, 3);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 3);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT(&r, 2);
    /* the bookmark of a deleted current record is still there (ESE's ErrDIRGetBookmark) */
    CHECK_OK(seek1(&r, 2, JET_bitSeekEQ));
    del(&r);
    unsigned char bm[16];
    uint32_t cb = 0;
    CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb));
    CHECK_EQ(cb, 5);
    CHECK_ERR(JET_errRecordDeleted, JetGotoBookmark(r.s, r.t, bm, cb));
}

TEST(cy_delete_currency_secondary) {
    /* data-records 4.5 item 6 on "nokey" (ManagedEsent CursorPositionAfterDeleteSecondary) */
    struct cy r = cy_open("dels.edb");
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    ins2(&r, 1, 20, 200);
    ins2(&r, 3, 10, 100);
    ins2(&r, 2, 10, 100);
    ins2(&r, 4, 40, 400);
    CHECK_OK(seek2(&r, 10, 100, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    ins2(&r, 2, 10, 100);
    AT3(&r, r.t, 2, 10, 100);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
    NOT_AT(&r, JET_errNoCurrentRecord);
    ins2(&r, 2, 10, 100);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 2, 10, 100);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MovePrevious));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 3, 10, 100);
    ins2(&r, 2, 10, 100);
    CHECK_OK(seek2(&r, 20, 200, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    ins2(&r, 1, 20, 200);
    AT3(&r, r.t, 1, 20, 200);
    del(&r);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 3, 10, 100);
    ins2(&r, 1, 20, 200);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 1, 20, 200);
    del(&r);
    CHECK_OK(mv(&r, JET_MovePrevious));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 4, 40, 400);
    ins2(&r, 1, 20, 200);
    CHECK_OK(seek2(&r, 40, 400, JET_bitSeekEQ));
    del(&r);
    NOT_AT(&r, JET_errRecordDeleted);
    ins2(&r, 4, 40, 400);
    AT3(&r, r.t, 4, 40, 400);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    NOT_AT(&r, JET_errNoCurrentRecord);
    ins2(&r, 4, 40, 400);
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 4, 40, 400);
    del(&r);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 1, 20, 200);
}

TEST(cy_replace_currency) {
    /* data-records 4.4 (ManagedEsent CursorPositionAfterUpdateClustered/Secondary): a replace
     * keeps the cursor on the record; on a secondary index whose key it changed, the cursor
     * keeps the old entry's place, so moves go to the old key's neighbours */
    struct cy r = cy_open("repl.edb");
    ins2(&r, 3, 30, 300);
    ins2(&r, 1, 10, 100);
    ins2(&r, 2, 20, 200);
    for (int k = 1; k <= 3; k++) {
        CHECK_OK(seek1(&r, k, JET_bitSeekEQ));
        replace2(&r, 10 * k + 1, 100 * k + 1);
        AT3(&r, r.t, k, 10 * k + 1, 100 * k + 1);
    }
    /* the same through "nokey" */
    struct cy *p = &r;
    CHECK_OK(JetSetCurrentIndex(p->s, p->t, "nokey"));
    ins2(p, 11, 20, 200);
    ins2(p, 13, 10, 100);
    ins2(p, 12, 10, 100);
    ins2(p, 14, 40, 400);
    /* "nokey" now: (10,100)#12 #13, (11,101)#1, (20,200)#11, (21,201)#2, (31,301)#3,
     * (40,400)#14 */
    CHECK_OK(seek2(p, 10, 100, JET_bitSeekEQ));
    AT3(p, p->t, 12, 10, 100);
    replace2(p, -10, -100);
    AT3(p, p->t, 12, -10, -100);
    CHECK_OK(mv(p, JET_MovePrevious)); /* from (10,100)#12's place: the moved entry */
    AT3(p, p->t, 12, -10, -100);
    CHECK_OK(mv(p, JET_MoveNext));
    AT3(p, p->t, 13, 10, 100);
    CHECK_OK(seek2(p, -10, -100, JET_bitSeekEQ));
    replace2(p, 35, 350);
    CHECK_OK(mv(p, JET_MoveNext)); /* from (-10,-100)'s place */
    AT3(p, p->t, 13, 10, 100);
    CHECK_ERR(JET_errNoCurrentRecord, mv(p, JET_MovePrevious));
    CHECK_OK(seek2(p, 40, 400, JET_bitSeekEQ));
    CHECK_OK(mv(p, JET_MovePrevious));
    AT3(p, p->t, 12, 35, 350);
}

/* ---- what each call does to a prepared update and to the index range ----------------- */

TEST(cy_calls_and_a_prepared_update) {
    /* data-records 1.2: JetMove, JetSeek, JetGotoBookmark, JetGotoSecondaryIndexBookmark,
     * JetGotoPosition and JetSetCurrentIndex with MoveFirst cancel a prepared update; reads,
     * JetMakeKey, JetSetIndexRange, JetGetBookmark, JetSetCurrentIndex with NoMove,
     * JetGetRecordPosition and JetIndexRecordCount leave it */
    struct cy r = cy_open("prep.edb");
    for (int k = 1; k <= 5; k++) ins(&r, k);
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    unsigned char bm[16], sk[16];
    uint32_t cb = 0, csk = 0;
    CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb));
    JET_RECPOS rp = {sizeof rp, 0, 0, 0};
    uint32_t n = 0;
    int32_t v[3];
    int32_t two = 2;
    for (int step = 0; step < 14; step++) {
        CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
        CHECK_OK(JetSetCurrentIndex2(r.s, r.t, NULL, JET_bitNoMove));
        CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
        int keeps = 1;
        switch (step) {
        case 0: CHECK_OK(mv(&r, JET_MoveNext)); keeps = 0; break;
        case 1: CHECK_OK(mv(&r, 0)); keeps = 0; break;
        case 2: CHECK_OK(seek1(&r, 2, JET_bitSeekGE)); keeps = 0; break;
        case 3: CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb)); keeps = 0; break;
        case 4: CHECK_OK(JetGotoPosition(r.s, r.t, &rp)); keeps = 0; break;
        case 5: CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey")); keeps = 0; break;
        case 6: CHECK_OK(rd(&r, r.t, v)); break;
        case 7: CHECK_OK(JetMakeKey(r.s, r.t, &two, 4, JET_bitNewKey)); break;
        case 8: CHECK_OK(range1(&r, 5, JET_bitRangeUpperLimit)); break;
        case 9: CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb)); break;
        case 10: CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "withkey", JET_bitNoMove)); break;
        case 11: CHECK_OK(JetGetRecordPosition(r.s, r.t, &rp, sizeof rp)); break;
        case 12: CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0)); break;
        case 13:
            CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepCancel));
            CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "nokey", JET_bitNoMove));
            CHECK_OK(JetGetSecondaryIndexBookmark(r.s, r.t, sk, sizeof sk, &csk, bm, sizeof bm, &cb, 0));
            CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
            CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, sk, csk, bm, cb, 0));
            keeps = 0;
            break;
        }
        CHECK_EQ(prepared(&r), keeps);
        CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    }
}

TEST(cy_calls_and_the_index_range) {
    /* data-records 6.4 item 9, 6.3, 5.5, 6.6, 6.7: JetSeek, JetMove(First/Last),
     * JetGotoBookmark, JetGotoSecondaryIndexBookmark, JetGotoPosition, JetSetCurrentIndex and
     * a successful JetIndexRecordCount remove the range; JetMove(Next/Previous) within it,
     * JetMove(0), reads, JetGetBookmark, JetGetRecordPosition and JetMakeKey keep it */
    struct cy r = cy_open("rng.edb");
    for (int k = 1; k <= 5; k++) ins(&r, k);
    CHECK_OK(seek1(&r, 1, JET_bitSeekEQ));
    unsigned char bm[16], sk[16];
    uint32_t cb = 0, csk = 0;
    CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb)); /* record 1 */
    JET_RECPOS rp = {sizeof rp, 0, 0, 0};
    uint32_t n = 0;
    int32_t v[3];
    int32_t one = 1;
    for (int step = 0; step < 15; step++) {
        CHECK_OK(JetSetCurrentIndex(r.s, r.t, step == 14 ? "nokey" : NULL));
        CHECK_OK(mv(&r, JET_MoveFirst));
        if (step == 14)
            CHECK_OK(range2(&r, 30, 300, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        else
            CHECK_OK(range1(&r, 3, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
        int keeps = 1;
        switch (step) {
        case 0: CHECK_OK(seek1(&r, 1, JET_bitSeekGE)); keeps = 0; break;
        case 1: CHECK_OK(mv(&r, JET_MoveFirst)); keeps = 0; break;
        case 2: CHECK_OK(mv(&r, JET_MoveLast)); keeps = 0; break;
        case 3: CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb)); keeps = 0; break;
        case 4: CHECK_OK(JetGotoPosition(r.s, r.t, &rp)); keeps = 0; break;
        case 5: CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey")); keeps = 0; break;
        case 6: CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "withkey", JET_bitNoMove)); keeps = 0; break;
        case 7: CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0)); CHECK_EQ(n, 3); keeps = 0; break;
        case 8: CHECK_OK(mv(&r, JET_MoveNext)); break;
        case 9: CHECK_OK(mv(&r, 0)); break;
        case 10: CHECK_OK(rd(&r, r.t, v)); break;
        case 11: CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb)); break;
        case 12: CHECK_OK(JetGetRecordPosition(r.s, r.t, &rp, sizeof rp)); break;
        case 13: CHECK_OK(JetMakeKey(r.s, r.t, &one, 4, JET_bitNewKey)); break;
        case 14:
            CHECK_OK(JetGetSecondaryIndexBookmark(r.s, r.t, sk, sizeof sk, &csk, bm, sizeof bm, &cb, 0));
            CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, sk, csk, bm, cb, 0));
            keeps = 0;
            break;
        }
        /* with the range, a walk forward ends at record 3 (its entry); without it, at 5 */
        int32_t last = -1;
        if (rd(&r, r.t, v) == 0) last = v[0];
        JET_ERR e;
        while ((e = mv(&r, JET_MoveNext)) == 0) {
            CHECK_OK(rd(&r, r.t, v));
            last = v[0];
        }
        CHECK_ERR(JET_errNoCurrentRecord, e);
        CHECK_EQ(last, keeps ? 3 : 5);
    }
}

TEST(cy_goto_position_clears_key_and_range) {
    /* data-records 6.6 with rec.cxx ErrIsamGotoPosition: JetGotoPosition cancels an update,
     * removes the index range and clears the search key */
    struct cy r = cy_open("gopos.edb");
    for (int k = 1; k <= 6; k++) ins(&r, k);
    CHECK_OK(mv(&r, JET_MoveFirst));
    CHECK_OK(range1(&r, 2, JET_bitRangeUpperLimit));
    int32_t key = 4;
    CHECK_OK(JetMakeKey(r.s, r.t, &key, 4, JET_bitNewKey));
    JET_RECPOS rp = {sizeof rp, 3, 1, 6};
    CHECK_OK(JetGotoPosition(r.s, r.t, &rp));
    AT(&r, 4);
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    /* the range set before would have stopped this walk at record 1 */
    CHECK_OK(JetGotoPosition(r.s, r.t, &(JET_RECPOS){sizeof rp, 0, 1, 6}));
    CHECK_OK(range1(&r, 2, JET_bitRangeUpperLimit));
    CHECK_OK(JetGotoPosition(r.s, r.t, &(JET_RECPOS){sizeof rp, 0, 1, 6}));
    CHECK_OK(mv(&r, JET_MoveNext));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 3);
    /* on a secondary index too */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    int32_t d1 = 20;
    CHECK_OK(JetMakeKey(r.s, r.t, &d1, 4, JET_bitNewKey | JET_bitFullColumnEndLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(JetMakeKey(r.s, r.t, &d1, 4, JET_bitNewKey));
    CHECK_OK(JetGotoPosition(r.s, r.t, &(JET_RECPOS){sizeof rp, 5, 1, 6}));
    AT(&r, 6);
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
}

TEST(cy_switching_index) {
    /* data-records 6.7: MoveFirst puts the cursor on the first entry of the new index (at its
     * first use), cancelling an update; NoMove keeps the record and its update and goes to
     * its entry in the new index; both drop the search key and the range */
    struct cy r = cy_open("switch.edb");
    ins2(&r, 1, 30, 0);
    ins2(&r, 2, 10, 0);
    ins2(&r, 3, 20, 0);
    CHECK_OK(seek1(&r, 1, JET_bitSeekEQ));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "nokey", JET_bitNoMove));
    AT3(&r, r.t, 1, 30, 0);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext)); /* (30,0) is the last entry */
    CHECK_OK(mv(&r, JET_MovePrevious));
    AT3(&r, r.t, 1, 30, 0);
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "withkey", JET_bitMoveFirst));
    AT3(&r, r.t, 2, 10, 0);
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 3, 20, 0);
    /* the key and the range go with the index */
    int32_t k = 1;
    CHECK_OK(JetMakeKey(r.s, r.t, &k, 4, JET_bitNewKey));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, NULL, JET_bitNoMove));
    AT3(&r, r.t, 3, 20, 0);
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(range1(&r, 3, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "nokey", JET_bitNoMove));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT3(&r, r.t, 1, 30, 0);
    /* MoveFirst naming the index already current changes nothing but the position (rec.cxx
     * ErrRECSetCurrentIndex returns at once): the key and the range stay; another index drops
     * both */
    int32_t d1 = 20, d2 = 0;
    CHECK_OK(JetMakeKey(r.s, r.t, &d1, 4, JET_bitNewKey));
    CHECK_OK(JetMakeKey(r.s, r.t, &d2, 4, 0));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    AT3(&r, r.t, 3, 20, 0);
    CHECK_OK(range2(&r, 20, 0, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "nokey", JET_bitMoveFirst));
    CHECK_OK(mv(&r, JET_MoveNext)); /* the deferred move to (10,0)#2, then a step to (20,0)#3 */
    AT3(&r, r.t, 3, 20, 0);
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext)); /* (30,0) is past the range */
    CHECK_OK(JetMakeKey(r.s, r.t, &d1, 4, JET_bitNewKey));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "withkey"));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(range1(&r, 1, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "withkey"));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(range1(&r, 1, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    CHECK_OK(mv(&r, JET_MoveLast));
    /* NoMove off the records: -1603 and the index unchanged */
    CHECK_ERR(JET_errNoCurrentRecord, mv(&r, JET_MoveNext));
    CHECK_ERR(JET_errNoCurrentRecord, JetSetCurrentIndex2(r.s, r.t, NULL, JET_bitNoMove));
    char nm[JET_cbNameMost + 1];
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "nokey") == 0);
}

TEST(cy_rollback_and_currency) {
    /* data-records 9.6: a cursor that navigated in the rolled-back level is before the first
     * record; one that did not keeps its place (a deferred cursor still owes its move); the
     * index chosen stays; an update prepared in the level is gone */
    struct cy r = cy_open("rb.edb");
    for (int k = 1; k <= 4; k++) ins(&r, k);
    CHECK_OK(JetCommitTransaction(r.s, 0));
    JET_TABLEID a = 0, b = 0;
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &a));
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &b));
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetMove(r.s, a, JET_MoveLast, 0));
    CHECK_OK(ins3(&r, b, 0, 0, 0)); /* b owes its move; an insert is no navigation */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK(!prepared(&r));
    AT(&r, 3); /* did not navigate in the level */
    int32_t v[3];
    CHECK_ERR(JET_errNoCurrentRecord, rd(&r, a, v));
    CHECK_OK(JetMove(r.s, a, JET_MoveNext, 0));
    AT3(&r, a, 1, 10, 100);
    AT3(&r, b, 1, 10, 100); /* the deferred move, now: record 0 was rolled back */
    /* a record inserted in the level and read through a deferred cursor in it */
    JET_TABLEID c = 0;
    CHECK_OK(JetOpenTable(r.s, r.db, "table", NULL, 0, 0, &c));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(ins3(&r, r.t, -1, 0, 0));
    AT3(&r, c, -1, 0, 0);
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_ERR(JET_errRecordDeleted, rd(&r, c, v));
    CHECK_OK(JetMove(r.s, c, JET_MoveNext, 0));
    AT3(&r, c, 1, 10, 100);
    /* a seek navigates the level; JetGotoBookmark on the primary index does not (ESE goes to
     * the bookmark without setting the cursor's navigate level: dir.cxx ErrDIRGotoJetBookmark) */
    CHECK_OK(seek1(&r, 2, JET_bitSeekEQ));
    unsigned char bm[16];
    uint32_t cb = 0;
    CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(seek1(&r, 3, JET_bitSeekEQ));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_ERR(JET_errNoCurrentRecord, rd(&r, r.t, v));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb));
    CHECK_OK(JetRollback(r.s, 0));
    AT(&r, 2);
    /* a secondary index chosen in the level goes with it: the cursor is on the primary index,
     * before its first record (tm.cxx ErrIsamRollback); one chosen before the level stays, and
     * naming it again inside is no new choice; a commit makes the choice the parent's */
    char nm[JET_cbNameMost + 1];
    CHECK_OK(JetSetCurrentIndex(r.s, a, "withkey"));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "nokey"));
    CHECK_OK(JetSetCurrentIndex(r.s, a, "withkey"));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetSetCurrentIndex(r.s, c, "nokey"));
    CHECK_OK(JetCommitTransaction(r.s, 0));
    CHECK_OK(mv(&r, JET_MoveLast));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "primary") == 0);
    CHECK_ERR(JET_errNoCurrentRecord, rd(&r, r.t, v));
    CHECK_OK(mv(&r, JET_MoveNext));
    AT(&r, 1);
    CHECK_OK(JetGetCurrentIndex(r.s, a, nm, sizeof nm));
    CHECK(strcmp(nm, "withkey") == 0);
    CHECK_OK(JetGetCurrentIndex(r.s, c, nm, sizeof nm));
    CHECK(strcmp(nm, "primary") == 0);
}

/* Cursors on indexes: JetSetCurrentIndex(2, 3, 4), JetGetCurrentIndex, JetMakeKey, JetSeek,
 * JetSetIndexRange, JetIndexRecordCount, JetRetrieveKey (RetrieveCopy), secondary index
 * bookmarks, and JetMove within an index range (data-records 1.2, 5.4, 5.5, 6.1-6.5, 6.7, 6.8;
 * data-ddl 7.6). */
#include "check.h"

#include <stdio.h>
#include <string.h>

#define NREC 1200 /* records i = 0..NREC-1 */
#define MAXID (2 * (NREC - 1))

struct ct {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id, name, score, tags, grp;
};

static JET_COLUMNDEF coldef(JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = grbit;
    return c;
}

static void name_of(int i, char *buf) { snprintf(buf, 16, "n%05d", i); }

/* Table T: record i has Id 2i (primary), Name "n%05d" (non-unique ByName), Score i%100 or NULL
 * when i%7 == 0 (ByScore: -Score +Id), Tags {i, i+5000} when i%10 == 0 (ByTags, multi-valued,
 * IgnoreAnyNull), Grp i%10 (ByGrp, non-unique); each secondary index only when `ixs` asks. */
enum { IX_NAME = 1, IX_SCORE = 2, IX_TAGS = 4, IX_GRP = 8 };

/* (The secondary indexes a case needs, to keep each case quick under valgrind.) */
static struct ct ct_open(const char *file, int ixs) {
    struct ct r;
    memset(&r, 0, sizeof r);
    r.inst = fixture_running("cursors", -1);
    r.s = fixture_session(r.inst);
    CHECK_OK(JetCreateDatabase(r.s, fixture_path(file), NULL, &r.dbid, 0));
    CHECK_OK(JetCreateTable(r.s, r.dbid, "T", 0, 0, &r.t));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Id", &c, NULL, 0, &r.id));
    c = coldef(JET_coltypText, 100, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Name", &c, NULL, 0, &r.name));
    c = coldef(JET_coltypLong, 0, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Score", &c, NULL, 0, &r.score));
    c = coldef(JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK_OK(JetAddColumn(r.s, r.t, "Tags", &c, NULL, 0, &r.tags));
    c = coldef(JET_coltypLong, 0, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Grp", &c, NULL, 0, &r.grp));
    CHECK_OK(JetCreateIndex(r.s, r.t, "PK", JET_bitIndexPrimary, "+Id\0", sizeof "+Id\0", 100));
    if (ixs & IX_NAME) CHECK_OK(JetCreateIndex(r.s, r.t, "ByName", 0, "+Name\0", sizeof "+Name\0", 100));
    if (ixs & IX_SCORE)
        CHECK_OK(JetCreateIndex(r.s, r.t, "ByScore", 0, "-Score\0+Id\0", sizeof "-Score\0+Id\0", 100));
    if (ixs & IX_TAGS)
        CHECK_OK(JetCreateIndex(r.s, r.t, "ByTags", JET_bitIndexIgnoreAnyNull, "+Tags\0", sizeof "+Tags\0", 100));
    if (ixs & IX_GRP) CHECK_OK(JetCreateIndex(r.s, r.t, "ByGrp", 0, "+Grp\0", sizeof "+Grp\0", 100));
    CHECK_OK(JetBeginTransaction(r.s));
    for (int i = 0; i < NREC; i++) {
        int32_t id = 2 * i, score = i % 100, grp = i % 10, t1 = i, t2 = i + 5000;
        char nm[16];
        name_of(i, nm);
        CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
        CHECK_OK(JetSetColumn(r.s, r.t, r.name, nm, (uint32_t)strlen(nm), 0, NULL));
        if (i % 7 != 0) CHECK_OK(JetSetColumn(r.s, r.t, r.score, &score, 4, 0, NULL));
        CHECK_OK(JetSetColumn(r.s, r.t, r.grp, &grp, 4, 0, NULL));
        if (i % 10 == 0) {
            JET_SETINFO si = {sizeof si, 0, 2};
            CHECK_OK(JetSetColumn(r.s, r.t, r.tags, &t1, 4, 0, NULL));
            CHECK_OK(JetSetColumn(r.s, r.t, r.tags, &t2, 4, 0, &si));
        }
        CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(r.s, JET_bitCommitLazyFlush));
    return r;
}

static int32_t cur_id(struct ct *r) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r->s, r->t, r->id, &v, sizeof v, &cb, 0, NULL));
    CHECK_EQ(cb, 4);
    return v;
}

static JET_ERR key_long(struct ct *r, int32_t v, JET_GRBIT grbit) {
    return JetMakeKey(r->s, r->t, &v, sizeof v, JET_bitNewKey | grbit);
}

static JET_ERR key_text(struct ct *r, const char *v, JET_GRBIT grbit) {
    return JetMakeKey(r->s, r->t, v, (uint32_t)strlen(v), JET_bitNewKey | grbit);
}

static JET_ERR seek_long(struct ct *r, int32_t v, JET_GRBIT grbit) {
    CHECK_OK(key_long(r, v, 0));
    return JetSeek(r->s, r->t, grbit);
}

/* ---- JetSeek on the primary index, every comparison, against a model ------------------- */

TEST(cur_seek_primary_every_op) {
    /* data-records 6.3 items 1-8: EQ, GE, GT, LE, LT over 1,200 even ids, probes on and between
     * them and beyond both ends */
    struct ct r = ct_open("a.edb", 0);
    for (int32_t v = -3; v <= MAXID + 4; v += 11) {
        int even = v >= 0 && v % 2 == 0 && v <= MAXID;
        /* EQ */
        if (even) {
            CHECK_OK(seek_long(&r, v, JET_bitSeekEQ));
            CHECK_EQ(cur_id(&r), v);
        } else {
            CHECK_ERR(JET_errRecordNotFound, seek_long(&r, v, JET_bitSeekEQ));
        }
        /* GE: the smallest id >= v; the warning when it is not v */
        int32_t ge = v <= 0 ? 0 : (v + 1) / 2 * 2;
        if (ge > MAXID) {
            CHECK_ERR(JET_errRecordNotFound, seek_long(&r, v, JET_bitSeekGE));
        } else {
            CHECK_ERR(ge == v ? JET_errSuccess : JET_wrnSeekNotEqual, seek_long(&r, v, JET_bitSeekGE));
            CHECK_EQ(cur_id(&r), ge);
        }
        /* GT: never a warning */
        int32_t gt = v < 0 ? 0 : v / 2 * 2 + 2;
        if (gt > MAXID) {
            CHECK_ERR(JET_errRecordNotFound, seek_long(&r, v, JET_bitSeekGT));
        } else {
            CHECK_OK(seek_long(&r, v, JET_bitSeekGT));
            CHECK_EQ(cur_id(&r), gt);
        }
        /* LE */
        if (v < 0) {
            CHECK_ERR(JET_errRecordNotFound, seek_long(&r, v, JET_bitSeekLE));
        } else {
            int32_t le = v / 2 * 2 > MAXID ? MAXID : v / 2 * 2;
            CHECK_ERR(le == v ? JET_errSuccess : JET_wrnSeekNotEqual, seek_long(&r, v, JET_bitSeekLE));
            CHECK_EQ(cur_id(&r), le);
        }
        /* LT */
        if (v <= 0) {
            CHECK_ERR(JET_errRecordNotFound, seek_long(&r, v, JET_bitSeekLT));
        } else {
            int32_t lt = (v - 1) / 2 * 2 > MAXID ? MAXID : (v - 1) / 2 * 2;
            CHECK_OK(seek_long(&r, v, JET_bitSeekLT));
            CHECK_EQ(cur_id(&r), lt);
        }
    }
}

TEST(cur_seek_failed_currency) {
    /* data-records 6.3 item 7: after a failed SeekEQ no current record, moves go on from the
     * place of the key; after GE/GT past the end the cursor is after the last entry, after
     * LE/LT before the first */
    struct ct r = ct_open("b.edb", IX_NAME);
    char buf[8];
    uint32_t cb = 0;
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, 101, JET_bitSeekEQ));
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(r.s, r.t, r.id, buf, 4, &cb, 0, NULL));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, 0, 0));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 102);
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, 101, JET_bitSeekEQ));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 100);
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, MAXID + 1, JET_bitSeekEQ));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, MAXID + 1, JET_bitSeekGE));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), MAXID);
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, MAXID, JET_bitSeekGT));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, 0, JET_bitSeekLT));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 0);
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, -5, JET_bitSeekLE));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MovePrevious, 0));
    /* a failed EQ on a secondary index keeps its place too: between n00499 and n00500 */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByName"));
    CHECK_OK(key_text(&r, "n00499x", 0));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(r.s, r.t, r.id, buf, 4, &cb, 0, NULL));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 1000);
    CHECK_OK(key_text(&r, "n00499x", 0));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 998);
}

TEST(cur_seek_errors_and_key_reset) {
    /* data-records 6.3 items 1-3, 8; 1.2: JetSeek cancels a prepared update */
    struct ct r = ct_open("c.edb", 0);
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 10, 0));
    CHECK_ERR(JET_errInvalidParameter, JetSeek(r.s, r.t, 0));
    CHECK_ERR(JET_errInvalidParameter, JetSeek(r.s, r.t, JET_bitSetIndexRange));
    /* the key survives a grbit error, and goes after a seek */
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    /* data-records 10 item 3: two seek bits are refused */
    CHECK_OK(key_long(&r, 10, 0));
    CHECK_ERR(JET_errInvalidGrbit, JetSeek(r.s, r.t, JET_bitSeekGE | JET_bitSeekLE));
    /* a failed seek clears the key as well */
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, 11, JET_bitSeekEQ));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_OK(seek_long(&r, 10, JET_bitSeekEQ));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(key_long(&r, 20, 0)); /* JetMakeKey leaves the update */
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errUpdateNotPrepared, JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_EQ(cur_id(&r), 20);
}

/* ---- JetMakeKey and JetRetrieveKey ------------------------------------------------------ */

TEST(cur_make_key_rules) {
    /* data-records 6.2 items 3-8, 5.4 */
    struct ct r = ct_open("d.edb", 0);
    int32_t v = 40;
    CHECK_ERR(JET_errKeyNotMade, JetMakeKey(r.s, r.t, &v, 4, 0));
    CHECK_ERR(JET_errKeyNotMade, JetRetrieveKey(r.s, r.t, NULL, 0, NULL, JET_bitRetrieveCopy));
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &v, 2, JET_bitNewKey));
    CHECK_ERR(JET_errInvalidBufferSize, JetMakeKey(r.s, r.t, &v, 0, JET_bitNewKey | JET_bitKeyDataZeroLength));
    CHECK_ERR(JET_errInvalidParameter, JetMakeKey(r.s, r.t, NULL, 4, JET_bitNewKey));
    CHECK_ERR(JET_errInvalidGrbit, JetMakeKey(r.s, r.t, &v, 4, JET_bitNewKey | JET_bitPartialColumnStartLimit));
    CHECK_ERR(JET_errInvalidGrbit,
              JetMakeKey(r.s, r.t, &v, 4, JET_bitNewKey | JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit));
    CHECK_OK(key_long(&r, 40, 0));
    /* one segment: a second is too many */
    CHECK_ERR(JET_errKeyIsMade, JetMakeKey(r.s, r.t, &v, 4, 0));
    /* the search key reads back (RetrieveCopy) and is the record's key (5.4) */
    unsigned char made[16], rec[16];
    uint32_t cbm = 0, cbr = 0;
    CHECK_OK(JetRetrieveKey(r.s, r.t, made, sizeof made, &cbm, JET_bitRetrieveCopy));
    CHECK_EQ(cbm, 5);
    CHECK_EQ(made[0], 0x7F);
    /* a short buffer: cut, no warning, the full size reported */
    uint32_t cbt = 0;
    CHECK_OK(JetRetrieveKey(r.s, r.t, rec, 2, &cbt, JET_bitRetrieveCopy));
    CHECK_EQ(cbt, 5);
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(JetRetrieveKey(r.s, r.t, rec, sizeof rec, &cbr, 0));
    CHECK_EQ(cbr, cbm);
    CHECK(memcmp(made, rec, cbm) == 0);
    /* a normalized key seeks the same record */
    CHECK_OK(JetMakeKey(r.s, r.t, rec, cbr, JET_bitNormalizedKey));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 40);
    /* a limit key ends the key */
    CHECK_OK(key_long(&r, 40, JET_bitFullColumnStartLimit));
    CHECK_ERR(JET_errKeyIsMade, JetMakeKey(r.s, r.t, &v, 4, 0));
    /* FullColumnStartLimit is the key itself (7.7), FullColumnEndLimit sits above 40's entry */
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 40);
    CHECK_OK(key_long(&r, 40, JET_bitFullColumnEndLimit));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekLE));
    CHECK_EQ(cur_id(&r), 40);
    CHECK_OK(key_long(&r, 40, JET_bitFullColumnEndLimit));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekGT));
    CHECK_EQ(cur_id(&r), 42);
    CHECK_OK(key_long(&r, 40, JET_bitFullColumnStartLimit));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekLT));
    CHECK_EQ(cur_id(&r), 38);
    /* StrLimit on a Long: an end limit */
    CHECK_OK(key_long(&r, 40, JET_bitStrLimit));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekGT));
    CHECK_EQ(cur_id(&r), 42);
}

TEST(cur_make_key_text_limits) {
    /* data-records 6.2, 7.7: text prefixes with partial limits; NULL vs zero-length segments */
    struct ct r = ct_open("e.edb", IX_NAME);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByName"));
    CHECK_OK(key_text(&r, "n0012", JET_bitPartialColumnStartLimit));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 240);
    CHECK_OK(key_text(&r, "n0012", JET_bitPartialColumnEndLimit));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekLE));
    CHECK_EQ(cur_id(&r), 258);
    CHECK_OK(key_text(&r, "n0012", JET_bitSubStrLimit));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekLT));
    CHECK_EQ(cur_id(&r), 258);
    /* without a limit, "n0012" is a whole value that sorts before "n00120" */
    CHECK_OK(key_text(&r, "n0012", 0));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekLT));
    CHECK_EQ(cur_id(&r), 238);
    /* case-insensitive text keys */
    CHECK_OK(key_text(&r, "N00500", 0));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 1000);
    CHECK_OK(key_text(&r, "n00500a", 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 1002);
    CHECK_OK(key_text(&r, "n01199", 0));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(r.s, r.t, JET_bitSeekGT));
    /* a zero-length segment and a NULL one are different keys: both below every name */
    unsigned char knull[8], kzero[8];
    uint32_t cbn = 0, cbz = 0;
    CHECK_OK(JetMakeKey(r.s, r.t, NULL, 0, JET_bitNewKey));
    CHECK_OK(JetRetrieveKey(r.s, r.t, knull, sizeof knull, &cbn, JET_bitRetrieveCopy));
    CHECK_OK(JetMakeKey(r.s, r.t, "", 0, JET_bitNewKey | JET_bitKeyDataZeroLength));
    CHECK_OK(JetRetrieveKey(r.s, r.t, kzero, sizeof kzero, &cbz, JET_bitRetrieveCopy));
    CHECK_EQ(cbn, 1);
    CHECK_EQ(cbz, 1);
    CHECK(knull[0] < kzero[0]);
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 0);
}

TEST(cur_seek_descending_and_nulls) {
    /* data-records 7.2, 7.6: -Score +Id: scores high to low, NULL scores last; keys compare
     * byte-wise, a partial key below its longer entries */
    struct ct r = ct_open("f.edb", IX_SCORE);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByScore"));
    int n = 0, nulls = 0;
    int32_t prev_score = 1000, prev_id = -1;
    JET_ERR e = JET_errSuccess;
    for (; e == JET_errSuccess; e = JetMove(r.s, r.t, JET_MoveNext, 0)) {
        int32_t sc = -1, id = cur_id(&r);
        uint32_t cb = 0;
        JET_ERR er = JetRetrieveColumn(r.s, r.t, r.score, &sc, 4, &cb, 0, NULL);
        if (er == JET_wrnColumnNull) {
            nulls++;
            sc = -1; /* NULLs after every value */
        } else {
            CHECK_OK(er);
            CHECK(nulls == 0);
        }
        CHECK(sc < prev_score || (sc == prev_score && id > prev_id));
        prev_score = sc;
        prev_id = id;
        n++;
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_EQ(n, NREC);
    CHECK_EQ(nulls, (NREC + 6) / 7);
    /* GE on Score 50 alone: the first entry of score 50 (the key is a prefix of it) */
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 100);
    /* LE on Score 50 alone: the last entry before score 50's, the last of score 51 */
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekLE));
    CHECK_EQ(cur_id(&r), 2302);
    /* the whole key */
    int32_t id = 302; /* i = 151: score 51 */
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_OK(JetMakeKey(r.s, r.t, &id, 4, 0));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(r.s, r.t, JET_bitSeekEQ));
    id = 500; /* i = 250: score 50 */
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_OK(JetMakeKey(r.s, r.t, &id, 4, 0));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 500);
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 300);
    /* a NULL segment: the first record whose Score is NULL */
    CHECK_OK(JetMakeKey(r.s, r.t, NULL, 0, JET_bitNewKey));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 0);
    int32_t sc;
    uint32_t cb;
    CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(r.s, r.t, r.score, &sc, 4, &cb, 0, NULL));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.score, &sc, 4, &cb, 0, NULL));
    CHECK_EQ(sc, 0); /* the lowest score, its highest id: i = 1100 */
    CHECK_EQ(cur_id(&r), 2200);
}

/* ---- index ranges ---------------------------------------------------------------------- */

static int walk(struct ct *r, long crow, int32_t *last) {
    int n = 0;
    JET_ERR e;
    while ((e = JetMove(r->s, r->t, crow, 0)) == JET_errSuccess) {
        *last = cur_id(r);
        n++;
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    return n;
}

TEST(cur_range_walks_both_directions) {
    /* data-records 6.4 items 4-9, 6.1 item 8 */
    struct ct r = ct_open("g.edb", 0);
    int32_t last = -1;
    CHECK_OK(seek_long(&r, 100, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_EQ(walk(&r, JET_MoveNext, &last), 50); /* 102 .. 200 */
    CHECK_EQ(last, 200);
    /* the limit removed the range; the cursor is after the last entry */
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), MAXID);
    /* exclusive */
    CHECK_OK(seek_long(&r, 100, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_EQ(walk(&r, JET_MoveNext, &last), 49);
    CHECK_EQ(last, 198);
    /* lower limits, walking backward */
    CHECK_OK(seek_long(&r, 300, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeInclusive));
    /* moving away from a lower limit is not limited by it */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(walk(&r, JET_MovePrevious, &last), 50);
    CHECK_EQ(last, 200);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 0); /* before the first: the range is gone */
    CHECK_OK(seek_long(&r, 300, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, 0));
    CHECK_EQ(walk(&r, -2, &last), 24); /* 296, 292 .. 204 */
    CHECK_EQ(last, 204);
    /* a range the cursor is outside of: removed, the cursor past it */
    CHECK_OK(seek_long(&r, 300, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), MAXID);
    /* the limit itself, exclusive: outside */
    CHECK_OK(seek_long(&r, 200, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    /* instant duration checks only */
    CHECK_OK(seek_long(&r, 200, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive | JET_bitRangeInstantDuration));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 202);
    /* remove; MoveFirst / MoveLast and a seek remove it too */
    CHECK_OK(key_long(&r, 400, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(key_long(&r, 400, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveLast, 0));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(seek_long(&r, 10, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 400, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(seek_long(&r, 20, JET_bitSeekEQ));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    /* 6.4 item 3 */
    CHECK_ERR(JET_errKeyNotMade, JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    /* 1.2: JetSetIndexRange leaves a prepared update */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(key_long(&r, 400, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
}

TEST(cur_range_text_prefix_and_duplicates) {
    /* data-records 6.3 (SetIndexRange with SeekEQ), 6.4 item 4: a prefix range needs a limit
     * key; a non-unique index's duplicates in bookmark order */
    struct ct r = ct_open("h.edb", IX_NAME | IX_GRP);
    int32_t last = -1;
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByName"));
    CHECK_OK(key_text(&r, "n001", 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_EQ(cur_id(&r), 200);
    CHECK_OK(key_text(&r, "n001", JET_bitPartialColumnEndLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_EQ(walk(&r, JET_MoveNext, &last), 99);
    CHECK_EQ(last, 398);
    /* the same prefix backward from its end */
    CHECK_OK(key_text(&r, "n001", JET_bitSubStrLimit));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekLT));
    CHECK_EQ(cur_id(&r), 398);
    CHECK_OK(key_text(&r, "n001", JET_bitPartialColumnStartLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeInclusive));
    CHECK_EQ(walk(&r, JET_MovePrevious, &last), 99);
    CHECK_EQ(last, 200);
    /* duplicates: Grp 3 has 120 records; SeekEQ + SetIndexRange walks exactly them */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByGrp"));
    CHECK_OK(seek_long(&r, 3, JET_bitSeekEQ | JET_bitSetIndexRange));
    CHECK_EQ(cur_id(&r), 6);
    int32_t prev = 6;
    int n = 1;
    JET_ERR e;
    while ((e = JetMove(r.s, r.t, JET_MoveNext, 0)) == JET_errSuccess) {
        int32_t id = cur_id(&r);
        CHECK(id > prev && id % 20 == 6);
        prev = id;
        n++;
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_EQ(n, NREC / 10);
    /* SeekLE on a duplicated key lands on its first entry, as an equal seek does (Windows, in
     * ManagedEsent's NavigationSeekLeSecondary) */
    CHECK_OK(seek_long(&r, 3, JET_bitSeekLE));
    CHECK_EQ(cur_id(&r), 6);
    /* MoveKeyNE skips the duplicates */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, JET_bitMoveKeyNE));
    CHECK_EQ(cur_id(&r), 8);
    /* 6.3 item 10: JET_wrnUniqueKey only when no other entry has the key */
    CHECK_OK(seek_long(&r, 3, JET_bitSeekEQ | JET_bitCheckUniqueness));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_ERR(JET_wrnUniqueKey, seek_long(&r, 30, JET_bitSeekEQ | JET_bitCheckUniqueness));
    CHECK_EQ(cur_id(&r), 30);
}

/* ---- JetIndexRecordCount ---------------------------------------------------------------- */

TEST(cur_index_record_count) {
    /* data-records 6.5 */
    struct ct r = ct_open("i.edb", IX_TAGS | IX_SCORE);
    uint32_t n = 99;
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, NREC);
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 10));
    CHECK_EQ(n, 10);
    CHECK_ERR(JET_errInvalidParameter, JetIndexRecordCount(r.s, r.t, NULL, 0));
    CHECK_OK(seek_long(&r, MAXID - 4, JET_bitSeekEQ));
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, 3);
    /* the count leaves the cursor where it was */
    CHECK_EQ(cur_id(&r), MAXID - 4);
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, 3, 0));
    n = 99;
    CHECK_ERR(JET_errNoCurrentRecord, JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, 0);
    /* up to the range, which goes afterwards */
    CHECK_OK(seek_long(&r, 100, JET_bitSeekEQ));
    CHECK_OK(key_long(&r, 200, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, 51);
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    /* a multi-valued index counts entries: two per tagged record */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByTags"));
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, 2 * NREC / 10);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByScore"));
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &n, 0));
    CHECK_EQ(n, NREC);
}

/* ---- current index ---------------------------------------------------------------------- */

TEST(cur_set_get_current_index) {
    /* data-records 6.7, 6.8; data-ddl 9 */
    struct ct r = ct_open("j.edb", IX_NAME | IX_SCORE | IX_GRP);
    char nm[80];
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "PK") == 0);
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(r.s, r.t, "Nope"));
    CHECK_ERR(JET_errInvalidGrbit, JetSetCurrentIndex2(r.s, r.t, "ByName", 1));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "byname")); /* names compare case-insensitively */
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "ByName") == 0);
    /* truncated silently; 0 bytes is the warning */
    memset(nm, 'x', sizeof nm);
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, 3));
    CHECK(strcmp(nm, "By") == 0);
    CHECK_ERR(JET_wrnBufferTruncated, JetGetCurrentIndex(r.s, r.t, nm, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetCurrentIndex(r.s, r.t, NULL, 10));
    /* MoveFirst: on the first entry of the new index, at once */
    CHECK_EQ(cur_id(&r), 0);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 2);
    /* "" and NULL: the primary index */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, ""));
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "PK") == 0);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByScore"));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "PK") == 0);
    /* the W forms */
    const WCHAR wname[] = {'B', 'y', 'G', 'r', 'p', 0};
    WCHAR wout[8];
    CHECK_OK(JetSetCurrentIndexW(r.s, r.t, wname));
    CHECK_OK(JetGetCurrentIndexW(r.s, r.t, wout, sizeof wout));
    CHECK(memcmp(wout, wname, sizeof wname) == 0);
    CHECK_OK(JetGetCurrentIndexW(r.s, r.t, wout, 3 * sizeof(WCHAR)));
    CHECK(wout[0] == 'B' && wout[1] == 'y' && wout[2] == 0);
    CHECK_ERR(JET_wrnBufferTruncated, JetGetCurrentIndexW(r.s, r.t, wout, 1));
    const WCHAR wbad[] = {'x', 0x4E2D, 0};
    CHECK_ERR(JET_errInvalidName, JetSetCurrentIndexW(r.s, r.t, wbad));
    /* switching drops the search key (naming the current index again keeps it, as ESE's
     * ErrRECSetCurrentIndex then does nothing: test_currency.c cy_switching_index) */
    CHECK_OK(key_long(&r, 3, 0));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "ByScore", JET_bitMoveFirst));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    /* a sequential table: "" */
    JET_TABLEID ts;
    CHECK_OK(JetCreateTable(r.s, r.dbid, "S", 0, 0, &ts));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, 0);
    JET_COLUMNID cs;
    CHECK_OK(JetAddColumn(r.s, ts, "V", &c, NULL, 0, &cs));
    strcpy(nm, "zz");
    CHECK_OK(JetGetCurrentIndex(r.s, ts, nm, sizeof nm));
    CHECK(strcmp(nm, "") == 0);
    CHECK_OK(JetSetCurrentIndex(r.s, ts, NULL));
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(r.s, ts, "PK"));
}

TEST(cur_set_current_index_nomove_and_itag) {
    /* data-records 6.7 NoMove, itagSequence; 1.2 (MoveFirst cancels an update, NoMove not) */
    struct ct r = ct_open("k.edb", IX_NAME | IX_SCORE | IX_TAGS);
    CHECK_ERR(JET_errNoCurrentRecord, JetSetCurrentIndex2(r.s, r.t, "ByName", JET_bitNoMove));
    CHECK_OK(seek_long(&r, 600, JET_bitSeekEQ));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "ByName", JET_bitNoMove));
    CHECK_EQ(cur_id(&r), 600);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 602);
    /* NoMove keeps a prepared update; MoveFirst cancels it */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "ByScore", JET_bitNoMove));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetCurrentIndex2(r.s, r.t, "ByName", JET_bitMoveFirst));
    CHECK_ERR(JET_errUpdateNotPrepared, JetUpdate(r.s, r.t, NULL, 0, NULL));
    /* a multi-valued index: itagSequence picks the entry (record 0: tags 0 and 5000) */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(seek_long(&r, 0, JET_bitSeekEQ));
    CHECK_OK(JetSetCurrentIndex3(r.s, r.t, "ByTags", JET_bitNoMove, 2));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 2 * (NREC - 10)); /* tag 1190 */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(seek_long(&r, 0, JET_bitSeekEQ));
    CHECK_OK(JetSetCurrentIndex3(r.s, r.t, "ByTags", JET_bitNoMove, 0)); /* 0 counts as 1 */
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(seek_long(&r, 0, JET_bitSeekEQ));
    CHECK_ERR(JET_errBadItagSequence, JetSetCurrentIndex3(r.s, r.t, "ByTags", JET_bitNoMove, 3));
    /* a record without an entry in the index */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(seek_long(&r, 2, JET_bitSeekEQ));
    CHECK_ERR(JET_errNoCurrentRecord, JetSetCurrentIndex2(r.s, r.t, "ByTags", JET_bitNoMove));
    char nm[16];
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "ByTags") == 0);
    /* SeekEQ on a tag finds its record */
    CHECK_OK(seek_long(&r, 5030, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 60);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 80);
}

TEST(cur_set_current_index_by_indexid) {
    /* data-records 6.7: JetSetCurrentIndex4 with a JET_INDEXID (the name is then ignored) */
    struct ct r = ct_open("l.edb", IX_NAME | IX_GRP);
    JET_INDEXID ix, pk;
    CHECK_OK(JetGetTableIndexInfo(r.s, r.t, "ByGrp", &ix, sizeof ix, JET_IdxInfoIndexId));
    CHECK_OK(JetGetTableIndexInfo(r.s, r.t, "PK", &pk, sizeof pk, JET_IdxInfoIndexId));
    CHECK_OK(JetSetCurrentIndex4(r.s, r.t, "Nope", &ix, JET_bitMoveFirst, 1));
    char nm[16];
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "ByGrp") == 0);
    CHECK_OK(JetSetCurrentIndex4A(r.s, r.t, NULL, &pk, 0, 1));
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "PK") == 0);
    JET_INDEXID bad = ix;
    bad.cbStruct = 8;
    CHECK_ERR(JET_errInvalidIndexId, JetSetCurrentIndex4(r.s, r.t, NULL, &bad, 0, 1));
    bad = ix;
    bad.rgbIndexId[4] ^= 0x55;
    CHECK_ERR(JET_errInvalidIndexId, JetSetCurrentIndex4(r.s, r.t, NULL, &bad, 0, 1));
    /* an index that was deleted */
    CHECK_OK(JetDeleteIndex(r.s, r.t, "ByGrp"));
    CHECK_ERR(JET_errInvalidIndexId, JetSetCurrentIndex4(r.s, r.t, NULL, &ix, 0, 1));
    CHECK_OK(JetSetCurrentIndex4(r.s, r.t, "ByName", NULL, JET_bitMoveFirst, 1));
    CHECK_OK(JetGetCurrentIndex(r.s, r.t, nm, sizeof nm));
    CHECK(strcmp(nm, "ByName") == 0);
}

TEST(cur_delete_index_in_use) {
    /* data-ddl 7.6 step 6: an index that is some cursor's current index -> -1051 */
    struct ct r = ct_open("m.edb", IX_NAME | IX_GRP);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByName"));
    CHECK_ERR(JET_errIndexInUse, JetDeleteIndex(r.s, r.t, "ByName"));
    CHECK_OK(JetCloseTable(r.s, r.t));
    JET_SESID s2 = fixture_session(r.inst);
    JET_DBID db2;
    JET_TABLEID t2, t1;
    CHECK_OK(JetOpenDatabase(s2, fixture_path("m.edb"), NULL, &db2, 0));
    CHECK_OK(JetOpenTable(s2, db2, "T", NULL, 0, 0, &t2));
    CHECK_OK(JetSetCurrentIndex(s2, t2, "ByName"));
    CHECK_OK(JetOpenTable(r.s, r.dbid, "T", NULL, 0, 0, &t1));
    CHECK_ERR(JET_errIndexInUse, JetDeleteIndex(r.s, t1, "BYNAME"));
    /* the check comes after the index's own checks */
    CHECK_ERR(JET_errIndexNotFound, JetDeleteIndex(r.s, t1, "Nope"));
    CHECK_ERR(JET_errIndexMustStay, JetDeleteIndex(r.s, t1, "PK"));
    CHECK_OK(JetSetCurrentIndex(s2, t2, "ByGrp"));
    CHECK_OK(JetDeleteIndex(r.s, t1, "ByName"));
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(r.s, t1, "ByName"));
    /* closing the cursor frees its index */
    CHECK_OK(JetCloseTable(s2, t2));
    CHECK_OK(JetDeleteIndex(r.s, t1, "ByGrp"));
}

/* ---- secondary index bookmarks ---------------------------------------------------------- */

TEST(cur_secondary_index_bookmarks) {
    /* data-records 5.5: JetGetSecondaryIndexBookmark, JetGotoSecondaryIndexBookmark */
    struct ct r = ct_open("n.edb", IX_TAGS);
    unsigned char k[64], bm[64], k2[64], bm2[64];
    uint32_t cbk = 0, cbb = 0;
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errNoCurrentIndex, JetGetSecondaryIndexBookmark(r.s, r.t, k, sizeof k, &cbk, bm, sizeof bm, &cbb, 0));
    CHECK_ERR(JET_errNoCurrentIndex, JetGotoSecondaryIndexBookmark(r.s, r.t, k, 1, bm, 1, 0));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByTags"));
    CHECK_OK(seek_long(&r, 5000, JET_bitSeekEQ));
    CHECK_OK(JetGetSecondaryIndexBookmark(r.s, r.t, k, sizeof k, &cbk, bm, sizeof bm, &cbb, 0));
    CHECK_EQ(cbk, 5);
    CHECK_EQ(cbb, 5);
    /* the primary bookmark is the record's bookmark */
    uint32_t cbr = 0;
    unsigned char rb[16];
    CHECK_OK(JetGetBookmark(r.s, r.t, rb, sizeof rb, &cbr));
    CHECK_EQ(cbr, cbb);
    CHECK(memcmp(rb, bm, cbb) == 0);
    /* too small: both copied as far as they fit, both sizes reported */
    uint32_t c1 = 0, c2 = 0;
    memset(k2, 0, sizeof k2);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSecondaryIndexBookmark(r.s, r.t, k2, 2, &c1, bm2, sizeof bm2, &c2, 0));
    CHECK_EQ(c1, 5);
    CHECK_EQ(c2, 5);
    CHECK(memcmp(k2, k, 2) == 0 && k2[2] == 0);
    /* back to it from elsewhere */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveLast, 0));
    CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, bm, cbb, 0));
    CHECK_EQ(cur_id(&r), 0);
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 2 * (NREC - 10));
    /* bad bookmarks */
    CHECK_ERR(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(r.s, r.t, k, 0, bm, cbb, 0));
    CHECK_ERR(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, NULL, 0, 0));
    /* an entry that does not exist: the key of tag 5000 with record 2's bookmark */
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_OK(seek_long(&r, 2, JET_bitSeekEQ));
    CHECK_OK(JetGetBookmark(r.s, r.t, rb, sizeof rb, &cbr));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByTags"));
    CHECK_ERR(JET_errRecordDeleted, JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, rb, cbr, 0));
    /* with virtual currency: no current record, moves go on from there */
    CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, rb, cbr, JET_bitBookmarkPermitVirtualCurrency));
    int32_t v;
    uint32_t cb;
    CHECK_ERR(JET_errNoCurrentRecord, JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb, 0, NULL));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 20); /* tag 5010 */
    CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, rb, cbr, JET_bitBookmarkPermitVirtualCurrency));
    CHECK_OK(JetMove(r.s, r.t, JET_MovePrevious, 0));
    CHECK_EQ(cur_id(&r), 0); /* tag 5000 */
    /* 1.2: it cancels a prepared update */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetGotoSecondaryIndexBookmark(r.s, r.t, k, cbk, bm, cbb, 0));
    CHECK_ERR(JET_errUpdateNotPrepared, JetUpdate(r.s, r.t, NULL, 0, NULL));
}

/* ---- a table without primary index ------------------------------------------------------ */

TEST(cur_sequential_table_keys) {
    /* data-records 6.2 item 1 (-1515 without JET_bitNormalizedKey), 6.4 item 2 */
    JET_INSTANCE inst = fixture_running("cursors", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID c;
    CHECK_OK(JetCreateDatabase(s, fixture_path("o.edb"), NULL, &db, 0));
    CHECK_OK(JetCreateTable(s, db, "S", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0, 0);
    CHECK_OK(JetAddColumn(s, t, "V", &d, NULL, 0, &c));
    unsigned char bms[3][8];
    uint32_t cbs[3];
    for (int32_t i = 0; i < 3; i++) {
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, c, &i, 4, 0, NULL));
        CHECK_OK(JetUpdate(s, t, bms[i], sizeof bms[i], &cbs[i]));
    }
    int32_t v = 1;
    CHECK_ERR(JET_errNoCurrentIndex, JetMakeKey(s, t, &v, 4, JET_bitNewKey));
    CHECK_OK(JetMakeKey(s, t, bms[1], cbs[1], JET_bitNormalizedKey));
    CHECK_ERR(JET_errNoCurrentIndex, JetSetIndexRange(s, t, JET_bitRangeUpperLimit));
    CHECK_OK(JetSeek(s, t, JET_bitSeekEQ));
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(s, t, c, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 1);
    CHECK_OK(JetMakeKey(s, t, bms[1], cbs[1], JET_bitNormalizedKey));
    CHECK_OK(JetSeek(s, t, JET_bitSeekGT));
    CHECK_OK(JetRetrieveColumn(s, t, c, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 2);
}

TEST(cur_bad_handles) {
    /* data-records 1.1: handle checks first */
    struct ct r = ct_open("p.edb", IX_NAME);
    uint32_t n;
    char nm[8];
    CHECK_ERR(JET_errInvalidSesid, JetSeek(0, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errInvalidTableId, JetSeek(r.s, 0, JET_bitSeekEQ));
    CHECK_ERR(JET_errInvalidTableId, JetMakeKey(r.s, (JET_TABLEID)~0ull, NULL, 0, JET_bitNewKey));
    CHECK_ERR(JET_errInvalidTableId, JetSetIndexRange(r.s, 12345, 0));
    CHECK_ERR(JET_errInvalidTableId, JetIndexRecordCount(r.s, 12345, &n, 0));
    CHECK_ERR(JET_errInvalidTableId, JetSetCurrentIndex(r.s, 12345, NULL));
    CHECK_ERR(JET_errInvalidTableId, JetGetCurrentIndex(r.s, 12345, nm, sizeof nm));
    CHECK_ERR(JET_errInvalidSesid, JetSetCurrentIndexW(0, r.t, NULL));
    JET_SESID s2 = fixture_session(r.inst);
    CHECK_ERR(JET_errSesidTableIdMismatch, JetSeek(s2, r.t, JET_bitSeekEQ));
    CHECK_ERR(JET_errSesidTableIdMismatch, JetSetCurrentIndex(s2, r.t, "ByName"));
}

TEST(cur_seek_sees_own_changes) {
    /* S-VER-01, data-records 9.2: a seek sees the session's uncommitted records, in the primary
     * and in a secondary index, and not after the rollback */
    struct ct r = ct_open("q.edb", IX_NAME);
    CHECK_OK(JetBeginTransaction(r.s));
    int32_t id = 5;
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, r.name, "n00002x", 7, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(seek_long(&r, 5, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 5);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 6);
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByName"));
    CHECK_OK(key_text(&r, "n00002", 0));
    CHECK_OK(JetSeek(r.s, r.t, JET_bitSeekGT));
    CHECK_EQ(cur_id(&r), 5);
    /* a deletion hides the entry from seeks */
    CHECK_OK(JetDelete(r.s, r.t));
    CHECK_OK(key_text(&r, "n00002x", 0));
    CHECK_ERR(JET_errRecordNotFound, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_EQ(cur_id(&r), 6);
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, NULL));
    CHECK_ERR(JET_errRecordNotFound, seek_long(&r, 5, JET_bitSeekEQ));
}

TEST(cur_goto_bookmark_clears_key_and_range) {
    /* data-records 5.5 (JetGotoBookmark removes the range and the search key), 6.3 (SeekEQ with
     * SetIndexRange on a unique index: the range holds one entry) */
    struct ct r = ct_open("r.edb", 0);
    unsigned char bm[16];
    uint32_t cb = 0;
    CHECK_OK(seek_long(&r, 50, JET_bitSeekEQ | JET_bitSetIndexRange));
    CHECK_OK(JetGetBookmark(r.s, r.t, bm, sizeof bm, &cb));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r.s, r.t, JET_MoveNext, 0));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb));
    CHECK_OK(key_long(&r, 60, 0));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit));
    CHECK_OK(key_long(&r, 70, 0));
    CHECK_OK(JetGotoBookmark(r.s, r.t, bm, cb));
    CHECK_ERR(JET_errInvalidOperation, JetSetIndexRange(r.s, r.t, JET_bitRangeRemove));
    CHECK_ERR(JET_errKeyNotMade, JetSeek(r.s, r.t, JET_bitSeekEQ));
    CHECK_EQ(cur_id(&r), 50);
}

TEST(cur_range_descending_multi_segment) {
    /* data-records 6.4, 7.6, 7.7: a range over a descending first segment of a two-segment index,
     * ended by a FullColumnEndLimit key on that segment alone */
    struct ct r = ct_open("s.edb", IX_SCORE);
    int expected = 0;
    for (int i = 0; i < NREC; i++)
        if (i % 7 != 0 && i % 100 >= 48 && i % 100 <= 50) expected++;
    CHECK_OK(JetSetCurrentIndex(r.s, r.t, "ByScore"));
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_OK(key_long(&r, 48, JET_bitFullColumnEndLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    int n = 0;
    JET_ERR e = JET_errSuccess;
    for (; e == JET_errSuccess; e = JetMove(r.s, r.t, JET_MoveNext, 0)) {
        int32_t sc = -1;
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(r.s, r.t, r.score, &sc, 4, &cb, 0, NULL));
        CHECK(sc >= 48 && sc <= 50);
        n++;
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    CHECK_EQ(n, expected);
    /* the same entries counted from the start of the range */
    CHECK_OK(key_long(&r, 50, 0));
    CHECK_ERR(JET_wrnSeekNotEqual, JetSeek(r.s, r.t, JET_bitSeekGE));
    CHECK_OK(key_long(&r, 48, JET_bitFullColumnEndLimit));
    CHECK_OK(JetSetIndexRange(r.s, r.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    uint32_t c = 0;
    CHECK_OK(JetIndexRecordCount(r.s, r.t, &c, 0));
    CHECK_EQ(c, (uint32_t)expected);
}

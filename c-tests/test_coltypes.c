/* Column types and values: every type as fixed, variable and tagged column, round-tripped byte
 * for byte and persisted across JetTerm; multi-valued and long values; default values; and
 * JetEnumerateColumns (data-records 3.1-3.7, 4.2, 5.1-5.3). */
#include "check.h"

#include <stdlib.h>
#include <string.h>

static JET_COLUMNDEF coldef(JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit, uint16_t cp) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = grbit;
    c.cp = cp;
    return c;
}

struct ct {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id;
};

/* A table C(Id Long primary key) in a new database `file`. */
static struct ct ct_open(const char *file) {
    struct ct r;
    memset(&r, 0, sizeof r);
    r.inst = fixture_running("coltypes", -1);
    r.s = fixture_session(r.inst);
    CHECK_OK(JetCreateDatabase(r.s, fixture_path(file), NULL, &r.dbid, 0));
    CHECK_OK(JetCreateTable(r.s, r.dbid, "C", 0, 0, &r.t));
    JET_COLUMNDEF c = coldef(JET_coltypLong, 0, 0, 0);
    CHECK_OK(JetAddColumn(r.s, r.t, "Id", &c, NULL, 0, &r.id));
    CHECK_OK(JetCreateIndex(r.s, r.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    return r;
}

/* Terminates the instance and opens table C again in a new one. */
static void ct_reopen(struct ct *r, const char *file) {
    CHECK_OK(JetCloseTable(r->s, r->t));
    CHECK_OK(JetTerm(r->inst));
    r->inst = fixture_running("coltypes2", -1);
    r->s = fixture_session(r->inst);
    CHECK_OK(JetAttachDatabase(r->s, fixture_path(file), 0));
    CHECK_OK(JetOpenDatabase(r->s, fixture_path(file), NULL, &r->dbid, 0));
    CHECK_OK(JetOpenTable(r->s, r->dbid, "C", NULL, 0, 0, &r->t));
}

static JET_COLUMNID add(struct ct *r, const char *name, JET_COLTYP t, uint32_t cbMax, JET_GRBIT g, uint16_t cp,
                        const void *dflt, uint32_t cbDefault) {
    JET_COLUMNDEF c = coldef(t, cbMax, g, cp);
    JET_COLUMNID id = 0;
    CHECK_OK(JetAddColumn(r->s, r->t, name, &c, dflt, cbDefault, &id));
    return id;
}

/* To the record with primary key `id` (ids are 1, 2, ... without gaps). */
static void seek_id(struct ct *r, int32_t id) {
    CHECK_OK(JetMove(r->s, r->t, JET_MoveFirst, 0));
    if (id > 1) CHECK_OK(JetMove(r->s, r->t, id - 1, 0));
    int32_t v = 0;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r->s, r->t, r->id, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, id);
}

/* ---- fixed-size types ---------------------------------------------------------------- */

struct fixed_type {
    JET_COLTYP coltyp;
    uint32_t size;
    int is_signed; /* little-endian two's complement: min is 00..80, max FF..7F */
    int is_float;  /* IEEE: row 0 is -0.0, row 1 a NaN with a payload */
};

static const struct fixed_type FIXED[] = {
    {JET_coltypBit, 1, 0, 0},        {JET_coltypUnsignedByte, 1, 0, 0},  {JET_coltypShort, 2, 1, 0},
    {JET_coltypUnsignedShort, 2, 0, 0}, {JET_coltypLong, 4, 1, 0},       {JET_coltypUnsignedLong, 4, 0, 0},
    {JET_coltypLongLong, 8, 1, 0},   {JET_coltypUnsignedLongLong, 8, 0, 0}, {JET_coltypCurrency, 8, 1, 0},
    {JET_coltypIEEESingle, 4, 0, 1}, {JET_coltypIEEEDouble, 8, 0, 1},    {JET_coltypDateTime, 8, 0, 1},
    {JET_coltypGUID, 16, 0, 0},
};
#define NFIXED (sizeof FIXED / sizeof FIXED[0])
#define NROWS 3

/* The bytes of row `row` (0: minimum / -0.0, 1: maximum / NaN, 2: a pattern) of type `k`. */
static void value_of(size_t k, int row, unsigned char *out) {
    const struct fixed_type *f = &FIXED[k];
    uint32_t n = f->size;
    if (f->coltyp == JET_coltypBit) {
        out[0] = row == 0 ? 0x00 : 0xFF;
        return;
    }
    if (row == 0) {
        memset(out, 0, n);
        if (f->is_signed || f->is_float) out[n - 1] = 0x80;
    } else if (row == 1) {
        if (f->is_float && n == 4) {
            uint32_t nan = 0x7FC00123u; /* a quiet NaN with a payload */
            memcpy(out, &nan, 4);
        } else if (f->is_float) {
            uint64_t nan = 0x7FF8000000000123ull;
            memcpy(out, &nan, 8);
        } else {
            memset(out, 0xFF, n);
            if (f->is_signed) out[n - 1] = 0x7F;
        }
    } else {
        for (uint32_t i = 0; i < n; i++) out[i] = (unsigned char)(k * 37 + i * 11 + 5);
    }
}

struct all_cols {
    JET_COLUMNID fixed[NFIXED], tagged[NFIXED];
    JET_COLUMNID fbin, ftext, ftextw;     /* fixed Binary / Text 1252 / Text 1200, cbMax 8 */
    JET_COLUMNID vbin, vtext, vtextw;     /* variable, cbMax 255 */
    JET_COLUMNID tbin, ttext, ttextw;     /* tagged multi-valued */
    JET_COLUMNID lbin, ltext, ltextw;     /* LongBinary, LongText 1252, LongText 1200 */
};

static void add_all(struct ct *r, struct all_cols *c) {
    char name[16];
    for (size_t k = 0; k < NFIXED; k++) {
        snprintf(name, sizeof name, "F%zu", k);
        c->fixed[k] = add(r, name, FIXED[k].coltyp, 0, 0, 0, NULL, 0);
        snprintf(name, sizeof name, "T%zu", k);
        c->tagged[k] = add(r, name, FIXED[k].coltyp, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, NULL, 0);
    }
    c->fbin = add(r, "FBin", JET_coltypBinary, 8, JET_bitColumnFixed, 0, NULL, 0);
    c->ftext = add(r, "FText", JET_coltypText, 8, JET_bitColumnFixed, 1252, NULL, 0);
    c->ftextw = add(r, "FTextW", JET_coltypText, 8, JET_bitColumnFixed, 1200, NULL, 0);
    c->vbin = add(r, "VBin", JET_coltypBinary, 255, 0, 0, NULL, 0);
    c->vtext = add(r, "VText", JET_coltypText, 255, 0, 1252, NULL, 0);
    c->vtextw = add(r, "VTextW", JET_coltypText, 255, 0, 1200, NULL, 0);
    JET_GRBIT mv = JET_bitColumnTagged | JET_bitColumnMultiValued;
    c->tbin = add(r, "TBin", JET_coltypBinary, 255, mv, 0, NULL, 0);
    c->ttext = add(r, "TText", JET_coltypText, 255, mv, 1252, NULL, 0);
    c->ttextw = add(r, "TTextW", JET_coltypText, 255, mv, 1200, NULL, 0);
    c->lbin = add(r, "LBin", JET_coltypLongBinary, 0, JET_bitColumnMultiValued, 0, NULL, 0);
    c->ltext = add(r, "LText", JET_coltypLongText, 0, 0, 1252, NULL, 0);
    c->ltextw = add(r, "LTextW", JET_coltypLongText, 0, 0, 1200, NULL, 0);
}

/* Text values of row `row`: 0 zero-length, 1 255 bytes (254 for UTF-16), 2 NULL. */
static uint32_t text_of(int row, int wide, unsigned char *out) {
    if (row == 0) return 0;
    uint32_t n = wide ? 254 : 255;
    for (uint32_t i = 0; i < n; i++) out[i] = wide ? (i % 2 ? 0x04 : (unsigned char)(0x10 + i / 2)) : (unsigned char)(0x80 + i % 127);
    return n;
}

/* Whether the case runs under valgrind (memcheck makes megabytes of values take minutes). */
static int under_valgrind(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* The long values' size: 1 MB (64 KB under valgrind: the same path, stored outside the record). */
static uint32_t lv_size(void) {
    static uint32_t n;
    if (!n) n = under_valgrind() ? 64u << 10 : 1u << 20;
    return n;
}
#define LV_SIZE lv_size()

static unsigned char *lv_bytes(int seed) {
    unsigned char *p = malloc(LV_SIZE);
    for (uint32_t i = 0; i < LV_SIZE; i++) p[i] = (unsigned char)(i * 7 + seed + (i >> 12));
    return p;
}

static void insert_all(struct ct *r, const struct all_cols *c) {
    unsigned char v[16], w[256];
    CHECK_OK(JetBeginTransaction(r->s));
    for (int row = 0; row < NROWS; row++) {
        int32_t id = row + 1;
        CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepInsert));
        CHECK_OK(JetSetColumn(r->s, r->t, r->id, &id, 4, 0, NULL));
        for (size_t k = 0; k < NFIXED; k++) {
            value_of(k, row, v);
            CHECK_OK(JetSetColumn(r->s, r->t, c->fixed[k], v, FIXED[k].size, 0, NULL));
            /* the tagged twin holds every row's value, this row's first */
            JET_SETINFO si = {sizeof si, 0, 0};
            for (int j = 0; j < NROWS; j++) {
                value_of(k, (row + j) % NROWS, v);
                CHECK_OK(JetSetColumn(r->s, r->t, c->tagged[k], v, FIXED[k].size, 0, &si));
            }
        }
        /* fixed Binary/Text shorter than cbMax: padded (3.3) */
        CHECK_OK(JetSetColumn(r->s, r->t, c->fbin, "\x01\x02\x03", 3, 0, NULL));
        CHECK_OK(JetSetColumn(r->s, r->t, c->ftext, "ab", 2, 0, NULL));
        CHECK_OK(JetSetColumn(r->s, r->t, c->ftextw, "a\0", 2, 0, NULL));
        for (int wide = 0; wide < 2; wide++) {
            uint32_t n = text_of(row, wide, w);
            JET_COLUMNID vt = wide ? c->vtextw : c->vtext, tt = wide ? c->ttextw : c->ttext;
            if (row < 2) {
                CHECK_OK(JetSetColumn(r->s, r->t, vt, w, n, JET_bitSetZeroLength, NULL));
                CHECK_OK(JetSetColumn(r->s, r->t, tt, w, n, JET_bitSetZeroLength, NULL));
            }
        }
        uint32_t n = text_of(row, 0, w);
        if (row < 2) {
            CHECK_OK(JetSetColumn(r->s, r->t, c->vbin, w, n, JET_bitSetZeroLength, NULL));
            /* two values: the row's and a zero-length one */
            JET_SETINFO si = {sizeof si, 0, 0};
            CHECK_OK(JetSetColumn(r->s, r->t, c->tbin, w, n, JET_bitSetZeroLength, &si));
            CHECK_OK(JetSetColumn(r->s, r->t, c->tbin, "", 0, JET_bitSetZeroLength, &si));
        }
        if (row == 1) {
            /* 1 MB long values; LBin also gets a small second value */
            unsigned char *a = lv_bytes(1), *b = lv_bytes(2), *t = lv_bytes(3);
            JET_SETINFO si = {sizeof si, 0, 0};
            CHECK_OK(JetSetColumn(r->s, r->t, c->lbin, a, LV_SIZE, 0, &si));
            CHECK_OK(JetSetColumn(r->s, r->t, c->lbin, "tiny", 4, 0, &si));
            CHECK_OK(JetSetColumn(r->s, r->t, c->ltext, b, LV_SIZE, 0, NULL));
            CHECK_OK(JetSetColumn(r->s, r->t, c->ltextw, t, LV_SIZE, 0, NULL));
            free(a);
            free(b);
            free(t);
        }
        CHECK_OK(JetUpdate(r->s, r->t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(r->s, 0));
}

static void expect_bytes(struct ct *r, JET_COLUMNID col, uint32_t itag, const void *want, uint32_t cb) {
    unsigned char got[300];
    uint32_t actual = 0xFFFF;
    JET_RETINFO ri = {sizeof ri, 0, itag, 0};
    CHECK_OK(JetRetrieveColumn(r->s, r->t, col, got, sizeof got, &actual, 0, &ri));
    CHECK_EQ(actual, cb);
    CHECK(cb == 0 || memcmp(got, want, cb) == 0);
}

static void expect_null(struct ct *r, JET_COLUMNID col) {
    unsigned char got[8];
    uint32_t actual = 99;
    CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(r->s, r->t, col, got, sizeof got, &actual, 0, NULL));
    CHECK_EQ(actual, 0);
}

static void expect_lv(struct ct *r, JET_COLUMNID col, uint32_t itag, int seed) {
    unsigned char *want = lv_bytes(seed), *got = malloc(LV_SIZE + 1);
    uint32_t actual = 0;
    JET_RETINFO ri = {sizeof ri, 0, itag, 0};
    CHECK_OK(JetRetrieveColumn(r->s, r->t, col, got, LV_SIZE + 1, &actual, 0, &ri));
    CHECK_EQ(actual, LV_SIZE);
    CHECK(memcmp(got, want, LV_SIZE) == 0);
    free(want);
    free(got);
}

static void verify_all(struct ct *r, const struct all_cols *c) {
    unsigned char v[16], w[256];
    for (int row = 0; row < NROWS; row++) {
        seek_id(r, row + 1);
        for (size_t k = 0; k < NFIXED; k++) {
            value_of(k, row, v);
            expect_bytes(r, c->fixed[k], 1, v, FIXED[k].size);
            for (int j = 0; j < NROWS; j++) {
                value_of(k, (row + j) % NROWS, v);
                expect_bytes(r, c->tagged[k], (uint32_t)j + 1, v, FIXED[k].size);
            }
        }
        expect_bytes(r, c->fbin, 1, "\x01\x02\x03\0\0\0\0\0", 8);
        expect_bytes(r, c->ftext, 1, "ab      ", 8);
        expect_bytes(r, c->ftextw, 1, "a\0 \0 \0 \0", 8);
        for (int wide = 0; wide < 2; wide++) {
            uint32_t n = text_of(row, wide, w);
            JET_COLUMNID vt = wide ? c->vtextw : c->vtext, tt = wide ? c->ttextw : c->ttext;
            if (row < 2) {
                expect_bytes(r, vt, 1, w, n);
                expect_bytes(r, tt, 1, w, n);
            } else {
                expect_null(r, vt);
                expect_null(r, tt);
            }
        }
        uint32_t n = text_of(row, 0, w);
        if (row < 2) {
            expect_bytes(r, c->vbin, 1, w, n);
            expect_bytes(r, c->tbin, 1, w, n);
            expect_bytes(r, c->tbin, 2, "", 0);
        } else {
            expect_null(r, c->vbin);
            expect_null(r, c->tbin);
        }
        if (row == 1) {
            expect_lv(r, c->lbin, 1, 1);
            expect_bytes(r, c->lbin, 2, "tiny", 4);
            expect_lv(r, c->ltext, 1, 2);
            expect_lv(r, c->ltextw, 1, 3);
        } else {
            expect_null(r, c->lbin);
            expect_null(r, c->ltext);
        }
    }
}

TEST(ct_every_type_round_trips_and_persists) {
    /* data-records 3.1-3.5, 3.7: every fixed-size type as fixed and tagged column (min, max,
     * -0.0, NaN payloads kept), Binary/Text fixed (padded), variable (zero-length, 255 bytes,
     * NULL) and tagged, long values of 1 MB (64 KB under valgrind); all byte for byte, again after JetTerm (S-STO-03) */
    struct ct r = ct_open("types.edb");
    struct all_cols c;
    add_all(&r, &c);
    insert_all(&r, &c);
    verify_all(&r, &c);
    ct_reopen(&r, "types.edb");
    verify_all(&r, &c);
}

TEST(ct_wrong_sizes_and_limits) {
    /* data-records 3.3, 3.4, 3.5: wrong sizes of fixed types, over-long variable values
     * truncated with a warning, tagged values over cbMax refused */
    struct ct r = ct_open("sizes.edb");
    struct all_cols c;
    add_all(&r, &c);
    unsigned char big[300];
    memset(big, 'z', sizeof big);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    for (size_t k = 0; k < NFIXED; k++) {
        CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, c.fixed[k], big, FIXED[k].size + 1, 0, NULL));
        /* a tagged column's cbMax is its type's size: longer is too big, shorter the wrong
         * size (fldmod.cxx:3131-3190) */
        CHECK_ERR(JET_errColumnTooBig, JetSetColumn(r.s, r.t, c.tagged[k], big, FIXED[k].size + 1, 0, NULL));
        if (FIXED[k].size > 1) {
            CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, c.fixed[k], big, FIXED[k].size - 1, 0, NULL));
            CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, c.tagged[k], big, FIXED[k].size - 1, 0, NULL));
        }
    }
    CHECK_ERR(JET_errInvalidBufferSize, JetSetColumn(r.s, r.t, c.fbin, big, 9, 0, NULL));
    CHECK_ERR(JET_wrnColumnMaxTruncated, JetSetColumn(r.s, r.t, c.vtext, big, 256, 0, NULL));
    CHECK_ERR(JET_errColumnTooBig, JetSetColumn(r.s, r.t, c.ttext, big, 256, 0, NULL));
    int32_t id = 1;
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    seek_id(&r, 1);
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, c.vtext, big, sizeof big, &cb, 0, NULL));
    CHECK_EQ(cb, 255);
    /* a fixed column set with 0 bytes is NULL even with SetZeroLength (3.2) */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetColumn(r.s, r.t, c.fixed[4], NULL, 0, JET_bitSetZeroLength, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    expect_null(&r, c.fixed[4]);
}

/* ---- default values ------------------------------------------------------------------ */

struct dflt_cols {
    JET_COLUMNID fix, var, tag, tagmv, plain;
};

static struct dflt_cols add_defaults(struct ct *r) {
    struct dflt_cols d;
    int32_t fortytwo = 42, seven = 7;
    d.fix = add(r, "FixDef", JET_coltypLong, 0, 0, 0, &fortytwo, 4);
    d.var = add(r, "VarDef", JET_coltypText, 50, 0, 1252, "dflt", 4);
    d.tag = add(r, "TagDef", JET_coltypLong, 0, JET_bitColumnTagged, 0, &seven, 4);
    d.tagmv = add(r, "TagMvDef", JET_coltypBinary, 20, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, "dd", 2);
    d.plain = add(r, "Plain", JET_coltypLong, 0, JET_bitColumnTagged, 0, NULL, 0);
    return d;
}

static int32_t get_long(struct ct *r, JET_COLUMNID col, JET_GRBIT g, JET_ERR *err) {
    int32_t v = -1;
    uint32_t cb = 0;
    *err = JetRetrieveColumn(r->s, r->t, col, &v, 4, &cb, g, NULL);
    return v;
}

TEST(ct_default_values) {
    /* data-records 3.5, 3.6: fixed, variable and tagged defaults; RetrieveIgnoreDefault;
     * a NULL set on a tagged column with a default hides it; SetRevertToDefaultValue brings
     * it back; all persisted across JetTerm */
    struct ct r = ct_open("dflt.edb");
    struct dflt_cols d = add_defaults(&r);
    for (int32_t id = 1; id <= 2; id++) {
        CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
        if (id == 2) {
            /* the copy buffer starts with the defaults */
            JET_ERR e;
            CHECK_EQ(get_long(&r, d.fix, JET_bitRetrieveCopy, &e), 42);
            CHECK_OK(e);
            CHECK_EQ(get_long(&r, d.tag, JET_bitRetrieveCopy, &e), 7);
            CHECK_OK(e);
            CHECK_OK(JetSetColumn(r.s, r.t, d.tag, NULL, 0, 0, NULL));
            CHECK_EQ(get_long(&r, d.tag, JET_bitRetrieveCopy, &e), -1);
            CHECK_ERR(JET_wrnColumnNull, e);
        }
        CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    }
    for (int pass = 0; pass < 2; pass++) {
        JET_ERR e;
        seek_id(&r, 1);
        CHECK_EQ(get_long(&r, d.fix, 0, &e), 42);
        CHECK_OK(e);
        /* fixed and variable defaults were stored by the insert: IgnoreDefault changes nothing */
        CHECK_EQ(get_long(&r, d.fix, JET_bitRetrieveIgnoreDefault, &e), 42);
        CHECK_OK(e);
        expect_bytes(&r, d.var, 1, "dflt", 4);
        CHECK_EQ(get_long(&r, d.tag, 0, &e), 7);
        CHECK_OK(e);
        CHECK_EQ(get_long(&r, d.tag, JET_bitRetrieveIgnoreDefault, &e), -1);
        CHECK_ERR(JET_wrnColumnNull, e);
        expect_bytes(&r, d.tagmv, 1, "dd", 2);
        /* itag 2 of a default is NULL; the count is 1, 0 with IgnoreDefault */
        unsigned char b[4];
        uint32_t cb = 0;
        JET_RETINFO ri = {sizeof ri, 0, 2, 0};
        CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(r.s, r.t, d.tagmv, b, 4, &cb, 0, &ri));
        JET_RETRIEVECOLUMN rc[2];
        memset(rc, 0, sizeof rc);
        rc[0].columnid = d.tagmv;
        rc[1].columnid = d.tagmv;
        rc[1].grbit = JET_bitRetrieveIgnoreDefault;
        CHECK_OK(JetRetrieveColumns(r.s, r.t, rc, 2));
        CHECK_EQ(rc[0].itagSequence, 1);
        CHECK_EQ(rc[1].itagSequence, 0);
        expect_null(&r, d.plain);
        /* record 2: the NULL set at insert hides the default */
        seek_id(&r, 2);
        CHECK_EQ(get_long(&r, d.tag, 0, &e), -1);
        CHECK_ERR(JET_wrnColumnNull, e);
        if (pass == 0) ct_reopen(&r, "dflt.edb");
    }
    /* SetRevertToDefaultValue removes the NULL marker: the default is back */
    seek_id(&r, 2);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetColumn(r.s, r.t, d.tag, NULL, 0, JET_bitSetRevertToDefaultValue, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    JET_ERR e;
    CHECK_EQ(get_long(&r, d.tag, 0, &e), 7);
    CHECK_OK(e);
    /* a NULL with SetRevertToDefaultValue where nothing is stored leaves no marker either */
    seek_id(&r, 1);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetColumn(r.s, r.t, d.tag, NULL, 0, JET_bitSetRevertToDefaultValue, NULL));
    /* a fixed or variable column set to NULL is NULL, not its default */
    CHECK_OK(JetSetColumn(r.s, r.t, d.fix, NULL, 0, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, d.var, NULL, 0, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_EQ(get_long(&r, d.tag, 0, &e), 7);
    CHECK_OK(e);
    expect_null(&r, d.fix);
    expect_null(&r, d.var);
}

TEST(ct_default_added_later) {
    /* data-records 3.6: a column added after the records exist reads as its default there
     * (fixed and variable whatever RetrieveIgnoreDefault says, tagged unless it is given) */
    struct ct r = ct_open("later.edb");
    int32_t id = 1;
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    struct dflt_cols d = add_defaults(&r);
    seek_id(&r, 1);
    JET_ERR e;
    CHECK_EQ(get_long(&r, d.fix, JET_bitRetrieveIgnoreDefault, &e), 42);
    CHECK_OK(e);
    expect_bytes(&r, d.var, 1, "dflt", 4);
    CHECK_EQ(get_long(&r, d.tag, 0, &e), 7);
    CHECK_OK(e);
    CHECK_EQ(get_long(&r, d.tag, JET_bitRetrieveIgnoreDefault, &e), -1);
    CHECK_ERR(JET_wrnColumnNull, e);
}

/* ---- JetEnumerateColumns ------------------------------------------------------------- */

/* A counting allocator: `live` blocks outstanding; fails (NULL) once `calls` passes `fail_at`
 * when fail_at >= 0. A zero-byte allocation gets a real block, as malloc(0) may. */
struct ra {
    int live, calls, fail_at;
};

static void *ra_realloc(void *ctx, void *pv, uint32_t cb) {
    struct ra *a = ctx;
    if (pv && cb == 0) {
        free(pv);
        a->live--;
        return NULL;
    }
    a->calls++;
    if (a->fail_at >= 0 && a->calls > a->fail_at) return NULL;
    void *p = realloc(pv, cb ? cb : 1);
    if (!pv && p) a->live++;
    return p;
}

static void free_enum(struct ra *a, uint32_t n, JET_ENUMCOLUMN *rg) {
    for (uint32_t i = 0; i < n; i++) {
        if (rg[i].err == JET_wrnColumnSingleValue) {
            ra_realloc(a, rg[i].pvData, 0);
            continue;
        }
        for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++)
            if (rg[i].rgEnumColumnValue[k].pvData) ra_realloc(a, rg[i].rgEnumColumnValue[k].pvData, 0);
        if (rg[i].rgEnumColumnValue) ra_realloc(a, rg[i].rgEnumColumnValue, 0);
    }
    if (rg) ra_realloc(a, rg, 0);
}

static const JET_ENUMCOLUMN *find_col(uint32_t n, const JET_ENUMCOLUMN *rg, JET_COLUMNID id) {
    for (uint32_t i = 0; i < n; i++)
        if (rg[i].columnid == id) return &rg[i];
    return NULL;
}

struct en {
    struct ct r;
    JET_COLUMNID fix, var, tag, mv, lv, fixdef, tagdef;
};

/* A table with Id, Fix (Long), Var (Text), Tag (Long tagged), Mv (Binary multi-valued), Lv
 * (LongBinary), FixDef (Long, default 5), TagDef (Long tagged, default 9); record 1 has Fix 11,
 * Var "var", Mv {"a", "", "ccc"}, Lv 20000 bytes (stored outside the record), TagDef NULL. */
static struct en en_open(const char *file) {
    struct en e;
    e.r = ct_open(file);
    struct ct *r = &e.r;
    int32_t five = 5, nine = 9;
    e.fix = add(r, "Fix", JET_coltypLong, 0, 0, 0, NULL, 0);
    e.var = add(r, "Var", JET_coltypText, 100, 0, 1252, NULL, 0);
    e.tag = add(r, "Tag", JET_coltypLong, 0, JET_bitColumnTagged, 0, NULL, 0);
    e.mv = add(r, "Mv", JET_coltypBinary, 50, JET_bitColumnTagged | JET_bitColumnMultiValued, 0, NULL, 0);
    e.lv = add(r, "Lv", JET_coltypLongBinary, 0, 0, 0, NULL, 0);
    e.fixdef = add(r, "FixDef", JET_coltypLong, 0, 0, 0, &five, 4);
    e.tagdef = add(r, "TagDef", JET_coltypLong, 0, JET_bitColumnTagged, 0, &nine, 4);
    int32_t id = 1, fix = 11;
    static unsigned char big[20000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i % 251);
    CHECK_OK(JetBeginTransaction(r->s));
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r->s, r->t, r->id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, r->t, e.fix, &fix, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, r->t, e.var, "var", 3, 0, NULL));
    JET_SETINFO si = {sizeof si, 0, 0};
    CHECK_OK(JetSetColumn(r->s, r->t, e.mv, "a", 1, 0, &si));
    CHECK_OK(JetSetColumn(r->s, r->t, e.mv, "", 0, JET_bitSetZeroLength, &si));
    CHECK_OK(JetSetColumn(r->s, r->t, e.mv, "ccc", 3, 0, &si));
    CHECK_OK(JetSetColumn(r->s, r->t, e.lv, big, sizeof big, JET_bitSetSeparateLV, NULL));
    CHECK_OK(JetSetColumn(r->s, r->t, e.tagdef, NULL, 0, 0, NULL));
    CHECK_OK(JetUpdate(r->s, r->t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(r->s, 0));
    seek_id(r, 1);
    return e;
}

TEST(ct_enumerate_all_columns) {
    /* data-records 5.3: every column of the record, the default record's merged in (fixed
     * defaults were stored by the insert; a NULL marker hides a tagged default), values in
     * itag order, zero-length values kept, a separated long value cut at cbDataMost */
    struct en e = en_open("en1.edb");
    struct ct *r = &e.r;
    struct ra a = {0, 0, -1};
    uint32_t n = 99;
    JET_ENUMCOLUMN *rg = (JET_ENUMCOLUMN *)1;
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 100, 0));
    /* Id, Fix, Var, FixDef, Mv, Lv, TagDef (its NULL marker) and nothing else */
    CHECK_EQ(n, 7);
    for (uint32_t i = 1; i < n; i++) CHECK((rg[i - 1].columnid ^ 0x80000000u) < (rg[i].columnid ^ 0x80000000u));
    const JET_ENUMCOLUMN *c = find_col(n, rg, e.fix);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 1);
    if (c && c->cEnumColumnValue == 1) {
        CHECK_EQ(c->rgEnumColumnValue[0].itagSequence, 1);
        CHECK_EQ(c->rgEnumColumnValue[0].cbData, 4);
        CHECK_EQ(*(int32_t *)c->rgEnumColumnValue[0].pvData, 11);
    }
    c = find_col(n, rg, e.fixdef);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 1 && *(int32_t *)c->rgEnumColumnValue[0].pvData == 5);
    c = find_col(n, rg, e.var);
    CHECK(c && c->err == 0 && c->rgEnumColumnValue[0].cbData == 3 && memcmp(c->rgEnumColumnValue[0].pvData, "var", 3) == 0);
    c = find_col(n, rg, e.mv);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 3);
    if (c && c->cEnumColumnValue == 3) {
        CHECK_EQ(c->rgEnumColumnValue[0].cbData, 1);
        CHECK_EQ(c->rgEnumColumnValue[1].cbData, 0);
        CHECK_EQ(c->rgEnumColumnValue[1].err, 0);
        CHECK_EQ(c->rgEnumColumnValue[2].itagSequence, 3);
        CHECK(memcmp(c->rgEnumColumnValue[2].pvData, "ccc", 3) == 0);
    }
    c = find_col(n, rg, e.lv);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 1);
    if (c && c->cEnumColumnValue == 1) {
        CHECK_EQ(c->rgEnumColumnValue[0].err, JET_wrnColumnTruncated);
        CHECK_EQ(c->rgEnumColumnValue[0].cbData, 100);
        CHECK_EQ(((unsigned char *)c->rgEnumColumnValue[0].pvData)[99], 99);
    }
    c = find_col(n, rg, e.tagdef);
    CHECK(c && c->err == JET_wrnColumnNull && c->cEnumColumnValue == 0 && c->rgEnumColumnValue == NULL);
    CHECK(find_col(n, rg, e.tag) == NULL);
    free_enum(&a, n, rg);
    CHECK_EQ(a.live, 0);

    /* CompressOutput: one in-record value inline; PresenceOnly; TaggedOnly; InRecordOnly */
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF,
                                 JET_bitEnumerateCompressOutput | JET_bitEnumerateInRecordOnly));
    c = find_col(n, rg, e.fix);
    CHECK(c && c->err == JET_wrnColumnSingleValue && c->cbData == 4 && *(int32_t *)c->pvData == 11);
    c = find_col(n, rg, e.mv);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 3);
    c = find_col(n, rg, e.lv);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 1 && c->rgEnumColumnValue[0].err == JET_wrnColumnNotInRecord &&
          c->rgEnumColumnValue[0].pvData == NULL);
    free_enum(&a, n, rg);
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0, JET_bitEnumeratePresenceOnly));
    CHECK_EQ(n, 7);
    for (uint32_t i = 0; i < n; i++)
        CHECK(rg[i].err == (rg[i].columnid == e.tagdef ? JET_wrnColumnNull : JET_wrnColumnPresent));
    free_enum(&a, n, rg);
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, JET_bitEnumerateTaggedOnly));
    CHECK_EQ(n, 3); /* Mv, Lv, TagDef */
    for (uint32_t i = 0; i < n; i++) CHECK(rg[i].columnid == e.mv || rg[i].columnid == e.lv || rg[i].columnid == e.tagdef);
    c = find_col(n, rg, e.lv);
    CHECK(c && c->cEnumColumnValue == 1 && c->rgEnumColumnValue[0].err == 0 && c->rgEnumColumnValue[0].cbData == 20000);
    free_enum(&a, n, rg);
    CHECK_EQ(a.live, 0);
}

TEST(ct_enumerate_defaults_and_copy) {
    /* data-records 5.3: a tagged default appears unless IgnoreDefault; EnumerateCopy reads the
     * copy buffer (and without an update, the record) */
    struct en e = en_open("en2.edb");
    struct ct *r = &e.r;
    struct ra a = {0, 0, -1};
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = NULL;
    int32_t id = 2;
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r->s, r->t, r->id, &id, 4, 0, NULL));
    CHECK_OK(JetUpdate(r->s, r->t, NULL, 0, NULL));
    seek_id(r, 2);
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, JET_bitEnumerateCompressOutput));
    /* Id, Fix and Var NULL (stored as such), FixDef 5, TagDef 9 from the default record */
    const JET_ENUMCOLUMN *c = find_col(n, rg, e.tagdef);
    CHECK(c && c->err == JET_wrnColumnSingleValue && c->cbData == 4 && *(int32_t *)c->pvData == 9);
    c = find_col(n, rg, e.fixdef);
    CHECK(c && c->err == JET_wrnColumnSingleValue && *(int32_t *)c->pvData == 5);
    c = find_col(n, rg, e.fix);
    CHECK(c && c->err == JET_wrnColumnNull);
    CHECK(find_col(n, rg, e.mv) == NULL);
    free_enum(&a, n, rg);
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, JET_bitEnumerateIgnoreDefault));
    CHECK(find_col(n, rg, e.tagdef) == NULL);
    CHECK(find_col(n, rg, e.fixdef) != NULL);
    free_enum(&a, n, rg);
    /* IgnoreUserDefinedDefault: accepted; without user-defined defaults nothing changes */
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF,
                                 JET_bitEnumerateIgnoreUserDefinedDefault));
    CHECK(find_col(n, rg, e.tagdef) != NULL);
    free_enum(&a, n, rg);
    /* the copy buffer of a replace with a new tagged value */
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepReplace));
    int32_t t = 77;
    CHECK_OK(JetSetColumn(r->s, r->t, e.tag, &t, 4, 0, NULL));
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, JET_bitEnumerateCopy));
    c = find_col(n, rg, e.tag);
    CHECK(c && c->err == 0 && c->cEnumColumnValue == 1 && *(int32_t *)c->rgEnumColumnValue[0].pvData == 77);
    free_enum(&a, n, rg);
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, 0));
    CHECK(find_col(n, rg, e.tag) == NULL);
    free_enum(&a, n, rg);
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepCancel));
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, JET_bitEnumerateCopy));
    CHECK(find_col(n, rg, e.tag) == NULL && find_col(n, rg, r->id) != NULL);
    free_enum(&a, n, rg);
    CHECK_EQ(a.live, 0);
}

TEST(ct_enumerate_listed_columns) {
    /* data-records 5.3: listed columns in order, id 0 skipped, itag lists (0 skipped, past
     * the end NULL), IgnoreDefault gives JET_wrnColumnDefault for a column the record lacks,
     * a bad id: its code in the entry and as the result, the array returned all the same */
    struct en e = en_open("en3.edb");
    struct ct *r = &e.r;
    struct ra a = {0, 0, -1};
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = NULL;
    uint32_t tags[4] = {3, 0, 9, 1};
    JET_ENUMCOLUMNID ids[6] = {
        {e.mv, 4, tags}, {0, 0, NULL}, {e.tag, 0, NULL}, {e.tagdef, 0, NULL}, {e.fix, 0, NULL}, {e.lv, 0, NULL},
    };
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 6, ids, &n, &rg, ra_realloc, &a, 10, JET_bitEnumerateCompressOutput));
    CHECK_EQ(n, 6);
    CHECK_EQ(rg[0].columnid, e.mv);
    CHECK_EQ(rg[0].err, 0);
    CHECK_EQ(rg[0].cEnumColumnValue, 4);
    if (rg[0].cEnumColumnValue == 4) {
        JET_ENUMCOLUMNVALUE *v = rg[0].rgEnumColumnValue;
        CHECK(v[0].itagSequence == 3 && v[0].err == 0 && v[0].cbData == 3 && memcmp(v[0].pvData, "ccc", 3) == 0);
        CHECK(v[1].itagSequence == 0 && v[1].err == JET_wrnColumnSkipped && v[1].pvData == NULL);
        CHECK(v[2].itagSequence == 9 && v[2].err == JET_wrnColumnNull);
        CHECK(v[3].itagSequence == 1 && v[3].err == 0 && v[3].cbData == 1);
    }
    CHECK_EQ(rg[1].err, JET_wrnColumnSkipped);
    CHECK_EQ(rg[2].err, JET_wrnColumnNull);
    CHECK_EQ(rg[3].err, JET_wrnColumnNull); /* the NULL marker, not the default */
    CHECK(rg[4].err == JET_wrnColumnSingleValue && rg[4].cbData == 4 && *(int32_t *)rg[4].pvData == 11);
    /* a separated long value is never inline; cut at cbDataMost */
    CHECK(rg[5].err == 0 && rg[5].cEnumColumnValue == 1 && rg[5].rgEnumColumnValue[0].err == JET_wrnColumnTruncated &&
          rg[5].rgEnumColumnValue[0].cbData == 10);
    free_enum(&a, n, rg);

    /* IgnoreDefault: Tag is not in the record -> JET_wrnColumnDefault; per value too */
    uint32_t one = 1;
    JET_ENUMCOLUMNID ids2[2] = {{e.tag, 0, NULL}, {e.tag, 1, &one}};
    CHECK_OK(JetEnumerateColumns(r->s, r->t, 2, ids2, &n, &rg, ra_realloc, &a, 10, JET_bitEnumerateIgnoreDefault));
    CHECK_EQ(rg[0].err, JET_wrnColumnDefault);
    CHECK(rg[1].err == 0 && rg[1].cEnumColumnValue == 1 && rg[1].rgEnumColumnValue[0].err == JET_wrnColumnDefault);
    free_enum(&a, n, rg);

    /* bad ids: the first one's code is returned, the entries are there to free */
    JET_ENUMCOLUMNID ids3[3] = {{e.fix, 0, NULL}, {0x2345, 0, NULL}, {0x7FFF0000u, 0, NULL}};
    CHECK_ERR(JET_errColumnNotFound, JetEnumerateColumns(r->s, r->t, 3, ids3, &n, &rg, ra_realloc, &a, 10, 0));
    CHECK_EQ(n, 3);
    CHECK_EQ(rg[0].err, 0);
    CHECK_EQ(rg[1].err, JET_errColumnNotFound);
    CHECK_EQ(rg[2].err, JET_errBadColumnId);
    free_enum(&a, n, rg);
    CHECK_EQ(a.live, 0);
    /* TaggedOnly cannot go with a list */
    CHECK_ERR(JET_errInvalidGrbit,
              JetEnumerateColumns(r->s, r->t, 1, ids, &n, &rg, ra_realloc, &a, 10, JET_bitEnumerateTaggedOnly));
}

TEST(ct_enumerate_bad_input) {
    /* data-records 5.3 (fldenum.cxx validation order), S-BAD-01: NULL outputs or allocator,
     * unknown and private grbits, no current record; the outputs are cleared first */
    struct en e = en_open("en4.edb");
    struct ct *r = &e.r;
    struct ra a = {0, 0, -1};
    uint32_t n = 5;
    JET_ENUMCOLUMN *rg = (JET_ENUMCOLUMN *)8;
    CHECK_ERR(JET_errInvalidParameter, JetEnumerateColumns(r->s, r->t, 0, NULL, NULL, &rg, ra_realloc, &a, 0, 0));
    CHECK(rg == NULL);
    CHECK_ERR(JET_errInvalidParameter, JetEnumerateColumns(r->s, r->t, 0, NULL, &n, NULL, ra_realloc, &a, 0, 0));
    CHECK_EQ(n, 0);
    CHECK_ERR(JET_errInvalidParameter, JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, NULL, &a, 0, 0));
    CHECK_ERR(JET_errInvalidGrbit, JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0, 0x2));
    CHECK_ERR(JET_errInvalidGrbit, JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0, 0x00010000));
    CHECK_ERR(JET_errInvalidParameter, JetEnumerateColumns(r->s, r->t, 2, NULL, &n, &rg, ra_realloc, &a, 0, 0));
    JET_ENUMCOLUMNID bad = {e.mv, 2, NULL};
    CHECK_ERR(JET_errInvalidParameter, JetEnumerateColumns(r->s, r->t, 1, &bad, &n, &rg, ra_realloc, &a, 0, 0));
    CHECK_ERR(JET_errInvalidTableId, JetEnumerateColumns(r->s, 0, 0, NULL, &n, &rg, ra_realloc, &a, 0, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEnumerateColumns(0, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0, 0));
    CHECK_OK(JetMove(r->s, r->t, JET_MoveLast, 0));
    CHECK_ERR(JET_errNoCurrentRecord, JetMove(r->s, r->t, JET_MoveNext, 0));
    rg = (JET_ENUMCOLUMN *)8;
    CHECK_ERR(JET_errNoCurrentRecord, JetEnumerateColumns(r->s, r->t, 0, NULL, &n, &rg, ra_realloc, &a, 0, 0));
    CHECK(rg == NULL && n == 0);
    CHECK_EQ(a.live, 0);
    CHECK_EQ(a.calls, 0);
}

TEST(ct_enumerate_out_of_memory) {
    /* data-records 5.3: an allocation that fails at any point -> JET_errOutOfMemory, with
     * every block of the call freed and the outputs 0 / NULL */
    struct en e = en_open("en5.edb");
    struct ct *r = &e.r;
    struct ra a = {0, 0, -1};
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = NULL;
    uint32_t tags[2] = {1, 3};
    JET_ENUMCOLUMNID ids[3] = {{e.mv, 2, tags}, {e.lv, 0, NULL}, {e.var, 0, NULL}};
    for (int listed = 0; listed < 2; listed++) {
        a.calls = 0;
        CHECK_OK(JetEnumerateColumns(r->s, r->t, listed ? 3 : 0, ids, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, 0));
        int total = a.calls;
        CHECK(total >= 8);
        free_enum(&a, n, rg);
        for (int k = 0; k < total; k++) {
            a.calls = 0;
            a.fail_at = k;
            n = 7;
            rg = (JET_ENUMCOLUMN *)8;
            CHECK_ERR(JET_errOutOfMemory,
                      JetEnumerateColumns(r->s, r->t, listed ? 3 : 0, ids, &n, &rg, ra_realloc, &a, 0x7FFFFFFF, 0));
            CHECK_EQ(a.live, 0);
            CHECK(n == 0 && rg == NULL);
        }
        a.fail_at = -1;
    }
}

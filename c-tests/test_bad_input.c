/* Bad input to every data function, table-driven (S-BAD-01, S-BAD-02, S-BAD-03, S-THD-01): forged, zero, all-ones,
 * closed and foreign tableids; forged dbids; NULL pointers; wrong cbStruct; absurd sizes and
 * counts; unknown grbits and info levels. Each call must return a defined code (an error in the
 * harness's own table of codes, or success where Windows ignores what was odd), never crash or
 * hang, and leave the database as it was (a digest of every record, column and index is taken
 * before and compared after). S-THD-01 gives the exact codes for tableids. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

struct fx {
    JET_INSTANCE inst;
    JET_SESID s, s2;
    JET_DBID dbid;
    JET_TABLEID t, t2; /* t2 belongs to s2 */
    JET_TABLEID closed;
    JET_COLUMNID id, name, blob, tags;
};

static JET_COLUMNID add(struct fx *f, const char *nm, JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT g) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = g;
    c.cp = coltyp == JET_coltypText ? 1252 : 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetAddColumn(f->s, f->t, nm, &c, NULL, 0, &id));
    return id;
}

/* T(Id Long primary, Name Text with ByName, Blob LongBinary, Tags multi-valued Long with
 * ByTags), 20 records; a cursor for each session; a closed cursor's id. */
static struct fx fx_open(void) {
    struct fx f;
    memset(&f, 0, sizeof f);
    f.inst = fixture_running("bad", -1);
    f.s = fixture_session(f.inst);
    f.s2 = fixture_session(f.inst);
    CHECK_OK(JetCreateDatabase(f.s, fixture_path("bad.edb"), NULL, &f.dbid, 0));
    CHECK_OK(JetCreateTable(f.s, f.dbid, "T", 0, 0, &f.t));
    f.id = add(&f, "Id", JET_coltypLong, 0, 0);
    f.name = add(&f, "Name", JET_coltypText, 64, 0);
    f.blob = add(&f, "Blob", JET_coltypLongBinary, 0, 0);
    f.tags = add(&f, "Tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued);
    CHECK_OK(JetCreateIndex(f.s, f.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CHECK_OK(JetCreateIndex(f.s, f.t, "ByName", 0, "+Name\0", 7, 100));
    CHECK_OK(JetCreateIndex(f.s, f.t, "ByTags", JET_bitIndexIgnoreAnyNull, "+Tags\0", 7, 100));
    CHECK_OK(JetCloseTable(f.s, f.t));
    CHECK_OK(JetOpenTable(f.s, f.dbid, "T", NULL, 0, 0, &f.t));
    CHECK_OK(JetBeginTransaction(f.s));
    for (int32_t i = 0; i < 20; i++) {
        char nm[16];
        unsigned char b[40];
        int32_t tg = i * 3;
        snprintf(nm, sizeof nm, "r%02d", i);
        memset(b, i, sizeof b);
        CHECK_OK(JetPrepareUpdate(f.s, f.t, JET_prepInsert));
        CHECK_OK(JetSetColumn(f.s, f.t, f.id, &i, 4, 0, NULL));
        CHECK_OK(JetSetColumn(f.s, f.t, f.name, nm, (uint32_t)strlen(nm), 0, NULL));
        CHECK_OK(JetSetColumn(f.s, f.t, f.blob, b, sizeof b, 0, NULL));
        CHECK_OK(JetSetColumn(f.s, f.t, f.tags, &tg, 4, 0, NULL));
        CHECK_OK(JetUpdate(f.s, f.t, NULL, 0, NULL));
    }
    CHECK_OK(JetCommitTransaction(f.s, 0));
    JET_DBID d2 = 0;
    CHECK_OK(JetOpenDatabase(f.s2, fixture_path("bad.edb"), NULL, &d2, 0));
    CHECK_OK(JetOpenTable(f.s2, d2, "T", NULL, 0, 0, &f.t2));
    CHECK_OK(JetOpenTable(f.s, f.dbid, "T", NULL, 0, 0, &f.closed));
    CHECK_OK(JetCloseTable(f.s, f.closed));
    CHECK_OK(JetMove(f.s, f.t, JET_MoveFirst, 0));
    return f;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

/* Every record's columns (all values of Tags) in primary-key order, through a fresh cursor;
 * the column and index names the table has. */
static uint64_t digest(struct fx *f) {
    uint64_t h = 14695981039346656037ull;
    JET_TABLEID c = 0;
    CHECK_OK(JetOpenTable(f->s, f->dbid, "T", NULL, 0, 0, &c));
    JET_ERR e = JetMove(f->s, c, JET_MoveFirst, 0);
    long n = 0;
    while (e == JET_errSuccess) {
        JET_COLUMNID cols[3] = {f->id, f->name, f->blob};
        for (int i = 0; i < 3; i++) {
            unsigned char buf[256];
            uint32_t cb = 0;
            JET_ERR r = JetRetrieveColumn(f->s, c, cols[i], buf, sizeof buf, &cb, 0, NULL);
            CHECK(r == JET_errSuccess || r == JET_wrnColumnNull);
            h = fnv(h, &r, sizeof r);
            h = fnv(h, buf, r == JET_errSuccess ? cb : 0);
        }
        for (uint32_t itag = 1;; itag++) {
            int32_t v = 0;
            uint32_t cb = 0;
            JET_RETINFO ri = {sizeof ri, 0, itag, 0};
            JET_ERR r = JetRetrieveColumn(f->s, c, f->tags, &v, 4, &cb, 0, &ri);
            if (r != JET_errSuccess) break;
            h = fnv(h, &v, 4);
        }
        n++;
        e = JetMove(f->s, c, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, e);
    h = fnv(h, &n, sizeof n);
    const char *names[] = {"Id", "Name", "Blob", "Tags"};
    for (int i = 0; i < 4; i++) {
        JET_COLUMNDEF cd;
        CHECK_OK(JetGetTableColumnInfo(f->s, c, names[i], &cd, sizeof cd, JET_ColInfo));
        h = fnv(h, &cd.columnid, sizeof cd.columnid);
        h = fnv(h, &cd.coltyp, sizeof cd.coltyp);
    }
    const char *ixs[] = {"PK", "ByName", "ByTags"};
    for (int i = 0; i < 3; i++) CHECK_OK(JetSetCurrentIndex(f->s, c, ixs[i]));
    CHECK_ERR(JET_errIndexNotFound, JetSetCurrentIndex(f->s, c, "Nope"));
    CHECK_OK(JetCloseTable(f->s, c));
    return h;
}

static int known_code(JET_ERR r) {
    for (size_t i = 0; i < check_code_count; i++)
        if (check_codes[i].code == r) return 1;
    return 0;
}

/* An error the harness knows by name. */
#define CHECK_FAILS(expr)                                                   \
    do {                                                                    \
        JET_ERR r_ = (expr);                                                \
        if (r_ >= 0 || !known_code(r_))                                     \
            check_fail_code(__FILE__, __LINE__, #expr " (a named error)", -1, r_); \
    } while (0)

/* Success, or a named warning or error: for input Windows ignores or may accept. */
#define CHECK_DEFINED(expr)                                                 \
    do {                                                                    \
        JET_ERR r_ = (expr);                                                \
        if (r_ != 0 && !known_code(r_))                                     \
            check_fail_code(__FILE__, __LINE__, #expr " (a named code)", 0, r_); \
    } while (0)

/* ---- every cursor function, with each kind of bad tableid ---------------------------------- */

typedef JET_ERR (*cursor_call)(struct fx *f, JET_SESID s, JET_TABLEID t);

#define CALL(name, ...) \
    static JET_ERR c_##name(struct fx *f, JET_SESID s, JET_TABLEID t) { (void)f; __VA_ARGS__ }

static unsigned char g_buf[512];
static uint32_t g_cb;

CALL(move, return JetMove(s, t, JET_MoveNext, 0);)
CALL(seek, return JetSeek(s, t, JET_bitSeekEQ);)
CALL(make_key, int32_t k = 3; return JetMakeKey(s, t, &k, 4, JET_bitNewKey);)
CALL(set_index_range, return JetSetIndexRange(s, t, JET_bitRangeRemove);)
CALL(retrieve_column, return JetRetrieveColumn(s, t, f->id, g_buf, 4, &g_cb, 0, NULL);)
CALL(retrieve_columns, JET_RETRIEVECOLUMN rc; memset(&rc, 0, sizeof rc); rc.columnid = f->id;
     rc.pvData = g_buf; rc.cbData = 4; rc.itagSequence = 1; return JetRetrieveColumns(s, t, &rc, 1);)
CALL(set_column, int32_t v = 1; return JetSetColumn(s, t, f->id, &v, 4, 0, NULL);)
CALL(set_columns, int32_t v = 1; JET_SETCOLUMN sc; memset(&sc, 0, sizeof sc); sc.columnid = f->id;
     sc.pvData = &v; sc.cbData = 4; return JetSetColumns(s, t, &sc, 1);)
CALL(prepare_update, return JetPrepareUpdate(s, t, JET_prepCancel);)
CALL(update, return JetUpdate2(s, t, NULL, 0, NULL, 0);)
CALL(delete, return JetDelete(s, t);)
CALL(get_bookmark, return JetGetBookmark(s, t, g_buf, sizeof g_buf, &g_cb);)
CALL(goto_bookmark, unsigned char bm[5] = {0x7f, 0x80, 0, 0, 1}; return JetGotoBookmark(s, t, bm, 5);)
CALL(retrieve_key, return JetRetrieveKey(s, t, g_buf, sizeof g_buf, &g_cb, 0);)
CALL(escrow, int32_t d = 1; return JetEscrowUpdate(s, t, f->id, &d, 4, NULL, 0, NULL, 0);)
CALL(get_current_index, return JetGetCurrentIndex(s, t, (char *)g_buf, 64);)
CALL(set_current_index, return JetSetCurrentIndex(s, t, "ByName");)
CALL(set_current_index4, return JetSetCurrentIndex4(s, t, "PK", NULL, JET_bitNoMove, 1);)
CALL(index_record_count, uint32_t n = 0; return JetIndexRecordCount(s, t, &n, 0);)
CALL(get_record_position, JET_RECPOS p; memset(&p, 0, sizeof p);
     return JetGetRecordPosition(s, t, &p, sizeof p);)
CALL(goto_position, JET_RECPOS p; memset(&p, 0, sizeof p); p.cbStruct = sizeof p;
     p.centriesLT = 1; p.centriesTotal = 2; return JetGotoPosition(s, t, &p);)
CALL(get_secondary_bookmark, uint32_t a = 0, b = 0;
     return JetGetSecondaryIndexBookmark(s, t, g_buf, 256, &a, g_buf + 256, 256, &b, 0);)
CALL(goto_secondary_bookmark, unsigned char k[4] = {0x7f, 1, 2, 3}, bm[5] = {0x7f, 0x80, 0, 0, 1};
     return JetGotoSecondaryIndexBookmark(s, t, k, 4, bm, 5, 0);)
CALL(dup_cursor, JET_TABLEID d = 0; JET_ERR r = JetDupCursor(s, t, &d, 0);
     if (r == JET_errSuccess) JetCloseTable(s, d); return r;)
CALL(get_cursor_info, return JetGetCursorInfo(s, t, NULL, 0, 0);)
CALL(set_table_sequential, return JetSetTableSequential(s, t, 0);)
CALL(reset_table_sequential, return JetResetTableSequential(s, t, 0);)
CALL(preread_keys, int32_t k = 1; const void *keys[1] = {&k}; uint32_t cbs[1] = {4}; int32_t n = 0;
     return JetPrereadKeys(s, t, keys, cbs, 1, &n, JET_bitPrereadForward);)
CALL(get_lock, return JetGetLock(s, t, JET_bitReadLock);)
CALL(enumerate_columns, uint32_t n = 0; JET_ENUMCOLUMN *out = NULL;
     return JetEnumerateColumns(s, t, 0, NULL, &n, &out, NULL, NULL, 0, 0);)
CALL(get_table_info, return JetGetTableInfo(s, t, g_buf, sizeof g_buf, JET_TblInfo);)
CALL(get_table_column_info, return JetGetTableColumnInfo(s, t, "Id", g_buf, sizeof(JET_COLUMNDEF), JET_ColInfo);)
CALL(get_table_index_info, return JetGetTableIndexInfo(s, t, "PK", g_buf, 4, JET_IdxInfoCount);)
CALL(add_column, JET_COLUMNDEF c; memset(&c, 0, sizeof c); c.cbStruct = sizeof c;
     c.coltyp = JET_coltypLong; return JetAddColumn(s, t, "New", &c, NULL, 0, NULL);)
CALL(delete_column, return JetDeleteColumn(s, t, "Nope");)
CALL(create_index, return JetCreateIndex(s, t, "NewIx", 0, "+Id\0", 5, 100);)
CALL(delete_index, return JetDeleteIndex(s, t, "Nope");)
CALL(rename_column, return JetRenameColumn(s, t, "Nope", "Nope2", 0);)
CALL(close_table, return JetCloseTable(s, t);)

static const struct {
    const char *name;
    cursor_call call;
} cursor_calls[] = {
    {"JetMove", c_move},
    {"JetSeek", c_seek},
    {"JetMakeKey", c_make_key},
    {"JetSetIndexRange", c_set_index_range},
    {"JetRetrieveColumn", c_retrieve_column},
    {"JetRetrieveColumns", c_retrieve_columns},
    {"JetSetColumn", c_set_column},
    {"JetSetColumns", c_set_columns},
    {"JetPrepareUpdate", c_prepare_update},
    {"JetUpdate2", c_update},
    {"JetDelete", c_delete},
    {"JetGetBookmark", c_get_bookmark},
    {"JetGotoBookmark", c_goto_bookmark},
    {"JetRetrieveKey", c_retrieve_key},
    {"JetEscrowUpdate", c_escrow},
    {"JetGetCurrentIndex", c_get_current_index},
    {"JetSetCurrentIndex", c_set_current_index},
    {"JetSetCurrentIndex4", c_set_current_index4},
    {"JetIndexRecordCount", c_index_record_count},
    {"JetGetRecordPosition", c_get_record_position},
    {"JetGotoPosition", c_goto_position},
    {"JetGetSecondaryIndexBookmark", c_get_secondary_bookmark},
    {"JetGotoSecondaryIndexBookmark", c_goto_secondary_bookmark},
    {"JetDupCursor", c_dup_cursor},
    {"JetGetCursorInfo", c_get_cursor_info},
    {"JetSetTableSequential", c_set_table_sequential},
    {"JetResetTableSequential", c_reset_table_sequential},
    {"JetPrereadKeys", c_preread_keys},
    {"JetGetLock", c_get_lock},
    {"JetEnumerateColumns", c_enumerate_columns},
    {"JetGetTableInfo", c_get_table_info},
    {"JetGetTableColumnInfo", c_get_table_column_info},
    {"JetGetTableIndexInfo", c_get_table_index_info},
    {"JetAddColumn", c_add_column},
    {"JetDeleteColumn", c_delete_column},
    {"JetCreateIndex", c_create_index},
    {"JetDeleteIndex", c_delete_index},
    {"JetRenameColumn", c_rename_column},
    {"JetCloseTable", c_close_table},
};

TEST(bad_tableids_for_every_cursor_function) {
    /* S-THD-01: 0, all-ones, a forged value, a closed cursor's id -> -1310; another session's
     * live cursor -> -1114; a forged sesid with a good tableid -> -1104; nothing changes */
    struct fx f = fx_open();
    uint64_t before = digest(&f);
    JET_TABLEID forged[] = {0, ~(JET_TABLEID)0, f.t ^ ((JET_TABLEID)1 << 33), f.t + 1, f.closed, 0x12345};
    int ncalls = (int)(sizeof cursor_calls / sizeof cursor_calls[0]);
    for (int i = 0; i < ncalls; i++) {
        for (size_t k = 0; k < sizeof forged / sizeof forged[0]; k++) {
            JET_ERR r = cursor_calls[i].call(&f, f.s, forged[k]);
            if (r != JET_errInvalidTableId) {
                printf("    %s with tableid %#llx\n", cursor_calls[i].name, (unsigned long long)forged[k]);
                CHECK_EQ(r, JET_errInvalidTableId);
            }
        }
        JET_ERR r = cursor_calls[i].call(&f, f.s, f.t2);
        if (r != JET_errSesidTableIdMismatch) {
            printf("    %s with another session's tableid\n", cursor_calls[i].name);
            CHECK_EQ(r, JET_errSesidTableIdMismatch);
        }
        r = cursor_calls[i].call(&f, f.s ^ ((JET_SESID)1 << 40), f.t);
        if (r != JET_errInvalidSesid) {
            printf("    %s with a forged sesid\n", cursor_calls[i].name);
            CHECK_EQ(r, JET_errInvalidSesid);
        }
    }
    CHECK_EQ(digest(&f), before);
    CHECK_OK(JetTerm(f.inst));
}

/* ---- NULLs, sizes, counts, grbits, info levels, with good handles -------------------------- */

TEST(bad_arguments_to_record_and_cursor_functions) {
    /* S-BAD-01 S-BAD-03: each call below returns a named code and
     * the database is unchanged afterwards (data-records 1.1: argument checks come before any
     * change) */
    struct fx f = fx_open();
    JET_SESID s = f.s;
    JET_TABLEID t = f.t;
    uint64_t before = digest(&f);
    unsigned char buf[64];
    uint32_t cb = 0;
    memset(buf, 0x41, sizeof buf);

    /* JetMove / JetSeek / JetMakeKey / JetSetIndexRange */
    CHECK_DEFINED(JetMove(s, t, JET_MoveNext, 0x7fffff00));
    CHECK_DEFINED(JetMove(s, t, 0x7fffffff, 0));
    CHECK_DEFINED(JetMove(s, t, (int32_t)0x80000001, 0));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_FAILS(JetSeek(s, t, 0)); /* no comparison and no key */
    CHECK_DEFINED(JetSeek(s, t, 0xfffffff0));
    CHECK_FAILS(JetMakeKey(s, t, NULL, 4, JET_bitNewKey));
    CHECK_DEFINED(JetMakeKey(s, t, buf, 4, 0xff000000));
    CHECK_DEFINED(JetMakeKey(s, t, buf, 4, JET_bitNewKey | JET_bitNormalizedKey));
    CHECK_DEFINED(JetSetIndexRange(s, t, 0xffffffff));
    CHECK_DEFINED(JetSetIndexRange(s, t, 0));

    /* JetRetrieveColumn(s): NULL buffer with a size, forged columnids, absurd itags, counts */
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_DEFINED(JetRetrieveColumn(s, t, f.id, NULL, 4, &cb, 0, NULL));
    CHECK_DEFINED(JetRetrieveColumn(s, t, 0, buf, sizeof buf, &cb, 0, NULL)); /* the tagged values in turn */
    CHECK_FAILS(JetRetrieveColumn(s, t, 0x7fffffff, buf, sizeof buf, &cb, 0, NULL));
    CHECK_FAILS(JetRetrieveColumn(s, t, 0xffffffff, buf, sizeof buf, &cb, 0, NULL));
    JET_RETINFO ri = {3, 0, 1, 0}; /* wrong cbStruct */
    CHECK_FAILS(JetRetrieveColumn(s, t, f.id, buf, sizeof buf, &cb, 0, &ri));
    JET_RETINFO ri2 = {sizeof ri2, 0xffffffff, 0xffffffff, 0};
    CHECK_DEFINED(JetRetrieveColumn(s, t, f.blob, buf, sizeof buf, &cb, 0, &ri2));
    CHECK_DEFINED(JetRetrieveColumn(s, t, f.id, buf, sizeof buf, &cb, 0xffffffff, NULL));
    CHECK_FAILS(JetRetrieveColumns(s, t, NULL, 3));
    CHECK_DEFINED(JetRetrieveColumns(s, t, NULL, 0));
    JET_RETRIEVECOLUMN rc[2];
    memset(rc, 0, sizeof rc);
    rc[0].columnid = 0xfffffff0;
    rc[0].pvData = buf;
    rc[0].cbData = sizeof buf;
    rc[1].columnid = f.id;
    rc[1].pvData = NULL;
    rc[1].cbData = 0x7fffffff;
    rc[1].itagSequence = 0xffffffff;
    CHECK_DEFINED(JetRetrieveColumns(s, t, rc, 2));
    CHECK_DEFINED(JetEnumerateColumns(s, t, 0xffffffff, NULL, &cb, NULL, NULL, NULL, 0, 0));
    CHECK_FAILS(JetEnumerateColumns(s, t, 0, NULL, NULL, NULL, NULL, NULL, 0, 0));

    /* JetSetColumn(s) and JetPrepareUpdate / JetUpdate / JetDelete: refused before any change */
    int32_t v = 7;
    CHECK_FAILS(JetSetColumn(s, t, f.id, &v, 4, 0, NULL)); /* no update prepared */
    CHECK_FAILS(JetPrepareUpdate(s, t, 0x77));
    CHECK_FAILS(JetPrepareUpdate(s, t, 0xffffffff));
    CHECK_FAILS(JetUpdate2(s, t, buf, sizeof buf, &cb, 0xffffffff));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
    CHECK_FAILS(JetSetColumn(s, t, 0, &v, 4, 0, NULL));
    CHECK_FAILS(JetSetColumn(s, t, 0xfffffff0, &v, 4, 0, NULL));
    CHECK_FAILS(JetSetColumn(s, t, f.id, &v, 3, 0, NULL));
    CHECK_DEFINED(JetSetColumn(s, t, f.id, NULL, 4, 0, NULL)); /* data-records 4.1: as cbData 0 */
    CHECK_DEFINED(JetSetColumn(s, t, f.name, buf, 0x7fffffff, 0, NULL)); /* truncated to cbMax */
    CHECK_FAILS(JetSetColumn(s, t, f.name, buf, 0x80000000u, 0, NULL));
    JET_SETINFO si = {5, 0, 1}; /* wrong cbStruct */
    CHECK_FAILS(JetSetColumn(s, t, f.tags, &v, 4, 0, &si));
    JET_SETINFO si2 = {sizeof si2, 0xffffffff, 1};
    CHECK_DEFINED(JetSetColumn(s, t, f.blob, buf, 4, JET_bitSetAppendLV, &si2));
    CHECK_DEFINED(JetSetColumn(s, t, f.id, &v, 4, 0xfff00000, NULL));
    CHECK_FAILS(JetSetColumns(s, t, NULL, 2));
    JET_SETCOLUMN sc[2];
    memset(sc, 0, sizeof sc);
    sc[0].columnid = 0xfffffff0;
    sc[1].columnid = f.name;
    sc[1].cbData = 0xffffffff;
    CHECK_FAILS(JetSetColumns(s, t, sc, 2));
    CHECK_OK(JetPrepareUpdate(s, t, JET_prepCancel));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_FAILS(JetEscrowUpdate(s, t, f.id, NULL, 4, NULL, 0, NULL, 0));
    CHECK_FAILS(JetEscrowUpdate(s, t, f.id, &v, 4, buf, 4, &cb, 0xffffffff));
    CHECK_FAILS(JetEscrowUpdate(s, t, 0xfffffff0, &v, 4, NULL, 0, NULL, 0));

    /* Bookmarks and keys */
    CHECK_FAILS(JetGotoBookmark(s, t, NULL, 5));
    CHECK_FAILS(JetGotoBookmark(s, t, buf, 0));
    memset(buf, 0xff, sizeof buf);
    CHECK_FAILS(JetGotoBookmark(s, t, buf, sizeof buf));
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_DEFINED(JetGetBookmark(s, t, NULL, 0, &cb));
    CHECK_DEFINED(JetGetBookmark(s, t, NULL, 0, NULL));
    CHECK_DEFINED(JetRetrieveKey(s, t, NULL, 0, &cb, 0));
    CHECK_DEFINED(JetRetrieveKey(s, t, buf, sizeof buf, &cb, 0xffffffff));
    CHECK_DEFINED(JetGetSecondaryIndexBookmark(s, t, NULL, 0, NULL, NULL, 0, NULL, 0));
    CHECK_DEFINED(JetGetSecondaryIndexBookmark(s, t, buf, 8, &cb, buf, 8, &cb, 0xffffffff));
    CHECK_OK(JetSetCurrentIndex(s, t, "ByName"));
    CHECK_FAILS(JetGotoSecondaryIndexBookmark(s, t, NULL, 4, buf, 5, 0));
    CHECK_FAILS(JetGotoSecondaryIndexBookmark(s, t, buf, 4, NULL, 5, 0));
    /* Oversized, in a buffer that really has the bytes (a size beyond the caller's buffer is
     * the caller's error, for Windows too). */
    unsigned char *big = calloc(1, 65536);
    CHECK(big != NULL);
    CHECK_DEFINED(JetGotoSecondaryIndexBookmark(s, t, big, 65536, big, 65536, 0xffffffff));
    CHECK_DEFINED(JetGotoBookmark(s, t, big, 65536));
    CHECK_DEFINED(JetMakeKey(s, t, big, 65536, JET_bitNewKey));
    CHECK_DEFINED(JetSeek(s, t, JET_bitSeekGE));
    free(big);

    /* Index selection */
    CHECK_FAILS(JetSetCurrentIndex(s, t, "NoSuchIndex"));
    CHECK_DEFINED(JetSetCurrentIndex2(s, t, "PK", 0xffffffff));
    CHECK_DEFINED(JetSetCurrentIndex3(s, t, "ByTags", JET_bitMoveFirst, 0));
    CHECK_DEFINED(JetSetCurrentIndex3(s, t, "ByTags", JET_bitNoMove, 0x7fffffff));
    JET_INDEXID ixid;
    memset(&ixid, 0xab, sizeof ixid);
    CHECK_FAILS(JetSetCurrentIndex4(s, t, NULL, &ixid, 0, 1));
    ixid.cbStruct = 3;
    CHECK_FAILS(JetSetCurrentIndex4(s, t, NULL, &ixid, 0, 1));
    CHECK_DEFINED(JetGetCurrentIndex(s, t, NULL, 0));
    CHECK_DEFINED(JetGetCurrentIndex(s, t, (char *)buf, 1));
    CHECK_OK(JetSetCurrentIndex(s, t, "PK"));

    /* Positions, counts, cursor info, sequential, preread, locks */
    uint32_t n = 0;
    CHECK_FAILS(JetIndexRecordCount(s, t, NULL, 0));
    CHECK_DEFINED(JetIndexRecordCount(s, t, &n, 0xffffffff));
    JET_RECPOS pos;
    memset(&pos, 0, sizeof pos);
    CHECK_FAILS(JetGetRecordPosition(s, t, NULL, sizeof pos));
    CHECK_FAILS(JetGetRecordPosition(s, t, &pos, 3));
    CHECK_FAILS(JetGotoPosition(s, t, NULL));
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 0xffffffff;
    pos.centriesTotal = 0;
    CHECK_DEFINED(JetGotoPosition(s, t, &pos));
    pos.centriesLT = 5;
    pos.centriesTotal = 2;
    CHECK_DEFINED(JetGotoPosition(s, t, &pos));
    CHECK_DEFINED(JetGetCursorInfo(s, t, NULL, 0, 0xffffffff));
    CHECK_DEFINED(JetGetCursorInfo(s, t, buf, 0xffffffff, 0));
    CHECK_DEFINED(JetSetTableSequential(s, t, 0xffffffff));
    CHECK_DEFINED(JetResetTableSequential(s, t, 0xffffffff));
    int32_t npre = 0;
    CHECK_FAILS(JetPrereadKeys(s, t, NULL, NULL, 3, &npre, JET_bitPrereadForward));
    CHECK_DEFINED(JetPrereadKeys(s, t, NULL, NULL, -5, &npre, JET_bitPrereadForward));
    CHECK_DEFINED(JetPrereadKeys(s, t, NULL, NULL, 0, NULL, 0xffffffff));
    CHECK_FAILS(JetGetLock(s, t, 0xffffffff));
    CHECK_FAILS(JetGetLock(s, t, JET_bitReadLock)); /* outside a transaction */
    JET_TABLEID dup = 0;
    CHECK_FAILS(JetDupCursor(s, t, NULL, 0));
    CHECK_DEFINED(JetDupCursor(s, t, &dup, 0xffffffff));
    if (dup) CHECK_OK(JetCloseTable(s, dup));

    CHECK_EQ(digest(&f), before);
    CHECK_OK(JetTerm(f.inst));
}

TEST(bad_arguments_to_schema_and_info_functions) {
    /* S-BAD-01 S-BAD-02: DDL and information calls with NULL names, wrong cbStruct, absurd counts and
     * unknown info levels or object types return a named code and change nothing */
    struct fx f = fx_open();
    JET_SESID s = f.s;
    JET_TABLEID t = f.t;
    JET_DBID bad_dbids[] = {7, 255, 0xffffffff, 3};
    uint64_t before = digest(&f);
    unsigned char buf[1024];
    memset(buf, 0x41, sizeof buf);

    /* Forged or unopened dbids for every dbid function. */
    for (size_t i = 0; i < sizeof bad_dbids / sizeof bad_dbids[0]; i++) {
        JET_DBID d = bad_dbids[i];
        JET_TABLEID x = 0;
        CHECK_FAILS(JetOpenTable(s, d, "T", NULL, 0, 0, &x));
        CHECK_FAILS(JetCreateTable(s, d, "U", 0, 0, &x));
        CHECK_FAILS(JetDeleteTable(s, d, "T"));
        CHECK_FAILS(JetRenameTable(s, d, "T", "U"));
        CHECK_FAILS(JetSetColumnDefaultValue(s, d, "T", "Name", "x", 1, 0));
        CHECK_FAILS(JetGetObjectInfo(s, d, JET_objtypTable, NULL, "T", buf, sizeof buf, JET_ObjInfo));
        CHECK_FAILS(JetGetColumnInfo(s, d, "T", "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo));
        CHECK_FAILS(JetGetIndexInfo(s, d, "T", "PK", buf, 4, JET_IdxInfoCount));
        CHECK_FAILS(JetGetDatabaseInfo(s, d, buf, 4, JET_DbInfoPageSize));
        CHECK_FAILS(JetCloseDatabase(s, d, 0));
        JET_TABLECREATE4_A tc;
        memset(&tc, 0, sizeof tc);
        tc.cbStruct = sizeof tc;
        tc.szTableName = "U";
        CHECK_FAILS(JetCreateTableColumnIndex4(s, d, &tc));
    }

    /* NULL and oversized names, unknown grbits and levels. */
    JET_TABLEID x = 0;
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    CHECK_FAILS(JetOpenTable(s, f.dbid, NULL, NULL, 0, 0, &x));
    CHECK_FAILS(JetOpenTable(s, f.dbid, "T", NULL, 0, 0, NULL));
    CHECK_FAILS(JetOpenTable(s, f.dbid, longname, NULL, 0, 0, &x));
    CHECK_DEFINED(JetOpenTable(s, f.dbid, "T", NULL, 0, 0x40000000, &x));
    if (x) CHECK_OK(JetCloseTable(s, x));
    CHECK_FAILS(JetCreateTable(s, f.dbid, NULL, 0, 0, &x));
    CHECK_FAILS(JetCreateTable(s, f.dbid, longname, 0, 0, &x));
    CHECK_FAILS(JetDeleteTable(s, f.dbid, NULL));
    CHECK_FAILS(JetRenameTable(s, f.dbid, "T", NULL));
    CHECK_FAILS(JetRenameTable(s, f.dbid, NULL, "U"));
    CHECK_FAILS(JetCreateTableColumnIndex4(s, f.dbid, NULL));
    JET_TABLECREATE4_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = 7;
    tc.szTableName = "U";
    CHECK_FAILS(JetCreateTableColumnIndex4(s, f.dbid, &tc));
    tc.cbStruct = sizeof tc;
    tc.cColumns = 5; /* with no array */
    CHECK_FAILS(JetCreateTableColumnIndex4(s, f.dbid, &tc));
    tc.cColumns = 0;
    tc.cIndexes = 0x7fffffff;
    CHECK_FAILS(JetCreateTableColumnIndex4(s, f.dbid, &tc));

    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = 5;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID cid = 0;
    CHECK_FAILS(JetAddColumn(s, t, "New", &cd, NULL, 0, &cid));
    cd.cbStruct = sizeof cd;
    cd.coltyp = 0x7777;
    CHECK_FAILS(JetAddColumn(s, t, "New", &cd, NULL, 0, &cid));
    cd.coltyp = JET_coltypLong;
    CHECK_FAILS(JetAddColumn(s, t, NULL, &cd, NULL, 0, &cid));
    CHECK_FAILS(JetAddColumn(s, t, "New", NULL, NULL, 0, &cid));
    unsigned char *big = calloc(1, 65536);
    CHECK(big != NULL);
    CHECK_FAILS(JetAddColumn(s, t, "New", &cd, big, 65536, &cid)); /* a default bigger than any */
    cd.coltyp = JET_coltypLongBinary;
    CHECK_FAILS(JetAddColumn(s, t, "New", &cd, big, 65536, &cid));
    cd.coltyp = JET_coltypLong;
    free(big);
    CHECK_FAILS(JetDeleteColumn(s, t, NULL));
    CHECK_FAILS(JetDeleteColumn2(s, t, "Nope", 0xffffffff));
    CHECK_FAILS(JetRenameColumn(s, t, "Id", NULL, 0));
    CHECK_FAILS(JetRenameColumn(s, t, NULL, "X", 0));
    CHECK_FAILS(JetSetColumnDefaultValue(s, f.dbid, "T", NULL, "x", 1, 0));
    CHECK_FAILS(JetSetColumnDefaultValue(s, f.dbid, NULL, "Name", "x", 1, 0));
    CHECK_FAILS(JetSetColumnDefaultValue(s, f.dbid, "T", "Name", NULL, 5, 0));

    CHECK_FAILS(JetCreateIndex(s, t, NULL, 0, "+Id\0", 5, 100));
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0, NULL, 5, 100));
    char *bigkey = calloc(1, 65536); /* "+Id" and 65,533 NULs: bytes after the double NUL */
    CHECK(bigkey != NULL);
    memcpy(bigkey, "+Id", 3);
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0, bigkey, 65536, 100));
    free(bigkey);
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0, "+Id\0", 5, 1000));
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0xffffffff, "+Id\0", 5, 100));
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0, "+Nope\0", 7, 100));
    CHECK_FAILS(JetCreateIndex(s, t, "Ix", 0, "Id", 2, 100)); /* no terminator */
    CHECK_FAILS(JetCreateIndex4(s, t, NULL, 1));
    JET_INDEXCREATE3_A ic;
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = 9;
    ic.szIndexName = "Ix";
    ic.szKey = "+Id\0";
    ic.cbKey = 5;
    CHECK_FAILS(JetCreateIndex4(s, t, &ic, 1));
    ic.cbStruct = sizeof ic;
    ic.cConditionalColumn = 3; /* with no array */
    CHECK_FAILS(JetCreateIndex4(s, t, &ic, 1));
    CHECK_FAILS(JetDeleteIndex(s, t, NULL));
    CHECK_FAILS(JetDeleteIndex(s, t, "PK")); /* the primary index of a table with records, in use */

    CHECK_FAILS(JetGetTableInfo(s, t, NULL, 64, JET_TblInfo));
    CHECK_FAILS(JetGetTableInfo(s, t, buf, 2, JET_TblInfo));
    CHECK_FAILS(JetGetTableInfo(s, t, buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetTableColumnInfo(s, t, "Id", buf, 3, JET_ColInfo));
    CHECK_FAILS(JetGetTableColumnInfo(s, t, "Id", buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetTableColumnInfo(s, t, "Nope", buf, sizeof(JET_COLUMNDEF), JET_ColInfo));
    CHECK_FAILS(JetGetTableIndexInfo(s, t, "PK", buf, 1, JET_IdxInfoCount));
    CHECK_FAILS(JetGetTableIndexInfo(s, t, "PK", buf, sizeof buf, 0x7777));
    CHECK_DEFINED(JetGetObjectInfo(s, f.dbid, 0x77, NULL, "T", buf, sizeof buf, JET_ObjInfo)); /* objtyp: lists only */
    CHECK_FAILS(JetGetObjectInfo(s, f.dbid, JET_objtypTable, NULL, "T", buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetObjectInfo(s, f.dbid, JET_objtypTable, NULL, "T", NULL, 100, JET_ObjInfo));
    CHECK_FAILS(JetGetColumnInfo(s, f.dbid, NULL, "Id", buf, sizeof(JET_COLUMNDEF), JET_ColInfo));
    CHECK_FAILS(JetGetColumnInfo(s, f.dbid, "T", "Id", buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetIndexInfo(s, f.dbid, "T", "PK", buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetDatabaseInfo(s, f.dbid, buf, sizeof buf, 0x7777));
    CHECK_FAILS(JetGetDatabaseInfo(s, f.dbid, NULL, 4, JET_DbInfoPageSize));
    JET_DBID scratch = f.dbid; /* set to JET_dbidNil first, as by Windows */
    CHECK_FAILS(JetOpenDatabase(s, NULL, NULL, &scratch, 0));
    CHECK_EQ(scratch, JET_dbidNil);
    JET_DBID d2 = 0;
    CHECK_FAILS(JetOpenDatabase(s, fixture_path("nope.edb"), NULL, &d2, 0));
    /* data-ddl (unknown grbits): JetCloseDatabase ignores them, so this closes; reopen. */
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetCloseDatabase(s, f.dbid, 0xffffffff));
    CHECK_OK(JetOpenDatabase(s, fixture_path("bad.edb"), NULL, &f.dbid, 0));

    CHECK_EQ(digest(&f), before);
    CHECK_OK(JetTerm(f.inst));
}

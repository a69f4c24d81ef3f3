/* Records, the finer points (data-records 3.5, 3.10, 4.1-4.6, 5.1-5.2, checked against ESE's
 * fldmod.cxx, fldext.cxx, recupd.cxx and tagfld.cxx): JET_bitRetrieveNull with columnid 0,
 * JET_bitSetUniqueNormalizedMultiValues, escrow DeleteOnZero / Finalize / NoRollback,
 * insert-copy-delete/replace-original, the read-only copy, and the per-element codes of
 * JetSetColumns and JetRetrieveColumns. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* JET_prepReadOnlyCopy: private in the Windows header, accepted by esent.dll. */
#define PREP_READ_ONLY_COPY 8

struct rx {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid;
    JET_TABLEID t;
    JET_COLUMNID id, name;
};

static JET_COLUMNID add(struct rx *r, const char *name, JET_COLTYP t, uint32_t cbMax, JET_GRBIT g, const void *dflt,
                        uint32_t cbDefault) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = t;
    c.cbMax = cbMax;
    c.grbit = g;
    c.cp = (t == JET_coltypText || t == JET_coltypLongText) ? 1252 : 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetAddColumn(r->s, r->t, name, &c, dflt, cbDefault, &id));
    return id;
}

/* A table T(Id Long, or Long autoincrement with `autoinc`, primary; Name Text 100). */
static struct rx rx_open(const char *file, int autoinc) {
    struct rx r;
    memset(&r, 0, sizeof r);
    r.inst = fixture_running("exact", -1);
    r.s = fixture_session(r.inst);
    CHECK_OK(JetCreateDatabase(r.s, fixture_path(file), NULL, &r.dbid, 0));
    CHECK_OK(JetCreateTable(r.s, r.dbid, "T", 0, 0, &r.t));
    r.id = add(&r, "Id", JET_coltypLong, 0, autoinc ? JET_bitColumnAutoincrement : 0, NULL, 0);
    r.name = add(&r, "Name", JET_coltypText, 100, 0, NULL, 0);
    CHECK_OK(JetCreateIndex(r.s, r.t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
    return r;
}

/* JetCreateTable's cursor holds the table DenyRead: reopen it so other cursors can read it. */
static void reopen(struct rx *r) {
    CHECK_OK(JetCloseTable(r->s, r->t));
    CHECK_OK(JetOpenTable(r->s, r->dbid, "T", NULL, 0, 0, &r->t));
}

static void insert_named(struct rx *r, int32_t id, const char *name, JET_ERR want) {
    CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepInsert));
    if (id) CHECK_OK(JetSetColumn(r->s, r->t, r->id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r->s, r->t, r->name, name, (uint32_t)strlen(name), 0, NULL));
    CHECK_ERR(want, JetUpdate(r->s, r->t, NULL, 0, NULL));
    if (want) CHECK_OK(JetPrepareUpdate(r->s, r->t, JET_prepCancel));
}

static int32_t cur_id(struct rx *r, JET_GRBIT g) {
    int32_t v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r->s, r->t, r->id, &v, 4, &cb, g, NULL));
    return v;
}

TEST(rx_retrieve_null_counts_null_markers) {
    /* data-records 5.1 step 6 (tagfld.cxx:2125-2142): columnid 0 walks the tagged values;
     * a NULL marker (a NULL over a default) counts only with JET_bitRetrieveNull, as
     * JET_wrnColumnSetNull; the caller's itagSequence is left alone (fldext.cxx:1866-1872) */
    struct rx r = rx_open("n.edb", 0);
    int32_t five = 5, seven = 7, id = 1;
    JET_COLUMNID a = add(&r, "A", JET_coltypLong, 0, JET_bitColumnTagged, &five, 4);
    JET_COLUMNID b = add(&r, "B", JET_coltypLong, 0, JET_bitColumnTagged, NULL, 0);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, a, NULL, 0, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, b, &seven, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    int32_t v = 0;
    uint32_t cb = 9;
    JET_RETINFO ri = {sizeof ri, 0, 1, 0};
    CHECK_OK(JetRetrieveColumn(r.s, r.t, 0, &v, 4, &cb, 0, &ri));
    CHECK_EQ(v, 7);
    CHECK_EQ(ri.columnidNextTagged, b);
    CHECK_EQ(ri.itagSequence, 1);
    ri.itagSequence = 2;
    CHECK_ERR(JET_wrnColumnNull, JetRetrieveColumn(r.s, r.t, 0, &v, 4, &cb, 0, &ri));
    ri.itagSequence = 1;
    cb = 9;
    CHECK_ERR(JET_wrnColumnSetNull, JetRetrieveColumn(r.s, r.t, 0, &v, 4, &cb, JET_bitRetrieveNull, &ri));
    CHECK_EQ(cb, 0);
    CHECK_EQ(ri.columnidNextTagged, a);
    ri.itagSequence = 2;
    v = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, 0, &v, 4, &cb, JET_bitRetrieveNull, &ri));
    CHECK_EQ(v, 7);
    CHECK_EQ(ri.itagSequence, 2);
    CHECK_EQ(ri.columnidNextTagged, b);
}

TEST(rx_unique_normalized_multi_values) {
    /* data-records 3.5 (fldmod.cxx:1345-1390, 1538-1580): JET_bitSetUniqueNormalizedMultiValues
     * compares normalized forms (case-insensitive text), -1528 when both were cut to 255 bytes;
     * JET_bitSetUniqueMultiValues compares bytes */
    struct rx r = rx_open("u.edb", 0);
    JET_GRBIT mv = JET_bitColumnTagged | JET_bitColumnMultiValued;
    JET_COLUMNID tx = add(&r, "Words", JET_coltypText, 255, mv, NULL, 0);
    JET_COLUMNID bin = add(&r, "Bytes", JET_coltypBinary, 255, mv, NULL, 0);
    JET_COLUMNID lt = add(&r, "Long", JET_coltypLongText, 0, JET_bitColumnMultiValued, NULL, 0);
    int32_t id = 1;
    JET_SETINFO si = {sizeof si, 0, 0};
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    CHECK_OK(JetSetColumn(r.s, r.t, tx, "hello", 5, 0, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, tx, "HELLO", 5, JET_bitSetUniqueMultiValues, &si));
    CHECK_ERR(JET_errMultiValuedDuplicate, JetSetColumn(r.s, r.t, tx, "Hello", 5, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, tx, "Hellp", 5, JET_bitSetUniqueNormalizedMultiValues, &si));
    /* 255 characters that differ only in the last one: equal once cut to a key (the 254th
     * key byte is the 254th character less 0x20 whatever its case, ESE's quirk: keep it the
     * same) */
    char longa[255], longb[255];
    memset(longa, 'q', sizeof longa);
    memset(longb, 'q', sizeof longb);
    longb[100] = 'Q';
    longb[254] = 'z';
    CHECK_OK(JetSetColumn(r.s, r.t, tx, longa, sizeof longa, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_ERR(JET_errMultiValuedDuplicateAfterTruncation,
              JetSetColumn(r.s, r.t, tx, longb, sizeof longb, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, tx, longb, sizeof longb, JET_bitSetUniqueMultiValues, &si));
    /* overwriting a value with itself is no duplicate */
    JET_SETINFO third = {sizeof third, 0, 3};
    CHECK_OK(JetSetColumn(r.s, r.t, tx, "HELLP", 5, JET_bitSetUniqueNormalizedMultiValues, &third));
    /* binary: the normalized form keeps the bytes */
    CHECK_OK(JetSetColumn(r.s, r.t, bin, "ab", 2, 0, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, bin, "AB", 2, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_ERR(JET_errMultiValuedDuplicate, JetSetColumn(r.s, r.t, bin, "ab", 2, JET_bitSetUniqueNormalizedMultiValues, &si));
    /* long text: the first 255 bytes are normalized */
    static char la[1000], lb[1000];
    memset(la, 'm', sizeof la);
    memset(lb, 'm', sizeof lb);
    lb[7] = 'M';
    lb[999] = 'x';
    CHECK_OK(JetSetColumn(r.s, r.t, lt, la, sizeof la, 0, &si));
    CHECK_ERR(JET_errMultiValuedDuplicateAfterTruncation,
              JetSetColumn(r.s, r.t, lt, lb, sizeof lb, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, lt, lb, sizeof lb, JET_bitSetUniqueMultiValues, &si));
    CHECK_OK(JetSetColumn(r.s, r.t, lt, "short", 5, 0, &si));
    CHECK_ERR(JET_errMultiValuedDuplicate, JetSetColumn(r.s, r.t, lt, "SHORT", 5, JET_bitSetUniqueNormalizedMultiValues, &si));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetCommitTransaction(r.s, 0));
}

/* Adds escrow column `name` (Long, default `dflt`, extra grbits `g`) to a fresh table and
 * inserts records 1..n. */
static JET_COLUMNID escrow_table(struct rx *r, const char *name, JET_GRBIT g, int32_t dflt, int n) {
    JET_COLUMNID e = add(r, name, JET_coltypLong, 0, JET_bitColumnEscrowUpdate | g, &dflt, 4);
    for (int32_t i = 1; i <= n; i++) insert_named(r, i, "x", JET_errSuccess);
    return e;
}

static JET_ERR escrow(struct rx *r, JET_COLUMNID col, int32_t delta, JET_GRBIT g, int32_t *old) {
    uint32_t cb = 0;
    return JetEscrowUpdate(r->s, r->t, col, &delta, 4, old, 4, &cb, g);
}

static int count_records(struct rx *r) {
    int n = 0;
    for (JET_ERR e = JetMove(r->s, r->t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(r->s, r->t, JET_MoveNext, 0)) n++;
    return n;
}

static void go_to(struct rx *r, int32_t id) {
    CHECK_OK(JetMove(r->s, r->t, JET_MoveFirst, 0));
    while (cur_id(r, 0) != id) CHECK_OK(JetMove(r->s, r->t, JET_MoveNext, 0));
}

static void delete_on_zero(JET_GRBIT flag, const char *file) {
    struct rx r = rx_open(file, 0);
    JET_COLUMNID e = escrow_table(&r, "Refs", flag, 1, 3);
    int32_t old = 0, v = -1;
    uint32_t cb = 0;
    CHECK_OK(JetBeginTransaction(r.s));
    /* record 1 reaches 0 and stays there; record 2 reaches 0 and comes back; record 3 goes
     * to 0 in a level that is rolled back */
    go_to(&r, 1);
    CHECK_OK(escrow(&r, e, -1, 0, &old));
    CHECK_EQ(old, 1);
    /* still there (value 0) until the commit */
    CHECK_OK(JetRetrieveColumn(r.s, r.t, e, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 0);
    go_to(&r, 2);
    CHECK_OK(escrow(&r, e, -1, 0, &old));
    CHECK_OK(escrow(&r, e, 1, 0, &old));
    go_to(&r, 3);
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(escrow(&r, e, -1, 0, &old));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_EQ(count_records(&r), 3);
    CHECK_OK(JetCommitTransaction(r.s, 0));
    CHECK_EQ(count_records(&r), 2);
    go_to(&r, 2);
    CHECK_OK(JetRetrieveColumn(r.s, r.t, e, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 1);
    /* a transaction rolled back as a whole deletes nothing */
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(escrow(&r, e, -1, 0, &old));
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_EQ(count_records(&r), 2);
}

TEST(rx_escrow_delete_on_zero) {
    /* data-records 3.10 (bt.cxx:5620-5640, dbtask.cxx:470-510): reaching 0 deletes the record
     * after the commit, if it is still 0 then */
    delete_on_zero(JET_bitColumnDeleteOnZero, "z1.edb");
}

TEST(rx_escrow_finalize_without_callback) {
    /* data-records 3.10 (fcreate.cxx:1000-1006, dbtask.cxx:426-450): JET_bitColumnFinalize
     * with no callback behaves as DeleteOnZero, as in Windows */
    delete_on_zero(JET_bitColumnFinalize, "z2.edb");
}

TEST(rx_escrow_no_rollback_and_checks) {
    /* data-records 4.6 (recupd.cxx:3574-3650): JET_bitEscrowNoRollback survives a rollback;
     * the size is checked before the column's class */
    struct rx r = rx_open("nr.edb", 0);
    JET_COLUMNID e = escrow_table(&r, "Count", 0, 0, 1);
    int32_t old = 0, v = -1;
    uint32_t cb = 0;
    reopen(&r);
    go_to(&r, 1);
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(escrow(&r, e, 5, JET_bitEscrowNoRollback, &old));
    CHECK_OK(escrow(&r, e, 100, 0, &old));
    CHECK_EQ(old, 5);
    CHECK_OK(JetRollback(r.s, 0));
    CHECK_OK(JetRetrieveColumn(r.s, r.t, e, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 5);
    /* another session sees it at once */
    JET_SESID s2 = fixture_session(r.inst);
    JET_DBID db2 = 0;
    JET_TABLEID t2 = 0;
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(escrow(&r, e, 2, JET_bitEscrowNoRollback, &old));
    CHECK_OK(JetOpenDatabase(s2, fixture_path("nr.edb"), NULL, &db2, 0));
    CHECK_OK(JetOpenTable(s2, db2, "T", NULL, 0, 0, &t2));
    CHECK_OK(JetMove(s2, t2, JET_MoveFirst, 0));
    CHECK_OK(JetRetrieveColumn(s2, t2, e, &v, 4, &cb, 0, NULL));
    CHECK_EQ(v, 7);
    CHECK_OK(JetRollback(r.s, 0));
    /* size first (a Text column with 4 bytes), then the class / flag */
    CHECK_OK(JetBeginTransaction(r.s));
    int32_t d = 1;
    CHECK_ERR(JET_errInvalidBufferSize, JetEscrowUpdate(r.s, r.t, r.name, &d, 4, NULL, 0, NULL, 0));
    CHECK_ERR(JET_errInvalidOperation, JetEscrowUpdate(r.s, r.t, r.id, &d, 4, NULL, 0, NULL, 0));
    CHECK_OK(JetCommitTransaction(r.s, 0));
}

TEST(rx_insert_copy_delete_and_replace_original) {
    /* data-records 4.1, 4.4 insert step 2, 3.8 (fldmod.cxx:1224-1298, recupd.cxx:1654-1660):
     * both delete the original in the update; DeleteOriginal takes a new autoincrement value,
     * ReplaceOriginal keeps it; a unique secondary index follows; JetDelete while one is
     * prepared -> -1607 */
    struct rx r = rx_open("ic.edb", 1);
    CHECK_OK(JetCreateIndex(r.s, r.t, "ByName", JET_bitIndexUnique, "+Name\0", 7, 100));
    insert_named(&r, 0, "a", JET_errSuccess); /* Id 1 */
    insert_named(&r, 0, "b", JET_errSuccess); /* Id 2 */
    go_to(&r, 1);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsertCopyDeleteOriginal));
    CHECK_EQ(cur_id(&r, JET_bitRetrieveCopy), 3);
    CHECK_ERR(JET_errAlreadyPrepared, JetDelete(r.s, r.t));
    CHECK_OK(JetSetColumn(r.s, r.t, r.name, "c", 1, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    /* the cursor is where the original was */
    int32_t v = 0;
    uint32_t cb = 0;
    CHECK_ERR(JET_errRecordDeleted, JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb, 0, NULL));
    CHECK_EQ(count_records(&r), 2);
    insert_named(&r, 0, "a", JET_errSuccess);       /* Id 4: "a" is free again */
    insert_named(&r, 0, "c", JET_errKeyDuplicate);  /* the copy's entry is there */
    go_to(&r, 2);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsertCopyReplaceOriginal));
    CHECK_EQ(cur_id(&r, JET_bitRetrieveCopy), 2);
    CHECK_ERR(JET_errAlreadyPrepared, JetDelete(r.s, r.t));
    CHECK_OK(JetSetColumn(r.s, r.t, r.name, "bb", 2, 0, NULL));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    /* same key: the cursor is on the new record */
    CHECK_EQ(cur_id(&r, 0), 2);
    char name[8];
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.name, name, sizeof name, &cb, 0, NULL));
    CHECK(cb == 2 && memcmp(name, "bb", 2) == 0);
    CHECK_EQ(count_records(&r), 3);
    insert_named(&r, 0, "b", JET_errSuccess);  /* Id 6 (5 went to the failed insert) */
    insert_named(&r, 0, "bb", JET_errKeyDuplicate);
    /* ReplaceOriginal with nothing changed keeps the record as it was */
    go_to(&r, 3);
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsertCopyReplaceOriginal));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_EQ(cur_id(&r, 0), 3);
    insert_named(&r, 0, "c", JET_errKeyDuplicate);
    CHECK_EQ(count_records(&r), 4);
}

TEST(rx_read_only_copy) {
    /* data-records 4.1 (fldmod.cxx:1300-1323; fucb.hxx PrepareInsertReadOnlyCopy): needs a
     * transaction; every retrieval reads the copy; nothing can be set or updated */
    struct rx r = rx_open("ro.edb", 0);
    insert_named(&r, 1, "old", JET_errSuccess);
    reopen(&r);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    CHECK_ERR(JET_errNotInTransaction, JetPrepareUpdate(r.s, r.t, PREP_READ_ONLY_COPY));
    CHECK_OK(JetBeginTransaction(r.s));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, PREP_READ_ONLY_COPY));
    CHECK_ERR(JET_errAlreadyPrepared, JetPrepareUpdate(r.s, r.t, PREP_READ_ONLY_COPY));
    CHECK_ERR(JET_errUpdateNotPrepared, JetSetColumn(r.s, r.t, r.name, "x", 1, 0, NULL));
    /* change the record through another cursor: this one still reads its copy */
    JET_TABLEID t2 = 0;
    CHECK_OK(JetOpenTable(r.s, r.dbid, "T", NULL, 0, 0, &t2));
    CHECK_OK(JetMove(r.s, t2, JET_MoveFirst, 0));
    CHECK_OK(JetPrepareUpdate(r.s, t2, JET_prepReplace));
    CHECK_OK(JetSetColumn(r.s, t2, r.name, "new", 3, 0, NULL));
    CHECK_OK(JetUpdate(r.s, t2, NULL, 0, NULL));
    char b[8];
    uint32_t cb = 0;
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.name, b, sizeof b, &cb, 0, NULL));
    CHECK(cb == 3 && memcmp(b, "old", 3) == 0);
    CHECK_ERR(JET_errUpdateNotPrepared, JetUpdate(r.s, r.t, NULL, 0, NULL));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepCancel));
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.name, b, sizeof b, &cb, 0, NULL));
    CHECK(cb == 3 && memcmp(b, "new", 3) == 0);
    CHECK_OK(JetCommitTransaction(r.s, 0));
}

TEST(rx_set_columns_partial_failure) {
    /* data-records 4.3 (fldmod.cxx:2005-2063): elements before the failing one are set and get
     * their result; the failing one's err is not written; success returns the last result */
    struct rx r = rx_open("sc.edb", 0);
    char big[150];
    memset(big, 'n', sizeof big);
    int32_t id = 9;
    JET_SETCOLUMN sc[3];
    memset(sc, 0, sizeof sc);
    sc[0].columnid = r.name;
    sc[0].pvData = big;
    sc[0].cbData = sizeof big;
    sc[1].columnid = r.id;
    sc[1].pvData = &id;
    sc[1].cbData = 4;
    sc[2].columnid = 0x2345; /* tagged id not in the table */
    sc[2].pvData = &id;
    sc[2].cbData = 4;
    for (int i = 0; i < 3; i++) sc[i].err = 12345;
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_ERR(JET_errColumnNotFound, JetSetColumns(r.s, r.t, sc, 3));
    CHECK_EQ(sc[0].err, JET_wrnColumnMaxTruncated);
    CHECK_EQ(sc[1].err, 0);
    CHECK_EQ(sc[2].err, 12345);
    CHECK_EQ(cur_id(&r, JET_bitRetrieveCopy), 9);
    /* the result of the last element: a warning only if the last one warns */
    CHECK_OK(JetSetColumns(r.s, r.t, sc, 2));
    CHECK_EQ(sc[0].err, JET_wrnColumnMaxTruncated);
    JET_SETCOLUMN rev[2] = {sc[1], sc[0]};
    CHECK_ERR(JET_wrnColumnMaxTruncated, JetSetColumns(r.s, r.t, rev, 2));
    CHECK_OK(JetUpdate(r.s, r.t, NULL, 0, NULL));
    /* not prepared: -1609 before the array is looked at */
    CHECK_ERR(JET_errUpdateNotPrepared, JetSetColumns(r.s, r.t, NULL, 5));
}

TEST(rx_retrieve_columns_codes) {
    /* data-records 5.2 (fldext.cxx:2384-2960, 2975-3014): per-element err, the call's
     * JET_wrnBufferTruncated only for a truncation, an error stops the call there */
    struct rx r = rx_open("rc.edb", 0);
    JET_COLUMNID tag = add(&r, "Tag", JET_coltypLong, 0, JET_bitColumnTagged, NULL, 0);
    insert_named(&r, 1, "abcdef", JET_errSuccess);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    int32_t v = 0, w = 0;
    char b[4];
    JET_RETRIEVECOLUMN rc[4];
    memset(rc, 0, sizeof rc);
    rc[0].columnid = r.id;
    rc[0].pvData = &v;
    rc[0].cbData = 4;
    rc[0].itagSequence = 1;
    rc[1].columnid = tag;
    rc[1].pvData = &w;
    rc[1].cbData = 4;
    rc[1].itagSequence = 1;
    rc[2].columnid = r.name;
    rc[2].pvData = b;
    rc[2].cbData = sizeof b;
    rc[2].itagSequence = 1;
    CHECK_OK(JetRetrieveColumns(r.s, r.t, rc, 2));
    CHECK_EQ(rc[0].err, 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(rc[1].err, JET_wrnColumnNull);
    CHECK_EQ(rc[1].cbActual, 0);
    CHECK_ERR(JET_wrnBufferTruncated, JetRetrieveColumns(r.s, r.t, rc, 3));
    CHECK_EQ(rc[2].err, JET_wrnBufferTruncated);
    CHECK_EQ(rc[2].cbActual, 6);
    CHECK(memcmp(b, "abcd", 4) == 0);
    rc[3] = rc[0];
    rc[1].columnid = 0x2345;
    rc[1].err = 777;
    rc[2].err = 777;
    rc[3].err = 777;
    CHECK_ERR(JET_errColumnNotFound, JetRetrieveColumns(r.s, r.t, rc, 4));
    CHECK_EQ(rc[0].err, 0);
    CHECK_EQ(rc[1].err, 777);
    CHECK_EQ(rc[2].err, 777);
    CHECK_EQ(rc[3].err, 777);
}

TEST(rx_retrieve_from_index_on_primary_and_sequential) {
    /* data-records 5.1 step 5 (fldext.cxx:980-1012): on the primary index FromIndex and
     * FromPrimaryBookmark read the record for a column of the key, -1507 for another; a table
     * without primary index reads any column from the record; both bits -> -900 */
    struct rx r = rx_open("fi.edb", 0);
    insert_named(&r, 4, "four", JET_errSuccess);
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    int32_t v = 0;
    uint32_t cb = 0;
    JET_RETINFO ri = {sizeof ri, 0, 7, 0};
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveFromIndex | JET_bitRetrieveTag, &ri));
    CHECK_EQ(v, 4);
    CHECK_EQ(ri.itagSequence, 1);
    CHECK_OK(JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveFromPrimaryBookmark, NULL));
    char b[8];
    CHECK_ERR(JET_errColumnNotFound, JetRetrieveColumn(r.s, r.t, r.name, b, sizeof b, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_ERR(JET_errInvalidGrbit, JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb,
                                                     JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark, NULL));
    CHECK_ERR(JET_errInvalidGrbit, JetRetrieveColumn(r.s, r.t, r.id, &v, 4, &cb, JET_bitRetrieveTuple, NULL));
    /* no column 0 in an index entry (fldext.cxx:976-977), before the itag check */
    ri.itagSequence = 0;
    CHECK_ERR(JET_errBadColumnId, JetRetrieveColumn(r.s, r.t, 0, &v, 4, &cb, JET_bitRetrieveFromIndex, &ri));
    /* JetRetrieveColumns: the element's itag becomes the entry's */
    JET_RETRIEVECOLUMN rc;
    memset(&rc, 0, sizeof rc);
    rc.columnid = r.id;
    rc.pvData = &v;
    rc.cbData = 4;
    rc.itagSequence = 5;
    rc.grbit = JET_bitRetrieveFromIndex;
    v = 0;
    CHECK_OK(JetRetrieveColumns(r.s, r.t, &rc, 1));
    CHECK_EQ(v, 4);
    CHECK_EQ(rc.itagSequence, 1);

    /* a sequential table */
    JET_TABLEID s = 0;
    JET_COLUMNID c = 0;
    CHECK_OK(JetCreateTable(r.s, r.dbid, "S", 0, 0, &s));
    JET_COLUMNDEF cd;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    CHECK_OK(JetAddColumn(r.s, s, "V", &cd, NULL, 0, &c));
    int32_t nine = 9;
    CHECK_OK(JetPrepareUpdate(r.s, s, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, s, c, &nine, 4, 0, NULL));
    CHECK_OK(JetUpdate(r.s, s, NULL, 0, NULL));
    CHECK_OK(JetMove(r.s, s, JET_MoveFirst, 0));
    v = 0;
    CHECK_OK(JetRetrieveColumn(r.s, s, c, &v, 4, &cb, JET_bitRetrieveFromIndex, NULL));
    CHECK_EQ(v, 9);
    v = 0;
    CHECK_OK(JetRetrieveColumn(r.s, s, c, &v, 4, &cb, JET_bitRetrieveFromPrimaryBookmark, NULL));
    CHECK_EQ(v, 9);
}

/* ---- JET_bitUpdateCheckESE97Compatibility ------------------------------------------------- */

/* ESE97's limit for a page size: the largest record with 255-byte keys (rec.hxx CbRecordMost:
 * page data less 2 bytes of key count and the key, at least 255 on pages up to 8 KiB). */
static long ese97_record_most(long cb_page) {
    long data = cb_page - (cb_page <= 8192 ? 40 : 80) - 8;
    return cb_page <= 8192 ? data - 2 - 257 : data - 2 - 2 - 255;
}

static void set_mv_bytes(struct rx *r, JET_COLUMNID col, int n) {
    for (int i = 0; i < n; i++) {
        unsigned char b = (unsigned char)i;
        JET_SETINFO si = {sizeof si, 0, 0}; /* itag 0: append */
        CHECK_OK(JetSetColumn(r->s, r->t, col, &b, 1, 0, &si));
    }
}

TEST(rx_update_check_ese97_compatibility) {
    /* data-records 4.4: JET_bitUpdateCheckESE97Compatibility refuses (-1112) a record ESE97's
     * format could not hold (a multi-value costs 4 bytes of overhead there, 2 here), on insert
     * and on replace; the update stays prepared; without the bit the same record is taken; a
     * replace that set nothing is not checked; long values count at most 4 bytes of data */
    struct rx r = rx_open("ese97.edb", 0);
    JET_API_PTR page = 0;
    CHECK_OK(JetGetSystemParameter(r.inst, 0, JET_paramDatabasePageSize, &page, NULL, 0));
    long most = ese97_record_most((long)page);
    JET_COLUMNID mv = add(&r, "Mv", JET_coltypBinary, 255, JET_bitColumnTagged | JET_bitColumnMultiValued, NULL, 0);
    JET_COLUMNID lv = add(&r, "Lv", JET_coltypLongBinary, 0, JET_bitColumnTagged, NULL, 0);
    int over = (int)(most / 4);  /* 3 bytes a value here (fits), 5 in ESE97 (does not) */
    int under = (int)(most / 6); /* 5 bytes a value in ESE97: fits */

    int32_t id = 1;
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    set_mv_bytes(&r, mv, over);
    CHECK_ERR(JET_errRecordTooBigForBackwardCompatibility,
              JetUpdate2(r.s, r.t, NULL, 0, NULL, JET_bitUpdateCheckESE97Compatibility));
    CHECK_OK(JetUpdate2(r.s, r.t, NULL, 0, NULL, 0)); /* still prepared; taken without the bit */

    id = 2;
    CHECK_OK(JetBeginTransaction(r.s)); /* long values are set in a transaction */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepInsert));
    CHECK_OK(JetSetColumn(r.s, r.t, r.id, &id, 4, 0, NULL));
    set_mv_bytes(&r, mv, under);
    static unsigned char big[3000];
    memset(big, 0x5a, sizeof big);
    CHECK_OK(JetSetColumn(r.s, r.t, lv, big, sizeof big, 0, NULL)); /* counts 1 + 4 in ESE97 */
    CHECK_OK(JetUpdate2(r.s, r.t, NULL, 0, NULL, JET_bitUpdateCheckESE97Compatibility));
    CHECK_OK(JetCommitTransaction(r.s, 0));

    /* Replace: record 2 grown past the limit is refused, then taken without the bit. */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveLast, 0));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    set_mv_bytes(&r, mv, over - under);
    CHECK_ERR(JET_errRecordTooBigForBackwardCompatibility,
              JetUpdate2(r.s, r.t, NULL, 0, NULL, JET_bitUpdateCheckESE97Compatibility));
    CHECK_OK(JetUpdate2(r.s, r.t, NULL, 0, NULL, 0));
    unsigned long n = 0;
    JET_RETRIEVECOLUMN rc;
    memset(&rc, 0, sizeof rc);
    rc.columnid = mv;
    rc.itagSequence = 0; /* count the values */
    CHECK_OK(JetRetrieveColumns(r.s, r.t, &rc, 1));
    n = rc.itagSequence;
    CHECK_EQ(n, (unsigned long)over);

    /* A replace that sets nothing is not checked (recupd.cxx: the no-op replace returns first). */
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetUpdate2(r.s, r.t, NULL, 0, NULL, JET_bitUpdateCheckESE97Compatibility));

    /* A column deleted since does not count: record 1 holds `over` values of Mv; with Mv
     * deleted, a replace that sets Name passes the check. */
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    CHECK_OK(JetCloseTable(r.s, r.t));
    CHECK_OK(JetOpenTable(r.s, r.dbid, "T", NULL, 0, JET_bitTableDenyRead, &r.t));
    CHECK_OK(JetDeleteColumn(r.s, r.t, "Mv"));
    CHECK_OK(JetMove(r.s, r.t, JET_MoveFirst, 0));
    CHECK_OK(JetPrepareUpdate(r.s, r.t, JET_prepReplace));
    CHECK_OK(JetSetColumn(r.s, r.t, r.name, "x", 1, 0, NULL));
    CHECK_OK(JetUpdate2(r.s, r.t, NULL, 0, NULL, JET_bitUpdateCheckESE97Compatibility));
    CHECK_OK(JetTerm(r.inst));
}

/* Store files damaged underneath the library, and I/O errors on read (S-STO-05, S-STO-01):
 * a database file cut short or with bytes changed is refused on attach with
 * JET_errDatabaseCorrupted, never read as other data; a read that fails with EIO gives
 * JET_errDiskIO, the instance stays usable, and the committed data is intact afterwards. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROWS 60
#define MAX_FILE (4 << 20)

static unsigned char *slurp(const char *path, size_t *n) {
    unsigned char *buf = malloc(MAX_FILE);
    CHECK(buf != NULL);
    *n = 0;
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    if (fd < 0 || !buf) return buf;
    ssize_t got;
    while (*n < MAX_FILE && (got = read(fd, buf + *n, MAX_FILE - *n)) > 0) *n += (size_t)got;
    close(fd);
    CHECK(*n < MAX_FILE);
    return buf;
}

static void spill(const char *path, const unsigned char *data, size_t n) {
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK_EQ(write(fd, data, n), (long long)n);
    close(fd);
}

/* The text of row i: a marker no other bytes of the file contain, then filler. */
static void row_text(int i, char *out, size_t cb) {
    int n = snprintf(out, cb, "DAMAGE-MARKER-%04d-", i);
    for (size_t k = (size_t)n; k + 1 < cb; k++) out[k] = (char)('a' + (k * 7 + (size_t)i) % 26);
    out[cb - 1] = 0;
}

static JET_COLUMNID col_k, col_s;

/* Opens table t of the attached database at path (the caller closes both). */
static void open_t(JET_SESID s, const char *path, JET_DBID *dbid, JET_TABLEID *t) {
    /* A read-only attachment opens with JET_wrnFileOpenReadOnly. */
    JET_ERR err = JetOpenDatabase(s, path, NULL, dbid, 0);
    CHECK(err == JET_errSuccess || err == JET_wrnFileOpenReadOnly);
    CHECK_OK(JetOpenTable(s, *dbid, "t", NULL, 0, 0, t));
    JET_COLUMNDEF def = {0};
    CHECK_OK(JetGetTableColumnInfo(s, *t, "k", &def, sizeof def, JET_ColInfo));
    col_k = def.columnid;
    CHECK_OK(JetGetTableColumnInfo(s, *t, "s", &def, sizeof def, JET_ColInfo));
    col_s = def.columnid;
}

/* Makes a database of ROWS rows, committed in several transactions, at path; detached. */
static void make_db(JET_SESID s, const char *path) {
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_OK(JetCreateTable(s, dbid, "t", 0, 0, &t));
    JET_COLUMNDEF def = {sizeof def, 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    CHECK_OK(JetAddColumn(s, t, "k", &def, NULL, 0, &col_k));
    JET_COLUMNDEF text = {sizeof text, 0, JET_coltypText, 0, 0, 1252, 0, 200, 0};
    CHECK_OK(JetAddColumn(s, t, "s", &text, NULL, 0, &col_s));
    CHECK_OK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    for (int i = 0; i < ROWS; i++) {
        if (i % 10 == 0) CHECK_OK(JetBeginTransaction(s));
        char v[200];
        row_text(i, v, sizeof v);
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, col_k, &i, sizeof i, 0, NULL));
        CHECK_OK(JetSetColumn(s, t, col_s, v, (uint32_t)strlen(v), 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
        if (i % 10 == 9) CHECK_OK(JetCommitTransaction(s, 0));
    }
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
}

/* Every row of the attached database at path is as make_db wrote it, and there are `rows`. */
static void check_rows(JET_SESID s, const char *path, int rows) {
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    open_t(s, path, &dbid, &t);
    int n = 0;
    JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
        int k = -1;
        char got[256] = {0}, want[200];
        uint32_t cb = 0;
        CHECK_OK(JetRetrieveColumn(s, t, col_k, &k, sizeof k, &cb, 0, NULL));
        CHECK_EQ(k, n);
        CHECK_OK(JetRetrieveColumn(s, t, col_s, got, sizeof got - 1, &cb, 0, NULL));
        row_text(n, want, sizeof want);
        CHECK_EQ(cb, strlen(want));
        CHECK(memcmp(got, want, strlen(want)) == 0);
        n++;
        err = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errNoCurrentRecord, err);
    CHECK_EQ(n, rows);
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
}

/* The damaged copy `name` is refused, read-write and read-only, with JET_errDatabaseCorrupted;
 * it is not attached after that, and not written. */
static void check_refused(JET_SESID s, const char *name, const unsigned char *bytes, size_t n) {
    const char *p = fixture_path(name);
    spill(p, bytes, n);
    CHECK_ERR(JET_errDatabaseCorrupted, JetAttachDatabase(s, p, 0));
    CHECK_ERR(JET_errDatabaseCorrupted, JetAttachDatabase(s, p, JET_bitDbReadOnly));
    JET_DBID dbid = 0;
    CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(s, p, NULL, &dbid, 0));
    size_t after = 0;
    unsigned char *again = slurp(p, &after);
    CHECK_EQ(after, n);
    if (again && after == n) CHECK(memcmp(again, bytes, n) == 0);
    free(again);
}

TEST(dmg_truncated_files_are_refused) {
    /* S-STO-05, S-STO-01: a file cut inside its header page, at a page boundary, mid-file or
     * by its last byte is refused with -1206 */
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char whole[512]; /* fixture_path's results are reused after 8 calls */
    snprintf(whole, sizeof whole, "%s", fixture_path("whole.edb"));
    make_db(s, whole);
    size_t n = 0;
    unsigned char *bytes = slurp(whole, &n);
    CHECK(n > 3 * 4096);
    size_t cuts[] = {1, 9, 12, 64, 100, 200, 320, 2048, 4096, 4097, 8192, n / 2, n - 4096, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "cut%zu.edb", i);
        check_refused(s, name, bytes, cuts[i]);
    }
    /* The whole file attaches and reads back. */
    CHECK_OK(JetAttachDatabase(s, whole, 0));
    check_rows(s, whole, ROWS);
    free(bytes);
    CHECK_OK(JetTerm(inst));
}

TEST(dmg_flipped_bytes_are_refused) {
    /* S-STO-05: bytes changed in the header page (magic, geometry, either commit slot, the
     * slot selector) or in the data page holding a row give -1206, never other data or an
     * older state */
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char whole[512]; /* fixture_path's results are reused after 8 calls */
    snprintf(whole, sizeof whole, "%s", fixture_path("whole.edb"));
    make_db(s, whole);
    size_t n = 0;
    unsigned char *bytes = slurp(whole, &n);
    unsigned char *copy = malloc(n);
    CHECK(copy != NULL);
    if (!bytes || !copy) return;
    /* Header offsets: the magic, the page size, the first and second commit slot (root page,
     * checksum, transaction id), and the byte choosing the current slot. */
    struct { size_t at; unsigned char x; } header[] = {
        {0, 0x20}, {5, 0x01}, {12, 0x01}, {14, 0x10}, {64, 0x01}, {72, 0x01}, {90, 0x80},
        {150, 0x04}, {190, 0x01}, {192, 0x01}, {200, 0x01}, {230, 0x40}, {9, 0x01},
    };
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++) {
        memcpy(copy, bytes, n);
        copy[header[i].at] ^= header[i].x;
        char name[64];
        snprintf(name, sizeof name, "head%zu.edb", header[i].at);
        /* A change to the slot not in use may go unnoticed; the file then must read back
         * whole. Anything else is refused. */
        const char *p = fixture_path(name);
        spill(p, copy, n);
        JET_ERR err = JetAttachDatabase(s, p, JET_bitDbReadOnly);
        if (err == JET_errSuccess) {
            check_rows(s, p, ROWS);
            CHECK_OK(JetDetachDatabase(s, p));
        } else {
            CHECK_ERR(JET_errDatabaseCorrupted, err);
            check_refused(s, name, copy, n);
        }
    }
    /* The magic, the page size and the format version of the slot in use are always
     * refused. (The slot selector is not: after a detach both slots hold the same data, and
     * the other slot is a whole database.) */
    size_t must[] = {0, 5, 12, 64, 192};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
        memcpy(copy, bytes, n);
        copy[must[i]] ^= 0x10;
        char name[64];
        snprintf(name, sizeof name, "must%zu.edb", must[i]);
        check_refused(s, name, copy, n);
    }
    /* A data page: one byte of each copy of row 37's text (copy-on-write leaves older
     * copies in free pages; the live one is among them). */
    char want[200];
    row_text(37, want, sizeof want);
    memcpy(copy, bytes, n);
    int copies = 0;
    for (size_t i = 0; i + strlen(want) <= n; i++)
        if (memcmp(copy + i, want, strlen(want)) == 0) {
            copy[i + 40] ^= 0x02;
            copies++;
        }
    CHECK(copies >= 1);
    check_refused(s, "row37.edb", copy, n);
    /* A page of zeros where the row was. */
    memcpy(copy, bytes, n);
    for (size_t i = 0; i + strlen(want) <= n; i++)
        if (memcmp(copy + i, want, strlen(want)) == 0) memset(copy + i / 4096 * 4096, 0, 4096);
    check_refused(s, "zeroed.edb", copy, n);
    /* Nothing of that touched the original. */
    CHECK_OK(JetAttachDatabase(s, whole, 0));
    check_rows(s, whole, ROWS);
    free(copy);
    free(bytes);
    CHECK_OK(JetTerm(inst));
}

TEST(dmg_eio_on_read) {
    /* S-STO-05: a read that fails with EIO gives JET_errDiskIO (-1022): at attach (the file
     * is then not attached), and under a scan of a table while attached, where every row read
     * before the error is whole and a write transaction fails and stays open to be rolled back
     * (the instance stays usable, as ESE's does after a read error). With the disk back the
     * same cursor reads again, and the data is whole, also after a restart. A cache of one
     * page (JET_paramCacheSizeMax) makes the scan read the file. */
    REQUIRE_HOOKS();
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramCacheSizeMax, 1, NULL));
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char p[512];
    snprintf(p, sizeof p, "%s", fixture_path("eio.edb"));
    make_db(s, p);
    /* Attach while every read fails. */
    CHECK_OK(hook_failpoint("store.read@eio.edb", "errno:5", 100000));
    CHECK_ERR(JET_errDiskIO, JetAttachDatabase(s, p, 0));
    CHECK_ERR(JET_errDiskIO, JetAttachDatabase(s, p, JET_bitDbReadOnly));
    CHECK_OK(hook_failpoint("store.read@eio.edb", "errno:5", 0));
    JET_DBID dbid = 0;
    CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(s, p, NULL, &dbid, 0));
    /* Attached, then the disk fails under a scan. */
    CHECK_OK(JetAttachDatabase(s, p, 0));
    JET_TABLEID t = 0;
    open_t(s, p, &dbid, &t);
    CHECK_OK(hook_failpoint("store.read@eio.edb", "errno:5", 100000));
    JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
    int n = 0;
    while (err == JET_errSuccess) {
        int k = -1;
        char got[256] = {0}, want[200];
        uint32_t cb = 0;
        err = JetRetrieveColumn(s, t, col_k, &k, sizeof k, &cb, 0, NULL);
        if (err == JET_errSuccess) err = JetRetrieveColumn(s, t, col_s, got, sizeof got - 1, &cb, 0, NULL);
        if (err != JET_errSuccess) break;
        row_text(n, want, sizeof want);
        CHECK_EQ(k, n);
        CHECK(cb == strlen(want) && memcmp(got, want, cb) == 0);
        n++;
        err = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK_ERR(JET_errDiskIO, err);
    CHECK(n < ROWS);
    /* A write transaction meanwhile fails (its insert or its commit reads the table) and
     * stays open to be rolled back. */
    CHECK_OK(JetBeginTransaction(s));
    err = JetPrepareUpdate(s, t, JET_prepInsert);
    if (err == JET_errSuccess) {
        int k = 1000;
        CHECK_OK(JetSetColumn(s, t, col_k, &k, sizeof k, 0, NULL));
        err = JetUpdate(s, t, NULL, 0, NULL);
        if (err == JET_errSuccess) err = JetCommitTransaction(s, 0);
    }
    CHECK_ERR(JET_errDiskIO, err);
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(hook_failpoint("store.read@eio.edb", "errno:5", 0));
    /* The disk is back: the same cursor reads again, the instance takes new work. */
    CHECK_OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK_OK(JetCloseTable(s, t));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    check_rows(s, p, ROWS);
    JET_SESID other = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(other));
    CHECK_OK(JetCommitTransaction(other, 0));
    CHECK_OK(JetTerm(inst));
    /* And after a restart. */
    inst = fixture_running("dmg2", -1);
    s = fixture_session(inst);
    CHECK_OK(JetAttachDatabase(s, p, 0));
    check_rows(s, p, ROWS);
    CHECK_OK(JetTerm(inst));
}

TEST(dmg_io_errors_on_commit_keep_committed_data) {
    /* S-STO-05: a commit whose write meets EIO (-1022) or ENOSPC (-1808) fails, the
     * transaction stays open to be rolled back, and the committed rows are intact, now and
     * after a restart */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char p[512];
    snprintf(p, sizeof p, "%s", fixture_path("wio.edb"));
    make_db(s, p);
    CHECK_OK(JetAttachDatabase(s, p, 0));
    struct { const char *action; JET_ERR code; } cases[] = {{"errno:5", JET_errDiskIO}, {"errno:28", JET_errDiskFull}};
    for (size_t c = 0; c < 2; c++) {
        JET_DBID dbid = 0;
        JET_TABLEID t = 0;
        open_t(s, p, &dbid, &t);
        CHECK_OK(JetBeginTransaction(s));
        int k = 5000 + (int)c;
        CHECK_OK(JetPrepareUpdate(s, t, JET_prepInsert));
        CHECK_OK(JetSetColumn(s, t, col_k, &k, sizeof k, 0, NULL));
        CHECK_OK(JetUpdate(s, t, NULL, 0, NULL));
        CHECK_OK(hook_failpoint("store.write@wio.edb", cases[c].action, 100000));
        CHECK_ERR(cases[c].code, JetCommitTransaction(s, 0));
        CHECK_EQ(fixture_level(s), 1);
        CHECK_OK(JetRollback(s, 0));
        CHECK_OK(hook_failpoint("store.write@wio.edb", cases[c].action, 0));
        CHECK_OK(JetCloseTable(s, t));
        CHECK_OK(JetCloseDatabase(s, dbid, 0));
        check_rows(s, p, ROWS);
    }
    CHECK_OK(JetTerm(inst));
    inst = fixture_running("dmg2", -1);
    s = fixture_session(inst);
    CHECK_OK(JetAttachDatabase(s, p, 0));
    check_rows(s, p, ROWS);
    CHECK_OK(JetTerm(inst));
}

static uint64_t le_at(const unsigned char *b, size_t at, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | b[at + (size_t)i];
    return v;
}

/* Replaces, in the redb file `b` of n bytes, the root page of the system tree that the commit
 * slot in use names with a branch page whose one child is a page of order 19 (2 GiB of 4 KiB
 * pages) far past the end of the file. The slot keeps its checksum; the page no longer matches
 * the checksum the slot holds for it. Offsets: redb 4's file format (header, page number and
 * branch page layouts). Returns whether the file had the expected shape. */
static int name_a_huge_page(unsigned char *b, size_t n) {
    uint64_t page = le_at(b, 12, 4), hdr_pages = le_at(b, 16, 4), data_pages = le_at(b, 20, 4);
    /* Closed cleanly: a two-phase commit (bit 4), which a plain open trusts without checking. */
    if (!(b[9] & 4)) return 0;
    size_t slot = (b[9] & 1) ? 192 : 64;
    if (!b[slot + 2]) return 0;
    uint64_t root = le_at(b, slot + 40, 8), order = root >> 59;
    uint64_t index = root & (0xFFFFFull >> order), region = (root >> 20) & 0xFFFFF;
    uint64_t at = page + region * (hdr_pages + data_pages) * page + hdr_pages * page + index * (page << order);
    if (at + page > n) return 0;
    memset(b + at, 0, page);
    b[at] = 2; /* a branch page with no key: one child */
    uint64_t child = 19ull << 59;
    for (int i = 0; i < 8; i++) b[at + 24 + (size_t)i] = (unsigned char)(child >> (8 * i));
    return 1;
}

/* Valgrind and the sanitizers manage the address space themselves: a limit breaks them. */
static int address_limit_unsupported(void) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return 1;
#else
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
#endif
}

TEST(dmg_huge_page_reference_refused_in_bounded_memory) {
    /* S-STO-05: a cleanly closed file whose system tree names a page of a huge order, as a
     * damaged page can, is refused with -1206 without the library first allocating that page:
     * the attach runs with the address space capped 512 MiB above its size (not under
     * valgrind or a sanitizer), where a 2 GiB buffer cannot be had */
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char whole[512]; /* fixture_path's results are reused after 8 calls */
    snprintf(whole, sizeof whole, "%s", fixture_path("whole.edb"));
    make_db(s, whole);
    size_t n = 0;
    unsigned char *bytes = slurp(whole, &n);
    if (!bytes) return;
    CHECK(name_a_huge_page(bytes, n));
    if (!address_limit_unsupported()) {
        unsigned long pages = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        CHECK(f != NULL);
        if (f) {
            CHECK_EQ(fscanf(f, "%lu", &pages), 1);
            fclose(f);
        }
        struct rlimit r;
        r.rlim_cur = r.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)512 << 20);
        CHECK_EQ(setrlimit(RLIMIT_AS, &r), 0);
        /* the limit bites */
        void *probe = malloc((size_t)1 << 30);
        CHECK(probe == NULL);
        free(probe);
    }
    check_refused(s, "huge.edb", bytes, n);
    /* The whole file still attaches and reads back. */
    CHECK_OK(JetAttachDatabase(s, whole, 0));
    check_rows(s, whole, ROWS);
    free(bytes);
    CHECK_OK(JetTerm(inst));
}

TEST(dmg_panic_inside_the_store_is_silent) {
    /* S-STO-05: a panic inside redb while a file is attached (here a failpoint's, in the
     * store's first read of the file) refuses the file with -1206 and writes nothing on the
     * host's stderr */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("dmg", -1);
    JET_SESID s = fixture_session(inst);
    char p[512];
    snprintf(p, sizeof p, "%s", fixture_path("quiet.edb"));
    make_db(s, p);
    char errpath[512];
    snprintf(errpath, sizeof errpath, "%s", fixture_path("stderr.txt"));
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(errpath, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(saved >= 0 && fd >= 0);
    if (saved < 0 || fd < 0) return;
    dup2(fd, STDERR_FILENO);
    close(fd);
    JET_ERR got[2];
    for (int ro = 0; ro < 2; ro++) {
        CHECK_OK(hook_failpoint("store.read@quiet.edb", "panic", 1));
        got[ro] = JetAttachDatabase(s, p, ro ? JET_bitDbReadOnly : 0);
    }
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    CHECK_ERR(JET_errDatabaseCorrupted, got[0]);
    CHECK_ERR(JET_errDatabaseCorrupted, got[1]);
    struct stat st;
    CHECK_EQ(stat(errpath, &st), 0);
    if (st.st_size != 0) {
        size_t len = 0;
        unsigned char *text = slurp(errpath, &len);
        fprintf(stderr, "stderr during the attaches: %.*s\n", (int)len, text ? (const char *)text : "");
        free(text);
    }
    CHECK_EQ(st.st_size, 0);
    /* Without the failpoint the file attaches and reads back. */
    CHECK_OK(JetAttachDatabase(s, p, 0));
    check_rows(s, p, ROWS);
    CHECK_OK(JetTerm(inst));
}

/* The crash loop (S-STO-02, S-STO-03; data-records 9.5): a child process runs a
 * workload of two sessions taking turns (inserts with long values, a replace and a delete per
 * transaction, plain and lazy commits), reporting each commit's return on a pipe, and is ended
 * inside the store by a failpoint that aborts the process at its Nth write or Nth sync (N
 * random), so the crash lands inside commits as well as between them. After each crash the
 * database must attach cleanly and hold exactly the state of transactions 0..L for one L (no
 * transaction partial, commits in order), with L at least the last reported durable commit,
 * every long value whole, and the secondary index agreeing with the records.
 *
 * ESENT_CRASH_ROUNDS sets the rounds (default 20, 3 under valgrind; `make soak` runs 200). */
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int under_valgrind(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* Transaction n inserts keys 3n, 3n+1, 3n+2 (Txn = n, Blob = blob(n, k)); replaces record
 * 3(n-1) with Upd = n; deletes record 3(n-2)+2. Every third commit is lazy. */
static int lazy(int32_t n) { return n % 3 == 1; }
static uint32_t blob_len(int32_t n, int k) { return (n + k) % 4 == 0 ? 9000 : 20 + (uint32_t)k; }
static void blob_fill(int32_t n, int k, unsigned char *b, uint32_t len) {
    for (uint32_t i = 0; i < len; i++) b[i] = (unsigned char)(n * 13 + k * 7 + i);
}

struct cols {
    JET_COLUMNID id, txn, upd, blob;
};

static int find_cols(JET_SESID s, JET_TABLEID t, struct cols *c) {
    JET_COLUMNDEF d;
    const char *names[4] = {"Id", "Txn", "Upd", "Blob"};
    JET_COLUMNID *out[4] = {&c->id, &c->txn, &c->upd, &c->blob};
    for (int i = 0; i < 4; i++) {
        if (JetGetTableColumnInfo(s, t, names[i], &d, sizeof d, JET_ColInfo)) return -1;
        *out[i] = d.columnid;
    }
    return 0;
}

static int seek_id(JET_SESID s, JET_TABLEID t, int32_t id) {
    if (JetMakeKey(s, t, &id, 4, JET_bitNewKey)) return -1;
    return JetSeek(s, t, JET_bitSeekEQ);
}

/* The child: transactions first, first+1, ... until the failpoint ends it. Never returns. */
static void workload(const char *path, int fd, int32_t first, const char *point, uint32_t after) {
    JET_INSTANCE inst = 0;
    JET_SESID s[2] = {0, 0};
    JET_TABLEID t[2] = {0, 0};
    JET_DBID d = 0;
    struct cols c;
    static unsigned char b[9000];
    if (JetCreateInstance(&inst, "crashloop") || JetInit(&inst)) _exit(3);
    for (int i = 0; i < 2; i++) {
        if (JetBeginSession(inst, &s[i], NULL, NULL)) _exit(3);
        if (i == 0 && JetAttachDatabase(s[0], path, 0)) _exit(3);
        if (JetOpenDatabase(s[i], path, NULL, &d, 0) || JetOpenTable(s[i], d, "T", NULL, 0, 0, &t[i])) _exit(3);
    }
    if (find_cols(s[0], t[0], &c)) _exit(4);
    char action[64];
    snprintf(action, sizeof action, "after:%u:kill", after);
    if (hook_failpoint(point, action, 1)) _exit(4);
    for (int32_t n = first;; n++) {
        JET_SESID x = s[n % 2];
        JET_TABLEID y = t[n % 2];
        if (JetBeginTransaction(x)) _exit(5);
        for (int k = 0; k < 3; k++) {
            int32_t key = n * 3 + k;
            uint32_t len = blob_len(n, k);
            blob_fill(n, k, b, len);
            if (JetPrepareUpdate(x, y, JET_prepInsert) || JetSetColumn(x, y, c.id, &key, 4, 0, NULL) ||
                JetSetColumn(x, y, c.txn, &n, 4, 0, NULL) || JetSetColumn(x, y, c.blob, b, len, 0, NULL) ||
                JetUpdate(x, y, NULL, 0, NULL))
                _exit(6);
        }
        if (n >= 1) {
            if (seek_id(x, y, 3 * (n - 1)) || JetPrepareUpdate(x, y, JET_prepReplace) ||
                JetSetColumn(x, y, c.upd, &n, 4, 0, NULL) || JetUpdate(x, y, NULL, 0, NULL))
                _exit(7);
        }
        if (n >= 2) {
            if (seek_id(x, y, 3 * (n - 2) + 2) || JetDelete(x, y)) _exit(8);
        }
        if (JetCommitTransaction(x, lazy(n) ? JET_bitCommitLazyFlush : 0)) _exit(9);
        if (write(fd, &n, sizeof n) != sizeof n) _exit(10);
    }
}

/* Whether the table holds exactly the state after transactions 0..last. */
static int state_is(JET_SESID s, JET_DBID d, int32_t last, const char **why) {
    JET_TABLEID t = 0;
    struct cols c;
    static unsigned char b[9000], want[9000];
    int ok = 1;
    if (JetOpenTable(s, d, "T", NULL, 0, 0, &t) || find_cols(s, t, &c)) {
        *why = "open";
        return 0;
    }
    long expected = 0;
    for (int32_t j = 0; j <= last && ok; j++) {
        for (int k = 0; k < 3 && ok; k++) {
            int32_t key = 3 * j + k;
            int present = !(k == 2 && j + 2 <= last);
            JET_ERR e = seek_id(s, t, key);
            if (!present) {
                if (e != JET_errRecordNotFound) ok = 0, *why = "a deleted record is there";
                continue;
            }
            expected++;
            if (e != JET_errSuccess) {
                ok = 0, *why = "a record is missing";
                break;
            }
            int32_t v = -1;
            uint32_t cb = 0;
            JET_ERR r = JetRetrieveColumn(s, t, c.txn, &v, 4, &cb, 0, NULL);
            if (r || v != j) ok = 0, *why = "Txn";
            r = JetRetrieveColumn(s, t, c.upd, &v, 4, &cb, 0, NULL);
            if (k == 0 && j + 1 <= last ? (r || v != j + 1) : r != JET_wrnColumnNull) ok = 0, *why = "Upd";
            uint32_t len = blob_len(j, k);
            blob_fill(j, k, want, len);
            r = JetRetrieveColumn(s, t, c.blob, b, sizeof b, &cb, 0, NULL);
            if (r || cb != len || memcmp(b, want, len) != 0) ok = 0, *why = "a long value";
        }
    }
    /* nothing beyond: no record of a later transaction */
    if (ok && seek_id(s, t, 3 * (last + 1)) != JET_errRecordNotFound) ok = 0, *why = "a later transaction's record";
    /* JetIndexRecordCount counts from the current entry on: from the first */
    uint32_t n = 0;
    JET_ERR first = JetMove(s, t, JET_MoveFirst, 0);
    if (ok && (expected ? first != JET_errSuccess : first != JET_errNoCurrentRecord)) ok = 0, *why = "the first record";
    if (ok && expected && (JetIndexRecordCount(s, t, &n, 0) || n != (uint32_t)expected)) ok = 0, *why = "the record count";
    if (ok && JetSetCurrentIndex(s, t, "ByTxn")) ok = 0, *why = "the secondary index";
    if (ok && expected && (JetIndexRecordCount(s, t, &n, 0) || n != (uint32_t)expected))
        ok = 0, *why = "the secondary index's count";
    JetCloseTable(s, t);
    return ok;
}

static void crash_loop(int rounds) {
    char path[512];
    snprintf(path, sizeof path, "%s", fixture_path("crash2.edb"));
    {
        JET_INSTANCE inst = fixture_running("crashloop0", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        JET_COLUMNID col;
        JET_COLUMNDEF def;
        memset(&def, 0, sizeof def);
        def.cbStruct = sizeof def;
        CHECK_OK(JetCreateDatabase(s, path, NULL, &d, 0));
        CHECK_OK(JetCreateTable(s, d, "T", 0, 0, &t));
        def.coltyp = JET_coltypLong;
        CHECK_OK(JetAddColumn(s, t, "Id", &def, NULL, 0, &col));
        CHECK_OK(JetAddColumn(s, t, "Txn", &def, NULL, 0, &col));
        CHECK_OK(JetAddColumn(s, t, "Upd", &def, NULL, 0, &col));
        def.coltyp = JET_coltypLongBinary;
        CHECK_OK(JetAddColumn(s, t, "Blob", &def, NULL, 0, &col));
        CHECK_OK(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
        CHECK_OK(JetCreateIndex(s, t, "ByTxn", 0, "+Txn\0", 6, 100));
        CHECK_OK(JetTerm(inst));
    }
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    printf("    seed %u, %d rounds\n", seed, rounds);
    srand(seed);
    int32_t next = 0;
    int bad = 0, in_commit = 0;
    for (int r = 0; r < rounds; r++) {
        int on_sync = r % 2;
        const char *point = on_sync ? "store.sync@crash2.edb" : "store.write@crash2.edb";
        uint32_t after = (uint32_t)(on_sync ? rand() % 12 : rand() % 120);
        int fds[2];
        CHECK(pipe(fds) == 0);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            workload(path, fds[1], next, point, after);
        }
        close(fds[1]);
        int32_t durable = next - 1, n, reported = next - 1;
        while (read(fds[0], &n, sizeof n) == sizeof n) {
            reported = n;
            if (!lazy(n)) durable = n;
        }
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        /* the child ends only by the failpoint's abort (an exit code says what failed first) */
        if (!WIFSIGNALED(status)) printf("    round %d: the child exited with %d\n", r, WEXITSTATUS(status));
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);

        JET_INSTANCE inst = fixture_running("crashloop1", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        CHECK_OK(JetAttachDatabase(s, path, 0));
        CHECK_OK(JetOpenDatabase(s, path, NULL, &d, 0));
        /* L: the last transaction present (found by its inserted keys) */
        int32_t last = next - 1;
        {
            JET_TABLEID t = 0;
            CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
            while (seek_id(s, t, 3 * (last + 1) + 1) == JET_errSuccess) last++;
            CHECK_OK(JetCloseTable(s, t));
        }
        const char *why = "";
        int ok = state_is(s, d, last, &why);
        if (!ok || last < durable || last > reported + 1) {
            printf("    round %d (%s after %u): last %d, durable %d, reported %d: %s\n", r, point, after, last,
                   durable, reported, ok ? "order" : why);
            bad++;
        }
        if (last > reported) in_commit++; /* the crash came after the commit reached the file */
        CHECK_OK(JetTerm(inst));
        next = last + 1;
    }
    printf("    %d rounds, %d transactions, %d crashes between a commit's write and its return\n", rounds,
           next, in_commit);
    CHECK_EQ(bad, 0);
    CHECK(next > 0);
}

TEST(crash_loop_kills_inside_commits) {
    /* S-STO-02 S-STO-03: durable commits survive, lazy ones form a prefix, nothing is partial,
     * indexes agree with records, after crashes at the Nth write or sync of the store */
    REQUIRE_HOOKS();
    const char *env = getenv("ESENT_CRASH_ROUNDS");
    int rounds = env && atoi(env) > 0 ? atoi(env) : under_valgrind() ? 3 : 20;
    crash_loop(rounds);
}

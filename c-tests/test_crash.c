/* Crash safety of commits (S-STO-02, S-STO-03; data-records 9.5): a child process commits
 * transactions of three records each, plain (durable) and lazy in turn, and reports each
 * commit's return on a pipe; it is killed with SIGKILL at a random moment. Then the database
 * must attach cleanly, every transaction must be whole or absent, every reported plain commit
 * must be there, and what is there must be a prefix of the commit order. */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int under_valgrind(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

static JET_COLUMNDEF coldef(JET_COLTYP coltyp) {
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = coltyp;
    return c;
}

/* The child: commits transactions first, first+1, ... until killed; writes each number to
 * `fd` after its commit returned. Never returns. */
static void committer(const char *path, int fd, int32_t first, int lazy_then_wait) {
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID d = 0;
    JET_TABLEID t = 0;
    if (JetCreateInstance(&inst, "crash") || JetInit(&inst) || JetBeginSession(inst, &s, NULL, NULL) ||
        JetAttachDatabase(s, path, 0) || JetOpenDatabase(s, path, NULL, &d, 0) ||
        JetOpenTable(s, d, "T", NULL, 0, 0, &t))
        _exit(3);
    JET_COLUMNDEF def;
    JET_COLUMNID id, txn;
    if (JetGetTableColumnInfo(s, t, "Id", &def, sizeof def, JET_ColInfo)) _exit(4);
    id = def.columnid;
    if (JetGetTableColumnInfo(s, t, "Txn", &def, sizeof def, JET_ColInfo)) _exit(4);
    txn = def.columnid;
    for (int32_t n = first;; n++) {
        if (JetBeginTransaction(s)) _exit(5);
        for (int k = 0; k < 3; k++) {
            int32_t key = n * 3 + k;
            if (JetPrepareUpdate(s, t, JET_prepInsert) || JetSetColumn(s, t, id, &key, 4, 0, NULL) ||
                JetSetColumn(s, t, txn, &n, 4, 0, NULL) || JetUpdate(s, t, NULL, 0, NULL))
                _exit(6);
        }
        /* even: plain (durable on return); odd: lazy. With lazy_then_wait every commit is
         * lazy and followed by JET_bitWaitLastLevel0Commit, which makes it durable. */
        if (lazy_then_wait) {
            if (JetCommitTransaction(s, JET_bitCommitLazyFlush)) _exit(7);
            if (JetCommitTransaction(s, JET_bitWaitLastLevel0Commit)) _exit(9);
        } else if (JetCommitTransaction(s, n % 2 ? JET_bitCommitLazyFlush : 0)) {
            _exit(7);
        }
        if (write(fd, &n, sizeof n) != sizeof n) _exit(8);
    }
}

static void crash_rounds(int rounds, int lazy_then_wait) {
    char path[512];
    snprintf(path, sizeof path, "%s", fixture_path("crash.edb"));
    {
        JET_INSTANCE inst = fixture_running("crash0", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        JET_COLUMNID c;
        CHECK_OK(JetCreateDatabase(s, path, NULL, &d, 0));
        CHECK_OK(JetCreateTable(s, d, "T", 0, 0, &t));
        JET_COLUMNDEF def = coldef(JET_coltypLong);
        CHECK_OK(JetAddColumn(s, t, "Id", &def, NULL, 0, &c));
        CHECK_OK(JetAddColumn(s, t, "Txn", &def, NULL, 0, &c));
        CHECK_OK(JetCreateIndex(s, t, "PK", JET_bitIndexPrimary, "+Id\0", 5, 100));
        CHECK_OK(JetTerm(inst));
    }
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    int32_t next = 0; /* the first transaction number of the next round */
    int bad_rounds = 0;
    for (int r = 0; r < rounds; r++) {
        int fds[2];
        CHECK(pipe(fds) == 0);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            committer(path, fds[1], next, lazy_then_wait);
        }
        close(fds[1]);
        /* wait for its first commit (however slow its start is), let it run 0-40 ms more
         * (longer under valgrind), then kill it */
        int32_t reported_durable = next - 1, n;
        ssize_t got = read(fds[0], &n, sizeof n);
        if (got == sizeof n && (n % 2 == 0 || lazy_then_wait)) reported_durable = n;
        int ms = rand() % (under_valgrind() ? 400 : 40);
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        /* the child only ever ends by the signal (an early exit code says what failed) */
        if (!WIFSIGNALED(status)) fprintf(stderr, "child exited with %d\n", WEXITSTATUS(status));
        CHECK(WIFSIGNALED(status));
        CHECK(got == sizeof n);
        while (read(fds[0], &n, sizeof n) == sizeof n)
            if (n % 2 == 0 || lazy_then_wait) reported_durable = n;
        close(fds[0]);
        /* attach and count each transaction's records */
        JET_INSTANCE inst = fixture_running("crash1", -1);
        JET_SESID s = fixture_session(inst);
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        CHECK_OK(JetAttachDatabase(s, path, 0));
        CHECK_OK(JetOpenDatabase(s, path, NULL, &d, 0));
        CHECK_OK(JetOpenTable(s, d, "T", NULL, 0, 0, &t));
        JET_COLUMNDEF def;
        CHECK_OK(JetGetTableColumnInfo(s, t, "Txn", &def, sizeof def, JET_ColInfo));
        int32_t last = -1, count = 0, txns = 0;
        int whole = 1, prefix = 1;
        JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
        while (e == JET_errSuccess) {
            int32_t v = -1;
            uint32_t cb = 0;
            CHECK_OK(JetRetrieveColumn(s, t, def.columnid, &v, 4, &cb, 0, NULL));
            if (v != last) {
                if (last >= 0 && count != 3) whole = 0;
                if (v != last + 1) prefix = 0;
                last = v;
                count = 0;
                txns++;
            }
            count++;
            e = JetMove(s, t, JET_MoveNext, 0);
        }
        if (last >= 0 && count != 3) whole = 0;
        if (!whole || !prefix || last < reported_durable) bad_rounds++;
        CHECK(whole);
        CHECK(prefix);
        CHECK(last >= reported_durable);
        CHECK_EQ(txns, last + 1);
        CHECK_OK(JetTerm(inst));
        next = last + 1;
    }
    CHECK_EQ(bad_rounds, 0);
    CHECK(next > 0); /* some transactions were committed at all */
}

TEST(crash_commits_survive_sigkill) {
    crash_rounds(under_valgrind() ? 4 : 50, 0);
}

TEST(crash_wait_makes_lazy_commits_durable) {
    /* S-STO-02: JET_bitWaitLastLevel0Commit makes the lazy commits before it durable */
    crash_rounds(under_valgrind() ? 3 : 20, 1);
}

/* The library's life in a process: fork, panics inside a session, slot reuse (S-LIF-06,
 * S-LIF-02, S-LIF-04; README "fork" and "Panics"). */
#include "check.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs `child` in a forked process with a 10 s alarm; `child` writes up to 32 codes to
 * `out`. Returns the number of codes written, or -1 if the child hung, crashed or failed. */
static int run_forked(void (*child)(JET_ERR *out, int *n, void *arg), void *arg, JET_ERR *codes) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        alarm(10);
        JET_ERR out[32];
        int n = 0;
        child(out, &n, arg);
        ssize_t w = write(fds[1], out, sizeof(JET_ERR) * (size_t)n);
        _exit(w == (ssize_t)(sizeof(JET_ERR) * (size_t)n) ? 0 : 3);
    }
    close(fds[1]);
    int n = 0;
    ssize_t r;
    while (n < 32 && (r = read(fds[0], codes + n, sizeof(JET_ERR))) == (ssize_t)sizeof(JET_ERR)) n++;
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("    child %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exited with",
               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        return -1;
    }
    return n;
}

struct parent_handles {
    JET_INSTANCE inst;
    JET_SESID sesid;
};

/* In the child: every handle of the parent is stale; a new instance (with the parent's name
 * even) works from creation to term; nothing hangs. */
static void child_after_fork(JET_ERR *out, int *n, void *arg) {
    struct parent_handles *p = arg;
    JET_SESID s2 = 0;
    out[(*n)++] = JetBeginTransaction(p->sesid);
    out[(*n)++] = JetEndSession(p->sesid, 0);
    out[(*n)++] = JetBeginSession(p->inst, &s2, NULL, NULL);
    out[(*n)++] = JetTerm2(p->inst, JET_bitTermDirty);
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    out[(*n)++] = JetCreateInstance(&inst, "forked");
    out[(*n)++] = JetInit(&inst);
    out[(*n)++] = JetBeginSession(inst, &s, NULL, NULL);
    out[(*n)++] = JetBeginTransaction(s);
    out[(*n)++] = JetCommitTransaction(s, 0);
    out[(*n)++] = JetEndSession(s, 0);
    out[(*n)++] = JetTerm(inst);
}

static void check_child_codes(const JET_ERR *codes, int n) {
    CHECK_EQ(n, 11);
    if (n != 11) return;
    CHECK_ERR(JET_errInvalidSesid, codes[0]);
    CHECK_ERR(JET_errInvalidSesid, codes[1]);
    CHECK_ERR(JET_errInvalidInstance, codes[2]);
    CHECK_ERR(JET_errInvalidInstance, codes[3]);
    for (int i = 4; i < 11; i++) CHECK_OK(codes[i]);
}

TEST(life_fork_child_finds_parent_handles_stale) {
    /* S-LIF-02; S-HDL-02 */
    struct parent_handles p;
    p.inst = fixture_running("forked", -1);
    p.sesid = fixture_session(p.inst);
    CHECK_OK(JetBeginTransaction(p.sesid));
    JET_ERR codes[32];
    int n = run_forked(child_after_fork, &p, codes);
    check_child_codes(codes, n);
    /* The parent is untouched. */
    CHECK_OK(JetCommitTransaction(p.sesid, 0));
    CHECK_OK(JetEndSession(p.sesid, 0));
    CHECK_OK(JetTerm(p.inst));
}

struct in_call {
    JET_SESID sesid;
    JET_ERR begin, rollback;
};

/* Its begin lingers inside the call (the armed failpoint sleeps); the transaction is the
 * thread's, so it rolls back itself. */
static void *call_that_lingers(void *arg) {
    struct in_call *c = arg;
    c->begin = JetBeginTransaction(c->sesid);
    c->rollback = JetRollback(c->sesid, 0);
    return NULL;
}

TEST(life_fork_while_another_thread_is_inside_a_call) {
    /* S-LIF-02: the parent's session is "inside a call" at the fork; in the child it
     * is stale, not busy, and JetTerm2(Dirty) of the parent's instance returns at once. */
    REQUIRE_HOOKS();
    struct parent_handles p;
    p.inst = fixture_running("forked", -1);
    p.sesid = fixture_session(p.inst);
    struct in_call c = {p.sesid, -1, -1};
    CHECK_OK(hook_failpoint("session.enter", "sleep:600", 1));
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, call_that_lingers, &c), 0);
    usleep(150 * 1000);
    /* The other thread is inside JetBeginTransaction now. */
    CHECK_ERR(JET_errSessionSharingViolation, JetGetVersion(p.sesid, &(unsigned int){0}));
    JET_ERR codes[32];
    int n = run_forked(child_after_fork, &p, codes);
    check_child_codes(codes, n);
    pthread_join(t, NULL);
    CHECK_OK(c.begin);
    CHECK_OK(c.rollback);
    CHECK_OK(JetEndSession(p.sesid, 0));
    CHECK_OK(JetTerm(p.inst));
}

TEST(life_panic_inside_a_session_leaves_it_and_marks_the_instance_unavailable) {
    /* S-LIF-04; S-ABI-10, S-INST-13 */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("panicky", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(hook_failpoint("session.enter", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetBeginTransaction(s));
    /* Not stuck inside the call (-1910): the instance is unavailable instead. */
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction(s));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, 0));
    JET_SESID other = 0;
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(inst, &other, NULL, NULL));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    /* The library goes on: a new instance works. */
    JET_INSTANCE again = fixture_running("panicky", -1);
    JET_SESID s2 = fixture_session(again);
    CHECK_OK(JetBeginTransaction(s2));
    CHECK_OK(JetEndSession(s2, 0));
    CHECK_OK(JetTerm(again));
}

struct batch {
    JET_SESID sesids[16];
};

static void *end_batch(void *arg) {
    struct batch *b = arg;
    for (int i = 0; i < 16; i++)
        if (JetEndSession(b->sesids[i], 0) != JET_errSuccess) return arg;
    return NULL;
}

TEST(life_sessions_ended_on_another_thread_reuse_their_slots) {
    /* S-LIF-06; S-SES-11: 48,000 sessions begun on one thread and ended on another
     * stay within a few slots (the slot is bits 32..46 of a session handle, see
     * src/engine/handle.rs), and JetTerm walks only those. */
    JET_INSTANCE inst = fixture_running("reuse", 64);
    unsigned max_slot = 0;
    int failed = 0;
    for (int round = 0; round < 3000 && !failed; round++) {
        struct batch b;
        for (int i = 0; i < 16; i++) {
            if (JetBeginSession(inst, &b.sesids[i], NULL, NULL) != JET_errSuccess) failed = 1;
            unsigned slot = (unsigned)((b.sesids[i] >> 32) & 0x7FFF);
            if (slot > max_slot) max_slot = slot;
        }
        pthread_t t;
        void *r = &b;
        if (pthread_create(&t, NULL, end_batch, &b) != 0 || pthread_join(t, &r) != 0 || r != NULL) failed = 1;
    }
    CHECK(!failed);
    CHECK(max_slot < 64);
    if (max_slot >= 64) printf("    highest slot %u\n", max_slot);
    CHECK_OK(JetTerm(inst));
}

/* Threads (contract S-SES-07, S-SES-08, S-TRX-03, S-TRX-04, S-INST-07): pthread scenarios. */
#include "check.h"

#include <sched.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- an actor: a long-lived thread that runs one operation at a time for the test ---------- */

enum thr_op {
    OP_BEGIN_TRX,
    OP_COMMIT,
    OP_ROLLBACK,
    OP_ROLLBACK_ALL,
    OP_END,
    OP_SET_CTX,
    OP_RESET_CTX,
    OP_DUP,
    OP_LEVEL,
    OP_VERSION,
};

typedef struct {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int pending, quit;
    enum thr_op op;
    JET_SESID sesid;
    JET_API_PTR arg;
    JET_ERR result;
    JET_API_PTR out;
} thr_actor;

/* Runs one operation on the calling thread; `*out` receives the level / new sesid. */
static JET_ERR thr_do(enum thr_op op, JET_SESID s, JET_API_PTR arg, JET_API_PTR *out) {
    switch (op) {
    case OP_BEGIN_TRX: return JetBeginTransaction(s);
    case OP_COMMIT: return JetCommitTransaction(s, (JET_GRBIT)arg);
    case OP_ROLLBACK: return JetRollback(s, 0);
    case OP_ROLLBACK_ALL: return JetRollback(s, JET_bitRollbackAll);
    case OP_END: return JetEndSession(s, (JET_GRBIT)arg);
    case OP_SET_CTX: return JetSetSessionContext(s, arg);
    case OP_RESET_CTX: return JetResetSessionContext(s);
    case OP_DUP: {
        JET_SESID n = 0;
        JET_ERR e = JetDupSession(s, &n);
        if (out) *out = n;
        return e;
    }
    case OP_LEVEL: {
        int32_t lv = -1;
        JET_ERR e = JetGetSessionParameter(s, JET_sesparamTransactionLevel, &lv, sizeof lv, NULL);
        if (out) *out = (JET_API_PTR)(intptr_t)lv;
        return e;
    }
    case OP_VERSION: {
        uint32_t v = 0;
        JET_ERR e = JetGetVersion(s, &v);
        if (out) *out = v;
        return e;
    }
    }
    return -1;
}

static void *thr_actor_main(void *p) {
    thr_actor *a = p;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!a->pending && !a->quit) pthread_cond_wait(&a->cv, &a->mu);
        if (!a->pending) break;
        pthread_mutex_unlock(&a->mu);
        JET_API_PTR out = 0;
        JET_ERR r = thr_do(a->op, a->sesid, a->arg, &out);
        pthread_mutex_lock(&a->mu);
        a->result = r;
        a->out = out;
        a->pending = 0;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

static void thr_actor_start(thr_actor *a) {
    memset(a, 0, sizeof *a);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    CHECK_EQ(pthread_create(&a->thread, NULL, thr_actor_main, a), 0);
}

static JET_ERR thr_on(thr_actor *a, enum thr_op op, JET_SESID s, JET_API_PTR arg) {
    pthread_mutex_lock(&a->mu);
    a->op = op;
    a->sesid = s;
    a->arg = arg;
    a->pending = 1;
    pthread_cond_broadcast(&a->cv);
    while (a->pending) pthread_cond_wait(&a->cv, &a->mu);
    JET_ERR r = a->result;
    pthread_mutex_unlock(&a->mu);
    return r;
}

static void thr_actor_stop(thr_actor *a) {
    pthread_mutex_lock(&a->mu);
    a->quit = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* ---- thread binding (thread model) -------------------------------------------------------- */

TEST(thr_commit_from_other_thread) {
    /* S-TRX-03: begun on A, continued on B → -1910 with no effect; A continues */
    JET_INSTANCE inst = fixture_running("thr_bind", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, JET_bitCommitLazyFlush));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_ROLLBACK, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_ROLLBACK_ALL, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_BEGIN_TRX, s, 0));
    /* B may still use the session for other calls, one at a time */
    CHECK_OK(thr_on(&b, OP_LEVEL, s, 0));
    CHECK_EQ(b.out, 1);
    CHECK_OK(thr_on(&b, OP_VERSION, s, 0));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, 0));
    CHECK_EQ(fixture_level(s), 3);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_ROLLBACK, s, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_EQ(fixture_level(s), 0);
    /* commit to level 0 released the binding: now B may begin and A is the other thread */
    CHECK_OK(thr_on(&b, OP_BEGIN_TRX, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetBeginTransaction(s));
    CHECK_OK(thr_on(&b, OP_COMMIT, s, 0));
    CHECK_OK(JetEndSession(s, 0));
    thr_actor_stop(&b);
    CHECK_OK(JetTerm(inst));
}

typedef struct {
    JET_SESID s;
    JET_ERR r;
} thr_once;

static void *thr_begin_and_exit(void *p) {
    thr_once *o = p;
    o->r = JetBeginTransaction(o->s);
    return NULL;
}

TEST(thr_transaction_of_exited_thread) {
    /* S-TRX-03: a transaction begun by a thread that has exited belongs to no other thread */
    JET_INSTANCE inst = fixture_running("thr_exited", -1);
    JET_SESID s = fixture_session(inst);
    thr_once arg = {s, -1};
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, thr_begin_and_exit, &arg), 0);
    pthread_join(t, NULL);
    CHECK_OK(arg.r);
    CHECK_EQ(fixture_level(s), 1);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetRollback(s, JET_bitRollbackAll));
    CHECK_ERR(JET_errSessionSharingViolation, JetEndSession(s, 0));
    CHECK_EQ(fixture_level(s), 1);
    /* stuck, but JetTerm with TermDirty can still clean up */
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    thr_actor_stop(&b);
}

/* ---- moving a transaction with session contexts (context model) --------------------------- */

TEST(thr_context_moves_transaction) {
    /* S-TRX-03 S-SES-08: A sets X, begins, resets; B sets X, continues and commits */
    JET_INSTANCE inst = fixture_running("thr_ctx", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_OK(JetSetSessionContext(s, 0x1111));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetResetSessionContext(s));
    /* B without the context → -1910, with another value → -1910 */
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, 0));
    CHECK_OK(thr_on(&b, OP_SET_CTX, s, 0x2222));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_COMMIT, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_BEGIN_TRX, s, 0));
    CHECK_OK(thr_on(&b, OP_RESET_CTX, s, 0));
    CHECK_EQ(fixture_level(s), 2);
    /* B with X */
    CHECK_OK(thr_on(&b, OP_SET_CTX, s, 0x1111));
    /* A (not the thread that set the context) cannot continue meanwhile */
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_OK(thr_on(&b, OP_BEGIN_TRX, s, 0));
    CHECK_OK(thr_on(&b, OP_COMMIT, s, 0));
    CHECK_OK(thr_on(&b, OP_COMMIT, s, 0));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(thr_on(&b, OP_RESET_CTX, s, 0));
    /* back to A with X */
    CHECK_OK(JetSetSessionContext(s, 0x1111));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_EQ(fixture_level(s), 0);
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    thr_actor_stop(&b);
    CHECK_OK(JetTerm(inst));
}

TEST(thr_context_reset_from_other_thread) {
    /* S-SES-08 S-SES-05: only the thread that set the context may reset it; -1912 from B as well;
     * ending from B while it is set → -1914 */
    JET_INSTANCE inst = fixture_running("thr_ctxreset", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_OK(JetSetSessionContext(s, 0x42));
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, thr_on(&b, OP_RESET_CTX, s, 0));
    CHECK_ERR(JET_errSessionContextAlreadySet, thr_on(&b, OP_SET_CTX, s, 0x42));
    CHECK_ERR(JET_errSessionContextAlreadySet, thr_on(&b, OP_SET_CTX, s, 0x43));
    CHECK_ERR(JET_errInvalidParameter, thr_on(&b, OP_SET_CTX, s, 0));
    CHECK_ERR(JET_errSessionInUse, thr_on(&b, OP_END, s, 0));
    CHECK_ERR(JET_errSessionInUse, thr_on(&b, OP_END, s, JET_bitForceSessionClosed));
    /* still set, still A's */
    CHECK_ERR(JET_errSessionContextAlreadySet, JetSetSessionContext(s, 0x42));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, thr_on(&b, OP_RESET_CTX, s, 0));
    /* now B sets it: A cannot reset */
    CHECK_OK(thr_on(&b, OP_SET_CTX, s, 0x42));
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_OK(thr_on(&b, OP_RESET_CTX, s, 0));
    CHECK_OK(thr_on(&b, OP_END, s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    thr_actor_stop(&b);
    CHECK_OK(JetTerm(inst));
}

/* ---- JetEndSession across threads --------------------------------------------------------- */

TEST(thr_end_other_thread_thread_model) {
    /* S-TRX-04: thread model, JetEndSession from another thread → -1910, the session stays */
    JET_INSTANCE inst = fixture_running("thr_end1", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_END, s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_END, s, 0xFFFFFFFFu));
    CHECK_EQ(fixture_level(s), 2);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, thr_on(&b, OP_END, s, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    /* no transaction: any thread may end it */
    CHECK_OK(thr_on(&b, OP_END, s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    /* and the owner itself may end it with open levels (rolls back) */
    s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
    thr_actor_stop(&b);
}

TEST(thr_end_other_thread_context_model) {
    /* S-TRX-04 S-SES-05: context model, any thread may end the session once the context is reset */
    JET_INSTANCE inst = fixture_running("thr_end2", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor b;
    thr_actor_start(&b);
    CHECK_OK(JetSetSessionContext(s, 0x5150));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionInUse, thr_on(&b, OP_END, s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(thr_on(&b, OP_END, s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    /* every level was rolled back: no active transaction left */
    CHECK_OK(JetTerm(inst));
    thr_actor_stop(&b);
}

/* ---- serial use from many threads is fine ------------------------------------------------- */

TEST(thr_serial_use_from_any_thread) {
    /* S-SES-07: a session may be used by any thread, one call at a time */
    JET_INSTANCE inst = fixture_running("thr_serial", -1);
    JET_SESID s = fixture_session(inst);
    thr_actor a[4];
    for (int i = 0; i < 4; i++) thr_actor_start(&a[i]);
    for (int round = 0; round < 50; round++) {
        thr_actor *x = &a[round % 4];
        CHECK_OK(thr_on(x, OP_BEGIN_TRX, s, 0));
        CHECK_OK(thr_on(x, OP_BEGIN_TRX, s, 0));
        CHECK_OK(thr_on(x, OP_ROLLBACK, s, 0));
        CHECK_OK(thr_on(x, OP_COMMIT, s, 0));
        CHECK_OK(thr_on(&a[(round + 1) % 4], OP_LEVEL, s, 0));
        CHECK_EQ(a[(round + 1) % 4].out, 0);
        CHECK_OK(thr_on(&a[(round + 2) % 4], OP_VERSION, s, 0));
        CHECK_OK(thr_on(&a[(round + 3) % 4], OP_DUP, s, 0));
        JET_SESID d = (JET_SESID)a[(round + 3) % 4].out;
        CHECK_OK(thr_on(x, OP_END, d, 0));
    }
    CHECK_OK(thr_on(&a[2], OP_END, s, 0));
    for (int i = 0; i < 4; i++) thr_actor_stop(&a[i]);
    CHECK_OK(JetTerm(inst));
}

/* ---- concurrent use of one session -------------------------------------------------------- */

typedef struct {
    JET_SESID s;
    pthread_barrier_t *start;
    _Atomic int *stop;
    _Atomic long begins_ok, begins_busy, commits_ok, commits_busy, reads_ok, reads_busy;
    _Atomic long unexpected, bad_level, calls;
    JET_ERR first_unexpected;
} thr_hammer;

static void thr_note(thr_hammer *h, JET_ERR e) {
    if (!h->unexpected) h->first_unexpected = e;
    h->unexpected++;
}

static void *thr_hammer_trx(void *p) {
    thr_hammer *h = p;
    pthread_barrier_wait(h->start);
    while (!*h->stop) {
        JET_ERR e = JetBeginTransaction(h->s);
        h->calls++;
        if (e == JET_errSuccess) {
            h->begins_ok++;
            for (;;) {
                JET_ERR c = JetCommitTransaction(h->s, JET_bitCommitLazyFlush);
                h->calls++;
                if (c == JET_errSuccess) {
                    h->commits_ok++;
                    break;
                }
                if (c == JET_errSessionSharingViolation) {
                    h->commits_busy++;
                    continue;
                }
                thr_note(h, c);
                break;
            }
        } else if (e == JET_errSessionSharingViolation) {
            h->begins_busy++;
        } else {
            thr_note(h, e);
        }
        int32_t lv = -1;
        JET_ERR r = JetGetSessionParameter(h->s, JET_sesparamTransactionLevel, &lv, sizeof lv, NULL);
        h->calls++;
        if (r == JET_errSuccess) {
            h->reads_ok++;
            if (lv != 0 && lv != 1) h->bad_level++;
        } else if (r == JET_errSessionSharingViolation) {
            h->reads_busy++;
        } else {
            thr_note(h, r);
        }
    }
    return NULL;
}

TEST(thr_hammer_one_session_with_transactions) {
    /* S-SES-07 S-TRX-03: two threads hammer one session; every result is 0 or -1910, a -1910
     * has no effect (levels stay 0/1, begins and commits balance), and calls succeed */
    JET_INSTANCE inst = fixture_running("thr_hammer", -1);
    JET_SESID s = fixture_session(inst);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 3);
    _Atomic int stop = 0;
    thr_hammer h[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        memset(&h[i], 0, sizeof h[i]);
        h[i].s = s;
        h[i].start = &start;
        h[i].stop = &stop;
        CHECK_EQ(pthread_create(&t[i], NULL, thr_hammer_trx, &h[i]), 0);
    }
    pthread_barrier_wait(&start);
    double t0 = fixture_now();
    /* run until a collision was seen (at least 0.2 s, at most 1.5 s) */
    for (;;) {
        usleep(20000);
        double el = fixture_now() - t0;
        long busy = h[0].begins_busy + h[1].begins_busy + h[0].reads_busy + h[1].reads_busy +
                    h[0].commits_busy + h[1].commits_busy;
        if ((el > 0.2 && busy > 0) || el > 1.5) break;
    }
    stop = 1;
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < 2; i++) {
        if (h[i].unexpected) printf("    thread %d: first unexpected code %d\n", i, (int)h[i].first_unexpected);
        CHECK_EQ(h[i].unexpected, 0);
        CHECK_EQ(h[i].bad_level, 0);
        CHECK_EQ(h[i].begins_ok, h[i].commits_ok);
    }
    CHECK(h[0].begins_ok + h[1].begins_ok > 0);
    CHECK(h[0].reads_ok + h[1].reads_ok > 0);
    long busy = h[0].begins_busy + h[1].begins_busy + h[0].reads_busy + h[1].reads_busy +
                h[0].commits_busy + h[1].commits_busy;
    if (check_threads_run_in_parallel()) CHECK(busy > 0);
    CHECK_EQ(fixture_level(s), 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

typedef struct {
    JET_SESID s;
    pthread_barrier_t *start;
    _Atomic int *stop;
    int mode; /* 0: read level and version, 1: dup and end the duplicate */
    _Atomic long ok, busy, unexpected, untouched_bad;
    JET_ERR first_unexpected;
} thr_reader;

static void *thr_reader_main(void *p) {
    thr_reader *r = p;
    pthread_barrier_wait(r->start);
    while (!*r->stop) {
        JET_ERR e;
        if (r->mode == 0) {
            uint32_t v = 0;
            e = (r->ok & 1) ? JetGetVersion(r->s, &v)
                            : JetGetSessionParameter(r->s, JET_sesparamCorrelationID, &v, 4, NULL);
        } else {
            JET_SESID n = (JET_SESID)0x5EED;
            e = JetDupSession(r->s, &n);
            if (e == JET_errSuccess) {
                JET_ERR f = JetEndSession(n, 0);
                if (f != JET_errSuccess) {
                    if (!r->unexpected) r->first_unexpected = f;
                    r->unexpected++;
                }
            } else if (n != (JET_SESID)0x5EED) {
                r->untouched_bad++;
            }
        }
        if (e == JET_errSuccess) r->ok++;
        else if (e == JET_errSessionSharingViolation) r->busy++;
        else {
            if (!r->unexpected) r->first_unexpected = e;
            r->unexpected++;
        }
    }
    return NULL;
}

TEST(thr_hammer_dup_and_reads) {
    /* S-SES-07 S-SES-03 S-SES-02: dups racing reads on the source: 0 or -1910, a failed dup takes
     * no place and writes nothing */
    JET_INSTANCE inst = fixture_running("thr_dup", 3);
    JET_SESID s = fixture_session(inst);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 3);
    _Atomic int stop = 0;
    thr_reader r[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].s = s;
        r[i].start = &start;
        r[i].stop = &stop;
        r[i].mode = i;
        CHECK_EQ(pthread_create(&t[i], NULL, thr_reader_main, &r[i]), 0);
    }
    pthread_barrier_wait(&start);
    double t0 = fixture_now();
    for (;;) {
        usleep(20000);
        double el = fixture_now() - t0;
        if ((el > 0.2 && r[1].busy > 0 && r[0].busy > 0) || el > 1.5) break;
    }
    stop = 1;
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < 2; i++) {
        if (r[i].unexpected) printf("    thread %d: first unexpected code %d\n", i, (int)r[i].first_unexpected);
        CHECK_EQ(r[i].unexpected, 0);
        CHECK(r[i].ok > 0);
    }
    CHECK_EQ(r[1].untouched_bad, 0);
    if (check_threads_run_in_parallel()) CHECK(r[1].busy > 0);
    /* exactly two more places: nothing leaked by the failed dups */
    JET_SESID a = 0, b = 0, c = 0;
    CHECK_OK(JetDupSession(s, &a));
    CHECK_OK(JetBeginSession(inst, &b, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &c, NULL, NULL));
    CHECK_OK(JetTerm(inst));
}

typedef struct {
    JET_SESID s;
    pthread_barrier_t *go, *done;
    int rounds;
    JET_ERR *results;
} thr_racer;

static void *thr_racer_main(void *p) {
    thr_racer *r = p;
    for (int i = 0; i < r->rounds; i++) {
        pthread_barrier_wait(r->go);
        r->results[i] = JetEndSession(*(volatile JET_SESID *)&r->s, 0);
        pthread_barrier_wait(r->done);
    }
    return NULL;
}

TEST(thr_race_two_ends) {
    /* S-SES-07 S-SES-04 S-HDL-02: two threads end the same session: exactly one succeeds, the
     * other gets -1104 or -1910 */
    enum { ROUNDS = 300 };
    JET_INSTANCE inst = fixture_running("thr_race", 1);
    pthread_barrier_t go, done;
    pthread_barrier_init(&go, NULL, 3);
    pthread_barrier_init(&done, NULL, 3);
    JET_ERR res[2][ROUNDS];
    thr_racer r[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        r[i].s = 0;
        r[i].go = &go;
        r[i].done = &done;
        r[i].rounds = ROUNDS;
        r[i].results = res[i];
    }
    for (int i = 0; i < 2; i++) CHECK_EQ(pthread_create(&t[i], NULL, thr_racer_main, &r[i]), 0);
    int bad = 0, leaks = 0;
    for (int k = 0; k < ROUNDS; k++) {
        JET_SESID s = 0;
        if (JetBeginSession(inst, &s, NULL, NULL) != JET_errSuccess) leaks++;
        r[0].s = r[1].s = s;
        pthread_barrier_wait(&go);
        pthread_barrier_wait(&done);
        JET_ERR a = res[0][k], b = res[1][k];
        int oks = (a == 0) + (b == 0);
        int others_ok = (a == 0 || a == JET_errInvalidSesid || a == JET_errSessionSharingViolation) &&
                        (b == 0 || b == JET_errInvalidSesid || b == JET_errSessionSharingViolation);
        if (oks != 1 || !others_ok) {
            if (!bad) printf("    round %d: %d and %d\n", k, (int)a, (int)b);
            bad++;
        }
        /* ended for good: the place is free for the next round (MaxSessions 1) */
        if (JetEndSession(s, 0) != JET_errInvalidSesid) bad++;
    }
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    pthread_barrier_destroy(&done);
    CHECK_EQ(bad, 0);
    CHECK_EQ(leaks, 0);
    CHECK_OK(JetTerm(inst));
}

/* ---- many threads, many sessions ---------------------------------------------------------- */

typedef struct {
    JET_INSTANCE inst;
    pthread_barrier_t *start;
    int got, full, unexpected;
    JET_SESID mine[64];
} thr_grabber;

static void *thr_grab(void *p) {
    thr_grabber *g = p;
    pthread_barrier_wait(g->start);
    for (int i = 0; i < 20; i++) {
        JET_SESID s = 0;
        JET_ERR e = JetBeginSession(g->inst, &s, NULL, NULL);
        if (e == JET_errSuccess) g->mine[g->got++] = s;
        else if (e == JET_errOutOfSessions) g->full++;
        else g->unexpected++;
    }
    /* use our sessions: no sharing, so no -1910 may appear */
    for (int i = 0; i < g->got; i++) {
        for (int k = 0; k < 3; k++) {
            if (JetBeginTransaction(g->mine[i]) != JET_errSuccess) g->unexpected++;
        }
        if (JetCommitTransaction(g->mine[i], 0) != JET_errSuccess) g->unexpected++;
        if (JetRollback(g->mine[i], JET_bitRollbackAll) != JET_errSuccess) g->unexpected++;
    }
    return NULL;
}

TEST(thr_limit_under_concurrency) {
    /* S-SES-02 S-SES-07: 8 threads race for 50 places: exactly 50 begins succeed, the rest -1101 */
    JET_INSTANCE inst = fixture_running("thr_limit", 50);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 9);
    thr_grabber g[8];
    pthread_t t[8];
    for (int i = 0; i < 8; i++) {
        memset(&g[i], 0, sizeof g[i]);
        g[i].inst = inst;
        g[i].start = &start;
        CHECK_EQ(pthread_create(&t[i], NULL, thr_grab, &g[i]), 0);
    }
    pthread_barrier_wait(&start);
    for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    int got = 0, full = 0, unexpected = 0;
    JET_SESID all[160];
    for (int i = 0; i < 8; i++) {
        for (int k = 0; k < g[i].got; k++) all[got + k] = g[i].mine[k];
        got += g[i].got;
        full += g[i].full;
        unexpected += g[i].unexpected;
    }
    CHECK_EQ(got, 50);
    CHECK_EQ(full, 110);
    CHECK_EQ(unexpected, 0);
    for (int i = 0; i < got; i++)
        for (int j = 0; j < i; j++) CHECK(all[i] != all[j]);
    JET_SESID x = 0;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    /* every session ends from this thread: none has an open transaction */
    for (int i = 0; i < got; i++) CHECK_OK(JetEndSession(all[i], 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- JetTerm racing session calls --------------------------------------------------------- */

typedef struct {
    JET_INSTANCE inst;
    JET_SESID s;
    _Atomic int *stop;
    pthread_barrier_t *start;
    _Atomic long ok, term, gone, unexpected;
    JET_ERR first_unexpected;
    int first_unexpected_op;
} thr_user;

static void *thr_user_main(void *p) {
    thr_user *u = p;
    pthread_barrier_wait(u->start);
    while (!*u->stop) {
        JET_SESID n = 0;
        JET_ERR e[3];
        e[0] = JetBeginSession(u->inst, &n, NULL, NULL);
        e[1] = e[0] == JET_errSuccess ? JetEndSession(n, 0) : JET_errSuccess;
        uint32_t v = 0;
        e[2] = JetGetVersion(u->s, &v);
        for (int i = 0; i < 3; i++) {
            if (e[i] == JET_errSuccess) u->ok++;
            else if (e[i] == JET_errTermInProgress) u->term++;
            else if (e[i] == JET_errInvalidSesid || e[i] == JET_errInvalidInstance) u->gone++;
            else {
                if (!u->unexpected) {
                    u->first_unexpected = e[i];
                    u->first_unexpected_op = i;
                }
                u->unexpected++;
            }
        }
    }
    return NULL;
}

TEST(thr_term_while_sessions_are_used) {
    /* S-INST-07 S-INST-06 S-HDL-02: JetTerm while another thread uses the instance: it succeeds;
     * the other thread only ever sees 0, -1000, or (once freed) -1104 / -1115 */
    for (int round = 0; round < 20; round++) {
        JET_INSTANCE inst = fixture_running("thr_term", 2000);
        JET_SESID s = fixture_session(inst);
        for (int i = 0; i < 1000; i++) fixture_session(inst);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        _Atomic int stop = 0;
        thr_user u;
        memset(&u, 0, sizeof u);
        u.inst = inst;
        u.s = s;
        u.stop = &stop;
        u.start = &start;
        pthread_t t;
        CHECK_EQ(pthread_create(&t, NULL, thr_user_main, &u), 0);
        pthread_barrier_wait(&start);
        usleep(1000);
        CHECK_OK(JetTerm(inst));
        usleep(1000);
        stop = 1;
        pthread_join(t, NULL);
        pthread_barrier_destroy(&start);
        static const char *const ops[] = {"JetBeginSession", "JetEndSession", "JetGetVersion"};
        if (u.unexpected)
            printf("    round %d: %s returned %d\n", round, ops[u.first_unexpected_op], (int)u.first_unexpected);
        CHECK_EQ(u.unexpected, 0);
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    }
}

typedef struct {
    JET_SESID src;
    _Atomic int *stop;
    pthread_barrier_t *start;
    _Atomic long dup_ok, dup_term, end_ok, end_term, unexpected;
    JET_ERR first_unexpected;
    int stopped; /* the instance is stopped: dup must say -1329, never -1000 */
    _Atomic long dup_stop;
} thr_dupper;

static void thr_dupper_bad(thr_dupper *d, JET_ERR e) {
    if (!d->unexpected) d->first_unexpected = e;
    d->unexpected++;
}

/* Alternates a phase of JetDupSession calls (up to 32 live duplicates) with a phase of
 * JetEndSession calls on them, so that both run while JetTerm calls come and go. */
static void *thr_dupper_main(void *p) {
    thr_dupper *d = p;
    JET_SESID pending[32];
    int npending = 0;
    pthread_barrier_wait(d->start);
    while (!*d->stop) {
        for (int k = 0; k < 32 && npending < 32 && !*d->stop; k++) {
            JET_SESID n = (JET_SESID)0x5EED;
            JET_ERR e = JetDupSession(d->src, &n);
            if (e == JET_errSuccess) {
                d->dup_ok++;
                pending[npending++] = n;
            } else if (n != (JET_SESID)0x5EED) {
                thr_dupper_bad(d, 1);
            } else if (e == JET_errTermInProgress && !d->stopped) {
                d->dup_term++;
            } else if (e == JET_errClientRequestToStopJetService && d->stopped) {
                d->dup_stop++;
            } else {
                thr_dupper_bad(d, e);
            }
        }
        for (int k = 0; k < 64 && npending > 0; k++) {
            JET_ERR f = JetEndSession(pending[npending - 1], 0);
            if (f == JET_errSuccess) {
                d->end_ok++;
                npending--;
            } else if (f == JET_errTermInProgress) {
                d->end_term++;
            } else {
                thr_dupper_bad(d, f); /* counted; the session is ended on a later try */
            }
        }
    }
    while (npending > 0) {
        JET_ERR f = JET_errSuccess;
        for (int tries = 0; tries < 1000; tries++)
            if ((f = JetEndSession(pending[npending - 1], 0)) == JET_errSuccess) break;
        npending--;
        if (f == JET_errSuccess) d->end_ok++;
        else thr_dupper_bad(d, f);
    }
    return NULL;
}

/* Runs failing JetTerm calls (an open transaction blocks them) while a thread dups and ends
 * sessions; returns when the thread saw the wanted codes or after ~1.5 s. */
static void thr_failing_terms(JET_INSTANCE inst, thr_dupper *d) {
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 2);
    _Atomic int stop = 0;
    d->stop = &stop;
    d->start = &start;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, thr_dupper_main, d), 0);
    pthread_barrier_wait(&start);
    double t0 = fixture_now();
    long terms = 0, wrong = 0;
    while (fixture_now() - t0 < 1.5) {
        JET_ERR e = JetTerm(inst);
        terms++;
        if (e != JET_errTooManyActiveUsers) wrong++;
        usleep(200);
        if (terms < 50) continue;
        if (!d->stopped && d->dup_term > 0 && d->end_term > 0 && d->dup_ok > 0) break;
        if (d->stopped && d->dup_stop > 0) break;
    }
    stop = 1;
    pthread_join(t, NULL);
    pthread_barrier_destroy(&start);
    CHECK_EQ(wrong, 0);
}

TEST(thr_term_in_progress_seen_by_dup_and_end) {
    /* S-INST-07 S-INST-05 S-SES-06: while JetTerm runs (and then fails with -1059), JetDupSession
     * and JetEndSession on the instance's sessions return -1000; afterwards all is usable */
    JET_INSTANCE inst = fixture_running("thr_tip", 30000);
    JET_SESID holder = fixture_session(inst), src = fixture_session(inst);
    for (int i = 0; i < 20000; i++) fixture_session(inst);
    CHECK_OK(JetBeginTransaction(holder));
    thr_dupper d;
    memset(&d, 0, sizeof d);
    d.src = src;
    thr_failing_terms(inst, &d);
    if (d.unexpected) printf("    first unexpected %d\n", (int)d.first_unexpected);
    CHECK_EQ(d.unexpected, 0);
    CHECK(d.dup_ok > 0);
    CHECK_EQ(d.dup_ok, d.end_ok);
    if (check_threads_run_in_parallel()) {
        CHECK(d.dup_term > 0);
        CHECK(d.end_term > 0);
    }
    /* usable again */
    CHECK_EQ(fixture_level(holder), 1);
    JET_SESID n = 0;
    CHECK_OK(JetDupSession(src, &n));
    CHECK_OK(JetEndSession(n, 0));
    CHECK_OK(JetCommitTransaction(holder, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(src, 0));
}

TEST(thr_stop_outranks_term_in_progress) {
    /* S-SES-06 S-INST-10 S-INST-07: after a stop, JetDupSession says -1329 even while JetTerm runs
     * (the stop flag is checked before term in progress) */
    JET_INSTANCE inst = fixture_running("thr_tip2", 30000);
    JET_SESID holder = fixture_session(inst), src = fixture_session(inst);
    for (int i = 0; i < 20000; i++) fixture_session(inst);
    CHECK_OK(JetBeginTransaction(holder));
    CHECK_OK(JetStopServiceInstance(inst));
    thr_dupper d;
    memset(&d, 0, sizeof d);
    d.src = src;
    d.stopped = 1;
    thr_failing_terms(inst, &d);
    if (d.unexpected) printf("    first unexpected %d\n", (int)d.first_unexpected);
    CHECK_EQ(d.unexpected, 0);
    CHECK(d.dup_stop > 0);
    CHECK_EQ(d.dup_ok, 0);
    CHECK_OK(JetRollback(holder, 0));
    CHECK_OK(JetTerm(inst));
}

typedef struct {
    JET_SESID s;
    _Atomic int stop, started;
    _Atomic long ok, busy, unexpected;
} thr_poller;

static void *thr_poller_main(void *p) {
    thr_poller *q = p;
    while (!q->stop) {
        int32_t lv = -1;
        JET_ERR e = JetGetSessionParameter(q->s, JET_sesparamTransactionLevel, &lv, sizeof lv, NULL);
        if (e == JET_errSuccess) q->ok++;
        else if (e == JET_errSessionSharingViolation) q->busy++;
        else q->unexpected++;
        q->started = 1;
    }
    return NULL;
}

TEST(thr_stop_outranks_concurrent_use) {
    /* S-SES-06 S-SES-07 S-INST-10: after a stop, the calls the stop blocks say -1329 even while
     * another thread is inside a call on the session (stop is checked before concurrent use) */
    JET_INSTANCE inst = fixture_running("thr_stopconc", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetStopServiceInstance(inst));
    thr_poller q;
    memset(&q, 0, sizeof q);
    q.s = s;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, thr_poller_main, &q), 0);
    while (!q.started) sched_yield();
    long calls = 0, wrong = 0;
    double t0 = fixture_now();
    while (fixture_now() - t0 < 0.3) {
        JET_SESID d = (JET_SESID)0x5EED;
        uint32_t v = 0;
        if (JetDupSession(s, &d) != JET_errClientRequestToStopJetService) wrong++;
        if (d != (JET_SESID)0x5EED) wrong++;
        if (JetBeginTransaction(s) != JET_errClientRequestToStopJetService) wrong++;
        if (JetSetSessionContext(s, 0x77) != JET_errClientRequestToStopJetService) wrong++;
        if (JetGetVersion(s, &v) != JET_errClientRequestToStopJetService) wrong++;
        if (JetCommitTransaction(s, 0) != JET_errClientRequestToStopJetService) wrong++;
        calls += 5;
    }
    q.stop = 1;
    pthread_join(t, NULL);
    CHECK_EQ(wrong, 0);
    CHECK(calls > 0);
    CHECK_EQ(q.unexpected, 0);
    CHECK(q.ok > 0);
    CHECK_EQ(fixture_level(s), 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

typedef struct {
    JET_SESID s;
    _Atomic int stop, started;
    _Atomic long ok, term, busy, other;
    JET_ERR first_other;
} thr_termwatch;

static void *thr_termwatch_main(void *p) {
    thr_termwatch *w = p;
    while (!w->stop) {
        uint32_t v = 0;
        JET_ERR e = JetGetSessionParameter(w->s, JET_sesparamCorrelationID, &v, sizeof v, NULL);
        JET_ERR f = JetGetVersion(w->s, &v);
        JET_ERR r[2] = {e, f};
        for (int i = 0; i < 2; i++) {
            if (r[i] == JET_errSuccess) w->ok++;
            else if (r[i] == JET_errTermInProgress) w->term++;
            else if (r[i] == JET_errSessionSharingViolation) w->busy++;
            else if (!w->other++) w->first_other = r[i];
        }
        w->started = 1;
    }
    return NULL;
}

TEST(thr_term_never_looks_like_sharing) {
    /* S-INST-07 S-SES-07: a session used by one thread only, while JetTerm runs (and fails with
     * -1059) on another: its calls return 0 or -1000, never -1910 (JetTerm is not a call on the
     * session) */
    JET_INSTANCE inst = fixture_running("thr_termshare", -1);
    JET_SESID holder = fixture_session(inst), s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(holder));
    thr_termwatch w;
    memset(&w, 0, sizeof w);
    w.s = s;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, thr_termwatch_main, &w), 0);
    while (!w.started) sched_yield();
    long terms = 0, wrong = 0;
    double t0 = fixture_now();
    while (fixture_now() - t0 < 1.0) {
        if (JetTerm(inst) != JET_errTooManyActiveUsers) wrong++;
        terms++;
    }
    w.stop = 1;
    pthread_join(t, NULL);
    if (w.busy) printf("    %ld of %ld calls said -1910 during %ld failing JetTerm calls\n", w.busy,
                       w.ok + w.term + w.busy + w.other, terms);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(w.busy, 0);
    CHECK_EQ(w.other, 0);
    CHECK(w.ok > 0);
    CHECK_OK(JetRollback(holder, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

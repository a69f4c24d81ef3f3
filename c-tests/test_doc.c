/* The return codes of the JetEndSession and JetDupSession documentation pages (contract §7, the
 * S-DOC table): one case per row and function. A "never" row shows that the function does not
 * return that code in the situation where the documentation suggests it might. */
#include "check.h"

#include <sched.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------------------------ */

/* Results of JetEndSession / JetDupSession calls over a scenario. */
typedef struct {
    _Atomic long end_calls, end_nonzero, end_forbidden;
    _Atomic long dup_calls, dup_nonzero, dup_forbidden;
    JET_ERR end_first, dup_first;
} doc_tally;

static JET_ERR doc_end(doc_tally *t, JET_ERR forbidden, JET_SESID s, JET_GRBIT grbit) {
    JET_ERR e = JetEndSession(s, grbit);
    t->end_calls++;
    if (e == forbidden) t->end_forbidden++;
    if (e != JET_errSuccess && !t->end_nonzero++) t->end_first = e;
    return e;
}

static JET_ERR doc_dup(doc_tally *t, JET_ERR forbidden, JET_SESID s, JET_SESID *out) {
    JET_ERR e = JetDupSession(s, out);
    t->dup_calls++;
    if (e == forbidden) t->dup_forbidden++;
    if (e != JET_errSuccess && !t->dup_nonzero++) t->dup_first = e;
    return e;
}

/* A realistic lifecycle on `inst`: sessions and duplicates with open transactions at every level,
 * read-only transactions, transactions begun under a session context (reset before the end),
 * ended with assorted grbits. Every end and dup is expected to succeed. */
static void doc_lifecycle(JET_INSTANCE inst, doc_tally *t, JET_ERR forbidden, int rounds) {
    for (int r = 0; r < rounds; r++) {
        JET_SESID s[4] = {0}, d[4] = {0};
        for (int i = 0; i < 4; i++) CHECK_OK(JetBeginSession(inst, &s[i], NULL, NULL));
        for (int i = 0; i < 4; i++) doc_dup(t, forbidden, s[i], &d[i]);
        /* s0: nested levels, some committed, some rolled back */
        for (int k = 0; k <= r % 7; k++) CHECK_OK(JetBeginTransaction(s[0]));
        if (r % 7 > 1) {
            CHECK_OK(JetCommitTransaction(s[0], JET_bitCommitLazyFlush));
            CHECK_OK(JetRollback(s[0], 0));
        }
        /* s1: a context-model transaction, context reset before the end */
        CHECK_OK(JetSetSessionContext(s[1], (JET_API_PTR)(0x1000 + r)));
        CHECK_OK(JetBeginTransaction(s[1]));
        CHECK_OK(JetBeginTransaction2(s[1], 0));
        CHECK_OK(JetResetSessionContext(s[1]));
        /* s2: read-only; s3: committed back to 0 */
        CHECK_OK(JetBeginTransaction2(s[2], JET_bitTransactionReadOnly));
        CHECK_OK(JetBeginTransaction(s[3]));
        CHECK_OK(JetCommitTransaction(s[3], 0));
        /* duplicates: 7 levels on one, a context set and reset on another */
        if (d[0]) {
            for (int k = 0; k < 7; k++) CHECK_OK(JetBeginTransaction3(d[0], k, 0));
        }
        if (d[1]) {
            CHECK_OK(JetSetSessionContext(d[1], 7));
            CHECK_OK(JetResetSessionContext(d[1]));
        }
        JET_GRBIT grbits[] = {0, JET_bitForceSessionClosed, 0xFFFFFFFFu, 0x80000000u};
        for (int i = 0; i < 4; i++) doc_end(t, forbidden, s[i], grbits[(i + r) % 4]);
        for (int i = 0; i < 4; i++)
            if (d[i]) doc_end(t, forbidden, d[i], grbits[(i + r + 1) % 4]);
    }
}

static void doc_expect_clean(const doc_tally *t) {
    if (t->end_nonzero) printf("    first JetEndSession error: %d\n", (int)t->end_first);
    if (t->dup_nonzero) printf("    first JetDupSession error: %d\n", (int)t->dup_first);
    CHECK_EQ(t->end_forbidden, 0);
    CHECK_EQ(t->dup_forbidden, 0);
    CHECK_EQ(t->end_nonzero, 0);
    CHECK_EQ(t->dup_nonzero, 0);
    CHECK(t->end_calls > 0);
}

/* ---- a session used by another thread (-1910) --------------------------------------------- */

typedef struct {
    JET_SESID s;
    _Atomic int go, stop, started;
    _Atomic long ok, busy, gone, unexpected;
    JET_ERR first_unexpected;
} doc_reader;

static void *doc_reader_main(void *p) {
    doc_reader *r = p;
    while (!r->go) sched_yield();
    while (!r->stop) {
        uint32_t v = 0;
        JET_ERR e = JetGetSessionParameter(r->s, JET_sesparamCorrelationID, &v, sizeof v, NULL);
        if (e == JET_errSuccess) r->ok++;
        else if (e == JET_errSessionSharingViolation) r->busy++;
        else if (e == JET_errInvalidSesid) r->gone++;
        else if (!r->unexpected++) r->first_unexpected = e;
        r->started = 1;
    }
    return NULL;
}

/* ---- JetTerm in progress (-1000) ---------------------------------------------------------- */

typedef struct {
    JET_INSTANCE inst;
    JET_SESID src;
    int use_dup; /* 1: JetDupSession(src), else JetBeginSession(inst); then JetEndSession */
    _Atomic int stop;
    _Atomic long made, ended, make_term, end_term, unexpected;
    JET_ERR first_unexpected;
} doc_churner;

static void doc_churn_bad(doc_churner *c, JET_ERR e) {
    if (!c->unexpected++) c->first_unexpected = e;
}

static void *doc_churner_main(void *p) {
    doc_churner *c = p;
    JET_SESID live[32];
    int n = 0;
    while (!c->stop) {
        for (int k = 0; k < 32 && n < 32 && !c->stop; k++) {
            JET_SESID x = (JET_SESID)0x5EED;
            JET_ERR e = c->use_dup ? JetDupSession(c->src, &x) : JetBeginSession(c->inst, &x, NULL, NULL);
            if (e == JET_errSuccess) {
                c->made++;
                live[n++] = x;
            } else if (x != (JET_SESID)0x5EED) {
                doc_churn_bad(c, 1);
            } else if (e == JET_errTermInProgress) {
                c->make_term++;
            } else {
                doc_churn_bad(c, e);
            }
        }
        for (int k = 0; k < 64 && n > 0; k++) {
            JET_ERR e = JetEndSession(live[n - 1], 0);
            if (e == JET_errSuccess) {
                c->ended++;
                n--;
            } else if (e == JET_errTermInProgress) {
                c->end_term++;
            } else {
                doc_churn_bad(c, e); /* counted; the session is ended on a later try */
            }
        }
    }
    while (n > 0) {
        JET_ERR e = JET_errSuccess;
        for (int tries = 0; tries < 1000; tries++)
            if ((e = JetEndSession(live[n - 1], 0)) == JET_errSuccess) break;
        n--;
        if (e == JET_errSuccess) c->ended++;
        else doc_churn_bad(c, e);
    }
    return NULL;
}

/* JetTerm runs over and over (and fails with -1059: `holder` has an open transaction) while a
 * thread makes and ends sessions; stops when the wanted -1000 were seen or after ~1.5 s. */
static void doc_term_race(doc_churner *c) {
    JET_INSTANCE inst = c->inst;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, doc_churner_main, c), 0);
    double t0 = fixture_now();
    long terms = 0, wrong = 0;
    while (fixture_now() - t0 < 1.5) {
        if (JetTerm(inst) != JET_errTooManyActiveUsers) wrong++;
        terms++;
        usleep(200);
        if (terms > 50 && c->made > 0 && c->end_term > 0 && c->make_term > 0) break;
    }
    c->stop = 1;
    pthread_join(t, NULL);
    CHECK_EQ(wrong, 0);
}

static JET_INSTANCE doc_busy_instance(const char *name, JET_SESID *holder, JET_SESID *src) {
    JET_INSTANCE inst = fixture_running(name, 30000);
    *holder = fixture_session(inst);
    *src = fixture_session(inst);
    /* many live sessions make each JetTerm take a while */
    for (int i = 0; i < 20000; i++) {
        JET_SESID s = 0;
        if (JetBeginSession(inst, &s, NULL, NULL) != JET_errSuccess) {
            CHECK(0);
            break;
        }
    }
    CHECK_OK(JetBeginTransaction(*holder));
    return inst;
}

/* A thread that sets a session context, waits, then resets it. */
typedef struct {
    JET_SESID s;
    JET_API_PTR ctx;
    pthread_barrier_t b;
    JET_ERR set, reset;
} doc_ctx_thread;

static void *doc_ctx_thread_main(void *p) {
    doc_ctx_thread *c = p;
    c->set = JetSetSessionContext(c->s, c->ctx);
    pthread_barrier_wait(&c->b);
    pthread_barrier_wait(&c->b);
    c->reset = JetResetSessionContext(c->s);
    return NULL;
}

/* A thread that begins a transaction (thread model) and stays alive until released. */
typedef struct {
    JET_SESID s;
    pthread_barrier_t b;
    JET_ERR begin, commit;
} doc_trx_thread;

static void *doc_trx_thread_main(void *p) {
    doc_trx_thread *c = p;
    c->begin = JetBeginTransaction(c->s);
    pthread_barrier_wait(&c->b);
    pthread_barrier_wait(&c->b);
    c->commit = JetCommitTransaction(c->s, 0);
    return NULL;
}

/* =================================== JetEndSession ========================================= */

TEST(doc_endsession_success) {
    /* S-DOC S-SES-04: JET_errSuccess; the handle is closed and its place freed */
    JET_INSTANCE inst = fixture_running("doc_end_ok", 1);
    JET_SESID s = fixture_session(inst), x = 0;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetBeginTransaction(s));
    s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_OK(JetTerm(inst));
    /* single-instance mode */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(one));
}

TEST(doc_endsession_clientrequesttostopjetservice) {
    /* S-DOC S-INST-10 S-SES-04: never -1329: JetEndSession works after every kind of stop */
    for (int variant = 0; variant < 4; variant++) {
        JET_INSTANCE inst = 0;
        if (variant == 3) {
            CHECK_OK(JetInit(&inst)); /* single-instance mode: JetStopService() */
        } else {
            inst = fixture_running("doc_end_stop", -1);
        }
        JET_SESID s[5];
        for (int i = 0; i < 5; i++) s[i] = fixture_session(inst);
        CHECK_OK(JetBeginTransaction(s[1]));
        CHECK_OK(JetBeginTransaction(s[1]));
        CHECK_OK(JetBeginTransaction2(s[2], JET_bitTransactionReadOnly));
        CHECK_OK(JetSetSessionContext(s[3], 0x33));
        CHECK_OK(JetBeginTransaction(s[3]));
        CHECK_OK(JetResetSessionContext(s[3]));
        switch (variant) {
        case 0: CHECK_OK(JetStopServiceInstance(inst)); break;
        case 1: CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceAll)); break;
        case 2: CHECK_OK(JetStopServiceInstance2(inst, 0x8 /* StopAndEmitLog */)); break;
        case 3: CHECK_OK(JetStopService()); break;
        }
        if (variant != 2) {
            /* the stop is in force ... */
            JET_SESID d = 0;
            CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s[0], &d));
        }
        /* ... and JetEndSession does not care */
        CHECK_OK(JetEndSession(s[0], 0));
        CHECK_OK(JetEndSession(s[1], 0));
        CHECK_OK(JetEndSession(s[2], JET_bitForceSessionClosed));
        CHECK_OK(JetEndSession(s[3], 0));
        CHECK_OK(JetEndSession(s[4], 0xFFFFFFFFu));
        CHECK_OK(JetTerm(inst));
    }
}

TEST(doc_endsession_invalidparameter) {
    /* S-DOC S-SES-04: never -1003: the grbit is ignored, whatever its bits and the session state */
    JET_INSTANCE inst = fixture_running("doc_end_param", 100);
    JET_GRBIT grbits[36];
    for (int b = 0; b < 32; b++) grbits[b] = (JET_GRBIT)1u << b;
    grbits[32] = 0xFFFFFFFFu;
    grbits[33] = JET_bitForceSessionClosed;
    grbits[34] = 0x7FFFFFFEu;
    grbits[35] = 0;
    for (int i = 0; i < 36; i++) {
        for (int state = 0; state < 3; state++) {
            JET_SESID s = fixture_session(inst);
            if (state == 1) {
                for (int k = 0; k < 7; k++) CHECK_OK(JetBeginTransaction(s));
            } else if (state == 2) {
                CHECK_OK(JetSetSessionContext(s, 99));
                CHECK_OK(JetResetSessionContext(s));
            }
            JET_ERR e = JetEndSession(s, grbits[i]);
            if (e != JET_errSuccess) printf("    grbit 0x%x state %d\n", grbits[i], state);
            CHECK(e != JET_errInvalidParameter);
            CHECK_OK(e);
            CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, grbits[i]));
        }
    }
    CHECK_OK(JetStopServiceInstance(inst));
    JET_SESID s = 0;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_invalidsesid) {
    /* S-DOC S-HDL-02 S-HDL-03: -1104 for zero, nil, forged, ended and termed-instance sesids */
    JET_INSTANCE inst = fixture_running("doc_end_sesid", -1);
    JET_SESID live = fixture_session(inst), ended = fixture_session(inst);
    CHECK_OK(JetEndSession(ended, 0));
    JET_SESID bad[] = {0, JET_sesidNil, (JET_SESID)0x1234, ~(JET_SESID)0x1234, (JET_SESID)inst, ended,
                       live ^ ((JET_SESID)1 << 45), (JET_SESID)(uintptr_t)&live};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int g = 0; g < 3; g++) {
            JET_ERR e = JetEndSession(bad[i], g == 0 ? 0 : g == 1 ? JET_bitForceSessionClosed : 0xFFFFFFFFu);
            if (e != JET_errInvalidSesid) printf("    bad sesid #%zu\n", i);
            CHECK_EQ(e, JET_errInvalidSesid);
        }
    }
    CHECK_EQ(fixture_level(live), 0);
    JET_INSTANCE other = fixture_running("doc_end_sesid2", -1);
    JET_SESID gone = fixture_session(other);
    CHECK_OK(JetTerm(other));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(gone, 0));
    CHECK_OK(JetEndSession(live, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_notinitialized) {
    /* S-DOC S-HDL-02: never -1029: a session cannot outlive its instance's init. Sessions of a
     * termed instance give -1104: with another instance alive, with no instance left (mode none),
     * in single-instance mode, and when a new, not yet initialized instance took the slot */
    JET_INSTANCE keep = fixture_running("doc_end_ni_keep", -1);
    JET_INSTANCE a = fixture_running("doc_end_ni_a", -1);
    JET_SESID sa = fixture_session(a);
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sa, 0));
    CHECK_OK(JetTerm(keep));
    /* mode none now */
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sa, 0));
    /* a created, not initialized instance (likely in the same slot) */
    JET_INSTANCE b = fixture_running("doc_end_ni_b", -1);
    JET_SESID sb = fixture_session(b);
    CHECK_OK(JetTerm(b));
    JET_INSTANCE c = 0;
    CHECK_OK(JetCreateInstance(&c, "doc_end_ni_c"));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sb, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sa, 0));
    CHECK_OK(JetTerm(c));
    /* single-instance mode */
    JET_INSTANCE one = 0;
    JET_SESID so = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetBeginSession(0, &so, NULL, NULL));
    CHECK_OK(JetTerm(one));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(so, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(so, JET_bitForceSessionClosed));
}

TEST(doc_endsession_outofmemory) {
    /* S-DOC S-SES-04: never -1011: ending allocates nothing, even when every allocation fails */
    JET_INSTANCE inst = fixture_running("doc_end_oom", 300);
    doc_tally t;
    memset(&t, 0, sizeof t);
    /* many sessions (several blocks of places), then the lifecycle */
    JET_SESID v[250];
    for (int i = 0; i < 250; i++) v[i] = fixture_session(inst);
    for (int i = 0; i < 250; i += 3) CHECK_OK(JetBeginTransaction(v[i]));
    for (int i = 0; i < 250; i++) doc_end(&t, JET_errOutOfMemory, v[i], 0);
    doc_lifecycle(inst, &t, JET_errOutOfMemory, 20);
    doc_expect_clean(&t);
    if (check_has_hooks()) {
        /* with the allocator failing, ending still succeeds */
        JET_SESID w[10];
        for (int i = 0; i < 10; i++) w[i] = fixture_session(inst);
        CHECK_OK(JetBeginTransaction(w[3]));
        CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 1000));
        for (int i = 0; i < 10; i++) CHECK_OK(JetEndSession(w[i], 0));
        CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 0));
    }
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_sessioninuse) {
    /* S-DOC S-SES-05: -1914 while a session context is set, by the caller or by another thread;
     * the session stays alive and usable */
    JET_INSTANCE inst = fixture_running("doc_end_inuse", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 0xC0FFEE));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));

    /* set by another thread */
    s = fixture_session(inst);
    doc_ctx_thread c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.ctx = 0xF00D;
    pthread_barrier_init(&c.b, NULL, 2);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, doc_ctx_thread_main, &c), 0);
    pthread_barrier_wait(&c.b); /* the thread has set the context */
    CHECK_OK(c.set);
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0xFFFFFFFFu));
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    /* usable meanwhile */
    JET_SESID d = 0;
    CHECK_OK(JetDupSession(s, &d));
    CHECK_OK(JetEndSession(d, 0));
    CHECK_EQ(fixture_level(s), 0);
    pthread_barrier_wait(&c.b); /* let it reset */
    pthread_join(t, NULL);
    pthread_barrier_destroy(&c.b);
    CHECK_OK(c.reset);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_sessionsharingviolation) {
    /* S-DOC S-TRX-04 S-SES-07: -1910 when the open transaction belongs to another thread (the
     * session stays), and when another thread is inside a call on the session (no effect) */
    JET_INSTANCE inst = fixture_running("doc_end_share", 300);
    JET_SESID s = fixture_session(inst);
    doc_trx_thread c;
    memset(&c, 0, sizeof c);
    c.s = s;
    pthread_barrier_init(&c.b, NULL, 2);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, doc_trx_thread_main, &c), 0);
    pthread_barrier_wait(&c.b);
    CHECK_OK(c.begin);
    CHECK_ERR(JET_errSessionSharingViolation, JetEndSession(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_EQ(fixture_level(s), 1);
    pthread_barrier_wait(&c.b);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&c.b);
    CHECK_OK(c.commit);
    CHECK_OK(JetEndSession(s, 0));

    /* concurrent use: a reader hammers the session while this thread ends it */
    long busy = 0, rounds = 0, bad = 0;
    double t0 = fixture_now();
    while (rounds < 200 && (busy == 0 || rounds < 20) && fixture_now() - t0 < 1.5) {
        rounds++;
        doc_reader r;
        memset(&r, 0, sizeof r);
        r.s = fixture_session(inst);
        pthread_t rt;
        CHECK_EQ(pthread_create(&rt, NULL, doc_reader_main, &r), 0);
        r.go = 1;
        while (!r.started) sched_yield();
        long tries = 0;
        for (;;) {
            JET_ERR e = JetEndSession(r.s, 0);
            tries++;
            if (e == JET_errSuccess) break;
            if (e == JET_errSessionSharingViolation) {
                busy++;
                sched_yield();
                continue;
            }
            bad++;
            break;
        }
        r.stop = 1;
        pthread_join(rt, NULL);
        if (r.unexpected) {
            printf("    reader saw %d\n", (int)r.first_unexpected);
            bad++;
        }
        /* ended exactly once: stale now */
        if (JetEndSession(r.s, 0) != JET_errInvalidSesid) bad++;
    }
    CHECK_EQ(bad, 0);
    if (check_threads_run_in_parallel()) CHECK(busy > 0);
    /* no place leaked by the failed attempts */
    JET_SESID v[299];
    int got = 0;
    for (int i = 0; i < 299; i++)
        if (JetBeginSession(inst, &v[i], NULL, NULL) == JET_errSuccess) got++;
    CHECK_EQ(got, 299);
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_instanceunavailable) {
    /* S-DOC S-INST-13: once the instance is unavailable JetEndSession → -1090; JetTerm still works
     * (without rollback) and the sessions become stale */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("doc_end_unavail", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(t));
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    uint32_t v = 0;
    CHECK_ERR(JET_errInstanceUnavailable, JetGetVersion(s, &v));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(t, 0));
    /* after a stop too: EndSession ignores the stop, not the unavailability */
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(t, 0));
}

TEST(doc_endsession_outofbuffers) {
    /* S-DOC: never -1014 (rollback touches no pages): a realistic lifecycle with open transactions */
    JET_INSTANCE inst = fixture_running("doc_end_buffers", -1);
    doc_tally t;
    memset(&t, 0, sizeof t);
    doc_lifecycle(inst, &t, JET_errOutOfBuffers, 60);
    doc_expect_clean(&t);
    CHECK_OK(JetTerm(inst));
}

TEST(doc_endsession_restoreinprogress) {
    /* S-DOC: never -506 (there is no restore): the lifecycle in multi- and single-instance mode */
    doc_tally t;
    memset(&t, 0, sizeof t);
    JET_INSTANCE inst = fixture_running("doc_end_restore", -1);
    doc_lifecycle(inst, &t, JET_errRestoreInProgress, 30);
    CHECK_OK(JetTerm(inst));
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    doc_lifecycle(one, &t, JET_errRestoreInProgress, 30);
    CHECK_OK(JetTerm(one));
    doc_expect_clean(&t);
}

TEST(doc_endsession_terminprogress) {
    /* S-DOC S-INST-07 S-INST-05: while JetTerm runs JetEndSession returns -1000 (and has no
     * effect); when JetTerm fails the sessions are usable again */
    JET_SESID holder, src;
    JET_INSTANCE inst = doc_busy_instance("doc_end_term", &holder, &src);
    doc_churner c;
    memset(&c, 0, sizeof c);
    c.inst = inst;
    c.src = src;
    c.use_dup = 0;
    doc_term_race(&c);
    if (c.unexpected) printf("    first unexpected %d\n", (int)c.first_unexpected);
    CHECK_EQ(c.unexpected, 0);
    CHECK(c.made > 0);
    CHECK_EQ(c.made, c.ended);
    if (check_threads_run_in_parallel()) CHECK(c.end_term > 0);
    CHECK_EQ(fixture_level(holder), 1);
    CHECK_OK(JetEndSession(src, 0));
    CHECK_OK(JetEndSession(holder, 0));
    CHECK_OK(JetTerm(inst));
}

/* =================================== JetDupSession ========================================= */

TEST(doc_dupsession_success) {
    /* S-DOC S-SES-03: a new session on the same instance; works on a busy source too */
    JET_INSTANCE inst = fixture_running("doc_dup_ok", 4);
    JET_SESID s = fixture_session(inst), d = 0, dd = 0, dc = 0;
    CHECK_OK(JetDupSession(s, &d));
    CHECK(d != 0 && d != JET_sesidNil && d != s);
    CHECK_OK(JetDupSession(d, &dd));
    CHECK(dd != d && dd != s);
    /* a source with an open transaction and a session context still duplicates */
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetEndSession(dd, 0));
    CHECK_OK(JetSetSessionContext(s, 5));
    CHECK_OK(JetDupSession(s, &dc));
    CHECK_EQ(fixture_level(dc), 0);
    CHECK_OK(JetEndSession(dc, 0));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    /* the duplicate counts against the instance's limit: 2 live, 2 more places */
    JET_SESID a = 0, b = 0, x = 0;
    CHECK_OK(JetDupSession(d, &a));
    CHECK_OK(JetDupSession(s, &b));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(a, 0));
    /* single-instance mode */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    CHECK_OK(JetDupSession(s, &d));
    CHECK(d != s);
    CHECK_OK(JetEndSession(d, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(one));
}

TEST(doc_dupsession_clientrequesttostopjetservice) {
    /* S-DOC S-INST-10 S-INST-09: -1329 after a full stop (nothing written, no place taken); a
     * pause of background work or a stop of another instance does not block it */
    JET_INSTANCE inst = fixture_running("doc_dup_stop", -1), other = fixture_running("doc_dup_stop2", -1);
    JET_SESID s = fixture_session(inst), o = fixture_session(other), d = 0;
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceBackgroundUserTasks));
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceQuiesceCaches));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_OK(JetEndSession(d, 0));
    CHECK_OK(JetStopServiceInstance(other));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_OK(JetEndSession(d, 0));
    d = (JET_SESID)0xD00D;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(o, &d));
    CHECK_EQ(d, (JET_SESID)0xD00D);
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceAll));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, &d));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, NULL));
    CHECK_EQ(d, (JET_SESID)0xD00D);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetEndSession(o, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_OK(JetTerm(other));
    /* single-instance mode: JetStopService() */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    CHECK_OK(JetStopService());
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, &d));
    CHECK_EQ(d, (JET_SESID)0xD00D);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(one));
}

TEST(doc_dupsession_invalidparameter) {
    /* S-DOC S-SES-03: NULL psesid → -1003, nothing consumed */
    JET_INSTANCE inst = fixture_running("doc_dup_param", 2);
    JET_SESID s = fixture_session(inst), d = 0, x = 0;
    for (int i = 0; i < 5; i++) CHECK_ERR(JET_errInvalidParameter, JetDupSession(s, NULL));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s, &x));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_dupsession_invalidsesid) {
    /* S-DOC S-HDL-02 S-HDL-03: -1104 for zero, nil, forged, ended and termed-instance sesids, before
     * the NULL psesid check; nothing written */
    JET_INSTANCE inst = fixture_running("doc_dup_sesid", -1);
    JET_SESID live = fixture_session(inst), ended = fixture_session(inst);
    CHECK_OK(JetEndSession(ended, 0));
    JET_INSTANCE other = fixture_running("doc_dup_sesid2", -1);
    JET_SESID gone = fixture_session(other);
    CHECK_OK(JetTerm(other));
    JET_SESID bad[] = {0, JET_sesidNil, (JET_SESID)0x1234, ~(JET_SESID)0x1234, (JET_SESID)inst, ended, gone,
                       live ^ ((JET_SESID)1 << 45), (JET_SESID)(uintptr_t)&live};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_SESID d = (JET_SESID)0xD00D;
        JET_ERR e = JetDupSession(bad[i], &d);
        JET_ERR f = JetDupSession(bad[i], NULL);
        if (e != JET_errInvalidSesid || f != JET_errInvalidSesid) printf("    bad sesid #%zu\n", i);
        CHECK_EQ(e, JET_errInvalidSesid);
        CHECK_EQ(f, JET_errInvalidSesid);
        CHECK_EQ(d, (JET_SESID)0xD00D);
    }
    CHECK_OK(JetEndSession(live, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_dupsession_notinitialized) {
    /* S-DOC S-HDL-02: never -1029: a session of a termed instance gives -1104, also when no
     * instance is left or a new, uninitialized instance took the slot */
    JET_INSTANCE a = fixture_running("doc_dup_ni_a", -1);
    JET_SESID sa = fixture_session(a), d = (JET_SESID)0xD00D;
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(sa, &d));
    JET_INSTANCE c = 0;
    CHECK_OK(JetCreateInstance(&c, "doc_dup_ni_c"));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(sa, &d));
    CHECK_OK(JetTerm(c));
    JET_INSTANCE one = 0;
    JET_SESID so = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetBeginSession(0, &so, NULL, NULL));
    CHECK_OK(JetTerm(one));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(so, &d));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(so, NULL));
    CHECK_EQ(d, (JET_SESID)0xD00D);
}

TEST(doc_dupsession_outofmemory) {
    /* S-DOC S-SES-01 S-SES-02 S-SES-03: the 65th place needs a new block; its allocation fails →
     * -1011, nothing leaked: exactly MaxSessions sessions can still be begun */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("doc_dup_oom", 100);
    JET_SESID v[100], x = (JET_SESID)0xD00D;
    for (int i = 0; i < 64; i++) v[i] = fixture_session(inst);
    CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfMemory, JetDupSession(v[10], &x));
    CHECK_EQ(x, (JET_SESID)0xD00D);
    /* the source is unharmed */
    CHECK_EQ(fixture_level(v[10]), 0);
    int got = 64;
    for (int i = 64; i < 100; i++) {
        v[i] = 0;
        if (JetDupSession(v[i % 64], &v[i]) == JET_errSuccess) got++;
    }
    CHECK_EQ(got, 100);
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[0], &x));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    for (int i = 0; i < 100; i++) CHECK_OK(JetEndSession(v[i], 0));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_dupsession_outofsessions) {
    /* S-DOC S-SES-02: -1101 at JET_paramMaxSessions (default 16, and a set value); nothing written */
    JET_INSTANCE inst = fixture_running("doc_dup_oos", -1);
    JET_SESID v[16], x = (JET_SESID)0xD00D;
    v[0] = fixture_session(inst);
    for (int i = 1; i < 16; i++) CHECK_OK(JetDupSession(v[i - 1], &v[i]));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[15], &x));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[0], &x));
    CHECK_EQ(x, (JET_SESID)0xD00D);
    CHECK_OK(JetEndSession(v[7], 0));
    CHECK_OK(JetDupSession(v[0], &v[7]));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[7], &x));
    CHECK_OK(JetTerm(inst));
    inst = fixture_running("doc_dup_oos2", 3);
    JET_SESID s = fixture_session(inst), a = 0, b = 0;
    CHECK_OK(JetDupSession(s, &a));
    CHECK_OK(JetDupSession(s, &b));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s, &x));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(a, &x));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_dupsession_sessionsharingviolation) {
    /* S-DOC S-SES-07: -1910 while another thread is inside a call on the source (no effect); the
     * transaction binding of the source does not apply to JetDupSession */
    JET_INSTANCE inst = fixture_running("doc_dup_share", 3);
    JET_SESID s = fixture_session(inst);
    doc_trx_thread c;
    memset(&c, 0, sizeof c);
    c.s = s;
    pthread_barrier_init(&c.b, NULL, 2);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, doc_trx_thread_main, &c), 0);
    pthread_barrier_wait(&c.b);
    CHECK_OK(c.begin);
    JET_SESID d = 0;
    CHECK_OK(JetDupSession(s, &d));
    CHECK_OK(JetEndSession(d, 0));
    pthread_barrier_wait(&c.b);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&c.b);
    CHECK_OK(c.commit);

    doc_reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    pthread_t rt;
    CHECK_EQ(pthread_create(&rt, NULL, doc_reader_main, &r), 0);
    r.go = 1;
    long ok = 0, busy = 0, bad = 0, written = 0;
    double t0 = fixture_now();
    while (fixture_now() - t0 < 1.5 && (busy == 0 || ok < 100)) {
        JET_SESID n = (JET_SESID)0xD00D;
        JET_ERR e = JetDupSession(s, &n);
        if (e == JET_errSuccess) {
            ok++;
            if (JetEndSession(n, 0) != JET_errSuccess) bad++;
        } else if (e == JET_errSessionSharingViolation) {
            busy++;
            if (n != (JET_SESID)0xD00D) written++;
        } else {
            bad++;
        }
    }
    r.stop = 1;
    pthread_join(rt, NULL);
    CHECK_EQ(bad, 0);
    CHECK_EQ(written, 0);
    CHECK_EQ(r.unexpected, 0);
    CHECK_EQ(r.gone, 0);
    CHECK(ok > 0);
    if (check_threads_run_in_parallel()) CHECK(busy > 0);
    /* the failed dups took no place: exactly two more */
    JET_SESID a = 0, b = 0, x = 0;
    CHECK_OK(JetDupSession(s, &a));
    CHECK_OK(JetDupSession(s, &b));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s, &x));
    CHECK_OK(JetTerm(inst));
}

TEST(doc_dupsession_instanceunavailable) {
    /* S-DOC S-INST-13 S-SES-06: -1090 once the instance is unavailable (the stop flag is checked
     * first); JetTerm still works and the sessions become stale */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("doc_dup_unavail", -1);
    JET_SESID s = fixture_session(inst), d = (JET_SESID)0xD00D;
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction(s));
    CHECK_ERR(JET_errInstanceUnavailable, JetDupSession(s, &d));
    CHECK_ERR(JET_errInstanceUnavailable, JetDupSession(s, NULL));
    CHECK_EQ(d, (JET_SESID)0xD00D);
    JET_SESID x = 0;
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, &d));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(s, &d));
    CHECK_EQ(d, (JET_SESID)0xD00D);
}

TEST(doc_dupsession_restoreinprogress) {
    /* S-DOC: never -506 (there is no restore): dups across the lifecycle, both process modes */
    doc_tally t;
    memset(&t, 0, sizeof t);
    JET_INSTANCE inst = fixture_running("doc_dup_restore", -1);
    doc_lifecycle(inst, &t, JET_errRestoreInProgress, 30);
    CHECK_OK(JetTerm(inst));
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    doc_lifecycle(one, &t, JET_errRestoreInProgress, 30);
    CHECK_OK(JetTerm(one));
    doc_expect_clean(&t);
    CHECK(t.dup_calls > 0);
}

TEST(doc_dupsession_terminprogress) {
    /* S-DOC S-INST-07 S-SES-06: while JetTerm runs JetDupSession returns -1000 (nothing written,
     * no place taken); when JetTerm fails everything is usable again */
    JET_SESID holder, src;
    JET_INSTANCE inst = doc_busy_instance("doc_dup_term", &holder, &src);
    doc_churner c;
    memset(&c, 0, sizeof c);
    c.inst = inst;
    c.src = src;
    c.use_dup = 1;
    doc_term_race(&c);
    if (c.unexpected) printf("    first unexpected %d\n", (int)c.first_unexpected);
    CHECK_EQ(c.unexpected, 0);
    CHECK(c.made > 0);
    CHECK_EQ(c.made, c.ended);
    if (check_threads_run_in_parallel()) CHECK(c.make_term > 0);
    /* exactly the places that were free before are free now */
    int got = 0;
    JET_SESID x = 0;
    while (JetDupSession(src, &x) == JET_errSuccess) got++;
    CHECK_EQ(got, 30000 - 20002);
    CHECK_OK(JetRollback(holder, 0));
    CHECK_OK(JetTerm(inst));
}

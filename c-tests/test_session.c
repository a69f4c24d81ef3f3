/* Sessions (contract §5): begin/dup/end, limits, contexts, session parameters, version. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------------------------ */

static uint32_t ses_u32param(JET_SESID s, uint32_t id) {
    uint32_t v = 0xA5A5A5A5u, cb = 0;
    CHECK_OK(JetGetSessionParameter(s, id, &v, sizeof v, &cb));
    CHECK_EQ(cb, 4);
    return v;
}

/* CHECK_ERR with a label, for checks run in loops over many handles. */
#define CHECK_ERR_AT(label, expected, expr)                                            \
    do {                                                                               \
        JET_ERR at_err_ = (expr);                                                      \
        if (at_err_ != (JET_ERR)(expected)) {                                          \
            printf("    [%s] %s\n", (label), #expr);                                   \
            CHECK_EQ(at_err_, (expected));                                             \
        }                                                                              \
    } while (0)

/* Every session API given `s` must say JET_errInvalidSesid, before looking at any other argument,
 * and must not write its out-parameters. */
static void ses_expect_invalid_everywhere(JET_SESID s, const char *label) {
    JET_SESID out = (JET_SESID)0xABCDEF;
    uint32_t u = 0x5A5A5A5Au, cb = 0x77777777u;
    JET_COMMIT_ID cid;
    memset(&cid, 0x3C, sizeof cid);
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetDupSession(s, &out));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetDupSession(s, NULL));
    CHECK_EQ(out, (JET_SESID)0xABCDEF);
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetBeginTransaction(s));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetBeginTransaction3(s, 42, 0));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetCommitTransaction(s, 0));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetCommitTransaction(s, 0xFFFFFFFFu));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetCommitTransaction2(s, 0, 100, &cid));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetRollback(s, 0));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetRollback(s, 0xFFFFFFFFu));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetSetSessionContext(s, 0x55));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetSetSessionContext(s, 0));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetResetSessionContext(s));
    CHECK_ERR_AT(label, JET_errInvalidSesid,
                 JetGetSessionParameter(s, JET_sesparamTransactionLevel, &u, sizeof u, &cb));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetGetSessionParameter(s, 9999, NULL, 0, NULL));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetSetSessionParameter(s, JET_sesparamCorrelationID, &u, 4));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetSetSessionParameter(s, 9999, NULL, 7));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetGetVersion(s, &u));
    CHECK_ERR_AT(label, JET_errInvalidSesid, JetGetVersion(s, NULL));
    CHECK_EQ(u, 0x5A5A5A5Au);
    CHECK_EQ(cb, 0x77777777u);
}

static int ses_cmp(const void *a, const void *b) {
    JET_SESID x = *(const JET_SESID *)a, y = *(const JET_SESID *)b;
    return x < y ? -1 : x > y;
}

/* All n handles distinct, none 0 or nil. */
static int ses_all_distinct(const JET_SESID *v, size_t n) {
    JET_SESID *c = malloc(n * sizeof *c);
    memcpy(c, v, n * sizeof *c);
    qsort(c, n, sizeof *c, ses_cmp);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (c[i] == 0 || c[i] == JET_sesidNil) ok = 0;
        if (i && c[i] == c[i - 1]) ok = 0;
    }
    free(c);
    return ok;
}

/* ---- JetBeginSession ---------------------------------------------------------------------- */

TEST(ses_begin_returns_distinct_usable_handles) {
    /* S-SES-01 S-HDL-01 S-SES-04 */
    JET_INSTANCE inst = fixture_running("ses1", -1);
    JET_SESID s[4] = {0};
    CHECK_OK(JetBeginSessionA(inst, &s[0], NULL, NULL));
    CHECK_OK(JetBeginSessionW(inst, &s[1], NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &s[2], "user", "password"));
    CHECK_OK(JetBeginSessionW(inst, &s[3], u"user", u"password"));
    CHECK(ses_all_distinct(s, 4));
    for (int i = 0; i < 4; i++) {
        CHECK(s[i] != inst);
        CHECK_EQ(fixture_level(s[i]), 0);
    }
    for (int i = 0; i < 4; i++) CHECK_OK(JetEndSession(s[i], 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_ignores_user_and_password) {
    /* S-SES-01: any value, NULL included, even strings that are not valid UTF-8 / UTF-16 */
    JET_INSTANCE inst = fixture_running("ses_cred", -1);
    JET_SESID s = 0;
    static const char bad8[] = {(char)0xFF, (char)0xFE, (char)0xC0, 0};
    static const WCHAR bad16[] = {0xD800, 0x0041, 0xDC00, 0xDC00, 0};
    const char *users[] = {NULL, "", "administrator", bad8};
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            s = 0;
            CHECK_OK(JetBeginSessionA(inst, &s, users[i], users[j]));
            CHECK(s != 0);
            CHECK_OK(JetEndSession(s, 0));
        }
    }
    s = 0;
    CHECK_OK(JetBeginSessionW(inst, &s, bad16, bad16));
    CHECK_OK(JetEndSession(s, 0));
    s = 0;
    CHECK_OK(JetBeginSessionW(inst, &s, NULL, u""));
    CHECK_OK(JetEndSession(s, 0));
    s = 0;
    CHECK_OK(JetBeginSession(inst, &s, bad8, NULL));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_without_any_instance) {
    /* S-SES-01 S-HDL-04: no instance at all → -1003 for 0 and nil; a forged handle → -1115 */
    JET_SESID s = (JET_SESID)0x1111;
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSessionW(0, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, NULL, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)0x1234, &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x1111);
    /* still mode none: single-instance mode can be entered */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_multi_instance_zero_and_nil) {
    /* S-SES-01 S-HDL-04: multi-instance mode, instance 0 or nil → -1003 */
    JET_INSTANCE inst = fixture_running("ses_multi", -1);
    JET_SESID s = (JET_SESID)0x2222;
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)0x1234, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(inst + 1, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(inst ^ ((JET_INSTANCE)1 << 40), &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x2222);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_single_instance_mode_ignores_zero_and_nil) {
    /* S-SES-01 S-INST-01: in single-instance mode 0, nil and the handle all name the instance */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK(inst != 0 && inst != JET_instanceNil);
    JET_SESID a = 0, b = 0, c = 0;
    CHECK_OK(JetBeginSession(0, &a, NULL, NULL));
    CHECK_OK(JetBeginSession(JET_instanceNil, &b, NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &c, NULL, NULL));
    JET_SESID all[3] = {a, b, c};
    CHECK(ses_all_distinct(all, 3));
    /* a forged handle is still not a live instance (S-HDL-04) */
    JET_SESID d = (JET_SESID)0x3333;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)0x1234, &d, NULL, NULL));
    CHECK_EQ(d, (JET_SESID)0x3333);
    CHECK_OK(JetEndSession(a, 0));
    CHECK_OK(JetEndSession(b, 0));
    CHECK_OK(JetEndSession(c, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_on_stale_instance) {
    /* S-SES-01 S-HDL-02 S-HDL-04 */
    JET_INSTANCE old = fixture_running("ses_stale", -1);
    CHECK_OK(JetTerm(old));
    JET_SESID s = (JET_SESID)0x4444;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(old, &s, NULL, NULL));
    /* a new instance (likely in the same slot) does not make the old handle live again */
    JET_INSTANCE neu = fixture_running("ses_stale", -1);
    CHECK(neu != old);
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(old, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(old, NULL, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x4444);
    JET_SESID t = fixture_session(neu);
    CHECK_OK(JetEndSession(t, 0));
    CHECK_OK(JetTerm(neu));
}

TEST(ses_begin_on_created_instance_not_initialized) {
    /* S-SES-01: not initialized → -1029, checked before the NULL psesid */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "ses_created"));
    JET_SESID s = (JET_SESID)0x5555;
    CHECK_ERR(JET_errNotInitialized, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errNotInitialized, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_ERR(JET_errNotInitialized, JetBeginSessionW(inst, &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x5555);
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK(s != (JET_SESID)0x5555);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_null_psesid) {
    /* S-SES-01: NULL psesid → -1003 once the instance checks pass; nothing is consumed */
    JET_INSTANCE inst = fixture_running("ses_null", 2);
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSessionA(inst, NULL, "u", "p"));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSessionW(inst, NULL, u"u", u"p"));
    JET_SESID a = fixture_session(inst), b = fixture_session(inst), c = (JET_SESID)0x6666;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &c, NULL, NULL));
    /* NULL psesid is checked before the session limit */
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_EQ(c, (JET_SESID)0x6666);
    CHECK_OK(JetEndSession(a, 0));
    CHECK_OK(JetEndSession(b, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_order_stop_before_not_initialized) {
    /* S-SES-01 S-INST-08: stop flag (-1329) outranks not initialized (-1029) and NULL psesid */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "ses_order1"));
    CHECK_OK(JetStopServiceInstance(inst));
    JET_SESID s = (JET_SESID)0x7777;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, NULL, NULL, NULL));
    /* the instance handle is checked before the stop flag */
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(inst + 1, &s, NULL, NULL));
    CHECK_OK(JetInit(&inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x7777);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_order_stop_before_limit) {
    /* S-SES-01 S-SES-02 S-INST-10: at the limit and stopped → -1329, not -1101 */
    JET_INSTANCE inst = fixture_running("ses_order2", 1);
    JET_SESID a = fixture_session(inst), s = (JET_SESID)0x8888;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetEndSession(a, 0));
    /* a free place changes nothing: still stopped */
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x8888);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_order_unavailable) {
    /* S-SES-01 S-INST-13: stop > unavailable > NULL psesid > limit */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("ses_order3", 1);
    JET_SESID a = fixture_session(inst), s = (JET_SESID)0x9999;
    CHECK_OK(hook_failpoint("instance.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(inst, &s, NULL, NULL));
    /* sticky: at the limit → -1090 (not -1101); NULL psesid → -1090 (not -1003) */
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(a, 0));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, NULL, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0x9999);
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(a, 0));
}

TEST(ses_begin_order_limit_before_allocation) {
    /* S-SES-01: the limit (-1101) is checked before allocating (-1011) */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("ses_order4", 0);
    JET_SESID s = (JET_SESID)0xAAAA;
    CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 0));
    CHECK_EQ(s, (JET_SESID)0xAAAA);
    CHECK_OK(JetTerm(inst));
}

/* Fresh: the first session block of an instance slot is allocated once per process. */
TEST_FRESH(ses_begin_allocation_failure) {
    /* S-SES-01 S-SES-02: allocation failure → -1011, nothing leaked, the limit count intact */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("ses_oom", 5);
    JET_SESID s = (JET_SESID)0xBBBB, v[5];
    CHECK_OK(hook_failpoint("session.alloc", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfMemory, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0xBBBB);
    for (int i = 0; i < 5; i++) {
        v[i] = 0;
        CHECK_OK(JetBeginSession(inst, &v[i], NULL, NULL));
    }
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s, NULL, NULL));
    CHECK(ses_all_distinct(v, 5));
    for (int i = 0; i < 5; i++) CHECK_OK(JetEndSession(v[i], 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_begin_instance_enter_failpoint) {
    /* S-SES-01: an error raised inside JetBeginSession is returned, *psesid untouched, no place used */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("ses_ienter", 2);
    JET_SESID s = (JET_SESID)0xCCCC;
    CHECK_OK(hook_failpoint("instance.enter", "error:-1011", 2));
    CHECK_ERR(JET_errOutOfMemory, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_ERR(JET_errOutOfMemory, JetBeginSessionW(inst, &s, NULL, NULL));
    CHECK_EQ(s, (JET_SESID)0xCCCC);
    JET_SESID a = fixture_session(inst), b = fixture_session(inst);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetEndSession(a, 0));
    CHECK_OK(JetEndSession(b, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- the session limit -------------------------------------------------------------------- */

TEST(ses_limit_exact_five) {
    /* S-SES-02 S-SES-03 S-SES-04 */
    JET_INSTANCE inst = fixture_running("ses_lim5", 5);
    JET_SESID v[5], x = (JET_SESID)0x1357;
    for (int i = 0; i < 5; i++) v[i] = fixture_session(inst);
    CHECK(ses_all_distinct(v, 5));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSessionW(inst, &x, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[2], &x));
    CHECK_EQ(x, (JET_SESID)0x1357);
    /* ending any one frees exactly one place, at once */
    CHECK_OK(JetEndSession(v[3], 0));
    CHECK_OK(JetDupSession(v[0], &v[3]));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_OK(JetEndSession(v[0], 0));
    CHECK_OK(JetEndSession(v[1], 0));
    CHECK_OK(JetBeginSession(inst, &v[0], NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &v[1], NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK(ses_all_distinct(v, 5));
    for (int i = 0; i < 5; i++) CHECK_OK(JetEndSession(v[i], 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_limit_default_is_sixteen) {
    /* S-SES-02 S-PAR-03: default JET_paramMaxSessions 16, enforced exactly */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "ses_lim16"));
    JET_API_PTR max = 0;
    CHECK_OK(JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &max, NULL, 0));
    CHECK_EQ(max, 16);
    CHECK_OK(JetInit(&inst));
    JET_SESID v[16], x = 0;
    for (int i = 0; i < 16; i++) v[i] = fixture_session(inst);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK(ses_all_distinct(v, 16));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_limit_zero) {
    /* S-SES-02: JET_paramMaxSessions 0 allows no session */
    JET_INSTANCE inst = fixture_running("ses_lim0", 0);
    JET_SESID x = (JET_SESID)0x2468;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_EQ(x, (JET_SESID)0x2468);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_limit_is_per_instance) {
    /* S-SES-02 */
    JET_INSTANCE a = fixture_running("ses_lima", 3), b = fixture_running("ses_limb", 2);
    JET_SESID va[3], vb[2], x = 0;
    for (int i = 0; i < 3; i++) va[i] = fixture_session(a);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(a, &x, NULL, NULL));
    for (int i = 0; i < 2; i++) vb[i] = fixture_session(b);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(b, &x, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(vb[0], &x));
    /* a place freed in a does not help b */
    CHECK_OK(JetEndSession(va[0], 0));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(b, &x, NULL, NULL));
    CHECK_OK(JetDupSession(va[1], &va[0]));
    CHECK_OK(JetTerm(a));
    for (int i = 0; i < 2; i++) CHECK_EQ(fixture_level(vb[i]), 0);
    CHECK_OK(JetTerm(b));
}

TEST(ses_limit_thirty_thousand) {
    /* S-SES-02 S-SES-11: begin exactly 30000, the next → -1101, end one, begin again */
    JET_INSTANCE inst = fixture_running("ses_lim30k", 30000);
    enum { N = 30000 };
    JET_SESID *v = malloc(sizeof(JET_SESID) * (N + 1));
    int ok = 1;
    for (int i = 0; i < N && ok; i++) {
        v[i] = 0;
        JET_ERR e = JetBeginSession(inst, &v[i], NULL, NULL);
        if (e != JET_errSuccess) {
            printf("    begin #%d failed\n", i);
            CHECK_OK(e);
            ok = 0;
        }
    }
    JET_SESID x = (JET_SESID)0x1122;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(v[N - 1], &x));
    CHECK_EQ(x, (JET_SESID)0x1122);
    CHECK(ses_all_distinct(v, N));
    CHECK_OK(JetEndSession(v[12345], 0));
    CHECK_OK(JetBeginSession(inst, &v[N], NULL, NULL));
    CHECK(v[N] != v[12345]);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(v[12345], 0));
    v[12345] = v[N];
    CHECK(ses_all_distinct(v, N));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(v[0], 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(v[N - 1], 0));
    free(v);
}

/* A small open-addressing set of handles. */
#define SES_SET_SIZE (1u << 17)
static int ses_set_add(JET_SESID *set, JET_SESID h) {
    uint64_t i = ((uint64_t)h * 0x9E3779B97F4A7C15ull) >> 47;
    for (;; i = (i + 1) & (SES_SET_SIZE - 1)) {
        if (set[i] == h) return 0;
        if (set[i] == 0) {
            set[i] = h;
            return 1;
        }
    }
}

TEST(ses_churn_with_thirty_thousand_live) {
    /* S-SES-11 S-SES-02 S-HDL-02: with 30000 live sessions begin/end keep working (no timing
     * assertion) and no handle is ever issued twice */
    JET_INSTANCE inst = fixture_running("ses_churn", 30000);
    enum { N = 30000, ROUNDS = 3000 };
    JET_SESID *v = malloc(sizeof(JET_SESID) * N);
    JET_SESID *seen = calloc(SES_SET_SIZE, sizeof(JET_SESID));
    int dup_handles = 0, failed = 0;
    for (int i = 0; i < N; i++) {
        v[i] = 0;
        if (JetBeginSession(inst, &v[i], NULL, NULL) != JET_errSuccess) failed++;
        if (!ses_set_add(seen, v[i])) dup_handles++;
    }
    CHECK_EQ(failed, 0);
    uint32_t r = 12345;
    for (int k = 0; k < ROUNDS; k++) {
        r = r * 1103515245u + 12345u;
        int i = (int)((r >> 8) % N);
        JET_SESID old = v[i];
        if (JetEndSession(old, 0) != JET_errSuccess) failed++;
        if (k & 1) {
            if (JetBeginSession(inst, &v[i], NULL, NULL) != JET_errSuccess) failed++;
        } else {
            if (JetDupSession(v[(i + 1) % N], &v[i]) != JET_errSuccess) failed++;
        }
        if (!ses_set_add(seen, v[i])) dup_handles++;
        if (JetEndSession(old, 0) != JET_errInvalidSesid) failed++;
    }
    CHECK_EQ(failed, 0);
    CHECK_EQ(dup_handles, 0);
    JET_SESID x = 0;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &x, NULL, NULL));
    for (int i = 0; i < N; i += 997) CHECK_EQ(fixture_level(v[i]), 0);
    CHECK_OK(JetTerm(inst));
    free(seen);
    free(v);
}

/* ---- JetDupSession ------------------------------------------------------------------------ */

TEST(ses_dup_gives_independent_session) {
    /* S-SES-03 S-SES-04 */
    JET_INSTANCE inst = fixture_running("ses_dup", -1);
    JET_SESID s = fixture_session(inst), d = 0;
    CHECK_OK(JetDupSession(s, &d));
    CHECK(d != 0 && d != JET_sesidNil && d != s && d != inst);
    CHECK_OK(JetBeginTransaction(d));
    CHECK_EQ(fixture_level(d), 1);
    CHECK_EQ(fixture_level(s), 0);
    /* ending the source leaves the duplicate alive, and the reverse */
    CHECK_OK(JetEndSession(s, 0));
    CHECK_EQ(fixture_level(d), 1);
    JET_SESID d2 = 0;
    CHECK_OK(JetDupSession(d, &d2));
    CHECK_OK(JetCommitTransaction(d, 0));
    CHECK_OK(JetEndSession(d, 0));
    CHECK_EQ(fixture_level(d2), 0);
    CHECK_OK(JetEndSession(d2, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_dup_inherits_nothing) {
    /* S-SES-03 S-SES-09 S-SES-08: level 0, no context, the instance's commit default, default
     * operation context and correlation id */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "ses_dupinh"));
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst), d = 0;
    uint32_t cd = JET_bitWaitLastLevel0Commit | 0x20;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &cd, 4));
    JET_OPERATIONCONTEXT oc = {7, 1, 2, 3, 4};
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamOperationContext, &oc, sizeof oc));
    uint32_t corr = 0xCAFE;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCorrelationID, &corr, 4));
    CHECK_OK(JetSetSessionContext(s, 0xBEEF));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_EQ(fixture_level(s), 3);
    CHECK_EQ(fixture_level(d), 0);
    CHECK_EQ(ses_u32param(d, JET_sesparamCommitDefault), JET_bitCommitLazyFlush);
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), cd);
    CHECK_EQ(ses_u32param(d, JET_sesparamCorrelationID), 0);
    JET_OPERATIONCONTEXT got;
    memset(&got, 0xEE, sizeof got);
    uint32_t cb = 0;
    CHECK_OK(JetGetSessionParameter(d, JET_sesparamOperationContext, &got, sizeof got, &cb));
    CHECK_EQ(cb, 8);
    CHECK_EQ(got.ulUserID, 0x80000000u);
    CHECK_EQ(got.nOperationID, 0);
    CHECK_EQ(got.nOperationType, 0);
    CHECK_EQ(got.nClientType, 0);
    CHECK_EQ(got.fFlags, 0);
    /* no context on the duplicate: reset says so, set works, end works */
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(d));
    CHECK_OK(JetEndSession(d, 0));
    /* the source keeps its own state */
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_EQ(fixture_level(s), 3);
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_dup_null_psesid) {
    /* S-SES-03 S-SES-06: NULL psesid → -1003 after the source checks; nothing consumed */
    JET_INSTANCE inst = fixture_running("ses_dupnull", 2);
    JET_SESID s = fixture_session(inst), d = 0, e = 0;
    CHECK_ERR(JET_errInvalidParameter, JetDupSession(s, NULL));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(0, NULL));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(JET_sesidNil, NULL));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s, &e));
    /* at the limit, NULL psesid still says -1003 (as JetBeginSession) */
    CHECK_ERR(JET_errInvalidParameter, JetDupSession(s, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_dup_source_checks_first) {
    /* S-SES-03 S-SES-06 S-INST-10: stop beats NULL psesid and the limit */
    JET_INSTANCE inst = fixture_running("ses_dupchk", 1);
    JET_SESID s = fixture_session(inst), d = (JET_SESID)0x4321;
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s, &d));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, &d));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(s, NULL));
    CHECK_EQ(d, (JET_SESID)0x4321);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(s, &d));
    CHECK_OK(JetTerm(inst));
}

/* ---- JetEndSession ------------------------------------------------------------------------ */

TEST(ses_end_makes_handle_stale) {
    /* S-SES-04 S-HDL-02 */
    JET_INSTANCE inst = fixture_running("ses_end", -1);
    JET_SESID s = fixture_session(inst);
    JET_SESID keep = fixture_session(inst);
    CHECK_OK(JetEndSession(s, 0));
    ses_expect_invalid_everywhere(s, "ended");
    CHECK_EQ(fixture_level(keep), 0);
    CHECK_OK(JetEndSession(keep, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_end_ignores_grbit) {
    /* S-SES-04: JET_bitForceSessionClosed and unknown bits change nothing */
    JET_INSTANCE inst = fixture_running("ses_endgrbit", 40);
    JET_SESID v[34];
    for (int i = 0; i < 34; i++) v[i] = fixture_session(inst);
    CHECK_OK(JetEndSession(v[32], JET_bitForceSessionClosed));
    CHECK_OK(JetEndSession(v[33], 0xFFFFFFFFu));
    for (int b = 0; b < 32; b++) {
        if (b % 3 == 0) CHECK_OK(JetBeginTransaction(v[b]));
        JET_ERR e = JetEndSession(v[b], (JET_GRBIT)1u << b);
        if (e != JET_errSuccess) printf("    grbit bit %d\n", b);
        CHECK_OK(e);
    }
    for (int i = 0; i < 34; i++) CHECK_ERR(JET_errInvalidSesid, JetEndSession(v[i], 0));
    /* every place is free again */
    for (int i = 0; i < 34; i++) v[i] = fixture_session(inst);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_end_rolls_back_every_level) {
    /* S-SES-04 S-TRX-04 S-INST-05: after ending a session with open levels nothing stays open */
    JET_INSTANCE inst = fixture_running("ses_endrb", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    for (int i = 0; i < 7; i++) CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction2(t, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_OK(JetEndSession(t, JET_bitForceSessionClosed));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_end_after_stop) {
    /* S-SES-04 S-INST-10 */
    JET_INSTANCE inst = fixture_running("ses_endstop", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(t));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetEndSession(t, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(t, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_end_with_context_set) {
    /* S-SES-05 S-SES-08: -1914 while a context is set by the caller; the session stays usable */
    JET_INSTANCE inst = fixture_running("ses_endctx", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 0x1234));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, JET_bitForceSessionClosed));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0xFFFFFFFFu));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetCommitTransaction(s, 0));
    JET_SESID d = 0;
    CHECK_OK(JetDupSession(s, &d));
    CHECK_OK(JetEndSession(d, 0));
    /* context still set: set again → -1912 */
    CHECK_ERR(JET_errSessionContextAlreadySet, JetSetSessionContext(s, 0x1234));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_end_with_context_after_stop) {
    /* S-SES-05 S-INST-10: the context still blocks the end after a stop; reset works after a stop */
    JET_INSTANCE inst = fixture_running("ses_endctxstop", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 77));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetSetSessionContext(s, 78));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetSetSessionContext(s, 77));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- handles: forged, stale, reused slots ------------------------------------------------- */

TEST(ses_forged_sesids) {
    /* S-HDL-01 S-HDL-02 S-HDL-03 S-SES-06: forged, zero, nil and non-canonical values → -1104
     * before any other check, with no effect on the one live session */
    JET_INSTANCE inst = fixture_running("ses_forged", -1);
    JET_SESID s = fixture_session(inst);
    int local = 0;
    void *heap = malloc(64);
    JET_SESID forged[] = {
        0,
        JET_sesidNil,
        (JET_SESID)0x1234,
        1,
        (JET_SESID)inst,
        s + 1,
        s - 1,
        s ^ 1,
        s ^ ((JET_SESID)1 << 32),
        s ^ ((JET_SESID)1 << 40),
        s ^ ((JET_SESID)1 << 62),
        s ^ ((JET_SESID)1 << 63),
        s >> 1,
        s << 1,
        ~s,
        (JET_SESID)(uintptr_t)&local,
        (JET_SESID)(uintptr_t)heap,
        (JET_SESID)(uintptr_t)&ses_forged_sesids,
        JET_sesidNil >> 1,
        (JET_SESID)0x8000000000000000ull,
    };
    char label[64];
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        snprintf(label, sizeof label, "forged #%zu = %#llx", i, (unsigned long long)forged[i]);
        ses_expect_invalid_everywhere(forged[i], label);
    }
    /* JetGetSystemParameter with a forged sesid (multi-instance mode) → -1104 too */
    JET_API_PTR lv = 99;
    CHECK_ERR(JET_errInvalidSesid, JetGetSystemParameter(inst, (JET_SESID)0x1234, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_ERR(JET_errInvalidSesid, JetGetSystemParameter(0, (JET_SESID)inst, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_EQ(lv, 99);
    /* the live session was not touched */
    CHECK_EQ(fixture_level(s), 0);
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    free(heap);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_sesid_used_as_instance) {
    /* S-HDL-03: a session handle where an instance is expected → -1115 */
    JET_INSTANCE inst = fixture_running("ses_kinds", -1);
    JET_SESID s = fixture_session(inst), x = (JET_SESID)0x6789;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)s, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetTerm((JET_INSTANCE)s));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance((JET_INSTANCE)s));
    CHECK_EQ(x, (JET_SESID)0x6789);
    /* and nothing happened to the instance: not stopped, not termed */
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_stale_sesids_of_termed_instance) {
    /* S-HDL-02 S-INST-06: sessions of a termed instance → -1104 everywhere (also in mode none) */
    JET_INSTANCE keep = fixture_running("ses_keep", -1);
    JET_INSTANCE inst = fixture_running("ses_termed", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(t, 5));
    CHECK_OK(JetTerm(inst));
    ses_expect_invalid_everywhere(s, "termed, other instance alive");
    ses_expect_invalid_everywhere(t, "termed with context, other instance alive");
    CHECK_OK(JetTerm(keep));
    /* no instance left at all */
    ses_expect_invalid_everywhere(s, "termed, no instance");
    ses_expect_invalid_everywhere(t, "termed with context, no instance");
}

TEST(ses_stale_sesids_after_slot_reuse) {
    /* S-HDL-02: create/term/create again: old sesids stay invalid and can never end new sessions */
    enum { ROUNDS = 40, PER = 4 };
    JET_SESID old[ROUNDS * PER];
    int nold = 0;
    for (int r = 0; r < ROUNDS; r++) {
        JET_INSTANCE inst = fixture_running("ses_reuse", -1);
        JET_SESID cur[PER];
        for (int i = 0; i < PER; i++) cur[i] = fixture_session(inst);
        int collide = 0, wrong = 0;
        for (int j = 0; j < nold; j++) {
            for (int i = 0; i < PER; i++)
                if (old[j] == cur[i]) collide++;
            if (JetEndSession(old[j], 0) != JET_errInvalidSesid) wrong++;
            if (JetBeginTransaction(old[j]) != JET_errInvalidSesid) wrong++;
            if (JetSetSessionContext(old[j], 9) != JET_errInvalidSesid) wrong++;
        }
        CHECK_EQ(collide, 0);
        CHECK_EQ(wrong, 0);
        /* the new sessions were not touched by the stale calls */
        for (int i = 0; i < PER; i++) {
            CHECK_EQ(fixture_level(cur[i]), 0);
            CHECK_OK(JetEndSession(cur[i], 0));
            CHECK_OK(JetBeginSession(inst, &cur[i], NULL, NULL));
        }
        for (int i = 0; i < PER; i++) {
            for (int j = 0; j < nold; j++) CHECK(old[j] != cur[i]);
            old[nold++] = cur[i];
        }
        CHECK_OK(JetTerm(inst));
    }
    for (int j = 0; j < nold; j += 7) ses_expect_invalid_everywhere(old[j], "reused slot");
}

TEST(ses_stale_sesids_after_session_slot_reuse) {
    /* S-HDL-02: within one instance, an ended session's place is reused, never its handle */
    JET_INSTANCE inst = fixture_running("ses_reuse2", 1);
    JET_SESID prev[200];
    for (int i = 0; i < 200; i++) {
        prev[i] = fixture_session(inst);
        for (int j = 0; j < i; j++) CHECK(prev[j] != prev[i]);
        if (i) {
            CHECK_ERR(JET_errInvalidSesid, JetEndSession(prev[i - 1], 0));
            CHECK_ERR(JET_errInvalidSesid, JetCommitTransaction(prev[i - 1], 0));
        }
        CHECK_EQ(fixture_level(prev[i]), 0);
        CHECK_OK(JetEndSession(prev[i], 0));
    }
    CHECK_OK(JetTerm(inst));
}

TEST(ses_instance_handle_is_not_a_session) {
    /* S-HDL-03: an instance handle used as a sesid → -1104 everywhere, instance unharmed */
    JET_INSTANCE inst = fixture_running("ses_instsid", -1);
    ses_expect_invalid_everywhere((JET_SESID)inst, "instance handle");
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_sessions_of_two_instances) {
    /* S-SES-04 S-INST-06: ending or terming one instance's sessions leaves the other's alone */
    JET_INSTANCE a = fixture_running("ses_two_a", -1), b = fixture_running("ses_two_b", -1);
    JET_SESID sa = fixture_session(a), sb = fixture_session(b);
    CHECK(sa != sb);
    CHECK_OK(JetBeginTransaction(sb));
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_OK(JetBeginTransaction(sb));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(sa));
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sa, 0));
    CHECK_EQ(fixture_level(sb), 2);
    CHECK_OK(JetRollback(sb, JET_bitRollbackAll));
    CHECK_OK(JetEndSession(sb, 0));
    CHECK_OK(JetTerm(b));
}

/* ---- session contexts --------------------------------------------------------------------- */

TEST(ses_context_rules) {
    /* S-SES-08 */
    JET_INSTANCE inst = fixture_running("ses_ctx", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK_ERR(JET_errInvalidParameter, JetSetSessionContext(s, 0));
    CHECK_ERR(JET_errInvalidParameter, JetSetSessionContext(s, ~(JET_API_PTR)0));
    /* the rejected values did not set anything */
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    s = fixture_session(inst);
    JET_API_PTR values[] = {1, 2, 0x7FFFFFFF, 0xFFFFFFFF, (JET_API_PTR)1 << 63,
                            ~(JET_API_PTR)0 - 1, (JET_API_PTR)(uintptr_t)&values};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        CHECK_OK(JetSetSessionContext(s, values[i]));
        CHECK_ERR(JET_errSessionContextAlreadySet, JetSetSessionContext(s, values[i]));
        CHECK_ERR(JET_errSessionContextAlreadySet, JetSetSessionContext(s, values[i] == 2 ? 3 : 2));
        /* 0 and nil are rejected first, even with a context set */
        CHECK_ERR(JET_errInvalidParameter, JetSetSessionContext(s, 0));
        CHECK_ERR(JET_errInvalidParameter, JetSetSessionContext(s, ~(JET_API_PTR)0));
        CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
        CHECK_OK(JetResetSessionContext(s));
        CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    }
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_context_is_per_session) {
    /* S-SES-08: the same value may be set on two sessions; each has its own */
    JET_INSTANCE inst = fixture_running("ses_ctx2", -1);
    JET_SESID a = fixture_session(inst), b = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(a, 42));
    CHECK_OK(JetSetSessionContext(b, 42));
    CHECK_OK(JetResetSessionContext(a));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(b, 0));
    CHECK_OK(JetEndSession(a, 0));
    CHECK_OK(JetResetSessionContext(b));
    CHECK_OK(JetEndSession(b, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- session parameters ------------------------------------------------------------------- */

TEST(ses_param_defaults) {
    /* S-SES-09 S-TRX-05: defaults of a new session */
    JET_INSTANCE inst = fixture_running("ses_pdef", -1);
    JET_SESID s = fixture_session(inst);
    JET_API_PTR icd = 0xFFFF;
    CHECK_OK(JetGetSystemParameter(inst, 0, JET_paramCommitDefault, &icd, NULL, 0));
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), icd);
    CHECK_EQ(icd, 0);
    CHECK_EQ(ses_u32param(s, JET_sesparamTransactionLevel), 0);
    CHECK_EQ(ses_u32param(s, JET_sesparamCorrelationID), 0);
    JET_OPERATIONCONTEXT oc;
    memset(&oc, 0x5A, sizeof oc);
    uint32_t cb = 0;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamOperationContext, &oc, sizeof oc, &cb));
    CHECK_EQ(cb, sizeof(JET_OPERATIONCONTEXT));
    CHECK_EQ(oc.ulUserID, 0x80000000u);
    CHECK_EQ((int32_t)oc.ulUserID, INT32_MIN);
    CHECK_EQ(oc.nOperationID, 0);
    CHECK_EQ(oc.nOperationType, 0);
    CHECK_EQ(oc.nClientType, 0);
    CHECK_EQ(oc.fFlags, 0);
    /* pcbParamActual may be NULL */
    uint32_t v = 0x1234;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamCorrelationID, &v, 4, NULL));
    CHECK_EQ(v, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_commit_default_follows_instance) {
    /* S-SES-09 S-PAR-03: CommitDefault of a new session = the instance's JET_paramCommitDefault */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "ses_pcd"));
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_OK(JetInit(&inst));
    JET_SESID a = fixture_session(inst);
    CHECK_EQ(ses_u32param(a, JET_sesparamCommitDefault), JET_bitCommitLazyFlush);
    /* changing the instance default later affects new sessions only */
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitWaitAllLevel0Commit, NULL));
    JET_SESID b = fixture_session(inst), c = 0;
    CHECK_OK(JetDupSession(a, &c));
    CHECK_EQ(ses_u32param(a, JET_sesparamCommitDefault), JET_bitCommitLazyFlush);
    CHECK_EQ(ses_u32param(b, JET_sesparamCommitDefault), JET_bitWaitAllLevel0Commit);
    CHECK_EQ(ses_u32param(c, JET_sesparamCommitDefault), JET_bitWaitAllLevel0Commit);
    /* JET_paramCommitDefault with a sesid addresses that session (read back either way) */
    CHECK_OK(JetSetSystemParameter(NULL, b, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_EQ(ses_u32param(b, JET_sesparamCommitDefault), JET_bitCommitLazyFlush);
    JET_API_PTR got = 0;
    CHECK_OK(JetGetSystemParameter(0, c, JET_paramCommitDefault, &got, NULL, 0));
    CHECK_EQ(got, JET_bitWaitAllLevel0Commit);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_roundtrip) {
    /* S-SES-09: set/get each settable parameter; a new session starts from the defaults again */
    JET_INSTANCE inst = fixture_running("ses_prt", -1);
    JET_SESID s = fixture_session(inst);
    uint32_t cd = JET_bitCommitLazyFlush | 0x20;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &cd, sizeof cd));
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), cd);
    /* stored as given, without validating bits */
    cd = 0x40;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &cd, sizeof cd));
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), 0x40);
    uint32_t corr = 0xDEADBEEFu;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCorrelationID, &corr, sizeof corr));
    CHECK_EQ(ses_u32param(s, JET_sesparamCorrelationID), 0xDEADBEEFu);
    JET_OPERATIONCONTEXT oc = {0x01020304u, 5, 6, 7, 8}, got;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamOperationContext, &oc, sizeof oc));
    memset(&got, 0, sizeof got);
    uint32_t cb = 0;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamOperationContext, &got, sizeof got, &cb));
    CHECK_EQ(cb, 8);
    CHECK(memcmp(&got, &oc, sizeof oc) == 0);
    /* a larger buffer is fine */
    unsigned char big[16];
    memset(big, 0xEE, sizeof big);
    cb = 0;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamOperationContext, big, sizeof big, &cb));
    CHECK_EQ(cb, 8);
    CHECK(memcmp(big, &oc, 8) == 0);
    /* another session and a new one keep the defaults */
    JET_SESID t = fixture_session(inst);
    CHECK_EQ(ses_u32param(t, JET_sesparamCorrelationID), 0);
    CHECK_EQ(ses_u32param(t, JET_sesparamCommitDefault), 0);
    CHECK_OK(JetEndSession(s, 0));
    s = fixture_session(inst);
    CHECK_EQ(ses_u32param(s, JET_sesparamCorrelationID), 0);
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), 0);
    memset(&got, 0, sizeof got);
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamOperationContext, &got, sizeof got, NULL));
    CHECK_EQ(got.ulUserID, 0x80000000u);
    CHECK_EQ(got.nOperationID + got.nOperationType + got.nClientType + got.fFlags, 0);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_sizes) {
    /* S-SES-09: exact sizes on set (-1047), smaller buffer on get (-1047) with *pcbParamActual
     * written first, NULL pvParam with a size (-1003) */
    JET_INSTANCE inst = fixture_running("ses_psz", -1);
    JET_SESID s = fixture_session(inst);
    unsigned char buf[32];
    memset(buf, 0, sizeof buf);
    struct { uint32_t id, size; } p[] = {
        {JET_sesparamCommitDefault, 4},
        {JET_sesparamTransactionLevel, 4},
        {JET_sesparamOperationContext, 8},
        {JET_sesparamCorrelationID, 4},
    };
    for (size_t i = 0; i < 4; i++) {
        char label[48];
        snprintf(label, sizeof label, "sesparam %u", p[i].id);
        for (uint32_t cb = 0; cb < p[i].size; cb++) {
            uint32_t actual = 0xDDDDDDDDu;
            memset(buf, 0xC3, sizeof buf);
            CHECK_ERR_AT(label, JET_errInvalidBufferSize, JetGetSessionParameter(s, p[i].id, buf, cb, &actual));
            CHECK_EQ(actual, p[i].size);
            /* nothing written into the too-small buffer */
            for (size_t k = 0; k < sizeof buf; k++) CHECK_EQ(buf[k], 0xC3);
            CHECK_ERR_AT(label, JET_errInvalidBufferSize, JetGetSessionParameter(s, p[i].id, buf, cb, NULL));
        }
        /* a size query: no buffer, no room */
        uint32_t actual = 0;
        CHECK_ERR_AT(label, JET_errInvalidBufferSize, JetGetSessionParameter(s, p[i].id, NULL, 0, &actual));
        CHECK_EQ(actual, p[i].size);
        /* no buffer and no pcbParamActual */
        CHECK_ERR_AT(label, JET_errInvalidParameter, JetGetSessionParameter(s, p[i].id, NULL, 0, NULL));
        CHECK_ERR_AT(label, JET_errInvalidParameter, JetGetSessionParameter(s, p[i].id, NULL, p[i].size, NULL));
        /* NULL buffer with room */
        CHECK_ERR_AT(label, JET_errInvalidParameter, JetGetSessionParameter(s, p[i].id, NULL, p[i].size, &actual));
        if (p[i].id == JET_sesparamTransactionLevel) continue;
        uint32_t bad[] = {0, 1, 2, 3, 5, 7, 8, 9, 16};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            if (bad[k] == p[i].size) continue;
            memset(buf, 0x11, sizeof buf);
            CHECK_ERR_AT(label, JET_errInvalidBufferSize, JetSetSessionParameter(s, p[i].id, buf, bad[k]));
        }
        CHECK_ERR_AT(label, JET_errInvalidParameter, JetSetSessionParameter(s, p[i].id, NULL, p[i].size));
    }
    /* none of the rejected sets changed anything */
    CHECK_EQ(ses_u32param(s, JET_sesparamCommitDefault), 0);
    CHECK_EQ(ses_u32param(s, JET_sesparamCorrelationID), 0);
    JET_OPERATIONCONTEXT oc;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamOperationContext, &oc, sizeof oc, NULL));
    CHECK_EQ(oc.ulUserID, 0x80000000u);
    CHECK_EQ(oc.nOperationID + oc.nOperationType + oc.nClientType + oc.fFlags, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_transaction_level_is_read_only) {
    /* S-SES-09 S-TRX-05: set → JET_errFeatureNotAvailable, the level unchanged */
    JET_INSTANCE inst = fixture_running("ses_ptl", -1);
    JET_SESID s = fixture_session(inst);
    int32_t lv = 3;
    CHECK_ERR(JET_errFeatureNotAvailable, JetSetSessionParameter(s, JET_sesparamTransactionLevel, &lv, 4));
    CHECK_EQ(fixture_level(s), 0);
    CHECK_OK(JetBeginTransaction(s));
    lv = 0;
    CHECK_ERR(JET_errFeatureNotAvailable, JetSetSessionParameter(s, JET_sesparamTransactionLevel, &lv, 4));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_unknown_ids) {
    /* S-SES-09: unknown ids → -1093 on get and set */
    JET_INSTANCE inst = fixture_running("ses_pid", -1);
    JET_SESID s = fixture_session(inst);
    uint32_t ids[] = {0, 1, 5, 16, 38, 4096, 4098, 4102, 4105, 4110, JET_sesparamMaxValueInvalid,
                      4112, 8193, 0x7FFFFFFFu, 0xFFFFFFFFu};
    unsigned char buf[64];
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char label[32];
        snprintf(label, sizeof label, "id %u", ids[i]);
        uint32_t actual = 0xABCDu;
        memset(buf, 0, sizeof buf);
        CHECK_ERR_AT(label, JET_errInvalidSesparamId, JetGetSessionParameter(s, ids[i], buf, sizeof buf, &actual));
        CHECK_ERR_AT(label, JET_errInvalidSesparamId, JetGetSessionParameter(s, ids[i], buf, 4, NULL));
        CHECK_ERR_AT(label, JET_errInvalidSesparamId, JetSetSessionParameter(s, ids[i], buf, 4));
        CHECK_ERR_AT(label, JET_errInvalidSesparamId, JetSetSessionParameter(s, ids[i], buf, 8));
        CHECK_ERR_AT(label, JET_errInvalidSesparamId, JetSetSessionParameter(s, ids[i], buf, sizeof buf));
    }
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_after_stop) {
    /* S-SES-09 S-INST-10: get keeps working after a stop, set does not */
    JET_INSTANCE inst = fixture_running("ses_pstop", -1);
    JET_SESID s = fixture_session(inst);
    uint32_t corr = 17;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCorrelationID, &corr, 4));
    CHECK_OK(JetStopServiceInstance(inst));
    uint32_t v = 99;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetSetSessionParameter(s, JET_sesparamCorrelationID, &v, 4));
    CHECK_EQ(ses_u32param(s, JET_sesparamCorrelationID), 17);
    CHECK_EQ(fixture_level(s), 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- JetGetVersion ------------------------------------------------------------------------ */

TEST(ses_get_version) {
    /* S-SES-10 */
    JET_INSTANCE inst = fixture_running("ses_ver", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    uint32_t v1 = 0, v2 = 0;
    CHECK_OK(JetGetVersion(s, &v1));
    CHECK(v1 != 0);
    CHECK_OK(JetGetVersion(t, &v2));
    CHECK_EQ(v1, v2);
    CHECK_ERR(JET_errInvalidParameter, JetGetVersion(s, NULL));
    CHECK_OK(JetBeginTransaction(s));
    v2 = 0;
    CHECK_OK(JetGetVersion(s, &v2));
    CHECK_EQ(v1, v2);
    CHECK_OK(JetEndSession(s, 0));
    v2 = 0x77;
    CHECK_ERR(JET_errInvalidSesid, JetGetVersion(s, &v2));
    CHECK_EQ(v2, 0x77);
    CHECK_OK(JetTerm(inst));
}

TEST(ses_get_version_single_instance) {
    /* S-SES-10 in single-instance mode */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = 0;
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    uint32_t v = 0;
    CHECK_OK(JetGetVersion(s, &v));
    CHECK(v != 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(ses_param_four_byte_values_want_exactly_four) {
    /* S-SES-09: JET_sesparamCommitDefault and JET_sesparamTransactionLevel
     * refuse a buffer that is not exactly 4 bytes, a larger one too (-1047), after writing the
     * size; JET_sesparamCorrelationID and JET_sesparamOperationContext take a larger one. */
    JET_INSTANCE inst = fixture_running("ses_exact", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    unsigned char big[16];
    const uint32_t exact_ids[] = {JET_sesparamCommitDefault, JET_sesparamTransactionLevel};
    for (int i = 0; i < 2; i++) {
        for (uint32_t cb = 5; cb <= sizeof big; cb += 3) {
            uint32_t actual = 0;
            memset(big, 0xEE, sizeof big);
            CHECK_ERR(JET_errInvalidBufferSize, JetGetSessionParameter(s, exact_ids[i], big, cb, &actual));
            CHECK_EQ(actual, 4);
            CHECK_EQ(big[0], 0xEE); /* nothing written */
        }
        uint32_t v = 0xDEAD, actual = 0;
        CHECK_OK(JetGetSessionParameter(s, exact_ids[i], &v, 4, &actual));
        CHECK_EQ(actual, 4);
        CHECK_EQ(v, i == 0 ? 0u : 1u);
    }
    uint32_t actual = 0;
    memset(big, 0xEE, sizeof big);
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamCorrelationID, big, 8, &actual));
    CHECK_EQ(actual, 4);
    CHECK_EQ(big[0] | big[1] | big[2] | big[3], 0);
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* Handles, process mode and instances (contract sections 2 and 3: S-HDL-01..04, S-INST-01..13):
 * JetCreateInstance, JetInit, JetTerm, JetStopService, JetEnableMultiInstance,
 * JetGetInstanceInfo, and the instance-level rules every session API follows. */
#include "check.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WS(lit) ((const WCHAR *)(u"" lit))
/* JET_bitStopServiceStopAndEmitLog (0x8): private in the header (>= 0x0A01), named by S-INST-09. */
#define STOP_AND_EMIT_LOG 0x00000008u

/* ---- helpers ------------------------------------------------------------------------------ */

/* Is the process in multi-instance mode? JetInit(NULL) answers -1081 only there. In the
 * other modes the probe would change the mode, so callers use it last or undo it. */
static JET_ERR init_null_probe(void) { return JetInit(NULL); }

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

#define CHECK_ERR_WHAT(what, expected, expr)                                              \
    do {                                                                                  \
        JET_ERR r_w_ = (expr);                                                            \
        if (r_w_ != (JET_ERR)(expected)) printf("    (%s)\n", (what));                     \
        CHECK_ERR(expected, r_w_);                                                        \
    } while (0)

/* Every session API given `bad` must return -1104 before any other check, with no effect. */
static void session_apis_reject(JET_SESID bad, const char *what) {
    JET_SESID out = 0x5151;
    uint32_t u = 0x5151, cb = 0x5151;
    int32_t lv = 0x5151;
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetEndSession(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetEndSession(bad, JET_bitForceSessionClosed));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetDupSession(bad, &out));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetDupSession(bad, NULL));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetBeginTransaction(bad));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetBeginTransaction2(bad, JET_bitTransactionReadOnly));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetBeginTransaction3(bad, 42, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetCommitTransaction(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetCommitTransaction(bad, 0xFFFF0000u));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetCommitTransaction2(bad, 0, 5, NULL));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetRollback(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetRollback(bad, 0x4));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetSetSessionContext(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetSetSessionContext(bad, 7));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetResetSessionContext(bad));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid,
                   JetGetSessionParameter(bad, JET_sesparamTransactionLevel, &lv, sizeof lv, &cb));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetGetSessionParameter(bad, 9999, NULL, 0, NULL));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetSetSessionParameter(bad, JET_sesparamCorrelationID, &u, 4));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetSetSessionParameter(bad, 9999, NULL, 1));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetGetVersion(bad, &u));
    CHECK_ERR_WHAT(what, JET_errInvalidSesid, JetGetVersion(bad, NULL));
    CHECK_EQ(out, 0x5151);
    CHECK_EQ(u, 0x5151);
    CHECK_EQ(cb, 0x5151);
    CHECK_EQ(lv, 0x5151);
}

/* ---- S-INST-01: process mode -------------------------------------------------------------- */

TEST(inst_mode_none_at_start) {
    /* S-INST-01 S-INST-04 S-INST-08 S-HDL-04: no instance at all */
    JET_SESID s = 0x77;
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSessionW(0, &s, NULL, NULL));
    CHECK_EQ(s, 0x77);
    CHECK_OK(JetTerm(0));
    CHECK_OK(JetTerm2(0, 0));
    CHECK_ERR(JET_errInvalidParameter, JetStopService());
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance(0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance(JET_instanceNil));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance2(0, 0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance2(JET_instanceNil, JET_bitStopServiceQuiesceCaches));
    /* none of these chose a mode: both are still possible */
    CHECK_EQ(fixture_instance_count(), 0);
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetTerm(inst));
    CHECK_OK(JetCreateInstance(&inst, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(inst_mode_single_from_jetinit) {
    /* S-INST-01 S-INST-02 S-INST-03 S-INST-11: JetInit without a created instance enters
     * single-instance mode; the multi-instance calls are refused */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK(inst != 0 && inst != JET_instanceNil);
    JET_INSTANCE other = 0x1234;
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance(&other, "x"));
    CHECK_EQ(other, JET_instanceNil);
    other = 0;
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance2(&other, NULL, NULL, 0));
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstanceW(&other, WS("x")));
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance2W(&other, NULL, NULL, 0));
    JET_SETSYSPARAM_A p = {JET_paramMaxSessions, 16, NULL, 0};
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetEnableMultiInstanceA(&p, 1, NULL));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(NULL));
    other = 0;
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(&other));
    CHECK_EQ(fixture_instance_count(), 1);
    /* 0 and nil name the single instance */
    JET_SESID s1 = fixture_session(0), s2 = fixture_session(JET_instanceNil), s3 = fixture_session(inst);
    CHECK(s1 != s2 && s2 != s3 && s1 != s3);
    CHECK_OK(JetEndSession(s1, 0));
    CHECK_OK(JetTerm(0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s2, 0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_mode_multi_from_create) {
    /* S-INST-01 S-INST-03 S-INST-08: JetCreateInstance enters multi-instance mode */
    JET_INSTANCE a = fixture_created("a");
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetStopService());
    JET_SESID s = 0x77;
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &s, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &s, NULL, NULL));
    CHECK_EQ(s, 0x77);
    CHECK_ERR(JET_errNotInitialized, JetBeginSession(a, &s, NULL, NULL));
    CHECK_OK(JetInit(&a));
    CHECK_OK(JetBeginSession(a, &s, NULL, NULL));
    CHECK_OK(JetTerm(a));
}

TEST(inst_mode_multi_from_enable_multi_instance) {
    /* S-INST-01 S-INST-11: a successful JetEnableMultiInstance enters multi-instance mode with
     * no instance; the mode stays until an instance has lived and the last one is freed */
    JET_SETSYSPARAM_A p = {JET_paramMaxSessions, 20, NULL, 0};
    CHECK_OK(JetEnableMultiInstanceA(&p, 1, NULL));
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_ERR(JET_errRunningInMultiInstanceMode, init_null_probe());
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetStopService());
    JET_INSTANCE a = fixture_running("a", -1);
    JET_INSTANCE b = 0;
    CHECK_OK(JetInit(&b)); /* multi: 0 allocates an unnamed instance */
    CHECK(b != 0 && b != JET_instanceNil && b != a);
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, init_null_probe());
    CHECK_OK(JetTerm(b));
    /* the last instance was freed: mode none, single-instance mode may be chosen */
    CHECK_OK(init_null_probe());
    CHECK_OK(JetTerm(0));
}

TEST(inst_mode_returns_to_none_and_switches) {
    /* S-INST-01: freeing the last instance returns to none, then either mode again, repeatedly */
    for (int round = 0; round < 3; round++) {
        JET_INSTANCE a = fixture_running("a", -1), b = fixture_created("b");
        CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
        CHECK_OK(JetTerm(b));
        CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
        CHECK_OK(JetTerm(a));
        JET_INSTANCE one = 0;
        CHECK_OK(JetInit(&one));
        JET_INSTANCE x = 0;
        CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance(&x, "c"));
        JET_SESID s = fixture_session(one);
        CHECK_OK(JetTerm(one));
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
        /* and single again right after single */
        CHECK_OK(JetInit(NULL));
        CHECK_OK(JetTerm(JET_instanceNil));
    }
    CHECK_EQ(fixture_instance_count(), 0);
}

/* ---- S-INST-02: JetCreateInstance ---------------------------------------------------------- */

TEST(inst_create_null_pinstance) {
    /* S-INST-02 */
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstance(NULL, "a"));
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstanceA(NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstanceW(NULL, WS("a")));
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstance2(NULL, "a", "b", 0));
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstance2A(NULL, NULL, NULL, 0));
    CHECK_ERR(JET_errInvalidParameter, JetCreateInstance2W(NULL, WS("a"), WS("b"), 0));
    /* nothing was created, no mode chosen */
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
}

TEST(inst_create_sets_nil_first) {
    /* S-INST-02: *pinstance is JET_instanceNil after any failure past the NULL check */
    JET_INSTANCE a = fixture_created("a");
    JET_INSTANCE x = 0x1234;
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, "a"));
    CHECK_EQ(x, JET_instanceNil);
    x = 0;
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance2W(&x, WS("a"), NULL, 0));
    CHECK_EQ(x, JET_instanceNil);
    x = a; /* even when it held a live handle: the handle stays live */
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance2(&x, "a", "disp", 0));
    CHECK_EQ(x, JET_instanceNil);
    CHECK_OK(JetInit(&a));
    CHECK_OK(JetTerm(a));
    /* in single-instance mode */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    x = 0;
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstanceW(&x, NULL));
    CHECK_EQ(x, JET_instanceNil);
    CHECK_OK(JetTerm(one));
}

TEST(inst_create_too_many_instances_before_name_check) {
    /* S-INST-02 S-PAR-03: the limit is checked before the name */
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 2, NULL));
    JET_INSTANCE a = fixture_created("a"), b = fixture_created("b"), x = 0;
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&x, "a"));
    CHECK_EQ(x, JET_instanceNil);
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&x, "c"));
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance2W(&x, WS("b"), NULL, 0));
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&x, NULL));
    CHECK_OK(JetTerm(b));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, "a"));
    CHECK_OK(JetCreateInstance(&x, "c"));
    CHECK_EQ(fixture_instance_count(), 2);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(x));
}

TEST(inst_create_names_null_empty_case) {
    /* S-INST-02: two NULL names collide; NULL and "" do not; names are case-sensitive */
    JET_INSTANCE n = fixture_created(NULL), e = fixture_created(""), x = 0;
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, NULL));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, ""));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance2(&x, NULL, "display", 0));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstanceW(&x, NULL));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstanceW(&x, WS("")));
    JET_INSTANCE u = fixture_created("Inst"), l = fixture_created("inst"), up = fixture_created("INST");
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, "Inst"));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&x, "inst"));
    CHECK_OK(JetCreateInstance(&x, "inst "));
    JET_INSTANCE all[] = {n, e, u, l, up, x};
    for (size_t i = 0; i < 6; i++)
        for (size_t j = i + 1; j < 6; j++) CHECK(all[i] != all[j]);
    CHECK_EQ(fixture_instance_count(), 6);
    /* a freed name is free again */
    CHECK_OK(JetTerm(n));
    CHECK_OK(JetCreateInstance(&n, NULL));
    for (size_t i = 1; i < 6; i++) CHECK_OK(JetTerm(all[i]));
    CHECK_OK(JetTerm(n));
}

TEST(inst_create_names_across_encodings) {
    /* S-INST-02 (S-ABI-06): the A name is UTF-8 and the W name UTF-16 of the same text */
    JET_INSTANCE a = 0, x = 0;
    CHECK_OK(JetCreateInstanceA(&a, "caf\xc3\xa9"));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstanceW(&x, WS("caf\u00e9")));
    CHECK_OK(JetCreateInstanceW(&x, WS("cafe")));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstanceA(&x, "cafe"));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance2A(&x, "cafe", NULL, 0));
    JET_INSTANCE y = 0;
    CHECK_OK(JetCreateInstance2W(&y, WS("\U0001F600"), WS("smile"), 0));
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstanceA(&x, "\xf0\x9f\x98\x80"));
    CHECK_EQ(fixture_instance_count(), 3);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(y));
}

TEST(inst_create_invalid_strings) {
    /* S-INST-02 (S-ABI-06): names and display names that are not UTF-8 / UTF-16 → -602 */
    static const WCHAR lone_high[] = {'a', 0xD800, 0};
    static const WCHAR lone_low[] = {0xDC00, 'a', 0};
    JET_INSTANCE x = 0;
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance(&x, "\xff"));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstanceA(&x, "ab\xc3"));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance2A(&x, "\x80", NULL, 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance2A(&x, "ok", "\xff", 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance2(&x, "ok", "\xfe\xff", 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstanceW(&x, lone_high));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstanceW(&x, lone_low));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance2W(&x, lone_high, NULL, 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateInstance2W(&x, WS("ok"), lone_low, 0));
    /* nothing was created and no mode chosen */
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
    /* the valid names go through */
    CHECK_OK(JetCreateInstance2A(&x, "ok", "display", 0));
    CHECK_OK(JetTerm(x));
}

TEST(inst_create2_grbit_ignored) {
    /* S-INST-02: the grbit of JetCreateInstance2 is ignored; the display name is accepted */
    static const JET_GRBIT bits[] = {0, 1, 0x80000000u, 0xFFFFFFFFu, 0x12345678u};
    JET_INSTANCE h[5];
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "g%d", i);
        CHECK_OK(JetCreateInstance2(&h[i], name, i % 2 ? NULL : "Display Name", bits[i]));
    }
    JET_INSTANCE w = 0;
    CHECK_OK(JetCreateInstance2W(&w, WS("gw"), WS("Display"), 0xFFFFFFFFu));
    CHECK_EQ(fixture_instance_count(), 6);
    CHECK_OK(JetInit(&h[3]));
    JET_SESID s = fixture_session(h[3]);
    CHECK_OK(JetEndSession(s, 0));
    for (int i = 0; i < 5; i++) CHECK_OK(JetTerm(h[i]));
    CHECK_OK(JetTerm(w));
}

/* ---- S-INST-03: JetInit -------------------------------------------------------------------- */

TEST(inst_init_single_writes_new_handle) {
    /* S-INST-01 S-INST-03: JetInit(&inst) with inst 0 or nil creates the single instance and
     * writes its handle */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK(inst != 0 && inst != JET_instanceNil);
    JET_INSTANCE_INFO_A *pa = NULL;
    uint32_t c = 0;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    CHECK_EQ(c, 1);
    if (c == 1) CHECK_EQ(pa[0].hInstanceId, inst);
    CHECK_OK(JetFreeBuffer((char *)pa));
    CHECK_OK(JetTerm(inst));
    JET_INSTANCE again = JET_instanceNil;
    CHECK_OK(JetInit2(&again, 0));
    CHECK(again != 0 && again != JET_instanceNil && again != inst);
    CHECK_ERR(JET_errInvalidInstance, JetTerm(inst));
    CHECK_OK(JetTerm(again));
}

TEST(inst_init_null_single_mode) {
    /* S-INST-01 S-INST-03: JetInit(NULL) creates the single instance; sessions use 0 or nil */
    CHECK_OK(JetInit(NULL));
    CHECK_EQ(fixture_instance_count(), 1);
    JET_SESID s = fixture_session(0);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(NULL));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit2(NULL, 0));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit3A(NULL, NULL, 0));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit3W(NULL, NULL, 0));
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetGetVersion(s, &(uint32_t){0}));
    CHECK_OK(JetTerm(JET_instanceNil));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
}

TEST(inst_init_single_allocates_whatever_pinstance_holds) {
    /* S-INST-03 (ese-reference §3.7 steps 1, 6, 9): in mode none JetInit always allocates the
     * single instance; a *pinstance that was neither 0 nor nil is left as it was */
    JET_INSTANCE garbage = 0x1234;
    CHECK_OK(JetInit(&garbage));
    CHECK_EQ(garbage, 0x1234);
    CHECK_EQ(fixture_instance_count(), 1);
    JET_INSTANCE x = 0;
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance(&x, NULL));
    JET_SESID s = fixture_session(0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_init_single_second_init) {
    /* S-INST-03: a second JetInit in single-instance mode → -1030, whatever it is given; the
     * running instance is untouched and *pinstance of the failed call is not a handle */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    JET_INSTANCE again = inst;
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(&again));
    CHECK_EQ(again, inst);
    again = 0;
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(&again));
    CHECK(again == 0 || again == JET_instanceNil);
    JET_RSTINFO_A bad;
    memset(&bad, 0, sizeof bad);
    bad.cbStruct = 1;
    CHECK_ERR(JET_errAlreadyInitialized, JetInit3A(&inst, &bad, 0)); /* before the rstinfo check */
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(inst_init_multi_rules) {
    /* S-INST-03: multi-instance mode: NULL → -1081; a handle that is not live → -1003; an
     * initialized instance → -1030 and it stays; a created instance's handle is kept */
    JET_INSTANCE a = fixture_created("a");
    JET_INSTANCE keep = a;
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit2(NULL, 0));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit3A(NULL, NULL, 0));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit3W(NULL, NULL, 0));
    JET_RSTINFO_W badw;
    memset(&badw, 0, sizeof badw);
    badw.cbStruct = 3;
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit3W(NULL, &badw, 0)); /* mode before rstinfo */
    JET_INSTANCE forged = 0x1234;
    CHECK_ERR(JET_errInvalidParameter, JetInit(&forged));
    CHECK_EQ(forged, 0x1234);
    JET_INSTANCE dead = fixture_created("dead");
    CHECK_OK(JetTerm(dead));
    JET_INSTANCE stale = dead;
    CHECK_ERR(JET_errInvalidParameter, JetInit(&stale));
    CHECK_OK(JetInit(&a));
    CHECK_EQ(a, keep);
    JET_SESID s = fixture_session(a);
    CHECK_ERR(JET_errAlreadyInitialized, JetInit(&a));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit2(&a, 0));
    CHECK_ERR(JET_errAlreadyInitialized, JetInit3A(&a, NULL, 0));
    CHECK_EQ(a, keep);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    JET_SESID s2 = fixture_session(a);
    CHECK_OK(JetEndSession(s2, 0));
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetTerm(a));
}

TEST(inst_init_multi_allocates_unnamed) {
    /* S-INST-02 S-INST-03: in multi-instance mode JetInit(&inst) with 0 or nil creates and
     * initializes an unnamed instance; a second unnamed one collides (-1086) */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_INSTANCE x = 0;
    CHECK_OK(JetInit(&x));
    CHECK(x != 0 && x != JET_instanceNil && x != a);
    JET_SESID s = fixture_session(x);
    JET_INSTANCE y = JET_instanceNil;
    CHECK_ERR(JET_errInstanceNameInUse, JetInit(&y));
    JET_INSTANCE z = 0;
    CHECK_ERR(JET_errInstanceNameInUse, JetCreateInstance(&z, NULL));
    CHECK_EQ(fixture_instance_count(), 2);
    JET_INSTANCE_INFO_A *pa = NULL;
    uint32_t c = 0;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    int unnamed = 0;
    for (uint32_t i = 0; i < c; i++)
        if (pa[i].hInstanceId == x) unnamed += pa[i].szInstanceName == NULL;
    CHECK_EQ(unnamed, 1);
    CHECK_OK(JetFreeBuffer((char *)pa));
    CHECK_OK(JetTerm(x));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    y = JET_instanceNil;
    CHECK_OK(JetInit(&y));
    CHECK(y != x && y != 0 && y != JET_instanceNil);
    CHECK_OK(JetTerm(y));
    CHECK_OK(JetTerm(a));
}

TEST(inst_init_rstinfo_cbstruct) {
    /* S-INST-03: a JET_RSTINFO with a wrong cbStruct → -1003 (before the mode is chosen, with
     * *pinstance left nil); the right one is accepted */
    JET_RSTINFO_A ra;
    JET_RSTINFO_W rw;
    memset(&ra, 0, sizeof ra);
    memset(&rw, 0, sizeof rw);
    static const uint32_t wrong[] = {0, 1, sizeof(JET_RSTINFO_A) - 1, sizeof(JET_RSTINFO_A) + 1,
                                     sizeof(JET_RSTINFO_A) * 2, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        JET_INSTANCE inst = 0;
        ra.cbStruct = wrong[i];
        rw.cbStruct = wrong[i];
        CHECK_ERR(JET_errInvalidParameter, JetInit3A(&inst, &ra, 0));
        CHECK_EQ(inst, JET_instanceNil);
        inst = 0;
        CHECK_ERR(JET_errInvalidParameter, JetInit3W(&inst, &rw, 0));
        CHECK_ERR(JET_errInvalidParameter, JetInit3(NULL, &ra, 0));
    }
    CHECK_EQ(fixture_instance_count(), 0);
    /* still mode none: a created instance is fine, and so is its init with a good rstinfo */
    JET_INSTANCE a = fixture_created("a");
    ra.cbStruct = 3;
    CHECK_ERR(JET_errInvalidParameter, JetInit3A(&a, &ra, 0));
    ra.cbStruct = sizeof ra;
    CHECK_OK(JetInit3A(&a, &ra, 0));
    JET_INSTANCE b = fixture_created("b");
    rw.cbStruct = sizeof rw;
    CHECK_OK(JetInit3W(&b, &rw, JET_bitReplayIgnoreMissingDB));
    JET_INSTANCE c = fixture_created("c");
    CHECK_OK(JetInit3(&c, NULL, 0));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_OK(JetTerm(c));
    /* single-instance mode with a good one */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit3A(&one, &ra, 0));
    CHECK(one != 0 && one != JET_instanceNil);
    CHECK_OK(JetTerm(one));
}

TEST(inst_init_failure_frees_single) {
    /* S-INST-03: a failure after the instance was allocated frees it and sets *pinstance = 0;
     * the process is back in mode none */
    REQUIRE_HOOKS();
    CHECK_OK(hook_failpoint("instance.init", "error:-1011", 1));
    JET_INSTANCE inst = 0;
    CHECK_ERR(JET_errOutOfMemory, JetInit(&inst));
    CHECK_EQ(inst, 0);
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_OK(hook_failpoint("instance.init", "error:-1022", 1));
    inst = JET_instanceNil;
    CHECK_ERR(JET_errDiskIO, JetInit2(&inst, 0));
    CHECK_EQ(inst, 0);
    CHECK_OK(hook_failpoint("instance.init", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfMemory, JetInit(NULL));
    CHECK_EQ(fixture_instance_count(), 0);
    /* mode none: multi-instance mode can be chosen */
    JET_INSTANCE a = 0;
    CHECK_OK(JetCreateInstance(&a, "a"));
    CHECK_OK(JetTerm(a));
    /* and single mode works once the failpoint is spent */
    CHECK_OK(JetInit(&inst));
    CHECK(inst != 0 && inst != JET_instanceNil);
    CHECK_OK(JetTerm(inst));
}

TEST(inst_init_failure_frees_created_instance) {
    /* S-INST-03 (ese-reference §3.7 step 10): a failed JetInit frees the instance it was given
     * too, and sets *pinstance = 0; with no other instance, the mode is none again */
    REQUIRE_HOOKS();
    JET_INSTANCE a = fixture_created("a");
    JET_INSTANCE h = a;
    CHECK_OK(hook_failpoint("instance.init", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfMemory, JetInit(&h));
    CHECK_EQ(h, 0);
    CHECK_ERR(JET_errInvalidInstance, JetTerm(a));
    CHECK_EQ(fixture_instance_count(), 0);
    JET_INSTANCE again = 0;
    CHECK_OK(JetCreateInstance(&again, "a")); /* the name is free */
    CHECK_OK(JetTerm(again));
    CHECK_OK(JetInit(NULL)); /* mode none before that create: single works now */
    CHECK_OK(JetTerm(0));
}

TEST(inst_init_failure_frees_allocated_multi) {
    /* S-INST-03: multi-instance mode, JetInit(&nil) allocates, fails, frees, writes 0 */
    REQUIRE_HOOKS();
    JET_INSTANCE b = fixture_running("b", -1);
    JET_INSTANCE x = JET_instanceNil;
    CHECK_OK(hook_failpoint("instance.init", "error:-1011", 1));
    CHECK_ERR(JET_errOutOfMemory, JetInit(&x));
    CHECK_EQ(x, 0);
    CHECK_EQ(fixture_instance_count(), 1);
    x = 0;
    CHECK_OK(JetInit(&x)); /* the unnamed slot is free again */
    CHECK_EQ(fixture_instance_count(), 2);
    /* a failure that is not after allocation leaves the other instances alone */
    JET_SESID s = fixture_session(b);
    CHECK_OK(JetTerm(x));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(b));
}

/* ---- S-INST-04/05/06: JetTerm -------------------------------------------------------------- */

TEST(inst_term_created_never_initialized) {
    /* S-INST-04: JetTerm of a created, never-initialized instance frees it and returns 0 */
    JET_INSTANCE a = fixture_created("a"), b = fixture_created("b");
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(a));
    JET_INSTANCE stale = a;
    CHECK_ERR(JET_errInvalidParameter, JetInit(&stale)); /* multi mode: not a live instance */
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetTerm2(b, JET_bitTermDirty)); /* never initialized: nothing to shut down */
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_OK(JetInit(NULL)); /* last one freed: mode none */
    CHECK_OK(JetTerm(0));
}

TEST(inst_term_zero_without_instance) {
    /* S-INST-04: JetTerm(0) and JetTerm2(0, 0) with no instance at all return 0 */
    CHECK_OK(JetTerm(0));
    CHECK_OK(JetTerm2(0, 0));
    CHECK_OK(JetTerm2(0, JET_bitTermComplete));
    /* after the single instance was termed through 0 */
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
    CHECK_OK(JetTerm(0));
    CHECK_OK(JetTerm2(0, 0));
    /* after multi-instance mode ended */
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_term_zero_and_nil_by_mode) {
    /* S-INST-04 S-HDL-04: in multi-instance mode 0/nil name nothing (-1003); in single-instance
     * mode they name the single instance */
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_ERR(JET_errInvalidParameter, JetTerm(0));
    CHECK_ERR(JET_errInvalidParameter, JetTerm(JET_instanceNil));
    CHECK_ERR(JET_errInvalidParameter, JetTerm2(0, 0));
    CHECK_ERR(JET_errInvalidParameter, JetTerm2(JET_instanceNil, JET_bitTermDirty));
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetInit(NULL));
    JET_SESID s = fixture_session(0);
    CHECK_OK(JetTerm2(JET_instanceNil, JET_bitTermComplete));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_term_open_transaction_too_many_active_users) {
    /* S-INST-04 S-INST-05: JetTerm, and JetTerm2 with 0, Complete or Abrupt, while a session has
     * an open transaction → -1059; everything stays usable */
    JET_INSTANCE inst = fixture_running("t", -1);
    JET_SESID idle = fixture_session(inst), busy = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(busy));
    CHECK_OK(JetBeginTransaction(busy));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, 0));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermComplete));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermAbrupt));
    /* fully usable: levels kept, new sessions, transactions, parameters */
    CHECK_EQ(fixture_level(busy), 2);
    CHECK_OK(JetCommitTransaction(busy, 0));
    CHECK_EQ(fixture_level(busy), 1);
    JET_SESID fresh = fixture_session(inst), dup = 0;
    CHECK_OK(JetDupSession(idle, &dup));
    CHECK_OK(JetBeginTransaction(idle));
    CHECK_OK(JetRollback(idle, 0));
    CHECK_OK(JetSetSessionContext(fresh, 99));
    CHECK_OK(JetResetSessionContext(fresh));
    CHECK_OK(JetEndSession(fresh, 0));
    JET_API_PTR v = 0;
    CHECK_OK(JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &v, NULL, 0));
    CHECK_EQ(v, 16);
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_OK(JetCommitTransaction(busy, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(busy, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(dup, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(idle, 0));
}

TEST(inst_term_open_readonly_transaction) {
    /* S-INST-05: a read-only transaction counts too */
    JET_INSTANCE inst = fixture_running("ro", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermComplete));
    CHECK_EQ(fixture_level(s), 1);
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetBeginTransaction3(s, 12345, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetTerm2(inst, JET_bitTermComplete));
    CHECK_ERR(JET_errInvalidSesid, JetGetVersion(s, &(uint32_t){0}));
}

TEST(inst_term_one_busy_session_among_many) {
    /* S-INST-05 S-INST-06: one open transaction among many sessions, on another thread's
     * session or a nested level, blocks the term; other instances are not concerned */
    JET_INSTANCE a = fixture_running("a", -1), b = fixture_running("b", -1);
    JET_SESID sa[10], sb = fixture_session(b);
    for (int i = 0; i < 10; i++) sa[i] = fixture_session(a);
    CHECK_OK(JetBeginTransaction(sb)); /* a transaction on another instance does not count */
    CHECK_OK(JetBeginTransaction(sa[7]));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(a));
    for (int i = 0; i < 10; i++) CHECK_EQ(fixture_level(sa[i]), i == 7 ? 1 : 0);
    CHECK_OK(JetRollback(sa[7], JET_bitRollbackAll));
    CHECK_OK(JetTerm(a));
    for (int i = 0; i < 10; i++) CHECK_ERR(JET_errInvalidSesid, JetEndSession(sa[i], 0));
    CHECK_EQ(fixture_level(sb), 1);
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(b));
    CHECK_OK(JetCommitTransaction(sb, 0));
    CHECK_OK(JetTerm(b));
}

TEST(inst_term2_never_rejects_a_grbit) {
    /* S-INST-04: JetTerm2 accepts any grbit (no -900) */
    static const JET_GRBIT bits[] = {0, JET_bitTermComplete, JET_bitTermAbrupt, JET_bitTermStopBackup,
                                     0x10, 0x100, 0x80000000u, 0xFFFFFFF0u, 0x7};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        JET_INSTANCE inst = fixture_running("g", -1);
        JET_SESID s = fixture_session(inst);
        CHECK_OK(JetTerm2(inst, bits[i]));
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
        CHECK_ERR(JET_errInvalidInstance, JetTerm2(inst, bits[i]));
    }
}

TEST(inst_term_ends_every_session) {
    /* S-INST-06 S-HDL-02: JetTerm ends every session (begun, duplicated, with a context set)
     * and frees the instance; all their handles become stale */
    JET_INSTANCE a = fixture_running("a", -1), b = fixture_running("b", -1);
    JET_SESID s[8];
    for (int i = 0; i < 4; i++) s[i] = fixture_session(a);
    CHECK_OK(JetDupSession(s[0], &s[4]));
    CHECK_OK(JetDupSession(s[4], &s[5]));
    CHECK_OK(JetSetSessionContext(s[1], 0x42));
    CHECK_OK(JetBeginTransaction(s[2]));
    CHECK_OK(JetCommitTransaction(s[2], 0));
    s[6] = fixture_session(b);
    s[7] = fixture_session(b);
    CHECK_OK(JetTerm(a));
    for (int i = 0; i < 6; i++) session_apis_reject(s[i], "session of a termed instance");
    CHECK_ERR(JET_errInvalidInstance, JetTerm(a));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(a, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    /* the other instance is untouched */
    CHECK_OK(JetBeginTransaction(s[6]));
    CHECK_OK(JetCommitTransaction(s[6], 0));
    CHECK_OK(JetEndSession(s[7], 0));
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetTerm(b));
    session_apis_reject(s[6], "session of the second termed instance");
}

TEST(inst_term_dirty_discards_transactions) {
    /* S-INST-06: JET_bitTermDirty skips the transaction check, ends everything, frees the
     * instance and returns -1116 */
    JET_INSTANCE inst = fixture_running("dirty", -1);
    JET_SESID s1 = fixture_session(inst), s2 = fixture_session(inst), s3 = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetBeginTransaction2(s2, JET_bitTransactionReadOnly));
    CHECK_OK(JetSetSessionContext(s3, 5));
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    session_apis_reject(s1, "s1 after dirty term");
    session_apis_reject(s2, "s2 after dirty term");
    session_apis_reject(s3, "s3 after dirty term");
    CHECK_ERR(JET_errInvalidInstance, JetTerm2(inst, JET_bitTermDirty));
    CHECK_EQ(fixture_instance_count(), 0);
    CHECK_OK(JetInit(NULL)); /* mode none */
    CHECK_OK(JetTerm(0));
}

TEST(inst_term_dirty_without_transactions) {
    /* S-INST-06: the dirty term completes and reports -1116 even with nothing open; with other
     * bits too */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(a, JET_bitTermDirty));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    JET_INSTANCE b = fixture_running("b", -1);
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(b, JET_bitTermDirty | JET_bitTermComplete));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(b));
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    s = fixture_session(one);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(0, JET_bitTermDirty | JET_bitTermAbrupt));
    CHECK_ERR(JET_errInvalidSesid, JetRollback(s, 0));
    CHECK_EQ(fixture_instance_count(), 0);
}

/* ---- S-INST-08/09/10: stop service --------------------------------------------------------- */

TEST(inst_stop_service_single_mode) {
    /* S-INST-08 S-INST-10: JetStopService stops the single instance permanently */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetStopService());
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(0, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSessionW(JET_instanceNil, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(s));
    CHECK_OK(JetStopService()); /* again: still stopped */
    CHECK_ERR(JET_errClientRequestToStopJetService, JetStopServiceInstance2(0, JET_bitStopServiceResume));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(0, &x, NULL, NULL));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
    /* a new single instance is not stopped */
    CHECK_OK(JetInit(NULL));
    s = fixture_session(0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(0));
}

TEST(inst_stop_service_by_mode) {
    /* S-INST-08: JetStopService: no instance → -1003; multi-instance mode → -1081 */
    CHECK_ERR(JET_errInvalidParameter, JetStopService());
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetStopService());
    JET_SESID s = fixture_session(a); /* not stopped by the refused call */
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidParameter, JetStopService());
    JET_SETSYSPARAM_W p = {JET_paramMaxSessions, 16, NULL, 0};
    CHECK_OK(JetEnableMultiInstanceW(&p, 1, NULL));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetStopService());
}

TEST(inst_stop_service_instance_multi) {
    /* S-INST-08 S-HDL-04: JetStopServiceInstance(i) and JetStopServiceInstance2(i, All) stop
     * one instance; others go on; bad handles are rejected */
    JET_INSTANCE a = fixture_running("a", -1), b = fixture_running("b", -1), c = fixture_running("c", -1);
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_OK(JetStopServiceInstance2(b, JET_bitStopServiceAll));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(b, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    JET_SESID s = fixture_session(c);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance(0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance2(JET_instanceNil, 0));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance(0x1234));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance2((JET_INSTANCE)s, 0));
    JET_INSTANCE d = fixture_created("d");
    CHECK_OK(JetTerm(d));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance(d));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance2(d, JET_bitStopServiceQuiesceCaches));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_OK(JetTerm(c));
}

TEST(inst_stop_service_created_instance) {
    /* S-INST-08 S-SES-01: allowed on a created, not yet initialized instance; the stop flag is
     * checked before "not initialized" */
    JET_INSTANCE a = fixture_created("a"), b = fixture_created("b");
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_OK(JetStopServiceInstance2(b, STOP_AND_EMIT_LOG));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(b, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_stop_service2_invalid_grbits) {
    /* S-INST-09: bits outside {0x2, 0x4, 0x8, 0x80000000} → -900; 0x8 must stand alone; a
     * rejected call stops nothing */
    static const JET_GRBIT bad[] = {0x1, 0x10, 0x20, 0x100, 0x40000000u, 0xFFFFFFFFu, 0x3,
                                    STOP_AND_EMIT_LOG | JET_bitStopServiceBackgroundUserTasks,
                                    STOP_AND_EMIT_LOG | JET_bitStopServiceQuiesceCaches,
                                    STOP_AND_EMIT_LOG | JET_bitStopServiceResume,
                                    JET_bitStopServiceResume | 0x1};
    JET_INSTANCE a = fixture_running("a", -1);
    JET_INSTANCE c = fixture_created("c");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_ERR(JET_errInvalidGrbit, JetStopServiceInstance2(a, bad[i]));
        CHECK_ERR(JET_errInvalidGrbit, JetStopServiceInstance2(c, bad[i]));
    }
    JET_SESID s = fixture_session(a);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(c));
    /* single-instance mode, through 0 */
    CHECK_OK(JetInit(NULL));
    CHECK_ERR(JET_errInvalidGrbit, JetStopServiceInstance2(0, 0x1));
    s = fixture_session(0);
    CHECK_OK(JetTerm(0));
}

TEST(inst_stop_service2_pause_bits_block_nothing) {
    /* S-INST-09: BackgroundUserTasks and QuiesceCaches (alone, together, and their Resume)
     * succeed and block no API; Resume alone without a full stop succeeds too */
    static const JET_GRBIT ok[] = {
        JET_bitStopServiceBackgroundUserTasks,
        JET_bitStopServiceQuiesceCaches,
        JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches,
        JET_bitStopServiceResume | JET_bitStopServiceBackgroundUserTasks,
        JET_bitStopServiceResume | JET_bitStopServiceQuiesceCaches,
        JET_bitStopServiceResume | JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches,
        JET_bitStopServiceBackgroundUserTasks,
        JET_bitStopServiceResume,
    };
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        CHECK_OK(JetStopServiceInstance2(a, ok[i]));
        JET_SESID t = 0, d = 0;
        CHECK_OK(JetBeginSession(a, &t, NULL, NULL));
        CHECK_OK(JetDupSession(t, &d));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_OK(JetCommitTransaction2(s, 0, 0, NULL));
        CHECK_OK(JetSetSessionContext(t, 3));
        CHECK_OK(JetResetSessionContext(t));
        uint32_t corr = 5;
        CHECK_OK(JetSetSessionParameter(t, JET_sesparamCorrelationID, &corr, sizeof corr));
        CHECK_OK(JetEndSession(t, 0));
        CHECK_OK(JetEndSession(d, 0));
    }
    /* on a created instance as well, which then initializes normally */
    JET_INSTANCE c = fixture_created("c");
    CHECK_OK(JetStopServiceInstance2(c, JET_bitStopServiceQuiesceCaches));
    CHECK_OK(JetInit(&c));
    JET_SESID t = fixture_session(c);
    CHECK_OK(JetEndSession(t, 0));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(c));
}

TEST(inst_stop_service2_stop_and_emit_log) {
    /* S-INST-09 S-INST-08: 0x8 alone stops like All */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    CHECK_OK(JetStopServiceInstance2(a, STOP_AND_EMIT_LOG));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(s));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetStopServiceInstance2(a, JET_bitStopServiceResume));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(a));
}

TEST(inst_stop_service_is_permanent) {
    /* S-INST-08 S-INST-09: Resume never clears a full stop; Resume alone → -1329; Resume of
     * the pause bits still succeeds; stopping again succeeds */
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_OK(JetStopServiceInstance2(a, JET_bitStopServiceBackgroundUserTasks));
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetStopServiceInstance2(a, JET_bitStopServiceResume));
    CHECK_OK(JetStopServiceInstance2(a, JET_bitStopServiceResume | JET_bitStopServiceBackgroundUserTasks));
    CHECK_OK(JetStopServiceInstance2(a, JET_bitStopServiceResume | JET_bitStopServiceQuiesceCaches));
    CHECK_OK(JetStopServiceInstance2(a, JET_bitStopServiceQuiesceCaches));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetStopServiceInstance2(a, JET_bitStopServiceResume));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_OK(JetStopServiceInstance2(a, 0));
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    CHECK_OK(JetTerm(a));
}

TEST(inst_after_stop_blocked_calls) {
    /* S-INST-10: after a full stop, begin/dup session, begin/commit transaction, set session
     * context and set session parameter → -1329, with no effect */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID idle = fixture_session(a), busy = fixture_session(a);
    CHECK_OK(JetBeginTransaction(busy));
    CHECK_OK(JetBeginTransaction(busy));
    CHECK_OK(JetStopServiceInstance(a));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSessionA(a, &x, "u", "p"));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSessionW(a, &x, WS("u"), WS("p")));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, NULL, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(idle, &x));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetDupSession(busy, &x));
    CHECK_EQ(x, 0x77);
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(idle));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction2(idle, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction3(idle, 7, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(busy));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(busy, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(busy, JET_bitCommitLazyFlush));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction2(busy, 0, 0, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(idle, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetSetSessionContext(idle, 0x99));
    uint32_t corr = 9;
    CHECK_ERR(JET_errClientRequestToStopJetService,
              JetSetSessionParameter(idle, JET_sesparamCorrelationID, &corr, sizeof corr));
    uint32_t cd = JET_bitCommitLazyFlush;
    CHECK_ERR(JET_errClientRequestToStopJetService,
              JetSetSessionParameter(busy, JET_sesparamCommitDefault, &cd, sizeof cd));
    /* no effect */
    CHECK_EQ(fixture_level(idle), 0);
    CHECK_EQ(fixture_level(busy), 2);
    uint32_t got = 1234, cb = 0;
    CHECK_OK(JetGetSessionParameter(idle, JET_sesparamCorrelationID, &got, sizeof got, &cb));
    CHECK_EQ(got, 0);
    CHECK_ERR(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(idle));
    CHECK_OK(JetRollback(busy, JET_bitRollbackAll));
    CHECK_OK(JetTerm(a));
}

TEST(inst_after_stop_working_calls) {
    /* S-INST-10: after a full stop, end session, rollback, reset session context, get session
     * parameter, Set/GetSystemParameter and JetTerm keep working */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s1 = fixture_session(a), s2 = fixture_session(a), s3 = fixture_session(a), s4 = fixture_session(a);
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetSetSessionContext(s2, 0x42));
    CHECK_OK(JetBeginTransaction(s4));
    CHECK_OK(JetStopServiceInstance(a));
    int32_t lv = -1;
    uint32_t cb = 0;
    CHECK_OK(JetGetSessionParameter(s1, JET_sesparamTransactionLevel, &lv, sizeof lv, &cb));
    CHECK_EQ(lv, 3);
    CHECK_EQ(cb, 4);
    CHECK_OK(JetRollback(s1, 0));
    CHECK_EQ(fixture_level(s1), 2);
    CHECK_OK(JetRollback(s1, JET_bitRollbackAll));
    CHECK_EQ(fixture_level(s1), 0);
    CHECK_OK(JetResetSessionContext(s2));
    CHECK_OK(JetEndSession(s2, 0));
    CHECK_OK(JetEndSession(s1, 0));
    CHECK_OK(JetEndSession(s4, 0)); /* with its transaction still open */
    JET_API_PTR v = 0;
    CHECK_OK(JetSetSystemParameter(&a, 0, JET_paramDbExtensionSize, 512, NULL));
    CHECK_OK(JetGetSystemParameter(a, 0, JET_paramDbExtensionSize, &v, NULL, 0));
    CHECK_EQ(v, 512);
    CHECK_OK(JetSetSystemParameter(NULL, s3, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_OK(JetGetSystemParameter(0, s3, JET_paramCommitDefault, &v, NULL, 0));
    CHECK_EQ(v, JET_bitCommitLazyFlush);
    CHECK_OK(JetGetSystemParameter(0, s3, JET_paramTransactionLevel, &v, NULL, 0));
    CHECK_EQ(v, 0);
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s3, 0));
}

TEST(inst_after_stop_term_still_checks_transactions) {
    /* S-INST-10 S-INST-05: JetTerm after a stop still refuses open transactions, and works once
     * they are rolled back */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(a));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetTerm(a));
    CHECK_ERR(JET_errInvalidSesid, JetRollback(s, 0));
}

/* ---- S-INST-11: JetEnableMultiInstance ----------------------------------------------------- */

static JET_API_PTR gval(JET_INSTANCE inst, uint32_t id) {
    JET_API_PTR v = 0xDEAD;
    CHECK_OK(JetGetSystemParameter(inst, 0, id, &v, NULL, 0));
    return v;
}

static int gstr_is(JET_INSTANCE inst, uint32_t id, const char *want) {
    char buf[300];
    JET_API_PTR lp = 0;
    JET_ERR r = JetGetSystemParameterA(inst, 0, id, &lp, buf, sizeof buf);
    return r == JET_errSuccess && strcmp(buf, want) == 0;
}

TEST(inst_enable_multi_instance_success_a) {
    /* S-INST-11 S-INST-01: every element set globally, err 0 each, count written, mode multi */
    JET_SETSYSPARAM_A p[] = {
        {JET_paramMaxInstances, 3, NULL, 777},
        {JET_paramDatabasePageSize, 8192, NULL, 777},
        {JET_paramCacheSizeMax, 4000, NULL, 777},
        {JET_paramBaseName, 0, "abc", 777},
        {JET_paramSystemPath, 0, "/srv/db/", 777},
        {JET_paramLogFileSize, 2048, NULL, 777},
    };
    uint32_t n = 999;
    CHECK_OK(JetEnableMultiInstanceA(p, 6, &n));
    CHECK_EQ(n, 6);
    for (int i = 0; i < 6; i++) CHECK_EQ(p[i].err, 0);
    CHECK_EQ(gval(0, JET_paramMaxInstances), 3);
    CHECK_EQ(gval(0, JET_paramDatabasePageSize), 8192);
    CHECK_EQ(gval(0, JET_paramCacheSizeMax), 4000);
    CHECK_EQ(gval(0, JET_paramLogFileSize), 2048);
    CHECK(gstr_is(0, JET_paramBaseName, "abc"));
    CHECK(gstr_is(0, JET_paramSystemPath, "/srv/db/"));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
    /* instances copy the new globals, and the new MaxInstances is the limit */
    JET_INSTANCE a = fixture_created("a"), b = fixture_created("b"), c = fixture_created("c"), d = 0;
    CHECK(gstr_is(a, JET_paramBaseName, "abc"));
    CHECK_EQ(gval(b, JET_paramLogFileSize), 2048);
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&d, "d"));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_OK(JetTerm(c));
}

TEST(inst_enable_multi_instance_success_w) {
    /* S-INST-11: the W form, with UTF-16 strings; the unsuffixed name is the A form */
    JET_SETSYSPARAM_W p[] = {
        {JET_paramBaseName, 0, WS("wid"), 1},
        {JET_paramEventSource, 0, WS("caf\u00e9"), 1},
        {JET_paramMaxSessions, 100, NULL, 1},
    };
    uint32_t n = 0;
    CHECK_OK(JetEnableMultiInstanceW(p, 3, &n));
    CHECK_EQ(n, 3);
    CHECK(p[0].err == 0 && p[1].err == 0 && p[2].err == 0);
    CHECK(gstr_is(0, JET_paramBaseName, "wid"));
    CHECK(gstr_is(0, JET_paramEventSource, "caf\xc3\xa9"));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 100);
    JET_SETSYSPARAM_A same = {JET_paramMaxSessions, 100, NULL, 0};
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstance(&same, 1, NULL));
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
}

TEST(inst_enable_multi_instance_stops_at_first_failure) {
    /* S-INST-11: the first failure stops the call; processed elements get their err, later ones
     * are untouched; *pcsetsucceed counts the successes; earlier values stay; mode stays none */
    JET_SETSYSPARAM_A p[] = {
        {JET_paramSystemPath, 0, "/first/", 4242},
        {JET_paramLogFileSize, 1024, NULL, 4242},
        {JET_paramMaxSessions, 40000, NULL, 4242},
        {JET_paramBaseName, 0, "xyz", 4242},
    };
    uint32_t n = 999;
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(p, 4, &n));
    CHECK_EQ(n, 2);
    CHECK_EQ(p[0].err, 0);
    CHECK_EQ(p[1].err, 0);
    CHECK_EQ(p[2].err, JET_errInvalidParameter);
    CHECK_EQ(p[3].err, 4242);
    CHECK(gstr_is(0, JET_paramSystemPath, "/first/"));
    CHECK_EQ(gval(0, JET_paramLogFileSize), 1024);
    CHECK_EQ(gval(0, JET_paramMaxSessions), 16);
    CHECK(gstr_is(0, JET_paramBaseName, "edb"));
    /* first element failing: nothing set, count 0 */
    JET_SETSYSPARAM_W q[] = {
        {185, 1, NULL, 4242},
        {JET_paramLogFileSize, 4096, NULL, 4242},
    };
    n = 999;
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceW(q, 2, &n));
    CHECK_EQ(n, 0);
    CHECK_EQ(q[0].err, JET_errInvalidParameter);
    CHECK_EQ(q[1].err, 4242);
    CHECK_EQ(gval(0, JET_paramLogFileSize), 1024);
    /* readonly id and too-short string fail the same way */
    JET_SETSYSPARAM_A r[] = {{JET_paramCircularLog, 1, NULL, 4242}, {JET_paramMaxColtyp, 19, NULL, 4242}};
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(r, 2, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(r[1].err, JET_errInvalidParameter);
    JET_SETSYSPARAM_A t[] = {{JET_paramBaseName, 0, "ab", 4242}};
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(t, 1, NULL));
    CHECK_EQ(t[0].err, JET_errInvalidParameter);
    /* still mode none: single-instance mode can be chosen */
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
}

TEST(inst_enable_multi_instance_repeat) {
    /* S-INST-11: a second call in multi-instance mode: -1082 when every value matches, -1087
     * otherwise; nothing is changed */
    JET_SETSYSPARAM_A p[] = {{JET_paramMaxSessions, 30, NULL, 0}, {JET_paramBaseName, 0, "abc", 0}};
    CHECK_OK(JetEnableMultiInstanceA(p, 2, NULL));
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(p, 2, NULL));
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(p, 1, NULL));
    JET_SETSYSPARAM_W pw[] = {{JET_paramBaseName, 0, WS("abc"), 0}};
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceW(pw, 1, NULL));
    JET_SETSYSPARAM_A q[] = {{JET_paramMaxSessions, 30, NULL, 0}, {JET_paramBaseName, 0, "xyz", 0}};
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(q, 2, NULL));
    JET_SETSYSPARAM_A r[] = {{JET_paramMaxSessions, 31, NULL, 0}};
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(r, 1, NULL));
    /* an unset parameter at its default value matches */
    JET_SETSYSPARAM_A d[] = {{JET_paramLogFileSize, 5120, NULL, 0}};
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(d, 1, NULL));
    d[0].lParam = 1024;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(d, 1, NULL));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 30);
    CHECK_EQ(gval(0, JET_paramLogFileSize), 5120);
    CHECK(gstr_is(0, JET_paramBaseName, "abc"));
    /* multi-instance mode entered through JetCreateInstance: the same rules */
    JET_INSTANCE a = fixture_created("a");
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(p, 2, NULL));
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(r, 1, NULL));
    CHECK_OK(JetTerm(a));
    /* back in mode none, the call works again */
    CHECK_OK(JetEnableMultiInstanceA(r, 1, NULL));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 31);
}

TEST(inst_enable_multi_instance_repeat_counts_and_stops) {
    /* S-INST-11 (jetapi.cxx JetEnableMultiInstanceEx): a repeated call counts the matching
     * elements in *pcsetsucceed, gives each err 0, and stops at the first that differs (-1087 in
     * its err); a global fixed parameter never set, or set before and missing, is a conflict.
     * This is what SvcInitSample prints on Windows ("-1082 / 3", "-1087 / 2"). */
    JET_SETSYSPARAM_A x[] = {
        {JET_paramConfiguration, JET_configDynamicMediumMemory | JET_configMediumDiskFootprint, NULL, 4242},
        {JET_paramMaxInstances, 3, NULL, 4242},
        {JET_paramDatabasePageSize, 16 * 1024, NULL, 4242},
    };
    uint32_t n = 99;
    CHECK_OK(JetEnableMultiInstanceA(x, 3, &n));
    CHECK_EQ(n, 3);
    for (int i = 0; i < 3; i++) x[i].err = 4242;
    n = 99;
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(x, 3, &n));
    CHECK_EQ(n, 3);
    for (int i = 0; i < 3; i++) CHECK_EQ(x[i].err, 0);
    JET_SETSYSPARAM_A z[] = {
        {JET_paramConfiguration, JET_configDynamicMediumMemory | JET_configMediumDiskFootprint, NULL, 4242},
        {JET_paramMaxInstances, 3, NULL, 4242},
        {JET_paramDatabasePageSize, 32 * 1024, NULL, 4242},
        {JET_paramEnableFileCache, 0, NULL, 4242},
    };
    n = 99;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(z, 4, &n));
    CHECK_EQ(n, 2);
    CHECK_EQ(z[0].err, 0);
    CHECK_EQ(z[1].err, 0);
    CHECK_EQ(z[2].err, JET_errSystemParameterConflict);
    CHECK_EQ(z[3].err, 4242); /* not reached */
    /* a global fixed parameter never set: a conflict even at its default value */
    JET_SETSYSPARAM_A f[] = {{JET_paramEnableFileCache, 0, NULL, 4242}};
    n = 99;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(f, 1, &n));
    CHECK_EQ(n, 0);
    CHECK_EQ(f[0].err, JET_errSystemParameterConflict);
    /* every element matches but a global fixed one set before is missing */
    n = 99;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(x, 2, &n));
    CHECK_EQ(n, 2);
    /* an id past the table: -1003, its err untouched */
    JET_SETSYSPARAM_A bad[] = {{JET_paramMaxValueInvalid, 0, NULL, 4242}};
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(bad, 1, &n));
    CHECK_EQ(bad[0].err, 4242);
    CHECK_EQ(gval(0, JET_paramDatabasePageSize), 16 * 1024);
}

TEST(inst_enable_multi_instance_configuration_default_bit) {
    /* S-INST-11: JET_paramConfiguration is compared without JET_configDefault: in a mode
     * entered by JetCreateInstance its default (1) reads as 0 */
    JET_INSTANCE a = fixture_created("a");
    JET_SETSYSPARAM_A c[] = {{JET_paramConfiguration, 0, NULL, 4242}};
    uint32_t n = 99;
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(c, 1, &n));
    CHECK_EQ(n, 1);
    c[0].lParam = JET_configDefault;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(c, 1, &n));
    CHECK_EQ(n, 0);
    CHECK_OK(JetTerm(a));
}

TEST(inst_enable_multi_instance_repeat_after_create) {
    /* S-INST-11: in multi-instance mode entered by JetCreateInstance, defaults match (-1082) */
    JET_INSTANCE a = fixture_created("a");
    JET_SETSYSPARAM_A d[] = {{JET_paramMaxSessions, 16, NULL, 0}, {JET_paramBaseName, 0, "edb", 0}};
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(d, 2, NULL));
    d[0].lParam = 17;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(d, 2, NULL));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 16);
    CHECK_OK(JetTerm(a));
}

TEST(inst_enable_multi_instance_single_mode) {
    /* S-INST-11: in single-instance mode → -1080 (matching values or not) */
    CHECK_OK(JetInit(NULL));
    JET_SETSYSPARAM_A p[] = {{JET_paramMaxSessions, 16, NULL, 0}};
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetEnableMultiInstanceA(p, 1, NULL));
    JET_SETSYSPARAM_W q[] = {{JET_paramMaxSessions, 17, NULL, 0}};
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetEnableMultiInstanceW(q, 1, NULL));
    CHECK_ERR(JET_errRunningInOneInstanceMode, JetEnableMultiInstanceW(NULL, 0, NULL));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 16);
    CHECK_OK(JetTerm(0));
}

TEST(inst_enable_multi_instance_a_count_rules) {
    /* S-INST-11 (ese-reference §3.9 step 1): the A form rejects a NULL array with a count and a
     * non-NULL array with count 0 (-1003), before the mode checks */
    JET_SETSYSPARAM_A p[] = {{JET_paramMaxSessions, 20, NULL, 0}};
    uint32_t n = 5;
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(NULL, 1, &n));
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(NULL, 3, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(p, 0, &n));
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstance(p, 0, NULL));
    CHECK_EQ(gval(0, JET_paramMaxSessions), 16);
    /* still mode none */
    CHECK_OK(JetInit(NULL));
    /* before the mode checks: single-instance mode */
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(NULL, 1, &n));
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(p, 0, &n));
    CHECK_OK(JetTerm(0));
    /* and multi-instance mode */
    JET_INSTANCE a = fixture_created("a");
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(NULL, 1, &n));
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(p, 0, &n));
    CHECK_OK(JetTerm(a));
}

TEST(inst_enable_multi_instance_w_count_rules) {
    /* S-INST-11 (ese-reference §3.9 step 2): W rejects only a NULL array with a count; an empty
     * list succeeds and enters multi-instance mode */
    uint32_t n = 5;
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceW(NULL, 2, &n));
    CHECK_OK(JetEnableMultiInstanceW(NULL, 0, &n));
    CHECK_EQ(n, 0);
    CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceW(NULL, 0, &n));
}

TEST(inst_enable_multi_instance_invalid_strings) {
    /* S-INST-11 (S-ABI-06): a string that is not UTF-8 (A) or UTF-16 (W) → -602 */
    static const WCHAR lone[] = {0xD800, 'b', 'c', 0};
    JET_SETSYSPARAM_A p[] = {{JET_paramBaseName, 0, "\xff\xfe\xfd", 0}};
    CHECK_ERR(JET_errUnicodeTranslationFail, JetEnableMultiInstanceA(p, 1, NULL));
    JET_SETSYSPARAM_W q[] = {{JET_paramBaseName, 0, lone, 0}};
    CHECK_ERR(JET_errUnicodeTranslationFail, JetEnableMultiInstanceW(q, 1, NULL));
    CHECK(gstr_is(0, JET_paramBaseName, "edb"));
}

/* ---- S-INST-12: JetGetInstanceInfo --------------------------------------------------------- */

TEST(inst_instance_info_no_instance_and_null_arguments) {
    /* S-INST-12: no instance → *pc = 0, *pa = NULL; NULL arguments → -1003 */
    uint32_t c = 77;
    JET_INSTANCE_INFO_A *pa = (JET_INSTANCE_INFO_A *)&c;
    JET_INSTANCE_INFO_W *pw = (JET_INSTANCE_INFO_W *)&c;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    CHECK_EQ(c, 0);
    CHECK(pa == NULL);
    c = 77;
    CHECK_OK(JetGetInstanceInfoW(&c, &pw));
    CHECK_EQ(c, 0);
    CHECK(pw == NULL);
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoA(NULL, &pa));
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoA(&c, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoW(NULL, &pw));
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoW(&c, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfo(NULL, NULL));
    JET_INSTANCE a = fixture_created("a");
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoA(NULL, &pa));
    CHECK_ERR(JET_errInvalidParameter, JetGetInstanceInfoW(&c, NULL));
    CHECK_OK(JetTerm(a));
    /* after the last instance is gone, empty again */
    c = 77;
    pa = (JET_INSTANCE_INFO_A *)&c;
    CHECK_OK(JetGetInstanceInfo(&c, &pa));
    CHECK_EQ(c, 0);
    CHECK(pa == NULL);
}

TEST(inst_instance_info_lists_every_instance_a) {
    /* S-INST-12: handle and name of every live instance, created ones included; cDatabases 0 */
    JET_INSTANCE h[4];
    const char *names[4] = {"alpha", NULL, "", "caf\xc3\xa9"};
    for (int i = 0; i < 4; i++) CHECK_OK(JetCreateInstance(&h[i], names[i]));
    CHECK_OK(JetInit(&h[0]));
    CHECK_OK(JetInit(&h[3]));
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *pa = NULL;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    CHECK_EQ(c, 4);
    int seen[4] = {0};
    for (uint32_t k = 0; pa && k < c; k++) {
        CHECK_EQ(pa[k].cDatabases, 0);
        for (int i = 0; i < 4; i++) {
            if (pa[k].hInstanceId != h[i]) continue;
            seen[i]++;
            if (names[i] == NULL) CHECK(pa[k].szInstanceName == NULL);
            else CHECK(pa[k].szInstanceName != NULL && strcmp(pa[k].szInstanceName, names[i]) == 0);
        }
    }
    for (int i = 0; i < 4; i++) CHECK_EQ(seen[i], 1);
    CHECK_OK(JetFreeBuffer((char *)pa));
    /* termed ones disappear */
    CHECK_OK(JetTerm(h[0]));
    CHECK_OK(JetTerm(h[1]));
    CHECK_OK(JetGetInstanceInfo(&c, &pa));
    CHECK_EQ(c, 2);
    for (uint32_t k = 0; pa && k < c; k++) CHECK(pa[k].hInstanceId == h[2] || pa[k].hInstanceId == h[3]);
    CHECK_OK(JetFreeBuffer((char *)pa));
    CHECK_OK(JetTerm(h[2]));
    CHECK_OK(JetTerm(h[3]));
}

TEST(inst_instance_info_lists_every_instance_w) {
    /* S-INST-12: the W form gives UTF-16 names */
    JET_INSTANCE a = 0, b = 0, c0 = 0;
    CHECK_OK(JetCreateInstanceW(&a, WS("wide\u00e9")));
    CHECK_OK(JetCreateInstance(&b, "narrow"));
    CHECK_OK(JetCreateInstance2W(&c0, NULL, WS("display only"), 0));
    CHECK_OK(JetInit(&b));
    uint32_t c = 0;
    JET_INSTANCE_INFO_W *pw = NULL;
    CHECK_OK(JetGetInstanceInfoW(&c, &pw));
    CHECK_EQ(c, 3);
    int seen = 0;
    for (uint32_t k = 0; pw && k < c; k++) {
        CHECK_EQ(pw[k].cDatabases, 0);
        const WCHAR *n = pw[k].szInstanceName;
        if (pw[k].hInstanceId == a) {
            seen |= 1;
            CHECK(n && memcmp(n, WS("wide\u00e9"), 6 * sizeof(WCHAR)) == 0);
        } else if (pw[k].hInstanceId == b) {
            seen |= 2;
            CHECK(n && memcmp(n, WS("narrow"), 7 * sizeof(WCHAR)) == 0);
        } else if (pw[k].hInstanceId == c0) {
            seen |= 4;
            CHECK(n == NULL);
        }
    }
    CHECK_EQ(seen, 7);
    CHECK_OK(JetFreeBuffer((char *)pw));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_OK(JetTerm(c0));
}

TEST(inst_instance_info_single_mode) {
    /* S-INST-12: the single instance is listed, unnamed */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *pa = NULL;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    CHECK_EQ(c, 1);
    if (pa && c == 1) {
        CHECK_EQ(pa[0].hInstanceId, inst);
        CHECK(pa[0].szInstanceName == NULL);
        CHECK_EQ(pa[0].cDatabases, 0);
    }
    CHECK_OK(JetFreeBuffer((char *)pa));
    CHECK_OK(JetTerm(inst));
}

TEST(inst_free_buffer_rules) {
    /* S-INST-12: JetFreeBuffer(NULL) is a no-op; a pointer the library did not return, or one
     * already freed → -1003 and nothing is freed */
    CHECK_OK(JetFreeBuffer(NULL));
    char local[16];
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer(local));
    char *heap = malloc(32);
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer(heap));
    free(heap);
    JET_INSTANCE a = fixture_created("a"), b = fixture_created("b");
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *pa = NULL;
    JET_INSTANCE_INFO_W *pw = NULL;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    CHECK_OK(JetGetInstanceInfoW(&c, &pw));
    CHECK(pa != NULL && pw != NULL);
    /* a pointer inside the block is not the block */
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer((char *)pa + 1));
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer((char *)(pa + 1)));
    /* the block is intact and still freeable */
    CHECK(pa[0].hInstanceId == a || pa[0].hInstanceId == b);
    CHECK_OK(JetFreeBuffer((char *)pa));
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer((char *)pa));
    CHECK_OK(JetFreeBuffer((char *)pw));
    CHECK_ERR(JET_errInvalidParameter, JetFreeBuffer((char *)pw));
    CHECK_OK(JetFreeBuffer(NULL));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

/* ---- S-HDL: handles ------------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int all_distinct(uint64_t *v, size_t n) {
    qsort(v, n, sizeof v[0], cmp_u64);
    for (size_t i = 1; i < n; i++)
        if (v[i] == v[i - 1]) return 0;
    return 1;
}

TEST(inst_handles_never_zero_nil_or_reused) {
    /* S-HDL-01 S-HDL-02 S-HDL-03: handles are never 0 or all-bits-set, never issued twice, and
     * stale ones stay stale while new objects are made */
    enum { NI = 300, NS = 3000 };
    static uint64_t all[NI + NS];
    static JET_INSTANCE insts[NI];
    static JET_SESID sess[NS];
    size_t n = 0;
    for (int i = 0; i < NI; i++) {
        JET_INSTANCE h = 0;
        CHECK_OK(JetCreateInstance(&h, i % 2 ? "x" : NULL));
        CHECK(h != 0 && h != JET_instanceNil);
        if (i % 3 == 0) CHECK_OK(JetInit(&h));
        CHECK_OK(JetTerm(h));
        insts[i] = h;
        all[n++] = h;
    }
    JET_INSTANCE inst = fixture_running("live", -1);
    all[n++] = inst;
    for (int i = 0; i < NS - 1; i++) {
        JET_SESID s = 0;
        CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
        CHECK(s != 0 && s != JET_sesidNil);
        if (i % 2) {
            JET_SESID d = 0;
            CHECK_OK(JetDupSession(s, &d));
            CHECK_OK(JetEndSession(s, 0));
            s = d;
        }
        CHECK_OK(JetEndSession(s, 0));
        sess[i] = s;
        all[n++] = s;
    }
    CHECK(all_distinct(all, n));
    /* every old handle is stale, as is every old session */
    JET_SESID x = 0x77;
    for (int i = 0; i < NI; i++) {
        CHECK_ERR(JET_errInvalidInstance, JetTerm(insts[i]));
        CHECK_ERR(JET_errInvalidInstance, JetBeginSession(insts[i], &x, NULL, NULL));
    }
    for (int i = 0; i < NS - 1; i++) CHECK_ERR(JET_errInvalidSesid, JetEndSession(sess[i], 0));
    CHECK_EQ(x, 0x77);
    CHECK_OK(JetTerm(inst));
}

TEST(inst_handles_stale_never_names_newer) {
    /* S-HDL-02 S-HDL-04: after JetTerm, the old handle does not reach the next instance, even
     * in the same mode with the same name; the same for sessions */
    JET_INSTANCE a = fixture_running("same", -1);
    JET_SESID s = fixture_session(a);
    CHECK_OK(JetTerm(a));
    JET_INSTANCE b = fixture_running("same", -1);
    CHECK(a != b);
    JET_SESID t = fixture_session(b);
    CHECK(s != t);
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance(a));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(a));
    session_apis_reject(s, "stale session, new instance live");
    /* b was not affected by anything above */
    CHECK_OK(JetBeginTransaction(t));
    CHECK_OK(JetCommitTransaction(t, 0));
    CHECK_OK(JetBeginSession(b, &x, NULL, NULL));
    CHECK_OK(JetTerm(b));
    /* single-instance mode: the old single handle is stale too */
    JET_INSTANCE one = 0, two = 0;
    CHECK_OK(JetInit(&one));
    CHECK_OK(JetTerm(one));
    CHECK_OK(JetInit(&two));
    CHECK(one != two);
    CHECK_ERR(JET_errInvalidInstance, JetTerm(one));
    CHECK_OK(JetTerm(two));
}

TEST(inst_handles_are_not_pointers) {
    /* S-HDL-01: a handle is an opaque integer: addresses of live memory and small integers are
     * rejected without being dereferenced */
    JET_INSTANCE inst = fixture_running("p", -1);
    JET_SESID s = fixture_session(inst);
    uint64_t local[8] = {s, inst, s, inst, 0, 0, 0, 0};
    const JET_SESID fake[] = {(JET_SESID)(uintptr_t)local, (JET_SESID)(uintptr_t)&s, 0x10, 1, 0x1234,
                              (JET_SESID)(uintptr_t)&inst, (JET_SESID)(uintptr_t)JetBeginSession};
    for (size_t i = 0; i < sizeof fake / sizeof fake[0]; i++) {
        session_apis_reject(fake[i], "address or small integer as sesid");
        JET_SESID x = 0x77;
        CHECK_ERR(JET_errInvalidInstance, JetBeginSession((JET_INSTANCE)fake[i], &x, NULL, NULL));
        CHECK_ERR(JET_errInvalidInstance, JetTerm((JET_INSTANCE)fake[i]));
        CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance((JET_INSTANCE)fake[i]));
        CHECK_EQ(x, 0x77);
    }
    CHECK_EQ(local[0], s);
    CHECK_EQ(local[1], inst);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(inst_session_apis_reject_bad_sesids_in_every_mode) {
    /* S-HDL-02: stale, forged, zero, nil and non-canonical sesids → -1104 before any other check
     * (stop flag included), with no effect; in modes none, single and multi */
    session_apis_reject(0, "mode none: 0");
    session_apis_reject(JET_sesidNil, "mode none: nil");
    session_apis_reject(0x1234, "mode none: forged");
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    JET_SESID live = fixture_session(one), ended = fixture_session(one);
    CHECK_OK(JetEndSession(ended, 0));
    const JET_SESID bad1[] = {0, JET_sesidNil, 0x1234, ended, (JET_SESID)one, live ^ ((JET_SESID)1 << 63),
                              live ^ ((JET_SESID)1 << 62), live ^ ((JET_SESID)1 << 40), live | 0xFFFFFFFFull};
    for (size_t i = 0; i < sizeof bad1 / sizeof bad1[0]; i++) session_apis_reject(bad1[i], "single mode");
    CHECK_OK(JetStopService());
    for (size_t i = 0; i < sizeof bad1 / sizeof bad1[0]; i++) session_apis_reject(bad1[i], "single mode, stopped");
    CHECK_EQ(fixture_level(live), 0);
    CHECK_OK(JetTerm(one));
    session_apis_reject(live, "single mode: session of the termed instance");
    JET_INSTANCE a = fixture_running("a", -1), b = fixture_running("b", -1);
    JET_SESID sa = fixture_session(a), sb = fixture_session(b), gone = fixture_session(b);
    CHECK_OK(JetEndSession(gone, 0));
    CHECK_OK(JetBeginTransaction(sa));
    const JET_SESID bad2[] = {0, JET_sesidNil, 0x1234, gone, live, (JET_SESID)a, (JET_SESID)b,
                              sa ^ ((JET_SESID)1 << 62), sb + 0x100000000ull};
    for (size_t i = 0; i < sizeof bad2 / sizeof bad2[0]; i++) session_apis_reject(bad2[i], "multi mode");
    CHECK_OK(JetStopServiceInstance(a));
    for (size_t i = 0; i < sizeof bad2 / sizeof bad2[0]; i++) session_apis_reject(bad2[i], "multi mode, stopped");
    /* the real sessions saw no effect */
    CHECK_EQ(fixture_level(sa), 1);
    CHECK_EQ(fixture_level(sb), 0);
    CHECK_OK(JetRollback(sa, 0));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(inst_handle_kinds_never_collide) {
    /* S-HDL-03: a session handle where an instance is expected is rejected like a forged
     * instance (-1115), and the reverse like a forged sesid (-1104); nothing happens to either */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    JET_INSTANCE as_inst = (JET_INSTANCE)s;
    JET_SESID x = 0x77;
    CHECK(as_inst != a);
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(as_inst, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSessionW(as_inst, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(as_inst));
    CHECK_ERR(JET_errInvalidInstance, JetTerm2(as_inst, JET_bitTermDirty));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance(as_inst));
    CHECK_ERR(JET_errInvalidInstance, JetStopServiceInstance2(as_inst, 0));
    JET_API_PTR v = 0;
    CHECK_ERR(JET_errInvalidInstance, JetGetSystemParameter(as_inst, 0, JET_paramMaxSessions, &v, NULL, 0));
    CHECK_ERR(JET_errInvalidInstance, JetSetSystemParameter(&as_inst, 0, JET_paramDbExtensionSize, 5, NULL));
    CHECK_EQ(x, 0x77);
    session_apis_reject((JET_SESID)a, "instance handle as sesid");
    /* both still live and unchanged */
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetBeginSession(a, &x, NULL, NULL));
    CHECK_OK(JetTerm(a));
}

static void instance_apis_reject(JET_INSTANCE bad, const char *what) {
    JET_SESID x = 0x77;
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetBeginSession(bad, &x, NULL, NULL));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetBeginSessionA(bad, NULL, NULL, NULL));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetBeginSessionW(bad, &x, WS("u"), WS("p")));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetTerm(bad));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetTerm2(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetTerm2(bad, JET_bitTermDirty));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetStopServiceInstance(bad));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetStopServiceInstance2(bad, 0));
    CHECK_ERR_WHAT(what, JET_errInvalidInstance, JetStopServiceInstance2(bad, JET_bitStopServiceResume));
    CHECK_EQ(x, 0x77);
}

TEST(inst_invalid_instance_in_every_mode) {
    /* S-HDL-04: not 0, not nil, not live → -1115 on JetBeginSession, JetTerm/2 and
     * JetStopServiceInstance/2, in modes none, single and multi */
    JET_INSTANCE dead = fixture_created("dead");
    CHECK_OK(JetTerm(dead));
    instance_apis_reject(0x1234, "mode none, forged");
    instance_apis_reject(dead, "mode none, stale");
    instance_apis_reject(JET_instanceNil - 1, "mode none, nil - 1");
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    instance_apis_reject(0x1234, "single mode, forged");
    instance_apis_reject(dead, "single mode, stale");
    instance_apis_reject(one + 1, "single mode, neighbour of the live handle");
    JET_SESID s = fixture_session(one); /* the single instance was not touched */
    CHECK_OK(JetTerm(one));
    instance_apis_reject(one, "mode none, stale single instance");
    JET_INSTANCE a = fixture_running("a", -1);
    instance_apis_reject(0x1234, "multi mode, forged");
    instance_apis_reject(dead, "multi mode, stale");
    instance_apis_reject(one, "multi mode, stale single instance");
    instance_apis_reject((JET_INSTANCE)s, "multi mode, stale session as instance");
    s = fixture_session(a);
    CHECK_OK(JetTerm(a));
}

TEST(inst_zero_and_nil_instance_by_mode) {
    /* S-HDL-04 S-INST-04 S-INST-08: 0 and nil follow the mode rules: none → -1003 (JetTerm: 0),
     * single → the single instance, multi → -1003 */
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance(JET_instanceNil));
    CHECK_OK(JetTerm(0));
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &x, NULL, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetTerm(0));
    CHECK_ERR(JET_errInvalidParameter, JetTerm2(JET_instanceNil, 0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance(0));
    CHECK_ERR(JET_errInvalidParameter, JetStopServiceInstance2(JET_instanceNil, 0));
    CHECK_EQ(x, 0x77);
    JET_SESID s = fixture_session(a); /* not stopped */
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetInit(NULL));
    s = fixture_session(JET_instanceNil);
    CHECK_OK(JetStopServiceInstance2(0, JET_bitStopServiceQuiesceCaches));
    CHECK_OK(JetStopServiceInstance(JET_instanceNil));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(0, &x, NULL, NULL));
    CHECK_OK(JetTerm2(JET_instanceNil, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
}

/* ---- S-INST-13: instance unavailable (fault injection) ------------------------------------ */

TEST(inst_unavailable_session_apis) {
    /* S-INST-13 S-HDL-02: once unavailable, every session API and JetBeginSession on the
     * instance → -1090; JetTerm tears it down without rollback; other instances go on */
    REQUIRE_HOOKS();
    JET_INSTANCE a = fixture_running("a", -1), b = fixture_running("b", -1);
    JET_SESID s1 = fixture_session(a), s2 = fixture_session(a), s3 = fixture_session(a), sb = fixture_session(b);
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetBeginTransaction(s1));
    CHECK_OK(JetSetSessionContext(s2, 0x55));
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    uint32_t v = 0;
    CHECK_ERR(JET_errInstanceUnavailable, JetGetVersion(s3, &v));
    const JET_SESID ses[] = {s1, s2, s3};
    for (int i = 0; i < 3; i++) {
        JET_SESID s = ses[i], x = 0x77;
        uint32_t u = 1, cb = 0;
        CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, 0));
        CHECK_ERR(JET_errInstanceUnavailable, JetDupSession(s, &x));
        CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction(s));
        CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction2(s, 0));
        CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction3(s, 1, 0));
        CHECK_ERR(JET_errInstanceUnavailable, JetCommitTransaction(s, 0));
        CHECK_ERR(JET_errInstanceUnavailable, JetCommitTransaction2(s, 0, 0, NULL));
        CHECK_ERR(JET_errInstanceUnavailable, JetRollback(s, 0));
        CHECK_ERR(JET_errInstanceUnavailable, JetSetSessionContext(s, 9));
        CHECK_ERR(JET_errInstanceUnavailable, JetResetSessionContext(s));
        CHECK_ERR(JET_errInstanceUnavailable, JetGetSessionParameter(s, JET_sesparamCorrelationID, &u, 4, &cb));
        CHECK_ERR(JET_errInstanceUnavailable, JetSetSessionParameter(s, JET_sesparamCorrelationID, &u, 4));
        CHECK_ERR(JET_errInstanceUnavailable, JetGetVersion(s, &v));
        CHECK_EQ(x, 0x77);
    }
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSessionW(a, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    /* the other instance is fine */
    CHECK_OK(JetBeginTransaction(sb));
    CHECK_OK(JetCommitTransaction(sb, 0));
    CHECK_OK(JetBeginSession(b, &x, NULL, NULL));
    /* JetTerm tears it down despite the open transaction and the context */
    CHECK_OK(JetTerm(a));
    for (int i = 0; i < 3; i++) session_apis_reject(ses[i], "session of a termed unavailable instance");
    CHECK_ERR(JET_errInvalidInstance, JetTerm(a));
    CHECK_EQ(fixture_instance_count(), 1);
    CHECK_OK(JetTerm(b));
}

TEST(inst_unavailable_from_begin_session) {
    /* S-INST-13: an instance marked unavailable while beginning a session */
    REQUIRE_HOOKS();
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID old = fixture_session(a), x = 0x77;
    CHECK_OK(hook_failpoint("instance.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(a, &x, NULL, NULL));
    CHECK_EQ(x, 0x77);
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginTransaction(old));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(old, 0));
    CHECK_OK(JetTerm2(a, JET_bitTermComplete));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(old, 0));
    /* mode none again: a new instance is available */
    CHECK_OK(JetInit(NULL));
    JET_SESID s = fixture_session(0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(0));
}

TEST(inst_unavailable_single_mode) {
    /* S-INST-13: the single instance can become unavailable too; JetTerm(0) cleans it up */
    REQUIRE_HOOKS();
    CHECK_OK(JetInit(NULL));
    JET_SESID s = fixture_session(0);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetRollback(s, 0));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errInstanceUnavailable, JetBeginSession(0, &x, NULL, NULL));
    CHECK_OK(JetTerm(0));
    CHECK_ERR(JET_errInvalidSesid, JetRollback(s, 0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(inst_unavailable_check_order) {
    /* S-INST-13 S-INST-10 S-HDL-02 (S-SES-06): handle first (-1104), then the stop flag where it
     * applies (-1329), then unavailable (-1090) */
    REQUIRE_HOOKS();
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s = fixture_session(a);
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetGetVersion(s, &(uint32_t){0}));
    CHECK_OK(JetStopServiceInstance(a));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(s));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetSetSessionContext(s, 1));
    JET_SESID x = 0x77;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(a, &x, NULL, NULL));
    CHECK_ERR(JET_errInstanceUnavailable, JetEndSession(s, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetRollback(s, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetResetSessionContext(s));
    session_apis_reject(s + 0x100000000ull, "unavailable instance, forged sesid");
    session_apis_reject(0, "unavailable instance, 0");
    CHECK_OK(JetTerm(a));
}

/* ---- S-INST-07: JetTerm and other threads -------------------------------------------------- */

enum { CALL_VERSION, CALL_SETPARAM, CALL_SYSPARAM, CALL_BEGIN_END };

struct caller {
    int kind;
    JET_INSTANCE inst;
    JET_SESID s;
    atomic_int *stop;
    atomic_long ok_before;  /* successes before the first error */
    long ok_after_err;      /* successes after an error: must stay 0 */
    JET_ERR first_err;
    JET_ERR unexpected;     /* a code outside the allowed set */
    JET_ERR final;          /* the code of the last call, made after JetTerm returned */
    JET_ERR allowed_after;  /* the code once the object is gone */
    JET_SESID leftovers[4]; /* sessions begun but not ended (CALL_BEGIN_END) */
    int nleft;
};

static JET_ERR one_call(struct caller *c) {
    uint32_t v = 0;
    JET_API_PTR lp = 0;
    switch (c->kind) {
    case CALL_VERSION:
        return JetGetVersion(c->s, &v);
    case CALL_SETPARAM:
        v = 7;
        return JetSetSessionParameter(c->s, JET_sesparamCorrelationID, &v, sizeof v);
    case CALL_SYSPARAM:
        return JetGetSystemParameter(c->inst, 0, JET_paramMaxSessions, &lp, NULL, 0);
    default: {
        JET_SESID s = 0;
        JET_ERR r = JetBeginSession(c->inst, &s, NULL, NULL);
        if (r != JET_errSuccess) return r;
        JET_ERR e = JetEndSession(s, 0);
        if (e != JET_errSuccess) {
            if (e != JET_errTermInProgress && e != JET_errInvalidSesid) c->unexpected = e;
            if (c->nleft < 4) c->leftovers[c->nleft++] = s;
        }
        return r;
    }
    }
}

static void *caller_main(void *p) {
    struct caller *c = p;
    for (;;) {
        int stopping = atomic_load(c->stop);
        JET_ERR r = one_call(c);
        if (r == JET_errSuccess) {
            if (c->first_err) c->ok_after_err++;
            else atomic_fetch_add(&c->ok_before, 1);
        } else if (r == JET_errTermInProgress || r == c->allowed_after) {
            if (!c->first_err) c->first_err = r;
        } else {
            c->unexpected = r;
            c->final = r;
            return NULL;
        }
        if (stopping) {
            c->final = r;
            return NULL;
        }
    }
}

static void wait_progress(struct caller *c, int n, long min_calls) {
    for (int spins = 0; spins < 20000; spins++) {
        int ready = 1;
        for (int i = 0; i < n; i++) ready &= atomic_load(&c[i].ok_before) >= min_calls;
        if (ready) return;
        sleep_ms(1);
    }
}

TEST(inst_term_is_atomic_for_other_threads) {
    /* S-INST-07 S-INST-06 S-HDL-02: while JetTerm runs, calls on the instance and its sessions
     * get -1000; once it returns they get the stale-handle codes; no call succeeds after the
     * first refusal; sessions begun concurrently do not survive the term */
    for (int round = 0; round < 5; round++) {
        JET_INSTANCE keep = fixture_running("keep", -1); /* keeps multi-instance mode after the term */
        JET_INSTANCE inst = fixture_created("victim");
        CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 1000, NULL));
        CHECK_OK(JetInit(&inst));
        atomic_int stop = 0;
        enum { N = 8 };
        struct caller c[N];
        memset(c, 0, sizeof c);
        pthread_t th[N];
        for (int i = 0; i < N; i++) {
            c[i].kind = i % 4;
            c[i].inst = inst;
            c[i].stop = &stop;
            atomic_init(&c[i].ok_before, 0);
            if (c[i].kind == CALL_VERSION || c[i].kind == CALL_SETPARAM) {
                c[i].s = fixture_session(inst);
                c[i].allowed_after = JET_errInvalidSesid;
            } else {
                c[i].allowed_after = JET_errInvalidInstance;
            }
            CHECK(pthread_create(&th[i], NULL, caller_main, &c[i]) == 0);
        }
        wait_progress(c, N, 50);
        CHECK_OK(JetTerm(inst));
        atomic_store(&stop, 1);
        for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
        for (int i = 0; i < N; i++) {
            CHECK(atomic_load(&c[i].ok_before) > 0);
            CHECK_EQ(c[i].unexpected, 0);
            CHECK_EQ(c[i].ok_after_err, 0);
            CHECK_EQ(c[i].final, c[i].allowed_after);
            for (int k = 0; k < c[i].nleft; k++)
                CHECK_ERR(JET_errInvalidSesid, JetGetVersion(c[i].leftovers[k], &(uint32_t){0}));
            if (c[i].s) session_apis_reject(c[i].s, "session after a concurrent term");
        }
        CHECK_EQ(fixture_instance_count(), 1);
        JET_SESID ks = fixture_session(keep);
        CHECK_OK(JetEndSession(ks, 0));
        CHECK_OK(JetTerm(keep));
    }
}

struct termer {
    JET_INSTANCE inst;
    pthread_barrier_t *bar;
    JET_ERR r;
};

static void *termer_main(void *p) {
    struct termer *t = p;
    pthread_barrier_wait(t->bar);
    t->r = JetTerm(t->inst);
    return NULL;
}

TEST(inst_term_twice_concurrently) {
    /* S-INST-07: of two concurrent JetTerm calls on one instance exactly one succeeds; the other
     * sees the term in progress or the freed handle */
    JET_INSTANCE keep = fixture_created("keep");
    for (int round = 0; round < 40; round++) {
        JET_INSTANCE inst = fixture_running("twice", -1);
        JET_SESID s[12];
        for (int i = 0; i < 12; i++) s[i] = fixture_session(inst);
        pthread_barrier_t bar;
        pthread_barrier_init(&bar, NULL, 2);
        struct termer t[2] = {{inst, &bar, 1}, {inst, &bar, 1}};
        pthread_t th[2];
        for (int i = 0; i < 2; i++) CHECK(pthread_create(&th[i], NULL, termer_main, &t[i]) == 0);
        for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
        pthread_barrier_destroy(&bar);
        int ok = (t[0].r == 0) + (t[1].r == 0);
        CHECK_EQ(ok, 1);
        JET_ERR other = t[0].r == 0 ? t[1].r : t[0].r;
        CHECK(other == JET_errTermInProgress || other == JET_errInvalidInstance);
        for (int i = 0; i < 12; i++) CHECK_ERR(JET_errInvalidSesid, JetEndSession(s[i], 0));
        CHECK_EQ(fixture_instance_count(), 1);
    }
    CHECK_OK(JetTerm(keep));
}

struct dirty_termer {
    JET_INSTANCE inst;
    JET_ERR r;
};

static void *dirty_term_main(void *p) {
    struct dirty_termer *t = p;
    t->r = JetTerm2(t->inst, JET_bitTermDirty);
    return NULL;
}

TEST(inst_term_cursor_calls_get_term_in_progress) {
    /* S-INST-07 S-INST-06: JetTerm closes a session's cursors before it retires the session;
     * a cursor call on that session meanwhile is -1000 (the term), not -1310 (a tableid that
     * is no longer a cursor); once JetTerm has returned it is -1104 */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("termcursors", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    JET_TABLEID tid = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("termcursors.edb"), NULL, &dbid, 0));
    CHECK_OK(JetCreateTable(s, dbid, "T", 0, 0, &tid));
    CHECK_OK(JetBeginTransaction(s));
    /* JetTerm waits 600 ms after closing the cursors of each session. */
    CHECK_OK(hook_failpoint("term.session", "sleep:600", 1));
    struct dirty_termer t = {inst, 0};
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, dirty_term_main, &t), 0);
    sleep_ms(200);
    int32_t k = 1;
    CHECK_ERR(JET_errTermInProgress, JetMove(s, tid, JET_MoveFirst, 0));
    CHECK_ERR(JET_errTermInProgress, JetMakeKey(s, tid, &k, sizeof k, JET_bitNewKey));
    CHECK_ERR(JET_errTermInProgress, JetCloseTable(s, tid));
    pthread_join(th, NULL);
    CHECK_ERR(JET_errDirtyShutdown, t.r);
    CHECK_ERR(JET_errInvalidSesid, JetMove(s, tid, JET_MoveFirst, 0));
    CHECK_ERR(JET_errInvalidSesid, JetCloseTable(s, tid));
}

TEST(inst_failed_term_under_load_leaves_instance_usable) {
    /* S-INST-07 S-INST-05: a JetTerm that fails with -1059 while other threads work: they see
     * success or -1000 only, and everything works again once it has returned */
    JET_INSTANCE inst = fixture_running("load", -1);
    JET_SESID busy = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(busy));
    atomic_int stop = 0;
    enum { N = 4 };
    struct caller c[N];
    memset(c, 0, sizeof c);
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        c[i].kind = i % 2 ? CALL_SETPARAM : CALL_VERSION;
        c[i].s = fixture_session(inst);
        c[i].inst = inst;
        c[i].stop = &stop;
        c[i].allowed_after = JET_errTermInProgress; /* nothing else is acceptable */
        atomic_init(&c[i].ok_before, 0);
        CHECK(pthread_create(&th[i], NULL, caller_main, &c[i]) == 0);
    }
    wait_progress(c, N, 50);
    for (int k = 0; k < 20; k++) CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    sleep_ms(5);
    atomic_store(&stop, 1);
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(c[i].unexpected, 0);
        CHECK_OK(JetGetVersion(c[i].s, &(uint32_t){0}));
        CHECK_OK(JetBeginTransaction(c[i].s));
        CHECK_OK(JetCommitTransaction(c[i].s, 0));
    }
    CHECK_EQ(fixture_level(busy), 1);
    CHECK_OK(JetCommitTransaction(busy, 0));
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
    for (int i = 0; i < N; i++) CHECK_ERR(JET_errInvalidSesid, JetEndSession(c[i].s, 0));
}

TEST(inst_enable_multi_instance_bad_utf8_is_that_elements_error) {
    /* S-INST-11 S-ABI-06: a string that is not UTF-8 fails its own element
     * like any other failure: earlier elements are set and get err 0, the bad one gets -602,
     * later ones are untouched, and *pcsetsucceed is written. */
    JET_SETSYSPARAM_A p[] = {
        {JET_paramLogFileSize, 2048, NULL, 4242},
        {JET_paramSystemPath, 0, "/bad\xff/", 4242},
        {JET_paramMaxSessions, 40, NULL, 4242},
    };
    uint32_t n = 999;
    CHECK_ERR(JET_errUnicodeTranslationFail, JetEnableMultiInstanceA(p, 3, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(p[0].err, 0);
    CHECK_EQ(p[1].err, JET_errUnicodeTranslationFail);
    CHECK_EQ(p[2].err, 4242);
    CHECK_EQ(gval(0, JET_paramLogFileSize), 2048);
    CHECK_EQ(gval(0, JET_paramMaxSessions), 16);
    /* the W form: an unpaired surrogate in the first element */
    static const WCHAR lone[] = {0xD800, 0};
    JET_SETSYSPARAM_W q[] = {{JET_paramSystemPath, 0, lone, 4242}, {JET_paramLogFileSize, 4096, NULL, 4242}};
    n = 999;
    CHECK_ERR(JET_errUnicodeTranslationFail, JetEnableMultiInstanceW(q, 2, &n));
    CHECK_EQ(n, 0);
    CHECK_EQ(q[0].err, JET_errUnicodeTranslationFail);
    CHECK_EQ(q[1].err, 4242);
    /* still mode none */
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
}

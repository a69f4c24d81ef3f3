/* Realistic start-up and shutdown paths of programs written for Windows esent.dll (contract
 * sections 2-4): a multi-instance Windows service, the legacy single-instance program, restarts,
 * and shutdowns with work in flight. */
#include "check.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WS(lit) ((const WCHAR *)(u"" lit))

static JET_API_PTR ival(JET_INSTANCE inst, JET_SESID s, uint32_t id) {
    JET_API_PTR v = 0xDEADBEEF;
    CHECK_OK(JetGetSystemParameter(inst, s, id, &v, NULL, 0));
    return v;
}

static int sval_is(JET_INSTANCE inst, uint32_t id, const char *want) {
    char buf[300];
    JET_API_PTR lp = 0;
    memset(buf, 0, sizeof buf);
    JET_ERR r = JetGetSystemParameterA(inst, 0, id, &lp, buf, sizeof buf);
    if (r != JET_errSuccess || strcmp(buf, want) != 0)
        printf("    param %u: got %d \"%s\", want \"%s\"\n", (unsigned)id, (int)r, buf, want);
    return r == JET_errSuccess && strcmp(buf, want) == 0;
}

static int wval_is(JET_INSTANCE inst, uint32_t id, const WCHAR *want) {
    WCHAR buf[300];
    JET_API_PTR lp = 0;
    memset(buf, 0, sizeof buf);
    JET_ERR r = JetGetSystemParameterW(inst, 0, id, &lp, buf, sizeof buf);
    size_t i = 0;
    for (; want[i] && buf[i] == want[i]; i++) {
    }
    return r == JET_errSuccess && want[i] == 0 && buf[i] == 0;
}

/* The per-instance configuration a service applies before JetInit. */
struct config {
    const char *name, *display, *system, *logs, *temp, *base, *source;
    JET_API_PTR log_kb, depth, circular, sessions, verpages, tables;
};

static void configure(JET_INSTANCE *inst, const struct config *c) {
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramSystemPath, 0, c->system));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramLogFilePath, 0, c->logs));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramTempPath, 0, c->temp));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramBaseName, 0, c->base));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramEventSource, 0, c->source));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramLogFileSize, c->log_kb, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramCheckpointDepthMax, c->depth, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramCircularLog, c->circular, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramMaxSessions, c->sessions, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramMaxVerPages, c->verpages, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramMaxOpenTables, c->tables, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramCreatePathIfNotExist, 1, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramNoInformationEvent, 1, NULL));
    CHECK_OK(JetSetSystemParameter(inst, 0, JET_paramRecovery, 0, "on"));
}

static void check_config(JET_INSTANCE inst, const struct config *c) {
    CHECK(sval_is(inst, JET_paramSystemPath, c->system));
    CHECK(sval_is(inst, JET_paramLogFilePath, c->logs));
    CHECK(sval_is(inst, JET_paramTempPath, c->temp));
    CHECK(sval_is(inst, JET_paramBaseName, c->base));
    CHECK(sval_is(inst, JET_paramEventSource, c->source));
    CHECK(sval_is(inst, JET_paramRecovery, "on"));
    CHECK_EQ(ival(inst, 0, JET_paramLogFileSize), c->log_kb);
    CHECK_EQ(ival(inst, 0, JET_paramCheckpointDepthMax), c->depth);
    CHECK_EQ(ival(inst, 0, JET_paramCircularLog), c->circular);
    CHECK_EQ(ival(inst, 0, JET_paramMaxSessions), c->sessions);
    CHECK_EQ(ival(inst, 0, JET_paramMaxVerPages), c->verpages);
    CHECK_EQ(ival(inst, 0, JET_paramMaxOpenTables), c->tables);
    CHECK_EQ(ival(inst, 0, JET_paramCreatePathIfNotExist), 1);
    CHECK_EQ(ival(inst, 0, JET_paramNoInformationEvent), 1);
}

static const struct config CFG_A = {"svcA", "Service A", "/var/lib/svc/a/", "/var/lib/svc/a/logs/",
                                    "/var/lib/svc/a/tmp/", "sva", "MySvcA",
                                    1024, 20u << 20, 1, 64, 1024, 512};
static const struct config CFG_B = {"svcB", "Service B", "/var/lib/svc/b/", "/var/log/svc/b/",
                                    "/tmp/svc-b/tmp.edb", "svb", "MySvcB",
                                    2048, 10u << 20, 0, 3, 256, 100};

/* Sessions doing a little transactional work on an instance. */
static void work(JET_INSTANCE inst, int nsessions) {
    JET_SESID s[16];
    for (int i = 0; i < nsessions; i++) CHECK_OK(JetBeginSession(inst, &s[i], "user", "password"));
    for (int i = 0; i < nsessions; i++) {
        CHECK_OK(JetBeginTransaction(s[i]));
        CHECK_OK(JetBeginTransaction2(s[i], 0));
        CHECK_OK(JetCommitTransaction(s[i], 0));
        CHECK_OK(JetCommitTransaction2(s[i], JET_bitCommitLazyFlush, 0, NULL));
        CHECK_OK(JetBeginTransaction2(s[i], JET_bitTransactionReadOnly));
        CHECK_OK(JetRollback(s[i], 0));
    }
    for (int i = 0; i < nsessions; i++) CHECK_OK(JetEndSession(s[i], 0));
}

TEST(svc_windows_service_startup_multi_instance) {
    /* S-INST-01 S-INST-02 S-INST-03 S-INST-06 S-INST-11 S-INST-12 S-PAR-01 S-PAR-02 S-PAR-03:
     * the start-up path of a Windows service hosting two databases side by side */
    /* process-wide settings first: page size and instance count before any instance */
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 4, NULL));
    JET_SETSYSPARAM_A globals[] = {
        {JET_paramCacheSizeMin, 256, NULL, -1},
        {JET_paramCacheSizeMax, 65536, NULL, -1},
        {JET_paramEnableAdvanced, 1, NULL, -1},
        {JET_paramDisablePerfmon, 1, NULL, -1},
        {JET_paramOutstandingIOMax, 512, NULL, -1},
        {JET_paramProcessFriendlyName, 0, "MyService", -1},
    };
    uint32_t n = 0;
    CHECK_OK(JetEnableMultiInstanceA(globals, 6, &n));
    CHECK_EQ(n, 6);
    for (int i = 0; i < 6; i++) CHECK_EQ(globals[i].err, 0);
    /* a service restarting its setup code: every element matches, but the page size and the
     * instance count, set before by JetSetSystemParameter, are not in its list: a conflict, as
     * in ESE (jetapi.cxx 21254-21284); with them listed too it is "already set" */
    n = 0;
    CHECK_ERR(JET_errSystemParameterConflict, JetEnableMultiInstanceA(globals, 6, &n));
    CHECK_EQ(n, 6);
    JET_SETSYSPARAM_A all[8];
    memcpy(all, globals, sizeof globals);
    all[6] = (JET_SETSYSPARAM_A){JET_paramDatabasePageSize, 8192, NULL, -1};
    all[7] = (JET_SETSYSPARAM_A){JET_paramMaxInstances, 4, NULL, -1};
    CHECK_ERR(JET_errSystemParamsAlreadySet, JetEnableMultiInstanceA(all, 8, &n));
    CHECK_EQ(n, 8);

    JET_INSTANCE a = 0, b = 0;
    CHECK_OK(JetCreateInstance2(&a, CFG_A.name, CFG_A.display, 0));
    CHECK_OK(JetCreateInstance2(&b, CFG_B.name, CFG_B.display, 0));
    CHECK(a != b);
    configure(&a, &CFG_A);
    configure(&b, &CFG_B);
    /* the cache is global and may still be tuned */
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramCacheSizeMax, 131072, NULL));
    CHECK_OK(JetSetSystemParameter(&a, 0, JET_paramCacheSizeMin, 512, NULL));
    /* read everything back, per instance and global */
    check_config(a, &CFG_A);
    check_config(b, &CFG_B);
    CHECK_EQ(ival(0, 0, JET_paramDatabasePageSize), 8192);
    CHECK_EQ(ival(a, 0, JET_paramDatabasePageSize), 8192);
    CHECK_EQ(ival(b, 0, JET_paramCacheSizeMax), 131072);
    CHECK_EQ(ival(0, 0, JET_paramCacheSizeMin), 512);
    CHECK_EQ(ival(0, 0, JET_paramMaxInstances), 4);
    CHECK_EQ(ival(0, 0, JET_paramDisablePerfmon), 1);
    CHECK(sval_is(0, JET_paramProcessFriendlyName, "MyService"));
    CHECK(sval_is(0, JET_paramBaseName, "edb")); /* the globals kept their own value */
    /* start both */
    CHECK_OK(JetInit3(&a, NULL, 0));
    JET_RSTINFO_A rst;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst;
    CHECK_OK(JetInit3(&b, &rst, JET_bitReplayIgnoreMissingDB));
    check_config(a, &CFG_A);
    check_config(b, &CFG_B);
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    CHECK_OK(JetGetInstanceInfo(&c, &info));
    CHECK_EQ(c, 2);
    int named = 0;
    for (uint32_t i = 0; info && i < c; i++) {
        if (info[i].hInstanceId == a) named += info[i].szInstanceName && strcmp(info[i].szInstanceName, "svcA") == 0;
        if (info[i].hInstanceId == b) named += info[i].szInstanceName && strcmp(info[i].szInstanceName, "svcB") == 0;
    }
    CHECK_EQ(named, 2);
    CHECK_OK(JetFreeBuffer((char *)info));
    /* run */
    work(a, 10);
    work(b, 3);
    JET_SESID s[4];
    for (int i = 0; i < 3; i++) CHECK_OK(JetBeginSession(b, &s[i], NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(b, &s[3], NULL, NULL)); /* B allows 3 */
    for (int i = 0; i < 3; i++) CHECK_OK(JetEndSession(s[i], 0));
    /* clean shutdown */
    CHECK_OK(JetTerm2(a, JET_bitTermComplete));
    CHECK_OK(JetTerm(b));
    CHECK_EQ(fixture_instance_count(), 0);
    /* the process may start over in either mode */
    CHECK_OK(JetInit(NULL));
    CHECK_OK(JetTerm(0));
}

TEST(svc_windows_service_startup_wide) {
    /* S-INST-02 S-INST-03 S-INST-11 S-INST-12 S-PAR-01 S-PAR-05: the same with the W API */
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramDatabasePageSize, 16384, NULL));
    JET_SETSYSPARAM_W globals[] = {
        {JET_paramCacheSizeMax, 8192, NULL, -1},
        {JET_paramProcessFriendlyName, 0, WS("Dienst \u00e9"), -1},
    };
    uint32_t n = 0;
    CHECK_OK(JetEnableMultiInstanceW(globals, 2, &n));
    CHECK_EQ(n, 2);
    JET_INSTANCE a = 0, b = 0;
    CHECK_OK(JetCreateInstance2W(&a, WS("wideA"), WS("Wide A"), 0));
    CHECK_OK(JetCreateInstance2W(&b, WS("wideB"), NULL, 0));
    CHECK_OK(JetSetSystemParameterW(&a, 0, JET_paramSystemPath, 0, WS("/srv/\u00e9/a/")));
    CHECK_OK(JetSetSystemParameterW(&a, 0, JET_paramLogFilePath, 0, WS("/srv/\u00e9/a/log/")));
    CHECK_OK(JetSetSystemParameterW(&a, 0, JET_paramBaseName, 0, WS("wda")));
    CHECK_OK(JetSetSystemParameterW(&a, 0, JET_paramEventSource, 0, WS("WideSvc")));
    CHECK_OK(JetSetSystemParameterW(&a, 0, JET_paramMaxSessions, 32, NULL));
    CHECK_OK(JetSetSystemParameterW(&b, 0, JET_paramSystemPath, 0, WS("/srv/b/")));
    CHECK_OK(JetSetSystemParameterW(&b, 0, JET_paramBaseName, 0, WS("wdb")));
    CHECK_OK(JetSetSystemParameterW(&b, 0, JET_paramCircularLog, 1, NULL));
    CHECK(wval_is(a, JET_paramSystemPath, WS("/srv/\u00e9/a/")));
    CHECK(sval_is(a, JET_paramSystemPath, "/srv/\xc3\xa9/a/"));
    CHECK(wval_is(a, JET_paramLogFilePath, WS("/srv/\u00e9/a/log/")));
    CHECK(wval_is(a, JET_paramBaseName, WS("wda")));
    CHECK(wval_is(b, JET_paramBaseName, WS("wdb")));
    CHECK(wval_is(0, JET_paramProcessFriendlyName, WS("Dienst \u00e9")));
    CHECK_EQ(ival(a, 0, JET_paramMaxSessions), 32);
    CHECK_EQ(ival(b, 0, JET_paramCircularLog), 1);
    CHECK_EQ(ival(b, 0, JET_paramDatabasePageSize), 16384);
    JET_RSTINFO_W rst;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst;
    CHECK_OK(JetInit3W(&a, &rst, 0));
    CHECK_OK(JetInit3W(&b, NULL, 0));
    JET_SESID sa = 0, sb = 0;
    CHECK_OK(JetBeginSessionW(a, &sa, WS("user"), WS("pw")));
    CHECK_OK(JetBeginSessionW(b, &sb, NULL, NULL));
    CHECK_OK(JetBeginTransaction(sa));
    CHECK_OK(JetCommitTransaction(sa, 0));
    uint32_t c = 0;
    JET_INSTANCE_INFO_W *info = NULL;
    CHECK_OK(JetGetInstanceInfoW(&c, &info));
    CHECK_EQ(c, 2);
    int found = 0;
    for (uint32_t i = 0; info && i < c; i++)
        if (info[i].hInstanceId == a && info[i].szInstanceName)
            found = memcmp(info[i].szInstanceName, WS("wideA"), 6 * sizeof(WCHAR)) == 0;
    CHECK(found);
    CHECK_OK(JetFreeBuffer((char *)info));
    CHECK_OK(JetEndSession(sa, 0));
    CHECK_OK(JetEndSession(sb, 0));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(svc_startup_with_create_instance_only) {
    /* S-INST-01 S-INST-02 S-PAR-02: no JetEnableMultiInstance: globals set in mode none, then
     * JetCreateInstance; locked parameters refuse late changes but the service goes on */
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 32768, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 4096, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "glb"));
    JET_INSTANCE a = 0, b = 0;
    CHECK_OK(JetCreateInstance(&a, "first"));
    CHECK_OK(JetCreateInstance(&b, "second"));
    CHECK(sval_is(a, JET_paramBaseName, "glb"));
    CHECK_EQ(ival(b, 0, JET_paramLogFileSize), 4096);
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 32768, NULL));
    CHECK_OK(JetSetSystemParameter(&b, 0, JET_paramBaseName, 0, "snd"));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(&b, 0, JET_paramBaseName, 0, "snd2"));
    CHECK_OK(JetInit2(&a, 0));
    CHECK_OK(JetInit(&b));
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramLogFileSize, 1024, NULL));
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 100, NULL));
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameter(&b, 0, JET_paramBaseName, 0, "snd"));
    CHECK(sval_is(b, JET_paramBaseName, "snd"));
    CHECK_EQ(ival(a, 0, JET_paramDatabasePageSize), 32768);
    work(a, 16);
    work(b, 1);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(svc_single_instance_legacy_program) {
    /* S-INST-01 S-INST-03 S-INST-08 S-INST-10 S-PAR-02: the classic program: parameters, JetInit
     * with inst 0, sessions, JetStopService, clean JetTerm; then JetInit(NULL) */
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "/var/lib/app/"));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramLogFilePath, 0, "/var/lib/app/log/"));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramTempPath, 0, "/var/lib/app/tmp/"));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "app"));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramEventSource, 0, "LegacyApp"));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 8, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramCircularLog, 1, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 512, NULL));
    CHECK_OK(JetSetSystemParameter(NULL, 0, JET_paramCacheSizeMax, 1024, NULL));
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK(inst != 0 && inst != JET_instanceNil);
    CHECK(sval_is(inst, JET_paramBaseName, "app"));
    CHECK(sval_is(0, JET_paramLogFilePath, "/var/lib/app/log/"));
    CHECK_EQ(ival(inst, 0, JET_paramMaxSessions), 8);
    CHECK_EQ(ival(0, 0, JET_paramCircularLog), 1);
    CHECK_EQ(ival(0, 0, JET_paramCacheSizeMax), 1024);
    JET_SESID s[8];
    for (int i = 0; i < 8; i++) CHECK_OK(JetBeginSession(i % 2 ? inst : 0, &s[i], NULL, NULL));
    JET_SESID extra = 0;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &extra, NULL, NULL));
    CHECK_OK(JetBeginTransaction(s[0]));
    CHECK_OK(JetBeginTransaction(s[1]));
    CHECK_OK(JetCommitTransaction(s[1], 0));
    /* shutdown requested */
    CHECK_OK(JetStopService());
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(0, &extra, NULL, NULL));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(s[2]));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(s[0], 0));
    CHECK_OK(JetRollback(s[0], 0));
    for (int i = 0; i < 8; i++) CHECK_OK(JetEndSession(s[i], 0));
    CHECK_OK(JetTerm(inst));
    CHECK_EQ(fixture_instance_count(), 0);
    /* the next start: JetInit(NULL), sessions on instance 0 */
    CHECK_OK(JetInit(NULL));
    CHECK(sval_is(0, JET_paramBaseName, "app")); /* the globals were kept */
    JET_SESID t = 0;
    CHECK_OK(JetBeginSession(0, &t, NULL, NULL));
    CHECK_OK(JetBeginTransaction(t));
    CHECK_OK(JetCommitTransaction(t, JET_bitCommitLazyFlush));
    CHECK_OK(JetEndSession(t, 0));
    CHECK_OK(JetTerm(0));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(svc_restart_cycles_switch_modes) {
    /* S-INST-01 S-HDL-02: a host that restarts its engine repeatedly, alternating modes; every
     * handle is new and the old ones stay dead */
    enum { ROUNDS = 6 };
    JET_INSTANCE old[ROUNDS * 2];
    JET_SESID olds[ROUNDS * 2];
    int n = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (r % 2 == 0) {
            JET_INSTANCE a = 0, b = 0;
            CHECK_OK(JetCreateInstance(&a, "a"));
            CHECK_OK(JetCreateInstance(&b, "b"));
            CHECK_OK(JetInit(&a));
            CHECK_OK(JetInit(&b));
            JET_SESID sa = 0, sb = 0;
            CHECK_OK(JetBeginSession(a, &sa, NULL, NULL));
            CHECK_OK(JetBeginSession(b, &sb, NULL, NULL));
            CHECK_ERR(JET_errRunningInMultiInstanceMode, JetInit(NULL));
            CHECK_OK(JetTerm(a));
            CHECK_OK(JetTerm(b));
            old[n] = a, olds[n++] = sa;
            old[n] = b, olds[n++] = sb;
        } else {
            JET_INSTANCE one = 0;
            CHECK_OK(JetInit(&one));
            JET_SESID s = 0;
            CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
            JET_INSTANCE x = 0;
            CHECK_ERR(JET_errRunningInOneInstanceMode, JetCreateInstance(&x, "a"));
            CHECK_OK(JetTerm(one));
            old[n] = one, olds[n++] = s;
        }
        CHECK_EQ(fixture_instance_count(), 0);
    }
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            CHECK(old[i] != old[j]);
            CHECK(olds[i] != olds[j]);
        }
        CHECK_ERR(JET_errInvalidInstance, JetTerm(old[i]));
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(olds[i], 0));
    }
}

struct worker {
    JET_INSTANCE inst;
    JET_SESID s;
    atomic_int *started;
    int saw_stop;
    long commits;
    JET_ERR unexpected;
    JET_ERR end;
};

static void *worker_main(void *p) {
    struct worker *w = p;
    atomic_fetch_add(w->started, 1);
    for (;;) {
        JET_ERR r = JetBeginTransaction(w->s);
        if (r == JET_errClientRequestToStopJetService) {
            w->saw_stop = 1;
            break;
        }
        if (r != JET_errSuccess) {
            w->unexpected = r;
            break;
        }
        r = JetCommitTransaction(w->s, JET_bitCommitLazyFlush);
        if (r == JET_errClientRequestToStopJetService) {
            w->saw_stop = 1;
            JET_ERR rb = JetRollback(w->s, JET_bitRollbackAll);
            if (rb != JET_errSuccess) w->unexpected = rb;
            break;
        }
        if (r != JET_errSuccess) {
            w->unexpected = r;
            break;
        }
        w->commits++;
    }
    w->end = JetEndSession(w->s, 0);
    return NULL;
}

TEST(svc_shutdown_with_worker_threads) {
    /* S-INST-08 S-INST-10 S-INST-06: the service stops the instance while workers run; they see
     * -1329, roll back, end their sessions, and the term is clean */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "svc"));
    CHECK_OK(JetInit(&inst));
    enum { N = 6 };
    struct worker w[N];
    pthread_t th[N];
    atomic_int started = 0;
    memset(w, 0, sizeof w);
    for (int i = 0; i < N; i++) {
        w[i].inst = inst;
        w[i].started = &started;
        CHECK_OK(JetBeginSession(inst, &w[i].s, NULL, NULL));
        CHECK(pthread_create(&th[i], NULL, worker_main, &w[i]) == 0);
    }
    while (atomic_load(&started) < N) {
    }
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
    CHECK_OK(JetStopServiceInstance(inst));
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        CHECK(w[i].saw_stop);
        CHECK_EQ(w[i].unexpected, 0);
        CHECK_EQ(w[i].end, 0);
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(w[i].s, 0));
    }
    JET_SESID late = 0;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &late, NULL, NULL));
    CHECK_OK(JetTerm(inst));
    CHECK_EQ(fixture_instance_count(), 0);
}

TEST(svc_shutdown_retry_after_active_users) {
    /* S-INST-05 S-INST-06: a shutdown that meets an open transaction is refused; the service
     * rolls back and retries */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "svc"));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = 0, r = 0;
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &r, NULL, NULL));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction2(r, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_OK(JetRollback(s, 0));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermComplete));
    CHECK_OK(JetCommitTransaction(r, 0));
    CHECK_OK(JetTerm2(inst, JET_bitTermComplete));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(r, 0));
}

TEST(svc_emergency_dirty_shutdown_then_restart) {
    /* S-INST-06 S-INST-01: JET_bitTermDirty when the service must exit now; it can start again */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "svc"));
    CHECK_OK(JetInit(&inst));
    JET_SESID s[3];
    for (int i = 0; i < 3; i++) {
        CHECK_OK(JetBeginSession(inst, &s[i], NULL, NULL));
        CHECK_OK(JetBeginTransaction(s[i]));
    }
    CHECK_ERR(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
    for (int i = 0; i < 3; i++) CHECK_ERR(JET_errInvalidSesid, JetRollback(s[i], 0));
    CHECK_EQ(fixture_instance_count(), 0);
    JET_INSTANCE again = 0;
    CHECK_OK(JetCreateInstance(&again, "svc"));
    CHECK(again != inst);
    CHECK_OK(JetInit(&again));
    work(again, 4);
    CHECK_OK(JetTerm(again));
}

TEST(svc_pause_background_work_keeps_serving) {
    /* S-INST-09: a service pausing background work for a backup keeps serving requests */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "svc"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches));
    work(inst, 5);
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceResume));
    work(inst, 5);
    CHECK_OK(JetStopServiceInstance2(inst, JET_bitStopServiceAll));
    JET_SESID s = 0;
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(svc_misconfiguration_is_reported_and_harmless) {
    /* S-PAR-01 S-PAR-02 S-INST-11: typical configuration mistakes get their codes and leave the
     * service able to start */
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "edb1"));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramLogFileSize, 16, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 1024, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(NULL, 0, JET_paramMaxValueInvalid, 1, NULL));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameter(NULL, 0, JET_paramSystemPath, 0, "/bad\xff/"));
    JET_SETSYSPARAM_A list[] = {
        {JET_paramMaxInstances, 2, NULL, -1},
        {JET_paramMaxSessions, 100000, NULL, -1},
    };
    uint32_t n = 9;
    CHECK_ERR(JET_errInvalidParameter, JetEnableMultiInstanceA(list, 2, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(list[1].err, JET_errInvalidParameter);
    list[1].lParam = 100;
    CHECK_OK(JetEnableMultiInstanceA(list, 2, &n));
    CHECK_EQ(n, 2);
    JET_INSTANCE a = 0, b = 0, c = 0;
    CHECK_OK(JetCreateInstance(&a, "a"));
    CHECK_OK(JetCreateInstance(&b, "b"));
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&c, "c"));
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameter(NULL, 0, JET_paramDatabasePageSize, 8192, NULL));
    CHECK_OK(JetInit(&a));
    CHECK_OK(JetInit(&b));
    CHECK_EQ(ival(a, 0, JET_paramMaxSessions), 100);
    work(a, 16);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

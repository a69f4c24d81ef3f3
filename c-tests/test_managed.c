/* A port of ManagedEsent's session behaviours (EsentInteropTests: InitTermTests, session and
 * transaction tests), written against the C API. */
#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* SetupHelper.SetLightweightConfiguration + Init, the way ManagedEsent's tests start. */
static JET_INSTANCE mng_instance(const char *name) {
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, name));
    CHECK_OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramRecovery, 0, "off"));
    CHECK_OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramMaxTemporaryTables, 0, NULL));
    CHECK_OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramNoInformationEvent, 1, NULL));
    CHECK_OK(JetInit(&inst));
    return inst;
}

TEST(mng_dup_session_gives_new_handle) {
    /* S-SES-03 S-INST-06: TestJetDupSession: a new, non-nil handle; JetTerm with both open */
    JET_INSTANCE inst = mng_instance("mng_dup");
    JET_SESID sesid = 0, dup = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetDupSession(sesid, &dup));
    CHECK(dup != sesid);
    CHECK(dup != JET_sesidNil);
    CHECK(dup != 0);
    CHECK_EQ(fixture_level(dup), 0);
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(dup, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sesid, 0));
}

TEST(mng_term_with_idle_sessions) {
    /* S-INST-06 S-HDL-02 S-SES-04: JetTerm succeeds with idle sessions open and makes them stale */
    JET_INSTANCE inst = mng_instance("mng_term_idle");
    JET_SESID s[5];
    for (int i = 0; i < 5; i++) CHECK_OK(JetBeginSession(inst, &s[i], "", ""));
    /* idle after a committed and a rolled back transaction, one with a session context set */
    CHECK_OK(JetBeginTransaction(s[1]));
    CHECK_OK(JetCommitTransaction(s[1], 0));
    CHECK_OK(JetBeginTransaction(s[2]));
    CHECK_OK(JetRollback(s[2], 0));
    CHECK_OK(JetSetSessionContext(s[3], 0x1234));
    CHECK_OK(JetTerm(inst));
    for (int i = 0; i < 5; i++) {
        CHECK_ERR(JET_errInvalidSesid, JetEndSession(s[i], 0));
        CHECK_ERR(JET_errInvalidSesid, JetBeginTransaction(s[i]));
        JET_SESID d = 0;
        CHECK_ERR(JET_errInvalidSesid, JetDupSession(s[i], &d));
    }
    CHECK_ERR(JET_errInvalidSesid, JetResetSessionContext(s[3]));
    /* the handle of the termed instance is gone too */
    JET_SESID x = 0;
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(inst, &x, NULL, NULL));
}

TEST(mng_begin_session_after_stop_service) {
    /* S-INST-10 S-SES-01 S-SES-04: TestJetStopServiceInstance, then JetBeginSession → -1329 */
    JET_INSTANCE inst = mng_instance("mng_stop");
    JET_SESID before = 0, after = (JET_SESID)0x77;
    CHECK_OK(JetBeginSession(inst, &before, NULL, NULL));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginSession(inst, &after, "", ""));
    CHECK_EQ(after, (JET_SESID)0x77);
    CHECK_OK(JetEndSession(before, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_commit_without_transaction) {
    /* S-TRX-01: JetCommitTransaction outside a transaction → JET_errNotInTransaction */
    JET_INSTANCE inst = mng_instance("mng_commit");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(sesid, 0));
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(sesid, JET_bitCommitLazyFlush));
    CHECK_ERR(JET_errNotInTransaction, JetRollback(sesid, 0));
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_transaction_level_zero_one_zero) {
    /* S-TRX-01 S-TRX-05: the level reads 0, 1, 0 around begin and commit */
    JET_INSTANCE inst = mng_instance("mng_level");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_EQ(fixture_level(sesid), 0);
    CHECK_OK(JetBeginTransaction(sesid));
    CHECK_EQ(fixture_level(sesid), 1);
    CHECK_OK(JetCommitTransaction(sesid, JET_bitCommitLazyFlush));
    CHECK_EQ(fixture_level(sesid), 0);
    /* and around begin and rollback */
    CHECK_OK(JetBeginTransaction(sesid));
    CHECK_EQ(fixture_level(sesid), 1);
    CHECK_OK(JetRollback(sesid, 0));
    CHECK_EQ(fixture_level(sesid), 0);
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_version_is_not_zero) {
    /* S-SES-10 S-SES-01: VerifyJetVersionIsNotZero (empty user name and password) */
    JET_INSTANCE inst = mng_instance("JetGetVersion");
    JET_SESID sesid = 0;
    uint32_t version = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, "", ""));
    CHECK_OK(JetGetVersion(sesid, &version));
    CHECK_OK(JetTerm(inst));
    CHECK(version != 0);
}

typedef struct {
    JET_SESID s;
    JET_API_PTR ctx;
    JET_ERR set, begin, reset;
} mng_migrate;

static void *mng_migrate_thread(void *p) {
    mng_migrate *m = p;
    m->set = JetSetSessionContext(m->s, m->ctx);
    m->begin = JetBeginTransaction(m->s);
    m->reset = JetResetSessionContext(m->s);
    return NULL;
}

TEST(mng_session_context_allows_thread_migration) {
    /* S-TRX-03 S-SES-08: VerifyJetSetSessionContextAllowsThreadMigration */
    JET_INSTANCE inst = mng_instance("JetSetSessionContext");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    mng_migrate m = {sesid, (JET_API_PTR)0x2468ACE, -1, -1, -1};
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, mng_migrate_thread, &m), 0);
    pthread_join(t, NULL);
    CHECK_OK(m.set);
    CHECK_OK(m.begin);
    CHECK_OK(m.reset);
    /* without the context this is a sharing violation */
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(sesid, 0));
    CHECK_OK(JetSetSessionContext(sesid, m.ctx));
    CHECK_OK(JetCommitTransaction(sesid, 0));
    CHECK_OK(JetResetSessionContext(sesid));
    CHECK_EQ(fixture_level(sesid), 0);
    /* Session.Dispose */
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_session_parameters) {
    /* S-SES-09: the OperationContext and CorrelationID session parameters round-trip */
    JET_INSTANCE inst = mng_instance("mng_sesparam");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    JET_OPERATIONCONTEXT ctx = {0x11223344u, 0x55, 0x66, 0x77, 0x08}, got;
    uint32_t cb = 0;
    CHECK_OK(JetSetSessionParameter(sesid, JET_sesparamOperationContext, &ctx, sizeof ctx));
    memset(&got, 0, sizeof got);
    CHECK_OK(JetGetSessionParameter(sesid, JET_sesparamOperationContext, &got, sizeof got, &cb));
    CHECK_EQ(cb, sizeof got);
    CHECK_EQ(got.ulUserID, ctx.ulUserID);
    CHECK_EQ(got.nOperationID, ctx.nOperationID);
    CHECK_EQ(got.nOperationType, ctx.nOperationType);
    CHECK_EQ(got.nClientType, ctx.nClientType);
    CHECK_EQ(got.fFlags, ctx.fFlags);
    uint32_t id = 0xDEADBEEFu, observed = 0;
    CHECK_OK(JetSetSessionParameter(sesid, JET_sesparamCorrelationID, &id, sizeof id));
    CHECK_OK(JetGetSessionParameter(sesid, JET_sesparamCorrelationID, &observed, sizeof observed, &cb));
    CHECK_EQ(cb, sizeof observed);
    CHECK_EQ(observed, id);
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_durable_commit) {
    /* S-TRX-02: DurableCommitTests: a lazy commit with a durable-commit time, then a
     * WaitLastLevel0Commit outside any transaction */
    JET_INSTANCE inst = mng_instance("mng_durable");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    JET_COMMIT_ID cid;
    memset(&cid, 0, sizeof cid);
    CHECK_OK(JetBeginTransaction(sesid));
    CHECK_OK(JetCommitTransaction2(sesid, JET_bitCommitLazyFlush, 100, &cid));
    CHECK_EQ(fixture_level(sesid), 0);
    CHECK_OK(JetCommitTransaction(sesid, JET_bitWaitLastLevel0Commit));
    CHECK_OK(JetCommitTransaction2(sesid, JET_bitWaitAllLevel0Commit, 0, NULL));
    CHECK_EQ(fixture_level(sesid), 0);
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(mng_term_uninitialized) {
    /* S-INST-04 S-SES-01: VerifyTermUninitializedInstanceDoesNotThrowException, then no session */
    CHECK_OK(JetTerm(0));
    CHECK_OK(JetTerm2(0, 0));
    JET_SESID sesid = (JET_SESID)0x99;
    CHECK_ERR(JET_errInvalidParameter, JetBeginSession(0, &sesid, NULL, NULL));
    CHECK_EQ(sesid, (JET_SESID)0x99);
}

TEST(mng_init_term_twice_with_sessions) {
    /* S-SES-01 S-INST-06 S-HDL-02: InitAndTermOneInstanceTwice with a session each time; the
     * first session stays invalid */
    JET_INSTANCE a = mng_instance("instance");
    JET_SESID s1 = 0, s2 = 0;
    CHECK_OK(JetBeginSession(a, &s1, NULL, NULL));
    CHECK_OK(JetTerm(a));
    JET_INSTANCE b = mng_instance("instance");
    CHECK_OK(JetBeginSession(b, &s2, NULL, NULL));
    CHECK(s2 != s1);
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s1, 0));
    CHECK_EQ(fixture_level(s2), 0);
    CHECK_OK(JetEndSession(s2, 0));
    CHECK_OK(JetTerm(b));
}

TEST(mng_two_instances_with_sessions) {
    /* S-SES-01 S-SES-04: InitAndTermTwoInstances, each with its own session */
    JET_INSTANCE a = mng_instance("instance1"), b = mng_instance("instance2");
    JET_SESID sa = 0, sb = 0;
    CHECK_OK(JetBeginSession(a, &sa, NULL, NULL));
    CHECK_OK(JetBeginSession(b, &sb, NULL, NULL));
    CHECK(sa != sb);
    CHECK_OK(JetBeginTransaction(sa));
    CHECK_EQ(fixture_level(sb), 0);
    CHECK_OK(JetCommitTransaction(sa, 0));
    CHECK_OK(JetTerm(a));
    CHECK_EQ(fixture_level(sb), 0);
    CHECK_OK(JetTerm(b));
}

TEST(mng_read_only_transaction_and_rollback_all) {
    /* S-TRX-01 S-TRX-02: BeginTransaction2(ReadOnly), nesting, JetRollback(RollbackAll) */
    JET_INSTANCE inst = mng_instance("mng_ro");
    JET_SESID sesid = 0;
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetBeginTransaction2(sesid, JET_bitTransactionReadOnly));
    CHECK_OK(JetBeginTransaction(sesid));
    CHECK_OK(JetBeginTransaction3(sesid, 12345, 0));
    CHECK_EQ(fixture_level(sesid), 3);
    CHECK_OK(JetRollback(sesid, JET_bitRollbackAll));
    CHECK_EQ(fixture_level(sesid), 0);
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

/* ABI shape, the panic boundary and the foundation lifecycle (contract §1). */
#include "check.h"

#include <stddef.h>
#include <stdint.h>

TEST(abi_widths) {
    /* S-ABI-01 S-ABI-02 S-ABI-03 S-ABI-04 */
    CHECK_EQ(sizeof(JET_ERR), 4);
    CHECK((JET_ERR)-1 < 0);
    CHECK_EQ(sizeof(JET_GRBIT), 4);
    CHECK((JET_GRBIT)-1 > 0);
    CHECK_EQ(sizeof(JET_API_PTR), sizeof(void *));
    CHECK_EQ(sizeof(JET_SESID), sizeof(uintptr_t));
    CHECK_EQ(sizeof(JET_INSTANCE), sizeof(uintptr_t));
    CHECK_EQ(sizeof(WCHAR), 2);
    CHECK(JET_instanceNil == ~(JET_INSTANCE)0);
    CHECK(JET_sesidNil == ~(JET_SESID)0);
    CHECK_EQ(sizeof(JET_OPERATIONCONTEXT), 8);
    CHECK_EQ(offsetof(JET_SETSYSPARAM_A, lParam), 8);
    CHECK_EQ(offsetof(JET_SETSYSPARAM_A, err), 24);
    CHECK_EQ(sizeof(JET_COMMIT_ID), 40);
    CHECK_EQ(offsetof(JET_INSTANCE_INFO_A, cDatabases), 16);
}

TEST(abi_private_constants_the_contract_publishes) {
    /* S-ABI-08 S-SES-04 */
    CHECK_EQ(JET_bitForceSessionClosed, 1);
    CHECK_EQ(JET_paramTransactionLevel, 38);
    CHECK_EQ(JET_errSessionSharingViolation, -1910);
    CHECK_EQ(JET_paramMaxValueInvalid, 221);
}

TEST(abi_foundation_lifecycle) {
    /* S-INST-02 S-INST-03 S-SES-01 S-SES-04 S-INST-06 S-HDL-02 */
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    CHECK_OK(JetCreateInstance(&inst, "abi"));
    CHECK(inst != 0 && inst != JET_instanceNil);
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK(sesid != 0 && sesid != JET_sesidNil);
    CHECK(sesid != inst);
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(inst));
}

TEST(abi_panic_becomes_internal_error) {
    /* S-ABI-10 */
    REQUIRE_HOOKS();
    CHECK_ERR(JET_errInternalError, hook_panic());
    /* The library is still usable after the panic. */
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    CHECK_OK(JetCreateInstance(&inst, NULL));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(hook_failpoint("instance.enter", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(abi_release_library_has_no_hooks) {
    /* S-ABI-09: the hooks exist only in the failpoints build, which names itself by having them. */
    if (check_has_hooks()) {
        CHECK_OK(hook_failpoint("nothing", "panic", 0));
        return;
    }
    CHECK_ERR(JET_errFeatureNotAvailable, hook_failpoint("nothing", "panic", 0));
}

TEST(abi_panic_in_every_family_leaves_the_library_usable) {
    /* S-ABI-10: the failpoint "api" fires at the start of every export. */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0, dup = 0;
    JET_API_PTR v = 0;
    uint32_t n = 0;
    JET_INSTANCE_INFO_A *info = NULL;

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetCreateInstance(&inst, "fam"));
    CHECK_OK(JetCreateInstance(&inst, "fam"));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 8, NULL));
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 8, NULL));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetInit(&inst));
    CHECK_OK(JetInit(&inst));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetDupSession(sesid, &dup));
    CHECK_OK(JetDupSession(sesid, &dup));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetBeginTransaction(sesid));
    CHECK_OK(JetBeginTransaction(sesid));
    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetCommitTransaction(sesid, 0));
    CHECK_OK(JetCommitTransaction(sesid, 0));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetSetSessionContext(sesid, 5));
    CHECK_OK(JetSetSessionContext(sesid, 5));
    CHECK_OK(JetResetSessionContext(sesid));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &v, NULL, 0));
    CHECK_OK(JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &v, NULL, 0));
    CHECK_EQ(v, 8);

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetGetInstanceInfoA(&n, &info));
    CHECK_OK(JetGetInstanceInfoA(&n, &info));
    CHECK_EQ(n, 1);
    CHECK_OK(JetFreeBuffer((char *)info));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetEndSession(dup, 0));
    CHECK_OK(JetEndSession(dup, 0));
    CHECK_OK(JetEndSession(sesid, 0));

    CHECK_OK(hook_failpoint("api", "panic", 1));
    CHECK_ERR(JET_errInternalError, JetTerm(inst));
    CHECK_OK(JetTerm(inst));
    CHECK_ERR(JET_errInvalidInstance, JetTerm(inst));
}

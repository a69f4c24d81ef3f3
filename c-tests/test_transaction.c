/* Transactions (contract §6): levels, grbits, commit/rollback rules, single-thread binding. */
#include "check.h"

#include <stdint.h>
#include <string.h>

/* The level through JetGetSystemParameter(JET_paramTransactionLevel) with the sesid. */
static long long trx_syslevel(JET_INSTANCE inst, JET_SESID s) {
    JET_API_PTR lv = 12345;
    CHECK_OK(JetGetSystemParameter(inst, s, JET_paramTransactionLevel, &lv, NULL, 0));
    return (long long)lv;
}

#define TRX_LEVEL_IS(inst, s, n)                                                       \
    do {                                                                               \
        CHECK_EQ(fixture_level(s), (n));                                                   \
        CHECK_EQ(trx_syslevel((inst), (s)), (n));                                      \
    } while (0)

#define CHECK_ERR_AT(label, expected, expr)                                            \
    do {                                                                               \
        JET_ERR at_err_ = (expr);                                                      \
        if (at_err_ != (JET_ERR)(expected)) {                                          \
            printf("    [%s] %s\n", (label), #expr);                                   \
            CHECK_EQ(at_err_, (expected));                                             \
        }                                                                              \
    } while (0)

static int trx_commit_bit_valid(uint32_t bit) { return (bit & (0x1 | 0x2 | 0x8 | 0x10 | 0x20)) != 0; }

/* ---- levels ------------------------------------------------------------------------------- */

TEST(trx_levels_zero_to_seven) {
    /* S-TRX-01 S-TRX-05 */
    JET_INSTANCE inst = fixture_running("trx_levels", -1);
    JET_SESID s = fixture_session(inst);
    TRX_LEVEL_IS(inst, s, 0);
    for (int i = 1; i <= 7; i++) {
        CHECK_OK(JetBeginTransaction(s));
        TRX_LEVEL_IS(inst, s, i);
    }
    CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction(s));
    CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction2(s, 0));
    CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction3(s, 7, 0));
    TRX_LEVEL_IS(inst, s, 7);
    for (int i = 6; i >= 0; i--) {
        CHECK_OK(JetCommitTransaction(s, 0));
        TRX_LEVEL_IS(inst, s, i);
    }
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(s, JET_bitCommitLazyFlush));
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction2(s, 0, 0, NULL));
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, JET_bitRollbackAll));
    TRX_LEVEL_IS(inst, s, 0);
    /* the whole ladder again after a TransTooDeep: nothing was left behind */
    for (int i = 0; i < 7; i++) CHECK_OK(JetBeginTransaction2(s, 0));
    CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction(s));
    for (int i = 0; i < 7; i++) CHECK_OK(JetRollback(s, 0));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_begin_variants_and_grbits) {
    /* S-TRX-01 S-TRX-02: Begin2/Begin3 honour read-only, drop every other bit silently */
    JET_INSTANCE inst = fixture_running("trx_begin", -1);
    JET_SESID s = fixture_session(inst);
    JET_GRBIT bits[] = {0, JET_bitTransactionReadOnly, 0x2, 0x4, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFEu};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        CHECK_OK(JetBeginTransaction2(s, bits[i]));
        TRX_LEVEL_IS(inst, s, 1);
        CHECK_OK(JetBeginTransaction3(s, (int64_t)i * 1000 - 1, bits[i]));
        TRX_LEVEL_IS(inst, s, 2);
        CHECK_OK(JetBeginTransaction3(s, INT64_MIN, bits[i]));
        CHECK_OK(JetBeginTransaction3(s, INT64_MAX, bits[i]));
        TRX_LEVEL_IS(inst, s, 4);
        CHECK_OK(JetRollback(s, JET_bitRollbackAll));
        TRX_LEVEL_IS(inst, s, 0);
    }
    for (uint32_t b = 0; b < 32; b++) {
        CHECK_OK(JetBeginTransaction2(s, (JET_GRBIT)1u << b));
        CHECK_OK(JetBeginTransaction3(s, b, (JET_GRBIT)1u << b));
        CHECK_EQ(fixture_level(s), 2);
        CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    }
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_begin_eighth_level_with_any_grbit) {
    /* S-TRX-01 S-TRX-02: the 8th begin is too deep whatever the bits */
    JET_INSTANCE inst = fixture_running("trx_deep", -1);
    JET_SESID s = fixture_session(inst);
    for (int i = 0; i < 7; i++) CHECK_OK(JetBeginTransaction3(s, i, JET_bitTransactionReadOnly));
    for (uint32_t b = 0; b < 32; b++) {
        CHECK_ERR(JET_errTransTooDeep, JetBeginTransaction2(s, (JET_GRBIT)1u << b));
    }
    TRX_LEVEL_IS(inst, s, 7);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_rollback_one_and_all) {
    /* S-TRX-01 */
    JET_INSTANCE inst = fixture_running("trx_rb", -1);
    JET_SESID s = fixture_session(inst);
    for (int i = 0; i < 5; i++) CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetRollback(s, 0));
    TRX_LEVEL_IS(inst, s, 4);
    CHECK_OK(JetCommitTransaction(s, 0));
    TRX_LEVEL_IS(inst, s, 3);
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, JET_bitRollbackAll));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    TRX_LEVEL_IS(inst, s, 0);
    for (int i = 0; i < 7; i++) CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_sessions_have_independent_levels) {
    /* S-TRX-01 S-TRX-05 */
    JET_INSTANCE inst = fixture_running("trx_indep", -1);
    JET_SESID a = fixture_session(inst), b = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(a));
    CHECK_OK(JetBeginTransaction(a));
    CHECK_OK(JetBeginTransaction(b));
    TRX_LEVEL_IS(inst, a, 2);
    TRX_LEVEL_IS(inst, b, 1);
    CHECK_OK(JetRollback(b, 0));
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(b, 0));
    TRX_LEVEL_IS(inst, a, 2);
    CHECK_OK(JetEndSession(a, 0));
    TRX_LEVEL_IS(inst, b, 0);
    CHECK_OK(JetEndSession(b, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- commit and rollback grbits ----------------------------------------------------------- */

TEST(trx_commit_grbit_mask) {
    /* S-TRX-02: bits outside {0x1,0x2,0x8,0x10,0x20} → -900 before the level check, no effect */
    JET_INSTANCE inst = fixture_running("trx_cmask", -1);
    JET_SESID s = fixture_session(inst);
    for (uint32_t b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        if (trx_commit_bit_valid(bit)) continue;
        char label[32];
        snprintf(label, sizeof label, "bit 0x%x", bit);
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, bit));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, bit | JET_bitCommitLazyFlush));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction2(s, bit, 0, NULL));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction2(s, bit, 50, NULL));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, bit));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, bit | 0x20));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction2(s, bit | JET_bitCommitLazyFlush, 10, NULL));
        CHECK_EQ(fixture_level(s), 1);
        CHECK_OK(JetCommitTransaction(s, 0));
    }
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction(s, 0xFFFFFFFFu));
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction(s, 0x4));
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction(s, 0x40));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_commit_valid_bits_commit) {
    /* S-TRX-01 S-TRX-02: 0, LazyFlush, 0x20 and LazyFlush|0x20 commit one level; at level 0 → -1054 */
    JET_INSTANCE inst = fixture_running("trx_cvalid", -1);
    JET_SESID s = fixture_session(inst);
    JET_GRBIT ok[] = {0, JET_bitCommitLazyFlush, 0x20, JET_bitCommitLazyFlush | 0x20};
    for (size_t i = 0; i < 4; i++) {
        CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction(s, ok[i]));
        CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction2(s, ok[i], 0, NULL));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_OK(JetCommitTransaction(s, ok[i]));
        TRX_LEVEL_IS(inst, s, 1);
        CHECK_OK(JetCommitTransaction2(s, ok[i], 0, NULL));
        TRX_LEVEL_IS(inst, s, 0);
    }
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_commit_wait_bits_stand_alone) {
    /* S-TRX-02: WaitLastLevel0Commit, WaitAllLevel0Commit, ForceNewLog stand alone (else -900),
     * succeed at level 0 and change no level */
    JET_INSTANCE inst = fixture_running("trx_wait", -1);
    JET_SESID s = fixture_session(inst);
    JET_GRBIT waits[] = {JET_bitWaitLastLevel0Commit, JET_bitWaitAllLevel0Commit, JET_bitForceNewLog};
    JET_GRBIT others[] = {JET_bitCommitLazyFlush, JET_bitWaitLastLevel0Commit, JET_bitWaitAllLevel0Commit,
                          JET_bitForceNewLog, 0x20};
    for (size_t i = 0; i < 3; i++) {
        char label[32];
        snprintf(label, sizeof label, "wait 0x%x", waits[i]);
        CHECK_ERR_AT(label, JET_errSuccess, JetCommitTransaction(s, waits[i]));
        CHECK_ERR_AT(label, JET_errSuccess, JetCommitTransaction2(s, waits[i], 0, NULL));
        TRX_LEVEL_IS(inst, s, 0);
        for (size_t j = 0; j < 5; j++) {
            if (others[j] == waits[i]) continue;
            CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, waits[i] | others[j]));
        }
        /* inside a transaction: they still change nothing */
        CHECK_OK(JetBeginTransaction(s));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_ERR_AT(label, JET_errSuccess, JetCommitTransaction(s, waits[i]));
        TRX_LEVEL_IS(inst, s, 2);
        for (size_t j = 0; j < 5; j++) {
            if (others[j] == waits[i]) continue;
            CHECK_ERR_AT(label, JET_errInvalidGrbit, JetCommitTransaction(s, waits[i] | others[j]));
        }
        TRX_LEVEL_IS(inst, s, 2);
        CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    }
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction(s, 0x2 | 0x8 | 0x10));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_rollback_grbit_mask) {
    /* S-TRX-02: bits outside {0x1, 0x20} → -900 before the level check, no effect */
    JET_INSTANCE inst = fixture_running("trx_rmask", -1);
    JET_SESID s = fixture_session(inst);
    for (uint32_t b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        if (bit == 0x1 || bit == 0x20) continue;
        char label[32];
        snprintf(label, sizeof label, "bit 0x%x", bit);
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetRollback(s, bit));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetRollback(s, bit | JET_bitRollbackAll));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_OK(JetBeginTransaction(s));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetRollback(s, bit));
        CHECK_ERR_AT(label, JET_errInvalidGrbit, JetRollback(s, bit | JET_bitRollbackAll | 0x20));
        CHECK_EQ(fixture_level(s), 2);
        CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    }
    CHECK_ERR(JET_errInvalidGrbit, JetRollback(s, 0xFFFFFFFFu));
    /* valid bits at level 0 → -1054 */
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, 0x20));
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, 0x21));
    /* 0x20 alone rolls back one level, with 0x1 all of them */
    for (int i = 0; i < 3; i++) CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetRollback(s, 0x20));
    TRX_LEVEL_IS(inst, s, 2);
    CHECK_OK(JetRollback(s, 0x21));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- durable commit, pCommitId ------------------------------------------------------------ */

TEST(trx_durable_commit_needs_lazy_flush) {
    /* S-TRX-02: non-zero cmsecDurableCommit without lazy flush → -1003 (no effect); with lazy flush
     * in the grbit → ok */
    JET_INSTANCE inst = fixture_running("trx_durable", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(s, 0, 1, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(s, 0x20, 100, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(s, 0, 0xFFFFFFFFu, NULL));
    TRX_LEVEL_IS(inst, s, 2);
    CHECK_OK(JetCommitTransaction2(s, JET_bitCommitLazyFlush, 100, NULL));
    TRX_LEVEL_IS(inst, s, 1);
    CHECK_OK(JetCommitTransaction2(s, JET_bitCommitLazyFlush | 0x20, 0xFFFFFFFFu, NULL));
    TRX_LEVEL_IS(inst, s, 0);
    /* level 0: NotInTransaction first; invalid grbit before both */
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction2(s, 0, 5, NULL));
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction2(s, 0x4, 5, NULL));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_durable_commit_with_session_commit_default) {
    /* S-TRX-02 S-SES-09: lazy flush may come from the session's commit default, set through the
     * session parameter, through JET_paramCommitDefault with the sesid, or from the instance */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "trx_durable2"));
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_OK(JetInit(&inst));
    JET_SESID a = fixture_session(inst), b = 0, c = 0;
    CHECK_OK(JetBeginTransaction(a));
    CHECK_OK(JetCommitTransaction2(a, 0, 250, NULL));
    /* cleared through the session parameter: needs the grbit again */
    uint32_t cd = 0;
    CHECK_OK(JetSetSessionParameter(a, JET_sesparamCommitDefault, &cd, 4));
    CHECK_OK(JetBeginTransaction(a));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(a, 0, 250, NULL));
    CHECK_OK(JetCommitTransaction2(a, JET_bitCommitLazyFlush, 250, NULL));
    /* set through the session parameter */
    cd = JET_bitCommitLazyFlush;
    CHECK_OK(JetSetSessionParameter(a, JET_sesparamCommitDefault, &cd, 4));
    CHECK_OK(JetBeginTransaction(a));
    CHECK_OK(JetCommitTransaction2(a, 0, 250, NULL));
    /* the instance default back to 0: new sessions need the grbit */
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, 0, NULL));
    CHECK_OK(JetBeginSession(inst, &b, NULL, NULL));
    CHECK_OK(JetBeginTransaction(b));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(b, 0, 1, NULL));
    CHECK_EQ(fixture_level(b), 1);
    /* JET_paramCommitDefault with b's sesid */
    CHECK_OK(JetSetSystemParameter(NULL, b, JET_paramCommitDefault, JET_bitCommitLazyFlush, NULL));
    CHECK_OK(JetCommitTransaction2(b, 0, 1, NULL));
    CHECK_EQ(fixture_level(b), 0);
    CHECK_OK(JetDupSession(a, &c));
    CHECK_OK(JetBeginTransaction(c));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(c, 0, 1, NULL));
    CHECK_OK(JetRollback(c, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_commit_id_untouched) {
    /* S-TRX-02: pCommitId is left untouched while nothing has been logged */
    JET_INSTANCE inst = fixture_running("trx_cid", -1);
    JET_SESID s = fixture_session(inst);
    JET_COMMIT_ID cid, pattern;
    memset(&pattern, 0xA5, sizeof pattern);
    JET_GRBIT grbits[] = {0, JET_bitCommitLazyFlush, 0x20, JET_bitWaitLastLevel0Commit,
                          JET_bitWaitAllLevel0Commit, JET_bitForceNewLog};
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        for (int nest = 1; nest <= 3; nest++) {
            for (int k = 0; k < nest; k++) CHECK_OK(JetBeginTransaction(s));
            for (int k = 0; k < nest; k++) {
                memcpy(&cid, &pattern, sizeof cid);
                uint32_t ms = (grbits[i] & JET_bitCommitLazyFlush) ? 10 : 0;
                CHECK_OK(JetCommitTransaction2(s, grbits[i], ms, &cid));
                CHECK(memcmp(&cid, &pattern, sizeof cid) == 0);
            }
            if (grbits[i] & (JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog)) {
                /* the wait options committed nothing */
                CHECK_EQ(fixture_level(s), nest);
                CHECK_OK(JetRollback(s, JET_bitRollbackAll));
            } else {
                CHECK_ERR(JET_errNotInTransaction, JetRollback(s, JET_bitRollbackAll));
            }
        }
    }
    /* failing commits do not write it either */
    memcpy(&cid, &pattern, sizeof cid);
    CHECK_ERR(JET_errNotInTransaction, JetCommitTransaction2(s, 0, 0, &cid));
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction2(s, 0x4, 0, &cid));
    CHECK(memcmp(&cid, &pattern, sizeof cid) == 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- levels through both APIs ------------------------------------------------------------- */

TEST(trx_level_via_system_parameter) {
    /* S-TRX-05: JetGetSystemParameter(JET_paramTransactionLevel) needs a sesid and reads its level */
    JET_INSTANCE inst = fixture_running("trx_sys", -1);
    JET_SESID s = fixture_session(inst), t = fixture_session(inst);
    JET_API_PTR lv = 77;
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameter(inst, 0, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_EQ(lv, 77);
    for (int i = 1; i <= 7; i++) {
        CHECK_OK(JetBeginTransaction(s));
        lv = 0;
        CHECK_OK(JetGetSystemParameter(0, s, JET_paramTransactionLevel, &lv, NULL, 0));
        CHECK_EQ(lv, i);
        lv = 0;
        CHECK_OK(JetGetSystemParameterW(inst, s, JET_paramTransactionLevel, &lv, NULL, 0));
        CHECK_EQ(lv, i);
        CHECK_EQ(fixture_level(s), i);
        CHECK_EQ(trx_syslevel(inst, t), 0);
    }
    /* JET_paramTransactionLevel cannot be set */
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameter(NULL, s, JET_paramTransactionLevel, 0, NULL));
    CHECK_EQ(trx_syslevel(inst, s), 7);
    CHECK_OK(JetEndSession(s, 0));
    lv = 5;
    CHECK_ERR(JET_errInvalidSesid, JetGetSystemParameter(inst, s, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_EQ(lv, 5);
    CHECK_OK(JetEndSession(t, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_level_single_instance_mode) {
    /* S-TRX-05 S-TRX-01 in single-instance mode */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = 0;
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_EQ(fixture_level(s), 2);
    JET_API_PTR lv = 0;
    CHECK_OK(JetGetSystemParameter(0, s, JET_paramTransactionLevel, &lv, NULL, 0));
    CHECK_EQ(lv, 2);
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- stop-service ------------------------------------------------------------------------- */

TEST(trx_after_stop) {
    /* S-INST-10 S-TRX-01: begin and commit → -1329 (no effect), rollback still works */
    JET_INSTANCE inst = fixture_running("trx_stop", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction(s));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction2(s, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetBeginTransaction3(s, 1, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(s, JET_bitWaitLastLevel0Commit));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction(s, 0x4));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCommitTransaction2(s, JET_bitCommitLazyFlush, 5, NULL));
    TRX_LEVEL_IS(inst, s, 2);
    CHECK_OK(JetRollback(s, 0));
    TRX_LEVEL_IS(inst, s, 1);
    CHECK_ERR(JET_errInvalidGrbit, JetRollback(s, 0x2));
    CHECK_OK(JetRollback(s, JET_bitRollbackAll));
    CHECK_ERR(JET_errNotInTransaction, JetRollback(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

/* ---- binding, on one thread --------------------------------------------------------------- */

TEST(trx_context_binding_same_thread) {
    /* S-TRX-03 S-SES-08: a transaction begun under a context continues only while that context is
     * set (by the caller); commit after the context was reset on the same thread → -1910, no effect */
    JET_INSTANCE inst = fixture_running("trx_ctx1", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 0x1000));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetRollback(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetRollback(s, JET_bitRollbackAll));
    CHECK_ERR(JET_errSessionSharingViolation, JetBeginTransaction(s));
    TRX_LEVEL_IS(inst, s, 2);
    /* another context value does not match either */
    CHECK_OK(JetSetSessionContext(s, 0x2000));
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_ERR(JET_errSessionSharingViolation, JetBeginTransaction(s));
    CHECK_OK(JetResetSessionContext(s));
    TRX_LEVEL_IS(inst, s, 2);
    /* the same context again: everything works */
    CHECK_OK(JetSetSessionContext(s, 0x1000));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    TRX_LEVEL_IS(inst, s, 0);
    /* commit to level 0 released the binding: without the context a new transaction is bound to
     * this thread */
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_thread_model_same_thread_ignores_later_context) {
    /* S-TRX-03: a transaction begun without a context belongs to the thread; the same thread may
     * continue it with or without a context set */
    JET_INSTANCE inst = fixture_running("trx_ctx2", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetSetSessionContext(s, 0x55));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    TRX_LEVEL_IS(inst, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_level0_begin_rebinds) {
    /* S-TRX-03: a level-0 begin is never checked and captures the context in force */
    JET_INSTANCE inst = fixture_running("trx_rebind", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 0xAAA));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetRollback(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetSetSessionContext(s, 0xBBB));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetSetSessionContext(s, 0xAAA));
    CHECK_ERR(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetSetSessionContext(s, 0xBBB));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_end_context_model_same_thread_after_reset) {
    /* S-TRX-04 S-SES-05: under the context model the session may be ended once the context is reset
     * (here by the thread that began the transaction); every level is rolled back */
    JET_INSTANCE inst = fixture_running("trx_endctx", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetSetSessionContext(s, 0x99));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(s, 0));
    CHECK_OK(JetResetSessionContext(s));
    CHECK_OK(JetEndSession(s, 0));
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0));
    /* nothing left open: JetTerm does not see an active transaction */
    CHECK_OK(JetTerm(inst));
}

TEST(trx_end_rolls_back_all_levels) {
    /* S-TRX-04 S-SES-04 S-INST-05 */
    JET_INSTANCE inst = fixture_running("trx_endrb", -1);
    JET_SESID s = fixture_session(inst);
    for (int i = 0; i < 7; i++) CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    TRX_LEVEL_IS(inst, s, 7);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(trx_read_only_counts_as_open) {
    /* S-TRX-02 S-INST-05: a read-only transaction is an open transaction */
    JET_INSTANCE inst = fixture_running("trx_ro", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    CHECK_OK(JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    TRX_LEVEL_IS(inst, s, 2);
    CHECK_ERR(JET_errTooManyActiveUsers, JetTerm(inst));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetTerm(inst));
}

/*
 * check.h: the libesent C test harness. Test files include only <esent.h> and this file.
 *
 *   TEST(name) { ... }            defines a case; every case runs in its own process (fork),
 *                                 so the library's process-wide mode starts clean each time
 *   TEST_FRESH(name) { ... }      a case that needs a process in which the library has never
 *                                 run: with ESENT_TEST_WARMUP=1 (the memcheck run) the harness
 *                                 runs the warm-up of warmup.c in its own process, after every
 *                                 such case and before the others (whose forks inherit what
 *                                 valgrind translated during it)
 *   CHECK_OK(expr)                expr must return JET_errSuccess
 *   CHECK_ERR(JET_errX, expr)     expr must return exactly JET_errX
 *   CHECK(cond)                   a plain condition
 *   CHECK_EQ(a, b)                two integers must be equal (both printed on failure)
 *   REQUIRE_HOOKS()               the case needs the test hooks of a `failpoints` build; against
 *                                 the release library it is reported as skipped
 *   hook_failpoint(name, action, count)   arms a failpoint (see src/engine/failpoint.rs)
 *
 * A failed check prints file:line, the expression, and the expected and actual codes with
 * their names, and the case goes on (so one run shows every failure of a case). The run ends
 * with "N passed, N failed" (and ", N skipped" when some were).
 */
#ifndef LIBESENT_CHECK_H
#define LIBESENT_CHECK_H

#include <esent.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

void check_register(const char *name, const char *file, void (*fn)(void));
void check_register_fresh(const char *name, const char *file, void (*fn)(void));
void check_register_warm_up(void (*fn)(void));
void check_fail_code(const char *file, int line, const char *expr, JET_ERR expected, JET_ERR actual);
void check_fail_cond(const char *file, int line, const char *expr);
void check_fail_eq(const char *file, int line, const char *expr, long long a, long long b);
void check_skip(const char *why);
/* A case measured to need more than the harness's timeout on a loaded machine asks for
 * `seconds` in all (ESENT_TEST_TIMEOUT still wins when it is longer). */
void check_long_case(unsigned seconds);
int check_has_hooks(void);
/* Whether threads can really overlap: more than one CPU, and not under a tool that serializes
 * them (make valgrind sets ESENT_TEST_SERIAL=1). Assertions that a race was observed need it. */
int check_threads_run_in_parallel(void);
JET_ERR hook_failpoint(const char *name, const char *action, uint32_t count);
JET_ERR hook_panic(void);
/* The name of a code from the harness's own table (data/jet-constants.tsv), never from the
 * library under test. */
const char *check_code_name(JET_ERR err);
struct check_code {
    JET_ERR code;
    const char *name;
};
extern const struct check_code check_codes[];
extern const size_t check_code_count;

/* Fixtures shared by the test files (fixtures.c); each checks every call it makes. */
JET_INSTANCE fixture_created(const char *name);                    /* JetCreateInstance */
JET_INSTANCE fixture_running(const char *name, long max_sessions); /* + MaxSessions if >= 0, JetInit */
JET_SESID fixture_session(JET_INSTANCE inst);                       /* JetBeginSession */
int32_t fixture_level(JET_SESID s);       /* JET_sesparamTransactionLevel (4 bytes) */
uint32_t fixture_instance_count(void);    /* JetGetInstanceInfoA, buffer freed */
double fixture_now(void);                 /* CLOCK_MONOTONIC seconds */
const char *fixture_dir(void);            /* a scratch directory, removed when the case's process exits */
const char *fixture_path(const char *name); /* fixture_dir()/name (8 results stay valid) */

#define TEST(name)                                                          \
    static void name(void);                                                 \
    __attribute__((constructor)) static void register_##name(void) {       \
        check_register(#name, __FILE__, name);                              \
    }                                                                       \
    static void name(void)

#define TEST_FRESH(name)                                                    \
    static void name(void);                                                 \
    __attribute__((constructor)) static void register_##name(void) {       \
        check_register_fresh(#name, __FILE__, name);                        \
    }                                                                       \
    static void name(void)

#define CHECK_ERR(expected, expr)                                           \
    do {                                                                    \
        JET_ERR check_actual_ = (expr);                                     \
        if (check_actual_ != (JET_ERR)(expected))                           \
            check_fail_code(__FILE__, __LINE__, #expr, (expected), check_actual_); \
    } while (0)

#define CHECK_OK(expr) CHECK_ERR(JET_errSuccess, expr)

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) check_fail_cond(__FILE__, __LINE__, #cond);            \
    } while (0)

#define CHECK_EQ(a, b)                                                      \
    do {                                                                    \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);     \
        if (check_a_ != check_b_)                                           \
            check_fail_eq(__FILE__, __LINE__, #a " == " #b, check_a_, check_b_); \
    } while (0)

#define REQUIRE_HOOKS()                                                     \
    do {                                                                    \
        if (!check_has_hooks()) {                                           \
            check_skip("needs the failpoints build");                       \
            return;                                                         \
        }                                                                   \
    } while (0)

#endif

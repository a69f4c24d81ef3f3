/* Out of memory (S-LIF-01): under RLIMIT_AS, a call whose allocation cannot be met
 * returns JET_errOutOfMemory (-1011), or succeeds, and never aborts the process; afterwards
 * ordinary calls work. Each case runs in its own process (check.c forks), so the limit it sets
 * dies with it. S-SES-01 ("allocation failure: JET_errOutOfMemory, never an abort") and
 * S-ABI-10 (the library stays usable). */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* 64 MiB: far more than the headroom the limit leaves. */
#define HUGE_LEN ((size_t)64 << 20)
/* What the limit leaves above the current address-space size: room for small allocations. */
#define HEADROOM ((size_t)24 << 20)

/* Valgrind and the sanitizers manage the address space themselves: a limit breaks them. */
static int limits_unsupported(void) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return 1;
#else
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
#endif
}

#define REQUIRE_LIMITS()                                                    \
    do {                                                                    \
        if (limits_unsupported()) {                                         \
            check_skip("RLIMIT_AS cannot be used under valgrind or a sanitizer"); \
            return;                                                         \
        }                                                                   \
    } while (0)

static size_t address_space_now(void) {
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1) pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Caps the address space at its current size plus HEADROOM. */
static void limit_memory(void) {
    struct rlimit r;
    r.rlim_cur = r.rlim_max = address_space_now() + HEADROOM;
    CHECK(address_space_now() > 0);
    CHECK_EQ(setrlimit(RLIMIT_AS, &r), 0);
    /* the limit bites: a 64 MiB allocation fails now */
    void *probe = malloc(HUGE_LEN);
    CHECK(probe == NULL);
    free(probe);
}

static char *huge_string(char c) {
    char *s = malloc(HUGE_LEN + 1);
    CHECK(s != NULL);
    if (!s) abort();
    memset(s, c, HUGE_LEN);
    s[HUGE_LEN] = 0;
    return s;
}

#define CHECK_OOM_OR_OK(expr)                                               \
    do {                                                                    \
        JET_ERR r_ = (expr);                                                \
        if (r_ != JET_errOutOfMemory && r_ != JET_errSuccess)               \
            check_fail_code(__FILE__, __LINE__, #expr, JET_errOutOfMemory, r_); \
    } while (0)

/* Ordinary calls after a refused one: the library is still usable under the same limit. */
static void still_usable(void) {
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    CHECK_OK(JetCreateInstanceA(&inst, "after-oom"));
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, "/tmp/after/"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_OK(JetEndSession(s, 0));
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    CHECK_OK(JetGetInstanceInfoA(&c, &info));
    CHECK(c >= 1 && info != NULL);
    CHECK_OK(JetFreeBuffer((char *)info));
    char path[64] = "";
    CHECK_OK(JetGetSystemParameterA(inst, 0, JET_paramSystemPath, NULL, path, sizeof path));
    CHECK(strcmp(path, "/tmp/after/") == 0);
    CHECK_OK(JetTerm(inst));
}

TEST(oom_create_instance_with_huge_name) {
    /* S-LIF-01: the copy of a 64 MiB instance name (A and W, display name too) */
    REQUIRE_LIMITS();
    char *name = huge_string('n');
    limit_memory();
    JET_INSTANCE inst = 0x1234;
    CHECK_OOM_OR_OK(JetCreateInstanceA(&inst, name));
    if (inst != 0x1234 && inst != JET_instanceNil) CHECK_OK(JetTerm(inst));
    CHECK_OOM_OR_OK(JetCreateInstance2A(&inst, "ok", name, 0));
    if (inst != 0x1234 && inst != JET_instanceNil) CHECK_OK(JetTerm(inst));
    still_usable();
    free(name);
}

TEST(oom_get_instance_info_with_huge_name) {
    /* S-LIF-01: the vectors and the block of JetGetInstanceInfo for a 64 MiB name
     * stored before the limit */
    REQUIRE_LIMITS();
    char *name = huge_string('i');
    JET_INSTANCE big = 0;
    CHECK_OK(JetCreateInstanceA(&big, name));
    free(name);
    limit_memory();
    uint32_t c = 999;
    JET_INSTANCE_INFO_A *a = NULL;
    JET_ERR r = JetGetInstanceInfoA(&c, &a);
    CHECK(r == JET_errOutOfMemory || r == JET_errSuccess);
    if (r == JET_errSuccess) CHECK_OK(JetFreeBuffer((char *)a));
    JET_INSTANCE_INFO_W *w = NULL;
    r = JetGetInstanceInfoW(&c, &w);
    CHECK(r == JET_errOutOfMemory || r == JET_errSuccess);
    if (r == JET_errSuccess) CHECK_OK(JetFreeBuffer((char *)w));
    CHECK_OK(JetTerm(big));
    still_usable();
}

TEST(oom_set_system_parameter_huge_string) {
    /* S-LIF-01: the copy of a 64 MiB string parameter, by JetSetSystemParameterA and
     * by JetEnableMultiInstanceA (whose element gets the code) */
    REQUIRE_LIMITS();
    char *text = huge_string('s');
    limit_memory();
    CHECK_OOM_OR_OK(JetSetSystemParameterA(NULL, 0, JET_paramConfigStoreSpec, 0, text));
    CHECK_OOM_OR_OK(JetSetSystemParameterA(NULL, 0, JET_paramSystemPath, 0, text));
    JET_SETSYSPARAM_A p[] = {{JET_paramConfigStoreSpec, 0, text, 4242}};
    uint32_t n = 999;
    JET_ERR r = JetEnableMultiInstanceA(p, 1, &n);
    CHECK(r == JET_errOutOfMemory || r == JET_errSuccess);
    CHECK_EQ(p[0].err, r);
    CHECK_EQ(n, r == JET_errSuccess ? 1 : 0);
    still_usable();
    free(text);
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(oom_traced_calls_stay_small) {
    /* S-LIF-01, S-LIF-05: with ESENT_TRACE on, the trace line of a call with a 64 MiB
     * argument quotes a bounded prefix and the call still returns -1011 or succeeds */
    REQUIRE_LIMITS();
    char path[64];
    snprintf(path, sizeof path, "/tmp/esent-oom-trace-%d.log", (int)getpid());
    unlink(path);
    setenv("ESENT_TRACE", path, 1);
    char *name = huge_string('t');
    limit_memory();
    JET_INSTANCE inst = 0;
    CHECK_OOM_OR_OK(JetCreateInstanceA(&inst, name));
    CHECK_OOM_OR_OK(JetSetSystemParameterA(NULL, 0, JET_paramConfigStoreSpec, 0, name));
    still_usable();
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        char line[4096];
        int lines = 0, create = 0;
        while (fgets(line, sizeof line, f)) {
            lines++;
            CHECK(strchr(line, '\n') != NULL); /* every line fits in 4 KiB */
            if (strstr(line, "JetCreateInstanceA(") && strstr(line, "\"ttt") &&
                strstr(line, "...(67108864 bytes)"))
                create++;
        }
        fclose(f);
        CHECK(lines >= 10);
        CHECK(create >= 1);
    }
    unlink(path);
    free(name);
}

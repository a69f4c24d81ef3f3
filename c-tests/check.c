/* The harness runner: forks every registered case, collects results, prints the totals. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "check.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CASES 1024
#define CASE_TIMEOUT_SECONDS 60
#define EXIT_SKIPPED 77

struct test_case {
    const char *name;
    const char *file;
    void (*fn)(void);
};

static struct test_case cases[MAX_CASES];
static int ncases;
static int failures; /* in the child: failed checks of the running case */
static int skipped;

void check_register(const char *name, const char *file, void (*fn)(void)) {
    if (ncases < MAX_CASES) cases[ncases++] = (struct test_case){name, file, fn};
}

const char *check_code_name(JET_ERR err) {
    /* The library names its own codes: JET_paramErrorToString gives "JET_errName, text". */
    static char buf[256];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, buf, sizeof buf) < 0)
        return "?";
    char *comma = strchr(buf, ',');
    if (comma) *comma = 0;
    return buf;
}

void check_fail_code(const char *file, int line, const char *expr, JET_ERR expected, JET_ERR actual) {
    char want[256];
    snprintf(want, sizeof want, "%s", check_code_name(expected));
    printf("    %s:%d: %s\n        expected %d %s, got %d %s\n", file, line, expr, (int)expected,
           want, (int)actual, check_code_name(actual));
    failures++;
}

void check_fail_cond(const char *file, int line, const char *expr) {
    printf("    %s:%d: CHECK(%s) failed\n", file, line, expr);
    failures++;
}

void check_fail_eq(const char *file, int line, const char *expr, long long a, long long b) {
    printf("    %s:%d: %s failed: %lld != %lld\n", file, line, expr, a, b);
    failures++;
}

void check_skip(const char *why) {
    printf("    skipped: %s\n", why);
    skipped = 1;
}

typedef JET_ERR (*failpoint_fn)(const char *, const char *, uint32_t);
typedef JET_ERR (*panic_fn)(void);

int check_threads_run_in_parallel(void) {
    const char *serial = getenv("ESENT_TEST_SERIAL");
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 && !(serial && *serial && strcmp(serial, "0") != 0);
}

int check_has_hooks(void) { return dlsym(RTLD_DEFAULT, "esent_test_failpoint") != NULL; }

JET_ERR hook_failpoint(const char *name, const char *action, uint32_t count) {
    failpoint_fn f = (failpoint_fn)dlsym(RTLD_DEFAULT, "esent_test_failpoint");
    return f ? f(name, action, count) : JET_errFeatureNotAvailable;
}

JET_ERR hook_panic(void) {
    panic_fn f = (panic_fn)dlsym(RTLD_DEFAULT, "esent_test_panic");
    return f ? f() : JET_errFeatureNotAvailable;
}

JET_INSTANCE fixture_created(const char *name) {
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, name));
    return inst;
}

JET_INSTANCE fixture_running(const char *name, long max_sessions) {
    JET_INSTANCE inst = fixture_created(name);
    if (max_sessions >= 0)
        CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, (JET_API_PTR)max_sessions, NULL));
    CHECK_OK(JetInit(&inst));
    return inst;
}

JET_SESID fixture_session(JET_INSTANCE inst) {
    JET_SESID s = 0;
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    return s;
}

int32_t fixture_level(JET_SESID s) {
    int32_t lv = -1;
    uint32_t cb = 0;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &lv, sizeof lv, &cb));
    CHECK_EQ(cb, 4);
    return lv;
}

uint32_t fixture_instance_count(void) {
    uint32_t c = 12345;
    JET_INSTANCE_INFO_A *pa = NULL;
    CHECK_OK(JetGetInstanceInfoA(&c, &pa));
    if (pa) CHECK_OK(JetFreeBuffer((char *)pa));
    return c;
}

double fixture_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run_case(const struct test_case *t) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        alarm(CASE_TIMEOUT_SECONDS);
        t->fn();
        fflush(stdout);
        _exit(failures ? 1 : skipped ? EXIT_SKIPPED : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFSIGNALED(status)) {
        printf("    died of signal %d%s\n", WTERMSIG(status),
               WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
        return 1;
    }
    return WEXITSTATUS(status);
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : getenv("ESENT_TEST_FILTER");
    int passed = 0, failed = 0, nskipped = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < ncases; i++) {
        const struct test_case *t = &cases[i];
        if (filter && *filter && !strstr(t->name, filter)) continue;
        printf("%s (%s)\n", t->name, t->file);
        int rc = run_case(t);
        if (rc == 0) {
            passed++;
        } else if (rc == EXIT_SKIPPED) {
            nskipped++;
        } else {
            printf("  FAILED: %s\n", t->name);
            failed++;
        }
    }
    if (nskipped)
        printf("%d passed, %d failed, %d skipped\n", passed, failed, nskipped);
    else
        printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

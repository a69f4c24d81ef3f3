/* The harness runner: forks every registered case, collects results, prints the totals.
 *
 * It depends on nothing of the library under test: codes are named from its own table (generated
 * from data/jet-constants.tsv into check_codes.c), and the test hooks are looked up with dlsym.
 * `make check-harness` links it without libesent to prove that.
 *
 * ESENT_TEST_FILTER=text (or argv[1]) runs only the cases whose name contains text;
 * ESENT_TEST_JOBS=n runs n cases at a time (each case's output is printed when it ends, with its
 * wall-clock time, and the slowest cases are named before the totals);
 * ESENT_TEST_FIRST="a b ..." starts the cases named (exactly) there first, in that order, then
 * the rest in registration order: with n jobs, starting the longest cases first keeps one job
 * from running a long case alone at the end (`make valgrind` lists its slowest cases). A name
 * that matches no case is reported, since a stale list only costs time. Times are printed,
 * never asserted. ESENT_TEST_TIMEOUT=n: a case still running after n seconds (60 unless told)
 * is killed and fails. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "check.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASE_TIMEOUT_SECONDS 60 /* ESENT_TEST_TIMEOUT=n overrides it (make valgrind: memcheck is slow) */
#define EXIT_SKIPPED 77
#define MAX_JOBS 64

struct test_case {
    const char *name;
    const char *file;
    void (*fn)(void);
    double seconds; /* wall-clock time of its process (parallel runs) */
    int fresh;      /* TEST_FRESH: runs before the warm-up */
};

/* Grows as cases register (constructors run before main); no case is ever dropped. */
static struct test_case *cases;
static int ncases, capacity;
static int failures; /* in the child: failed checks of the running case */
static int skipped;

static void (*warm_up_fn)(void);

void check_register_warm_up(void (*fn)(void)) { warm_up_fn = fn; }

static void add_case(const char *name, const char *file, void (*fn)(void), int fresh);

void check_register(const char *name, const char *file, void (*fn)(void)) { add_case(name, file, fn, 0); }

void check_register_fresh(const char *name, const char *file, void (*fn)(void)) { add_case(name, file, fn, 1); }

static void add_case(const char *name, const char *file, void (*fn)(void), int fresh) {
    if (ncases == capacity) {
        int grown = capacity ? capacity * 2 : 256;
        struct test_case *c = realloc(cases, (size_t)grown * sizeof *c);
        if (!c) {
            fprintf(stderr, "check_register: out of memory at case %d (%s)\n", ncases, name);
            exit(2);
        }
        cases = c;
        capacity = grown;
    }
    cases[ncases++] = (struct test_case){name, file, fn, 0, fresh};
}

const char *check_code_name(JET_ERR err) {
    /* The harness's own table (check_codes.c, from data/jet-constants.tsv), never the library's
     * JET_paramErrorToString: a wrong name there cannot hide in a failure message here. */
    for (size_t i = 0; i < check_code_count; i++)
        if (check_codes[i].code == err) return check_codes[i].name;
    return "(unknown code)";
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
    const char *jobs = getenv("ESENT_TEST_JOBS");
    /* Cases running side by side (ESENT_TEST_JOBS > 1) compete for the CPUs. */
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 && !(serial && *serial && strcmp(serial, "0") != 0) &&
           !(jobs && atoi(jobs) > 1);
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

static unsigned case_timeout = CASE_TIMEOUT_SECONDS;

void check_long_case(unsigned seconds) {
    if (seconds > case_timeout) alarm(seconds);
}

static void run_child(const struct test_case *t) {
    alarm(case_timeout);
    t->fn();
    fflush(stdout);
    _exit(failures ? 1 : skipped ? EXIT_SKIPPED : 0);
}

/* 0 passed, EXIT_SKIPPED skipped, anything else failed. */
static int verdict(int status) {
    if (WIFSIGNALED(status)) {
        printf("    died of signal %d%s\n", WTERMSIG(status),
               WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
        return 1;
    }
    return WEXITSTATUS(status);
}

struct job {
    pid_t pid;
    struct test_case *t;
    FILE *out; /* the child's stdout, printed when it ends */
    double started;
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int passed, failed, nskipped;

static void tally(const struct test_case *t, pid_t pid, int rc) {
    if (rc == 0) {
        passed++;
    } else if (rc == EXIT_SKIPPED) {
        nskipped++;
    } else {
        printf("  FAILED: %s (pid %d)\n", t->name, (int)pid);
        failed++;
    }
}

static pid_t start(const struct test_case *t, FILE *out) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        if (out) {
            dup2(fileno(out), STDOUT_FILENO);
            fclose(out);
        }
        run_child(t);
    }
    return pid;
}

static void finish(struct job *j, int status) {
    j->t->seconds = now_seconds() - j->started;
    printf("%s (%s) %.1f s\n", j->t->name, j->t->file, j->t->seconds);
    rewind(j->out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, j->out)) > 0) fwrite(buf, 1, n, stdout);
    fclose(j->out);
    tally(j->t, j->pid, verdict(status));
    j->pid = 0;
}

/* The order cases start in: those ESENT_TEST_FIRST names, in its order, then the others in
 * registration order. Every case appears exactly once. */
static struct test_case **run_order(const char *first) {
    struct test_case **order = malloc((size_t)(ncases ? ncases : 1) * sizeof *order);
    char *placed = calloc((size_t)(ncases ? ncases : 1), 1);
    if (!order || !placed) {
        fprintf(stderr, "run_order: out of memory\n");
        exit(2);
    }
    int n = 0;
    const char *p = first ? first : "";
    while (*p) {
        size_t len = strcspn(p, " ,\t\n");
        if (len > 0) {
            int found = 0;
            for (int i = 0; i < ncases; i++)
                if (strlen(cases[i].name) == len && strncmp(cases[i].name, p, len) == 0) {
                    found = 1;
                    if (!placed[i]) {
                        placed[i] = 1;
                        order[n++] = &cases[i];
                    }
                }
            if (!found) printf("note: ESENT_TEST_FIRST names no case '%.*s'\n", (int)len, p);
        }
        p += len;
        p += strspn(p, " ,\t\n");
    }
    for (int i = 0; i < ncases; i++)
        if (!placed[i]) order[n++] = &cases[i];
    free(placed);
    return order;
}

/* After a parallel run: the slowest cases, to keep ESENT_TEST_FIRST up to date. */
static void print_slowest(struct test_case **order, int n) {
    enum { SHOW = 8 };
    struct test_case *top[SHOW];
    int ntop = 0;
    for (int i = 0; i < n; i++) {
        struct test_case *t = order[i];
        if (t->seconds <= 0) continue;
        int k;
        if (ntop < SHOW)
            k = ntop++;
        else if (t->seconds > top[SHOW - 1]->seconds)
            k = SHOW - 1; /* replaces the fastest of the kept ones */
        else
            continue;
        while (k > 0 && top[k - 1]->seconds < t->seconds) {
            top[k] = top[k - 1];
            k--;
        }
        top[k] = t;
    }
    if (ntop == 0) return;
    printf("slowest:");
    for (int k = 0; k < ntop; k++) printf(" %s %.1f s%s", top[k]->name, top[k]->seconds, k + 1 < ntop ? "," : "\n");
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : getenv("ESENT_TEST_FILTER");
    const char *jobs_env = getenv("ESENT_TEST_JOBS");
    int jobs = jobs_env && *jobs_env ? atoi(jobs_env) : 1;
    if (jobs < 1) jobs = 1;
    if (jobs > MAX_JOBS) jobs = MAX_JOBS;
    const char *timeout_env = getenv("ESENT_TEST_TIMEOUT");
    if (timeout_env && atoi(timeout_env) > 0) case_timeout = (unsigned)atoi(timeout_env);
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct test_case **order = run_order(getenv("ESENT_TEST_FIRST"));
    const char *warm_env = getenv("ESENT_TEST_WARMUP");
    int warm_pending = warm_up_fn && warm_env && *warm_env && strcmp(warm_env, "0") != 0;
    if (warm_pending) {
        /* The TEST_FRESH cases first (each keeping its place among them), then the others. */
        int k = 0;
        struct test_case **sorted = malloc((size_t)(ncases ? ncases : 1) * sizeof *sorted);
        if (!sorted) {
            fprintf(stderr, "harness: out of memory\n");
            exit(2);
        }
        for (int pass = 1; pass >= 0; pass--)
            for (int i = 0; i < ncases; i++)
                if (order[i]->fresh == pass) sorted[k++] = order[i];
        free(order);
        order = sorted;
    }
    struct job running[MAX_JOBS];
    memset(running, 0, sizeof running);
    int active = 0;
    for (int i = 0; i < ncases || active > 0;) {
        struct test_case *t = i < ncases ? order[i] : NULL;
        if (t && filter && *filter && !strstr(t->name, filter)) {
            i++;
            continue;
        }
        if (t && warm_pending && !t->fresh) {
            /* Every fresh case has ended: the warm-up runs here, in the harness's process. */
            if (active == 0) {
                fflush(stdout);
                warm_up_fn();
                printf("warm-up done: the remaining cases fork from a process that has run the library\n");
                warm_pending = 0;
                continue;
            }
            t = NULL; /* wait for a running case first */
        }
        if (t && jobs == 1) {
            /* One at a time: the output streams as the case runs. */
            printf("%s (%s)\n", t->name, t->file);
            pid_t pid = start(t, NULL);
            int status = 0;
            while (waitpid(pid, &status, 0) < 0) {
            }
            tally(t, pid, verdict(status));
            i++;
            continue;
        }
        if (t && active < jobs) {
            int k = 0;
            while (running[k].pid) k++;
            FILE *out = tmpfile();
            if (!out) {
                perror("tmpfile");
                exit(2);
            }
            double started = now_seconds();
            running[k] = (struct job){start(t, out), t, out, started};
            active++;
            i++;
            continue;
        }
        int status = 0;
        pid_t pid = wait(&status);
        if (pid < 0) {
            if (errno == EINTR) continue;
            perror("wait");
            exit(2);
        }
        for (int k = 0; k < jobs; k++)
            if (running[k].pid == pid) {
                finish(&running[k], status);
                active--;
            }
    }
    if (jobs > 1) print_slowest(order, ncases);
    free(order);
    if (nskipped)
        printf("%d passed, %d failed, %d skipped\n", passed, failed, nskipped);
    else
        printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

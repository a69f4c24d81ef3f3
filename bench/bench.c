/*
 * bench.c: the session core of libesent beside LMDB's transaction handles.
 *
 *   bench                      timings: best of ROUNDS rounds of OPS operations, ns/op, ratios
 *   bench callgrind WHAT N     runs exactly N operations of WHAT inside run_WHAT(), for
 *                              `valgrind --tool=callgrind --toggle-collect=run_WHAT`
 *                              (WHAT: jet_begin_end, jet_begin_commit, mdb_begin_abort,
 *                              mdb_reset_renew)
 *
 * Speed is reported, never asserted: the targets (README, "Performance") are printed as PASS
 * or MISS and the exit status is 0 whatever they say. Any unexpected return code from a JET or
 * LMDB call stops the benchmark with a message and exit status 1.
 */
#define _GNU_SOURCE
#include <esent.h>
#include <lmdb.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 10              /* timed rounds per measurement (plus one warm-up round) */
#define OPS 1000000L           /* operations per round and per thread */
#define BIG_SESSIONS 30000     /* live sessions for (c) and (e) */
#define D_MAX_SESSIONS 64

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* The measured loops must keep their names for callgrind's --toggle-collect: no inlining, no
 * cloning (foo.constprop.0) and no identical-code folding. */
#if defined(__clang__)
#define MEASURED __attribute__((noinline, used))
#else
#define MEASURED __attribute__((noipa, used))
#endif

/* ---- errors ----------------------------------------------------------------------------- */

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static const char *jet_name(JET_ERR err) {
    static char text[256];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0)
        snprintf(text, sizeof text, "error %d", (int)err);
    char *comma = strchr(text, ',');
    if (comma) *comma = 0;
    return text;
}

static __attribute__((noinline, cold, noreturn)) void jet_fail(const char *call, JET_ERR err,
                                                               int line) {
    die("line %d: %s returned %d (%s)", line, call, (int)err, jet_name(err));
}

static __attribute__((noinline, cold, noreturn)) void mdb_fail(const char *call, int rc,
                                                               int line) {
    die("line %d: %s returned %d (%s)", line, call, rc, mdb_strerror(rc));
}

/* Every JET call must return JET_errSuccess; anything else (warnings included) stops us. */
#define JET(call)                                                              \
    do {                                                                       \
        JET_ERR e_ = (call);                                                   \
        if (UNLIKELY(e_ != JET_errSuccess)) jet_fail(#call, e_, __LINE__);     \
    } while (0)

#define MDB(call)                                                              \
    do {                                                                       \
        int rc_ = (call);                                                      \
        if (UNLIKELY(rc_ != MDB_SUCCESS)) mdb_fail(#call, rc_, __LINE__);      \
    } while (0)

/* ---- the measured operations ------------------------------------------------------------- */

/* The loop bodies are macros so that the warm-up functions (not collected by callgrind) run
 * exactly the code of the measured ones. */
#define BODY_JET_BEGIN_END(inst, n)                                            \
    for (long i_ = 0; i_ < (n); i_++) {                                        \
        JET_SESID s_ = JET_sesidNil;                                           \
        JET(JetBeginSession((inst), &s_, NULL, NULL));                         \
        JET(JetEndSession(s_, 0));                                             \
    }
#define BODY_JET_BEGIN_COMMIT(ses, n)                                          \
    for (long i_ = 0; i_ < (n); i_++) {                                        \
        JET(JetBeginTransaction(ses));                                         \
        JET(JetCommitTransaction((ses), JET_bitCommitLazyFlush));              \
    }
#define BODY_MDB_BEGIN_ABORT(env, n)                                           \
    for (long i_ = 0; i_ < (n); i_++) {                                        \
        MDB_txn *t_ = NULL;                                                    \
        MDB(mdb_txn_begin((env), NULL, MDB_RDONLY, &t_));                      \
        mdb_txn_abort(t_);                                                     \
    }
#define BODY_MDB_RESET_RENEW(txn, n)                                           \
    for (long i_ = 0; i_ < (n); i_++) {                                        \
        mdb_txn_reset(txn);                                                    \
        MDB(mdb_txn_renew(txn));                                               \
    }

MEASURED void run_jet_begin_end(JET_INSTANCE inst, long n) { BODY_JET_BEGIN_END(inst, n) }
MEASURED void run_jet_begin_commit(JET_SESID ses, long n) { BODY_JET_BEGIN_COMMIT(ses, n) }
MEASURED void run_mdb_begin_abort(MDB_env *env, long n) { BODY_MDB_BEGIN_ABORT(env, n) }
MEASURED void run_mdb_reset_renew(MDB_txn *txn, long n) { BODY_MDB_RESET_RENEW(txn, n) }

/* Warm-ups (distinct code, so callgrind's toggle never fires in them). */
static __attribute__((noinline)) void warm_jet_begin_end(JET_INSTANCE inst) {
    BODY_JET_BEGIN_END(inst, 1000 + 1)
}
static __attribute__((noinline)) void warm_jet_begin_commit(JET_SESID ses) {
    BODY_JET_BEGIN_COMMIT(ses, 1000 + 2)
}
static __attribute__((noinline)) void warm_mdb_begin_abort(MDB_env *env) {
    BODY_MDB_BEGIN_ABORT(env, 1000 + 3)
}
static __attribute__((noinline)) void warm_mdb_reset_renew(MDB_txn *txn) {
    BODY_MDB_RESET_RENEW(txn, 1000 + 4)
}

/* ---- helpers ------------------------------------------------------------------------------ */

static uint64_t now_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) die("clock_gettime: %s", strerror(errno));
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static long vm_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) die("/proc/self/status: %s", strerror(errno));
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    fclose(f);
    if (kb < 0) die("no VmRSS in /proc/self/status");
    return kb;
}

static void cpu_model(char *out, size_t cap) {
    snprintf(out, cap, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0 || strncmp(line, "Model", 5) == 0 ||
            strncmp(line, "Hardware", 8) == 0) {
            char *colon = strchr(line, ':');
            if (!colon) continue;
            colon++;
            while (*colon == ' ' || *colon == '\t') colon++;
            colon[strcspn(colon, "\n")] = 0;
            snprintf(out, cap, "%s", colon);
            break;
        }
    }
    fclose(f);
}

/* A multi-instance-mode instance, initialized, with its own session limit. */
static JET_INSTANCE new_instance(const char *name, JET_API_PTR max_sessions) {
    JET_INSTANCE inst = JET_instanceNil;
    JET(JetCreateInstance(&inst, name));
    JET(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, max_sessions, NULL));
    JET(JetInit(&inst));
    return inst;
}

/* ---- LMDB on a temporary directory -------------------------------------------------------- */

static char mdb_dir[64];

static MDB_env *open_lmdb(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(mdb_dir, sizeof mdb_dir, "%s/esent-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(mdb_dir)) {
        snprintf(mdb_dir, sizeof mdb_dir, "/tmp/esent-bench-XXXXXX");
        if (!mkdtemp(mdb_dir)) die("mkdtemp: %s", strerror(errno));
    }
    MDB_env *env = NULL;
    MDB(mdb_env_create(&env));
    MDB(mdb_env_set_mapsize(env, 1 << 20));
    MDB(mdb_env_open(env, mdb_dir, 0, 0600));
    return env;
}

static void close_lmdb(MDB_env *env) {
    mdb_env_close(env);
    char path[128];
    snprintf(path, sizeof path, "%s/data.mdb", mdb_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", mdb_dir);
    unlink(path);
    if (rmdir(mdb_dir) != 0) fprintf(stderr, "bench: rmdir %s: %s\n", mdb_dir, strerror(errno));
}

/* ---- callgrind mode ------------------------------------------------------------------------ */

static int callgrind_mode(const char *what, long n) {
    JET_INSTANCE inst = new_instance("bench-cg", D_MAX_SESSIONS);
    JET_SESID ses = JET_sesidNil;
    JET(JetBeginSession(inst, &ses, NULL, NULL));
    MDB_env *env = open_lmdb();

    /* Warm every path first (thread-locals, first segment, reader slot). A thread holds one
     * LMDB read transaction at a time, so the live one for reset+renew begins afterwards. */
    warm_jet_begin_end(inst);
    warm_jet_begin_commit(ses);
    warm_mdb_begin_abort(env);
    MDB_txn *txn = NULL;
    MDB(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
    warm_mdb_reset_renew(txn);
    if (strcmp(what, "mdb_begin_abort") == 0) {
        mdb_txn_abort(txn);
        txn = NULL;
    }

    if (strcmp(what, "jet_begin_end") == 0)
        run_jet_begin_end(inst, n);
    else if (strcmp(what, "jet_begin_commit") == 0)
        run_jet_begin_commit(ses, n);
    else if (strcmp(what, "mdb_begin_abort") == 0)
        run_mdb_begin_abort(env, n);
    else if (strcmp(what, "mdb_reset_renew") == 0)
        run_mdb_reset_renew(txn, n);
    else
        die("unknown callgrind operation '%s'", what);

    if (txn) mdb_txn_abort(txn);
    close_lmdb(env);
    JET(JetEndSession(ses, 0));
    JET(JetTerm(inst));
    return 0;
}

/* ---- timing ------------------------------------------------------------------------------- */

typedef void (*op_fn)(void *arg, long n);

static void op_jet_begin_end(void *arg, long n) { run_jet_begin_end(*(JET_INSTANCE *)arg, n); }
static void op_jet_begin_commit(void *arg, long n) { run_jet_begin_commit(*(JET_SESID *)arg, n); }
static void op_mdb_begin_abort(void *arg, long n) { run_mdb_begin_abort((MDB_env *)arg, n); }
static void op_mdb_reset_renew(void *arg, long n) { run_mdb_reset_renew((MDB_txn *)arg, n); }

static double time_round(op_fn fn, void *arg) {
    uint64_t t0 = now_ns();
    fn(arg, OPS);
    uint64_t t1 = now_ns();
    return (double)(t1 - t0) / (double)OPS;
}

/* Best of ROUNDS rounds for two sides, rounds interleaved (x, y, x, y, ...) so that drift in
 * the machine's speed hits both alike; one warm-up round each is discarded. */
static void best_pair(op_fn fx, void *ax, op_fn fy, void *ay, double *bx, double *by) {
    time_round(fx, ax);
    time_round(fy, ay);
    *bx = *by = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double x = time_round(fx, ax), y = time_round(fy, ay);
        if (x < *bx) *bx = x;
        if (y < *by) *by = y;
    }
}

/* (d): begin+end on one instance from several threads, each with its own sessions. */
struct worker {
    pthread_t thread;
    JET_INSTANCE inst;
    atomic_int *ready;
    atomic_int *go;
    uint64_t start, end;
};

static void *worker_main(void *p) {
    struct worker *w = p;
    warm_jet_begin_end(w->inst);
    atomic_fetch_add(w->ready, 1);
    while (!atomic_load(w->go)) sched_yield();
    w->start = now_ns();
    run_jet_begin_end(w->inst, OPS);
    w->end = now_ns();
    return NULL;
}

/* The machine's own ceiling for (d): the same 2-vs-1 ratio for a loop that shares nothing.
 * A virtual machine whose two CPUs share one core shows about 1.0 here, and then no design can
 * make (d) reach 1.6. */
static void *spin_main(void *p) {
    volatile uint64_t x = 0;
    for (long i = 0; i < 200000000L; i++) x += (uint64_t)i;
    (void)p;
    return NULL;
}

static double machine_scaling(void) {
    uint64_t t0 = now_ns();
    spin_main(NULL);
    uint64_t one = now_ns() - t0;
    pthread_t a, b;
    t0 = now_ns();
    if (pthread_create(&a, NULL, spin_main, NULL) || pthread_create(&b, NULL, spin_main, NULL))
        die("pthread_create");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    uint64_t two = now_ns() - t0;
    return 2.0 * (double)one / (double)two;
}

/* Aggregate operations per second of `n` threads, OPS begin+end pairs each. */
static double threads_round(JET_INSTANCE inst, int n) {
    struct worker w[8];
    atomic_int ready = 0, go = 0;
    for (int i = 0; i < n; i++) {
        w[i] = (struct worker){.inst = inst, .ready = &ready, .go = &go};
        int rc = pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
        if (rc != 0) die("pthread_create: %s", strerror(rc));
    }
    while (atomic_load(&ready) < n) sched_yield();
    atomic_store(&go, 1);
    uint64_t start = UINT64_MAX, end = 0;
    for (int i = 0; i < n; i++) {
        int rc = pthread_join(w[i].thread, NULL);
        if (rc != 0) die("pthread_join: %s", strerror(rc));
        if (w[i].start < start) start = w[i].start;
        if (w[i].end > end) end = w[i].end;
    }
    return (double)OPS * n / ((double)(end - start) / 1e9);
}

static const char *verdict(int ok) { return ok ? "PASS" : "MISS"; }

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "callgrind") == 0) {
        if (argc != 4) die("usage: %s callgrind WHAT N", argv[0]);
        return callgrind_mode(argv[2], atol(argv[3]));
    }
    if (argc != 1) die("usage: %s [callgrind WHAT N]", argv[0]);
    setvbuf(stdout, NULL, _IOLBF, 0);

    char model[256], date[64];
    cpu_model(model, sizeof model);
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
    printf("libesent session benchmark\n");
    printf("date:    %s\n", date);
    printf("machine: %s, nproc %ld\n", model, sysconf(_SC_NPROCESSORS_ONLN));
    printf("method:  best of %d rounds (after 1 warm-up round) of %ld operations; "
           "CLOCK_MONOTONIC\n\n", ROUNDS, OPS);

    /* (e) first, on the first instance of the process, so nothing freed earlier is reused. */
    printf("e. resident memory of %d idle sessions on a fresh instance...\n", BIG_SESSIONS);
    JET_SESID *many = calloc(BIG_SESSIONS, sizeof *many);
    if (!many) die("out of memory");
    memset(many, 0xff, BIG_SESSIONS * sizeof *many);
    JET_INSTANCE inst_e = new_instance("bench-e", BIG_SESSIONS);
    long rss_before = vm_rss_kb();
    for (int i = 0; i < BIG_SESSIONS; i++) JET(JetBeginSession(inst_e, &many[i], NULL, NULL));
    long rss_after = vm_rss_kb();
    double e_bytes = (double)(rss_after - rss_before) * 1024.0 / BIG_SESSIONS;
    printf("   VmRSS %ld kB -> %ld kB: %.1f bytes per session\n", rss_before, rss_after, e_bytes);
    for (int i = 0; i < BIG_SESSIONS; i++) JET(JetEndSession(many[i], 0));
    JET(JetTerm(inst_e));

    /* (a) and (b) */
    MDB_env *env = open_lmdb();
    JET_INSTANCE inst_a = new_instance("bench-ab", D_MAX_SESSIONS);

    printf("a. JetBeginSession+JetEndSession vs mdb_txn_begin(MDB_RDONLY)+mdb_txn_abort...\n");
    double a_jet, a_mdb;
    best_pair(op_jet_begin_end, &inst_a, op_mdb_begin_abort, env, &a_jet, &a_mdb);
    printf("   %.1f ns vs %.1f ns\n", a_jet, a_mdb);

    printf("b. JetBeginTransaction+JetCommitTransaction(LazyFlush) vs mdb_txn_reset+renew...\n");
    JET_SESID ses_b = JET_sesidNil;
    JET(JetBeginSession(inst_a, &ses_b, NULL, NULL));
    MDB_txn *txn_b = NULL;
    MDB(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn_b));
    double b_jet, b_mdb;
    best_pair(op_jet_begin_commit, &ses_b, op_mdb_reset_renew, txn_b, &b_jet, &b_mdb);
    printf("   %.1f ns vs %.1f ns\n", b_jet, b_mdb);
    mdb_txn_abort(txn_b);
    JET(JetEndSession(ses_b, 0));
    JET(JetTerm(inst_a));
    close_lmdb(env);

    /* (c): two instances with the same limit, one holding 30,000 idle sessions, one holding 1.
     * The limit must admit the idle sessions plus the one being begun and ended. */
    JET_API_PTR c_limit = BIG_SESSIONS + 1;
    int c_idle = BIG_SESSIONS;
    char c_note[200] = "";
    {
        JET_INSTANCE probe = JET_instanceNil;
        JET(JetCreateInstance(&probe, "bench-c-probe"));
        JET_ERR err = JetSetSystemParameter(&probe, 0, JET_paramMaxSessions, c_limit, NULL);
        if (err != JET_errSuccess) {
            /* JET_paramMaxSessions tops out at 30000 (as in esent.dll): keep 29,999 idle so that
             * 30,000 are live while the measured session is. */
            c_limit = BIG_SESSIONS;
            c_idle = BIG_SESSIONS - 1;
            snprintf(c_note, sizeof c_note,
                     "JET_paramMaxSessions=%d gave %s (its maximum is %d); used %d, with %d idle "
                     "sessions + the measured one = %d live",
                     BIG_SESSIONS + 1, jet_name(err), BIG_SESSIONS, BIG_SESSIONS, c_idle,
                     BIG_SESSIONS);
            printf("   note: %s\n", c_note);
        }
        JET(JetTerm(probe));
    }
    printf("c. JetBeginSession+JetEndSession with %d idle sessions vs with 1...\n", c_idle);
    JET_INSTANCE inst_c1 = new_instance("bench-c1", c_limit);
    JET_INSTANCE inst_cbig = new_instance("bench-c30k", c_limit);
    JET_SESID one = JET_sesidNil;
    JET(JetBeginSession(inst_c1, &one, NULL, NULL));
    for (int i = 0; i < c_idle; i++) JET(JetBeginSession(inst_cbig, &many[i], NULL, NULL));
    double c_big, c_one;
    best_pair(op_jet_begin_end, &inst_cbig, op_jet_begin_end, &inst_c1, &c_big, &c_one);
    printf("   %.1f ns vs %.1f ns\n", c_big, c_one);
    for (int i = 0; i < c_idle; i++) JET(JetEndSession(many[i], 0));
    JET(JetEndSession(one, 0));
    JET(JetTerm(inst_cbig));
    JET(JetTerm(inst_c1));
    free(many);

    /* (d) */
    printf("d. begin+end throughput, 2 threads vs 1 thread on one instance...\n");
    JET_INSTANCE inst_d = new_instance("bench-d", D_MAX_SESSIONS);
    threads_round(inst_d, 1);
    threads_round(inst_d, 2);
    double d1 = 0, d2 = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double x = threads_round(inst_d, 1), y = threads_round(inst_d, 2);
        if (x > d1) d1 = x;
        if (y > d2) d2 = y;
    }
    printf("   %.2f Mops/s vs %.2f Mops/s\n", d2 / 1e6, d1 / 1e6);
    JET(JetTerm(inst_d));
    double ceiling = machine_scaling();

    double ra = a_jet / a_mdb, rb = b_jet / b_mdb, rc = c_big / c_one, rd = d2 / d1;
    char cname[64];
    snprintf(cname, sizeof cname, "c. begin+end, %d idle vs 1 idle", c_idle);

    printf("\n");
    printf("| case                                              | libesent            | "
           "reference           | ratio  | target  | result |\n");
    printf("|---------------------------------------------------|---------------------|"
           "---------------------|--------|---------|--------|\n");
    printf("| %-49s | %13.1f ns/op | %13.1f ns/op | %6.3f | %-7s | %-6s |\n",
           "a. JetBeginSession+JetEndSession", a_jet, a_mdb, ra, "<= 1.0", verdict(ra <= 1.0));
    printf("| %-49s | %19s | %19s |        |         |        |\n",
           "   vs mdb_txn_begin(RDONLY)+mdb_txn_abort", "", "(LMDB)");
    printf("| %-49s | %13.1f ns/op | %13.1f ns/op | %6.3f | %-7s | %-6s |\n",
           "b. JetBeginTransaction+JetCommitTransaction(Lazy)", b_jet, b_mdb, rb, "<= 2.0",
           verdict(rb <= 2.0));
    printf("| %-49s | %19s | %19s |        |         |        |\n",
           "   vs mdb_txn_reset+mdb_txn_renew", "", "(LMDB)");
    printf("| %-49s | %13.1f ns/op | %13.1f ns/op | %6.3f | %-7s | %-6s |\n", cname, c_big,
           c_one, rc, "<= 1.2", verdict(rc <= 1.2));
    printf("| %-49s | %12.2f Mops/s | %12.2f Mops/s | %6.3f | %-7s | %-6s |\n",
           "d. begin+end throughput, 2 threads vs 1 thread", d2 / 1e6, d1 / 1e6, rd, ">= 1.6",
           verdict(rd >= 1.6));
    printf("| %-49s | %9.1f B/session | %19s |        | %-7s | %-6s |\n",
           "e. resident memory per idle session (30,000)", e_bytes, "", "<= 256",
           verdict(e_bytes <= 256.0));
    printf("| %-49s | %19s | %19s | %6.3f |         |        |\n",
           "   machine: 2 vs 1 threads that share nothing", "", "", ceiling);
    if (c_note[0]) printf("\nnote (c): %s\n", c_note);
    if (ceiling < 1.6)
        printf("note (d): this machine runs two threads that share nothing only %.2fx as fast as "
               "one, so (d) cannot reach 1.6 here; compare (d) with that ceiling.\n", ceiling);
    return 0;
}

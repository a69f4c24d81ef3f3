/* ESENT_TRACE: each case sets the variable before its process's first Jet call (the
 * library reads it once), makes calls, and reads the trace file back. */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Points ESENT_TRACE at a fresh file and returns its path. */
static const char *trace_to_file(void) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/esent-trace-%d.log", (int)getpid());
    unlink(path);
    setenv("ESENT_TRACE", path, 1);
    return path;
}

/* The whole trace file (static buffer), or "" if there is none. */
static const char *trace_read(const char *path) {
    static char text[1 << 16];
    text[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f) return text;
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

/* The first line of the trace that contains `needle`, copied to a static buffer, or NULL. */
static const char *trace_line(const char *text, const char *needle) {
    static char line[2048];
    const char *hit = strstr(text, needle);
    if (!hit) return NULL;
    const char *start = hit;
    while (start > text && start[-1] != '\n') start--;
    const char *end = strchr(hit, '\n');
    size_t n = end ? (size_t)(end - start) : strlen(start);
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, start, n);
    line[n] = 0;
    return line;
}

static int count_lines(const char *text) {
    int n = 0;
    for (; *text; text++) n += *text == '\n';
    return n;
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_logs_every_call_with_arguments_and_result) {
    /* Every call on one line: thread, function, arguments (handles in hex, strings, grbits and
     * parameter ids by name), result by name, duration. */
    const char *path = trace_to_file();
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    CHECK_OK(JetCreateInstance(&inst, "traced"));
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 9, NULL));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetBeginTransaction2(sesid, JET_bitTransactionReadOnly));
    CHECK_ERR(JET_errInvalidGrbit, JetCommitTransaction(sesid, 0x4));
    CHECK_OK(JetCommitTransaction(sesid, JET_bitCommitLazyFlush));
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm2(inst, JET_bitTermComplete));

    const char *text = trace_read(path);
    CHECK_EQ(count_lines(text), 9);
    const char *l = trace_line(text, "JetCreateInstanceA(");
    CHECK(l && strstr(l, "\"traced\"") && strstr(l, "-> JET_errSuccess (0)") && strstr(l, "out=0x"));
    l = trace_line(text, "JetSetSystemParameterA(");
    CHECK(l && strstr(l, "JET_paramMaxSessions") && strstr(l, ", 9, NULL)"));
    char hex[32];
    snprintf(hex, sizeof hex, "(%#lx", (unsigned long)sesid);
    l = trace_line(text, "JetBeginTransaction2(");
    CHECK(l && strstr(l, hex) && strstr(l, "JET_bitTransactionReadOnly") && strstr(l, "us"));
    l = trace_line(text, "JET_errInvalidGrbit");
    CHECK(l && strstr(l, "JetCommitTransaction(") && strstr(l, "(-900)") && strstr(l, ", 0x4)"));
    l = trace_line(text, "JetTerm2(");
    CHECK(l && strstr(l, "JET_bitTermComplete"));
    CHECK(strncmp(text, "esent T", 7) == 0);
    unlink(path);
}

struct other_call {
    JET_SESID sesid;
    JET_ERR commit, reset;
};

static void *commit_elsewhere(void *p) {
    struct other_call *c = p;
    c->commit = JetCommitTransaction(c->sesid, 0);
    c->reset = JetResetSessionContext(c->sesid);
    return NULL;
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_explains_thread_rule_errors) {
    /* S-TRX-03 S-SES-05 S-SES-08: the line of a refused call says which thread began the
     * transaction or set the context, and what to do. */
    const char *path = trace_to_file();
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    CHECK_OK(JetCreateInstance(&inst, "rules"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &sesid, NULL, NULL));
    CHECK_OK(JetBeginTransaction(sesid));
    struct other_call c = {sesid, 0, 0};
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, commit_elsewhere, &c), 0);
    pthread_join(t, NULL);
    CHECK_EQ(c.commit, JET_errSessionSharingViolation);
    CHECK_EQ(c.reset, JET_errSessionContextNotSetByThisThread);
    CHECK_OK(JetRollback(sesid, 0));
    CHECK_OK(JetSetSessionContext(sesid, 0x51));
    CHECK_ERR(JET_errSessionContextAlreadySet, JetSetSessionContext(sesid, 0x52));
    CHECK_ERR(JET_errSessionInUse, JetEndSession(sesid, 0));
    CHECK_OK(JetResetSessionContext(sesid));
    CHECK_OK(JetEndSession(sesid, 0));
    CHECK_OK(JetTerm(inst));

    const char *text = trace_read(path);
    const char *l = trace_line(text, "JET_errSessionSharingViolation");
    CHECK(l && strstr(l, "begun on thread T") && strstr(l, "session context"));
    l = trace_line(text, "JET_errSessionContextNotSetByThisThread");
    CHECK(l && strstr(l, "no session context is set"));
    l = trace_line(text, "JET_errSessionContextAlreadySet");
    CHECK(l && strstr(l, "0x51") && strstr(l, "JetResetSessionContext"));
    l = trace_line(text, "JET_errSessionInUse");
    CHECK(l && strstr(l, "0x51") && strstr(l, "before JetEndSession"));
    /* Successful calls carry no explanation. */
    l = trace_line(text, "JetRollback(");
    CHECK(l && !strstr(l, "us:"));
    unlink(path);
}

TEST(trace_off_writes_nothing) {
    /* Unset or "0": no trace at all. */
    char path[64];
    snprintf(path, sizeof path, "/tmp/esent-notrace-%d.log", (int)getpid());
    unlink(path);
    setenv("ESENT_TRACE", "0", 1);
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, path));
    CHECK_OK(JetTerm(inst));
    CHECK(access(path, F_OK) != 0);
    CHECK_EQ(trace_read(path)[0], 0);
}

/* ---- S-LIF-05: tracing after thread-local storage is gone ------------------------- */

static pthread_key_t end_key;
static JET_ERR end_from_destructor = 12345;

static void end_session_destructor(void *p) {
    end_from_destructor = JetEndSession((JET_SESID)(uintptr_t)p, 0);
}

static void *thread_with_key(void *p) {
    /* a traced call on this thread first, so that its thread-locals exist and are destroyed
     * before the key destructor runs */
    uint32_t v = 0;
    CHECK_OK(JetGetVersion((JET_SESID)(uintptr_t)p, &v));
    pthread_setspecific(end_key, p);
    return NULL;
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_end_session_from_pthread_key_destructor) {
    /* S-ABI-10, S-LIF-05: JetEndSession from a pthread_key_create destructor, traced,
     * returns 0 and is traced; the process does not abort */
    const char *path = trace_to_file();
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    CHECK_OK(JetCreateInstance(&inst, "keydtor"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_EQ(pthread_key_create(&end_key, end_session_destructor), 0);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, thread_with_key, (void *)(uintptr_t)s), 0);
    pthread_join(t, NULL);
    CHECK_EQ(end_from_destructor, JET_errSuccess);
    CHECK_ERR(JET_errInvalidSesid, JetEndSession(s, 0)); /* it really ended */
    CHECK_OK(JetTerm(inst));
    const char *l = trace_line(trace_read(path), "JetEndSession(");
    CHECK(l && strstr(l, "-> JET_errSuccess (0)"));
    unlink(path);
}

/* Runs `child` in a process of its own that ends with exit(0) (so atexit handlers and C++
 * global destructors run); returns its wait status. */
static int run_exiting_child(void (*child)(void)) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        child();
        exit(0);
    }
    int status = -1;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return status;
}

static JET_INSTANCE atexit_inst;

static void term_at_exit(void) {
    if (JetTerm(atexit_inst) != JET_errSuccess) _exit(3);
}

static void child_terms_at_exit(void) {
    JET_SESID s = 0;
    if (JetCreateInstance(&atexit_inst, "atexit") || JetInit(&atexit_inst) ||
        JetBeginSession(atexit_inst, &s, NULL, NULL) || JetBeginTransaction(s))
        _exit(2);
    JetRollback(s, 0);
    atexit(term_at_exit);
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_term_from_atexit_handler) {
    /* S-ABI-10, S-LIF-05: JetTerm from an atexit handler, traced: exit status 0 */
    const char *path = trace_to_file();
    int status = run_exiting_child(child_terms_at_exit);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status), 0);
    const char *l = trace_line(trace_read(path), "JetTerm(");
    CHECK(l && strstr(l, "-> JET_errSuccess (0)"));
    unlink(path);
}

TEST(trace_term_from_cxx_global_destructor) {
    /* S-ABI-10, S-LIF-05: a C++ program whose global object's destructor calls
     * JetEndSession and JetTerm, traced: exit status 0 (c-tests/cxx/term_in_global_dtor.cpp) */
#ifndef CXX_DTOR_PROGRAM
    check_skip("built without the C++ program (make c-tests builds it)");
#else
    const char *path = trace_to_file();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl(CXX_DTOR_PROGRAM, CXX_DTOR_PROGRAM, (char *)NULL);
        _exit(127);
    }
    int status = -1;
    while (waitpid(pid, &status, 0) < 0) {
    }
    CHECK(WIFEXITED(status));
    CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status), 0);
    const char *text = trace_read(path);
    const char *l = trace_line(text, "JetEndSession(");
    CHECK(l && strstr(l, "-> JET_errSuccess (0)"));
    l = trace_line(text, "JetTerm(");
    CHECK(l && strstr(l, "-> JET_errSuccess (0)"));
    unlink(path);
#endif
}

/* ---- S-LIF-05: out-only parameters are not read before the call -------------------- */

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_out_parameters_after_the_call) {
    /* S-LIF-05: *pinstance of JetCreateInstance and *psesid of JetBeginSession and
     * JetDupSession are out-only: the line shows the value written, never what they held */
    const char *path = trace_to_file();
    JET_INSTANCE inst = (JET_INSTANCE)0x5a5a5a5a5a5aull;
    JET_SESID s = (JET_SESID)0x5b5b5b5b5b5bull, d = (JET_SESID)0x5c5c5c5c5c5cull;
    JET_SESID bad = (JET_SESID)0x5d5d5d5d5d5dull;
    CHECK_OK(JetCreateInstance(&inst, "outs"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_ERR(JET_errInvalidInstance, JetBeginSession(0x1234, &bad, NULL, NULL));
    CHECK_EQ(bad, (JET_SESID)0x5d5d5d5d5d5dull);
    const char *text = trace_read(path);
    CHECK(!strstr(text, "5a5a5a") && !strstr(text, "5b5b5b") && !strstr(text, "5c5c5c") &&
          !strstr(text, "5d5d5d"));
    char want[64];
    snprintf(want, sizeof want, "(out, \"outs\") -> JET_errSuccess (0) out=%#lx ", (unsigned long)inst);
    CHECK(strstr(text, want) != NULL);
    snprintf(want, sizeof want, "out=%#lx ", (unsigned long)s);
    const char *l = trace_line(text, "JetBeginSessionA(");
    CHECK(l && strstr(l, want));
    snprintf(want, sizeof want, "out=%#lx ", (unsigned long)d);
    l = trace_line(text, "JetDupSession(");
    CHECK(l && strstr(l, want) && strstr(l, ", out)"));
    l = trace_line(text, "JET_errInvalidInstance");
    CHECK(l && !strstr(l, "out="));
    CHECK_OK(JetTerm(inst));
    unlink(path);
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_uninitialised_out_variables) {
    /* S-LIF-05: with truly uninitialised out-variables (make valgrind reports any read
     * of them), the trace reads nothing it should not */
    const char *path = trace_to_file();
    JET_INSTANCE inst;
    JET_SESID s, d, bad;
    CHECK_OK(JetCreateInstance2(&inst, "uninit", "display", 0));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(inst, &s, NULL, NULL));
    CHECK_OK(JetDupSession(s, &d));
    CHECK_ERR(JET_errInvalidSesid, JetDupSession(0x1234, &bad));
    char want[64];
    snprintf(want, sizeof want, "out=%#lx ", (unsigned long)d);
    CHECK(strstr(trace_read(path), want) != NULL);
    CHECK_OK(JetTerm(inst));
    unlink(path);
}

/* ---- S-LIF-05: the values of ESENT_TRACE, every argument, values not pointers ----- */

/* In a child process: ESENT_TRACE=value, the working directory an empty scratch directory,
 * stderr a file; two calls. Writes into `err` what went to stderr and returns how many files
 * the directory holds afterwards (-1 if the child failed). */
static int trace_value_run(const char *value, char *err, size_t cb) {
    char dir[] = "/tmp/esent-trace-dir-XXXXXX";
    if (!mkdtemp(dir)) return -1;
    char errpath[96];
    snprintf(errpath, sizeof errpath, "%s.stderr", dir);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, 2) < 0 || chdir(dir) != 0) _exit(2);
        setenv("ESENT_TRACE", value, 1);
        JET_INSTANCE inst = 0;
        if (JetCreateInstance(&inst, "value") != JET_errSuccess || JetTerm(inst) != JET_errSuccess) _exit(3);
        _exit(0);
    }
    int status = -1;
    while (waitpid(pid, &status, 0) < 0) {
    }
    err[0] = 0;
    FILE *f = fopen(errpath, "r");
    if (f) {
        size_t n = fread(err, 1, cb - 1, f);
        err[n] = 0;
        fclose(f);
    }
    unlink(errpath);
    int files = 0;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                files++;
                char p[320];
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(dir);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? files : -1;
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_values_of_esent_trace) {
    /* S-LIF-05: 1/yes/true/on (any case) trace to stderr, 0/no/false/off/empty trace
     * nothing, anything else without a '/' traces nothing and warns once; none creates a file */
    static char err[1 << 14];
    const char *to_stderr[] = {"1", "yes", "YES", "true", "True", "on", "ON"};
    for (size_t i = 0; i < sizeof to_stderr / sizeof *to_stderr; i++) {
        CHECK_EQ(trace_value_run(to_stderr[i], err, sizeof err), 0);
        CHECK_EQ(count_lines(err), 2);
        CHECK(strstr(err, "JetCreateInstanceA(out, \"value\")") && strstr(err, "JetTerm("));
    }
    const char *off[] = {"0", "no", "NO", "false", "off", "Off", ""};
    for (size_t i = 0; i < sizeof off / sizeof *off; i++) {
        CHECK_EQ(trace_value_run(off[i], err, sizeof err), 0);
        CHECK_EQ(err[0], 0);
    }
    const char *bogus[] = {"2", "yes.log", "enable", "trace"};
    for (size_t i = 0; i < sizeof bogus / sizeof *bogus; i++) {
        CHECK_EQ(trace_value_run(bogus[i], err, sizeof err), 0);
        CHECK_EQ(count_lines(err), 1);
        CHECK(strstr(err, "ESENT_TRACE") && strstr(err, bogus[i]) && !strstr(err, "JetCreateInstance"));
    }
    /* a value with a '/' is a file, relative ones too */
    CHECK_EQ(trace_value_run("./trace.log", err, sizeof err), 1);
    CHECK_EQ(err[0], 0);
}

/* Fresh: ESENT_TRACE is read at the library's first call. */
TEST_FRESH(trace_every_argument_and_values_not_pointers) {
    /* S-LIF-05: JetBeginSession shows its user name (and hides the password), and
     * where the call defines a value the line shows it: the code and text of
     * JET_paramErrorToString, the version of JetGetVersion, session and system parameter
     * values read and written, the instances listed, each element of JetEnableMultiInstance */
    const char *path = trace_to_file();
    JET_SETSYSPARAM_A sp[] = {{JET_paramMaxSessions, 9, NULL, 0}, {JET_paramSystemPath, 0, "/sp/", 0}};
    uint32_t nset = 0;
    CHECK_OK(JetEnableMultiInstanceA(sp, 2, &nset));
    JET_INSTANCE inst = 0;
    JET_SESID s = 0, w = 0;
    CHECK_OK(JetCreateInstance(&inst, "vals"));
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSessionA(inst, &s, "alice", "s3cr3t"));
    static const WCHAR bob[] = {'b', 'o', 'b', 0};
    CHECK_OK(JetBeginSessionW(inst, &w, bob, NULL));
    uint32_t version = 0;
    CHECK_OK(JetGetVersion(s, &version));
    JET_API_PTR code = (JET_API_PTR)(intptr_t)JET_errInvalidSesid, max = 0;
    char text[128];
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text));
    CHECK_OK(JetGetSystemParameterA(inst, 0, JET_paramMaxSessions, &max, NULL, 0));
    uint32_t cd = JET_bitCommitLazyFlush, got = 0, cb = 0;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &cd, sizeof cd));
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamCommitDefault, &got, sizeof got, &cb));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &got, sizeof got, &cb));
    CHECK_OK(JetRollback(s, 0));
    uint32_t ninst = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    CHECK_OK(JetGetInstanceInfoA(&ninst, &info));
    CHECK_OK(JetFreeBuffer((char *)info));
    CHECK_OK(JetTerm(inst));

    const char *t = trace_read(path);
    const char *l = trace_line(t, "JetEnableMultiInstanceA(");
    CHECK(l && strstr(l, "[{JET_paramMaxSessions, 9, NULL}, {JET_paramSystemPath, 0, \"/sp/\"}], 2, out)") &&
          strstr(l, "*pcsetsucceed=2") && strstr(l, "err=[0, 0]"));
    l = trace_line(t, "JetBeginSessionA(");
    CHECK(l && strstr(l, ", out, \"alice\", <hidden>)") && !strstr(l, "s3cr3t"));
    l = trace_line(t, "JetBeginSessionW(");
    CHECK(l && strstr(l, ", out, \"bob\", NULL)"));
    char want[96];
    snprintf(want, sizeof want, ", out) -> JET_errSuccess (0) out=%#x (10.0.10240)", (unsigned)version);
    l = trace_line(t, "JetGetVersion(");
    CHECK(l && strstr(l, want));
    l = trace_line(t, "JET_paramErrorToString");
    CHECK(l && strstr(l, "&JET_errInvalidSesid (-1104)") && strstr(l, "out=\"JET_errInvalidSesid, "));
    l = trace_line(t, "JET_paramMaxSessions, out");
    CHECK(l && strstr(l, "out=9 "));
    l = trace_line(t, "JetSetSessionParameter(");
    CHECK(l && strstr(l, "JET_sesparamCommitDefault, &JET_bitCommitLazyFlush, 4)"));
    l = trace_line(t, "JET_sesparamCommitDefault, out, 4, out)");
    CHECK(l && strstr(l, "*pcbParamActual=4 out=JET_bitCommitLazyFlush "));
    l = trace_line(t, "JET_sesparamTransactionLevel, out, 4, out)");
    CHECK(l && strstr(l, "*pcbParamActual=4 out=1 "));
    snprintf(want, sizeof want, "out=1 [%#lx \"vals\"]", (unsigned long)inst);
    l = trace_line(t, "JetGetInstanceInfoA(");
    CHECK(l && strstr(l, "(out, out)") && strstr(l, want));
    unlink(path);
}

/* ESENT_TRACE: each case sets the variable before its process's first Jet call (the
 * library reads it once), makes calls, and reads the trace file back. */
#include "check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
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

TEST(trace_logs_every_call_with_arguments_and_result) {
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

TEST(trace_explains_thread_rule_errors) {
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

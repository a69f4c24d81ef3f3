/* Fixtures shared by the test files (declared in check.h); each checks every call it makes. */
#include "check.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

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

/* A scratch directory of the running case, removed with everything in it when the case's
 * process exits. */
static char scratch[64];

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_scratch(void) {
    if (scratch[0]) nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fixture_dir(void) {
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/esent-test-XXXXXX");
        if (!mkdtemp(scratch)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_scratch);
    }
    return scratch;
}

const char *fixture_path(const char *name) {
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", fixture_dir(), name);
    return p;
}

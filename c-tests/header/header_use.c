/* Compiled (never run) by `make check-header` as C89, gnu89, C99, C11, C++98 and C++17, with
 * -Wall -Wextra -Werror -pedantic (and -Wold-style-cast in C++), with and without JET_UNICODE:
 * esent.h must survive being included twice and every macro and type it defines must expand
 * cleanly where a program uses it (S-ABI-03, S-ABI-07, S-ABI-08). Plain C89: no // comments, no
 * declarations after statements. */
#include <esent.h>
#include <esent.h>

#include <stddef.h>
#include <string.h>

#if ESENT_VERSION_MAJOR < 0 || ESENT_VERSION_MINOR < 0 || ESENT_VERSION_PATCH < 0
#error "ESENT_VERSION_* must be plain non-negative integers usable in #if"
#endif

/* The unsuffixed names, whichever of A or W they map to, are callable with these arguments. */
int esent_header_use(int argc);

int esent_header_use(int argc) {
    JET_INSTANCE inst = JET_instanceNil;
    JET_SESID sesid = JET_sesidNil;
    JET_TABLEID tableid = JET_tableidNil;
    JET_DBID dbid = JET_dbidNil;
    JET_GRBIT grbit = JET_bitNil;
    JET_ERR err = JET_errSuccess;
    JET_LOGTIME logtime;
    JET_SETSYSPARAM setsysparam;
    JET_RSTINFO rstinfo;
    JET_RSTMAP rstmap;
    JET_INSTANCE_INFO *info = NULL;
    uint32_t count = 0;
    const char *version = ESENT_VERSION_STRING;

    memset(&logtime, 0, sizeof logtime);
    logtime.fTimeIsUTC = 1;
    logtime.bMillisecondsLow = 0x7F;
    logtime.bMillisecondsHigh = 7;
    logtime.fReserved = 0;
    logtime.fUnused = 0;
    memset(&setsysparam, 0, sizeof setsysparam);
    memset(&rstinfo, 0, sizeof rstinfo);
    memset(&rstmap, 0, sizeof rstmap);
    rstinfo.cbStruct = sizeof rstinfo;
    rstinfo.logtimeStop = logtime;
    if (argc > 1000) {
        /* Never run: only compiled, so the calls need no library. */
        err = JetCreateInstance(&inst, NULL);
        err = JetInit3(&inst, &rstinfo, grbit);
        err = JetBeginSession(inst, &sesid, NULL, NULL);
        err = JetEnableMultiInstance(&setsysparam, 1, &count);
        err = JetGetInstanceInfo(&count, &info);
        err = JetSetSystemParameter(&inst, sesid, JET_paramMaxSessions, 16, NULL);
        err = JetGetSystemParameter(inst, sesid, JET_paramMaxSessions, NULL, NULL, 0);
        err = JetEndSession(sesid, JET_bitNil);
        err = JetTerm2(inst, JET_bitTermAbrupt);
        version = esent_version();
    }
    return (err == JET_errSuccess) + (tableid != 0) + (dbid != 0) + (logtime.bFiller1 != 0) +
           (logtime.bFiller2 != 0) + (version != NULL) + (rstmap.szDatabaseName == NULL);
}

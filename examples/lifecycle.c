/*
 * lifecycle.c: the life of an ESE program, call by call, as `make demo` runs it.
 *
 * Create and configure an instance, initialize it, begin a session, duplicate it, run a
 * transaction, end both sessions, and terminate. Every call is printed with its result by name.
 */
#include <esent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *code_name(JET_ERR err) {
    static char text[256];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0)
        snprintf(text, sizeof text, "%d", (int)err);
    char *comma = strchr(text, ',');
    if (comma) *comma = 0;
    return text;
}

/* Runs one call, prints it and its result, and stops the program on an unexpected error. */
#define CALL(expr)                                                            \
    do {                                                                      \
        JET_ERR err_ = (expr);                                                \
        printf("%-72s -> %s\n", #expr, code_name(err_));                      \
        if (err_ < 0) exit(1);                                                \
    } while (0)

/* Runs a call that is meant to fail, to show the code. */
#define SHOW(expr)                                                            \
    do {                                                                      \
        JET_ERR err_ = (expr);                                                \
        printf("%-72s -> %s (expected)\n", #expr, code_name(err_));           \
    } while (0)

int main(void) {
    JET_INSTANCE instance = JET_instanceNil;
    JET_SESID session = JET_sesidNil, copy = JET_sesidNil;
    JET_API_PTR value = 0;
    JET_API_PTR level = 0;

    puts("-- an instance, configured before JetInit");
    CALL(JetCreateInstance2(&instance, "demo", "libesent demo", 0));
    CALL(JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 64, NULL));
    CALL(JetSetSystemParameter(&instance, 0, JET_paramBaseName, 0, "dmo"));
    CALL(JetSetSystemParameter(&instance, 0, JET_paramLogFileSize, 1024, NULL));
    CALL(JetGetSystemParameter(instance, 0, JET_paramMaxSessions, &value, NULL, 0));
    printf("   JET_paramMaxSessions reads back %lu\n", (unsigned long)value);
    CALL(JetInit(&instance));
    SHOW(JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 128, NULL));

    puts("-- two sessions");
    CALL(JetBeginSession(instance, &session, NULL, NULL));
    CALL(JetDupSession(session, &copy));

    puts("-- a transaction, nested once");
    CALL(JetBeginTransaction(session));
    CALL(JetBeginTransaction2(session, JET_bitTransactionReadOnly));
    CALL(JetGetSystemParameter(instance, session, JET_paramTransactionLevel, &level, NULL, 0));
    printf("   transaction level %lu\n", (unsigned long)level);
    CALL(JetCommitTransaction(session, JET_bitCommitLazyFlush));
    SHOW(JetTerm(instance));
    CALL(JetRollback(session, 0));
    SHOW(JetCommitTransaction(session, 0));

    puts("-- end both sessions and terminate");
    CALL(JetEndSession(copy, 0));
    CALL(JetEndSession(session, 0));
    SHOW(JetEndSession(session, 0));
    CALL(JetTerm(instance));
    SHOW(JetBeginSession(instance, &session, NULL, NULL));
    puts("-- done");
    return 0;
}
